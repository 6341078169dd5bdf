"""Backpropagation through a two-layer sigmoid network, and one gradient-descent step.

Forward (σ the logistic sigmoid, applied elementwise):
    z₁ = W₁ x + b₁,   h = σ(z₁),   z₂ = W₂ h + b₂,   y = σ(z₂)
Loss, summed over the outputs:
    mse:  L = ½ Σ_k (y_k - t_k)²
    bce:  L = -Σ_k [t_k ln y_k + (1 - t_k) ln(1 - y_k)]
Backward (⊙ the elementwise product, σ'(z) = σ(z)(1 - σ(z))):
    δ₂ = ∂L/∂z₂ = (y - t) ⊙ y ⊙ (1 - y)     (mse)
    δ₂ = ∂L/∂z₂ = y - t                      (bce: the y(1 - y) cancels)
    ∂L/∂W₂ = δ₂ hᵀ,   ∂L/∂b₂ = δ₂
    δ₁ = ∂L/∂z₁ = (W₂ᵀ δ₂) ⊙ h ⊙ (1 - h)
    ∂L/∂W₁ = δ₁ xᵀ,   ∂L/∂b₁ = δ₁
One step of gradient descent with learning rate η:
    W₁⁺ = W₁ - η ∂L/∂W₁,   W₂⁺ = W₂ - η ∂L/∂W₂
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import sympy as sp
from sympy import HadamardProduct, MatAdd, MatMul, MatrixSymbol, OneMatrix

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.evaluate import evaluate
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, shown_number, step
from exercises.core.symbols import Hadamard, Ln, Named, Ordered, SigmoidSlope, SumOver, sigmoid

TITLE = "Backpropagation in a sigmoid network"
DESCRIPTION = "Forward pass, MSE or cross-entropy loss, backpropagated gradients and one descent step of a sigmoid net."
TITLE_ZH = "Sigmoid 网络的反向传播"
DESCRIPTION_ZH = "前向传播、MSE 或交叉熵损失、反向传播的梯度，以及 Sigmoid 网络的一步梯度下降。"
CODING_TASK = "mlp_backprop"

LOSSES = ("mse", "bce")
LOSS_ALIASES = {
    "squared_error": "mse",
    "l2": "mse",
    "cross_entropy": "bce",
    "binary_cross_entropy": "bce",
    "log_loss": "bce",
}
LIMIT = 100
ENTRY = T("numbers between -{n} and {n}", "元素取值在 -{n} 到 {n} 之间", n=LIMIT)


def _vector_form(lengths: str, example: str):
    return T(
        "a list of {lengths} {entry}, e.g. {example}",
        "长度为 {lengths} 的列表，{entry}，例如 {example}",
        lengths=lengths,
        entry=ENTRY,
        example=example,
    )


def _matrix_form(rows: str, example: str):
    return T(
        "a matrix (list of rows) of {rows} rows and 1-4 columns of {entry}, e.g. {example}",
        "{rows} 行、1-4 列的矩阵（按行写成的列表），{entry}，例如 {example}",
        rows=rows,
        entry=ENTRY,
        example=example,
    )


FORMS = {
    "x": _vector_form("1-4", "[0.5, -1]"),
    "W1": _matrix_form("1-4", "[[0.1, -0.2], [0.3, 0.4]]"),
    "b1": _vector_form("1-4", "[0, 0.1]"),
    "W2": _matrix_form("1-3", "[[0.5, -0.3]]"),
    "b2": _vector_form("1-3", "[0.2]"),
    "target": _vector_form("1-3", "[1]"),
    "lr": T("a number in (0, 10], e.g. 0.1", "(0, 10] 中的一个数，例如 0.1"),
}
PARAMETERS = {  # what `mlexam solve sigmoid_backprop` takes
    **FORMS,
    "loss": T(
        "{losses} (any case; also {aliases})",
        "{losses}（不区分大小写；也可写作 {aliases}）",
        losses=join(LOSSES, T(" or ", " 或 ")),
        aliases=join(LOSS_ALIASES),
    ),
}
NAMES = ("x", "W1", "b1", "W2", "b2", "target", "lr", "loss")

ACTIVATION = Check(abs_tol=0.001)
LOSS = Check(abs_tol=0.001, rel_tol=0.005)
GRADIENT = Check(abs_tol=0.0005, rel_tol=0.01)


# --- parameters ---------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    x: tuple  # d
    W1: tuple  # h x d
    b1: tuple  # h
    W2: tuple  # o x h
    b2: tuple  # o
    target: tuple  # o
    lr: sp.Rational
    loss: str  # "mse" or "bce"

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.x), len(self.W1), len(self.W2)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES)
        bounds = dict(low=-LIMIT, high=LIMIT)
        x = read.vector("x", raw["x"], FORMS["x"], (1, 4), **bounds)
        W1 = read.matrix("W1", raw["W1"], FORMS["W1"], rows=(1, 4), cols=(1, 4), **bounds)
        d, h = len(x), len(W1)
        if len(W1[0]) != d:
            raise ParamError(
                T(
                    "parameter 'W1' must be a {h} x {d} matrix (one column per entry of x, "
                    "which has length {d}); got {h} x {got}.",
                    "参数 'W1' 应为 {h} x {d} 的矩阵（每列对应 x 的一个分量，x 的长度为 {d}）；实际为 {h} x {got}。",
                    h=h,
                    d=d,
                    got=len(W1[0]),
                )
            )
        b1 = read.vector("b1", raw["b1"], FORMS["b1"], (1, 4), **bounds)
        if len(b1) != h:
            raise ParamError(
                T(
                    "parameter 'b1' must be a list of length {h} (one bias per row of W1); got length {got}.",
                    "参数 'b1' 应为长度 {h} 的列表（W1 的每一行对应一个偏置）；实际长度为 {got}。",
                    h=h,
                    got=len(b1),
                )
            )
        W2 = read.matrix("W2", raw["W2"], FORMS["W2"], rows=(1, 3), cols=(1, 4), **bounds)
        o = len(W2)
        if len(W2[0]) != h:
            raise ParamError(
                T(
                    "parameter 'W2' must be a {o} x {h} matrix (one column per hidden unit, "
                    "W1 has {h} rows); got {o} x {got}.",
                    "参数 'W2' 应为 {o} x {h} 的矩阵（每列对应一个隐藏单元，W1 有 {h} 行）；实际为 {o} x {got}。",
                    o=o,
                    h=h,
                    got=len(W2[0]),
                )
            )
        b2 = read.vector("b2", raw["b2"], FORMS["b2"], (1, 3), **bounds)
        if len(b2) != o:
            raise ParamError(
                T(
                    "parameter 'b2' must be a list of length {o} (one bias per row of W2); got length {got}.",
                    "参数 'b2' 应为长度 {o} 的列表（W2 的每一行对应一个偏置）；实际长度为 {got}。",
                    o=o,
                    got=len(b2),
                )
            )
        target = read.vector("target", raw["target"], FORMS["target"], (1, 3), **bounds)
        if len(target) != o:
            raise ParamError(
                T(
                    "parameter 'target' must be a list of length {o} (one per output, W2 has {o} rows); "
                    "got length {got}.",
                    "参数 'target' 应为长度 {o} 的列表（每个输出一个目标值，W2 有 {o} 行）；实际长度为 {got}。",
                    o=o,
                    got=len(target),
                )
            )
        lr = read.number("lr", raw["lr"], FORMS["lr"], 0, 10)
        if lr == 0:
            raise ParamError(
                T("parameter 'lr' must be {form}; got 0.", "参数 'lr' 应为：{form}；实际为 0。", form=FORMS["lr"])
            )
        loss = read.choice("loss", raw["loss"], LOSSES, LOSS_ALIASES)
        if loss == "bce" and any(not 0 <= t <= 1 for t in target):
            raise ParamError(
                T(
                    "parameter 'target' must lie in [0, 1] for the cross-entropy loss 'bce'.",
                    "使用交叉熵损失 'bce' 时，参数 'target' 的取值必须在 [0, 1] 内。",
                )
            )
        params = cls(x, W1, b1, W2, b2, target, lr, loss)
        _check_saturation(params)
        return params

    def to_json(self) -> dict:
        return {name: read.to_json(getattr(self, name)) for name in NAMES}


SATURATED = 30  # |z| beyond this: 1 - σ(|z|) < 1e-13, the gradients vanish


def _check_saturation(params: Params) -> None:
    """A pre-activation outside [-30, 30] saturates its sigmoid: nothing is left to learn
    there, and 1 - σ(z) cannot be told from 0 in 13 digits."""
    z1 = [sum(w * xi for w, xi in zip(row, params.x)) + b for row, b in zip(params.W1, params.b1)]
    h, _ = _float_forward(params)
    z2 = [sum(float(w) * hi for w, hi in zip(row, h)) + float(b) for row, b in zip(params.W2, params.b2)]
    units = ((1, z1, T("hidden unit", "隐藏单元")), (2, z2, T("output", "输出单元")))
    for layer, zs, who in units:
        for i, z in enumerate(zs, 1):
            if abs(z) > SATURATED:
                raise ParamError(
                    T(
                        "the pre-activation z{layer} of {who} {i} is {z:.4g}, outside [-{limit}, {limit}], "
                        "where the sigmoid is saturated and the gradients vanish; "
                        "use smaller inputs, weights or biases.",
                        "第 {i} 个{who}的净输入 z{layer} 为 {z:.4g}，超出了 [-{limit}, {limit}]，"
                        "Sigmoid 函数在此已饱和，梯度消失；请减小输入、权重或偏置。",
                        layer=layer,
                        who=who,
                        i=i,
                        z=float(z),
                        limit=SATURATED,
                    )
                )


# --- generation ---------------------------------------------------------------------


def _weight(dice):
    return sp.Rational(dice.nonzero_decimal(-1, 1))


def generate(dice, difficulty: str) -> Params:
    """easy: d 1-2, one hidden unit, one output, mse, lr 0.1/0.5/1;
    medium: d 2, h 2, o 1, mse or bce; hard: d 2-3, h 2-3, o 1-2, mse or bce.
    Weights are nonzero multiples of 0.1 in [-1, 1], biases multiples of 0.1 in
    [-1, 1], inputs nonzero multiples of 0.1 in [-1, 1] (hard: sometimes small
    integers), targets 0 or 1 (mse on medium/hard: sometimes a multiple of 0.1).
    A draw whose gradients would all pass as zero is drawn again (see `_usable`)."""
    params = _draw(dice, difficulty)
    if not _usable(params):
        raise Redraw("a gradient too small to tell from zero")
    return params


def _usable(params: Params) -> bool:
    """Every gradient answer has an entry of at least 4x its tolerance, so that
    answering zeros (or forgetting a layer) does not pass; and so has each step
    lr·dL/dW, so that the unchanged weights do not pass as the updated ones."""
    result = _float_backprop(params)
    steps = {name: [float(params.lr) * v for v in _flat(result[name])] for name in ("grad_W1", "grad_W2")}
    return all(
        max(abs(v) for v in _flat(value)) >= 4 * GRADIENT.abs_tol
        for value in [result[name] for name in ("grad_W1", "grad_b1", "grad_W2", "grad_b2")] + list(steps.values())
    )


def _flat(value) -> list:
    return [v for row in value for v in (row if isinstance(row, list) else [row])]


def _draw(dice, difficulty: str) -> Params:
    if difficulty == "easy":
        d, h, o = dice.integer(1, 2), 1, 1
        loss, lr = "mse", dice.choice(("0.1", "0.5", "1"))
    else:
        d, h, o = (2, 2, 1) if difficulty == "medium" else (dice.integer(2, 3), dice.integer(2, 3), dice.integer(1, 2))
        loss, lr = dice.choice(LOSSES), dice.choice(("0.05", "0.1", "0.2", "0.5", "1"))
    if difficulty == "hard" and dice.integer(0, 2) == 0:
        x = tuple(sp.Integer(dice.choice((-2, -1, 1, 2))) for _ in range(d))
    else:
        x = tuple(_weight(dice) for _ in range(d))
    W1 = tuple(tuple(_weight(dice) for _ in range(d)) for _ in range(h))
    b1 = tuple(sp.Rational(dice.decimal(-1, 1)) for _ in range(h))
    W2 = tuple(tuple(_weight(dice) for _ in range(h)) for _ in range(o))
    b2 = tuple(sp.Rational(dice.decimal(-1, 1)) for _ in range(o))
    if loss == "mse" and difficulty != "easy" and dice.integer(0, 2) == 0:
        target = tuple(sp.Rational(dice.decimal(0, 1)) for _ in range(o))
    else:
        target = tuple(sp.Integer(dice.integer(0, 1)) for _ in range(o))
    return Params(x, W1, b1, W2, b2, target, sp.Rational(lr), loss)


# --- symbols ------------------------------------------------------------------------

PRINTED = {  # matrix symbols sympy cannot spell from a plain string: name -> (text, LaTeX)
    "dL/dW_1": ("∂L/∂W₁", r"\frac{\partial L}{\partial W_{1}}"),
    "dL/db_1": ("∂L/∂b₁", r"\frac{\partial L}{\partial b_{1}}"),
    "dL/dW_2": ("∂L/∂W₂", r"\frac{\partial L}{\partial W_{2}}"),
    "dL/db_2": ("∂L/∂b₂", r"\frac{\partial L}{\partial b_{2}}"),
    "W_1^+": ("W₁⁺", r"W_{1}^{+}"),
    "W_2^+": ("W₂⁺", r"W_{2}^{+}"),
    # in sentences
    "dL/dy": ("∂L/∂y", r"\frac{\partial L}{\partial y}"),
    "dL/dz_1": ("∂L/∂z₁", r"\frac{\partial L}{\partial z_{1}}"),
    "dL/dz_2": ("∂L/∂z₂", r"\frac{\partial L}{\partial z_{2}}"),
    "dL/dW": ("∂L/∂W", r"\frac{\partial L}{\partial W}"),
    "W^+": ("W⁺", r"W^{+}"),
}


def _named(name: str, rows: int = 1, cols: int = 1) -> Named:
    return Named(name, rows, cols, *PRINTED[name])


class _Net:
    """The matrix symbols of a network with d inputs, h hidden units and o outputs."""

    def __init__(self, d: int, h: int, o: int):
        self.x, self.W1 = MatrixSymbol("x", d, 1), MatrixSymbol("W_1", h, d)
        self.b1 = MatrixSymbol("b_1", h, 1)
        self.z1, self.h = MatrixSymbol("z_1", h, 1), MatrixSymbol("h", h, 1)
        self.W2, self.b2 = MatrixSymbol("W_2", o, h), MatrixSymbol("b_2", o, 1)
        self.z2, self.y, self.t = MatrixSymbol("z_2", o, 1), MatrixSymbol("y", o, 1), MatrixSymbol("t", o, 1)
        self.delta2, self.delta1 = MatrixSymbol("delta_2", o, 1), MatrixSymbol("delta_1", h, 1)
        self.gW1, self.gb1 = _named("dL/dW_1", h, d), _named("dL/db_1", h, 1)
        self.gW2, self.gb2 = _named("dL/dW_2", o, h), _named("dL/db_2", o, 1)
        self.W1_new, self.W2_new = _named("W_1^+", h, d), _named("W_2^+", o, h)
        self.eta = sp.Symbol("eta")


@functools.cache
def _net(d: int, h: int, o: int) -> _Net:
    return _Net(d, h, o)


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _step(title, lhs, formula, values, note=""):
    """A step with the numbers shown as decimals where the course gives decimals, and the
    exact value unexpanded (the sums and products the formula says)."""
    return step(title, lhs, formula, values, decimals=True, expand=False, note=note)


def _elementwise_sigmoid(title, lhs, name: str, z: sp.ImmutableMatrix):
    """lhs = [σ(z_11); σ(z_12); ...] with the z values put in (as bare numbers:
    σ's own parentheses suffice, σ(-0.28) rather than σ((-0.28)))."""
    zs = [sp.Symbol(f"{name}{i}") for i in range(1, z.rows + 1)]
    formula = _column([sigmoid(s) for s in zs])
    substituted = formula.xreplace({s: shown_number(str(s), v, True, bare=True) for s, v in zip(zs, z)})
    return Step(
        title,
        lhs,
        formula,
        substituted,
        evaluate(formula, dict(zip(zs, z))),
        T("{f}, applied to each component.", "{f}，对每个分量分别计算。", f=SIGMOID),
    )


# --- formulas in sentences ------------------------------------------------------------


def _minus(a, b):
    return Ordered(a, -b, evaluate=False)


_y, _t, _h, _z, _k = sp.symbols("y t h z k")
_yk, _tk = sp.symbols("y_k t_k")
ERROR = _minus(_y, _t)  # y - t
SIGMOID = Math(sp.Eq(sigmoid(_z), 1 / (1 + sp.Pow(sp.E, -_z, evaluate=False)), evaluate=False))
LOSSES_SAID = {  # L = ½ Σₖ (yₖ - tₖ)², L = -Σₖ [tₖ ln yₖ + (1 - tₖ) ln(1 - yₖ)]
    "mse": Math(sp.Eq(sp.Symbol("L"), SumOver(sp.S.Half, _minus(_yk, _tk) ** 2, _k), evaluate=False)),
    "bce": Math(
        sp.Eq(
            sp.Symbol("L"),
            SumOver(sp.S.NegativeOne, Ordered(_tk * Ln(_yk), (1 - _tk) * Ln(1 - _yk), evaluate=False), _k),
            evaluate=False,
        )
    ),
}


def _slope(v):
    """v(1 - v), the sigmoid's derivative written through its output v."""
    return v * (1 - v)


_W = MatrixSymbol("W", 1, 1)
DESCENT = Math(  # W⁺ = W - η⋅∂L/∂W
    sp.Eq(_named("W^+"), MatAdd(_W, MatMul(-1, sp.Symbol("eta"), _named("dL/dW"))), evaluate=False)
)


# --- the solution -------------------------------------------------------------------


def _loss_step(params: Params, y: sp.ImmutableMatrix):
    o = len(params.target)
    ys = [sp.Symbol(f"y_{k}") for k in range(1, o + 1)]
    ts = [sp.Symbol(f"t_{k}") for k in range(1, o + 1)]
    if params.loss == "mse":
        formula = sp.Rational(1, 2) * sp.Add(*[(t - v) ** 2 for v, t in zip(ys, ts)])
        title = T("Loss: half the sum of squared errors", "损失：误差平方和的一半")
        note = T("{L}.", "{L}。", L=LOSSES_SAID["mse"])
    else:
        formula = -sp.Add(*[t * Ln(v) + (1 - t) * Ln(1 - v) for v, t in zip(ys, ts)])
        title = T("Loss: binary cross-entropy, summed over the outputs", "损失：二元交叉熵，对各输出求和")
        note = T("{L}, natural logarithm.", "{L}，其中 ln 为自然对数。", L=LOSSES_SAID["bce"])
    values = dict(zip(ys, y)) | dict(zip(ts, params.target))
    return _step(title, sp.Symbol("L"), formula, values, note=note)


def solve(params: Params) -> Solution:
    d, h, o = params.shape
    n = _net(d, h, o)
    x, b1, b2, t = (_column(v) for v in (params.x, params.b1, params.b2, params.target))
    W1, W2 = sp.ImmutableMatrix(params.W1), sp.ImmutableMatrix(params.W2)
    ones = {"h": OneMatrix(h, 1), "o": OneMatrix(o, 1)}
    dz1, dz2, dy = _named("dL/dz_1", h, 1), _named("dL/dz_2", o, 1), _named("dL/dy", o, 1)

    z1 = _step(
        T("Hidden pre-activation", "隐藏层的净输入"),
        n.z1,
        MatAdd(MatMul(n.W1, n.x), n.b1),
        {n.W1: W1, n.x: x, n.b1: b1},
    )
    hidden = _elementwise_sigmoid(T("Hidden activation", "隐藏层的激活值"), n.h, "z_1", z1.exact)
    z2 = _step(
        T("Output pre-activation", "输出层的净输入"),
        n.z2,
        MatAdd(MatMul(n.W2, n.h), n.b2),
        {n.W2: W2, n.h: hidden.exact, n.b2: b2},
    )
    out = _elementwise_sigmoid(T("Output", "输出层的输出"), n.y, "z_2", z2.exact)
    loss = _loss_step(params, out.exact)

    y_minus_t = MatAdd(n.y, MatMul(-1, n.t))
    if params.loss == "mse":
        delta2 = _step(
            T(
                "Output delta: the error times the sigmoid derivative {s}",
                "输出层误差项：误差乘以 Sigmoid 函数的导数 {s}",
                s=Math(Hadamard(_y, 1 - _y)),
            ),
            n.delta2,
            HadamardProduct(y_minus_t, n.y, MatAdd(ones["o"], MatMul(-1, n.y))),
            {n.y: out.exact, n.t: t},
            note=T(
                "{chain} with {dy} and {slope}.",
                "{chain}，其中 {dy}，{slope}。",
                chain=Math(sp.Eq(dz2, Hadamard(dy, SigmoidSlope(n.z2)), evaluate=False)),
                dy=Math(sp.Eq(dy, ERROR, evaluate=False)),
                slope=Math(sp.Eq(SigmoidSlope(n.z2), Hadamard(_y, 1 - _y), evaluate=False)),
            ),
        )
    else:
        delta2 = _step(
            T("Output delta: the sigmoid derivative cancels", "输出层误差项：Sigmoid 函数的导数被约去"),
            n.delta2,
            y_minus_t,
            {n.y: out.exact, n.t: t},
            note=T(
                "{dy} and {slope}: the {s} cancels, so {delta}.",
                "{dy}，而 {slope}：两者相乘时 {s} 被约去，所以 {delta}。",
                dy=Math(sp.Eq(dy, ERROR / _slope(_y), evaluate=False)),
                slope=Math(sp.Eq(SigmoidSlope(n.z2), _slope(_y), evaluate=False)),
                s=Math(_slope(_y)),
                delta=Math(sp.Eq(dz2, ERROR, evaluate=False)),
            ),
        )
    gW2 = _step(
        T("Gradient of the output weights", "输出层权重的梯度"),
        n.gW2,
        MatMul(n.delta2, n.h.T),
        {n.delta2: delta2.exact, n.h: hidden.exact},
    )
    gb2 = Step(T("Gradient of the output biases", "输出层偏置的梯度"), n.gb2, n.delta2, None, delta2.exact)
    delta1 = _step(
        T(
            "Hidden delta: back through {W}, times the sigmoid derivative {s}",
            "隐藏层误差项：经 {W} 反向传回，再乘以 Sigmoid 函数的导数 {s}",
            W=Math(n.W2),
            s=Math(Hadamard(_h, 1 - _h)),
        ),
        n.delta1,
        HadamardProduct(MatMul(n.W2.T, n.delta2), n.h, MatAdd(ones["h"], MatMul(-1, n.h))),
        {n.W2: W2, n.delta2: delta2.exact, n.h: hidden.exact},
        note=T(
            "{chain} with {slope}.",
            "{chain}，其中 {slope}。",
            chain=Math(sp.Eq(dz1, Hadamard(MatMul(n.W2.T, dz2), SigmoidSlope(n.z1)), evaluate=False)),
            slope=Math(sp.Eq(SigmoidSlope(n.z1), Hadamard(_h, 1 - _h), evaluate=False)),
        ),
    )
    gW1 = _step(
        T("Gradient of the hidden weights", "隐藏层权重的梯度"),
        n.gW1,
        MatMul(n.delta1, n.x.T),
        {n.delta1: delta1.exact, n.x: x},
    )
    gb1 = Step(T("Gradient of the hidden biases", "隐藏层偏置的梯度"), n.gb1, n.delta1, None, delta1.exact)
    W1_new = _step(
        T("Gradient-descent step for {W}", "用梯度下降更新 {W}", W=Math(n.W1)),
        n.W1_new,
        MatAdd(n.W1, MatMul(-1, n.eta, n.gW1)),
        {n.W1: W1, n.eta: params.lr, n.gW1: gW1.exact},
    )
    W2_new = _step(
        T("Gradient-descent step for {W}", "用梯度下降更新 {W}", W=Math(n.W2)),
        n.W2_new,
        MatAdd(n.W2, MatMul(-1, n.eta, n.gW2)),
        {n.W2: W2, n.eta: params.lr, n.gW2: gW2.exact},
    )

    steps = (z1, hidden, z2, out, loss, delta2, gW2, gb2, delta1, gW1, gb1, W1_new, W2_new)
    answers = (
        Answer("h", T("hidden activations {h}", "隐藏层的激活值 {h}", h=Math(n.h)), _vector(hidden.exact), ACTIVATION),
        Answer("y", T("outputs {y}", "输出 {y}", y=Math(n.y)), _vector(out.exact), ACTIVATION),
        Answer("loss", T("loss {L}", "损失 {L}", L=Math(sp.Symbol("L"))), loss.exact, LOSS),
        Answer("grad_W1", _gradient_label(n.gW1, n.W1), _table(gW1.exact), GRADIENT),
        Answer("grad_b1", _gradient_label(n.gb1), _vector(gb1.exact), GRADIENT),
        Answer("grad_W2", _gradient_label(n.gW2, n.W2), _table(gW2.exact), GRADIENT),
        Answer("grad_b2", _gradient_label(n.gb2), _vector(gb2.exact), GRADIENT),
        Answer("W1_new", _updated_label(n.W1), _table(W1_new.exact), GRADIENT, _step_size(params, gW1)),
        Answer("W2_new", _updated_label(n.W2), _table(W2_new.exact), GRADIENT, _step_size(params, gW2)),
    )
    return Solution(_question(params, n, x, t, W1, W2, b1, b2), steps, answers)


def _question(params: Params, n: _Net, x, t, W1, W2, b1, b2) -> Question:
    d, h, o = params.shape
    if params.loss == "mse":
        loss = T("the squared-error loss {L}", "均方误差 {L}", L=LOSSES_SAID["mse"])
    else:
        loss = T("the binary cross-entropy {L}", "二元交叉熵 {L}", L=LOSSES_SAID["bce"])
    said = {name: Math(getattr(n, name)) for name in ("x", "t", "h", "y", "eta", "W1", "b1", "W2", "b2")}
    return Question.of(
        T(
            "A network has {d} input{ds}, one hidden layer of {h} sigmoid unit{hs} and {o} sigmoid output{os}: "
            "{hidden} and {output}, with {sigma} the logistic sigmoid. It is trained on {loss} by gradient "
            "descent. The input {x}, the target {t} and the learning rate {eta} are",
            "一个神经网络有 {d} 个输入，隐藏层有 {h} 个 Sigmoid 神经元，输出层有 {o} 个 Sigmoid 神经元："
            "{hidden}，{output}，其中 {sigma} 为 Sigmoid 函数。损失函数为{loss}，用梯度下降法训练。"
            "输入 {x}、目标值 {t} 和学习率 {eta} 分别为",
            d=d,
            ds="s" if d > 1 else "",
            h=h,
            hs="s" if h > 1 else "",
            o=o,
            os="s" if o > 1 else "",
            hidden=Math(sp.Eq(n.h, sigmoid(MatAdd(MatMul(n.W1, n.x), n.b1)), evaluate=False)),
            output=Math(sp.Eq(n.y, sigmoid(MatAdd(MatMul(n.W2, n.h), n.b2)), evaluate=False)),
            sigma=Math(sp.Symbol("sigma")),
            loss=loss,
            **{name: said[name] for name in ("x", "t", "eta")},
        ),
        Math(_givens((n.x, x), (n.t, t), (n.eta, params.lr)), display=True),
        T("and the weights and biases are", "权重和偏置分别为"),
        Math(_givens((n.W1, W1), (n.b1, b1), (n.W2, W2), (n.b2, b2)), display=True),
        T(
            "Compute the hidden activations {h}, the outputs {y}, the loss {L}, the gradients of {L} with "
            "respect to {W1}, {b1}, {W2} and {b2} (by backpropagation), and {W1} and {W2} after one step of "
            "gradient descent (each weight minus the learning rate times its gradient).",
            "求隐藏层的激活值 {h}、输出 {y} 和损失 {L}；用反向传播求 {L} 对 {W1}、{b1}、{W2}、{b2} 的梯度；"
            "再求梯度下降一步（每个权重减去学习率乘以它的梯度）后的 {W1} 和 {W2}。",
            L=Math(sp.Symbol("L")),
            **{name: said[name] for name in ("h", "y", "W1", "b1", "W2", "b2")},
        ),
    )


def _gradient_label(gradient, weights=None):
    """gradient ∂L/∂W₁ (a matrix shaped like W₁), or gradient ∂L/∂b₁."""
    said = _named(sp.sstr(gradient), *gradient.shape)
    if weights is None:
        return T("gradient {g}", "梯度 {g}", g=Math(said))
    return T(
        "gradient {g} (a matrix shaped like {W})",
        "梯度 {g}（与 {W} 形状相同的矩阵）",
        g=Math(said),
        W=Math(weights),
    )


def _updated_label(weights):
    return T("{W} after one gradient-descent step", "梯度下降一步后的 {W}", W=Math(weights))


def _givens(*pairs):
    """(x = [...], t = [...], ...) as one displayed line of equations, decimals as given."""
    return sp.Tuple(*[sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False) for symbol, value in pairs])


def _vector(m: sp.MatrixBase) -> tuple:
    return tuple(m)


def _table(m: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, m.tolist()))


def _step_size(params: Params, gradient: Step) -> list:
    """|lr · dL/dW| entry by entry: what an updated weight's tolerance is relative to."""
    return [[abs(float(params.lr) * float(g)) for g in row] for row in gradient.exact.tolist()]


# --- floats: mistakes and checks ------------------------------------------------------


def _float_sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def _float_forward(params: Params):
    """(h, y) in floats."""
    h = [
        _float_sigmoid(sum(float(w) * float(xi) for w, xi in zip(row, params.x)) + float(b))
        for row, b in zip(params.W1, params.b1)
    ]
    y = [_float_sigmoid(sum(float(w) * hi for w, hi in zip(row, h)) + float(b)) for row, b in zip(params.W2, params.b2)]
    return h, y


def _float_backprop(
    params: Params,
    *,
    delta2_mode: str = "right",
    hidden_derivative: bool = True,
    sign: float = -1.0,
    scale: float = 1.0,
):
    """Loss, gradients and updated weights in floats, with one thing done the way a
    mistake does it: delta2_mode 'bare' (δ₂ = y - t) or 'extra' (δ₂ = (y - t) y(1 - y)),
    no h(1 - h), the update's sign, or the (mse) loss and its gradient scaled."""
    x, t = [float(v) for v in params.x], [float(v) for v in params.target]
    W1 = [[float(v) for v in row] for row in params.W1]
    W2 = [[float(v) for v in row] for row in params.W2]
    lr = float(params.lr)

    h, y = _float_forward(params)
    loss = 0.5 * sum((yk - tk) ** 2 for yk, tk in zip(y, t)) if params.loss == "mse" else None
    mode = ("extra" if params.loss == "mse" else "bare") if delta2_mode == "right" else delta2_mode
    delta2 = [scale * (yk - tk) * (yk * (1 - yk) if mode == "extra" else 1) for yk, tk in zip(y, t)]
    back = [sum(W2[k][j] * delta2[k] for k in range(len(y))) for j in range(len(h))]
    delta1 = [b * (hj * (1 - hj) if hidden_derivative else 1) for b, hj in zip(back, h)]
    gW2 = [[dk * hj for hj in h] for dk in delta2]
    gW1 = [[dj * xi for xi in x] for dj in delta1]
    W1_new = [[w + sign * lr * g for w, g in zip(wr, gr)] for wr, gr in zip(W1, gW1)]
    W2_new = [[w + sign * lr * g for w, g in zip(wr, gr)] for wr, gr in zip(W2, gW2)]
    return {
        "loss": loss and scale * loss,
        "grad_W1": gW1,
        "grad_b1": delta1,
        "grad_W2": gW2,
        "grad_b2": delta2,
        "W1_new": W1_new,
        "W2_new": W2_new,
    }


# The registry compares a mistake's answers in this order and stops at the first
# that differs: the small ones come first.
GRADIENT_ANSWERS = ("grad_b2", "grad_b1", "grad_W2", "grad_W1", "W2_new", "W1_new")


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "missing_sigmoid_derivative": T("output delta without the sigmoid derivative", "输出层误差项漏乘了 Sigmoid 导数"),
    "extra_sigmoid_derivative": T("sigmoid derivative kept with cross-entropy", "交叉熵损失下多乘了 Sigmoid 导数"),
    "no_update": T("weights not updated", "权重没有更新"),
    "gradient_ascent": T("gradient added, not subtracted", "更新时加上了梯度，而不是减去"),
    "missing_hidden_derivative": T("hidden delta without the sigmoid derivative", "隐藏层误差项漏乘了 Sigmoid 导数"),
    "forgot_half_in_mse": T(
        "squared-error loss without its {half}", "均方误差漏了系数 {half}", half=Math(sp.Rational(1, 2))
    ),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    def pick(result, names):
        return {name: result[name] for name in names}

    found = []
    if params.loss == "mse":
        found.append(
            Mistake(
                "missing_sigmoid_derivative",
                T(
                    "the sigmoid derivative {s} is missing from the output delta",
                    "输出层误差项漏乘了 Sigmoid 函数的导数 {s}",
                    s=Math(_slope(_y)),
                ),
                pick(_float_backprop(params, delta2_mode="bare"), GRADIENT_ANSWERS),
            )
        )
    else:
        found.append(
            Mistake(
                "extra_sigmoid_derivative",
                T(
                    "with cross-entropy the {s} cancels: {delta}",
                    "使用交叉熵损失时 {s} 会被约去：{delta}",
                    s=Math(_slope(_y)),
                    delta=Math(sp.Eq(sp.Symbol("delta"), ERROR, evaluate=False)),
                ),
                pick(_float_backprop(params, delta2_mode="extra"), GRADIENT_ANSWERS),
            )
        )
    found.append(
        Mistake(
            "no_update",
            T(
                "the weights are unchanged: one step of gradient descent is {rule}",
                "权重没有更新：一步梯度下降为 {rule}",
                rule=DESCENT,
            ),
            {
                "W2_new": [[float(w) for w in row] for row in params.W2],
                "W1_new": [[float(w) for w in row] for row in params.W1],
            },
        )
    )
    found.append(
        Mistake(
            "gradient_ascent",
            T(
                "the update must subtract {step}: {rule}",
                "更新时应减去 {step}，而不是加上：{rule}",
                step=Math(MatMul(sp.Symbol("eta"), _named("dL/dW"))),
                rule=DESCENT,
            ),
            pick(_float_backprop(params, sign=1.0), ("W2_new", "W1_new")),
        )
    )
    found.append(
        Mistake(
            "missing_hidden_derivative",
            T(
                "backpropagating into the hidden layer needs {s}",
                "反向传播到隐藏层时还要乘以 {s}",
                s=Math(_slope(_h)),
            ),
            pick(_float_backprop(params, hidden_derivative=False), ("grad_b1", "grad_W1", "W1_new")),
        )
    )
    if params.loss == "mse":
        found.append(
            Mistake(
                "forgot_half_in_mse",
                T(
                    "the squared-error loss is {L}, so {dy}, not {wrong}",
                    "均方误差为 {L}，所以 {dy}，而不是 {wrong}",
                    L=LOSSES_SAID["mse"],
                    dy=Math(sp.Eq(_named("dL/dy"), ERROR, evaluate=False)),
                    wrong=Math(sp.Mul(2, ERROR, evaluate=False)),
                ),
                pick(_float_backprop(params, scale=2.0), ("loss",) + GRADIENT_ANSWERS),
            )
        )
    return found
