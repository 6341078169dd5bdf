"""linear_regression: the reference against scikit-learn.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import mean_squared_error
from sklearn.preprocessing import PolynomialFeatures

from solutions import linear_regression as ref

ORACLE_SEEDS = range(200)


# ---- the reference against scikit-learn -------------------------------------------------------


def random_problem(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 40)), int(rng.integers(1, 7))
    X = rng.normal(0.0, rng.uniform(0.5, 3.0), size=(n, d))
    y = rng.normal(size=d + 1) @ np.vstack([np.ones(n), X.T]) + rng.normal(size=n)
    return rng, X, y


def test_add_bias_is_degree_one_polynomial_features():
    for seed in range(20):
        _, X, _ = random_problem(seed)
        assert np.array_equal(ref.add_bias(X), PolynomialFeatures(degree=1).fit_transform(X))


def test_least_squares_matches_sklearn_linear_regression():
    for seed in ORACLE_SEEDS:
        rng, X, y = random_problem(seed)
        if X.shape[0] < X.shape[1] + 3:
            continue  # keep AᵀA well conditioned
        model = LinearRegression().fit(X, y)
        w = ref.fit(X, y)
        assert np.allclose(w, np.r_[model.intercept_, model.coef_], rtol=1e-7, atol=1e-9), seed
        X_new = rng.normal(size=(5, X.shape[1]))
        assert np.allclose(ref.predict(w, X_new), model.predict(X_new), rtol=1e-7, atol=1e-9), seed
        assert ref.mse(w, X, y) == pytest.approx(mean_squared_error(y, model.predict(X)), rel=1e-7, abs=1e-12)


def test_ridge_matches_sklearn_ridge_whose_intercept_is_not_penalised():
    for seed in ORACLE_SEEDS:  # includes n < d + 1
        rng, X, y = random_problem(seed)
        lam = float(rng.choice([1e-3, 0.1, 1.0, 10.0, 1e4]))
        model = Ridge(alpha=lam).fit(X, y)  # min |y - b - Xw|² + alpha |w|²
        w = ref.fit(X, y, lam=lam)
        assert np.allclose(w, np.r_[model.intercept_, model.coef_], rtol=1e-6, atol=1e-8), (seed, lam)


def test_mse_by_hand():
    w, X, y = np.array([1.0, 2.0]), np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 4.0, 4.0])
    assert ref.mse(w, X, y) == pytest.approx((0 + 1 + 1) / 3)  # predictions 1, 3, 5
