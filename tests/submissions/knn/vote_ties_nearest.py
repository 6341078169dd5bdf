# must fail: predict/edge/tied-vote
# Counter.most_common(1) breaks a tied vote by first occurrence, i.e. in favour of the nearest point's
# label, not the smallest label.
from collections import Counter

import numpy as np


def distances(X_train, X, metric):
    diff = X[:, None, :] - X_train[None, :, :]
    if metric == "manhattan":
        return np.abs(diff).sum(axis=2)
    return np.sqrt((diff ** 2).sum(axis=2))


def predict(X_train, y_train, X, k, metric="euclidean"):
    nearest = np.argsort(distances(X_train, X, metric), axis=1, kind="stable")[:, :k]
    return np.array([Counter(y_train[row].tolist()).most_common(1)[0][0] for row in nearest])
