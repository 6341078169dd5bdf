"""Gradient boosting for regression with the squared loss: regression stumps fitted to residuals.

    loss         L(y, F) = ½ (y - F)²          (one sample; so -∂L/∂F = y - F, the residual)
    start        F₀ = ȳ = (1/N) Σᵢ yᵢ          (the constant that minimises Σᵢ L(yᵢ, F))
    round k      rᵢ⁽ᵏ⁾ = yᵢ - F_{k-1}(xᵢ)       (the residuals, the negative gradient)
                 h_k(x) = h_L if x ≤ s else h_R  (a stump: h_L, h_R the mean residual of each side)
                 s = argmin SSE(s) over the midpoints of consecutive distinct x values, where
                 SSE(s) = Σᵢ (rᵢ - h(xᵢ))² = Σᵢ rᵢ² - N_L h_L² - N_R h_R²;  equal SSEs -> the smaller s
                 F_k(x) = F_{k-1}(x) + η h_k(x)  (η the shrinkage, or learning rate, in (0, 1])
    error        MSE(F) = (1/N) Σᵢ (yᵢ - F(xᵢ))²

A round's threshold may be given (`split`, easy: the first stump's) instead of chosen. The
answers: F0, residuals, mse_before, then per round k the SSE of every candidate and the
threshold chosen (when it is chosen), the leaf values [h_L, h_R] and the predictions F_k
(round k > 1 suffixes its names: residuals_2, split_sse_2, split_2, leaf_values_2, F2), and
after the last round T the residuals y - F_T (`new_residuals`) and MSE(F_T) (`mse_after`).

Note 002 (slip S27) says that with the MSE as loss the residual *equals* the negative
gradient: that needs the ½; for L = (y - F)² the negative gradient is 2 (y - F). The mistake
`gradient_without_half` is that computation carried through.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol

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
    number,
    shown_mistakes,
    shown_number,
    step,
)
from exercises.core.number_text import decimal_text
from exercises.core.symbols import Named, Ordered, Spelled, SumOver, Written
from exercises.core.tables import TIE, Grid

TITLE = "Gradient boosting (MSE residuals)"
DESCRIPTION = "F₀ = mean, residuals, the best regression stump by SSE, leaf values, F₁ = F₀ + η·h with shrinkage, MSE."
TITLE_ZH = "梯度提升（残差拟合）"
DESCRIPTION_ZH = "F₀ 取均值、残差、按平方误差和选最佳回归树桩、叶结点值、带学习率的 F₁ = F₀ + η·h 与均方误差。"

LIMIT = 1000  # |x|, |y| a user may give
SAMPLES = (2, 12)
MAX_ROUNDS = 3
FORMS = {
    "x": T(
        "the inputs, a list of {a}-{b} numbers between -{n} and {n} (at least two different), e.g. [1, 2, 3, 4]",
        "输入值，{a}-{b} 个 -{n} 到 {n} 之间的数组成的列表（至少两个不同），例如 [1, 2, 3, 4]",
        a=SAMPLES[0],
        b=SAMPLES[1],
        n=LIMIT,
    ),
    "y": T(
        "the targets, one per input, numbers between -{n} and {n} (not all equal), e.g. [1, 1, 5, 7]",
        "目标值，每个输入一个，取值在 -{n} 到 {n} 之间（不能全部相等），例如 [1, 1, 5, 7]",
        n=LIMIT,
    ),
    "eta": T(
        "the shrinkage (learning rate) η, a number in (0, 1], e.g. 0.5",
        "学习率（收缩参数）η，(0, 1] 中的一个数，例如 0.5",
    ),
    "rounds": T(
        "the number of boosting rounds (trees), 1-{m}; default 1",
        "提升的轮数（树的棵数），1-{m}；默认为 1",
        m=MAX_ROUNDS,
    ),
    "split": T(
        "a threshold s for the first stump with samples on both sides (x ≤ s goes left), e.g. 2.5, or a list "
        "of one threshold or null per round; by default each round chooses the threshold of smallest SSE",
        "第一棵树桩的阈值 s（x ≤ s 归左侧，两侧都要有样本），例如 2.5；或每轮一个阈值（或 null）的列表；"
        "默认每轮选平方误差和最小的阈值",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve gradient_boosting` takes
NAMES = ("x", "y", "eta")
OPTIONAL = ("rounds", "split")

VALUE = Check(abs_tol=0.001)  # every number asked; the threshold chosen is exact


def _as_fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


@dataclass(frozen=True)
class Params:
    x: tuple  # N inputs (sympy Rationals), in the order given
    y: tuple  # N targets
    eta: sp.Rational
    rounds: int = 1
    split: tuple = ()  # one entry per round: a given threshold, or None (chosen by SSE)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        x_raw = raw["x"]
        if isinstance(x_raw, list) and x_raw and all(isinstance(v, list) and len(v) == 1 for v in x_raw):
            x_raw = [v[0] for v in x_raw]  # a column, [[1], [2], ...]
        x = read.vector("x", x_raw, FORMS["x"], SAMPLES, low=-LIMIT, high=LIMIT)
        y = read.vector("y", raw["y"], FORMS["y"], (1, 100), low=-LIMIT, high=LIMIT)
        if len(y) != len(x):
            raise ParamError(
                T(
                    "parameter 'y' must hold one target per input: x has {n} numbers, y has {got}.",
                    "参数 'y' 应为每个输入给出一个目标值：x 有 {n} 个数，而 y 有 {got} 个。",
                    n=len(x),
                    got=len(y),
                )
            )
        if len(set(x)) < 2:
            raise ParamError(
                T(
                    "parameter 'x' must hold at least two different values, or no stump can split the samples.",
                    "参数 'x' 至少要有两个不同的值，否则树桩无法划分样本。",
                )
            )
        if len(set(y)) < 2:
            raise ParamError(
                T(
                    "parameter 'y' must not be all equal: F₀ would fit every target and every residual would be 0.",
                    "参数 'y' 不能全部相等：否则 F₀ 已拟合所有目标值，残差全为 0。",
                )
            )
        eta = read.number("eta", raw["eta"], FORMS["eta"], 0, 1)
        if eta == 0:
            raise ParamError(
                T("parameter 'eta' must be {form}; got 0.", "参数 'eta' 应为：{form}；实际为 0。", form=FORMS["eta"])
            )
        rounds = int(read.number("rounds", raw.get("rounds", 1), FORMS["rounds"], 1, MAX_ROUNDS, integer=True))
        split = _read_split(raw.get("split"), x, rounds)
        return cls(x, y, eta, rounds, split)

    def to_json(self) -> dict:
        out = {name: read.to_json(getattr(self, name)) for name in NAMES}
        if self.rounds != 1:
            out["rounds"] = self.rounds
        given = [s for s in self.split if s is not None]
        if given and all(s is None for s in self.split[1:]):
            out["split"] = read.to_json(self.split[0])
        elif given:
            out["split"] = [None if s is None else read.to_json(s) for s in self.split]
        return out


def _read_split(value, x, rounds: int) -> tuple:
    """One entry per round: the threshold given for it, or None."""
    if value is None:
        return (None,) * rounds
    if not isinstance(value, list):
        value = [value]
    elif len(value) != rounds:
        raise ParamError(
            T(
                "parameter 'split' as a list must hold one threshold (or null) per round: rounds is {k}, "
                "the list has {got}.",
                "参数 'split' 为列表时应每轮一个阈值（或 null）：rounds 为 {k}，而列表有 {got} 项。",
                k=rounds,
                got=len(value),
            )
        )
    thresholds = [None if s is None else read.number("split", s, FORMS["split"], -LIMIT, LIMIT) for s in value]
    for s in thresholds:
        if s is not None and not min(x) <= s < max(x):
            raise ParamError(
                T(
                    "parameter 'split' must be {form}; with s = {s} every sample falls on one side.",
                    "参数 'split' 应为：{form}；s = {s} 时所有样本都在同一侧。",
                    form=FORMS["split"],
                    s=decimal_text(float(s)),
                )
            )
    return tuple(thresholds) + (None,) * (rounds - len(thresholds))


# ---------------------------------------------------------------- the arithmetic
# One exact run in fractions gives the right answers (and the values the steps show); the
# same run with one thing done another way gives each mistake's answers.


@dataclass(frozen=True)
class Round:
    residuals: tuple  # what the tree fits (rᵢ = yᵢ - F(xᵢ) when done right)
    squares: Fraction  # Σᵢ rᵢ²
    sse: tuple | None  # SSE of each candidate threshold; None when the threshold was given
    split: Fraction
    leaves: tuple  # (h_L, h_R)
    predictions: tuple  # F_k after the round


@dataclass(frozen=True)
class Run:
    F0: Fraction
    rounds: tuple  # of Round
    final: tuple  # the residuals after the last round, as the run writes them
    mse_before: Fraction
    mse_after: Fraction


@lru_cache(maxsize=256)
def _exact(values: tuple) -> tuple:
    """Parameters (sympy Rationals) as Fractions, once per problem."""
    return tuple(_as_fraction(v) for v in values)


@lru_cache(maxsize=256)
def _candidates(x: tuple) -> tuple:
    """Midpoints of consecutive distinct x values, increasing."""
    values = sorted(set(x))
    return tuple((a + b) / 2 for a, b in zip(values, values[1:]))


@lru_cache(maxsize=4096)
def _sides(x: tuple, s) -> tuple[tuple, tuple]:
    """Samples (0-based) with x ≤ s, and the others."""
    return tuple(i for i, v in enumerate(x) if v <= s), tuple(i for i, v in enumerate(x) if v > s)


def _mean(values):
    return sum(values) / len(values)


def _sse(x, r, s, squares):
    """Σᵢ rᵢ² - N_L h_L² - N_R h_R² (= squares less each side's sum squared over its size)."""
    return squares - sum(sum(r[i] for i in side) ** 2 / len(side) for side in _sides(x, s))


def _median(values) -> Fraction:
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


@lru_cache(maxsize=256)
def _run(
    params: Params,
    start: str = "mean",
    factor: int = 1,
    leaf: str = "residuals",
    shrink: bool = True,
    exact: bool = True,
) -> Run:
    """Every number of the solution, done right or as a mistake does it: F₀ = 0 or the median
    (`start`), the residuals multiplied by `factor` (-1: F - y; 2: the gradient of (y - F)²),
    leaves holding the mean target (`leaf="targets"`), or η left out. In fractions (`exact`),
    or in floats (a mistake's values: faster), the thresholds exact either way."""
    x, y = _exact(params.x), _exact(params.y)
    eta = _as_fraction(params.eta) if shrink else Fraction(1)
    if not exact:
        y, eta = tuple(map(float, y)), float(eta)
    F0 = {"mean": _mean(y), "zero": 0 * eta, "median": _median(y)}[start]
    F = [F0] * len(x)
    candidates = _candidates(x)
    rounds = []
    for given in params.split:
        r = tuple(factor * (a - b) for a, b in zip(y, F))
        squares = sum(v * v for v in r)
        sse = None
        if given is None:
            sse = tuple(_sse(x, r, s, squares) for s in candidates)
            least = min(sse) + (0 if exact else TIE)  # equal SSEs: the first, the smaller threshold
            s = candidates[next(j for j, v in enumerate(sse) if v <= least)]
        else:
            s = _as_fraction(given)
        fitted = r if leaf == "residuals" else y
        left, right = _sides(x, s)
        leaves = (_mean([fitted[i] for i in left]), _mean([fitted[i] for i in right]))
        moves = (eta * leaves[0], eta * leaves[1])
        F = [f + moves[v > s] for f, v in zip(F, x)]
        rounds.append(Round(r, squares, sse, s, leaves, tuple(F)))
    final = tuple(factor * (a - b) for a, b in zip(y, F))
    return Run(
        F0,
        tuple(rounds),
        final,
        _mean([(a - F0) ** 2 for a in y]),
        _mean([(a - b) ** 2 for a, b in zip(y, F)]),
    )


def _name(base: str, k: int) -> str:
    """An answer's name in round k: residuals, residuals_2, ...; F1, F2, ..."""
    if base == "F":
        return f"F{k}"
    return base if k == 1 else f"{base}_{k}"


def _answers(run: Run) -> dict:
    """{answer name: value} of a run, floats (the threshold exactly as its float)."""
    out = {"F0": float(run.F0), "residuals": [float(v) for v in run.rounds[0].residuals]}
    out["mse_before"] = float(run.mse_before)
    for k, done in enumerate(run.rounds, 1):
        if k > 1:
            out[_name("residuals", k)] = [float(v) for v in done.residuals]
        if done.sse is not None:
            out[_name("split_sse", k)] = [float(v) for v in done.sse]
            out[_name("split", k)] = float(done.split)
        out[_name("leaf_values", k)] = [float(v) for v in done.leaves]
        out[_name("F", k)] = [float(v) for v in done.predictions]
    out["mse_after"] = float(run.mse_after)
    out["new_residuals"] = [float(v) for v in run.final]
    return out


# ---------------------------------------------------------------- generation

GAP = Fraction(1, 20)  # the best SSE beats the next by this much
CLEAR = 0.01  # a mistake moves an answer by nothing or by at least this much


def generate(dice, difficulty: str) -> Params:
    """easy: 4 samples, x distinct integers 1-9, y integers 0-9 of integer mean, the first
    stump's threshold given (the best one, leaf values in halves); medium: 5-6 samples, x
    distinct integers 1-10, y integers 0-9, the threshold chosen by SSE; hard: 6 samples, x
    distinct one-decimal values in 0.5-9.9, y integers -5-12, two rounds, each threshold chosen
    by SSE. η from {1, 0.5, 0.1}. Drawn again unless each best SSE is clear, the mean is
    neither 0 nor the median, and every mistake moves each answer by nothing or clearly."""
    if difficulty == "easy":
        n, rounds = 4, 1
        x = sorted(dice.sample(range(1, 10), n))
        y = [dice.integer(0, 9) for _ in range(n)]
        if sum(y) % n:
            raise Redraw("F₀ not an integer")
    elif difficulty == "medium":
        n, rounds = dice.integer(5, 6), 1
        x = sorted(dice.sample(range(1, 11), n))
        y = [dice.integer(0, 9) for _ in range(n)]
    else:
        n, rounds = 6, 2
        x = sorted(Fraction(v, 10) for v in dice.sample(range(5, 100), n))
        y = [dice.integer(-5, 12) for _ in range(n)]
    eta = dice.choice(("1", "0.5", "0.1"))
    params = Params(
        tuple(sp.Rational(v) for v in x),
        tuple(sp.Integer(v) for v in y),
        sp.Rational(eta),
        rounds,
        (None,) * rounds,
    )
    right = _run(params)
    if len(set(y)) < 2 or right.F0 == 0 or right.F0 == _median([Fraction(v) for v in y]):
        raise Redraw("all targets equal, a zero mean, or the median equal to the mean")
    for done in right.rounds:
        ranked = sorted(done.sse)
        if ranked[1] - ranked[0] < GAP:
            raise Redraw("no clear best threshold")
        if done.leaves == (0, 0):
            raise Redraw("a stump that changes nothing")
    if difficulty == "easy":  # the best threshold, given
        best = right.rounds[0]
        if any((2 * h).denominator != 1 for h in best.leaves):
            raise Redraw("leaf values not in halves")
        params = Params(params.x, params.y, params.eta, 1, (_rational(best.split),))
    if not _clear(params):
        raise Redraw("a mistake too close to the right answer")
    return params


def _clear(params: Params) -> bool:
    right = _answers(_run(params))
    for wrong in _wrong_runs(params).values():
        for name, value in wrong.items():
            if name.startswith("split") and not name.startswith("split_sse"):
                continue  # a threshold is exact: another one is clearly wrong
            gap = max(abs(a - b) for a, b in zip(_flat(value), _flat(right[name])))
            if 1e-9 < gap < CLEAR:
                return False
    return True


def _flat(value) -> list:
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- the solution

N = sp.Symbol("N")
ETA = sp.Symbol("eta")
F0_SYM = sp.Symbol("F_0")
S_SYM = sp.Symbol("s")
H_L, H_R, N_L, N_R = sp.Symbol("h_L"), sp.Symbol("h_R"), sp.Symbol("N_L"), sp.Symbol("N_R")
MSE, SSE = sp.Function("MSE"), sp.Function("SSE")
_i, _x = sp.Symbol("i"), sp.Symbol("x")
UPDATE = Ordered(
    sp.Function("F")(_x), sp.Mul(ETA, sp.Function("h")(_x), evaluate=False), evaluate=False
)  # F(x) + η⋅h(x)


def _mark(k: int) -> str:
    """r, r⁽²⁾, r⁽³⁾: the residuals of round k."""
    return "" if k == 1 else f"^({k})"


def _residual(i, k: int) -> sp.Symbol:
    """rᵢ of round k (i 1-based, or the letter i)."""
    return sp.Symbol(f"r_{i}{_mark(k)}")


def _squares(k: int) -> Spelled:
    """Σᵢ rᵢ², of round k's residuals."""
    if k == 1:
        return Spelled("Σᵢ rᵢ²", r"\sum_{i} r_{i}^{2}")
    mark = str(k).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return Spelled(f"Σᵢ (r⁽{mark}⁾ᵢ)²", rf"\sum_{{i}} \left(r^{{({k})}}_{{i}}\right)^{{2}}")


@lru_cache(maxsize=1024)
def _vector(values: tuple) -> sp.ImmutableMatrix:
    """A column of exact values (each vector of a problem is made once)."""
    return sp.ImmutableMatrix(len(values), 1, [_rational(v) for v in values])


def _threshold(s) -> object:
    """The threshold as the question writes it (1.5, not 3/2)."""
    return shown_number("s", _rational(s), decimals=True)


def _left_of(s) -> Math:
    """x ≤ s, the left side of a split, in a sentence."""
    return Math(sp.Le(_x, _threshold(s), evaluate=False))


def _right_of(s) -> Math:
    return Math(sp.Gt(_x, _threshold(s), evaluate=False))


def _said(symbol, value: Fraction) -> Math:
    """symbol = value, in a sentence (a short decimal as a decimal, else a fraction)."""
    return Math(sp.Eq(symbol, shown_number(str(symbol), _rational(value), decimals=True, bare=True), evaluate=False))


def _samples(indices) -> object:
    """'sample 3' or 'samples 1-3, 5' (1-based, runs joined)."""
    runs = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    text = ", ".join(f"{a + 1}" if a == b else f"{a + 1}-{b + 1}" for a, b in runs)
    if len(indices) == 1:
        return T("sample {s}", "样本 {s}", s=text)
    return T("samples {s}", "样本 {s}", s=text)


def _head(k: int, rounds: int):
    return T("Round {k}: ", "第 {k} 轮：", k=k) if rounds > 1 else T("", "")


def _step(title, lhs, formula, values, exact, note=""):
    return step(title, lhs, formula, values, exact=exact, decimals=True, note=note)


def _round_steps(params: Params, k: int, done: Round, previous) -> tuple[list[Step], dict]:
    """The steps of round k from the predictions `previous` (F₀, a number, for round 1; else a
    vector): the residuals, their squares summed, the SSE of each candidate and the choice,
    the two leaves and the new predictions. Returns them and the steps that carry answers."""
    x, y = params.x, params.y
    n, head = len(x), _head(k, params.rounds)
    Y, R = MatrixSymbol("y", n, 1), MatrixSymbol(f"r{_mark(k)}", n, 1)
    if k == 1:
        ones = Named("1", n, 1, "𝟙", r"\mathbf{1}")  # (sympy's OneMatrix prints as 1 in LaTeX)
        before, before_values = MatMul(F0_SYM, ones), {F0_SYM: _rational(previous)}
    else:
        F_prev = MatrixSymbol(f"F_{k - 1}", n, 1)
        before, before_values = F_prev, {F_prev: _vector(previous)}
    residuals = _step(
        head
        + T(
            "Residuals {r}, the negative gradient {g} of the loss",
            "残差 {r}，即损失的负梯度 {g}",
            r=Math(sp.Eq(sp.Symbol("r_i"), _minus(sp.Symbol("y_i"), _f_of(k - 1)), evaluate=False)),
            g=Math(NEG_GRADIENT),
        ),
        R,
        MatAdd(Y, MatMul(-1, before)),
        {Y: _vector(_exact(y))} | before_values,
        _vector(done.residuals),
    )
    rs = [_residual(i, k) for i in range(1, n + 1)]
    squares = _step(
        head + T("Sum of the squared residuals", "残差的平方和"),
        _squares(k),
        Ordered(*[r**2 for r in rs], evaluate=False),
        {r: _rational(v) for r, v in zip(rs, done.residuals)},
        _rational(done.squares),
    )
    steps, carry = [residuals, squares], {"residuals": residuals, "squares": squares}
    x_frac = _exact(x)
    if done.sse is not None:
        sse_steps = []
        for j, s in enumerate(_candidates(x_frac)):
            left, right = _sides(x_frac, s)
            h = [_mean([done.residuals[i] for i in side]) for side in (left, right)]
            note = T(
                "{le}: {left}, {hL}; {gt}: {right}, {hR}.",
                "{le}：{left}，{hL}；{gt}：{right}，{hR}。",
                le=_left_of(s),
                gt=_right_of(s),
                left=_samples(left),
                right=_samples(right),
                hL=_said(H_L, h[0]),
                hR=_said(H_R, h[1]),
            )
            if j == 0:
                note = (
                    T(
                        "Each leaf predicts the mean residual of its side, so {sse}. ",
                        "每个叶结点取其一侧残差的平均值，因此 {sse}。",
                        sse=Math(SSE_EXPANDED),
                    )
                    + note
                )
            sse_steps.append(
                _step(
                    head + T("SSE of the split at {s}", "在 {s} 处划分的平方误差和", s=Math(_threshold(s))),
                    SSE(_threshold(s)),
                    Ordered(_squares(k), -N_L * H_L**2, -N_R * H_R**2, evaluate=False),
                    {
                        _squares(k): _rational(done.squares),
                        N_L: len(left),
                        H_L: _rational(h[0]),
                        N_R: len(right),
                        H_R: _rational(h[1]),
                    },
                    _rational(done.sse[j]),
                    note,
                )
            )
        candidates = _candidates(x_frac)
        listed = join(
            Math(sp.Eq(SSE(_threshold(s)), sp.Float(number(_rational(v)), 4), evaluate=False))
            for s, v in zip(candidates, done.sse)
        )
        note = T(
            "SSEs to 4 significant digits: {listed}.",
            "各平方误差和（保留 4 位有效数字）：{listed}。",
            listed=listed,
        )
        if done.sse.count(min(done.sse)) > 1:
            note += T(" Equal SSEs: the smaller threshold.", "平方误差和相同时取较小的阈值。")
        best = Step(
            head + T("The threshold of smallest SSE", "平方误差和最小的阈值"),
            S_SYM,
            substituted=_threshold(done.split),
            exact=_rational(done.split),
            note=note,
        )
        steps += [*sse_steps, best]
        carry |= {"split_sse": sse_steps, "split": best}
    left, right = _sides(x_frac, done.split)
    leaves = []
    for side, symbol, count, words in (
        (left, H_L, N_L, _left_of(done.split)),
        (right, H_R, N_R, _right_of(done.split)),
    ):
        terms = [rs[i] for i in side]
        leaves.append(
            _step(
                head
                + T(
                    "Leaf value for {side} ({samples}): the mean of its residuals",
                    "{side} 一侧（{samples}）的叶结点值：其残差的平均值",
                    side=words,
                    samples=_samples(side),
                ),
                symbol,
                sp.Mul(1 / count, Ordered(*terms, evaluate=False), evaluate=False),
                {count: len(side)} | {r: _rational(done.residuals[i]) for r, i in zip(terms, side)},
                _rational(done.leaves[0] if symbol == H_L else done.leaves[1]),
            )
        )
    H = MatrixSymbol(f"h_{k}", n, 1)
    F_k = MatrixSymbol(f"F_{k}", n, 1)
    outputs = [done.leaves[0] if i in left else done.leaves[1] for i in range(n)]
    update = _step(
        head
        + T("Predictions after the round, the stump added with the shrinkage", "本轮后的预测值：树桩乘以学习率后累加"),
        F_k,
        MatAdd(before, MatMul(ETA, H)),
        before_values | {ETA: params.eta, H: _vector(tuple(outputs))},
        _vector(done.predictions),
        T(
            "{h} holds {hL} for the samples with {le} and {hR} for the others.",
            "{h} 中 {le} 的样本取 {hL}，其余样本取 {hR}。",
            h=Math(H),
            hL=_said(H_L, done.leaves[0]),
            hR=_said(H_R, done.leaves[1]),
            le=_left_of(done.split),
        ),
    )
    steps += [*leaves, update]
    carry |= {"leaf_values": leaves, "F": update}
    return steps, carry


def _minus(a, b):
    return Ordered(a, -b, evaluate=False)


@lru_cache(maxsize=8)
def _model(k: int):
    """F_k, the model after round k, as a function written with its subscript (F₁(x))."""
    return type(f"F{k}", (Written, sp.Function), {"NAME": "F", "SUBSCRIPT": str(k), "LATEX": f"F_{{{k}}}"})


def _f_of(k: int):
    """F_k(xᵢ); F₀ alone (a constant)."""
    return F0_SYM if k == 0 else _model(k)(sp.Symbol("x_i"))


_y, _F = sp.Symbol("y"), sp.Symbol("F")
LOSS = sp.Eq(sp.Symbol("L"), sp.Mul(sp.S.Half, _minus(_y, _F) ** 2, evaluate=False), evaluate=False)
NEG_GRADIENT = sp.Eq(
    Spelled("-∂L/∂F", r"-\frac{\partial L}{\partial F}"), _minus(_y, _F), evaluate=False
)  # -∂L/∂F = y - F
SSE_EXPANDED = sp.Eq(
    SSE(S_SYM),
    Ordered(Spelled("Σᵢ rᵢ²", r"\sum_{i} r_{i}^{2}"), -N_L * H_L**2, -N_R * H_R**2, evaluate=False),
    evaluate=False,
)
SSE_SAID = sp.Eq(
    SSE(S_SYM), SumOver(sp.S.One, _minus(sp.Symbol("r_i"), sp.Function("h")(sp.Symbol("x_i"))) ** 2, _i), evaluate=False
)


def _mse_said():
    """MSE(F) = (1/N)⋅Σᵢ (yᵢ - F(xᵢ))²."""
    body = _minus(sp.Symbol("y_i"), sp.Function("F")(sp.Symbol("x_i"))) ** 2
    return sp.Eq(MSE(_F), sp.Mul(1 / N, SumOver(sp.S.One, body, _i), evaluate=False), evaluate=False)


def _mse_step(title, k: int, squares: Step, n: int) -> Step:
    """MSE(F_k) = Σᵢ rᵢ² / N, from the sum of squares of the residuals y - F_k."""
    return _step(
        title,
        MSE(sp.Symbol(f"F_{k}")),
        sp.Mul(1 / N, squares.lhs, evaluate=False),
        {N: n, squares.lhs: squares.exact},
        squares.exact / n,
    )


def solve(params: Params) -> Solution:
    run = _run(params)
    n, T_ = len(params.x), params.rounds
    y = _exact(params.y)
    ys = [sp.Symbol(f"y_{i}") for i in range(1, n + 1)]
    start = _step(
        T(
            "Initial model: the constant of smallest squared loss, the mean of the targets",
            "初始模型：使平方损失最小的常数，即目标值的平均值",
        ),
        F0_SYM,
        sp.Mul(1 / N, Ordered(*ys, evaluate=False), evaluate=False),
        {N: n} | {s: _rational(v) for s, v in zip(ys, y)},
        _rational(run.F0),
    )
    steps = [start]
    carried = []
    previous = run.F0
    for k, done in enumerate(run.rounds, 1):
        more, carry = _round_steps(params, k, done, previous)
        steps += more
        if k == 1:  # the error of F₀, from the same squares
            mse_before = _mse_step(
                T("Mean squared error of {F}", "{F} 的均方误差", F=Math(F0_SYM)), 0, carry["squares"], n
            )
            at = steps.index(carry["squares"]) + 1
            steps[at:at] = [mse_before]
        carried.append(carry)
        previous = done.predictions
    Y, R = MatrixSymbol("y", n, 1), MatrixSymbol(f"r^({T_ + 1})", n, 1)
    F_T = MatrixSymbol(f"F_{T_}", n, 1)
    final = _step(
        T(
            "New residuals {r}: what the next tree would fit",
            "新的残差 {r}：下一棵树要拟合的对象",
            r=Math(_minus(sp.Symbol("y_i"), _f_of(T_))),
        ),
        R,
        MatAdd(Y, MatMul(-1, F_T)),
        {Y: _vector(y), F_T: _vector(previous)},
        _vector(run.final),
    )
    rs = [_residual(i, T_ + 1) for i in range(1, n + 1)]
    squares = _step(
        T("Sum of the squared new residuals", "新残差的平方和"),
        _squares(T_ + 1),
        Ordered(*[r**2 for r in rs], evaluate=False),
        {r: _rational(v) for r, v in zip(rs, run.final)},
        _rational(sum((v * v for v in run.final), Fraction(0))),
    )
    mse_after = _mse_step(
        T(
            "Mean squared error of {F}, after the last round",
            "最后一轮后 {F} 的均方误差",
            F=Math(sp.Symbol(f"F_{T_}")),
        ),
        T_,
        squares,
        n,
    )
    steps += [final, squares, mse_after]
    answers = [
        Answer("F0", T("initial model {F0}", "初始模型 {F0}", F0=Math(F0_SYM)), start.exact, VALUE),
        Answer(
            "residuals",
            T(
                "residuals {r} of {F0}, one per sample",
                "{F0} 的残差 {r}（每个样本一个）",
                r=Math(sp.Symbol("r_i")),
                F0=Math(F0_SYM),
            ),
            tuple(carried[0]["residuals"].exact),
            VALUE,
        ),
        Answer("mse_before", T("MSE of {F0}", "{F0} 的均方误差 MSE", F0=Math(F0_SYM)), mse_before.exact, VALUE),
    ]
    for k, carry in enumerate(carried, 1):
        tree = T("of tree {k}", "第 {k} 棵树的", k=k) if T_ > 1 else T("of the stump", "树桩的")
        if k > 1:
            answers.append(
                Answer(
                    _name("residuals", k),
                    T(
                        "residuals {r} of {F}, one per sample",
                        "{F} 的残差 {r}（每个样本一个）",
                        r=Math(_residual("i", k)),
                        F=Math(sp.Symbol(f"F_{k - 1}")),
                    ),
                    tuple(carry["residuals"].exact),
                    VALUE,
                )
            )
        if "split" in carry:
            answers += [
                Answer(
                    _name("split_sse", k),
                    T(
                        "SSE {tree} at each candidate threshold, in increasing order of {s}",
                        "{tree}各候选阈值的平方误差和（按 {s} 从小到大）",
                        tree=tree,
                        s=Math(S_SYM),
                    ),
                    tuple(s.exact for s in carry["split_sse"]),
                    VALUE,
                ),
                Answer(
                    _name("split", k),
                    T("threshold {s} {tree}", "{tree}阈值 {s}", tree=tree, s=Math(S_SYM)),
                    carry["split"].exact,
                    EXACT,
                ),
            ]
        answers += [
            Answer(
                _name("leaf_values", k),
                T(
                    "leaf values [{hL}, {hR}] {tree}",
                    "{tree}叶结点值 [{hL}, {hR}]",
                    tree=tree,
                    hL=Math(H_L),
                    hR=Math(H_R),
                ),
                tuple(s.exact for s in carry["leaf_values"]),
                VALUE,
            ),
            Answer(
                _name("F", k),
                T(
                    "predictions {F} after round {k}, one per sample",
                    "第 {k} 轮后的预测值 {F}（每个样本一个）",
                    F=Math(_f_of(k)),
                    k=k,
                ),
                tuple(carry["F"].exact),
                VALUE,
            ),
        ]
    answers += [
        Answer(
            "mse_after",
            T("MSE of {F} after the last round", "最后一轮后 {F} 的均方误差", F=Math(sp.Symbol(f"F_{T_}"))),
            mse_after.exact,
            VALUE,
        ),
        Answer(
            "new_residuals",
            T(
                "new residuals {r}, one per sample",
                "新的残差 {r}（每个样本一个）",
                r=Math(_minus(sp.Symbol("y_i"), _f_of(T_))),
            ),
            tuple(final.exact),
            VALUE,
        ),
    ]
    return Solution(_question(params), tuple(steps), tuple(answers))


def _question(params: Params) -> Question:
    n, rounds = len(params.x), params.rounds
    rows = tuple(
        (str(i), decimal_text(float(x), 6), decimal_text(float(y), 6))
        for i, (x, y) in enumerate(zip(params.x, params.y), 1)
    )
    intro = T(
        "Gradient boosting for regression fits, round after round, a regression stump (a decision tree of depth 1) "
        "to the residuals of the current model. The loss of one sample is {L}, so the negative gradient {g} is "
        "the residual. The model starts from the constant {F0} that minimises the loss, the mean of the targets; "
        "each round computes the residuals {rk} of the current model {F}, fits a stump {h} to them and adds it "
        "with the shrinkage (learning rate) {eta}: the new model is {update}. The {n} samples are",
        "梯度提升回归每一轮用一个回归树桩（深度为 1 的决策树）拟合当前模型的残差。单个样本的损失为 {L}，"
        "因此负梯度 {g} 正是残差。模型从使损失最小的常数 {F0}（目标值的平均值）开始；"
        "每一轮先求当前模型 {F} 的残差 {rk}，"
        "再用树桩 {h} 拟合它们，并乘以学习率（收缩参数）{eta} 后累加，新模型为 {update}。{n} 个样本为",
        L=Math(LOSS),
        g=Math(NEG_GRADIENT),
        F0=Math(F0_SYM),
        F=Math(_F),
        rk=Math(sp.Eq(sp.Symbol("r_i"), _minus(sp.Symbol("y_i"), sp.Function("F")(sp.Symbol("x_i"))), evaluate=False)),
        h=Math(sp.Symbol("h")),
        eta=Math(sp.Eq(ETA, shown_number("eta", params.eta, decimals=True), evaluate=False)),
        update=Math(UPDATE),
        n=n,
    )
    table = Math(Grid(("i", "x", "y"), rows), display=True)
    rule = T(
        "A stump splits at a threshold {s}: the samples with {left} form the left leaf, the others the right one, "
        "and each leaf predicts the mean residual of its samples, {hL} and {hR}.",
        "树桩在阈值 {s} 处划分：{left} 的样本归左叶结点，其余归右叶结点；"
        "每个叶结点预测其样本残差的平均值 {hL} 和 {hR}。",
        s=Math(S_SYM),
        left=Math(sp.Le(sp.Symbol("x_i"), S_SYM, evaluate=False)),
        hL=Math(H_L),
        hR=Math(H_R),
    )
    chosen = T(
        "the threshold among the midpoints of consecutive x values that gives the smallest sum of squared "
        "errors {sse} (equal SSEs: the smaller threshold)",
        "在相邻 x 值的中点中选使平方误差和 {sse} 最小的阈值（相同时取较小的阈值）",
        sse=Math(SSE_SAID),
    )
    given = params.split
    if all(s is None for s in given):
        how = T("Each round chooses {chosen}.", "每一轮都{chosen}。", chosen=chosen)
    else:
        said = join(
            T(
                "round {k}: {s}",
                "第 {k} 轮：{s}",
                k=k,
                s=Math(sp.Eq(S_SYM, _threshold(_as_fraction(s)), evaluate=False)),
            )
            for k, s in enumerate(given, 1)
            if s is not None
        )
        if rounds == 1:
            how = T(
                "The stump splits at the given threshold {s}.",
                "树桩在给定的阈值 {s} 处划分。",
                s=Math(sp.Eq(S_SYM, _threshold(_as_fraction(given[0])), evaluate=False)),
            )
        elif all(s is not None for s in given):
            how = T("The thresholds are given: {said}.", "阈值已给定：{said}。", said=said)
        else:
            how = T(
                "Thresholds given: {said}; every other round chooses {chosen}.",
                "给定的阈值：{said}；其余各轮{chosen}。",
                said=said,
                chosen=chosen,
            )
    if all(s is None for s in given):
        what = T(
            "the SSE of each candidate threshold and the threshold chosen, ",
            "各候选阈值的平方误差和及选出的阈值、",
        )
    elif any(s is None for s in given):
        what = T(
            "the SSE of each candidate threshold and the threshold chosen (where a round chooses it), ",
            "各候选阈值的平方误差和及选出的阈值（由该轮自行选择时）、",
        )
    else:
        what = T("", "")
    if rounds == 1:
        where = T("the predictions {F}", "预测值 {F}", F=Math(_f_of(1)))
    else:
        where = T(
            "the predictions after the round ({F})",
            "该轮后的预测值（{F}）",
            F=join((Math(_f_of(k)) for k in range(1, rounds + 1)), T(", ", "、")),
        )
    ask = T(
        "Compute {F0}, its residuals and its mean squared error {mse}; then for {each}: {what}the leaf values "
        "{hL} and {hR}, and {where}; finally the new residuals {new} and their mean squared error. Give each "
        "answer to 3 decimals (keep fractions or more decimals in between).",
        "求 {F0}、它的残差及均方误差 {mse}；然后对{each}求：{what}叶结点值 {hL} 和 {hR}，以及{where}；"
        "最后求新的残差 {new} 及其均方误差。每个答案保留 3 位小数（中间结果保留分数或更多位小数）。",
        F0=Math(F0_SYM),
        mse=Math(_mse_said()),
        each=T("the round", "这一轮")
        if rounds == 1
        else T("each of the {k} rounds", "全部 {k} 轮中的每一轮", k=rounds),
        what=what,
        hL=Math(H_L),
        hR=Math(H_R),
        where=where,
        new=Math(_minus(sp.Symbol("y_i"), _f_of(rounds))),
    )
    return Question.of(intro, table, rule, how, ask)


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "no_shrinkage": T("shrinkage η left out", "漏乘学习率（收缩参数）η"),
    "residual_sign": T("residuals taken as F − y", "残差算成了 F − y"),
    "leaf_mean_of_y": T("leaf values from the targets, not the residuals", "叶结点值用了目标值而不是残差的平均值"),
    "F0_zero": T("F₀ taken as 0", "把 F₀ 取为 0"),
    "F0_median": T("F₀ taken as the median", "把 F₀ 取为中位数"),
    "gradient_without_half": T(
        "negative gradient of (y − F)² without the ½: 2(y − F)", "平方损失漏了 ½：负梯度取成 2(y − F)"
    ),
}


def _wrong_runs(params: Params) -> dict:
    """{mistake: {answer: wrong value}} of every mistaken computation that applies."""
    runs = {"no_shrinkage": _run(params, shrink=False, exact=False)} if params.eta != 1 else {}
    runs |= {
        "residual_sign": _run(params, factor=-1, exact=False),
        "leaf_mean_of_y": _run(params, leaf="targets", exact=False),
        "F0_zero": _run(params, start="zero", exact=False),
        "F0_median": _run(params, start="median", exact=False),
        "gradient_without_half": _run(params, factor=2, exact=False),
    }
    return {name: _answers(run) for name, run in runs.items()}


def mistakes(params: Params, solution) -> list[Mistake]:
    eta = Math(sp.Eq(ETA, shown_number("eta", params.eta, decimals=True), evaluate=False))
    residual = Math(
        sp.Eq(sp.Symbol("r_i"), _minus(sp.Symbol("y_i"), sp.Function("F")(sp.Symbol("x_i"))), evaluate=False)
    )
    messages = {
        "no_shrinkage": T(
            "each tree is added with the shrinkage {eta}: the new model is {update}, not {whole}",
            "每棵树都要乘以学习率 {eta} 再累加：新模型为 {update}，而不是 {whole}",
            eta=eta,
            update=Math(UPDATE),
            whole=Math(Ordered(sp.Function("F")(_x), sp.Function("h")(_x), evaluate=False)),
        ),
        "residual_sign": T(
            "the residual is target minus prediction, {r}, the negative gradient; F − y is the gradient itself, "
            "and a tree fitted to it moves F away from y",
            "残差是目标值减预测值 {r}，即负梯度；F − y 是梯度本身，拟合它的树会让 F 远离 y",
            r=residual,
        ),
        "leaf_mean_of_y": T(
            "the stump fits the residuals: each leaf holds the mean residual of its samples, not their mean target",
            "树桩拟合的是残差：每个叶结点取其样本残差的平均值，而不是目标值的平均值",
        ),
        "F0_zero": T(
            "boosting starts from the constant of smallest squared loss, {F0}, not from 0",
            "梯度提升从使平方损失最小的常数 {F0} 开始，而不是从 0 开始",
            F0=Math(sp.Eq(F0_SYM, sp.Symbol("ȳ"), evaluate=False)),
        ),
        "F0_median": T(
            "for the squared loss {F0} is the mean of the targets; the median minimises the absolute loss",
            "对平方损失，{F0} 是目标值的平均值；中位数是绝对值损失的最优常数",
            F0=Math(F0_SYM),
        ),
        "gradient_without_half": T(
            "the residual {r} is the negative gradient of {L}; for (y − F)², without the ½, the negative gradient "
            "is 2(y − F), twice the residual (the notes' 'the residual equals the negative gradient of the MSE' "
            "needs that ½)",
            "残差 {r} 是 {L} 的负梯度；若损失为 (y − F)²（没有 ½），负梯度是 2(y − F)，即残差的两倍"
            "（笔记中“残差恰好等于 MSE 的负梯度”需要这个 ½）",
            r=residual,
            L=Math(LOSS),
        ),
    }
    candidates = [Mistake(name, messages[name], answers) for name, answers in _wrong_runs(params).items()]
    return shown_mistakes(candidates, solution)
