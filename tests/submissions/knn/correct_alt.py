# must pass every case: loops, sorted() with (distance, index) keys, a dictionary of votes
import numpy as np


def distances(X_train, X, metric):
    D = np.empty((len(X), len(X_train)))
    for q, x in enumerate(X):
        for i, t in enumerate(X_train):
            D[q, i] = np.linalg.norm(x - t) if metric == "euclidean" else np.abs(x - t).sum()
    return D


def predict(X_train, y_train, X, k, metric="euclidean"):
    labels = []
    for row in distances(X_train, X, metric):
        nearest = sorted(range(len(row)), key=lambda i: (row[i], i))[:k]
        votes = {}
        for i in nearest:
            votes[int(y_train[i])] = votes.get(int(y_train[i]), 0) + 1
        top = max(votes.values())
        labels.append(min(label for label, count in votes.items() if count == top))
    return np.array(labels)
