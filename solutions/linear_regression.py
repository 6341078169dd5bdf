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

import numpy as np

from grader.cases import ALLCLOSE, Case, Compare, reference_case

TITLE = "Linear regression"
DESCRIPTION = "Normal equation and ridge (bias first in w, not penalised), predictions and mean squared error."
FUNCTIONS = ("add_bias", "fit", "predict", "mse")

CLOSED_FORM = Compare(ALLCLOSE, rtol=1e-6, atol=1e-8)


def add_bias(X):
    """[1, X]: X (n, d) float -> (n, d + 1) float, the column of ones first."""
    X = np.asarray(X, dtype=float)
    return np.hstack([np.ones((X.shape[0], 1)), X])


def fit(X, y, lam=0.0):
    """w (d + 1,) solving (AᵀA + lam D) w = Aᵀy with A = [1, X], D = diag(0, 1, ..., 1)."""
    A = add_bias(X)
    D = np.eye(A.shape[1])
    D[0, 0] = 0.0
    return np.linalg.solve(A.T @ A + lam * D, A.T @ np.asarray(y, dtype=float))


def predict(w, X):
    """ŷ = [1, X] w: (n,) float."""
    return add_bias(X) @ np.asarray(w, dtype=float)


def mse(w, X, y):
    """(1/n) Σ (ŷ_i - y_i)²: a float."""
    return float(np.mean((predict(w, X) - np.asarray(y, dtype=float)) ** 2))


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    rng = np.random.default_rng(seed)

    def data(n, d, noise=0.3):
        X = rng.normal(0.0, 1.0, size=(n, d))
        w = rng.normal(0.0, 2.0, size=d + 1)
        return X, predict(w, X) + noise * rng.normal(size=n)

    def lam():
        return float(np.round(rng.uniform(0.2, 5.0), 2))

    out: list[Case] = []

    def case(name, function, inputs, visible, points=1.0, edge=None):
        out.append(reference_case(f"{function.__name__}/{name}", function, inputs,
                                  visible=visible, compare=CLOSED_FORM, points=points, edge=edge))

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d = (6, 2) if visible else (int(rng.integers(15, 40)), int(rng.integers(2, 6)))
        X, y = data(n, d)
        case(f"{tag}/1", add_bias, {"X": X}, visible)
        case(f"{tag}/least-squares", fit, {"X": X, "y": y, "lam": 0.0}, visible, points=2)
        case(f"{tag}/ridge", fit, {"X": X, "y": y, "lam": lam()}, visible, points=2)
        w = rng.normal(0.0, 2.0, size=d + 1)
        X_new, y_new = data(int(rng.integers(4, 10)), d)
        case(f"{tag}/1", predict, {"w": w, "X": X_new}, visible)
        case(f"{tag}/1", mse, {"w": w, "X": X_new, "y": y_new}, visible)

    # A huge λ drives w_1..w_d to 0 and leaves the unpenalised bias at mean(y).
    X, y = data(int(rng.integers(8, 20)), 3)
    case("edge/large-lambda", fit, {"X": X, "y": y, "lam": 1e6}, True, points=2, edge="large lambda")
    # n < d + 1: AᵀA is singular, the ridge system is not.
    X, y = data(3, 5)
    case("edge/more-features-than-points", fit, {"X": X, "y": y, "lam": lam()}, False, points=2,
         edge="more features than points")
    # y constant: w = [c, 0, ..., 0].
    X = rng.normal(size=(int(rng.integers(6, 15)), 2))
    y = np.full(X.shape[0], float(rng.integers(-5, 6)))
    case("edge/constant-target", fit, {"X": X, "y": y, "lam": 0.0}, False, points=2, edge="constant target")
    # Exact predictions: the error is 0.
    w = rng.integers(-3, 4, size=3).astype(float)
    X = rng.integers(-4, 5, size=(5, 2)).astype(float)
    case("edge/perfect-fit", mse, {"w": w, "X": X, "y": predict(w, X)}, True, edge="perfect fit")
    return out
