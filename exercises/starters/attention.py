"""Scaled dot-product attention (one head) with an optional boolean mask, in numpy.

Implement the three functions below; replace each `raise NotImplementedError(...)` with your
code. Use numpy only. Check your work with:

    mlexam grade <this file>

    S = Q Kᵀ / sqrt(d_k)                               scores, (n, m)
    softmax row by row:  a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik)
    mask (n, m) bool: False = cannot attend, the score becomes -inf (weight 0)
    A = softmax(S),  output = A V
    A fully masked row gets weights 0 and output 0 (not NaN).

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade attention.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def scaled_scores(Q, K):
    """Attention scores S = Q Kᵀ / sqrt(d_k), with d_k the number of columns of Q and K.

    Q (n, d_k) float, K (m, d_k) float -> S (n, m) float, s_ij = q_i · k_j / sqrt(d_k).
    """
    raise NotImplementedError("scaled_scores: return S = Q Kᵀ / sqrt(d_k), shape (n, m)")


def softmax(S):
    """Row-wise softmax: a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik).

    S (n, m) float, finite -> (n, m) float, every row non-negative and summing to 1.
    Subtract each row's maximum before exp: scores like 1000 must not overflow to inf/NaN.
    """
    raise NotImplementedError("softmax: return exp(S - row max) / its row sums, each row summing to 1")


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention: weights A = softmax(Q Kᵀ / sqrt(d_k)) row by row, output A V.

    Q (n, d_k), K (m, d_k), V (m, d_v) float; mask None (every query attends to every key) or
    a bool array (n, m): False means query i cannot attend to key j, its score is set to -inf
    before the softmax, so its weight is 0.
    -> (output (n, d_v) float, weights (n, m) float).
    A fully masked row (mask[i] all False) gets weights all 0 and output row all 0 (not NaN).
    """
    raise NotImplementedError(
        "attention: return (A V, A) with A = softmax(Q Kᵀ / sqrt(d_k)), masked scores -inf, fully masked rows all 0"
    )
