# must fail: scaled_scores/, attention/visible, attention/hidden
import numpy as np


def scaled_scores(Q, K):
    return Q @ K.T                                   # forgets / sqrt(d_k)


def softmax(S):
    e = np.exp(S - S.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def attention(Q, K, V, mask=None):
    S = scaled_scores(Q, K)
    if mask is not None:
        S = np.where(mask, S, -np.inf)
    A = np.zeros_like(S)
    live = np.isfinite(S).any(axis=1)
    A[live] = softmax(S[live])
    return A @ V, A
