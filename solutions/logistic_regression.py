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

import numpy as np

from grader.cases import ALLCLOSE, EXACT, Case, Compare, reference_case

TITLE = "Logistic regression"
DESCRIPTION = "Sigmoid, cross-entropy loss and gradient, batch gradient descent from zero weights, predictions."
FUNCTIONS = ("sigmoid", "loss", "gradient", "fit", "predict_proba", "predict")

CLOSED_FORM = Compare(ALLCLOSE, rtol=1e-6, atol=1e-8)
ITERATIVE = Compare(ALLCLOSE, rtol=1e-5, atol=1e-7)
LABELS = Compare(EXACT)


def _scores(w, X):
    X = np.asarray(X, dtype=float)
    return np.asarray(w, dtype=float)[0] + X @ np.asarray(w, dtype=float)[1:]


def sigmoid(z):
    """σ(z) elementwise, any shape; float array."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def loss(w, X, y):
    """Mean binary cross-entropy (natural log): a float."""
    z = _scores(w, X)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y) * z))


def gradient(w, X, y):
    """(1/n) Aᵀ (σ(A w) - y): (d + 1,)."""
    X = np.asarray(X, dtype=float)
    r = sigmoid(_scores(w, X)) - np.asarray(y)
    return np.r_[r.sum(), X.T @ r] / X.shape[0]


def fit(X, y, lr, steps):
    """Batch gradient descent from w = 0 for exactly `steps` steps: (d + 1,)."""
    w = np.zeros(np.asarray(X).shape[1] + 1)
    for _ in range(steps):
        w = w - lr * gradient(w, X, y)
    return w


def predict_proba(w, X):
    """p = σ(A w): (n,)."""
    return sigmoid(_scores(w, X))


def predict(w, X):
    """1 where p >= 0.5, else 0: int64 (n,)."""
    return (predict_proba(w, X) >= 0.5).astype(np.int64)


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    rng = np.random.default_rng(seed)
    out: list[Case] = []

    def case(name, function, inputs, visible, compare=CLOSED_FORM, points=1.0, edge=None, **gradient_check):
        out.append(reference_case(f"{function.__name__}/{name}", function, inputs,
                                  visible=visible, compare=compare, points=points, edge=edge, **gradient_check))

    def data(n, d):
        """Overlapping classes: labels drawn from the model's own probabilities."""
        X = rng.normal(0.0, 1.5, size=(n, d))
        w = rng.normal(0.0, 1.0, size=d + 1)
        y = (rng.random(n) < predict_proba(w, X)).astype(np.int64)
        return X, y

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d = (8, 2) if visible else (int(rng.integers(15, 40)), int(rng.integers(2, 6)))
        z = np.round(rng.normal(0.0, 3.0, size=7), 2) if visible else rng.normal(0.0, 4.0, size=(3, 4))
        case(f"{tag}/1", sigmoid, {"z": z}, visible)
        X, y = data(n, d)
        w = rng.normal(0.0, 1.0, size=d + 1)
        case(f"{tag}/1", loss, {"w": w, "X": X, "y": y}, visible)
        case(f"{tag}/1", gradient, {"w": w, "X": X, "y": y}, visible, gradient_of="loss", wrt="w")
        # few enough steps that w is still moving: one step more or less shows
        lr = 0.5 if visible else float(np.round(rng.uniform(0.05, 0.5), 2))
        steps = 30 if visible else int(rng.integers(20, 61))
        case(f"{tag}/1", fit, {"X": X, "y": y, "lr": lr, "steps": steps}, visible, ITERATIVE, points=2)
        X_new = rng.normal(0.0, 1.5, size=(int(rng.integers(5, 10)), d))
        case(f"{tag}/1", predict_proba, {"w": w, "X": X_new}, visible)
        case(f"{tag}/1", predict, {"w": w, "X": X_new}, visible, LABELS)

    # e^(-z) overflows for z = -800; e^z / (1 + e^z) is inf / inf for z = 800.
    z = np.array([-800.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0])
    case("edge/large-magnitude", sigmoid, {"z": z}, False, edge="large |z|")
    # Scores up to ±120: p rounds to exactly 1 (or 0), so ln(1 - p) would be -inf; the loss is finite.
    X = rng.integers(-3, 4, size=(8, 2)).astype(float)
    X[0] = [3.0, -3.0]                                              # z = 120 with label 0
    y = rng.integers(0, 2, size=8)
    y[0] = 0
    case("edge/large-scores", loss, {"w": np.array([0.0, 20.0, -20.0]), "X": X, "y": y}, True,
         edge="saturated probabilities")
    # All labels 1: the weights grow without bound, but after `steps` steps they are definite.
    X, _ = data(int(rng.integers(6, 15)), 2)
    case("edge/one-class-only", fit, {"X": X, "y": np.ones(X.shape[0], dtype=np.int64), "lr": 0.3, "steps": 80},
         False, ITERATIVE, points=2, edge="one class only")
    # z = 1 - x_1 + x_2 is exactly 0 on some rows: p = 0.5 predicts 1.
    X = rng.integers(-2, 3, size=(8, 2)).astype(float)
    X[:3] = [[1.0, 0.0], [2.0, 1.0], [0.0, -1.0]]
    X = X[rng.permutation(8)]
    case("edge/ties", predict, {"w": np.array([1.0, -1.0, 1.0]), "X": X}, True, LABELS, edge="ties")
    return out
