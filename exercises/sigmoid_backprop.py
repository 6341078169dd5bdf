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
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, shown_number, step
from exercises.core.symbols import Ln, Named, sigmoid

TITLE = "Backpropagation in a sigmoid network"
DESCRIPTION = "Forward pass, MSE or cross-entropy loss, backpropagated gradients and one descent step of a sigmoid net."
TITLE_ZH = "Sigmoid 网络的反向传播"
DESCRIPTION_ZH = "前向传播、MSE 或交叉熵损失、反向传播的梯度，以及 Sigmoid 网络的一步梯度下降。"

LOSSES = ("mse", "bce")
LOSS_ALIASES = {
    "squared_error": "mse",
    "l2": "mse",
    "cross_entropy": "bce",
    "binary_cross_entropy": "bce",
    "log_loss": "bce",
}
LIMIT = 100
ENTRY = f"numbers between -{LIMIT} and {LIMIT}"
FORMS = {
    "x": f"a list of 1-4 {ENTRY}, e.g. [0.5, -1]",
    "W1": f"a matrix (list of rows) of 1-4 rows and 1-4 columns of {ENTRY}, e.g. [[0.1, -0.2], [0.3, 0.4]]",
    "b1": f"a list of 1-4 {ENTRY}, e.g. [0, 0.1]",
    "W2": f"a matrix (list of rows) of 1-3 rows and 1-4 columns of {ENTRY}, e.g. [[0.5, -0.3]]",
    "b2": f"a list of 1-3 {ENTRY}, e.g. [0.2]",
    "target": f"a list of 1-3 {ENTRY}, e.g. [1]",
    "lr": "a number in (0, 10], e.g. 0.1",
}
PARAMETERS = {  # what `mlexam solve sigmoid_backprop` takes
    **FORMS,
    "loss": f"{' or '.join(LOSSES)} (any case; also {', '.join(LOSS_ALIASES)})",
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
                f"parameter 'W1' must be a {h} x {d} matrix (one column per entry of x, "
                f"which has length {d}); got {h} x {len(W1[0])}."
            )
        b1 = read.vector("b1", raw["b1"], FORMS["b1"], (1, 4), **bounds)
        if len(b1) != h:
            raise ParamError(
                f"parameter 'b1' must be a list of length {h} (one bias per row of W1); got length {len(b1)}."
            )
        W2 = read.matrix("W2", raw["W2"], FORMS["W2"], rows=(1, 3), cols=(1, 4), **bounds)
        o = len(W2)
        if len(W2[0]) != h:
            raise ParamError(
                f"parameter 'W2' must be a {o} x {h} matrix (one column per hidden unit, "
                f"W1 has {h} rows); got {o} x {len(W2[0])}."
            )
        b2 = read.vector("b2", raw["b2"], FORMS["b2"], (1, 3), **bounds)
        if len(b2) != o:
            raise ParamError(
                f"parameter 'b2' must be a list of length {o} (one bias per row of W2); got length {len(b2)}."
            )
        target = read.vector("target", raw["target"], FORMS["target"], (1, 3), **bounds)
        if len(target) != o:
            raise ParamError(
                f"parameter 'target' must be a list of length {o} (one per output, "
                f"W2 has {o} rows); got length {len(target)}."
            )
        lr = read.number("lr", raw["lr"], FORMS["lr"], 0, 10)
        if lr == 0:
            raise ParamError(f"parameter 'lr' must be {FORMS['lr']}; got 0.")
        loss = read.choice("loss", raw["loss"], LOSSES, LOSS_ALIASES)
        if loss == "bce" and any(not 0 <= t <= 1 for t in target):
            raise ParamError("parameter 'target' must lie in [0, 1] for the cross-entropy loss 'bce'.")
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
    for layer, zs, who in ((1, z1, "hidden unit"), (2, z2, "output")):
        for i, z in enumerate(zs, 1):
            if abs(z) > SATURATED:
                raise ParamError(
                    f"the pre-activation z{layer} of {who} {i} is {float(z):.4g}, outside "
                    f"[-{SATURATED}, {SATURATED}], where the sigmoid is saturated and the "
                    "gradients vanish; use smaller inputs, weights or biases."
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
}


def _named(name: str, rows: int, cols: int) -> Named:
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
        "σ(z) = 1 / (1 + e^(-z)), applied to each component.",
    )


# --- the solution -------------------------------------------------------------------


def _loss_step(params: Params, y: sp.ImmutableMatrix):
    o = len(params.target)
    ys = [sp.Symbol(f"y_{k}") for k in range(1, o + 1)]
    ts = [sp.Symbol(f"t_{k}") for k in range(1, o + 1)]
    if params.loss == "mse":
        formula = sp.Rational(1, 2) * sp.Add(*[(t - v) ** 2 for v, t in zip(ys, ts)])
        title, note = "Loss: half the sum of squared errors", "L = 1/2 Σ_k (y_k - t_k)^2."
    else:
        formula = -sp.Add(*[t * Ln(v) + (1 - t) * Ln(1 - v) for v, t in zip(ys, ts)])
        title = "Loss: binary cross-entropy, summed over the outputs"
        note = "L = -Σ_k [t_k ln y_k + (1 - t_k) ln(1 - y_k)], natural logarithm."
    values = dict(zip(ys, y)) | dict(zip(ts, params.target))
    return _step(title, sp.Symbol("L"), formula, values, note=note)


def solve(params: Params) -> Solution:
    d, h, o = params.shape
    n = _net(d, h, o)
    x, b1, b2, t = (_column(v) for v in (params.x, params.b1, params.b2, params.target))
    W1, W2 = sp.ImmutableMatrix(params.W1), sp.ImmutableMatrix(params.W2)
    ones = {"h": OneMatrix(h, 1), "o": OneMatrix(o, 1)}

    z1 = _step("Hidden pre-activation", n.z1, MatAdd(MatMul(n.W1, n.x), n.b1), {n.W1: W1, n.x: x, n.b1: b1})
    hidden = _elementwise_sigmoid("Hidden activation", n.h, "z_1", z1.exact)
    z2 = _step("Output pre-activation", n.z2, MatAdd(MatMul(n.W2, n.h), n.b2), {n.W2: W2, n.h: hidden.exact, n.b2: b2})
    out = _elementwise_sigmoid("Output", n.y, "z_2", z2.exact)
    loss = _loss_step(params, out.exact)

    y_minus_t = MatAdd(n.y, MatMul(-1, n.t))
    if params.loss == "mse":
        delta2 = _step(
            "Output delta: the error times the sigmoid derivative y ⊙ (1 - y)",
            n.delta2,
            HadamardProduct(y_minus_t, n.y, MatAdd(ones["o"], MatMul(-1, n.y))),
            {n.y: out.exact, n.t: t},
            note="dL/dz2 = (dL/dy) ⊙ σ'(z2) with dL/dy = y - t and σ'(z2) = y ⊙ (1 - y).",
        )
    else:
        delta2 = _step(
            "Output delta: the sigmoid derivative cancels",
            n.delta2,
            y_minus_t,
            {n.y: out.exact, n.t: t},
            note="dL/dy = (y - t) / (y(1 - y)) and σ'(z2) = y(1 - y): the y(1 - y) cancels, so dL/dz2 = y - t.",
        )
    gW2 = _step(
        "Gradient of the output weights", n.gW2, MatMul(n.delta2, n.h.T), {n.delta2: delta2.exact, n.h: hidden.exact}
    )
    gb2 = Step("Gradient of the output biases", n.gb2, n.delta2, None, delta2.exact)
    delta1 = _step(
        "Hidden delta: back through W2, times the sigmoid derivative h ⊙ (1 - h)",
        n.delta1,
        HadamardProduct(MatMul(n.W2.T, n.delta2), n.h, MatAdd(ones["h"], MatMul(-1, n.h))),
        {n.W2: W2, n.delta2: delta2.exact, n.h: hidden.exact},
        note="dL/dz1 = (W2ᵀ dL/dz2) ⊙ σ'(z1) with σ'(z1) = h ⊙ (1 - h).",
    )
    gW1 = _step("Gradient of the hidden weights", n.gW1, MatMul(n.delta1, n.x.T), {n.delta1: delta1.exact, n.x: x})
    gb1 = Step("Gradient of the hidden biases", n.gb1, n.delta1, None, delta1.exact)
    W1_new = _step(
        "Gradient-descent step for W1",
        n.W1_new,
        MatAdd(n.W1, MatMul(-1, n.eta, n.gW1)),
        {n.W1: W1, n.eta: params.lr, n.gW1: gW1.exact},
    )
    W2_new = _step(
        "Gradient-descent step for W2",
        n.W2_new,
        MatAdd(n.W2, MatMul(-1, n.eta, n.gW2)),
        {n.W2: W2, n.eta: params.lr, n.gW2: gW2.exact},
    )

    steps = (z1, hidden, z2, out, loss, delta2, gW2, gb2, delta1, gW1, gb1, W1_new, W2_new)
    loss_name = (
        "the squared-error loss L = 1/2 Σ_k (y_k - t_k)^2"
        if params.loss == "mse"
        else "the binary cross-entropy L = -Σ_k [t_k ln y_k + (1 - t_k) ln(1 - y_k)]"
    )
    question = Question.of(
        f"A network has {d} input{'s' if d > 1 else ''}, one hidden layer of {h} sigmoid "
        f"unit{'s' if h > 1 else ''} and {o} sigmoid output{'s' if o > 1 else ''}: "
        f"h = σ(W1 x + b1) and y = σ(W2 h + b2), with σ the logistic sigmoid. It is trained on "
        f"{loss_name} by gradient descent. The input x, the target t and the learning rate",
        Math(n.eta),
        "are",
        Math(_givens((n.x, x), (n.t, t), (n.eta, params.lr)), display=True),
        "and the weights and biases are",
        Math(_givens((n.W1, W1), (n.b1, b1), (n.W2, W2), (n.b2, b2)), display=True),
        "Compute the hidden activations h, the outputs y, the loss L, the gradients of L with "
        "respect to W1, b1, W2 and b2 (by backpropagation), and W1 and W2 after one step of "
        "gradient descent (each weight minus the learning rate times its gradient).",
    )
    answers = (
        Answer("h", "hidden activations h", _vector(hidden.exact), ACTIVATION),
        Answer("y", "outputs y", _vector(out.exact), ACTIVATION),
        Answer("loss", "loss L", loss.exact, LOSS),
        Answer("grad_W1", "gradient dL/dW1 (a matrix shaped like W1)", _table(gW1.exact), GRADIENT),
        Answer("grad_b1", "gradient dL/db1", _vector(gb1.exact), GRADIENT),
        Answer("grad_W2", "gradient dL/dW2 (a matrix shaped like W2)", _table(gW2.exact), GRADIENT),
        Answer("grad_b2", "gradient dL/db2", _vector(gb2.exact), GRADIENT),
        Answer("W1_new", "W1 after one gradient-descent step", _table(W1_new.exact), GRADIENT, _step_size(params, gW1)),
        Answer("W2_new", "W2 after one gradient-descent step", _table(W2_new.exact), GRADIENT, _step_size(params, gW2)),
    )
    return Solution(question, steps, answers)


def _givens(*pairs):
    """(x = [...], t = [...], ...) as one displayed line of equations, decimals as given."""
    return sp.Tuple(*[sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False) for symbol, value in pairs])


def _vector(m: sp.MatrixBase) -> tuple:
    return tuple(m)


def _table(m: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, m.tolist()))


def _step_size(params: Params, gradient: Step) -> list:
    """|lr · dL/dW| entry by entry: what an updated weight's tolerance is relative to."""
    return [[float(abs(params.lr * g)) for g in row] for row in gradient.exact.tolist()]


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


def mistakes(params: Params, solution) -> list[Mistake]:
    def pick(result, names):
        return {name: result[name] for name in names}

    found = []
    if params.loss == "mse":
        found.append(
            Mistake(
                "missing_sigmoid_derivative",
                "the sigmoid derivative y(1-y) is missing from the output delta",
                pick(_float_backprop(params, delta2_mode="bare"), GRADIENT_ANSWERS),
            )
        )
    else:
        found.append(
            Mistake(
                "extra_sigmoid_derivative",
                "with cross-entropy the y(1-y) cancels: δ = y - t",
                pick(_float_backprop(params, delta2_mode="extra"), GRADIENT_ANSWERS),
            )
        )
    found.append(
        Mistake(
            "no_update",
            "the weights are unchanged: one step of gradient descent is W_new = W - lr·∇W",
            {
                "W2_new": [[float(w) for w in row] for row in params.W2],
                "W1_new": [[float(w) for w in row] for row in params.W1],
            },
        )
    )
    found.append(
        Mistake(
            "gradient_ascent",
            "the update must subtract lr·gradient: W_new = W - lr·∇W",
            pick(_float_backprop(params, sign=1.0), ("W2_new", "W1_new")),
        )
    )
    found.append(
        Mistake(
            "missing_hidden_derivative",
            "backpropagating into the hidden layer needs h(1-h)",
            pick(_float_backprop(params, hidden_derivative=False), ("grad_b1", "grad_W1", "W1_new")),
        )
    )
    if params.loss == "mse":
        found.append(
            Mistake(
                "forgot_half_in_mse",
                "the squared-error loss is 1/2 Σ (y - t)^2, so dL/dy = y - t, not 2(y - t)",
                pick(_float_backprop(params, scale=2.0), ("loss",) + GRADIENT_ANSWERS),
            )
        )
    return found
