# must fail: loss/, backward/visible, backward/hidden, train_step/visible, train_step/hidden
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(X, W1, b1, W2, b2):
    H = sigmoid(X @ W1 + b1)
    return H, sigmoid(H @ W2 + b2)


def loss(X, Y_true, W1, b1, W2, b2):
    _, Y = forward(X, W1, b1, W2, b2)
    return float(-np.sum(Y_true * np.log(Y) + (1 - Y_true) * np.log(1 - Y)))   # no 1/n


def backward(X, Y_true, W1, b1, W2, b2):
    H, Y = forward(X, W1, b1, W2, b2)
    d2 = Y - Y_true                                                            # no 1/n
    d1 = d2 @ W2.T * H * (1 - H)
    return X.T @ d1, d1.sum(0), H.T @ d2, d2.sum(0)


def train_step(X, Y_true, W1, b1, W2, b2, lr):
    g = backward(X, Y_true, W1, b1, W2, b2)
    return W1 - lr * g[0], b1 - lr * g[1], W2 - lr * g[2], b2 - lr * g[3]
