# must pass every case: counting loops, products of probabilities compared through logs per class
import math

import numpy as np


def priors(y, n_classes):
    return np.array([sum(1 for label in y if label == c) / len(y) for c in range(n_classes)])


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    n, d = X.shape
    L = np.empty((n_classes, d, n_values))
    for c in range(n_classes):
        rows = [X[i] for i in range(n) if y[i] == c]
        for j in range(d):
            for v in range(n_values):
                count = sum(1 for row in rows if row[j] == v)
                L[c, j, v] = (count + alpha) / (len(rows) + alpha * n_values)
    return L


def predict(X_train, y_train, X, n_classes, n_values, alpha=1.0):
    P = priors(y_train, n_classes)
    L = likelihoods(X_train, y_train, n_classes, n_values, alpha)
    labels = []
    for x in X:
        best, best_score = None, None
        for c in range(n_classes):
            if P[c] == 0:
                continue
            score = math.log(P[c]) + sum(math.log(L[c, j, v]) for j, v in enumerate(x))
            if best is None or score > best_score:
                best, best_score = c, score
        labels.append(best)
    return np.array(labels)
