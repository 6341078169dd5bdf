# must fail: softmax/edge/large-scores, loss/edge/large-scores
# softmax without subtracting the row maximum (e^1000 = inf, inf/inf = nan) and the loss as -ln of it.
import numpy as np


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def loss(W, X, y):
    P = softmax(W[0] + X @ W[1:])
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def gradient(W, X, y):
    P = softmax(W[0] + X @ W[1:])
    P[np.arange(len(y)), y] -= 1
    return np.vstack([P.sum(axis=0), X.T @ P]) / len(y)


def fit(X, y, k, lr, steps):
    W = np.zeros((X.shape[1] + 1, k))
    for _ in range(steps):
        W = W - lr * gradient(W, X, y)
    return W


def predict(W, X):
    return np.argmax(W[0] + X @ W[1:], axis=1)
