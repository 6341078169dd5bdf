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
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, step
from exercises.core.symbols import Written

TITLE = "Confusion-matrix metrics"
DESCRIPTION = "Accuracy, precision, recall, specificity and F1 (binary); per-class, macro and micro F1 (multi-class)."
TITLE_ZH = "混淆矩阵评价指标"
DESCRIPTION_ZH = "准确率、查准率、查全率、特异度与 F1（二分类）；各类别、宏平均与微平均 F1（多分类）。"

BINARY = ("tp", "fp", "fn", "tn")
FORM_COUNT = "a non-negative integer count"
FORM_MATRIX = (
    "a square list of 2-10 rows of non-negative integer counts, rows = actual class, "
    "columns = predicted class, e.g. [[5,1,0],[2,6,1],[0,1,7]]"
)
FORM_LABELS = 'a list of distinct class names, one per row of \'matrix\', e.g. ["cat", "dog", "bird"]'
# What `mlexam solve confusion_metrics` takes: the four counts of a binary problem, or a matrix.
PARAMETERS = {
    **{key: f"{FORM_COUNT} (binary: give tp, fp, fn and tn)" for key in BINARY},
    "matrix": f"{FORM_MATRIX} (instead of the four counts)",
    "labels": f"{FORM_LABELS} (optional, with matrix)",
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
                "give either the binary counts tp, fp, fn, tn or a multi-class 'matrix' "
                "(with optional 'labels'), not both."
            )
        if "matrix" not in raw and not given:
            if "labels" in raw:
                raise ParamError("parameter 'labels' names the rows of a multi-class 'matrix', so give 'matrix' too.")
            raise ParamError(
                "missing parameters: give tp, fp, fn, tn (binary) or matrix with optional labels (multi-class)."
            )
        if given:
            if "labels" in raw:
                raise ParamError(
                    "parameter 'labels' only goes with a multi-class 'matrix'; "
                    "binary counts tp, fp, fn, tn take no labels."
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
            raise ParamError(f"parameter 'matrix' must be {FORM_MATRIX}; it has {k} rows but {len(matrix[0])} columns.")
        labels = raw.get("labels", [f"class {i}" for i in range(1, k + 1)])
        if (
            not isinstance(labels, list)
            or len(labels) != k
            or not all(isinstance(x, str) and x.strip() and len(x) <= 40 for x in labels)
            or len(set(labels)) != k
        ):
            raise ParamError(f"parameter 'labels' must be {FORM_LABELS} ({k} names, at most 40 characters each).")
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
        raise ParamError("the confusion matrix is all zeros: there are no examples to score.")


def _ratio_step(title: str, lhs, formula, values: dict, why: str):
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
        note=f"{why}: 0/0 is undefined, taken as 0 (as scikit-learn does with zero_division=0).",
    )


def _f1_step(title: str, lhs, p, r, p_sym=PREC, r_sym=REC, note: str = "the harmonic mean of precision and recall."):
    formula = 2 * p_sym * r_sym / (p_sym + r_sym)
    if p + r == 0:
        return step(
            title,
            lhs,
            formula,
            {p_sym: p, r_sym: r},
            exact=sp.Integer(0),
            note="P + R = 0 (no true positives), so F1 is taken as 0.",
        )
    return step(title, lhs, formula, {p_sym: p, r_sym: r}, note=note)


def _solve_binary(params: Params) -> Solution:
    tp, fp, fn, tn = params.tp, params.fp, params.fn, params.tn
    _check_counts(tp + fp + fn + tn)
    counts = {TP: tp, FP: fp, FN: fn, TN: tn}
    accuracy = step(
        "Accuracy: correct predictions over all examples",
        sp.Symbol("accuracy"),
        (TP + TN) / (TP + FP + FN + TN),
        counts,
    )
    precision = _ratio_step(
        "Precision: true positives over predicted positives",
        PREC,
        TP / (TP + FP),
        {TP: tp, FP: fp},
        "nothing was predicted positive (TP + FP = 0)",
    )
    recall = _ratio_step(
        "Recall (sensitivity): true positives over actual positives",
        REC,
        TP / (TP + FN),
        {TP: tp, FN: fn},
        "there are no actual positives (TP + FN = 0)",
    )
    specificity = _ratio_step(
        "Specificity: true negatives over actual negatives",
        sp.Symbol("specificity"),
        TN / (TN + FP),
        {TN: tn, FP: fp},
        "there are no actual negatives (TN + FP = 0)",
    )
    f1 = _f1_step("F1 score", sp.Symbol("F_1"), precision.exact, recall.exact)
    question = Question.of(
        f"A binary classifier is tested on {tp + fp + fn + tn} examples. Its confusion matrix "
        "(rows: actual positive, actual negative; columns: predicted positive, predicted negative) is",
        Math(sp.Matrix([[tp, fn], [fp, tn]]), display=True),
        f"that is TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn}. Compute the accuracy, precision, "
        "recall, specificity and F1 score.",
    )
    answers = (
        Answer("accuracy", "accuracy", accuracy.exact, SCORE),
        Answer("precision", "precision", precision.exact, SCORE),
        Answer("recall", "recall", recall.exact, SCORE),
        Answer("specificity", "specificity", specificity.exact, SCORE),
        Answer("f1", "F1 score", f1.exact, SCORE),
    )
    return Solution(question, (accuracy, precision, recall, specificity, f1), answers)


def _class_steps(matrix, i: int, label: str):
    """TP, FP, FN, precision, recall and F1 of class i (0-based)."""
    k, n = len(matrix), i + 1
    m = lambda r, c: sp.Symbol(f"m_{r + 1}{c + 1}" if k < 10 else f"m_{r + 1},{c + 1}")  # noqa: E731
    tp, fp, fn = sp.Symbol(f"TP_{n}"), sp.Symbol(f"FP_{n}"), sp.Symbol(f"FN_{n}")
    p, r = sp.Symbol(f"P_{n}"), sp.Symbol(f"R_{n}")
    others = [j for j in range(k) if j != i]
    s_tp = step(f"Class '{label}': true positives, the diagonal entry", tp, m(i, i), {m(i, i): matrix[i][i]})
    s_fp = step(
        f"Class '{label}': false positives, column {n} minus its diagonal",
        fp,
        sp.Add(*[m(j, i) for j in others]),
        {m(j, i): matrix[j][i] for j in others},
        note=f"other classes predicted as '{label}'.",
    )
    s_fn = step(
        f"Class '{label}': false negatives, row {n} minus its diagonal",
        fn,
        sp.Add(*[m(i, j) for j in others]),
        {m(i, j): matrix[i][j] for j in others},
        note=f"actual '{label}' predicted as another class.",
    )
    s_p = _ratio_step(
        f"Class '{label}': precision",
        p,
        tp / (tp + fp),
        {tp: s_tp.exact, fp: s_fp.exact},
        f"'{label}' was never predicted (column {n} sums to 0)",
    )
    s_r = _ratio_step(
        f"Class '{label}': recall",
        r,
        tp / (tp + fn),
        {tp: s_tp.exact, fn: s_fn.exact},
        f"'{label}' never occurs (row {n} sums to 0)",
    )
    s_f = _f1_step(f"Class '{label}': F1", F1(n), s_p.exact, s_r.exact, p, r)
    return s_tp, s_fp, s_fn, s_p, s_r, s_f


def _solve_matrix(params: Params) -> Solution:
    matrix, labels = params.matrix, params.labels
    _check_counts(sum(map(sum, matrix)))
    k = len(matrix)
    per_class = [_class_steps(matrix, i, label) for i, label in enumerate(labels)]
    tps = [sp.Symbol(f"TP_{i}") for i in range(1, k + 1)]
    total = sum(map(sum, matrix))
    accuracy = step(
        "Accuracy: the diagonal (correct predictions) over all N examples",
        sp.Symbol("accuracy"),
        sp.Add(*tps) / NTOTAL,
        {NTOTAL: total} | {s: c[0].exact for s, c in zip(tps, per_class)},
        note=f"N = {total}, the sum of all entries.",
    )
    f1s = [F1(i) for i in range(1, k + 1)]
    macro = step(
        "Macro F1: the mean of the per-class F1 scores",
        F1(sp.Symbol("macro")),
        sp.Add(*f1s) / KCLASSES,
        {KCLASSES: k} | {s: c[5].exact for s, c in zip(f1s, per_class)},
    )
    pooled = []
    for name, index in (("TP", 0), ("FP", 1), ("FN", 2)):
        symbols = [sp.Symbol(f"{name}_{i}") for i in range(1, k + 1)]
        pooled.append(
            step(
                f"Pooled {name} over all classes (micro average)",
                sp.Symbol(name),
                sp.Add(*symbols),
                {s: c[index].exact for s, c in zip(symbols, per_class)},
            )
        )
    sums = {TP: pooled[0].exact, FP: pooled[1].exact, FN: pooled[2].exact}
    micro_p = step(
        "Micro precision from the pooled counts", sp.Symbol("P_micro"), TP / (TP + FP), {TP: sums[TP], FP: sums[FP]}
    )
    micro_r = step(
        "Micro recall from the pooled counts", sp.Symbol("R_micro"), TP / (TP + FN), {TP: sums[TP], FN: sums[FN]}
    )
    micro = _f1_step(
        "Micro F1: F1 of the pooled counts",
        F1(sp.Symbol("micro")),
        micro_p.exact,
        micro_r.exact,
        note="every error is one FP and one FN, so micro P = micro R = micro F1 = accuracy.",
    )
    names = ", ".join(labels)
    summaries = []
    for what, letter, index in (("Precision", "P", 3), ("Recall", "R", 4), ("F1", "F1", 5)):
        symbols = [F1(i) if letter == "F1" else sp.Symbol(f"{letter}_{i}") for i in range(1, k + 1)]
        values = {s: c[index].exact for s, c in zip(symbols, per_class)}
        summaries.append(
            step(
                f"{what} of each class, in the order {names}",
                sp.Symbol(what),
                sp.ImmutableMatrix([symbols]),
                values,
                exact=sp.ImmutableMatrix([list(values.values())]),
            )
        )
    steps = [s for c in per_class for s in c] + [*summaries, accuracy, *pooled, micro_p, micro_r, micro, macro]
    question = Question.of(
        f"A classifier for the classes {names} is tested on {total} examples. Its confusion matrix "
        f"(rows = actual class, columns = predicted class, both in the order {names}) is",
        Math(sp.Matrix(matrix), display=True),
        "Compute the accuracy, the precision, recall and F1 score of each class, "
        "the macro-averaged F1 and the micro-averaged F1.",
    )
    column = lambda j: tuple(c[j].exact for c in per_class)  # noqa: E731
    answers = (
        Answer("accuracy", "accuracy", accuracy.exact, SCORE),
        Answer("precision", f"precision of each class, in the order {names}", column(3), SCORE),
        Answer("recall", f"recall of each class, in the order {names}", column(4), SCORE),
        Answer("f1", f"F1 of each class, in the order {names}", column(5), SCORE),
        Answer("macro_f1", "macro-averaged F1", macro.exact, SCORE),
        Answer("micro_f1", "micro-averaged F1", micro.exact, SCORE),
    )
    return Solution(question, tuple(steps), answers)


def solve(params: Params) -> Solution:
    return _solve_binary(params) if params.binary else _solve_matrix(params)


# ---------------------------------------------------------------- mistakes


def _arithmetic(p: float, r: float) -> float:
    return (p + r) / 2


def mistakes(params: Params, solution) -> list[Mistake]:
    answer = {a.name: a.value for a in solution.answers}
    if params.binary:
        return [
            Mistake(
                "precision_recall_swapped",
                "precision and recall are swapped",
                {"precision": answer["recall"], "recall": answer["precision"]},
            ),
            Mistake(
                "f1_arithmetic_mean",
                "F1 is the harmonic mean 2PR/(P+R), not the arithmetic mean",
                {"f1": _arithmetic(answer["precision"], answer["recall"])},
            ),
        ]
    arithmetic = [_arithmetic(p, r) for p, r in zip(answer["precision"], answer["recall"])]
    return [
        # Reading the matrix transposed gives exactly these values too.
        Mistake(
            "precision_recall_swapped",
            "precision and recall are swapped: rows are the actual "
            "class (recall = TP / row sum), columns the predicted class (precision = TP / column sum)",
            {"precision": answer["recall"], "recall": answer["precision"]},
        ),
        Mistake(
            "f1_arithmetic_mean",
            "F1 is the harmonic mean 2PR/(P+R), not the arithmetic mean",
            {"f1": arithmetic, "macro_f1": sum(arithmetic) / len(arithmetic)},
        ),
        Mistake(
            "macro_micro_swapped",
            "macro F1 averages the per-class F1; micro F1 pools TP, FP, FN",
            {"macro_f1": answer["micro_f1"], "micro_f1": answer["macro_f1"]},
        ),
    ]
