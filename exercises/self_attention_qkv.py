"""Self-attention with Q/K/V projections, in note 003's column layout or the row layout.

Column layout (note 003, the default): token i is column i of X (d_in x n).
    H  = W X                          the optional embedding W (d_model x d_in); else H = X
    Q  = W_q H,  K = W_k H,  V = W_v H                  (d x n, d x n, d_v x n)
    A  = Kᵀ Q / √dₖ                   scores, n x n: a_ji = k_jᵀ q_i / √dₖ (row j key, column i query)
    A′ = softmax of each column of A:  a′_ji = exp(a_ji) / Σ_l exp(a_li)   (query i over the keys)
    H′ = V A′                         output, d_v x n: column i = Σ_j a′_ji v_j
Row layout (PyTorch, Vaswani et al.): token i is row i of X (n x d_in), every matrix transposed:
    H = X W,  Q = H W_q,  K = H W_k,  V = H W_v,  S = Q Kᵀ / √dₖ,  A = softmax of each row of S,
    O = A V.
With one head dₖ = d, the length of a query (the rows of W_q). With h heads (hard) the d query
rows (and the key and value rows) are cut into h blocks in order, as PyTorch does: head t attends
with its own blocks, scaled by √dₖ with dₖ = d/h, and the heads' outputs are stacked in order,
C = [H′⁽¹⁾; ...; H′⁽ʰ⁾]; the output is W_o C (row layout: [O⁽¹⁾ ... O⁽ʰ⁾] W_o). A standard
multi-head attention layer of width d (torch.nn.MultiheadAttention(d, h): W_q, W_k, W_v and W_o
all d x d, each with a bias) has 4d² + 4d parameters, whatever h.

Note 003 writes A′ = softmax(A) without saying along which axis (slip S12): with A = KᵀQ each
column holds one query's scores over the keys, so the softmax runs down each column. Its
"这里一定要除√d, ppt是错的" (the slides forgot √d) agrees with Vaswani et al.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import numpy as np
import sympy as sp
from sympy import MatMul, MatrixSymbol

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text, join
from exercises.core.model import (
    EXACT,
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    shown,
    shown_mistakes,
    shown_number,
    step,
    substitute,
)
from exercises.core.number_text import decimal_text
from exercises.core.softmax import shift_note, shifted_exps
from exercises.core.symbols import Named, Num, ProductSymbol, Spelled

TITLE = "Self-attention: Q/K/V projections"
DESCRIPTION = "Q, K, V from projections, scores KᵀQ/√d, softmax over each column (or QKᵀ by rows), output V A′."
TITLE_ZH = "自注意力（Q、K、V投影）"
DESCRIPTION_ZH = "由投影矩阵求 Q、K、V，注意力得分 KᵀQ/√d，按列 softmax（行布局为 QKᵀ 按行），输出 V A′。"
CODING_TASK = "attention"

LIMIT = 100  # |entry| of a matrix a user types
MAX_SIZE = 8  # rows and columns of a matrix a user types
MAX_HEADS = 4
LAYOUTS = ("column", "row")
LAYOUT_ALIASES = {"columns": "column", "col": "column", "note": "column", "rows": "row", "pytorch": "row"}

FORMS = {
    "X": T(
        "the tokens: in the column layout a d_in x n matrix, one token per column; in the row layout n x d_in, "
        "one token per row (1-{m} rows and columns, numbers between -{n} and {n}), e.g. [[1,0,1],[0,1,1]]",
        "词元矩阵：按列布局为 d_in×n 矩阵，每列一个词元；按行布局为 n×d_in 矩阵，每行一个词元"
        "（1-{m} 行、1-{m} 列，元素在 -{n} 到 {n} 之间），例如 [[1,0,1],[0,1,1]]",
        m=MAX_SIZE,
        n=LIMIT,
    ),
    "W": T(
        "optional embedding applied first, H = W X: a d_model x d_in matrix (row layout: d_in x d_model, "
        "H = X W), e.g. [[1,0],[1,1],[0,1]]",
        "可选的嵌入矩阵，先算 H = W X：d_model×d_in 矩阵（按行布局为 d_in×d_model，H = X W），例如 [[1,0],[1,1],[0,1]]",
    ),
    "W_q": T(
        "the query projection Q = W_q X: a d x d_in matrix, or d x d_model after W (row layout: the "
        "transpose, Q = X W_q), e.g. [[1,0],[0,1]]",
        "查询的投影矩阵 Q = W_q X：d×d_in 矩阵，有 W 时为 d×d_model（按行布局为其转置，Q = X W_q），例如 [[1,0],[0,1]]",
    ),
    "W_k": T(
        "the key projection K = W_k X, the same shape as W_q, e.g. [[1,1],[0,1]]",
        "键的投影矩阵 K = W_k X，形状与 W_q 相同，例如 [[1,1],[0,1]]",
    ),
    "W_v": T(
        "the value projection V = W_v X: a d_v x d_in matrix, or d_v x d_model after W (row layout: the "
        "transpose), e.g. [[1,0],[1,1]]",
        "值的投影矩阵 V = W_v X：d_v×d_in 矩阵，有 W 时为 d_v×d_model（按行布局为其转置），例如 [[1,0],[1,1]]",
    ),
    "W_o": T(
        "optional output projection of the heads' stacked outputs C, W_o C: a d_out x d_v matrix (row layout: "
        "d_v x d_out, C W_o), e.g. [[1,-1],[0,1]]",
        "可选的输出投影矩阵，作用于各头输出的拼接 C，即 W_o C：d_out×d_v 矩阵（按行布局为 d_v×d_out，C W_o），"
        "例如 [[1,-1],[0,1]]",
    ),
    "heads": T(
        "the number of heads, 1-{h} (default 1), dividing d and d_v: head t takes the t-th block of the rows "
        "of Q, K and V (row layout: of their columns), e.g. 2",
        "注意力头数，1-{h}（默认为 1），须整除 d 与 d_v：第 t 个头取 Q、K、V 的第 t 段行"
        "（按行布局为第 t 段列），例如 2",
        h=MAX_HEADS,
    ),
    "d": T(
        "optional: the length of a query and a key, which is the number of rows of W_q (row layout: columns), e.g. 2",
        "可选：查询和键的维数，即 W_q 的行数（按行布局为列数），例如 2",
    ),
    "layout": T(
        "column (note 003, the default: tokens are columns, A = KᵀQ/√d, softmax over each column) or row "
        "(PyTorch: tokens are rows, S = QKᵀ/√d, softmax over each row)",
        "column（笔记 003，默认：词元为列，A = KᵀQ/√d，按列 softmax）或 row"
        "（PyTorch：词元为行，S = QKᵀ/√d，按行 softmax）",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve self_attention_qkv` takes
NAMES = ("X", "W_q", "W_k", "W_v")
MATRICES = ("X", "W", "W_q", "W_k", "W_v", "W_o")
OPTIONAL = ("W", "W_o", "heads", "d", "layout")

PRODUCT = Check(abs_tol=0.001, rel_tol=0.001)  # Q, K, V, H with decimals in the parameters
SCORES = Check(abs_tol=0.001, rel_tol=0.001)
WEIGHTS = Check(abs_tol=0.001)
OUTPUT = Check(abs_tol=0.001)

Matrix = tuple[tuple[sp.Rational, ...], ...]


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    X: Matrix  # column layout: d_in x n (a token per column); row layout: n x d_in
    W_q: Matrix  # d x d_model (row layout: d_model x d)
    W_k: Matrix  # like W_q
    W_v: Matrix  # d_v x d_model (row layout: d_model x d_v)
    layout: str = "column"
    W: Matrix | None = None  # embedding, d_model x d_in (row layout: d_in x d_model)
    heads: int = 1
    W_o: Matrix | None = None  # d_out x d_v (row layout: d_v x d_out)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        layout = read.choice("layout", raw.get("layout", "column"), LAYOUTS, LAYOUT_ALIASES)
        col = layout == "column"

        def matrix(name):
            size = (1, MAX_SIZE)
            return read.matrix(name, raw[name], FORMS[name], rows=size, cols=size, low=-LIMIT, high=LIMIT)

        def inner(m) -> int:  # the dimension a matrix takes in: columns (column layout) or rows
            return len(m[0]) if col else len(m)

        def outer(m) -> int:  # the dimension it gives out
            return len(m) if col else len(m[0])

        X = matrix("X")
        width, of = outer(X), _feature("X", col)
        W = None
        if "W" in raw:
            W = matrix("W")
            _agree("W", col, inner(W), width, of)
            width, of = outer(W), _feature("H", col)
        W_q, W_k, W_v = matrix("W_q"), matrix("W_k"), matrix("W_v")
        _agree("W_q", col, inner(W_q), width, of)
        if (len(W_k), len(W_k[0])) != (len(W_q), len(W_q[0])):
            raise ParamError(
                T(
                    "parameter 'W_k' must be a {r} x {c} matrix like W_q, since keys and queries have the same "
                    "length; got {gr} x {gc}.",
                    "参数 'W_k' 必须与 W_q 一样是 {r}×{c} 矩阵，因为键与查询的维数相同；实际为 {gr}×{gc}。",
                    r=len(W_q),
                    c=len(W_q[0]),
                    gr=len(W_k),
                    gc=len(W_k[0]),
                )
            )
        _agree("W_v", col, inner(W_v), width, of)
        heads = int(read.number("heads", raw.get("heads", 1), FORMS["heads"], 1, MAX_HEADS, integer=True))
        d, d_v = outer(W_q), outer(W_v)
        if d % heads or d_v % heads:
            raise ParamError(
                T(
                    "parameter 'heads' must divide both d = {d} and d_v = {dv}, the {axis} of W_q and of W_v, so "
                    "that every head gets as many; got {h}.",
                    "参数 'heads' 必须同时整除 d = {d} 与 d_v = {dv}（W_q 与 W_v 的{axis}），使每个头分得一样多；"
                    "实际为 {h}。",
                    d=d,
                    dv=d_v,
                    axis=T("rows", "行数") if col else T("columns", "列数"),
                    h=heads,
                )
            )
        W_o = None
        if "W_o" in raw:
            W_o = matrix("W_o")
            _agree("W_o", col, inner(W_o), d_v, _feature("V", col))
        if "d" in raw:
            given = read.number("d", raw["d"], FORMS["d"], 1, MAX_SIZE, integer=True)
            if given != d:
                raise ParamError(
                    T(
                        "parameter 'd' must be the length of a query, the {d} {axis} of W_q; got {got}.",
                        "参数 'd' 必须是查询的维数，即 W_q 的{axis} {d}；实际为 {got}。",
                        d=d,
                        axis=T("rows", "行数") if col else T("columns", "列数"),
                        got=given,
                    )
                )
        return cls(X, W_q, W_k, W_v, layout, W, heads, W_o)

    def to_json(self) -> dict:
        out = {"X": read.to_json(self.X)}
        if self.W is not None:
            out["W"] = read.to_json(self.W)
        out |= {"W_q": read.to_json(self.W_q), "W_k": read.to_json(self.W_k), "W_v": read.to_json(self.W_v)}
        if self.heads > 1:
            out["heads"] = self.heads
        if self.W_o is not None:
            out["W_o"] = read.to_json(self.W_o)
        return out | {"layout": self.layout}

    @property
    def column(self) -> bool:
        return self.layout == "column"

    @property
    def decimals(self) -> bool:
        """True when a matrix holds a non-integer (then the numbers are shown as decimals)."""
        tables = [getattr(self, name) for name in MATRICES]
        return any(not x.is_Integer for table in tables if table is not None for row in table for x in row)


@lru_cache(maxsize=64)
def _floats(params: Params) -> dict:
    """Every given matrix as a numpy array of floats, in the column layout."""
    return _float_columns(params.column, **{name: getattr(params, name) for name in MATRICES})


def _float_columns(col: bool, **tables) -> dict:
    out = {}
    for name, value in tables.items():
        if value is not None:
            m = np.array(value, dtype=float)
            out[name] = m if col else m.T
    return out


def _feature(tokens: str, col: bool) -> Text:
    """What a projection's input dimension matches: a feature of a token of X or of H, or a
    component of the values."""
    axis = T("row", "行") if col else T("column", "列")
    if tokens == "V":
        return T("component of the values (a {axis} of V)", "值的各个分量（V 的各{axis}）", axis=axis)
    return T("feature of a token (a {axis} of {X})", "词元的各个特征（{X} 的各{axis}）", axis=axis, X=tokens)


def _agree(name: str, col: bool, got: int, need: int, of: Text) -> None:
    """The dimension a matrix takes in (its columns in the column layout, rows in the row
    layout) must be the one the matrix before it gives out."""
    if got != need:
        axis = T("columns", "列") if col else T("rows", "行")
        raise ParamError(
            T(
                "parameter '{name}' must have {need} {axis} in the {layout} layout, one per {of}; got {got}.",
                "参数 '{name}' 在{layout}布局下应有 {need} {axis}，与{of}一一对应；实际为 {got} {axis}。",
                name=name,
                need=need,
                axis=axis,
                layout=T("column", "按列") if col else T("row", "按行"),
                of=of,
                got=got,
            )
        )


# --- generation ----------------------------------------------------------------------------------

SPREAD = (0.5, 4.5)  # a query's scores: at least this far apart, at most this far (no weight below 0.005)
VISIBLE = 0.02  # every mistake moves some attention weight at least this much


def generate(dice, difficulty: str) -> Params:
    """easy: the column layout, n = 2 tokens of d_in = 2 features, d = d_v = 2;
    medium: either layout, n = 3, d_in = 2, d = 2 or 4 (√d = 2), d_v = 2;
    hard: either layout, n = 3, d_in = 3, an embedding W (d_model = 2, entries -1..1) first,
    then two heads (W_q, W_k, W_v 4 x 2 with entries -1..1, so dₖ = 2) and W_o (2 x 4, ±1).
    Tokens are distinct and nonzero, with entries 0..2; the rows of a projection are distinct
    and nonzero. Redrawn: two tokens alike after the embedding, a projection (of a head) of
    lower rank than its shape allows, a query whose scores are all equal or more than 4.5
    apart (a weight below 0.005), two keys scored alike by every query, two tokens with the
    same query or value, a value component 0 for every token, or a mistake of the syllabus
    that moves no attention weight by 0.02."""
    col = difficulty == "easy" or dice.choice(LAYOUTS) == "column"
    n, d_in = {"easy": (2, 2), "medium": (3, 2), "hard": (3, 3)}[difficulty]
    d = dice.choice((2, 4)) if difficulty == "medium" else 2 if difficulty == "easy" else 4
    d_model, d_v = (2, 4) if difficulty == "hard" else (d_in, 2)

    def draw(rows, cols, pool, tokens=False):
        """A rows x cols matrix (column layout) of distinct nonzero rows with entries from
        `pool`; with `tokens`, distinct nonzero columns instead."""
        if tokens:
            table = tuple(zip(*dice.sample(_vectors(pool, rows), cols)))
        else:
            table = tuple(dice.sample(_vectors(pool, cols), rows))
        return table if col else tuple(zip(*table))

    tables = {"X": draw(d_in, n, (0, 1, 2), tokens=True)}
    tables["W"] = draw(d_model, d_in, (-1, 0, 1)) if difficulty == "hard" else None
    if difficulty == "hard" and not _distinct_tokens(_float_columns(col, X=tables["X"], W=tables["W"])):
        raise Redraw("two tokens alike after the embedding, or an embedding that drops a feature")
    projections = (-1, 0, 1) if difficulty == "hard" else (-1, 0, 1, 2)
    tables |= {name: draw(rows, d_model, projections) for name, rows in (("W_q", d), ("W_k", d), ("W_v", d_v))}
    tables["W_o"] = draw(d_model, d_v, (-1, 1)) if difficulty == "hard" else None
    heads = 2 if difficulty == "hard" else 1
    if not _visible(_float_columns(col, **tables), heads):
        raise Redraw("a query's scores all equal or too far apart, or a mistake that hardly moves the weights")
    exact = {
        name: None if table is None else tuple(tuple(sp.Integer(x) for x in row) for row in table)
        for name, table in tables.items()
    }
    return Params(
        exact["X"],
        exact["W_q"],
        exact["W_k"],
        exact["W_v"],
        "column" if col else "row",
        exact["W"],
        heads,
        exact["W_o"],
    )


@cache
def _vectors(pool: tuple, length: int) -> list:
    """Every nonzero vector of `length` entries from `pool`, in a fixed order."""
    return [v for v in itertools.product(pool, repeat=length) if any(v)]


def _distinct_tokens(m: dict) -> bool:
    """The tokens (after the embedding) differ, and the embedding uses every feature of X and
    gives every component of H."""
    if "W" in m and not (np.abs(m["W"]).sum(axis=0).all() and np.abs(m["W"]).sum(axis=1).all()):
        return False
    H = m["W"] @ m["X"] if "W" in m else m["X"]
    return len({tuple(v) for v in H.T}) == H.shape[1]


def _visible(m: dict, heads: int) -> bool:
    """The rest of the redraw rule of `generate`, on the float matrices (column layout)."""
    for name in ("W_q", "W_k", "W_v"):
        size = len(m[name]) // heads
        for t in range(heads):
            block = m[name][t * size : (t + 1) * size]
            if np.linalg.matrix_rank(block) < min(block.shape):
                return False  # a projection (of a head) that collapses the tokens onto a line
    right = _attend(m, heads)
    d_k = right["d_k"]
    for name in ("Q", "V"):
        if len({tuple(v) for v in right[name].T}) < right[name].shape[1]:
            return False  # two tokens with the same query (or value): their columns repeat
    if not np.abs(right["V"]).sum(axis=1).all():
        return False  # a value component that is 0 for every token
    root = np.sqrt(d_k)
    for product in right["products"]:
        if len({tuple(row) for row in product}) < len(product):
            return False  # two keys that every query scores alike
        spread = (product.max(axis=0) - product.min(axis=0)) / root
        if spread.min() < SPREAD[0] or spread.max() > SPREAD[1]:
            return False
    for wrong in _wrong(m, heads).values():
        if wrong is None:
            continue
        moved = max(np.max(np.abs(wrong[f"weights{t}"] - right[f"weights{t}"])) for t in range(heads))
        if moved < VISIBLE:
            return False
    return True


# --- the computation in floats: the mistakes, the redraws, the decimals shown -------------------


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attend(m: dict, heads: int, *, scale=None, transposed=False, wrong_axis=False, projected=True) -> dict:
    """The answers in floats, in the column layout, keyed as in `_exact` (scores0, weights0, ...
    per head). A mistake passes its own scale (instead of √dₖ), the transposed product QᵀK, the
    softmax over each row, or no projection (every head takes Q = K = V = H). `m`: the float
    matrices of `_floats`."""
    H = m["W"] @ m["X"] if "W" in m else m["X"]
    Q, K, V = (m["W_q"] @ H, m["W_k"] @ H, m["W_v"] @ H) if projected else (H, H, H)
    h = heads
    d_k, d_vk = len(m["W_q"]) // h, len(m["W_v"]) // h
    out = {"H": H, "Q": Q, "K": K, "V": V, "d_k": d_k, "products": []}
    outputs = []
    for t in range(h):
        if projected:
            Qt, Kt, Vt = Q[t * d_k : (t + 1) * d_k], K[t * d_k : (t + 1) * d_k], V[t * d_vk : (t + 1) * d_vk]
        else:
            Qt = Kt = Vt = H
        product = Kt.T @ Qt
        product = product.T if transposed else product
        scores = product / (np.sqrt(d_k) if scale is None else scale)
        weights = _softmax(scores, axis=1 if wrong_axis else 0)
        out["products"].append(product)
        out[f"scores{t}"], out[f"weights{t}"] = scores, weights
        outputs.append(Vt @ weights)
    out["concat"] = concat = np.vstack(outputs)
    if "W_o" not in m:
        out["output"] = concat
    elif m["W_o"].shape[1] == len(concat):  # without projections the heads' stack may not fit W_o
        out["output"] = m["W_o"] @ concat
    return out


def _wrong_dims(m: dict) -> dict:
    """The dimensions a student may take the square root of instead of dₖ: the width of a
    token entering the attention (rows of H) and the number of tokens."""
    return {"width": len(m["W"]) if "W" in m else len(m["X"]), "tokens": m["X"].shape[1]}


def _wrong(m: dict, heads: int) -> dict:
    """{mistake: its answers in floats (column layout)} for every mistake of the syllabus. The
    square roots of the wrong dimensions are keyed sqrt_of_wrong_dim/<which>, None when that
    dimension is dₖ itself or gives another mistake's numbers (1, dₖ², the other one)."""
    d_k = len(m["W_q"]) // heads
    found = {
        "softmax_wrong_axis": _attend(m, heads, wrong_axis=True),
        "not_scaled": _attend(m, heads, scale=1.0),
        "divided_by_d": _attend(m, heads, scale=float(d_k)),
        "QK_order": _attend(m, heads, transposed=True),
        "no_projection": _attend(m, heads, projected=False),
    }
    taken = {1, d_k, d_k * d_k}
    for which, size in _wrong_dims(m).items():
        found[f"sqrt_of_wrong_dim/{which}"] = None if size in taken else _attend(m, heads, scale=np.sqrt(size))
        taken.add(size)
    return found


# --- symbols ---------------------------------------------------------------------------------------


class _Weights(Named):
    """A projection matrix, W_q, W_k, W_v, W_o, spelled alike in every printer (Unicode has a
    subscript k, v and o but no q): W_q in text, W_{q} in LaTeX, a subscript in MathML."""

    def __new__(cls, name, rows, cols, text=None, latex=None):
        base, sub = str(name).split("_")
        return super().__new__(cls, name, rows, cols, text or name, latex or f"{base}_{{{sub}}}")

    def _mathml_presentation(self, printer):
        msub = printer.dom.createElement("msub")
        for text in self.text.split("_"):
            mi = printer.dom.createElement("mi")
            mi.appendChild(printer.dom.createTextNode(text))
            msub.appendChild(mi)
        return msub


d_k = sp.Symbol("d_k", positive=True)
softmax = sp.Function("softmax")
_i, _j, _t, _d = sp.Symbol("i"), sp.Symbol("j"), sp.Symbol("t"), sp.Symbol("d", positive=True)
HEAD_MARKS = "¹²³⁴"


def _prime(name: str) -> tuple[str, str]:
    """(text, LaTeX) of a name with a prime: A′, A'."""
    return name.replace("'", "′"), name


class _Symbols:
    """The symbols of one problem in its layout's orientation (column: a token per column), and
    the words that depend on the layout."""

    def __init__(self, params: Params, shapes: dict):
        self.col = col = params.column
        h = params.heads
        n, d, d_v, d_model, d_out = (shapes[k] for k in ("n", "d", "d_v", "d_model", "d_out"))

        def shape(rows, cols):
            return (rows, cols) if col else (cols, rows)

        def mat(name, rows, cols, mark=("", "")):
            text, tex = _prime(name)
            if "'" in name or mark[0]:
                return Named(name + mark[0], *shape(rows, cols), text + mark[0], tex + mark[1])
            return MatrixSymbol(name, *shape(rows, cols))

        self.X, self.W, self.H = mat("X", shapes["d_in"], n), mat("W", d_model, shapes["d_in"]), mat("H", d_model, n)
        self.Wq, self.Wk = _Weights("W_q", *shape(d, d_model)), _Weights("W_k", *shape(d, d_model))
        self.Wv, self.Wo = _Weights("W_v", *shape(d_v, d_model)), _Weights("W_o", *shape(d_out, d_v))
        self.tokens = self.H if params.W is not None else self.X
        self.Q, self.K, self.V = mat("Q", d, n), mat("K", d, n), mat("V", d_v, n)
        self.score, self.weight, self.out = ("A", "A'", "H'") if col else ("S", "A", "O")
        self.C = mat("C", d_v, n)
        self.final = mat(self.out, d_out, n)
        self.heads = []
        for t in range(1, h + 1):
            mark = ("⁽" + HEAD_MARKS[t - 1] + "⁾", f"^{{({t})}}") if h > 1 else ("", "")
            self.heads.append(
                {
                    "Q": mat("Q", d // h, n, mark) if h > 1 else self.Q,
                    "K": mat("K", d // h, n, mark) if h > 1 else self.K,
                    "V": mat("V", d_v // h, n, mark) if h > 1 else self.V,
                    "scores": mat(self.score, n, n, mark),
                    "weights": mat(self.weight, n, n, mark),
                    "output": mat(self.out, d_v // h, n, mark) if h > 1 else self.C,
                }
            )
        if h == 1 and params.W_o is None:
            self.heads[0]["output"] = self.final
        # a head in general (head t), for sentences
        mark = ("⁽ᵗ⁾", "^{(t)}") if h > 1 else ("", "")
        self.any = {k: mat(k, 2, 2, mark) if h > 1 else MatrixSymbol(k, 2, 2) for k in ("Q", "K", "V")}
        self.any |= {"scores": mat(self.score, 2, 2, mark), "weights": mat(self.weight, 2, 2, mark)}
        self.any["output"] = mat(self.out, 2, 2, mark) if h > 1 else self.heads[0]["output"]

    def project(self, weights, tokens):
        """W X (column layout) or X W (row layout)."""
        return MatMul(weights, tokens) if self.col else MatMul(tokens, weights)

    def product(self, keys, queries):
        """Kᵀ Q (column layout) or Q Kᵀ (row layout)."""
        return MatMul(keys.T, queries) if self.col else MatMul(queries, keys.T)

    def attend(self, values, weights):
        """V A′ (column layout) or A V (row layout)."""
        return MatMul(values, weights) if self.col else MatMul(weights, values)

    def scores_said(self, head: dict) -> Math:
        """A = 1/√dₖ⋅Kᵀ⋅Q (S = 1/√dₖ⋅Q⋅Kᵀ) for a head's symbols."""
        product = self.product(head["K"], head["Q"])
        return Math(sp.Eq(head["scores"], MatMul(1 / sp.sqrt(d_k), *product.args), evaluate=False))

    def axis(self, plural: bool = False) -> Text:
        """The axis of a token, a query, a key, a value: a column (column layout) or a row; a
        query's scores and weights lie along it too."""
        if self.col:
            return T("columns", "列") if plural else T("column", "列")
        return T("rows", "行") if plural else T("row", "行")

    def features(self) -> Text:
        """The other axis, along which the heads take their blocks: rows (column layout) or columns."""
        return T("rows", "行") if self.col else T("columns", "列")


def _shapes(params: Params) -> dict:
    m = _floats(params)
    d_v = len(m["W_v"])
    return {
        "n": m["X"].shape[1],
        "d_in": len(m["X"]),
        "d_model": len(m["W"]) if "W" in m else len(m["X"]),
        "d": len(m["W_q"]),
        "d_v": d_v,
        "d_out": len(m["W_o"]) if "W_o" in m else d_v,
    }


# --- the exact solution ----------------------------------------------------------------------------


def _product(a: list, b: list) -> list:
    """The product of two matrices given as lists of rows of sympy numbers."""
    return [[sp.Add(*[x * b[k][j] for k, x in enumerate(row)]) for j in range(len(b[0]))] for row in a]


def _transposed(a: list) -> list:
    return [list(column) for column in zip(*a)]


@lru_cache(maxsize=64)
def _exact(params: Params) -> dict:
    """Every exact value as an ImmutableMatrix in the problem's layout (worked out in the column
    layout on lists, which is much faster than on sympy matrices). A query's weights are written
    with its scores shifted by the smallest: softmax(x) = softmax(x - c), so every exponent is
    >= 0 and a weight reads e^a / (1 + e^b + ...), unsimplified."""
    col = params.column

    def given(name):
        table = [list(row) for row in getattr(params, name)]
        return table if col else _transposed(table)

    def matrix(table):
        return sp.ImmutableMatrix(table if col else _transposed(table))

    H = _product(given("W"), given("X")) if params.W is not None else given("X")
    Q, K, V = (_product(given(name), H) for name in ("W_q", "W_k", "W_v"))
    h, n = params.heads, len(H[0])
    dk, dvk = len(Q) // h, len(V) // h
    scale = 1 / sp.sqrt(dk)
    out = {"H": matrix(H), "Q": matrix(Q), "K": matrix(K), "V": matrix(V), "d_k": dk, "heads": []}
    outputs, parts = [], []  # parts: per head, its value rows' exp coefficients and denominators
    for t in range(h):
        Qt, Kt, Vt = Q[t * dk : (t + 1) * dk], K[t * dk : (t + 1) * dk], V[t * dvk : (t + 1) * dvk]
        product = _product(_transposed(Kt), Qt)
        queries = _transposed(product)  # query i's scores over the keys
        lows = [min(scores) for scores in queries]
        by_query, totals = shifted_exps(queries, scale)
        exps = _transposed(by_query)
        weights = [[exps[j][i] / totals[i] for i in range(n)] for j in range(n)]
        output = [
            [sp.Add(*[Vt[c][j] * exps[j][i] for j in range(n)]) / totals[i] for i in range(n)] for c in range(dvk)
        ]
        outputs += output
        parts.append((Vt, exps, totals))
        head = {"Q": Qt, "K": Kt, "V": Vt, "product": product, "weights": weights, "output": output}
        head = {name: matrix(table) for name, table in head.items()}
        head["scores"] = matrix([[x * scale for x in row] for row in product])
        head["smallest"] = [low * scale for low in lows]
        # a query's weights: a column (column layout) or a row, as a matrix of that shape
        shape = (n, 1) if col else (1, n)
        head["each"] = [sp.ImmutableMatrix(*shape, [row[i] for row in weights]) for i in range(n)]
        out["heads"].append(head)
    out["concat"] = matrix(outputs)
    if params.W_o is None:
        out["output"] = out["concat"]
        return out
    # W_o C, one fraction per head: Σ_t (Σ_j (W_o,t V_t)_rj e_ji) / Σ_j e_ji, with the products
    # of W_o by the values worked out (cheaper to evaluate than a sum of every fraction of C)
    Wo = given("W_o")
    rows = []
    for r in range(len(Wo)):
        row = []
        for i in range(n):
            fractions = []
            for t, (Vt, exps, totals) in enumerate(parts):
                weights_o = Wo[r][t * dvk : (t + 1) * dvk]
                coefficients = [sp.Add(*[w * Vt[c][j] for c, w in enumerate(weights_o)]) for j in range(n)]
                fractions.append(sp.Add(*[a * exps[j][i] for j, a in enumerate(coefficients)]) / totals[i])
            row.append(sp.Add(*fractions))
        rows.append(row)
    out["output"] = matrix(rows)
    return out


def _oriented(params: Params, floats: np.ndarray) -> np.ndarray:
    """A float matrix of the column layout in the problem's layout."""
    return floats if params.column else floats.T


def solve(params: Params) -> Solution:
    shapes = _shapes(params)
    s = _Symbols(params, shapes)
    exact = _exact(params)
    floats = _attend(_floats(params), params.heads)
    col, dec, h = params.column, params.decimals, params.heads

    def given(name):
        return shown(name, sp.ImmutableMatrix(getattr(params, name)), dec)

    steps: list[Step] = []
    if params.W is not None:
        steps.append(
            _shown_step(
                T("Embedding: each token through {W}", "嵌入：每个词元乘以 {W}", W=Math(s.W)),
                s.H,
                s.project(s.W, s.X),
                {s.W: given("W"), s.X: given("X")},
                exact["H"],
            )
        )
    tokens = shown("H", exact["H"], dec)
    for sym, weights, name, what in (
        (s.Q, s.Wq, "Q", T("Queries", "查询")),
        (s.K, s.Wk, "K", T("Keys", "键")),
        (s.V, s.Wv, "V", T("Values", "值")),
    ):
        steps.append(
            _shown_step(
                T(
                    "{what}, one per token ({axis} {i} for token {i})",
                    "{what}，每个词元一个（第 {i} {axis}对应第 {i} 个词元）",
                    what=what,
                    axis=s.axis(),
                    i=Math(_i),
                ),
                sym,
                s.project(weights, s.tokens),
                {weights: given(f"W_{name.lower()}"), s.tokens: tokens},
                exact[name],
            )
        )
    for t, (head, numbers) in enumerate(zip(s.heads, exact["heads"]), 1):
        steps += _head_steps(params, s, head, numbers, t, floats)
    if h > 1:
        blocks = [[head["output"]] for head in s.heads] if col else [[head["output"] for head in s.heads]]
        steps.append(
            Step(
                T(
                    "The heads' outputs stacked in order ({how})",
                    "按顺序拼接各头的输出（{how}）",
                    how=T("one under the other", "上下堆叠") if col else T("side by side", "左右并排"),
                ),
                s.C if params.W_o is not None else s.final,
                sp.BlockMatrix(blocks),
                exact=exact["concat"],
            )
        )
    if params.W_o is not None:
        steps.append(_projection_step(params, s, exact, floats, dec))
    if h > 1:
        steps.append(_count_step(shapes["d"], h))
    return Solution(_question(params, s, shapes), tuple(steps), _answers(params, s, exact, shapes))


def _head_steps(params: Params, s: _Symbols, head: dict, numbers: dict, t: int, floats: dict) -> list:
    """One head: the dot products, the scores, the softmax of each query, the weights, the output."""
    col, h, dec = params.column, params.heads, params.decimals
    n, size = numbers["product"].rows, numbers["Q"].shape[0 if col else 1]
    when = T("Head {t}: ", "第 {t} 个头：", t=t) if h > 1 else T("", "")
    product = s.product(head["K"], head["Q"])
    if col:
        note = T(
            "Entry ({j}, {i}) is key {j} times query {i}: a row for each key, a column for each query.",
            "第 {j} 行第 {i} 列是第 {j} 个键与第 {i} 个查询的点积：每行对应一个键，每列对应一个查询。",
            j=Math(_j),
            i=Math(_i),
        )
    else:
        note = T(
            "Entry ({i}, {j}) is query {i} times key {j}: a row for each query, a column for each key.",
            "第 {i} 行第 {j} 列是第 {i} 个查询与第 {j} 个键的点积：每行对应一个查询，每列对应一个键。",
            j=Math(_j),
            i=Math(_i),
        )
    if h > 1:
        note = (
            T(
                "{Q}, {K} and {V} are {axis} {a}-{b} of {Qall}, {Kall} and {Vall}. ",
                "{Q}、{K}、{V} 是 {Qall}、{Kall}、{Vall} 的第 {a}-{b} {axis}。",
                Q=Math(head["Q"]),
                K=Math(head["K"]),
                V=Math(head["V"]),
                Qall=Math(s.Q),
                Kall=Math(s.K),
                Vall=Math(s.V),
                axis=s.features(),
                a=(t - 1) * size + 1,
                b=t * size,
            )
            + note
        )
    steps = [
        _shown_step(
            when + T("Dot products of the keys and the queries", "键与查询的点积"),
            product,
            product,
            {head["Q"]: shown("Q", numbers["Q"], dec), head["K"]: shown("K", numbers["K"], dec)},
            numbers["product"],
            note,
        )
    ]
    P = ProductSymbol("KQ", product)
    steps.append(
        _shown_step(
            when
            + T(
                "Scores: scale by {r}, with {dk} the length of a query and a key",
                "注意力得分：乘以 {r} 进行缩放，其中 {dk} 为查询和键的维数",
                r=Math(1 / sp.sqrt(d_k)),
                dk=Math(sp.Eq(d_k, size)),
            ),
            head["scores"],
            MatMul(1 / sp.sqrt(d_k), P),
            {P: shown("P", numbers["product"], dec), d_k: shown("d_k", sp.Integer(size))},
            numbers["scores"],
        )
    )
    scores = _show_matrix("S", numbers["scores"], _oriented(params, floats[f"scores{t - 1}"]), dec)
    steps += [_softmax_step(params, numbers, head["scores"], scores, i, when) for i in range(1, n + 1)]
    steps.append(
        Step(
            when
            + T(
                "Attention weights: the {axes}' softmax together (each sums to 1)",
                "注意力权重：各{axis}的 softmax 合在一起（每{axis}之和为 1）",
                axis=s.axis(),
                axes=s.axis(plural=True),
            ),
            head["weights"],
            softmax(head["scores"]),
            exact=numbers["weights"],
            note=_axis_note(s) if t == 1 else "",
        )
    )
    steps.append(_output_step(params, s, head, numbers, when, floats[f"weights{t - 1}"]))
    return steps


def _axis_note(s: _Symbols) -> Text:
    if s.col:
        return T(
            "Note 003 writes {A2} = softmax({A}) without saying along which axis: with {A} = {KQ} each "
            "column holds one query's scores over the keys, so the softmax runs down each column. Its "
            "insistence on dividing by √d (the slides forgot it) agrees with Vaswani et al.",
            "笔记 003 写 {A2} = softmax({A}) 时没有说明沿哪个方向：{A} = {KQ} 的每一列是一个查询对各个键的得分，"
            "所以 softmax 要按列做。笔记中“这里一定要除√d，ppt是错的”与 Vaswani 等人的原文一致。",
            A2=Math(s.any["weights"]),
            A=Math(s.any["scores"]),
            KQ=Math(s.product(s.any["K"], s.any["Q"])),
        )
    return T(
        "Each row of {S} holds one query's scores over the keys, so the softmax runs along each row "
        "(PyTorch's softmax(dim=-1)).",
        "{S} 的每一行是一个查询对各个键的得分，所以 softmax 按行做（即 PyTorch 的 softmax(dim=-1)）。",
        S=Math(s.any["scores"]),
    )


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _softmax_step(params: Params, numbers: dict, symbol, scores: sp.ImmutableMatrix, i: int, when: Text) -> Step:
    """The weights of query i, [exp(a₁ᵢ) ... exp(aₙᵢ)] / Σₗ exp(aₗᵢ) with its scores put in (a
    column in the column layout, a row in the row layout; the denominator written once). The
    exact value is shifted by the query's smallest score (see `_exact`); the note says so when
    the chain shows the exact value and the shift changed it."""
    col = params.column
    n = numbers["product"].rows
    a = [sp.Symbol(f"a_{j}{i}" if col else f"s_{i}{j}") for j in range(1, n + 1)]
    total = sp.Add(*[sp.exp(x) for x in a])
    terms = [sp.exp(x) for x in a]
    if col:
        lhs = Named(f"a'_{i}", n, 1, f"a′{_sub(i)}", f"a'_{{{i}}}")
        vector = sp.ImmutableMatrix(n, 1, terms)
        title = T(
            "Softmax of column {i} of {A} (query {i} over the {n} keys)",
            "对 {A} 的第 {i} 列做 softmax（第 {i} 个查询对 {n} 个键的权重）",
            A=Math(symbol),
            i=i,
            n=n,
        )
        entry = Spelled(f"a′ₖ{_sub(i)}", f"a'_{{k{i}}}")
        said = Math(sp.Eq(entry, sp.exp(sp.Symbol(f"a_k{i}")) / total, evaluate=False))
        note = T("{w}; the weights of column {i} add up to 1.", "{w}；第 {i} 列的权重之和为 1。", w=said, i=i)
        shown_scores = [scores[j, i - 1] for j in range(n)]
    else:
        lhs = MatrixSymbol(f"a_{i}", 1, n)
        vector = sp.ImmutableMatrix(1, n, terms)
        title = T(
            "Softmax of row {i} of {S} (query {i} over the {n} keys)",
            "对 {S} 的第 {i} 行做 softmax（第 {i} 个查询对 {n} 个键的权重）",
            S=Math(symbol),
            i=i,
            n=n,
        )
        said = Math(sp.Eq(sp.Symbol(f"a_{i}k"), sp.exp(sp.Symbol(f"s_{i}k")) / total, evaluate=False))
        note = T("{w}; the weights of row {i} add up to 1.", "{w}；第 {i} 行的权重之和为 1。", w=said, i=i)
        shown_scores = [scores[i - 1, j] for j in range(n)]
    done = _shown_step(when + title, lhs, MatMul(1 / total, vector), dict(zip(a, shown_scores)), numbers["each"][i - 1])
    smallest = numbers["smallest"][i - 1]
    return replace(done, note=note + shift_note(done, smallest))


def _shown_step(title, lhs, formula, values: dict, exact, note="") -> Step:
    """`model.step` with the exact value given and the numbers put in already shown (by
    `model.shown` or `_show_matrix`), so that no symbol is printed to name them."""
    return Step(title, lhs, formula, substitute(formula, values), exact, note)


def _show_matrix(name: str, exact: sp.MatrixBase, floats: np.ndarray, decimals: bool) -> sp.ImmutableMatrix:
    """The entries as `model.shown` writes them, an irrational one (a score k/√2) to 4
    significant digits from its float, without sympy's evalf."""
    return sp.ImmutableMatrix(
        exact.rows,
        exact.cols,
        [
            shown_number(f"{name}_{k}", x, decimals, bare=True)
            if x.is_Rational
            else Num(f"{name}_{k}", x, decimal_text(f), True, True)
            for k, (x, f) in enumerate(zip(exact, floats.flat))
        ],
    )


def _output_step(params: Params, s: _Symbols, head: dict, numbers: dict, when: Text, weights) -> Step:
    """H′ = V A′ (O = A V), the weights shown to 4 significant digits."""
    formula = s.attend(head["V"], head["weights"])
    title = T(
        "Output: {axis} {i} is query {i}'s weighted average of the values ({axes} of {V})",
        "输出：第 {i} {axis}是第 {i} 个查询对各个值（{V} 的各{axis}）的加权平均",
        axis=s.axis(),
        axes=s.axis(plural=True),
        i=Math(_i),
        V=Math(head["V"]),
    )
    values = {
        head["weights"]: _show_matrix("A", numbers["weights"], _oriented(params, weights), False),
        head["V"]: shown("V", numbers["V"], params.decimals),
    }
    return _shown_step(when + title, head["output"], formula, values, numbers["output"])


def _projection_step(params: Params, s: _Symbols, exact: dict, floats: dict, dec: bool) -> Step:
    """The output projection W_o C (C W_o), C shown to 4 significant digits."""
    formula = MatMul(s.Wo, s.C) if params.column else MatMul(s.C, s.Wo)
    values = {
        s.C: _show_matrix("C", exact["concat"], _oriented(params, floats["concat"]), False),
        s.Wo: shown("W_o", sp.ImmutableMatrix(params.W_o), dec),
    }
    return _shown_step(
        T("Output projection: {O}", "输出投影：{O}", O=Math(sp.Eq(s.final, formula, evaluate=False))),
        s.final,
        formula,
        values,
        exact["output"],
    )


COUNT = sp.Symbol("N_MHA")


def _all_weights() -> Text:
    """W_q, W_k, W_v and W_o (W_q、W_k、W_v、W_o)."""
    w = [Math(_Weights(f"W_{c}", 2, 2)) for c in "qkvo"]
    return T("{a}, {b}, {c} and {d}", "{a}、{b}、{c}、{d}", a=w[0], b=w[1], c=w[2], d=w[3])


def _count_step(d: int, h: int) -> Step:
    """4d² + 4d: W_q, W_k, W_v, W_o, each d x d with a bias of d."""
    done = step(
        T(
            "Parameters of a standard multi-head attention layer of width {d}",
            "宽度为 {d} 的标准多头注意力层的参数量",
            d=Math(sp.Eq(_d, d)),
        ),
        COUNT,
        sp.Add(4 * _d**2, 4 * _d, evaluate=False),
        {_d: sp.Integer(d)},
        exact=sp.Integer(4 * d * d + 4 * d),
    )
    note = T(
        "{W} are each {d} x {d} with {d} biases, as torch.nn.MultiheadAttention({d}, {h}) counts them; its {h} "
        "heads share these matrices (each takes a block), so the count does not depend on the number of heads.",
        "{W} 各为 {d}×{d}，各有 {d} 个偏置，与 torch.nn.MultiheadAttention({d}, {h}) 的计数相同；{h} 个头共用这些"
        "矩阵（各取一段），所以参数量与头数无关。",
        W=_all_weights(),
        d=d,
        h=h,
    )
    return replace(done, note=note)


def _rows(table: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, table.tolist()))


def _answers(params: Params, s: _Symbols, exact: dict, shapes: dict) -> tuple:
    h = params.heads

    def matrix(name, label, value, check):
        if check is PRODUCT and all(x.is_Integer for x in value):
            check = EXACT
        said = T("{label}, {r} x {c} matrix", "{label}，{r}×{c} 矩阵", label=label, r=value.rows, c=value.cols)
        return Answer(name, said, _rows(value), check)

    answers = []
    if params.W is not None:
        answers.append(matrix("H", T("embedded tokens {H}", "嵌入后的词元 {H}", H=Math(s.H)), exact["H"], PRODUCT))
    for name, words in (("Q", T("queries", "查询")), ("K", T("keys", "键")), ("V", T("values", "值"))):
        label = T("{what} {M}", "{what} {M}", what=words, M=Math(getattr(s, name)))
        answers.append(matrix(name, label, exact[name], PRODUCT))
    for t, (head, numbers) in enumerate(zip(s.heads, exact["heads"]), 1):
        suffix = f"_{t}" if h > 1 else ""
        label = T("scores {A}", "注意力得分 {A}", A=s.scores_said(head))
        answers.append(matrix("scores" + suffix, label, numbers["scores"], SCORES))
        label = T(
            "attention weights {W} (softmax of each {axis} of {A})",
            "注意力权重 {W}（对 {A} 按{axis} softmax）",
            W=Math(head["weights"]),
            A=Math(head["scores"]),
            axis=s.axis(),
        )
        answers.append(matrix("weights" + suffix, label, numbers["weights"], WEIGHTS))
    if params.W_o is not None:
        label = T("the heads' outputs stacked, {C}", "各头输出的拼接 {C}", C=Math(s.C))
        if h == 1:
            label = T("the attention's output {C}", "注意力的输出 {C}", C=Math(s.C))
        answers.append(matrix("concat", label, exact["concat"], OUTPUT))
    answers.append(matrix("output", T("output {O}", "输出 {O}", O=Math(s.final)), exact["output"], OUTPUT))
    if h > 1:
        label = T(
            "parameters of a standard multi-head attention layer of width {d} (with biases)",
            "宽度为 {d} 的标准多头注意力层的参数量（含偏置）",
            d=Math(sp.Eq(_d, shapes["d"])),
        )
        answers.append(Answer("mha_params", label, sp.Integer(4 * shapes["d"] ** 2 + 4 * shapes["d"]), EXACT))
    return tuple(answers)


# --- the question ------------------------------------------------------------------------------------


def _question(params: Params, s: _Symbols, shapes: dict) -> Question:
    col, h, dec = params.column, params.heads, params.decimals

    def given(sym, name):
        value = sp.ImmutableMatrix(getattr(params, name))
        return sp.Eq(sym, shown(name, value, dec) if dec else value, evaluate=False)

    embed = T("", "")
    if params.W is not None:
        embed = T(
            ", embedded first as {H}",
            "，先嵌入为 {H}",
            H=Math(sp.Eq(s.H, s.project(s.W, s.X), evaluate=False)),
        )
    head = s.any
    values = dict(
        n=shapes["n"],
        i=Math(_i),
        j=Math(_j),
        X=Math(s.X),
        embed=embed,
        Q=Math(sp.Eq(s.Q, s.project(s.Wq, s.tokens), evaluate=False)),
        K=Math(sp.Eq(s.K, s.project(s.Wk, s.tokens), evaluate=False)),
        V=Math(sp.Eq(s.V, s.project(s.Wv, s.tokens), evaluate=False)),
        scores=s.scores_said(head),
        A=Math(head["scores"]),
        W=Math(head["weights"]),
        out=Math(sp.Eq(head["output"], s.attend(head["V"], head["weights"]), evaluate=False)),
        the=T("each head's", "每个头的") if h > 1 else T("the attention's", "注意力的") if params.W_o else T("the", ""),
    )
    if col:
        intro = T(
            "Self-attention over {n} tokens as note 003 writes it: token {i} is column {i} of {X}{embed}; the "
            "queries, keys and values are {Q}, {K} and {V}; the scores are {scores} (a row for each key "
            "{j}, a column for each query {i}); the attention weights {W} are the softmax of each column of "
            "{A}; {the} output is {out}.",
            "按笔记 003 的写法对 {n} 个词元做自注意力：第 {i} 个词元是 {X} 的第 {i} 列{embed}；查询、键、值为 {Q}、"
            "{K}、{V}；注意力得分为 {scores}（每行对应一个键 {j}，每列对应一个查询 {i}）；注意力权重 {W} 为对 {A} "
            "按列 softmax；{the}输出为 {out}。",
            **values,
        )
    else:
        intro = T(
            "Self-attention over {n} tokens in the row layout (PyTorch, Vaswani et al.): token {i} is row {i} of "
            "{X}{embed}; the queries, keys and values are {Q}, {K} and {V}; the scores are {scores} (a row for "
            "each query {i}, a column for each key {j}); the attention weights {W} are the softmax of each row "
            "of {A}; {the} output is {out}.",
            "按行布局（PyTorch、Vaswani 等人的写法）对 {n} 个词元做自注意力：第 {i} 个词元是 {X} 的第 {i} 行"
            "{embed}；查询、键、值为 {Q}、{K}、{V}；注意力得分为 {scores}（每行对应一个查询 {i}，每列对应一个键 "
            "{j}）；注意力权重 {W} 为对 {A} 按行 softmax；{the}输出为 {out}。",
            **values,
        )
    parts = [intro]
    if h > 1:
        size, size_v = shapes["d"] // h, shapes["d_v"] // h
        spans = [f"{t * size + 1}-{(t + 1) * size}" for t in range(h)]
        blocks, blocks_zh = ", then ".join(spans), "、".join(f"第 {span} {'行' if col else '列'}" for span in spans)
        parts.append(
            T(
                " There are {h} heads with {dk}: head {t} takes its own block of {axes} of {Qs}, {Ks} and {Vs} "
                "({axes} {blocks}; {dv} {axes} of {Vs} each), and the heads' outputs are stacked in order into "
                "{C}{final}.",
                "共有 {h} 个头，每个头 {dk}：第 {t} 个头取 {Qs}、{Ks}、{Vs} 中属于它的一段{axes}（依次为{blocks_zh}；"
                "{Vs} 每段 {dv} {axes}），各头的输出按顺序拼接为 {C}{final}。",
                h=h,
                dk=Math(sp.Eq(d_k, size)),
                t=Math(_t),
                axes=s.features(),
                Qs=Math(s.Q),
                Ks=Math(s.K),
                Vs=Math(s.V),
                blocks=blocks,
                blocks_zh=blocks_zh,
                dv=size_v,
                C=Math(s.C if params.W_o is not None else s.final),
                final=_final_said(params, s),
            )
        )
    elif params.W_o is not None:
        formula = MatMul(s.Wo, s.C) if col else MatMul(s.C, s.Wo)
        parts.append(
            T(
                " The output projection then gives the output {O}.",
                "再经过输出投影得到输出 {O}。",
                O=Math(sp.Eq(s.final, formula, evaluate=False)),
            )
        )
    parts.append(T(" The matrices are", "各矩阵如下"))
    if params.W is not None:
        parts.append(Math(sp.Tuple(given(s.X, "X"), given(s.W, "W")), display=True))
    else:
        parts.append(Math(given(s.X, "X"), display=True))
    parts.append(Math(sp.Tuple(*[given(w, str(w)) for w in (s.Wq, s.Wk, s.Wv)]), display=True))
    if params.W_o is not None:
        parts.append(Math(given(s.Wo, "W_o"), display=True))
    parts.append(_asked(params, s, shapes))
    return Question.of(*parts)


def _final_said(params: Params, s: _Symbols) -> Text:
    if params.W_o is None:
        return T(", the output", "，即输出")
    formula = MatMul(s.Wo, s.C) if params.column else MatMul(s.C, s.Wo)
    return T("; the output is {O}", "；输出为 {O}", O=Math(sp.Eq(s.final, formula, evaluate=False)))


def _asked(params: Params, s: _Symbols, shapes: dict) -> Text:
    found = [Math(s.H)] if params.W is not None else []
    found += [Math(s.Q), Math(s.K), Math(s.V)]
    names = join(found)
    if params.heads > 1:
        rest = T(
            "each head's scores and attention weights, {C}, the output {O}, and the number of parameters of a "
            "standard multi-head attention layer of width {d} (torch.nn.MultiheadAttention({dd}, {h}): {W} all "
            "{dd} x {dd}, each with a bias)",
            "每个头的注意力得分与注意力权重，{C}、输出 {O}，以及宽度为 {d} 的标准多头注意力层的参数量"
            "（torch.nn.MultiheadAttention({dd}, {h})：{W} 均为 {dd}×{dd}，各带偏置）",
            C=Math(s.C if params.W_o is not None else s.final),
            O=Math(s.final),
            d=Math(sp.Eq(_d, shapes["d"])),
            dd=shapes["d"],
            h=params.heads,
            W=_all_weights(),
        )
    else:
        head = s.heads[0]
        outputs = T(" and the output {O}", "和输出 {O}", O=Math(s.final))
        if params.W_o is not None:
            outputs = T(", {C} and the output {O}", "、{C} 和输出 {O}", C=Math(s.C), O=Math(s.final))
        rest = T(
            "the scores {A}, the attention weights {W}{outputs}",
            "注意力得分 {A}、注意力权重 {W}{outputs}",
            A=Math(head["scores"]),
            W=Math(head["weights"]),
            outputs=outputs,
        )
    return T(
        "Compute {names}, {rest}. Keep 4 significant digits in intermediate results.",
        "求 {names}，{rest}。中间结果保留 4 位有效数字。",
        names=names,
        rest=rest,
    )


# --- mistakes --------------------------------------------------------------------------------------

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "softmax_wrong_axis": T("softmax along the wrong axis", "softmax 的方向弄错了"),
    "not_scaled": T("scores not divided by √dₖ", "注意力得分没有除以 √dₖ"),
    "divided_by_d": T("scores divided by dₖ, not √dₖ", "注意力得分除以了 dₖ，而不是 √dₖ"),
    "sqrt_of_wrong_dim": T("square root of the wrong dimension", "开方时用错了维数"),
    "no_projection": T("tokens used as Q, K and V without the projections", "没有做投影，直接把词元当作 Q、K、V"),
    "QK_order": T("queries and keys swapped in the scores", "注意力得分中查询与键的位置弄反了"),
}


def _messages(params: Params, s: _Symbols, d_k_value: int) -> dict:
    head = s.any
    root, dk = Math(sp.sqrt(d_k)), Math(sp.Eq(d_k, d_k_value))
    right = Math(s.product(head["K"], head["Q"]))
    if s.col:
        axis = T(
            "with {A} = {KQ} each column holds one query's scores over the keys, so the softmax runs down each "
            "column (note 003 does not say which axis), not along each row",
            "{A} = {KQ} 的每一列是一个查询对各个键的得分，所以 softmax 要按列做（笔记 003 没有写明方向），而不是按行",
            A=Math(head["scores"]),
            KQ=right,
        )
        order = T(
            "the scores are {right} (a row for each key, a column for each query), not {wrong}",
            "注意力得分是 {right}（每行对应一个键，每列对应一个查询），而不是 {wrong}",
            right=right,
            wrong=Math(MatMul(head["Q"].T, head["K"])),
        )
    else:
        axis = T(
            "with {S} = {QK} each row holds one query's scores over the keys, so the softmax runs along each row, "
            "not down each column",
            "{S} = {QK} 的每一行是一个查询对各个键的得分，所以 softmax 要按行做，而不是按列",
            S=Math(head["scores"]),
            QK=right,
        )
        order = T(
            "the scores are {right} (a row for each query, a column for each key), not {wrong}",
            "注意力得分是 {right}（每行对应一个查询，每列对应一个键），而不是 {wrong}",
            right=right,
            wrong=Math(MatMul(head["K"], head["Q"].T)),
        )
    a, b, c = (
        Math(sp.Eq(x, s.project(w, s.tokens), evaluate=False)) for x, w in ((s.Q, s.Wq), (s.K, s.Wk), (s.V, s.Wv))
    )
    projections = T("{a}, {b} and {c}", "{a}、{b}、{c}", a=a, b=b, c=c)
    return {
        "softmax_wrong_axis": axis,
        "not_scaled": T(
            "the scores are divided by {r} ({dk}); note 003 insists on it: the slides forgot it",
            "注意力得分要除以 {r}（{dk}）；笔记 003：“这里一定要除√d，ppt是错的”",
            r=root,
            dk=dk,
        ),
        "divided_by_d": T(
            "the scores are divided by {r}, not by {d} ({dk})",
            "注意力得分应除以 {r}，而不是 {d}（{dk}）",
            r=root,
            d=Math(d_k),
            dk=dk,
        ),
        "QK_order": order,
        "no_projection": T(
            "the queries, keys and values are the projections {proj} of the tokens, not the tokens themselves",
            "查询、键、值是词元的投影 {proj}，而不是词元本身",
            proj=projections,
        ),
        "sqrt_of_wrong_dim/width": T(
            "the scores are divided by {r}, with {dk} the length of a query and a key; not by the square root "
            "of {n}, the width of a token",
            "注意力得分应除以 {r}，其中 {dk} 为查询和键的维数；而不是除以词元的维数 {n} 的平方根",
            r=root,
            dk=dk,
            n=_wrong_dims(_floats(params))["width"],
        ),
        "sqrt_of_wrong_dim/tokens": T(
            "the scores are divided by {r}, with {dk} the length of a query and a key; not by the square root "
            "of {n}, the number of tokens",
            "注意力得分应除以 {r}，其中 {dk} 为查询和键的维数；而不是除以词元个数 {n} 的平方根",
            r=root,
            dk=dk,
            n=_wrong_dims(_floats(params))["tokens"],
        ),
    }


def mistakes(params: Params, solution) -> list[Mistake]:
    """Every mistake of the syllabus with the answers it changes (in floats, as far as they have
    the right answers' shapes); `shown_mistakes` keeps those it moves beyond the check."""
    shapes = _shapes(params)
    messages = _messages(params, _Symbols(params, shapes), shapes["d"] // params.heads)
    sizes = {a.name: _shape(a.exact) for a in solution.answers}
    right = _named(params, _attend(_floats(params), params.heads))
    candidates = []
    for key, found in _wrong(_floats(params), params.heads).items():
        if found is None:
            continue
        answers = {
            name: value.tolist()
            for name, value in _named(params, found).items()
            if name in sizes and value.shape == sizes[name] and not np.allclose(value, right[name], rtol=0, atol=1e-12)
        }
        candidates.append(Mistake(key.partition("/")[0], messages[key], answers))
    return shown_mistakes(candidates, solution)


def _shape(value) -> tuple:
    """The shape of an answer's exact value: () for a number, (rows, columns) for a matrix."""
    return (len(value), len(value[0])) if isinstance(value, tuple) else ()


def _named(params: Params, found: dict) -> dict:
    """The float answers of `_attend` under their public names, in the problem's layout."""

    def orient(value):
        return value if params.column else value.T

    out = {name: orient(found[name]) for name in ("H", "Q", "K", "V", "concat", "output") if name in found}
    for t in range(params.heads):
        suffix = f"_{t + 1}" if params.heads > 1 else ""
        out["scores" + suffix] = orient(found[f"scores{t}"])
        out["weights" + suffix] = orient(found[f"weights{t}"])
    return out
