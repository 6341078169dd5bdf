# must fail: predict/edge/ties
# A hand-written argmax with >=: among equal scores the LAST class wins.
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
    W = np.zeros((X.shape[1] + 1, k))
    for _ in range(steps):
        W = W - lr * gradient(W, X, y)
    return W


def predict(W, X):
    S = W[0] + X @ W[1:]
    labels = np.zeros(len(S), dtype=int)
    for i, s in enumerate(S):
        for c in range(len(s)):
            if s[c] >= s[labels[i]]:
                labels[i] = c
    return labels
