"""Softmax regression: logits, softmax, cross-entropy, gradients and one gradient-descent step.

For each sample x⁽ⁱ⁾ (d features) with true class cᵢ (1-based, one-hot vector r⁽ⁱ⁾), a K x d
weight matrix W (row k: the weights of class k) and biases b (K):
    a⁽ⁱ⁾ = W x⁽ⁱ⁾ + b,   p⁽ⁱ⁾_k = e^(a⁽ⁱ⁾_k) / Σⱼ e^(a⁽ⁱ⁾_j)        (softmax over the classes)
    L = -(1/N) Σᵢ ln p⁽ⁱ⁾_cᵢ                                      (reduction 'mean'; 'sum' drops 1/N)
    ∂L/∂W = (1/N) Σᵢ (p⁽ⁱ⁾ - r⁽ⁱ⁾) x⁽ⁱ⁾ᵀ,   ∂L/∂b = (1/N) Σᵢ (p⁽ⁱ⁾ - r⁽ⁱ⁾)
    entry (k, j): (1/N) Σᵢ (p⁽ⁱ⁾_k - r⁽ⁱ⁾_k) x⁽ⁱ⁾_j   (note 003 writes j for both k and j: slip S10)
    W⁺ = W - η ∂L/∂W,   b⁺ = b - η ∂L/∂b
    predicted class: argmax_k a_k (the smallest k among equal largest logits)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol

from exercises.core import classifiers as cls_
from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T
from exercises.core.model import EXACT, Answer, Math, Mistake, Question, Solution, Step, shown, step
from exercises.core.symbols import SUBSCRIPTS, Ln, Named, Spelled

TITLE = "Softmax regression"
DESCRIPTION = "Logits Wx + b, softmax, cross-entropy, gradients (p - onehot)xᵀ, one descent step, predicted class."
TITLE_ZH = "Softmax 多分类回归"
DESCRIPTION_ZH = "logits Wx + b、softmax 概率、交叉熵损失、梯度 (p - onehot)xᵀ、一步梯度下降与预测类别。"
CODING_TASK = "softmax_regression"

LIMIT = 100
MAX_LOGIT = 5  # generated logits stay within ±5: no probability below 10⁻⁴
FORMS = {
    "x": T(
        "one sample, a list of 1-4 features between -{n} and {n}, e.g. [1,2]; or 1-4 samples, a list of "
        "such lists, e.g. [[1,2],[0,-1]]",
        "一个样本：1-4 个特征的列表，取值在 -{n} 到 {n} 之间，例如 [1,2]；或 1-4 个样本：由这样的列表组成的列表，"
        "例如 [[1,2],[0,-1]]",
        n=LIMIT,
    ),
    "W": T(
        "a K x d matrix, one row of weights per class (2-6 rows, one column per feature, numbers between "
        "-{n} and {n}), e.g. [[1,0],[0,1],[1,-1]]",
        "K×d 矩阵，每个类别一行权重（2-6 行，每个特征一列，取值在 -{n} 到 {n} 之间），例如 [[1,0],[0,1],[1,-1]]",
        n=LIMIT,
    ),
    "b": T(
        "a list of K biases, one per row of W, e.g. [0,0,0]",
        "K 个偏置的列表，与 W 的各行一一对应，例如 [0,0,0]",
    ),
    "target": T(
        "the true class, 1-K (1-based), e.g. 2; or one per sample, e.g. [2,1]",
        "真实类别，1 到 K 之间（从 1 开始编号），例如 2；多个样本时每个样本一个，例如 [2,1]",
    ),
    "eta": cls_.ETA_FORM,
    "reduction": cls_.REDUCTION_FORM,
}
PARAMETERS = FORMS  # what `mlexam solve softmax_regression` takes
NAMES = ("x", "W", "b", "target", "eta")


# --- parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    x: tuple  # N samples, each d features
    W: tuple  # K x d
    b: tuple  # K
    target: tuple  # N classes, 1-based
    eta: sp.Rational
    reduction: str = "mean"

    @property
    def n(self) -> int:
        return len(self.x)

    @property
    def k(self) -> int:
        return len(self.W)

    @property
    def d(self) -> int:
        return len(self.W[0])

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, ("reduction",))
        bounds = {"low": -LIMIT, "high": LIMIT}
        one = isinstance(raw["x"], list) and not any(isinstance(v, list) for v in raw["x"])
        x = (read.vector("x", raw["x"], FORMS["x"], (1, 4), **bounds),) if one else None
        if x is None:
            x = read.matrix("x", raw["x"], FORMS["x"], rows=(1, 4), cols=(1, 4), **bounds)
        W = read.matrix("W", raw["W"], FORMS["W"], rows=(2, 6), cols=(1, 4), **bounds)
        k, d = len(W), len(W[0])
        if len(x[0]) != d:
            raise ParamError(
                T(
                    "parameter 'W' must have one column per feature of x: {d} columns; got {got}.",
                    "参数 'W' 应为 x 的每个特征给出一列，共 {d} 列；实际为 {got} 列。",
                    d=len(x[0]),
                    got=d,
                )
            )
        b = read.vector("b", raw["b"], FORMS["b"], (2, 6), **bounds)
        if len(b) != k:
            raise ParamError(
                T(
                    "parameter 'b' must hold one bias per row of W: {k} biases; got {got}.",
                    "参数 'b' 应为 W 的每一行给出一个偏置，共 {k} 个；实际为 {got} 个。",
                    k=k,
                    got=len(b),
                )
            )
        targets = [raw["target"]] if not isinstance(raw["target"], list) else raw["target"]
        target = read.vector("target", targets, FORMS["target"], (len(x), len(x)), low=1, high=k, integer=True)
        eta = cls_.read_eta(raw["eta"])
        reduction = cls_.read_reduction(raw.get("reduction", "mean"))
        params = cls(x, W, b, target, eta, reduction)
        for i, logits in enumerate(_float_logits(params), 1):
            if max(logits) - min(logits) > 2 * cls_.SATURATED:
                raise ParamError(
                    T(
                        "the logits of sample {i} span {span:.4g}, more than {limit}: the softmax is one-hot to "
                        "13 digits; use smaller features, weights or biases.",
                        "样本 {i} 的 logits 相差 {span:.4g}，超过 {limit}：softmax 在 13 位有效数字内已是 one-hot；"
                        "请减小特征、权重或偏置。",
                        i=i,
                        span=max(logits) - min(logits),
                        limit=2 * cls_.SATURATED,
                    )
                )
        return params

    def to_json(self) -> dict:
        x = read.to_json(self.x[0] if self.n == 1 else self.x)
        target = int(self.target[0]) if self.n == 1 else [int(c) for c in self.target]
        out = {"x": x, "W": read.to_json(self.W), "b": read.to_json(self.b), "target": target}
        return out | {"eta": read.to_json(self.eta), "reduction": self.reduction}


# --- generation ----------------------------------------------------------------------------


def generate(dice, difficulty: str) -> Params:
    """Two features and three classes. easy: one sample, b = 0; medium: one sample, biases
    -1..1; hard: two samples (their mean loss). Features are nonzero integers in -2..2,
    weights integers in -1..2, η is 0.1 or 0.5. Redrawn: a tie for the largest logit, a logit
    beyond ±5, a
    gradient entry or a step too small to see at the precision asked, or a mistake that
    moves an update by about its tolerance."""
    n = 2 if difficulty == "hard" else 1
    x = tuple(tuple(sp.Integer(dice.choice((-2, -1, 1, 2))) for _ in range(2)) for _ in range(n))
    W = tuple(tuple(sp.Integer(dice.integer(-1, 2)) for _ in range(2)) for _ in range(3))
    b = tuple(sp.Integer(0 if difficulty == "easy" else dice.integer(-1, 1)) for _ in range(3))
    target = tuple(sp.Integer(dice.integer(1, 3)) for _ in range(n))
    params = Params(x, W, b, target, sp.Rational(dice.choice(("0.1", "0.5"))))
    logits = _float_logits(params)
    if any(a.count(max(a)) > 1 or max(map(abs, a)) > MAX_LOGIT for a in logits):
        raise Redraw("a tie for the largest logit, or a logit too large for a calculator")
    if not _visible(params):
        raise Redraw("a gradient or a step too small to see, or a mistake about as large as the tolerance")
    return params


def _visible(params: Params) -> bool:
    """Every gradient entry and every step is at least twice the tolerance, and every mistake
    moves each update entry clearly or not at all."""
    right = _float_answers(params)
    entries = [g for row in right["grad_W"] for g in row] + right["grad_b"]
    if min(abs(g) for g in entries) < 2 * cls_.GRADIENT.abs_tol:
        return False
    if min(abs(float(params.eta) * g) for g in entries) < 2 * cls_.UPDATE.abs_tol:
        return False
    scale = _scale(params, right)
    for mistake in _float_mistakes(params, right).values():
        for name in ("W_new", "b_new"):
            if name in mistake and not cls_.clear_of(mistake[name], right[name], scale[name]):
                return False
    return True


# --- symbols -------------------------------------------------------------------------------


class _Symbols:
    """The symbols of sample i (None when there is only one sample) and of the parameters."""

    def __init__(self, params: Params, i: int | None):
        k, d = params.k, params.d
        up, tex = cls_.superscript(i)
        self.W, self.b = MatrixSymbol("W", k, d), MatrixSymbol("b", k, 1)
        self.x = Named(f"x{up}", d, 1, f"x{up}", f"x{tex}")
        self.a = Named(f"a{up}", k, 1, f"a{up}", f"a{tex}")
        self.p = Named(f"p{up}", k, 1, f"p{up}", f"p{tex}")
        self.r = Named(f"r{up}", k, 1, f"r{up}", f"r{tex}")
        self.e = Named(f"delta{up}", k, 1, f"δ{up}", rf"\delta{tex}")
        self.up, self.tex = up, tex
        self.gW = Named("dL/dW", k, d, "∂L/∂W", r"\frac{\partial L}{\partial W}")
        self.gb = Named("dL/db", k, 1, "∂L/∂b", r"\frac{\partial L}{\partial b}")
        self.W_new = Named("W^+", k, d, "W⁺", r"W^{+}")
        self.b_new = Named("b^+", k, 1, "b⁺", r"b^{+}")

    def probability(self, c: int):
        """The probability of class c for this sample, as one symbol: p₂, p⁽¹⁾₂."""
        return Spelled(f"p{self.up}{str(c).translate(SUBSCRIPTS)}", f"p{self.tex}_{{{c}}}")


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _onehot(params: Params, c) -> sp.ImmutableMatrix:
    return _column([sp.Integer(int(k == c)) for k in range(1, params.k + 1)])


_i = sp.Symbol("i")


def _softmax_said(k: int) -> Math:
    """pₖ = exp(aₖ)/(exp(a₁) + ... + exp(a_K)), the K terms written out."""
    total = sp.Add(*[sp.exp(sp.Symbol(f"a_{j}")) for j in range(1, k + 1)], evaluate=False)
    return Math(sp.Eq(sp.Symbol("p_k"), sp.exp(sp.Symbol("a_k")) / total, evaluate=False))


GRADIENT_ENTRY = Math(  # ∂L/∂Wₖⱼ = (pₖ - rₖ) xⱼ
    sp.Eq(
        Spelled("∂L/∂Wₖⱼ", r"\frac{\partial L}{\partial W_{kj}}"),
        sp.Mul(
            sp.Add(sp.Symbol("p_k"), -sp.Symbol("r_k"), evaluate=False),
            Spelled("xⱼ", "x_{j}"),
            evaluate=False,
        ),
        evaluate=False,
    )
)


# --- the solution --------------------------------------------------------------------------


def _softmax_step(params: Params, s: _Symbols, logits: sp.ImmutableMatrix, when) -> Step:
    """p = [e^a₁, ..., e^a_K]ᵀ / (e^a₁ + ... + e^a_K) with the logits put in; the exact value
    divides by e to the smallest logit, so no exponent is negative."""
    a = [sp.Symbol(f"a_{k}") for k in range(1, params.k + 1)]
    total = sp.Add(*[sp.exp(v) for v in a])
    formula = MatMul(1 / total, sp.ImmutableMatrix(params.k, 1, [sp.exp(v) for v in a]))
    low = min(logits)
    exps = [sp.exp(v - low) for v in logits]
    exact = _column([e / sp.Add(*exps) for e in exps])
    return step(
        when + T("Softmax over the classes", "对各类别做 softmax"),
        s.p,
        formula,
        dict(zip(a, logits)),
        exact=exact,
        decimals=True,
        note=T(
            "{softmax}; the probabilities add up to 1.", "{softmax}；各概率之和为 1。", softmax=_softmax_said(params.k)
        ),
    )


def _loss_step(params: Params, samples: list[_Symbols], probabilities: list) -> Step:
    """L = -ln pₜ, or -(1/N)(ln p⁽¹⁾ₜ₁ + ...), or without the 1/N."""
    picked = [s.probability(int(c)) for s, c in zip(samples, params.target)]
    values = {sym: p[int(c) - 1] for sym, p, c in zip(picked, probabilities, params.target)}
    logs = sp.Add(*[Ln(sym) for sym in picked], evaluate=False) if params.n > 1 else Ln(picked[0])
    if params.n > 1 and params.reduction == "mean":
        formula = sp.Mul(-1 / cls_.N, logs, evaluate=False)
        values[cls_.N] = sp.Integer(params.n)
        title = T("Loss: minus the mean log-probability of the true classes", "损失：真实类别概率的对数取平均再取负")
    else:
        formula = sp.Mul(-1, logs, evaluate=False)
        title = T("Loss: minus the log-probability of the true class", "损失：真实类别概率的对数取负")
        if params.n > 1:
            title = T(
                "Loss: minus the sum of the log-probabilities of the true classes", "损失：真实类别概率的对数求和再取负"
            )
    exact = -sp.Add(*[sp.log(p[int(c) - 1]) for p, c in zip(probabilities, params.target)])
    exact = exact / params.n if params.n > 1 and params.reduction == "mean" else exact
    return step(title, sp.Symbol("L"), formula, values, exact=exact, decimals=True)


def solve(params: Params) -> Solution:
    samples = [_Symbols(params, i if params.n > 1 else None) for i in range(1, params.n + 1)]
    forward, logits, probabilities = _forward(params, samples)
    backward = _backward(params, samples, probabilities)
    answers = _answers(params, samples[0], logits, probabilities, forward[-1], backward)
    return Solution(_question(params, samples), tuple(forward + backward), answers)


def _forward(params: Params, samples: list[_Symbols]):
    """Logits and softmax of each sample, the predicted classes and the loss: (steps, logits,
    probabilities), the loss step last."""
    W, b = sp.ImmutableMatrix(params.W), _column(params.b)
    steps, logits, probabilities = [], [], []
    for when, s, x in zip(_whens(params), samples, params.x):
        a = cls_.shown_step(
            when + T("Logits, one per class", "logits（每个类别一个）"),
            s.a,
            MatAdd(MatMul(s.W, s.x), s.b),
            {s.W: W, s.x: _column(x), s.b: b},
        )
        p = _softmax_step(params, s, a.exact, when)
        steps += [a, p]
        logits.append(a.exact)
        probabilities.append(p.exact)
    predicted = _predicted(logits)
    steps.append(
        Step(
            T("Predicted class: the largest logit", "预测类别：logit 最大的类别"),
            Spelled("ĉ", r"\hat{c}"),
            exact=predicted[0] if params.n == 1 else sp.ImmutableMatrix(1, params.n, predicted),
            note=T(
                "The class with the largest logit has the largest probability; among equal largest logits, "
                "the smallest class number.",
                "logit 最大的类别概率也最大；若有多个相同的最大值，取编号最小的类别。",
            ),
        )
    )
    steps.append(_loss_step(params, samples, probabilities))
    return steps, logits, probabilities


def _predicted(logits) -> list[sp.Integer]:
    """The 1-based class of the largest logit of each sample, the smallest on a tie."""
    return [sp.Integer(1 + max(range(len(a)), key=lambda k, a=a: (a[k], -k))) for a in logits]


def _backward(params: Params, samples: list[_Symbols], probabilities) -> list[Step]:
    """The error of each sample, the gradients and the descent steps."""
    s, many = samples[0], params.n > 1
    errors = [
        cls_.shown_step(
            when + T("Error: probabilities minus the one-hot target", "误差：概率减去真实类别的 one-hot 向量"),
            si.e,
            MatAdd(si.p, MatMul(-1, si.r)),
            {si.p: p, si.r: _onehot(params, c)},
            note=T(
                "{r} is 1 for the true class {c} and 0 elsewhere.",
                "{r} 在真实类别 {c} 处为 1，其余为 0。",
                r=Math(si.r),
                c=int(c),
            ),
        )
        for when, si, p, c in zip(_whens(params), samples, probabilities, params.target)
    ]
    c = cls_.factor(params.reduction) if many else sp.S.One
    size = {cls_.N: sp.Integer(params.n)} if c != 1 else {}
    deltas = {si.e: e.exact for si, e in zip(samples, errors)}
    outer = MatAdd(*[MatMul(si.e, si.x.T) for si in samples]) if many else MatMul(s.e, s.x.T)
    total = MatAdd(*[si.e for si in samples]) if many else s.e
    grad_W = cls_.shown_step(
        T("Gradient of the weights", "权重的梯度"),
        s.gW,
        MatMul(c, outer) if c != 1 else outer,
        deltas | {si.x: _column(x) for si, x in zip(samples, params.x)} | size,
        note=T(
            "Entry (k, j) is {entry}: row k is the class, column j the feature. Note 003 writes the same j for "
            "both, which is a slip.",
            "第 k 行第 j 列为 {entry}：行 k 对应类别，列 j 对应特征。笔记 003 把两者都写成 j，是笔误。",
            entry=GRADIENT_ENTRY,
        ),
    )
    grad_b = cls_.shown_step(
        T("Gradient of the biases", "偏置的梯度"), s.gb, MatMul(c, total) if c != 1 else total, deltas | size
    )
    W_new = cls_.descent_step(
        T("Gradient-descent step for the weights", "用梯度下降更新权重"),
        s.W_new,
        s.W,
        s.gW,
        sp.ImmutableMatrix(params.W),
        grad_W.exact,
        params.eta,
        note=T(
            "The coding task stores the transpose of W with the biases as an extra first row, a (d + 1) x K "
            "matrix; the numbers are the same.",
            "编程作业中的参数矩阵是 W 的转置，并把偏置作为第一行，形状为 (d + 1)×K；数值相同。",
        ),
    )
    b_new = cls_.descent_step(
        T("Gradient-descent step for the biases", "用梯度下降更新偏置"),
        s.b_new,
        s.b,
        s.gb,
        _column(params.b),
        grad_b.exact,
        params.eta,
    )
    return [*errors, grad_W, grad_b, W_new, b_new]


def _answers(params: Params, s: _Symbols, logits, probabilities, loss: Step, backward: list[Step]) -> tuple:
    grad_W, grad_b, W_new, b_new = (step.exact for step in backward[-4:])
    right = {"W_new": _rows(W_new), "b_new": tuple(b_new)}
    scale = _scale(params, {name: _floats(v) for name, v in right.items()})
    predicted = _predicted(logits)
    if params.n == 1:
        each = {
            "logits": T("logits {a}", "各类别的 logits {a}", a=Math(s.a)),
            "probs": T("softmax probabilities {p}", "softmax 概率 {p}", p=Math(s.p)),
            "prediction": T("predicted class (1-{k})", "预测类别（1-{k}）", k=params.k),
        }
        logits, probabilities, predicted = tuple(logits[0]), tuple(probabilities[0]), predicted[0]
    else:
        each = {
            "logits": T("logits of each sample", "每个样本的 logits"),
            "probs": T("softmax probabilities of each sample", "每个样本的 softmax 概率"),
            "prediction": T("predicted class of each sample (1-{k})", "每个样本的预测类别（1-{k}）", k=params.k),
        }
        logits, probabilities = tuple(map(tuple, logits)), tuple(map(tuple, probabilities))
        predicted = tuple(predicted)
    gradient_W = T(
        "gradient {g} ({k} x {d}, like W)", "梯度 {g}（{k}×{d}，与 W 形状相同）", g=Math(s.gW), k=params.k, d=params.d
    )
    return (
        Answer("logits", each["logits"], logits, cls_.PROBABILITY),
        Answer("probs", each["probs"], probabilities, cls_.PROBABILITY),
        Answer("loss", T("cross-entropy loss {L}", "交叉熵损失 {L}", L=Math(sp.Symbol("L"))), loss.exact, cls_.LOSS),
        Answer("grad_W", gradient_W, _rows(grad_W), cls_.GRADIENT),
        Answer("grad_b", T("gradient {g}", "梯度 {g}", g=Math(s.gb)), tuple(grad_b), cls_.GRADIENT),
        Answer(
            "W_new",
            T("{W} after one gradient-descent step", "梯度下降一步后的 {W}", W=Math(s.W)),
            right["W_new"],
            cls_.UPDATE,
            scale["W_new"],
        ),
        Answer(
            "b_new",
            T("{b} after one gradient-descent step", "梯度下降一步后的 {b}", b=Math(s.b)),
            right["b_new"],
            cls_.UPDATE,
            scale["b_new"],
        ),
        Answer("prediction", each["prediction"], predicted, EXACT),
    )


def _whens(params: Params):
    return [T("Sample {i}: ", "样本 {i}：", i=i) if params.n > 1 else T("", "") for i in range(1, params.n + 1)]


def _rows(m: sp.MatrixBase) -> tuple:
    return tuple(map(tuple, m.tolist()))


def _floats(value):
    if isinstance(value, (tuple, list)):
        return [_floats(v) for v in value]
    return float(value)


def _question(params: Params, samples: list[_Symbols]) -> Question:
    s = samples[0]

    def given(symbol, value):
        return sp.Eq(symbol, shown(str(symbol), value, True), evaluate=False)

    data = [given(si.x, _column(x)) for si, x in zip(samples, params.x)]
    if params.n == 1:
        who = T(
            "the sample {x} belongs to class {c}",
            "样本 {x} 属于第 {c} 类",
            x=Math(s.x),
            c=int(params.target[0]),
        )
        loss = T(
            "its cross-entropy loss {L}",
            "交叉熵损失 {L}",
            L=Math(sp.Eq(sp.Symbol("L"), -Ln(sp.Symbol("p_t")), evaluate=False)),
        )
    else:
        who = T(
            "the {n} samples {xs} belong to classes {cs}",
            "{n} 个样本 {xs} 分别属于第 {cs} 类",
            n=params.n,
            xs=Math(sp.Tuple(*[si.x for si in samples])),
            cs=", ".join(str(int(c)) for c in params.target),
        )
        loss = T(
            "the cross-entropy loss {L}, {reduced}",
            "交叉熵损失 {L}（{reduced}）",
            L=cls_.cross_entropy_said(Ln(Spelled("p⁽ⁱ⁾ₜᵢ", r"p^{(i)}_{t_{i}}")), _i, params.reduction),
            reduced=cls_.reduced(params.reduction),
        )
    return Question.of(
        T(
            "A softmax-regression model with {k} classes computes the logits {logits} (row k of {W} holds the "
            "weights of class k) and the probabilities {p} = softmax({a}). It is trained by gradient descent "
            "on {loss} (natural logarithm), where {pc} is the probability of the true class t; {who}. The "
            "data, the parameters and the learning rate {eta} are",
            "一个 {k} 分类的 softmax 回归模型计算 logits {logits}（{W} 的第 k 行是第 k 类的权重），概率为 "
            "{p} = softmax({a})。训练用梯度下降最小化{loss}（ln 为自然对数），其中 {pc} 为真实类别 t 的概率；"
            "{who}。数据、参数和学习率 {eta} 如下",
            k=params.k,
            logits=Math(
                sp.Eq(sp.Symbol("a"), MatAdd(MatMul(s.W, sp.MatrixSymbol("x", params.d, 1)), s.b), evaluate=False)
            ),
            a=Math(sp.Symbol("a")),
            W=Math(s.W),
            p=Math(sp.Symbol("p")),
            loss=loss,
            pc=Math(sp.Symbol("p_t")),
            who=who,
            eta=Math(cls_.ETA),
        ),
        Math(sp.Tuple(*data, sp.Eq(cls_.ETA, shown("eta", params.eta, True), evaluate=False)), display=True),
        Math(sp.Tuple(given(s.W, sp.ImmutableMatrix(params.W)), given(s.b, _column(params.b))), display=True),
        T(
            "Compute the logits, the probabilities, the loss {L}, the gradients {gW} and {gb}, {W} and {b} "
            "after one step of gradient descent ({rule}), and the predicted class (the largest logit; on a "
            "tie the smallest class number). Keep 4 significant digits in intermediate results.",
            "求 logits、各类别的概率、损失 {L}、梯度 {gW} 和 {gb}，一步梯度下降（{rule}）后的 {W} 和 {b}，"
            "以及预测类别（logit 最大的类别；若相同取编号最小者）。中间结果保留 4 位有效数字。",
            L=Math(sp.Symbol("L")),
            gW=Math(s.gW),
            gb=Math(s.gb),
            W=Math(s.W),
            b=Math(s.b),
            rule=cls_.DESCENT,
        ),
    )


# --- floats: mistakes and checks -------------------------------------------------------------


def _float_logits(params: Params) -> list[list[float]]:
    return [
        [sum(float(w) * float(v) for w, v in zip(row, x)) + float(bk) for row, bk in zip(params.W, params.b)]
        for x in params.x
    ]


def _float_answers(params: Params, *, probabilities=None, loss=None, reduction=None, sign=-1.0) -> dict:
    """Answers in floats; a mistake passes its own probabilities (and loss), the other
    reduction or the update's sign."""
    reduction = reduction or params.reduction
    c = 1 / params.n if reduction == "mean" and params.n > 1 else 1.0
    logits = _float_logits(params)
    probs = probabilities or [cls_.float_softmax(a) for a in logits]
    onehots = [[float(k == int(t)) for k in range(1, params.k + 1)] for t in params.target]
    if loss is None:
        loss = -c * sum(math.log(p[int(t) - 1]) for p, t in zip(probs, params.target))
    errors = [[pk - rk for pk, rk in zip(p, r)] for p, r in zip(probs, onehots)]
    grad_W = [
        [c * sum(e[k] * float(x[j]) for e, x in zip(errors, params.x)) for j in range(params.d)]
        for k in range(params.k)
    ]
    grad_b = [c * sum(e[k] for e in errors) for k in range(params.k)]
    eta = float(params.eta)
    return {
        "probs": probs,
        "loss": loss,
        "grad_W": grad_W,
        "grad_b": grad_b,
        "W_new": [[float(w) + sign * eta * g for w, g in zip(row, gr)] for row, gr in zip(params.W, grad_W)],
        "b_new": [float(v) + sign * eta * g for v, g in zip(params.b, grad_b)],
    }


def _scale(params: Params, right: dict) -> dict:
    """The size of each entry's step: what an update's tolerance is relative to."""
    return {
        "W_new": [[abs(a - float(w)) for a, w in zip(row, wr)] for row, wr in zip(right["W_new"], params.W)],
        "b_new": [abs(a - float(v)) for a, v in zip(right["b_new"], params.b)],
    }


def _shaped(params: Params, values: list) -> list:
    """Per-sample values as the answers hold them: one list for one sample."""
    return values[0] if params.n == 1 else values


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "log2": cls_.LOG2_LABEL,
    "gradient_without_softmax": T("gradient without the probabilities", "梯度中漏掉了概率项"),
    "gradient_sign": cls_.SIGN_LABEL,
    "sigmoid_per_class": T("a sigmoid per class instead of the softmax", "对每个类别分别用 Sigmoid，而不是 softmax"),
    "softmax_over_samples": T("softmax over the samples, not the classes", "对样本而不是对类别做了 softmax"),
    "reduction_mismatch": cls_.REDUCTION_LABEL,
    "no_update": cls_.NO_UPDATE_LABEL,
}
GRADIENTS = ("grad_W", "grad_b", "W_new", "b_new")


def _pick(result: dict, names) -> dict:
    return {name: result[name] for name in names}


def _float_mistakes(params: Params, right: dict) -> dict:
    """{name: the answers it gives} for every mistake this problem can show."""
    logits = _float_logits(params)
    c = 1 / params.n if params.reduction == "mean" and params.n > 1 else 1.0
    zeros = [[0.0] * params.k for _ in range(params.n)]
    sigmoids = [[cls_.float_sigmoid(v) for v in a] for a in logits]
    onehots = [[float(k == int(t)) for k in range(1, params.k + 1)] for t in params.target]
    binary = -c * sum(
        r * math.log(s) + (1 - r) * math.log(1 - s) for ss, rr in zip(sigmoids, onehots) for s, r in zip(ss, rr)
    )
    found = {
        "log2": {"loss": right["loss"] / math.log(2)},
        "gradient_without_softmax": _pick(_float_answers(params, probabilities=zeros, loss=right["loss"]), GRADIENTS),
        "gradient_sign": _pick(_float_answers(params, sign=1.0), ("W_new", "b_new")),
        "sigmoid_per_class": {"probs": _shaped(params, sigmoids)}
        | _pick(_float_answers(params, probabilities=sigmoids, loss=binary), ("loss", *GRADIENTS)),
        "no_update": {"W_new": _floats(params.W), "b_new": _floats(params.b)},
    }
    if params.n > 1:
        columns = [cls_.float_softmax([a[k] for a in logits]) for k in range(params.k)]
        over_samples = [[columns[k][i] for k in range(params.k)] for i in range(params.n)]
        found["softmax_over_samples"] = {"probs": over_samples} | _pick(
            _float_answers(params, probabilities=over_samples), ("loss", *GRADIENTS)
        )
        other = "sum" if params.reduction == "mean" else "mean"
        found["reduction_mismatch"] = _pick(_float_answers(params, reduction=other), ("loss", *GRADIENTS))
    return found


def mistakes(params: Params, solution) -> list[Mistake]:
    right = _float_answers(params)
    messages = {
        "log2": cls_.LOG2_MESSAGE,
        "gradient_without_softmax": T(
            "the gradient of the cross-entropy through the softmax is {g}: the probabilities {p} are part of it",
            "交叉熵经 softmax 求导得 {g}：概率 {p} 不能漏掉",
            g=Math(sp.Mul(sp.Add(sp.Symbol("p"), -sp.Symbol("r"), evaluate=False), sp.Symbol("x^T"), evaluate=False)),
            p=Math(sp.Symbol("p")),
        ),
        "gradient_sign": cls_.SIGN_MESSAGE,
        "sigmoid_per_class": T(
            "the classes share one softmax, {softmax}, so the probabilities add up to 1; a sigmoid per class "
            "treats them as separate yes/no questions",
            "各类别共用一个 softmax：{softmax}，所以各概率之和为 1；"
            "对每个类别分别用 Sigmoid 相当于把它们当成互相独立的二分类",
            softmax=_softmax_said(params.k),
        ),
        "softmax_over_samples": T(
            "the softmax normalises each sample's logits over the classes, not each class over the samples",
            "softmax 是对每个样本的各类别 logits 归一化，而不是对每个类别在各样本间归一化",
        ),
        "reduction_mismatch": cls_.reduction_message(params.reduction),
        "no_update": cls_.NO_UPDATE_MESSAGE,
    }
    return [Mistake(name, messages[name], answers) for name, answers in _float_mistakes(params, right).items()]
