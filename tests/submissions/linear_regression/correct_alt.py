# must pass every case: ridge as an augmented least-squares problem, loops instead of matrix helpers
import numpy as np


def add_bias(X):
    n, d = len(X), len(X[0])
    A = np.empty((n, d + 1))
    for i in range(n):
        A[i, 0] = 1.0
        for j in range(d):
            A[i, j + 1] = X[i][j]
    return A


def fit(X, y, lam=0.0):
    # min |A w - y|² + lam |w[1:]|²  ==  least squares on [A; sqrt(lam) E] w ≈ [y; 0], E = rows 1..d of I
    A = add_bias(X)
    p = A.shape[1]
    E = np.eye(p)[1:] * np.sqrt(lam)
    w, *_ = np.linalg.lstsq(np.vstack([A, E]), np.concatenate([y, np.zeros(p - 1)]), rcond=None)
    return w


def predict(w, X):
    return np.array([w[0] + sum(w[j + 1] * x[j] for j in range(len(x))) for x in X])


def mse(w, X, y):
    r = predict(w, X) - y
    return float(r @ r / len(y))
