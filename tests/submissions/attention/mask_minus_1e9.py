# must fail: attention/edge/fully masked row
import numpy as np


def scaled_scores(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[1])


def softmax(S):
    e = np.exp(S - S.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def attention(Q, K, V, mask=None):
    S = scaled_scores(Q, K)
    if mask is not None:
        S = np.where(mask, S, -1e9)                  # a fully masked row becomes uniform
    A = softmax(S)
    return A @ V, A
