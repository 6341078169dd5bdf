# must fail: priors/visible/1, priors/edge/one-class-only
# Laplace smoothing applied to the priors too: (N_c + 1) / (n + n_classes).
import numpy as np


def priors(y, n_classes):
    return (np.bincount(y, minlength=n_classes) + 1) / (len(y) + n_classes)


def likelihoods(X, y, n_classes, n_values, alpha=1.0):
    L = np.zeros((n_classes, X.shape[1], n_values))
    for c in range(n_classes):
        Xc = X[y == c]
        for j in range(X.shape[1]):
            L[c, j] = (np.bincount(Xc[:, j], minlength=n_values) + alpha) / (len(Xc) + alpha * n_values)
    return L


def predict(X_train, y_train, X, n_classes, n_values, alpha=1.0):
    log_prior = np.log(priors(y_train, n_classes))
    log_L = np.log(likelihoods(X_train, y_train, n_classes, n_values, alpha))
    scores = np.array([[log_prior[c] + sum(log_L[c, j, v] for j, v in enumerate(x)) for c in range(n_classes)]
                       for x in X])
    return scores.argmax(axis=1)
