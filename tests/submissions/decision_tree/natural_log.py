# must fail: entropy/visible, entropy/hidden, information_gain/visible, information_gain/hidden
import numpy as np


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return float(-np.sum(p * np.log(p)))            # nats, not bits


def information_gain(x, y):
    return entropy(y) - sum(np.mean(x == v) * entropy(y[x == v]) for v in np.unique(x))


def best_feature(X, y):
    gains = np.array([information_gain(X[:, j], y) for j in range(X.shape[1])])
    return int(np.flatnonzero(gains >= gains.max() - 1e-12)[0])


def grow(X, y, depth, max_depth):
    values, counts = np.unique(y, return_counts=True)
    majority = int(values[np.argmax(counts)])
    if len(values) == 1 or depth == max_depth:
        return majority, None, {}
    j = best_feature(X, y)
    if information_gain(X[:, j], y) <= 1e-12:
        return majority, None, {}
    return majority, j, {int(v): grow(X[X[:, j] == v], y[X[:, j] == v], depth + 1, max_depth)
                         for v in np.unique(X[:, j])}


def predict(X_train, y_train, X, max_depth):
    tree = grow(X_train, y_train, 0, max_depth)
    out = []
    for row in X:
        majority, j, children = tree
        while j is not None and int(row[j]) in children:
            majority, j, children = children[int(row[j])]
        out.append(majority)
    return np.array(out, dtype=np.int64)
