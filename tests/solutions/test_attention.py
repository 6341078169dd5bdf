"""The attention reference against scipy.special.softmax and a row-by-row computation (masks,
fully masked rows), and by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

from solutions import attention as ref

# ------------------------------------------------------------ the reference against oracles


def qkv(rng):
    n, m, d_k, d_v = (int(rng.integers(1, 8)) for _ in range(4))
    return rng.normal(size=(n, d_k)), rng.normal(size=(m, d_k)), rng.normal(size=(m, d_v))


@pytest.mark.parametrize("seed", range(50))
def test_against_scipy_softmax(seed):
    rng = np.random.default_rng(seed)
    Q, K, V = qkv(rng)
    S = np.einsum("ik,jk->ij", Q, K) / np.sqrt(Q.shape[1])
    np.testing.assert_allclose(ref.scaled_scores(Q, K), S, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ref.softmax(S), scipy_softmax(S, axis=1), rtol=1e-12, atol=1e-15)
    large = S * 500 + 1000
    np.testing.assert_allclose(ref.softmax(large), scipy_softmax(large, axis=1), rtol=1e-9, atol=1e-15)
    out, weights = ref.attention(Q, K, V)
    A = scipy_softmax(S, axis=1)
    np.testing.assert_allclose(weights, A, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(out, A @ V, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(50))
def test_masked_attention_row_by_row(seed):
    rng = np.random.default_rng(500 + seed)
    Q, K, V = qkv(rng)
    mask = rng.random((Q.shape[0], K.shape[0])) < 0.5  # fully masked rows happen
    out, weights = ref.attention(Q, K, V, mask=mask)
    for i in range(Q.shape[0]):
        allowed = np.flatnonzero(mask[i])
        expected = np.zeros(K.shape[0])
        if allowed.size:
            scores = np.array([Q[i] @ K[j] for j in allowed]) / np.sqrt(Q.shape[1])
            expected[allowed] = scipy_softmax(scores)
        np.testing.assert_allclose(weights[i], expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(out[i], expected @ V, rtol=1e-10, atol=1e-12)
        assert weights[i].sum() == pytest.approx(1.0 if allowed.size else 0.0)


def test_all_true_mask_is_no_mask_and_causal_first_row_is_first_value():
    rng = np.random.default_rng(7)
    Q, K, V = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    plain = ref.attention(Q, K, V)
    full = ref.attention(Q, K, V, mask=np.ones((4, 4), dtype=bool))
    for a, b in zip(plain, full):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    out, weights = ref.attention(Q, K, V, mask=np.tril(np.ones((4, 4), dtype=bool)))
    np.testing.assert_array_equal(weights[0], [1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(out[0], V[0])
    assert np.all(np.triu(weights, 1) == 0)


def test_by_hand():
    # q = (1, 1), keys (1, 1) and (-1, -1): scores ±2/√2 = ±√2, weights e^±√2 / (e^√2 + e^-√2).
    out, weights = ref.attention(np.array([[1.0, 1.0]]), np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([[1.0], [0.0]]))
    w = np.exp(np.sqrt(2)) / (np.exp(np.sqrt(2)) + np.exp(-np.sqrt(2)))
    np.testing.assert_allclose(weights, [[w, 1 - w]])
    np.testing.assert_allclose(out, [[w]])
