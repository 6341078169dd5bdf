"""Bias-variance decomposition of the expected squared error, from models trained on
different training sets (note 002 §5.1: 误差 = 偏差² + 方差 + 不可避免的噪声).

M models of one class are trained on M training sets drawn from the same distribution; at
the point x₀ model i predicts ŷᵢ, the true function is f = f(x₀), and an observation is
y = f + ε, the noise ε of mean 0 and variance σ², independent of the training sets.
(SYLLABUS.md writes the predictions f̂ᵢ and their mean f̄; ŷ and ȳ are the same quantities,
written with single Unicode characters so that text output lines up.)

    mean prediction   ȳ     = (1/M) Σᵢ ŷᵢ
    squared bias      Bias² = (ȳ - f)²
    variance          Var   = (1/M) Σᵢ (ŷᵢ - ȳ)²        an expectation over the training sets:
                                                       divide by M (np.var, ddof=0), not M - 1
    mean sq. error    MSE   = (1/M) Σᵢ (f - ŷᵢ)²        = Bias² + Var (the error against f)
    expected error    E[(y - ŷ)²] = Bias² + Var + σ²   (the error against the noisy y)

Several points x₁, …, x_K ("average over x"): ȳ(x_k), Var(x_k) and MSE(x_k) at each point;
Bias² is the average over the points of (ȳ(x_k) - f(x_k))², Var and MSE the averages of
Var(x_k) and MSE(x_k), and the expected error is Bias² + Var + σ² (the same σ² everywhere).

Comparing 2-3 model classes (the predictions given per class, by name): every answer is a
list with one entry per class, in the order given, and `best_model` is the number (1-based)
of the class of smallest expected error (ties: the first).

Note 002 also writes the sum loosely as "偏差+方差+噪音", without the square: adding the
bias itself is the mistake `bias_not_squared`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.columns import cells
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
    number,
    shown,
    shown_mistakes,
    step,
)
from exercises.core.number_text import decimal_text
from exercises.core.regression import minus
from exercises.core.render import printers
from exercises.core.symbols import SUBSCRIPTS, Ordered, Spelled, SumOver

TITLE = "Bias-variance decomposition"
DESCRIPTION = "Mean prediction over training sets, squared bias, variance (divide by M), noise and the expected error."
TITLE_ZH = "偏差-方差分解"
DESCRIPTION_ZH = "多个训练集上模型的平均预测、偏差的平方、方差（除以 M）、噪声与期望误差。"

MODELS = (2, 12)  # models per class a user may give
MOST_POINTS = 6
MOST_CLASSES = 3
LIMIT = 1000  # |a value| a user may give
FORMS = {
    "f_true": T(
        "the true value f(x₀) at the point, a number, e.g. 3; or a list of 2-{k} true values f(x₁), f(x₂), …, "
        "one per point, e.g. [3, 2, 5]",
        "该点的真实值 f(x₀)，一个数，例如 3；或 2-{k} 个点的真实值 f(x₁)、f(x₂)、… 组成的列表，例如 [3, 2, 5]",
        k=MOST_POINTS,
    ),
    "predictions": T(
        "the predictions of {a}-{b} models trained on different training sets: a list with one number per "
        "model, e.g. [2, 3, 5, 6]; with several points, one row per model holding its prediction at each "
        "point, e.g. [[2, 1], [3, 2.5], [5, 2]]; to compare 2-{c} model classes, an object from each class "
        'name to such a list, e.g. {{"linear": [2, 2.5, 3, 2.5], "cubic": [1, 4, 2, 5]}}',
        "在不同训练集上训练的 {a}-{b} 个模型的预测值：每个模型一个数的列表，例如 [2, 3, 5, 6]；"
        "有多个点时，每个模型一行、依次为它在各点的预测值，例如 [[2, 1], [3, 2.5], [5, 2]]；"
        '比较 2-{c} 类模型时，给出由类名到上述列表的对象，例如 {{"linear": [2, 2.5, 3, 2.5], "cubic": [1, 4, 2, 5]}}',
        a=MODELS[0],
        b=MODELS[1],
        c=MOST_CLASSES,
    ),
    "noise_var": T(
        "the noise variance σ², a number from 0 to {n}, e.g. 0.5",
        "噪声方差 σ²，0 到 {n} 之间的一个数，例如 0.5",
        n=LIMIT,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve bias_variance` takes
NAMES = tuple(FORMS)
VALUE = Check(abs_tol=0.001)
LETTERS = "ABC"


@dataclass(frozen=True)
class Params:
    f_true: tuple  # K exact true values f(x_k); K = 1: the one point x₀
    predictions: tuple  # per model class: M rows (one per model) of K exact predictions
    noise_var: sp.Rational
    names: tuple[str, ...] | None = None  # the model classes' names, when classes are compared

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES)
        f_true = _true_values(raw["f_true"])
        value = raw["predictions"]
        if isinstance(value, dict):
            if not 2 <= len(value) <= MOST_CLASSES:
                raise ParamError(
                    T(
                        "parameter 'predictions' as an object compares 2-{c} model classes, one list each; "
                        "give the predictions of one class as a plain list.",
                        "参数 'predictions' 写成对象时用于比较 2-{c} 类模型（每类一个列表）；"
                        "只有一类模型时请直接给出列表。",
                        c=MOST_CLASSES,
                    )
                )
            for name in value:
                if not name.strip() or len(name) > 40:
                    raise ParamError(
                        T(
                            "the model-class names of parameter 'predictions' must be 1-40 characters, "
                            'e.g. {{"linear": [...], "cubic": [...]}}.',
                            "参数 'predictions' 中的模型类名应为 1-40 个字符，"
                            '例如 {{"linear": [...], "cubic": [...]}}。',
                        )
                    )
            names = tuple(value)
            classes = tuple(_models(f"predictions.{name}", rows, len(f_true)) for name, rows in value.items())
        else:
            names, classes = None, (_models("predictions", value, len(f_true)),)
        noise = read.number("noise_var", raw["noise_var"], FORMS["noise_var"], 0, LIMIT)
        return cls(f_true, classes, noise, names)

    def to_json(self) -> dict:
        one = len(self.f_true) == 1

        def rows(models):
            return [read.to_json(row[0]) if one else [read.to_json(x) for x in row] for row in models]

        predictions = (
            {name: rows(models) for name, models in zip(self.names, self.predictions)}
            if self.names
            else rows(self.predictions[0])
        )
        f_true = read.to_json(self.f_true[0]) if one else [read.to_json(x) for x in self.f_true]
        return {"f_true": f_true, "predictions": predictions, "noise_var": read.to_json(self.noise_var)}


def _true_values(value) -> tuple:
    if isinstance(value, list):
        return read.vector("f_true", value, FORMS["f_true"], (1, MOST_POINTS), low=-LIMIT, high=LIMIT)
    return (read.number("f_true", value, FORMS["f_true"], -LIMIT, LIMIT),)


def _models(name: str, value, k: int) -> tuple:
    """M rows of k predictions: one number per model for one point (a list of one-number
    lists too), one row per model for k points."""
    form = FORMS["predictions"]
    if k == 1:
        if isinstance(value, list) and value and all(isinstance(row, list) and len(row) == 1 for row in value):
            value = [row[0] for row in value]
        if isinstance(value, list) and any(isinstance(row, list) for row in value):
            raise ParamError(
                T(
                    "parameter '{name}' must hold one number per model: 'f_true' gives one point, "
                    "so each model has one prediction.",
                    "参数 '{name}' 应为每个模型给出一个数：'f_true' 只给出一个点，所以每个模型只有一个预测值。",
                    name=name,
                )
            )
        models = read.vector(name, value, form, MODELS, low=-LIMIT, high=LIMIT)
        return tuple((x,) for x in models)
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise ParamError(
            T(
                "parameter '{name}' must hold one row per model with its prediction at each of the {k} points "
                "of 'f_true', e.g. [[2, 1], [3, 2.5], [5, 2]] for 2 points.",
                "参数 '{name}' 应为每个模型一行，依次给出它在 'f_true' 的 {k} 个点上的预测值，"
                "例如 2 个点时写 [[2, 1], [3, 2.5], [5, 2]]。",
                name=name,
                k=k,
            )
        )
    models = read.matrix(name, value, form, rows=MODELS, cols=(1, MOST_POINTS), low=-LIMIT, high=LIMIT)
    if len(models[0]) != k:
        raise ParamError(
            T(
                "parameter '{name}' must give each model's prediction at each of the {k} points of 'f_true'; "
                "its rows have {n}.",
                "参数 '{name}' 应给出每个模型在 'f_true' 的 {k} 个点上的预测值；但它每行有 {n} 个数。",
                name=name,
                k=k,
                n=len(models[0]),
            )
        )
    return models


# --- generation ------------------------------------------------------------------------------

NOISES = ("0.25", "0.5", "1")
CLASS_NAMES = (("linear", "cubic"), ("ridge", "OLS"), ("kNN-15", "kNN-1"), ("tree-2", "tree-10"))
CLEAR = 0.01  # a mistake moves each entry it touches by this much (10 tolerances), and two mistakes differ by it
MARGIN = Fraction(1, 4)  # compared classes: the expected errors differ by at least this


def _rational(x) -> sp.Rational:
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


def generate(dice, difficulty: str) -> Params:
    """easy: one point, M = 3-5 models, integer f(x₀) in 2-8 and integer predictions 0-12 within 4
    of it, ȳ a multiple of ½ and the variance at most two decimals; medium: one point,
    M = 3-5, integer f(x₀) in 1-9, predictions multiples of ½ within 3 of it; hard: either two
    model classes at one point (M = 4-5 each, one class biased and steady, the other centred
    and spread, so that one trades bias for variance; their expected errors at least ¼ apart),
    or K = 2-3 points (M = 3-4, f(x_k) integers in 0-9, predictions halves within 3). σ² is
    0.25, 0.5 or 1. Drawn again unless every class has a bias and a variance at every point
    and each mistake moves each answer it touches clearly, and differently from the others."""
    noise = _rational(dice.choice(NOISES))
    if difficulty == "easy":
        f, m = dice.integer(2, 8), dice.integer(3, 5)
        models = tuple((sp.Integer(dice.integer(max(0, f - 4), f + 4)),) for _ in range(m))
        params = Params((sp.Integer(f),), (models,), noise)
        mean = sum(row[0] for row in models) / m
        variance = sum((row[0] - mean) ** 2 for row in models) / m
        if (2 * mean).q != 1 or (100 * variance).q != 1:
            raise Redraw("a mean prediction or a variance that is not calculator-friendly")
    elif difficulty == "medium":
        f, m = dice.integer(1, 9), dice.integer(3, 5)
        models = tuple((_rational(dice.decimal(f - 3, f + 3, "0.5")),) for _ in range(m))
        params = Params((sp.Integer(f),), (models,), noise)
    elif dice.choice(("compare", "points")) == "compare":
        f, m = dice.integer(2, 8), dice.integer(4, 5)
        centre = f + Fraction(dice.choice((-2, -1.5, -1, 1, 1.5, 2)))
        steady = tuple((_rational(dice.decimal(centre - 1, centre + 1, "0.5")),) for _ in range(m))
        spread = tuple((_rational(dice.decimal(f - 4, f + 4, "0.5")),) for _ in range(m))
        classes, names = (steady, spread), dice.choice(CLASS_NAMES)
        if dice.integer(0, 1):
            classes, names = classes[::-1], names[::-1]
        params = Params((sp.Integer(f),), classes, noise, names)
        bias, variance, expected = (_numbers(params)[key] for key in ("bias_sq", "variance", "expected_error"))
        if (bias[0] - bias[1]) * (variance[0] - variance[1]) >= 0 or abs(expected[0] - expected[1]) < MARGIN:
            raise Redraw("no trade of bias for variance, or expected errors too close to pick the better class")
    else:
        k, m = dice.integer(2, 3), dice.integer(3, 4)
        f_true = tuple(sp.Integer(dice.integer(0, 9)) for _ in range(k))
        models = tuple(tuple(_rational(dice.decimal(f - 3, f + 3, "0.5")) for f in f_true) for _ in range(m))
        params = Params(f_true, (models,), noise)
    if not _clear(params):
        raise Redraw("a point without bias or variance, or a mistake too close to the answer or to another mistake")
    return params


def _clear(params: Params) -> bool:
    """Every class has a bias and a variance at every point, and each mistake moves every entry
    of each answer it touches by CLEAR at least, to a value no other mistake gives."""
    for models, f_true in ((models, params.f_true) for models in params.predictions):
        for k, f in enumerate(f_true):
            column = [row[k] for row in models]
            if len(set(column)) == 1 or sum(column) == len(column) * f:
                return False
    right = _numbers(params)
    wrong = {name: _numbers(params, **how) for name, how in HOW.items()}
    for name, answers in TOUCHES.items():
        if any(_gap(wrong[name][key], right[key]) < CLEAR for key in answers):
            return False
    names = list(TOUCHES)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if any(_gap(wrong[a][key], wrong[b][key]) < CLEAR for key in set(TOUCHES[a]) & set(TOUCHES[b])):
                return False
    return True


def _gap(a, b) -> float:
    """The smallest difference between corresponding entries."""
    if isinstance(a, list):
        return min(_gap(x, y) for x, y in zip(a, b))
    return abs(a - b)


# --- the symbols -----------------------------------------------------------------------------


def _at(k: int | str | None) -> tuple[str, str]:
    """The point of a quantity, as text and LaTeX: "(x₂)"; nothing for the one point x₀."""
    if k is None:
        return "", ""
    return f"(x{str(k).translate(SUBSCRIPTS)})", f"(x_{{{k}}})"


def _hat(i: int, k: int | None = None) -> Spelled:
    """ŷᵢ, the prediction of model i (at x_k)."""
    text, tex = _at(k)
    return Spelled(f"ŷ{str(i).translate(SUBSCRIPTS)}{text}", rf"\hat{{y}}_{{{i}}}{tex}")


def _bar(k: int | None = None) -> Spelled:
    text, tex = _at(k)
    return Spelled(f"ȳ{text}", rf"\bar{{y}}{tex}")


def _true(k: int | str | None = None) -> Spelled:
    """f(x_k); at the one point x₀, f for short (the question says so)."""
    text, tex = _at(k)
    return Spelled(f"f{text}", f"f{tex}")


def _at_point(name: str, latex: str, k: int | str | None = None) -> Spelled:
    """Var(x₂), MSE(x₂): a quantity at one of several points."""
    text, tex = _at(k)
    return Spelled(f"{name}{text}", f"{latex}{tex}")


BIAS_SQ = Spelled("Bias²", r"\mathrm{Bias}^{2}")
VAR = Spelled("Var", r"\mathrm{Var}")
MSE = Spelled("MSE", r"\mathrm{MSE}")
NOISE = Spelled("σ²", r"\sigma^{2}")
ERROR = Spelled("E[(y - ŷ)²]", r"\mathbb{E}\left[(y - \hat{y})^{2}\right]")
M_, K_ = sp.Symbol("M"), sp.Symbol("K")
_i = sp.Symbol("i")
Y_HAT_I, Y_BAR, F_TRUE = Spelled("ŷᵢ", r"\hat{y}_{i}"), _bar(), _true()
DECOMPOSITION = Ordered(BIAS_SQ, VAR, NOISE, evaluate=False)
BIAS_SAID = Math(sp.Eq(BIAS_SQ, minus(Y_BAR, F_TRUE) ** 2, evaluate=False))  # Bias² = (ȳ - f)²
ERROR_SAID = Math(sp.Eq(ERROR, DECOMPOSITION, evaluate=False))  # E[(y - ŷ)²] = Bias² + Var + σ²
MSE_IS = Math(sp.Eq(MSE, Ordered(BIAS_SQ, VAR, evaluate=False), evaluate=False))  # MSE = Bias² + Var


def _mean_of(terms, size) -> sp.Expr:
    """(t₁ + t₂ + …)/size, the terms in the order given."""
    total = terms[0] if len(terms) == 1 else Ordered(*terms, evaluate=False)
    return sp.Mul(total, sp.Pow(size, -1), evaluate=False)


def _said(lhs, body, index=_i, size=M_) -> Math:
    """lhs = (Σᵢ body)/M, as a sentence states a definition."""
    return Math(sp.Eq(lhs, sp.Mul(SumOver(sp.S.One, body, index), sp.Pow(size, -1), evaluate=False), evaluate=False))


MSE_SAID = _said(MSE, minus(F_TRUE, Y_HAT_I) ** 2)


# --- the solution ----------------------------------------------------------------------------


def _class_said(params: Params, c: int, capital: bool = False) -> Text:
    """class A ('linear'), or class A when that is its name."""
    letter, name = LETTERS[c], params.names[c]
    word = "Class" if capital else "class"
    if name == letter:
        return T("{word} {L}", "模型类 {L}", word=word, L=letter)
    return T("{word} {L} ('{name}')", "模型类 {L}（“{name}”）", word=word, L=letter, name=name)


def _title(params: Params, c: int, k: int | None, en: str, zh: str, **values) -> Text:
    """A step's title, led by its class (when classes are compared) and its point (when there
    are several): "Class A ('linear') at x₂: variance over the models"."""
    parts = []
    if params.names:
        parts.append(_class_said(params, c, capital=True))
    if k is not None:
        parts.append(
            T("At {x}", "在 {x} 处", x=Math(sp.Symbol(f"x_{k}")))
            if not parts
            else T("at {x}", "在 {x} 处", x=Math(sp.Symbol(f"x_{k}")))
        )
    if not parts:
        return T(en[0].upper() + en[1:], zh, **values)
    return T("{head}: " + en, "{head}：" + zh, head=join(parts, T(" ", "")), **values)


def _step(title, lhs, formula, values, note="") -> Step:
    return step(title, lhs, formula, values, decimals=True, note=note)


ROOM = 76  # columns of a worked step in text: 80, less the indent of 4


def _mean_step(title, lhs, terms, size, values, note="") -> Step:
    """lhs = (t₁ + t₂ + …)/size; when that fraction, or its numbers, would not fit the text
    width (many models), t₁/size + t₂/size + … instead, which a line may break between terms."""
    made = _step(title, lhs, _mean_of(terms, size), values, note)
    # the one-line form, (t₁ + t₂ + …)/size, is about as wide as the drawn fraction's numerator,
    # which sets each square's exponent a column apart: one more column per term
    line = printers().line
    room = ROOM - cells(line(lhs)) - 3
    if all(cells(line(e)) + len(terms) <= room for e in (made.formula, made.substituted)):
        return made
    spread = Ordered(*[sp.Mul(t, sp.Pow(size, -1), evaluate=False) for t in terms], evaluate=False)
    return _step(title, lhs, spread, values, note)


def _point_steps(params: Params, c: int, k: int) -> list[Step]:
    """Mean prediction, (squared bias, at the one point), variance and mean squared error of
    class c at point k (0-based)."""
    models, f = params.predictions[c], params.f_true[k]
    size, several, first = len(models), len(params.f_true) > 1, c == 0
    at = k + 1 if several else None
    hats = [_hat(i, at) for i in range(1, size + 1)]
    given = dict(zip(hats, (row[k] for row in models))) | {M_: size}
    bar, true = _bar(at), _true(at)
    mean = _mean_step(
        _title(params, c, at, "mean prediction of the {M} models", "{M} 个模型的平均预测", M=size),
        bar,
        hats,
        M_,
        given,
    )
    steps = [mean]
    if not several:
        steps.append(
            _step(
                _title(params, c, at, "squared bias", "偏差的平方"),
                BIAS_SQ,
                minus(bar, true) ** 2,
                {bar: mean.exact, true: f},
                note=T(
                    "The bias is the gap between the mean prediction and the true value; the "
                    "decomposition uses its square.",
                    "偏差是模型的平均预测与真实值之间的差距；分解式中用的是它的平方。",
                )
                if first
                else "",
            )
        )
    steps.append(
        _mean_step(
            _title(params, c, at, "variance over the models", "各模型预测值的方差"),
            _at_point("Var", r"\mathrm{Var}", at),
            [minus(h, bar) ** 2 for h in hats],
            M_,
            given | {bar: mean.exact},
            note=T(
                "An expectation over the training sets: divide by {M}, not by {M1}.",
                "方差是对训练集求期望：除以 {M}，而不是 {M1}。",
                M=Math(sp.Eq(M_, size)),
                M1=Math(sp.Eq(minus(M_, sp.S.One), size - 1)),
            )
            if first and k == 0
            else "",
        )
    )
    steps.append(
        _mean_step(
            _title(params, c, at, "mean squared error against the true value", "相对真实值的均方误差"),
            _at_point("MSE", r"\mathrm{MSE}", at),
            [minus(true, h) ** 2 for h in hats],
            M_,
            given | {true: f},
            note=T(
                "It equals {rule}: the error against the true value holds the bias and the variance, but no noise.",
                "它等于 {rule}：相对真实值的误差包含偏差和方差，但不含噪声。",
                rule=MSE_IS,
            )
            if first and not several
            else "",
        )
    )
    return steps


def _averages(params: Params, c: int, per_point: list[list[Step]]) -> list[Step]:
    """Squared bias, variance and mean squared error averaged over the K points (and, when
    classes are compared, the class's mean predictions as one row)."""
    points, first = len(params.f_true), c == 0
    over = dict(K=points)
    bars, trues = [_bar(k) for k in range(1, points + 1)], [_true(k) for k in range(1, points + 1)]
    means = [steps[0].exact for steps in per_point]
    bias = _mean_step(
        _title(params, c, None, "squared bias, averaged over the {K} points", "偏差的平方（{K} 个点上的平均）", **over),
        BIAS_SQ,
        [minus(b, t) ** 2 for b, t in zip(bars, trues)],
        K_,
        dict(zip(bars, means)) | dict(zip(trues, params.f_true)) | {K_: points},
        note=T(
            "At each point, the gap between the mean prediction and the true value, squared.",
            "每个点上平均预测与真实值之差的平方。",
        )
        if first
        else "",
    )
    out = [bias]
    for lhs, name, latex, en, zh, note in (
        (VAR, "Var", r"\mathrm{Var}", "variance", "方差", ""),
        (
            MSE,
            "MSE",
            r"\mathrm{MSE}",
            "mean squared error",
            "均方误差",
            T("It equals {rule}.", "它等于 {rule}。", rule=MSE_IS) if first else "",
        ),
    ):
        names = [_at_point(name, latex, k) for k in range(1, points + 1)]
        index = 1 if lhs is VAR else 2
        out.append(
            _mean_step(
                _title(params, c, None, en + ", averaged over the {K} points", zh + "（{K} 个点上的平均）", **over),
                lhs,
                names,
                K_,
                dict(zip(names, (steps[index].exact for steps in per_point))) | {K_: points},
                note=note,
            )
        )
    if params.names:
        out.append(
            step(
                _title(params, c, None, "the mean predictions at the {K} points", "{K} 个点上的平均预测", **over),
                Y_BAR,
                sp.ImmutableMatrix([bars]),
                dict(zip(bars, means)),
                exact=sp.ImmutableMatrix([means]),
                decimals=True,
            )
        )
    return out


def _class_steps(params: Params, c: int) -> tuple[list[Step], dict]:
    """The steps of model class c, and its exact results: mean (one per point), bias_sq,
    variance, mse, expected."""
    points = len(params.f_true)
    per_point = [_point_steps(params, c, k) for k in range(points)]
    steps = [s for group in per_point for s in group]
    if points > 1:
        averaged = _averages(params, c, per_point)
        steps += averaged
        bias, variance, error = averaged[:3]
    else:
        bias, variance, error = per_point[0][1:]
    expected = _step(
        _title(
            params, c, None, "expected error = squared bias + variance + noise", "期望误差 = 偏差的平方 + 方差 + 噪声"
        ),
        ERROR,
        DECOMPOSITION,
        {BIAS_SQ: bias.exact, VAR: variance.exact, NOISE: params.noise_var},
        note=T(
            "{s2} is the noise of the observed y, which no model can remove "
            "(note 002: the noise in the true labels is beyond your control).",
            "{s2} 是观测值 y 中的噪声，任何模型都无法消除（笔记 002：真实标签的噪声不是你能掌握的）。",
            s2=Math(NOISE),
        )
        if c == 0
        else "",
    )
    steps.append(expected)
    results = {
        "mean_prediction": tuple(group[0].exact for group in per_point) if points > 1 else per_point[0][0].exact,
        "bias_sq": bias.exact,
        "variance": variance.exact,
        "expected_error": expected.exact,
        "mean_sq_error_models": error.exact,
    }
    return steps, results


def _best_step(params: Params, results: list[dict]) -> Step:
    """The class of smallest expected error (ties: the first), and why."""
    errors = [number(r["expected_error"]) for r in results]
    best = min(range(len(errors)), key=lambda c: (errors[c], c))
    listed = join(
        T("{E} = {v}", "{E} = {v}", E=Math(Spelled(f"E({LETTERS[c]})", f"E({LETTERS[c]})")), v=decimal_text(e))
        for c, e in enumerate(errors)
    )
    note = T(
        "Expected errors to 4 significant digits: {listed}.",
        "各期望误差（保留 4 位有效数字）：{listed}。",
        listed=listed,
    )
    if len(results) == 2:
        other = 1 - best
        bias = [number(r["bias_sq"]) for r in results]
        variance = [number(r["variance"]) for r in results]
        if bias[best] > bias[other] and variance[best] < variance[other]:
            note += T(" Its smaller variance outweighs its larger bias.", "它的方差较小，抵过了较大的偏差。")
        elif bias[best] < bias[other] and variance[best] > variance[other]:
            note += T(" Its smaller bias outweighs its larger variance.", "它的偏差较小，抵过了较大的方差。")
    if errors.count(errors[best]) > 1:
        note += T(" Equal expected errors: the first class.", "期望误差相同时取靠前的一类。")
    title = T(
        "The class of smallest expected error: {cls}", "期望误差最小的模型类：{cls}", cls=_class_said(params, best)
    )
    return Step(title, sp.Symbol("k"), exact=sp.Integer(best + 1), note=note)


LABELS = {
    "mean_prediction": (T("mean prediction", "平均预测"), Y_BAR),
    "bias_sq": (T("squared bias", "偏差的平方"), BIAS_SQ),
    "variance": (T("variance over the models", "各模型预测值的方差"), VAR),
    "expected_error": (T("expected error", "期望误差"), ERROR_SAID.expr),
    "mean_sq_error_models": (T("mean squared error against the true value", "相对真实值的均方误差"), MSE),
}


def _label(params: Params, name: str) -> Text:
    """What an answer is, and its shape: one per point, averaged over the points, one per class."""
    what, symbol = LABELS[name]
    several, compared = len(params.f_true) > 1, params.names is not None
    label = T("{what} {s}", "{what} {s}", what=what, s=Math(symbol))
    if several:
        label += (
            T(", one per point", "（每个点一个）")
            if name == "mean_prediction"
            else T(", averaged over the points", "（各点上的平均）")
        )
    if compared:
        order = join(LETTERS[: len(params.predictions)])
        if several and name == "mean_prediction":
            label += T(", one row per class ({order})", "，每类一行（{order}）", order=order)
        else:
            label += T(", one per class ({order})", "，每类一个（{order}）", order=order)
    return label


def solve(params: Params) -> Solution:
    done = [_class_steps(params, c) for c in range(len(params.predictions))]
    steps = [s for group, _ in done for s in group]
    results = [r for _, r in done]
    compared = params.names is not None
    answers = [
        Answer(name, _label(params, name), tuple(r[name] for r in results) if compared else results[0][name], VALUE)
        for name in LABELS
    ]
    if compared:
        best = _best_step(params, results)
        steps.append(best)
        which = join(T("{i} = {L}", "{i} = {L}", i=c + 1, L=LETTERS[c]) for c in range(len(results)))
        label = T(
            "number of the class of smallest expected error ({which})",
            "期望误差最小的模型类的编号（{which}）",
            which=which,
        )
        answers.append(Answer("best_model", label, best.exact, EXACT))
    return Solution(_question(params), tuple(steps), tuple(answers))


def _row(symbols, values) -> Math:
    """[s₁ s₂ …] = [v₁ v₂ …], displayed."""
    row = sp.ImmutableMatrix([symbols])
    return Math(sp.Eq(row, shown("v", sp.ImmutableMatrix([values]), True), evaluate=False), display=True)


def _definitions(several: bool) -> dict:
    """The formulas a sentence states: at the point x₀, or at each point x_k and averaged over
    the K points."""
    if not several:
        var = _said(VAR, minus(Y_HAT_I, Y_BAR) ** 2)
        return dict(ybar=_said(Y_BAR, Y_HAT_I), var=var, mse=MSE_SAID, bias=BIAS_SAID, error=ERROR_SAID)
    hat, bar, true = Spelled("ŷᵢ(xₖ)", r"\hat{y}_{i}(x_{k})"), _at_point("ȳ", r"\bar{y}", "k"), _true("k")
    return dict(
        ybar=_said(bar, hat),
        var=_said(_at_point("Var", r"\mathrm{Var}", "k"), minus(hat, bar) ** 2),
        mse=_said(_at_point("MSE", r"\mathrm{MSE}", "k"), minus(true, hat) ** 2),
        bias=_said(BIAS_SQ, minus(bar, true) ** 2, sp.Symbol("k"), K_),
        error=ERROR_SAID,
    )


def _question(params: Params) -> Question:
    points, compared = len(params.f_true), params.names is not None
    several = points > 1
    sizes = [len(models) for models in params.predictions]
    if compared:
        per = (
            T("{M} models per class", "每类 {M} 个模型", M=sizes[0])
            if len(set(sizes)) == 1
            else T("{M} models", "分别为 {M} 个模型", M=join(str(m) for m in sizes))
        )
        opening = T(
            "Models of {C} classes were trained, each on its own training set drawn from the same "
            "distribution ({per}).",
            "{C} 类模型各自在从同一分布中抽取的不同训练集上训练（{per}）。",
            C=len(sizes),
            per=per,
        )
    else:
        opening = T(
            "{M} models of the same class were trained on {M} different training sets drawn from the same "
            "distribution.",
            "用从同一分布中抽取的 {M} 个不同训练集，训练了同一类的 {M} 个模型。",
            M=sizes[0],
        )
    parts = [opening]
    if several:
        parts += [
            T(
                "At the points {xs} the true function takes the values",
                "在 {xs} 这些点上，真实函数的取值为",
                xs=join(Math(sp.Symbol(f"x_{k}")) for k in range(1, points + 1)),
            ),
            _row([_true(k) for k in range(1, points + 1)], params.f_true),
        ]
    else:
        true = Math(sp.Eq(Spelled("f(x₀)", "f(x_{0})"), shown("f", params.f_true[0], True)))
        parts.append(
            T(
                "At the point {x0} the true value is {f} ({short} for short).",
                "在 {x0} 处真实值为 {f}（下文简记为 {short}）。",
                x0=Math(sp.Symbol("x_0")),
                f=true,
                short=Math(F_TRUE),
            )
        )
    layout = T(" (one row per model, one column per point)", "（每个模型一行，每个点一列）") if several else ""
    predict = T("They predict{layout}", "各模型的预测值为{layout}", layout=layout)
    for c, models in enumerate(params.predictions):
        if compared:
            predict = T(
                "The models of {cls} predict{layout}",
                "{cls}的各模型预测值为{layout}",
                cls=_class_said(params, c),
                layout=layout,
            )
        if several:
            hat = Spelled(
                "Ŷ" + ("" if not compared else f"({LETTERS[c]})"),
                r"\hat{Y}" + ("" if not compared else f"({LETTERS[c]})"),
            )
            matrix = Math(sp.Eq(hat, shown("F", sp.ImmutableMatrix(models), True), evaluate=False), display=True)
            parts += [predict, matrix]
        else:
            parts += [predict, _row([_hat(i) for i in range(1, len(models) + 1)], [row[0] for row in models])]
    noise = Math(sp.Eq(NOISE, shown("s", params.noise_var, True)))
    y = Math(
        sp.Eq(
            sp.Symbol("y"),
            Ordered(Spelled("f(x)", "f(x)") if several else F_TRUE, sp.Symbol("epsilon"), evaluate=False),
        )
    )
    where = (
        T("at a point {x}", "在点 {x} 处", x=Math(sp.Symbol("x")))
        if several
        else T("at {x0}", "在 {x0} 处", x0=Math(sp.Symbol("x_0")))
    )
    parts.append(
        T(
            "An observation {where} is {y}, the noise {eps} of mean 0 and variance {s2}, independent of the "
            "training sets.",
            "{where}的观测值为 {y}，其中噪声 {eps} 的均值为 0、方差为 {s2}，且与训练集无关。",
            where=where,
            y=y,
            eps=Math(sp.Symbol("epsilon")),
            s2=noise,
        )
    )
    definitions = _definitions(several)
    if several:
        ask = T(
            "At each point {xk} compute the mean prediction {ybar}, the variance {var} over the models and the "
            "mean squared error {mse} against the true value (divide by M, not M - 1); then, averaged over "
            "the {K} points, the squared bias {bias}, the variance, the mean squared error and the expected "
            "error {error}.",
            "在每个点 {xk} 上求平均预测 {ybar}、各模型预测值的方差 {var} 以及相对真实值的均方误差 {mse}"
            "（除以 M，而不是 M - 1）；再求 {K} 个点上的平均：偏差的平方 {bias}、方差、均方误差，"
            "以及期望误差 {error}。",
            K=points,
            xk=Math(sp.Symbol("x_k")),
            **definitions,
        )
    else:
        ask = T(
            "Compute the mean prediction {ybar}, the squared bias {bias}, the variance {var} over the models "
            "(divide by M, not M - 1), the expected error {error} of a prediction against the observation, "
            "and the mean squared error {mse} of the models against the true value.",
            "求平均预测 {ybar}、偏差的平方 {bias}、各模型预测值的方差 {var}（除以 M，而不是 M - 1）、"
            "预测值相对观测值的期望误差 {error}，以及各模型相对真实值的均方误差 {mse}。",
            **definitions,
        )
    if compared:
        ask += T(
            " Do it for each class, and say which class has the smaller expected error.",
            "对每一类模型分别计算，并指出哪一类的期望误差更小。",
        )
    parts.append(ask + T(" Keep 4 significant digits in intermediate results.", "中间结果保留 4 位有效数字。"))
    return Question.of(*parts)


# --- floats: the mistakes ----------------------------------------------------------------------


def _numbers(params: Params, *, ddof: int = 0, square: bool = True, noise: bool = True, as_mse: bool = False) -> dict:
    """Every answer as floats (per class: lists), computed from exact fractions the right way
    or the way a mistake does it: the variance over M - ddof, the bias not squared, the noise
    left out, the squared bias taken as the mean squared error."""
    sigma2 = Fraction(int(params.noise_var.p), int(params.noise_var.q))
    per_class = []
    for models in params.predictions:
        size = len(models)
        means, biases, variances, errors = [], [], [], []
        for k, f in enumerate(params.f_true):
            f = Fraction(int(f.p), int(f.q))
            column = [Fraction(int(row[k].p), int(row[k].q)) for row in models]
            mean = sum(column) / size
            means.append(mean)
            biases.append((mean - f) ** 2 if square else abs(mean - f))
            variances.append(sum((v - mean) ** 2 for v in column) / (size - ddof))
            errors.append(sum((f - v) ** 2 for v in column) / size)
        points = len(params.f_true)
        mse = sum(errors) / points
        bias = mse if as_mse else sum(biases) / points
        variance = sum(variances) / points
        per_class.append(
            {
                "mean_prediction": means if points > 1 else means[0],
                "bias_sq": bias,
                "variance": variance,
                "expected_error": bias + variance + (sigma2 if noise else 0),
                "mean_sq_error_models": mse,
            }
        )
    if params.names is None:
        return {key: _floats(value) for key, value in per_class[0].items()}
    out = {key: [_floats(r[key]) for r in per_class] for key in per_class[0]}
    errors = out["expected_error"]
    out["best_model"] = min(range(len(errors)), key=lambda c: (errors[c], c)) + 1
    return out


def _floats(value):
    return [float(x) for x in value] if isinstance(value, list) else float(value)


HOW = {  # how each mistake computes
    "variance_m_minus_1": {"ddof": 1},
    "bias_not_squared": {"square": False},
    "noise_omitted": {"noise": False},
    "bias_sq_as_mse": {"as_mse": True},
}
TOUCHES = {  # the answers each mistake changes (and best_model, when it happens to)
    "variance_m_minus_1": ("variance", "expected_error"),
    "bias_not_squared": ("bias_sq", "expected_error"),
    "noise_omitted": ("expected_error",),
    "bias_sq_as_mse": ("bias_sq", "expected_error"),
}
MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "variance_m_minus_1": T("variance divided by M - 1", "方差除以了 M - 1"),
    "bias_not_squared": T("bias not squared", "偏差没有平方"),
    "noise_omitted": T("noise left out of the expected error", "期望误差漏了噪声"),
    "bias_sq_as_mse": T("squared bias taken as the mean squared error", "把均方误差当成了偏差的平方"),
}


def _messages(params: Params) -> dict:
    definitions = _definitions(len(params.f_true) > 1)
    sizes = sorted({len(models) for models in params.predictions})
    m = Math(sp.Eq(M_, sizes[0])) if len(sizes) == 1 else Math(M_)
    return {
        "variance_m_minus_1": T(
            "the variance is an expectation over the training sets: divide by {M}, the number of models, "
            "not by M - 1 (that is the sample variance, an estimate from a sample)",
            "方差是对训练集的期望：除以模型个数 {M}，而不是 M - 1（那是由样本估计总体的样本方差）",
            M=m,
        ),
        "bias_not_squared": T(
            "the decomposition adds the squared bias {bias}, not the bias itself "
            "(note 002's shorthand 'bias + variance + noise' drops the square)",
            "分解式中加的是偏差的平方 {bias}，而不是偏差本身（笔记 002 的简写“偏差+方差+噪音”漏掉了平方）",
            bias=definitions["bias"],
        ),
        "noise_omitted": T(
            "the expected error against the noisy observation y also holds the noise {s2}, which no model "
            "can remove: {rule}",
            "相对含噪声的观测值 y 的期望误差还包含噪声 {s2}，任何模型都无法消除它：{rule}",
            s2=Math(sp.Eq(NOISE, shown("s", params.noise_var, True))),
            rule=ERROR_SAID,
        ),
        "bias_sq_as_mse": T(
            "the squared bias is the square of the mean error, {bias}, not the mean of the squared errors "
            "{mse} (that mean already holds the variance)",
            "偏差的平方是平均误差的平方 {bias}，而不是误差平方的平均 {mse}（后者已经包含了方差）",
            bias=definitions["bias"],
            mse=definitions["mse"],
        ),
    }


def mistakes(params: Params, solution) -> list[Mistake]:
    messages = _messages(params)
    candidates = []
    for name, how in HOW.items():
        wrong = _numbers(params, **how)
        keys = TOUCHES[name] + (("best_model",) if params.names else ())
        candidates.append(Mistake(name, messages[name], {key: wrong[key] for key in keys}))
    return shown_mistakes(candidates, solution)
