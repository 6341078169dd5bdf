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
from exercises.core.lang import T
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, shown, step
from exercises.core.number_text import decimal_text
from exercises.core.softmax import shift_note, shifted_exps
from exercises.core.symbols import Num, ProductSymbol

TITLE = "Scaled dot-product attention"
DESCRIPTION = "Scores Q Kᵀ/√dₖ, row-wise softmax weights, output A V, and the weights without scaling."
TITLE_ZH = "缩放点积注意力"
DESCRIPTION_ZH = "注意力得分 Q Kᵀ/√dₖ、按行 softmax 得到的注意力权重、输出 A V，以及不缩放时的注意力权重。"
CODING_TASK = "attention"

MAX_SIZE = 8
MAX_ENTRY = 100
FORM_Q = T(
    "an n x d matrix, one query per row (1-8 rows of 1-8 numbers between -100 and 100), e.g. [[1,0],[0,1]]",
    "n×d 矩阵，每行一个查询（1-8 行，每行 1-8 个 -100 到 100 之间的数），例如 [[1,0],[0,1]]",
)
FORM_K = T(
    "an m x d matrix, one key per row (1-8 rows, as many columns as Q, numbers between -100 and 100), "
    "e.g. [[1,0],[1,1],[0,2]]",
    "m×d 矩阵，每行一个键（1-8 行，列数与 Q 相同，元素在 -100 到 100 之间），例如 [[1,0],[1,1],[0,2]]",
)
FORM_V = T(
    "an m x dv matrix, one value per row (as many rows as K, 1-8 columns, numbers between -100 and 100), "
    "e.g. [[1,2],[3,4],[5,6]]",
    "m×dv 矩阵，每行一个值（行数与 K 相同，1-8 列，元素在 -100 到 100 之间），例如 [[1,2],[3,4],[5,6]]",
)
PARAMETERS = {"Q": FORM_Q, "K": FORM_K, "V": FORM_V}  # what `mlexam solve attention` takes

SCORES = Check(abs_tol=0.001, rel_tol=0.001)
WEIGHTS = Check(abs_tol=0.001)

softmax = sp.Function("softmax")
d_k = sp.Symbol("d_k", positive=True)

# the mathematics the prose names (the shapes do not show)
_n, _m, _d, _dv = sp.symbols("n m d d_v", positive=True, integer=True)
_Q, _K, _V = sp.MatrixSymbol("Q", _n, _d), sp.MatrixSymbol("K", _m, _d), sp.MatrixSymbol("V", _m, _dv)
_S, _A = sp.MatrixSymbol("S", _n, _m), sp.MatrixSymbol("A", _n, _m)
Q_KT = Math(sp.MatMul(_Q, _K.T))
SCORES_DEF = Math(sp.Eq(_S, sp.MatMul(1 / sp.sqrt(d_k), _Q, _K.T), evaluate=False))
ROOT_DK = Math(sp.sqrt(d_k))
A_V = Math(sp.MatMul(_A, _V))
Q_, K_, V_, S_, A_, DK = (Math(x) for x in (_Q, _K, _V, _S, _A, d_k))

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
                T(
                    "parameter 'K' must be an m x {d} matrix: its rows are keys and need "
                    "d = {d} numbers, as many as each query in Q; got {got}.",
                    "参数 'K' 必须是 m×{d} 矩阵：它的每一行是一个键，需要 d = {d} 个数，"
                    "与 Q 中每个查询的长度相同；实际为 {got} 个。",
                    d=d,
                    got=len(k[0]),
                )
            )
        if len(v) != m:
            raise ParamError(
                T(
                    "parameter 'V' must be a {m} x dv matrix: it needs one row per key, "
                    "m = {m} rows like K; got {got}.",
                    "参数 'V' 必须是 {m}×dv 矩阵：每个键对应一行，与 K 一样需要 m = {m} 行；实际为 {got} 行。",
                    m=m,
                    got=len(v),
                )
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


def _row_softmax_step(i: int, m: int, scores: sp.ImmutableMatrix, decimals: bool, exact, smallest):
    """a_i = [exp(s_i1) ... exp(s_im)] / Σ_k exp(s_ik) with the row's scores substituted
    (the common denominator written once). The substituted form shows the scores as they
    are; the exact value is shifted by the row's `smallest` score (see `core.softmax`), and the
    note says so when the chain shows the exact value and the shift changes it."""
    s = [sp.Symbol(f"s_{i}{j}") for j in range(1, m + 1)]
    total = sp.Add(*[sp.exp(x) for x in s])
    formula = sp.MatMul(1 / total, sp.ImmutableMatrix(1, m, [sp.exp(x) for x in s]))
    done = step(
        T(
            "Softmax of row {i} of {S} (query {i} over the {m} keys)",
            "对 {S} 的第 {i} 行做 softmax（第 {i} 个查询对 {m} 个键的权重）",
            i=i,
            m=m,
            S=S_,
        ),
        sp.MatrixSymbol(f"a_{i}", 1, m),
        formula,
        {x: scores[i - 1, j] for j, x in enumerate(s)},
        exact=exact,
        decimals=decimals,
    )
    weight = Math(sp.Eq(sp.Symbol(f"a_{i}k"), sp.exp(sp.Symbol(f"s_{i}k")) / total, evaluate=False))
    note = T(
        "{weight}; the weights of row {i} add up to 1.",
        "{weight}；第 {i} 行的权重之和为 1。",
        weight=weight,
        i=i,
    )
    return replace(done, note=note + shift_note(done, smallest))


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
    exps, totals = shifted_exps(product.tolist(), scale)
    smallest = [min(product.row(i)) * scale for i in range(n)]
    weights = sp.ImmutableMatrix(n, m, [exps[i][j] / totals[i] for i in range(n) for j in range(m)])
    output = sp.ImmutableMatrix(
        n, dv, [sp.Add(*[Vm[j, c] * exps[i][j] for j in range(m)]) / totals[i] for i in range(n) for c in range(dv)]
    )
    raw_exps, raw_totals = shifted_exps(product.tolist(), sp.Integer(1))
    unscaled = sp.ImmutableMatrix(n, m, [raw_exps[i][j] / raw_totals[i] for i in range(n) for j in range(m)])

    steps = [
        step(
            T(
                "Dot product of every query (row of {Q}) with every key (row of {K})",
                "每个查询（{Q} 的一行）与每个键（{K} 的一行）的点积",
                Q=Q_,
                K=K_,
            ),
            QKt,
            QKt,
            {Q: Qm, K: Km},
            exact=product,
            decimals=dec,
            note=T(
                "Entry ({i}, {j}) is the dot product of query {i} with key {j}.",
                "第 {i} 行第 {j} 列的元素是第 {i} 个查询与第 {j} 个键的点积。",
                i=Math(sp.Symbol("i")),
                j=Math(sp.Symbol("j")),
            ),
        ),
        step(
            T(
                "Scale the dot products by {r}, with {dk} the length of a query",
                "将点积乘以 {r} 进行缩放，其中 {dk} 为查询的维数",
                r=Math(1 / sp.sqrt(d_k)),
                dk=Math(sp.Eq(d_k, d)),
            ),
            S,
            sp.MatMul(1 / sp.sqrt(d_k), P),
            {P: product, d_k: sp.Integer(d)},
            exact=scores,
            decimals=dec,
        ),
        *[_row_softmax_step(i, m, scores, dec, weights[i - 1, :], smallest[i - 1]) for i in range(1, n + 1)],
        step(
            T(
                "Attention weights: the softmax rows together (each row sums to 1)",
                "注意力权重：各行 softmax 的结果合在一起（每行之和为 1）",
            ),
            A,
            softmax(S),
            {S: scores},
            exact=weights,
            decimals=dec,
        ),
        _output_step(A, V, weights, Vm, output, dec, params),
        step(
            T(
                "For comparison: softmax of each row of {QKt} without the scaling",
                "对比：不缩放，直接对 {QKt} 按行 softmax",
                QKt=Q_KT,
            ),
            sp.MatrixSymbol("A'", n, m),
            softmax(P),
            {P: product},
            exact=unscaled,
            decimals=dec,
            note=T(
                "Without dividing by {r} the dot products grow with the dimension {dk}, "
                "so the softmax is pushed towards a one-hot row (compare with {A}): almost all "
                "weight goes to one key and the gradients through the softmax become very "
                "small. Dividing by {r} keeps the scores' spread near 1 whatever {dk} is.",
                "若不除以 {r}，点积会随维数 {dk} 增大而变大，softmax 的结果被推向接近 one-hot 的一行"
                "（可与 {A} 比较）：几乎全部权重落在一个键上，经过 softmax 的梯度变得非常小。"
                "除以 {r} 后，无论 {dk} 多大，得分的离散程度都保持在 1 左右。",
                r=ROOT_DK,
                dk=DK,
                A=A_,
            ),
        ),
    ]

    def show(symbol, table):
        return Math(sp.Eq(symbol, shown(str(symbol), table, dec) if dec else table, evaluate=False), display=True)

    question = Question.of(
        T(
            "A single attention head has {n} queries, {m} keys and {m} values, one per row; "
            "queries and keys have {dk} components, values have {dv}.",
            "一个注意力头有 {n} 个查询、{m} 个键和 {m} 个值，每行一个；查询和键的维数 {dk}，值的维数为 {dv}。",
            n=n,
            m=m,
            dk=Math(sp.Eq(d_k, d)),
            dv=dv,
        ),
        show(Q, Qm),
        show(K, Km),
        show(V, Vm),
        T(
            "Compute the scores {scores}, the attention weights {A} (softmax of each row "
            "of {S}), the output {AV}, and, for comparison, the weights you would get from the softmax "
            "of each row of {QKt} without dividing by {r}.",
            "求注意力得分 {scores}、注意力权重 {A}（对 {S} 按行 softmax）和输出 {AV}；"
            "并作为对比，求不除以 {r}、直接对 {QKt} 按行 softmax 得到的权重。",
            scores=SCORES_DEF,
            A=A_,
            S=S_,
            AV=A_V,
            QKt=Q_KT,
            r=ROOT_DK,
        ),
    )
    answers = (
        Answer(
            "scores",
            T("scores {scores}, {n} x {m} matrix", "注意力得分 {scores}，{n}×{m} 矩阵", scores=SCORES_DEF, n=n, m=m),
            _rows(scores),
            SCORES,
        ),
        Answer(
            "weights",
            T(
                "attention weights {A} = softmax of each row of {S}, {n} x {m} matrix",
                "注意力权重 {A}（对 {S} 按行 softmax），{n}×{m} 矩阵",
                A=A_,
                S=S_,
                n=n,
                m=m,
            ),
            _rows(weights),
            WEIGHTS,
        ),
        Answer(
            "output",
            T("output {AV}, {n} x {dv} matrix", "输出 {AV}，{n}×{dv} 矩阵", AV=A_V, n=n, dv=dv),
            _rows(output),
            WEIGHTS,
        ),
        Answer(
            "weights_unscaled",
            T(
                "softmax of each row of {QKt} (no scaling), {n} x {m} matrix",
                "不缩放时对 {QKt} 按行 softmax 得到的权重，{n}×{m} 矩阵",
                QKt=Q_KT,
                n=n,
                m=m,
            ),
            _rows(unscaled),
            WEIGHTS,
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
        T(
            "Output: each query's weighted average of the values (rows of {V})",
            "输出：每个查询对各个值（{V} 的行）的加权平均",
            V=V_,
        ),
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


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "not_scaled": T("scores not scaled", "注意力得分没有缩放"),
    "divided_by_d": T("scores divided by {dk}, not {r}", "注意力得分除以了 {dk}，而不是 {r}", dk=DK, r=ROOT_DK),
    "softmax_over_columns": T("softmax over the columns", "按列做了 softmax"),
    "transposed_product": T("Q and K swapped in the scores", "注意力得分中 Q 与 K 的位置弄反了"),
}


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
        Mistake("not_scaled", T("scores were not divided by {r}", "注意力得分没有除以 {r}", r=ROOT_DK), attend(raw)),
        Mistake(
            "divided_by_d",
            T("scores are divided by {r}, not by {dk}", "注意力得分应除以 {r}，而不是 {dk}", r=ROOT_DK, dk=DK),
            attend(raw / d),
        ),
        Mistake(
            "softmax_over_columns",
            T(
                "softmax normalises each row (over the keys), not each column",
                "softmax 应按行归一化（对各个键），而不是按列",
            ),
            {"weights": columns, "output": columns @ v},
        ),
    ]
    if q.shape[0] == k.shape[0]:
        transposed = T(
            "scores are {QKt}, not {KQt}",
            "注意力得分是 {QKt}，而不是 {KQt}",
            QKt=Q_KT,
            KQt=Math(sp.MatMul(_K, _Q.T)),
        )
        candidates.append(Mistake("transposed_product", transposed, attend(raw.T / np.sqrt(d))))
    # a mistake that gives the right numbers (d = 1, a symmetric Q K^T, ...) is no mistake here
    return [
        Mistake(c.name, c.message, {name: value.tolist() for name, value in c.answers.items()})
        for c in candidates
        if any(np.max(np.abs(value - right[name])) > 1e-9 for name, value in c.answers.items())
    ]
