"""k-means (Lloyd's algorithm) from given initial centroids.

    X (n, d) points, one per row;  C (k, d) centroids, one per row
    assign:   label_i = argmin_j ||x_i - c_j||²          ties -> the lowest centroid index j
    update:   c_j = mean of the points with label j      a cluster with no point keeps its c_j
    fit:      C_0 = the given centroids;  for t = 1..iterations:
                  labels_t = assign(X, C_{t-1});  C_t = update(X, labels_t, C_{t-1})
              returns (C_T, assign(X, C_T)) with T = iterations: the final labels are the
              assignment to the final centroids (iterations = 0: the initial centroids and
              their assignment). Exactly `iterations` rounds, no early stop (a converged run
              just repeats itself).
    inertia:  Σ_i ||x_i - c_{label_i}||²

No randomness: the initial centroids are an input, so centroid row j of every result
stays cluster j and two correct implementations return the same labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "k-means clustering"
DESCRIPTION = "Assignment, centroid update, Lloyd iterations from given centroids, and the inertia."
TITLE_ZH = "k 均值聚类"
DESCRIPTION_ZH = "簇分配、质心更新、从给定质心开始的 Lloyd 迭代，以及簇内平方和（inertia）。"
INPUTS_UNCHANGED = ("fit",)  # its contract: the arrays it is given are not modified
FUNCTIONS = ("assign", "update", "fit", "inertia")


def _squared_distances(X, centroids):
    """(n, k) matrix of ||x_i - c_j||²."""
    diff = X[:, None, :] - centroids[None, :, :]
    return np.sum(diff * diff, axis=2)


def assign(X, centroids):
    """Index of the nearest centroid (squared Euclidean distance) for every point.

    X (n, d) float, centroids (k, d) float -> labels (n,) int64 in 0..k-1.
    A point equally near several centroids gets the lowest of their indices.
    """
    return np.argmin(_squared_distances(X, centroids), axis=1).astype(np.int64)


def update(X, labels, centroids):
    """New centroids: c_j = mean of the points x_i with labels_i = j.

    X (n, d) float, labels (n,) int64 in 0..k-1, centroids (k, d) float (the current ones)
    -> (k, d) float. A cluster with no point keeps its current centroid centroids[j].
    """
    new = np.array(centroids, dtype=np.float64, copy=True)
    for j in range(new.shape[0]):
        members = labels == j
        if np.any(members):
            new[j] = X[members].mean(axis=0)
    return new


def fit(X, centroids, iterations):
    """Exactly `iterations` Lloyd iterations (assign, then update) from the given centroids.

    X (n, d) float, centroids (k, d) float (the initial ones), iterations int >= 0
    -> (centroids (k, d) float, labels (n,) int64): the centroids after the last update and
    labels = assign(X, those centroids). iterations = 0 returns the initial centroids and
    their assignment. No early stopping; the inputs are not modified.
    """
    current = np.array(centroids, dtype=np.float64, copy=True)
    for _ in range(iterations):
        current = update(X, assign(X, current), current)
    return current, assign(X, current)


def inertia(X, centroids, labels):
    """Sum of squared distances of every point to its own centroid: Σ_i ||x_i - c_{labels_i}||².

    X (n, d) float, centroids (k, d) float, labels (n,) int64 -> float.
    """
    diff = X - centroids[labels]
    return float(np.sum(diff * diff))


# ---------------------------------------------------------------- cases

MARGIN = 1e-6  # random cases keep every point this much nearer its centroid than the next one


def _blobs(rng, n, d, k):
    """n points around k random centres in [-6, 6]^d (unit spread)."""
    centres = rng.uniform(-6.0, 6.0, size=(k, d))
    which = rng.integers(0, k, size=n)
    return centres[which] + rng.normal(size=(n, d))


def _margin(X, centroids):
    """Gap between the nearest and the second nearest centroid, smallest over the points."""
    dist = np.sort(_squared_distances(X, centroids), axis=1)
    return float(np.min(dist[:, 1] - dist[:, 0])) if dist.shape[1] > 1 else np.inf


def _run(X, initial, iterations):
    """The fit run, reporting whether it is well posed: no near-tie at any assignment, no
    empty cluster, and whether it has not yet converged (one more iteration would move)."""
    current, ok = initial, True
    labels = None
    for _ in range(iterations):
        ok &= _margin(X, current) > MARGIN
        labels = assign(X, current)
        ok &= len(np.unique(labels)) == current.shape[0]
        current = update(X, labels, current)
    final = assign(X, current)
    ok &= _margin(X, current) > MARGIN
    moving = labels is not None and not np.array_equal(labels, final)
    return ok, moving


def _fit_problem(rng, iterations, *, moving):
    """Blobs and k initial centroids picked among the points; redrawn until the run is well
    posed and, if `moving`, still changing at its last iteration (so the iteration count
    and the final reassignment both matter)."""
    while True:
        n, d, k = int(rng.integers(15, 41)), int(rng.integers(2, 5)), int(rng.integers(2, 5))
        X = _blobs(rng, n, d, k)
        initial = X[rng.choice(n, size=k, replace=False)].copy()
        ok, is_moving = _run(X, initial, iterations)
        if ok and (is_moving or not moving):
            return X, initial


def _assign_problem(rng):
    while True:
        n, d, k = int(rng.integers(8, 31)), int(rng.integers(1, 5)), int(rng.integers(2, 6))
        X = _blobs(rng, n, d, k)
        centroids = rng.uniform(-6.0, 6.0, size=(k, d))
        if _margin(X, centroids) > MARGIN and len(np.unique(assign(X, centroids))) > 1:
            return X, centroids


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, CLUSTER_LABELS, ITERATIVE, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    # assign
    for i, visible in enumerate((True, False, False)):
        X, C = _assign_problem(rng)
        out.add(
            assign,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            {"X": X, "centroids": C},
            CLUSTER_LABELS,
            visible=visible,
        )
    # Ties on small integers (exact in floating point whichever way distances are computed):
    # the middle points are equally near two centroids and go to the lower index.
    shift = rng.integers(-3, 4, size=2).astype(np.float64)
    C = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 4.0]]) + shift
    X = (
        np.array([[2.0, 0.0], [0.0, 2.0], [4.0, 4.0], [2.0, 2.0], [4.0, 1.0], [-1.0, 0.0], [3.0, 1.0], [1.0, 3.0]])
        + shift
    )
    X = X[rng.permutation(len(X))]
    out.add(assign, "edge/ties", {"X": X, "centroids": C}, CLUSTER_LABELS, visible=True, edge=T("ties", "平局"))

    # update
    for i, visible in enumerate((True, False)):
        n, d, k = int(rng.integers(8, 31)), int(rng.integers(1, 5)), int(rng.integers(2, 5))
        X = _blobs(rng, n, d, k)
        labels = np.concatenate([np.arange(k), rng.integers(0, k, size=n - k)])
        labels = labels[rng.permutation(n)].astype(np.int64)
        C = rng.uniform(-6.0, 6.0, size=(k, d))
        out.add(
            update,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            {"X": X, "labels": labels, "centroids": C},
            CLOSED_FORM,
            visible=visible,
        )
    n, d, k = int(rng.integers(8, 21)), 2, 4
    X = _blobs(rng, n, d, 3)
    labels = rng.integers(0, 3, size=n)
    labels[:3] = (0, 1, 3)
    labels = np.where(labels == 2, 3, labels)[rng.permutation(n)].astype(np.int64)  # nobody in 2
    C = rng.uniform(-6.0, 6.0, size=(k, d))
    out.add(
        update,
        "edge/empty cluster",
        {"X": X, "labels": labels, "centroids": C},
        CLOSED_FORM,
        visible=True,
        edge=T("empty cluster", "空簇"),
    )

    # fit: (centroids, labels) under one Compare. Centroid row j stays cluster j (the initial
    # centroids fix the order), so the labels are pinned too and ALLCLOSE is exact on them.
    for name, iterations, moving, visible in (
        ("visible/1-iteration", 1, True, True),
        ("visible/3-iterations", 3, True, True),
        ("hidden/2-iterations", 2, True, False),
        ("hidden/10-iterations", 10, False, False),
    ):
        X, C = _fit_problem(rng, iterations, moving=moving)
        out.add(fit, name, {"X": X, "centroids": C, "iterations": iterations}, ITERATIVE, visible=visible, points=2.0)
    X, C = _fit_problem(rng, 0, moving=False)
    out.add(
        fit,
        "edge/zero iterations",
        {"X": X, "centroids": C, "iterations": 0},
        CLOSED_FORM,
        visible=True,
        edge=T("zero iterations", "零次迭代"),
    )
    # Duplicate points (every point three times) and a far initial centroid that never wins
    # a point: its cluster stays empty and keeps the initial centroid through every iteration.
    while True:
        base = _blobs(rng, int(rng.integers(5, 11)), 2, 2)
        X = np.repeat(base, 3, axis=0)[rng.permutation(3 * len(base))]
        C = np.vstack([base[rng.choice(len(base), size=2, replace=False)], [[40.0, 40.0]]])
        ok, _ = _run(X, C[:2], 4)
        if ok:
            break
    out.add(
        fit,
        "edge/duplicate points and an empty cluster",
        {"X": X, "centroids": C, "iterations": 4},
        ITERATIVE,
        visible=False,
        points=2.0,
        edge=T("duplicate points", "重复的点"),
    )

    # inertia
    for i, visible in enumerate((True, False)):
        X, C = _assign_problem(rng)
        labels = rng.integers(0, C.shape[0], size=X.shape[0]).astype(np.int64)
        out.add(
            inertia,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            {"X": X, "centroids": C, "labels": labels},
            CLOSED_FORM,
            visible=visible,
        )
    return out
