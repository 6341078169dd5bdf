# must fail: sigmoid/edge/large-magnitude, loss/edge/large-scores
# The textbook formulas as written: e^z / (1 + e^z) is inf/inf = nan for z = 800, and ln(1 - p) is -inf
# once p rounds to 1.
import numpy as np


def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))


def loss(w, X, y):
    p = sigmoid(w[0] + X @ w[1:])
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


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
    return (predict_proba(w, X) >= 0.5).astype(int)
