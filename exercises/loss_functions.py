"""PyTorch loss functions (torch.nn): the per-element losses and their reduction.

PyTorch's conventions are the reference (torch.nn, float64), logarithms natural. With xₙ the
input, yₙ the target, wₙ a weight (1 when none is given) and σ(x) = 1/(1 + e^(-x)):

    CrossEntropyLoss     ℓₙ = w_t (-x_{n,t} + ln Σⱼ e^(x_{n,j})),  t = yₙ (a class index from 0)
    NLLLoss              ℓₙ = -w_t x_{n,t}                     (x: log-probabilities)
    BCELoss              ℓₙ = -wₙ [yₙ ln xₙ + (1 - yₙ) ln(1 - xₙ)]       (x: probabilities)
    BCEWithLogitsLoss    ℓₙ = -wₙ [p yₙ ln σ(xₙ) + (1 - yₙ) ln(1 - σ(xₙ))]  (p: pos_weight)
    L1Loss               ℓₙ = |xₙ - yₙ|
    MSELoss              ℓₙ = (xₙ - yₙ)²                        (no ½)
    SmoothL1Loss         ℓₙ = ½ (xₙ - yₙ)²/β if |xₙ - yₙ| < β, else |xₙ - yₙ| - ½β   (β = 0: L1)
    SoftMarginLoss       ℓₙ = ln(1 + e^(-yₙ xₙ))               (yₙ = ±1)
    CosineEmbeddingLoss  ℓₙ = 1 - cos(aₙ, bₙ) if yₙ = 1,  max(0, cos(aₙ, bₙ) - margin) if yₙ = -1
    MarginRankingLoss    ℓₙ = max(0, -yₙ (aₙ - bₙ) + margin)

Reduction: 'none' gives the ℓₙ (weighted: PyTorch multiplies the weight in), 'sum' adds them,
'mean' divides the sum by the number of elements (every element of a 2-D input: SoftMarginLoss's
x.nelement()), except that CrossEntropyLoss and NLLLoss with class weights divide by Σₙ w_{yₙ},
the weights of the targets (a weighted mean); BCE's weights never change the divisor.

A hard problem passes the same data through a second loss (`loss2`):
    cross_entropy -> nll on z = log_softmax(x)          (equal: CrossEntropyLoss = LogSoftmax + NLLLoss)
    bce_with_logits -> bce on σ(x)                      (equal unless pos_weight)
    soft_margin -> bce_with_logits with targets (1 + y)/2   (equal)
    margin_ranking -> soft_margin on d = a - b          (the smooth version of the ranking hinge)
    l1, mse, smooth_l1 -> another of the three on the same x and y
Answers: `per_element` (the ℓₙ, in the input's shape; a number for one unbatched sample),
`reduced` (not for reduction 'none'), `cosine` (CosineEmbeddingLoss), and for a second loss
`input_2` (its input when it is derived: z, σ(x) or d), `per_element_2`, `reduced_2`.

Mistakes, each the whole computation redone with one slip (`_float_loss`): log₂ for ln; the
weighted mean divided by N (CE/NLL) or BCE's mean divided by Σw; the per-element losses left
unweighted; MSE with ½; BCEWithLogits without the sigmoid (logits in (0, 1) taken for
probabilities); NLLLoss fed softmax probabilities (-p, not -ln p) or the raw logits (note 004's
negative "loss" -2.3333, slip S21; also CrossEntropyLoss computed as -x_t); NLLLoss without its
minus sign; pos_weight on the negative targets too; L1 without |·|; SmoothL1 with β = 1; a 2-D
mean over the rows only; the dot product for the cosine; max(0, ·) left out; the ranking
label's sign flipped; mean and sum swapped. Note 004's other slips are refused as parameters
with the reason: a 2-D CosineEmbeddingLoss target (S22) and (N, 1) MarginRankingLoss inputs (S23).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy as sp
from sympy import MatAdd, MatMul

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, shown_mistakes, step
from exercises.core.symbols import Bars, Ln, Named, Ordered, PositivePart, Spelled, SumOver, Written, sigmoid

TITLE = "PyTorch loss functions"
DESCRIPTION = "Cross-entropy, NLL, BCE (with logits), L1, MSE, smooth L1 and margin losses: per element and reduced."
TITLE_ZH = "常用损失函数计算"
DESCRIPTION_ZH = (
    "交叉熵、NLL、二元交叉熵（含 logits 版）、L1、均方误差、平滑 L1 与间隔类损失：逐元素损失与归约后的损失。"
)

# name -> PyTorch class, kind: "class" (class indices), "element" (elementwise), "pair" (two inputs)
LOSSES = {
    "cross_entropy": ("CrossEntropyLoss", "class"),
    "nll": ("NLLLoss", "class"),
    "bce": ("BCELoss", "element"),
    "bce_with_logits": ("BCEWithLogitsLoss", "element"),
    "l1": ("L1Loss", "element"),
    "mse": ("MSELoss", "element"),
    "smooth_l1": ("SmoothL1Loss", "element"),
    "soft_margin": ("SoftMarginLoss", "element"),
    "cosine_embedding": ("CosineEmbeddingLoss", "pair"),
    "margin_ranking": ("MarginRankingLoss", "pair"),
}
LOG_LOSSES = ("cross_entropy", "bce", "bce_with_logits", "soft_margin")
REGRESSION = ("l1", "mse", "smooth_l1")
PAIRS = {  # the second losses a first one may be compared with (loss2)
    "cross_entropy": ("nll",),
    "bce_with_logits": ("bce",),
    "soft_margin": ("bce_with_logits",),
    "margin_ranking": ("soft_margin",),
    "l1": ("mse", "smooth_l1"),
    "mse": ("l1", "smooth_l1"),
    "smooth_l1": ("l1", "mse"),
}
USED = {  # the parameters each loss takes besides loss, loss2 and reduction
    "cross_entropy": ("input", "targets", "weight"),
    "nll": ("input", "targets", "weight"),
    "bce": ("input", "targets", "weight"),
    "bce_with_logits": ("input", "targets", "weight", "pos_weight"),
    "l1": ("input", "targets"),
    "mse": ("input", "targets"),
    "smooth_l1": ("input", "targets", "beta"),
    "soft_margin": ("input", "targets"),
    "cosine_embedding": ("input1", "input2", "targets", "margin"),
    "margin_ranking": ("input1", "input2", "targets", "margin"),
}
REDUCTIONS = ("none", "mean", "sum")
REDUCTION_ALIASES = {"average": "mean", "avg": "mean", "elementwise_mean": "mean", "total": "sum", "no": "none"}
NAMES = ("loss", "loss2", "input", "input1", "input2", "targets", "weight", "pos_weight", "beta", "margin")
LIMIT = 100
SATURATED = 30  # |logit| beyond this: σ is 0 or 1 to 13 digits
VALUE = Check(abs_tol=0.001)
LN2 = math.log(2)

FORMS = {
    "loss": T(
        "one of {names}, or its PyTorch class name, e.g. CrossEntropyLoss",
        "{names} 之一，或 PyTorch 的类名，例如 CrossEntropyLoss",
        names=join(LOSSES),
    ),
    "loss2": T(
        "a second loss on the same data: nll after cross_entropy (on log_softmax(x)), bce after "
        "bce_with_logits (on σ(x)), bce_with_logits after soft_margin (targets (1 + y)/2), soft_margin "
        "after margin_ranking (on input1 - input2), or one of l1, mse, smooth_l1 after another, e.g. nll",
        "同一组数据上的第二个损失：cross_entropy 之后为 nll（作用于 log_softmax(x)），bce_with_logits 之后为 "
        "bce（作用于 σ(x)），soft_margin 之后为 bce_with_logits（目标为 (1 + y)/2），margin_ranking 之后为 "
        "soft_margin（作用于 input1 - input2），或 l1、mse、smooth_l1 中另一个，例如 nll",
    ),
    "input": T(
        "the input x, numbers between -{n} and {n}: logits (cross_entropy, bce_with_logits), log-probabilities "
        "(nll), probabilities strictly between 0 and 1 (bce) or predictions; a list, e.g. [0.8, 0.3], or a "
        "matrix with one sample per row, e.g. [[1,2],[1,3]]",
        "输入 x，取值在 -{n} 到 {n} 之间：logits（cross_entropy、bce_with_logits）、对数概率（nll）、严格介于 "
        "0 和 1 之间的概率（bce）或预测值；一个列表，例如 [0.8, 0.3]，或每行一个样本的矩阵，例如 [[1,2],[1,3]]",
        n=LIMIT,
    ),
    "input1": T(
        "the first input: vectors, one per row, for cosine_embedding (e.g. [[1,2],[0,1]]); a list of scores "
        "for margin_ranking (e.g. [1,2,3])",
        "第一个输入：cosine_embedding 为每行一个向量（例如 [[1,2],[0,1]]）；margin_ranking 为得分列表（例如 [1,2,3]）",
    ),
    "input2": T(
        "the second input, of the shape of input1, e.g. [2,2,2]", "第二个输入，形状与 input1 相同，例如 [2,2,2]"
    ),
    "targets": T(
        "class indices from 0, one per sample, for cross_entropy and nll (e.g. [0,1,1]); 0 or 1 (or a "
        "probability) for bce and bce_with_logits; 1 or -1 for soft_margin, and a flat list of 1 and -1, one per "
        "pair, for cosine_embedding and margin_ranking (e.g. [1,-1]); values of the shape of input for l1, mse "
        "and smooth_l1",
        "cross_entropy 与 nll 为从 0 开始编号的类别索引，每个样本一个（例如 [0,1,1]）；bce 与 bce_with_logits 为 "
        "0 或 1（或一个概率）；soft_margin 为 1 或 -1，cosine_embedding 与 margin_ranking 为由 1 和 -1 组成的"
        "一维列表，每对一个（例如 [1,-1]）；l1、mse 与 smooth_l1 为与 input 形状相同的数值",
    ),
    "weight": T(
        "cross_entropy and nll: one non-negative weight per class, e.g. [1,2,1]; bce and bce_with_logits: "
        "non-negative weights of the shape of input (or one per column)",
        "cross_entropy 与 nll：每个类别一个非负权重，例如 [1,2,1]；bce 与 bce_with_logits：与 input 形状相同"
        "（或每列一个）的非负权重",
    ),
    "pos_weight": T(
        "bce_with_logits only: the non-negative weight of the positive term, a number (e.g. 3) or one per column",
        "仅用于 bce_with_logits：正样本项的非负权重，一个数（例如 3）或每列一个",
    ),
    "beta": T(
        "smooth_l1 only: the threshold β in [0, 10] (default 1), e.g. 0.5",
        "仅用于 smooth_l1：阈值 β，取值在 [0, 10]（默认 1），例如 0.5",
    ),
    "margin": T(
        "cosine_embedding and margin_ranking only: the margin in [-10, 10] (default 0), e.g. 0.5",
        "仅用于 cosine_embedding 与 margin_ranking：间隔 margin，取值在 [-10, 10]（默认 0），例如 0.5",
    ),
    "reduction": T(
        "{options} (default mean, as in PyTorch)",
        "{options} 之一（默认 mean，与 PyTorch 相同）",
        options=join(REDUCTIONS),
    ),
}
PARAMETERS = FORMS  # what `mlexam solve loss_functions` takes


SAID = {  # each loss by its name in the course's words
    "cross_entropy": T("the cross-entropy loss", "交叉熵损失"),
    "nll": T("the negative log-likelihood loss", "负对数似然损失"),
    "bce": T("the binary cross-entropy", "二元交叉熵损失"),
    "bce_with_logits": T("the binary cross-entropy of logits", "带 Sigmoid 的二元交叉熵损失"),
    "l1": T("the absolute error", "L1 损失，即绝对误差"),
    "mse": T("the squared error", "均方误差损失"),
    "smooth_l1": T("the smooth L1 loss", "平滑 L1 损失"),
    "soft_margin": T("the logistic soft-margin loss", "软间隔损失"),
    "cosine_embedding": T("the cosine embedding loss", "余弦嵌入损失"),
    "margin_ranking": T("the margin ranking loss", "间隔排序损失"),
}


def _class_name(loss: str) -> str:
    return LOSSES[loss][0]


def _kind(loss: str) -> str:
    return LOSSES[loss][1]


# --- parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    loss: str
    targets: tuple | sp.Integer  # the input's shape; one class (or label) for an unbatched sample
    input: tuple | None = None  # 1-D tuple or tuple of rows
    input1: tuple | None = None
    input2: tuple | None = None
    weight: tuple | None = None
    pos_weight: sp.Rational | tuple | None = None
    beta: sp.Rational | None = None
    margin: sp.Rational | None = None
    reduction: str = "mean"
    loss2: str | None = None

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("loss",), (*NAMES[1:], "reduction"))
        loss = _read_loss("loss", raw["loss"])
        loss2 = None
        if "loss2" in raw:
            loss2 = _read_loss("loss2", raw["loss2"])
            if loss2 not in PAIRS.get(loss, ()):
                raise ParamError(
                    T(
                        "parameter 'loss2' must be {form}; {second} cannot follow {first}.",
                        "参数 'loss2' 应为：{form}；{second} 不能接在 {first} 之后。",
                        form=FORMS["loss2"],
                        first=loss,
                        second=loss2,
                    )
                )
        used = USED[loss] + (("beta",) if loss2 == "smooth_l1" else ())
        extra = [name for name in NAMES[2:] if name in raw and name not in used]
        if extra:
            raise ParamError(
                T(
                    "parameter '{name}' is not used by {cls}, which takes {names}.",
                    "{cls} 不使用参数 '{name}'；它的参数为 {names}。",
                    name=extra[0],
                    cls=_class_name(loss) + (f" + {_class_name(loss2)}" if loss2 else ""),
                    names=join((*used, "reduction")),
                )
            )
        for name in used:
            if name in ("input", "input1", "input2", "targets") and name not in raw:
                raise ParamError(
                    T(
                        "{cls} needs the parameter '{name}' ({form}).",
                        "{cls} 需要参数 '{name}'（{form}）。",
                        cls=_class_name(loss),
                        name=name,
                        form=FORMS[name],
                    )
                )
        reduction = read.choice("reduction", raw.get("reduction", "mean"), REDUCTIONS, REDUCTION_ALIASES)
        values = {"loss": loss, "loss2": loss2, "reduction": reduction}
        values |= {"class": _read_class, "element": _read_element, "pair": _read_pair}[_kind(loss)](loss, raw)
        if "beta" in used:
            values["beta"] = read.number("beta", raw.get("beta", 1), FORMS["beta"], 0, 10)
        if "margin" in used:
            values["margin"] = read.number("margin", raw.get("margin", 0), FORMS["margin"], -10, 10)
        params = cls(**values)
        _check_weights(params)
        return params

    def to_json(self) -> dict:
        out = {"loss": self.loss}
        if self.loss2:
            out["loss2"] = self.loss2
        for name in NAMES[2:]:
            value = getattr(self, name)
            if value is not None:
                out[name] = read.to_json(value)
        return out | {"reduction": self.reduction}


_PREFIX = re.compile(r"^(torch\.)?(nn\.)?(functional\.|f\.)?")
LOSS_ALIASES = {
    "ce": "cross_entropy",
    "crossentropy": "cross_entropy",
    "negativeloglikelihood": "nll",
    "binarycrossentropy": "bce",
    "binarycrossentropywithlogits": "bce_with_logits",
    "mae": "l1",
    "meanabsoluteerror": "l1",
    "meansquarederror": "mse",
}


def _key(word: str) -> str:
    word = re.sub(r"[\s_\-]", "", _PREFIX.sub("", word.strip().lower()))
    return word[:-4] if word.endswith("loss") and len(word) > 4 else word


LOSS_KEYS = {_key(n): n for n in LOSSES} | {_key(c): n for n, (c, _) in LOSSES.items()} | LOSS_ALIASES


def _read_loss(name: str, value) -> str:
    loss = LOSS_KEYS.get(_key(value)) if isinstance(value, str) else None
    if loss is None:
        raise _must_be(name)
    return loss


def _must_be(name: str, got: Text | str = "", form: Text | None = None) -> ParamError:
    return ParamError(
        T(
            "parameter '{name}' must be {form}{got}.",
            "参数 '{name}' 应为：{form}{got}。",
            name=name,
            form=form or FORMS[name],
            got=got,
        )
    )


FLAT_LABELS = T(
    "a flat list of 1 and -1, one per pair, e.g. [1, -1] (current PyTorch refuses a nested list such as note "
    "004's [[1, -1]])",
    "由 1 和 -1 组成的一维列表，每对一个，例如 [1, -1]（当前的 PyTorch 不接受笔记 004 中 [[1, -1]] 这样的嵌套列表）",
)
TARGET_FORMS = {  # what a loss takes as its targets, said when they do not fit
    "class": T(
        "class indices from 0, one per row of 'input', e.g. [0, 1, 1]",
        "从 0 开始编号的类别索引，'input' 的每行一个，例如 [0, 1, 1]",
    ),
    "bce": T(
        "targets 0 or 1 (or a probability between them) of the shape of 'input', e.g. [1, 0]",
        "与 'input' 形状相同的目标，为 0 或 1（或介于两者之间的概率），例如 [1, 0]",
    ),
    "soft_margin": T(
        "labels 1 or -1 of the shape of 'input', e.g. [1, -1]",
        "与 'input' 形状相同的标签，为 1 或 -1，例如 [1, -1]",
    ),
    "regression": T(
        "numbers between -{n} and {n} of the shape of 'input', e.g. [3, -1]",
        "与 'input' 形状相同、取值在 -{n} 到 {n} 之间的数，例如 [3, -1]",
        n=LIMIT,
    ),
    "pair": FLAT_LABELS,
}


def _target_form(loss: str) -> Text:
    if _kind(loss) in ("class", "pair"):
        return TARGET_FORMS[_kind(loss)]
    return TARGET_FORMS.get({"bce_with_logits": "bce"}.get(loss, loss), TARGET_FORMS["regression"])


RANKING_INPUT = T(
    "a flat list of scores, e.g. [1, 2, 3] (current PyTorch refuses a column such as note 004's [[1], [2], [3]] "
    "beside flat targets)",
    "由得分组成的一维列表，例如 [1, 2, 3]（当前的 PyTorch 不接受笔记 004 中 [[1], [2], [3]] "
    "这样的列向量与一维目标搭配）",
)


def _is_matrix(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, list) for v in value)


def _tensor(name: str, value, *, rows=(1, 6), cols=(1, 10), flat=(1, 12), low=-LIMIT, high=LIMIT, form=None) -> tuple:
    """A 1-D list or a 2-D list of rows, of numbers in [low, high]."""
    form = form or FORMS[name]
    if _is_matrix(value):
        return read.matrix(name, value, form, rows=rows, cols=cols, low=low, high=high)
    return read.vector(name, value, form, flat, low=low, high=high)


def _shape(t) -> tuple:
    return (len(t), len(t[0])) if isinstance(t[0], tuple) else (len(t),)


def _shape_text(shape) -> str:
    return " x ".join(map(str, shape))


def _same_shape(name: str, value: tuple, shape: tuple, of: str) -> None:
    if _shape(value) != shape:
        raise ParamError(
            T(
                "parameter '{name}' must have the shape of '{of}', {shape}; got {got}.",
                "参数 '{name}' 的形状应与 '{of}' 相同，为 {shape}；实际为 {got}。",
                name=name,
                of=of,
                shape=_shape_text(shape),
                got=_shape_text(_shape(value)),
            )
        )


def _read_class(loss: str, raw: dict) -> dict:
    """Logits or log-probabilities, one row per sample (or one unbatched row), class targets."""
    x = _tensor("input", raw["input"], rows=(1, 8), cols=(2, 8), flat=(2, 8))
    classes = _shape(x)[-1]
    batched = isinstance(x[0], tuple)
    targets = raw["targets"]
    if not batched and isinstance(targets, list) and len(targets) == 1:
        targets = targets[0]  # one unbatched sample: its class alone
    if batched and not isinstance(targets, list):
        targets = [targets]
    if batched:
        y = read.vector("targets", targets, _target_form(loss), (len(x), len(x)), low=0, integer=True)
    else:
        y = read.number("targets", targets, _target_form(loss), 0, integer=True)
    if any(t > classes - 1 for t in (y if batched else (y,))):
        raise ParamError(
            T(
                "parameter 'targets' must hold class indices from 0 to {top} (x has {c} columns, numbered from 0 "
                "as PyTorch numbers them); got {got}.",
                "参数 'targets' 应为 0 到 {top} 之间的类别索引（x 有 {c} 列，与 PyTorch 一样从 0 开始编号）；"
                "实际为 {got}。",
                top=classes - 1,
                c=classes,
                got=str(max(y if batched else (y,))),
            )
        )
    values = {"input": x, "targets": y}
    if "weight" in raw:
        values["weight"] = read.vector("weight", raw["weight"], FORMS["weight"], (classes, classes), low=0, high=LIMIT)
    return values


def _read_element(loss: str, raw: dict) -> dict:
    """Inputs and targets of one shape, elementwise weights and pos_weight."""
    bounds = {
        "bce": (0, 1),
        "bce_with_logits": (-SATURATED, SATURATED),
    }.get(loss, (-LIMIT, LIMIT))
    x = _tensor("input", raw["input"], low=bounds[0], high=bounds[1])
    shape = _shape(x)
    if loss == "bce" and any(v in (0, 1) for v in _flat(x)):
        raise ParamError(
            T(
                "parameter 'input' of BCELoss must hold probabilities strictly between 0 and 1 (ln 0 is undefined; "
                "PyTorch clamps it to -100).",
                "BCELoss 的参数 'input' 应为严格介于 0 和 1 之间的概率（ln 0 无定义；PyTorch 把它截断为 -100）。",
            )
        )
    low, high = {"bce": (0, 1), "bce_with_logits": (0, 1)}.get(loss, (-LIMIT, LIMIT))
    y = _tensor("targets", raw["targets"], low=low, high=high, form=_target_form(loss))
    _same_shape("targets", y, shape, "input")
    if loss == "soft_margin" and any(v not in (1, -1) for v in _flat(y)):
        raise _must_be("targets", form=_target_form(loss))
    values = {"input": x, "targets": y}
    if "weight" in raw:
        w = _tensor("weight", raw["weight"], low=0)
        if _shape(w) != shape and not (len(shape) == 2 and _shape(w) == (shape[1],)):
            _same_shape("weight", w, shape, "input")
        values["weight"] = w
    if "pos_weight" in raw:
        if isinstance(raw["pos_weight"], list):
            values["pos_weight"] = read.vector(
                "pos_weight", raw["pos_weight"], FORMS["pos_weight"], (shape[-1], shape[-1]), low=0, high=LIMIT
            )
        else:
            values["pos_weight"] = read.number("pos_weight", raw["pos_weight"], FORMS["pos_weight"], 0, LIMIT)
    return values


def _read_pair(loss: str, raw: dict) -> dict:
    """Two inputs of one shape (vectors by rows, or scores) and ±1 targets, one per pair."""
    if loss == "cosine_embedding":
        a = _tensor("input1", raw["input1"], rows=(1, 8), cols=(1, 6), flat=(1, 6))
    else:
        a = read.vector("input1", raw["input1"], RANKING_INPUT, (1, 12), low=-LIMIT, high=LIMIT)
    b = _tensor("input2", raw["input2"], rows=(1, 8), cols=(1, 6), flat=(1, 12))
    _same_shape("input2", b, _shape(a), "input1")
    batched = loss == "margin_ranking" or isinstance(a[0], tuple)
    targets = raw["targets"]
    if not batched and isinstance(targets, list) and len(targets) == 1:
        targets = targets[0]
    if batched:
        n = len(a)
        y = read.vector("targets", targets, FLAT_LABELS, (n, n), integer=True)
    else:
        y = read.number("targets", targets, FLAT_LABELS, integer=True)
    if any(v not in (1, -1) for v in (y if batched else (y,))):
        raise _must_be("targets", form=FLAT_LABELS)
    if loss == "cosine_embedding":
        for name, vectors in (("input1", a), ("input2", b)):
            for i, v in enumerate(vectors if batched else (vectors,), 1):
                if not any(v):
                    raise ParamError(
                        T(
                            "row {i} of '{name}' is the zero vector, whose cosine with another vector is undefined.",
                            "'{name}' 的第 {i} 行是零向量，它与其他向量的余弦相似度无定义。",
                            i=i,
                            name=name,
                        )
                    )
    return {"input1": a, "input2": b, "targets": y}


def _check_weights(params: Params) -> None:
    """A weighted mean over targets whose weights add up to 0 divides by 0 (PyTorch gives nan)."""
    if _kind(params.loss) != "class" or params.weight is None or params.reduction != "mean":
        return
    targets = params.targets if isinstance(params.targets, tuple) else (params.targets,)
    if sum(params.weight[int(t)] for t in targets) == 0:
        raise ParamError(
            T(
                "the weights of the target classes add up to 0, so the weighted mean divides by 0 (PyTorch gives nan).",
                "各目标类别的权重之和为 0，加权平均要除以 0（PyTorch 给出 nan）。",
            )
        )


def _flat(t) -> list:
    if isinstance(t, tuple) and t and isinstance(t[0], tuple):
        return [v for row in t for v in row]
    return list(t) if isinstance(t, tuple) else [t]


# --- generation ----------------------------------------------------------------------------

HARD_FIRST = ("cross_entropy", "bce_with_logits", "soft_margin", "margin_ranking", "l1", "mse", "smooth_l1")
HALVES = tuple(sp.Rational(k, 2) for k in range(-4, 5))  # -2, -1.5, ..., 2


def _tenths(low: int, high: int) -> list:
    """The multiples of 0.1 from low/10 to high/10."""
    return [sp.Rational(k, 10) for k in range(low, high + 1)]


def generate(dice, difficulty: str) -> Params:
    """easy: one loss (any of the ten), 2-3 elements, reduction none, no weights, calculator
    numbers (small integers, halves, tenths); medium: one loss, 3-4 elements (a 2 x 2 input
    for SoftMarginLoss, as in note 004), reduction mean, class or element weights for
    CE/NLL/BCE, pos_weight for BCEWithLogits, β, margin; hard: the same data through two
    losses (see the module docstring), reduction mean or sum, or CosineEmbeddingLoss on three
    pairs with a margin of 0.2 or 0.5. Weights are never all equal, targets with weights
    or pos_weight of both kinds, SmoothL1 gaps on both sides of β, so that each shows.
    Redrawn: a nonzero loss below 0.002 (invisible at 3 decimals), or every loss 0."""
    if difficulty == "hard":
        loss = dice.choice((*HARD_FIRST, "cosine_embedding"))
        loss2 = dice.choice(PAIRS[loss]) if loss in PAIRS else None
        reduction = dice.choice(("mean", "sum"))
    else:
        loss, loss2 = dice.choice(tuple(LOSSES)), None
        reduction = "none" if difficulty == "easy" else "mean"
    draw = {"class": _draw_class, "element": _draw_element, "pair": _draw_pair}[_kind(loss)]
    params = Params(loss=loss, loss2=loss2, reduction=reduction, **draw(dice, loss, loss2, difficulty))
    right = _float_answers(params)
    for name, value in right.items():
        if name in ("cosine", "input_2"):
            continue
        values = _flat_floats(value)
        if any(0 < abs(v) < 2 * VALUE.abs_tol for v in values) or not any(values):
            raise Redraw("a loss too small to see at 3 decimals, or every loss 0")
    return params


WEIGHTS = (sp.Rational(1, 2), sp.Integer(1), sp.Integer(2), sp.Integer(3))
LOGITS = tuple(sp.Rational(k, 2) for k in range(-4, 5))  # 0, ±0.5, ±1, ±1.5, ±2 (note 003's calculator σ)


def _mixed(dice, n: int, kinds) -> list:
    """n draws from `kinds` with the first two kinds both present, at random places."""
    out = [dice.choice(kinds) for _ in range(n)]
    first, second = dice.sample(range(n), 2)
    out[first], out[second] = kinds[0], kinds[1]
    return out


def _weights(dice, n: int, choices=WEIGHTS) -> tuple:
    """n weights, not all equal (equal weights change nothing)."""
    w = [dice.choice(choices) for _ in range(n)]
    if len(set(w)) == 1:
        w[dice.integer(0, n - 1)] = dice.choice([c for c in choices if c != w[0]])
    return tuple(w)


def _draw_class(dice, loss, loss2, difficulty) -> dict:
    """Small-integer logits (halves when hard), or LogSoftmax outputs for NLLLoss; with weights,
    targets of two classes at least whose weights differ (else the weighted mean is the plain one)."""
    if difficulty == "easy":
        n = dice.integer(2, 3)
        c = 2 if n == 3 else dice.integer(2, 3)
    elif difficulty == "medium":
        n = dice.integer(2, 3)
        c = 3 if n == 2 else 2
    else:
        n, c = 2, 3
    weighted = difficulty == "medium" or (difficulty == "hard" and dice.integer(0, 1))
    if weighted:
        classes = dice.sample(range(c), 2)
        targets = _mixed(dice, n, classes + [k for k in range(c) if k not in classes])
        weights = list(_weights(dice, c))
        if weights[classes[0]] == weights[classes[1]]:
            weights[classes[1]] = dice.choice([v for v in WEIGHTS if v != weights[classes[0]]])
    else:
        targets = [dice.integer(0, c - 1) for _ in range(n)]
    if loss == "nll":  # LogSoftmax outputs: ln of tenths adding up to 1, to 2 decimals
        rows = []
        for _ in range(n):
            cuts = sorted(dice.sample(range(1, 10), c - 1))
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10])]
            rows.append(tuple(sp.Rational(f"{math.log(k / 10):.2f}") for k in parts))
        x = tuple(rows)
    else:
        values = [sp.Integer(v) for v in range(-1, 4)] if difficulty != "hard" else [*HALVES, sp.Integer(3)]
        x = tuple(tuple(dice.choice(values) for _ in range(c)) for _ in range(n))
    out = {"input": x, "targets": tuple(sp.Integer(t) for t in targets)}
    if weighted:
        out["weight"] = tuple(weights)
    return out


def _draw_element(dice, loss, loss2, difficulty) -> dict:
    """Probabilities in tenths (BCELoss), logits from the calculator's grid or tenths (half the
    time tenths in (0, 1) that look like probabilities), predictions and targets in halves or
    tenths with both SmoothL1 branches present, ±1 labels for SoftMarginLoss."""
    if loss == "soft_margin" and difficulty != "easy":
        shape = (2, 2) if difficulty == "medium" or dice.integer(0, 1) else (dice.integer(3, 4),)
    elif difficulty == "easy":
        shape = (dice.integer(2, 3),)
    elif difficulty == "medium" or loss not in REGRESSION:
        shape = (dice.integer(3, 4),)
    else:
        shape = (dice.integer(4, 6),)
    count = math.prod(shape)

    def shaped(values):
        values = list(values)
        if len(shape) == 2:
            return tuple(tuple(values[i * shape[1] : (i + 1) * shape[1]]) for i in range(shape[0]))
        return tuple(values)

    out = {}
    if loss in ("bce", "bce_with_logits"):
        if loss == "bce" or dice.integer(0, 1):  # BCEWithLogits: half the time logits that look like probabilities
            x = [dice.choice(_tenths(1, 9)) for _ in range(count)]
        else:
            x = [dice.choice(LOGITS if difficulty == "easy" else _tenths(-20, 20)) for _ in range(count)]
        positive = loss == "bce_with_logits" and (difficulty == "medium" or difficulty == "hard" and dice.integer(0, 1))
        if positive:  # pos_weight needs a positive and a negative target
            out["pos_weight"] = dice.choice((sp.Integer(2), sp.Integer(3), sp.Integer(4), sp.Integer(9)))
            y = _mixed(dice, count, (sp.Integer(1), sp.Integer(0)))
        else:
            y = [sp.Integer(dice.integer(0, 1)) for _ in range(count)]
        if (difficulty == "medium" and loss == "bce") or (difficulty != "easy" and dice.integer(0, 1)):
            out["weight"] = _weights(dice, count, (sp.Integer(1), sp.Integer(2), sp.Integer(3)))
    elif loss == "soft_margin":
        x = [dice.choice(LOGITS if difficulty == "easy" else _tenths(-10, 10)) for _ in range(count)]
        y = [sp.Integer(dice.choice((1, -1))) for _ in range(count)]
    else:
        if difficulty == "easy":
            y = [sp.Integer(dice.integer(-2, 3)) for _ in range(count)]
            gaps = list(HALVES)
        else:
            y = [
                sp.Integer(dice.integer(-2, 3)) if difficulty == "medium" else dice.choice(_tenths(-20, 30))
                for _ in range(count)
            ]
            gaps = _tenths(-20, 20)
        d = [dice.choice(gaps) for _ in range(count)]
        if "smooth_l1" in (loss, loss2):  # both branches: one gap below β, one at or above it
            beta = (
                sp.Integer(1)
                if difficulty == "easy"
                else dice.choice((sp.Rational(1, 2), sp.Integer(1), sp.Integer(2)))
            )
            small, large = dice.sample(range(count), 2)
            d[small] = dice.choice([g for g in gaps if abs(g) < beta])
            d[large] = dice.choice([g for g in gaps if abs(g) >= beta])
            out["beta"] = beta
        x = [a + b for a, b in zip(y, d)]
    return out | {"input": shaped(x), "targets": shaped(y)}


def _draw_pair(dice, loss, loss2, difficulty) -> dict:
    """Integer vectors (CosineEmbeddingLoss) or scores (MarginRankingLoss), and ±1 labels of
    both kinds unless easy."""
    if loss == "cosine_embedding":
        if difficulty == "medium":
            n, d = dice.choice(((2, 2), (2, 3), (3, 2)))
        else:
            n, d = (2, 2) if difficulty == "easy" else (3, 2)
        entries = [sp.Integer(v) for v in (range(-1, 3) if difficulty == "easy" else range(-2, 4))]

        def vector():
            v = [dice.choice(entries) for _ in range(d)]
            if not any(v):  # no zero vector: its cosine is undefined
                v[dice.integer(0, d - 1)] = dice.choice([e for e in entries if e])
            return tuple(v)

        a = tuple(vector() for _ in range(n))
        b = tuple(vector() for _ in range(n))
        margins = {"easy": (0,), "medium": (0, sp.Rational(1, 5), sp.Rational(1, 2))}.get(
            difficulty, (sp.Rational(1, 5), sp.Rational(1, 2))
        )
    else:
        n = dice.integer(2, 3) if difficulty == "easy" else dice.integer(3, 4)
        values = [sp.Integer(v) for v in range(0, 5)] if difficulty == "easy" else _tenths(0, 20)
        a = tuple(dice.choice(values) for _ in range(n))
        b = tuple(dice.choice(values) for _ in range(n))
        margins = (0, sp.Rational(1, 2)) if difficulty == "easy" else (0, sp.Rational(1, 5), sp.Rational(1, 2))
    margin = sp.Rational(dice.choice(margins))
    if difficulty == "easy":
        y = [sp.Integer(dice.choice((1, -1))) for _ in range(n)]
    else:
        y = _mixed(dice, n, (sp.Integer(1), sp.Integer(-1)))
    return {"input1": a, "input2": b, "targets": tuple(y), "margin": margin}


# --- notation -------------------------------------------------------------------------------


N_ = sp.Symbol("N")
ELL_N = Spelled("ℓₙ", r"\ell_{n}")
W_TARGET = Spelled("w_yₙ", r"w_{y_{n}}")  # the weight of sample n's target class
N_INDEX = Spelled("ₙ", "n")  # the index under a Σ, printed Σₙ
MARGIN = Spelled("margin", r"\mathrm{margin}")
BETA, POS = sp.Symbol("beta"), sp.Symbol("p")
_j = sp.Symbol("j")
COS = sp.Function("cos")


class LogSoftmax(Written, sp.Function):
    """log_softmax(x), as PyTorch names it (notation for sentences)."""

    NAME, LATEX = "log_softmax", r"\operatorname{log\_softmax}"


EXP = sp.Function("exp")  # e^(...) written exp(...) in a sentence: the line printer would raise -yₙ⋅xₙ


def _sub(base: str, index: str, prime: bool = False):
    """xₙ-style symbol: base with a subscript index (a string of digits or letters)."""
    if prime:
        return Spelled(f"{base}′{_subscript(index)}", f"{base}'_{{{index}}}")
    if index.isdigit():
        return sp.Symbol(f"{base}_{index}")
    return Spelled(f"{base}{_subscript(index)}", f"{base}_{{{index}}}")  # xⱼ in a sentence too


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPTS = str.maketrans("0123456789nijkt", "₀₁₂₃₄₅₆₇₈₉ₙᵢⱼₖₜ")


def _subscript(index: str) -> str:
    return index.translate(_SUBSCRIPTS)


def _ell(index: str, part: int):
    return Spelled(
        f"ℓ{'′' if part == 2 else ''}{_subscript(index)}", rf"\ell{chr(39) if part == 2 else ''}_{{{index}}}"
    )


def _total_symbol(part: int):
    return Spelled("L′", "L'") if part == 2 else sp.Symbol("L")


def _matrix(values, shape) -> sp.ImmutableMatrix:
    """A tensor as a matrix: a 1-D one as a row (a column beyond 8 numbers, to fit the line)."""
    if len(shape) == 1:
        return sp.ImmutableMatrix(*((1, shape[0]) if shape[0] <= 8 else (shape[0], 1)), list(values))
    return sp.ImmutableMatrix(shape[0], shape[1], list(values))


def _nested(values: list, shape):
    """Flat exact values back in the tensor's nesting (tuples)."""
    if len(shape) == 1:
        return tuple(values)
    return tuple(tuple(values[i * shape[1] : (i + 1) * shape[1]]) for i in range(shape[0]))


# --- the parts: one loss applied to its data ---------------------------------------------------


@dataclass(frozen=True)
class _Part:
    """One loss applied to its data, exactly: `x` the flat input (class losses: the rows), `y`
    the flat targets, `w` per class (class losses) or per element, `p` per element."""

    loss: str
    number: int  # 1 or 2: the first or the second loss of the problem
    x: tuple
    y: tuple
    shape: tuple
    batched: bool
    reduction: str
    w: tuple | None = None
    p: tuple | None = None
    b: tuple | None = None  # pair losses: the second input
    beta: sp.Rational | None = None
    margin: sp.Rational | None = None
    symbol: str = "x"  # the input's name in the steps: x, z (log-probabilities), d (differences)
    target_symbol: str = "y"
    on_sigmoid: bool = False  # the input is σ(x) (BCELoss after BCEWithLogitsLoss)

    @property
    def name(self) -> str:
        return _class_name(self.loss)

    @property
    def weighted(self) -> bool:
        return self.w is not None

    def index(self, k: int) -> str:
        """The written index of flat element k: 1, 2, ... or 11, 12, ... for a 2-D input."""
        if len(self.shape) == 2 and _kind(self.loss) == "element":
            comma = "," if max(self.shape) > 9 else ""
            return f"{k // self.shape[1] + 1}{comma}{k % self.shape[1] + 1}"
        return str(k + 1)


def _first_part(params: Params) -> _Part:
    kind = _kind(params.loss)
    common = {"loss": params.loss, "number": 1, "reduction": params.reduction}
    if kind == "class":
        batched = isinstance(params.input[0], tuple)
        rows = params.input if batched else (params.input,)
        targets = params.targets if batched else (params.targets,)
        shape = (len(rows), len(rows[0]))
        return _Part(x=rows, y=targets, shape=shape, batched=batched, w=params.weight, **common)
    if kind == "element":
        shape = _shape(params.input)
        return _Part(
            x=tuple(_flat(params.input)),
            y=tuple(_flat(params.targets)),
            shape=shape,
            batched=True,
            w=_broadcast(params.weight, shape),
            p=_broadcast(params.pos_weight, shape),
            beta=params.beta,
            **common,
        )
    batched = params.loss == "margin_ranking" or isinstance(params.input1[0], tuple)
    a = params.input1 if batched else (params.input1,)
    b = params.input2 if batched else (params.input2,)
    targets = params.targets if batched else (params.targets,)
    return _Part(x=a, y=targets, shape=_shape(a), batched=batched, b=b, margin=params.margin, **common)


def _broadcast(values, shape) -> tuple | None:
    """Element weights or pos_weight, flat, one per element (PyTorch's broadcasting from the last
    dimension: a number for all, a row for every row)."""
    if values is None:
        return None
    count = math.prod(shape)
    if not isinstance(values, tuple):
        return (values,) * count
    if isinstance(values[0], tuple):
        return tuple(_flat(values))
    return tuple(values[k % len(values)] for k in range(count))


def _second_part(params: Params, first: _Part, derived) -> _Part:
    """The second loss on the same data; `derived` is its input when it is computed from the
    first's (log_softmax(x), σ(x), a - b)."""
    common = {"loss": params.loss2, "number": 2, "reduction": params.reduction, "batched": first.batched}
    if params.loss2 == "nll":
        return _Part(x=derived, y=first.y, shape=first.shape, w=first.w, symbol="z", **common)
    if params.loss2 == "bce":
        return _Part(x=derived, y=first.y, shape=first.shape, w=first.w, on_sigmoid=True, **common)
    if params.loss2 == "bce_with_logits":  # after soft_margin: targets (1 + y)/2
        targets = tuple((1 + v) / 2 for v in first.y)
        return _Part(x=first.x, y=targets, shape=first.shape, target_symbol="y′", **common)
    if params.loss2 == "soft_margin":  # after margin_ranking: d = a - b
        return _Part(x=derived, y=first.y, shape=first.shape, symbol="d", **common)
    return _Part(x=first.x, y=first.y, shape=first.shape, beta=params.beta, **common)


# --- the steps ---------------------------------------------------------------------------------


def _log(arg):
    """ln(arg), exact and unevaluated (sympy's log, as exact values are; `Ln` only prints)."""
    return sp.log(arg, evaluate=False)


def _class_steps(part: _Part) -> list[Step]:
    """One step per sample: ℓₙ = w_t (-x_t + ln Σⱼ e^(xⱼ)) or ℓₙ = -w_t z_t."""
    steps = []
    for n, (row, t) in enumerate(zip(part.x, part.y), 1):
        t = int(t)
        xs = [_sub(part.symbol, str(j)) for j in range(len(row))]
        values = dict(zip(xs, row))
        if part.loss == "cross_entropy":
            core = Ordered(-xs[t], Ln(sp.Add(*[sp.exp(v) for v in xs], evaluate=False)), evaluate=False)
            exact = -row[t] + _log(sp.Add(*[sp.exp(v) for v in row]))
            note = T(
                "{f}: minus the target's logit plus the log of the sum of the exponentials of the sample's logits.",
                "{f}：目标类别的 logit 取负，加上该样本各 logit 的指数和的对数。",
                f=Math(sp.Eq(_ell("n", part.number), _ce_rhs(part.weighted), evaluate=False)),
            )
        else:
            core, exact = sp.Mul(-1, xs[t], evaluate=False), -row[t]
            note = T(
                "{f}: NLLLoss only picks the target's entry and negates it; it takes no logarithm itself.",
                "{f}：NLLLoss 只取出目标类别的那一项并取负，它本身不取对数。",
                f=Math(sp.Eq(_ell("n", part.number), _nll_rhs(part.weighted, part.symbol), evaluate=False)),
            )
            if part.number == 1 and any(v > 0 for v in row):
                note = T(
                    "{note} These inputs are not log-probabilities (one is positive, above ln 1 = 0): NLLLoss does not "
                    "check, so the “loss” may be negative, as in note 004's example.",
                    "{note}这些输入不是对数概率（有正数，大于 ln 1 = 0）：NLLLoss 不做检查，所以“损失”可能为负，"
                    "就像笔记 004 的例子那样。",
                    note=note,
                )
        formula = core
        if part.weighted:
            w = _sub("w", str(t))
            if part.loss == "cross_entropy":
                formula = sp.Mul(w, core, evaluate=False)
            else:
                formula = sp.Mul(-1, w, xs[t], evaluate=False)
            values[w] = part.w[t]
            exact = part.w[t] * exact
        if part.batched:
            where = T("sample {n}, target class {t}", "样本 {n}，目标类别 {t}", n=n, t=t)
        else:
            where = T("target class {t}", "目标类别 {t}", t=t)
        steps.append(
            step(
                T("{cls}, {where}", "{cls}：{where}", cls=part.name, where=where),
                _ell(str(n), part.number),
                formula,
                values,
                exact=exact,
                decimals=True,
                note=note if n == 1 else "",
            )
        )
    return steps


CE_CORE = Ordered(-_sub("x", "t"), Ln(SumOver(sp.S.One, sp.exp(_sub("x", "j")), _j)), evaluate=False)


def _ce_rhs(weighted: bool):
    """wₜ⋅(-xₜ + ln Σⱼ e^(xⱼ)), or without wₜ."""
    return sp.Mul(_sub("w", "t"), CE_CORE, evaluate=False) if weighted else CE_CORE


def _nll_rhs(weighted: bool, symbol: str = "x"):
    """-wₜ⋅xₜ, or -xₜ."""
    if weighted:
        return sp.Mul(-1, _sub("w", "t"), _sub(symbol, "t"), evaluate=False)
    return sp.Mul(-1, _sub(symbol, "t"), evaluate=False)


NLL_SAID = Math(sp.Eq(ELL_N, sp.Mul(-1, _sub("w", "t"), _sub("z", "t"), evaluate=False), evaluate=False))


def _sigmoid_step(part: _Part, title: Text, lhs) -> Step:
    """σ(x) for every element of the input, the logits put in bare: σ(-0.5)."""
    xs = [_sub("x", part.index(k)) for k in range(len(part.x))]
    formula = _matrix([sigmoid(v) for v in xs], part.shape)
    from exercises.core.model import shown_number

    substituted = formula.xreplace({s: shown_number(str(s), v, True, bare=True) for s, v in zip(xs, part.x)})
    exact = _matrix([sigmoid(v) for v in part.x], part.shape)
    note = T("{f}, for each element.", "{f}，对每个元素分别计算。", f=SIGMOID_SAID)
    return Step(title, lhs, formula, substituted, exact, note)


SIGMOID_SAID = Math(
    sp.Eq(sigmoid(sp.Symbol("x")), 1 / (1 + sp.Pow(sp.E, -sp.Symbol("x"), evaluate=False)), evaluate=False)
)


def _element_steps(part: _Part, sigmoids=None) -> list[Step]:
    """One step per element; `sigmoids` are σ(x) of BCEWithLogitsLoss's logits (or BCELoss's input
    after it), put in as σ(xₙ) with its value."""
    steps = []
    for k, (x, y) in enumerate(zip(part.x, part.y)):
        i = part.index(k)
        xs = _sub(part.symbol, i)
        ys = _sub("y", i, prime=True) if part.target_symbol == "y′" else _sub("y", i)
        values, note = {}, ""
        if part.loss in ("bce", "bce_with_logits"):
            logits = part.loss == "bce_with_logits" or part.on_sigmoid
            s = sigmoid(_sub("x", i)) if logits else xs
            s_value = sigmoids[k] if logits else x
            values[s] = s_value
            p = part.p[k] if part.p is not None else None
            pos = sp.Mul(POS, Ln(s), evaluate=False) if p is not None else Ln(s)
            if y == 1:
                body, exact = pos, -(p if p is not None else 1) * _log(s_value)
            elif y == 0:
                body, exact = Ln(1 - s), -_log(1 - s_value)
            else:
                values[ys] = y
                body = Ordered(sp.Mul(ys, pos, evaluate=False), (1 - ys) * Ln(1 - s), evaluate=False)
                exact = -((p if p is not None else 1) * y * _log(s_value) + (1 - y) * _log(1 - s_value))
            if p is not None:
                values[POS] = p
            if k == 0 or y not in (0, 1):
                note = _bce_note(part, y)
            core = sp.Mul(-1, body, evaluate=False)
        elif part.loss in REGRESSION:
            diff = Ordered(xs, -ys, evaluate=False)
            values |= {xs: x, ys: y}
            gap = abs(x - y)
            if part.loss == "l1":
                core, exact = Bars(diff), gap
            elif part.loss == "mse":
                core, exact = diff**2, gap**2
            elif gap < part.beta:
                core = sp.Mul(sp.Rational(1, 2), diff**2, 1 / BETA, evaluate=False)
                exact, values[BETA] = gap**2 / (2 * part.beta), part.beta
                note = T(
                    "{gap} < {beta}: the quadratic branch.",
                    "{gap} < {beta}：取二次函数那一段。",
                    gap=Math(Bars(diff)),
                    beta=Math(sp.Eq(BETA, _shown(part.beta), evaluate=False)),
                )
            else:
                core = Ordered(Bars(diff), -sp.Mul(sp.Rational(1, 2), BETA, evaluate=False), evaluate=False)
                exact, values[BETA] = gap - part.beta / 2, part.beta
                note = T(
                    "{gap} ≥ {beta}: the linear branch.",
                    "{gap} ≥ {beta}：取一次函数那一段。",
                    gap=Math(Bars(diff)),
                    beta=Math(sp.Eq(BETA, _shown(part.beta), evaluate=False)),
                )
        else:  # soft_margin
            values |= {xs: x, ys: y}
            core = Ln(1 + sp.exp(sp.Mul(-1, ys, xs, evaluate=False)))
            exact = _log(1 + sp.exp(-y * x))
        formula = core
        if part.weighted and part.loss in ("bce", "bce_with_logits"):
            w = _sub("w", i)
            formula, exact = sp.Mul(-1, w, body, evaluate=False), part.w[k] * exact
            values[w] = part.w[k]
        where = T("element {i}", "元素 {i}", i=_position(part, k))
        target = T(", target {y}", "，目标 {y}", y=str(y)) if part.loss in ("bce", "bce_with_logits") else ""
        steps.append(
            step(
                T("{cls}, {where}{target}", "{cls}：{where}{target}", cls=part.name, where=where, target=target),
                _ell(i, part.number),
                formula,
                values,
                exact=exact,
                decimals=True,
                note=note,
            )
        )
    return steps


def _position(part: _Part, k: int) -> str:
    if len(part.shape) == 2:
        return f"({k // part.shape[1] + 1}, {k % part.shape[1] + 1})"
    return str(k + 1)


def _bce_note(part: _Part, y) -> Text:
    if y == 1:
        return T(
            "Target 1: only the term {t} is left.",
            "目标为 1：只剩下 {t} 这一项。",
            t=Math(-_positive_term(part)),
        )
    if y == 0:
        return T(
            "Target 0: only the term {t} is left.",
            "目标为 0：只剩下 {t} 这一项。",
            t=Math(-Ln(1 - _s(part))),
        )
    return T("A soft target: both terms count.", "软目标：两项都要计算。")


def _s(part: _Part):
    if part.loss == "bce_with_logits" or part.on_sigmoid:
        return sigmoid(_sub("x", "n"))
    return _sub("x", "n")


def _positive_term(part: _Part):
    term = Ln(_s(part))
    return sp.Mul(POS, term, evaluate=False) if part.p is not None else term


def _pair_steps(part: _Part) -> tuple[list[Step], list[Step]]:
    """Cosine steps (CosineEmbeddingLoss) and the loss of each pair."""
    cosines, losses = [], []
    for n, (a, b, y) in enumerate(zip(part.x, part.b, part.y), 1):
        values, note = {}, ""
        if part.loss == "cosine_embedding":
            d = len(a)
            av = [_sub("a", str(i)) for i in range(1, d + 1)]
            bv = [_sub("b", str(i)) for i in range(1, d + 1)]
            dot = sp.Add(*[sp.Mul(u, v, evaluate=False) for u, v in zip(av, bv)], evaluate=False)
            norms = sp.Mul(
                sp.sqrt(sp.Add(*[u**2 for u in av], evaluate=False)),
                sp.sqrt(sp.Add(*[v**2 for v in bv], evaluate=False)),
                evaluate=False,
            )
            exact_cos = sum(u * v for u, v in zip(a, b)) / sp.sqrt(sum(u * u for u in a) * sum(v * v for v in b))
            where = T("pair {n}", "第 {n} 对", n=n) if part.batched else T("the pair", "这一对向量")
            cosines.append(
                step(
                    T("Cosine similarity, {where}", "余弦相似度：{where}", where=where),
                    Spelled(f"cos{_subscript(str(n))}", rf"\cos_{{{n}}}"),
                    sp.Mul(dot, sp.Pow(norms, -1, evaluate=False), evaluate=False),
                    dict(zip(av, a)) | dict(zip(bv, b)),
                    exact=exact_cos,
                    decimals=True,
                    note=T("{f}.", "{f}。", f=COSINE_SAID) if n == 1 else "",
                )
            )
            c = Spelled(f"cos{_subscript(str(n))}", rf"\cos_{{{n}}}")
            if y == 1:
                formula, exact = 1 - c, 1 - exact_cos
                values[c] = exact_cos
                note = T(
                    "Target 1 (similar): {f}.",
                    "目标为 1（相似）：{f}。",
                    f=Math(1 - COS(sp.Symbol("a"), sp.Symbol("b"))),
                )
            else:
                formula = PositivePart(Ordered(c, -MARGIN, evaluate=False))
                exact = sp.Max(0, exact_cos - part.margin)
                values |= {c: exact_cos, MARGIN: part.margin}
                note = T(
                    "Target -1 (dissimilar): {f}; zero once the cosine is at most the margin.",
                    "目标为 -1（不相似）：{f}；余弦不超过 margin 时为 0。",
                    f=Math(PositivePart(Ordered(COS(sp.Symbol("a"), sp.Symbol("b")), -MARGIN, evaluate=False))),
                )
        else:
            av, bv, yv = _sub("a", str(n)), _sub("b", str(n)), _sub("y", str(n))
            formula = PositivePart(
                Ordered(sp.Mul(-1, yv, Ordered(av, -bv, evaluate=False), evaluate=False), MARGIN, evaluate=False)
            )
            values = {av: a, bv: b, yv: y, MARGIN: part.margin}
            exact = sp.Max(0, -y * (a - b) + part.margin)
            if n == 1:
                note = T(
                    "{f}: no loss once the pair is ranked as {y} says by at least the margin.",
                    "{f}：只要这一对按 {y} 所示的顺序排好且差距不小于 margin，损失就为 0。",
                    f=RANKING_SAID,
                    y=Math(sp.Symbol("y_n")),
                )
        where = T("pair {n}", "第 {n} 对", n=n) if part.batched else T("the pair", "这一对向量")
        losses.append(
            step(
                T("{cls}, {where}, target {y}", "{cls}：{where}，目标 {y}", cls=part.name, where=where, y=str(y)),
                _ell(str(n), part.number),
                formula,
                values,
                exact=exact,
                decimals=True,
                note=note,
            )
        )
    return cosines, losses


COSINE_SAID = Math(
    sp.Eq(
        COS(sp.Symbol("a"), sp.Symbol("b")),
        sp.Mul(
            Spelled("a⋅b", r"a \cdot b"),
            sp.Pow(Spelled("‖a‖", r"\|a\|"), -1, evaluate=False),
            sp.Pow(Spelled("‖b‖", r"\|b\|"), -1, evaluate=False),
            evaluate=False,
        ),
        evaluate=False,
    )
)
RANKING_SAID = Math(
    sp.Eq(
        ELL_N,
        PositivePart(
            Ordered(
                sp.Mul(-1, _sub("y", "n"), Ordered(_sub("a", "n"), -_sub("b", "n"), evaluate=False), evaluate=False),
                MARGIN,
                evaluate=False,
            )
        ),
        evaluate=False,
    )
)


def _reduce_step(part: _Part, exacts: list) -> Step | None:
    """L = Σ ℓ, or Σ ℓ / N, or Σ ℓ / Σ w_{yₙ} (CrossEntropyLoss and NLLLoss with weights)."""
    if part.reduction == "none":
        return None
    count = len(exacts)
    ells = [_ell(_index_of(part, k), part.number) for k in range(count)]
    total = sp.Add(*ells, evaluate=False) if count > 1 else ells[0]
    values = dict(zip(ells, exacts))
    lhs = _total_symbol(part.number)
    if part.reduction == "sum":
        return step(
            T("{cls}: reduction 'sum', the sum of the losses", "{cls}：reduction 为 'sum'，各损失求和", cls=part.name),
            lhs,
            total,
            values,
            exact=sp.Add(*exacts),
            decimals=True,
        )
    if _kind(part.loss) == "class" and part.weighted:
        ws = [_sub("w", str(int(t))) for t in part.y]
        den = sp.Add(*ws, evaluate=False) if count > 1 else ws[0]
        values |= {w: part.w[int(t)] for w, t in zip(ws, part.y)}
        divisor = sum(part.w[int(t)] for t in part.y)
        title = T(
            "{cls}: reduction 'mean', divided by the weights of the targets",
            "{cls}：reduction 为 'mean'，除以各目标类别的权重之和",
            cls=part.name,
        )
        note = T(
            "With class weights PyTorch takes the weighted mean: the sum of the weighted losses over {s}, "
            "not over the number of samples.",
            "有类别权重时 PyTorch 取加权平均：加权损失之和除以 {s}，而不是除以样本数。",
            s=Math(SumOver(sp.S.One, W_TARGET, N_INDEX)),
        )
    else:
        den, divisor = N_, sp.Integer(count)
        values[N_] = divisor
        title = T(
            "{cls}: reduction 'mean', divided by {N}", "{cls}：reduction 为 'mean'，除以 {N}", cls=part.name, N=count
        )
        note = ""
        if len(part.shape) == 2 and _kind(part.loss) == "element":
            note = T(
                "The mean is over every element of the {r} x {c} input (x.nelement()), not over its rows.",
                "平均是对 {r}×{c} 输入的全部元素（x.nelement()）取的，而不是对行数。",
                r=part.shape[0],
                c=part.shape[1],
            )
        elif part.weighted:
            note = T(
                "The weights multiply the losses but do not change the divisor: the mean is over the {N} elements.",
                "权重只乘在各损失上，不改变除数：平均是对 {N} 个元素取的。",
                N=count,
            )
    formula = sp.Mul(total, sp.Pow(den, -1, evaluate=False), evaluate=False)
    return step(title, lhs, formula, values, exact=sp.Add(*exacts) / divisor, decimals=True, note=note)


def _index_of(part: _Part, k: int) -> str:
    return part.index(k) if _kind(part.loss) == "element" else str(k + 1)


def _collect_step(part: _Part, exacts: list) -> Step | None:
    """The per-element losses of a 2-D elementwise input, as the matrix PyTorch returns."""
    if len(part.shape) != 2 or _kind(part.loss) != "element":
        return None
    return Step(
        T(
            "{cls}: the per-element losses (reduction 'none')",
            "{cls}：逐元素损失（reduction 为 'none'）",
            cls=part.name,
        ),
        Named(
            f"ell{part.number}",
            *part.shape,
            "ℓ′" if part.number == 2 else "ℓ",
            r"\ell'" if part.number == 2 else r"\ell",
        ),
        exact=_matrix(exacts, part.shape),
    )


def _part_steps(part: _Part, sigmoids=None) -> dict:
    """The steps of one loss and the answers they give: per_element, reduced (and cosine)."""
    out = {"steps": [], "cosine": None}
    if _kind(part.loss) == "class":
        per = _class_steps(part)
    elif _kind(part.loss) == "element":
        per = _element_steps(part, sigmoids)
    else:
        cosines, per = _pair_steps(part)
        if cosines:
            out["cosine"] = [s.exact for s in cosines]
            out["steps"] += cosines
    exacts = [s.exact for s in per]
    out["steps"] += per
    collect = _collect_step(part, exacts)
    if collect:
        out["steps"].append(collect)
    reduce = _reduce_step(part, exacts)
    if reduce:
        out["steps"].append(reduce)
    out["per_element"] = _nested(exacts, part.shape) if _kind(part.loss) == "element" else tuple(exacts)
    if not part.batched:
        out["per_element"] = exacts[0]
        if out["cosine"]:
            out["cosine"] = out["cosine"][0]
    elif out["cosine"]:
        out["cosine"] = tuple(out["cosine"])
    out["reduced"] = reduce.exact if reduce else None
    return out


# --- the derived inputs of a second loss ---------------------------------------------------------


def _log_softmax_steps(first: _Part) -> tuple[list[Step], tuple]:
    """z = x - ln Σⱼ e^(xⱼ) for each sample: NLLLoss's input after CrossEntropyLoss."""
    steps, rows = [], []
    c = first.shape[1]
    for n, row in enumerate(first.x, 1):
        xs = [_sub("x", str(j)) for j in range(c)]
        up = f"⁽{n}⁾".translate(SUPERSCRIPTS) if first.batched else ""
        xrow = Named(f"x^({n})", 1, c, f"x{up}", f"x^{{({n})}}" if first.batched else "x")
        z = Named(f"z^({n})", 1, c, f"z{up}", f"z^{{({n})}}" if first.batched else "z")
        lse = Ln(sp.Add(*[sp.exp(v) for v in xs], evaluate=False))
        ones = Named("ones", 1, c, "𝟙", r"\mathbf{1}")
        formula = MatAdd(xrow, MatMul(-1, lse, ones))
        log_sum = _log(sp.Add(*[sp.exp(v) for v in row]))
        exact = sp.ImmutableMatrix(1, c, [v - log_sum for v in row])
        rows.append(tuple(exact))
        where = T("sample {n}", "样本 {n}", n=n) if first.batched else T("the sample", "该样本")
        steps.append(
            step(
                T("LogSoftmax, {where}: the log-probabilities", "LogSoftmax，{where}：对数概率", where=where),
                z,
                formula,
                {xrow: sp.ImmutableMatrix(1, c, list(row))} | dict(zip(xs, row)),
                exact=exact,
                decimals=True,
                note=T(
                    "{f}, each logit minus the same log-sum-exp ({one} is a row of ones); e to these powers are "
                    "the softmax probabilities.",
                    "{f}：每个 logit 减去同一个 log-sum-exp（{one} 为全 1 行向量）；以 e 为底取指数即为 softmax 概率。",
                    f=Math(sp.Eq(_sub("z", "j"), Ordered(_sub("x", "j"), -LSE_SAID, evaluate=False), evaluate=False)),
                    one=Math(ones),
                )
                if n == 1
                else "",
            )
        )
    return steps, tuple(rows)


LSE_SAID = Ln(SumOver(sp.S.One, sp.exp(_sub("x", "k")), sp.Symbol("k")))


def _difference_step(first: _Part) -> tuple[Step, tuple]:
    """d = a - b: SoftMarginLoss's input after MarginRankingLoss."""
    exact = _matrix([u - v for u, v in zip(first.x, first.b)], first.shape)
    a, b, d = (Named(s, exact.rows, exact.cols, s, s) for s in ("a", "b", "d"))
    s = step(
        T("Differences of the scores", "得分之差"),
        d,
        MatAdd(a, MatMul(-1, b)),
        {a: _matrix(first.x, first.shape), b: _matrix(first.b, first.shape)},
        exact=exact,
        decimals=True,
        note=T(
            "SoftMarginLoss on {d} with the same labels is {f}: a smooth version of the ranking hinge.",
            "对 {d} 用同样的标签计算 SoftMarginLoss，得 {f}：它是排序合页损失的光滑版本。",
            d=Math(d),
            f=Math(Ln(Ordered(1, EXP(sp.Mul(-1, _sub("y", "n"), _sub("d", "n"), evaluate=False)), evaluate=False))),
        ),
    )
    return s, tuple(exact)


def _half_one_plus(y):
    """(1 + y)/2, written so."""
    return sp.Mul(Ordered(1, y, evaluate=False), sp.Pow(2, -1, evaluate=False), evaluate=False)


def _targets_step(first: _Part, second: _Part) -> Step:
    """y′ = (1 + y)/2: BCEWithLogitsLoss's 0/1 targets after SoftMarginLoss's ±1 labels."""
    ys = [_sub("y", first.index(k)) for k in range(len(first.y))]
    formula = _matrix(
        [sp.Mul(sp.Rational(1, 2), Ordered(1, v, evaluate=False), evaluate=False) for v in ys], first.shape
    )
    return step(
        T("Targets for BCEWithLogitsLoss: -1 becomes 0", "BCEWithLogitsLoss 的目标：-1 变为 0"),
        Named("y'", formula.rows, formula.cols, "y′", "y'"),
        formula,
        dict(zip(ys, first.y)),
        exact=_matrix(list(second.y), first.shape),
        note=T(
            "{f}: with these targets BCEWithLogitsLoss equals SoftMarginLoss, since {id}.",
            "{f}：用这些目标时 BCEWithLogitsLoss 与 SoftMarginLoss 相等，因为 {id}。",
            f=Math(sp.Eq(Spelled("y′ₙ", "y'_{n}"), _half_one_plus(_sub("y", "n")), evaluate=False)),
            id=Math(sp.Eq(-Ln(sigmoid(sp.Symbol("x"))), Ln(1 + sp.exp(-sp.Symbol("x"))), evaluate=False)),
        ),
    )


# --- the question ------------------------------------------------------------------------------


def _call(part: _Part, params: Params) -> str:
    """nn.CrossEntropyLoss(weight=w, reduction='mean'), as the question writes it."""
    args = []
    if part.weighted:
        args.append("weight=w")
    if part.p is not None:
        args.append("pos_weight=p")
    if part.beta is not None and part.loss == "smooth_l1":
        args.append(f"beta={_text(part.beta)}")
    if part.margin is not None:
        args.append(f"margin={_text(part.margin)}")
    args.append(f"reduction='{part.reduction}'")
    return f"nn.{part.name}({', '.join(args)})"


def _shown(value):
    """A parameter as the question gives it: 0.2, not 1/5."""
    return shown("v", value, True)


def _text(value) -> str:
    from exercises.core.number_text import decimal_text

    return decimal_text(value) if not value.is_Integer else str(int(value))


def _defined(part: _Part) -> Text:
    """The loss of one element, in a sentence."""
    ell = _ell("n", part.number)
    if part.loss == "cross_entropy":
        f = Math(sp.Eq(ell, _ce_rhs(part.weighted), evaluate=False))
        return T(
            "for sample n, with its row of logits {x} and target class {t}, {f} (classes numbered from 0, as PyTorch "
            "numbers them{w})",
            "对样本 n（其 logits 行为 {x}，目标类别为 {t}），{f}（类别与 PyTorch 一样从 0 开始编号{w}）",
            x=Math(sp.Symbol("x")),
            t=Math(sp.Eq(sp.Symbol("t"), _sub("y", "n"), evaluate=False)),
            f=f,
            w=T(", w the class weights", "，w 为类别权重") if part.weighted else "",
        )
    if part.loss == "nll":
        z = part.symbol
        f = Math(sp.Eq(ell, _nll_rhs(part.weighted, z), evaluate=False))
        return T(
            "for sample n with target class {t}, {f}: it expects log-probabilities{w}",
            "对目标类别为 {t} 的样本 n，{f}：它的输入应为对数概率{w}",
            t=Math(sp.Eq(sp.Symbol("t"), _sub("y", "n"), evaluate=False)),
            f=f,
            w=T(" (w the class weights)", "（w 为类别权重）") if part.weighted else "",
        )
    if part.loss in ("bce", "bce_with_logits"):
        s = _s(part)
        y = Spelled("y′ₙ", "y'_{n}") if part.target_symbol == "y′" else _sub("y", "n")
        pos = sp.Mul(POS, y, Ln(s), evaluate=False) if part.p is not None else sp.Mul(y, Ln(s), evaluate=False)
        body = Ordered(pos, sp.Mul(Ordered(1, -y, evaluate=False), Ln(1 - s), evaluate=False), evaluate=False)
        rhs = sp.Mul(-1, _sub("w", "n"), body, evaluate=False) if part.weighted else sp.Mul(-1, body, evaluate=False)
        f = Math(sp.Eq(ell, rhs, evaluate=False))
        extra = T(" (pos_weight {p} weighs the positive term only)", "（pos_weight {p} 只乘在正样本项上）", p=Math(POS))
        return T(
            "{f}{extra}{w}",
            "{f}{extra}{w}",
            f=f,
            extra=extra if part.p is not None else "",
            w=T(", w the element weights", "，w 为各元素的权重") if part.weighted else "",
        )
    if part.loss == "l1":
        return T("{f}", "{f}", f=Math(sp.Eq(ell, Bars(_sub("x", "n") - _sub("y", "n")), evaluate=False)))
    if part.loss == "mse":
        return T(
            "{f}, with no ½",
            "{f}，没有 ½",
            f=Math(sp.Eq(ell, (_sub("x", "n") - _sub("y", "n")) ** 2, evaluate=False)),
        )
    if part.loss == "smooth_l1":
        d = _sub("d", "n")
        return T(
            "{q} if {c}, else {l}, with {d} and {b}",
            "当 {c} 时 {q}，否则 {l}，其中 {d}，{b}",
            q=Math(sp.Eq(ell, sp.Mul(sp.Rational(1, 2), d**2, 1 / BETA, evaluate=False), evaluate=False)),
            c=Math(sp.Lt(Bars(d), BETA, evaluate=False)),
            l=Math(
                sp.Eq(
                    ell,
                    Ordered(Bars(d), -sp.Mul(sp.Rational(1, 2), BETA, evaluate=False), evaluate=False),
                    evaluate=False,
                )
            ),
            d=Math(sp.Eq(d, Ordered(_sub("x", "n"), -_sub("y", "n"), evaluate=False), evaluate=False)),
            b=Math(sp.Eq(BETA, _shown(part.beta), evaluate=False)),
        )
    if part.loss == "soft_margin":
        x = _sub(part.symbol, "n")
        return T(
            "{f} for labels {y}",
            "{f}，标签 {y}",
            f=Math(sp.Eq(ell, Ln(Ordered(1, EXP(sp.Mul(-1, _sub("y", "n"), x, evaluate=False)), evaluate=False)))),
            y=Math(sp.Eq(_sub("y", "n"), Spelled("±1", r"\pm 1"), evaluate=False)),
        )
    if part.loss == "cosine_embedding":
        c = COS(_sub("a", "n"), _sub("b", "n"))
        return T(
            "for the pair of rows {a} and {b}, {one} if {y1} and {neg} if {y2}, where {cos} and {m}",
            "对第 n 对行向量 {a} 与 {b}，当 {y1} 时 {one}，当 {y2} 时 {neg}，其中 {cos}，{m}",
            a=Math(_sub("a", "n")),
            b=Math(_sub("b", "n")),
            one=Math(sp.Eq(ell, 1 - c, evaluate=False)),
            y1=Math(sp.Eq(_sub("y", "n"), 1)),
            neg=Math(sp.Eq(ell, PositivePart(Ordered(c, -MARGIN, evaluate=False)), evaluate=False)),
            y2=Math(sp.Eq(_sub("y", "n"), -1)),
            cos=COSINE_SAID,
            m=Math(sp.Eq(MARGIN, _shown(part.margin), evaluate=False)),
        )
    return T(
        "{f} with {m} (label 1: a should rank above b; -1: below)",
        "{f}，其中 {m}（标签 1 表示 a 应排在 b 之前，-1 表示之后）",
        f=Math(sp.Eq(ell, RANKING_SAID.expr.rhs, evaluate=False)),
        m=Math(sp.Eq(MARGIN, _shown(part.margin), evaluate=False)),
    )


def _reduction_said(part: _Part) -> Text:
    if part.reduction == "none":
        extra = T(" (weighted)", "（已乘上权重）") if part.weighted else ""
        return T(
            "with reduction 'none' it returns the losses {l} themselves{extra}",
            "reduction 为 'none' 时它返回各个损失 {l} 本身{extra}",
            l=Math(ELL_N),
            extra=extra,
        )
    if part.reduction == "sum":
        return T("reduction 'sum' adds them up", "reduction 为 'sum' 时把它们相加")
    if _kind(part.loss) == "class" and part.weighted:
        return T(
            "reduction 'mean' divides their sum by {s}, the weights of the targets, not by N",
            "reduction 为 'mean' 时把它们的和除以各目标类别的权重之和 {s}，而不是除以 N",
            s=Math(SumOver(sp.S.One, W_TARGET, N_INDEX)),
        )
    if part.weighted:
        return T(
            "reduction 'mean' divides their sum by the number of elements, whatever the weights",
            "reduction 为 'mean' 时把它们的和除以元素个数，与权重无关",
        )
    if len(part.shape) == 2 and _kind(part.loss) == "element":
        return T(
            "reduction 'mean' divides their sum by the number of elements, all {k} of them",
            "reduction 为 'mean' 时把它们的和除以全部 {k} 个元素的个数",
            k=part.shape[0] * part.shape[1],
        )
    return T(
        "reduction 'mean' divides their sum by their number {N}",
        "reduction 为 'mean' 时把它们的和除以个数 {N}",
        N=Math(N_),
    )


def _given(params: Params, first: _Part) -> list[Math]:
    """The tensors, side by side on one line, or one a line when they hold more than 8 numbers."""

    def eq(name, value, shape=None):
        if isinstance(value, tuple):
            m = _matrix(_flat(value), shape or _shape(value))
            return sp.Eq(Named(name, m.rows, m.cols, name, name), shown(name, m, True), evaluate=False)
        return sp.Eq(sp.Symbol(name), shown(name, value, True), evaluate=False)

    items = []
    if _kind(params.loss) == "pair":
        items += [eq("a", params.input1), eq("b", params.input2)]
    else:
        items.append(eq("x", params.input))
    if isinstance(params.targets, tuple):
        items.append(eq("y", params.targets))
    else:
        items.append(sp.Eq(sp.Symbol("y"), shown("y", params.targets), evaluate=False))
    if params.weight is not None:
        items.append(eq("w", params.weight))
    if params.pos_weight is not None:
        items.append(eq("p", params.pos_weight))
    given = [params.input, params.input1, params.input2, params.targets, params.weight, params.pos_weight]
    if sum(len(_flat(v)) for v in given if v is not None) > 8:
        return [Math(item, display=True) for item in items]
    return [Math(sp.Tuple(*items), display=True)]


def _question(params: Params, first: _Part, second: _Part | None) -> Question:
    if _kind(params.loss) == "pair":
        inputs = T(
            "the inputs {a} (input1) and {b} (input2) and the targets {y}",
            "输入 {a}（input1）与 {b}（input2），目标 {y}",
            a=Math(sp.Symbol("a")),
            b=Math(sp.Symbol("b")),
            y=Math(sp.Symbol("y")),
        )
    else:
        inputs = T(
            "the input {x} and the targets {y}", "输入 {x} 与目标 {y}", x=Math(sp.Symbol("x")), y=Math(sp.Symbol("y"))
        )
    if params.loss in LOG_LOSSES or params.loss2 in (*LOG_LOSSES, "nll"):
        data = T("Logarithms are natural (ln); the tensors are", "对数均为自然对数 ln；各张量为")
    else:
        data = T("The tensors are", "各张量为")
    intro = T(
        "In PyTorch, {call}, {said}, takes {inputs}: {f}; {r}. {data}",
        "在 PyTorch 中，{call}（{said}）的参数为{inputs}：{f}；{r}。{data}",
        call=_call(first, params),
        said=SAID[params.loss],
        inputs=inputs,
        f=_defined(first),
        r=_reduction_said(first),
        data=data,
    )
    parts = [intro, *_given(params, first)]
    what = _asked(first)
    if second is None:
        parts.append(
            T(
                "Compute {what}. Keep 4 significant digits in intermediate results.",
                "求{what}。中间结果保留 4 位有效数字。",
                what=what,
            )
        )
        return Question.of(*parts)
    parts.append(
        T(
            "The same data then go through {call}, {said}, {how}: {f}. Compute {what}; then {input2}{what2}, and "
            "compare. "
            "Keep 4 significant digits in intermediate results.",
            "再把同一组数据送入 {call}（{said}），{how}：{f}。求{what}；再求{input2}{what2}，并加以比较。"
            "中间结果保留 4 位有效数字。",
            call=_call(second, params),
            said=SAID[params.loss2],
            how=_how(params),
            f=_defined(second),
            what=what,
            input2=_input2_asked(params),
            what2=_asked(second),
        )
    )
    return Question.of(*parts)


def _how(params: Params) -> Text:
    return {
        "nll": T(
            "applied to {z}, the log-probabilities (CrossEntropyLoss is LogSoftmax followed by NLLLoss)",
            "作用于对数概率 {z}（CrossEntropyLoss 就是 LogSoftmax 接 NLLLoss）",
            z=Math(sp.Eq(sp.Symbol("z"), LogSoftmax(sp.Symbol("x")), evaluate=False)),
        ),
        "bce": T(
            "applied to the probabilities {s}, with the same targets{w}",
            "作用于概率 {s}，目标相同{w}",
            s=Math(sigmoid(sp.Symbol("x"))),
            w=_shared_weights(params),
        ),
        "bce_with_logits": T(
            "with the labels turned into 0/1 targets {y}",
            "把标签变为 0/1 目标 {y}",
            y=Math(sp.Eq(Spelled("y′", "y'"), _half_one_plus(sp.Symbol("y")), evaluate=False)),
        ),
        "soft_margin": T(
            "applied to the differences {d} with the same labels",
            "作用于得分之差 {d}，标签相同",
            d=Math(sp.Eq(sp.Symbol("d"), sp.Symbol("a") - sp.Symbol("b"), evaluate=False)),
        ),
    }.get(
        params.loss2,
        T("on the same {x} and {y}", "输入仍为 {x} 与 {y}", x=Math(sp.Symbol("x")), y=Math(sp.Symbol("y"))),
    )


def _shared_weights(params: Params) -> Text | str:
    if params.pos_weight is not None:
        return T(" (BCELoss has no pos_weight)", "（BCELoss 没有 pos_weight）")
    return ""


def _asked(part: _Part) -> Text:
    each = Math(_ell("n", part.number))
    total = Math(_total_symbol(part.number))
    what = T(
        "the losses {l} (as reduction 'none' returns them)", "各损失 {l}（即 reduction 为 'none' 时的返回值）", l=each
    )
    if part.loss == "cosine_embedding":
        what = T("the cosine of each pair and {what}", "每一对的余弦相似度与{what}", what=what)
    if part.reduction == "none":
        return what
    return T(
        "{what} and the reduced loss {L} (reduction '{r}')",
        "{what}，以及归约后的损失 {L}（reduction 为 '{r}'）",
        what=what,
        L=total,
        r=part.reduction,
    )


def _input2_asked(params: Params) -> Text:
    if params.loss2 == "nll":
        return T("the log-probabilities {z}, ", "对数概率 {z}、", z=Math(sp.Symbol("z")))
    if params.loss2 == "bce":
        return T("the probabilities {s}, ", "概率 {s}、", s=Math(sigmoid(sp.Symbol("x"))))
    if params.loss2 == "soft_margin":
        return T("the differences {d}, ", "得分之差 {d}、", d=Math(sp.Symbol("d")))
    return ""


# --- the solution ------------------------------------------------------------------------------


def solve(params: Params) -> Solution:
    first = _first_part(params)
    steps, answers = [], []
    sigmoids = None
    if params.loss == "bce_with_logits":
        sigmoids, more = _sigmoids(first)
        steps.append(more)
    one = _part_steps(first, sigmoids)
    steps += one["steps"]
    if one["cosine"] is not None:
        answers.append(
            Answer("cosine", T("cosine similarity of each pair", "每一对的余弦相似度"), one["cosine"], VALUE)
        )
    answers.append(Answer("per_element", _per_label(first), one["per_element"], VALUE))
    if one["reduced"] is not None:
        answers.append(Answer("reduced", _reduced_label(first), one["reduced"], VALUE))
    second = None
    if params.loss2:
        derived = None
        if params.loss2 == "nll":
            more, rows = _log_softmax_steps(first)
            steps += more
            second = _second_part(params, first, rows)
            derived = rows if first.batched else rows[0]
        elif params.loss2 == "bce":
            second = _second_part(params, first, tuple(sigmoids))
            derived = _nested(sigmoids, first.shape)
        elif params.loss2 == "soft_margin":
            more, differences = _difference_step(first)
            steps.append(more)
            second = _second_part(params, first, differences)
            derived = differences
        else:
            second = _second_part(params, first, None)
        if params.loss2 == "bce_with_logits":
            steps.append(_targets_step(first, second))
            sigmoids, more = _sigmoids(first)
            steps.append(more)
        two = _part_steps(second, sigmoids)
        steps += two["steps"]
        if derived is not None:
            answers.append(Answer("input_2", INPUT_2_LABELS[params.loss2], derived, VALUE))
        answers.append(Answer("per_element_2", _per_label(second), two["per_element"], VALUE))
        if two["reduced"] is not None:
            answers.append(Answer("reduced_2", _reduced_label(second), two["reduced"], VALUE))
    return Solution(_question(params, first, second), tuple(steps), tuple(answers))


INPUT_2_LABELS = {
    "nll": T(
        "NLLLoss's input: the log-probabilities z = log_softmax(x)", "NLLLoss 的输入：对数概率 z = log_softmax(x)"
    ),
    "bce": T("BCELoss's input: the probabilities σ(x)", "BCELoss 的输入：概率 σ(x)"),
    "soft_margin": T("SoftMarginLoss's input: the differences d = a - b", "SoftMarginLoss 的输入：得分之差 d = a - b"),
}


def _sigmoids(part: _Part) -> tuple[list, Step]:
    """σ of every logit, and the step that computes them."""
    found = _sigmoid_step(part, T("The sigmoid of each logit", "每个 logit 的 Sigmoid 值"), SIGMOID_LHS)
    return list(found.exact), found


SIGMOID_LHS = Named("sigma(x)", 1, 1, "σ(x)", r"\sigma(x)")


def _per_label(part: _Part) -> Text:
    return T(
        "{cls}: the losses {l} (reduction 'none')",
        "{cls}：各损失 {l}（reduction 为 'none'）",
        cls=part.name,
        l=Math(_ell("n", part.number)),
    )


def _reduced_label(part: _Part) -> Text:
    return T(
        "{cls}: the loss {L} with reduction '{r}'",
        "{cls}：reduction 为 '{r}' 时的损失 {L}",
        cls=part.name,
        L=Math(_total_symbol(part.number)),
        r=part.reduction,
    )


# --- floats: the right answers and the mistakes --------------------------------------------------


def _softplus(v: float) -> float:
    """ln(1 + e^v), finite for any v."""
    return max(v, 0.0) + math.log1p(math.exp(-abs(v)))


def _lse(row) -> float:
    top = max(row)
    return top + math.log(sum(math.exp(v - top) for v in row))


def _floats(values) -> list:
    return [float(v) for v in values]


def _flat_floats(value) -> list:
    if isinstance(value, list):
        return [v for item in value for v in _flat_floats(item)]
    return [value]


def _float_data(params: Params) -> dict:
    """The first loss's data as floats: x (rows for class losses, a flat list otherwise), y, w, p, b."""
    part = _first_part(params)
    kind = _kind(params.loss)
    data = {"loss": params.loss, "shape": part.shape, "batched": part.batched, "y": _floats(part.y)}
    if kind == "class":
        data["x"] = [_floats(row) for row in part.x]
        data["w"] = _floats(part.w) if part.w else None
    elif kind == "element":
        data["x"] = _floats(part.x)
        data["w"] = _floats(part.w) if part.w else None
        data["p"] = _floats(part.p) if part.p else None
        data["beta"] = float(part.beta) if part.beta is not None else None
    elif params.loss == "cosine_embedding":
        data |= {"x": [_floats(v) for v in part.x], "b": [_floats(v) for v in part.b], "margin": float(part.margin)}
    else:
        data |= {"x": _floats(part.x), "b": _floats(part.b), "margin": float(part.margin)}
    return data


def _float_loss(data: dict, reduction: str, slip: str | None) -> dict | None:
    """per_element (flat, as reduction 'none' returns it), reduced and cosine of one loss, with one
    slip made on purpose; None when the slip cannot be made (a logit outside (0, 1) taken as a
    probability)."""
    loss, kind = data["loss"], _kind(data["loss"])
    out = {}
    if kind == "class":
        cores, weights = [], []
        for row, t in zip(data["x"], data["y"]):
            t = int(t)
            if loss == "cross_entropy":
                core = -row[t] + (0.0 if slip == "nll_on_logits" else _lse(row))
                core = core / LN2 if slip == "log2" else core
            else:
                core = row[t] if slip == "nll_sign" else -row[t]
            cores.append(core)
            weights.append(data["w"][t] if data["w"] else 1.0)
        count = len(cores)
        divisor = sum(weights) if data["w"] and slip != "weighted_mean_over_n" else count
    elif kind == "element":
        cores, weights = [], data["w"] or [1.0] * len(data["x"])
        for k, (x, y) in enumerate(zip(data["x"], data["y"])):
            p = data["p"][k] if data.get("p") else 1.0
            if loss in ("bce", "bce_with_logits"):
                if loss == "bce" or slip == "bce_on_logits":
                    if not 0 < x < 1:
                        return None
                    ln_s, ln_1s = math.log(x), math.log(1 - x)
                else:
                    ln_s, ln_1s = -_softplus(-x), -_softplus(x)
                if slip == "pos_weight_everywhere" and data.get("p"):
                    core = -p * (y * ln_s + (1 - y) * ln_1s)
                else:
                    core = -(p * y * ln_s + (1 - y) * ln_1s)
                core = core / LN2 if slip == "log2" else core
            elif loss == "soft_margin":
                core = _softplus(-y * x) / (LN2 if slip == "log2" else 1)
            else:
                d = x - y
                if loss == "l1":
                    core = d if slip == "absolute_value_dropped" else abs(d)
                elif loss == "mse":
                    core = d * d / (2 if slip == "mse_with_half" else 1)
                else:
                    beta = 1.0 if slip == "beta_ignored" else data["beta"]
                    core = 0.5 * d * d / beta if abs(d) < beta else abs(d) - 0.5 * beta
            cores.append(core)
        count = len(cores)
        divisor = count
        if slip == "bce_weight_normalised" and data["w"] and loss in ("bce", "bce_with_logits"):
            divisor = sum(weights)
        if slip == "mean_over_rows" and len(data["shape"]) == 2:
            divisor = data["shape"][0]
    else:
        cores, cosines = [], []
        for a, b, y in zip(data["x"], data["b"], data["y"]):
            if loss == "cosine_embedding":
                dot = sum(u * v for u, v in zip(a, b))
                c = dot if slip == "dot_not_cosine" else dot / math.sqrt(sum(u * u for u in a) * sum(v * v for v in b))
                cosines.append(c)
                hinge = c - data["margin"]
                core = 1 - c if y == 1 else (hinge if slip == "no_clamp" else max(0.0, hinge))
            else:
                hinge = (1 if slip == "ranking_sign" else -1) * y * (a - b) + data["margin"]
                core = hinge if slip == "no_clamp" else max(0.0, hinge)
            cores.append(core)
        weights, count = [1.0] * len(cores), len(cores)
        divisor = count
        if loss == "cosine_embedding":
            out["cosine"] = cosines
    per = [w * c for w, c in zip(weights, cores)]
    out["per_element"] = cores if slip == "unweighted_per_element" else per
    mean = reduction == "mean"
    if slip == "reduction_mismatch":
        mean = not mean
    if reduction != "none":
        out["reduced"] = sum(per) / divisor if mean else sum(per)
    return out


def _shaped(values: list, shape, batched: bool, kind: str):
    if not batched:
        return values[0]
    if kind == "element" and len(shape) == 2:
        return [values[i * shape[1] : (i + 1) * shape[1]] for i in range(shape[0])]
    return values


def _float_answers(params: Params, slip: str | None = None) -> dict | None:
    """The answers in floats (the right ones, or with one slip), by answer name."""
    data = _float_data(params)
    one = _float_loss(data, params.reduction, slip)
    if one is None:
        return None
    kind = _kind(params.loss)
    out = {}
    if "cosine" in one:
        out["cosine"] = _shaped(one["cosine"], data["shape"], data["batched"], kind)
    out["per_element"] = _shaped(one["per_element"], data["shape"], data["batched"], kind)
    if "reduced" in one:
        out["reduced"] = one["reduced"]
    if not params.loss2:
        return out
    second = dict(data, loss=params.loss2)
    derived = None
    if params.loss2 == "nll":
        rows = []
        for row in data["x"]:
            if slip == "nll_on_logits":
                rows.append(list(row))
            elif slip == "nll_on_probabilities":
                total = sum(math.exp(v - max(row)) for v in row)
                rows.append([math.exp(v - max(row)) / total for v in row])
            else:
                rows.append([(v - _lse(row)) / (LN2 if slip == "log2" else 1) for v in row])
        second["x"] = derived = rows
    elif params.loss2 == "bce":
        if slip == "bce_on_logits":
            derived = list(data["x"])
        else:
            derived = [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in data["x"]]
        second |= {"x": derived, "p": None}
    elif params.loss2 == "bce_with_logits":
        second |= {"y": [(1 + v) / 2 for v in data["y"]], "w": None, "p": None}
    elif params.loss2 == "soft_margin":
        derived = [a - b for a, b in zip(data["x"], data["b"])]
        second = {
            "loss": "soft_margin",
            "x": derived,
            "y": data["y"],
            "w": None,
            "shape": data["shape"],
            "batched": True,
        }
    two = _float_loss(second, params.reduction, slip)
    if two is None:
        return None
    if derived is not None:
        if params.loss2 == "nll":
            out["input_2"] = derived if data["batched"] else derived[0]
        else:
            out["input_2"] = _shaped(derived, data["shape"], True, "element")
    out["per_element_2"] = _shaped(two["per_element"], data["shape"], data["batched"], _kind(params.loss2))
    if "reduced" in two:
        out["reduced_2"] = two["reduced"]
    return out


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "log2": T("log₂ instead of ln", "用了 log₂ 而不是 ln"),
    "weighted_mean_over_n": T(
        "weighted mean divided by N, not by the weights of the targets",
        "加权平均除以了 N，而不是各目标类别的权重之和",
    ),
    "bce_weight_normalised": T("BCE mean divided by the sum of the weights", "BCE 的平均除以了权重之和"),
    "unweighted_per_element": T("per-element losses without their weights", "逐元素损失漏乘了权重"),
    "mse_with_half": T("MSE with a ½", "均方误差多乘了 ½"),
    "bce_on_logits": T("sigmoid left out: logits taken as probabilities", "漏了 Sigmoid：把 logits 当成了概率"),
    "nll_on_probabilities": T(
        "NLLLoss fed probabilities, not log-probabilities", "NLLLoss 的输入用了概率而不是对数概率"
    ),
    "nll_on_logits": T("NLLLoss fed raw logits", "NLLLoss 的输入用了原始 logits"),
    "nll_sign": T("minus sign of NLLLoss left out", "NLLLoss 漏了负号"),
    "pos_weight_everywhere": T("pos_weight applied to negative targets too", "pos_weight 也乘到了负样本上"),
    "absolute_value_dropped": T("L1 without the absolute value", "L1 损失漏了绝对值"),
    "beta_ignored": T("SmoothL1Loss computed as if β = 1", "平滑 L1 损失按 β = 1 计算"),
    "mean_over_rows": T("mean over the rows, not over every element", "只除以行数，而不是全部元素个数"),
    "dot_not_cosine": T("dot product instead of the cosine", "用了点积而不是余弦相似度"),
    "no_clamp": T("max(0, ·) left out", "漏了 max(0, ·)"),
    "ranking_sign": T("sign of the label flipped in MarginRankingLoss", "MarginRankingLoss 中标签的符号弄反了"),
    "reduction_mismatch": T("mean and sum mixed up", "把取平均与求和弄混了"),
}


def _messages(params: Params) -> dict:
    ce = Math(sp.Eq(ELL_N, CE_CORE, evaluate=False))
    mean = "sum" if params.reduction == "mean" else "mean"
    return {
        "log2": T(
            "PyTorch's losses use the natural logarithm ln, not log₂",
            "PyTorch 的损失函数使用自然对数 ln，而不是 log₂",
        ),
        "weighted_mean_over_n": T(
            "with class weights, reduction 'mean' divides the sum of the weighted losses by {s}, the weights of "
            "the targets, not by N",
            "有类别权重时，reduction 为 'mean' 是把加权损失之和除以各目标类别的权重之和 {s}，而不是除以 N",
            s=Math(SumOver(sp.S.One, W_TARGET, N_INDEX)),
        ),
        "bce_weight_normalised": T(
            "BCELoss's weights multiply the losses but the mean still divides by the number of elements, not by the "
            "sum of the weights",
            "BCELoss 的权重只乘在各损失上，平均时仍除以元素个数，而不是除以权重之和",
        ),
        "unweighted_per_element": T(
            "with reduction 'none' PyTorch returns the weighted losses: each loss is multiplied by its weight",
            "reduction 为 'none' 时 PyTorch 返回的是加权后的损失：每个损失都要乘上它的权重",
        ),
        "mse_with_half": T(
            "MSELoss has no ½: {f}",
            "MSELoss 没有 ½：{f}",
            f=Math(sp.Eq(ELL_N, (_sub("x", "n") - _sub("y", "n")) ** 2, evaluate=False)),
        ),
        "bce_on_logits": T(
            "these inputs are logits: the sigmoid {s} turns them into probabilities first, even when they lie "
            "between 0 and 1",
            "这些输入是 logits：要先用 Sigmoid {s} 把它们变成概率，即使它们恰好在 0 和 1 之间",
            s=SIGMOID_SAID,
        ),
        "nll_on_probabilities": T(
            "NLLLoss expects log-probabilities: it takes {f}, so the softmax probabilities must be logged first "
            "(-ln p, not -p)",
            "NLLLoss 的输入应为对数概率：它计算 {f}，所以 softmax 概率要先取对数（是 -ln p，不是 -p）",
            f=NLL_SAID,
        ),
        "nll_on_logits": T(
            "CrossEntropyLoss is LogSoftmax followed by NLLLoss, {f}; NLLLoss on the raw logits drops the "
            "log-sum-exp and can give a negative “loss”, as note 004's example does (-2.3333)",
            "CrossEntropyLoss 就是 LogSoftmax 接 NLLLoss，{f}；把原始 logits 直接送入 NLLLoss 会丢掉 log-sum-exp 项，"
            "“损失”可能为负，就像笔记 004 的例子（-2.3333）",
            f=ce,
        ),
        "nll_sign": T(
            "the negative log-likelihood has a minus sign, {f}: log-probabilities are at most 0, so the loss is at "
            "least 0",
            "负对数似然带负号，{f}：对数概率不大于 0，所以损失不小于 0",
            f=NLL_SAID,
        ),
        "pos_weight_everywhere": T(
            "pos_weight multiplies only the positive term {t}; the term of a 0 target is not weighted",
            "pos_weight 只乘在正样本项 {t} 上；目标为 0 的项不乘",
            t=Math(sp.Mul(POS, _sub("y", "n"), Ln(sigmoid(_sub("x", "n"))), evaluate=False)),
        ),
        "absolute_value_dropped": T(
            "L1Loss takes the absolute value {f}, never negative",
            "L1Loss 要取绝对值 {f}，不会为负",
            f=Math(Bars(_sub("x", "n") - _sub("y", "n"))),
        ),
        "beta_ignored": T(
            "SmoothL1Loss switches branch at β = {b} and divides the square by β: {f}",
            "平滑 L1 损失在 β = {b} 处换段，平方项还要除以 β：{f}",
            b=_text(params.beta) if params.beta is not None else "1",
            f=Math(sp.Mul(sp.Rational(1, 2), _sub("d", "n") ** 2, 1 / BETA, evaluate=False)),
        ),
        "mean_over_rows": T(
            "reduction 'mean' averages over every element of the input (x.nelement()), not over its rows",
            "reduction 为 'mean' 是对输入的全部元素（x.nelement()）取平均，而不是对行数",
        ),
        "dot_not_cosine": T(
            "the cosine divides the dot product by both lengths: {f}",
            "余弦相似度要用点积除以两个向量的长度：{f}",
            f=COSINE_SAID,
        ),
        "no_clamp": T(
            "a margin loss is never negative: max(0, ·) turns a negative value into 0",
            "间隔类损失不会为负：max(0, ·) 把负值变为 0",
        ),
        "ranking_sign": T(
            "MarginRankingLoss is {f}: the label's sign is negated, so a pair ranked as y says costs nothing",
            "MarginRankingLoss 为 {f}：标签前有负号，按 y 所示顺序排好的一对没有损失",
            f=RANKING_SAID,
        ),
        "reduction_mismatch": T(
            "reduction '{r}' is asked, not '{other}'",
            "题目要求 reduction 为 '{r}'，而不是 '{other}'",
            r=params.reduction,
            other=mean,
        ),
    }


def mistakes(params: Params, solution) -> list[Mistake]:
    messages = _messages(params)
    candidates = []
    for name in MISTAKE_NAMES:
        if name == "reduction_mismatch" and params.reduction == "none":
            continue
        wrong = _float_answers(params, name)
        if wrong is not None:
            candidates.append(Mistake(name, messages[name], wrong))
    # twice the tolerance: a wrong value closer than that is no sign of the mistake
    return shown_mistakes(candidates, solution, margin=2)
