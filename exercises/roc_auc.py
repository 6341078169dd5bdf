"""ROC curve and AUC of a binary classifier's scores.

A sample is predicted positive iff its score s ≥ t. The thresholds t₁ > t₂ > ... > t_m are
the distinct scores, largest first; at threshold t_k, with P positives and N negatives,

    TP_k = #{positives with s ≥ t_k},   FP_k = #{negatives with s ≥ t_k}
    x_k = FPR_k = FP_k / N   (false positive rate, the x-axis)
    y_k = TPR_k = TP_k / P   (true positive rate, the y-axis)

The ROC curve runs through (x₀, y₀) = (0, 0) (a threshold above every score: nothing
predicted positive), then (x_k, y_k) for k = 1..m; the last point is (1, 1). Its area, by
the trapezoid rule (a segment where a positive and a negative tie goes diagonally):

    AUC = Σ_k ½ (x_k - x_{k-1}) (y_{k-1} + y_k)

and, the same number, the share of correctly ranked (positive, negative) pairs, a tie
counting ½ (the Mann-Whitney statistic):

    C   = #(s⁺ > s⁻) + ½ #(s⁺ = s⁻)
    AUC = C / (P·N)

Labels are 1 (positive) and 0 or -1 (negative), as the user gives them. Answers: the
thresholds, the points (x_k, y_k) from (0, 0), the AUC, and C (`correct_pairs`, an answer
the syllabus leaves open: the count the ranking method adds up).
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
    Lines,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    shown_mistakes,
    step,
)
from exercises.core.number_text import decimal_text
from exercises.core.symbols import Num, Ordered, Spelled, is_short_decimal

TITLE = "ROC curve and AUC"
DESCRIPTION = "Thresholds, (FPR, TPR) points of the ROC curve, AUC by trapezoids and by ranked pairs (ties ½)."
TITLE_ZH = "ROC曲线与AUC"
DESCRIPTION_ZH = "阈值、ROC曲线上的点（假正例率, 真正例率）、梯形法求 AUC，以及按正反例对排序求 AUC（平局记 ½）。"

MAX_SAMPLES, LIMIT = 20, 10**6
FORMS = {
    "scores": T(
        "the classifier's score of each sample, 2-{n} numbers between -{limit} and {limit} "
        "(higher means more likely positive), e.g. [0.9, 0.8, 0.7, 0.6, 0.55, 0.4]",
        "分类器给每个样本的得分，2-{n} 个 -{limit} 到 {limit} 之间的数（越大越可能是正例），"
        "例如 [0.9, 0.8, 0.7, 0.6, 0.55, 0.4]",
        n=MAX_SAMPLES,
        limit=LIMIT,
    ),
    "labels": T(
        "the true class of each sample, in the order of 'scores': 1 (positive) or 0 (negative), "
        "or 1 and -1, e.g. [1, 1, 0, 1, 0, 0]",
        "每个样本的真实类别，与 'scores' 顺序相同：1（正例）或 0（反例），也可用 1 与 -1，例如 [1, 1, 0, 1, 0, 0]",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve roc_auc` takes
RATE = Check(abs_tol=0.001)

P, N, C = sp.Symbol("P"), sp.Symbol("N"), sp.Symbol("C")
AUC, FPR, TPR, FP, TP = (sp.Symbol(name) for name in ("AUC", "FPR", "TPR", "FP", "TP"))
ABOVE = Spelled("#(s⁺ > s⁻)", r"\#(s^{+} > s^{-})")  # pairs the positive scores higher
TIED = Spelled("#(s⁺ = s⁻)", r"\#(s^{+} = s^{-})")  # tied pairs


def _x(k: int):
    return sp.Symbol(f"x_{k}")


def _y(k: int):
    return sp.Symbol(f"y_{k}")


def _t(k: int):
    return sp.Symbol(f"t_{k}")


def _per(name: str, i: int):
    """n_i or e_i for sample i (0-based)."""
    return sp.Symbol(f"{name}_{i + 1}")


def _ratio(a, b):
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


def _trapezoid(k: int | None):
    """½ (x_k - x_{k-1}) (y_{k-1} + y_k), as written; for k None, with the letter k."""
    if k is None:
        x, y = sp.Symbol("x_k"), sp.Symbol("y_k")
        x0, y0 = Spelled("xₖ₋₁", "x_{k-1}"), Spelled("yₖ₋₁", "y_{k-1}")
    else:
        x, y, x0, y0 = _x(k), _y(k), _x(k - 1), _y(k - 1)
    return sp.Mul(sp.S.Half, Ordered(x, -x0, evaluate=False), Ordered(y0, y, evaluate=False), evaluate=False)


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    scores: tuple[sp.Rational, ...]
    labels: tuple[int, ...]  # 1 positive; 0 or -1 negative, as given

    @property
    def positive(self) -> tuple[bool, ...]:
        return tuple(label == 1 for label in self.labels)

    @property
    def negative_label(self) -> int:
        return -1 if -1 in self.labels else 0

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("scores", "labels"))
        scores = read.vector("scores", raw["scores"], FORMS["scores"], (2, MAX_SAMPLES), low=-LIMIT, high=LIMIT)
        labels = _labels(raw["labels"], len(scores))
        return cls(scores, labels)

    def to_json(self) -> dict:
        return {"scores": read.to_json(self.scores), "labels": list(self.labels)}


def _labels(value, n: int) -> tuple[int, ...]:
    form = FORMS["labels"]
    if not isinstance(value, list) or any(isinstance(x, bool) or x not in (1, 0, -1) for x in value):
        raise ParamError(T("parameter 'labels' must be {form}.", "参数 'labels' 应为：{form}。", form=form))
    if len(value) != n:
        raise ParamError(
            T(
                "parameter 'labels' must be {form}, one for each of the {n} scores (it has {k}).",
                "参数 'labels' 应为：{form}，{n} 个得分各一个（实际有 {k} 个）。",
                form=form,
                n=n,
                k=len(value),
            )
        )
    if 0 in value and -1 in value:
        raise ParamError(
            T(
                "parameter 'labels' mixes 0 and -1 as negatives; it must be {form}.",
                "参数 'labels' 同时用 0 和 -1 表示反例；应为：{form}。",
                form=form,
            )
        )
    if len(set(value)) < 2:
        only = T("positives", "正例") if value[0] == 1 else T("negatives", "反例")
        missing = (
            T("N = 0 negatives, so the FPR FP/N", "反例数 N = 0，假正例率 FP/N")
            if value[0] == 1
            else T("P = 0 positives, so the TPR TP/P", "正例数 P = 0，真正例率 TP/P")
        )
        raise ParamError(
            T(
                "parameter 'labels' holds only {only}: with {missing} is undefined, "
                "so give at least one sample of each class.",
                "参数 'labels' 只含{only}：{missing} 无定义，请每个类别至少给出一个样本。",
                only=only,
                missing=missing,
            )
        )
    return tuple(int(x) for x in value)


# ---------------------------------------------------------------- exact arithmetic (Fractions)


def _fraction(value) -> Fraction:
    return Fraction(int(value.p), int(value.q))


@dataclass(frozen=True)
class Curve:
    """Everything the solution and the mistakes need, in Fractions."""

    scores: tuple[Fraction, ...]
    positive: tuple[bool, ...]
    thresholds: tuple[Fraction, ...]  # distinct scores, largest first
    counts: tuple[tuple[int, int], ...]  # (FP_k, TP_k) at each threshold
    P: int
    N: int

    def points(self, counts=None) -> list[tuple[Fraction, Fraction]]:
        """(0, 0), then (FP/N, TP/P) for each (FP, TP) of `counts` (default: the right ones)."""
        counts = self.counts if counts is None else counts
        return [(Fraction(0), Fraction(0))] + [(Fraction(fp, self.N), Fraction(tp, self.P)) for fp, tp in counts]

    def pairs(self) -> tuple[list[int], list[int]]:
        """For each positive (in sample order): the negatives it scores above, and those it ties."""
        negatives = [s for s, pos in zip(self.scores, self.positive) if not pos]
        mine = [s for s, pos in zip(self.scores, self.positive) if pos]
        return [sum(1 for v in negatives if v < s) for s in mine], [sum(1 for v in negatives if v == s) for s in mine]


def _curve(params: Params, strict: bool = False) -> Curve:
    """The ROC counts: positive iff score ≥ t (> t when `strict`, a mistake)."""
    scores = tuple(_fraction(s) for s in params.scores)
    positive = params.positive
    thresholds = tuple(sorted(set(scores), reverse=True))
    counts = []
    for t in thresholds:
        above = [pos for s, pos in zip(scores, positive) if (s > t if strict else s >= t)]
        counts.append((above.count(False), above.count(True)))
    P = sum(positive)
    return Curve(scores, positive, thresholds, tuple(counts), P, len(scores) - P)


def _area(points, lower: bool = False) -> Fraction:
    """The trapezoid rule over the points in order (`lower`: rectangles under the lower end
    of each segment, a mistake)."""
    total = Fraction(0)
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        total += (x1 - x0) * (y0 if lower else (y0 + y1) / 2)
    return total


# ---------------------------------------------------------------- generation


def _grid(step: str) -> list[Fraction]:
    unit = Fraction(step)
    return [unit * k for k in range(1, int(1 / unit))]


def generate(dice, difficulty: str) -> Params:
    """easy: 5-6 samples, distinct scores in tenths (0.1-0.9), listed from the highest score
    down; medium: 6-8 samples, distinct scores in twentieths (0.05-0.95), in random order;
    hard: 8-10 samples, scores in tenths with ties (at least one between a positive and a
    negative, at most 3 samples on one score, at least 5 distinct scores), in random order.
    Each class has at least 2 samples and a third of them; the AUC lies strictly between
    1/2 and 1 (else drawn again)."""
    n = {"easy": dice.integer(5, 6), "medium": dice.integer(6, 8), "hard": dice.integer(8, 10)}[difficulty]
    least = max(2, -(-n // 3))
    p = dice.integer(least, n - least)
    labels = dice.sample([1] * p + [0] * (n - p), n)
    if difficulty == "hard":
        grid = _grid("0.1")
        scores = [dice.choice(grid) for _ in range(n)]
        mixed = [s for s in set(scores) if len({y for v, y in zip(scores, labels) if v == s}) == 2]
        if not mixed or len(set(scores)) < 5 or max(scores.count(s) for s in scores) > 3:
            raise Redraw("no tie between a positive and a negative, or too many ties")
    else:
        scores = dice.sample(_grid("0.1" if difficulty == "easy" else "0.05"), n)
    if difficulty == "easy":
        scores, labels = map(list, zip(*sorted(zip(scores, labels), key=lambda pair: -pair[0])))
    params = Params(tuple(sp.Rational(s.numerator, s.denominator) for s in scores), tuple(labels))
    curve = _curve(params)
    auc = _area(curve.points())
    if not Fraction(1, 2) < auc < 1:
        raise Redraw("an AUC of 1/2 or less, or of 1")
    return params


# ---------------------------------------------------------------- solution


def _score_text(value) -> str:
    """A score as the question writes it: its exact decimals, else a fraction."""
    value = sp.Rational(value)
    if value.is_Integer:
        return str(value)
    q, twos, fives = value.q, 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1:
        return f"{value.p}/{value.q}"
    digits = max(twos, fives)
    text = f"{abs(value.p) * 10**digits // value.q:0{digits + 1}d}"
    return ("-" if value < 0 else "") + text[:-digits] + "." + text[-digits:]


def _decimals(values, rows: int) -> sp.ImmutableMatrix:
    """Exact decimals as the worked solution's decimal link writes them, so that the chain
    does not repeat them (see `render._decimal`), in `rows` rows."""
    nums = [
        Num(f"d{i}", v, str(v), False, True)
        if v.is_Integer
        else Num("d", v, decimal_text(float(v.p) / float(v.q)), False, True)
        for i, v in enumerate(values)
    ]
    return sp.ImmutableMatrix(rows, len(nums) // rows, nums)


def _threshold_list(thresholds) -> Step:
    """t₁ ... t_m in a row when it fits 80 columns, else t = the row, else a column."""
    m, texts = len(thresholds), [_score_text(t) for t in thresholds]
    wide = 3 + sum(len(x) + 2 for x in texts)  # " = [0.9  0.8]"
    lhs = sp.ImmutableMatrix([[_t(k) for k in range(1, m + 1)]])
    if 4 + 4 * m + wide > 80:
        lhs = sp.Symbol("t")
    rows = 1 if 4 + 1 + wide <= 80 else m
    shown = all(is_short_decimal(t) or t.is_Integer for t in thresholds)
    return Step(
        T(
            "Thresholds {t}: the distinct scores, largest first",
            "阈值 {t}：各个不同的得分，从大到小",
            t=Math(sp.Symbol("t_k")),
        ),
        lhs,
        substituted=_decimals(thresholds, rows) if shown else None,
        exact=sp.ImmutableMatrix(rows, m // rows, thresholds),
    )


def _rational(f: Fraction) -> sp.Rational:
    return sp.Rational(f.numerator, f.denominator)


def _samples(indices):
    """Sample numbers (1-based) of 0-based indices, listed."""
    return join(i + 1 for i in indices)


def _label_text(params: Params, i: int):
    return T("positive", "正例") if params.positive[i] else T("negative", "反例")


def _threshold_step(params: Params, curve: Curve, k: int) -> Step:
    t = curve.thresholds[k - 1]
    fp, tp = curve.counts[k - 1]
    here = [i for i, s in enumerate(curve.scores) if s == t]
    added = join(T("{i} ({c})", "{i}（{c}）", i=i + 1, c=_label_text(params, i)) for i in here)
    mixed = len({curve.positive[i] for i in here}) > 1
    fp_k, tp_k = sp.Symbol(f"FP_{k}"), sp.Symbol(f"TP_{k}")
    counts = T(
        "{tp} and {fp}",
        "{tp}，{fp}",
        tp=Math(sp.Eq(tp_k, tp, evaluate=False)),
        fp=Math(sp.Eq(fp_k, fp, evaluate=False)),
    )
    if mixed:
        note = T(
            "Samples scored {t}: {added}; a positive and a negative tie, so the curve goes diagonally. Now {counts}.",
            "得分为 {t} 的样本：{added}；正例与反例得分相同，曲线沿斜线上升。此时 {counts}。",
            t=_score_text(_rational(t)),
            added=added,
            counts=counts,
        )
    else:
        note = T(
            "{which} scored {t}: {added}. Now {counts}.",
            "得分为 {t} 的样本：{added}。此时 {counts}。",
            which=T("Samples", "样本") if len(here) > 1 else T("Sample", "样本"),
            t=_score_text(_rational(t)),
            added=added,
            counts=counts,
        )
    return step(
        T(
            "Threshold {t}: predict positive iff score ≥ {v}",
            "阈值 {t}：得分 ≥ {v} 时预测为正例",
            t=Math(_t(k)),
            v=_score_text(_rational(t)),
        ),
        sp.ImmutableMatrix([[_x(k), _y(k)]]),
        sp.ImmutableMatrix([[_ratio(fp_k, N), _ratio(tp_k, P)]]),
        {fp_k: fp, tp_k: tp, N: curve.N, P: curve.P},
        exact=sp.ImmutableMatrix([[sp.Rational(fp, curve.N), sp.Rational(tp, curve.P)]]),
        note=note,
    )


def _area_step(curve: Curve, auc: Fraction) -> Step:
    points = curve.points()
    wide = [k for k in range(1, len(points)) if points[k][0] != points[k - 1][0]]
    values = {}
    for k in wide:
        for j in (k - 1, k):
            values[_x(j)], values[_y(j)] = (_rational(v) for v in points[j])
    formula = Ordered(*[_trapezoid(k) for k in wide], evaluate=False) if len(wide) > 1 else _trapezoid(wide[0])
    return step(
        T(
            "AUC by the trapezoid rule: the area under the ROC curve, segment by segment",
            "用梯形法求 AUC：ROC曲线下的面积，逐段相加",
        ),
        AUC,
        formula,
        values,
        exact=_rational(auc),
        note=T(
            "Each segment adds {piece}; a vertical segment (only the TPR rises) adds nothing and is left out.",
            "每一段的面积为 {piece}；竖直的线段（只有真正例率上升）面积为 0，略去不写。",
            piece=Math(_trapezoid(None)),
        ),
    )


def _pair_steps(curve: Curve) -> list[Step]:
    above, tied = curve.pairs()
    mine = [i for i, pos in enumerate(curve.positive) if pos]
    strict = step(
        T(
            "Pairs ranked correctly: for each positive, the negatives scored lower",
            "排序正确的（正例, 反例）对：对每个正例，数出得分比它低的反例",
        ),
        ABOVE,
        Ordered(*[_per("n", i) for i in mine], evaluate=False) if len(mine) > 1 else _per("n", mine[0]),
        {_per("n", i): a for i, a in zip(mine, above)},
        exact=sp.Integer(sum(above)),
        note=T(
            "{n}: the negatives scored below positive sample i (samples {who}).",
            "{n}：得分低于正例样本 i 的反例个数（正例为样本 {who}）。",
            n=Math(sp.Symbol("n_i")),
            who=_samples(mine),
        ),
    )
    steps = [strict]
    if sum(tied):
        ties = [(i, e) for i, e in zip(mine, tied) if e]
        steps.append(
            step(
                T(
                    "Tied pairs: for each positive, the negatives with the same score",
                    "得分相同的（正例, 反例）对：对每个正例，数出与它得分相同的反例",
                ),
                TIED,
                Ordered(*[_per("e", i) for i, _ in ties], evaluate=False) if len(ties) > 1 else _per("e", ties[0][0]),
                {_per("e", i): e for i, e in ties},
                exact=sp.Integer(sum(tied)),
                note=T(
                    "{e}: the negatives with the score of positive sample i (only the positives with a tie).",
                    "{e}：与正例样本 i 得分相同的反例个数（只列出有平局的正例）。",
                    e=Math(sp.Symbol("e_i")),
                ),
            )
        )
        steps.append(
            step(
                T("Correctly ranked pairs, a tie counting ½", "排序正确的对数，平局记 ½"),
                C,
                Ordered(ABOVE, sp.Mul(sp.S.Half, TIED, evaluate=False), evaluate=False),
                {ABOVE: sum(above), TIED: sum(tied)},
                exact=sp.Integer(sum(above)) + sp.Rational(sum(tied), 2),
            )
        )
    correct = Fraction(sum(above)) + Fraction(sum(tied), 2)
    count = C if sum(tied) else ABOVE  # without ties, C is the count of the step before
    steps.append(
        step(
            T(
                "AUC as the share of correctly ranked (positive, negative) pairs",
                "AUC 即排序正确的（正例, 反例）对所占的比例",
            ),
            AUC,
            count / (P * N),
            {count: _rational(correct), P: curve.P, N: curve.N},
            decimals=True,  # C = 19/2 is written 9.5
            exact=_rational(correct / (curve.P * curve.N)),
            note=T(
                "The same as the trapezoid area: the AUC is the chance that a random positive scores above "
                "a random negative, a tie counting ½.",
                "与梯形法的面积相同：AUC 是随机取一个正例得分高于随机取一个反例的概率，平局记 ½。",
            ),
        )
    )
    return steps


def _question(params: Params, curve: Curve) -> Question:
    negative = params.negative_label
    samples = Lines(
        tuple(
            T(
                "Sample {i}: score {s}, label {y}",
                "样本 {i}：得分 {s}，标签 {y}",
                i=i,
                s=_score_text(s),
                y=y,
            )
            for i, (s, y) in enumerate(zip(params.scores, params.labels), 1)
        )
    )
    ties = len(set(curve.scores)) < len(curve.scores)
    tie_rule = ""
    if ties:
        tie_rule = T(
            " Some scores are tied: where a positive and a negative tie, the curve goes diagonally (a trapezoid), "
            "and a tied pair counts ½.",
            "部分得分相同：正例与反例得分相同时，曲线沿斜线前进（面积按梯形计算），这样的一对记 ½。",
        )
    return Question.of(
        T(
            "A binary classifier gives these scores to {n} samples (label 1: positive, {neg}: negative):",
            "某二分类器给 {n} 个样本的得分如下（标签 1 为正例，{neg} 为反例）：",
            n=len(params.scores),
            neg=negative,
        ),
        samples,
        T(
            "A sample is predicted positive iff its score is at least the threshold t, and the thresholds are "
            "the distinct scores, from the largest down. With {fpr} (the x-axis) and {tpr} (the y-axis), where "
            "P and N count the positives and the negatives, give the thresholds; the points (FPR, TPR) of the "
            "ROC curve, from (0, 0) (a threshold above every score) and then one for each threshold; the AUC by "
            "the trapezoid rule; and the number of correctly ranked (positive, negative) pairs, where the "
            "positive scores higher, a tie counting ½ (over P·N, it is the AUC again).{ties}",
            "样本得分不低于阈值 t 时预测为正例；阈值取各个不同的得分，从大到小排列。"
            "设假正例率 {fpr}（横轴）、真正例率 {tpr}（纵轴），P、N 分别为正例数和反例数。"
            "求：各阈值；ROC曲线上的点（FPR, TPR），从 (0, 0)（阈值高于所有得分）开始，每个阈值一个点；"
            "用梯形法计算的 AUC；以及排序正确的（正例, 反例）对的个数，即正例得分高于反例，平局记 ½"
            "（除以 P·N 也得到 AUC）。{ties}",
            fpr=Math(sp.Eq(FPR, _ratio(FP, N), evaluate=False)),
            tpr=Math(sp.Eq(TPR, _ratio(TP, P), evaluate=False)),
            ties=tie_rule,
        ),
    )


def solve(params: Params) -> Solution:
    curve = _curve(params)
    m = len(curve.thresholds)
    positives = [i for i, pos in enumerate(curve.positive) if pos]
    negatives = [i for i, pos in enumerate(curve.positive) if not pos]
    counted = Step(
        T("Count the positives P and the negatives N", "数出正例数 P 与反例数 N"),
        sp.ImmutableMatrix([[P, N]]),
        exact=sp.ImmutableMatrix([[curve.P, curve.N]]),
        note=T(
            "Positives: samples {pos}; negatives: samples {neg}.",
            "正例：样本 {pos}；反例：样本 {neg}。",
            pos=_samples(positives),
            neg=_samples(negatives),
        ),
    )
    thresholds = tuple(_rational(t) for t in curve.thresholds)
    listed = _threshold_list(thresholds)
    start = Step(
        T(
            "Start: a threshold above every score predicts no sample positive",
            "起点：阈值高于所有得分时，没有样本被预测为正例",
        ),
        sp.ImmutableMatrix([[_x(0), _y(0)]]),
        exact=sp.ImmutableMatrix([[0, 0]]),
    )
    points = [_threshold_step(params, curve, k) for k in range(1, m + 1)]
    auc = _area(curve.points())
    area = _area_step(curve, auc)
    pairs = _pair_steps(curve)
    steps = (counted, listed, start, *points, area, *pairs)
    correct = pairs[-2].exact
    answers = (
        Answer("thresholds", T("the thresholds, largest first", "各阈值（从大到小）"), thresholds, EXACT),
        Answer(
            "roc_points",
            T(
                "the points (FPR, TPR) of the ROC curve, from (0, 0), one row each",
                "ROC曲线上的点（FPR, TPR），从 (0, 0) 开始，每行一个点",
            ),
            tuple((_rational(x), _rational(y)) for x, y in curve.points()),
            RATE,
        ),
        Answer("auc", T("the AUC (trapezoid rule)", "AUC（梯形法）"), _rational(auc), RATE),
        Answer(
            "correct_pairs",
            T(
                "the number of correctly ranked (positive, negative) pairs, a tie counting ½",
                "排序正确的（正例, 反例）对数，平局记 ½",
            ),
            correct,
            EXACT,
        ),
    )
    return Solution(_question(params, curve), steps, answers)


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "axes_swapped": T("FPR and TPR swapped", "假正例率与真正例率弄反了"),
    "strict_threshold": T("positive iff score > t, not ≥ t", "把“得分 ≥ t 为正例”做成了“得分 > t”"),
    "fpr_as_fdr": T("FP/(TP + FP) taken as the FPR", "把 FP/(TP + FP) 当成了假正例率"),
    "step_area_not_trapezoid": T("rectangles instead of trapezoids on ties", "平局处用矩形代替了梯形"),
    "ties_as_zero": T("tied pairs counted 0", "得分相同的正反例对记为 0"),
    "ties_as_one": T("tied pairs counted 1", "得分相同的正反例对记为 1"),
}


def _floats(points) -> list[list[float]]:
    return [[float(x), float(y)] for x, y in points]


def mistakes(params: Params, solution) -> list[Mistake]:
    curve = _curve(params)
    points = curve.points()
    auc = _area(points)
    above, tied = (sum(x) for x in curve.pairs())
    pairs = curve.P * curve.N
    strict = _curve(params, strict=True)
    fdr = [(Fraction(0), Fraction(0))] + [(Fraction(fp, fp + tp), Fraction(tp, curve.P)) for fp, tp in curve.counts]
    half = T("a tied (positive, negative) pair counts ½", "得分相同的（正例, 反例）对记 ½")
    candidates = [
        Mistake(
            "axes_swapped",
            T(
                "the ROC curve has the FPR {fpr} on the x-axis and the TPR {tpr} on the y-axis; "
                "with the axes swapped the area is 1 - AUC",
                "ROC曲线的横轴是假正例率 {fpr}，纵轴是真正例率 {tpr}；横纵轴弄反时面积变成 1 - AUC",
                fpr=Math(_ratio(FP, N)),
                tpr=Math(_ratio(TP, P)),
            ),
            {"roc_points": [[y, x] for x, y in _floats(points)], "auc": float(1 - auc)},
        ),
        Mistake(
            "strict_threshold",
            T(
                "a sample is positive iff its score is at least the threshold (s ≥ t): "
                "at the threshold of its own score it is already predicted positive",
                "得分不低于阈值（s ≥ t）即预测为正例：阈值等于某样本的得分时，该样本已被预测为正例",
            ),
            {"roc_points": _floats(strict.points())},
        ),
        Mistake(
            "fpr_as_fdr",
            T(
                "the FPR is {fpr}, the share of the negatives predicted positive, not {fdr}",
                "假正例率是 {fpr}，即反例中被预测为正例的比例，而不是 {fdr}",
                fpr=Math(_ratio(FP, N)),
                fdr=Math(_ratio(FP, Ordered(TP, FP, evaluate=False))),
            ),
            {"roc_points": _floats(fdr), "auc": float(_area(fdr))},
        ),
        Mistake(
            "step_area_not_trapezoid",
            T(
                "where a positive and a negative tie the curve goes diagonally: that segment adds the trapezoid "
                "{piece}, not the rectangle under its lower end",
                "正例与反例得分相同时曲线沿斜线前进：这一段的面积是梯形 {piece}，而不是它下端的矩形",
                piece=Math(_trapezoid(None)),
            ),
            {"auc": float(_area(points, lower=True))},
        ),
        Mistake(
            "ties_as_zero",
            T("{half}, not 0", "{half}，而不是记 0", half=half),
            {"correct_pairs": above, "auc": above / pairs},
        ),
        Mistake(
            "ties_as_one",
            T("{half}, not 1", "{half}，而不是记 1", half=half),
            {"correct_pairs": above + tied, "auc": (above + tied) / pairs},
        ),
    ]
    return shown_mistakes(candidates, solution)
