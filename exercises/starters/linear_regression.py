"""Linear regression: the normal equation and ridge regression, from scratch in numpy.

Implement every function below (replace each `raise NotImplementedError(...)`),
then check your work with:

    mlexam grade linear_regression.py

Conventions (the grader relies on them):
- X has shape (n, d) and has NO column of ones; you add it with add_bias.
- Weights w have shape (d + 1,) with the bias FIRST: w[0] is the bias, w[1:] the feature weights.
- Ridge does NOT penalise the bias: D = diag(0, 1, ..., 1).
- Return numpy arrays of floats (or a Python float where stated); use no randomness.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade linear_regression.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def add_bias(X):
    """Prepend a column of ones to X.

    X: array (n, d) of floats.
    Returns A = [1, X]: array (n, d + 1), A[:, 0] == 1 and A[:, 1:] == X.
    """
    raise NotImplementedError("add_bias: return A = [1, X], a column of ones first, shape (n, d + 1)")


def fit(X, y, lam=0.0):
    """Fit the weights with the (ridge) normal equation.

    X: array (n, d); y: array (n,); lam: float >= 0, the ridge strength λ.
    Solve (AᵀA + λ D) w = Aᵀ y with A = [1, X] and D = diag(0, 1, ..., 1), so the bias w[0]
    is not penalised. lam = 0 is ordinary least squares. Use np.linalg.solve (no explicit
    inverse needed); with lam > 0 the system is solvable even when n < d + 1.
    Returns w: array (d + 1,), the bias first.
    """
    raise NotImplementedError("fit: solve (A^T A + lam * D) w = A^T y, A = [1, X], D = diag(0, 1, ..., 1)")


def predict(w, X):
    """Predictions ŷ = A w with A = [1, X].

    w: array (d + 1,), the bias first; X: array (n, d).
    Returns ŷ: array (n,).
    """
    raise NotImplementedError("predict: return [1, X] @ w, shape (n,)")


def mse(w, X, y):
    """Mean squared error of the predictions.

    w: array (d + 1,); X: array (n, d); y: array (n,).
    Returns the float (1/n) Σ_i (ŷ_i - y_i)² with ŷ = [1, X] w (no factor 1/2).
    """
    raise NotImplementedError("mse: return mean((predict(w, X) - y) ** 2), a float")
