"""The k-means reference against scikit-learn's KMeans and an independent loop, and by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans

from solutions import kmeans as ref

SEEDS = range(40)


# ------------------------------------------------------------ the reference against oracles


def blobs(rng, n, d, k):
    centres = rng.uniform(-6, 6, size=(k, d))
    return centres[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))


def independent_lloyd(X, C, iterations):
    """Lloyd with its own distance formula (|x|² - 2 x·c + |c|²) and bincount means;
    returns the centroids and the labels of every iteration."""
    C = C.astype(float).copy()
    history = []
    for _ in range(iterations):
        dist = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
        labels = dist.argmin(1)
        history.append(labels)
        for j in range(len(C)):
            count = np.count_nonzero(labels == j)
            if count:
                C[j] = (
                    np.array([np.bincount(labels, weights=X[:, a], minlength=len(C))[j] for a in range(X.shape[1])])
                    / count
                )
    return C, history


@pytest.mark.parametrize("iterations", [1, 2, 5, 20])
def test_fit_matches_sklearn_kmeans(iterations):
    compared = 0
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        n, d, k = rng.integers(15, 60), rng.integers(1, 6), rng.integers(2, 6)
        X = blobs(rng, n, d, k)
        C0 = X[rng.choice(n, size=k, replace=False)]
        C, labels = ref.fit(X, C0, iterations)
        # sklearn relocates empty clusters (our contract keeps them): compare only runs
        # whose clusters never empty, which the independent loop tells.
        _, history = independent_lloyd(X, C0, iterations)
        if any(len(np.unique(labels_t)) < k for labels_t in history):
            continue
        km = KMeans(n_clusters=k, init=C0, n_init=1, max_iter=iterations, tol=0.0, algorithm="lloyd").fit(X)
        np.testing.assert_allclose(C, km.cluster_centers_, rtol=1e-9, atol=1e-9)
        np.testing.assert_array_equal(labels, km.labels_)
        assert ref.inertia(X, C, labels) == pytest.approx(km.inertia_, rel=1e-9)
        compared += 1
    assert compared >= len(SEEDS) // 2


def test_fit_matches_independent_loop_including_empty_clusters():
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        X = blobs(rng, 30, 2, 3)
        C0 = np.vstack([X[:3], [[50.0, -50.0]]])  # the far centroid's cluster stays empty
        for iterations in (0, 1, 4):
            C, labels = ref.fit(X, C0, iterations)
            C_ind, _ = independent_lloyd(X, C0, iterations)
            np.testing.assert_allclose(C, C_ind, rtol=1e-12, atol=1e-12)
            np.testing.assert_array_equal(C[3], [50.0, -50.0])
            dist = ((X[:, None] - C[None]) ** 2).sum(-1)
            np.testing.assert_array_equal(labels, dist.argmin(1))


def test_assign_update_inertia_by_hand():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 10.0], [11.0, 10.0], [5.0, 5.0]])
    C = np.array([[0.0, 0.0], [10.0, 10.0], [100.0, 100.0]])
    labels = ref.assign(X, C)
    np.testing.assert_array_equal(labels, [0, 0, 1, 1, 0])  # (5, 5) is a tie: lowest index
    assert labels.dtype == np.int64
    np.testing.assert_array_equal(ref.update(X, labels, C), [[2.0, 5.0 / 3.0], [10.5, 10.0], [100.0, 100.0]])
    assert ref.inertia(X, C, labels) == pytest.approx(0 + 1 + 0 + 1 + 50)
