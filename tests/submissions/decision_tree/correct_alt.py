# must pass: every case (a second correct implementation: Counter, math.log2, dict nodes)
import math
from collections import Counter

import numpy as np


def entropy(y):
    n = len(y)
    return sum(-c / n * math.log2(c / n) for c in Counter(y.tolist()).values())


def information_gain(x, y):
    groups = {}
    for v, label in zip(x.tolist(), y.tolist()):
        groups.setdefault(v, []).append(label)
    rest = sum(len(g) / len(y) * entropy(np.array(g)) for g in groups.values())
    return entropy(y) - rest


def best_feature(X, y):
    best, best_gain = 0, -1.0
    for j in range(X.shape[1]):
        gain = information_gain(X[:, j], y)
        if gain > best_gain + 1e-12:
            best, best_gain = j, gain
    return best


def majority(labels):
    counts = Counter(labels)
    top = max(counts.values())
    return min(label for label, c in counts.items() if c == top)


def grow(rows, labels, depth, max_depth):
    node = {"majority": majority(labels), "feature": None, "children": {}}
    if len(set(labels)) == 1 or depth == max_depth:
        return node
    X, y = np.array(rows), np.array(labels)
    j = best_feature(X, y)
    if information_gain(X[:, j], y) <= 1e-12:
        return node
    node["feature"] = j
    for v in sorted(set(X[:, j].tolist())):
        keep = [i for i in range(len(rows)) if rows[i][j] == v]
        node["children"][v] = grow([rows[i] for i in keep], [labels[i] for i in keep],
                                   depth + 1, max_depth)
    return node


def predict(X_train, y_train, X, max_depth):
    root = grow(X_train.tolist(), y_train.tolist(), 0, max_depth)
    out = []
    for row in X.tolist():
        node = root
        while node["feature"] is not None and row[node["feature"]] in node["children"]:
            node = node["children"][row[node["feature"]]]
        out.append(node["majority"])
    return np.array(out, dtype=np.int64)
