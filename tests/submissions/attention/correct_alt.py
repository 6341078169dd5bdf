# must pass: every case (a second correct implementation: per-row loops, log-sum-exp)
import math

import numpy as np


def scaled_scores(Q, K):
    S = np.empty((Q.shape[0], K.shape[0]))
    for i, q in enumerate(Q):
        for j, k in enumerate(K):
            S[i, j] = float(np.dot(q, k)) / math.sqrt(len(q))
    return S


def softmax(S):
    out = np.empty_like(S)
    for i, row in enumerate(S):
        top = row.max()
        out[i] = np.exp(row - (top + np.log(np.sum(np.exp(row - top)))))   # exp(s - logsumexp)
    return out


def attention(Q, K, V, mask=None):
    S = scaled_scores(Q, K)
    A = np.zeros_like(S)
    for i in range(S.shape[0]):
        allowed = np.ones(S.shape[1], dtype=bool) if mask is None else mask[i]
        if allowed.any():
            A[i, allowed] = softmax(S[i, allowed][None, :])[0]
    return A @ V, A
