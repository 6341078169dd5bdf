"""What the regression families share: a data table (inputs x, one sample per row, and
targets r), its design matrix, the model's predictions and the note's 1/(2N) loss.

    samples      x⁽ˡ⁾ ∈ Rᵈ, target r⁽ˡ⁾,  l = 1..N   (X is N x d, one sample per row)
    design       A = [1, X]                         (N x (d+1), the ones column first)
    predictions  y⁽ˡ⁾ = wᵀx⁽ˡ⁾ + w₀                  (the bias w₀ apart from w)
    loss         L = 1/(2N) Σₗ (r⁽ˡ⁾ - y⁽ˡ⁾)²

Exact values are sympy Rationals in tuples (a vector) or tuples of rows (a matrix); the
float twins are for mistakes and checks. Errors name the parameter in both languages.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError
from exercises.core.lang import T
from exercises.core.model import Math, shown
from exercises.core.symbols import Ordered, SumOver

LIMIT = 1000  # |entry| of x, r and the weights a user may give


# --- reading the data a user types -----------------------------------------------------


def x_form(rows: tuple[int, int], cols: tuple[int, int]):
    return T(
        "{r0}-{r1} samples, one per row, each a list of {c0}-{c1} numbers between -{n} and {n} "
        "(one feature: a plain list such as [1, 2, 3])",
        "{r0}-{r1} 个样本，每行一个，每个样本是 {c0}-{c1} 个 -{n} 到 {n} 之间的数"
        "（只有一个特征时可直接写成 [1, 2, 3] 这样的列表）",
        r0=rows[0],
        r1=rows[1],
        c0=cols[0],
        c1=cols[1],
        n=LIMIT,
    )


R_FORM = T(
    "a list of targets, one per sample (row of x), numbers between -{n} and {n}, e.g. [2, 3, 5]",
    "目标值列表，每个样本（x 的每一行）一个，取值在 -{n} 到 {n} 之间，例如 [2, 3, 5]",
    n=LIMIT,
)


def read_data(raw: dict, rows: tuple[int, int], cols: tuple[int, int]) -> tuple[tuple, tuple]:
    """(x, r): x as N rows of d exact numbers (a plain list is one feature), r of length N."""
    form = x_form(rows, cols)
    value = raw["x"]
    if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
        value = [[v] for v in value]
    x = read.matrix("x", value, form, rows=rows, cols=cols, low=-LIMIT, high=LIMIT)
    r = read.vector("r", raw["r"], R_FORM, (1, 100), low=-LIMIT, high=LIMIT)
    if len(r) != len(x):
        raise ParamError(
            T(
                "parameter 'r' must hold one target per sample: x has {n} rows, r has {got} entries.",
                "参数 'r' 应为每个样本给出一个目标值：x 有 {n} 行，而 r 有 {got} 个数。",
                n=len(x),
                got=len(r),
            )
        )
    return x, r


# --- exact values ------------------------------------------------------------------------


def design(x) -> tuple:
    """A = [1, X]: each row of x with a 1 in front."""
    return tuple((sp.Integer(1), *row) for row in x)


def predictions(x, w, w0) -> tuple:
    """y⁽ˡ⁾ = wᵀx⁽ˡ⁾ + w₀ for every row of x (in fractions: sympy's own arithmetic is slow)."""
    w, w0 = [_fraction(v) for v in w], _fraction(w0)
    return tuple(_rational(sum(wj * _fraction(xj) for wj, xj in zip(w, row)) + w0) for row in x)


def half_mse(r, y) -> sp.Rational:
    """L = 1/(2N) Σ (r - y)²."""
    return _rational(sum((_fraction(a) - _fraction(b)) ** 2 for a, b in zip(r, y)) / (2 * len(r)))


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


# --- floats ------------------------------------------------------------------------------


def floats(table) -> list:
    """A vector or a matrix of exact numbers as floats, in the same nesting."""
    return [floats(v) for v in table] if isinstance(table, (tuple, list)) else float(table)


def float_predictions(x: list, w: list, w0: float) -> list:
    return [sum(wj * xj for wj, xj in zip(w, row)) + w0 for row in x]


def float_half_mse(r: list, y: list) -> float:
    return sum((a - b) ** 2 for a, b in zip(r, y)) / (2 * len(r))


# --- notation ----------------------------------------------------------------------------


_i = sp.Symbol("i")
_r, _y = sp.Symbol("r_i"), sp.Symbol("y_i")
N = sp.Symbol("N")
ETA = sp.Symbol("eta")
W0 = sp.Symbol("w_0")


def minus(a, b):
    """a - b, printed in that order."""
    return Ordered(a, -b, evaluate=False)


L = sp.Symbol("L")


def loss_said(size=N, lhs=L) -> Math:
    """L = 1/(2N)⋅Σᵢ (rᵢ - yᵢ)² (or over a batch of `size` samples; ½ for one sample)."""
    body = SumOver(sp.S.One, minus(_r, _y) ** 2, _i)
    if size == 1:
        return Math(sp.Eq(lhs, sp.Mul(sp.S.Half, minus(sp.Symbol("r"), sp.Symbol("y")) ** 2), evaluate=False))
    return Math(sp.Eq(lhs, sp.Mul(sp.Pow(2 * size, -1), body, evaluate=False), evaluate=False))


def model_said(d: int) -> Math:
    """y = w₁x₁ + ... + w_d x_d + w₀."""
    terms = [sp.Symbol(f"w_{j}") * sp.Symbol(f"x_{j}") for j in range(1, d + 1)]
    return Math(sp.Eq(sp.Symbol("y"), Ordered(*terms, W0, evaluate=False), evaluate=False))


def givens(*pairs) -> Math:
    """(X = [...], r = [...], ...) as one displayed line, decimals as given."""
    return Math(
        sp.Tuple(*[sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False) for symbol, value in pairs]),
        display=True,
    )
