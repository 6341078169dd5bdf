"""ID3 decision tree on categorical features, in numpy: entropy, information gain, the best
split and the predictions of a tree grown to a given depth.

Implement the four functions below; replace each `raise NotImplementedError(...)` with your
code. Use numpy only. Check your work with:

    mlexam grade <this file>

    H(y)     = -Σ_c p_c log2 p_c                          entropy in bits
    IG(x, y) = H(y) - Σ_v (n_v / n) H(y[x = v])           over the values v of the feature x
    best feature: largest gain, ties (within 1e-12) -> lowest index
    predict: grow the tree inside the function (only arrays are returned), then follow it.
      leaf (majority label, ties -> smallest) when the node is pure, at depth max_depth
      (root depth 0) or when no gain is above 1e-12; otherwise one child per value of the
      best feature seen at the node; an unseen value predicts that node's majority.

Compute in float64 (numpy's default for Python floats): results in float32 lose the
precision the grader checks. Functions are called with positional arguments in the
order shown, so you may rename the parameters.

In a Jupyter notebook: put these functions in its cells and grade the notebook
(mlexam grade decision_tree.ipynb). Its cells run in order, as Jupyter runs them; a cell that
fails is reported (cell number and line) and the cells after it still run. Plots,
display() and magics do nothing in the grader (%time and %timeit run their code once);
!shell commands do not run. Only numpy and Python's standard library may be imported.
"""

import numpy as np


def entropy(y):
    """Entropy in bits of the labels: H(y) = -Σ_c p_c log2 p_c, p_c = (count of c in y) / n.

    y (n,) int64, n >= 1 -> float (0.0 when every label is the same).
    """
    raise NotImplementedError("entropy: return H(y) = -Σ_c p_c log2 p_c (bits)")


def information_gain(x, y):
    """Information gain of splitting y by the values of one categorical feature x:
    IG = H(y) - Σ_v (n_v / n) H(y[x == v]), over the distinct values v of x, n_v = count of v.

    x (n,) int64, y (n,) int64 -> float (entropies in bits).
    """
    raise NotImplementedError("information_gain: return H(y) - Σ_v (n_v / n) H(y[x == v])")


def best_feature(X, y):
    """Index of the feature with the largest information gain, information_gain(X[:, j], y).

    X (n, d) int64, y (n,) int64 -> int. Ties (gains within 1e-12 of the largest) -> the
    lowest index j.
    """
    raise NotImplementedError("best_feature: return the j maximising information_gain(X[:, j], y), ties -> lowest j")


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
    raise NotImplementedError(
        "predict: grow the ID3 tree on (X_train, y_train) up to max_depth and return the (m,) labels of the rows of X"
    )
