"""Logistic regression: scores, outputs, cross-entropy, gradients and gradient-descent steps.

For the N samples xᵢ (rows of X) with labels rᵢ ∈ {0, 1}, weights w and a separate bias w₀:
    zᵢ = wᵀxᵢ + w₀,   yᵢ = σ(zᵢ) = 1/(1 + e^(-zᵢ)),   predicted class 1 iff yᵢ ≥ 0.5 (zᵢ ≥ 0)
    L  = -(1/N) Σᵢ [rᵢ ln yᵢ + (1 - rᵢ) ln(1 - yᵢ)]     (reduction 'mean'; 'sum' drops 1/N)
    δᵢ = ∂ℓᵢ/∂zᵢ = yᵢ - rᵢ                               (σ's slope y(1 - y) cancels)
    ∂L/∂w = (1/N) Xᵀ δ,   ∂L/∂w₀ = (1/N) Σᵢ δᵢ
    w⁽¹⁾ = w - η ∂L/∂w,   w₀⁽¹⁾ = w₀ - η ∂L/∂w₀          (then again from w⁽¹⁾ when steps = 2)

The scores, outputs, loss, gradients and predictions asked for are those at the given
weights; `w_new` and `w0_new` are the weights after all the steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol

from exercises.core import classifiers as cls_
from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.evaluate import evaluate
from exercises.core.lang import T
from exercises.core.model import EXACT, Answer, Math, Mistake, Question, Solution, Step, shown, shown_number
from exercises.core.symbols import SUBSCRIPTS, Ln, Named, Ordered, Spelled, sigmoid

TITLE = "Logistic regression and gradient descent"
DESCRIPTION = "Scores, sigmoid outputs, cross-entropy (mean or sum), gradients, updated weights and predicted classes."
TITLE_ZH = "逻辑回归（交叉熵与梯度下降）"
DESCRIPTION_ZH = "线性得分、sigmoid 输出、交叉熵损失（平均或求和）、梯度、更新后的权重与预测类别。"
CODING_TASK = "logistic_regression"

LIMIT = 100
MAX_STEPS = 3
FORMS = {
    "X": T(
        "an N x d matrix, one sample per row (1-6 rows of 1-4 numbers between -{n} and {n}), e.g. [[1,2],[2,0],[0,1]]",
        "N×d 矩阵，每行一个样本（1-6 行，每行 1-4 个 -{n} 到 {n} 之间的数），例如 [[1,2],[2,0],[0,1]]",
        n=LIMIT,
    ),
    "r": T(
        "a list of N labels, one per row of X, each 0 or 1, e.g. [1,0,0]",
        "N 个标签的列表，与 X 的各行一一对应，每个为 0 或 1，例如 [1,0,0]",
    ),
    "w": T(
        "a list of d weights (one per column of X) between -{n} and {n}, e.g. [0.5,-0.5]",
        "d 个权重的列表（与 X 的各列对应），取值在 -{n} 到 {n} 之间，例如 [0.5,-0.5]",
        n=LIMIT,
    ),
    "w0": T("the bias, a number between -{n} and {n}, e.g. 0", "偏置，-{n} 到 {n} 之间的一个数，例如 0", n=LIMIT),
    "eta": cls_.ETA_FORM,
    "reduction": cls_.REDUCTION_FORM,
    "steps": T(
        "the number of gradient-descent steps, 1-{n} (default 1)",
        "梯度下降的步数，1-{n}（默认为 1）",
        n=MAX_STEPS,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve logreg_step` takes
NAMES = ("X", "r", "w", "w0", "eta")
OPTIONAL = ("reduction", "steps")


# --- parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    X: tuple  # N x d, one sample per row
    r: tuple  # N labels, 0 or 1
    w: tuple  # d weights
    w0: sp.Rational  # the bias
    eta: sp.Rational
    reduction: str = "mean"
    steps: int = 1

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.w)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        bounds = {"low": -LIMIT, "high": LIMIT}
        X = read.matrix("X", raw["X"], FORMS["X"], rows=(1, 6), cols=(1, 4), **bounds)
        r = read.vector("r", raw["r"], FORMS["r"], (1, 6), low=0, high=1, integer=True)
        if len(r) != len(X):
            raise ParamError(
                T(
                    "parameter 'r' must hold one label per row of X: {n} labels; got {got}.",
                    "参数 'r' 应为 X 的每一行给出一个标签，共 {n} 个；实际为 {got} 个。",
                    n=len(X),
                    got=len(r),
                )
            )
        w = read.vector("w", raw["w"], FORMS["w"], (1, 4), **bounds)
        if len(w) != len(X[0]):
            raise ParamError(
                T(
                    "parameter 'w' must hold one weight per column of X: {d} weights; got {got}.",
                    "参数 'w' 应为 X 的每一列给出一个权重，共 {d} 个；实际为 {got} 个。",
                    d=len(X[0]),
                    got=len(w),
                )
            )
        w0 = read.number("w0", raw["w0"], FORMS["w0"], **bounds)
        eta = cls_.read_eta(raw["eta"])
        reduction = cls_.read_reduction(raw.get("reduction", "mean"))
        steps = int(read.number("steps", raw.get("steps", 1), FORMS["steps"], 1, MAX_STEPS, integer=True))
        params = cls(X, r, w, w0, eta, reduction, steps)
        _check_saturation(params)
        return params

    def to_json(self) -> dict:
        out = {name: read.to_json(getattr(self, name)) for name in NAMES}
        return out | {"reduction": self.reduction, "steps": self.steps}


def _check_saturation(params: Params) -> None:
    """A score outside [-30, 30], at the given weights or after a step the problem goes on
    from, saturates σ: the output is 0 or 1 to 13 digits and ln(1 - y) cannot be told."""
    for t, (w, w0) in enumerate(_float_train(params)["path"][:-1]):
        when = T("at the given weights", "在给定参数下") if t == 0 else T("after step {t}", "在第 {t} 步之后", t=t)
        for i, z in enumerate(_float_scores(params, w, w0), 1):
            if abs(z) > cls_.SATURATED:
                raise ParamError(
                    T(
                        "the score of sample {i} is {z:.4g} {when}, outside [-{limit}, {limit}], "
                        "where the sigmoid is saturated; use smaller inputs, weights or learning rate.",
                        "{when}，样本 {i} 的线性得分为 {z:.4g}，超出了 [-{limit}, {limit}]，"
                        "Sigmoid 函数在此已饱和；请减小输入、权重或学习率。",
                        i=i,
                        z=z,
                        when=when,
                        limit=cls_.SATURATED,
                    )
                )


# --- generation ----------------------------------------------------------------------------

EASY_SCORES = {sp.Rational(v, 2) for v in (0, 1, -1, 2, -2, 4, -4)}  # 0, ±0.5, ±1, ±2
TENTH = sp.Rational(1, 10)


def generate(dice, difficulty: str) -> Params:
    """easy: one sample, integer inputs in -2..2, weights and bias halves, scores in
    {0, ±0.5, ±1, ±2}, one step; medium: 2-3 samples, integer inputs, one step; hard: 3-4
    samples, integer or half inputs, two steps (medium and hard: inputs in -2..2, weights and
    bias tenths in [-1, 1], scores one-decimal in [-3, 3], reduction mean or sum). η is 0.1,
    0.5 or 1.
    Redrawn: a score off the grid, a gradient entry or a step too small to see at the
    precision asked, or a mistake that moves an update by about its tolerance."""
    if difficulty == "easy":
        n, steps, reduction = 1, 1, "mean"
        inputs = [sp.Integer(v) for v in range(-2, 3)]
        weights = [sp.Rational(v, 2) for v in (-2, -1, 1, 2)]
        biases = [sp.Rational(v, 2) for v in range(-2, 3)]
    else:
        n, steps = (dice.integer(2, 3), 1) if difficulty == "medium" else (dice.integer(3, 4), 2)
        reduction = dice.choice(cls_.REDUCTIONS)
        parts = dice.choice((1, 2)) if difficulty == "hard" else 1  # integers, or halves too
        inputs = [sp.Rational(v, parts) for v in range(-2 * parts, 2 * parts + 1)]
        weights = [v * TENTH for v in range(-10, 11) if v]
        biases = [v * TENTH for v in range(-10, 11)]
    X = tuple(tuple(dice.choice(inputs) for _ in range(2)) for _ in range(n))
    r = tuple(sp.Integer(dice.integer(0, 1)) for _ in range(n))
    w = tuple(dice.choice(weights) for _ in range(2))
    params = Params(X, r, w, dice.choice(biases), sp.Rational(dice.choice(("0.1", "0.5", "1"))), reduction, steps)
    z = [sum(wj * xj for wj, xj in zip(w, row)) + params.w0 for row in X]
    if difficulty == "easy" and not set(z) <= EASY_SCORES:
        raise Redraw("a score off the easy grid")
    if difficulty != "easy" and any((v / TENTH).q != 1 or abs(v) > 3 for v in z):
        raise Redraw("a score that is not a one-decimal number in [-3, 3]")
    if not _visible(params):
        raise Redraw("a gradient or a step too small to see, or a mistake about as large as the tolerance")
    return params


def _visible(params: Params) -> bool:
    """Every gradient entry and every entry of the total change of the weights is at least
    twice the tolerance, and every mistake moves each update entry clearly or not at all."""
    right = _float_train(params)
    if min(abs(g) for g in [*right["grad_w"], right["grad_w0"]]) < 2 * cls_.GRADIENT.abs_tol:
        return False
    scale = _scale(params, right)
    if min([*scale["w_new"], scale["w0_new"]]) < 2 * cls_.UPDATE.abs_tol:
        return False
    for mistake in _float_mistakes(params, right).values():
        for name in ("w_new", "w0_new"):
            if name in mistake and not cls_.clear_of(mistake[name], right[name], scale[name]):
                return False
    return True


# --- symbols -------------------------------------------------------------------------------


class _Symbols:
    """The symbols of the iteration that starts from the weights after t steps."""

    def __init__(self, n: int, d: int, t: int):
        up, tex = cls_.superscript(t or None)
        up_next, tex_next = cls_.superscript(t + 1)
        self.X, self.r = MatrixSymbol("X", n, d), MatrixSymbol("r", n, 1)
        self.ones = Named("ones", n, 1, "𝟙", r"\mathbf{1}")  # the bias is added to every sample's score
        self.w = Named(f"w{up}", d, 1, f"w{up}", f"w{tex}")
        self.w0 = Spelled(f"w₀{up}", f"w_{{0}}{tex}")
        self.w_next = Named(f"w^({t + 1})", d, 1, f"w{up_next}", f"w{tex_next}")
        self.w0_next = Spelled(f"w₀{up_next}", f"w_{{0}}{tex_next}")
        self.z = Named(f"z{up}", n, 1, f"z{up}", f"z{tex}")
        self.y = Named(f"y{up}", n, 1, f"y{up}", f"y{tex}")
        self.delta = Named(f"delta{up}", n, 1, f"δ{up}", rf"\delta{tex}")
        self.gw = Named(f"dL/dw{up}", d, 1, f"∂L/∂w{up}", rf"\frac{{\partial L}}{{\partial w{tex}}}")
        self.gw0 = Spelled(f"∂L/∂w₀{up}", rf"\frac{{\partial L}}{{\partial w_{{0}}{tex}}}")


_i = sp.Symbol("i")
_y, _r, _z = sp.symbols("y_i r_i z_i")
SAMPLE_LOSS = Ordered(_r * Ln(_y), (1 - _r) * Ln(1 - _y), evaluate=False)  # rᵢ ln yᵢ + (1 - rᵢ) ln(1 - yᵢ)
SIGMOID = Math(sp.Eq(sigmoid(sp.Symbol("z")), 1 / (1 + sp.Pow(sp.E, -sp.Symbol("z"), evaluate=False)), evaluate=False))
_score = Ordered(Spelled("wᵀxᵢ", r"w^{T} x_{i}"), sp.Symbol("w_0"), evaluate=False)
MODEL = Math(sp.Eq(_y, sigmoid(_score), evaluate=False))  # yᵢ = σ(wᵀxᵢ + w₀)
_ell = Spelled("ℓᵢ", r"\ell_{i}")


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


# --- the solution --------------------------------------------------------------------------


def _sigmoid_step(title, lhs, z: sp.ImmutableMatrix) -> Step:
    """y = [σ(z₁); σ(z₂); ...] with the scores put in (bare: σ(-0.5), not σ((-0.5)))."""
    zs = [sp.Symbol(f"z_{i}") for i in range(1, z.rows + 1)]
    formula = _column([sigmoid(s) for s in zs])
    substituted = formula.xreplace({s: shown_number(str(s), v, True, bare=True) for s, v in zip(zs, z)})
    note = T("{f}, for each sample.", "{f}，对每个样本分别计算。", f=SIGMOID)
    return Step(title, lhs, formula, substituted, evaluate(formula, dict(zip(zs, z))), note)


def _sample_losses_step(params: Params, y: sp.ImmutableMatrix) -> Step:
    """ℓᵢ = -ln yᵢ where rᵢ = 1 and -ln(1 - yᵢ) where rᵢ = 0."""
    ys = [sp.Symbol(f"y_{i}") for i in range(1, params.n + 1)]
    formula = _column([-Ln(v) if label == 1 else -Ln(1 - v) for v, label in zip(ys, params.r)])
    return cls_.shown_step(
        T("Cross-entropy of each sample", "每个样本的交叉熵"),
        Named("ell", params.n, 1, "ℓ", r"\ell"),
        formula,
        dict(zip(ys, y)),
        note=T(
            "{l}: {one} where the label is 1, {zero} where it is 0 (natural logarithm).",
            "{l}：标签为 1 时为 {one}，标签为 0 时为 {zero}（自然对数）。",
            l=Math(sp.Eq(_ell, -SAMPLE_LOSS, evaluate=False)),
            one=Math(-Ln(_y)),
            zero=Math(-Ln(1 - _y)),
        ),
    )


def _loss_step(params: Params, losses: sp.ImmutableMatrix) -> Step:
    ells = [Spelled(f"ℓ{i}".translate(SUBSCRIPTS), rf"\ell_{{{i}}}") for i in range(1, params.n + 1)]
    total = sp.Add(*ells, evaluate=False) if params.n > 1 else ells[0]
    if params.reduction == "mean":
        title = T("Loss: the mean over the samples", "损失：对样本取平均")
        formula = sp.Mul(1 / cls_.N, total, evaluate=False)
        values = {cls_.N: sp.Integer(params.n)}
    else:
        title = T("Loss: the sum over the samples", "损失：对样本求和")
        formula, values = total, {}
    return cls_.shown_step(title, sp.Symbol("L"), formula, values | dict(zip(ells, losses)))


def _iteration(params: Params, t: int, w: sp.ImmutableMatrix, w0) -> dict[str, Step]:
    """The steps of one gradient-descent step from the weights after t steps, by the answer
    they give: scores, outputs (and, at the given weights, the predictions and the loss),
    errors, gradients and the new weights."""
    s = _Symbols(params.n, params.d, t)
    X, r = sp.ImmutableMatrix(params.X), _column(params.r)
    when = T("", "") if params.steps == 1 else T("Step {k}: ", "第 {k} 步：", k=t + 1)
    scores = cls_.shown_step(
        when + T("Scores of the samples, one per row of {X}", "各样本的线性得分（{X} 的每行一个）", X=Math(s.X)),
        s.z,
        MatAdd(MatMul(s.X, s.w), MatMul(s.w0, s.ones)),
        {s.X: X, s.w: w, s.w0: w0, s.ones: _column([sp.S.One] * params.n)},
    )
    outputs = _sigmoid_step(when + T("Outputs", "输出"), s.y, scores.exact)
    steps = {"z": scores, "y": outputs}
    if t == 0:
        predicted = _column([1 if z >= 0 else 0 for z in scores.exact])
        steps["predicted"] = Step(
            T("Predicted classes", "预测类别"),
            Named("yhat", params.n, 1, "ŷ", r"\hat{y}"),
            exact=predicted,
            note=T(
                "Class 1 where {y}, that is where {z}; class 0 elsewhere.",
                "{y}（即 {z}）时预测为类别 1，否则为类别 0。",
                y=Math(sp.Ge(_y, sp.S.Half, evaluate=False)),
                z=Math(sp.Ge(_z, 0, evaluate=False)),
            ),
        )
        steps["losses"] = _sample_losses_step(params, outputs.exact)
        if params.n > 1:
            steps["loss"] = _loss_step(params, steps["losses"].exact)
    errors = cls_.shown_step(
        when + T("Error of each sample", "各样本的误差"),
        s.delta,
        MatAdd(s.y, MatMul(-1, s.r)),
        {s.y: outputs.exact, s.r: r},
        note=T(
            "{delta}: the derivative of the cross-entropy through the sigmoid, whose slope {s} cancels.",
            "{delta}：交叉熵经 Sigmoid 函数求导，其导数 {s} 被约去。",
            delta=Math(sp.Eq(sp.Symbol("delta_i"), Ordered(_y, -_r, evaluate=False), evaluate=False)),
            s=Math(_y * (1 - _y)),
        ),
    )
    c = cls_.factor(params.reduction) if params.n > 1 else sp.S.One
    size = {cls_.N: sp.Integer(params.n)} if c != 1 else {}
    grad_w = cls_.shown_step(
        when + T("Gradient of the weights", "权重的梯度"),
        s.gw,
        MatMul(c, s.X.T, s.delta) if c != 1 else MatMul(s.X.T, s.delta),
        {s.X: X, s.delta: errors.exact} | size,
    )
    deltas = [sp.Symbol(f"delta_{i}") for i in range(1, params.n + 1)]
    total = sp.Add(*deltas, evaluate=False) if params.n > 1 else deltas[0]
    grad_w0 = cls_.shown_step(
        when + T("Gradient of the bias", "偏置的梯度"),
        s.gw0,
        sp.Mul(c, total, evaluate=False) if c != 1 else total,
        dict(zip(deltas, errors.exact)) | size,
    )
    new_w = cls_.descent_step(
        when + T("Gradient-descent step for the weights", "用梯度下降更新权重"),
        s.w_next,
        s.w,
        s.gw,
        w,
        grad_w.exact,
        params.eta,
    )
    new_w0 = cls_.descent_step(
        when + T("Gradient-descent step for the bias", "用梯度下降更新偏置"),
        s.w0_next,
        s.w0,
        s.gw0,
        w0,
        grad_w0.exact,
        params.eta,
    )
    return steps | {"delta": errors, "grad_w": grad_w, "grad_w0": grad_w0, "w_new": new_w, "w0_new": new_w0}


def solve(params: Params) -> Solution:
    w, w0 = _column(params.w), params.w0
    steps, first = [], None
    for t in range(params.steps):
        done = _iteration(params, t, w, w0)
        first = first or done
        steps += done.values()
        w, w0 = done["w_new"].exact, done["w0_new"].exact
    s = _Symbols(params.n, params.d, 0)
    last = _Symbols(params.n, params.d, params.steps - 1)
    final_w, final_w0 = tuple(w), w0
    scale = _scale(params, {"w_new": [float(v) for v in final_w], "w0_new": float(final_w0)})
    said = {name: Math(getattr(s, name)) for name in ("z", "y", "gw", "gw0")}
    answers = (
        Answer(
            "z",
            T("scores {z}, one per sample", "线性得分 {z}（每个样本一个）", z=said["z"]),
            tuple(first["z"].exact),
            cls_.PROBABILITY,
        ),
        Answer(
            "y",
            T("outputs {y}, one per sample", "输出 {y}（每个样本一个）", y=said["y"]),
            tuple(first["y"].exact),
            cls_.PROBABILITY,
        ),
        Answer(
            "loss", T("cross-entropy loss {L}", "交叉熵损失 {L}", L=Math(sp.Symbol("L"))), _loss_of(first), cls_.LOSS
        ),
        Answer("grad_w", T("gradient {g}", "梯度 {g}", g=said["gw"]), tuple(first["grad_w"].exact), cls_.GRADIENT),
        Answer("grad_w0", T("gradient {g}", "梯度 {g}", g=said["gw0"]), first["grad_w0"].exact, cls_.GRADIENT),
        Answer(
            "w_new",
            T("weights {w} after {train}", "{train}后的权重 {w}", w=Math(last.w_next), train=_train_said(params)),
            final_w,
            cls_.UPDATE,
            scale["w_new"],
        ),
        Answer(
            "w0_new",
            T("bias {b} after {train}", "{train}后的偏置 {b}", b=Math(last.w0_next), train=_train_said(params)),
            final_w0,
            cls_.UPDATE,
            scale["w0_new"],
        ),
        Answer(
            "predicted",
            T("predicted class of each sample (0 or 1)", "每个样本的预测类别（0 或 1）"),
            tuple(first["predicted"].exact),
            EXACT,
        ),
    )
    return Solution(_question(params, s, last), tuple(steps), answers)


def _loss_of(first: dict) -> sp.Expr:
    """The loss: the mean or sum of the samples' losses, or the one sample's ℓ when N = 1."""
    if "loss" in first:
        return first["loss"].exact
    return first["losses"].exact[0]


def _train_said(params: Params):
    if params.steps == 1:
        return T("one step of gradient descent", "一步梯度下降")
    return T("{k} steps of gradient descent", "{count}步梯度下降", k=params.steps, count="一两三"[params.steps - 1])


def _question(params: Params, s: _Symbols, last: _Symbols) -> Question:
    def given(symbol, value):
        if isinstance(value, sp.MatrixBase):
            return sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False)
        return sp.Eq(symbol, shown_number(str(symbol), value, True, bare=True), evaluate=False)

    data = sp.Tuple(given(s.X, sp.ImmutableMatrix(params.X)), given(s.r, _column(params.r)))
    weights = sp.Tuple(given(s.w, _column(params.w)), given(s.w0, params.w0), given(cls_.ETA, params.eta))
    train = _train_said(params)
    if params.n == 1:
        samples = T(
            "The one training sample is the row {X}, its label {r}",
            "唯一的训练样本为 {X}，其标签为 {r}",
            X=Math(s.X),
            r=Math(s.r),
        )
    else:
        samples = T(
            "The {n} training samples are the rows of {X}, their labels {r}",
            "{n} 个训练样本是 {X} 的各行，标签为 {r}",
            n=params.n,
            X=Math(s.X),
            r=Math(s.r),
        )
    return Question.of(
        T(
            "A logistic-regression model gives a sample {x} the output {model}, with {sigma} the sigmoid, "
            "and is trained on the cross-entropy loss {L}, {reduced}, natural logarithm. {samples}; the "
            "weights {w}, the bias {w0} and the learning rate {eta} are",
            "逻辑回归模型对样本 {x} 的输出为 {model}，其中 {sigma} 为 Sigmoid 函数；训练使用交叉熵损失 {L}"
            "（{reduced}，ln 为自然对数）。{samples}；权重 {w}、偏置 {w0} 和学习率 {eta} 分别为",
            x=Math(sp.Symbol("x_i")),
            model=MODEL,
            sigma=SIGMOID,
            L=cls_.cross_entropy_said(SAMPLE_LOSS, _i, params.reduction),
            reduced=cls_.reduced(params.reduction),
            samples=samples,
            w=Math(s.w),
            w0=Math(s.w0),
            eta=Math(cls_.ETA),
        ),
        Math(data, display=True),
        Math(weights, display=True),
        T(
            "Compute, at these weights, the score {z} and the output {y} of each sample, its predicted "
            "class (1 if {half}, else 0), the loss {L} and the gradients {gw} and {gw0}; then {w} and {w0} "
            "after {train}, {rule}, the bias updated too. Keep 4 significant digits in intermediate results.",
            "在这组参数下，求每个样本的线性得分 {z}、输出 {y} 和预测类别（{half} 时为 1，否则为 0），"
            "损失 {L}，以及梯度 {gw} 和 {gw0}；再求{train}（{rule}，偏置也要更新）后的 {w} 和 {w0}。"
            "中间结果保留 4 位有效数字。",
            z=Math(s.z),
            y=Math(s.y),
            half=Math(sp.Ge(_y, sp.S.Half, evaluate=False)),
            L=Math(sp.Symbol("L")),
            gw=Math(s.gw),
            gw0=Math(s.gw0),
            w=Math(last.w_next),
            w0=Math(last.w0_next),
            train=train,
            rule=cls_.DESCENT,
        ),
    )


# --- floats: mistakes and checks -------------------------------------------------------------


def _float_scores(params: Params, w, w0) -> list[float]:
    return [sum(float(a) * float(b) for a, b in zip(w, row)) + float(w0) for row in params.X]


def _float_train(params: Params, *, reduction=None, slope=False, sign=-1.0, bias=True):
    """Answers in floats, with one thing done the way a mistake does it: the other
    reduction, the gradient times y(1 - y), the update's sign, the bias not updated.
    Also the weights after each step, as `path`."""
    reduction = reduction or params.reduction
    c = 1 / params.n if reduction == "mean" else 1.0
    r = [float(v) for v in params.r]
    w, w0 = [float(v) for v in params.w], float(params.w0)
    out, path = {}, [(w, w0)]
    for t in range(params.steps):
        z = _float_scores(params, w, w0)
        y = [cls_.float_sigmoid(v) for v in z]
        delta = [(a - b) * (a * (1 - a) if slope else 1) for a, b in zip(y, r)]
        gw = [c * sum(e * float(row[j]) for e, row in zip(delta, params.X)) for j in range(params.d)]
        gw0 = c * sum(delta)
        if t == 0:
            out |= {"z": z, "y": y, "grad_w": gw, "grad_w0": gw0, "predicted": [int(v >= 0) for v in z]}
            out["loss"] = c * sum(b * _minus_ln_y(v) + (1 - b) * _minus_ln_y(-v) for v, b in zip(z, r))
        w = [a + sign * float(params.eta) * g for a, g in zip(w, gw)]
        w0 = w0 + sign * float(params.eta) * gw0 if bias else w0
        path.append((w, w0))
    return out | {"w_new": w, "w0_new": w0, "path": path}


def _minus_ln_y(z: float) -> float:
    """-ln σ(z) = ln(1 + e^(-z)), finite for any z (and -ln(1 - σ(z)) = -ln σ(-z))."""
    return max(-z, 0.0) + math.log1p(math.exp(-abs(z)))


def _scale(params: Params, right: dict) -> dict:
    """The size of each entry's total change: what an update's tolerance is relative to."""
    return {
        "w_new": cls_.magnitudes([a - float(b) for a, b in zip(right["w_new"], params.w)]),
        "w0_new": abs(right["w0_new"] - float(params.w0)),
    }


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "log2_instead_of_ln": cls_.LOG2_LABEL,
    "reduction_mismatch": cls_.REDUCTION_LABEL,
    "extra_sigmoid_derivative": T(
        "gradient multiplied by {slope}", "梯度多乘了 {slope}", slope=Math(sp.Symbol("y") * (1 - sp.Symbol("y")))
    ),
    "gradient_sign": cls_.SIGN_LABEL,
    "bias_frozen": T("bias not updated", "偏置没有更新"),
    "no_update": cls_.NO_UPDATE_LABEL,
    "missing_bracket": T("the note's loss without its bracket", "照抄了笔记中缺括号的损失公式"),
}
UPDATES = ("w_new", "w0_new")
_bias = _Symbols(1, 1, 0)
BIAS_RULE = Math(  # w₀⁽¹⁾ = w₀ - η⋅∂L/∂w₀
    sp.Eq(
        _bias.w0_next,
        Ordered(_bias.w0, sp.Mul(-1, cls_.ETA, _bias.gw0, evaluate=False), evaluate=False),
        evaluate=False,
    )
)
GRADIENTS = ("grad_w", "grad_w0", *UPDATES)


def _pick(result: dict, names) -> dict:
    return {name: result[name] for name in names}


def _float_mistakes(params: Params, right: dict) -> dict:
    """{name: the answers it gives} for every mistake this problem can show."""
    found = {
        "log2_instead_of_ln": {"loss": right["loss"] / math.log(2)},
        "extra_sigmoid_derivative": _pick(_float_train(params, slope=True), GRADIENTS),
        "gradient_sign": _pick(_float_train(params, sign=1.0), UPDATES),
        "bias_frozen": _pick(_float_train(params, bias=False), UPDATES),
        "no_update": {"w_new": [float(v) for v in params.w], "w0_new": float(params.w0)},
    }
    if params.n > 1:
        other = "sum" if params.reduction == "mean" else "mean"
        found["reduction_mismatch"] = _pick(_float_train(params, reduction=other), ("loss", *GRADIENTS))
    if any(v == 0 for v in params.r):
        c = 1 / params.n if params.reduction == "mean" else 1.0
        slip = sum(b * _minus_ln_y(v) - (1 - b) * _minus_ln_y(-v) for v, b in zip(right["z"], params.r))
        found["missing_bracket"] = {"loss": c * float(slip)}
    return found


def mistakes(params: Params, solution) -> list[Mistake]:
    right = _float_train(params)
    found = _float_mistakes(params, right)
    messages = {
        "log2_instead_of_ln": cls_.LOG2_MESSAGE,
        "reduction_mismatch": cls_.reduction_message(params.reduction),
        "extra_sigmoid_derivative": T(
            "with the cross-entropy the sigmoid's slope cancels: {d}, not {wrong}",
            "使用交叉熵时 Sigmoid 的导数被约去：{d}，而不是 {wrong}",
            d=Math(sp.Eq(sp.Symbol("delta_i"), Ordered(_y, -_r, evaluate=False), evaluate=False)),
            wrong=Math(Ordered(_y, -_r, evaluate=False) * _y * (1 - _y)),
        ),
        "gradient_sign": cls_.SIGN_MESSAGE,
        "bias_frozen": T("the bias is a parameter too: {rule}", "偏置也是参数，也要更新：{rule}", rule=BIAS_RULE),
        "no_update": cls_.NO_UPDATE_MESSAGE,
        "missing_bracket": T(
            "the bracket matters: {right}; without it (as note 003 prints it) the second term changes sign",
            "括号不能省略：{right}；照笔记 003 那样省去括号，第二项的符号就反了",
            right=cls_.cross_entropy_said(SAMPLE_LOSS, _i, params.reduction),
        ),
    }
    return [Mistake(name, messages[name], answers) for name, answers in found.items()]
