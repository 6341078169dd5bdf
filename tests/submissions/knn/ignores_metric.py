# must fail: distances/visible/manhattan, distances/hidden/manhattan
# metric is accepted but never read: always Euclidean.
import numpy as np


def distances(X_train, X, metric):
    return np.sqrt(((X[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2))


def predict(X_train, y_train, X, k, metric="euclidean"):
    nearest = np.argsort(distances(X_train, X, metric), axis=1, kind="stable")[:, :k]
    return np.array([np.bincount(y_train[row]).argmax() for row in nearest])
