# must fail: components/visible, components/hidden, project/visible, project/hidden
import numpy as np


def center(X):
    return X - X.mean(axis=0)


def covariance(X):
    Xc = center(X)
    return Xc.T @ Xc / (X.shape[0] - 1)


def components(X, k):
    values, vectors = np.linalg.eigh(covariance(X))
    order = np.argsort(values)[::-1]
    return vectors[order][:k]                          # rows of the eigenvector matrix: wrong axis


def project(X, k):
    return center(X) @ components(X, k).T


def explained_variance_ratio(X, k):
    values = np.linalg.eigvalsh(covariance(X))[::-1]
    return values[:k] / values.sum()
