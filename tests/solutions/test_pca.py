"""The PCA reference against numpy's covariance and scikit-learn's PCA (components and
projections up to sign, explained variance ratio), and by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

from solutions import pca as ref

# ------------------------------------------------------------ the reference against oracles


def distinct_data(rng):
    """Random correlated data whose covariance eigenvalues are well apart (own generator)."""
    while True:
        n, d = int(rng.integers(6, 60)), int(rng.integers(1, 7))
        X = rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.normal(size=d) * 3
        values = np.linalg.eigvalsh(np.cov(X, rowvar=False).reshape(d, d))[::-1]
        if n > d and values[-1] > 1e-3 and np.all(-np.diff(values) > 0.02 * values[0]):
            return X


def rows_up_to_sign(a, b, tol=1e-8):
    assert a.shape == b.shape
    for x, y in zip(a, b):
        assert np.allclose(x, y, atol=tol) or np.allclose(-x, y, atol=tol), (x, y)


@pytest.mark.parametrize("seed", range(60))
def test_against_numpy_and_sklearn(seed):
    rng = np.random.default_rng(seed)
    X = distinct_data(rng)
    d = X.shape[1]
    np.testing.assert_allclose(ref.center(X), StandardScaler(with_std=False).fit_transform(X), atol=1e-12)
    np.testing.assert_allclose(ref.covariance(X), np.cov(X, rowvar=False).reshape(d, d), rtol=1e-12, atol=1e-12)
    for k in range(1, d + 1):
        pca = PCA(n_components=k, svd_solver="full").fit(X)
        V = ref.components(X, k)
        rows_up_to_sign(V, pca.components_)
        rows_up_to_sign(ref.project(X, k).T, pca.transform(X).T)
        np.testing.assert_allclose(
            ref.explained_variance_ratio(X, k), pca.explained_variance_ratio_, rtol=1e-9, atol=1e-12
        )


@pytest.mark.parametrize("seed", range(30))
def test_components_are_sorted_unit_eigenvectors(seed):
    X = distinct_data(np.random.default_rng(1000 + seed))
    d = X.shape[1]
    C = np.cov(X, rowvar=False).reshape(d, d)
    V = ref.components(X, d)
    np.testing.assert_allclose(V @ V.T, np.eye(d), atol=1e-10)
    lam = np.einsum("ij,jk,ik->i", V, C, V)  # Rayleigh quotients
    np.testing.assert_allclose(V @ C, lam[:, None] * V, atol=1e-9)
    assert np.all(np.diff(lam) < 0)
    np.testing.assert_allclose(ref.explained_variance_ratio(X, d), lam / np.trace(C), rtol=1e-9)
    assert ref.explained_variance_ratio(X, d).sum() == pytest.approx(1.0)


def test_by_hand():
    # Points on the line y = 2x: covariance eigenvalues 25/3 and 0, first component (1, 2)/√5.
    X = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    np.testing.assert_allclose(ref.covariance(X), [[5 / 3, 10 / 3], [10 / 3, 20 / 3]])
    rows_up_to_sign(ref.components(X, 1), np.array([[1.0, 2.0]]) / np.sqrt(5))
    np.testing.assert_allclose(ref.explained_variance_ratio(X, 2), [1.0, 0.0], atol=1e-12)
    rows_up_to_sign(ref.project(X, 1).T, np.array([[-1.5, -0.5, 0.5, 1.5]]) * np.sqrt(5))
