"""Logistic regression from scratch in numpy: sigmoid, cross-entropy loss, its gradient,
batch gradient descent and predictions.

Implement every function below (replace each `raise NotImplementedError(...)`),
then check your work with:

    mlexam grade logistic_regression.py

Conventions (the grader relies on them):
- X has shape (n, d) and has NO column of ones. Write A = [1, X] (a column of ones first).
- Weights w have shape (d + 1,) with the bias FIRST: the score of row i is z_i = w[0] + X[i] @ w[1:].
- Labels y have shape (n,), integers 0 or 1.
- Logarithms are natural logarithms. Use no randomness.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade logistic_regression.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def sigmoid(z):
    """The logistic function, elementwise.

    z: array of any shape. Returns σ(z) = 1 / (1 + e^(-z)), a float array of the same shape.
    It must not overflow or return nan for large |z| (e.g. z = ±800): use e^(-|z|), i.e.
    σ(z) = 1 / (1 + e^(-z)) where z >= 0 and e^z / (1 + e^z) where z < 0.
    """
    raise NotImplementedError("sigmoid: return 1 / (1 + exp(-z)) elementwise, without overflow for large |z|")


def loss(w, X, y):
    """Mean binary cross-entropy (natural log).

    w: (d + 1,), X: (n, d), y: (n,) of 0/1. With z = A w and p = σ(z):
        L(w) = -(1/n) Σ_i [y_i ln p_i + (1 - y_i) ln(1 - p_i)] = (1/n) Σ_i [ln(1 + e^(z_i)) - y_i z_i].
    Use the right-hand form with np.logaddexp(0, z) = ln(1 + e^z): p rounds to exactly 1 for
    z > 37 (and to 0 for z < -745), where ln(1 - p) (ln p) would be -inf, but the loss is finite.
    Returns a float.
    """
    raise NotImplementedError("loss: return mean(ln(1 + exp(z)) - y * z) with z = w[0] + X @ w[1:]")


def gradient(w, X, y):
    """Gradient of loss with respect to w.

    w: (d + 1,), X: (n, d), y: (n,). Returns (1/n) Aᵀ (σ(A w) - y), shape (d + 1,): the first
    entry is the bias component (1/n) Σ_i (p_i - y_i).
    """
    raise NotImplementedError("gradient: return A.T @ (sigmoid(A @ w) - y) / n with A = [1, X]")


def fit(X, y, lr, steps):
    """Batch gradient descent.

    X: (n, d), y: (n,), lr: float learning rate, steps: int >= 0.
    Start from w = zeros(d + 1) and do exactly `steps` updates w ← w - lr * gradient(w, X, y)
    (every update uses all n rows). Returns w, shape (d + 1,).
    """
    raise NotImplementedError("fit: w = zeros(d + 1); repeat steps times: w = w - lr * gradient(w, X, y)")


def predict_proba(w, X):
    """Probability of class 1 for each row.

    w: (d + 1,), X: (n, d). Returns p = σ(w[0] + X @ w[1:]), shape (n,).
    """
    raise NotImplementedError("predict_proba: return sigmoid(w[0] + X @ w[1:])")


def predict(w, X):
    """Predicted labels.

    w: (d + 1,), X: (n, d). Returns an int array (n,): 1 where predict_proba(w, X) >= 0.5
    (a probability of exactly 0.5 predicts 1), else 0.
    """
    raise NotImplementedError("predict: return 1 where predict_proba(w, X) >= 0.5, else 0, as ints")
