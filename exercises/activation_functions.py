"""Activation functions and their derivatives; backpropagation through them.

Each function but softmax is applied to every entry of the pre-activations z = (z₁, ..., zₙ),
y = f(z), and has the derivative f′(z), entry by entry:
    sigmoid     σ(z) = 1/(1 + e⁻ᶻ)                          σ′(z) = y(1 - y) ≤ 1/4 = σ′(0)
    tanh        tanh(z) = (eᶻ - e⁻ᶻ)/(eᶻ + e⁻ᶻ) = 2σ(2z) - 1   tanh′(z) = 1 - y²
    relu        ReLU(z) = max(0, z)                         1 for z > 0, 0 for z ≤ 0
    leaky_relu  z for z > 0, αz for z ≤ 0                   1 for z > 0, α for z ≤ 0
    elu         z for z > 0, α(eᶻ - 1) for z ≤ 0            1 for z > 0, αeᶻ = y + α for z ≤ 0
At z = 0 a derivative is the one PyTorch's autograd gives (the z ≤ 0 branch): ReLU′(0) = 0,
LeakyReLU′(0) = α, ELU′(0) = α (= 1 for the usual α = 1, where ELU has no kink); σ′(0) = 1/4,
tanh′(0) = 1. A question whose z holds a kink says so.

Backpropagation through an elementwise activation, from the upstream gradient ∂L/∂y to
δ = ∂L/∂z (δ is always the gradient before the activation):
    δ = ∂L/∂y ⊙ f′(z)                                       (`downstream`)

softmax maps the vector z to s, sᵢ = e^(zᵢ) / Σⱼ e^(zⱼ), with the Jacobian J = ∂s/∂z:
    Jᵢⱼ = ∂sᵢ/∂zⱼ = sᵢ(δᵢⱼ - sⱼ),   J = diag(s) - s sᵀ         (`jacobian`, symmetric)
    δ = Jᵀ ∂L/∂s = s ⊙ (∂L/∂s - sᵀ∂L/∂s)                     (`downstream`)
The softmax may instead be given by its output s (a homework's "s = (0.1, 0.7, 0.2)"): then
J and δ are computed from s as given.

Vanishing gradients: σ′ ≤ 1/4, so the product of the derivatives of L sigmoid layers, the
factor a gradient picks up on its way back through them (weights aside), is at most
(1/4)^L (`vanishing_bound`).

Answers: `values` f(z) (or s), `derivatives` f′(z) (not for softmax), `downstream` when the
upstream gradient is given, `jacobian` for softmax, `vanishing_bound` when `layers` is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp
from sympy import HadamardProduct, MatAdd, MatMul, MatrixSymbol

from exercises.core import params as read
from exercises.core.classifiers import float_sigmoid, float_softmax
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import (
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
from exercises.core.symbols import Hadamard, Maximum, Named, Ordered, Spelled, sigmoid

TITLE = "Activation functions, derivatives"
DESCRIPTION = (
    "Sigmoid, tanh, ReLU, leaky ReLU, ELU and softmax: values, derivatives, backpropagated gradient, Jacobian."
)
TITLE_ZH = "激活函数及其导数"
DESCRIPTION_ZH = "Sigmoid、tanh、ReLU、Leaky ReLU、ELU 与 softmax：函数值、导数、反向传播的梯度与雅可比矩阵。"

FUNCTIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax")
ELEMENTWISE = FUNCTIONS[:5]
ALIASES = {"logistic": "sigmoid", "leakyrelu": "leaky_relu", "leaky": "leaky_relu", "lrelu": "leaky_relu"}
LEAKY_SLOPES = ("0.01", "0.1", "0.2")  # the α of generated leaky ReLUs
DEFAULT_ALPHA = {"leaky_relu": sp.Rational(1, 100), "elu": sp.S.One}  # PyTorch's defaults
LIMIT = 30  # |z| at most this: beyond, σ and tanh are flat to 13 digits
GRADIENT_LIMIT = 100
MAX_LAYERS = 50
ROUNDED_SUM = sp.Rational(2, 100)  # a given softmax output may add up to 1 ± this (rounded)

FORMS = {
    "function": T(
        "{options} (any case; also {aliases})",
        "{options}（不区分大小写；也可写作 {aliases}）",
        options=join(FUNCTIONS, T(", ", "、")),
        aliases=join(ALIASES),
    ),
    "z": T(
        "the pre-activations, a list of 1-8 numbers between -{n} and {n} (2-6 for softmax) or one number, "
        "e.g. [-2,-0.5,0,1,3]",
        "净输入：1-8 个 -{n} 到 {n} 之间的数组成的列表（softmax 为 2-6 个），或单个数，例如 [-2,-0.5,0,1,3]",
        n=LIMIT,
    ),
    "s": T(
        "the output of the softmax, given instead of z: a list of 2-6 probabilities in (0, 1) adding up to 1, "
        "e.g. [0.1,0.7,0.2]",
        "softmax 的输出（代替 z 给出），即 2-6 个 (0, 1) 内且和为 1 的概率组成的列表，例如 [0.1,0.7,0.2]",
    ),
    "upstream": T(
        "the upstream gradient dL/dy (dL/ds for softmax), one number between -{n} and {n} per entry of z (or s), "
        "e.g. [1,0.5,-1,2,1]",
        "上游梯度 dL/dy（softmax 为 dL/ds），z（或 s）的每个分量对应一个 -{n} 到 {n} 之间的数，例如 [1,0.5,-1,2,1]",
        n=GRADIENT_LIMIT,
    ),
    "alpha": T(
        "the slope of leaky_relu for z <= 0, in (0, 1) (default 0.01), or the α of elu, in (0, 10] (default 1), "
        "e.g. 0.1",
        "leaky_relu 在 z <= 0 时的斜率，取值在 (0, 1) 内（默认 0.01），或 elu 的 α，取值在 (0, 10] 内（默认 1），"
        "例如 0.1",
    ),
    "layers": T(
        "the number L of sigmoid layers in the vanishing-gradient bound (1/4)^L, 1-{n}, e.g. 5",
        "梯度消失上界 (1/4)^L 中 Sigmoid 层的层数 L，1-{n}，例如 5",
        n=MAX_LAYERS,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve activation_functions` takes
OPTIONAL = ("z", "s", "upstream", "alpha", "layers")

VALUE = Check(abs_tol=0.001)
DERIVATIVE = Check(abs_tol=0.001)
GRADIENT = Check(abs_tol=0.001)
JACOBIAN = Check(abs_tol=0.001)
BOUND = Check(rel_tol=0.001)  # (1/4)^L is small: relative
VISIBLE = 0.005  # a generated answer entry is 0 or at least this large (5x the tolerance)


# --- parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    function: str  # one of FUNCTIONS
    z: tuple | None  # the pre-activations (None: a softmax given by its output s)
    s: tuple | None = None  # the softmax output, given instead of z
    upstream: tuple | None = None  # ∂L/∂y (∂L/∂s), one per entry
    alpha: sp.Rational | None = None  # leaky_relu and elu only
    layers: int | None = None  # the vanishing-gradient bound for this many sigmoid layers

    @property
    def n(self) -> int:
        return len(self.z if self.z is not None else self.s)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("function",), OPTIONAL)
        function = read.choice("function", raw["function"], FUNCTIONS, ALIASES)
        z = s = None
        if function == "softmax":
            if ("z" in raw) == ("s" in raw):
                raise ParamError(
                    T(
                        "softmax takes its inputs 'z' or its output 's': give exactly one of them.",
                        "softmax 需要输入 'z' 或输出 's'：两者恰好给出一个。",
                    )
                )
            if "z" in raw:
                z = read.vector("z", raw["z"], FORMS["z"], (2, 6), low=-LIMIT, high=LIMIT)
            else:
                s = _read_output(raw["s"])
        else:
            if "s" in raw:
                raise ParamError(
                    T(
                        "parameter 's' (the softmax output) applies only to softmax; give the inputs of {f} as 'z'.",
                        "参数 's'（softmax 的输出）只用于 softmax；{f} 的输入请用 'z' 给出。",
                        f=function,
                    )
                )
            read.require(raw, ("function", "z"), OPTIONAL)
            values = raw["z"] if isinstance(raw["z"], list) else [raw["z"]]
            z = read.vector("z", values, FORMS["z"], (1, 8), low=-LIMIT, high=LIMIT)
        n = len(z if z is not None else s)
        upstream = None
        if "upstream" in raw:
            given = raw["upstream"] if isinstance(raw["upstream"], list) else [raw["upstream"]]
            upstream = read.vector(
                "upstream", given, FORMS["upstream"], (1, 8), low=-GRADIENT_LIMIT, high=GRADIENT_LIMIT
            )
            if len(upstream) != n:
                raise ParamError(
                    T(
                        "parameter 'upstream' must hold one number per entry of {v}: {n} numbers; got {got}.",
                        "参数 'upstream' 应为 {v} 的每个分量给出一个数，共 {n} 个；实际为 {got} 个。",
                        v="z" if z is not None else "s",
                        n=n,
                        got=len(upstream),
                    )
                )
        alpha = _read_alpha(function, raw.get("alpha"))
        layers = None
        if "layers" in raw:
            layers = int(read.number("layers", raw["layers"], FORMS["layers"], 1, MAX_LAYERS, integer=True))
        return cls(function, z, s, upstream, alpha, layers)

    def to_json(self) -> dict:
        out = {"function": self.function}
        out |= {"z": read.to_json(self.z)} if self.z is not None else {"s": read.to_json(self.s)}
        if self.upstream is not None:
            out["upstream"] = read.to_json(self.upstream)
        if self.alpha is not None:
            out["alpha"] = read.to_json(self.alpha)
        if self.layers is not None:
            out["layers"] = self.layers
        return out


def _read_output(value) -> tuple:
    s = read.vector("s", value, FORMS["s"], (2, 6), low=0, high=1)
    if any(p in (0, 1) for p in s):
        raise ParamError(
            T(
                "parameter 's' must be {form}; a softmax output is never exactly 0 or 1.",
                "参数 's' 应为：{form}；softmax 的输出不会恰好为 0 或 1。",
                form=FORMS["s"],
            )
        )
    total = sum(s)
    if abs(total - 1) > ROUNDED_SUM:
        raise ParamError(
            T(
                "parameter 's' must be {form}; its entries add up to {total}.",
                "参数 's' 应为：{form}；但它的各分量之和为 {total}。",
                form=FORMS["s"],
                total=f"{float(total):g}",
            )
        )
    return s


def _read_alpha(function: str, value) -> sp.Rational | None:
    if function not in DEFAULT_ALPHA:
        if value is not None:
            raise ParamError(
                T(
                    "parameter 'alpha' applies only to leaky_relu and elu, not to {f}.",
                    "参数 'alpha' 只用于 leaky_relu 和 elu，不用于 {f}。",
                    f=function,
                )
            )
        return None
    if value is None:
        return DEFAULT_ALPHA[function]
    high = 1 if function == "leaky_relu" else 10
    alpha = read.number("alpha", value, FORMS["alpha"], 0, high)
    if alpha == 0 or (function == "leaky_relu" and alpha == 1):
        raise ParamError(
            T(
                "parameter 'alpha' must be {form}; got {got}.",
                "参数 'alpha' 应为：{form}；实际为 {got}。",
                form=FORMS["alpha"],
                got=str(alpha),
            )
        )
    return alpha


# --- generation ----------------------------------------------------------------------------

EASY_Z = [sp.Rational(k, 2) for k in range(-4, 5) if k]  # ±0.5, ±1, ±1.5, ±2 (and 0)
TENTHS = [sp.Rational(k, 10) for k in range(-30, 31) if k]  # one decimal in [-3, 3]
SOFTMAX_Z = [v for v in TENTHS if abs(v) <= 2]
UPSTREAM = [sp.Rational(k, 10) for k in range(-20, 21) if k]  # nonzero, one decimal in [-2, 2]


def generate(dice, difficulty: str) -> Params:
    """easy: one of sigmoid, tanh, relu, leaky_relu (α 0.01, 0.1 or 0.2), elu (α = 1) at three
    inputs from 0, ±0.5, ±1, ±1.5, ±2; values and derivatives.
    medium: the same functions at four one-decimal inputs in [-3, 3], and an upstream gradient
    (nonzero, one decimal in [-2, 2]): values, derivatives, downstream gradient.
    hard: either one of those functions at five inputs with an upstream gradient and the
    vanishing-gradient bound for L = 3-6 sigmoid layers, or softmax (three one-decimal inputs
    in [-2, 2], or its output: three tenths adding up to 1) with an upstream gradient:
    values, Jacobian, downstream gradient.
    The inputs are distinct and hold 0 (the kink, which the question settles), a negative
    and a positive number. Redrawn: an answer entry that is neither 0 nor at least 0.005
    (it would vanish at the precision asked)."""
    softmax = difficulty == "hard" and dice.integer(0, 1) == 1
    if softmax:
        params = _draw_softmax(dice)
    else:
        function = dice.choice(ELEMENTWISE)
        count = {"easy": 3, "medium": 4, "hard": 5}[difficulty]
        z = _inputs(dice, EASY_Z if difficulty == "easy" else TENTHS, count)
        upstream = None if difficulty == "easy" else tuple(dice.choice(UPSTREAM) for _ in z)
        alpha = sp.Rational(dice.choice(LEAKY_SLOPES)) if function == "leaky_relu" else DEFAULT_ALPHA.get(function)
        layers = dice.integer(3, 6) if difficulty == "hard" else None
        params = Params(function, z, None, upstream, alpha, layers)
    if not _visible(params):
        raise Redraw("an answer too small to tell from zero at the precision asked")
    return params


def _inputs(dice, pool, count: int) -> tuple:
    """`count` distinct inputs: 0, a negative, a positive and the rest from `pool`, in random order."""
    negative = dice.choice([v for v in pool if v < 0])
    positive = dice.choice([v for v in pool if v > 0])
    rest = dice.sample([v for v in pool if v not in (negative, positive)], count - 3)
    return tuple(dice.sample([sp.S.Zero, negative, positive, *rest], count))


def _draw_softmax(dice) -> Params:
    if dice.integer(0, 1) == 0:
        z, s = _inputs(dice, SOFTMAX_Z, 3), None
    else:
        first = dice.integer(1, 8)
        second = dice.integer(1, 9 - first)
        tenths = [first, second, 10 - first - second]
        if len(set(tenths)) < 3:
            raise Redraw("two equal probabilities")
        z, s = None, tuple(sp.Rational(k, 10) for k in tenths)
    upstream = tuple(dice.choice(UPSTREAM) for _ in range(3))
    return Params("softmax", z, s, upstream)


def _visible(params: Params) -> bool:
    right = _float_answers(params)
    entries = [x for name in ("values", "derivatives", "downstream", "jacobian") for x in _flat(right.get(name, []))]
    return all(x == 0 or abs(x) >= VISIBLE for x in entries)


def _flat(value) -> list:
    if isinstance(value, (list, tuple)):
        return [x for item in value for x in _flat(item)]
    return [value]


# --- symbols and the words for the functions --------------------------------------------------


# name -> (Unicode, LaTeX) of the function as the course writes it
WRITTEN = {
    "sigmoid": ("σ", r"\sigma"),
    "tanh": ("tanh", r"\tanh"),
    "relu": ("ReLU", r"\operatorname{ReLU}"),
    "leaky_relu": ("LeakyReLU", r"\operatorname{LeakyReLU}"),
    "elu": ("ELU", r"\operatorname{ELU}"),
    "softmax": ("softmax", r"\operatorname{softmax}"),
}
CALLED = {  # the function's name in an English and a Chinese sentence
    "sigmoid": ("sigmoid", "Sigmoid"),
    "tanh": ("tanh", "tanh"),
    "relu": ("ReLU", "ReLU"),
    "leaky_relu": ("leaky ReLU", "Leaky ReLU"),
    "elu": ("ELU", "ELU"),
}

_z, _y, _alpha, _L = sp.Symbol("z"), sp.Symbol("y"), sp.Symbol("alpha"), sp.Symbol("L")


def _call(function: str, x):
    """f(x) as the course writes it."""
    if function == "sigmoid":
        return sigmoid(x)
    if function == "tanh":
        return sp.tanh(x)
    return sp.Function(WRITTEN[function][0])(x)


def _prime(function: str, at: str = "z", latex_at: str = "z") -> Spelled:
    """f′(z) as one symbol: σ′(z), ReLU′(0)."""
    text, tex = WRITTEN[function]
    return Spelled(f"{text}′({at})", rf"{tex}'({latex_at})")


def _exp(x):
    return sp.Pow(sp.E, x, evaluate=False)


def _definition(params: Params):
    """f(z) = ... in words and mathematics."""
    f = params.function
    if f == "sigmoid":
        return Math(sp.Eq(sigmoid(_z), 1 / (1 + _exp(-_z)), evaluate=False))
    if f == "tanh":
        twice = Spelled("2z", "2z")
        ratio = Ordered(_exp(twice), -1, evaluate=False) / Ordered(_exp(twice), 1, evaluate=False)
        return T(
            "{d} = {s}",
            "{d} = {s}",
            d=Math(sp.Eq(sp.tanh(_z), ratio, evaluate=False)),
            s=Math(Ordered(2 * sigmoid(twice), -1, evaluate=False)),
        )
    if f == "relu":
        return Math(sp.Eq(_call(f, _z), Maximum(0, _z), evaluate=False))
    if f == "softmax":
        return _softmax_said(params.n)
    negative = _alpha * _z if f == "leaky_relu" else _alpha * Ordered(_exp(_z), -1, evaluate=False)
    return T(
        "{f} = {z} for {pos} and {neg} for {nonpos}, with {alpha}",
        "{f} = {z}（{pos}）或 {neg}（{nonpos}），{alpha}",
        f=Math(_call(f, _z)),
        z=Math(_z),
        pos=Math(sp.Gt(_z, 0, evaluate=False)),
        neg=Math(negative),
        nonpos=Math(sp.Le(_z, 0, evaluate=False)),
        alpha=Math(sp.Eq(_alpha, shown_number("alpha", params.alpha, True, bare=True), evaluate=False)),
    )


def _softmax_said(n: int) -> Math:
    """sᵢ = e^(zᵢ)/(e^(z₁) + ... + e^(zₙ)), the n terms written out."""
    total = sp.Add(*[_exp(sp.Symbol(f"z_{j}")) for j in range(1, n + 1)], evaluate=False)
    return Math(sp.Eq(sp.Symbol("s_i"), _exp(sp.Symbol("z_i")) / total, evaluate=False))


def _derivative_said(params: Params):
    """f′(z) = ... in words and mathematics (not for softmax)."""
    f = params.function
    fp = _prime(f)
    if f == "sigmoid":
        return T(
            "{d}, where {y}",
            "{d}，其中 {y}",
            d=Math(sp.Eq(fp, _y * (1 - _y), evaluate=False)),
            y=Math(sp.Eq(_y, sigmoid(_z), evaluate=False)),
        )
    if f == "tanh":
        return T(
            "{d}, where {y}",
            "{d}，其中 {y}",
            d=Math(sp.Eq(fp, 1 - _y**2, evaluate=False)),
            y=Math(sp.Eq(_y, sp.tanh(_z), evaluate=False)),
        )
    negative = {"relu": sp.S.Zero, "leaky_relu": _alpha}.get(f)
    if negative is None:  # elu: αeᶻ, which is y + α
        negative = sp.Eq(_alpha * _exp(_z), Ordered(_y, _alpha, evaluate=False), evaluate=False)
    return T(
        "{one} for {pos} and {neg} for {nonpos}",
        "{one}（{pos}）或 {neg}（{nonpos}）",
        one=Math(sp.Eq(fp, 1, evaluate=False)),
        pos=Math(sp.Gt(_z, 0, evaluate=False)),
        neg=Math(negative),
        nonpos=Math(sp.Le(_z, 0, evaluate=False)),
    )


def _kink(params: Params):
    """The convention at z = 0 when it is a kink of f and one of the inputs, else None."""
    f, z = params.function, params.z
    if z is None or 0 not in z or f not in ("relu", "leaky_relu", "elu"):
        return None
    if f == "elu" and params.alpha == 1:
        return None  # both slopes are 1 at 0
    value = sp.S.Zero if f == "relu" else params.alpha
    return T(
        "At the kink {zero} take {convention}, the slope of the {nonpos} branch, as PyTorch's autograd does.",
        "在折点 {zero} 处取 {convention}，即 {nonpos} 一侧的斜率，与 PyTorch 自动求导的约定一致。",
        zero=Math(sp.Eq(_z, 0, evaluate=False)),
        convention=Math(sp.Eq(_prime(f, "0", "0"), shown_number("a", value, True, bare=True), evaluate=False)),
        nonpos=Math(sp.Le(_z, 0, evaluate=False)),
    )


# --- exact values --------------------------------------------------------------------------


def _exact_value(f: str, z, alpha):
    """f(z) exactly, e^… written with positive exponents where it can be."""
    if f == "sigmoid":
        if z == 0:
            return sp.S.Half
        return sp.exp(z) / (1 + sp.exp(z)) if z > 0 else 1 / (1 + sp.exp(-z))
    if f == "tanh":
        t = sp.exp(2 * abs(z))
        return sp.sign(z) * (t - 1) / (t + 1)
    if z > 0:
        return z
    if f == "relu":
        return sp.S.Zero
    if f == "leaky_relu":
        return alpha * z
    return alpha * Ordered(sp.exp(z), -1, evaluate=False) if z else sp.S.Zero  # elu


def _exact_slope(f: str, z, alpha):
    """f′(z) exactly (at z = 0: the z ≤ 0 branch, as PyTorch's autograd)."""
    if f == "sigmoid":
        t = sp.exp(abs(z))
        return t / (1 + t) ** 2
    if f == "tanh":
        t = sp.exp(2 * abs(z))
        return 4 * t / (1 + t) ** 2
    if z > 0:
        return sp.S.One
    if f == "relu":
        return sp.S.Zero
    return alpha if f == "leaky_relu" else alpha * sp.exp(z)


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _entry_step(title, lhs, formula: sp.ImmutableMatrix, values: dict, exact, note="", bare=()) -> Step:
    """A column of formulas with the numbers put in: a symbol in `bare` is written without
    parentheses (the argument of σ(-2), an exponent e⁻²), the others as factors, 0.1⋅(-2)."""
    mapping = {s: shown_number(str(s), v, True, bare=s in bare) for s, v in values.items()}
    substituted = sp.ImmutableMatrix(formula.rows, 1, [substitute(e, mapping) for e in formula]) if values else None
    return Step(title, lhs, formula, substituted, _column(exact), note)


# --- the solution --------------------------------------------------------------------------


class _Symbols:
    def __init__(self, params: Params):
        n, f = params.n, params.function
        text, tex = WRITTEN[f]
        self.z = MatrixSymbol("z", n, 1)
        self.zs = [sp.Symbol(f"z_{i}") for i in range(1, n + 1)]
        self.ys = [sp.Symbol(f"y_{i}") for i in range(1, n + 1)]
        out = "s" if f == "softmax" else "y"
        self.y = MatrixSymbol(out, n, 1)
        self.fp = Named(f"{f}'(z)", n, 1, f"{text}′(z)", rf"{tex}'(z)")
        self.g = Named(f"dL/d{out}", n, 1, f"∂L/∂{out}", rf"\frac{{\partial L}}{{\partial {out}}}")
        self.delta = Named("delta", n, 1, "δ", r"\delta")
        self.dz = Named("dL/dz", n, 1, "∂L/∂z", r"\frac{\partial L}{\partial z}")
        self.J = Named("J", n, n, "J", "J")
        self.diag = Named("diag(s)", n, n, "diag(s)", r"\operatorname{diag}(s)")
        self.dsdz = Named("ds/dz", n, n, "∂s/∂z", r"\frac{\partial s}{\partial z}")


def solve(params: Params) -> Solution:
    s = _Symbols(params)
    if params.function == "softmax":
        steps, answers = _softmax_solution(params, s)
    else:
        steps, answers = _elementwise_solution(params, s)
    if params.layers is not None:
        bound = _bound_step(params)
        steps.append(bound)
        answers.append(
            Answer(
                "vanishing_bound",
                T(
                    "the largest product of the derivatives of {L} sigmoid layers",
                    "{L} 层 Sigmoid 的导数之积的最大值",
                    L=params.layers,
                ),
                bound.exact,
                BOUND,
            )
        )
    return Solution(_question(params, s), tuple(steps), tuple(answers))


def _elementwise_solution(params: Params, s: _Symbols):
    f, z, alpha = params.function, params.z, params.alpha
    values = {zi: v for zi, v in zip(s.zs, z)}
    formulas = []
    for zi, v in zip(s.zs, z):
        if f == "sigmoid":
            formulas.append(sigmoid(zi))
        elif f == "tanh":
            formulas.append(sp.tanh(zi))
        elif f == "relu":
            formulas.append(Maximum(0, zi))
        elif v > 0:
            formulas.append(zi)
        elif f == "leaky_relu":
            formulas.append(sp.Mul(_alpha, zi, evaluate=False))
        else:  # elu
            exp_minus_one = Ordered(_exp(zi), -1, evaluate=False)
            formulas.append(exp_minus_one if alpha == 1 else sp.Mul(_alpha, exp_minus_one, evaluate=False))
    uses_alpha = any(_alpha in e.free_symbols for e in formulas)
    bare = () if f == "leaky_relu" else tuple(s.zs)
    value_step = _entry_step(
        T("Values: {f} for each entry", "函数值：对每个分量求 {f}", f=Math(_call(f, _z))),
        s.y,
        _column(formulas),
        values | ({_alpha: alpha} if uses_alpha else {}),
        [_exact_value(f, v, alpha) for v in z],
        note=T("{d}.", "{d}。", d=_definition(params)),
        bare=bare,
    )
    exact_y = list(value_step.exact)
    slope_step = _slope_step(params, s, exact_y)
    steps = [value_step, slope_step]
    answers = [
        Answer(
            "values",
            T("values {y}", "函数值 {y}", y=Math(sp.Eq(s.y, _call(f, s.z), evaluate=False))),
            tuple(exact_y),
            VALUE,
        ),
        Answer("derivatives", T("derivatives {fp}", "导数 {fp}", fp=Math(s.fp)), tuple(slope_step.exact), DERIVATIVE),
    ]
    if params.upstream is not None:
        down = step(
            T(
                "Backpropagation: the upstream gradient times the derivative, entry by entry",
                "反向传播：上游梯度与导数逐元素相乘",
            ),
            s.delta,
            HadamardProduct(s.g, s.fp),
            {s.g: _column(params.upstream), s.fp: slope_step.exact},
            decimals=True,
            expand=False,
            note=T(
                "{chain}: the chain rule through {y}, one entry at a time.",
                "{chain}：对 {y} 逐个分量应用链式法则。",
                chain=Math(sp.Eq(s.dz, Hadamard(s.g, s.fp), evaluate=False)),
                y=Math(sp.Eq(s.y, _call(f, s.z), evaluate=False)),
            ),
        )
        steps.append(down)
        answers.append(_downstream_answer(s, down))
    return steps, answers


def _slope_step(params: Params, s: _Symbols, exact_y: list) -> Step:
    f, z, alpha = params.function, params.z, params.alpha
    title = T("Derivatives: {fp} at each entry", "导数：在每个分量处求 {fp}", fp=Math(_prime(f)))
    exact = [_exact_slope(f, v, alpha) for v in z]
    kink = _kink(params)
    note = T("{d}.", "{d}。", d=_derivative_said(params))
    if kink is not None:
        note = T("{d}. {k}", "{d}。{k}", d=_derivative_said(params), k=kink)
    if f in ("sigmoid", "tanh"):
        ys = s.ys
        formulas = [y * (1 - y) if f == "sigmoid" else 1 - y**2 for y in ys]
        return _entry_step(title, s.fp, _column(formulas), dict(zip(ys, exact_y)), exact, note)
    if f == "relu":
        return Step(title, s.fp, None, None, _column(exact), note)
    formulas = []
    for zi, v in zip(s.zs, z):
        if v > 0:
            formulas.append(sp.S.One)
        elif f == "leaky_relu":
            formulas.append(_alpha)
        else:
            formulas.append(_exp(zi) if alpha == 1 else sp.Mul(_alpha, _exp(zi), evaluate=False))
    values = {zi: v for zi, v, e in zip(s.zs, z, formulas) if zi in e.free_symbols}
    if any(_alpha in e.free_symbols for e in formulas):
        values[_alpha] = alpha
    return _entry_step(title, s.fp, _column(formulas), values, exact, note, bare=tuple(s.zs))


def _downstream_answer(s: _Symbols, down: Step) -> Answer:
    return Answer(
        "downstream",
        T("downstream gradient {d}", "传回的梯度 {d}", d=Math(sp.Eq(s.delta, s.dz, evaluate=False))),
        tuple(down.exact),
        GRADIENT,
    )


def _softmax_solution(params: Params, s: _Symbols):
    n = params.n
    steps, answers = [], []
    if params.z is not None:
        total = sp.Add(*[sp.exp(v) for v in s.zs])
        low = min(params.z)
        exps = [sp.exp(v - low) for v in params.z]
        formula = MatMul(1 / total, sp.ImmutableMatrix(n, 1, [sp.exp(v) for v in s.zs]))
        mapping = {zi: shown_number(str(zi), v, True, bare=True) for zi, v in zip(s.zs, params.z)}
        out = Step(
            T("Softmax of the inputs", "对输入做 softmax"),
            s.y,
            formula,
            substitute(formula, mapping),
            _column([e / sp.Add(*exps) for e in exps]),
            T(
                "{d}; the outputs add up to 1 (for the exact value, the numerator and the denominator are divided "
                "by {e}, the smallest term).",
                "{d}；各输出之和为 1（精确值的分子分母同除以最小的一项 {e}）。",
                d=_softmax_said(n),
                e=Math(_exp(shown_number("low", low, True, bare=True))),
            ),
        )
        steps.append(out)
        probabilities = list(out.exact)
        answers.append(
            Answer("values", T("softmax outputs {s}", "softmax 的输出 {s}", s=Math(s.y)), tuple(probabilities), VALUE)
        )
    else:
        probabilities = list(params.s)
    p = _column(probabilities)
    exact = sp.ImmutableMatrix(n, n, lambda i, j: probabilities[i] * ((1 if i == j else 0) - probabilities[j]))
    jacobian = step(
        T("Jacobian of the softmax", "softmax 的雅可比矩阵"),
        s.J,
        MatAdd(s.diag, MatMul(-1, s.y, s.y.T)),
        {s.diag: sp.diag(*probabilities), s.y: p},
        exact=exact,
        decimals=True,
        note=T(
            "{entry}: {diagonal} on the diagonal and {off} off it; {J} is symmetric.",
            "{entry}：对角线上为 {diagonal}，其余为 {off}；{J} 是对称矩阵。",
            entry=Math(
                sp.Eq(
                    Spelled("Jᵢⱼ = ∂sᵢ/∂zⱼ", r"J_{ij} = \frac{\partial s_{i}}{\partial z_{j}}"),
                    Spelled("sᵢ(δᵢⱼ - sⱼ)", r"s_{i}(\delta_{ij} - s_{j})"),
                    evaluate=False,
                )
            ),
            diagonal=Math(Spelled("sᵢ(1 - sᵢ)", r"s_{i}(1 - s_{i})")),
            off=Math(Spelled("-sᵢsⱼ", r"-s_{i}s_{j}")),
            J=Math(s.J),
        ),
    )
    steps.append(jacobian)
    answers.append(
        Answer(
            "jacobian",
            T("Jacobian {J}", "雅可比矩阵 {J}", J=Math(sp.Eq(s.J, s.dsdz, evaluate=False))),
            tuple(map(tuple, jacobian.exact.tolist())),
            JACOBIAN,
        )
    )
    if params.upstream is not None:
        down = step(
            T("Backpropagation through the softmax", "经 softmax 反向传播"),
            s.delta,
            MatMul(s.J.T, s.g),
            {s.J: jacobian.exact, s.g: _column(params.upstream)},
            decimals=True,
            expand=False,
            note=T(
                "{chain}: each {zj} reaches every {si}; as {J} is symmetric, {same}.",
                "{chain}：每个 {zj} 都影响所有的 {si}；由于 {J} 对称，{same}。",
                chain=Math(
                    sp.Eq(
                        Spelled("∂L/∂zⱼ", r"\frac{\partial L}{\partial z_{j}}"),
                        Spelled("Σᵢ (∂L/∂sᵢ) Jᵢⱼ", r"\sum_{i} \frac{\partial L}{\partial s_{i}} J_{ij}"),
                        evaluate=False,
                    )
                ),
                zj=Math(Spelled("zⱼ", "z_{j}")),
                si=Math(Spelled("sᵢ", "s_{i}")),
                J=Math(s.J),
                same=Math(sp.Eq(MatMul(s.J.T, s.g), MatMul(s.J, s.g), evaluate=False)),
            ),
        )
        steps.append(down)
        answers.append(_downstream_answer(s, down))
    return steps, answers


def _bound_step(params: Params) -> Step:
    lhs = Spelled("max σ′(z⁽¹⁾)⋯σ′(z⁽ᴸ⁾)", r"\max \sigma'(z^{(1)}) \cdots \sigma'(z^{(L)})")
    return step(
        T("Vanishing gradient: the bound for {L} sigmoid layers", "梯度消失：{L} 层 Sigmoid 的上界", L=params.layers),
        lhs,
        sp.Pow(sp.UnevaluatedExpr(sp.Rational(1, 4)), _L, evaluate=False),
        {_L: sp.Integer(params.layers)},
        note=T(
            "{slope}, where {y}, is largest at {zero}: {top}. Each of the {L} factors is at most that.",
            "{slope}（其中 {y}）在 {zero} 处最大：{top}。{L} 个因子中的每一个都不超过它。",
            slope=Math(sp.Eq(_prime("sigmoid"), _y * (1 - _y), evaluate=False)),
            y=Math(sp.Eq(_y, sigmoid(_z), evaluate=False)),
            zero=Math(sp.Eq(_z, 0, evaluate=False)),
            top=Math(sp.Eq(_prime("sigmoid", "0", "0"), sp.Rational(1, 4), evaluate=False)),
            L=params.layers,
        ),
    )


# --- the question --------------------------------------------------------------------------


def _given(symbol, value):
    return sp.Eq(symbol, shown(str(symbol), _column(value), True), evaluate=False)


def _question(params: Params, s: _Symbols) -> Question:
    f = params.function
    parts = []
    if f == "softmax":
        intro = T(
            "The softmax maps a vector {z} to probabilities {s}: {d}.",
            "softmax 函数把向量 {z} 映射为概率 {s}：{d}。",
            d=_softmax_said(params.n),
            z=Math(s.z),
            s=Math(s.y),
        )
        if params.z is not None:
            given = [_given(s.z, params.z)]
            asked = [T("the outputs {s}", "输出 {s}", s=Math(s.y))]
        else:
            intro = intro + T(
                " For some input it gave the output {s} below.", "对某个输入，它的输出 {s} 如下。", s=Math(s.y)
            )
            given = [_given(s.y, params.s)]
            asked = []
        asked.append(T("the Jacobian {J}", "雅可比矩阵 {J}", J=Math(sp.Eq(s.J, s.dsdz, evaluate=False))))
    else:
        intro = T(
            "The {english} activation function is applied to each entry of the pre-activations {z}: {y}, where {d}.",
            "对净输入 {z} 的每个分量使用 {chinese} 激活函数：{y}，其中 {d}。",
            english=CALLED[f][0],
            chinese=CALLED[f][1],
            d=_definition(params),
            z=Math(s.z),
            y=Math(sp.Eq(s.y, _call(f, s.z), evaluate=False)),
        )
        given = [_given(s.z, params.z)]
        asked = [
            T("the values {y}", "函数值 {y}", y=Math(s.y)),
            T("the derivatives {fp}", "导数 {fp}", fp=Math(s.fp)),
        ]
    if params.upstream is not None:
        intro = intro + T(
            " Backpropagation brings the upstream gradient {g}.",
            "反向传播传来的上游梯度为 {g}。",
            g=Math(s.g),
        )
        given.append(_given(s.g, params.upstream))
        asked.append(
            T(
                "the gradient {delta} passed back to the inputs",
                "传回输入端的梯度 {delta}",
                delta=Math(sp.Eq(s.delta, s.dz, evaluate=False)),
            )
        )
    parts += [intro, Math(sp.Tuple(*given) if len(given) > 1 else given[0], display=True)]
    kink = _kink(params)
    ask = T("Compute {what}.", "求{what}。", what=join(asked, T(" and ", " 和")) if len(asked) < 3 else _listed(asked))
    if kink is not None:
        ask = ask + T(" {k}", "{k}", k=kink)
    if params.layers is not None:
        ask = ask + T(
            " Then: a gradient that flows back through {L} sigmoid layers is multiplied by their derivatives "
            "{product} (weights aside); how large can that product be at most?",
            "另外：梯度反向传过 {L} 层 Sigmoid 时要乘以它们的导数 {product}（不计权重），这个乘积最大是多少？",
            L=Math(sp.Eq(_L, params.layers, evaluate=False)),
            product=Math(Spelled("σ′(z⁽¹⁾)⋯σ′(z⁽ᴸ⁾)", r"\sigma'(z^{(1)}) \cdots \sigma'(z^{(L)})")),
        )
    parts.append(ask + T(" Keep 4 significant digits in intermediate results.", "中间结果保留 4 位有效数字。"))
    return Question(tuple(parts))


def _listed(items: list):
    """a, b and c."""
    return join(items[:-1]) + T(" and ", " 和") + items[-1]


# --- floats: mistakes and checks -------------------------------------------------------------


def _float_value(f: str, z: float, alpha: float) -> float:
    if f == "sigmoid":
        return float_sigmoid(z)
    if f == "tanh":
        return math.tanh(z)
    if z > 0:
        return z
    if f == "relu":
        return 0.0
    return alpha * z if f == "leaky_relu" else alpha * math.expm1(z)


def _float_slope(f: str, z: float, alpha: float) -> float:
    if f == "sigmoid":
        y = float_sigmoid(z)
        return y * (1 - y)
    if f == "tanh":
        return 1 - math.tanh(z) ** 2
    if z > 0:
        return 1.0
    if f == "relu":
        return 0.0
    return alpha if f == "leaky_relu" else alpha * math.exp(z)


def _float_answers(params: Params, *, value=None, slope=None, times_value=False, diagonal_only=False, base=0.25):
    """The answers in floats; a mistake passes its own value and slope functions (of z), takes
    the upstream gradient times the value, keeps only the Jacobian's diagonal, or bounds the
    sigmoid layers with another base."""
    out = {}
    g = [float(v) for v in params.upstream] if params.upstream is not None else None
    if params.function == "softmax":
        if params.z is not None:
            p = float_softmax([float(v) for v in params.z])
            out["values"] = p
        else:
            p = [float(v) for v in params.s]
        n = len(p)
        J = [[p[i] * ((i == j) - p[j]) if (i == j or not diagonal_only) else 0.0 for j in range(n)] for i in range(n)]
        out["jacobian"] = J
        if g is not None:
            out["downstream"] = [sum(J[i][j] * g[i] for i in range(n)) for j in range(n)]
    else:
        f, alpha = params.function, float(params.alpha) if params.alpha is not None else 0.0
        value = value or (lambda x: _float_value(f, x, alpha))
        slope = slope or (lambda x: _float_slope(f, x, alpha))
        z = [float(v) for v in params.z]
        y, d = [value(x) for x in z], [slope(x) for x in z]
        out |= {"values": y, "derivatives": d}
        if g is not None:
            out["downstream"] = [a * b for a, b in zip(g, y if times_value else d)]
    if params.layers is not None:
        out["vanishing_bound"] = base**params.layers
    return out


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "derivative_of_input": T(
        "derivative formula fed the input z instead of the output y", "导数公式代入了输入 z，而不是输出 y"
    ),
    "relu_grad_at_zero_one": T("derivative 1 taken at the kink z = 0", "在折点 z = 0 处把导数取成了 1"),
    "leaky_slope_on_positive": T("leaky slope α used for positive inputs too", "正输入也用了 Leaky ReLU 的斜率 α"),
    "tanh_range_as_sigmoid": T("tanh given the sigmoid's range (0, 1)", "把 tanh 的值域当成了 Sigmoid 的 (0, 1)"),
    "downstream_times_value": T(
        "upstream gradient times the value f(z), not the derivative", "上游梯度乘了函数值 f(z)，而不是导数"
    ),
    "jacobian_diagonal_only": T(
        "softmax Jacobian without its off-diagonal entries", "softmax 的雅可比矩阵漏了非对角元素"
    ),
    "bound_from_sigmoid_value": T("bound from σ(0) = 1/2, not σ′(0) = 1/4", "用 σ(0) = 1/2 而不是 σ′(0) = 1/4 求上界"),
}
MOVED = ("values", "derivatives", "downstream")


def _pick(result: dict, names) -> dict:
    return {name: result[name] for name in names if name in result}


def mistakes(params: Params, solution) -> list[Mistake]:
    f = params.function
    alpha = float(params.alpha) if params.alpha is not None else 0.0
    said = {"z": Math(_z)}
    candidates = []
    if f in ("sigmoid", "tanh", "elu"):
        wrong_slope = {
            "sigmoid": lambda x: x * (1 - x),
            "tanh": lambda x: 1 - x * x,
            "elu": lambda x: 1.0 if x > 0 else x + alpha,
        }[f]
        rule = {"sigmoid": _y * (1 - _y), "tanh": 1 - _y**2, "elu": Ordered(_y, _alpha, evaluate=False)}[f]
        wrong = {"sigmoid": _z * (1 - _z), "tanh": 1 - _z**2, "elu": Ordered(_z, _alpha, evaluate=False)}[f]
        candidates.append(
            Mistake(
                "derivative_of_input",
                T(
                    "the shorthand {rule}{where} is written with the output {y}, not the input {z}: "
                    "{wrong} is not the derivative",
                    "简便公式 {rule}{where} 里用的是输出 {y}，而不是输入 {z}：{wrong} 不是导数",
                    rule=Math(sp.Eq(_prime(f), rule, evaluate=False)),
                    where=T(" (for {c})", "（{c} 时）", c=Math(sp.Le(_z, 0, evaluate=False))) if f == "elu" else "",
                    y=Math(sp.Eq(_y, _call(f, _z), evaluate=False)),
                    z=said["z"],
                    wrong=Math(wrong),
                ),
                _pick(_float_answers(params, slope=wrong_slope), ("derivatives", "downstream")),
            )
        )
    if f in ("relu", "leaky_relu") and 0 in params.z:
        right = sp.S.Zero if f == "relu" else params.alpha
        candidates.append(
            Mistake(
                "relu_grad_at_zero_one",
                T(
                    "at the kink {zero} the derivative is taken from the {nonpos} branch, {convention} "
                    "(PyTorch's autograd), not 1",
                    "在折点 {zero} 处导数取 {nonpos} 一侧的斜率，{convention}（PyTorch 自动求导的约定），而不是 1",
                    zero=Math(sp.Eq(_z, 0, evaluate=False)),
                    nonpos=Math(sp.Le(_z, 0, evaluate=False)),
                    convention=Math(
                        sp.Eq(_prime(f, "0", "0"), shown_number("a", right, True, bare=True), evaluate=False)
                    ),
                ),
                _pick(
                    _float_answers(params, slope=lambda x: 1.0 if x == 0 else _float_slope(f, x, alpha)),
                    ("derivatives", "downstream"),
                ),
            )
        )
    if f == "leaky_relu":
        candidates.append(
            Mistake(
                "leaky_slope_on_positive",
                T(
                    "the slope {alpha} is for {nonpos} only; for {pos} leaky ReLU is {z} itself, with derivative 1",
                    "斜率 {alpha} 只用于 {nonpos}；当 {pos} 时 Leaky ReLU 就是 {z} 本身，导数为 1",
                    alpha=Math(_alpha),
                    nonpos=Math(sp.Le(_z, 0, evaluate=False)),
                    pos=Math(sp.Gt(_z, 0, evaluate=False)),
                    z=said["z"],
                ),
                _pick(_float_answers(params, value=lambda x: alpha * x, slope=lambda x: alpha), MOVED),
            )
        )
    if f == "tanh":
        candidates.append(
            Mistake(
                "tanh_range_as_sigmoid",
                T(
                    "tanh takes values in (-1, 1): {right}, not {wrong}, which lies in (0, 1) like the sigmoid",
                    "tanh 的取值在 (-1, 1) 内：{right}，而不是取值在 (0, 1) 内、像 Sigmoid 一样的 {wrong}",
                    right=Math(sp.Eq(sp.tanh(_z), Ordered(2 * sigmoid(2 * _z), -1, evaluate=False), evaluate=False)),
                    wrong=Math(sigmoid(2 * _z)),
                ),
                _pick(
                    _float_answers(
                        params,
                        value=lambda x: float_sigmoid(2 * x),
                        slope=lambda x: 1 - float_sigmoid(2 * x) ** 2,
                    ),
                    MOVED,
                ),
            )
        )
    if f != "softmax" and params.upstream is not None:
        s = _Symbols(params)
        candidates.append(
            Mistake(
                "downstream_times_value",
                T(
                    "the chain rule multiplies the upstream gradient by the derivative: {right}, not by {y}",
                    "链式法则是上游梯度乘以导数：{right}，而不是乘以 {y}",
                    right=Math(sp.Eq(s.dz, Hadamard(s.g, s.fp), evaluate=False)),
                    y=Math(s.y),
                ),
                _pick(_float_answers(params, times_value=True), ("downstream",)),
            )
        )
    if f == "softmax":
        candidates.append(
            Mistake(
                "jacobian_diagonal_only",
                T(
                    "softmax is not applied entry by entry: every {s} depends on every {z}, so {J} also has "
                    "the entries {off} off the diagonal",
                    "softmax 不是逐元素的函数：每个 {s} 都依赖于所有的 {z}，所以 {J} 在对角线以外还有元素 {off}",
                    s=Math(Spelled("sᵢ", "s_{i}")),
                    z=Math(Spelled("zⱼ", "z_{j}")),
                    J=Math(Spelled("J = diag(s) - s sᵀ", r"J = \operatorname{diag}(s) - s s^{T}")),
                    off=Math(Spelled("-sᵢsⱼ", r"-s_{i}s_{j}")),
                ),
                _pick(_float_answers(params, diagonal_only=True), ("jacobian", "downstream")),
            )
        )
    if params.layers is not None:
        candidates.append(
            Mistake(
                "bound_from_sigmoid_value",
                T(
                    "the bound takes the largest derivative {slope}, not the value {value}",
                    "上界取导数的最大值 {slope}，而不是函数值 {value}",
                    slope=Math(sp.Eq(_prime("sigmoid", "0", "0"), sp.Rational(1, 4), evaluate=False)),
                    value=Math(sp.Eq(Spelled("σ(0)", r"\sigma(0)"), sp.S.Half, evaluate=False)),
                ),
                {"vanishing_bound": 0.5**params.layers},
            )
        )
    # twice the tolerance: a wrong value closer than that is no sign of the mistake
    return shown_mistakes(candidates, solution, margin=2)
