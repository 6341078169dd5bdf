# must pass: every case (a second correct implementation, through the SVD of the centred data)
import numpy as np


def center(X):
    n = X.shape[0]
    return X - np.ones((n, 1)) @ (np.ones((1, n)) @ X / n)


def covariance(X):
    Xc = center(X)
    n, d = X.shape
    C = np.zeros((d, d))
    for i in range(n):
        C += np.outer(Xc[i], Xc[i])
    return C / (n - 1)


def components(X, k):
    _, _, Vt = np.linalg.svd(center(X), full_matrices=True)   # singular values descending
    return Vt[:k]


def project(X, k):
    U, s, _ = np.linalg.svd(center(X), full_matrices=False)
    return U[:, :k] * s[:k]


def explained_variance_ratio(X, k):
    s = np.linalg.svd(center(X), compute_uv=False)
    return (s ** 2 / np.sum(s ** 2))[:k]
