"""Softmax (multinomial logistic) regression: softmax, mean cross-entropy, its gradient, batch
gradient descent, predictions.

    A       = [1, X]            (n, d + 1): a column of ones first
    W       (d + 1, k)          row 0 holds the k biases, rows 1..d the feature weights
    S       = A W               (n, k) scores; y_i in 0..k-1 (int64)
    softmax(S)_ic = e^(S_ic - m_i) / Σ_j e^(S_ij - m_i),  m_i = max_j S_ij  (row-wise, no overflow)
    loss    = (1/n) Σ_i [logsumexp(S_i) - S_i,y_i]   (= mean -ln P_i,y_i; natural log, finite for any S)
    grad    = (1/n) Aᵀ (P - Y),  P = softmax(A W), Y the one-hot labels (n, k)
    fit:      W_0 = zeros (d + 1, k), then exactly `steps` updates W ← W - lr · grad(W); k is given
              (a class may be absent from y)
    predict:  argmax_c S_ic; among tied scores the smallest class index (np.argmax)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Softmax regression"
DESCRIPTION = "Row-wise softmax, cross-entropy loss and gradient, gradient descent from zeros, argmax predictions."
TITLE_ZH = "softmax 回归"
DESCRIPTION_ZH = "逐行 softmax、交叉熵损失及其梯度、从零开始的梯度下降，以及 argmax 预测。"
FUNCTIONS = ("softmax", "loss", "gradient", "fit", "predict")


def _scores(W, X):
    W = np.asarray(W, dtype=float)
    return W[0] + np.asarray(X, dtype=float) @ W[1:]


def softmax(Z):
    """Row-wise softmax.

    Z: array (m, k). Returns P (m, k) with P_ic = e^(Z_ic - M_i) / Σ_j e^(Z_ij - M_i), where
    M_i = max_j Z_ij is subtracted first so that large scores (e.g. 1000) do not overflow.
    Each row of P sums to 1.
    """
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def loss(W, X, y):
    """Mean cross-entropy (natural log).

    W: (d + 1, k), X: (n, d), y: (n,) ints in 0..k-1. With S = A W:
        L(W) = -(1/n) Σ_i ln softmax(S)_i,y_i = (1/n) Σ_i [logsumexp(S_i) - S_i,y_i],
    where logsumexp(s) = M + ln Σ_j e^(s_j - M), M = max_j s_j. Use the right-hand form:
    the probability of the true class can underflow to 0 (ln 0 = -inf) while the loss is finite.
    Returns a float.
    """
    S = _scores(W, X)
    m = S.max(axis=1)
    logsumexp = m + np.log(np.exp(S - m[:, None]).sum(axis=1))
    return float(np.mean(logsumexp - S[np.arange(len(S)), y]))


def gradient(W, X, y):
    """Gradient of loss with respect to W.

    W: (d + 1, k), X: (n, d), y: (n,). Returns (1/n) Aᵀ (softmax(A W) - Y), shape (d + 1, k):
    row 0 is the bias component (1/n) Σ_i (P_i - Y_i).
    """
    X = np.asarray(X, dtype=float)
    R = softmax(_scores(W, X))
    R[np.arange(len(R)), y] -= 1.0
    return np.vstack([R.sum(axis=0), X.T @ R]) / X.shape[0]


def fit(X, y, k, lr, steps):
    """Batch gradient descent.

    X: (n, d), y: (n,), k: int number of classes (some may not occur in y), lr: float,
    steps: int >= 0. Start from W = zeros((d + 1, k)) and do exactly `steps` updates
    W ← W - lr * gradient(W, X, y) (every update uses all n rows). Returns W, shape (d + 1, k).
    """
    W = np.zeros((np.asarray(X).shape[1] + 1, k))
    for _ in range(steps):
        W = W - lr * gradient(W, X, y)
    return W


def predict(W, X):
    """Predicted classes.

    W: (d + 1, k), X: (n, d). Returns an int array (n,): for each row the class c with the
    largest score S_ic (S = W[0] + X @ W[1:]); among equal largest scores, the smallest c
    (this is what np.argmax does).
    """
    return np.argmax(_scores(W, X), axis=1).astype(np.int64)


# ---------------------------------------------------------------- cases


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, ITERATIVE, LABELS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def data(n, d, k, classes=None):
        """Overlapping classes: labels drawn from a softmax model over the first `classes` classes."""
        classes = classes or k
        X = rng.normal(0.0, 1.5, size=(n, d))
        P = softmax(_scores(rng.normal(0.0, 1.0, size=(d + 1, classes)), X))
        y = np.array([rng.choice(classes, p=p) for p in P], dtype=np.int64)
        return X, y

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d, k = (
            (8, 2, 3) if visible else (int(rng.integers(15, 40)), int(rng.integers(2, 6)), int(rng.integers(3, 6)))
        )
        Z = np.round(rng.normal(0.0, 2.0, size=(4, 3)), 1) if visible else rng.normal(0.0, 3.0, size=(6, 5))
        out.add(softmax, f"{tag}/1", {"Z": Z}, CLOSED_FORM, visible=visible)
        X, y = data(n, d, k)
        W = rng.normal(0.0, 1.0, size=(d + 1, k))
        out.add(loss, f"{tag}/1", {"W": W, "X": X, "y": y}, CLOSED_FORM, visible=visible)
        out.add(
            gradient, f"{tag}/1", {"W": W, "X": X, "y": y}, CLOSED_FORM, visible=visible, gradient_of="loss", wrt="W"
        )
        # few enough steps that W is still moving: one step more or less shows
        lr = 0.5 if visible else float(np.round(rng.uniform(0.05, 0.5), 2))
        steps = 30 if visible else int(rng.integers(20, 61))
        out.add(
            fit, f"{tag}/1", {"X": X, "y": y, "k": k, "lr": lr, "steps": steps}, ITERATIVE, visible=visible, points=2
        )
        out.add(
            predict,
            f"{tag}/1",
            {"W": W, "X": rng.normal(0.0, 1.5, size=(int(rng.integers(5, 10)), d))},
            LABELS,
            visible=visible,
        )

    # Scores near ±1000: e^1000 overflows unless the row maximum is subtracted first.
    Z = np.round(rng.normal(0.0, 2.0, size=(3, 4)), 1) + np.array([[1000.0], [-1000.0], [0.0]])
    Z[2] = [1000.0, -1000.0, 0.0, 999.0]
    out.add(softmax, "edge/large-scores", {"Z": Z}, CLOSED_FORM, visible=True, edge=T("large scores", "很大的分数"))
    # The true class's probability underflows to 0 (ln 0 = -inf); log-sum-exp keeps the loss finite.
    X, y = data(6, 2, 3)
    X[0], y[0] = [2.0, 0.0], 2  # scores 800, 0, -800; true class 2
    W = np.zeros((3, 3))
    W[1] = [400.0, 0.0, -400.0]
    out.add(
        loss,
        "edge/large-scores",
        {"W": W, "X": X, "y": y},
        CLOSED_FORM,
        visible=False,
        edge=T("large scores", "很大的分数"),
    )
    # k = 4 but only classes 0..2 occur: W still has 4 columns; the missing class is pushed down.
    X, y = data(int(rng.integers(10, 20)), 2, 4, classes=3)
    out.add(
        fit,
        "edge/class-absent",
        {"X": X, "y": y, "k": 4, "lr": 0.5, "steps": 25},
        ITERATIVE,
        visible=False,
        points=2,
        edge=T("a class absent from y", "y 中缺少某个类别"),
    )
    # Columns 0 and 2 of W are equal and column 1 scores 1 less: wherever class 3 does not win,
    # classes 0 and 2 tie and 0 is predicted. Integers keep the ties exact.
    W = rng.integers(-2, 3, size=(3, 4)).astype(float)
    W[:, 2] = W[:, 0]
    W[:, 1] = W[:, 0] - np.array([1.0, 0.0, 0.0])
    W[0, 3] = W[0, 0] - 1.0
    X = rng.integers(-3, 4, size=(8, 2)).astype(float)
    X[0] = [0.0, 0.0]  # scores b, b - 1, b, b - 1: a tie
    out.add(predict, "edge/ties", {"W": W, "X": X}, LABELS, visible=True, edge=T("ties", "平局"))
    return out
