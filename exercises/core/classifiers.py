"""What logistic and softmax regression share: the reduction of the cross-entropy over the
samples, the gradient-descent update, their checks, and the words for the common mistakes.

    L = -(1/N) Σᵢ ln pᵢ   (mean: note 004 and the coding tasks)   or   -Σᵢ ln pᵢ   (sum: note 003)
    ∂L/∂θ = (1/N) Σᵢ (pᵢ - onehotᵢ) xᵢ   (or without 1/N),   θ⁺ = θ - η ∂L/∂θ

pᵢ is the probability the model gives the true class of sample i (σ(zᵢ) or 1 - σ(zᵢ) for
logistic regression, a softmax entry for softmax regression); logarithms are natural.
"""

from __future__ import annotations

import math

import sympy as sp
from sympy import MatAdd, MatMul

from exercises.core import params as read
from exercises.core.errors import ParamError
from exercises.core.lang import T, Text, join
from exercises.core.model import Check, Math, Step, step
from exercises.core.symbols import Ordered, Spelled, SumOver

REDUCTIONS = ("mean", "sum")
REDUCTION_ALIASES = {"average": "mean", "avg": "mean", "total": "sum"}
REDUCTION_FORM = T(
    "{options}: the loss averaged over the samples (the default) or summed (as note 003 writes it)",
    "{options}：损失对样本取平均（默认）或求和（笔记 003 的写法）",
    options=join(REDUCTIONS, T(" or ", " 或 ")),
)
ETA_FORM = T("a number in (0, 10], e.g. 0.5", "(0, 10] 中的一个数，例如 0.5")

PROBABILITY = Check(abs_tol=0.001)
LOSS = Check(abs_tol=0.001)
GRADIENT = Check(abs_tol=0.001)
# An update is judged against the size of its step (Answer.scale), so the weights before
# the step never pass for the weights after it.
UPDATE = Check(abs_tol=0.001, rel_tol=0.005)
SATURATED = 30  # |z| beyond this: σ(z) is 1 or 0 to 13 digits and ln(1 - y) cannot be told

ETA = sp.Symbol("eta")
N = sp.Symbol("N")


def read_eta(value) -> sp.Rational:
    eta = read.number("eta", value, ETA_FORM, 0, 10)
    if eta == 0:
        raise ParamError(
            T("parameter 'eta' must be {form}; got 0.", "参数 'eta' 应为：{form}；实际为 0。", form=ETA_FORM)
        )
    return eta


def read_reduction(value) -> str:
    return read.choice("reduction", value, REDUCTIONS, REDUCTION_ALIASES)


def reduced(reduction: str) -> Text:
    """How the samples' losses are combined, said in a sentence."""
    if reduction == "mean":
        return T("averaged over the {N} samples", "对 {N} 个样本取平均", N=Math(N))
    return T("summed over the samples", "对各样本求和")


class SampleSum(SumOver):
    """-(1/N) Σᵢ [...] as well as SumOver's ½ Σ, -Σ and Σ (notation for sentences)."""

    LEADS = {**SumOver.LEADS, -1 / N: ("-(1/N) ", r"-\frac{1}{N} ")}


def cross_entropy_said(body, index, reduction: str) -> Math:
    """L = -(1/N) Σᵢ body, or L = -Σᵢ body."""
    lead = -1 / N if reduction == "mean" else sp.S.NegativeOne
    return Math(sp.Eq(sp.Symbol("L"), SampleSum(lead, body, index), evaluate=False))


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(k: int | None) -> tuple[str, str]:
    """(text, LaTeX) of the superscript (k) that numbers a sample or a step: ⁽²⁾, ^{(2)};
    nothing for None."""
    if k is None:
        return "", ""
    return "⁽" + str(k).translate(SUPERSCRIPTS) + "⁾", f"^{{({k})}}"


def factor(reduction: str):
    """The symbolic factor in front of a sum over the samples: 1/N or 1."""
    return 1 / N if reduction == "mean" else sp.S.One


def shown_step(title, lhs, formula, values, note=""):
    """A step with the given decimals shown as decimals and the exact value unexpanded."""
    return step(title, lhs, formula, values, decimals=True, expand=False, note=note)


def descent_step(title, new, old, gradient, old_value, gradient_value, eta, note="") -> Step:
    """θ⁺ = θ - η⋅∂L/∂θ for a matrix (Named/MatrixSymbol) or a scalar (Symbol) θ."""
    if isinstance(old, sp.MatrixExpr):
        formula = MatAdd(old, MatMul(-1, ETA, gradient))
    else:
        formula = Ordered(old, sp.Mul(-1, ETA, gradient, evaluate=False), evaluate=False)
    return shown_step(title, new, formula, {old: old_value, ETA: eta, gradient: gradient_value}, note)


DESCENT = Math(  # θ⁺ = θ - η⋅∂L/∂θ
    sp.Eq(
        Spelled("θ⁺", r"\theta^{+}"),
        Ordered(
            sp.Symbol("theta"),
            sp.Mul(-1, ETA, Spelled("∂L/∂θ", r"\frac{\partial L}{\partial \theta}"), evaluate=False),
            evaluate=False,
        ),
        evaluate=False,
    )
)


def magnitudes(values) -> list | float:
    """|v| entry by entry, in the same nesting (floats): the scale of an update's check."""
    if isinstance(values, (list, tuple)):
        return [magnitudes(v) for v in values]
    return abs(float(values))


def clear_of(wrong, right, scale) -> bool:
    """True when a mistake's value for an update moves each entry either not at all or
    beyond the update's tolerance (so the check never half-accepts it)."""
    if isinstance(right, (list, tuple)):
        return all(clear_of(a, b, s) for a, b, s in zip(wrong, right, scale))
    moved = abs(wrong - right)
    return moved < 1e-9 or moved > 1.5 * max(UPDATE.rel_tol * scale, UPDATE.abs_tol)


# --- floats, for the mistakes ------------------------------------------------------------


def float_sigmoid(z: float) -> float:
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def float_softmax(a: list[float]) -> list[float]:
    top = max(a)
    e = [math.exp(v - top) for v in a]
    return [v / sum(e) for v in e]


# --- the common mistakes ---------------------------------------------------------------

LOG2_LABEL = T("log₂ instead of ln in the cross-entropy", "交叉熵中用了 log₂ 而不是 ln")
LOG2_MESSAGE = T(
    "the cross-entropy loss uses the natural logarithm ln, not log₂",
    "交叉熵损失使用自然对数 ln，而不是 log₂",
)
SIGN_LABEL = T("gradient added, not subtracted", "更新时加上了梯度，而不是减去")
SIGN_MESSAGE = T(
    "gradient descent subtracts the step: {rule}",
    "梯度下降要减去这一步：{rule}",
    rule=DESCENT,
)
NO_UPDATE_LABEL = T("parameters not updated", "参数没有更新")
NO_UPDATE_MESSAGE = T(
    "these are the parameters before the step; one step of gradient descent is {rule}",
    "这是更新前的参数；一步梯度下降为 {rule}",
    rule=DESCENT,
)
REDUCTION_LABEL = T("mean and sum over the samples mixed up", "把对样本取平均与求和弄混了")


def reduction_message(reduction: str):
    if reduction == "mean":
        return T(
            "the loss is the mean over the samples, so it and its gradients are divided by {N}",
            "损失是对样本取平均，所以损失及其梯度都要除以 {N}",
            N=Math(N),
        )
    return T(
        "the loss is the sum over the samples (as note 003 writes it), so it and its gradients are not divided by {N}",
        "损失是对样本求和（笔记 003 的写法），所以损失及其梯度都不除以 {N}",
        N=Math(N),
    )
