# must fail: distances/visible/euclidean, distances/hidden/euclidean, distances/edge/duplicate-points
# The squared Euclidean distance (no square root): the same neighbours, the wrong distances.
import numpy as np


def distances(X_train, X, metric):
    diff = X[:, None, :] - X_train[None, :, :]
    if metric == "manhattan":
        return np.abs(diff).sum(axis=2)
    return (diff ** 2).sum(axis=2)


def predict(X_train, y_train, X, k, metric="euclidean"):
    nearest = np.argsort(distances(X_train, X, metric), axis=1, kind="stable")[:, :k]
    return np.array([np.bincount(y_train[row]).argmax() for row in nearest])
