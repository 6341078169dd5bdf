"""Scaled dot-product attention (one head) with an optional boolean mask.

Q (n, d_k) queries, K (m, d_k) keys, V (m, d_v) values, one per row
S = Q Kᵀ / sqrt(d_k)                               scores, (n, m)
softmax, row by row:  a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik)
    (subtracting the row maximum changes nothing mathematically and keeps exp finite)
mask (n, m) bool, True = query i may attend to key j, False = it cannot:
    s_ij = -inf where mask is False (so a_ij = 0) before the softmax
A = softmax(S) (n, m),  output O = A V (n, d_v)
Fully masked row (every entry of mask row i False): weights row i is all zeros and
output row i is zeros (there is nothing to attend to; never NaN).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Scaled dot-product attention"
DESCRIPTION = "Scores Q Kᵀ/√dₖ, a stable row-wise softmax, and masked attention weights and output."
TITLE_ZH = "缩放点积注意力"
DESCRIPTION_ZH = "打分 Q Kᵀ/√dₖ、数值稳定的逐行 softmax，以及带掩码的注意力权重与输出。"
FUNCTIONS = ("scaled_scores", "softmax", "attention")


def scaled_scores(Q, K):
    """Attention scores S = Q Kᵀ / sqrt(d_k), with d_k the number of columns of Q and K.

    Q (n, d_k) float, K (m, d_k) float -> S (n, m) float, s_ij = q_i · k_j / sqrt(d_k).
    """
    return Q @ K.T / np.sqrt(Q.shape[1])


def softmax(S):
    """Row-wise softmax: a_ij = exp(s_ij - max_k s_ik) / Σ_l exp(s_il - max_k s_ik).

    S (n, m) float, finite -> (n, m) float, every row non-negative and summing to 1.
    Subtract each row's maximum before exp: scores like 1000 must not overflow to inf/NaN.
    """
    shifted = S - S.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def attention(Q, K, V, mask=None):
    """Scaled dot-product attention: weights A = softmax(Q Kᵀ / sqrt(d_k)) row by row, output A V.

    Q (n, d_k), K (m, d_k), V (m, d_v) float; mask None (every query attends to every key) or
    a bool array (n, m): False means query i cannot attend to key j, its score is set to -inf
    before the softmax, so its weight is 0.
    -> (output (n, d_v) float, weights (n, m) float).
    A fully masked row (mask[i] all False) gets weights all 0 and output row all 0 (not NaN).
    """
    S = scaled_scores(Q, K)
    if mask is None:
        weights = softmax(S)
    else:
        weights = np.zeros_like(S)
        live = mask.any(axis=1)  # rows with at least one allowed key
        if live.any():
            weights[live] = softmax(np.where(mask[live], S[live], -np.inf))
    return weights @ V, weights


# ---------------------------------------------------------------- cases


def _qkv(rng, n=None, m=None):
    n = int(rng.integers(2, 7)) if n is None else n
    m = int(rng.integers(2, 7)) if m is None else m
    d_k, d_v = int(rng.integers(2, 6)), int(rng.integers(1, 5))  # d_k = 1 hides a lost sqrt(d_k)
    return {"Q": rng.normal(size=(n, d_k)), "K": rng.normal(size=(m, d_k)), "V": rng.normal(size=(m, d_v))}


def _mask(rng, n, m):
    """A random mask where every row allows at least two keys (m >= 2)."""
    mask = rng.random((n, m)) < 0.5
    for row in mask:
        row[rng.choice(m, size=2, replace=False)] = True
    return mask


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    for i, visible in enumerate((True, False)):
        qkv = _qkv(rng)
        out.add(
            scaled_scores,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            {"Q": qkv["Q"], "K": qkv["K"]},
            CLOSED_FORM,
            visible=visible,
        )
    for i, visible in enumerate((True, False)):
        S = rng.normal(scale=2.0, size=(int(rng.integers(2, 6)), int(rng.integers(2, 7))))
        out.add(softmax, f"{'visible' if visible else 'hidden'}/{i + 1}", {"S": S}, CLOSED_FORM, visible=visible)
    S = 1000.0 + rng.normal(scale=3.0, size=(int(rng.integers(2, 5)), int(rng.integers(2, 6))))
    S[0, 0] = -1000.0  # one weight underflows to exactly 0
    out.add(softmax, "edge/large scores", {"S": S}, CLOSED_FORM, visible=True, edge=T("large scores", "很大的分数"))

    out.add(attention, "visible/no mask", _qkv(rng), CLOSED_FORM, visible=True, points=2.0)
    out.add(attention, "hidden/no mask", _qkv(rng), CLOSED_FORM, visible=False, points=2.0)
    n = int(rng.integers(3, 7))
    qkv = _qkv(rng, n=n, m=n)
    out.add(
        attention,
        "visible/causal mask",
        {**qkv, "mask": np.tril(np.ones((n, n), dtype=bool))},
        CLOSED_FORM,
        visible=True,
        points=2.0,
    )
    qkv = _qkv(rng)
    out.add(
        attention,
        "hidden/random mask",
        {**qkv, "mask": _mask(rng, qkv["Q"].shape[0], qkv["K"].shape[0])},
        CLOSED_FORM,
        visible=False,
        points=2.0,
    )

    qkv = _qkv(rng, n=int(rng.integers(3, 6)))
    n, m = qkv["Q"].shape[0], qkv["K"].shape[0]
    mask = _mask(rng, n, m)
    mask[int(rng.integers(0, n))] = False
    out.add(
        attention,
        "edge/fully masked row",
        {**qkv, "mask": mask},
        CLOSED_FORM,
        visible=True,
        edge=T("fully masked row", "整行被掩码"),
    )
    # Scores above 1000 (exp overflows from about 710): q_i · k_j ≈ 40 · 50 along axis 0.
    qkv = _qkv(rng)
    n, m = qkv["Q"].shape[0], qkv["K"].shape[0]
    qkv["Q"] = np.hstack([np.full((n, 1), 40.0), 2.0 * qkv["Q"]])
    qkv["K"] = np.hstack([50.0 + rng.normal(scale=0.1, size=(m, 1)), 2.0 * qkv["K"]])
    out.add(attention, "edge/large scores", qkv, CLOSED_FORM, visible=False, edge=T("large scores", "很大的分数"))
    out.add(
        attention, "edge/single key", _qkv(rng, m=1), CLOSED_FORM, visible=False, edge=T("single key", "只有一个键")
    )
    return out
