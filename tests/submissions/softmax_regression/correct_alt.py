# must pass every case: loops over the rows, log-probabilities through log-sum-exp, own argmax
import numpy as np


def softmax(Z):
    out = np.empty(Z.shape)
    for i, z in enumerate(Z):
        log_p = z - (z.max() + np.log(np.sum(np.exp(z - z.max()))))
        out[i] = np.exp(log_p)
    return out


def _design(X):
    return np.column_stack([np.ones(len(X)), X])


def loss(W, X, y):
    total = 0.0
    for a, label in zip(_design(X), y):
        s = a @ W
        total += np.max(s) + np.log(np.sum(np.exp(s - np.max(s)))) - s[label]
    return total / len(y)


def gradient(W, X, y):
    A = _design(X)
    Y = np.eye(W.shape[1])[y]
    return A.T @ (softmax(A @ W) - Y) / len(y)


def fit(X, y, k, lr, steps):
    W = np.zeros((X.shape[1] + 1, k))
    for _ in range(steps):
        W -= lr * gradient(W, X, y)
    return W


def predict(W, X):
    labels = []
    for s in _design(X) @ W:
        best = 0
        for c in range(1, len(s)):
            if s[c] > s[best]:
                best = c
        labels.append(best)
    return np.array(labels)
