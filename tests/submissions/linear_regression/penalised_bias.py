# must fail: fit/visible/ridge, fit/hidden/ridge, fit/edge/large-lambda, fit/edge/more-features-than-points
# The ridge penalty also shrinks the bias: (AᵀA + lam I) w = Aᵀy.
import numpy as np


def add_bias(X):
    return np.hstack([np.ones((len(X), 1)), X])


def fit(X, y, lam=0.0):
    A = add_bias(X)
    return np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)


def predict(w, X):
    return add_bias(X) @ w


def mse(w, X, y):
    return float(np.mean((predict(w, X) - y) ** 2))
