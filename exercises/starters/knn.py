"""k-nearest neighbours classification from scratch in numpy: distance matrices and the
majority vote of the k nearest training points.

Implement every function below (replace each `raise NotImplementedError(...)`),
then check your work with:

    mlexam grade knn.py

Conventions (the grader relies on them):
- X_train has shape (n, d), X (the queries) shape (m, d); labels y_train are small
  non-negative integers, shape (n,).
- Tie rules: among training points at EQUAL distance, the one with the LOWER index in X_train
  counts as nearer; a vote that ties goes to the SMALLEST label.
- Use no randomness.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade knn.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def distances(X_train, X, metric):
    """Distance from every query to every training point.

    X_train: (n, d), X: (m, d), metric: "euclidean" or "manhattan".
    Returns D of shape (m, n) (one row per query, one column per training point) with
        euclidean: D[q, i] = sqrt(Σ_j (X[q, j] - X_train[i, j])²)
        manhattan: D[q, i] = Σ_j |X[q, j] - X_train[i, j]|
    Compute from the differences X[q] - X_train[i] (e.g. with broadcasting), not through
    |x|² + |t|² - 2 x·t: that shortcut loses precision and can give nan or 1e-8 instead of 0
    for a query equal to a training point.
    """
    raise NotImplementedError(
        "distances: return D[q, i] = sqrt(sum_j (X[q, j] - X_train[i, j])^2) "
        "(euclidean) or sum_j |X[q, j] - X_train[i, j]| (manhattan), shape (m, n)"
    )


def predict(X_train, y_train, X, k, metric="euclidean"):
    """Majority label of the k nearest training points, for each query.

    X_train: (n, d), y_train: (n,) ints, X: (m, d), k: int with 1 <= k <= n, metric as in distances.
    For each query: order the training points by distance, equal distances by training index
    (np.argsort(..., kind="stable") does this), keep the first k, and return the label that
    occurs most often among them; if several labels tie, the smallest of them
    (np.argmax(np.bincount(labels)) does this).
    Returns an int array (m,).
    """
    raise NotImplementedError(
        "predict: take the k nearest training points (stable sort by distance) "
        "and return their most frequent label, ties to the smallest label"
    )
