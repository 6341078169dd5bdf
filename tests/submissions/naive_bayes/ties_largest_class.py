# must fail: predict/edge/ties
# A hand-written argmax with >=: among equal log posteriors the LAST class wins.
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
    with np.errstate(divide="ignore"):
        log_prior = np.log(priors(y_train, n_classes))
    log_L = np.log(likelihoods(X_train, y_train, n_classes, n_values, alpha))
    labels = []
    for x in X:
        scores = [log_prior[c] + sum(log_L[c, j, v] for j, v in enumerate(x)) for c in range(n_classes)]
        best = 0
        for c in range(n_classes):
            if scores[c] >= scores[best]:
                best = c
        labels.append(best)
    return np.array(labels)
