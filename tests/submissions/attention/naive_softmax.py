# must fail: softmax/edge/large scores, attention/edge/large scores
import numpy as np


def scaled_scores(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[1])


def softmax(S):
    e = np.exp(S)                                    # no max subtraction: exp(1000) = inf
    return e / e.sum(axis=1, keepdims=True)


def attention(Q, K, V, mask=None):
    S = scaled_scores(Q, K)
    if mask is None:
        A = softmax(S)
    else:
        A = np.zeros_like(S)
        live = mask.any(axis=1)
        A[live] = softmax(np.where(mask[live], S[live], -np.inf))
    return A @ V, A
