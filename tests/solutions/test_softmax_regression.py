"""softmax_regression: the reference against scipy and scikit-learn.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

import numpy as np
import pytest
from scipy.optimize import check_grad
from scipy.special import softmax as scipy_softmax
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from solutions import softmax_regression as ref

ORACLE_SEEDS = range(200)


# ---- the reference against scipy and scikit-learn ---------------------------------------------


def random_problem(seed, n_range=(10, 50), d_range=(1, 7), scale=1.0):
    """Overlapping classes (labels drawn from a softmax model), every class present."""
    rng = np.random.default_rng(seed)
    n, d, k = int(rng.integers(*n_range)), int(rng.integers(*d_range)), int(rng.integers(2, 6))
    X = rng.normal(0.0, 1.0, size=(n, d))
    P = scipy_softmax(rng.normal(0.0, scale, size=k) + X @ rng.normal(0.0, scale, size=(d, k)), axis=1)
    y = np.array([rng.choice(k, p=p) for p in P], dtype=np.int64)
    y[:k] = np.arange(k)
    return rng, X, y, k


def test_softmax_is_scipy_softmax_even_for_huge_scores():
    rng = np.random.default_rng(0)
    for shift in (0.0, 1000.0, -1000.0):
        Z = rng.normal(0.0, 5.0, size=(50, 4)) + shift
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            P = ref.softmax(Z)
        assert np.allclose(P, scipy_softmax(Z, axis=1), rtol=1e-12, atol=1e-300)
    assert ref.softmax(np.zeros((2, 4))).tolist() == [[0.25] * 4] * 2


def test_loss_is_sklearn_log_loss():
    for seed in ORACLE_SEEDS:
        rng, X, y, k = random_problem(seed)
        W = rng.normal(0.0, 1.0, size=(X.shape[1] + 1, k))
        P = scipy_softmax(W[0] + X @ W[1:], axis=1)
        assert ref.loss(W, X, y) == pytest.approx(log_loss(y, P, labels=range(k)), rel=1e-9), seed


def test_loss_stays_finite_where_the_true_class_underflows():
    # scores (800, 0, -800) with true class 2: -ln P = 800 + ln(1 + e^-800 + e^-1600) + 800 = 1600
    W = np.array([[0.0, 0.0, 0.0], [400.0, 0.0, -400.0]])
    assert ref.loss(W, np.array([[2.0]]), np.array([2])) == pytest.approx(1600.0, rel=1e-12)


def test_gradient_matches_finite_differences_of_the_loss():
    for seed in ORACLE_SEEDS:
        rng, X, y, k = random_problem(seed)
        W = rng.normal(0.0, 2.0, size=(X.shape[1] + 1, k))
        shape = W.shape

        def flat_loss(w, shape=shape, X=X, y=y):
            return ref.loss(w.reshape(shape), X, y)

        def flat_gradient(w, shape=shape, X=X, y=y):
            return ref.gradient(w.reshape(shape), X, y).ravel()

        assert check_grad(flat_loss, flat_gradient, W.ravel()) < 1e-6 * max(1.0, np.linalg.norm(W)), seed


def test_first_step_by_hand():
    for seed in ORACLE_SEEDS:
        rng, X, y, k = random_problem(seed)
        lr = rng.uniform(0.01, 2.0)
        # at W = 0 every probability is 1/k: W_1 = -lr (1/n) Aᵀ (1/k - Y)
        A, Y = np.column_stack([np.ones(len(y)), X]), np.eye(k)[y]
        assert np.allclose(ref.fit(X, y, k, lr, 1), -lr * A.T @ (1 / k - Y) / len(y), rtol=1e-12, atol=1e-15)
        assert np.array_equal(ref.fit(X, y, k, lr, 0), np.zeros((X.shape[1] + 1, k)))


def test_gradient_descent_converges_to_sklearn_multinomial_fit():
    for seed in range(10):
        _, X, y, k = random_problem(seed, n_range=(60, 80), d_range=(1, 4), scale=0.5)
        model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
        W = ref.fit(X, y, k, 2.0, 1500)
        # W itself is defined up to a constant added to every column; the probabilities are not
        assert np.allclose(scipy_softmax(W[0] + X @ W[1:], axis=1), model.predict_proba(X), atol=1e-6), seed
        assert np.allclose(W.sum(axis=1), 0.0, atol=1e-9)  # gradient rows sum to 0: so does W
        assert np.array_equal(ref.predict(W, X), model.predict(X)), seed


def test_predict_ties_go_to_the_smallest_class():
    W = np.array([[1.0, 2.0, 2.0, 0.0]])  # d = 0: the scores are the biases
    assert ref.predict(W, np.zeros((2, 0))).tolist() == [1, 1]
    W = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, -1.0]])
    assert ref.predict(W, np.array([[2.0], [-1.0], [0.0]])).tolist() == [0, 2, 0]
