"""The perceptron learning algorithm, sample by sample.

    samples (x_i, y_i), y_i ∈ {−1, +1}, visited cyclically in the order given
    score          a = wᵀx + b
    misclassified  y·a ≤ 0                 (a score of 0 counts: that makes the first
                                            update from w = 0 happen)
    update         w ← w + η y x,  b ← b + η y
    one epoch is one pass over the samples; training stops after an epoch without a
    mistake (converged), or after max_epochs epochs.

Labels must be ±1: with 0/1 labels a negative sample never moves w (the slip of the
course note, which also forgets the bias update).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Lines, Math, Mistake, Question, Solution, Step, shown_number, substitute
from exercises.core.symbols import Named, Ordered

TITLE = "Perceptron learning algorithm"
DESCRIPTION = "Scores, mistakes and updates of the perceptron, sample by sample, until it converges; final w and b."
TITLE_ZH = "感知机学习算法"
DESCRIPTION_ZH = "感知机逐个样本计算得分、判断误分类并更新参数，直到收敛；求最终的权重 w 和偏置 b。"

MAX_SAMPLES, MAX_DIM, MAX_EPOCHS, LIMIT = 10, 4, 10, 100
CONVERGE = "converge"
CONVERGE_ALIASES = {
    "until_converged": CONVERGE,
    "converged": CONVERGE,
    "stable": CONVERGE,
    "until_convergence": CONVERGE,
}
FORMS = {
    "points": T(
        "a list of 2-{n} samples, each a list of 1-{d} numbers between -{lim} and {lim}, e.g. [[3,3],[4,3],[1,1]]",
        "2-{n} 个样本的列表，每个样本是 1-{d} 个 -{lim} 到 {lim} 之间的数，例如 [[3,3],[4,3],[1,1]]",
        n=MAX_SAMPLES,
        d=MAX_DIM,
        lim=LIMIT,
    ),
    "labels": T(
        "a list of labels +1 or -1, one per sample, e.g. [1,1,-1]",
        "类别标记列表，每个样本一个，取 +1 或 -1，例如 [1,1,-1]",
    ),
    "w": T(
        "the initial weights, one number per coordinate (optional, default all 0), e.g. [0,0]",
        "初始权重，每个坐标一个数（可省略，默认全为 0），例如 [0,0]",
    ),
    "b": T("the initial bias, a number (optional, default 0)", "初始偏置，一个数（可省略，默认 0）"),
    "eta": T(
        "the learning rate, a number in (0, 10] (optional, default 1)", "学习率，(0, 10] 中的一个数（可省略，默认 1）"
    ),
    "max_epochs": T(
        "the number of passes over the samples, 1-{m}, or converge (pass until a pass makes no mistake; the default)",
        "遍历样本的轮数，1-{m}；或 converge（一直训练到某一轮没有误分类为止，默认值）",
        m=MAX_EPOCHS,
    ),
}
PARAMETERS = FORMS  # what `mlexam solve perceptron` takes

VALUE = Check(abs_tol=0.001)
EXACT = Check(exact=True)


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    points: tuple  # n x d
    labels: tuple  # n, each ±1
    w: tuple  # d
    b: sp.Rational
    eta: sp.Rational
    max_epochs: int | str  # a count, or CONVERGE

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("points", "labels"), ("w", "b", "eta", "max_epochs"))
        bounds = {"low": -LIMIT, "high": LIMIT}
        points = read.matrix("points", raw["points"], FORMS["points"], (2, MAX_SAMPLES), (1, MAX_DIM), **bounds)
        n, d = len(points), len(points[0])
        labels = read.vector("labels", raw["labels"], FORMS["labels"], (1, MAX_SAMPLES), **bounds)
        if len(labels) != n:
            raise ParamError(
                T(
                    "parameter 'labels' must have one label per sample: {n} samples, {got} labels.",
                    "参数 'labels' 应为每个样本给出一个类别标记：共 {n} 个样本，却有 {got} 个标记。",
                    n=n,
                    got=len(labels),
                )
            )
        if any(y not in (1, -1) for y in labels):
            raise ParamError(
                T(
                    "parameter 'labels' must hold +1 or -1 only: with 0/1 labels the update {rule} "
                    "never moves {w} for a negative sample.",
                    "参数 'labels' 只能取 +1 或 -1：若用 0/1 标记，负样本的更新 {rule} 永远不会改变 {w}。",
                    rule=RULE_W,
                    w=Math(_w),
                )
            )
        if len(set(labels)) < 2:
            raise ParamError(
                T(
                    "parameter 'labels' needs both classes, +1 and -1, to learn a boundary.",
                    "参数 'labels' 需同时包含 +1 和 -1 两类，才能学习分界面。",
                )
            )
        w = read.vector("w", raw.get("w", [0] * d), FORMS["w"], (1, MAX_DIM), **bounds)
        if len(w) != d:
            raise ParamError(
                T(
                    "parameter 'w' must have {d} weights, one per coordinate of a sample; got {got}.",
                    "参数 'w' 应有 {d} 个权重（每个样本坐标一个）；实际为 {got} 个。",
                    d=d,
                    got=len(w),
                )
            )
        b = read.number("b", raw.get("b", 0), FORMS["b"], **bounds)
        eta = read.number("eta", raw.get("eta", 1), FORMS["eta"], 0, 10)
        if eta == 0:
            raise ParamError(
                T("parameter 'eta' must be {form}; got 0.", "参数 'eta' 应为：{form}；实际为 0。", form=FORMS["eta"])
            )
        epochs = raw.get("max_epochs", CONVERGE)
        if isinstance(epochs, str) and not epochs.strip().isdigit():
            epochs = read.choice("max_epochs", epochs, (CONVERGE,), CONVERGE_ALIASES)
        else:
            epochs = int(read.number("max_epochs", epochs, FORMS["max_epochs"], 1, MAX_EPOCHS, integer=True))
        params = cls(points, labels, w, b, eta, epochs)
        if epochs == CONVERGE and not _train(params).converged:
            raise ParamError(
                T(
                    "the perceptron still makes mistakes after {m} passes (are the two classes linearly "
                    "separable?); give max_epochs as a number.",
                    "感知机训练 {m} 轮后仍有误分类（两类样本是否线性可分？）；请把 max_epochs 设为一个数。",
                    m=MAX_EPOCHS,
                )
            )
        return params

    def to_json(self) -> dict:
        return {
            "points": read.to_json(self.points),
            "labels": read.to_json(self.labels),
            "w": read.to_json(self.w),
            "b": read.to_json(self.b),
            "eta": read.to_json(self.eta),
            "max_epochs": self.max_epochs,
        }


# ---------------------------------------------------------------- the algorithm, exactly


@dataclass(frozen=True)
class Visit:
    epoch: int  # 1-based
    sample: int  # 0-based
    w_before: tuple
    b_before: Fraction
    score: Fraction
    mistake: bool
    w: tuple  # after the visit
    b: Fraction


@dataclass(frozen=True)
class Training:
    visits: tuple
    epochs: int
    converged: bool  # the final w, b classify every sample correctly


def _fraction(v) -> Fraction:
    return Fraction(int(v.p), int(v.q))


def _train(params: Params, number=None, limit: int | None = None) -> Training:
    """Training in Fractions; `number=float` where every value is a small multiple of 1/2, which
    floats hold exactly (the generator's screening), and `limit` epochs at most."""
    number = number or _fraction
    points = [[number(v) for v in x] for x in params.points]
    labels = [int(y) for y in params.labels]
    w, b, eta = [number(v) for v in params.w], number(params.b), number(params.eta)
    visits = []
    limit = limit or (MAX_EPOCHS if params.max_epochs == CONVERGE else params.max_epochs)
    for epoch in range(1, limit + 1):
        clean = True
        for i, (x, y) in enumerate(zip(points, labels)):
            score = sum(wm * xm for wm, xm in zip(w, x)) + b
            mistake = y * score <= 0
            before = (tuple(w), b)
            if mistake:
                clean = False
                w, b = [wm + eta * y * xm for wm, xm in zip(w, x)], b + eta * y
            visits.append(Visit(epoch, i, *before, score, mistake, tuple(w), b))
        if clean:
            break
    converged = all(y * (sum(wm * xm for wm, xm in zip(w, x)) + b) > 0 for x, y in zip(points, labels))
    return Training(tuple(visits), epoch, converged)


# ---------------------------------------------------------------- generation


def generate(dice, difficulty: str) -> Params:
    """easy: 3-4 samples with coordinates 0-5, w = 0, b = 0, η = 1, one pass; medium: 4-5
    samples, coordinates 0-5, w and b small integers, η = 1/2 or 1, until converged within 5
    epochs, at least 3 updates; hard: 4-5 samples, coordinates -3..5, w = 0, b = 0, η = 1,
    until converged within 6 epochs, at least 5 updates. Distinct samples, both classes."""
    n = dice.integer(3, 4) if difficulty == "easy" else dice.integer(4, 5)
    low = -3 if difficulty == "hard" else 0
    grid = [(a, c) for a in range(low, 6) for c in range(low, 6) if (a, c) != (0, 0)]
    points = tuple(tuple(sp.Integer(v) for v in x) for x in dice.sample(grid, n))
    labels = tuple(sp.Integer(dice.choice((1, -1))) for _ in range(n))
    if len(set(labels)) < 2:
        raise Redraw("one class only")
    zero = (sp.Integer(0), sp.Integer(0))
    if difficulty == "easy":
        params = Params(points, labels, zero, sp.Integer(0), sp.Integer(1), 1)
    elif difficulty == "medium":
        w = tuple(sp.Integer(dice.integer(-1, 1)) for _ in range(2))
        eta = dice.choice((sp.Rational(1, 2), sp.Integer(1)))
        params = Params(points, labels, w, sp.Integer(dice.integer(-1, 1)), eta, CONVERGE)
    else:
        params = Params(points, labels, zero, sp.Integer(0), sp.Integer(1), CONVERGE)
    wanted = {"easy": (1, 2), "medium": (5, 3), "hard": (6, 5)}[difficulty]
    training = _train(params, float, wanted[0])
    updates = sum(v.mistake for v in training.visits)
    if difficulty != "easy" and not _clean(training):
        raise Redraw("not separated within the epochs the difficulty allows")
    if updates < wanted[1]:
        raise Redraw("too few updates")
    return params


# ---------------------------------------------------------------- symbols and words

_w, _x, _y, _b, _eta, _a, _m = sp.symbols("w x y b eta a m")
_YA = _a * _y
RULE_W = Math(Ordered(_w, _eta * _x * _y, evaluate=False))  # w + η⋅x⋅y
RULE_B = Math(Ordered(_b, _eta * _y, evaluate=False))  # b + η⋅y
TEST = Math(sp.Le(_YA, 0, evaluate=False))  # a⋅y ≤ 0
WB = {"w": Math(_w), "b": Math(_b)}


def _score_formula(d: int):
    """a = w₁x₁ + w₂x₂ + ... + b, and its weight and coordinate symbols."""
    ws = [sp.Symbol(f"w_{m}") for m in range(1, d + 1)]
    xs = [sp.Symbol(f"x_{m}") for m in range(1, d + 1)]
    return Ordered(*[wm * xm for wm, xm in zip(ws, xs)], _b, evaluate=False), ws, xs


def _vector(values) -> sp.Expr:
    """(3, 3) in a sentence; a plain number in 1-D."""
    values = [sp.Rational(v.numerator, v.denominator) for v in values]
    return values[0] if len(values) == 1 else sp.Tuple(*values)


def _number(v: Fraction) -> sp.Rational:
    return sp.Rational(v.numerator, v.denominator)


def _signed(y: int) -> str:
    return "+1" if y > 0 else "-1"


# ---------------------------------------------------------------- solution


def _visit_step(visit: Visit, x, y: int) -> Step:
    """One visit: the score worked out, the test and the update in the note."""
    formula, ws, xs = _score_formula(len(x))
    values = {wm: _number(v) for wm, v in zip(ws, visit.w_before)}
    values |= {xm: _number(v) for xm, v in zip(xs, x)} | {_b: _number(visit.b_before)}
    substituted = substitute(formula, {s: shown_number(str(s), v, True) for s, v in values.items()})
    score = sp.Eq(_a, _number(visit.score), evaluate=False)
    # a⋅y ≤ 0 said without a product of numbers: a ≤ 0 for y = +1, a ≥ 0 for y = -1
    relation = {(1, True): sp.Le, (1, False): sp.Gt, (-1, True): sp.Ge, (-1, False): sp.Lt}[y, visit.mistake]
    test = Math(relation(score, 0, evaluate=False))
    sign = Math(sp.Eq(_y, sp.Symbol(_signed(y)), evaluate=False))
    if visit.mistake:
        note = T(
            "With {y}, {test}: misclassified, so {w} and {b}.",
            "{y}，{test}：误分类，更新 {w}，{b}。",
            y=sign,
            test=test,
            w=Math(sp.Eq(_w, _vector(visit.w), evaluate=False)),
            b=Math(sp.Eq(_b, _number(visit.b), evaluate=False)),
        )
    else:
        note = T("With {y}, {test}: correct, no update.", "{y}，{test}：分类正确，不更新。", y=sign, test=test)
    title = T(
        "Epoch {e}, sample {i} ({x}): score",
        "第 {e} 轮，样本 {i}（{x}）：得分",
        e=visit.epoch,
        i=visit.sample + 1,
        x=Math(sp.Eq(_x, _vector(x), evaluate=False)),
    )
    return Step(title, _a, formula, substituted, _number(visit.score), note)


def _epoch_step(epoch: int, visits, d: int, columns) -> Step:
    """The rows of the trace of one epoch: a, m, w, b after each visit."""
    rows = [[_number(v.score), sp.Integer(int(v.mistake)), *(_number(m) for m in v.w), _number(v.b)] for v in visits]
    return Step(
        T(
            "Epoch {e}: the trace, one row per sample: {columns}",
            "第 {e} 轮的训练过程，每个样本一行：{columns}",
            e=epoch,
            columns=columns,
        ),
        Named(
            f"trace_{epoch}",
            len(rows),
            3 + d,
            f"trace{str(epoch).translate(SUBSCRIPT)}",
            rf"\mathrm{{trace}}_{{{epoch}}}",
        ),
        None,
        None,
        sp.ImmutableMatrix(rows),
    )


SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _row(values) -> sp.Expr:
    """A number in 1-D, else a row of numbers."""
    values = [_number(v) for v in values]
    return values[0] if len(values) == 1 else sp.ImmutableMatrix(1, len(values), values)


def solve(params: Params) -> Solution:
    training = _train(params)
    points = [[_fraction(v) for v in x] for x in params.points]
    labels = [int(y) for y in params.labels]
    d = len(points[0])
    last = training.visits[-1]
    updates = sum(v.mistake for v in training.visits)
    columns = join(
        [Math(_a), T("{m} (1 if misclassified, else 0)", "{m}（误分类为 1，否则为 0）", m=Math(_m)), _after(d)]
    )
    steps, epochs = [], []
    for e in range(1, training.epochs + 1):
        visits = [v for v in training.visits if v.epoch == e]
        steps += [_visit_step(v, points[v.sample], labels[v.sample]) for v in visits]
        epochs.append(_epoch_step(e, visits, d, columns))
        steps.append(epochs[-1])
    steps += [
        Step(
            T("Number of updates: the misclassified visits", "更新次数：误分类的访问次数"),
            sp.Symbol("updates"),
            None,
            None,
            sp.Integer(updates),
        ),
        Step(T("Final weights", "最终的权重"), _w, None, None, _row(last.w)),
        Step(T("Final bias", "最终的偏置"), _b, None, None, _number(last.b)),
    ]
    answers = [
        Answer(
            f"trace_{e}",
            T(
                "epoch {e}: the trace, {n} x {c} matrix, one row per sample visited: {columns}",
                "第 {e} 轮的训练过程，{n}×{c} 矩阵，每访问一个样本一行：{columns}",
                e=e,
                n=len(points),
                c=3 + d,
                columns=columns,
            ),
            tuple(map(tuple, epochs[e - 1].exact.tolist())),
            VALUE,
        )
        for e in range(1, training.epochs + 1)
    ]
    answers += [
        Answer("updates", T("the number of updates", "更新次数"), sp.Integer(updates), EXACT),
        Answer(
            "w_final",
            T("the final weights {w}", "最终的权重 {w}", w=Math(_w)),
            tuple(_number(m) for m in last.w),
            VALUE,
        ),
        Answer("b_final", T("the final bias {b}", "最终的偏置 {b}", b=Math(_b)), _number(last.b), VALUE),
    ]
    if params.max_epochs == CONVERGE or params.max_epochs > 1:
        steps.append(
            Step(
                T("Epochs: passes over the samples", "训练轮数：遍历样本的次数"),
                sp.Symbol("epochs"),
                None,
                None,
                sp.Integer(training.epochs),
                T(
                    "The last pass, epoch {e}, makes no mistake: training stops."
                    if _clean(training)
                    else "Training stops after the last allowed pass, epoch {e}.",
                    "第 {e} 轮没有误分类，训练结束。"
                    if _clean(training)
                    else "训练到允许的最后一轮（第 {e} 轮）为止。",
                    e=training.epochs,
                ),
            )
        )
        answers.append(
            Answer(
                "epochs",
                T("the number of epochs (passes over the samples) made", "训练的轮数（遍历样本的次数）"),
                sp.Integer(training.epochs),
                EXACT,
            )
        )
    if params.max_epochs != CONVERGE:
        steps.append(
            Step(
                T("Converged?", "是否收敛？"),
                sp.Symbol("converged"),
                None,
                None,
                sp.Integer(int(training.converged)),
                T(
                    "The final {w} and {b} classify every sample correctly (1).",
                    "最终的 {w} 和 {b} 能把所有样本正确分类（1）。",
                    **WB,
                )
                if training.converged
                else T(
                    "Some sample is still misclassified by the final {w} and {b} (0).",
                    "最终的 {w} 和 {b} 仍会误分类某个样本（0）。",
                    **WB,
                ),
            )
        )
        answers.append(
            Answer(
                "converged",
                T(
                    "converged: 1 if the final {w} and {b} classify every sample correctly, else 0",
                    "是否收敛：最终的 {w} 和 {b} 能把所有样本正确分类则为 1，否则为 0",
                    **WB,
                ),
                sp.Integer(int(training.converged)),
                EXACT,
            )
        )
    return Solution(_question(params), tuple(steps), tuple(answers))


def _clean(training: Training) -> bool:
    """The last epoch made no mistake."""
    return not any(v.mistake for v in training.visits if v.epoch == training.epochs)


def _after(d: int):
    """The columns of the trace after the mistake flag: w₁ … w_d (or w) and b, after the visit."""
    weights = [Math(_w)] if d == 1 else [Math(sp.Symbol(f"w_{m}")) for m in range(1, d + 1)]
    return T("{w} after it", "访问后的 {w}", w=join(weights + [Math(_b)]))


def _question(params: Params) -> Question:
    points, labels = params.points, params.labels
    d = len(points[0])
    samples = Lines(
        tuple(
            T(
                "sample {i}: {x}, {y}",
                "样本 {i}：{x}，{y}",
                i=i,
                x=Math(sp.Eq(_x, _vector([_fraction(v) for v in x]), evaluate=False)),
                y=Math(sp.Eq(_y, sp.Symbol(_signed(int(y))), evaluate=False)),
            )
            for i, (x, y) in enumerate(zip(points, labels), 1)
        )
    )
    score, _, _ = _score_formula(d)
    start = T(
        "Train a perceptron on these {n} samples, visited in this order, pass after pass:",
        "用下面 {n} 个样本训练感知机，按所列顺序逐个访问样本，一轮接一轮：",
        n=len(points),
    )
    if params.max_epochs == CONVERGE:
        stop = T(
            "Train until a whole pass makes no mistake. Give the trace (for every visited sample: its score, "
            "whether it is misclassified, and {w} and {b} after it), the number of updates, the final {w} and {b}, "
            "and the number of epochs, the last mistake-free pass included.",
            "一直训练到某一整轮都没有误分类为止。求训练过程（对每个访问的样本：得分、是否误分类、"
            "访问后的 {w} 和 {b}）、更新次数、最终的 {w} 和 {b}，以及训练的轮数（包括最后那一轮没有误分类的）。",
            **WB,
        )
    else:
        stop = T(
            "Make at most {e} pass{es} (stop early after a pass without a mistake). Give the trace (for every "
            "visited sample: its score, whether it is misclassified, and {w} and {b} after it), the number of "
            "updates, the final {w} and {b}{epochs}, and whether the perceptron has converged: do the final {w} "
            "and {b} classify every sample correctly? (1 for yes, 0 for no)",
            "最多训练 {e} 轮（某一轮没有误分类则提前结束）。求训练过程（对每个访问的样本：得分、是否误分类、"
            "访问后的 {w} 和 {b}）、更新次数、最终的 {w} 和 {b}{epochs_zh}，并判断感知机是否已收敛：最终的 {w} 和 {b} "
            "能否把所有样本正确分类？（是填 1，否填 0）",
            **WB,
            e=params.max_epochs,
            es="es" if params.max_epochs > 1 else "",
            epochs=", the number of epochs made" if params.max_epochs > 1 else "",
            epochs_zh="、训练的轮数" if params.max_epochs > 1 else "",
        )
    return Question.of(
        start,
        samples,
        T(
            "Start from {w} and {b} with learning rate {eta}. The score of a sample is {score}; the sample is "
            "misclassified when {test} (a score of 0 counts as a mistake), and then {w_} is replaced by {rule_w} "
            "and {b_} by {rule_b}.",
            "初始值 {w}，{b}，学习率 {eta}。样本的得分为 {score}；若 {test} 则该样本被误分类（得分为 0 也算误分类），"
            "此时把 {w_} 更新为 {rule_w}，把 {b_} 更新为 {rule_b}。",
            w_=Math(_w),
            b_=Math(_b),
            w=Math(sp.Eq(_w, _vector([_fraction(v) for v in params.w]), evaluate=False)),
            b=Math(sp.Eq(_b, params.b)),
            eta=Math(sp.Eq(_eta, params.eta)),
            score=Math(sp.Eq(_a, score, evaluate=False)),
            test=TEST,
            rule_w=RULE_W,
            rule_b=RULE_B,
        ),
        stop,
    )


# ---------------------------------------------------------------- mistakes, in floats


def _float_train(params: Params, passes: int, *, strict=False, bias=True, zero_one=False, sign=1.0) -> dict:
    """Training done one way wrong, in floats, for at most `passes` epochs (stopping after a pass
    that its own test finds clean): mistake only when y·a < 0 (strict), the bias never updated,
    labels 0/1 instead of ±1, or the update's sign reversed."""
    points = [[float(v) for v in x] for x in params.points]
    labels = [(1.0 if y > 0 else 0.0) if zero_one else float(y) for y in params.labels]
    w, b, eta = [float(v) for v in params.w], float(params.b), float(params.eta)
    rows, updates, epochs = [], 0, 0
    while epochs < passes:
        epochs += 1
        clean = True
        for x, y in zip(points, labels):
            score = sum(wm * xm for wm, xm in zip(w, x)) + b
            mistake = y * score < 0 if strict else y * score <= 0
            if mistake:
                clean = False
                updates += 1
                w = [wm + sign * eta * y * xm for wm, xm in zip(w, x)]
                b = b + sign * eta * y if bias else b
            rows.append([score, float(mistake), *w, b])
        if clean:
            break
    traces = {f"trace_{e}": rows[(e - 1) * len(points) : e * len(points)] for e in range(1, epochs + 1)}
    return {**traces, "updates": updates, "w_final": w, "b_final": b, "epochs": epochs}


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "strict_inequality": T("a score of 0 not counted as a mistake", "得分为 0 时没有算作误分类"),
    "bias_frozen": T("bias not updated", "偏置没有更新"),
    "labels_zero_one": T("labels 0/1 instead of ±1", "类别标记用了 0/1 而不是 ±1"),
    "update_sign": T("update subtracts {step}", "更新时减去了 {step}", step=Math(_eta * _x * _y)),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    right = {a.name: a.value for a in solution.answers}
    passes = right.get("epochs", params.max_epochs if params.max_epochs != CONVERGE else MAX_EPOCHS)
    wanted = (*(name for name in right if name.startswith("trace_")), "updates", "w_final", "b_final", "epochs")
    candidates = [
        (
            "strict_inequality",
            T(
                "a sample is misclassified when {test}: a score of 0 is a mistake too (else nothing moves w = 0)",
                "{test} 时样本就算误分类：得分为 0 也是误分类（否则从 w = 0 出发永远不会更新）",
                test=TEST,
            ),
            _float_train(params, passes, strict=True),
            wanted,
        ),
        (
            "bias_frozen",
            T(
                "each update also moves the bias: b is replaced by {rule}",
                "每次更新也要改变偏置：b 更新为 {rule}",
                rule=RULE_B,
            ),
            _float_train(params, passes, bias=False),
            wanted,
        ),
        (
            "labels_zero_one",
            T(
                "the labels are +1 and -1: with 0/1 labels a negative sample ({y0}) never moves {w} or {b}",
                "类别标记是 +1 和 -1：若用 0/1 标记，负样本（{y0}）永远不会改变 {w} 和 {b}",
                y0=Math(sp.Eq(_y, 0)),
                **WB,
            ),
            _float_train(params, passes, zero_one=True),
            ("w_final", "b_final"),
        ),
        (
            "update_sign",
            T(
                "the update adds {rule}: it moves the boundary towards the misclassified sample",
                "更新时应加上 {step}，即 {w} 更新为 {rule}：使分界面向误分类样本移动",
                step=Math(_eta * _x * _y),
                w=Math(_w),
                rule=RULE_W,
            ),
            _float_train(params, passes, sign=-1.0),
            wanted,
        ),
    ]
    found = []
    for name, message, wrong, names in candidates:
        answers = {key: wrong[key] for key in names if key in right and key in wrong}
        if any(_differs(answers[key], right[key]) for key in answers):
            found.append(Mistake(name, message, answers))
    return found


def _differs(a, b) -> bool:
    if isinstance(b, list):
        return len(a) != len(b) or any(_differs(x, y) for x, y in zip(a, b))
    return abs(a - b) > 1e-6
