"""The ID3 reference against scipy's entropy, scikit-learn (mutual_info_score, entropy
impurities of DecisionTreeClassifier, whole trees on binary features without ties), a
separately written ID3, and by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score
from sklearn.tree import DecisionTreeClassifier

from solutions import decision_tree as ref

# ------------------------------------------------------------ the reference against oracles


def table(rng, n, d, values=3, classes=3):
    X = rng.integers(0, values, size=(n, d))
    y = np.where(rng.random(n) < 0.7, (X[:, 0] + X[:, -1]) % classes, rng.integers(0, classes, n))
    return X.astype(np.int64), (y * 2 + 1).astype(np.int64)  # labels 1, 3, 5, ...


def gain_bits(x, y):
    """Information gain = mutual information of the empirical distribution, in bits."""
    return mutual_info_score(x, y) / np.log(2)


def independent_id3(X_train, y_train, X, max_depth):
    """Predictions of a separately written ID3 (mutual_info_score gains), and whether any
    split had two features within 1e-9 of the best gain (where tie rules matter)."""
    tied = False

    def majority(y):
        labels, counts = np.unique(y, return_counts=True)
        return labels[counts == counts.max()].min()

    def grow(rows, depth):
        nonlocal tied
        y = y_train[rows]
        node = {"label": majority(y)}
        if len(set(y.tolist())) == 1 or depth == max_depth:
            return node
        gains = [gain_bits(X_train[rows, j], y) for j in range(X_train.shape[1])]
        best = max(gains)
        if best <= 1e-9:
            tied |= best > 1e-13  # too close to zero to call
            return node
        tied |= sum(g >= best - 1e-9 for g in gains) > 1
        j = gains.index(best)
        node["feature"] = j
        node["children"] = {v: grow(rows[X_train[rows, j] == v], depth + 1) for v in set(X_train[rows, j].tolist())}
        return node

    root = grow(np.arange(len(y_train)), 0)
    out = []
    for row in X:
        node = root
        while "feature" in node and row[node["feature"]] in node["children"]:
            node = node["children"][row[node["feature"]]]
        out.append(node["label"])
    return np.array(out), tied


@pytest.mark.parametrize("seed", range(40))
def test_entropy_and_gain_against_scipy_and_sklearn(seed):
    rng = np.random.default_rng(seed)
    X, y = table(rng, int(rng.integers(2, 40)), 4, values=int(rng.integers(1, 5)), classes=int(rng.integers(1, 5)))
    _, counts = np.unique(y, return_counts=True)
    assert ref.entropy(y) == pytest.approx(scipy_entropy(counts, base=2), abs=1e-12)
    root = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(X, y).tree_.impurity[0]
    assert ref.entropy(y) == pytest.approx(root, abs=1e-12)
    gains = [ref.information_gain(X[:, j], y) for j in range(4)]
    np.testing.assert_allclose(gains, [gain_bits(X[:, j], y) for j in range(4)], atol=1e-12)


@pytest.mark.parametrize("seed", range(40))
def test_gain_of_a_binary_feature_against_a_sklearn_stump(seed):
    rng = np.random.default_rng(100 + seed)
    X, y = table(rng, int(rng.integers(4, 40)), 1, values=2)
    if len(np.unique(X[:, 0])) < 2 or len(np.unique(y)) < 2:
        X[:2, 0], y[:2] = (0, 1), (1, 3)
    tree = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(X, y).tree_
    weights = tree.weighted_n_node_samples
    children = (weights[1] * tree.impurity[1] + weights[2] * tree.impurity[2]) / weights[0]
    assert ref.information_gain(X[:, 0], y) == pytest.approx(tree.impurity[0] - children, abs=1e-12)


@pytest.mark.parametrize("seed", range(40))
def test_best_feature_is_the_lowest_argmax(seed):
    rng = np.random.default_rng(200 + seed)
    X, y = table(rng, int(rng.integers(5, 40)), int(rng.integers(1, 6)))
    X = np.hstack([X, X[:, :1]])  # column 0 again, last: a tie if it is best
    gains = np.array([gain_bits(X[:, j], y) for j in range(X.shape[1])])
    assert ref.best_feature(X, y) == int(np.flatnonzero(gains >= gains.max() - 1e-9)[0])


@pytest.mark.parametrize("seed", range(60))
def test_predict_against_an_independent_id3(seed):
    rng = np.random.default_rng(300 + seed)
    X, y = table(rng, int(rng.integers(1, 40)), int(rng.integers(1, 5)), values=int(rng.integers(2, 5)))
    X_new = rng.integers(0, 5, size=(15, X.shape[1]))  # values 3 and 4 often unseen
    for depth in (0, 1, 2, 3, 10):
        expected, _ = independent_id3(X, y, X_new, depth)
        got = ref.predict(X, y, X_new, depth)
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, expected)


def test_predict_against_sklearn_on_binary_features_without_ties():
    compared = 0
    for seed in range(40):
        rng = np.random.default_rng(400 + seed)
        X, y = table(rng, int(rng.integers(10, 50)), int(rng.integers(2, 6)), values=2)
        X_new = rng.integers(0, 2, size=(20, X.shape[1]))
        for depth in (1, 3, 6):
            expected, tied = independent_id3(X, y, X_new, depth)
            if tied:
                continue
            tree = DecisionTreeClassifier(
                criterion="entropy", max_depth=depth, min_impurity_decrease=1e-9, random_state=seed
            )
            sk = tree.fit(X, y).predict(X_new)
            np.testing.assert_array_equal(ref.predict(X, y, X_new, depth), sk)
            np.testing.assert_array_equal(expected, sk)
            compared += 1
    assert compared >= 60


def test_by_hand():
    y = np.array([1, 1, 2, 2, 2, 2, 3, 3])  # p = 1/4, 1/2, 1/4: H = 1.5 bits
    assert ref.entropy(y) == pytest.approx(1.5)
    x = np.array([0, 0, 1, 1, 1, 1, 2, 2])  # x determines y: IG = H(y)
    assert ref.information_gain(x, y) == pytest.approx(1.5)
    assert ref.information_gain(np.zeros(8, dtype=np.int64), y) == 0.0
    assert ref.entropy(np.array([4, 4, 4])) == 0.0
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])  # XOR: no single split gains
    assert ref.best_feature(X, np.array([0, 1, 1, 0])) == 0
    np.testing.assert_array_equal(ref.predict(X, np.array([0, 1, 1, 0]), X, 5), [0, 0, 0, 0])
    np.testing.assert_array_equal(ref.predict(X, np.array([0, 0, 1, 1]), X, 5), [0, 0, 1, 1])
