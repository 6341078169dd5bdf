"""ID3 decision tree on categorical features: entropy, information gain, the best split and
predictions of the tree grown to a given depth.

    y (n,) int labels, x (n,) int values of one categorical feature, X (n, d) int
    H(y)      = -Σ_c p_c log2 p_c,  p_c = share of label c in y          entropy in bits
    IG(x, y)  = H(y) - Σ_v (n_v / n) H(y[x = v])                         over the values v in x
    best feature = argmax_j IG(X[:, j], y); ties (gains within 1e-12 of the largest) -> the
                   lowest feature index j
    the tree (grown inside predict; only arrays cross the grader's boundary):
      node(samples, depth):
        a leaf predicting the majority label of its samples if they all have one label,
        or depth = max_depth, or no feature has a positive gain (largest gain <= 1e-12);
        otherwise split on the best feature: one child per value of that feature seen in
        the node's samples, each grown at depth + 1.  The root has depth 0, so max_depth = 0
        is a single leaf and a path holds at most max_depth splits. Every feature is a
        candidate at every node (one used above is constant below, gain 0).
      majority label: the most frequent one, ties -> the smallest label.
      predicting x: follow the child of x's value of the split feature; a value no training
      sample of that node had predicts that node's majority label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from solutions.core.cases import Case

TITLE = "Decision tree (ID3)"
DESCRIPTION = "Entropy in bits, information gain, the best split and predictions of an ID3 tree."
TITLE_ZH = "决策树（ID3）"
DESCRIPTION_ZH = "以比特为单位的信息熵、信息增益、最佳划分特征和 ID3 决策树的预测。"
FUNCTIONS = ("entropy", "information_gain", "best_feature", "predict")

TIE = 1e-12  # gains closer than this are equal; a gain above it is positive


def entropy(y):
    """Entropy in bits of the labels: H(y) = -Σ_c p_c log2 p_c, p_c = (count of c in y) / n.

    y (n,) int64, n >= 1 -> float (0.0 when every label is the same).
    """
    _, counts = np.unique(y, return_counts=True)
    p = counts / y.shape[0]
    return float(-np.sum(p * np.log2(p))) + 0.0  # + 0.0 turns -0.0 into 0.0


def information_gain(x, y):
    """Information gain of splitting y by the values of one categorical feature x:
    IG = H(y) - Σ_v (n_v / n) H(y[x == v]), over the distinct values v of x, n_v = count of v.

    x (n,) int64, y (n,) int64 -> float (entropies in bits).
    """
    gain = entropy(y)
    for v in np.unique(x):
        part = y[x == v]
        gain -= part.shape[0] / y.shape[0] * entropy(part)
    return float(gain)


def _gains(X, y):
    return np.array([information_gain(X[:, j], y) for j in range(X.shape[1])])


def _best(gains):
    return int(np.flatnonzero(gains >= gains.max() - TIE)[0])


def best_feature(X, y):
    """Index of the feature with the largest information gain, information_gain(X[:, j], y).

    X (n, d) int64, y (n,) int64 -> int. Ties (gains within 1e-12 of the largest) -> the
    lowest index j.
    """
    return _best(_gains(X, y))


def _majority(y):
    values, counts = np.unique(y, return_counts=True)  # values sorted: ties -> smallest
    return values[np.argmax(counts)]


def _grow(X, y, depth, max_depth):
    """A node as (majority label, split feature or None, {value: child node})."""
    majority = _majority(y)
    if np.all(y == y[0]) or depth >= max_depth:
        return majority, None, {}
    gains = _gains(X, y)
    j = _best(gains)
    if gains[j] <= TIE:
        return majority, None, {}
    children = {v: _grow(X[X[:, j] == v], y[X[:, j] == v], depth + 1, max_depth) for v in np.unique(X[:, j]).tolist()}
    return majority, j, children


def predict(X_train, y_train, X, max_depth):
    """Labels of the rows of X by the ID3 tree grown on (X_train, y_train) to max_depth.

    X_train (n, d) int64, y_train (n,) int64, X (m, d) int64, max_depth int >= 0 -> (m,) int64.
    Growing: a node is a leaf predicting its majority label (ties -> smallest label) when its
    labels are all equal, when its depth is max_depth (root depth 0) or when no feature has a
    positive gain (largest gain <= 1e-12); otherwise it splits on best_feature of its samples
    (ties -> lowest index), one child per value of that feature seen in its samples.
    Predicting: follow the child of the row's value; a value the node has no child for
    predicts that node's majority label.
    """
    tree = _grow(X_train, y_train, 0, max_depth)
    out = np.empty(X.shape[0], dtype=np.int64)
    for i, row in enumerate(X):
        majority, feature, children = tree
        while feature is not None and row[feature] in children:
            majority, feature, children = children[row[feature]]
        out[i] = majority
    return out


# ---------------------------------------------------------------- cases


def _labels(rng, n, classes):
    """Labels drawn from `classes` random distinct ints, each class present."""
    names = rng.choice(np.arange(0, 9), size=classes, replace=False)
    y = np.concatenate([np.arange(classes), rng.integers(0, classes, size=n - classes)])
    return names[rng.permutation(y)].astype(np.int64)


def _table(rng, n, d):
    """Categorical features (2-3 values each) and labels that depend on the first two
    features with some noise, so trees have a few levels."""
    X = rng.integers(0, 3, size=(n, d)).astype(np.int64)
    X[:, rng.integers(0, d)] %= 2
    names = rng.choice(np.arange(0, 9), size=3, replace=False)
    rule = (X[:, 0] + 2 * X[:, 1]) % 3
    noisy = rng.random(n) < 0.2
    y = np.where(noisy, rng.integers(0, 3, size=n), rule)
    perm = rng.permutation(d)  # the informative columns move around
    return X[:, perm], names[y].astype(np.int64)


def cases(seed: int) -> list[Case]:
    """Visible, hidden and edge cases, all drawn from np.random.default_rng(seed)."""
    from exercises.core.lang import T
    from solutions.core.cases import CLOSED_FORM, LABELS, Cases

    rng = np.random.default_rng(seed)
    out = Cases()

    # entropy
    out.add(entropy, "visible/1", {"y": _labels(rng, int(rng.integers(6, 21)), 2)}, CLOSED_FORM, visible=True)
    out.add(entropy, "hidden/2", {"y": _labels(rng, int(rng.integers(6, 31)), 4)}, CLOSED_FORM, visible=False)
    out.add(
        entropy,
        "edge/one class only",
        {"y": np.full(int(rng.integers(3, 10)), int(rng.integers(0, 9)), dtype=np.int64)},
        CLOSED_FORM,
        visible=True,
        edge=T("one class only", "只有一个类别"),
    )

    # information gain: a feature whose group weights n_v / n matter (an unweighted mean of
    # the groups' entropies would differ)
    for i, visible in enumerate((True, False)):
        while True:
            X, y = _table(rng, int(rng.integers(12, 31)), 3)
            x = X[:, int(rng.integers(0, 3))]
            groups = [y[x == v] for v in np.unique(x)]
            weighted = sum(len(g) / len(y) * entropy(g) for g in groups)
            if abs(weighted - np.mean([entropy(g) for g in groups])) > 1e-3:
                break
        out.add(
            information_gain,
            f"{'visible' if visible else 'hidden'}/{i + 1}",
            {"x": x, "y": y},
            CLOSED_FORM,
            visible=visible,
        )
    y = _labels(rng, int(rng.integers(6, 16)), 3)
    out.add(
        information_gain,
        "edge/constant feature",
        {"x": np.full(y.shape[0], int(rng.integers(0, 3)), dtype=np.int64), "y": y},
        CLOSED_FORM,
        visible=False,
        edge=T("constant feature", "常数特征"),
    )

    # best feature
    for i, visible in enumerate((True, False)):
        X, y = _table(rng, int(rng.integers(15, 41)), int(rng.integers(2, 6)))
        out.add(
            best_feature, f"{'visible' if visible else 'hidden'}/{i + 1}", {"X": X, "y": y}, LABELS, visible=visible
        )
    while True:  # the best column appears twice (a later copy): the lower index wins
        X, y = _table(rng, int(rng.integers(15, 41)), 3)
        j = best_feature(X, y)
        copy = int(rng.integers(j + 1, 4))
        X = np.insert(X, copy, X[:, j], axis=1)
        gains = _gains(X, y)
        if np.sum(gains >= gains.max() - 1e-9) == 2:
            break
    out.add(best_feature, "edge/ties", {"X": X, "y": y}, LABELS, visible=True, edge=T("ties", "平局"))

    # predict
    for name, depth, visible in (("visible/depth-2", 2, True), ("hidden/depth-3", 3, False)):
        X, y = _table(rng, int(rng.integers(20, 41)), int(rng.integers(3, 6)))
        X_new = rng.integers(0, 3, size=(int(rng.integers(6, 13)), X.shape[1])).astype(np.int64)
        out.add(
            predict,
            name,
            {"X_train": X, "y_train": y, "X": np.vstack([X[:4], X_new]), "max_depth": depth},
            LABELS,
            visible=visible,
            points=2.0,
        )
    # Unseen value: the node x0 = 0 has only x1 in {0, 1}; the row (0, 2) gets that node's
    # majority a, not the root's majority b (a training value, though: x0 = 1 rows have x1 = 2).
    a, b = (int(v) for v in rng.choice(np.arange(0, 9), size=2, replace=False))
    rows = [(1, 0, b)] * 3 + [(1, 1, b)] * 3 + [(1, 2, b)] + [(0, 0, a)] * 2 + [(0, 1, b)]
    table = np.array(rows, dtype=np.int64)[rng.permutation(len(rows))]
    out.add(
        predict,
        "edge/unseen value",
        {
            "X_train": table[:, :2],
            "y_train": table[:, 2],
            "X": np.array([[0, 2], [1, 2], [0, 0], [0, 1], [1, 0]], dtype=np.int64),
            "max_depth": 3,
        },
        LABELS,
        visible=True,
        points=2.0,
        edge=T("unseen value", "未见过的取值"),
    )
    X, _ = _table(rng, int(rng.integers(5, 15)), 3)
    out.add(
        predict,
        "edge/one class only",
        {
            "X_train": X,
            "y_train": np.full(X.shape[0], int(rng.integers(0, 9)), dtype=np.int64),
            "X": rng.integers(0, 3, size=(5, 3)).astype(np.int64),
            "max_depth": 2,
        },
        LABELS,
        visible=False,
        points=2.0,
        edge=T("one class only", "只有一个类别"),
    )
    X, _ = _table(rng, 8, 2)
    small, large = sorted(int(v) for v in rng.choice(np.arange(0, 9), size=2, replace=False))
    y = rng.permutation(np.array([large] * 4 + [small] * 4, dtype=np.int64))
    out.add(
        predict,
        "edge/majority tie",
        {"X_train": X, "y_train": y, "X": X[:3].copy(), "max_depth": 0},
        LABELS,
        visible=False,
        points=2.0,
        edge=T("ties", "平局"),
    )
    return out
