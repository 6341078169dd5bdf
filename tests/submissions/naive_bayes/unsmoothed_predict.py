# must fail: predict/edge/unseen-value
# predict uses the raw frequencies N_cjv / N_c (alpha forgotten): one unseen value zeroes a class.
import numpy as np


def priors(y, n_classes):
    return np.bincount(y, minlength=n_classes) / len(y)


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    L = np.zeros((n_classes, X.shape[1], n_values))
    for c in range(n_classes):
        Xc = X[y == c]
        for j in range(X.shape[1]):
            L[c, j] = (np.bincount(Xc[:, j], minlength=n_values) + alpha) / (len(Xc) + alpha * n_values)
    return L


def predict(X_train, y_train, X, n_classes, n_values, alpha=1.0):
    scores = np.zeros((len(X), n_classes))
    for c in range(n_classes):
        Xc = X_train[y_train == c]
        for i, x in enumerate(X):
            p = len(Xc) / len(X_train)
            for j, v in enumerate(x):
                p *= np.sum(Xc[:, j] == v) / max(len(Xc), 1)
            scores[i, c] = p
    return scores.argmax(axis=1)
