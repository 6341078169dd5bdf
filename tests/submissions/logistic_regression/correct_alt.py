# must pass every case: tanh for the sigmoid, a loop over the rows for the gradient
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def _design(X):
    return np.column_stack([np.ones(len(X)), X])


def loss(w, X, y):
    z = _design(X) @ w
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def gradient(w, X, y):
    A = _design(X)
    g = np.zeros(len(w))
    for a, label in zip(A, y):
        g += (sigmoid(a @ w) - label) * a
    return g / len(A)


def fit(X, y, lr, steps):
    w = np.zeros(X.shape[1] + 1)
    step = 0
    while step < steps:
        w -= lr * gradient(w, X, y)
        step += 1
    return w


def predict_proba(w, X):
    return sigmoid(_design(X) @ w)


def predict(w, X):
    return np.where(predict_proba(w, X) < 0.5, 0, 1)
