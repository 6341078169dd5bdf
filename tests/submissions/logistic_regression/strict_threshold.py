# must fail: predict/edge/ties
# p > 0.5 instead of p >= 0.5: a score of exactly 0 predicts 0.
import numpy as np


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def loss(w, X, y):
    z = w[0] + X @ w[1:]
    return float(np.mean(np.logaddexp(0, z) - y * z))


def gradient(w, X, y):
    r = sigmoid(w[0] + X @ w[1:]) - y
    return np.concatenate([[r.mean()], X.T @ r / len(y)])


def fit(X, y, lr, steps):
    w = np.zeros(X.shape[1] + 1)
    for _ in range(steps):
        w = w - lr * gradient(w, X, y)
    return w


def predict_proba(w, X):
    return sigmoid(w[0] + X @ w[1:])


def predict(w, X):
    return (predict_proba(w, X) > 0.5).astype(int)
