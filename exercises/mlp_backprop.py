"""Backpropagation with δ through a one-hidden-layer perceptron (MLP), and one descent step.

Network, with column vectors (d inputs, h hidden units, o outputs):
    z₁ = W₁ x + b₁,   h = f(z₁),   z₂ = W₂ h + b₂,   y = g(z₂)
Hidden activation f, elementwise, and its derivative (σ′ and tanh′ taken at the
pre-activation z₁ but written through the output h, as the course does):
    relu         f(z) = max(0, z)       f′(z) = 1 for z > 0, else 0     (ReLU′(0) = 0, as PyTorch)
    leaky_relu   f(z) = max(z, 0.1 z)   f′(z) = 1 for z > 0, else 0.1   (f′(0) = 0.1, as PyTorch)
    tanh         f(z) = tanh(z)         f′(z₁) = 1 - h ⊙ h
    sigmoid      f(z) = σ(z)            f′(z₁) = h ⊙ (1 - h)
Output g and loss L (natural logarithm, summed over the outputs), and δ₂ = ∂L/∂z₂:
    linear_mse   y = z₂            L = ½ Σₖ (yₖ - tₖ)²                       δ₂ = y - t
    sigmoid_mse  y = σ(z₂)         L = ½ Σₖ (yₖ - tₖ)²                       δ₂ = (y - t) ⊙ y ⊙ (1 - y)
    sigmoid_bce  y = σ(z₂)         L = -Σₖ [tₖ ln yₖ + (1 - tₖ) ln(1 - yₖ)]   δ₂ = y - t
    softmax_ce   y = softmax(z₂)   L = -Σₖ tₖ ln yₖ (t one-hot, or a distribution)   δ₂ = y - t
Backward; δ always means ∂L/∂z (the pre-activation gradient), never its negative:
    ∂L/∂W₂ = δ₂ hᵀ,   ∂L/∂b₂ = δ₂,   δ₁ = (W₂ᵀ δ₂) ⊙ f′(z₁),   ∂L/∂W₁ = δ₁ xᵀ,   ∂L/∂b₁ = δ₁
One step of gradient descent, every weight and bias from the same forward pass:
    θ⁺ = θ - η ∂L/∂θ   for θ = W₁, b₁, W₂, b₂

Note 003 writes δᴸ = σ′(xᴸ)(r - y) (slip S11): that δ is -∂L/∂z, so its update adds η δ times
the input; kept with the minus sign of gradient descent it climbs the loss (the mistake
`seed_delta_sign`). Its σ′(x) means σ′ at the pre-activation, written y(1 - y) through the output
(`derivative_of_preactivation` writes it z(1 - z)).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace
from fractions import Fraction

import sympy as sp
from sympy import HadamardProduct, MatAdd, MatMul, MatrixSymbol, OneMatrix

from exercises.core import classifiers as cls_
from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.evaluate import evaluate
from exercises.core.lang import T, join
from exercises.core.model import (
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    number,
    shown,
    shown_mistakes,
    shown_number,
    step,
)
from exercises.core.symbols import Hadamard, Ln, Maximum, Named, Ordered, SigmoidSlope, SumOver, Written, sigmoid

TITLE = "MLP backpropagation with δ"
DESCRIPTION = "Forward pass, loss, δ-recursion with ReLU, leaky ReLU, tanh or sigmoid, gradients and one descent step."
TITLE_ZH = "多层感知机误差反向传播"
DESCRIPTION_ZH = (
    "多层感知机的前向传播、损失、误差项 δ 的反向递推（ReLU、Leaky ReLU、tanh、Sigmoid）、梯度与一步梯度下降。"
)
CODING_TASK = "mlp_backprop"

HIDDEN = ("relu", "tanh", "leaky_relu", "sigmoid")
HIDDEN_ALIASES = {"leaky": "leaky_relu", "leakyrelu": "leaky_relu", "logistic": "sigmoid"}
OUTPUTS = ("linear_mse", "sigmoid_mse", "sigmoid_bce", "softmax_ce")
OUTPUT_ALIASES = {
    "linear": "linear_mse",
    "mse": "linear_mse",
    "bce": "sigmoid_bce",
    "binary_cross_entropy": "sigmoid_bce",
    "softmax": "softmax_ce",
    "cross_entropy": "softmax_ce",
}
SQUARED = ("linear_mse", "sigmoid_mse")
ALPHA = sp.Rational(1, 10)  # the leaky ReLU's slope below 0
LIMIT = 100
SATURATED = 30  # |z| beyond this: σ and tanh are flat to 13 digits and their gradients vanish

ENTRY = T("numbers between -{n} and {n}", "元素取值在 -{n} 到 {n} 之间", n=LIMIT)
FORMS = {
    "sizes": T(
        "the layer sizes [d, h, o] (1-4 inputs, 1-4 hidden units, 1-3 outputs), e.g. [2,3,2], agreeing with "
        "W1 and W2 (optional)",
        "各层大小 [d, h, o]（1-4 个输入、1-4 个隐藏单元、1-3 个输出），例如 [2,3,2]，须与 W1、W2 的形状一致（可选）",
    ),
    "hidden": T(
        "the hidden activation: relu, tanh, leaky_relu (slope 0.1 below 0) or sigmoid",
        "隐藏层的激活函数：relu、tanh、leaky_relu（0 以下斜率为 0.1）或 sigmoid",
    ),
    "output": T(
        "the output and its loss: linear_mse (linear output, half the squared error), sigmoid_mse (sigmoid "
        "outputs, the same loss), sigmoid_bce (sigmoid outputs, binary cross-entropy) or softmax_ce (softmax "
        "output, cross-entropy); also {aliases}",
        "输出层及其损失：linear_mse（线性输出，误差平方和的一半）、sigmoid_mse（Sigmoid 输出，同样的损失）、"
        "sigmoid_bce（Sigmoid 输出，二元交叉熵）或 softmax_ce（softmax 输出，交叉熵）；也可写作 {aliases}",
        aliases=join(OUTPUT_ALIASES),
    ),
    "W1": T(
        "an h x d matrix, one row of weights per hidden unit (1-4 rows of 1-4 {entry}), e.g. [[1,-1],[0.5,0.5]]",
        "h×d 矩阵，每个隐藏单元一行权重（1-4 行、每行 1-4 个数，{entry}），例如 [[1,-1],[0.5,0.5]]",
        entry=ENTRY,
    ),
    "b1": T(
        "a list of h biases, one per row of W1, e.g. [0,-1]",
        "h 个偏置的列表，与 W1 的各行一一对应，例如 [0,-1]",
    ),
    "W2": T(
        "an o x h matrix, one row of weights per output (1-3 rows, one column per hidden unit, {entry}), e.g. [[1,2]]",
        "o×h 矩阵，每个输出一行权重（1-3 行，每个隐藏单元一列，{entry}），例如 [[1,2]]",
        entry=ENTRY,
    ),
    "b2": T(
        "a list of o biases, one per row of W2, e.g. [0.5] (one output: also 0.5)",
        "o 个偏置的列表，与 W2 的各行一一对应，例如 [0.5]（只有一个输出时也可写作 0.5）",
    ),
    "x": T("the input, a list of d {entry}, e.g. [1,2]", "输入，d 个数的列表，{entry}，例如 [1,2]", entry=ENTRY),
    "t": T(
        "the target, a list of o numbers, e.g. [2] (one output: also 2); in [0, 1] for sigmoid_bce; "
        "for softmax_ce a one-hot list such as [0,1,0] (or any distribution), or the true class 1-o",
        "目标值，o 个数的列表，例如 [2]（只有一个输出时也可写作 2）；sigmoid_bce 时取值在 [0, 1] 内；"
        "softmax_ce 时为 one-hot 列表如 [0,1,0]（或任一概率分布），或真实类别 1-o",
    ),
    "eta": cls_.ETA_FORM,
}
PARAMETERS = FORMS  # what `mlexam solve mlp_backprop` takes
NAMES = ("hidden", "output", "W1", "b1", "W2", "b2", "x", "t", "eta")
OPTIONAL = ("sizes",)

VALUE = Check(abs_tol=0.001, rel_tol=0.001)  # forward values, loss, deltas, gradients
UPDATE = Check(abs_tol=0.001, rel_tol=0.005)  # relative to the step (Answer.scale)


# --- the functions, as the course writes them -----------------------------------------------


class ReLU(Written, sp.Function):
    """ReLU(z) = max(0, z); exact on numbers."""

    NAME, LATEX = "ReLU", r"\operatorname{ReLU}"

    @classmethod
    def eval(cls, z):
        if z.is_Number:
            return z if z > 0 else sp.S.Zero
        return None


class LeakyReLU(Written, sp.Function):
    """LeakyReLU(z) = max(z, 0.1 z); exact on numbers."""

    NAME, LATEX = "LeakyReLU", r"\operatorname{LeakyReLU}"

    @classmethod
    def eval(cls, z):
        if z.is_Number:
            return z if z > 0 else ALPHA * z
        return None


class ReLUSlope(Written, sp.Function):
    """ReLU′(z): 1 for z > 0, else 0 (ReLU′(0) = 0, as PyTorch takes it)."""

    NAME, LATEX = "ReLU′", r"\operatorname{ReLU}'"

    @classmethod
    def eval(cls, z):
        if z.is_Number:
            return sp.S.One if z > 0 else sp.S.Zero
        return None


class LeakySlope(Written, sp.Function):
    """LeakyReLU′(z): 1 for z > 0, else 0.1 (also at 0, as PyTorch takes it)."""

    NAME, LATEX = "LeakyReLU′", r"\operatorname{LeakyReLU}'"

    @classmethod
    def eval(cls, z):
        if z.is_Number:
            return sp.S.One if z > 0 else ALPHA
        return None


class Tanh(Written, sp.Function):
    """tanh, for sentences about vectors (sympy's own tanh evaluates the numbers)."""

    NAME, LATEX = "tanh", r"\tanh"


class TanhSlope(Written, sp.Function):
    """tanh′(z), notation for sentences."""

    NAME, LATEX = "tanh′", r"\tanh'"


class Slope(Written, sp.Function):
    """f′(z), notation for sentences."""

    NAME, LATEX = "f′", "f'"


class Softmax(Written, sp.Function):
    """softmax(z), notation for sentences."""

    NAME, LATEX = "softmax", r"\operatorname{softmax}"


ACTIVATION = {"relu": ReLU, "leaky_relu": LeakyReLU, "tanh": sp.tanh, "sigmoid": sigmoid}
WRITTEN = {"relu": ReLU, "leaky_relu": LeakyReLU, "tanh": Tanh, "sigmoid": sigmoid}  # applied to a vector
SLOPE = {"relu": ReLUSlope, "leaky_relu": LeakySlope, "tanh": TanhSlope, "sigmoid": SigmoidSlope}


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    hidden: str  # relu, tanh, leaky_relu, sigmoid
    output: str  # linear_mse, sigmoid_mse, sigmoid_bce, softmax_ce
    W1: tuple  # h x d
    b1: tuple  # h
    W2: tuple  # o x h
    b2: tuple  # o
    x: tuple  # d
    t: tuple  # o
    eta: sp.Rational

    @property
    def shape(self) -> tuple[int, int, int]:
        """(d, h, o): inputs, hidden units, outputs."""
        return len(self.x), len(self.W1), len(self.W2)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        hidden = read.choice("hidden", raw["hidden"], HIDDEN, HIDDEN_ALIASES)
        output = read.choice("output", raw["output"], OUTPUTS, OUTPUT_ALIASES)
        W1 = _matrix("W1", raw["W1"], (1, 4))
        h, d = len(W1), len(W1[0])
        W2 = _matrix("W2", raw["W2"], (1, 3))
        o = len(W2)
        if len(W2[0]) != h:
            raise _wrong_shape("W2", f"{o} x {h}", f"{o} x {len(W2[0])}", T("W1 has {h} rows", "W1 有 {h} 行", h=h))
        b1 = _vector("b1", raw["b1"], h, T("one per row of W1", "与 W1 的各行对应"))
        b2 = _vector("b2", raw["b2"], o, T("one per row of W2", "与 W2 的各行对应"))
        x = _vector("x", raw["x"], d, T("one per column of W1", "与 W1 的各列对应"))
        if "sizes" in raw:
            _check_sizes(raw["sizes"], (d, h, o))
        t = _target(raw["t"], output, o)
        eta = cls_.read_eta(raw["eta"])
        params = cls(hidden, output, W1, b1, W2, b2, x, t, eta)
        _check_saturation(params)
        return params

    def to_json(self) -> dict:
        out = {"sizes": list(self.shape), "hidden": self.hidden, "output": self.output}
        return out | {name: read.to_json(getattr(self, name)) for name in NAMES[2:]}


def _matrix(name: str, value, rows: tuple[int, int]) -> tuple:
    """A list of rows; a flat list of numbers is one row."""
    if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
        value = [value]
    bounds = {"low": -LIMIT, "high": LIMIT}
    return read.matrix(name, value, FORMS[name], rows=rows, cols=(1, 4), **bounds)


def _vector(name: str, value, length: int, why) -> tuple:
    """A list of `length` numbers; one number when `length` is 1; a column [[1],[2]] or a row
    [[1,2]] too."""
    if not isinstance(value, list):
        value = [value]
    elif value and all(isinstance(v, list) and len(v) == 1 for v in value):
        value = [v[0] for v in value]
    elif len(value) == 1 and isinstance(value[0], list):
        value = value[0]
    form = FORMS[name]
    if not isinstance(value, list) or len(value) != length:
        got = len(value) if isinstance(value, list) else 1
        raise ParamError(
            T(
                "parameter '{name}' must be a list of {n} number{s} ({why}); got {got}.",
                "参数 '{name}' 应为 {n} 个数的列表（{why}）；实际为 {got} 个。",
                name=name,
                n=length,
                s="s" if length > 1 else "",
                why=why,
                got=got,
            )
        )
    return read.vector(name, value, form, (length, length), low=-LIMIT, high=LIMIT)


def _wrong_shape(name: str, wanted: str, got: str, why) -> ParamError:
    return ParamError(
        T(
            "parameter '{name}' must be a {wanted} matrix ({why}); got {got}.",
            "参数 '{name}' 应为 {wanted} 的矩阵（{why}）；实际为 {got}。",
            name=name,
            wanted=wanted,
            why=why,
            got=got,
        )
    )


def _check_sizes(value, shape: tuple[int, int, int]) -> None:
    sizes = read.vector("sizes", value, FORMS["sizes"], (3, 3), low=1, high=4, integer=True)
    if tuple(int(v) for v in sizes) != shape:
        raise ParamError(
            T(
                "parameter 'sizes' must agree with W1 and W2, which make a {d}-{h}-{o} network; got {got}.",
                "参数 'sizes' 须与 W1、W2 一致，它们给出的是 {d}-{h}-{o} 网络；实际为 {got}。",
                d=shape[0],
                h=shape[1],
                o=shape[2],
                got="-".join(str(int(v)) for v in sizes),
            )
        )


def _target(value, output: str, o: int) -> tuple:
    if output == "softmax_ce":
        if o < 2:
            raise ParamError(
                T(
                    "parameter 'output' cannot be softmax_ce with one output (the softmax of one number is 1); "
                    "give W2 two or three rows, or use sigmoid_bce.",
                    "只有一个输出时参数 'output' 不能为 softmax_ce（一个数的 softmax 恒为 1）；"
                    "请让 W2 有两到三行，或改用 sigmoid_bce。",
                )
            )
        if not isinstance(value, list):
            k = read.number("t", value, FORMS["t"], 1, o, integer=True)
            return tuple(sp.Integer(int(j == k)) for j in range(1, o + 1))
        t = _vector("t", value, o, T("one per output", "每个输出一个"))
        if any(v < 0 for v in t) or sum(t) != 1:
            raise ParamError(
                T(
                    "parameter 't' must be a one-hot list (or a distribution: numbers from 0 to 1 that add up to 1) "
                    "for softmax_ce, e.g. [0,1]; or the true class 1-{o}.",
                    "softmax_ce 时参数 't' 应为 one-hot 列表（或概率分布：0 到 1 之间、和为 1 的数），例如 [0,1]；"
                    "或真实类别 1-{o}。",
                    o=o,
                )
            )
        return t
    t = _vector("t", value, o, T("one per output", "每个输出一个"))
    if output == "sigmoid_bce" and any(not 0 <= v <= 1 for v in t):
        raise ParamError(
            T(
                "parameter 't' must lie in [0, 1] for the cross-entropy output sigmoid_bce.",
                "输出为 sigmoid_bce（交叉熵）时，参数 't' 的取值必须在 [0, 1] 内。",
            )
        )
    return t


def _check_saturation(params: Params) -> None:
    """A sigmoid or tanh pre-activation beyond ±30 is flat to 13 digits (nothing is left to
    learn, and ln(1 - y) cannot be told); so is a softmax whose logits span more than 60."""
    z1, _, z2, _ = _float_forward(params)
    layers = []
    if params.hidden in ("tanh", "sigmoid"):
        layers.append((1, z1, T("hidden unit", "隐藏单元")))
    if params.output in ("sigmoid_mse", "sigmoid_bce"):
        layers.append((2, z2, T("output", "输出单元")))
    for layer, zs, who in layers:
        for i, z in enumerate(zs, 1):
            if abs(z) > SATURATED:
                raise ParamError(
                    T(
                        "the pre-activation z{layer} of {who} {i} is {z:.4g}, outside [-{limit}, {limit}], where the "
                        "activation is saturated and the gradients vanish; use smaller inputs, weights or biases.",
                        "第 {i} 个{who}的净输入 z{layer} 为 {z:.4g}，超出了 [-{limit}, {limit}]，激活函数在此已饱和，"
                        "梯度消失；请减小输入、权重或偏置。",
                        layer=layer,
                        who=who,
                        i=i,
                        z=z,
                        limit=SATURATED,
                    )
                )
    if params.output == "softmax_ce" and max(z2) - min(z2) > 2 * SATURATED:
        raise ParamError(
            T(
                "the output pre-activations z2 span {span:.4g}, more than {limit}: the softmax is one-hot to "
                "13 digits; use smaller inputs, weights or biases.",
                "输出层的净输入 z2 相差 {span:.4g}，超过 {limit}：softmax 在 13 位有效数字内已是 one-hot；"
                "请减小输入、权重或偏置。",
                span=max(z2) - min(z2),
                limit=2 * SATURATED,
            )
        )


# --- generation ------------------------------------------------------------------------------

HALVES = tuple(sp.Rational(k, 2) for k in range(-4, 5))  # -2, -1.5, ..., 2
WEIGHTS = tuple(v for v in HALVES if v)
BIASES = tuple(v for v in HALVES if abs(v) <= 1)
INPUTS = tuple(sp.Integer(v) for v in (-2, -1, 1, 2))


def generate(dice, difficulty: str) -> Params:
    """easy: 2-2-1, ReLU hidden, linear output with ½ SSE; medium: 2-2-1, tanh, leaky ReLU or
    sigmoid hidden, linear_mse, sigmoid_mse or sigmoid_bce; hard: 2-3-2 (one draw in three
    2-2-2), any hidden activation and any output, softmax_ce included. Inputs are nonzero
    integers in -2..2, weights nonzero halves in -2..2, biases halves in -1..1, η 0.1, 0.5 or 1;
    targets: integers (easy) or halves in -2..2 for a linear output, 0/1 for a sigmoid, one-hot
    for the softmax. So z₁ is a multiple of 0.5: in ±3 for (leaky) ReLU, with units on both
    sides of 0, and in ±2, never 0, for tanh and sigmoid. A hard 2-3-2 (leaky) ReLU layer has
    one unit at exactly z = 0 (its bias, up to ±2, is chosen so), where the question states the
    derivative. Redrawn: a gradient or
    a step too small to see, a linear output within 0.25 of its target, or a mistake that moves
    nothing or moves an answer by about its tolerance."""
    if difficulty == "easy":
        h, o, hidden, output = 2, 1, "relu", "linear_mse"
    elif difficulty == "medium":
        h, o = 2, 1
        hidden = dice.choice(("tanh", "leaky_relu", "sigmoid"))
        output = dice.choice(("linear_mse", "sigmoid_mse", "sigmoid_bce"))
    else:
        h, o = dice.choice((3, 3, 2)), 2
        hidden, output = dice.choice(HIDDEN), dice.choice(OUTPUTS)
    x = tuple(dice.choice(INPUTS) for _ in range(2))
    W1 = tuple(tuple(dice.choice(WEIGHTS) for _ in range(2)) for _ in range(h))
    b1 = [dice.choice(BIASES) for _ in range(h)]
    zero = h == 3 and hidden in ("relu", "leaky_relu")  # one unit exactly at z = 0
    if zero:
        b1[0] = -sum(w * v for w, v in zip(W1[0], x))
        if abs(b1[0]) > 2:
            raise Redraw("the unit at z = 0 needs a bias beyond ±2")
    W2 = tuple(tuple(dice.choice(WEIGHTS) for _ in range(h)) for _ in range(o))
    b2 = tuple(dice.choice(BIASES) for _ in range(o))
    if output == "softmax_ce":
        c = dice.integer(1, o)
        t = tuple(sp.Integer(int(k == c)) for k in range(1, o + 1))
    elif output != "linear_mse":
        t = tuple(sp.Integer(dice.integer(0, 1)) for _ in range(o))
    elif difficulty == "easy":
        t = tuple(sp.Integer(dice.integer(-2, 2)) for _ in range(o))
    else:
        t = tuple(dice.choice(HALVES) for _ in range(o))
    eta = sp.Rational(dice.choice(("0.1", "0.5", "1")))
    params = Params(hidden, output, W1, tuple(b1), W2, b2, x, t, eta)
    z1 = _exact_z1(params)
    if hidden in ("relu", "leaky_relu"):
        if max(map(abs, z1)) > 3 or min(z1) >= 0 or max(z1) <= 0 or z1.count(0) != int(zero):
            raise Redraw("hidden pre-activations off the grid, or all on one side of 0")
    elif max(map(abs, z1)) > 2 or 0 in z1:
        raise Redraw("hidden pre-activations off the grid")
    right = _float_pass(params)
    if output == "linear_mse" and min(abs(a - b) for a, b in zip(right["y"], map(float, t))) < 0.25:
        raise Redraw("an output about equal to its target")
    if not _visible(params, right):
        raise Redraw("a gradient or a step too small to see, or a mistake about as large as the tolerance")
    return params


def _visible(params: Params, right: dict) -> bool:
    """Every gradient entry, and every step η·∂L/∂θ, is 0 (a ReLU unit that is off) or at least
    twice the tolerance; every mistake the problem can show moves some answer, and moves each
    answer either clearly (twice its tolerance) or not at all (half of it)."""
    scale = _scale(params, right)
    z1 = _exact_z1(params)
    off = [params.hidden == "relu" and z <= 0 for z in z1]  # a ReLU unit that is off: δ₁ⱼ = 0
    silent = [z == 0 or dead for z, dead in zip(z1, off)]  # a unit whose output is 0: column j of ∂L/∂W₂ is 0
    allowed = {  # the entries that are 0 whatever the numbers
        "grad_W2": [silent] * len(params.W2),
        "grad_b2": [False] * len(params.W2),
        "grad_W1": [[unit] * len(params.x) for unit in off],
        "grad_b1": off,
    }
    for name in GRADIENTS:
        if max(abs(v) for v in _flat(right[name])) < 4 * VALUE.abs_tol:
            return False
        for v, zero in zip(_flat(right[name]), _flat(allowed[name])):
            if not zero and min(abs(v), float(params.eta) * abs(v)) < 2 * VALUE.abs_tol:
                return False
    checks = {a: UPDATE if a in UPDATES else VALUE for a in ANSWERS}
    for wrong in _candidates(params, right).values():
        moved = [_excess(wrong[a], right[a], checks[a], scale.get(a)) for a in wrong]
        if max(moved) < 2 or any(0.5 < m < 2 for m in moved):
            return False
    return True


def _excess(wrong, right, check: Check, scale) -> float:
    """How far a wrong value is from the right one, in units of the check's tolerance (the
    largest over the entries): above 1 the check rejects it."""
    scales = _flat(scale) if scale is not None else [None] * len(_flat(right))
    worst = 0.0
    for a, b, s in zip(_flat(wrong), _flat(right), scales):
        allowed = max(check.rel_tol * abs(b if s is None else s), check.abs_tol)
        worst = max(worst, abs(a - b) / allowed)
    return worst


def _exact_z1(params: Params) -> list[Fraction]:
    """z₁ = W₁x + b₁ exactly (Fractions: quick, and exact where a float would miss 0)."""
    x = [Fraction(int(v.p), int(v.q)) for v in params.x]
    return [
        sum((Fraction(int(w.p), int(w.q)) * v for w, v in zip(row, x)), Fraction(int(b.p), int(b.q)))
        for row, b in zip(params.W1, params.b1)
    ]


# --- symbols -----------------------------------------------------------------------------------

PRINTED = {  # matrix symbols sympy cannot spell from a plain string: name -> (text, LaTeX)
    "dL/dW_1": ("∂L/∂W₁", r"\frac{\partial L}{\partial W_{1}}"),
    "dL/db_1": ("∂L/∂b₁", r"\frac{\partial L}{\partial b_{1}}"),
    "dL/dW_2": ("∂L/∂W₂", r"\frac{\partial L}{\partial W_{2}}"),
    "dL/db_2": ("∂L/∂b₂", r"\frac{\partial L}{\partial b_{2}}"),
    "dL/dz_1": ("∂L/∂z₁", r"\frac{\partial L}{\partial z_{1}}"),
    "dL/dz_2": ("∂L/∂z₂", r"\frac{\partial L}{\partial z_{2}}"),
    "dL/dy": ("∂L/∂y", r"\frac{\partial L}{\partial y}"),
    "dL/dz": ("∂L/∂z", r"\frac{\partial L}{\partial z}"),
    "W_1^+": ("W₁⁺", r"W_{1}^{+}"),
    "b_1^+": ("b₁⁺", r"b_{1}^{+}"),
    "W_2^+": ("W₂⁺", r"W_{2}^{+}"),
    "b_2^+": ("b₂⁺", r"b_{2}^{+}"),
}
SLOPE_PRINTED = {  # f′(z₁) by activation: (text, LaTeX)
    "relu": ("ReLU′(z₁)", r"\operatorname{ReLU}'\left(z_{1}\right)"),
    "leaky_relu": ("LeakyReLU′(z₁)", r"\operatorname{LeakyReLU}'\left(z_{1}\right)"),
    "tanh": ("tanh′(z₁)", r"\tanh'\left(z_{1}\right)"),
    "sigmoid": ("σ′(z₁)", r"\sigma'\left(z_{1}\right)"),
}


def _named(name: str, rows: int = 1, cols: int = 1) -> Named:
    return Named(name, rows, cols, *PRINTED[name])


class _Net:
    """The matrix symbols of a d-h-o network."""

    def __init__(self, d: int, h: int, o: int, hidden: str):
        self.x, self.W1, self.b1 = MatrixSymbol("x", d, 1), MatrixSymbol("W_1", h, d), MatrixSymbol("b_1", h, 1)
        self.z1, self.h = MatrixSymbol("z_1", h, 1), MatrixSymbol("h", h, 1)
        self.W2, self.b2 = MatrixSymbol("W_2", o, h), MatrixSymbol("b_2", o, 1)
        self.z2, self.y, self.t = MatrixSymbol("z_2", o, 1), MatrixSymbol("y", o, 1), MatrixSymbol("t", o, 1)
        self.delta2, self.delta1 = MatrixSymbol("delta_2", o, 1), MatrixSymbol("delta_1", h, 1)
        self.slope = Named(f"{hidden}'(z_1)", h, 1, *SLOPE_PRINTED[hidden])
        self.gW1, self.gb1 = _named("dL/dW_1", h, d), _named("dL/db_1", h, 1)
        self.gW2, self.gb2 = _named("dL/dW_2", o, h), _named("dL/db_2", o, 1)
        self.new = {
            "W1": _named("W_1^+", h, d),
            "b1": _named("b_1^+", h, 1),
            "W2": _named("W_2^+", o, h),
            "b2": _named("b_2^+", o, 1),
        }


@functools.cache
def _net(d: int, h: int, o: int, hidden: str) -> _Net:
    return _Net(d, h, o, hidden)


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


# --- formulas in sentences ------------------------------------------------------------------

_y, _t, _z, _h, _k, _L = sp.symbols("y t z h k L")
_yk, _tk = sp.symbols("y_k t_k")


def _minus(a, b):
    return Ordered(a, -b, evaluate=False)


def _eq(a, b) -> Math:
    return Math(sp.Eq(a, b, evaluate=False))


ERROR = _minus(_y, _t)  # y - t
ALPHA_SAID = shown_number("alpha", ALPHA, True)  # 0.1, as a course writes it
DEFINED = {  # f(z) = ..., as the question states it
    "relu": _eq(ReLU(_z), Maximum(0, _z)),
    "leaky_relu": _eq(LeakyReLU(_z), Maximum(_z, sp.Mul(ALPHA_SAID, _z))),
    "tanh": _eq(sp.tanh(_z), (sp.exp(_z) - sp.exp(-_z)) / (sp.exp(_z) + sp.exp(-_z))),
    "sigmoid": _eq(sigmoid(_z), 1 / (1 + sp.Pow(sp.E, -_z, evaluate=False))),
}
AT_ZERO = {  # the derivative at 0, as PyTorch takes it
    "relu": _eq(ReLUSlope(sp.S.Zero, evaluate=False), sp.S.Zero),
    "leaky_relu": _eq(LeakySlope(sp.S.Zero, evaluate=False), ALPHA_SAID),
}
SLOPE_SAID = {  # the derivative written through the output h
    "tanh": (1 - _h**2, 1 - _z**2),
    "sigmoid": (_h * (1 - _h), _z * (1 - _z)),
}
LOSS_SAID = {
    "mse": _eq(_L, SumOver(sp.S.Half, _minus(_yk, _tk) ** 2, _k)),
    "bce": _eq(_L, SumOver(sp.S.NegativeOne, Ordered(_tk * Ln(_yk), (1 - _tk) * Ln(1 - _yk), evaluate=False), _k)),
    "ce": _eq(_L, SumOver(sp.S.NegativeOne, _tk * Ln(_yk), _k)),
}
LOSS_KEY = {"linear_mse": "mse", "sigmoid_mse": "mse", "sigmoid_bce": "bce", "softmax_ce": "ce"}
NOTE_DELTA = _eq(sp.Symbol("delta"), sp.Mul(Slope(_z), _minus(_t, _y), evaluate=False))  # δ = f′(z)⋅(t - y)
DELTA_MEANS = _eq(sp.Symbol("delta"), _named("dL/dz"))


def _output_delta(output: str, n: _Net):
    """δ₂ as a formula of y and t."""
    error = MatAdd(n.y, MatMul(-1, n.t))
    if output == "sigmoid_mse":
        return HadamardProduct(error, n.y, MatAdd(OneMatrix(*n.y.shape), MatMul(-1, n.y)))
    return error


# --- the solution --------------------------------------------------------------------------------


def _step(title, lhs, formula, values, note=""):
    """A step with the given decimals shown as decimals and the exact value unexpanded."""
    return step(title, lhs, formula, values, decimals=True, expand=False, note=note)


def _settled(done: Step) -> Step:
    """The step with every entry that is 0 but not written so set to 0, so that its decimal is
    not noise (10⁻¹³⁴): σ(2) - 1 + σ(-2) when two sigmoid outputs have opposite pre-activations
    and a column of W₂ repeats a number. sympy cannot prove such a sum 0 (`equals` gives up),
    but evalf can bound it: below 10⁻²⁵ at 30 digits, it is 0 (the numbers of a problem, small
    decimals through σ, tanh and exp, give no nonzero value that small)."""
    entries = list(done.exact)
    settled = [
        sp.S.Zero if not e.is_Number and abs(number(e)) < 1e-9 and abs(e.evalf(30)) < 1e-25 else e for e in entries
    ]
    if settled == entries:
        return done
    return replace(done, exact=sp.ImmutableMatrix(done.exact.rows, done.exact.cols, settled))


def _elementwise(title, lhs, func, name: str, z: sp.ImmutableMatrix, note="") -> Step:
    """lhs = [f(z₁₁); f(z₁₂); ...] with the numbers put in bare (σ(-0.5), not σ((-0.5)))."""
    zs = [sp.Symbol(f"{name}{i}") for i in range(1, z.rows + 1)]
    formula = _column([func(s) for s in zs])
    substituted = formula.xreplace({s: shown_number(str(s), v, True, bare=True) for s, v in zip(zs, z)})
    return Step(title, lhs, formula, substituted, evaluate(formula, dict(zip(zs, z))), note)


def _hidden_step(params: Params, n: _Net, z1: sp.ImmutableMatrix) -> Step:
    return _elementwise(
        T("Hidden activation", "隐藏层的激活值"),
        n.h,
        ACTIVATION[params.hidden],
        "z_1",
        z1,
        T("{f}, applied to each component.", "{f}，对每个分量分别计算。", f=DEFINED[params.hidden]),
    )


def _output_step(params: Params, n: _Net, z2: sp.ImmutableMatrix) -> Step:
    if params.output == "linear_mse":
        return Step(T("Output: linear, the pre-activation itself", "输出：线性输出，即净输入本身"), n.y, n.z2, None, z2)
    if params.output != "softmax_ce":
        return _elementwise(
            T("Output: the sigmoid of each component", "输出：对每个分量取 Sigmoid"),
            n.y,
            sigmoid,
            "z_2",
            z2,
            T("{f}, applied to each component.", "{f}，对每个分量分别计算。", f=DEFINED["sigmoid"]),
        )
    zs = [sp.Symbol(f"z_2{k}") for k in range(1, z2.rows + 1)]
    total = sp.Add(*[sp.exp(s) for s in zs])
    formula = MatMul(1 / total, _column([sp.exp(s) for s in zs]))
    # e^a/(e^a + e^b) = σ(a - b), which evaluates quickly; the last output is 1 minus the others,
    # so that sums the softmax makes 0 (Σₖ δ₂ₖ) are 0 as written
    if z2.rows == 2:
        first = [sigmoid(z2[0] - z2[1])]
    else:
        first = [1 / sp.Add(*[sp.exp(v - u) for v in z2]) for u in list(z2)[:-1]]
    exact = _column([*first, 1 - sp.Add(*first)])
    return step(
        T("Output: softmax over the outputs", "输出：对各输出做 softmax"),
        n.y,
        formula,
        dict(zip(zs, z2)),
        exact=exact,
        decimals=True,
        note=T("The outputs add up to 1.", "各输出之和为 1。"),
    )


def _loss_step(params: Params, y: sp.ImmutableMatrix) -> Step:
    o = len(params.t)
    ys = [sp.Symbol(f"y_{k}") for k in range(1, o + 1)]
    ts = [sp.Symbol(f"t_{k}") for k in range(1, o + 1)]
    values = dict(zip(ys, y)) | dict(zip(ts, params.t))
    if params.output in SQUARED:
        formula = sp.Mul(sp.S.Half, sp.Add(*[_minus(v, t) ** 2 for v, t in zip(ys, ts)], evaluate=False))
        title = T("Loss: half the sum of squared errors", "损失：误差平方和的一半")
        note = T("{L}.", "{L}。", L=LOSS_SAID["mse"])
    elif params.output == "sigmoid_bce":
        formula = -sp.Add(*[t * Ln(v) + (1 - t) * Ln(1 - v) for v, t in zip(ys, ts)])
        title = T("Loss: binary cross-entropy, summed over the outputs", "损失：二元交叉熵，对各输出求和")
        note = T("{L}, natural logarithm.", "{L}，其中 ln 为自然对数。", L=LOSS_SAID["bce"])
    elif sorted(params.t) == [0] * (o - 1) + [1]:
        c = list(params.t).index(1)
        formula, values = -Ln(ys[c]), {ys[c]: y[c]}
        title = T(
            "Loss: cross-entropy, minus the log of the true class's output", "损失：交叉熵，即真实类别输出的对数取负"
        )
        note = T(
            "{L}, natural logarithm; t is one-hot for class {c}, so only its term is left.",
            "{L}，其中 ln 为自然对数；t 是第 {c} 类的 one-hot 向量，只剩这一项。",
            L=LOSS_SAID["ce"],
            c=c + 1,
        )
    else:
        formula = -sp.Add(*[t * Ln(v) for v, t in zip(ys, ts)])
        title = T("Loss: cross-entropy, summed over the outputs", "损失：交叉熵，对各输出求和")
        note = T("{L}, natural logarithm.", "{L}，其中 ln 为自然对数。", L=LOSS_SAID["ce"])
    done = _step(title, _L, formula, values, note=note)
    return replace(done, exact=done.exact.xreplace({a: Ln(*a.args) for a in done.exact.atoms(sp.log)}))


def _delta2_step(params: Params, n: _Net, y: sp.ImmutableMatrix) -> Step:
    dz2, dy = _named("dL/dz_2", *n.z2.shape), _named("dL/dy", *n.y.shape)
    slip = T(
        " As everywhere here, {means}; note 003's {note} is its negative (and goes with a '+' update).",
        "本题中处处取 {means}；笔记 003 的 {note} 是它的相反数（须配合“+”号的更新）。",
        means=DELTA_MEANS,
        note=NOTE_DELTA,
    )
    if params.output == "linear_mse":
        title = T(
            "Output delta: the error, the linear output's derivative being 1",
            "输出层误差项：误差（线性输出的导数为 1）",
        )
        note = T("{dy} and {dz}.", "{dy}，{dz}。", dy=_eq(dy, ERROR), dz=_eq(dz2, dy))
    elif params.output == "sigmoid_mse":
        title = T(
            "Output delta: the error times the sigmoid derivative {s}",
            "输出层误差项：误差乘以 Sigmoid 函数的导数 {s}",
            s=Math(Hadamard(_y, 1 - _y)),
        )
        note = T(
            "{chain} with {dy} and {slope}, the derivative at {z} written through the output.",
            "{chain}，其中 {dy}，{slope}（在 {z} 处求导，用输出来写）。",
            chain=_eq(dz2, Hadamard(dy, SigmoidSlope(n.z2))),
            dy=_eq(dy, ERROR),
            slope=_eq(SigmoidSlope(n.z2), Hadamard(_y, 1 - _y)),
            z=Math(n.z2),
        )
    else:
        if params.output == "sigmoid_bce":
            title = T(
                "Output delta: with the cross-entropy the sigmoid's derivative cancels",
                "输出层误差项：交叉熵与 Sigmoid 的导数相消",
            )
        else:
            title = T(
                "Output delta: with the cross-entropy the softmax's derivative cancels",
                "输出层误差项：交叉熵与 softmax 的导数相消",
            )
        note = T(
            "{delta}, as for logistic and softmax regression.",
            "{delta}，与逻辑回归、Softmax 回归相同。",
            delta=_eq(dz2, ERROR),
        )
    return _step(title, n.delta2, _output_delta(params.output, n), {n.y: y, n.t: _column(params.t)}, note + slip)


def _slope_step(params: Params, n: _Net, z1: sp.ImmutableMatrix, h: sp.ImmutableMatrix) -> Step:
    title = T("Derivative of the hidden activation", "隐藏层激活函数的导数")
    if params.hidden in ("relu", "leaky_relu"):
        below = sp.S.Zero if params.hidden == "relu" else ALPHA_SAID
        note = T(
            "1 where {positive}, {below} where {other}; at 0 it is taken as {at_zero}, as PyTorch does.",
            "{positive} 时为 1，{other} 时为 {below}；在 0 处取 {at_zero}，与 PyTorch 相同。",
            positive=Math(sp.StrictGreaterThan(_z, 0)),
            other=Math(sp.LessThan(_z, 0)),
            below=Math(below),
            at_zero=AT_ZERO[params.hidden],
        )
        return _elementwise(title, n.slope, SLOPE[params.hidden], "z_1", z1, note)
    ones = OneMatrix(*n.h.shape)
    if params.hidden == "tanh":
        formula = MatAdd(ones, MatMul(-1, HadamardProduct(n.h, n.h)))
    else:
        formula = HadamardProduct(n.h, MatAdd(ones, MatMul(-1, n.h)))
    right, wrong = SLOPE_SAID[params.hidden]
    note = T(
        "{slope}: the derivative at {z}, written through the output (not {wrong}).",
        "{slope}：在 {z} 处求导，用输出 h 来写（不是 {wrong}）。",
        slope=_eq(SLOPE[params.hidden](_z), right),
        z=Math(n.z1),
        wrong=Math(wrong),
    )
    return _step(title, n.slope, formula, {n.h: h}, note)


def solve(params: Params) -> Solution:
    d, h, o = params.shape
    n = _net(d, h, o, params.hidden)
    x, b1, b2 = _column(params.x), _column(params.b1), _column(params.b2)
    W1, W2 = sp.ImmutableMatrix(params.W1), sp.ImmutableMatrix(params.W2)

    z1 = _step(
        T("Hidden pre-activation", "隐藏层的净输入"),
        n.z1,
        MatAdd(MatMul(n.W1, n.x), n.b1),
        {n.W1: W1, n.x: x, n.b1: b1},
    )
    hidden = _hidden_step(params, n, z1.exact)
    z2 = _step(
        T("Output pre-activation", "输出层的净输入"),
        n.z2,
        MatAdd(MatMul(n.W2, n.h), n.b2),
        {n.W2: W2, n.h: hidden.exact, n.b2: b2},
    )
    out = _output_step(params, n, z2.exact)
    loss = _loss_step(params, out.exact)
    delta2 = _settled(_delta2_step(params, n, out.exact))
    gW2 = _step(
        T("Gradient of the output weights", "输出层权重的梯度"),
        n.gW2,
        MatMul(n.delta2, n.h.T),
        {n.delta2: delta2.exact, n.h: hidden.exact},
    )
    gb2 = Step(T("Gradient of the output biases", "输出层偏置的梯度"), n.gb2, n.delta2, None, delta2.exact)
    slope = _slope_step(params, n, z1.exact, hidden.exact)
    delta1 = _settled(
        _step(
            T(
                "Hidden delta: back through {WT}, times the derivative {slope}",
                "隐藏层误差项：经 {WT} 反向传回，再乘以导数 {slope}",
                WT=Math(n.W2.T),
                slope=Math(n.slope),
            ),
            n.delta1,
            HadamardProduct(MatMul(n.W2.T, n.delta2), n.slope),
            {n.W2: W2, n.delta2: delta2.exact, n.slope: slope.exact},
            note=T(
                "{chain}: the δ-recursion, each output's delta sent back along the weight that connects it.",
                "{chain}：误差项的反向递推，每个输出的误差项沿连接它的权重传回。",
                chain=_eq(_named("dL/dz_1", h, 1), Hadamard(MatMul(n.W2.T, _named("dL/dz_2", o, 1)), n.slope)),
            ),
        )
    )
    gW1 = _step(
        T("Gradient of the hidden weights", "隐藏层权重的梯度"),
        n.gW1,
        MatMul(n.delta1, n.x.T),
        {n.delta1: delta1.exact, n.x: x},
    )
    gb1 = Step(T("Gradient of the hidden biases", "隐藏层偏置的梯度"), n.gb1, n.delta1, None, delta1.exact)
    olds = {"W1": (n.W1, n.gW1, W1, gW1), "b1": (n.b1, n.gb1, b1, gb1), "W2": (n.W2, n.gW2, W2, gW2)}
    olds["b2"] = (n.b2, n.gb2, b2, gb2)
    updates = {
        name: cls_.descent_step(
            T("Gradient-descent step for {p}", "用梯度下降更新 {p}", p=Math(old)),
            n.new[name],
            old,
            gradient,
            value,
            grad.exact,
            params.eta,
        )
        for name, (old, gradient, value, grad) in olds.items()
    }
    steps = (z1, hidden, z2, out, loss, delta2, gW2, gb2, slope, delta1, gW1, gb1, *updates.values())
    right = {
        "W1_new": _rows(updates["W1"].exact),
        "b1_new": tuple(updates["b1"].exact),
        "W2_new": _rows(updates["W2"].exact),
        "b2_new": tuple(updates["b2"].exact),
    }
    scale = _scale(params, _float_pass(params))
    said = {name: Math(getattr(n, name)) for name in ("z1", "h", "z2", "y", "W1", "b1", "W2", "b2")}
    answers = (
        Answer("z1", T("hidden pre-activations {z}", "隐藏层的净输入 {z}", z=said["z1"]), tuple(z1.exact), VALUE),
        Answer("h", T("hidden activations {h}", "隐藏层的激活值 {h}", h=said["h"]), tuple(hidden.exact), VALUE),
        Answer("z2", T("output pre-activations {z}", "输出层的净输入 {z}", z=said["z2"]), tuple(z2.exact), VALUE),
        Answer("y", T("outputs {y}", "输出 {y}", y=said["y"]), tuple(out.exact), VALUE),
        Answer("loss", T("loss {L}", "损失 {L}", L=Math(_L)), loss.exact, VALUE),
        Answer("delta2", _delta_label(n.delta2, "dL/dz_2", o, T("output", "输出层")), tuple(delta2.exact), VALUE),
        Answer("delta1", _delta_label(n.delta1, "dL/dz_1", h, T("hidden", "隐藏层")), tuple(delta1.exact), VALUE),
        Answer("grad_W2", _gradient_label(n.gW2, n.W2), _rows(gW2.exact), VALUE),
        Answer("grad_b2", _gradient_label(n.gb2), tuple(gb2.exact), VALUE),
        Answer("grad_W1", _gradient_label(n.gW1, n.W1), _rows(gW1.exact), VALUE),
        Answer("grad_b1", _gradient_label(n.gb1), tuple(gb1.exact), VALUE),
        *(
            Answer(f"{p}_new", _updated_label(said[p]), right[f"{p}_new"], UPDATE, scale[f"{p}_new"])
            for p in ("W1", "b1", "W2", "b2")
        ),
    )
    return Solution(_question(params, n), steps, answers)


def _delta_label(delta, name: str, size: int, layer):
    return T(
        "{layer} delta {delta}",
        "{layer}误差项 {delta}",
        layer=layer,
        delta=_eq(delta, _named(name, size, 1)),
    )


def _gradient_label(gradient, weights=None):
    if weights is None:
        return T("gradient {g}", "梯度 {g}", g=Math(gradient))
    return T(
        "gradient {g} (a matrix shaped like {W})",
        "梯度 {g}（与 {W} 形状相同的矩阵）",
        g=Math(gradient),
        W=Math(weights),
    )


def _updated_label(parameter):
    return T("{p} after one gradient-descent step", "梯度下降一步后的 {p}", p=parameter)


def _rows(m: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, m.tolist()))


def _givens(*pairs):
    """(x = [...], t = [...], ...) as one displayed line of equations, decimals as given."""
    return sp.Tuple(*[sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False) for symbol, value in pairs])


def _question(params: Params, n: _Net) -> Question:
    d, h, o = params.shape
    activation = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "tanh": "tanh", "sigmoid": "Sigmoid"}[params.hidden]
    sigmoids = T(
        "{a}sigmoid output{s} {y}",
        "Sigmoid 输出 {y}",
        a="a " if o == 1 else "",
        s="s" if o > 1 else "",
        y=_eq(n.y, sigmoid(n.z2)),
    )
    output = {
        "linear_mse": T("a linear output {y}", "线性输出 {y}", y=_eq(n.y, n.z2)),
        "sigmoid_mse": sigmoids,
        "sigmoid_bce": sigmoids,
        "softmax_ce": T("a softmax output {y}", "softmax 输出 {y}", y=_eq(n.y, Softmax(n.z2))),
    }[params.output]
    loss = {
        "mse": T("the squared error {L}", "均方误差 {L}", L=LOSS_SAID["mse"]),
        "bce": T(
            "the binary cross-entropy {L} (natural logarithm)", "二元交叉熵 {L}（ln 为自然对数）", L=LOSS_SAID["bce"]
        ),
        "ce": T("the cross-entropy {L} (natural logarithm)", "交叉熵 {L}（ln 为自然对数）", L=LOSS_SAID["ce"]),
    }[LOSS_KEY[params.output]]
    if params.hidden in AT_ZERO:
        convention = T(
            " Take {at_zero}, as PyTorch does.", "取 {at_zero}（与 PyTorch 相同）。", at_zero=AT_ZERO[params.hidden]
        )
    else:
        convention = T("", "")
    return Question.of(
        T(
            "A multilayer perceptron has {d} input{ds}, one hidden layer of {h} {act} unit{hs} and {o} output{os}: "
            "{z1}, {hdef} with {f}, {z2}, and {out}. It is trained on {loss} by gradient descent. The input {x}, "
            "the target {t} and the learning rate {eta} are",
            "一个多层感知机有 {d} 个输入、一个含 {h} 个 {act} 神经元的隐藏层和 {o} 个输出：{z1}，{hdef}（{f}），{z2}，"
            "{out}。损失函数为{loss}，用梯度下降法训练。输入 {x}、目标值 {t} 和学习率 {eta} 分别为",
            d=d,
            ds="s" if d > 1 else "",
            h=h,
            hs="s" if h > 1 else "",
            o=o,
            os="s" if o > 1 else "",
            act=activation,
            z1=_eq(n.z1, MatAdd(MatMul(n.W1, n.x), n.b1)),
            hdef=_eq(n.h, WRITTEN[params.hidden](n.z1)),
            f=DEFINED[params.hidden],
            z2=_eq(n.z2, MatAdd(MatMul(n.W2, n.h), n.b2)),
            out=output,
            loss=loss,
            x=Math(n.x),
            t=Math(n.t),
            eta=Math(cls_.ETA),
        ),
        Math(_givens((n.x, _column(params.x)), (n.t, _column(params.t)), (cls_.ETA, params.eta)), display=True),
        T("and the weights and biases are", "权重和偏置分别为"),
        Math(
            _givens(
                (n.W1, sp.ImmutableMatrix(params.W1)),
                (n.b1, _column(params.b1)),
                (n.W2, sp.ImmutableMatrix(params.W2)),
                (n.b2, _column(params.b2)),
            ),
            display=True,
        ),
        T(
            "Compute the forward pass {z1}, {h}, {z2}, {y} and the loss {L}; by backpropagation the deltas {d2} and "
            "{d1} and the gradients of {L} with respect to {W1}, {b1}, {W2} and {b2}; and {W1}, {b1}, {W2} and {b2} "
            "after one step of gradient descent, {rule}.{convention} Keep 4 significant digits in intermediate "
            "results.",
            "求前向传播的 {z1}、{h}、{z2}、{y} 和损失 {L}；用反向传播求误差项 {d2}、{d1}，以及 {L} 对 {W1}、{b1}、"
            "{W2}、{b2} 的梯度；再求梯度下降一步（{rule}）后的 {W1}、{b1}、{W2}、{b2}。{convention}"
            "中间结果保留 4 位有效数字。",
            z1=Math(n.z1),
            h=Math(n.h),
            z2=Math(n.z2),
            y=Math(n.y),
            L=Math(_L),
            d2=_eq(n.delta2, _named("dL/dz_2", o, 1)),
            d1=_eq(n.delta1, _named("dL/dz_1", h, 1)),
            W1=Math(n.W1),
            b1=Math(n.b1),
            W2=Math(n.W2),
            b2=Math(n.b2),
            rule=cls_.DESCENT,
            convention=convention,
        ),
    )


# --- floats: checks and mistakes ------------------------------------------------------------------


def _float_activation(kind: str, z: float) -> float:
    if kind == "relu":
        return max(z, 0.0)
    if kind == "leaky_relu":
        return z if z > 0 else float(ALPHA) * z
    if kind == "tanh":
        return math.tanh(z)
    return cls_.float_sigmoid(z)


def _float_forward(params: Params):
    """(z₁, h, z₂, y) in floats."""
    x = [float(v) for v in params.x]
    z1 = [sum(float(w) * v for w, v in zip(row, x)) + float(b) for row, b in zip(params.W1, params.b1)]
    h = [_float_activation(params.hidden, z) for z in z1]
    z2 = [sum(float(w) * v for w, v in zip(row, h)) + float(b) for row, b in zip(params.W2, params.b2)]
    if params.output == "linear_mse":
        y = list(z2)
    elif params.output == "softmax_ce":
        y = cls_.float_softmax(z2)
    else:
        y = [cls_.float_sigmoid(z) for z in z2]
    return z1, h, z2, y


def _softplus(v: float) -> float:
    """ln(1 + e^v), finite for any v: -ln σ(z) = softplus(-z), -ln(1 - σ(z)) = softplus(z)."""
    return max(v, 0.0) + math.log1p(math.exp(-abs(v)))


def _float_pass(
    params: Params,
    *,
    sign: float = 1.0,
    half: float = 1.0,
    hidden_slope: str = "right",
    output_slope: str = "right",
    transposed: bool = True,
) -> dict:
    """Every answer in floats, with one thing done the way a mistake does it: δ₂'s sign (note 003),
    the squared error without its ½ (loss and δ₂ doubled), the hidden derivative left out
    ('none'), taken at z ('preactivation') or taken as 1 at z = 0 ('zero_one'), σ′ of the output
    taken at z, or δ₂ sent back through W₂ instead of W₂ᵀ."""
    z1, h, z2, y = _float_forward(params)
    t = [float(v) for v in params.t]
    if params.output in SQUARED:
        loss = half * 0.5 * sum((a - b) ** 2 for a, b in zip(y, t))
    elif params.output == "sigmoid_bce":
        loss = sum(b * _softplus(-z) + (1 - b) * _softplus(z) for z, b in zip(z2, t))
    else:
        top = max(z2)
        lse = top + math.log(sum(math.exp(z - top) for z in z2))
        loss = -sum(b * (z - lse) for z, b in zip(z2, t))
    delta2 = [a - b for a, b in zip(y, t)]
    if params.output == "sigmoid_mse":
        slopes = [z * (1 - z) if output_slope == "preactivation" else a * (1 - a) for z, a in zip(z2, y)]
        delta2 = [e * s for e, s in zip(delta2, slopes)]
    delta2 = [sign * half * e for e in delta2]
    W2 = [[float(w) for w in row] for row in params.W2]
    if transposed:
        back = [sum(W2[k][j] * delta2[k] for k in range(len(delta2))) for j in range(len(h))]
    else:  # W₂ δ₂: only when W₂ is square
        back = [sum(W2[j][k] * delta2[k] for k in range(len(delta2))) for j in range(len(h))]
    exact_z1 = _exact_z1(params)
    slopes = [_float_slope(params.hidden, hidden_slope, zf, z, a) for zf, z, a in zip(exact_z1, z1, h)]
    delta1 = [b * s for b, s in zip(back, slopes)]
    x = [float(v) for v in params.x]
    grads = {
        "grad_W2": [[e * a for a in h] for e in delta2],
        "grad_b2": delta2,
        "grad_W1": [[e * v for v in x] for e in delta1],
        "grad_b1": delta1,
    }
    out = {"z1": z1, "h": h, "z2": z2, "y": y, "loss": loss, "delta2": delta2, "delta1": delta1} | grads
    eta = float(params.eta)
    for p in ("W1", "b1", "W2", "b2"):
        out[f"{p}_new"] = _minus_step(getattr(params, p), grads[f"grad_{p}"], eta)
    return out


def _float_slope(kind: str, how: str, exact_z: Fraction, z: float, a: float) -> float:
    """f′ at one unit: right, 'none' (1), 'preactivation' (1 - z², z(1 - z)) or 'zero_one'."""
    if how == "none":
        return 1.0
    if kind in ("relu", "leaky_relu"):
        below = 0.0 if kind == "relu" else float(ALPHA)
        return 1.0 if exact_z > 0 or (how == "zero_one" and exact_z == 0) else below
    if kind == "tanh":
        return 1 - z * z if how == "preactivation" else 1 - a * a
    return z * (1 - z) if how == "preactivation" else a * (1 - a)


def _minus_step(values, gradient, eta: float):
    if isinstance(values[0], tuple):
        return [[float(w) - eta * g for w, g in zip(row, gr)] for row, gr in zip(values, gradient)]
    return [float(w) - eta * g for w, g in zip(values, gradient)]


def _flat(value) -> list:
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in _flat(item)]
    return [value]


def _floats(value):
    if isinstance(value, (list, tuple)):
        return [_floats(v) for v in value]
    return float(value)


def _scale(params: Params, right: dict) -> dict:
    """|η·∂L/∂θ| entry by entry, from the updated values: what an update's tolerance is taken of."""

    def size(new, old):
        if isinstance(new, list):
            return [size(a, b) for a, b in zip(new, old)]
        return abs(new - float(old))

    return {f"{p}_new": size(right[f"{p}_new"], getattr(params, p)) for p in ("W1", "b1", "W2", "b2")}


ANSWERS = (
    "z1",
    "h",
    "z2",
    "y",
    "loss",
    "delta2",
    "delta1",
    "grad_W2",
    "grad_b2",
    "grad_W1",
    "grad_b1",
    "W1_new",
    "b1_new",
    "W2_new",
    "b2_new",
)
GRADIENTS = ("grad_W2", "grad_b2", "grad_W1", "grad_b1")
UPDATES = ("W1_new", "b1_new", "W2_new", "b2_new")
BACKWARD = ("loss", "delta2", "delta1", *GRADIENTS, *UPDATES)

SQUARE_W2, SQUARE_DELTA2 = MatrixSymbol("W_2", 2, 2), MatrixSymbol("delta_2", 2, 1)  # in sentences
MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "seed_delta_sign": T("note 003's δ sign with the minus update", "照搬笔记 003 的 δ 符号，却用减号更新"),
    "derivative_of_preactivation": T(
        "activation derivative written with z instead of the output", "激活函数的导数用净输入 z 代替了输出来写"
    ),
    "relu_derivative_at_zero_one": T("derivative at z = 0 taken as 1", "把 z = 0 处的导数取成了 1"),
    "missing_hidden_derivative": T(
        "hidden delta without the activation's derivative", "隐藏层误差项漏乘了激活函数的导数"
    ),
    "forgot_half_in_mse": T("squared-error loss without its {half}", "均方误差漏了系数 {half}", half=Math(sp.S.Half)),
    "W_not_transposed": T(
        "delta sent back through {W} instead of {WT}",
        "误差项经 {W} 而不是 {WT} 反向传回",
        W=Math(SQUARE_W2),
        WT=Math(SQUARE_W2.T),
    ),
    "no_update": cls_.NO_UPDATE_LABEL,
}


def _candidates(params: Params, right: dict) -> dict:
    """{name: every answer in floats as the mistake gives it} for each mistake this network can
    show (those that move no answer are left out by `shown_mistakes`)."""
    found = {"seed_delta_sign": _float_pass(params, sign=-1.0)}
    curved = params.hidden in ("tanh", "sigmoid")
    if curved or params.output == "sigmoid_mse":
        found["derivative_of_preactivation"] = _float_pass(
            params,
            hidden_slope="preactivation" if curved else "right",
            output_slope="preactivation" if params.output == "sigmoid_mse" else "right",
        )
    if not curved and 0 in _exact_z1(params):
        found["relu_derivative_at_zero_one"] = _float_pass(params, hidden_slope="zero_one")
    found["missing_hidden_derivative"] = _float_pass(params, hidden_slope="none")
    if params.output in SQUARED:
        found["forgot_half_in_mse"] = _float_pass(params, half=2.0)
    d, h, o = params.shape
    if h == o:
        found["W_not_transposed"] = _float_pass(params, transposed=False)
    found["no_update"] = {f"{p}_new": _floats(getattr(params, p)) for p in ("W1", "b1", "W2", "b2")}
    return {name: {a: wrong[a] for a in BACKWARD if a in wrong} for name, wrong in found.items()}


def _messages(params: Params) -> dict:
    d, h, o = params.shape
    n = _net(d, h, o, params.hidden)
    curved = params.hidden in ("tanh", "sigmoid")
    pairs = []
    if curved:
        right, wrong = SLOPE_SAID[params.hidden]
        pairs.append((SLOPE[params.hidden](_z), right, wrong))
    if params.output == "sigmoid_mse":
        right, wrong = SLOPE_SAID["sigmoid"]
        pairs.append((SigmoidSlope(_z), right.subs(_h, _y), wrong))
    said = [
        T("{right}, not {wrong}", "{right}，而不是 {wrong}", right=_eq(f, right), wrong=Math(wrong))
        for f, right, wrong in pairs
    ]
    at_zero = AT_ZERO.get(params.hidden, AT_ZERO["relu"])
    return {
        "seed_delta_sign": T(
            "here {means}, so {delta}; note 003's {note} is its negative, which goes with the update {plus}: "
            "with the minus sign of gradient descent it climbs the loss",
            "这里 {means}，所以 {delta}；笔记 003 的 {note} 是它的相反数，须配合更新 {plus} 使用："
            "再用梯度下降的减号，损失反而增大",
            means=DELTA_MEANS,
            delta=_eq(n.delta2, Hadamard(ERROR, _y, 1 - _y) if params.output == "sigmoid_mse" else ERROR),
            note=NOTE_DELTA,
            plus=_eq(n.new["W2"], MatAdd(n.W2, MatMul(cls_.ETA, n.delta2, n.h.T))),
        ),
        "derivative_of_preactivation": T(
            "the derivative is taken at the pre-activation z but written through the output: {pairs}",
            "导数在净输入 z 处求值，但要用输出来写：{pairs}",
            pairs=join(said, T("; ", "；")),
        ),
        "relu_derivative_at_zero_one": T(
            "at a pre-activation of exactly 0 the derivative is taken as {at_zero} (as PyTorch does), not 1",
            "净输入恰为 0 时导数取 {at_zero}（与 PyTorch 相同），而不是 1",
            at_zero=at_zero,
        ),
        "missing_hidden_derivative": T(
            "backpropagating into the hidden layer needs the activation's derivative: {rule}",
            "反向传播到隐藏层时还要乘以激活函数的导数：{rule}",
            rule=_eq(n.delta1, Hadamard(MatMul(n.W2.T, n.delta2), n.slope)),
        ),
        "forgot_half_in_mse": T(
            "the squared-error loss is {L}, so {dy}, not {wrong}",
            "均方误差为 {L}，所以 {dy}，而不是 {wrong}",
            L=LOSS_SAID["mse"],
            dy=_eq(_named("dL/dy"), ERROR),
            wrong=Math(sp.Mul(2, ERROR, evaluate=False)),
        ),
        "W_not_transposed": T(
            "the deltas go back through the transpose: {right}, not {wrong}",
            "误差项要经转置矩阵反向传回：{right}，而不是 {wrong}",
            right=Math(MatMul(SQUARE_W2.T, SQUARE_DELTA2)),
            wrong=Math(MatMul(SQUARE_W2, SQUARE_DELTA2)),
        ),
        "no_update": cls_.NO_UPDATE_MESSAGE,
    }


def mistakes(params: Params, solution) -> list[Mistake]:
    right = _float_pass(params)
    messages = _messages(params)
    candidates = [Mistake(name, messages[name], answers) for name, answers in _candidates(params, right).items()]
    return shown_mistakes(candidates, solution)
