"""K-fold cross-validation: folds, training sets, CV errors and the model chosen.

The n samples are numbered 1..n in their order and split without shuffling, as
scikit-learn's KFold(n_splits=K, shuffle=False) does:

    q = ⌊n/K⌋,  r = n mod K
    |V_j| = q + 1 for the first r folds (j ≤ r), q for the others
    V_j   = the next |V_j| samples: first_j = last_(j-1) + 1, last_j = first_j + |V_j| - 1
    |T_j| = n - |V_j|                  (the training set is the other K - 1 folds)

Each model is trained once per training set T_j and scored on V_j: K fits per model (with
leave-one-out, K = n; a final refit on all n samples is not counted). Its CV error is the
mean of its K validation errors, and the model chosen has the smallest:

    CV_m = (1/K) Σ_j e_mj,    chosen = argmin_m CV_m    (a tie goes to the smaller model number)

With the targets y (hard), a baseline is added as the last model: on fold j it predicts the
mean of the training targets, and its validation error is the fold's mean squared error

    S = Σ_i y_i,   ȳ⁽ʲ⁾ = (S - Σ_{i∈V_j} y_i) / |T_j|,   MSE_j = (1/|V_j|) Σ_{i∈V_j} (y_i - ȳ⁽ʲ⁾)²

Training errors, when given, are a distractor: a model is chosen by its CV (validation)
error, never by its training error. Sample and model numbers are 1-based; a validation fold
is given by its first and last sample, one row per fold.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import (
    EXACT,
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    shown,
    shown_mistakes,
    step,
)
from exercises.core.number_text import decimal_text
from exercises.core.symbols import SUBSCRIPTS, Ordered, Spelled, is_short_decimal
from exercises.core.tables import TIE, first_best

TITLE = "K-fold cross-validation"
DESCRIPTION = (
    "Fold sizes and samples (KFold, no shuffling), training-set sizes, mean CV error of each model, the choice."
)
TITLE_ZH = "K折交叉验证"
DESCRIPTION_ZH = "各折的样本数与样本编号（不打乱的 KFold）、训练集大小、各模型的平均交叉验证误差与模型选择。"

MAX_N, MAX_K, MAX_MODELS, MAX_Y, LIMIT, Y_LIMIT = 1000, 20, 6, 20, 10**6, 1000
LOO_WORDS = ("loocv", "loo", "n", "leave_one_out")

FORMS = {
    "n": T(
        "the number of samples, an integer from 2 to {most} (may be left out when 'y' is given), e.g. 10",
        "样本数 n，2 到 {most} 之间的整数（给出 'y' 时可省略），例如 10",
        most=MAX_N,
    ),
    "k": T(
        "the number of folds K, an integer from 2 to {most} and at most n, or loocv for leave-one-out (K = n), e.g. 5",
        "折数 K，2 到 {most} 之间且不超过 n 的整数，或 loocv 表示留一交叉验证（K = n），例如 5",
        most=MAX_K,
    ),
    "errors": T(
        "the validation error of each model on each fold, 1-{most} rows (one per model) of K non-negative numbers, "
        "e.g. [[0.3,0.4,0.5],[0.2,0.6,0.7]] (may be left out when 'y' is given)",
        "每个模型在每一折验证集上的误差，1-{most} 行（每行一个模型），每行 K 个非负数，"
        "例如 [[0.3,0.4,0.5],[0.2,0.6,0.7]]（给出 'y' 时可省略）",
        most=MAX_MODELS,
    ),
    "train_errors": T(
        "optional: the training error of each model, one non-negative number per row of 'errors', e.g. [0.25, 0.05]",
        "可选：每个模型的训练误差，与 'errors' 的各行一一对应的非负数，例如 [0.25, 0.05]",
    ),
    "y": T(
        "optional: the targets of the n samples in order, 2-{most} numbers between -1000 and 1000, "
        "e.g. [3,5,4,8,6,9,7]; a baseline that predicts the mean training target is then scored as the last model",
        "可选：n 个样本按顺序的目标值，2-{most} 个 -1000 到 1000 之间的数，例如 [3,5,4,8,6,9,7]；"
        "此时加入一个预测训练集目标均值的基线模型，作为最后一个模型",
        most=MAX_Y,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve kfold_cv` takes

ERROR = Check(abs_tol=0.001)
LISTED = 8  # folds whose errors a CV step writes one by one (beyond: their sum Σⱼ)
WIDE = 10  # folds a question's error table shows as columns (beyond: one row per fold)

N, K, Q, R = sp.symbols("n K q r")
S = sp.Symbol("S")


def _sub(j) -> str:
    return str(j).translate(SUBSCRIPTS)


def _sup(j) -> str:
    return "⁽" + str(j).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + "⁾"


def _v(j: int) -> Spelled:
    """|V_j|, the size of validation fold j."""
    return Spelled(f"|V{_sub(j)}|", r"|V_{%d}|" % j)


def _t(j: int) -> Spelled:
    """|T_j|, the size of training set j."""
    return Spelled(f"|T{_sub(j)}|", r"|T_{%d}|" % j)


def _ybar(j: int) -> Spelled:
    """ȳ⁽ʲ⁾, the mean training target of fold j."""
    return Spelled(f"ȳ{_sup(j)}", r"\bar{y}^{(%d)}" % j)


def _mse(j: int) -> Spelled:
    return Spelled(f"MSE{_sub(j)}", r"\mathrm{MSE}_{%d}" % j)


def _y(i: int) -> sp.Symbol:
    return sp.Symbol(f"y_{i}")


def _e(m: int, j: int, k: int) -> sp.Symbol:
    return sp.Symbol(f"e_{m}{j}" if k < 10 else f"e_{m},{j}")


def _cv(m: int) -> sp.Symbol:
    return sp.Symbol(f"CV_{m}")


CHOSEN = Spelled("m*", r"m^{*}")
YBAR = Spelled("ȳ", r"\bar{y}")
V_J = Spelled("|Vⱼ|", r"|V_{j}|")
FITS = Spelled("fits", r"\mathrm{fits}")


class Remainder(sp.Mod):
    """n mod K, written so by every printer (sympy prints a subclass of Mod by its class name,
    and its MathML printer writes mod(n, K))."""

    def _sympystr(self, printer):
        return "%s mod %s" % tuple(printer._print(a) for a in self.args)

    def _latex(self, printer):
        return r"%s \bmod %s" % tuple(printer._print(a) for a in self.args)

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        left, right = (printer._print(a) for a in self.args)
        return prettyForm(*left.right(" mod ", right))

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        mo = printer.dom.createElement("mo")
        mo.appendChild(printer.dom.createTextNode("mod"))
        for node in (printer._print(self.args[0]), mo, printer._print(self.args[1])):
            row.appendChild(node)
        return row


def _folds_named(first: int, last: int, capital: bool = False):
    """Folds first..last (1-based) as a sentence names them."""
    word, words = ("Fold", "Folds") if capital else ("fold", "folds")
    if first == last:
        return T("{w} {a}", "第 {a} 折", w=word, a=first)
    if last == first + 1:
        return T("{w} {a} and {b}", "第 {a}、{b} 折", w=words, a=first, b=last)
    return T("{w} {a} to {b}", "第 {a} 到 {b} 折", w=words, a=first, b=last)


def _and(items):
    """a, b and c; in Chinese a、b 和 c."""
    items = list(items)
    if len(items) == 1:
        return T("{a}", "{a}", a=items[0])
    return T("{most} and {last}", "{most} 和 {last}", most=join(items[:-1]), last=items[-1])


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    n: int
    k: int
    errors: tuple[tuple[sp.Rational, ...], ...] = ()  # models x folds: validation errors
    train_errors: tuple[sp.Rational, ...] | None = None  # one per row of errors
    y: tuple[sp.Rational, ...] | None = None  # the targets: a baseline is scored as the last model

    @property
    def models(self) -> int:
        return len(self.errors) + (self.y is not None)

    @property
    def loo(self) -> bool:
        return self.k == self.n

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("k",), ("n", "errors", "train_errors", "y"))
        y = None
        if "y" in raw:
            y = read.vector("y", raw["y"], FORMS["y"], (2, MAX_Y), low=-Y_LIMIT, high=Y_LIMIT)
        if "n" in raw:
            n = int(read.number("n", raw["n"], FORMS["n"], 2, MAX_N, integer=True))
            if y is not None and n != len(y):
                raise ParamError(
                    T(
                        "parameter 'n' is {n} but 'y' holds {m} targets; give one target per sample, or leave 'n' out.",
                        "参数 'n' 为 {n}，但 'y' 有 {m} 个目标值；每个样本应有一个目标值，或者省略 'n'。",
                        n=n,
                        m=len(y),
                    )
                )
        elif y is not None:
            n = len(y)
        else:
            raise ParamError(
                T(
                    "missing parameter: n, the number of samples "
                    "(give it as --param n=VALUE, or give the targets 'y').",
                    "缺少参数：n，即样本数（用 --param n=值 给出，或给出目标值 'y'）。",
                )
            )
        k = _folds(raw["k"], n)
        errors = ()
        if "errors" in raw:
            errors = read.matrix(
                "errors", raw["errors"], FORMS["errors"], rows=(1, MAX_MODELS), cols=(1, MAX_K), low=0, high=LIMIT
            )
            if len(errors[0]) != k:
                raise ParamError(
                    T(
                        "parameter 'errors' must hold one column per fold: K = {k}, but its rows have {c} entries.",
                        "参数 'errors' 应每折一列：K = {k}，但它每行有 {c} 个数。",
                        k=k,
                        c=len(errors[0]),
                    )
                )
        elif y is None:
            raise ParamError(
                T(
                    "missing parameter: errors, the validation error of each model on each fold "
                    "(or give the targets 'y' to score the mean baseline).",
                    "缺少参数：errors，即每个模型在每一折上的验证误差（或给出目标值 'y'，计算均值基线模型的误差）。",
                )
            )
        train_errors = None
        if "train_errors" in raw:
            given = raw["train_errors"]
            if not errors or not isinstance(given, list) or len(given) != len(errors):
                raise ParamError(
                    T(
                        "parameter 'train_errors' must be {form}; it needs {m} numbers, one per row of 'errors'.",
                        "参数 'train_errors' 应为：{form}；需要 {m} 个数，与 'errors' 的各行一一对应。",
                        form=FORMS["train_errors"],
                        m=len(errors),
                    )
                )
            train_errors = read.vector(
                "train_errors", given, FORMS["train_errors"], (len(errors), len(errors)), low=0, high=LIMIT
            )
        return cls(n, k, errors, train_errors, y)

    def to_json(self) -> dict:
        out = {"n": self.n, "k": self.k}
        if self.errors:
            out["errors"] = read.to_json(self.errors)
        if self.train_errors is not None:
            out["train_errors"] = read.to_json(self.train_errors)
        if self.y is not None:
            out["y"] = read.to_json(self.y)
        return out


def _folds(value, n: int) -> int:
    """K from an integer, or from the word loocv (K = n)."""
    if isinstance(value, str) and value.strip().lower().replace("-", "_") in LOO_WORDS:
        if n > MAX_K:
            raise ParamError(
                T(
                    "leave-one-out needs K = n = {n} folds, more than the {most} this topic takes; give a smaller 'k'.",
                    "留一交叉验证需要 K = n = {n} 折，超过本题型允许的 {most} 折；请给出较小的 'k'。",
                    n=n,
                    most=MAX_K,
                )
            )
        return n
    k = int(read.number("k", value, FORMS["k"], 2, MAX_K, integer=True))
    if k > n:
        raise ParamError(
            T(
                "parameter 'k' asks for {k} folds but there are only n = {n} samples; "
                "K must be at most n (K = n is leave-one-out).",
                "参数 'k' 要求 {k} 折，但只有 n = {n} 个样本；K 不能超过 n（K = n 即留一交叉验证）。",
                k=k,
                n=n,
            )
        )
    return k


# ---------------------------------------------------------------- the folds; the baseline in floats
# (fold sizes and ranges are integers, shared by the solution and the mistakes; the floats serve the
# mistakes and the generator's checks, while the solution computes every error exactly)


def fold_sizes(n: int, k: int, remainder_last: bool = False) -> list[int]:
    """|V_j|: the first n mod K folds get one more (KFold); or, as a slip, the last fold the rest."""
    q, r = divmod(n, k)
    if remainder_last:
        return [q] * (k - 1) + [n - q * (k - 1)]
    return [q + 1] * r + [q] * (k - r)


def ranges(sizes: list[int]) -> list[list[int]]:
    """[first, last] sample (1-based) of each consecutive fold."""
    out, first = [], 1
    for size in sizes:
        out.append([first, first + size - 1])
        first += size
    return out


def smallest(scores) -> int:
    """0-based position of the smallest score; ties (within TIE) -> the first."""
    return first_best(scores, min)


def _baseline(y: list[float], spans: list[list[int]], leak: bool = False) -> tuple[list[float], list[float]]:
    """Mean training target and validation MSE of each fold (leak: the mean of all the targets)."""
    means, mses = [], []
    for first, last in spans:
        inside = y[first - 1 : last]
        training = y[: first - 1] + y[last:]
        mean = sum(y) / len(y) if leak else sum(training) / len(training)
        means.append(mean)
        mses.append(sum((v - mean) ** 2 for v in inside) / len(inside))
    return means, mses


def _outcome(params: Params, *, remainder_last: bool = False, leak: bool = False) -> dict:
    """Every answer in floats, computed the way a mistake may: the remainder in the last fold,
    or the baseline's mean taken over all the targets."""
    sizes = fold_sizes(params.n, params.k, remainder_last)
    spans = ranges(sizes)
    out = {"fold_sizes": sizes, "validation_indices": spans, "train_sizes": [params.n - s for s in sizes]}
    rows = [[float(e) for e in row] for row in params.errors]
    if params.y is not None:
        means, mses = _baseline([float(v) for v in params.y], spans, leak)
        out |= {"train_means": means, "fold_mse": mses}
        rows.append(mses)
    cv = [sum(row) / len(row) for row in rows]
    return out | {"cv_error": cv, "selected_model": smallest(cv) + 1, "fits": params.k}


# ---------------------------------------------------------------- generation


def _tenths(x) -> Fraction:
    return Fraction(round(Fraction(x) * 10), 10)


def _clear(scores, gap: float) -> bool:
    """The smallest score `gap` below the next, and the largest `gap` above the next."""
    ranked = sorted(scores)
    return ranked[1] - ranked[0] >= gap and ranked[-1] - ranked[-2] >= gap


def _train_errors(dice, cv: list[float], step: str, chosen: int) -> tuple[Fraction, ...]:
    """A training error below each CV error, the smallest not the chosen model's (0-based `chosen`):
    the distractor, since the model that fits its training sets best is not the one CV chooses."""
    unit = Fraction(step)
    errors = tuple(dice.decimal(0, float(unit * int(Fraction(0.8 * c) / unit)), step) for c in cv)
    if errors.count(min(errors)) > 1 or errors.index(min(errors)) == chosen:
        raise Redraw("the smallest training error is tied, or belongs to the model CV chooses")
    return errors


def _rationals(rows) -> tuple:
    return tuple(tuple(sp.Rational(x) for x in row) for row in rows)


def generate(dice, difficulty: str) -> Params:
    """easy: K = 3, n in {7, 8, 10, 11}, 2 models whose fold errors are tenths in 0.1-2.0 with a
    mean in tenths; medium: K = 3-5, n = 10-20 with n mod K ≠ 0, 3 models, fold errors
    hundredths in 0.05-0.60; hard: K = 5 with n in {7, 8, 9, 11, 12}, or leave-one-out with
    n = 6 (a third of the time), integer targets 0-9 scored by the mean baseline as model 3,
    beside 2 models whose fold errors are tenths near the baseline's. Every model has a
    training error below its CV error, the smallest of them not the chosen model's; the best
    and the worst CV errors are clear of the next (0.1 easy, 0.01 medium, 0.05 hard)."""
    if difficulty == "easy":
        n, k = dice.choice((7, 8, 10, 11)), 3
        rows = []
        for _ in range(2):
            mean = dice.decimal(0.4, 1.5)
            first, second = (mean + dice.decimal(-0.4, 0.4) for _ in range(2))
            row = (first, second, 3 * mean - first - second)
            if not all(Fraction(1, 10) <= e <= 2 for e in row) or len(set(row)) == 1:
                raise Redraw("a fold error outside 0.1-2.0, or the same error on every fold")
            rows.append(row)
        cv = [float(sum(row) / 3) for row in rows]
        if not _clear(cv, 0.1999):
            raise Redraw("CV errors too close")
        return Params(n, k, _rationals(rows), _rationals([_train_errors(dice, cv, "0.1", smallest(cv))])[0])
    if difficulty == "medium":
        k = dice.integer(3, 5)
        n = dice.integer(10, 20)
        if n % k == 0:
            raise Redraw("no remainder")
        rows = []
        for _ in range(3):
            level = dice.decimal(0.1, 0.45, "0.01")
            rows.append(tuple(max(Fraction(5, 100), level + dice.decimal(-0.08, 0.15, "0.01")) for _ in range(k)))
        cv = [float(sum(row) / k) for row in rows]
        if not _clear(cv, 0.01):
            raise Redraw("CV errors too close")
        return Params(n, k, _rationals(rows), _rationals([_train_errors(dice, cv, "0.01", smallest(cv))])[0])
    if dice.integer(1, 3) == 1:
        n = k = 6
    else:
        n, k = dice.choice((7, 8, 9, 11, 12)), 5
    y = [dice.integer(0, 9) for _ in range(n)]
    _, baseline = _baseline([float(v) for v in y], ranges(fold_sizes(n, k)))
    level = sum(baseline) / k
    if level < 2:
        raise Redraw("targets too alike")
    rows = []
    for _ in range(2):
        target = level * float(dice.decimal(0.5, 1.4))
        rows.append(
            tuple(
                max(Fraction(1, 10), _tenths(target * float(1 + dice.decimal(-0.35, 0.35, "0.01")))) for _ in range(k)
            )
        )
    cv = [float(sum(row) / k) for row in rows] + [level]
    if not _clear(cv, 0.05):
        raise Redraw("CV errors too close")
    train = _train_errors(dice, cv[:2], "0.1", smallest(cv))  # none for the baseline
    return Params(n, k, _rationals(rows), _rationals([train])[0], tuple(sp.Integer(v) for v in y))


# ---------------------------------------------------------------- solution


def _model(m: int, params: Params):
    """Model m (1-based) as a sentence names it."""
    if params.y is not None and m == params.models:
        return T("model {m} (the baseline)", "模型 {m}（基线模型）", m=m)
    return T("model {m}", "模型 {m} ", m=m)  # 模型 1 的: spaced from the Chinese after it


def _fold_steps(params: Params) -> list[Step]:
    n, k = params.n, params.k
    q = step(T("Samples per fold, before the remainder", "分配余数前每折的样本数"), Q, sp.floor(N / K), {N: n, K: k})
    r = step(
        T("Samples left over: one more for each of the first r folds", "剩余的样本数：前 r 折各多分一个样本"),
        R,
        Remainder(N, K),
        {N: n, K: k},
    )
    sizes = fold_sizes(n, k)
    qv, rv = int(q.exact), int(r.exact)
    if rv:
        note = T(
            "{First}: {big} samples; {rest}: {q}.",
            "{first}：{big} 个样本；{rest}：{q} 个样本。",
            big=Math(sp.Eq(sp.Add(Q, 1, evaluate=False), qv + 1, evaluate=False)),
            q=Math(sp.Eq(Q, qv, evaluate=False)),
            First=_folds_named(1, rv, capital=True),
            first=_folds_named(1, rv),
            rest=_folds_named(rv + 1, k),
        )
    else:
        note = T(
            "{r}: all folds have the same size, {q}.",
            "{r}：各折的样本数相同，都是 {q}。",
            r=Math(sp.Eq(R, 0)),
            q=Math(sp.Eq(Q, qv)),
        )
    fold_step = Step(
        T("Size of each fold (KFold: the first r folds get one more)", "每折的样本数（KFold：前 r 折各多一个）"),
        sp.ImmutableMatrix([_v(j) for j in range(1, k + 1)]),
        exact=sp.ImmutableMatrix(sizes),
        note=note,
    )
    spans = ranges(sizes)
    range_step = Step(
        T(
            "Validation folds, consecutive blocks: first and last sample of each (one row per fold)",
            "各验证集为连续的样本段：每折的第一个和最后一个样本编号（每折一行）",
        ),
        Spelled("V", "V"),
        exact=sp.ImmutableMatrix(spans),
        note=T(
            "Each fold starts after the previous one ends and holds {size} samples; scikit-learn numbers the samples "
            "from 0, so its first fold is {a} to {b}.",
            "每折紧接上一折之后开始，含 {size} 个样本；scikit-learn 的样本编号从 0 开始，它的第 1 折是 {a} 到 {b}。",
            size=Math(V_J),
            a=spans[0][0] - 1,
            b=spans[0][1] - 1,
        ),
    )
    values = {N: n} | {_v(j): s for j, s in enumerate(sizes, 1)}
    train_step = step(
        T("Training-set sizes: the other K − 1 folds", "训练集大小：其余 K − 1 折的样本数"),
        sp.ImmutableMatrix([_t(j) for j in range(1, k + 1)]),
        sp.ImmutableMatrix([Ordered(N, -_v(j), evaluate=False) for j in range(1, k + 1)]),
        values,
        exact=sp.ImmutableMatrix([n - s for s in sizes]),
    )
    return [q, r, fold_step, range_step, train_step]


def _baseline_steps(params: Params, spans: list[list[int]], sizes: list[int]) -> list[Step]:
    y, n = params.y, params.n
    total = step(
        T("Sum of all the targets", "全部目标值之和"),
        S,
        Ordered(*[_y(i) for i in range(1, n + 1)], evaluate=False),
        {_y(i): y[i - 1] for i in range(1, n + 1)},
        exact=sum(y),
    )
    steps = [total]
    m = params.models
    for j, ((first, last), size) in enumerate(zip(spans, sizes), 1):
        inside = list(range(first, last + 1))
        mean = (total.exact - sum(y[i - 1] for i in inside)) / (n - size)
        steps.append(
            step(
                T(
                    "Fold {j}: the baseline predicts the mean training target (all samples but {a} to {b})",
                    "第 {j} 折：基线模型的预测值，即训练集目标值的均值（除样本 {a} 到 {b} 以外）",
                    j=j,
                    a=first,
                    b=last,
                )
                if size > 1
                else T(
                    "Fold {j}: the baseline predicts the mean training target (all samples but {a})",
                    "第 {j} 折：基线模型的预测值，即训练集目标值的均值（除样本 {a} 以外）",
                    j=j,
                    a=first,
                ),
                _ybar(j),
                Ordered(S, *[-_y(i) for i in inside], evaluate=False) / _t(j),
                {S: total.exact, _t(j): n - size} | {_y(i): y[i - 1] for i in inside},
                exact=mean,
            )
        )
        squares = Ordered(*[Ordered(_y(i), -_ybar(j), evaluate=False) ** 2 for i in inside], evaluate=False)
        mse = sum((y[i - 1] - mean) ** 2 for i in inside) / size
        steps.append(
            step(
                T(
                    "Fold {j}: validation MSE of model {m}, the baseline",
                    "第 {j} 折：模型 {m}（基线模型）在验证集上的均方误差",
                    j=j,
                    m=m,
                ),
                _mse(j),
                squares / _v(j) if size > 1 else squares,
                {_ybar(j): mean, _v(j): size} | {_y(i): y[i - 1] for i in inside},
                exact=mse,
            )
        )
    return steps


def _cv_step(params: Params, m: int, errors, symbols) -> Step:
    """CV_m = (e_m1 + ... + e_mK)/K; beyond LISTED folds, the sum is written Σⱼ."""
    k = params.k
    title = T(
        "CV error of {model}: the mean of its {k} validation errors",
        "{model}的交叉验证误差：{k} 个验证误差的均值",
        model=_model(m, params),
        k=k,
    )
    if k > LISTED:
        sign, tex = ("MSEⱼ", r"\mathrm{MSE}_{j}") if symbols[0] == _mse(1) else (f"e{_sub(m)}ⱼ", r"e_{%dj}" % m)
        total = Spelled(f"Σⱼ {sign}", r"\sum_{j} %s" % tex)
        return step(title, _cv(m), total / K, {K: k, total: sum(errors)}, exact=sum(errors) / k, decimals=True)
    return step(
        title,
        _cv(m),
        Ordered(*symbols, evaluate=False) / K,
        {K: k} | dict(zip(symbols, errors)),
        exact=sum(errors) / k,
        decimals=True,
    )


def _choice_step(params: Params, cv: list) -> Step:
    scores = [float(c) for c in cv]
    best = smallest(scores)
    listed = join(Math(sp.Eq(_cv(m), sp.Float(x, 4), evaluate=False)) for m, x in enumerate(scores, 1))
    note = T(
        "CV errors to 4 significant digits: {listed}; the smallest is {best}.",
        "交叉验证误差（保留 4 位有效数字）：{listed}；最小的是 {best}。",
        listed=listed,
        best=Math(_cv(best + 1)),
    )
    tied = [m for m, x in enumerate(scores, 1) if abs(x - scores[best]) <= TIE]
    if len(tied) > 1:
        note = T(
            "CV errors to 4 significant digits: {listed}; models {tied} tie for the smallest, and a tie goes "
            "to the smaller model number, {best}.",
            "交叉验证误差（保留 4 位有效数字）：{listed}；模型 {tied} 并列最小，并列时取编号较小的模型 {best}。",
            listed=listed,
            tied=join(tied),
            best=best + 1,
        )
    return Step(
        T(
            "Model chosen: the smallest CV error, not the smallest training error",
            "选择的模型：交叉验证误差最小者（而不是训练误差最小者）",
        ),
        CHOSEN,
        exact=sp.Integer(best + 1),
        note=note,
    )


def _fits_step(params: Params) -> Step:
    m = params.models
    return step(
        T("Trainings per model: once on each of the K training sets", "每个模型的训练次数：在 K 个训练集上各训练一次"),
        FITS,
        K,
        {K: params.k},
        note=T(
            "{m} model{s} × {k} folds = {t} trainings in all{loo}; a final refit of the chosen model on all n "
            "samples is not counted.",
            "{m} 个模型 × {k} 折 = 共 {t} 次训练{loo}；最后用全部 n 个样本重新训练所选模型的那一次不计在内。",
            m=m,
            k=params.k,
            t=m * params.k,
            s="" if m == 1 else "s",
            loo=T(" (leave-one-out: K = n)", "（留一交叉验证：K = n）") if params.loo else "",
        ),
    )


def solve(params: Params) -> Solution:
    k = params.k
    steps = _fold_steps(params)
    sizes = fold_sizes(params.n, k)
    spans = ranges(sizes)
    baseline = _baseline_steps(params, spans, sizes) if params.y is not None else []
    steps += baseline
    rows = [list(row) for row in params.errors]
    if baseline:
        rows.append([s.exact for s in baseline[2::2]])
    cv_steps = []
    for m, row in enumerate(rows, 1):
        baseline_row = params.y is not None and m == len(rows)
        symbols = [_mse(j) if baseline_row else _e(m, j, k) for j in range(1, k + 1)]
        cv_steps.append(_cv_step(params, m, row, symbols))
    steps += cv_steps
    cv = [s.exact for s in cv_steps]
    steps.append(_choice_step(params, cv))
    steps.append(_fits_step(params))
    answers = [
        Answer("fold_sizes", T("size of each fold, in fold order", "每折的样本数（按折的顺序）"), tuple(sizes), EXACT),
        Answer(
            "validation_indices",
            T(
                "first and last sample of each validation fold, one row per fold (samples numbered from 1)",
                "每个验证集的第一个和最后一个样本编号，每折一行（样本从 1 开始编号）",
            ),
            tuple(tuple(sp.Integer(x) for x in span) for span in spans),
            EXACT,
        ),
        Answer(
            "train_sizes",
            T("size of each training set, in fold order", "每一轮训练集的样本数（按折的顺序）"),
            tuple(sp.Integer(params.n - s) for s in sizes),
            EXACT,
        ),
    ]
    if baseline:
        answers += [
            Answer(
                "train_means",
                T(
                    "the baseline's prediction {ybar} on each fold, in fold order",
                    "基线模型在每折上的预测值 {ybar}（按折的顺序）",
                    ybar=Math(YBAR),
                ),
                tuple(s.exact for s in baseline[1::2]),
                ERROR,
            ),
            Answer(
                "fold_mse",
                T(
                    "validation MSE of the baseline on each fold, in fold order",
                    "基线模型在每折验证集上的均方误差（按折的顺序）",
                ),
                tuple(s.exact for s in baseline[2::2]),
                ERROR,
            ),
        ]
    answers += [
        Answer(
            "cv_error",
            T("CV error of each model, in model order", "每个模型的交叉验证误差（按模型顺序）"),
            tuple(cv),
            ERROR,
        ),
        Answer("selected_model", T("number of the model chosen", "所选模型的编号"), steps[-2].exact, EXACT),
        Answer("fits", T("number of times each model is trained", "每个模型的训练次数"), sp.Integer(k), EXACT),
    ]
    return Solution(_question(params, cv), tuple(steps), tuple(answers))


def _given(value) -> str:
    """A given number as the question writes it: 0.35, or 1/3 when no short decimal writes it."""
    value = sp.Rational(value)
    if value.q == 1 or is_short_decimal(value):
        return decimal_text(value, sig=12)
    return f"{value.p}/{value.q}"


def _question(params: Params, cv: list) -> Question:
    n, k, m = params.n, params.k, params.models
    if params.loo:
        split = T(
            "Leave-one-out cross-validation ({eq}) is run on a data set of {n} samples, numbered 1 to {n} in their "
            "order: in turn, each sample alone is the validation set and the other {t} samples are the training set.",
            "对一个有 {n} 个样本（按顺序编号为 1 到 {n}）的数据集做留一交叉验证（{eq}）："
            "每一轮用一个样本作为验证集，其余 {t} 个样本作为训练集。",
            eq=Math(sp.Eq(K, N, evaluate=False)),
            n=n,
            t=n - 1,
        )
    else:
        split = T(
            "A data set of {n} samples, numbered 1 to {n} in their order, is split for {k}-fold cross-validation "
            "without shuffling, as scikit-learn's KFold(n_splits={k}) does: each fold is a block of consecutive "
            "samples, and the first {r} folds hold one sample more than the others. In turn, each fold is the "
            "validation set and the other {k1} folds are the training set.",
            "对一个有 {n} 个样本（按顺序编号为 1 到 {n}）的数据集做 {k} 折交叉验证，不打乱顺序，"
            "与 scikit-learn 的 KFold(n_splits={k}) 相同：每一折是一段连续的样本，前 {r} 折各比其余各折多一个样本。"
            "每一轮用其中一折作为验证集，其余 {k1} 折作为训练集。",
            n=n,
            k=k,
            k1=k - 1,
            r=Math(Remainder(N, K)),
        )
    parts = [split]
    given = len(params.errors)
    if given:
        table = sp.ImmutableMatrix(params.errors)
        layout = T("one row per model, one column per fold", "每行一个模型，每列一折")
        if k > WIDE:
            table, layout = table.T, T("one row per fold, one column per model", "每行一折，每列一个模型")
        if given == 1:
            trained = T(
                "One model was trained on each training set and scored on its validation set; its validation "
                "errors ({layout}) are",
                "一个模型在每个训练集上训练、在对应的验证集上评估，其验证误差如下（{layout}）：",
                layout=layout,
            )
        else:
            trained = T(
                "Models {listed} were trained on each training set and scored on its validation set; their "
                "validation errors ({layout}) are",
                "模型 {listed} 在每个训练集上训练、在对应的验证集上评估，其验证误差如下（{layout}）：",
                listed=_and(range(1, given + 1)),
                layout=layout,
            )
        parts += [trained, Math(shown("e", table, True), display=True)]
    if params.train_errors is not None:
        parts.append(
            T(
                "Their training errors, averaged over the folds, are {listed}.",
                "它们在训练集上的误差（各折的平均）依次为 {listed}。",
                listed=_and(_given(x) for x in params.train_errors),
            )
        )
    if params.y is not None:
        parts.append(
            T(
                "The targets of the samples, in order, are {y}. Model {m} is a baseline: on each fold it predicts "
                "the mean {ybar} of the training targets, and its validation error is the fold's mean squared error, "
                "the mean of {square} over the fold's samples (keep the means as fractions).",
                "各样本按顺序的目标值为 {y}。模型 {m} 是基线模型：在每一折上它都预测训练集目标值的均值 {ybar}，"
                "其验证误差为该折的均方误差，即该折各样本 {square} 的均值（均值请保留分数形式）。",
                ybar=Math(YBAR),
                y=Math(sp.Eq(sp.Symbol("y"), sp.Tuple(*params.y), evaluate=False)),
                m=m,
                square=Math(Ordered(sp.Symbol("y_i"), -YBAR, evaluate=False) ** 2),
            )
        )
    tied = sum(1 for c in cv if abs(float(c) - min(float(x) for x in cv)) <= TIE) > 1
    rule = T("; a tie goes to the smaller model number", "；并列时取编号较小的模型") if tied else ""
    asks = [
        T("the size of each fold", "每折的样本数"),
        T("the first and last sample of each validation fold", "每个验证集的第一个和最后一个样本编号"),
        T("the size of each training set", "每个训练集的样本数"),
    ]
    if params.y is not None:
        asks.append(
            T("the baseline's prediction and validation MSE on each fold", "基线模型在每折上的预测值与验证集均方误差")
        )
    asks += [
        T(
            "the CV error of each model (the mean of its validation errors)",
            "每个模型的交叉验证误差（其各折验证误差的均值）",
        ),
        T(
            "the number of the model chosen (the smallest CV error{rule})",
            "所选模型的编号（交叉验证误差最小者{rule}）",
            rule=rule,
        ),
        T("the number of times each model is trained", "每个模型的训练次数"),
    ]
    parts.append(T("Give {asks}.", "求{asks}。", asks=join(asks, T("; ", "；"))))
    return Question.of(*parts)


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "remainder_in_last_fold": T("remainder put in the last fold", "把余下的样本都放进了最后一折"),
    "zero_based_indices": T("samples numbered from 0", "样本编号从 0 开始"),
    "train_size_is_n_over_k": T("training set taken as one fold", "把训练集当成了一折"),
    "divide_by_k_minus_1": T("mean divided by K − 1", "求均值时除以了 K − 1"),
    "leaked_validation_mean": T("baseline mean over all the targets", "基线均值用了全部目标值"),
    "picked_max": T("chose the largest CV error", "选了交叉验证误差最大的模型"),
    "training_error_selection": T("chose by training error", "按训练误差选择了模型"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    right = _outcome(params)
    rows = [[float(e) for e in row] for row in params.errors]
    if params.y is not None:
        rows.append(right["fold_mse"])
    candidates = [
        Mistake(
            "remainder_in_last_fold",
            T(
                "KFold gives the first n mod K folds one sample more; it does not put the remainder in the last fold",
                "KFold 让前 n mod K 折各多一个样本，而不是把余下的样本都放进最后一折",
            ),
            _outcome(params, remainder_last=True),
        ),
        Mistake(
            "zero_based_indices",
            T(
                "the samples are numbered from 1, not from 0 as in Python",
                "样本从 1 开始编号，而不是像 Python 那样从 0 开始",
            ),
            {"validation_indices": [[a - 1, b - 1] for a, b in right["validation_indices"]]},
        ),
        Mistake(
            "train_size_is_n_over_k",
            T(
                "the training set is the other {k1} folds, {size} samples, not one fold of about {share}",
                "训练集是其余 {k1} 折，共 {size} 个样本，而不是大约 {share} 个样本的一折",
                k1=Math(K - 1),
                size=Math(Ordered(N, -V_J, evaluate=False)),
                share=Math(N / K),
            ),
            {"train_sizes": right["fold_sizes"]},
        ),
        Mistake(
            "divide_by_k_minus_1",
            T(
                "the CV error is the mean over all K folds: divide the sum by K, not by K − 1",
                "交叉验证误差是 K 折的平均：误差之和除以 K，而不是 K − 1",
            ),
            {"cv_error": [sum(row) / (params.k - 1) for row in rows]},
        ),
    ]
    if params.y is not None:
        candidates.append(
            Mistake(
                "leaked_validation_mean",
                T(
                    "the baseline is fitted on the training set only: "
                    "its mean leaves out the targets of the validation fold",
                    "基线模型只用训练集拟合：求均值时不能包括验证集的目标值",
                ),
                {
                    key: value
                    for key, value in _outcome(params, leak=True).items()
                    if key in ("train_means", "fold_mse", "cv_error", "selected_model")
                },
            )
        )
    candidates.append(
        Mistake(
            "picked_max",
            T(
                "the model chosen has the smallest CV error, not the largest",
                "应选交叉验证误差最小的模型，而不是最大的",
            ),
            {"selected_model": first_best(right["cv_error"], max) + 1},
        )
    )
    if params.train_errors is not None:
        candidates.append(
            Mistake(
                "training_error_selection",
                T(
                    "a model is chosen by its CV (validation) error: the smallest training error rewards overfitting",
                    "应按交叉验证（验证集）误差选择模型：训练误差最小往往只说明过拟合",
                ),
                {"selected_model": smallest([float(e) for e in params.train_errors]) + 1},
            )
        )
    return shown_mistakes(candidates, solution)
