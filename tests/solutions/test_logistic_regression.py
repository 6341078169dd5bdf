"""logistic_regression: the reference against scipy and scikit-learn.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

import numpy as np
import pytest
from scipy.optimize import approx_fprime, check_grad
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from solutions import logistic_regression as ref

ORACLE_SEEDS = range(200)


# ---- the reference against scipy and scikit-learn ---------------------------------------------


def random_problem(seed, scale=1.0):
    """Overlapping classes (labels drawn from a logistic model), both labels present."""
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(10, 50)), int(rng.integers(1, 7))
    X = rng.normal(0.0, 1.0, size=(n, d))
    w = rng.normal(0.0, scale, size=d + 1)
    y = (rng.random(n) < expit(w[0] + X @ w[1:])).astype(np.int64)
    y[:2] = [0, 1]
    return rng, X, y, rng.normal(0.0, scale, size=d + 1)


def sklearn_model(w):
    """A fitted-looking LogisticRegression holding the weights w (bias first)."""
    model = LogisticRegression()
    model.classes_, model.coef_, model.intercept_ = np.array([0, 1]), w[None, 1:], w[:1]
    return model


def test_sigmoid_is_expit():
    rng = np.random.default_rng(0)
    z = np.concatenate([rng.normal(0.0, 10.0, size=2000), [-1000.0, -745.0, -40.0, 0.0, 40.0, 745.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        assert np.allclose(ref.sigmoid(z), expit(z), rtol=1e-14, atol=1e-300)
    assert ref.sigmoid(np.zeros((2, 3))).shape == (2, 3) and ref.sigmoid(np.array([0.0]))[0] == 0.5


def test_loss_is_sklearn_log_loss_and_probabilities_are_sklearn_predict_proba():
    for seed in ORACLE_SEEDS:
        _, X, y, w = random_problem(seed)
        p = sklearn_model(w).predict_proba(X)[:, 1]
        assert np.allclose(ref.predict_proba(w, X), p, rtol=1e-12, atol=1e-15), seed
        assert ref.loss(w, X, y) == pytest.approx(log_loss(y, p, labels=[0, 1]), rel=1e-9), seed
        assert np.array_equal(ref.predict(w, X), sklearn_model(w).predict(X)), seed


def test_loss_stays_finite_where_probabilities_saturate():
    X, y = np.array([[3.0], [-3.0]]), np.array([0, 1])
    # z = ±60: each point costs ln(1 + e^60) - 0 = 60 (to 1e-26), and ln(1 + e^60) - 0 for the other.
    assert ref.loss(np.array([0.0, 20.0]), X, y) == pytest.approx(60.0, rel=1e-12)


def test_gradient_matches_finite_differences_of_the_loss():
    for seed in ORACLE_SEEDS:
        _, X, y, w = random_problem(seed, scale=2.0)
        assert check_grad(ref.loss, ref.gradient, w, X, y) < 1e-6 * max(1.0, np.linalg.norm(w)), seed
        numeric = approx_fprime(w, ref.loss, 1e-7, X, y)
        assert np.allclose(ref.gradient(w, X, y), numeric, rtol=1e-4, atol=1e-6), seed


def test_first_step_by_hand():
    for seed in ORACLE_SEEDS:
        rng, X, y, _ = random_problem(seed)
        lr = rng.uniform(0.01, 2.0)
        # at w = 0 every p_i is 1/2: w_1 = -lr (1/n) Aᵀ (1/2 - y)
        A = np.column_stack([np.ones(len(y)), X])
        assert np.allclose(ref.fit(X, y, lr, 1), -lr * A.T @ (0.5 - y) / len(y), rtol=1e-12, atol=1e-15)
        assert np.array_equal(ref.fit(X, y, lr, 0), np.zeros(X.shape[1] + 1))


def test_gradient_descent_descends_and_converges_to_sklearn_unpenalised_fit():
    for seed in range(15):
        rng = np.random.default_rng(seed)
        X = rng.normal(size=(int(rng.integers(40, 50)), int(rng.integers(1, 4))))
        y = (rng.random(len(X)) < expit(0.3 + X @ rng.normal(0.0, 0.7, size=X.shape[1]))).astype(np.int64)
        model = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
        optimum = np.r_[model.intercept_, model.coef_[0]]
        assert np.linalg.norm(optimum) < 10, seed  # overlapping classes: a finite optimum
        losses = [ref.loss(ref.fit(X, y, 0.5, steps), X, y) for steps in (0, 1, 10, 100)]
        assert all(a > b for a, b in zip(losses, losses[1:])), seed
        w = ref.fit(X, y, 2.0, 2000)
        assert np.allclose(w, optimum, rtol=1e-6, atol=1e-6), seed
        assert np.allclose(ref.gradient(optimum, X, y), 0.0, atol=1e-6), seed


def test_predict_at_exactly_one_half():
    X = np.array([[1.0], [2.0], [0.0]])
    assert list(ref.predict(np.array([-1.0, 1.0]), X)) == [1, 1, 0]  # z = 0, 1, -1
