"""Principal component analysis through the eigenvectors of the sample covariance.

    X (n, d) points, one per row
    x̄    = (1/n) Σ_i x_i                          column means
    X_c  = X - x̄                                  centred data (every row minus x̄)
    C    = X_cᵀ X_c / (n - 1)                     sample covariance, (d, d)
    C v_i = λ_i v_i,  |v_i| = 1,  λ_1 > λ_2 > ... > λ_d      eigenvalues sorted descending
    components(X, k) = [v_1; ...; v_k]            (k, d), one unit eigenvector per row
    project(X, k)    = X_c [v_1 ... v_k]          (n, k) scores of the centred data
    ratio_i          = λ_i / (λ_1 + ... + λ_d)    explained variance ratio, i = 1..k
                                                   (the denominator sums all d eigenvalues = tr C)

An eigenvector is only defined up to its sign: components are compared row by row up to
sign, projections column by column up to sign. The reference makes the entry of largest
absolute value of each component positive. The cases' data have distinct eigenvalues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Principal component analysis"
DESCRIPTION = "Centring, sample covariance, components up to sign, projections, explained variance."
TITLE_ZH = "主成分分析"
DESCRIPTION_ZH = "中心化、样本协方差、主成分（各差一个符号均可）、投影和解释方差比。"
INPUTS_UNCHANGED = ("center",)  # its contract: the arrays it is given are not modified
FUNCTIONS = ("center", "covariance", "components", "project", "explained_variance_ratio")


def center(X):
    """The centred data X_c = X - x̄: every row minus the column means x̄ = (1/n) Σ_i x_i.

    X (n, d) float -> (n, d) float; X itself is not modified.
    """
    return X - X.mean(axis=0)


def covariance(X):
    """Sample covariance C = X_cᵀ X_c / (n - 1) of the centred data X_c (divides by n - 1).

    X (n, d) float with n >= 2 -> (d, d) float, symmetric.
    """
    Xc = center(X)
    return Xc.T @ Xc / (X.shape[0] - 1)


def _eigen(X):
    """Eigenvalues (descending) and unit eigenvectors (rows, same order) of the covariance."""
    values, vectors = np.linalg.eigh(covariance(X))
    order = np.argsort(values)[::-1]
    rows = vectors[:, order].T
    signs = np.sign(rows[np.arange(len(rows)), np.argmax(np.abs(rows), axis=1)])
    return values[order], rows * signs[:, None]


def components(X, k):
    """The k principal components: unit eigenvectors of the covariance C, one per row,
    sorted by eigenvalue, largest first.

    X (n, d) float, k int with 1 <= k <= d -> (k, d) float; row i satisfies C v_i = λ_i v_i,
    |v_i| = 1, λ_1 > λ_2 > ... Each row is graded up to its sign.
    """
    return _eigen(X)[1][:k]


def project(X, k):
    """Scores of the centred data on the first k components: X_c [v_1 ... v_k].

    X (n, d) float, k int with 1 <= k <= d -> (n, k) float; column i is X_c v_i (graded up
    to its sign, like v_i).
    """
    return center(X) @ components(X, k).T


def explained_variance_ratio(X, k):
    """Share of the total variance on each of the first k components: λ_i / (λ_1 + ... + λ_d).

    X (n, d) float, k int with 1 <= k <= d -> (k,) float, descending; the denominator sums
    all d eigenvalues of the covariance (its trace), not only the first k.
    """
    values = _eigen(X)[0]
    return values[:k] / values.sum()


# ---------------------------------------------------------------- cases

MIN_GAP = 0.05  # consecutive eigenvalues differ by at least this share of the largest one


def _well_separated(X) -> bool:
    values = np.linalg.eigvalsh(covariance(X))[::-1]
    return bool(values[0] > 0 and np.all(-np.diff(values) > MIN_GAP * values[0]))


def _data(rng, n=None, d=None):
    """Correlated data with distinct eigenvalues and a non-zero mean; redrawn until the
    sample covariance has well separated eigenvalues."""
    while True:
        nn = int(rng.integers(8, 41)) if n is None else n
        dd = int(rng.integers(2, 6)) if d is None else d
        scales = np.sort(rng.uniform(0.3, 4.0, size=dd))[::-1]
        rotation, _ = np.linalg.qr(rng.normal(size=(dd, dd)))
        X = rng.normal(size=(nn, dd)) * scales @ rotation.T + rng.uniform(-5.0, 5.0, size=dd)
        if _well_separated(X):
            return X


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, COMPONENT_COLUMNS, COMPONENT_ROWS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def kind(visible):
        return "visible" if visible else "hidden"

    for i, visible in enumerate((True, False)):
        out.add(center, f"{kind(visible)}/{i + 1}", {"X": _data(rng)}, CLOSED_FORM, visible=visible)
    for i, visible in enumerate((True, False)):
        out.add(covariance, f"{kind(visible)}/{i + 1}", {"X": _data(rng)}, CLOSED_FORM, visible=visible)

    # components: k = 1 and k = 2 < d visible, k = d hidden
    for visible, pick in ((True, "1"), (True, "2"), (False, "d")):
        X = _data(rng, d=int(rng.integers(3, 6)))
        k = X.shape[1] if pick == "d" else int(pick)
        out.add(components, f"{kind(visible)}/k={pick}", {"X": X, "k": k}, COMPONENT_ROWS, visible=visible)
    for i, visible in enumerate((True, False)):
        X = _data(rng, d=int(rng.integers(3, 6)))  # d = 2 would hide a wrong axis (rotations)
        k = int(rng.integers(1, X.shape[1] + 1))
        out.add(project, f"{kind(visible)}/{i + 1}", {"X": X, "k": k}, COMPONENT_COLUMNS, visible=visible)
    for i, visible in enumerate((True, False)):
        X = _data(rng, d=int(rng.integers(3, 6)))
        k = int(rng.integers(1, X.shape[1]))  # k < d
        out.add(explained_variance_ratio, f"{kind(visible)}/{i + 1}", {"X": X, "k": k}, CLOSED_FORM, visible=visible)

    # Edge: a constant feature (its variance is 0: the last component is that axis).
    while True:
        X = _data(rng, d=3)
        X[:, int(rng.integers(0, 3))] = float(rng.integers(-5, 6))
        if _well_separated(X):
            break
    out.add(
        components,
        "edge/constant feature",
        {"X": X, "k": 3},
        COMPONENT_ROWS,
        visible=True,
        edge=T("constant feature", "常数特征"),
    )
    # Edge: two points in the plane (rank-one covariance, eigenvalues λ and 0).
    X = _data(rng, n=2, d=2)
    out.add(covariance, "edge/two points", {"X": X}, CLOSED_FORM, visible=True, edge=T("two points", "只有两个点"))
    out.add(
        explained_variance_ratio,
        "edge/two points",
        {"X": X.copy(), "k": 2},
        CLOSED_FORM,
        visible=False,
        edge=T("two points", "只有两个点"),
    )
    out.add(
        project,
        "edge/two points",
        {"X": X.copy(), "k": 1},
        COMPONENT_COLUMNS,
        visible=False,
        edge=T("two points", "只有两个点"),
    )
    return out
