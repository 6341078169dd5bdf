"""Scaled dot-product attention (one head, no mask).

    Q (n x d) queries, K (m x d) keys, V (m x dv) values, d_k = d
    S   = Q K^T / sqrt(d_k)                       scores, n x m
    A   = softmax(S), row by row:  a_ij = exp(s_ij) / Σ_k exp(s_ik)
    O   = A V                                     output, n x dv
    A'  = softmax(Q K^T), row by row               the same weights without scaling

Without the division by sqrt(d_k) the dot products grow with d_k and the
softmax is pushed towards a one-hot row, where its gradients are tiny.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np
import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, shown, step
from exercises.core.number_text import decimal_text
from exercises.core.symbols import Num, ProductSymbol

TITLE = "Scaled dot-product attention"
DESCRIPTION = "Scores Q K^T / sqrt(d_k), row-wise softmax weights, output A V, and the weights without scaling."
TITLE_ZH = "缩放点积注意力"
DESCRIPTION_ZH = "注意力得分 Q K^T / sqrt(d_k)、按行 softmax 的注意力权重、输出 A V，以及不缩放时的权重。"

MAX_SIZE = 8
MAX_ENTRY = 100
FORM_Q = "an n x d matrix, one query per row (1-8 rows of 1-8 numbers between -100 and 100), e.g. [[1,0],[0,1]]"
FORM_K = (
    "an m x d matrix, one key per row (1-8 rows, as many columns as Q, numbers between -100 and 100), "
    "e.g. [[1,0],[1,1],[0,2]]"
)
FORM_V = (
    "an m x dv matrix, one value per row (as many rows as K, 1-8 columns, numbers between -100 and 100), "
    "e.g. [[1,2],[3,4],[5,6]]"
)
PARAMETERS = {"Q": FORM_Q, "K": FORM_K, "V": FORM_V}  # what `mlexam solve attention` takes

SCORES = Check(abs_tol=0.001, rel_tol=0.001)
WEIGHTS = Check(abs_tol=0.001)

softmax = sp.Function("softmax")
d_k = sp.Symbol("d_k", positive=True)

Matrix = tuple[tuple[sp.Rational, ...], ...]


@dataclass(frozen=True)
class Params:
    Q: Matrix  # n x d, one query per row
    K: Matrix  # m x d, one key per row
    V: Matrix  # m x dv, one value per row

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("Q", "K", "V"))
        size = (1, MAX_SIZE)
        bounds = {"low": -MAX_ENTRY, "high": MAX_ENTRY}
        q, k, v = (
            read.matrix(name, _exact_floats(raw[name]), form, rows=size, cols=size, **bounds)
            for name, form in (("Q", FORM_Q), ("K", FORM_K), ("V", FORM_V))
        )
        d, m = len(q[0]), len(k)
        if len(k[0]) != d:
            raise ParamError(
                f"parameter 'K' must be an m x {d} matrix: its rows are keys and need "
                f"d = {d} numbers, as many as each query in Q; got {len(k[0])}."
            )
        if len(v) != m:
            raise ParamError(
                f"parameter 'V' must be a {m} x dv matrix: it needs one row per key, m = {m} rows like K; got {len(v)}."
            )
        return cls(q, k, v)

    def to_json(self) -> dict:
        return {"Q": read.to_json(self.Q), "K": read.to_json(self.K), "V": read.to_json(self.V)}

    @property
    def shape(self) -> tuple[int, int, int, int]:
        """(n, m, d, dv)."""
        return len(self.Q), len(self.K), len(self.Q[0]), len(self.V[0])

    @property
    def decimals(self) -> bool:
        """True when the problem is posed with decimals (then they are shown as decimals)."""
        return any(not x.is_Integer for table in (self.Q, self.K, self.V) for row in table for x in row)


def _exact_floats(value):
    """Python floats (as `to_json` writes decimals) read as the decimal they print as: 0.1 is 1/10."""
    if isinstance(value, list):
        return [_exact_floats(x) for x in value]
    if isinstance(value, float) and math.isfinite(value):
        return Fraction(repr(value))
    return value


# ---------------------------------------------------------------- generation


def generate(dice, difficulty: str) -> Params:
    """easy: n = m = 2, d = 4 (sqrt(d) = 2), dv = 2, entries -1..2;
    medium: n = 2, m 2-3, d 2-4, dv = 2, integers -2..2;
    hard: n 2-3, m 3-4, d 3-4, dv 2-3, integers -3..3 or one-decimal values in -2..2.
    Every row of Q K^T has two different scores, and the weights without scaling,
    with scores / d and with a softmax over columns all differ visibly from the
    right ones, so the scaling matters and every mistake applies; other draws are drawn
    again."""
    if difficulty == "easy":
        n, m, d, dv = 2, 2, 4, 2
        qk_pool, v_pool = (-1, 0, 0, 1, 1, 2), (-1, 0, 1, 2)
    elif difficulty == "medium":
        n, m, d, dv = 2, dice.integer(2, 3), dice.integer(2, 4), 2
        qk_pool = v_pool = range(-2, 3)
    else:
        n, m, d, dv = dice.integer(2, 3), dice.integer(3, 4), dice.integer(3, 4), dice.integer(2, 3)
        if dice.choice(("integers", "decimals")) == "integers":
            qk_pool = v_pool = range(-3, 4)
        else:
            qk_pool = v_pool = [Fraction(i, 10) for i in range(-20, 21)]

    def draw_qk():
        return sp.Rational(dice.choice(qk_pool))

    def draw_v():
        return sp.Rational(dice.choice(v_pool))

    q = tuple(tuple(draw_qk() for _ in range(d)) for _ in range(n))
    k = tuple(tuple(draw_qk() for _ in range(d)) for _ in range(m))
    v = tuple(tuple(draw_v() for _ in range(dv)) for _ in range(m))
    params = Params(q, k, v)
    if not _interesting(params):
        raise Redraw("equal scores in a row, constant values, or a mistake too close to the right weights")
    return params


def _interesting(params: Params) -> bool:
    q, k, v = _floats(params)
    raw = q @ k.T
    if any(np.ptp(row) < 1e-9 for row in raw):
        return False  # a row of equal scores: uniform weights, scaled or not
    scores = raw / np.sqrt(q.shape[1])
    weights = _softmax_rows(scores)
    others = (_softmax_rows(raw), _softmax_rows(raw / q.shape[1]), _softmax_rows(scores.T).T)
    return all(np.max(np.abs(weights - w)) > 0.01 for w in others) and bool(np.ptp(v) > 0)


# ---------------------------------------------------------------- solution


def _row_softmax_step(i: int, m: int, scores: sp.ImmutableMatrix, decimals: bool, exact):
    """a_i = [exp(s_i1) ... exp(s_im)] / Σ_k exp(s_ik) with the row's scores substituted
    (the common denominator written once)."""
    s = [sp.Symbol(f"s_{i}{j}") for j in range(1, m + 1)]
    total = sp.Add(*[sp.exp(x) for x in s])
    formula = sp.MatMul(1 / total, sp.ImmutableMatrix(1, m, [sp.exp(x) for x in s]))
    return step(
        f"Softmax of row {i} of S (query {i} over the {m} keys)",
        sp.MatrixSymbol(f"a_{i}", 1, m),
        formula,
        {x: scores[i - 1, j] for j, x in enumerate(s)},
        exact=exact,
        decimals=decimals,
        note=(
            f"a_{i}j = exp(s_{i}j) / Σ_k exp(s_{i}k); the weights of row {i} add up to 1. "
            "The exact form divides top and bottom by e to the row's smallest score, "
            "so that no exponent is negative."
        ),
    )


def _exp_rows(product: sp.ImmutableMatrix, scale):
    """exp(scale * (p_ij - min_k p_ik)) for every entry and the sum of each row.

    softmax(x) = softmax(x - c): shifting each row by its smallest score keeps every
    exponent >= 0, so the exact weights read e^a / (1 + e^b + ...) instead of
    printing with negative powers of e. Exact and unsimplified (no simplify()).
    """
    exps = []
    for i in range(product.rows):
        row = list(product.row(i))
        low = min(row)
        exps.append([sp.exp((x - low) * scale) for x in row])
    return exps, [sp.Add(*row) for row in exps]


def solve(params: Params) -> Solution:
    n, m, d, dv = params.shape
    dec = params.decimals
    Qm, Km, Vm = (sp.ImmutableMatrix(t) for t in (params.Q, params.K, params.V))
    Q, K, V = sp.MatrixSymbol("Q", n, d), sp.MatrixSymbol("K", m, d), sp.MatrixSymbol("V", m, dv)
    QKt = sp.MatMul(Q, K.T)
    P = ProductSymbol("QK^T", QKt)
    S, A = sp.MatrixSymbol("S", n, m), sp.MatrixSymbol("A", n, m)

    product = Qm * Km.T
    scale = 1 / sp.sqrt(d)
    scores = sp.ImmutableMatrix(n, m, [x * scale for x in product])
    exps, totals = _exp_rows(product, scale)
    weights = sp.ImmutableMatrix(n, m, [exps[i][j] / totals[i] for i in range(n) for j in range(m)])
    output = sp.ImmutableMatrix(
        n, dv, [sp.Add(*[Vm[j, c] * exps[i][j] for j in range(m)]) / totals[i] for i in range(n) for c in range(dv)]
    )
    raw_exps, raw_totals = _exp_rows(product, sp.Integer(1))
    unscaled = sp.ImmutableMatrix(n, m, [raw_exps[i][j] / raw_totals[i] for i in range(n) for j in range(m)])

    steps = [
        step(
            "Dot product of every query (row of Q) with every key (row of K)",
            QKt,
            QKt,
            {Q: Qm, K: Km},
            exact=product,
            decimals=dec,
            note="Entry (i, j) is the dot product of query i with key j.",
        ),
        step(
            f"Scale the dot products by 1/sqrt(d_k), with d_k = {d} the length of a query",
            S,
            sp.MatMul(1 / sp.sqrt(d_k), P),
            {P: product, d_k: sp.Integer(d)},
            exact=scores,
            decimals=dec,
        ),
        *[_row_softmax_step(i, m, scores, dec, weights[i - 1, :]) for i in range(1, n + 1)],
        step(
            "Attention weights: the softmax rows together (each row sums to 1)",
            A,
            softmax(S),
            {S: scores},
            exact=weights,
            decimals=dec,
        ),
        _output_step(A, V, weights, Vm, output, dec, params),
        step(
            "For comparison: softmax of each row of Q K^T without the scaling",
            sp.MatrixSymbol("A_unscaled", n, m),
            softmax(P),
            {P: product},
            exact=unscaled,
            decimals=dec,
            note=(
                "Without dividing by sqrt(d_k) the dot products grow with the dimension d_k, "
                "so the softmax is pushed towards a one-hot row (compare with A): almost all "
                "weight goes to one key and the gradients through the softmax become very "
                "small. Dividing by sqrt(d_k) keeps the scores' spread near 1 whatever d_k is."
            ),
        ),
    ]

    def show(symbol, table):
        return Math(sp.Eq(symbol, shown(str(symbol), table, dec) if dec else table, evaluate=False), display=True)

    question = Question.of(
        f"A single attention head has {n} queries, {m} keys and {m} values, one per row; "
        f"queries and keys have d_k = {d} components, values have {dv}.",
        show(Q, Qm),
        show(K, Km),
        show(V, Vm),
        "Compute the scores S = Q K^T / sqrt(d_k), the attention weights A (softmax of each row "
        "of S), the output A V, and, for comparison, the weights you would get from the softmax "
        "of each row of Q K^T without dividing by sqrt(d_k).",
    )
    answers = (
        Answer("scores", f"scores S = Q K^T / sqrt(d_k), {n} x {m} matrix", _rows(scores), SCORES),
        Answer("weights", f"attention weights A = softmax of each row of S, {n} x {m} matrix", _rows(weights), WEIGHTS),
        Answer("output", f"output A V, {n} x {dv} matrix", _rows(output), WEIGHTS),
        Answer(
            "weights_unscaled", f"softmax of each row of Q K^T (no scaling), {n} x {m} matrix", _rows(unscaled), WEIGHTS
        ),
    )
    return Solution(question, tuple(steps), answers)


def _output_step(A, V, weights, Vm, output, dec, params):
    """O = A V, shown with A's entries to 4 significant digits.

    Like step(A * V, {A: weights, V: V}) but the decimals of A come from numpy:
    sympy's evalf of the exp fractions made this step the slowest of the problem.
    """
    q, k, _ = _floats(params)
    floats = _softmax_rows(q @ k.T / np.sqrt(q.shape[1]))
    shown_a = sp.ImmutableMatrix(
        A.rows, A.cols, [Num(f"A_{i}", x, decimal_text(floats.flat[i]), True, True) for i, x in enumerate(weights)]
    )
    done = step(
        "Output: each query's weighted average of the values (rows of V)",
        sp.MatrixSymbol("O", A.rows, V.cols),
        sp.MatMul(A, V),
        exact=output,
    )
    return replace(done, substituted=done.formula.xreplace({A: shown_a, V: shown("V", Vm, dec)}))


def _rows(table: sp.ImmutableMatrix) -> tuple:
    return tuple(tuple(table.row(i)) for i in range(table.rows))


# ---------------------------------------------------------------- mistakes


def _floats(params: Params):
    return tuple(np.array([[float(x) for x in row] for row in t]) for t in (params.Q, params.K, params.V))


def _softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def mistakes(params: Params, solution) -> list[Mistake]:
    q, k, v = _floats(params)
    d = q.shape[1]
    raw = q @ k.T
    scores = raw / np.sqrt(d)
    weights = _softmax_rows(scores)
    right = {"scores": scores, "weights": weights, "output": weights @ v}

    def attend(s):
        w = _softmax_rows(s)
        return {"scores": s, "weights": w, "output": w @ v}

    columns = _softmax_rows(scores.T).T
    candidates = [
        Mistake("not_scaled", "scores were not divided by sqrt(d)", attend(raw)),
        Mistake("divided_by_d", "scores are divided by sqrt(d), not by d", attend(raw / d)),
        Mistake(
            "softmax_over_columns",
            "softmax normalises each row (over the keys), not each column",
            {"weights": columns, "output": columns @ v},
        ),
    ]
    if q.shape[0] == k.shape[0]:
        candidates.append(Mistake("transposed_product", "scores are Q K^T, not K Q^T", attend(raw.T / np.sqrt(d))))
    # a mistake that gives the right numbers (d = 1, a symmetric Q K^T, ...) is no mistake here
    return [
        Mistake(c.name, c.message, {name: value.tolist() for name, value in c.answers.items()})
        for c in candidates
        if any(np.max(np.abs(value - right[name])) > 1e-9 for name, value in c.answers.items())
    ]
