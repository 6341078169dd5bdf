# must pass: every case (a second correct implementation: per-sample loops, logaddexp loss)
import numpy as np


def forward(X, W1, b1, W2, b2):
    H = np.empty((X.shape[0], W1.shape[1]))
    Y = np.empty((X.shape[0], W2.shape[1]))
    for i, x in enumerate(X):
        H[i] = 0.5 * (1.0 + np.tanh(0.5 * (x @ W1 + b1)))      # σ(z) = (1 + tanh(z/2)) / 2
        Y[i] = 0.5 * (1.0 + np.tanh(0.5 * (H[i] @ W2 + b2)))
    return H, Y


def loss(X, Y_true, W1, b1, W2, b2):
    H, _ = forward(X, W1, b1, W2, b2)
    Z = H @ W2 + b2
    # -[y ln σ(z) + (1 - y) ln(1 - σ(z))] = ln(1 + e^z) - y z
    return float(np.mean(np.sum(np.logaddexp(0.0, Z) - Y_true * Z, axis=1)))


def backward(X, Y_true, W1, b1, W2, b2):
    n = X.shape[0]
    H, Y = forward(X, W1, b1, W2, b2)
    dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
    dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
    for i in range(n):
        err = (Y[i] - Y_true[i]) / n
        dW2 += np.outer(H[i], err)
        db2 += err
        back = (W2 @ err) * H[i] * (1 - H[i])
        dW1 += np.outer(X[i], back)
        db1 += back
    return dW1, db1, dW2, db2


def train_step(X, Y_true, W1, b1, W2, b2, lr):
    dW1, db1, dW2, db2 = backward(X, Y_true, W1, b1, W2, b2)
    return W1 - lr * dW1, b1 - lr * db1, W2 - lr * dW2, b2 - lr * db2
