# must fail: fit/visible/1-iteration, fit/visible/3-iterations, fit/hidden/2-iterations, fit/edge/zero iterations
import numpy as np


def assign(X, centroids):
    dist = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(dist, axis=1).astype(np.int64)


def update(X, labels, centroids):
    out = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            out[j] = X[labels == j].mean(axis=0)
    return out


def fit(X, centroids, iterations):
    C = centroids.copy()
    labels = np.zeros(len(X), dtype=np.int64)
    for _ in range(iterations):
        labels = assign(X, C)                      # labels of the last update, not of the final C
        C = update(X, labels, C)
    return C, labels


def inertia(X, centroids, labels):
    return float(((X - centroids[labels]) ** 2).sum())
