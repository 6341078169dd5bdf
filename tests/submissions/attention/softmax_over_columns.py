# must fail: softmax/visible, softmax/hidden, attention/visible, attention/hidden
import numpy as np


def scaled_scores(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[1])


def softmax(S):
    e = np.exp(S - S.max(axis=0, keepdims=True))     # normalises each column, not each row
    return e / e.sum(axis=0, keepdims=True)


def attention(Q, K, V, mask=None):
    S = scaled_scores(Q, K)
    if mask is not None:
        S = np.where(mask, S, -1e300)
    A = softmax(S)
    if mask is not None:
        A = np.where(mask.any(axis=1, keepdims=True), A, 0.0)
    return A @ V, A
