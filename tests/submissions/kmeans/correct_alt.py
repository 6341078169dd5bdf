# must pass: every case (a second correct implementation, with loops and np.linalg.norm)
import numpy as np


def assign(X, centroids):
    labels = np.zeros(len(X), dtype=np.int64)
    for i, x in enumerate(X):
        best, best_j = None, 0
        for j, c in enumerate(centroids):
            dist = np.linalg.norm(x - c) ** 2
            if best is None or dist < best:      # strict: the first of tied centroids stays
                best, best_j = dist, j
        labels[i] = best_j
    return labels


def update(X, labels, centroids):
    k, d = centroids.shape
    sums = np.zeros((k, d))
    counts = np.zeros(k)
    np.add.at(sums, labels, X)
    np.add.at(counts, labels, 1)
    out = centroids.astype(float).copy()
    filled = counts > 0
    out[filled] = sums[filled] / counts[filled, None]
    return out


def fit(X, centroids, iterations):
    C = centroids.copy()
    t = 0
    while t < iterations:
        C = update(X, assign(X, C), C)
        t += 1
    return C, assign(X, C)


def inertia(X, centroids, labels):
    total = 0.0
    for x, j in zip(X, labels):
        total += float(np.dot(x - centroids[j], x - centroids[j]))
    return total
