"""Logistic regression: sigmoid, mean binary cross-entropy, its gradient, batch gradient descent.

    A     = [1, X]          (n, d + 1): a column of ones first; w (d + 1,) with the bias w[0]
    σ(z)  = 1 / (1 + e^(-z)), computed without overflow (e^(-|z|) only)
    p     = σ(A w)
    loss  = -(1/n) Σ_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] = (1/n) Σ_i [ln(1 + e^(z_i)) - y_i z_i]
            (natural log; the right-hand form is finite for any z, computed with np.logaddexp)
    grad  = (1/n) Aᵀ (p - y)
    fit:    w_0 = 0 (zeros), then exactly `steps` updates w ← w - lr · grad(w)
    predict: 1 where p >= 0.5 (so z = 0 gives 1), else 0

Labels y are 0/1 (int64). No randomness anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Logistic regression"
DESCRIPTION = "Sigmoid, cross-entropy loss and gradient, batch gradient descent from zero weights, predictions."
TITLE_ZH = "逻辑回归"
DESCRIPTION_ZH = "sigmoid 函数、交叉熵损失及其梯度、从零权重开始的批量梯度下降，以及预测。"
FUNCTIONS = ("sigmoid", "loss", "gradient", "fit", "predict_proba", "predict")


def _scores(w, X):
    X = np.asarray(X, dtype=float)
    return np.asarray(w, dtype=float)[0] + X @ np.asarray(w, dtype=float)[1:]


def sigmoid(z):
    """The logistic function, elementwise.

    z: array of any shape. Returns σ(z) = 1 / (1 + e^(-z)), a float array of the same shape.
    It must not overflow or return nan for large |z| (e.g. z = ±800): use e^(-|z|), i.e.
    σ(z) = 1 / (1 + e^(-z)) where z >= 0 and e^z / (1 + e^z) where z < 0.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def loss(w, X, y):
    """Mean binary cross-entropy (natural log).

    w: (d + 1,), X: (n, d), y: (n,) of 0/1. With z = A w and p = σ(z):
        L(w) = -(1/n) Σ_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] = (1/n) Σ_i [ln(1 + e^(z_i)) - y_i z_i].
    Use the right-hand form with np.logaddexp(0, z) = ln(1 + e^z): p rounds to exactly 1 for
    z > 37 (and to 0 for z < -745), where ln(1 - p) (ln p) would be -inf, but the loss is finite.
    Returns a float.
    """
    z = _scores(w, X)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y) * z))


def gradient(w, X, y):
    """Gradient of loss with respect to w.

    w: (d + 1,), X: (n, d), y: (n,). Returns (1/n) Aᵀ (σ(A w) - y), shape (d + 1,): the first
    entry is the bias component (1/n) Σ_i (p_i - y_i).
    """
    X = np.asarray(X, dtype=float)
    r = sigmoid(_scores(w, X)) - np.asarray(y)
    return np.r_[r.sum(), X.T @ r] / X.shape[0]


def fit(X, y, lr, steps):
    """Batch gradient descent.

    X: (n, d), y: (n,), lr: float learning rate, steps: int >= 0.
    Start from w = zeros(d + 1) and do exactly `steps` updates w ← w - lr * gradient(w, X, y)
    (every update uses all n rows). Returns w, shape (d + 1,).
    """
    w = np.zeros(np.asarray(X).shape[1] + 1)
    for _ in range(steps):
        w = w - lr * gradient(w, X, y)
    return w


def predict_proba(w, X):
    """Probability of class 1 for each row.

    w: (d + 1,), X: (n, d). Returns p = σ(w[0] + X @ w[1:]), shape (n,).
    """
    return sigmoid(_scores(w, X))


def predict(w, X):
    """Predicted labels.

    w: (d + 1,), X: (n, d). Returns an int array (n,): 1 where predict_proba(w, X) >= 0.5
    (a probability of exactly 0.5 predicts 1), else 0.
    """
    return (predict_proba(w, X) >= 0.5).astype(np.int64)


# ---------------------------------------------------------------- cases


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, ITERATIVE, LABELS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def data(n, d):
        """Overlapping classes: labels drawn from the model's own probabilities."""
        X = rng.normal(0.0, 1.5, size=(n, d))
        w = rng.normal(0.0, 1.0, size=d + 1)
        y = (rng.random(n) < predict_proba(w, X)).astype(np.int64)
        return X, y

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d = (8, 2) if visible else (int(rng.integers(15, 40)), int(rng.integers(2, 6)))
        z = np.round(rng.normal(0.0, 3.0, size=7), 2) if visible else rng.normal(0.0, 4.0, size=(3, 4))
        out.add(sigmoid, f"{tag}/1", {"z": z}, CLOSED_FORM, visible=visible)
        X, y = data(n, d)
        w = rng.normal(0.0, 1.0, size=d + 1)
        out.add(loss, f"{tag}/1", {"w": w, "X": X, "y": y}, CLOSED_FORM, visible=visible)
        out.add(
            gradient, f"{tag}/1", {"w": w, "X": X, "y": y}, CLOSED_FORM, visible=visible, gradient_of="loss", wrt="w"
        )
        # few enough steps that w is still moving: one step more or less shows
        lr = 0.5 if visible else float(np.round(rng.uniform(0.05, 0.5), 2))
        steps = 30 if visible else int(rng.integers(20, 61))
        out.add(fit, f"{tag}/1", {"X": X, "y": y, "lr": lr, "steps": steps}, ITERATIVE, visible=visible, points=2)
        X_new = rng.normal(0.0, 1.5, size=(int(rng.integers(5, 10)), d))
        out.add(predict_proba, f"{tag}/1", {"w": w, "X": X_new}, CLOSED_FORM, visible=visible)
        out.add(predict, f"{tag}/1", {"w": w, "X": X_new}, LABELS, visible=visible)

    # e^(-z) overflows for z = -800; e^z / (1 + e^z) is inf / inf for z = 800.
    z = np.array([-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0])
    out.add(sigmoid, "edge/large-magnitude", {"z": z}, CLOSED_FORM, visible=False, edge=T("large |z|", "很大的 |z|"))
    # Scores up to ±120: p rounds to exactly 1 for z > 37, so ln(1 - p) would be -inf; the loss is finite.
    X = rng.integers(-3, 4, size=(8, 2)).astype(float)
    X[0] = [3.0, -3.0]  # z = 120 with label 0
    y = rng.integers(0, 2, size=8)
    y[0] = 0
    out.add(
        loss,
        "edge/large-scores",
        {"w": np.array([0.0, 20.0, -20.0]), "X": X, "y": y},
        CLOSED_FORM,
        visible=True,
        edge=T("saturated probabilities", "饱和的概率"),
    )
    # All labels 1: the weights grow without bound, but after `steps` steps they are definite.
    X, _ = data(int(rng.integers(6, 15)), 2)
    out.add(
        fit,
        "edge/one-class-only",
        {"X": X, "y": np.ones(X.shape[0], dtype=np.int64), "lr": 0.3, "steps": 80},
        ITERATIVE,
        visible=False,
        points=2,
        edge=T("one class only", "只有一个类别"),
    )
    # z = 1 - x_1 + x_2 is exactly 0 on some rows: p = 0.5 predicts 1.
    X = rng.integers(-2, 3, size=(8, 2)).astype(float)
    X[:3] = [[1.0, 0.0], [2.0, 1.0], [0.0, -1.0]]
    X = X[rng.permutation(8)]
    out.add(
        predict, "edge/ties", {"w": np.array([1.0, -1.0, 1.0]), "X": X}, LABELS, visible=True, edge=T("ties", "平局")
    )
    return out
