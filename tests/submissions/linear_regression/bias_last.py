# must fail: add_bias/, fit/, predict/, mse/visible/, mse/hidden/
# The column of ones goes last, so the bias is w[-1] instead of w[0].
import numpy as np


def add_bias(X):
    return np.hstack([X, np.ones((len(X), 1))])


def fit(X, y, lam=0.0):
    A = add_bias(X)
    D = np.eye(A.shape[1])
    D[-1, -1] = 0.0
    return np.linalg.solve(A.T @ A + lam * D, A.T @ y)


def predict(w, X):
    return add_bias(X) @ w


def mse(w, X, y):
    return float(np.mean((predict(w, X) - y) ** 2))
