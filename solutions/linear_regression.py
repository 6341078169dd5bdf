"""Linear regression by the normal equation, with optional ridge penalty.

    A      = [1, X]                       (n, d + 1): a column of ones FIRST, then the d features
    w      = [b, w_1, ..., w_d]           (d + 1,):   the bias is w[0]
    fit:     (AᵀA + λ D) w = Aᵀy,  D = diag(0, 1, ..., 1)   (the bias is not penalised)
    predict: ŷ = A w
    mse:     (1/n) Σ_i (ŷ_i - y_i)²

With λ = 0 this is ordinary least squares (AᵀA must be invertible); with λ > 0 the
system is always solvable, even with more features than points. Solved with
np.linalg.solve: no iterations, no randomness.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Linear regression"
DESCRIPTION = "Normal equation and ridge (bias first in w, not penalised), predictions and mean squared error."
TITLE_ZH = "线性回归"
DESCRIPTION_ZH = "正规方程与岭回归（偏置放在 w 的首位且不加惩罚）、预测和均方误差。"
FUNCTIONS = ("add_bias", "fit", "predict", "mse")


def add_bias(X):
    """Prepend a column of ones to X.

    X: array (n, d) of floats.
    Returns A = [1, X]: array (n, d + 1), A[:, 0] == 1 and A[:, 1:] == X.
    """
    X = np.asarray(X, dtype=float)
    return np.hstack([np.ones((X.shape[0], 1)), X])


def fit(X, y, lam=0.0):
    """Fit the weights with the (ridge) normal equation.

    X: array (n, d); y: array (n,); lam: float >= 0, the ridge strength λ.
    Solve (AᵀA + λ D) w = Aᵀ y with A = [1, X] and D = diag(0, 1, ..., 1), so the bias w[0]
    is not penalised. lam = 0 is ordinary least squares. Use np.linalg.solve (no explicit
    inverse needed); with lam > 0 the system is solvable even when n < d + 1.
    Returns w: array (d + 1,), the bias first.
    """
    A = add_bias(X)
    D = np.eye(A.shape[1])
    D[0, 0] = 0.0
    return np.linalg.solve(A.T @ A + lam * D, A.T @ np.asarray(y, dtype=float))


def predict(w, X):
    """Predictions ŷ = A w with A = [1, X].

    w: array (d + 1,), the bias first; X: array (n, d).
    Returns ŷ: array (n,).
    """
    return add_bias(X) @ np.asarray(w, dtype=float)


def mse(w, X, y):
    """Mean squared error of the predictions.

    w: array (d + 1,); X: array (n, d); y: array (n,).
    Returns the float (1/n) Σ_i (ŷ_i - y_i)² with ŷ = [1, X] w (no factor 1/2).
    """
    return float(np.mean((predict(w, X) - np.asarray(y, dtype=float)) ** 2))


# ---------------------------------------------------------------- cases


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def data(n, d, noise=0.3):
        X = rng.normal(0.0, 1.0, size=(n, d))
        w = rng.normal(0.0, 2.0, size=d + 1)
        return X, predict(w, X) + noise * rng.normal(size=n)

    def lam():
        return float(np.round(rng.uniform(0.2, 5.0), 2))

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d = (6, 2) if visible else (int(rng.integers(15, 40)), int(rng.integers(2, 6)))
        X, y = data(n, d)
        out.add(add_bias, f"{tag}/1", {"X": X}, CLOSED_FORM, visible=visible)
        out.add(fit, f"{tag}/least-squares", {"X": X, "y": y, "lam": 0.0}, CLOSED_FORM, visible=visible, points=2)
        out.add(fit, f"{tag}/ridge", {"X": X, "y": y, "lam": lam()}, CLOSED_FORM, visible=visible, points=2)
        w = rng.normal(0.0, 2.0, size=d + 1)
        X_new, y_new = data(int(rng.integers(4, 10)), d)
        out.add(predict, f"{tag}/1", {"w": w, "X": X_new}, CLOSED_FORM, visible=visible)
        out.add(mse, f"{tag}/1", {"w": w, "X": X_new, "y": y_new}, CLOSED_FORM, visible=visible)

    # A huge λ drives w_1..w_d to 0 and leaves the unpenalised bias at mean(y).
    X, y = data(int(rng.integers(8, 20)), 3)
    out.add(
        fit,
        "edge/large-lambda",
        {"X": X, "y": y, "lam": 1e6},
        CLOSED_FORM,
        visible=True,
        points=2,
        edge=T("large lambda", "很大的 lambda"),
    )
    # n < d + 1: AᵀA is singular, the ridge system is not.
    X, y = data(3, 5)
    out.add(
        fit,
        "edge/more-features-than-points",
        {"X": X, "y": y, "lam": lam()},
        CLOSED_FORM,
        visible=False,
        points=2,
        edge=T("more features than points", "特征数多于样本数"),
    )
    # y constant: w = [c, 0, ..., 0].
    X = rng.normal(size=(int(rng.integers(6, 15)), 2))
    y = np.full(X.shape[0], float(rng.integers(-5, 6)))
    out.add(
        fit,
        "edge/constant-target",
        {"X": X, "y": y, "lam": 0.0},
        CLOSED_FORM,
        visible=False,
        points=2,
        edge=T("constant target", "常数目标值"),
    )
    # Exact predictions: the error is 0.
    w = rng.integers(-3, 4, size=3).astype(float)
    X = rng.integers(-4, 5, size=(5, 2)).astype(float)
    out.add(
        mse,
        "edge/perfect-fit",
        {"w": w, "X": X, "y": predict(w, X)},
        CLOSED_FORM,
        visible=True,
        edge=T("perfect fit", "完美拟合"),
    )
    return out
