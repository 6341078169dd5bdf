"""Softmax (multinomial logistic) regression from scratch in numpy: softmax, cross-entropy loss,
its gradient, batch gradient descent and predictions.

Implement every function below (replace each `raise NotImplementedError(...)`),
then check your work with:

    mlexam grade softmax_regression.py

Conventions (the grader relies on them):
- X has shape (n, d) and has NO column of ones. Write A = [1, X] (a column of ones first).
- Weights W have shape (d + 1, k): row 0 holds the k biases, rows 1..d the feature weights,
  so the scores are S = A W = W[0] + X @ W[1:], shape (n, k).
- Labels y have shape (n,), integers 0..k-1. Y is their one-hot matrix (n, k).
- Logarithms are natural logarithms. Use no randomness.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade softmax_regression.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def softmax(Z):
    """Row-wise softmax.

    Z: array (m, k). Returns P (m, k) with P_ic = e^(Z_ic - M_i) / Σ_j e^(Z_ij - M_i), where
    M_i = max_j Z_ij is subtracted first so that large scores (e.g. 1000) do not overflow.
    Each row of P sums to 1.
    """
    raise NotImplementedError("softmax: return exp(Z - rowmax) / sum over the row of exp(Z - rowmax)")


def loss(W, X, y):
    """Mean cross-entropy (natural log).

    W: (d + 1, k), X: (n, d), y: (n,) ints in 0..k-1. With S = A W:
        L(W) = -(1/n) Σ_i ln softmax(S)_i,y_i = (1/n) Σ_i [logsumexp(S_i) - S_i,y_i],
    where logsumexp(s) = M + ln Σ_j e^(s_j - M), M = max_j s_j. Use the right-hand form:
    the probability of the true class can underflow to 0 (ln 0 = -inf) while the loss is finite.
    Returns a float.
    """
    raise NotImplementedError("loss: return mean(logsumexp(S_i) - S[i, y_i]) with S = W[0] + X @ W[1:]")


def gradient(W, X, y):
    """Gradient of loss with respect to W.

    W: (d + 1, k), X: (n, d), y: (n,). Returns (1/n) Aᵀ (softmax(A W) - Y), shape (d + 1, k):
    row 0 is the bias component (1/n) Σ_i (P_i - Y_i).
    """
    raise NotImplementedError("gradient: return A.T @ (softmax(A @ W) - Y) / n with A = [1, X], Y one-hot")


def fit(X, y, k, lr, steps):
    """Batch gradient descent.

    X: (n, d), y: (n,), k: int number of classes (some may not occur in y), lr: float,
    steps: int >= 0. Start from W = zeros((d + 1, k)) and do exactly `steps` updates
    W ← W - lr * gradient(W, X, y) (every update uses all n rows). Returns W, shape (d + 1, k).
    """
    raise NotImplementedError("fit: W = zeros((d + 1, k)); repeat steps times: W = W - lr * gradient(W, X, y)")


def predict(W, X):
    """Predicted classes.

    W: (d + 1, k), X: (n, d). Returns an int array (n,): for each row the class c with the
    largest score S_ic (S = W[0] + X @ W[1:]); among equal largest scores, the smallest c
    (this is what np.argmax does).
    """
    raise NotImplementedError("predict: return the argmax over classes of W[0] + X @ W[1:], ties to the smallest")
