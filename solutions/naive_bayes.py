"""Categorical naive Bayes with Laplace (additive) smoothing.

Features and labels are small non-negative integers: x_j in 0..V-1 (V = n_values, the same for every
feature), y in 0..C-1 (C = n_classes). N_c = number of training rows of class c, N_cjv = number of
those whose feature j equals v, n = number of training rows.

    priors:       P(c) = N_c / n                                     (not smoothed; 0 for an absent class)
    likelihoods:  P(x_j = v | c) = (N_cjv + α) / (N_c + α V),  α > 0  (a class without rows: 1 / V)
    predict:      argmax_c [ln P(c) + Σ_j ln P(x_j | c)]   (ln 0 = -inf: an absent class never wins;
                  among equal log posteriors the smallest class)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Naive Bayes (categorical)"
DESCRIPTION = "Class priors, Laplace-smoothed likelihoods of categorical features, argmax of log posterior."
TITLE_ZH = "朴素贝叶斯（类别特征）"
DESCRIPTION_ZH = "类先验概率、类别特征的拉普拉斯平滑似然，以及对数后验概率的 argmax。"
FUNCTIONS = ("priors", "likelihoods", "predict")


def priors(y, n_classes):
    """Class priors, not smoothed.

    y: (n,) ints, n_classes: int. Returns P of shape (n_classes,) with P[c] = N_c / n
    (0 for a class that does not occur).
    """
    return np.bincount(y, minlength=n_classes) / len(y)


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    """Laplace-smoothed likelihoods of every feature value given every class.

    X: (n, d) ints, y: (n,) ints, n_classes: int, n_values: int, alpha: float > 0.
    Returns L of shape (n_classes, d, n_values) with
        L[c, j, v] = P(x_j = v | c) = (N_cjv + alpha) / (N_c + alpha * n_values),
    so L[c, j, :] sums to 1; a value never seen with class c gets alpha / (N_c + alpha * n_values),
    and a class without rows gets 1 / n_values everywhere.
    """
    X, y = np.asarray(X), np.asarray(y)
    counts = np.zeros((n_classes, X.shape[1], n_values))
    np.add.at(counts, (y[:, None], np.arange(X.shape[1])[None, :], X), 1.0)
    class_counts = np.bincount(y, minlength=n_classes)
    return (counts + alpha) / (class_counts[:, None, None] + alpha * n_values)


def _log_posterior(X_train, y_train, X, n_classes, n_values, alpha):
    """ln P(c) + Σ_j ln P(x_j | c) up to a constant: (len(X), n_classes)."""
    with np.errstate(divide="ignore"):
        log_prior = np.log(priors(y_train, n_classes))
    log_lik = np.log(likelihoods(X_train, y_train, n_classes, n_values, alpha))
    X = np.asarray(X)
    return log_prior + log_lik[:, np.arange(X.shape[1]), X].sum(axis=2).T


def predict(X_train, y_train, X, n_classes, n_values, alpha=1.0):
    """Most probable class of each row of X.

    X_train: (n, d), y_train: (n,), X: (m, d) ints; n_classes, n_values, alpha as above.
    With P = priors(y_train, n_classes) and L = likelihoods(X_train, y_train, n_classes, n_values, alpha),
    return for each row x of X the class c maximising the log posterior
        ln P[c] + Σ_j ln L[c, j, x_j]
    (add logs, do not multiply probabilities; ln 0 = -inf, so a class without training rows never
    wins). Among equal log posteriors, the smallest class. Returns an int array (m,).
    """
    return np.argmax(_log_posterior(X_train, y_train, X, n_classes, n_values, alpha), axis=1).astype(np.int64)


# ---------------------------------------------------------------- cases


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, LABELS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def data(n, d, n_classes, n_values):
        """Each class prefers its own values; every class occurs."""
        y = np.r_[np.arange(n_classes), rng.integers(0, n_classes, size=n - n_classes)]
        preference = rng.dirichlet(np.ones(n_values), size=(n_classes, d))
        X = np.array([[rng.choice(n_values, p=preference[c, j]) for j in range(d)] for c in y])
        order = rng.permutation(n)
        return X[order].astype(np.int64), y[order].astype(np.int64)

    def clear_queries(X_train, y_train, m, n_classes, n_values, alpha):
        """m random queries whose best two log posteriors differ by more than 1e-9, so that two
        correct implementations summing the logs in another order agree."""
        X = X_train[rng.integers(0, len(X_train), size=8 * m)].copy()  # training rows, one feature redrawn
        X[np.arange(8 * m), rng.integers(0, X.shape[1], size=8 * m)] = rng.integers(0, n_values, size=8 * m)
        top2 = np.sort(_log_posterior(X_train, y_train, X, n_classes, n_values, alpha), axis=1)[:, -2:]
        return X[np.abs(top2[:, 1] - top2[:, 0]) > 1e-9][:m].astype(np.int64)

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d, C, V = (
            (10, 2, 3, 3)
            if visible
            else (int(rng.integers(20, 50)), int(rng.integers(2, 6)), int(rng.integers(2, 5)), int(rng.integers(2, 5)))
        )
        alpha = 1.0 if visible else float(rng.choice([0.5, 1.0, 2.0]))
        X, y = data(n, d, C, V)
        out.add(priors, f"{tag}/1", {"y": y, "n_classes": C}, CLOSED_FORM, visible=visible)
        out.add(
            likelihoods,
            f"{tag}/1",
            {"X": X, "y": y, "n_classes": C, "n_values": V, "alpha": alpha},
            CLOSED_FORM,
            visible=visible,
            points=2,
        )
        X_new = clear_queries(X, y, 6, C, V, alpha)
        out.add(
            predict,
            f"{tag}/1",
            {"X_train": X, "y_train": y, "X": X_new, "n_classes": C, "n_values": V, "alpha": alpha},
            LABELS,
            visible=visible,
            points=2,
        )
    # alpha left at its default 1
    X, y = data(int(rng.integers(20, 50)), 3, 3, 4)
    out.add(
        predict,
        "hidden/default-alpha",
        {"X_train": X, "y_train": y, "X": clear_queries(X, y, 6, 3, 4, 1.0), "n_classes": 3, "n_values": 4},
        LABELS,
        visible=False,
        points=2,
    )

    # Only class 1 occurs out of 3: priors (0, 1, 0); the empty classes' likelihoods are 1 / V;
    # every prediction is 1 (ln 0 = -inf for the others).
    X, _ = data(8, 2, 1, 3)
    y = np.ones(8, dtype=np.int64)
    out.add(
        priors,
        "edge/one-class-only",
        {"y": y, "n_classes": 3},
        CLOSED_FORM,
        visible=False,
        edge=T("one class only", "只有一个类别"),
    )
    out.add(
        likelihoods,
        "edge/empty-class",
        {"X": X, "y": y, "n_classes": 3, "n_values": 3, "alpha": 1.0},
        CLOSED_FORM,
        visible=False,
        points=2,
        edge=T("one class only", "只有一个类别"),
    )
    out.add(
        predict,
        "edge/one-class-only",
        {"X_train": X, "y_train": y, "X": rng.integers(0, 3, size=(4, 2)), "n_classes": 3, "n_values": 3, "alpha": 1.0},
        LABELS,
        visible=True,
        edge=T("one class only", "只有一个类别"),
    )
    # The frequent class never shows value 2 in feature 2 (the rare class always does), yet with
    # smoothing it still wins the query (v, v, 2) on priors and the other features.
    major, minor = rng.permutation(2)
    n_major = int(rng.integers(8, 13))
    X = np.vstack(
        [
            np.column_stack([np.zeros(n_major), np.zeros(n_major), rng.integers(0, 2, size=n_major)]),
            [[1, 1, 2], [1, 1, 2]],
        ]
    ).astype(np.int64)
    y = np.r_[np.full(n_major, major), [minor, minor]].astype(np.int64)
    order = rng.permutation(len(y))
    queries = np.array([[0, 0, 2], [0, 0, 1], [1, 1, 2], [0, 1, 2]], dtype=np.int64)
    out.add(
        predict,
        "edge/unseen-value",
        {"X_train": X[order], "y_train": y[order], "X": queries, "n_classes": 2, "n_values": 3, "alpha": 1.0},
        LABELS,
        visible=False,
        edge=T("value never seen", "从未出现过的取值"),
    )
    # Classes 0 and 2 have exactly the same rows (values 0 and 1), so equal posteriors: 0 wins the tie.
    # Class 1 is one row (2, 2, 2): on those queries its posterior is far lower.
    rows = rng.integers(0, 2, size=(5, 3))
    X = np.vstack([rows, rows, [[2, 2, 2]]])
    y = np.r_[np.zeros(5), np.full(5, 2), [1]].astype(np.int64)
    order = rng.permutation(len(y))
    out.add(
        predict,
        "edge/ties",
        {"X_train": X[order], "y_train": y[order], "X": rows[:4].copy(), "n_classes": 3, "n_values": 3, "alpha": 1.0},
        LABELS,
        visible=True,
        edge=T("ties", "平局"),
    )
    return out
