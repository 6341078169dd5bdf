"""Categorical naive Bayes with Laplace smoothing, from scratch in numpy: class priors,
smoothed per-feature likelihoods and predictions by the largest log posterior.

Implement every function below (replace each `raise NotImplementedError(...)`),
then check your work with:

    mlexam grade naive_bayes.py

Conventions (the grader relies on them):
- Features are small non-negative integers: X has shape (n, d), every X[i, j] in 0..n_values-1
  (the same n_values for every feature). Labels y have shape (n,), every y[i] in 0..n_classes-1;
  a class may have no training rows at all.
- N_c = number of rows of class c, N_cjv = number of rows of class c with X[i, j] == v.
- Logarithms are natural logarithms. Use no randomness.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade naive_bayes.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def priors(y, n_classes):
    """Class priors, not smoothed.

    y: (n,) ints, n_classes: int. Returns P of shape (n_classes,) with P[c] = N_c / n
    (0 for a class that does not occur).
    """
    raise NotImplementedError("priors: return P[c] = N_c / n for c = 0..n_classes-1")


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    """Laplace-smoothed likelihoods of every feature value given every class.

    X: (n, d) ints, y: (n,) ints, n_classes: int, n_values: int, alpha: float > 0.
    Returns L of shape (n_classes, d, n_values) with
        L[c, j, v] = P(x_j = v | c) = (N_cjv + alpha) / (N_c + alpha * n_values),
    so L[c, j, :] sums to 1; a value never seen with class c gets alpha / (N_c + alpha * n_values),
    and a class without rows gets 1 / n_values everywhere.
    """
    raise NotImplementedError("likelihoods: return L[c, j, v] = (N_cjv + alpha) / (N_c + alpha * n_values)")


def predict(X_train, y_train, X, n_classes, n_values, alpha=1.0):
    """Most probable class of each row of X.

    X_train: (n, d), y_train: (n,), X: (m, d) ints; n_classes, n_values, alpha as above.
    With P = priors(y_train, n_classes) and L = likelihoods(X_train, y_train, n_classes, n_values, alpha),
    return for each row x of X the class c maximising the log posterior
        ln P[c] + Σ_j ln L[c, j, x_j]
    (add logs, do not multiply probabilities; ln 0 = -inf, so a class without training rows never
    wins). Among equal log posteriors, the smallest class. Returns an int array (m,).
    """
    raise NotImplementedError("predict: return argmax_c of ln P[c] + sum_j ln L[c, j, x_j], ties to the smallest c")
