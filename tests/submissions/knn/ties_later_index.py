# must fail: predict/edge/equidistant
# Keeps the k best with `<=` while scanning the training points: an equally distant LATER point
# replaces an earlier one.
import numpy as np


def distances(X_train, X, metric):
    diff = X[:, None, :] - X_train[None, :, :]
    if metric == "manhattan":
        return np.abs(diff).sum(axis=2)
    return np.sqrt((diff ** 2).sum(axis=2))


def predict(X_train, y_train, X, k, metric="euclidean"):
    labels = []
    for row in distances(X_train, X, metric):
        best = []                                   # (distance, index), kept sorted, at most k
        for i, dist in enumerate(row):
            position = len(best)
            while position > 0 and dist <= best[position - 1][0]:
                position -= 1
            best.insert(position, (dist, i))
            best = best[:k]
        labels.append(np.bincount(y_train[[i for _, i in best]]).argmax())
    return np.array(labels)
