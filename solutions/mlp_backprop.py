"""A one-hidden-layer perceptron with sigmoid units, trained by backpropagation.

    X (n, d) inputs, one per row;  Y_true (n, o) targets in {0, 1}
    W1 (d, h), b1 (h,), W2 (h, o), b2 (o,);  σ(z) = 1 / (1 + e^(-z))
    forward:   H = σ(X W1 + b1)   (n, h);     Y = σ(H W2 + b2)   (n, o)
    loss:      L = -(1/n) Σ_i Σ_j [ y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij) ]
               natural log; summed over the o outputs, averaged over the n samples
               (scikit-learn's MLP loss with alpha = 0)
    backward:  Δ2 = (Y - Y_true) / n            (n, o)   (sigmoid + cross-entropy)
               dW2 = Hᵀ Δ2,  db2 = Σ_i Δ2_i
               Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H)     (n, h)
               dW1 = Xᵀ Δ1,  db1 = Σ_i Δ1_i
    train_step: every parameter P becomes P - lr dL/dP (one full-batch gradient step)

Biases are separate vectors (no column of ones). backward returns (dW1, db1, dW2, db2), in
the order of the parameters, each shaped like its parameter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Backpropagation in a small neural network"
DESCRIPTION = "Forward pass, cross-entropy loss, backprop gradients and one gradient step of a sigmoid MLP."
TITLE_ZH = "小型神经网络中的反向传播"
DESCRIPTION_ZH = "sigmoid 多层感知机的前向传播、交叉熵损失、反向传播梯度和一步梯度下降。"
INPUTS_UNCHANGED = ("train_step",)  # its contract: the arrays it is given are not modified
FUNCTIONS = ("forward", "loss", "backward", "train_step")
PARAMETERS = ("W1", "b1", "W2", "b2")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward(X, W1, b1, W2, b2):
    """Forward pass: H = σ(X W1 + b1), Y = σ(H W2 + b2), with σ(z) = 1 / (1 + e^(-z)).

    X (n, d), W1 (d, h), b1 (h,), W2 (h, o), b2 (o,), all float
    -> (H (n, h) float, Y (n, o) float).
    """
    H = _sigmoid(X @ W1 + b1)
    return H, _sigmoid(H @ W2 + b2)


def loss(X, Y_true, W1, b1, W2, b2):
    """Mean binary cross-entropy: L = -(1/n) Σ_i Σ_j [y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij)],
    ŷ = Y of forward(X, W1, b1, W2, b2); natural log, summed over the o outputs and averaged
    over the n samples.

    X (n, d) float, Y_true (n, o) float of 0.0 / 1.0, parameters as in forward -> float.
    """
    _, Y = forward(X, W1, b1, W2, b2)
    n = X.shape[0]
    return float(-np.sum(Y_true * np.log(Y) + (1.0 - Y_true) * np.log(1.0 - Y)) / n)


def backward(X, Y_true, W1, b1, W2, b2):
    """Gradients of loss(X, Y_true, W1, b1, W2, b2) by backpropagation:
    Δ2 = (Y - Y_true) / n,  dW2 = Hᵀ Δ2,  db2 = Σ_i Δ2_i,
    Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H),  dW1 = Xᵀ Δ1,  db1 = Σ_i Δ1_i.

    Inputs as in loss -> (dW1 (d, h), db1 (h,), dW2 (h, o), db2 (o,)), all float, in the order
    of the parameters and each shaped like its parameter.
    """
    H, Y = forward(X, W1, b1, W2, b2)
    delta2 = (Y - Y_true) / X.shape[0]
    delta1 = (delta2 @ W2.T) * H * (1.0 - H)
    return X.T @ delta1, delta1.sum(axis=0), H.T @ delta2, delta2.sum(axis=0)


def train_step(X, Y_true, W1, b1, W2, b2, lr):
    """One full-batch gradient descent step: P - lr dL/dP for P = W1, b1, W2, b2, with the
    gradients of backward at the given parameters (the inputs are not modified).

    Inputs as in loss, lr float > 0 -> (W1, b1, W2, b2), the new parameters, float, same shapes.
    """
    grads = backward(X, Y_true, W1, b1, W2, b2)
    return tuple(p - lr * g for p, g in zip((W1, b1, W2, b2), grads))


# ---------------------------------------------------------------- cases


def _problem(rng, n=None, o=None):
    """A batch and parameters. h is 4-6 and o 1-3, so h != o and the four gradients have four
    different shapes (the grader can tell which one a finite-difference check is about)."""
    n = int(rng.integers(5, 21)) if n is None else n
    d, h = int(rng.integers(2, 6)), int(rng.integers(4, 7))
    o = int(rng.integers(1, 4)) if o is None else o
    return {
        "X": rng.normal(size=(n, d)),
        "Y_true": (rng.random((n, o)) < 0.5).astype(np.float64),
        "W1": rng.normal(scale=0.8, size=(d, h)),
        "b1": rng.normal(scale=0.5, size=h),
        "W2": rng.normal(scale=0.8, size=(h, o)),
        "b2": rng.normal(scale=0.5, size=o),
    }


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def without_targets(problem):
        return {k: v for k, v in problem.items() if k != "Y_true"}

    out.add(forward, "visible/1", without_targets(_problem(rng)), CLOSED_FORM, visible=True)
    out.add(forward, "hidden/2", without_targets(_problem(rng)), CLOSED_FORM, visible=False)
    out.add(loss, "visible/1", _problem(rng, o=2), CLOSED_FORM, visible=True)
    out.add(loss, "hidden/2", _problem(rng, o=3), CLOSED_FORM, visible=False)
    zero = _problem(rng, o=2)
    zero.update({key: np.zeros_like(zero[key]) for key in PARAMETERS})
    out.add(loss, "edge/zero weights", zero, CLOSED_FORM, visible=True, edge=T("zero weights", "零权重"))  # = o ln 2

    # a wrong gradient is also compared with central differences of the learner's loss (a diagnosis)
    for name, o, wrt, visible in (
        ("visible/1-wrt-W1", 2, "W1", True),
        ("visible/2-wrt-b2", 1, "b2", True),
        ("hidden/3-wrt-b1", 3, "b1", False),
        ("hidden/4-wrt-W2", 2, "W2", False),
    ):
        out.add(backward, name, _problem(rng, o=o), CLOSED_FORM, visible=visible, gradient_of="loss", wrt=wrt)
    out.add(
        backward,
        "edge/single sample-wrt-W1",
        _problem(rng, n=1, o=2),
        CLOSED_FORM,
        visible=True,
        edge=T("single sample", "只有一个样本"),
        gradient_of="loss",
        wrt="W1",
    )

    for i, visible in enumerate((True, False)):
        problem = _problem(rng, o=int(rng.integers(1, 4)))
        problem["lr"] = float(rng.choice([0.1, 0.5, 1.0]))
        out.add(
            train_step,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            problem,
            CLOSED_FORM,
            visible=visible,
            points=2.0,
        )
    zero = _problem(rng, n=2 * int(rng.integers(3, 10)) + 1, o=2)  # odd n: the step is not 0
    zero.update({key: np.zeros_like(zero[key]) for key in PARAMETERS})
    zero["lr"] = 0.5
    out.add(
        train_step, "edge/zero weights", zero, CLOSED_FORM, visible=False, points=2.0, edge=T("zero weights", "零权重")
    )
    return out
