"""Metrics from a confusion matrix (rows = actual class, columns = predicted class).

Binary, from the counts TP, FP, FN, TN:

    accuracy    = (TP + TN) / (TP + FP + FN + TN)
    precision P = TP / (TP + FP)
    recall    R = TP / (TP + FN)
    specificity = TN / (TN + FP)
    F1          = 2PR / (P + R)          (harmonic mean of P and R; 0 when P = R = 0)

Multi-class, from a k x k matrix m: for class i, TP_i = m_ii, FP_i = column i sum minus
m_ii, FN_i = row i sum minus m_ii, and P_i, R_i, F1_i as above; accuracy = Σ TP_i / N,
macro F1 = (1/k) Σ F1_i, micro F1 = F1 of the pooled TP, FP, FN (equal to the accuracy
for single-label classification, since every error is one FP and one FN).

Class names are shown as the user typed them, in every language; the default names
'class 1', 'class 2', ... read 第 1 类, 第 2 类 in Chinese.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, step
from exercises.core.symbols import Written

TITLE = "Confusion-matrix metrics"
DESCRIPTION = "Accuracy, precision, recall, specificity and F1 (binary); per-class, macro and micro F1 (multi-class)."
TITLE_ZH = "混淆矩阵评价指标"
DESCRIPTION_ZH = "准确率、查准率、查全率、特异度与 F1（二分类）；各类别、宏平均与微平均 F1（多分类）。"

BINARY = ("tp", "fp", "fn", "tn")
FORM_COUNT = T("a non-negative integer count", "非负整数计数")
FORM_MATRIX = T(
    "a square list of 2-10 rows of non-negative integer counts, rows = actual class, "
    "columns = predicted class, e.g. [[5,1,0],[2,6,1],[0,1,7]]",
    "2-10 行的方阵，元素为非负整数计数，每行对应实际类别、每列对应预测类别，例如 [[5,1,0],[2,6,1],[0,1,7]]",
)
FORM_LABELS = T(
    'a list of distinct class names, one per row of \'matrix\', e.g. ["cat", "dog", "bird"]',
    '互不相同的类别名称列表，与 \'matrix\' 的各行一一对应，例如 ["猫", "狗", "鸟"]',
)
# What `mlexam solve confusion_metrics` takes: the four counts of a binary problem, or a matrix.
PARAMETERS = {
    **{
        key: T(
            "{form} (binary: give tp, fp, fn and tn)", "{form}（二分类：需同时给出 tp、fp、fn 和 tn）", form=FORM_COUNT
        )
        for key in BINARY
    },
    "matrix": T("{form} (instead of the four counts)", "{form}（代替上述四个计数）", form=FORM_MATRIX),
    "labels": T("{form} (optional, with matrix)", "{form}（可选，与 matrix 一起给出）", form=FORM_LABELS),
}
LIMIT = 10**9
SCORE = Check(abs_tol=0.001)


class F1(Written, sp.Function):
    """The F1 score of class i or of an average, printed F₁(2), F₁(macro) by every printer
    (a plain Symbol such as F1_2 would print as F with two subscripts)."""

    NAME, SUBSCRIPT, LATEX = "F", "1", "F_{1}"

    def _sympystr(self, printer):
        return f"F1({printer._print(self.args[0])})"


TP, FP, FN, TN = sp.symbols("TP FP FN TN")
PREC, REC, NTOTAL, KCLASSES = sp.symbols("P R N k")
ZERO_OVER_ZERO = sp.Mul(0, sp.Pow(0, -1, evaluate=False), evaluate=False)  # printed 0/0


def _default_labels(k: int) -> tuple[str, ...]:
    """The class names when the user gives none."""
    return tuple(f"class {i}" for i in range(1, k + 1))


@dataclass(frozen=True)
class Params:
    tp: sp.Integer | None = None
    fp: sp.Integer | None = None
    fn: sp.Integer | None = None
    tn: sp.Integer | None = None
    matrix: tuple[tuple[sp.Integer, ...], ...] | None = None  # rows actual, columns predicted
    labels: tuple[str, ...] | None = None

    @property
    def binary(self) -> bool:
        return self.matrix is None

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        given = [key for key in BINARY if key in raw]
        if given and "matrix" in raw:
            raise ParamError(
                T(
                    "give either the binary counts tp, fp, fn, tn or a multi-class 'matrix' "
                    "(with optional 'labels'), not both.",
                    "请给出二分类的计数 tp、fp、fn、tn，或多分类的 'matrix'（可附 'labels'），两者不能同时给出。",
                )
            )
        if "matrix" not in raw and not given:
            if "labels" in raw:
                raise ParamError(
                    T(
                        "parameter 'labels' names the rows of a multi-class 'matrix', so give 'matrix' too.",
                        "参数 'labels' 是多分类 'matrix' 各行的类别名称，请同时给出 'matrix'。",
                    )
                )
            raise ParamError(
                T(
                    "missing parameters: give tp, fp, fn, tn (binary) or matrix with optional labels (multi-class).",
                    "缺少参数：请给出 tp、fp、fn、tn（二分类），或 matrix 及可选的 labels（多分类）。",
                )
            )
        if given:
            if "labels" in raw:
                raise ParamError(
                    T(
                        "parameter 'labels' only goes with a multi-class 'matrix'; "
                        "binary counts tp, fp, fn, tn take no labels.",
                        "参数 'labels' 只能与多分类的 'matrix' 一起给出；二分类的计数 tp、fp、fn、tn 不带类别名称。",
                    )
                )
            read.require(raw, BINARY)
            counts = [read.number(key, raw[key], FORM_COUNT, 0, LIMIT, integer=True) for key in BINARY]
            return cls(*counts)
        read.require(raw, ("matrix",), ("labels",))
        matrix = read.matrix(
            "matrix", raw["matrix"], FORM_MATRIX, rows=(2, 10), cols=(2, 10), low=0, high=LIMIT, integer=True
        )
        k = len(matrix)
        if len(matrix[0]) != k:
            raise ParamError(
                T(
                    "parameter 'matrix' must be {form}; it has {k} rows but {c} columns.",
                    "参数 'matrix' 必须是 {form}；它有 {k} 行，却有 {c} 列。",
                    form=FORM_MATRIX,
                    k=k,
                    c=len(matrix[0]),
                )
            )
        labels = raw.get("labels", list(_default_labels(k)))
        if (
            not isinstance(labels, list)
            or len(labels) != k
            or not all(isinstance(x, str) and x.strip() and len(x) <= 40 for x in labels)
            or len(set(labels)) != k
        ):
            raise ParamError(
                T(
                    "parameter 'labels' must be {form} ({k} names, at most 40 characters each).",
                    "参数 'labels' 必须是{form}（应有 {k} 个名称，每个不超过 40 个字符）。",
                    form=FORM_LABELS,
                    k=k,
                )
            )
        return cls(matrix=matrix, labels=tuple(labels))

    def to_json(self) -> dict:
        if self.binary:
            return {key: int(getattr(self, key)) for key in BINARY}
        return {"matrix": read.to_json(self.matrix), "labels": list(self.labels)}


# ---------------------------------------------------------------- generation


@lru_cache(maxsize=1)
def _nice_binary() -> tuple:
    """Counts summing to 20, 25, 40 or 50 whose precision, recall and specificity are whole
    percentages, for a decent classifier (accuracy at least 1/2, P and R at least 2/5) with
    P and R at least 1/10 apart."""
    found = []
    for total in (20, 25, 40, 50):
        for tp in range(1, total):
            for fp in range(1, total - tp):
                if 100 * tp % (tp + fp) or 5 * tp < 2 * (tp + fp):
                    continue
                for fn in range(1, total - tp - fp):
                    tn = total - tp - fp - fn
                    if (
                        100 * tp % (tp + fn)
                        or 100 * tn % (tn + fp)
                        or 5 * tp < 2 * (tp + fn)
                        or 2 * (tp + tn) < total
                        or 10 * abs(tp * (fn - fp)) < (tp + fp) * (tp + fn)
                    ):
                        continue
                    found.append((tp, fp, fn, tn))
    return tuple(found)


LABEL_SETS = (
    ("cat", "dog", "bird", "fish"),
    ("A", "B", "C", "D"),
    ("car", "bus", "bike", "truck"),
    ("setosa", "versicolor", "virginica"),
    ("negative", "neutral", "positive"),
    ("apple", "banana", "cherry", "grape"),
)


def _binary(counts) -> Params:
    return Params(*(sp.Integer(n) for n in counts))


def generate(dice, difficulty: str) -> Params:
    """easy: binary, 20, 40, 50 or 100 examples, precision/recall/specificity whole percentages;
    medium: binary, TP 20-150, FP and FN 3-60, TN 20-200, precision and recall at least 0.05
    apart (so FP ≠ FN; else drawn again); hard: 3-4 classes named from a small list, diagonal 8-40,
    off-diagonal 0-8."""
    if difficulty == "easy":
        counts = dice.choice(_nice_binary())
        scale = dice.choice({20: (1, 5), 25: (4,), 40: (1,), 50: (1, 2)}[sum(counts)])
        return _binary(n * scale for n in counts)
    if difficulty == "medium":
        tp, fp, fn, tn = dice.integer(20, 150), dice.integer(3, 60), dice.integer(3, 60), dice.integer(20, 200)
        if abs(Fraction(tp, tp + fp) - Fraction(tp, tp + fn)) < Fraction(1, 20):
            raise Redraw("precision and recall less than 0.05 apart")
        return _binary((tp, fp, fn, tn))
    k = dice.choice((3, 4))
    names = dice.choice([s for s in LABEL_SETS if len(s) >= k])
    keep = sorted(dice.sample(range(len(names)), k))
    matrix = tuple(
        tuple(sp.Integer(dice.integer(8, 40) if i == j else dice.integer(0, 8)) for j in range(k)) for i in range(k)
    )
    return Params(matrix=matrix, labels=tuple(names[i] for i in keep))


# ---------------------------------------------------------------- solution


def _check_counts(total) -> None:
    if total == 0:
        raise ParamError(
            T(
                "the confusion matrix is all zeros: there are no examples to score.",
                "混淆矩阵全为 0：没有可用于评估的样本。",
            )
        )


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


def _names(labels) -> Text:
    """The class names in order (the default ones as 第 1 类, 第 2 类 in Chinese), spaced
    from the Chinese around them as Chinese is written: 区分 cat、dog 共, 区分猫、狗共."""
    default = labels == _default_labels(len(labels))
    names = join(T("class {i}", "第 {i} 类", i=i) if default else x for i, x in enumerate(labels, 1))
    before = "" if default or _wide(labels[0][0]) else " "
    after = "" if default or _wide(labels[-1][-1]) else " "
    return T("{names}", "{a}{names}{b}", names=names, a=before, b=after)


def _class_names(labels, i: int) -> tuple[Text, Text]:
    """Class i (0-based) quoted in a sentence ('cat', “猫”), and as the head of a step's
    title (Class 'cat', 类别“猫”); the default class 1 is 第 1 类 in both, without quotes."""
    label = labels[i]
    if labels == _default_labels(len(labels)):
        quoted = T("'{x}'", "第 {n} 类", x=label, n=i + 1)
        return quoted, T("Class {q}", "第 {n} 类", q=quoted, n=i + 1)
    quoted = T("'{x}'", "“{x}”", x=label)
    return quoted, T("Class {q}", "类别{q}", q=quoted)


def _ratio_step(title: Text, lhs, formula, values: dict, why: Text):
    """A ratio whose denominator may be 0 (a class never predicted, or never present): then
    it is undefined, and taken as 0 with a note, as scikit-learn's zero_division=0 does."""
    if formula.as_numer_denom()[1].subs(values) != 0:
        return step(title, lhs, formula, values)
    return step(
        title,
        lhs,
        formula,
        values,
        exact=sp.Integer(0),
        note=T(
            "{why}: {undefined} is undefined, taken as 0 (as scikit-learn does with zero_division=0).",
            "{why}：{undefined} 无定义，按 0 计（与 scikit-learn 取 zero_division=0 时的做法相同）。",
            why=why,
            undefined=Math(ZERO_OVER_ZERO),
        ),
    )


HARMONIC = T("the harmonic mean of precision and recall.", "查准率与查全率的调和平均。")


def _f1_step(title: Text, lhs, p, r, p_sym=PREC, r_sym=REC, note: Text = HARMONIC):
    formula = 2 * p_sym * r_sym / (p_sym + r_sym)
    if p + r == 0:
        return step(
            title,
            lhs,
            formula,
            {p_sym: p, r_sym: r},
            exact=sp.Integer(0),
            note=T(
                "{sum} (no true positives), so F1 is taken as 0.",
                "{sum}（没有真正例），故 F1 分数取 0。",
                sum=Math(sp.Eq(p_sym + r_sym, 0)),
            ),
        )
    return step(title, lhs, formula, {p_sym: p, r_sym: r}, note=note)


def _zero(*terms) -> Math:
    """a + b = 0, in the order written."""
    return Math(sp.Eq(sp.Add(*terms, evaluate=False), 0, evaluate=False))


def _solve_binary(params: Params) -> Solution:
    tp, fp, fn, tn = params.tp, params.fp, params.fn, params.tn
    _check_counts(tp + fp + fn + tn)
    counts = {TP: tp, FP: fp, FN: fn, TN: tn}
    accuracy = step(
        T("Accuracy: correct predictions over all examples", "准确率：预测正确的样本数占样本总数的比例"),
        sp.Symbol("accuracy"),
        (TP + TN) / (TP + FP + FN + TN),
        counts,
    )
    precision = _ratio_step(
        T("Precision: true positives over predicted positives", "查准率：真正例占预测为正类的样本的比例"),
        PREC,
        TP / (TP + FP),
        {TP: tp, FP: fp},
        T("nothing was predicted positive ({c})", "没有样本被预测为正类（{c}）", c=_zero(TP, FP)),
    )
    recall = _ratio_step(
        T("Recall (sensitivity): true positives over actual positives", "查全率（灵敏度）：真正例占实际正类样本的比例"),
        REC,
        TP / (TP + FN),
        {TP: tp, FN: fn},
        T("there are no actual positives ({c})", "没有实际为正类的样本（{c}）", c=_zero(TP, FN)),
    )
    specificity = _ratio_step(
        T("Specificity: true negatives over actual negatives", "特异度：真反例占实际负类样本的比例"),
        sp.Symbol("specificity"),
        TN / (TN + FP),
        {TN: tn, FP: fp},
        T("there are no actual negatives ({c})", "没有实际为负类的样本（{c}）", c=_zero(TN, FP)),
    )
    f1 = _f1_step(T("F1 score", "F1 分数"), sp.Symbol("F_1"), precision.exact, recall.exact)
    question = Question.of(
        T(
            "A binary classifier is tested on {n} examples. Its confusion matrix "
            "(rows: actual positive, actual negative; columns: predicted positive, predicted negative) is",
            "某二分类器在 {n} 个样本上进行测试，其混淆矩阵（行依次为实际正类、实际负类，列依次为预测正类、预测负类）为",
            n=tp + fp + fn + tn,
        ),
        Math(sp.Matrix([[tp, fn], [fp, tn]]), display=True),
        T(
            "that is {tp}, {fp}, {fn}, {tn}. Compute the accuracy, precision, recall, specificity and F1 score.",
            "即真正例 {tp}，假正例 {fp}，假反例 {fn}，真反例 {tn}。"
            "求准确率、查准率（精确率）、查全率（召回率）、特异度和 F1 分数。",
            **{str(s).lower(): Math(sp.Eq(s, n)) for s, n in counts.items()},
        ),
    )
    answers = (
        Answer("accuracy", T("accuracy", "准确率"), accuracy.exact, SCORE),
        Answer("precision", T("precision", "查准率"), precision.exact, SCORE),
        Answer("recall", T("recall", "查全率"), recall.exact, SCORE),
        Answer("specificity", T("specificity", "特异度"), specificity.exact, SCORE),
        Answer("f1", T("F1 score", "F1 分数"), f1.exact, SCORE),
    )
    return Solution(question, (accuracy, precision, recall, specificity, f1), answers)


def _class_steps(matrix, i: int, labels):
    """TP, FP, FN, precision, recall and F1 of class i (0-based)."""
    k, n = len(matrix), i + 1
    m = lambda r, c: sp.Symbol(f"m_{r + 1}{c + 1}" if k < 10 else f"m_{r + 1},{c + 1}")  # noqa: E731
    tp, fp, fn = sp.Symbol(f"TP_{n}"), sp.Symbol(f"FP_{n}"), sp.Symbol(f"FN_{n}")
    p, r = sp.Symbol(f"P_{n}"), sp.Symbol(f"R_{n}")
    others = [j for j in range(k) if j != i]
    quoted, head = _class_names(labels, i)
    s_tp = step(
        T("{h}: true positives, the diagonal entry", "{h}：真正例 TP，即对角线上的元素", h=head),
        tp,
        m(i, i),
        {m(i, i): matrix[i][i]},
    )
    s_fp = step(
        T(
            "{h}: false positives, column {n} minus its diagonal",
            "{h}：假正例 FP，即第 {n} 列除对角线以外的元素之和",
            h=head,
            n=n,
        ),
        fp,
        sp.Add(*[m(j, i) for j in others]),
        {m(j, i): matrix[j][i] for j in others},
        note=T("other classes predicted as {q}.", "其他类别的样本被预测为{q}。", q=quoted),
    )
    s_fn = step(
        T(
            "{h}: false negatives, row {n} minus its diagonal",
            "{h}：假反例 FN，即第 {n} 行除对角线以外的元素之和",
            h=head,
            n=n,
        ),
        fn,
        sp.Add(*[m(i, j) for j in others]),
        {m(i, j): matrix[i][j] for j in others},
        note=T("actual {q} predicted as another class.", "实际为{q}的样本被预测为其他类别。", q=quoted),
    )
    s_p = _ratio_step(
        T("{h}: precision", "{h}：查准率", h=head),
        p,
        tp / (tp + fp),
        {tp: s_tp.exact, fp: s_fp.exact},
        T("{q} was never predicted (column {n} sums to 0)", "没有样本被预测为{q}（第 {n} 列之和为 0）", q=quoted, n=n),
    )
    s_r = _ratio_step(
        T("{h}: recall", "{h}：查全率", h=head),
        r,
        tp / (tp + fn),
        {tp: s_tp.exact, fn: s_fn.exact},
        T("{q} never occurs (row {n} sums to 0)", "没有实际为{q}的样本（第 {n} 行之和为 0）", q=quoted, n=n),
    )
    s_f = _f1_step(T("{h}: F1", "{h}：F1 分数", h=head), F1(n), s_p.exact, s_r.exact, p, r)
    return s_tp, s_fp, s_fn, s_p, s_r, s_f


def _solve_matrix(params: Params) -> Solution:
    matrix, labels = params.matrix, params.labels
    _check_counts(sum(map(sum, matrix)))
    k = len(matrix)
    per_class = [_class_steps(matrix, i, labels) for i in range(k)]
    tps = [sp.Symbol(f"TP_{i}") for i in range(1, k + 1)]
    total = sum(map(sum, matrix))
    accuracy = step(
        T(
            "Accuracy: the diagonal (correct predictions) over all {N} examples",
            "准确率：对角线元素之和（预测正确的样本数）除以样本总数 {N}",
            N=Math(NTOTAL),
        ),
        sp.Symbol("accuracy"),
        sp.Add(*tps) / NTOTAL,
        {NTOTAL: total} | {s: c[0].exact for s, c in zip(tps, per_class)},
        note=T("{N}, the sum of all entries.", "{N}，即混淆矩阵所有元素之和。", N=Math(sp.Eq(NTOTAL, total))),
    )
    f1s = [F1(i) for i in range(1, k + 1)]
    macro = step(
        T("Macro F1: the mean of the per-class F1 scores", "宏平均 F1：各类别 F1 分数的算术平均"),
        F1(sp.Symbol("macro")),
        sp.Add(*f1s) / KCLASSES,
        {KCLASSES: k} | {s: c[5].exact for s, c in zip(f1s, per_class)},
    )
    pooled = []
    for name, term, index in (("TP", "真正例", 0), ("FP", "假正例", 1), ("FN", "假反例", 2)):
        symbols = [sp.Symbol(f"{name}_{i}") for i in range(1, k + 1)]
        pooled.append(
            step(
                T(
                    "Pooled {name} over all classes (micro average)",
                    "各类别的{term} {name} 之和（微平均）",
                    name=name,
                    term=term,
                ),
                sp.Symbol(name),
                sp.Add(*symbols),
                {s: c[index].exact for s, c in zip(symbols, per_class)},
            )
        )
    sums = {TP: pooled[0].exact, FP: pooled[1].exact, FN: pooled[2].exact}
    micro_p = step(
        T("Micro precision from the pooled counts", "由汇总后的计数求微平均查准率"),
        sp.Symbol("P_micro"),
        TP / (TP + FP),
        {TP: sums[TP], FP: sums[FP]},
    )
    micro_r = step(
        T("Micro recall from the pooled counts", "由汇总后的计数求微平均查全率"),
        sp.Symbol("R_micro"),
        TP / (TP + FN),
        {TP: sums[TP], FN: sums[FN]},
    )
    micro = _f1_step(
        T("Micro F1: F1 of the pooled counts", "微平均 F1：由汇总后的计数求 F1 分数"),
        F1(sp.Symbol("micro")),
        micro_p.exact,
        micro_r.exact,
        note=T(
            "every error is one FP and one FN, so micro precision, micro recall and micro F1 all equal the accuracy.",
            "每个分错的样本恰好同时计为一个 FP 和一个 FN，故微平均查准率、微平均查全率和微平均 F1 都等于准确率。",
        ),
    )
    names = _names(labels)
    summaries = []
    for what, zh, letter, index in (
        ("Precision", "各类别的查准率", "P", 3),
        ("Recall", "各类别的查全率", "R", 4),
        ("F1", "各类别的 F1 分数", "F1", 5),
    ):
        symbols = [F1(i) if letter == "F1" else sp.Symbol(f"{letter}_{i}") for i in range(1, k + 1)]
        values = {s: c[index].exact for s, c in zip(symbols, per_class)}
        summaries.append(
            step(
                T(f"{what} of each class, in the order {{names}}", f"{zh}（按{{names}}的顺序）", names=names),
                sp.Symbol(what),
                sp.ImmutableMatrix([symbols]),
                values,
                exact=sp.ImmutableMatrix([list(values.values())]),
            )
        )
    steps = [s for c in per_class for s in c] + [*summaries, accuracy, *pooled, micro_p, micro_r, micro, macro]
    question = Question.of(
        T(
            "A classifier for the classes {names} is tested on {n} examples. Its confusion matrix "
            "(rows = actual class, columns = predicted class, both in the order {names}) is",
            "某分类器用于区分{names}共 {k} 个类别，在 {n} 个样本上进行测试，其混淆矩阵"
            "（行表示实际类别，列表示预测类别，均按{names}的顺序排列）为",
            names=names,
            n=total,
            k=k,
        ),
        Math(sp.Matrix(matrix), display=True),
        T(
            "Compute the accuracy, the precision, recall and F1 score of each class, "
            "the macro-averaged F1 and the micro-averaged F1.",
            "求准确率，各类别的查准率（精确率）、查全率（召回率）和 F1 分数，以及宏平均 F1 与微平均 F1。",
        ),
    )
    column = lambda j: tuple(c[j].exact for c in per_class)  # noqa: E731
    each = lambda en, zh: T(f"{en} of each class, in the order {{names}}", f"{zh}（按{{names}}的顺序）", names=names)  # noqa: E731
    answers = (
        Answer("accuracy", T("accuracy", "准确率"), accuracy.exact, SCORE),
        Answer("precision", each("precision", "各类别的查准率"), column(3), SCORE),
        Answer("recall", each("recall", "各类别的查全率"), column(4), SCORE),
        Answer("f1", each("F1", "各类别的 F1 分数"), column(5), SCORE),
        Answer("macro_f1", T("macro-averaged F1", "宏平均 F1"), macro.exact, SCORE),
        Answer("micro_f1", T("micro-averaged F1", "微平均 F1"), micro.exact, SCORE),
    )
    return Solution(question, tuple(steps), answers)


def solve(params: Params) -> Solution:
    return _solve_binary(params) if params.binary else _solve_matrix(params)


# ---------------------------------------------------------------- mistakes


def _arithmetic(p: float, r: float) -> float:
    return (p + r) / 2


SWAPPED = T("precision and recall are swapped", "查准率与查全率弄反了")
ARITHMETIC = T(
    "F1 is the harmonic mean {h}, not the arithmetic mean",
    "F1 分数是查准率与查全率的调和平均 {h}，不是算术平均",
    h=Math(2 * PREC * REC / (PREC + REC)),
)

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "precision_recall_swapped": T("precision and recall swapped", "查准率与查全率弄反了"),
    "f1_arithmetic_mean": T("F1 as the arithmetic mean", "F1 分数用了算术平均"),
    "macro_micro_swapped": T("macro and micro F1 swapped", "宏平均与微平均 F1 弄反了"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    answer = {a.name: a.value for a in solution.answers}
    if params.binary:
        return [
            Mistake(
                "precision_recall_swapped", SWAPPED, {"precision": answer["recall"], "recall": answer["precision"]}
            ),
            Mistake("f1_arithmetic_mean", ARITHMETIC, {"f1": _arithmetic(answer["precision"], answer["recall"])}),
        ]
    arithmetic = [_arithmetic(p, r) for p, r in zip(answer["precision"], answer["recall"])]
    return [
        # Reading the matrix transposed gives exactly these values too.
        Mistake(
            "precision_recall_swapped",
            T(
                "{swapped}: rows are the actual class (recall is TP over the row sum), "
                "columns the predicted class (precision is TP over the column sum)",
                "{swapped}：行表示实际类别（查全率是 TP 除以该行之和），列表示预测类别（查准率是 TP 除以该列之和）",
                swapped=SWAPPED,
            ),
            {"precision": answer["recall"], "recall": answer["precision"]},
        ),
        Mistake("f1_arithmetic_mean", ARITHMETIC, {"f1": arithmetic, "macro_f1": sum(arithmetic) / len(arithmetic)}),
        Mistake(
            "macro_micro_swapped",
            T(
                "macro F1 averages the per-class F1; micro F1 pools TP, FP, FN",
                "宏平均 F1 是各类别 F1 分数的平均；微平均 F1 先把各类别的 TP、FP、FN 相加再计算",
            ),
            {"macro_f1": answer["micro_f1"], "micro_f1": answer["macro_f1"]},
        ),
    ]
