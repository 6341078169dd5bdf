"""naive_bayes: the reference against scikit-learn's CategoricalNB and hand counts.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

import warnings

import numpy as np
import pytest
from sklearn.naive_bayes import CategoricalNB

from solutions import naive_bayes as ref

ORACLE_SEEDS = range(200)
CASE_SEEDS = range(10)


# ---- the reference against scikit-learn and by hand ------------------------------------------


def random_problem(seed):
    """Every class occurs (CategoricalNB only knows the classes it has seen)."""
    rng = np.random.default_rng(seed)
    n_classes, n_values, d = int(rng.integers(2, 5)), int(rng.integers(2, 6)), int(rng.integers(1, 6))
    n = int(rng.integers(n_classes, 40))
    y = rng.permutation(np.r_[np.arange(n_classes), rng.integers(0, n_classes, size=n - n_classes)])
    X = rng.integers(0, n_values, size=(n, d))
    alpha = float(rng.choice([0.1, 0.5, 1.0, 2.0]))
    return rng, X, y, n_classes, n_values, alpha


def sklearn_model(X, y, n_values, alpha):
    return CategoricalNB(alpha=alpha, force_alpha=True, min_categories=n_values).fit(X, y)


def test_priors_and_likelihoods_are_categorical_nb():
    for seed in ORACLE_SEEDS:
        _, X, y, n_classes, n_values, alpha = random_problem(seed)
        model = sklearn_model(X, y, n_values, alpha)
        assert np.allclose(ref.priors(y, n_classes), np.exp(model.class_log_prior_), rtol=1e-12), seed
        L = ref.likelihoods(X, y, n_classes, n_values, alpha)
        assert L.shape == (n_classes, X.shape[1], n_values)
        for j, log_prob in enumerate(model.feature_log_prob_):  # (n_classes, n_values) per feature
            assert np.allclose(L[:, j, :], np.exp(log_prob), rtol=1e-12), (seed, j)


def test_predict_is_categorical_nb_where_the_best_class_is_clear():
    compared = 0
    for seed in ORACLE_SEEDS:
        rng, X, y, n_classes, n_values, alpha = random_problem(seed)
        model = sklearn_model(X, y, n_values, alpha)
        queries = rng.integers(0, n_values, size=(10, X.shape[1]))
        joint = np.sort(model.predict_joint_log_proba(queries), axis=1)
        clear = joint[:, -1] - joint[:, -2] > 1e-9  # exact ties: see the tie tests
        predicted = ref.predict(X, y, queries, n_classes, n_values, alpha)
        assert np.array_equal(predicted[clear], model.predict(queries)[clear]), seed
        compared += clear.sum()
    assert compared > 1500


def test_by_hand():
    # class 0: rows (0, 1), (0, 0); class 1: row (1, 1). V = 2, alpha = 1.
    X, y = np.array([[0, 1], [0, 0], [1, 1]]), np.array([0, 0, 1])
    assert ref.priors(y, 2).tolist() == pytest.approx([2 / 3, 1 / 3])
    L = ref.likelihoods(X, y, 2, 2)
    assert np.allclose(L[0], [[3 / 4, 1 / 4], [2 / 4, 2 / 4]]) and np.allclose(L[1], [[1 / 3, 2 / 3]] * 2)
    # query (1, 1): class 0: 2/3 * 1/4 * 2/4 = 1/12; class 1: 1/3 * 2/3 * 2/3 = 4/27 > 1/12
    assert ref.predict(X, y, np.array([[1, 1], [0, 1]]), 2, 2).tolist() == [1, 0]


def test_absent_classes_and_ties():
    X, y = np.array([[0, 1], [1, 1]]), np.array([1, 1])
    assert ref.priors(y, 3).tolist() == [0.0, 1.0, 0.0]
    assert np.allclose(ref.likelihoods(X, y, 3, 2, alpha=0.5)[[0, 2]], 0.5)  # no rows: uniform
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # ln 0 = -inf, without a warning
        assert ref.predict(X, y, np.array([[0, 0], [1, 0]]), 3, 2).tolist() == [1, 1]
    # classes 0 and 1 with the same rows: every query ties, class 0 wins; likewise 1 vs 2
    X, y = np.array([[0, 1], [0, 1], [1, 0]]), np.array([0, 1, 2])
    assert ref.predict(X, y, np.array([[0, 1], [1, 1], [1, 0]]), 3, 2).tolist() == [0, 0, 2]


def test_non_edge_predict_cases_have_a_clear_best_class():
    for seed in CASE_SEEDS:
        for case in ref.cases(seed):
            if case.function == "predict" and str(case.edge) != "ties":
                inputs = {"alpha": 1.0, **case.inputs}
                joint = np.sort(ref._log_posterior(**inputs), axis=1)
                assert np.all(joint[:, -1] - joint[:, -2] > 1e-9), (seed, case.name)
                assert len(case.inputs["X"]) >= 4, (seed, case.name)
