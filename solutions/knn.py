"""k-nearest neighbours classification.

    distances:  D_qi = ‖x_q - t_i‖₂ = sqrt(Σ_j (x_qj - t_ij)²)   ("euclidean")
                D_qi = Σ_j |x_qj - t_ij|                        ("manhattan")
                shape (len(X), len(X_train)): one row per query, one column per training point;
                computed from the differences (exact 0 for a query equal to a training point)
    predict:    for each query, the k training points with the smallest distances, where among
                equal distances the LOWER training index is nearer (a stable sort by distance);
                then a majority vote of their labels, a tied vote going to the SMALLEST label.

Labels are small non-negative integers (int64); 1 <= k <= len(X_train). No randomness.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "k-nearest neighbours"
DESCRIPTION = "Euclidean and Manhattan distance matrices, majority vote of the k nearest, fixed tie rules."
TITLE_ZH = "k 近邻"
DESCRIPTION_ZH = "欧氏距离与曼哈顿距离矩阵、k 个最近邻的多数表决，以及固定的平局规则。"
FUNCTIONS = ("distances", "predict")


def distances(X_train, X, metric):
    """Distance from every query to every training point.

    X_train: (n, d), X: (m, d), metric: "euclidean" or "manhattan".
    Returns D of shape (m, n) (one row per query, one column per training point) with
        euclidean: D[q, i] = sqrt(Σ_j (X[q, j] - X_train[i, j])²)
        manhattan: D[q, i] = Σ_j |X[q, j] - X_train[i, j]|
    Compute from the differences X[q] - X_train[i] (e.g. with broadcasting), not through
    |x|² + |t|² - 2 x·t: that shortcut loses precision and can give nan or 1e-8 instead of 0
    for a query equal to a training point.
    """
    diff = np.asarray(X, dtype=float)[:, None, :] - np.asarray(X_train, dtype=float)[None, :, :]
    if metric == "euclidean":
        return np.sqrt(np.sum(diff**2, axis=2))
    if metric == "manhattan":
        return np.sum(np.abs(diff), axis=2)
    raise ValueError(f"metric must be 'euclidean' or 'manhattan', not {metric!r}")


def predict(X_train, y_train, X, k, metric="euclidean"):
    """Majority label of the k nearest training points, for each query.

    X_train: (n, d), y_train: (n,) ints, X: (m, d), k: int with 1 <= k <= n, metric as in distances.
    For each query: order the training points by distance, equal distances by training index
    (np.argsort(..., kind="stable") does this), keep the first k, and return the label that
    occurs most often among them; if several labels tie, the smallest of them
    (np.argmax(np.bincount(labels)) does this).
    Returns an int array (m,).
    """
    nearest = np.argsort(distances(X_train, X, metric), axis=1, kind="stable")[:, :k]
    votes = np.asarray(y_train)[nearest]
    n_labels = int(np.max(y_train)) + 1
    return np.array([np.argmax(np.bincount(row, minlength=n_labels)) for row in votes], dtype=np.int64)


# ---------------------------------------------------------------- cases


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, LABELS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    def blobs(n, d, n_labels):
        """Points around one centre per label, labels shuffled."""
        centres = rng.normal(0.0, 2.0, size=(n_labels, d))
        y = rng.integers(0, n_labels, size=n).astype(np.int64)
        return centres[y] + rng.normal(0.0, 1.0, size=(n, d)), y, centres

    for visible, tag in ((True, "visible"), (False, "hidden")):
        for metric in ("euclidean", "manhattan"):
            n, d = (6, 2) if visible else (int(rng.integers(10, 30)), int(rng.integers(2, 6)))
            decimals = 1 if visible else 8
            X_train = np.round(rng.normal(0.0, 2.0, size=(n, d)), decimals)
            X = np.round(rng.normal(0.0, 2.0, size=(3 if visible else int(rng.integers(4, 10)), d)), decimals)
            out.add(
                distances,
                f"{tag}/{metric}",
                {"X_train": X_train, "X": X, "metric": metric},
                CLOSED_FORM,
                visible=visible,
            )
        for metric in ("euclidean", "manhattan"):
            n, d, n_labels = (
                (12, 2, 3) if visible else (int(rng.integers(20, 50)), int(rng.integers(2, 6)), int(rng.integers(2, 5)))
            )
            X_train, y_train, centres = blobs(n, d, n_labels)
            X = centres[rng.integers(0, n_labels, size=6)] + rng.normal(0.0, 1.5, size=(6, d))
            k = 3 if visible else int(rng.integers(1, 8))
            inputs = {"X_train": X_train, "y_train": y_train, "X": X, "k": k}
            if metric != "euclidean":  # euclidean by default
                inputs["metric"] = metric
            out.add(predict, f"{tag}/{metric}", inputs, LABELS, visible=visible)

    # Queries far apart; around each, three training points at distance 1 with three different labels:
    # k = 1 picks the one with the lowest training index (indices shuffled).
    units = np.array([[1, 0], [0, 1], [-1, 0], [0, -1]])
    queries = np.array([[10 * j, 0] for j in range(4)]) + rng.integers(-2, 3, size=(4, 2))
    X_train = np.vstack([q + units[rng.choice(4, size=3, replace=False)] for q in queries]).astype(float)
    y_train = np.concatenate([rng.permutation(3) for _ in queries]).astype(np.int64)
    order = rng.permutation(len(X_train))
    out.add(
        predict,
        "edge/equidistant",
        {"X_train": X_train[order], "y_train": y_train[order], "X": queries.astype(float), "k": 1},
        LABELS,
        visible=True,
        edge=T("ties", "平局"),
    )
    # k = 2 with the two nearest labelled differently: the tied vote goes to the smaller label, which
    # for query 0 is the farther of the two.
    X_train, y_train = [], []
    for j, q in enumerate(queries):
        a, b = rng.choice(4, size=2, replace=False)
        near, far = (max(a, b), min(a, b)) if j == 0 else (a, b)
        X_train += [q + units[rng.integers(4)], q + 2 * units[rng.integers(4)]]
        y_train += [near, far]
    out.add(
        predict,
        "edge/tied-vote",
        {
            "X_train": np.array(X_train, dtype=float),
            "y_train": np.array(y_train, dtype=np.int64),
            "X": queries.astype(float),
            "k": 2,
        },
        LABELS,
        visible=True,
        edge=T("ties", "平局"),
    )
    # Training points repeated with other labels; queries on top of training points.
    X_train, y_train, _ = blobs(8, 2, 3)
    X_train, y_train = np.vstack([X_train, X_train[:4]]), np.r_[y_train, (y_train[:4] + 1) % 3]
    X = X_train[rng.choice(8, size=5, replace=False)]
    for k, metric in ((1, "euclidean"), (3, "manhattan")):
        out.add(
            predict,
            f"edge/duplicate-points-k{k}",
            {"X_train": X_train, "y_train": y_train, "X": X, "k": k, "metric": metric},
            LABELS,
            visible=False,
            edge=T("duplicate points", "重复的点"),
        )
    out.add(
        distances,
        "edge/duplicate-points",
        {"X_train": X_train, "X": X, "metric": "euclidean"},
        CLOSED_FORM,
        visible=False,
        edge=T("duplicate points", "重复的点"),
    )
    # k = n: every query gets the overall majority.
    X_train, y_train, _ = blobs(int(rng.integers(5, 12)), 3, 3)
    out.add(
        predict,
        "edge/k-equals-n",
        {
            "X_train": X_train,
            "y_train": y_train,
            "X": rng.normal(size=(4, 3)),
            "k": len(X_train),
            "metric": "manhattan",
        },
        LABELS,
        visible=False,
        edge=T("k = n", "k = n"),
    )
    return out
