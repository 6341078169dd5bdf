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

import numpy as np

from grader.cases import ALLCLOSE, EXACT, Case, Compare, reference_case

TITLE = "Naive Bayes (categorical)"
DESCRIPTION = "Class priors, Laplace-smoothed likelihoods of categorical features, argmax of log posterior."
FUNCTIONS = ("priors", "likelihoods", "predict")

CLOSED_FORM = Compare(ALLCLOSE, rtol=1e-6, atol=1e-8)
LABELS = Compare(EXACT)


def priors(y, n_classes):
    """N_c / n for c = 0..n_classes-1: (n_classes,) float."""
    return np.bincount(y, minlength=n_classes) / len(y)


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    """P(x_j = v | c) = (N_cjv + α) / (N_c + α V): (n_classes, d, n_values) float."""
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
    """argmax_c of the log posterior per row of X, ties to the smallest class: int64 (len(X),)."""
    return np.argmax(_log_posterior(X_train, y_train, X, n_classes, n_values, alpha), axis=1).astype(np.int64)


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    rng = np.random.default_rng(seed)
    out: list[Case] = []

    def case(name, function, inputs, visible, compare=CLOSED_FORM, points=1.0, edge=None):
        out.append(reference_case(f"{function.__name__}/{name}", function, inputs,
                                  visible=visible, compare=compare, points=points, edge=edge))

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
        X = X_train[rng.integers(0, len(X_train), size=8 * m)].copy()    # training rows, one feature redrawn
        X[np.arange(8 * m), rng.integers(0, X.shape[1], size=8 * m)] = rng.integers(0, n_values, size=8 * m)
        top2 = np.sort(_log_posterior(X_train, y_train, X, n_classes, n_values, alpha), axis=1)[:, -2:]
        return X[np.abs(top2[:, 1] - top2[:, 0]) > 1e-9][:m].astype(np.int64)

    for visible, tag in ((True, "visible"), (False, "hidden")):
        n, d, C, V = (10, 2, 3, 3) if visible else (int(rng.integers(20, 50)), int(rng.integers(2, 6)),
                                                     int(rng.integers(2, 5)), int(rng.integers(2, 5)))
        alpha = 1.0 if visible else float(rng.choice([0.5, 1.0, 2.0]))
        X, y = data(n, d, C, V)
        case(f"{tag}/1", priors, {"y": y, "n_classes": C}, visible)
        case(f"{tag}/1", likelihoods, {"X": X, "y": y, "n_classes": C, "n_values": V, "alpha": alpha}, visible,
             points=2)
        X_new = clear_queries(X, y, 6, C, V, alpha)
        case(f"{tag}/1", predict, {"X_train": X, "y_train": y, "X": X_new, "n_classes": C, "n_values": V,
                                   "alpha": alpha}, visible, LABELS, points=2)
    # alpha left at its default 1
    X, y = data(int(rng.integers(20, 50)), 3, 3, 4)
    case("hidden/default-alpha", predict, {"X_train": X, "y_train": y, "X": clear_queries(X, y, 6, 3, 4, 1.0),
                                           "n_classes": 3, "n_values": 4}, False, LABELS, points=2)

    # Only class 1 occurs out of 3: priors (0, 1, 0); the empty classes' likelihoods are 1 / V;
    # every prediction is 1 (ln 0 = -inf for the others).
    X, _ = data(8, 2, 1, 3)
    y = np.ones(8, dtype=np.int64)
    case("edge/one-class-only", priors, {"y": y, "n_classes": 3}, False, edge="one class only")
    case("edge/empty-class", likelihoods, {"X": X, "y": y, "n_classes": 3, "n_values": 3, "alpha": 1.0},
         False, points=2, edge="one class only")
    case("edge/one-class-only", predict, {"X_train": X, "y_train": y, "X": rng.integers(0, 3, size=(4, 2)),
                                          "n_classes": 3, "n_values": 3, "alpha": 1.0}, True, LABELS,
         edge="one class only")
    # The frequent class never shows value 2 in feature 2 (the rare class always does), yet with
    # smoothing it still wins the query (v, v, 2) on priors and the other features.
    major, minor = rng.permutation(2)
    n_major = int(rng.integers(8, 13))
    X = np.vstack([np.column_stack([np.zeros(n_major), np.zeros(n_major), rng.integers(0, 2, size=n_major)]),
                   [[1, 1, 2], [1, 1, 2]]]).astype(np.int64)
    y = np.r_[np.full(n_major, major), [minor, minor]].astype(np.int64)
    order = rng.permutation(len(y))
    queries = np.array([[0, 0, 2], [0, 0, 1], [1, 1, 2], [0, 1, 2]], dtype=np.int64)
    case("edge/unseen-value", predict, {"X_train": X[order], "y_train": y[order], "X": queries, "n_classes": 2,
                                        "n_values": 3, "alpha": 1.0}, False, LABELS, edge="value never seen")
    # Classes 0 and 2 have exactly the same rows (values 0 and 1), so equal posteriors: 0 wins the tie.
    # Class 1 is one row (2, 2, 2): on those queries its posterior is far lower.
    rows = rng.integers(0, 2, size=(5, 3))
    X = np.vstack([rows, rows, [[2, 2, 2]]])
    y = np.r_[np.zeros(5), np.full(5, 2), [1]].astype(np.int64)
    order = rng.permutation(len(y))
    case("edge/ties", predict, {"X_train": X[order], "y_train": y[order], "X": rows[:4].copy(), "n_classes": 3,
                                "n_values": 3, "alpha": 1.0}, True, LABELS, edge="ties")
    return out
