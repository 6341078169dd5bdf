"""Linear SVM: margins, hinge loss, one subgradient step, and hard margins (note 003, 支持向量机).

Samples x_i with labels y_i ∈ {-1, +1}, a hyperplane wᵀx + w₀ = 0:
    f_i = wᵀx_i + w₀                  score
    m_i = y_i f_i                      functional margin (函数间隔)
    d_i = |f_i| / ‖w‖                  distance to the hyperplane (几何间隔 when correctly classified)
    2 / ‖w‖                            margin width, between the planes wᵀx + w₀ = ±1
    h_i = max(0, 1 - m_i)              hinge loss (合页损失)
    J = (1/N) Σ_i h_i + (λ/2)‖w‖²      objective; the bias w₀ is not regularised
Subgradient, with the note's rule at the kink: a sample with m_i ≥ 1 adds nothing but λw.
    batch:  ∂J/∂w = λw - (1/N) Σ_{m_i<1} y_i x_i,   ∂J/∂w₀ = -(1/N) Σ_{m_i<1} y_i
    SGD on sample k (the note's per-sample form):  λw - y_k x_k,  -y_k  (only λw, 0 when m_k ≥ 1)
    w ← w - η ∂J/∂w,   w₀ ← w₀ - η ∂J/∂w₀
Hard margin (maximise 2/‖w‖ subject to y_i(wᵀx_i + w₀) ≥ 1):
    two samples x₊, x₋:  w = 2(x₊ - x₋)/‖x₊ - x₋‖²,  w₀ = -wᵀ(x₊ + x₋)/2,  margin = ‖x₊ - x₋‖
    given the optimal (w, w₀): the support vectors are the samples with m_i = 1
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from sympy import HadamardProduct, MatAdd, MatMul, MatrixSymbol, OneMatrix

from exercises.core import params as read
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
)
from exercises.core.symbols import Bars, Named, Norm, Ordered, PositivePart, Spelled, SumOver

TITLE = "SVM margins and hinge loss"
DESCRIPTION = "Functional and geometric margins, hinge loss, a subgradient step, hard margin and support vectors."
TITLE_ZH = "支持向量机间隔与合页损失"
DESCRIPTION_ZH = "函数间隔与几何间隔、合页损失、一步次梯度下降、硬间隔与支持向量。"

MODES = ("margins", "batch_subgradient_step", "sgd_step", "hard_margin_two_points", "identify_support_vectors")
MODE_ALIASES = {"batch": "batch_subgradient_step", "sgd": "sgd_step", "two_points": "hard_margin_two_points"}
STEP_MODES = ("batch_subgradient_step", "sgd_step")
LIMIT = 100

FORMS = {
    "mode": T(
        "one of {modes} (default margins)",
        "{modes} 之一（默认 margins）",
        modes=join(MODES),
    ),
    "points": T(
        "a list of 2-8 samples, each a list of 1-4 numbers between -{n} and {n}, e.g. [[3,3],[4,3],[1,1]]",
        "2-8 个样本组成的列表，每个样本是 1-4 个 -{n} 到 {n} 之间的数，例如 [[3,3],[4,3],[1,1]]",
        n=LIMIT,
    ),
    "labels": T(
        "a list of labels +1 or -1, one per sample, e.g. [1, 1, -1]",
        "由 +1 或 -1 组成的标签列表，每个样本一个，例如 [1, 1, -1]",
    ),
    "w": T(
        "the weights, a list of numbers between -{n} and {n}, one per feature, not all 0, e.g. [0.5, 0.5]",
        "权重，-{n} 到 {n} 之间的数组成的列表，每个特征一个，不能全为 0，例如 [0.5, 0.5]",
        n=LIMIT,
    ),
    "w0": T("the bias, a number between -{n} and {n}, e.g. -2", "偏置，-{n} 到 {n} 之间的一个数，例如 -2", n=LIMIT),
    "lam": T(
        "the regularisation strength, a number in [0, 10], e.g. 0.1 (default 0)",
        "正则化系数，[0, 10] 中的一个数，例如 0.1（默认 0）",
    ),
    "eta": T("the learning rate, a number in (0, 10], e.g. 0.5", "学习率，(0, 10] 中的一个数，例如 0.5"),
    "sample": T(
        "the 1-based number of the sample the SGD step uses, e.g. 2",
        "随机梯度下降所用样本的序号（从 1 开始），例如 2",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve svm_hinge` takes
USED = {  # the parameters each mode takes besides mode, points and labels
    "margins": ("w", "w0", "lam"),
    "batch_subgradient_step": ("w", "w0", "lam", "eta"),
    "sgd_step": ("w", "w0", "lam", "eta", "sample"),
    "hard_margin_two_points": (),
    "identify_support_vectors": ("w", "w0"),
}

VALUE = Check(abs_tol=0.001)
INDICES = Check(exact=True, unordered=True)


# --- notation -------------------------------------------------------------------------


W0, LAM, ETA, N_ = sp.Symbol("w_0"), sp.Symbol("lambda"), sp.Symbol("eta"), sp.Symbol("N")
G_W0 = Spelled("∂J/∂w₀", r"\frac{\partial J}{\partial w_{0}}")
W0_NEW = Spelled("w₀⁺", r"w_{0}^{+}")
U2 = Spelled("‖u‖²", r"\left\|u\right\|^{2}")
_i = sp.Symbol("i")
_mi, _fi, _yi = sp.Symbol("m_i"), sp.Symbol("f_i"), sp.Symbol("y_i")
_w, _xi = MatrixSymbol("w", 2, 1), MatrixSymbol("x_i", 2, 1)
WX = Spelled("wᵀx", r"w^{T} x")
WXI = Spelled("wᵀxᵢ", r"w^{T} x_{i}")
HYPERPLANE = Math(sp.Eq(sp.Add(WX, W0, evaluate=False), 0, evaluate=False))
MARGIN_DEF = Math(sp.Eq(_mi, _yi * sp.Add(WXI, W0, evaluate=False), evaluate=False))
HINGE_DEF = Math(sp.Eq(sp.Symbol("h_i"), PositivePart(1 - _mi), evaluate=False))
WIDTH = Math(2 / Norm(_w))
J_DEF = Math(
    sp.Eq(
        sp.Symbol("J"),
        Ordered(
            sp.Mul(1 / N_, SumOver(sp.S.One, sp.Symbol("h_i"), _i), evaluate=False),
            LAM / 2 * Norm(_w) ** 2,
            evaluate=False,
        ),
        evaluate=False,
    )
)
KINK_RULE = T(
    "a sample with {m} adds no hinge term to the subgradient, even one exactly on the margin, {m1}",
    "满足 {m} 的样本对次梯度没有合页损失项的贡献，恰在间隔边界上（{m1}）的样本也是如此",
    m=Math(sp.Ge(_mi, 1)),
    m1=Math(sp.Eq(_mi, 1)),
)


# --- parameters -----------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    mode: str
    points: tuple  # n x d
    labels: tuple  # n, each +1 or -1
    w: tuple | None = None
    w0: sp.Rational | None = None
    lam: sp.Rational | None = None
    eta: sp.Rational | None = None
    sample: int | None = None  # 1-based

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("points", "labels"), ("mode", "w", "w0", "lam", "eta", "sample"))
        mode = read.choice("mode", raw.get("mode", "margins"), MODES, MODE_ALIASES)
        used = USED[mode]
        extra = [name for name in ("w", "w0", "lam", "eta", "sample") if name in raw and name not in used]
        if extra:
            raise ParamError(
                T(
                    "parameter '{name}' is not used in mode '{mode}', which takes {names}.",
                    "模式 '{mode}' 不使用参数 '{name}'；该模式的参数为 {names}。",
                    name=extra[0],
                    mode=mode,
                    names=join(("points", "labels", *used)),
                )
            )
        missing = [name for name in used if name not in raw and name != "lam"]
        if missing:
            raise ParamError(
                T(
                    "mode '{mode}' needs the parameter '{name}' ({form}).",
                    "模式 '{mode}' 需要参数 '{name}'（{form}）。",
                    mode=mode,
                    name=missing[0],
                    form=FORMS[missing[0]],
                )
            )
        bounds = dict(low=-LIMIT, high=LIMIT)
        points = read.matrix("points", raw["points"], FORMS["points"], rows=(2, 8), cols=(1, 4), **bounds)
        n, d = len(points), len(points[0])
        labels = read.vector("labels", raw["labels"], FORMS["labels"], (n, n), integer=True)
        if any(y not in (1, -1) for y in labels):
            raise _must_be("labels")
        values = {"mode": mode, "points": points, "labels": labels}
        if "w" in used:
            w = read.vector("w", raw["w"], FORMS["w"], (d, d), **bounds)
            if not any(w):
                raise _must_be("w")
            values |= {"w": w, "w0": read.number("w0", raw["w0"], FORMS["w0"], **bounds)}
        if "lam" in used:
            values["lam"] = read.number("lam", raw.get("lam", 0), FORMS["lam"], 0, 10)
        if "eta" in used:
            values["eta"] = read.number("eta", raw["eta"], FORMS["eta"], 0, 10)
            if values["eta"] == 0:
                raise _must_be("eta")
        if "sample" in used:
            values["sample"] = int(read.number("sample", raw["sample"], FORMS["sample"], 1, n, integer=True))
        params = cls(**values)
        _check_mode(params)
        return params

    def to_json(self) -> dict:
        names = ("mode", "points", "labels", *USED[self.mode])
        return {name: read.to_json(getattr(self, name)) for name in names}


def _must_be(name: str) -> ParamError:
    return ParamError(
        T("parameter '{name}' must be {form}.", "参数 '{name}' 应为：{form}。", name=name, form=FORMS[name])
    )


def _check_mode(params: Params) -> None:
    """The degenerate inputs of the hard-margin modes: two samples of one class, or on one
    point; a given (w, w₀) that is not a hard-margin solution."""
    if params.mode == "hard_margin_two_points":
        if len(params.points) != 2 or set(params.labels) != {1, -1} or params.points[0] == params.points[1]:
            raise ParamError(
                T(
                    "mode 'hard_margin_two_points' needs exactly two different points, one labelled +1 and one -1.",
                    "模式 'hard_margin_two_points' 需要恰好两个不同的点，一个标签为 +1，另一个为 -1。",
                )
            )
    if params.mode == "identify_support_vectors":
        margins = _margins(params)
        inside = [i for i, m in enumerate(margins, 1) if m < 1]
        if inside:
            raise ParamError(
                T(
                    "the functional margin of sample {i} is {m}, below 1, so (w, w0) does not separate the samples "
                    "with a hard margin; use mode 'margins' for any hyperplane.",
                    "样本 {i} 的函数间隔为 {m}，小于 1，因此 (w, w0) 不是硬间隔分离超平面；"
                    "任意超平面请用模式 'margins'。",
                    i=inside[0],
                    m=str(margins[inside[0] - 1]),
                )
            )
        if not _is_optimal(params, [i for i, m in enumerate(margins) if m == 1]):
            alpha = sp.Symbol("alpha_i")
            raise ParamError(
                T(
                    "(w, w0) separates the samples but is not the maximum-margin hyperplane: no multipliers "
                    "{a} of the samples on its margin give {w} with {s}.",
                    "(w, w0) 能分开样本，但不是最大间隔超平面：找不到间隔边界上样本的乘子 {a}，使 {w} 且 {s}。",
                    a=Math(sp.Ge(alpha, 0)),
                    w=Math(sp.Eq(_w, SumOver(sp.S.One, alpha * _yi * _xi, _i), evaluate=False)),
                    s=Math(sp.Eq(SumOver(sp.S.One, alpha * _yi, _i), 0)),
                )
            )


def _is_optimal(params: Params, on_margin: list[int]) -> bool:
    """The KKT conditions of the hard margin: w = Σ αᵢyᵢxᵢ and Σ αᵢyᵢ = 0 with αᵢ ≥ 0 over the
    samples on the margin. A non-negative solution exists iff a basic one does: one on
    linearly independent columns, at most d + 1 of them (Carathéodory)."""
    columns = [(*[params.labels[i] * x for x in params.points[i]], params.labels[i]) for i in on_margin]
    target = sp.Matrix([*params.w, 0])
    for size in range(1, len(target) + 1):
        for chosen in itertools.combinations(columns, size):
            try:
                alpha, free = sp.Matrix(chosen).T.gauss_jordan_solve(target)
            except ValueError:
                continue
            if not free and all(a >= 0 for a in alpha):
                return True
    return False


def _scores(params: Params) -> list:
    return [sum(w * x for w, x in zip(params.w, point)) + params.w0 for point in params.points]


def _margins(params: Params) -> list:
    return [y * f for y, f in zip(params.labels, _scores(params))]


# --- generation -------------------------------------------------------------------------


def generate(dice, difficulty: str) -> Params:
    """easy: margins of 3-4 integer points in 2-D, integer w, w₀; medium: a batch
    subgradient step on 4-5 points or an SGD step on a named sample, w and w₀ in halves;
    hard: the hard margin of two points, or the support vectors of 4-6 points for the
    optimal (w, w₀). λ ∈ {0, 0.1, 0.5}, η ∈ {0.1, 0.5}. Some step problems put a sample
    exactly on the margin (m = 1), where the question's kink rule matters."""
    if difficulty == "easy":
        return _draw_margins(dice)
    if difficulty == "medium":
        return _draw_step(dice, dice.choice(STEP_MODES))
    if dice.integer(0, 1):
        return _draw_two_points(dice)
    return _draw_support_vectors(dice)


def _rational(x) -> sp.Rational:
    return sp.Rational(Fraction(x))


def _labelled(dice, w, w0, points):
    """Labels mostly on the side of the hyperplane the point is on, one flipped half the time."""
    labels = [1 if sum(a * b for a, b in zip(w, p)) + w0 >= 0 else -1 for p in points]
    if dice.integer(0, 1):
        k = dice.integer(0, len(points) - 1)
        labels[k] = -labels[k]
    if len(set(labels)) < 2:
        raise Redraw("one class only")
    return tuple(sp.Integer(y) for y in labels)


# integer weight vectors for easy problems: not zero, not of unit length (where the
# distance would equal the score)
EASY_WEIGHTS = tuple((a, b) for a in range(-2, 3) for b in range(-2, 3) if a * a + b * b > 1)


def _points(dice, n):
    return tuple(tuple(sp.Integer(dice.integer(-2, 4)) for _ in range(2)) for _ in range(n))


def _draw_margins(dice) -> Params:
    w, w0 = tuple(map(sp.Integer, dice.choice(EASY_WEIGHTS))), sp.Integer(dice.integer(-3, 3))
    points = _points(dice, dice.integer(3, 4))
    labels = _labelled(dice, w, w0, points)
    lam = _rational(dice.choice(("0", "0.1", "0.5")))
    return Params("margins", points, labels, w, w0, lam)


def _draw_step(dice, mode: str) -> Params:
    """The SGD sample is inside the margin half the time, on it a quarter, outside it a
    quarter (on or outside, only the penalty moves w, so λ > 0); a batch problem has a
    sample on the margin a third of the time, and samples both inside and outside it. A
    draw whose step hardly moves w is drawn again."""
    n = dice.integer(4, 5) if mode == "batch_subgradient_step" else dice.integer(3, 5)
    w = tuple(_rational(dice.decimal(-2, 2, "0.5")) for _ in range(2))
    if not any(w) or sum(x * x for x in w) == 1:
        raise Redraw("w is zero or a unit vector")
    points = _points(dice, n)
    w0 = _rational(dice.decimal(-2, 2, "0.5"))
    labels = _labelled(dice, w, w0, points)
    if mode == "sgd_step":
        where = dice.choice(("inside", "inside", "on", "outside"))
    else:
        where = "on" if dice.integer(0, 2) == 0 else "anywhere"
    if where == "on":  # put a sample exactly on its margin: y_k (wᵀx_k + w₀) = 1
        k = dice.integer(0, n - 1)
        w0 = labels[k] - sum(a * b for a, b in zip(w, points[k]))
        if abs(w0) > 3:
            raise Redraw("the bias putting a sample on the margin is too large")
    margins = [y * (sum(a * b for a, b in zip(w, p)) + w0) for y, p in zip(labels, points)]
    only_penalty = mode == "sgd_step" and where != "inside"  # the step is -ηλw: λ > 0
    lam = _rational(dice.choice(("0.1", "0.5") if only_penalty else ("0", "0.1", "0.5")))
    eta = _rational(dice.choice(("0.1", "0.5")))
    if mode == "batch_subgradient_step":
        if all(m < 1 for m in margins) or all(m >= 1 for m in margins):
            raise Redraw("no sample inside the margin, or every one")
        params = Params(mode, points, labels, w, w0, lam, eta)
    else:
        wanted = {"inside": lambda m: m < 1, "on": lambda m: m == 1, "outside": lambda m: m > 1}[where]
        candidates = [i for i, m in enumerate(margins) if wanted(m)]
        if not candidates:
            raise Redraw(f"no sample {where} the margin")
        params = Params(mode, points, labels, w, w0, lam, eta, dice.choice(candidates) + 1)
    if max(abs(a - b) for a, b in zip(_float_step(params)["w_new"], _floats(w))) < 5 * VALUE.abs_tol:
        raise Redraw("w hardly moves")
    return params


def _draw_two_points(dice) -> Params:
    plus = tuple(sp.Integer(dice.integer(-2, 4)) for _ in range(2))
    minus = tuple(sp.Integer(dice.integer(-2, 4)) for _ in range(2))
    if plus == minus:
        raise Redraw("one point")
    points, labels = (plus, minus), (sp.Integer(1), sp.Integer(-1))
    if dice.integer(0, 1):
        points, labels = points[::-1], labels[::-1]
    return Params("hard_margin_two_points", points, labels)


DIRECTIONS = ((1, 1), (2, 2), (1, -1), (2, -2), (2, 0), (0, 2), (1, 2), (2, 1), (1, 3), (3, 1), (2, -1), (-1, 2))


def _draw_support_vectors(dice) -> Params:
    """x₋ and x₊ = x₋ + d are the support vectors (so w = 2d/‖d‖² is optimal); the other
    samples lie further out along d (margin 1 + 2k/g, g the gcd of d) or, at most one, on
    a margin plane (k = 0)."""
    d = dice.choice(DIRECTIONS)
    g = math.gcd(*d)
    step, across = (d[0] // g, d[1] // g), (-d[1] // g, d[0] // g)
    minus = (dice.integer(-2, 2), dice.integer(-2, 2))
    plus = (minus[0] + d[0], minus[1] + d[1])
    samples = [(plus, 1), (minus, -1)]
    extra = dice.integer(2, 4)
    for j in range(extra):
        k = 0 if j == 0 and dice.integer(0, 1) else dice.integer(1, 2)
        s = dice.integer(-2, 2) if k else dice.choice((-1, 1))
        label = dice.choice((1, -1))
        base = plus if label == 1 else minus
        point = tuple(b + label * (k * a + s * c) for b, a, c in zip(base, step, across))
        if any(point == p for p, _ in samples):
            raise Redraw("a repeated point")
        samples.append((point, label))
    order = dice.sample(range(len(samples)), len(samples))
    norm2 = d[0] ** 2 + d[1] ** 2
    w = tuple(sp.Rational(2 * c, norm2) for c in d)
    w0 = -sum(a * (p + m) for a, p, m in zip(w, plus, minus)) / 2
    points = tuple(tuple(sp.Integer(c) for c in samples[i][0]) for i in order)
    labels = tuple(sp.Integer(samples[i][1]) for i in order)
    return Params("identify_support_vectors", points, labels, w, w0)


# --- the solution -----------------------------------------------------------------------


class _Symbols:
    """The matrix symbols of n samples of d features."""

    def __init__(self, n: int, d: int):
        self.X, self.w, self.y = MatrixSymbol("X", n, d), MatrixSymbol("w", d, 1), MatrixSymbol("y", n, 1)
        self.f, self.m = MatrixSymbol("f", n, 1), MatrixSymbol("m", n, 1)
        self.ones = OneMatrix(n, 1)
        self.gw = Named("dJ/dw", d, 1, "∂J/∂w", r"\frac{\partial J}{\partial w}")
        self.w_new = Named("w^+", d, 1, "w⁺", r"w^{+}")


def _column(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(len(values), 1, list(values))


def _step(title, lhs, formula, values, note="", exact=None):
    """Numbers shown as the course gives them (decimals), the exact value as the formula says."""
    return step(title, lhs, formula, values, decimals=True, expand=False, note=note, exact=exact)


def _score_steps(params: Params, s: _Symbols):
    X, w, y = sp.ImmutableMatrix(params.points), _column(params.w), _column(params.labels)
    scores = _step(
        T("Scores of the samples: {f}", "各样本的得分：{f}", f=Math(sp.Eq(sp.Symbol("f_i"), _score_formula()))),
        s.f,
        MatAdd(MatMul(s.X, s.w), MatMul(W0, s.ones)),
        {s.X: X, s.w: w, W0: params.w0},
        note=T("One row of {X} per sample.", "{X} 的每一行是一个样本。", X=Math(s.X)),
    )
    margins = _step(
        T("Functional margins: each score times its label", "函数间隔：每个得分乘以它的标签"),
        s.m,
        HadamardProduct(s.y, s.f),
        {s.y: y, s.f: scores.exact},
        note=T(
            "{m}; positive means correctly classified, at least 1 means outside the margin.",
            "{m}；为正表示分类正确，不小于 1 表示在间隔之外。",
            m=MARGIN_DEF,
        ),
    )
    return scores, margins


def _score_formula():
    return sp.Add(WXI, W0, evaluate=False)


def _norm_step(params: Params, s: _Symbols):
    ws = [sp.Symbol(f"w_{j}") for j in range(1, len(params.w) + 1)]
    return _step(
        T("Norm of the weight vector", "权重向量的范数"),
        Norm(s.w),
        sp.sqrt(sp.Add(*[v**2 for v in ws])),
        dict(zip(ws, params.w)),
    )


def _width_step(norm_value, s: _Symbols, note=""):
    return _step(
        T(
            "Margin width: from plane {planes}",
            "间隔宽度：两个平面 {planes} 之间的距离",
            planes=join(
                (Math(sp.Eq(sp.Add(WX, W0, evaluate=False), sign)) for sign in (1, -1)), T(" to plane ", " 与 ")
            ),
        ),
        sp.Symbol("margin"),
        2 / Norm(s.w),
        {Norm(s.w): norm_value},
        note=note,
    )


def _distance_step(scores, norm, s: _Symbols):
    n = scores.exact.rows
    fs = [sp.Symbol(f"f_{i}") for i in range(1, n + 1)]
    return _step(
        T("Distance of each sample to the hyperplane", "各样本到超平面的距离"),
        MatrixSymbol("d", n, 1),
        _column([Bars(f) / Norm(s.w) for f in fs]),
        dict(zip(fs, scores.exact)) | {Norm(s.w): norm.exact},
        note=T(
            "{d}; for a correctly classified sample this is its geometric margin {g}.",
            "{d}；对分类正确的样本，它就是几何间隔 {g}。",
            d=Math(sp.Eq(sp.Symbol("d_i"), Bars(_fi) / Norm(_w), evaluate=False)),
            g=Math(_mi / Norm(_w)),
        ),
    )


def _hinge_steps(params: Params, margins, norm, s: _Symbols):
    n = len(params.points)
    ms = [sp.Symbol(f"m_{i}") for i in range(1, n + 1)]
    hinge = _step(
        T("Hinge loss of each sample", "各样本的合页损失"),
        MatrixSymbol("h", n, 1),
        _column([PositivePart(1 - m) for m in ms]),
        dict(zip(ms, margins.exact)),
        note=T("{h}: zero outside the margin.", "{h}：在间隔之外为 0。", h=HINGE_DEF),
    )
    hs = [sp.Symbol(f"h_{i}") for i in range(1, n + 1)]
    objective = _step(
        T(
            "Objective: the mean hinge loss plus the penalty {p} (the bias is not penalised)",
            "目标函数：平均合页损失加上正则项 {p}（偏置不参与正则化）",
            p=Math(LAM / 2 * Norm(_w) ** 2),
        ),
        sp.Symbol("J"),
        Ordered(sp.Mul(1 / N_, sp.Add(*hs), evaluate=False), LAM / 2 * Norm(s.w) ** 2, evaluate=False),
        dict(zip(hs, hinge.exact)) | {N_: n, LAM: params.lam, Norm(s.w): norm.exact},
    )
    return hinge, objective


def _indices_step(title, lhs, indices, note) -> Step:
    """A set of 1-based sample numbers (as a row) with the rule that picked them."""
    return Step(title, lhs, None, None, sp.ImmutableMatrix([list(map(sp.Integer, indices))]), note)


def _update_steps(params: Params, s: _Symbols, gw, gw0):
    w_new = _step(
        T("Subgradient step for {w}", "对 {w} 做一步次梯度下降", w=Math(s.w)),
        s.w_new,
        MatAdd(s.w, MatMul(-1, ETA, s.gw)),
        {s.w: _column(params.w), ETA: params.eta, s.gw: gw.exact},
    )
    w0_new = _step(
        T("Subgradient step for the bias {w0}", "对偏置 {w0} 做一步次梯度下降", w0=Math(W0)),
        W0_NEW,
        Ordered(W0, sp.Mul(-1, ETA, G_W0, evaluate=False), evaluate=False),
        {W0: params.w0, ETA: params.eta, G_W0: gw0.exact},
    )
    return w_new, w0_new


def _sample_vector(params: Params, i: int) -> sp.ImmutableMatrix:
    return _column(params.points[i])


def _batch_gradient_steps(params: Params, margins, s: _Symbols):
    n, d = len(params.points), len(params.w)
    active = [i for i, m in enumerate(margins.exact) if m < 1]
    xs = {i: MatrixSymbol(f"x_{i + 1}", d, 1) for i in active}
    ys = {i: sp.Symbol(f"y_{i + 1}") for i in active}
    hinge_part = (
        MatAdd(*[MatMul(ys[i], xs[i]) for i in active]) if len(active) > 1 else MatMul(*[ys[active[0]], xs[active[0]]])
    )
    values = {LAM: params.lam, s.w: _column(params.w), N_: n}
    values |= {xs[i]: _sample_vector(params, i) for i in active} | {ys[i]: params.labels[i] for i in active}
    gw = _step(
        T("Subgradient with respect to {w}", "对 {w} 的次梯度", w=Math(s.w)),
        s.gw,
        MatAdd(MatMul(LAM, s.w), MatMul(-1, 1 / N_, hinge_part)),
        values,
        note=T("The sum runs over the samples with {m}.", "求和只对 {m} 的样本进行。", m=Math(sp.Lt(_mi, 1))),
    )
    gw0 = _step(
        T("Subgradient with respect to the bias {w0}", "对偏置 {w0} 的次梯度", w0=Math(W0)),
        G_W0,
        -sp.Add(*ys.values()) / N_,
        {ys[i]: params.labels[i] for i in active} | {N_: n},
    )
    return gw, gw0


def _sgd_steps(params: Params, s: _Symbols):
    k, d = params.sample - 1, len(params.w)
    x_k, y_k, m_k = MatrixSymbol(f"x_{k + 1}", d, 1), sp.Symbol(f"y_{k + 1}"), sp.Symbol(f"m_{k + 1}")
    ws = [sp.Symbol(f"w_{j}") for j in range(1, d + 1)]
    xs = [sp.Symbol(f"x_{k + 1}{j}") for j in range(1, d + 1)]
    margin = _step(
        T("Functional margin of sample {k}", "样本 {k} 的函数间隔", k=k + 1),
        m_k,
        y_k * sp.Add(*[a * b for a, b in zip(ws, xs)], W0, evaluate=False),
        dict(zip(ws, params.w)) | dict(zip(xs, params.points[k])) | {W0: params.w0, y_k: params.labels[k]},
    )
    inside = margin.exact < 1
    if inside:
        gw_formula = MatAdd(MatMul(LAM, s.w), MatMul(-1, y_k, x_k))
        gw0_formula, why = -y_k, T("{m}: the hinge term counts.", "{m}：合页损失项参与计算。", m=Math(sp.Lt(m_k, 1)))
    else:
        gw_formula, gw0_formula = MatMul(LAM, s.w), sp.Integer(0)
        why = T(
            "{m}: no hinge term (the sample is on or outside the margin), only the penalty's gradient {lw}.",
            "{m}：没有合页损失项（样本在间隔边界上或间隔之外），只剩正则项的梯度 {lw}。",
            m=Math(sp.Ge(m_k, 1)),
            lw=Math(MatMul(LAM, _w)),
        )
    values = {LAM: params.lam, s.w: _column(params.w), x_k: _sample_vector(params, k), y_k: params.labels[k]}
    gw = _step(
        T("Per-sample subgradient with respect to {w}", "单个样本对 {w} 的次梯度", w=Math(s.w)),
        s.gw,
        gw_formula,
        values,
        note=why,
    )
    gw0 = _step(
        T("Per-sample subgradient with respect to the bias {w0}", "单个样本对偏置 {w0} 的次梯度", w0=Math(W0)),
        G_W0,
        gw0_formula,
        {y_k: params.labels[k]},
    )
    return margin, gw, gw0


def _given(s: _Symbols, params: Params):
    """X, y, w, w₀ (and λ, η when the question has them) on one displayed line."""
    pairs = [(s.X, sp.ImmutableMatrix(params.points)), (s.y, _column(params.labels))]
    pairs += [(s.w, _column(params.w)), (W0, params.w0)]
    if params.lam is not None:
        pairs.append((LAM, params.lam))
    if params.eta is not None:
        pairs.append((ETA, params.eta))
    return Math(sp.Tuple(*[sp.Eq(a, _shown(str(a), b), evaluate=False) for a, b in pairs]), display=True)


def _shown(name, value):
    """A given value as the question writes it: decimals as decimals, a number without parentheses."""
    if isinstance(value, sp.MatrixBase):
        return shown(name, value, True)
    return shown_number(name, value, True, bare=True)


def _intro(params: Params, s: _Symbols):
    """The samples and the hyperplane, as every question but the two-point one opens."""
    return (
        T(
            "A linear SVM is trained on {n} samples, one per row of {X}, with labels {y} (+1 or -1); "
            "the hyperplane is {h}:",
            "线性支持向量机的训练集有 {n} 个样本（{X} 的每一行是一个样本），标签为 {y}（+1 或 -1）；超平面为 {h}：",
            n=len(params.points),
            X=Math(s.X),
            y=Math(s.y),
            h=HYPERPLANE,
        ),
        _given(s, params),
    )


def _solve_margins(params: Params, s: _Symbols) -> Solution:
    scores, margins = _score_steps(params, s)
    norm = _norm_step(params, s)
    distances = _distance_step(scores, norm, s)
    width = _width_step(norm.exact, s)
    hinge, objective = _hinge_steps(params, margins, norm, s)
    question = Question.of(
        *_intro(params, s),
        T(
            "Compute the functional margins {m}, the distance of each sample to the hyperplane, the margin "
            "width {width}, the hinge losses {h} and the objective {J}.",
            "求各样本的函数间隔 {m}、各样本到超平面的距离、间隔宽度 {width}、合页损失 {h} 以及目标函数 {J}。",
            m=MARGIN_DEF,
            width=WIDTH,
            h=HINGE_DEF,
            J=J_DEF,
        ),
    )
    answers = (
        _margins_answer(margins),
        Answer(
            "distances",
            T("distance of each sample to the hyperplane", "各样本到超平面的距离"),
            tuple(distances.exact),
            VALUE,
        ),
        _width_answer(width),
        Answer("hinge", T("hinge loss of each sample", "各样本的合页损失"), tuple(hinge.exact), VALUE),
        Answer("objective", T("objective {J}", "目标函数 {J}", J=Math(sp.Symbol("J"))), objective.exact, VALUE),
    )
    return Solution(question, (scores, margins, norm, distances, width, hinge, objective), answers)


def _margins_answer(margins):
    return Answer(
        "functional_margins",
        T("functional margin of each sample", "各样本的函数间隔"),
        tuple(margins.exact),
        VALUE,
    )


def _width_answer(width):
    return Answer("margin_width", T("margin width {w}", "间隔宽度 {w}", w=WIDTH), width.exact, VALUE)


def _gradient_answers(gw, gw0, w_new, w0_new):
    return (
        Answer("grad_w", T("subgradient {g}", "次梯度 {g}", g=Math(gw.lhs)), tuple(gw.exact), VALUE),
        Answer("grad_w0", T("subgradient {g}", "次梯度 {g}", g=Math(G_W0)), gw0.exact, VALUE),
        Answer("w_new", T("{w} after the step", "更新后的 {w}", w=Math(_w)), tuple(w_new.exact), VALUE),
        Answer("w0_new", T("{w0} after the step", "更新后的 {w0}", w0=Math(W0)), w0_new.exact, VALUE),
    )


def _solve_batch(params: Params, s: _Symbols) -> Solution:
    scores, margins = _score_steps(params, s)
    norm = _norm_step(params, s)
    hinge, objective = _hinge_steps(params, margins, norm, s)
    active = [i for i, m in enumerate(margins.exact, 1) if m < 1]
    violators = _indices_step(
        T("Samples inside the margin", "落在间隔之内的样本"),
        sp.Symbol("V"),
        active,
        T("The samples with {m}; {rule}.", "即满足 {m} 的样本；{rule}。", m=Math(sp.Lt(_mi, 1)), rule=KINK_RULE),
    )
    gw, gw0 = _batch_gradient_steps(params, margins, s)
    w_new, w0_new = _update_steps(params, s, gw, gw0)
    question = Question.of(
        *_intro(params, s),
        T(
            "The objective is {J} with {h}. Compute the functional margins {m}, the hinge losses, {J0}, the "
            "samples inside the margin, the subgradients of {J0} with respect to {w} and {w0} "
            "({rule}), and {w} and {w0} after one step of subgradient descent with learning rate {eta}.",
            "目标函数为 {J}，其中 {h}。求各样本的函数间隔 {m}、合页损失、{J0}、落在间隔之内的样本、"
            "{J0} 对 {w} 和 {w0} 的次梯度（{rule}），以及以学习率 {eta} 做一步次梯度下降后的 {w} 和 {w0}。",
            J=J_DEF,
            h=HINGE_DEF,
            m=MARGIN_DEF,
            J0=Math(sp.Symbol("J")),
            w=Math(_w),
            w0=Math(W0),
            eta=Math(ETA),
            rule=KINK_RULE,
        ),
    )
    answers = (
        _margins_answer(margins),
        Answer("hinge", T("hinge loss of each sample", "各样本的合页损失"), tuple(hinge.exact), VALUE),
        Answer("objective", T("objective {J}", "目标函数 {J}", J=Math(sp.Symbol("J"))), objective.exact, VALUE),
        Answer(
            "violators",
            T("numbers of the samples inside the margin (m < 1)", "落在间隔之内（m < 1）的样本序号"),
            tuple(map(sp.Integer, active)),
            INDICES,
        ),
        *_gradient_answers(gw, gw0, w_new, w0_new),
    )
    steps = (scores, margins, norm, hinge, objective, violators, gw, gw0, w_new, w0_new)
    return Solution(question, steps, answers)


def _solve_sgd(params: Params, s: _Symbols) -> Solution:
    margin, gw, gw0 = _sgd_steps(params, s)
    w_new, w0_new = _update_steps(params, s, gw, gw0)
    k = params.sample
    question = Question.of(
        *_intro(params, s),
        T(
            "The objective is {J} with {h}. Stochastic gradient descent uses the per-sample subgradient "
            "{gw}, {gw0} when {mk} and only {lw}, 0 otherwise ({rule}). Compute the functional margin of "
            "sample {k}, the subgradients on sample {k}, and {w} and {w0} after one SGD step on sample {k} "
            "with learning rate {eta}.",
            "目标函数为 {J}，其中 {h}。随机梯度下降使用单个样本的次梯度：当 {mk} 时为 {gw}、{gw0}，"
            "否则只有 {lw} 和 0（{rule}）。求样本 {k} 的函数间隔、在样本 {k} 上的次梯度，"
            "以及以学习率 {eta} 在样本 {k} 上做一步随机梯度下降后的 {w} 和 {w0}。",
            J=J_DEF,
            h=HINGE_DEF,
            gw=Math(MatAdd(MatMul(LAM, _w), MatMul(-1, _yi, _xi))),
            gw0=Math(-_yi),
            mk=Math(sp.Lt(_mi, 1)),
            lw=Math(MatMul(LAM, _w)),
            rule=KINK_RULE,
            k=k,
            w=Math(_w),
            w0=Math(W0),
            eta=Math(ETA),
        ),
    )
    answers = (
        Answer(
            "functional_margin",
            T("functional margin of sample {k}", "样本 {k} 的函数间隔", k=k),
            margin.exact,
            VALUE,
        ),
        *_gradient_answers(gw, gw0, w_new, w0_new),
    )
    return Solution(question, (margin, gw, gw0, w_new, w0_new), answers)


def _solve_two_points(params: Params, s: _Symbols) -> Solution:
    plus = 0 if params.labels[0] == 1 else 1
    xp, xm = _column(params.points[plus]), _column(params.points[1 - plus])
    d = len(params.points[0])
    Xp, Xm, D = MatrixSymbol("x_+", d, 1), MatrixSymbol("x_-", d, 1), MatrixSymbol("u", d, 1)
    diff = _step(
        T("Difference of the two samples", "两个样本之差"),
        D,
        MatAdd(Xp, MatMul(-1, Xm)),
        {Xp: xp, Xm: xm},
        note=T(
            "The optimal {w} points from {xm} to {xp}: {w} is a multiple of {u}.",
            "最优的 {w} 从 {xm} 指向 {xp}：{w} 是 {u} 的倍数。",
            w=Math(_w),
            xm=Math(Xm),
            xp=Math(Xp),
            u=Math(D),
        ),
    )
    us = [sp.Symbol(f"u_{j}") for j in range(1, d + 1)]
    squared = _step(
        T("Squared length of {u}", "{u} 的长度的平方", u=Math(D)),
        U2,
        sp.Add(*[u**2 for u in us]),
        dict(zip(us, diff.exact)),
    )
    w = _step(
        T(
            "Weights: both samples on the margin, {c}",
            "权重：两个样本都在间隔边界上，{c}",
            c=Math(sp.Eq(sp.Symbol("y_i") * _score_formula(), 1, evaluate=False)),
        ),
        s.w,
        MatMul(2 / U2, D),
        {U2: squared.exact, D: diff.exact},
        note=T(
            "With {w}, subtracting the two conditions gives {c} = 2.",
            "设 {w}，两式相减得 {c} = 2。",
            w=Math(sp.Eq(_w, sp.Symbol("c") * D, evaluate=False)),
            c=Math(sp.Symbol("c") * U2),
        ),
    )
    w_value = tuple(w.exact)
    w0_value = -sum(a * (p + m) for a, p, m in zip(w_value, xp, xm)) / 2
    w0 = _step(
        T("Bias: the hyperplane passes through the midpoint of the two samples", "偏置：超平面经过两个样本的中点"),
        W0,
        MatMul(sp.Rational(-1, 2), s.w.T, MatAdd(Xp, Xm)),
        {s.w: w.exact, Xp: xp, Xm: xm},
        exact=w0_value,
    )
    norm = _step(
        T("Norm of the weight vector", "权重向量的范数"),
        Norm(s.w),
        sp.sqrt(sp.Add(*[v**2 for v in (sp.Symbol(f"w_{j}") for j in range(1, d + 1))])),
        {sp.Symbol(f"w_{j}"): v for j, v in enumerate(w_value, 1)},
    )
    width = _width_step(
        norm.exact,
        s,
        note=T(
            "It equals {u}, the distance between the two samples.", "它等于两个样本之间的距离 {u}。", u=Math(Norm(D))
        ),
    )
    question = Question.of(
        T(
            "A hard-margin linear SVM is trained on two samples, {xp} labelled +1 and {xm} labelled -1:",
            "硬间隔线性支持向量机的训练集只有两个样本：标签为 +1 的 {xp} 和标签为 -1 的 {xm}：",
            xp=Math(Xp),
            xm=Math(Xm),
        ),
        Math(
            sp.Tuple(sp.Eq(Xp, shown("x_+", xp), evaluate=False), sp.Eq(Xm, shown("x_-", xm), evaluate=False)),
            display=True,
        ),
        T(
            "Find the maximum-margin hyperplane {h} (minimise {half} subject to {c} for both samples) and "
            "its margin width {width}.",
            "求最大间隔分离超平面 {h}（在两个样本都满足 {c} 的条件下最小化 {half}）及其间隔宽度 {width}。",
            h=HYPERPLANE,
            half=Math(sp.Rational(1, 2) * Norm(_w) ** 2),
            c=Math(sp.Ge(sp.Symbol("y_i") * _score_formula(), 1)),
            width=WIDTH,
        ),
    )
    answers = (
        Answer("w", T("weights {w}", "权重 {w}", w=Math(_w)), w_value, VALUE),
        Answer("w0", T("bias {w0}", "偏置 {w0}", w0=Math(W0)), w0_value, VALUE),
        _width_answer(width),
    )
    return Solution(question, (diff, squared, w, w0, norm, width), answers)


def _solve_support_vectors(params: Params, s: _Symbols) -> Solution:
    scores, margins = _score_steps(params, s)
    on_margin = [i for i, m in enumerate(margins.exact, 1) if m == 1]
    vectors = _indices_step(
        T("Support vectors: the samples on the margin", "支持向量：位于间隔边界上的样本"),
        sp.Symbol("SV"),
        on_margin,
        T("The samples with {m}.", "即满足 {m} 的样本。", m=Math(sp.Eq(_mi, 1))),
    )
    norm = _norm_step(params, s)
    width = _width_step(norm.exact, s)
    question = Question.of(
        *_intro(params, s),
        T(
            "This hyperplane is the hard-margin SVM's solution. Compute the functional margins {m}, find the "
            "support vectors (give their sample numbers) and the margin width {width}.",
            "该超平面是硬间隔支持向量机的最优解。求各样本的函数间隔 {m}，找出支持向量（写出样本序号），"
            "并求间隔宽度 {width}。",
            m=MARGIN_DEF,
            width=WIDTH,
        ),
    )
    answers = (
        _margins_answer(margins),
        Answer(
            "support_vectors",
            T("numbers of the support vectors", "支持向量的样本序号"),
            tuple(map(sp.Integer, on_margin)),
            INDICES,
        ),
        _width_answer(width),
    )
    return Solution(question, (scores, margins, vectors, norm, width), answers)


SOLVERS = {
    "margins": _solve_margins,
    "batch_subgradient_step": _solve_batch,
    "sgd_step": _solve_sgd,
    "hard_margin_two_points": _solve_two_points,
    "identify_support_vectors": _solve_support_vectors,
}


def solve(params: Params) -> Solution:
    return SOLVERS[params.mode](params, _Symbols(len(params.points), len(params.points[0])))


# --- mistakes, in floats ------------------------------------------------------------------

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "margin_one_over_norm": T("margin width taken as 1/‖w‖", "间隔宽度算成了 1/‖w‖"),
    "margin_over_squared_norm": T("margin width taken as 2/‖w‖²", "间隔宽度算成了 2/‖w‖²"),
    "distance_without_norm": T("distance not divided by ‖w‖", "距离没有除以 ‖w‖"),
    "norm_not_squared": T("penalty (λ/2)‖w‖ instead of (λ/2)‖w‖²", "正则项用了 (λ/2)‖w‖ 而不是 (λ/2)‖w‖²"),
    "missing_one_over_n": T("batch subgradient without the 1/N", "批量次梯度漏了 1/N"),
    "kink_counted_active": T("a sample with m = 1 counted in the hinge term", "把 m = 1 的样本算进了合页损失项"),
    "forgot_lambda_term": T("subgradient without λw", "次梯度漏了 λw"),
    "regularised_bias": T("bias regularised", "对偏置也做了正则化"),
}


def _floats(values) -> list[float]:
    return [float(v) for v in values]


def _float_step(params: Params, *, divide=True, lam_w=True, lam_b=False, kink=False) -> dict:
    """The subgradient step in floats, right or made wrong in one way: without the 1/N
    (`divide`), without λw (`lam_w`), with λw₀ in the bias's (`lam_b`), or counting samples
    with m = 1 in the hinge term (`kink`)."""
    X, y = [_floats(p) for p in params.points], _floats(params.labels)
    w, w0, lam, eta = _floats(params.w), float(params.w0), float(params.lam), float(params.eta)
    n, d, batch = len(X), len(w), params.mode == "batch_subgradient_step"
    margins = [float(m) for m in _margins(params)]
    chosen = [i for i, m in enumerate(margins) if m < 1 or (kink and m == 1)]
    if not batch:
        chosen = [i for i in chosen if i == params.sample - 1]
    scale = 1 / n if batch and divide else 1.0
    gw = [(lam * w[j] if lam_w else 0.0) - scale * sum(y[i] * X[i][j] for i in chosen) for j in range(d)]
    gw0 = (lam * w0 if lam_b else 0.0) - scale * sum(y[i] for i in chosen)
    return {"grad_w": gw, "grad_w0": gw0, "w_new": [a - eta * g for a, g in zip(w, gw)], "w0_new": w0 - eta * gw0}


def _step_mistakes(params: Params) -> dict:
    """{name: (message, wrong answers)}: the subgradient step made wrong in one way each."""
    step = functools.partial(_float_step, params)
    batch = params.mode == "batch_subgradient_step"
    found = {}
    if batch:
        found["missing_one_over_n"] = (
            T(
                "the objective averages the hinge losses, so the batch subgradient keeps their {n}: "
                "the note's per-sample form {g} is one sample's term",
                "目标函数对合页损失取平均，所以批量次梯度要保留 {n}：笔记中单个样本的形式 {g} 只是其中一项",
                n=Math(1 / N_),
                g=Math(MatAdd(MatMul(LAM, _w), MatMul(-1, _yi, _xi))),
            ),
            step(divide=False),
        )
    found["kink_counted_active"] = (
        T("{rule}, as the question says", "{rule}，题目已作此约定", rule=KINK_RULE),
        step(kink=True),
    )
    found["forgot_lambda_term"] = (
        T(
            "the penalty {p} adds {g} to the subgradient",
            "正则项 {p} 会给次梯度加上 {g}",
            p=Math(LAM / 2 * Norm(_w) ** 2),
            g=Math(MatMul(LAM, _w)),
        ),
        step(lam_w=False),
    )
    found["regularised_bias"] = (
        T(
            "the bias is not penalised: no {l} in its subgradient",
            "偏置不参与正则化：它的次梯度中没有 {l}",
            l=Math(LAM * W0),
        ),
        step(lam_b=True),
    )
    return found


def mistakes(params: Params, solution) -> list[Mistake]:
    right = {a.name: a.value for a in solution.answers}
    candidates = {}
    if params.mode in ("margins", "identify_support_vectors", "hard_margin_two_points"):
        norm = math.hypot(*(right["w"] if params.mode == "hard_margin_two_points" else _floats(params.w)))
        candidates["margin_one_over_norm"] = (
            T(
                "the margin width is {width}: {one} is the distance from the hyperplane to one margin plane",
                "间隔宽度是 {width}：{one} 只是超平面到一侧间隔边界的距离",
                width=WIDTH,
                one=Math(1 / Norm(_w)),
            ),
            {"margin_width": 1 / norm},
        )
        candidates["margin_over_squared_norm"] = (
            T(
                "the margin width is {width}, with the norm itself, not its square",
                "间隔宽度是 {width}，分母是范数本身，不是它的平方",
                width=WIDTH,
            ),
            {"margin_width": 2 / norm**2},
        )
    if params.mode == "margins":
        scores = [abs(float(f)) for f in _scores(params)]
        candidates["distance_without_norm"] = (
            T("the distance divides {f} by {n}", "距离要用 {f} 除以 {n}", f=Math(Bars(_fi)), n=Math(Norm(_w))),
            {"distances": scores},
        )
    if params.mode in ("margins", "batch_subgradient_step"):
        lam, norm = float(params.lam), math.hypot(*_floats(params.w))
        mean_hinge = sum(right["hinge"]) / len(right["hinge"])
        candidates["norm_not_squared"] = (
            T(
                "the penalty is {p}, with the norm squared ({half} in the note's margin argument is "
                "{sq} in the standard problem)",
                "正则项是 {p}，范数要平方（笔记中间隔推导的 {half} 在标准问题中应为 {sq}）",
                p=Math(LAM / 2 * Norm(_w) ** 2),
                half=Math(sp.Rational(1, 2) * Norm(_w)),
                sq=Math(sp.Rational(1, 2) * Norm(_w) ** 2),
            ),
            {"objective": mean_hinge + lam / 2 * norm},
        )
    if params.mode in STEP_MODES:
        candidates |= _step_mistakes(params)
    # twice the tolerance: a wrong value closer than that is no sign of the mistake
    return shown_mistakes(
        (Mistake(name, message, answers) for name, (message, answers) in candidates.items()), solution, margin=2
    )
