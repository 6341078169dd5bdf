"""Critical points of a loss of two weights, classified by the eigenvalues of the Hessian.

The loss L(w₁, w₂) is a polynomial, a sum of terms c·w₁^i·w₂^j, or Lee's one-sample loss
(ŷ - w₁w₂x)² (note 001: a model y = w₁w₂x, one sample x with label ŷ). At the point θ′:

    g = ∇L(θ′) = (∂L/∂w₁, ∂L/∂w₂)             θ′ is a critical point (临界点) iff g = 0
    H = [[∂²L/∂w₁², ∂²L/∂w₁∂w₂],               the Hessian (海森矩阵) at θ′, symmetric;
         [∂²L/∂w₂∂w₁, ∂²L/∂w₂²]]               a term b·w₁w₂ gives H₁₂ = b
    det(H - λI) = λ² - c₁λ + c₂ = 0,  c₁ = tr H = H₁₁ + H₂₂,  c₂ = det H = H₁₁H₂₂ - H₁₂²
    λ = (c₁ ± √Δ)/2,  Δ = c₁² - 4c₂ ≥ 0         eigenvalues, descending: λ₁ ≥ λ₂

    L(θ′ + u) ≈ L(θ′) + gᵀu + ½uᵀHu            (second-order Taylor expansion)

The type of θ′ is a code, as in a multiple-choice answer: 0 not a critical point (g ≠ 0,
whatever the eigenvalues); at a critical point 1 local minimum (局部极小值, λ₁, λ₂ > 0),
2 local maximum (局部极大值, λ₁, λ₂ < 0), 3 saddle point (鞍点, λ₁ > 0 > λ₂), 4 inconclusive
(an eigenvalue is 0, the rest of one sign: the second-order term says nothing along its
eigenvector). Exactly: c₂ < 0 saddle, c₂ = 0 inconclusive, c₂ > 0 minimum if c₁ > 0, else maximum.

Escape direction (a saddle point only; (0, 0) otherwise): the unit eigenvector v of the
negative eigenvalue λ₂: (H - λ₂I)q = 0 with q perpendicular to the longer row of H - λ₂I
(the smallest integer vector when λ₂ is rational), v = q/|q|, its first nonzero component
positive (graded up to sign). Along ±v,
½vᵀHv = ½λ₂ < 0: the loss goes down.

For a step u (given): taylor_change = gᵀu + ½uᵀHu (= ½λ‖u‖² at a critical point when u is an
eigenvector of λ), actual_loss = L(θ′ + u). For a quadratic loss the estimate is exact.

Exactness: every number is rational except the eigenvalues (in Q(√Δ)) and the escape
direction (square roots of numbers of Q(√Δ)); the arithmetic runs on fractions and
polynomials in λ reduced modulo its minimal polynomial (exercises.core.algebra), as in pca.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol

from exercises.core import params as read
from exercises.core.algebra import (
    RepeatedRoot,
    Root,
    fraction,
    poly_mul,
    quadratic_roots,
    rational,
    rational_root_of,
    square_root,
    sum_squares,
)
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T
from exercises.core.model import EXACT, Answer, Check, Math, Mistake, Question, Solution, Step, shown_mistakes, step
from exercises.core.model import shown_number as _shown
from exercises.core.symbols import Ordered, Spelled

TITLE = "Critical points via the Hessian"
DESCRIPTION = "Gradient, Hessian and its eigenvalues at a point; minimum, maximum or saddle; escape direction; Taylor."
TITLE_ZH = "临界点类型判定"
DESCRIPTION_ZH = "某点处的梯度、海森矩阵及其特征值；判断局部极小值、局部极大值或鞍点；鞍点的逃离方向；泰勒展开估计。"

COEFFICIENT, COORDINATE, POWER, TERMS = 1000, 100, 4, 12
FORMS = {
    "loss": T(
        "a list of 1-{n} terms [c, i, j], each c·w₁^i·w₂^j with a coefficient c between -{c} and {c} "
        "and powers i, j of 0-{p}, e.g. [[1,3,0],[-3,1,0],[1,0,2]] for w₁³ - 3w₁ + w₂², "
        'or Lee\'s one-sample loss (ŷ - w₁w₂x)² as {{"x": 1, "y_hat": 1}}',
        "1-{n} 个项 [c, i, j] 的列表，每项为 c·w₁^i·w₂^j，系数 c 在 -{c} 到 {c} 之间，幂次 i、j 为 0-{p}，"
        "例如 [[1,3,0],[-3,1,0],[1,0,2]] 表示 w₁³ - 3w₁ + w₂²；"
        '或李宏毅的单样本损失 (ŷ - w₁w₂x)²，写作 {{"x": 1, "y_hat": 1}}',
        n=TERMS,
        c=COEFFICIENT,
        p=POWER,
    ),
    "point": T(
        "the point θ′ = [w₁, w₂], two numbers between -{n} and {n}, e.g. [0,0]",
        "点 θ′ = [w₁, w₂]，-{n} 到 {n} 之间的两个数，例如 [0,0]",
        n=COORDINATE,
    ),
    "step": T(
        "the step u = [u₁, u₂] from θ′ for the Taylor estimate and the actual loss, two numbers between "
        "-{n} and {n}, e.g. [1,1]; without it those two are not asked",
        "从 θ′ 出发的一步 u = [u₁, u₂]（用于泰勒展开估计与实际损失），-{n} 到 {n} 之间的两个数，"
        "例如 [1,1]；不给出时不求这两项",
        n=COORDINATE,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve critical_point_hessian` takes

NEAR = Check(abs_tol=0.001)
DIRECTION = Check(abs_tol=0.001, up_to_sign=True)
NOT_CRITICAL, MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE = range(5)  # the codes of `type`
TIE = 1e-9

# --- notation --------------------------------------------------------------------------------

W1, W2 = sp.symbols("w_1 w_2")
L_FN = sp.Function("L")
THETA = Spelled("θ′", r"\theta'")
MOVED = Spelled("θ′ + u", r"\theta' + u")
NABLA = Spelled("∇L(θ′)", r"\nabla L(\theta')")
G, U, V, Q = (MatrixSymbol(name, 2, 1) for name in ("g", "u", "v", "q"))
H = MatrixSymbol("H", 2, 2)
M2 = MatrixSymbol("M", 2, 2)
LAM, LAM1, LAM2 = sp.Symbol("lambda"), sp.Symbol("lambda_1"), sp.Symbol("lambda_2")
LAMBDAS = MatrixSymbol("lambda", 2, 1)
C1, C2, DELTA = sp.Symbol("c_1"), sp.Symbol("c_2"), sp.Symbol("Delta")
KAPPA = sp.Symbol("kappa")
H11, H12, H22 = sp.Symbol("H_11"), sp.Symbol("H_12"), sp.Symbol("H_22")
M_ENTRIES = {(i, j): sp.Symbol(f"m_{i + 1}{j + 1}") for i in range(2) for j in range(2)}
Q1, Q2 = sp.Symbol("q_1"), sp.Symbol("q_2")
ABS_Q = sp.Abs(sp.Symbol("q"))
CRITICAL = Spelled("critical", r"\mathrm{critical}")
TYPE = Spelled("type", r"\mathrm{type}")
CHANGE = Spelled("ΔL", r"\Delta L")
VHV = Spelled("vᵀHv", r"v^{T} H v")  # a number, inside an inequality
D1 = Spelled("∂L/∂w₁", r"\frac{\partial L}{\partial w_{1}}")
D2 = Spelled("∂L/∂w₂", r"\frac{\partial L}{\partial w_{2}}")
D12 = Spelled("∂²L/∂w₁∂w₂", r"\frac{\partial^{2} L}{\partial w_{1} \partial w_{2}}")
det, tr = sp.Function("det"), sp.Function("tr")
TAYLOR = MatAdd(MatMul(G.T, U), MatMul(sp.S.Half, U.T, H, U))  # gᵀu + ½uᵀHu
SECOND = MatMul(sp.S.Half, U.T, H, U)
SHIFTED = MatAdd(H, MatMul(-1, LAM2, sp.Identity(2)))  # H - λ₂I


def _eq(lhs, rhs):
    return sp.Eq(lhs, rhs, evaluate=False)


def _is_zero(name):
    return Math(_eq(name, 0))


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    terms: tuple  # ((c, i, j), ...): L = Σ c·w₁^i·w₂^j, like terms merged, none zero
    point: tuple  # θ′ = (w₁, w₂)
    step: tuple | None = None  # u, for the Taylor estimate and the actual loss
    lee: tuple | None = None  # (x, ŷ) when L was given as Lee's (ŷ - w₁w₂x)²

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("loss", "point"), ("step",))
        terms, lee = _read_loss(raw["loss"])
        bounds = {"low": -COORDINATE, "high": COORDINATE}
        point = read.vector("point", raw["point"], FORMS["point"], (2, 2), **bounds)
        step_ = raw.get("step")
        step_ = None if step_ is None else read.vector("step", step_, FORMS["step"], (2, 2), **bounds)
        return cls(terms, point, step_, lee)

    def to_json(self) -> dict:
        if self.lee is not None:
            loss = {"x": read.to_json(self.lee[0]), "y_hat": read.to_json(self.lee[1])}
        else:
            loss = [[read.to_json(c), i, j] for c, i, j in self.terms]
        out = {"loss": loss, "point": read.to_json(self.point)}
        return out if self.step is None else out | {"step": read.to_json(self.step)}


def _loss_error() -> ParamError:
    return ParamError(T("parameter 'loss' must be {form}.", "参数 'loss' 应为：{form}。", form=FORMS["loss"]))


def _read_loss(value) -> tuple:
    """(terms, lee): the merged terms, and (x, ŷ) for Lee's form."""
    form = FORMS["loss"]
    if isinstance(value, dict):
        if set(value) != {"x", "y_hat"}:
            raise _loss_error()
        x = read.number("loss", value["x"], form, -COEFFICIENT, COEFFICIENT)
        y = read.number("loss", value["y_hat"], form, -COEFFICIENT, COEFFICIENT)
        if x == 0:
            raise ParamError(
                T(
                    "parameter 'loss': with x = 0 Lee's loss (ŷ - w₁w₂x)² is the constant ŷ², "
                    "which has no critical point to classify; give a nonzero x.",
                    "参数 'loss'：x = 0 时李宏毅的损失 (ŷ - w₁w₂x)² 是常数 ŷ²，没有可判定的临界点；请给出非零的 x。",
                )
            )
        return _lee_terms(x, y), (x, y)
    if not isinstance(value, list) or not 1 <= len(value) <= TERMS:
        raise _loss_error()
    merged: dict = {}
    for term in value:
        if not isinstance(term, list) or len(term) != 3:
            raise _loss_error()
        c = read.number("loss", term[0], form, -COEFFICIENT, COEFFICIENT)
        i, j = (int(read.number("loss", p, form, 0, POWER, integer=True)) for p in term[1:])
        merged[i, j] = merged.get((i, j), 0) + c
    terms = _ordered({k: c for k, c in merged.items() if c != 0})
    if all(i == j == 0 for _, i, j in terms):
        raise ParamError(
            T(
                "parameter 'loss' has no term in w₁ or w₂: a constant loss has no critical point to classify.",
                "参数 'loss' 中没有含 w₁ 或 w₂ 的项：常数损失没有可判定的临界点。",
            )
        )
    return terms, None


def _lee_terms(x, y) -> tuple:
    """(ŷ - w₁w₂x)² = x²w₁²w₂² - 2xŷ w₁w₂ + ŷ²."""
    return _ordered({(2, 2): x * x, (1, 1): -2 * x * y, (0, 0): y * y})


def _ordered(coefficients: dict) -> tuple:
    """Terms (c, i, j) by descending degree, then descending power of w₁; zero ones dropped."""
    keys = sorted(coefficients, key=lambda k: (-(k[0] + k[1]), -k[0]))
    return tuple((sp.Rational(coefficients[k]), k[0], k[1]) for k in keys if coefficients[k] != 0)


# --- generation ------------------------------------------------------------------------------

SMALL_STEPS = ((1, 0), (0, 1), (-1, 0), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1))
WIDER_STEPS = SMALL_STEPS + ((1, 2), (2, 1), (-1, -2), (-2, -1), (1, -2), (-2, 1), (2, -1), (-1, 2))
HIGHER = ((3, 0), (0, 3), (2, 1), (1, 2), (4, 0), (0, 4), (2, 2))  # hard: cubic and quartic monomials


def generate(dice, difficulty: str) -> Params:
    """easy: Lee's (ŷ - w₁w₂x)² with x, ŷ ∈ {1, 2} at the saddle point (0, 0) (u = ±(1, 1), its
    escape direction), at a point of the valley w₁w₂ = ŷ/x (a zero eigenvalue: inconclusive) or
    at an integer point off both (not critical);
    medium: a w₁² + b w₁w₂ + c w₂² + d w₁ + e w₂ + f with a, c in -3..3 (both of the type's sign
    for a minimum or a maximum), b ≠ 0 in -4..4, f in 0..4, the critical point θ* an integer point
    in -2..2 (so (d, e) = -H θ*), a minimum, a maximum or (twice as often) a saddle point; the
    point asked is θ*, or one small step off it (1 in 4);
    hard: 1-2 cubic or quartic terms (coefficients ±1, ±2) and a quadratic part with
    coefficients in -3..3, linear terms making an integer point critical (several critical
    points); the point asked is that one, or off it (1 in 5).
    The step u: small integers; at a saddle point one along which uᵀHu < 0; on hard one along
    which the terms of order three and up do not vanish, when there is one.
    Redrawn: a zero eigenvalue (except on easy's valley), a repeated eigenvalue, numbers too
    large for a calculator, a saddle point without a small descending step."""
    if difficulty == "easy":
        return _easy(dice)
    if difficulty == "medium":
        return _medium(dice)
    return _hard(dice)


def _params(coefficients: dict, point, step_, lee=None) -> Params:
    return Params(
        _ordered(coefficients), tuple(sp.Rational(x) for x in point), tuple(sp.Integer(x) for x in step_), lee
    )


def _easy(dice) -> Params:
    x, y = sp.Integer(dice.choice((1, 2))), sp.Integer(dice.choice((1, 2)))
    kind = dice.choice(("saddle", "saddle", "valley", "off"))
    if kind == "saddle":
        point, step_ = (0, 0), dice.choice(((1, 1), (-1, -1)))
    elif kind == "valley":  # w₁w₂ = ŷ/x: the loss is 0 there, its minimum, but det H = 0
        w1 = dice.choice((1, -1, 2, -2))
        w2 = Fraction(int(y), int(x) * w1)
        if w2.denominator > 2:
            raise Redraw("a valley point that is not a half")
        point, step_ = (Fraction(w1), w2), dice.choice(SMALL_STEPS)
    else:
        point = (dice.integer(-2, 2), dice.integer(-2, 2))
        if 0 in point or x * point[0] * point[1] == y:
            raise Redraw("a critical point drawn as a point off them")
        step_ = dice.choice(SMALL_STEPS)
        h = _hessian_of(_lee_terms(x, y), point)
        if _det(h) == 0 or max(abs(v) for row in h for v in row) > 30:
            raise Redraw("a zero eigenvalue, or a Hessian too large for a calculator")
    return Params(_lee_terms(x, y), tuple(sp.Rational(v) for v in point), tuple(map(sp.Integer, step_)), (x, y))


def _medium(dice) -> Params:
    kind = dice.choice((MINIMUM, MAXIMUM, SADDLE, SADDLE))
    if kind == SADDLE:
        a, c = dice.integer(-3, 3), dice.integer(-3, 3)
    else:  # both of the sign of the type: a definite H needs 4ac > b² > 0
        sign = 1 if kind == MINIMUM else -1
        a, c = sign * dice.integer(1, 3), sign * dice.integer(1, 3)
    cross = [b for b in (-4, -3, -2, -1, 1, 2, 3, 4) if (b * b > 4 * a * c) == (kind == SADDLE)]
    if not cross:
        raise Redraw("no cross term gives the type drawn")
    b = dice.choice(cross)
    h = ((2 * a, b), (b, 2 * c))
    star = (dice.integer(-2, 2), dice.integer(-2, 2))
    d = -(h[0][0] * star[0] + h[0][1] * star[1])
    e = -(h[1][0] * star[0] + h[1][1] * star[1])
    coefficients = {(2, 0): a, (1, 1): b, (0, 2): c, (1, 0): d, (0, 1): e, (0, 0): dice.integer(0, 4)}
    point = star
    if dice.integer(1, 4) == 1:
        off = dice.choice(SMALL_STEPS)
        point = (star[0] + off[0], star[1] + off[1])
    _check_hessian(h)
    return _params(coefficients, point, _pick_step(dice, h, kind))


def _hard(dice) -> Params:
    kind = dice.choice((MINIMUM, MAXIMUM, SADDLE))
    star = (dice.integer(-2, 2), dice.integer(-2, 2))
    coefficients = {}
    for power in dice.sample(HIGHER, dice.integer(1, 2)):
        coefficients[power] = dice.choice((1, -1, 1, -1, 2, -2))
    for power in ((2, 0), (1, 1), (0, 2)):
        coefficients[power] = coefficients.get(power, 0) + dice.integer(-3, 3)
    gradient = _gradient_of(tuple((c, i, j) for (i, j), c in coefficients.items()), star)
    coefficients[1, 0], coefficients[0, 1] = -gradient[0], -gradient[1]
    if dice.integer(1, 5) == 1:
        power = dice.choice(((1, 0), (0, 1)))
        coefficients[power] += dice.choice((-2, -1, 1, 2))
    if max(abs(coefficients[1, 0]), abs(coefficients[0, 1])) > 24:
        raise Redraw("linear terms too large")
    terms = tuple((c, i, j) for (i, j), c in coefficients.items())
    h = _hessian_of(terms, star)
    if _kind(True, h) != kind:
        raise Redraw("not the type drawn")
    _check_hessian(h)
    return _params(coefficients, star, _pick_step(dice, h, kind, terms, star))


def _check_hessian(h) -> None:
    if _det(h) == 0 or _disc(h) == 0:
        raise Redraw("a zero or repeated eigenvalue")
    if max(abs(v) for row in h for v in row) > 30:
        raise Redraw("a Hessian too large for a calculator")


def _pick_step(dice, h, kind, terms=None, point=None) -> tuple:
    """A small step; at a saddle point one along which the second-order term is negative;
    given the terms of a cubic or quartic loss, one along which the terms of order three and
    up do not vanish (the Taylor estimate then differs from the actual loss)."""
    steps = SMALL_STEPS
    if kind == SADDLE:
        steps = [u for u in WIDER_STEPS if _quadratic_form(h, u) < 0]
        if not steps:
            raise Redraw("no small step along which the loss goes down")
        steps = [u for u in steps if u in SMALL_STEPS] or steps
    if terms is not None:
        g = _gradient_of(terms, point)
        here = _loss_of(terms, point)

        def rest(u):
            there = _loss_of(terms, (point[0] + u[0], point[1] + u[1]))
            return there - here - g[0] * u[0] - g[1] * u[1] - Fraction(_quadratic_form(h, u), 2)

        steps = [u for u in steps if rest(u) != 0] or steps
    return dice.choice(steps)


# --- exact arithmetic on the terms -----------------------------------------------------------


def _gradient_of(terms, point) -> tuple:
    a, b = point
    d1 = sum(c * i * a ** (i - 1) * b**j for c, i, j in terms if i)
    d2 = sum(c * j * a**i * b ** (j - 1) for c, i, j in terms if j)
    return d1, d2


def _hessian_of(terms, point) -> tuple:
    a, b = point
    h11 = sum(c * i * (i - 1) * a ** (i - 2) * b**j for c, i, j in terms if i > 1)
    h12 = sum(c * i * j * a ** (i - 1) * b ** (j - 1) for c, i, j in terms if i and j)
    h22 = sum(c * j * (j - 1) * a**i * b ** (j - 2) for c, i, j in terms if j > 1)
    return ((h11, h12), (h12, h22))


def _loss_of(terms, point):
    a, b = point
    return sum(c * a**i * b**j for c, i, j in terms)


def _det(h):
    return h[0][0] * h[1][1] - h[0][1] * h[1][0]


def _disc(h):
    return (h[0][0] - h[1][1]) ** 2 + 4 * h[0][1] ** 2


def _quadratic_form(h, u):
    return h[0][0] * u[0] ** 2 + 2 * h[0][1] * u[0] * u[1] + h[1][1] * u[1] ** 2


def _kind(critical: bool, h) -> int:
    """The type code by the signs of the eigenvalues (exact: det and trace)."""
    if not critical:
        return NOT_CRITICAL
    d = _det(h)
    if d < 0:
        return SADDLE
    if d == 0:
        return INCONCLUSIVE
    return MINIMUM if h[0][0] + h[1][1] > 0 else MAXIMUM


# --- the exact analysis ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Escape:
    """How (H - λ₂I)q = 0 is solved: the row of M = H - λ₂I used, q (as `u`) and v."""

    row: int
    sign: int
    scale: Fraction  # q = scale · (the solution from the row); 1 unless λ₂ is rational
    M: tuple  # H - λ₂I, polynomials in λ₂
    u: tuple  # q's exact components, polynomials in λ₂ (reduced)
    uf: tuple  # the same as floats
    v: tuple  # the unit vector, sympy numbers


@dataclass(frozen=True)
class _Analysis:
    loss: sp.Expr  # L(w₁, w₂) as the question writes it
    gradient: sp.ImmutableMatrix  # its partial derivatives (formulas)
    hessian: sp.ImmutableMatrix  # its second partial derivatives (formulas)
    g: tuple  # exact gradient at θ′
    h: tuple  # exact Hessian at θ′ (Fractions)
    critical: bool
    roots: tuple  # the eigenvalues as Roots, descending
    kind: int
    escape: _Escape | None


@lru_cache(maxsize=512)
def _analysis(params: Params) -> _Analysis:
    loss = _loss_expr(params)
    gradient = sp.ImmutableMatrix([_derivative(params, W1), _derivative(params, W2)])
    hessian = _hessian_formulas(params)
    point = tuple(fraction(x) for x in params.point)
    terms = tuple((fraction(c), i, j) for c, i, j in params.terms)
    g = tuple(rational(x) for x in _gradient_of(terms, point))
    h = tuple(tuple(Fraction(x) for x in row) for row in _hessian_of(terms, point))  # sum(()) is the int 0
    critical = all(x == 0 for x in g)
    trace, determinant = h[0][0] + h[1][1], _det(h)
    try:
        roots = quadratic_roots(trace, determinant)
    except RepeatedRoot as repeated:
        roots = (rational_root_of(repeated.value), rational_root_of(repeated.value))
    kind = _kind(critical, h)
    escape = _escape(h, roots[1]) if kind == SADDLE else None
    return _Analysis(loss, gradient, hessian, g, h, critical, roots, kind, escape)


def _loss_expr(params: Params):
    if params.lee is not None:
        x, y = params.lee
        return sp.Pow(_residual(x, y), 2, evaluate=False)
    return _poly(params.terms)


def _poly(terms):
    """Σ c·w₁^i·w₂^j written in the order of the terms (0 for none)."""
    monomials = [c * W1**i * W2**j for c, i, j in terms]
    if len(monomials) < 2:
        return monomials[0] if monomials else sp.S.Zero
    return Ordered(*monomials, evaluate=False)


def _differentiated(terms, k: int) -> tuple:
    """The terms of ∂/∂w₁ (k = 0) or ∂/∂w₂ (k = 1), in the order of the terms."""
    out = []
    for c, i, j in terms:
        power = (i, j)[k]
        if power:
            out.append((c * power, i - (k == 0), j - (k == 1)))
    return tuple(out)


def _residual(x, y):
    """ŷ - x·w₁·w₂, in this order."""
    return Ordered(y, -x * W1 * W2, evaluate=False) if y != 0 else -x * W1 * W2


def _derivative(params: Params, w):
    """∂L/∂w: for Lee's loss by the chain rule, -2x·w₂·(ŷ - xw₁w₂); else term by term."""
    if params.lee is not None:
        x, y = params.lee
        other = W2 if w == W1 else W1
        return sp.Mul(-2 * x, other, _residual(x, y), evaluate=False)
    return _poly(_differentiated(params.terms, 0 if w == W1 else 1))


def _hessian_formulas(params: Params) -> sp.ImmutableMatrix:
    if params.lee is not None:  # ∂/∂w₁ of -2x·w₂·(ŷ - xw₁w₂) = 2x²w₂², ∂/∂w₂ of it = 4x²w₁w₂ - 2xŷ
        x, y = params.lee
        h11, h22 = 2 * x * x * W2**2, 2 * x * x * W1**2
        h12 = Ordered(4 * x * x * W1 * W2, -2 * x * y, evaluate=False) if y != 0 else 4 * x * x * W1 * W2
        return sp.ImmutableMatrix([[h11, h12], [h12, h22]])
    first = [_differentiated(params.terms, k) for k in (0, 1)]
    return sp.ImmutableMatrix(2, 2, [_poly(_differentiated(first[a], b)) for a in (0, 1) for b in (0, 1)])


def _value(poly, root: Root) -> float:
    return sum(float(c) * root.value**k for k, c in enumerate(poly))


def _escape(h, root: Root) -> _Escape:
    """Solve (H - λI)u = 0 with u perpendicular to the longer row of H - λI (the first on a
    tie), its first nonzero component positive; v = u/|u|."""
    M = tuple(tuple(root.reduce([h[i][j]] + ([Fraction(-1)] if i == j else [])) for j in range(2)) for i in range(2))
    Mf = [[float(h[i][j]) - (root.value if i == j else 0.0) for j in range(2)] for i in range(2)]
    sizes = [Mf[i][0] ** 2 + Mf[i][1] ** 2 for i in range(2)]
    row = 0 if sizes[0] >= sizes[1] * (1 - TIE) else 1
    u = [root.reduce([-x for x in M[row][1]]), root.reduce(list(M[row][0]))]
    first = next(x for x in u if any(x))
    sign = 1 if _value(first, root) > 0 else -1
    u = [tuple(sign * c for c in x) for x in u]
    scale = Fraction(1)
    if len(root.minpoly) == 2:  # rational λ: the smallest integer multiple of u
        values = [x[0] for x in u]
        den = math.lcm(*(x.denominator for x in values))
        scale = Fraction(den, math.gcd(*(int(x * den) for x in values)))
        u = [(x * scale,) for x in values]
        norm = sp.sqrt(rational(sum(x[0] ** 2 for x in u)))
        v = tuple(rational(x[0]) / norm for x in u)
    else:  # v_k = ±√(u_k²/|u|²): one square root of a number of Q(λ)
        inverse = root.inverse(root.reduce(sum_squares(u)))
        v = tuple(
            sp.S.Zero
            if not any(x)
            else (1 if _value(x, root) > 0 else -1)
            * square_root(root.sympy(root.reduce(poly_mul(poly_mul(x, x), inverse))))
            for x in u
        )
    uf = tuple(_value(x, root) for x in u)
    return _Escape(row, sign, scale, M, tuple(u), uf, v)


# --- the solution ----------------------------------------------------------------------------


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _matrix(h) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[rational(x) for x in row] for row in h])


def _at(point) -> dict:
    return {W1: point[0], W2: point[1]}


def _step(title, lhs, formula, values, exact=None, note=""):
    return step(title, lhs, formula, values, exact=exact, decimals=True, note=note)


def _said_point(symbol, values):
    return Math(_eq(symbol, sp.Tuple(*[_shown(f"p{k}", v, True, bare=True) for k, v in enumerate(values)])))


KIND_SAID = {
    NOT_CRITICAL: T("not a critical point", "不是临界点"),
    MINIMUM: T("a local minimum", "局部极小值"),
    MAXIMUM: T("a local maximum", "局部极大值"),
    SADDLE: T("a saddle point", "鞍点"),
    INCONCLUSIVE: T("inconclusive", "无法判定"),
}


def solve(params: Params) -> Solution:
    A = _analysis(params)
    at = _at(params.point)
    hm = _matrix(A.h)
    gm = _column(A.g)
    steps: list[Step] = [
        _step(
            T(
                "Gradient {g} = {nabla}: the partial derivatives {d1} and {d2} at {theta}",
                "梯度 {g} = {nabla}：{theta} 处的偏导数 {d1} 与 {d2}",
                g=Math(G),
                nabla=Math(NABLA),
                d1=Math(D1),
                d2=Math(D2),
                theta=Math(THETA),
            ),
            G,
            A.gradient,
            at,
            exact=gm,
        ),
        Step(
            T("Whether {theta} is a critical point", "{theta} 是否为临界点", theta=Math(THETA)),
            CRITICAL,
            exact=sp.Integer(int(A.critical)),
            note=T(
                "{g0}: both partial derivatives vanish, so {theta} is a critical point (1).",
                "{g0}：两个偏导数都为 0，所以 {theta} 是临界点（1）。",
                g0=_is_zero(G),
                theta=Math(THETA),
            )
            if A.critical
            else T(
                "{g} is not 0, so {theta} is not a critical point (0): the loss still goes down along {minus_g}.",
                "{g} 不为 0，所以 {theta} 不是临界点（0）：沿 {minus_g} 方向损失仍会下降。",
                g=Math(G),
                theta=Math(THETA),
                minus_g=Math(MatMul(-1, G)),
            ),
        ),
        _step(
            T(
                "Hessian {H}: the second partial derivatives at {theta}",
                "海森矩阵 {H}：{theta} 处的二阶偏导数",
                H=Math(H),
                theta=Math(THETA),
            ),
            H,
            A.hessian,
            at,
            exact=hm,
            note=T(
                "{H} is symmetric: {d12} is taken once in each weight, so a term {bw} gives {b}.",
                "{H} 是对称矩阵：{d12} 对两个权重各求一次导，因此 {bw} 这一项给出 {b}。",
                H=Math(H),
                d12=Math(D12),
                bw=Math(sp.Symbol("b") * W1 * W2),
                b=Math(sp.Symbol("b")),
            ),
        ),
    ]
    steps += _eigenvalue_steps(A)
    steps.append(_type_step(A, params.lee is not None))
    steps += _escape_steps(A)
    if params.step is not None:
        steps += _taylor_steps(params, A, gm, hm)
    lambdas = tuple(root.exact for root in A.roots)
    escape = A.escape.v if A.escape else (sp.S.Zero, sp.S.Zero)
    answers = [
        Answer(
            "gradient", T("gradient {g} at {theta}", "{theta} 处的梯度 {g}", g=Math(G), theta=Math(THETA)), A.g, NEAR
        ),
        Answer(
            "is_critical",
            T(
                "is {theta} a critical point? 1 if {g0}, else 0",
                "{theta} 是否为临界点：{g0} 时为 1，否则为 0",
                theta=Math(THETA),
                g0=_is_zero(G),
            ),
            sp.Integer(int(A.critical)),
            EXACT,
        ),
        Answer(
            "hessian",
            T("Hessian {H} at {theta}", "{theta} 处的海森矩阵 {H}", H=Math(H), theta=Math(THETA)),
            tuple(map(tuple, hm.tolist())),
            NEAR,
        ),
        Answer(
            "eigenvalues", T("eigenvalues of {H}, descending", "{H} 的特征值（从大到小）", H=Math(H)), lambdas, NEAR
        ),
        Answer(
            "type",
            T(
                "type of {theta}: 0 not a critical point, 1 local minimum, 2 local maximum, "
                "3 saddle point, 4 inconclusive",
                "{theta} 的类型：0 不是临界点，1 局部极小值，2 局部极大值，3 鞍点，4 无法判定",
                theta=Math(THETA),
            ),
            sp.Integer(A.kind),
            EXACT,
        ),
        Answer(
            "escape_direction",
            T(
                "escape direction: unit eigenvector of the negative eigenvalue at a saddle point, else (0, 0)",
                "逃离方向：鞍点处负特征值对应的单位特征向量；不是鞍点时为 (0, 0)",
            ),
            tuple(escape),
            DIRECTION,
        ),
    ]
    if params.step is not None:
        taylor, actual = steps[-2].exact, steps[-1].exact
        answers += [
            Answer(
                "taylor_change",
                T("Taylor estimate of the change {taylor}", "损失变化的泰勒展开估计 {taylor}", taylor=Math(TAYLOR)),
                taylor,
                NEAR,
            ),
            Answer("actual_loss", T("actual loss {L}", "实际损失 {L}", L=Math(L_FN(MOVED))), actual, NEAR),
        ]
    return Solution(_question(params, A), tuple(steps), tuple(answers))


def _eigenvalue_steps(A: _Analysis) -> list[Step]:
    (a, b), (_, c) = ((rational(x) for x in row) for row in A.h)
    trace, determinant = a + c, a * c - b * b
    disc = trace**2 - 4 * determinant
    values = {H11: a, H12: b, H22: c}
    char = sp.Add(LAM**2, -C1 * LAM, C2, evaluate=False)
    equation = Math(_eq(char, 0))
    return [
        _step(
            T(
                "Characteristic polynomial {p}: {c1}",
                "特征多项式 {p}，其中 {c1}",
                p=Math(_eq(det(SHIFTED.xreplace({LAM2: LAM})), char)),
                c1=Math(_eq(C1, tr(H))),
            ),
            C1,
            H11 + H22,
            values,
            exact=trace,
        ),
        _step(
            T("{c2}", "{c2}", c2=Math(_eq(C2, det(H)))),
            C2,
            H11 * H22 - H12**2,
            values,
            exact=determinant,
            note=T(
                "{eq}",
                "特征方程为 {eq}",
                eq=Math(_eq(det(SHIFTED.xreplace({LAM2: LAM})), _eq(LAM**2 - trace * LAM + determinant, 0))),
            ),
        ),
        _step(
            T("Discriminant of {eq}", "{eq} 的判别式", eq=equation),
            DELTA,
            C1**2 - 4 * C2,
            {C1: trace, C2: determinant},
            exact=disc,
        ),
        _step(
            T("Eigenvalues: the roots of {eq}, larger first", "特征值：{eq} 的两个根，大的在前", eq=equation),
            LAMBDAS,
            sp.ImmutableMatrix([(C1 + sp.sqrt(DELTA)) / 2, (C1 - sp.sqrt(DELTA)) / 2]),
            {C1: trace, DELTA: disc},
            exact=sp.ImmutableMatrix([root.exact for root in A.roots]),
        ),
    ]


def _type_step(A: _Analysis, lee: bool) -> Step:
    gt, lt = (lambda s: Math(sp.StrictGreaterThan(s, 0))), (lambda s: Math(sp.StrictLessThan(s, 0)))
    if A.kind == NOT_CRITICAL:
        note = T(
            "{g} is not 0: {theta} is not a critical point (0), whatever the signs of the eigenvalues; "
            "they describe the curvature there, but only a critical point is a minimum, a maximum or a saddle point.",
            "{g} 不为 0：无论特征值的正负如何，{theta} 都不是临界点（0）；特征值只描述该点的弯曲程度，"
            "只有临界点才谈得上局部极小值、局部极大值或鞍点。",
            g=Math(G),
            theta=Math(THETA),
        )
    elif A.kind == MINIMUM:
        note = T(
            "{g0}, {l1} and {l2}: {vHv} for every nonzero {v}, so the loss rises in every direction: "
            "a local minimum (1).",
            "{g0}，{l1} 且 {l2}：对任意非零向量 {v} 都有 {vHv}，损失向各个方向都上升：局部极小值（1）。",
            g0=_is_zero(G),
            l1=gt(LAM1),
            l2=gt(LAM2),
            vHv=Math(sp.StrictGreaterThan(VHV, 0)),
            v=Math(V),
        )
    elif A.kind == MAXIMUM:
        note = T(
            "{g0}, {l1} and {l2}: {vHv} for every nonzero {v}, so the loss falls in every direction: "
            "a local maximum (2).",
            "{g0}，{l1} 且 {l2}：对任意非零向量 {v} 都有 {vHv}，损失向各个方向都下降：局部极大值（2）。",
            g0=_is_zero(G),
            l1=lt(LAM1),
            l2=lt(LAM2),
            vHv=Math(sp.StrictLessThan(VHV, 0)),
            v=Math(V),
        )
    elif A.kind == SADDLE:
        note = T(
            "{g0}, {l1} and {l2}: the loss rises along the eigenvector of {lam1} and falls along the one of "
            "{lam2}: a saddle point (3).",
            "{g0}，{l1} 而 {l2}：沿 {lam1} 的特征向量损失上升，沿 {lam2} 的特征向量损失下降：鞍点（3）。",
            g0=_is_zero(G),
            l1=gt(LAM1),
            l2=lt(LAM2),
            lam1=Math(LAM1),
            lam2=Math(LAM2),
        )
    else:
        note = T(
            "{g0} and an eigenvalue is 0: along its eigenvector the second-order term is 0 and the "
            "higher-order terms decide, so the test is inconclusive (4).",
            "{g0}，且有一个特征值为 0：沿它的特征向量二阶项为 0，要由更高阶的项决定，所以无法判定（4）。",
            g0=_is_zero(G),
        )
        if lee:
            note = T(
                "{note} (Here the squared error is 0, its smallest value: every point of the valley {valley} is a "
                "minimum, which the second-order test cannot tell.)",
                "{note}（这里平方误差为 0，已是最小值：谷底 {valley} 上的每个点都是极小值点，但二阶判别法无法判断。）",
                note=note,
                valley=Math(_eq(W1 * W2 * sp.Symbol("x"), sp.Symbol("yhat"))),
            )
    return Step(
        T("Type of {theta} from the signs of the eigenvalues", "由特征值的正负判断 {theta} 的类型", theta=Math(THETA)),
        TYPE,
        exact=sp.Integer(A.kind),
        note=note,
    )


def _escape_steps(A: _Analysis) -> list[Step]:
    if A.escape is None:
        return [
            Step(
                T(
                    "Escape direction: none, {theta} is not a saddle point",
                    "逃离方向：{theta} 不是鞍点，没有逃离方向",
                    theta=Math(THETA),
                ),
                V,
                exact=sp.ImmutableMatrix([0, 0]),
            )
        ]
    E, root = A.escape, A.roots[1]
    Me = sp.ImmutableMatrix([[root.sympy(x) for x in row] for row in E.M])
    steps = [
        _step(
            T("{M}", "{M}", M=Math(_eq(M2, SHIFTED))),
            M2,
            SHIFTED,
            {LAM2: root.exact},
            exact=Me,
        )
    ]
    m = M_ENTRIES
    formula = E.sign * sp.ImmutableMatrix([-m[E.row, 1], m[E.row, 0]])
    values = {m[E.row, k]: Me[E.row, k] for k in range(2)}
    note = T(
        "{u} is perpendicular to row {r} of {M}; the other row is a multiple of it because {det0}, so {Mu}. "
        "Sign: the first nonzero component is positive.",
        "{u} 与 {M} 的第 {r} 行正交；因为 {det0}，另一行是这一行的倍数，所以 {Mu}。符号约定：第一个非零分量取正。",
        u=Math(Q),
        r=E.row + 1,
        M=Math(M2),
        det0=Math(_eq(det(M2), 0)),
        Mu=Math(_eq(MatMul(M2, Q), 0)),
    )
    if E.scale != 1:
        formula = MatMul(KAPPA, formula)
        values[KAPPA] = rational(E.scale)
        note = T(
            "{note} Any multiple of {u} is a solution too: {kappa} makes it the smallest integer vector.",
            "{note}{u} 的任意倍数也是解，取系数 {kappa} 使它成为最小的整数向量。",
            note=note,
            u=Math(Q),
            kappa=Math(KAPPA),
        )
    ulist = [root.sympy(x) for x in E.u]
    steps.append(
        _step(
            T("Solve {eq}", "解方程 {eq}", eq=Math(_eq(MatMul(SHIFTED, Q), 0))),
            Q,
            formula,
            values,
            exact=sp.ImmutableMatrix(ulist),
            note=note,
        )
    )
    norm = square_root(root.sympy(root.reduce(sum_squares(E.u))))
    steps.append(
        _step(
            T("Length of {u}", "{u} 的长度", u=Math(Q)),
            ABS_Q,
            sp.sqrt(Q1**2 + Q2**2),
            dict(zip((Q1, Q2), ulist)),
            exact=norm,
        )
    )
    steps.append(
        _step(
            T(
                "Escape direction: the unit eigenvector of the negative eigenvalue {lam2}",
                "逃离方向：负特征值 {lam2} 对应的单位特征向量",
                lam2=Math(LAM2),
            ),
            V,
            MatMul(1 / ABS_Q, Q),
            {ABS_Q: norm},
            exact=sp.ImmutableMatrix(E.v),
            note=T(
                "Along {v} the second-order term is {half} < 0: stepping from {theta} along {v} or {minus_v} "
                "lowers the loss.",
                "沿 {v} 方向二阶项为 {half} < 0：从 {theta} 沿 {v} 或 {minus_v} 走一步，损失会下降。",
                v=Math(V),
                half=Math(_eq(MatMul(sp.S.Half, V.T, H, V), sp.Mul(sp.S.Half, LAM2, evaluate=False))),
                theta=Math(THETA),
                minus_v=Math(MatMul(-1, V)),
            ),
        )
    )
    return steps


def _taylor_steps(params: Params, A: _Analysis, gm, hm) -> list[Step]:
    u = params.step
    um = _column(u)
    here = _loss_of(params.terms, params.point)
    there = _loss_of(params.terms, tuple(a + b for a, b in zip(params.point, u)))
    change = (gm.T * um)[0] + (um.T * hm * um)[0] / 2
    note = ""
    eigen = next((k for k, root in enumerate(A.roots) if _is_eigenvector(A.h, root, u)), None)
    if A.critical and eigen is not None:
        lam = (LAM1, LAM2)[eigen]
        note = T(
            "{g0} and {u} is an eigenvector of {lam}, so this is {half} = {value}.",
            "{g0}，且 {u} 是 {lam} 的特征向量，所以它等于 {half} = {value}。",
            g0=_is_zero(G),
            u=Math(U),
            lam=Math(lam),
            half=Math(sp.Mul(sp.S.Half, lam, Spelled("‖u‖²", r"\lVert u \rVert^{2}"), evaluate=False)),
            value=Math(
                sp.Mul(sp.S.Half, _shown("l", A.roots[eigen].exact, True), sum(x * x for x in u), evaluate=False)
            ),
        )
    estimate = here + change
    if max(i + j for _, i, j in params.terms) <= 2:
        said = T(
            "exactly the actual loss: a quadratic loss equals its second-order Taylor expansion",
            "恰好等于实际损失：二次损失函数与它的二阶泰勒展开完全相同",
        )
    elif estimate == there:
        said = T(
            "the actual loss too: along this step the terms of order three and up add up to 0",
            "也等于实际损失：沿这一步，三阶及更高阶的项之和为 0",
        )
    else:
        said = T(
            "the actual loss minus the estimate is {d}, the sum of the terms of order three and up",
            "实际损失减去估计值为 {d}，即三阶及更高阶的项之和",
            d=Math(_shown("d", there - estimate, True, bare=True)),
        )
    compare = T(
        "The Taylor estimate is {est}; {said}.",
        "泰勒展开的估计值为 {est}，{said}。",
        est=Math(_eq(Ordered(L_FN(THETA), CHANGE, evaluate=False), _shown("e", estimate, True, bare=True))),
        said=said,
    )
    moved = tuple(a + b for a, b in zip(params.point, u))
    return [
        _step(
            T("Loss at {theta}", "{theta} 处的损失", theta=Math(THETA)),
            L_FN(THETA),
            A.loss,
            _at(params.point),
            exact=here,
        ),
        _step(
            T(
                "Second-order Taylor estimate of the change {d}, for the step {u}",
                "步长 {u} 下损失变化 {d} 的二阶泰勒展开估计",
                d=Math(_eq(CHANGE, Ordered(L_FN(MOVED), -L_FN(THETA), evaluate=False))),
                u=_said_point(U, u),
            ),
            CHANGE,
            TAYLOR,
            {G: gm, U: um, H: hm},
            exact=change,
            note=note,
        ),
        _step(
            T("Actual loss at {moved}", "{moved} 处的实际损失", moved=_said_point(MOVED, moved)),
            L_FN(MOVED),
            A.loss,
            _at(moved),
            exact=there,
            note=compare,
        ),
    ]


def _is_eigenvector(h, root: Root, u) -> bool:
    """True when H u = λ u exactly (λ rational), or u is a multiple of the eigenvector."""
    if len(root.minpoly) != 2:
        return False
    lam = root.minpoly[0] * -1
    hu = [h[i][0] * fraction(u[0]) + h[i][1] * fraction(u[1]) for i in range(2)]
    return any(u) and all(hu[i] == lam * fraction(u[i]) for i in range(2))


def _question(params: Params, A: _Analysis) -> Question:
    if params.lee is not None:
        x, y = params.lee
        lead = T(
            "A model {model} is trained on one sample {x} with the label {y}, by the squared-error loss",
            "模型 {model} 只用一个训练样本 {x}（标签 {y}）训练，损失为平方误差",
            model=Math(_eq(sp.Symbol("y"), W1 * W2 * sp.Symbol("x"))),
            x=Math(_eq(sp.Symbol("x"), _shown("x", x, True, bare=True))),
            y=Math(_eq(sp.Symbol("yhat"), _shown("y", y, True, bare=True))),
        )
    else:
        lead = T(
            "A model with the two weights {w1} and {w2} has the loss",
            "某模型有两个权重 {w1} 和 {w2}，其损失函数为",
            w1=Math(W1),
            w2=Math(W2),
        )
    parts = [
        lead,
        Math(_eq(L_FN(W1, W2), A.loss), display=True),
        T(
            "At the point {point}, compute the gradient {g} = {nabla}; whether {theta} is a critical point "
            "(1 if {g0}, else 0); the Hessian {H}; its eigenvalues, in descending order; the type of {theta} "
            "by the signs of the eigenvalues: 0 not a critical point, 1 local minimum (all > 0), 2 local "
            "maximum (all < 0), 3 saddle point (mixed signs), 4 inconclusive (an eigenvalue is 0, the test "
            "says nothing); and the escape direction of a saddle point, the unit eigenvector of its negative "
            "eigenvalue with its first nonzero component positive ((0, 0) if {theta} is not a saddle point).",
            "在点 {point} 处，求：梯度 {g} = {nabla}；{theta} 是否为临界点（{g0} 时为 1，否则为 0）；"
            "海森矩阵 {H}；{H} 的特征值，从大到小排列；按特征值的正负判断 {theta} 的类型：0 不是临界点，"
            "1 局部极小值（全部 > 0），2 局部极大值（全部 < 0），3 鞍点（有正有负），4 无法判定（有特征值为 0，"
            "二阶判别法失效）；以及鞍点的逃离方向，即负特征值对应的单位特征向量，第一个非零分量取正"
            "（{theta} 不是鞍点时为 (0, 0)）。",
            point=_said_point(THETA, params.point),
            theta=Math(THETA),
            g=Math(G),
            nabla=Math(NABLA),
            g0=_is_zero(G),
            H=Math(H),
        ),
    ]
    if params.step is not None:
        parts.append(
            T(
                "Then, for the step {u}: estimate the change of the loss {change} by the second-order "
                "Taylor expansion {taylor}, and compute the actual loss {L}.",
                "然后对步长 {u}：用二阶泰勒展开 {taylor} 估计损失的变化 {change}，并计算实际损失 {L}。",
                u=_said_point(U, params.step),
                taylor=Math(TAYLOR),
                change=Math(_eq(CHANGE, Ordered(L_FN(MOVED), -L_FN(THETA), evaluate=False))),
                L=Math(L_FN(MOVED)),
            )
        )
    return Question.of(*parts)


# --- mistakes --------------------------------------------------------------------------------


def _unit_eigenvector(h, which: int) -> list[float]:
    """The unit eigenvector of the larger (which = 0) or smaller (1) eigenvalue of a float
    matrix, its first nonzero component positive."""
    values, vectors = np.linalg.eigh(np.array(h, dtype=float))
    v = vectors[:, 1 - which]
    first = next(x for x in v if abs(x) > 1e-12)
    return [float(x) * (1 if first > 0 else -1) for x in v]


def _eigenvalues(h) -> list[float]:
    values = np.linalg.eigvalsh(np.array(h, dtype=float))
    return [float(values[1]), float(values[0])]


def _classified(kind: int, h) -> dict:
    """The type and the escape direction a student gives for a type (by a Hessian)."""
    return {"type": kind, "escape_direction": _unit_eigenvector(h, 1) if kind == SADDLE else [0.0, 0.0]}


def _taylor(params: Params, g, h, half=Fraction(1, 2)) -> float:
    u = [fraction(x) for x in params.step]
    return float(sum(a * b for a, b in zip(g, u)) + half * _quadratic_form(h, u))


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "det_only": T(
        "{det} taken for a minimum without the trace",
        "只看 {det} 就判为极小值，没看迹",
        det=Math(sp.StrictGreaterThan(det(H), 0, evaluate=False)),
    ),
    "diagonal_signs": T(
        "type judged by the diagonal entries {h11}, {h22}",
        "用对角元 {h11}、{h22} 的正负判断类型",
        h11=Math(H11),
        h22=Math(H22),
    ),
    "cross_term_factor": T("mixed derivative {h12} halved or doubled", "混合偏导 {h12} 多乘或少乘了 2", h12=Math(H12)),
    "gradient_not_checked": T(
        "a point with {g} not 0 classified", "没有检查 {g0} 就判断类型", g=Math(G), g0=_is_zero(G)
    ),
    "zero_gradient_minimum": T("a zero gradient taken for a minimum", "把梯度为 0 的点当成了极小值"),
    "escape_wrong_eigenvalue": T("escape along the positive eigenvalue's eigenvector", "沿正特征值的特征向量逃离"),
    "escape_not_normalised": T("escape direction not normalised", "逃离方向没有单位化"),
    "taylor_without_half": T(
        "Taylor term {uHu} without its factor {half}",
        "泰勒二阶项 {uHu} 漏了系数 {half}",
        uHu=Math(MatMul(U.T, H, U)),
        half=Math(sp.S.Half),
    ),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    A = _analysis(params)
    h, g = A.h, [fraction(x) for x in A.g]
    hf = [[float(x) for x in row] for row in h]
    found = []
    if A.critical and _det(h) > 0:
        found.append(
            Mistake(
                "det_only",
                T(
                    "{det} only says the two eigenvalues share a sign; the trace tells which: both positive "
                    "(a local minimum) if {tr}, both negative (a local maximum) if {tr_neg}",
                    "{det} 只说明两个特征值同号；要看迹才知道正负："
                    "{tr} 时都为正（局部极小值），{tr_neg} 时都为负（局部极大值）",
                    det=Math(sp.StrictGreaterThan(det(H), 0, evaluate=False)),
                    tr=Math(sp.StrictGreaterThan(tr(H), 0, evaluate=False)),
                    tr_neg=Math(sp.StrictLessThan(tr(H), 0, evaluate=False)),
                ),
                _classified(MINIMUM, hf),
            )
        )
    if A.critical:
        d1, d2 = h[0][0], h[1][1]
        by_diagonal = (
            INCONCLUSIVE
            if d1 == 0 or d2 == 0
            else MINIMUM
            if d1 > 0 and d2 > 0
            else MAXIMUM
            if d1 < 0 and d2 < 0
            else SADDLE
        )
        found.append(
            Mistake(
                "diagonal_signs",
                T(
                    "the type comes from the signs of the eigenvalues of {H}, "
                    "not of its diagonal entries {h11} and {h22}",
                    "类型由 {H} 的特征值的正负决定，而不是由对角元 {h11} 和 {h22} 的正负决定",
                    H=Math(H),
                    h11=Math(H11),
                    h22=Math(H22),
                ),
                _classified(by_diagonal, hf),
            )
        )
    if not A.critical:
        answers = {"is_critical": 1} | _classified(_kind(True, h), hf)
        if params.step is not None:
            answers["taylor_change"] = _taylor(params, [0, 0], h)
        found.append(
            Mistake(
                "gradient_not_checked",
                T(
                    "check {g0} first: {theta} is not a critical point, so it is neither a minimum, a maximum "
                    "nor a saddle point, and the Taylor change keeps its gradient term {gu}",
                    "先检查 {g0}：{theta} 不是临界点，因此既不是极小值、极大值也不是鞍点，"
                    "泰勒展开估计中的梯度项 {gu} 也不能丢",
                    g0=_is_zero(G),
                    theta=Math(THETA),
                    gu=Math(MatMul(G.T, U)),
                ),
                answers,
            )
        )
    if A.critical and A.kind != MINIMUM:
        found.append(
            Mistake(
                "zero_gradient_minimum",
                T(
                    "{g0} makes {theta} a critical point, not necessarily a minimum: the signs of the "
                    "eigenvalues of {H} decide (a saddle point has a zero gradient too)",
                    "{g0} 只说明 {theta} 是临界点，不一定是极小值：要由 {H} 的特征值的正负决定（鞍点的梯度也为 0）",
                    g0=_is_zero(G),
                    theta=Math(THETA),
                    H=Math(H),
                ),
                _classified(MINIMUM, hf),
            )
        )
    if A.kind == SADDLE:
        found += [
            Mistake(
                "escape_wrong_eigenvalue",
                T(
                    "the loss goes down along the eigenvector of the negative eigenvalue {lam2}; along the one of "
                    "{lam1} it goes up",
                    "损失沿负特征值 {lam2} 的特征向量下降；沿 {lam1} 的特征向量是上升的",
                    lam2=Math(LAM2),
                    lam1=Math(LAM1),
                ),
                {"escape_direction": _unit_eigenvector(hf, 0)},
            ),
            Mistake(
                "escape_not_normalised",
                T(
                    "the escape direction is a unit vector: divide {q} by its length {norm}",
                    "逃离方向是单位向量：要把 {q} 除以它的长度 {norm}",
                    q=Math(Q),
                    norm=Math(ABS_Q),
                ),
                {"escape_direction": list(A.escape.uf)},
            ),
        ]
    if params.step is not None:
        found.append(
            Mistake(
                "taylor_without_half",
                T(
                    "the second-order term of the Taylor expansion is {half}: do not drop its factor {one_half}",
                    "泰勒展开的二阶项是 {half}：不能漏掉系数 {one_half}",
                    half=Math(SECOND),
                    one_half=Math(sp.S.Half),
                ),
                {"taylor_change": _taylor(params, g, h, Fraction(1))},
            )
        )
    if h[0][1] != 0:  # last: where its value meets another mistake's, that one is named
        b = sp.Symbol("b")
        for factor, message in (
            (
                Fraction(1, 2),
                T(
                    "{d12} of a term {bw} is {b}, not {half}: {half} is the entry of the quadratic form's "
                    "symmetric matrix, and {H} is twice that matrix",
                    "{bw} 这一项的 {d12} 是 {b}，不是 {half}：{half} 是二次型对称矩阵中的元素，而 {H} 是该矩阵的 2 倍",
                    d12=Math(D12),
                    bw=Math(b * W1 * W2),
                    b=Math(b),
                    half=Math(b / 2),
                    H=Math(H),
                ),
            ),
            (
                Fraction(2),
                T(
                    "{d12} of a term {bw} is {b}, not {two}: differentiate once in {w1} and once in {w2}",
                    "{bw} 这一项的 {d12} 是 {b}，不是 {two}：对 {w1} 和 {w2} 各求一次导即可",
                    d12=Math(D12),
                    bw=Math(b * W1 * W2),
                    b=Math(b),
                    two=Math(2 * b),
                    w1=Math(W1),
                    w2=Math(W2),
                ),
            ),
        ):
            wrong = ((h[0][0], h[0][1] * factor), (h[0][1] * factor, h[1][1]))
            wf = [[float(x) for x in row] for row in wrong]
            answers = {"hessian": wf, "eigenvalues": _eigenvalues(wf)} | _classified(_kind(A.critical, wrong), wf)
            if params.step is not None:
                answers["taylor_change"] = _taylor(params, g, wrong)
            found.append(Mistake("cross_term_factor", message, answers))
    return shown_mistakes(found, solution, margin=2)
