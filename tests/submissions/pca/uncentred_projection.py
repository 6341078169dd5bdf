# must fail: project/
import numpy as np


def center(X):
    return X - X.mean(axis=0)


def covariance(X):
    Xc = center(X)
    return Xc.T @ Xc / (X.shape[0] - 1)


def components(X, k):
    values, vectors = np.linalg.eigh(covariance(X))
    return vectors[:, ::-1][:, :k].T


def project(X, k):
    return X @ components(X, k).T                      # forgets to centre


def explained_variance_ratio(X, k):
    values = np.linalg.eigvalsh(covariance(X))[::-1]
    return values[:k] / values.sum()
