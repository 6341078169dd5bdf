# must fail: fit/edge/class-absent
# fit ignores k and counts the classes from the labels: a class absent from y loses its column.
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def loss(W, X, y):
    S = W[0] + X @ W[1:]
    m = S.max(axis=1)
    return float(np.mean(m + np.log(np.exp(S - m[:, None]).sum(axis=1)) - S[np.arange(len(y)), y]))


def gradient(W, X, y):
    A = np.hstack([np.ones((len(X), 1)), X])
    return A.T @ (softmax(A @ W) - np.eye(W.shape[1])[y]) / len(y)


def fit(X, y, k, lr, steps):
    W = np.zeros((X.shape[1] + 1, y.max() + 1))
    for _ in range(steps):
        W = W - lr * gradient(W, X, y)
    return W


def predict(W, X):
    return np.argmax(W[0] + X @ W[1:], axis=1)
