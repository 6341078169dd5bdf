"""Backpropagation in a one-hidden-layer network with sigmoid units, in numpy.

Implement the four functions below; replace each `raise NotImplementedError(...)` with your
code. Use numpy only. Check your work with:

    mlexam grade <this file>

    W1 (d, h), b1 (h,), W2 (h, o), b2 (o,);  σ(z) = 1 / (1 + e^(-z))
    forward:   H = σ(X W1 + b1)   (n, h);     Y = σ(H W2 + b2)   (n, o)
    loss:      L = -(1/n) Σ_i Σ_j [ y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij) ]
    backward:  Δ2 = (Y - Y_true) / n;  dW2 = Hᵀ Δ2;  db2 = Σ_i Δ2_i
               Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H);  dW1 = Xᵀ Δ1;  db1 = Σ_i Δ1_i
    train_step: P - lr dL/dP for every parameter P

A gradient that differs from the expected one is also compared with central differences
of your own loss, to tell whether the derivative or the loss is wrong.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade mlp_backprop.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def forward(X, W1, b1, W2, b2):
    """Forward pass: H = σ(X W1 + b1), Y = σ(H W2 + b2), with σ(z) = 1 / (1 + e^(-z)).

    X (n, d), W1 (d, h), b1 (h,), W2 (h, o), b2 (o,), all float
    -> (H (n, h) float, Y (n, o) float).
    """
    raise NotImplementedError("forward: return (H, Y) with H = σ(X W1 + b1), Y = σ(H W2 + b2)")


def loss(X, Y_true, W1, b1, W2, b2):
    """Mean binary cross-entropy: L = -(1/n) Σ_i Σ_j [y_ij ln ŷ_ij + (1 - y_ij) ln(1 - ŷ_ij)],
    ŷ = Y of forward(X, W1, b1, W2, b2); natural log, summed over the o outputs and averaged
    over the n samples.

    X (n, d) float, Y_true (n, o) float of 0.0 / 1.0, parameters as in forward -> float.
    """
    raise NotImplementedError("loss: return L = -(1/n) Σ_i Σ_j [y ln ŷ + (1 - y) ln(1 - ŷ)] with ŷ from forward")


def backward(X, Y_true, W1, b1, W2, b2):
    """Gradients of loss(X, Y_true, W1, b1, W2, b2) by backpropagation:
    Δ2 = (Y - Y_true) / n,  dW2 = Hᵀ Δ2,  db2 = Σ_i Δ2_i,
    Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H),  dW1 = Xᵀ Δ1,  db1 = Σ_i Δ1_i.

    Inputs as in loss -> (dW1 (d, h), db1 (h,), dW2 (h, o), db2 (o,)), all float, in the order
    of the parameters and each shaped like its parameter.
    """
    raise NotImplementedError(
        "backward: return (dW1, db1, dW2, db2) with Δ2 = (Y - Y_true)/n, dW2 = Hᵀ Δ2, "
        "Δ1 = (Δ2 W2ᵀ) ⊙ H ⊙ (1 - H), dW1 = Xᵀ Δ1 (biases: column sums)"
    )


def train_step(X, Y_true, W1, b1, W2, b2, lr):
    """One full-batch gradient descent step: P - lr dL/dP for P = W1, b1, W2, b2, with the
    gradients of backward at the given parameters (the inputs are not modified).

    Inputs as in loss, lr float > 0 -> (W1, b1, W2, b2), the new parameters, float, same shapes.
    """
    raise NotImplementedError("train_step: return (W1 - lr dW1, b1 - lr db1, W2 - lr dW2, b2 - lr db2)")
