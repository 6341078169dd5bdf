"""k-means clustering (Lloyd's algorithm) from given initial centroids, in numpy.

Implement the four functions below; replace each `raise NotImplementedError(...)` with your
code. No randomness: the initial centroids are given, so centroid row j always stays
cluster j. Use numpy only. Check your work with:

    mlexam grade <this file>

    assign:   label_i = argmin_j ||x_i - c_j||²          ties -> the lowest centroid index j
    update:   c_j = mean of the points with label j      a cluster with no point keeps its c_j
    fit:      for t = 1..iterations: labels = assign(X, C); C = update(X, labels, C)
              then return (C, assign(X, C))
    inertia:  Σ_i ||x_i - c_{label_i}||²

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade kmeans.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def assign(X, centroids):
    """Index of the nearest centroid (squared Euclidean distance) for every point.

    X (n, d) float, centroids (k, d) float -> labels (n,) int64 in 0..k-1.
    A point equally near several centroids gets the lowest of their indices.
    """
    raise NotImplementedError(
        "assign: return labels (n,) int64 with label_i = argmin_j ||x_i - c_j||², ties -> lowest j"
    )


def update(X, labels, centroids):
    """New centroids: c_j = mean of the points x_i with labels_i = j.

    X (n, d) float, labels (n,) int64 in 0..k-1, centroids (k, d) float (the current ones)
    -> (k, d) float. A cluster with no point keeps its current centroid centroids[j].
    """
    raise NotImplementedError(
        "update: return (k, d) centroids, c_j = mean of the points with label j (an empty cluster keeps centroids[j])"
    )


def fit(X, centroids, iterations):
    """Exactly `iterations` Lloyd iterations (assign, then update) from the given centroids.

    X (n, d) float, centroids (k, d) float (the initial ones), iterations int >= 0
    -> (centroids (k, d) float, labels (n,) int64): the centroids after the last update and
    labels = assign(X, those centroids). iterations = 0 returns the initial centroids and
    their assignment. No early stopping; the inputs are not modified.
    """
    raise NotImplementedError(
        "fit: repeat `iterations` times labels = assign(X, C); C = update(X, labels, C); return (C, assign(X, C))"
    )


def inertia(X, centroids, labels):
    """Sum of squared distances of every point to its own centroid: Σ_i ||x_i - c_{labels_i}||².

    X (n, d) float, centroids (k, d) float, labels (n,) int64 -> float.
    """
    raise NotImplementedError("inertia: return the float Σ_i ||x_i - centroids[labels_i]||²")
