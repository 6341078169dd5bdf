# must fail: mse/visible/1, mse/hidden/1
# The loss used for gradient descent, 1/(2n) Σ r², returned as the mean squared error.
import numpy as np


def add_bias(X):
    return np.hstack([np.ones((len(X), 1)), X])


def fit(X, y, lam=0.0):
    A = add_bias(X)
    D = np.diag([0.0] + [1.0] * (A.shape[1] - 1))
    return np.linalg.solve(A.T @ A + lam * D, A.T @ y)


def predict(w, X):
    return add_bias(X) @ w


def mse(w, X, y):
    return float(np.sum((predict(w, X) - y) ** 2) / (2 * len(y)))
