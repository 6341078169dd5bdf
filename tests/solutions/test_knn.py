"""knn: the reference against scipy and scikit-learn, and its tie rules by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import KNeighborsClassifier

from solutions import knn as ref

ORACLE_SEEDS = range(200)
SCIPY_METRIC = {"euclidean": "euclidean", "manhattan": "cityblock"}


# ---- the reference against scipy and scikit-learn ---------------------------------------------


def random_problem(seed):
    """Continuous data: no two distances from a query are equal."""
    rng = np.random.default_rng(seed)
    n, d, m = int(rng.integers(1, 40)), int(rng.integers(1, 7)), int(rng.integers(1, 10))
    return rng, rng.normal(0.0, 3.0, size=(n, d)), rng.normal(0.0, 3.0, size=(m, d))


def test_distances_are_scipy_cdist_and_sklearn_pairwise_distances():
    for seed in ORACLE_SEEDS:
        _, X_train, X = random_problem(seed)
        for metric in ("euclidean", "manhattan"):
            D = ref.distances(X_train, X, metric)
            assert np.allclose(D, cdist(X, X_train, SCIPY_METRIC[metric]), rtol=1e-12, atol=0), (seed, metric)
            assert np.allclose(D, pairwise_distances(X, X_train, metric=metric), rtol=1e-9, atol=1e-12)
    X = np.array([[0.3, -1.7], [2.0, 5.0]])
    assert np.array_equal(np.diag(ref.distances(X, X, "euclidean")), [0.0, 0.0])  # exactly 0
    with pytest.raises(ValueError, match="metric"):
        ref.distances(X, X, "cosine")


def test_predict_is_sklearn_kneighbors_classifier_where_there_are_no_distance_ties():
    for seed in ORACLE_SEEDS:
        rng, X_train, X = random_problem(seed)
        y_train = rng.integers(0, int(rng.integers(1, 5)), size=len(X_train))
        k = int(rng.integers(1, len(X_train) + 1))
        for metric in ("euclidean", "manhattan"):
            model = KNeighborsClassifier(n_neighbors=k, metric=metric, algorithm="brute").fit(X_train, y_train)
            # sklearn breaks tied votes towards the smallest label as well
            assert np.array_equal(ref.predict(X_train, y_train, X, k, metric), model.predict(X)), (seed, metric)


def test_tie_rules_by_hand():
    X_train = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [3.0, 0.0]])
    y_train = np.array([2, 0, 1, 0])
    origin = np.zeros((1, 2))
    # three points at distance 1: with k = 1 the first (index 0, label 2) is the nearest
    assert ref.predict(X_train, y_train, origin, 1).tolist() == [2]
    # k = 2: indices 0 and 1 (labels 2 and 0) tie 1-1: the smaller label 0
    assert ref.predict(X_train, y_train, origin, 2).tolist() == [0]
    # k = 3: labels 2, 0, 1 tie 1-1-1: label 0; k = 4: label 0 twice
    assert ref.predict(X_train, y_train, origin, 3).tolist() == [0]
    assert ref.predict(X_train, y_train[[0, 2, 1, 3]], origin, 3).tolist() == [0]
    assert ref.predict(X_train, np.array([2, 1, 1, 2]), origin, 4).tolist() == [1]
