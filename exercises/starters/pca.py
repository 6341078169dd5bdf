"""Principal component analysis through the eigenvectors of the sample covariance, in numpy.

Implement the five functions below; replace each `raise NotImplementedError(...)` with your
code. Use numpy only (np.linalg.eigh is allowed). Check your work with:

    mlexam grade <this file>

    X_c  = X - x̄                                  centred data (every row minus the column means)
    C    = X_cᵀ X_c / (n - 1)                     sample covariance, (d, d)
    C v_i = λ_i v_i,  |v_i| = 1,  λ_1 > λ_2 > ... > λ_d      eigenvalues sorted descending
    components(X, k) = [v_1; ...; v_k]            (k, d), one unit eigenvector per row
    project(X, k)    = X_c [v_1 ... v_k]          (n, k)
    ratio_i          = λ_i / (λ_1 + ... + λ_d)    i = 1..k

An eigenvector is only defined up to its sign, so components are graded row by row up to
sign and projections column by column up to sign.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade pca.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def center(X):
    """The centred data X_c = X - x̄: every row minus the column means x̄ = (1/n) Σ_i x_i.

    X (n, d) float -> (n, d) float; X itself is not modified.
    """
    raise NotImplementedError("center: return X - x̄, x̄ = the column means of X")


def covariance(X):
    """Sample covariance C = X_cᵀ X_c / (n - 1) of the centred data X_c (divides by n - 1).

    X (n, d) float with n >= 2 -> (d, d) float, symmetric.
    """
    raise NotImplementedError("covariance: return C = X_cᵀ X_c / (n - 1) with X_c = center(X)")


def components(X, k):
    """The k principal components: unit eigenvectors of the covariance C, one per row,
    sorted by eigenvalue, largest first.

    X (n, d) float, k int with 1 <= k <= d -> (k, d) float; row i satisfies C v_i = λ_i v_i,
    |v_i| = 1, λ_1 > λ_2 > ... Each row is graded up to its sign.
    """
    raise NotImplementedError("components: return the (k, d) unit eigenvectors of C as rows, eigenvalues descending")


def project(X, k):
    """Scores of the centred data on the first k components: X_c [v_1 ... v_k].

    X (n, d) float, k int with 1 <= k <= d -> (n, k) float; column i is X_c v_i (graded up
    to its sign, like v_i).
    """
    raise NotImplementedError("project: return X_c @ components(X, k).T, shape (n, k)")


def explained_variance_ratio(X, k):
    """Share of the total variance on each of the first k components: λ_i / (λ_1 + ... + λ_d).

    X (n, d) float, k int with 1 <= k <= d -> (k,) float, descending; the denominator sums
    all d eigenvalues of the covariance (its trace), not only the first k.
    """
    raise NotImplementedError("explained_variance_ratio: return λ_i / (λ_1 + ... + λ_d) for i = 1..k, λ descending")
