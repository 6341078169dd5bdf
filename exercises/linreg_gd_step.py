"""Linear regression trained by gradient descent on the note's 1/(2N) squared error.

    model       y⁽ˡ⁾ = wᵀx⁽ˡ⁾ + w₀
    loss        L = 1/(2N) Σₗ (r⁽ˡ⁾ - y⁽ˡ⁾)²      (over a batch B of m samples: 1/(2m) Σ_B)
    gradients   ∂L/∂w  = -(1/m) Σ_B (r⁽ˡ⁾ - y⁽ˡ⁾) x⁽ˡ⁾ = -(1/m) X_Bᵀ e_B,   e = r - y
                ∂L/∂w₀ = -(1/m) Σ_B (r⁽ˡ⁾ - y⁽ˡ⁾)
    update      w ← w - η ∂L/∂w,   w₀ ← w₀ - η ∂L/∂w₀   (both from the same predictions)

Modes: `batch` (every update on all N samples), `sgd` (one sample per update, in the
listed order, its loss ½(r - y)²), `minibatch` (consecutive batches of B samples). The
loss before and after training is the 1/(2N) loss on all N samples.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import sympy as sp
from sympy import MatAdd, MatMul, MatrixSymbol, OneMatrix

from exercises.core import params as read
from exercises.core import regression as reg
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown_number, step, substitute
from exercises.core.number_text import decimal_text
from exercises.core.regression import ETA, W0, minus
from exercises.core.symbols import Named, Num, Spelled, SumOver

TITLE = "Linear regression: gradient descent"
DESCRIPTION = "Predictions, 1/(2N) squared-error loss, gradients and batch, SGD or mini-batch updates of w and w₀."
TITLE_ZH = "线性回归梯度下降"
DESCRIPTION_ZH = "预测值、1/(2N) 平方误差损失、梯度，以及批量、随机或小批量梯度下降对 w 和 w₀ 的更新。"
CODING_TASK = "linear_regression"

MODES = ("batch", "sgd", "minibatch")
MODE_ALIASES = {
    "bgd": "batch",
    "full_batch": "batch",
    "gd": "batch",
    "stochastic": "sgd",
    "online": "sgd",
    "mini_batch": "minibatch",
    "mbgd": "minibatch",
}
ROWS, COLS = (1, 8), (1, 3)
MAX_UPDATES = 12
FORMS = {
    "x": reg.x_form(ROWS, COLS),
    "r": reg.R_FORM,
    "w": T(
        "the initial weights, one per feature (a list; a number when there is one feature), e.g. [0, 0.5]",
        "初始权重，每个特征一个（列表；只有一个特征时可写一个数），例如 [0, 0.5]",
    ),
    "w0": T("the initial bias, a number, e.g. 0", "初始偏置，一个数，例如 0"),
    "eta": T("the learning rate, a number in (0, 10], e.g. 0.1", "学习率，(0, 10] 中的一个数，例如 0.1"),
    "mode": T(
        "{modes} (any case; also {aliases}); default batch",
        "{modes}（不区分大小写；也可写作 {aliases}）；默认为 batch",
        modes=join(MODES, T(" or ", " 或 ")),
        aliases=join(MODE_ALIASES),
    ),
    "steps": T(
        "the number of updates, 1-{n}; default one epoch (batch: 1, sgd: N, minibatch: N/B rounded up)",
        "更新次数，1-{n}；默认为一轮（batch：1，sgd：N，minibatch：N/B 向上取整）",
        n=MAX_UPDATES,
    ),
    "batch_size": T(
        "the mini-batch size B, 1 to N (minibatch only); default 2",
        "小批量大小 B，1 到 N（仅用于 minibatch）；默认为 2",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve linreg_gd_step` takes
NAMES = ("x", "r", "w", "w0", "eta")
OPTIONAL = ("mode", "steps", "batch_size")

PREDICTION = Check(abs_tol=0.001)
LOSS = Check(abs_tol=0.001, rel_tol=0.001)
GRADIENT = Check(abs_tol=0.001, rel_tol=0.001)
UPDATE = Check(abs_tol=0.001, rel_tol=0.01)  # relative to the size of the change (Answer.scale)
CHECKS = {  # each answer's check
    "predictions": PREDICTION,
    "loss_before": LOSS,
    "grad_w": GRADIENT,
    "grad_w0": GRADIENT,
    "w_new": UPDATE,
    "w0_new": UPDATE,
    "loss_after": LOSS,
}


@dataclass(frozen=True)
class Params:
    x: tuple  # N rows of d features
    r: tuple  # N targets
    w: tuple  # d initial weights
    w0: sp.Rational
    eta: sp.Rational
    mode: str = "batch"
    steps: int = 1  # updates
    batch_size: int = 2  # minibatch only

    @property
    def batches(self) -> list[tuple[int, ...]]:
        """The samples (0-based) each update uses, in order, going round the data again
        after an epoch."""
        n = len(self.x)
        size = {"batch": n, "sgd": 1, "minibatch": self.batch_size}[self.mode]
        epoch = [tuple(range(start, min(start + size, n))) for start in range(0, n, size)]
        return [epoch[k % len(epoch)] for k in range(self.steps)]

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        x, r = reg.read_data(raw, ROWS, COLS)
        n, d = len(x), len(x[0])
        w_raw = raw["w"] if isinstance(raw["w"], list) or d != 1 else [raw["w"]]
        w = read.vector("w", w_raw, FORMS["w"], (1, COLS[1]), low=-reg.LIMIT, high=reg.LIMIT)
        if len(w) != d:
            raise ParamError(
                T(
                    "parameter 'w' must hold one weight per feature: x has {d} column(s), w has {got}.",
                    "参数 'w' 应为每个特征给出一个权重：x 有 {d} 列，而 w 有 {got} 个数。",
                    d=d,
                    got=len(w),
                )
            )
        w0 = read.number("w0", raw["w0"], FORMS["w0"], -reg.LIMIT, reg.LIMIT)
        eta = read.number("eta", raw["eta"], FORMS["eta"], 0, 10)
        if eta == 0:
            raise ParamError(
                T("parameter 'eta' must be {form}; got 0.", "参数 'eta' 应为：{form}；实际为 0。", form=FORMS["eta"])
            )
        mode = read.choice("mode", raw.get("mode", "batch"), MODES, MODE_ALIASES)
        if "batch_size" in raw and mode != "minibatch":
            raise ParamError(
                T(
                    "parameter 'batch_size' only goes with mode=minibatch (batch uses all N samples, sgd one).",
                    "参数 'batch_size' 只能与 mode=minibatch 一起使用（batch 每次用全部 N 个样本，sgd 每次用一个）。",
                )
            )
        size = int(read.number("batch_size", raw.get("batch_size", min(2, n)), FORMS["batch_size"], 1, n, integer=True))
        epoch = {"batch": 1, "sgd": n, "minibatch": -(-n // size)}[mode]
        steps = int(read.number("steps", raw.get("steps", epoch), FORMS["steps"], 1, MAX_UPDATES, integer=True))
        return cls(x, r, w, w0, eta, mode, steps, size)

    def to_json(self) -> dict:
        out = {name: read.to_json(getattr(self, name)) for name in NAMES}
        out |= {"mode": self.mode, "steps": self.steps}
        if self.mode == "minibatch":
            out["batch_size"] = self.batch_size
        return out


# --- generation ----------------------------------------------------------------------


def generate(dice, difficulty: str) -> Params:
    """easy: N = 3, d = 1, w = w₀ = 0, one batch step; medium: N 3-4, d 1-2, weights 0 or
    tenths, one batch step or one SGD epoch; hard: N = 4, d = 2, one mini-batch epoch
    (B = 2, two updates). x integers in -3..5, r integers in -3..9, η from {0.1, 0.05,
    0.5, 0.01}. Drawn again unless the loss falls, every update moves every weight by at
    least 0.01, and every mistake is clearly wrong (see `_clear`)."""
    if difficulty == "easy":
        n, d, mode = 3, 1, "batch"
    elif difficulty == "medium":
        n, d, mode = dice.integer(3, 4), dice.integer(1, 2), dice.choice(("batch", "sgd"))
    else:
        n, d, mode = 4, 2, "minibatch"
    x = tuple(tuple(sp.Integer(dice.integer(-3, 5)) for _ in range(d)) for _ in range(n))
    r = tuple(sp.Integer(dice.integer(-3, 9)) for _ in range(n))
    if difficulty == "easy":
        w, w0 = (sp.Integer(0),), sp.Integer(0)
    else:
        w = tuple(sp.Rational(dice.decimal(-1, 1)) for _ in range(d))
        w0 = sp.Rational(dice.decimal(-1, 1))
    eta = sp.Rational(dice.choice(("0.1", "0.05", "0.5", "0.01")))
    steps = {"batch": 1, "sgd": n, "minibatch": 2}[mode]
    params = Params(x, r, w, w0, eta, mode, steps, 2)
    if not _clear(params):
        raise Redraw("the loss does not fall, an update too small to see, or a mistake too close")
    return params


def _clear(params: Params) -> bool:
    right = _run(params)
    if right["loss_after"] >= right["loss_before"] or any(
        abs(change) < 0.01 for change in _flat(_changes(params, right))
    ):
        return False
    first = _run(replace(params, steps=1))  # the first update must show too
    if any(abs(change) < 0.01 for change in _flat(_changes(params, first))):
        return False
    scales = _scales(params, right)
    for wrong in _wrong_answers(params).values():
        for name, value in wrong.items():
            if CHECKS[name].widened(2).accepts(value, right[name], scales.get(name)):
                return False
    return True


def _flat(value) -> list:
    return [v for item in value for v in _flat(item)] if isinstance(value, list) else [value]


# --- the solution ---------------------------------------------------------------------

GRAD_W0 = Spelled("∂L/∂w₀", r"\frac{\partial L}{\partial w_{0}}")
GRAD_THETA = Spelled("∂L/∂θ", r"\frac{\partial L}{\partial \theta}")
GRADIENT_SAID = sp.Mul(  # -(1/N)⋅Σᵢ (rᵢ - yᵢ)⋅xᵢ
    -1,
    1 / reg.N,
    SumOver(sp.S.One, minus(sp.Symbol("r_i"), sp.Symbol("y_i")) * sp.Symbol("x_i"), sp.Symbol("i")),
    evaluate=False,
)


def _grad_w(d: int) -> Named:
    return Named("dL/dw", d, 1, "∂L/∂w", r"\frac{\partial L}{\partial w}")


def _weights(k: int, total: int, d: int):
    """The symbols of the weights after update k (0: the initial ones): w, w₀; w⁺, w₀⁺
    after a single update; w⁽ᵏ⁾, w₀⁽ᵏ⁾ after update k of several."""
    if k == 0:
        return MatrixSymbol("w", d, 1), W0
    mark = "+" if total == 1 else f"({k})"
    return MatrixSymbol(f"w^{mark}", d, 1), sp.Symbol(f"w_0^{mark}")


def _step(title, lhs, formula, values, note="", exact=None):
    return step(title, lhs, formula, values, exact=exact, decimals=True, expand=False, note=note)


def _predict_step(title, lhs, x_sym, w_sym, w0_sym, x, w, w0):
    """y = X⋅w + w₀⋅𝟙 on the rows of x."""
    n = len(x)
    formula = MatAdd(MatMul(x_sym, w_sym), MatMul(w0_sym, OneMatrix(n, 1)))
    values = {x_sym: sp.ImmutableMatrix(x), w_sym: reg.column(w), w0_sym: w0}
    return _step(title, lhs, formula, values, exact=reg.column(reg.predictions(x, w, w0)))


def _errors_step(title, e, r_sym, y_sym, r, y):
    """e = r - y."""
    return _step(title, e, MatAdd(r_sym, MatMul(-1, y_sym)), {r_sym: reg.column(r), y_sym: reg.column(y)})


def _loss_step(title, lhs, r, y, errors):
    """L = 1/(2N)⋅(e₁² + ... + e_N²), the errors e = r - y squared and summed, over 2N;
    the errors put in to 4 significant digits, so that the line stays short."""
    n = len(errors)
    es = [sp.Symbol(f"e_{i}") for i in range(1, n + 1)]
    formula = sp.Mul(1 / (2 * reg.N), sp.Add(*[v**2 for v in es]), evaluate=False)
    shown = {e: _four_digits(str(e), v) for e, v in zip(es, errors)} | {reg.N: shown_number("N", sp.Integer(n))}
    note = T("{L}.", "{L}。", L=reg.loss_said())
    return Step(title, lhs, formula, substitute(formula, shown), reg.half_mse(r, y), note)


def _four_digits(name: str, value) -> Num:
    """A number shown as a decimal of at most 4 significant digits (exact when it is one)."""
    text = decimal_text(float(value))
    return Num(name, value, text, sp.Rational(text) != value)


def _update_steps(params: Params, k: int, batch, w, w0, known):
    """The steps of update k (1-based) on the samples `batch`, from weights w, w₀: the
    predictions and errors on the batch, the two gradients and the two new weights. `known`
    holds the initial model's predictions and errors steps on every sample (first update:
    its predictions are those, and in batch mode its errors too)."""
    d, m, total = len(w), len(batch), params.steps
    w_sym, w0_sym = _weights(k - 1, total, d)
    w_new_sym, w0_new_sym = _weights(k, total, d)
    whole = params.mode == "batch"
    x_b = [params.x[i] for i in batch]
    r_b = [params.r[i] for i in batch]
    X = MatrixSymbol("X" if whole else "X_B", m, d)
    r = MatrixSymbol("r" if whole else "r_B", m, 1)
    e = MatrixSymbol("e" if whole else "e_B", m, 1)
    y = MatrixSymbol("y" if whole else "y_B", m, 1)
    samples = join(str(i + 1) for i in batch)
    if total == 1:
        head = T("", "")
    elif whole:
        head = T("Update {k} (all {m} samples): ", "第 {k} 次更新（全部 {m} 个样本）：", k=k, m=m)
    elif m == 1:
        head = T("Update {k} (sample {s}): ", "第 {k} 次更新（样本 {s}）：", k=k, s=samples)
    else:
        head = T("Update {k} (mini-batch of samples {s}): ", "第 {k} 次更新（小批量：样本 {s}）：", k=k, s=samples)
    steps = []
    if known is not None and whole:
        errors = known[1]
    else:
        if known is not None:
            y_batch = [known[0].exact[i] for i in batch]
        else:
            predicted = _predict_step(
                head + T("Predictions with the current weights", "用当前权重计算预测值"),
                y,
                X,
                w_sym,
                w0_sym,
                x_b,
                w,
                w0,
            )
            steps.append(predicted)
            y_batch = list(predicted.exact)
        title = head + T("Errors {e}", "误差 {e}", e=Math(minus(sp.Symbol("r"), sp.Symbol("y"))))
        errors = _errors_step(title, e, r, y, r_b, y_batch)
        steps.append(errors)
    size = reg.N if whole else sp.Symbol("m")
    scale = sp.Mul(-1, 1 / size, evaluate=False) if m > 1 else sp.Integer(-1)
    values = {X: sp.ImmutableMatrix(x_b), e: errors.exact, size: sp.Integer(m)}
    grad_w = _step(
        head + T("Gradient of the loss with respect to {w}", "损失对 {w} 的梯度", w=Math(MatrixSymbol("w", d, 1))),
        _grad_w(d),
        MatMul(scale, X.T, e),
        values,
        note=_gradient_note(params, m),
    )
    es = [sp.Symbol(f"e_{i + 1}") for i in batch]
    title = head + T("Gradient with respect to the bias {w0}", "损失对偏置 {w0} 的梯度", w0=Math(W0))
    if m > 1:
        values = dict(zip(es, errors.exact)) | {size: sp.Integer(m)}
        grad_w0 = _step(title, GRAD_W0, sp.Mul(scale, sp.Add(*es), evaluate=False), values)
    else:  # -e_l: its number is the error just computed
        grad_w0 = Step(title, GRAD_W0, -es[0], None, -errors.exact[0])
    w_next = _step(
        head + T("New weights", "新的权重"),
        w_new_sym,
        MatAdd(w_sym, MatMul(-1, ETA, _grad_w(d))),
        {w_sym: reg.column(w), ETA: params.eta, _grad_w(d): grad_w.exact},
    )
    w0_next = _step(
        head + T("New bias", "新的偏置"),
        w0_new_sym,
        minus(w0_sym, sp.Mul(ETA, GRAD_W0, evaluate=False)),
        {w0_sym: w0, ETA: params.eta, GRAD_W0: grad_w0.exact},
    )
    return steps + [grad_w, grad_w0, w_next, w0_next]


def _gradient_note(params: Params, m: int):
    if m == 1:
        return T(
            "One sample's loss is {L}, so {g}.",
            "单个样本的损失为 {L}，所以 {g}。",
            L=reg.loss_said(1),
            g=Math(
                sp.Eq(_grad_w(1), sp.Mul(-1, minus(sp.Symbol("r"), sp.Symbol("y")), sp.Symbol("x")), evaluate=False)
            ),
        )
    return T(
        "Row l of the errors times sample l, summed, times {c}.",
        "第 l 个误差乘以第 l 个样本，求和后再乘以 {c}。",
        c=Math(sp.Mul(-1, 1 / sp.Symbol("N" if params.mode == "batch" else "m"), evaluate=False)),
    )


def solve(params: Params) -> Solution:
    n, d, total = len(params.x), len(params.w), params.steps
    X = MatrixSymbol("X", n, d)
    y = MatrixSymbol("y", n, 1)
    w_sym, w0_sym = _weights(0, total, d)
    predicted = _predict_step(
        T("Predictions of the initial model", "初始模型的预测值"), y, X, w_sym, w0_sym, params.x, params.w, params.w0
    )
    y0 = list(predicted.exact)
    e, r = MatrixSymbol("e", n, 1), MatrixSymbol("r", n, 1)
    errors = _errors_step(T("Errors of the initial model", "初始模型的误差"), e, r, y, params.r, y0)
    before = _loss_step(
        T("Loss before training, on all samples", "训练前的损失（全部样本）"),
        sp.Symbol("L"),
        params.r,
        y0,
        errors.exact,
    )
    steps = [predicted, errors, before]
    w, w0 = list(params.w), params.w0
    first = None
    for k, batch in enumerate(params.batches, 1):
        done = _update_steps(params, k, batch, w, w0, (predicted, errors) if k == 1 else None)
        first = first or done
        steps += done
        w, w0 = list(done[-2].exact), done[-1].exact
    w_last, w0_last = _weights(total, total, d)
    mark = "+" if total == 1 else f"({total})"
    y_after, e_after = MatrixSymbol(f"y^{mark}", n, 1), MatrixSymbol(f"e^{mark}", n, 1)
    predicted_after = _predict_step(
        T("Predictions of the trained model", "训练后模型的预测值"), y_after, X, w_last, w0_last, params.x, w, w0
    )
    errors_after = _errors_step(
        T("Errors of the trained model", "训练后模型的误差"), e_after, r, y_after, params.r, list(predicted_after.exact)
    )
    after = _loss_step(
        T("Loss after training, on all samples", "训练后的损失（全部样本）"),
        sp.Symbol(f"L^{mark}"),
        params.r,
        list(predicted_after.exact),
        errors_after.exact,
    )
    steps += [predicted_after, errors_after, after]
    grad_w, grad_w0 = first[-4], first[-3]
    right = _run(params)
    scales = _scales(params, right)
    answers = (
        Answer(
            "predictions",
            T("predictions {y} of the initial model, one per sample", "初始模型对每个样本的预测值 {y}", y=Math(y)),
            tuple(y0),
            PREDICTION,
        ),
        Answer(
            "loss_before", T("loss {L} before training", "训练前的损失 {L}", L=Math(sp.Symbol("L"))), before.exact, LOSS
        ),
        Answer(
            "grad_w", _first(T("gradient {g}", "梯度 {g}", g=Math(_grad_w(d))), total), tuple(grad_w.exact), GRADIENT
        ),
        Answer("grad_w0", _first(T("gradient {g}", "梯度 {g}", g=Math(GRAD_W0)), total), grad_w0.exact, GRADIENT),
        Answer(
            "w_new",
            T("weights {w} after the last update", "最后一次更新后的权重 {w}", w=Math(w_last)),
            tuple(w),
            UPDATE,
            scales["w_new"],
        ),
        Answer(
            "w0_new",
            T("bias {w0} after the last update", "最后一次更新后的偏置 {w0}", w0=Math(w0_last)),
            w0,
            UPDATE,
            scales["w0_new"],
        ),
        Answer(
            "loss_after",
            T("loss on all samples after the last update", "最后一次更新后全部样本上的损失"),
            after.exact,
            LOSS,
        ),
    )
    return Solution(_question(params, X, y), tuple(steps), answers)


def _first(label, total: int):
    if total == 1:
        return label
    return T("{label} in the first update", "第 1 次更新所用的{label}", label=label)


def _question(params: Params, X, y) -> Question:
    n, d, total = len(params.x), len(params.w), params.steps
    w_sym, _ = _weights(0, total, d)
    if params.mode == "batch" and total == 1:
        how = T(
            "Take one step of batch gradient descent on all {n} samples.",
            "用全部 {n} 个样本做一步批量梯度下降。",
            n=n,
        )
    elif params.mode == "batch":
        how = T(
            "Take {k} steps of batch gradient descent, each on all {n} samples.",
            "用批量梯度下降更新 {k} 次，每次用全部 {n} 个样本。",
            k=total,
            n=n,
        )
    elif params.mode == "sgd":
        how = T(
            "Run stochastic gradient descent for {k} updates: one sample per update, in the listed order, "
            "each update on that sample's loss {L}.",
            "用随机梯度下降更新 {k} 次：每次用一个样本（按所列顺序），损失取该样本的 {L}。",
            k=total,
            L=reg.loss_said(1),
        )
    else:
        size = sp.Symbol("B")
        how = T(
            "Run mini-batch gradient descent for {k} updates: batches of {b} consecutive samples in the "
            "listed order, each update on its batch's loss {L}.",
            "用小批量梯度下降更新 {k} 次：按所列顺序每 {b} 个相邻样本组成一个小批量，每次更新用该批的损失 {L}。",
            k=total,
            b=Math(sp.Eq(size, params.batch_size)),
            L=reg.loss_said(size),
        )
    return Question.of(
        T(
            "A linear regression model {model} is trained on {n} samples (one per row of {X}, targets {r}) "
            "with the loss {L} and gradient descent: each parameter {theta} becomes {rule}, the weights and "
            "the bias {w0} updated together from the same predictions. The data, the initial weights and the "
            "learning rate are",
            "线性回归模型 {model} 在 {n} 个样本上训练（{X} 的每一行是一个样本，目标值为 {r}），"
            "损失函数为 {L}，用梯度下降：每个参数 {theta} 更新为 {rule}，权重与偏置 {w0} 用同一次预测同时更新。"
            "数据、初始权重和学习率为",
            model=reg.model_said(d),
            n=n,
            X=Math(X),
            r=Math(sp.Symbol("r")),
            L=reg.loss_said(),
            theta=Math(sp.Symbol("theta")),
            rule=Math(minus(sp.Symbol("theta"), sp.Mul(ETA, GRAD_THETA, evaluate=False))),
            w0=Math(W0),
        ),
        reg.givens(
            (X, sp.ImmutableMatrix(params.x)),
            (MatrixSymbol("r", n, 1), reg.column(params.r)),
            (w_sym, reg.column(params.w)),
            (W0, params.w0),
            (ETA, params.eta),
        ),
        how,
        T(
            "Compute the predictions {y} of the initial model, the loss {L} before training, the gradients "
            "{gw} and {gw0}{first}, the weights {w} and the bias {w0} after the last update, and the loss "
            "on all {n} samples after it. Keep 4 significant digits in intermediate results.",
            "求初始模型的预测值 {y}、训练前的损失 {L}、梯度 {gw} 和 {gw0}{first}、最后一次更新后的权重 {w} "
            "和偏置 {w0}，以及此时全部 {n} 个样本上的损失。中间结果保留 4 位有效数字。",
            y=Math(y),
            L=Math(sp.Symbol("L")),
            gw=Math(_grad_w(d)),
            gw0=Math(GRAD_W0),
            first=T(" used in the first update", "（第 1 次更新所用）") if total > 1 else "",
            w=Math(w_sym),
            w0=Math(W0),
            n=n,
        ),
    )


# --- floats: the right run and the mistakes ----------------------------------------------


@lru_cache(maxsize=64)
def _floats(params: Params) -> tuple:
    """(x, r, w, w₀, η) as floats, once per problem."""
    return reg.floats(params.x), reg.floats(params.r), reg.floats(params.w), float(params.w0), float(params.eta)


def _run(params: Params, *, mean=True, factor=1.0, sign=-1.0, bias=True, batches=None, loss_factor=1.0) -> dict:
    """Every answer in floats, with one thing done the way a mistake does it: the gradient
    summed instead of averaged (mean=False), multiplied by `factor`, added instead of
    subtracted (sign=+1), the bias never updated, other batches, the losses scaled."""
    x, r, w, w0, eta = _floats(params)
    y0 = reg.float_predictions(x, w, w0)
    first = None
    for batch in batches if batches is not None else params.batches:
        y = reg.float_predictions([x[i] for i in batch], w, w0)
        e = [r[i] - yi for i, yi in zip(batch, y)]
        m = len(batch) if mean else 1
        grad_w = [-factor * sum(ei * x[i][j] for ei, i in zip(e, batch)) / m for j in range(len(w))]
        grad_w0 = -factor * sum(e) / m
        first = first or (grad_w, grad_w0)
        w = [wj + sign * eta * g for wj, g in zip(w, grad_w)]
        w0 = w0 + sign * eta * grad_w0 if bias else w0
    return {
        "predictions": y0,
        "loss_before": loss_factor * reg.float_half_mse(r, y0),
        "grad_w": first[0],
        "grad_w0": first[1],
        "w_new": w,
        "w0_new": w0,
        "loss_after": loss_factor * reg.float_half_mse(r, reg.float_predictions(x, w, w0)),
    }


def _changes(params: Params, result: dict) -> list:
    return [a - float(b) for a, b in zip(result["w_new"], params.w)] + [result["w0_new"] - float(params.w0)]


def _scales(params: Params, right: dict) -> dict:
    """What an update's tolerance is relative to: the size of its change."""
    changes = [abs(c) for c in _changes(params, right)]
    return {"w_new": changes[:-1], "w0_new": changes[-1]}


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "gradient_sum_not_mean": T("gradient summed, not averaged", "梯度求和后没有除以样本数"),
    "mse_without_half": T("squared error without its ½", "平方误差漏了系数 ½"),
    "ascent_sign": T("gradient added, not subtracted", "更新时加上了梯度，而不是减去"),
    "bias_frozen": T("bias not updated", "偏置没有更新"),
    "loss_without_half": T("loss reported without its ½", "损失值漏了系数 ½"),
    "sgd_as_batch": T("one batch step instead of SGD / mini-batch updates", "用一次批量更新代替了随机/小批量更新"),
}


def _wrong_answers(params: Params) -> dict:
    """{mistake: {answer: wrong value}} for the mistakes that apply, each with only the
    answers it changes."""
    right = _run(params)
    runs = {
        "mse_without_half": _run(params, factor=2.0, loss_factor=2.0),
        "ascent_sign": _run(params, sign=1.0),
        "bias_frozen": _run(params, bias=False),
        "loss_without_half": _run(params, loss_factor=2.0),
    }
    if params.mode != "sgd" and params.batches[0] != (0,):
        runs["gradient_sum_not_mean"] = _run(params, mean=False)
    if params.mode != "batch" and len(params.batches[0]) < len(params.x):
        runs["sgd_as_batch"] = _run(params, batches=[tuple(range(len(params.x)))])
    return {name: {key: value for key, value in run.items() if _moved(value, right[key])} for name, run in runs.items()}


def _moved(a, b) -> bool:
    return any(abs(p - q) > 1e-12 for p, q in zip(_flat(a), _flat(b)))


def mistakes(params: Params, solution) -> list[Mistake]:
    messages = {
        "gradient_sum_not_mean": T(
            "the loss averages over the {m} samples of the batch, so the gradient is divided by {m} too",
            "损失对批内 {m} 个样本取平均，所以梯度也要除以 {m}",
            m=len(params.batches[0]),
        ),
        "mse_without_half": T(
            "with the ½ in {L} the factor 2 of the square cancels: {g}, not twice that",
            "{L} 中的 ½ 与平方求导得到的 2 相消：{g}，而不是它的两倍",
            L=reg.loss_said(),
            g=Math(sp.Eq(_grad_w(1), GRADIENT_SAID, evaluate=False)),
        ),
        "ascent_sign": T(
            "gradient descent subtracts the step: {rule}",
            "梯度下降要减去这一步：{rule}",
            rule=Math(sp.Eq(sp.Symbol("w^+"), minus(sp.Symbol("w"), ETA * _grad_w(1)), evaluate=False)),
        ),
        "bias_frozen": T(
            "the bias is a parameter too: {rule}",
            "偏置也是参数，也要更新：{rule}",
            rule=Math(sp.Eq(sp.Symbol("w_0^+"), minus(W0, sp.Mul(ETA, GRAD_W0, evaluate=False)), evaluate=False)),
        ),
        "loss_without_half": T(
            "the loss is {L}, with the ½",
            "损失为 {L}，不要漏掉 ½",
            L=reg.loss_said(),
        ),
        "sgd_as_batch": T(
            "each update uses only its own sample or mini-batch, with the weights the previous update left",
            "每次更新只用自己的样本或小批量，并且用上一次更新后的权重",
        ),
    }
    return [Mistake(name, messages[name], answers) for name, answers in _wrong_answers(params).items()]
