# must fail: update/edge/empty cluster, fit/edge/duplicate points and an empty cluster
import numpy as np


def assign(X, centroids):
    dist = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(dist, axis=1).astype(np.int64)


def update(X, labels, centroids):
    out = np.zeros_like(centroids)                 # an empty cluster falls to the origin
    for j in range(len(centroids)):
        if np.any(labels == j):
            out[j] = X[labels == j].mean(axis=0)
    return out


def fit(X, centroids, iterations):
    C = centroids.copy()
    for _ in range(iterations):
        C = update(X, assign(X, C), C)
    return C, assign(X, C)


def inertia(X, centroids, labels):
    return float(((X - centroids[labels]) ** 2).sum())
