"""Optimiser updates: gradient descent, momentum, AdaGrad, RMSProp and Adam (note 001, Lee's
course; PyTorch's torch.optim where the two differ).

From θ⁽⁰⁾, step t = 0, 1, ..., T - 1 takes the gradient g⁽ᵗ⁾ = ∇L(θ⁽ᵗ⁾) of the loss
L(θ) = Σⱼ aⱼθⱼ² (so gⱼ⁽ᵗ⁾ = 2aⱼθⱼ⁽ᵗ⁾), or the given g⁽ᵗ⁾, and makes θ⁽ᵗ⁺¹⁾. Every operation acts
on each coordinate separately; ε = 0 unless given.

    gd        θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ - η g⁽ᵗ⁾
    momentum  lee      m⁽ᵗ⁺¹⁾ = λ m⁽ᵗ⁾ - η g⁽ᵗ⁾,   θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ + m⁽ᵗ⁺¹⁾     (m⁽⁰⁾ = 0: the movement)
              pytorch  b⁽ᵗ⁺¹⁾ = λ b⁽ᵗ⁾ + g⁽ᵗ⁾,     θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ - η b⁽ᵗ⁺¹⁾   (b⁽⁰⁾ = 0: SGD's buffer,
              dampening 0); for a constant η both move θ alike, m = -η b: the answer `m` differs
    adagrad   lee      σ⁽ᵗ⁾ = √( (1/(t+1)) Σ_{i≤t} (g⁽ⁱ⁾)² )     root MEAN square
              pytorch  σ⁽ᵗ⁾ = √( Σ_{i≤t} (g⁽ⁱ⁾)² )               root of the SUM (Adagrad's state_sum)
              θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ - η g⁽ᵗ⁾ / (σ⁽ᵗ⁾ + ε)         (Lee's = PyTorch's with η√(t+1) at step t)
    rmsprop   σ⁽ᵗ⁾ = √( α (σ⁽ᵗ⁻¹⁾)² + (1 - α)(g⁽ᵗ⁾)² ),   θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ - η g⁽ᵗ⁾ / (σ⁽ᵗ⁾ + ε)
              lee      σ⁽⁰⁾ = |g⁽⁰⁾|
              pytorch  σ⁽⁻¹⁾ = 0, so σ⁽⁰⁾ = √(1 - α)|g⁽⁰⁾|       (RMSprop's square_avg is σ²)
    adam      m⁽ᵗ⁺¹⁾ = β₁ m⁽ᵗ⁾ + (1 - β₁) g⁽ᵗ⁾,   v⁽ᵗ⁺¹⁾ = β₂ v⁽ᵗ⁾ + (1 - β₂)(g⁽ᵗ⁾)²   (m⁽⁰⁾ = v⁽⁰⁾ = 0)
              m̂⁽ᵗ⁺¹⁾ = m⁽ᵗ⁺¹⁾ / (1 - β₁ᵗ⁺¹),   v̂⁽ᵗ⁺¹⁾ = v⁽ᵗ⁺¹⁾ / (1 - β₂ᵗ⁺¹)
              θ⁽ᵗ⁺¹⁾ = θ⁽ᵗ⁾ - η m̂⁽ᵗ⁺¹⁾ / (√v̂⁽ᵗ⁺¹⁾ + ε)       (Kingma & Ba = PyTorch = Lee; with ε = 0
              the first step is θ⁽⁰⁾ - η·sign(g⁽⁰⁾))

`convention` (lee | pytorch) is a parameter, never a silent choice: the question names it and
states its rule; using the other one is a named mistake. gd and Adam read the same in both.

Answers are lists over the steps: `grad` [g⁽⁰⁾ ...] (when the loss is given), `m` [m⁽¹⁾ ...]
(momentum: Lee's m or PyTorch's b; Adam), `sigma` [σ⁽⁰⁾ ...] (AdaGrad, RMSProp: the root in the
denominator, in both conventions), `v`, `m_hat`, `v_hat` [.⁽¹⁾ ...] (Adam), `theta` [θ⁽¹⁾ ...];
each entry a number (one parameter) or a list (one per coordinate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import sympy as sp
from sympy.printing.pretty.stringpict import prettyForm

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import Answer, Check, Math, Mistake, Question, Solution, Step, shown, shown_mistakes, step
from exercises.core.symbols import Ordered, Spelled, SumOver, Written

TITLE = "Optimiser updates"
DESCRIPTION = "Steps of gradient descent, momentum, AdaGrad, RMSProp and Adam, in Lee's course or PyTorch's convention."
TITLE_ZH = "优化器：动量、AdaGrad、RMSProp、Adam"
DESCRIPTION_ZH = "梯度下降、动量法、AdaGrad、RMSProp 与 Adam 的参数更新，按李宏毅课程或 PyTorch 的约定计算。"

OPTIMIZERS = ("gd", "momentum", "adagrad", "rmsprop", "adam")
OPTIMIZER_ALIASES = {
    "sgd": "gd",
    "gradient_descent": "gd",
    "vanilla": "gd",
    "sgd_momentum": "momentum",
    "heavy_ball": "momentum",
    "ada_grad": "adagrad",
    "rms_prop": "rmsprop",
    "rmsprops": "rmsprop",
}
CONVENTIONS = ("lee", "pytorch")
CONVENTION_ALIASES = {"course": "lee", "hung_yi_lee": "lee", "torch": "pytorch", "torch_optim": "pytorch"}
TWO_WAYS = ("momentum", "adagrad", "rmsprop")  # where Lee's course and PyTorch differ
ADAPTIVE = ("adagrad", "rmsprop", "adam")  # a denominator, and so ε
LIMIT = 100
MAX_DIM = 4
MAX_STEPS = 5
DEFAULTS = {"lam": "0.9", "alpha": "0.9", "beta1": "0.9", "beta2": "0.999", "eps": "0"}
USED_BY = {"lam": ("momentum",), "alpha": ("rmsprop",), "beta1": ("adam",), "beta2": ("adam",), "eps": ADAPTIVE}

FORMS = {
    "optimizer": T(
        "{options} (any case; also {aliases}), e.g. adam",
        "{options} 之一（不区分大小写；也可写作 {aliases}），例如 adam",
        options=join(OPTIMIZERS),
        aliases=join(OPTIMIZER_ALIASES),
    ),
    "convention": T(
        "lee (Hung-yi Lee's course, the default) or pytorch (torch.optim), e.g. pytorch; it matters for "
        "momentum, adagrad and rmsprop",
        "lee（李宏毅课程，默认）或 pytorch（torch.optim），例如 pytorch；对 momentum、adagrad 与 rmsprop 有区别",
    ),
    "theta0": T(
        "the starting parameters, a number or a list of 1-{d} numbers between -{n} and {n}, e.g. [1, -1]",
        "初始参数，一个数或 1-{d} 个 -{n} 到 {n} 之间的数组成的列表，例如 [1, -1]",
        d=MAX_DIM,
        n=LIMIT,
    ),
    "a": T(
        "the loss L = a₁θ₁² + a₂θ₂² + ...: its coefficients, each in (0, {n}], a number (the same for every "
        "coordinate) or one per entry of theta0, e.g. [0.5, 1] for L = ½(θ₁² + 2θ₂²); give a or grads",
        "损失 L = a₁θ₁² + a₂θ₂² + ... 的系数，每个在 (0, {n}] 中，一个数（各坐标相同）或与 theta0 逐个对应的列表，"
        "例如 L = ½(θ₁² + 2θ₂²) 对应 [0.5, 1]；a 与 grads 给出其一",
        n=LIMIT,
    ),
    "grads": T(
        "the gradients of 1-{s} steps in order, each a number or a list with one entry per entry of theta0, "
        "between -{n} and {n}, e.g. [[1, -2], [0.8, -1.5]]; give a or grads",
        "按顺序给出 1-{s} 步的梯度，每步一个数或与 theta0 逐个对应的列表，取值在 -{n} 到 {n} 之间，"
        "例如 [[1, -2], [0.8, -1.5]]；a 与 grads 给出其一",
        s=MAX_STEPS,
        n=LIMIT,
    ),
    "eta": T(
        "the learning rate η (also lr), a number in (0, 10], e.g. 0.1",
        "学习率 η（也可写作 lr），(0, 10] 中的一个数，例如 0.1",
    ),
    "steps": T(
        "the number of steps, 1-{s}, with a (default 1; with grads, the number of gradients), e.g. 3",
        "步数，1-{s}，与 a 一起使用（默认 1；给出 grads 时为梯度的个数），例如 3",
        s=MAX_STEPS,
    ),
    "lam": T(
        "the momentum weight λ (momentum only; also momentum, as PyTorch's SGD names it), a number in [0, 1), "
        "default 0.9, e.g. 0.5",
        "动量的权重 λ（仅用于 momentum；也可像 PyTorch 的 SGD 那样写作 momentum），"
        "[0, 1) 中的一个数，默认 0.9，例如 0.5",
    ),
    "alpha": T(
        "RMSProp's decay α (rmsprop only), a number in [0, 1), default 0.9, e.g. 0.5",
        "RMSProp 的衰减系数 α（仅用于 rmsprop），[0, 1) 中的一个数，默认 0.9，例如 0.5",
    ),
    "beta1": T(
        "Adam's β₁ (adam only; or both as betas, e.g. [0.9, 0.999]), a number in [0, 1), default 0.9, e.g. 0.9",
        "Adam 的 β₁（仅用于 adam；也可用 betas 同时给出两者，例如 [0.9, 0.999]），"
        "[0, 1) 中的一个数，默认 0.9，例如 0.9",
    ),
    "beta2": T(
        "Adam's β₂ (adam only), a number in [0, 1), default 0.999, e.g. 0.99",
        "Adam 的 β₂（仅用于 adam），[0, 1) 中的一个数，默认 0.999，例如 0.99",
    ),
    "eps": T(
        "ε added to the denominator (adagrad, rmsprop, adam), a number in [0, 1], default 0, e.g. 1e-8",
        "加在分母上的 ε（用于 adagrad、rmsprop、adam），[0, 1] 中的一个数，默认 0，例如 1e-8",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve optimizer_steps` takes
NAMES = ("optimizer", "theta0", "eta")
OPTIONAL = ("convention", "a", "grads", "steps", "lam", "alpha", "beta1", "beta2", "eps")
PARAM_ALIASES = {"lr": "eta", "learning_rate": "eta", "momentum": "lam"}  # PyTorch's names


def _own_names(raw: dict) -> dict:
    """The parameters under this family's names: lr, learning_rate and momentum as PyTorch calls
    them, betas = [β₁, β₂] as two."""
    out = {}
    for key, value in raw.items():
        if key == "betas":
            if not (isinstance(value, list) and len(value) == 2):
                raise ParamError(
                    T(
                        "parameter 'betas' must be Adam's two decay rates [β₁, β₂], e.g. [0.9, 0.999].",
                        "参数 'betas' 应为 Adam 的两个衰减系数 [β₁, β₂]，例如 [0.9, 0.999]。",
                    )
                )
            pairs = [("beta1", value[0]), ("beta2", value[1])]
        else:
            pairs = [(PARAM_ALIASES.get(key, key), value)]
        for name, item in pairs:
            if name in out:
                raise ParamError(
                    T(
                        "parameter '{name}' is given twice ('{key}' is another name for it).",
                        "参数 '{name}' 给出了两次（'{key}' 是它的另一个名字）。",
                        name=name,
                        key=key,
                    )
                )
            out[name] = item
    return out


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    optimizer: str
    convention: str
    theta0: tuple  # d numbers
    eta: sp.Rational
    steps: int
    a: tuple | None = None  # d coefficients of L = Σ aⱼθⱼ², or None when the gradients are given
    grads: tuple | None = None  # `steps` gradients of d numbers each, or None
    lam: sp.Rational = sp.Rational(DEFAULTS["lam"])
    alpha: sp.Rational = sp.Rational(DEFAULTS["alpha"])
    beta1: sp.Rational = sp.Rational(DEFAULTS["beta1"])
    beta2: sp.Rational = sp.Rational(DEFAULTS["beta2"])
    eps: sp.Rational = sp.Rational(DEFAULTS["eps"])

    @property
    def d(self) -> int:
        return len(self.theta0)

    @property
    def hyper(self) -> tuple[str, ...]:
        """The hyper-parameters this optimizer reads."""
        return tuple(name for name, users in USED_BY.items() if self.optimizer in users)

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        raw = _own_names(raw)
        read.require(raw, NAMES, OPTIONAL)
        optimizer = read.choice("optimizer", raw["optimizer"], OPTIMIZERS, OPTIMIZER_ALIASES)
        convention = read.choice("convention", raw.get("convention", "lee"), CONVENTIONS, CONVENTION_ALIASES)
        theta0 = _numbers("theta0", raw["theta0"], (1, MAX_DIM), -LIMIT, LIMIT)
        d = len(theta0)
        eta = read.number("eta", raw["eta"], FORMS["eta"], 0, 10)
        if eta == 0:
            raise ParamError(
                T("parameter 'eta' must be {form}; got 0.", "参数 'eta' 应为：{form}；实际为 0。", form=FORMS["eta"])
            )
        if "a" in raw and "grads" in raw:
            raise ParamError(
                T(
                    "give the loss's coefficients 'a' or the gradients 'grads', not both.",
                    "损失的系数 'a' 与梯度 'grads' 只能给出其一，不能同时给出。",
                )
            )
        if "a" not in raw and "grads" not in raw:
            raise ParamError(
                T(
                    "give the loss's coefficients 'a' (the loss a₁θ₁² + a₂θ₂² + ...) or the gradients 'grads' of "
                    "each step (give each as --param NAME=VALUE).",
                    "请给出损失的系数 'a'（损失为 a₁θ₁² + a₂θ₂² + ...）或每一步的梯度 'grads'"
                    "（每个参数用 --param 名称=值 给出）。",
                )
            )
        for name in ("lam", "alpha", "beta1", "beta2", "eps"):
            if name in raw and optimizer not in USED_BY[name]:
                raise ParamError(
                    T(
                        "parameter '{name}' only goes with optimizer={users}, not {optimizer}{hint}.",
                        "参数 '{name}' 只能与 optimizer={users} 一起使用，不能用于 {optimizer}{hint}。",
                        name=name,
                        users=join(USED_BY[name], T(" or ", " 或 ")),
                        optimizer=optimizer,
                        hint=T(
                            " (PyTorch's SGD with momentum is optimizer=momentum)",
                            "（PyTorch 中带动量的 SGD 即 optimizer=momentum）",
                        )
                        if name == "lam"
                        else "",
                    )
                )
        hyper = {}
        for name in ("lam", "alpha", "beta1", "beta2"):
            value = read.number(name, raw.get(name, DEFAULTS[name]), FORMS[name], 0, 1)
            if value == 1:
                raise ParamError(
                    T(
                        "parameter '{name}' must be {form}; got 1.",
                        "参数 '{name}' 应为：{form}；实际为 1。",
                        name=name,
                        form=FORMS[name],
                    )
                )
            hyper[name] = value
        hyper["eps"] = read.number("eps", raw.get("eps", 0), FORMS["eps"], 0, 1)
        if "a" in raw:
            a = raw["a"]
            a = _numbers("a", [a] * d if not isinstance(a, list) else a, (1, MAX_DIM), 0, LIMIT)
            if len(a) != d:
                raise ParamError(
                    T(
                        "parameter 'a' must hold one coefficient per entry of theta0: {d}; got {got}.",
                        "参数 'a' 应为 theta0 的每个分量给出一个系数，共 {d} 个；实际为 {got} 个。",
                        d=d,
                        got=len(a),
                    )
                )
            if any(x == 0 for x in a):
                raise ParamError(
                    T(
                        "parameter 'a' must be {form}; a coefficient 0 leaves that coordinate without a gradient.",
                        "参数 'a' 应为：{form}；系数为 0 的坐标没有梯度。",
                        form=FORMS["a"],
                    )
                )
            steps = int(read.number("steps", raw.get("steps", 1), FORMS["steps"], 1, MAX_STEPS, integer=True))
            params = cls(optimizer, convention, theta0, eta, steps, a=a, **hyper)
        else:
            grads = _gradients(raw["grads"], d)
            if "steps" in raw:
                steps = int(read.number("steps", raw["steps"], FORMS["steps"], 1, MAX_STEPS, integer=True))
                if steps != len(grads):
                    raise ParamError(
                        T(
                            "parameter 'steps' must match the {n} gradients given in 'grads'; got {steps}.",
                            "参数 'steps' 应与 'grads' 中给出的 {n} 个梯度一致；实际为 {steps}。",
                            n=len(grads),
                            steps=steps,
                        )
                    )
            params = cls(optimizer, convention, theta0, eta, len(grads), grads=grads, **hyper)
        return params

    def to_json(self) -> dict:
        def one(values):
            return read.to_json(values[0] if self.d == 1 else values)

        out = {"optimizer": self.optimizer, "convention": self.convention, "theta0": one(self.theta0)}
        out["eta"] = read.to_json(self.eta)
        if self.a is not None:
            out |= {"a": one(self.a), "steps": self.steps}
        else:
            out["grads"] = [one(g) for g in self.grads]
        return out | {name: read.to_json(getattr(self, name)) for name in self.hyper}


def _numbers(name: str, value, length: tuple[int, int], low, high) -> tuple:
    """A number or a list of numbers, as a tuple."""
    form = FORMS[name]
    if not isinstance(value, list):
        return (read.number(name, value, form, low, high),)
    return read.vector(name, value, form, length, low=low, high=high)


def _gradients(value, d: int) -> tuple:
    """`grads`: 1-MAX_STEPS gradients of d numbers each (a plain number each when d = 1)."""
    form = FORMS["grads"]
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_STEPS:
        raise ParamError(T("parameter 'grads' must be {form}.", "参数 'grads' 应为：{form}。", form=form))
    grads = []
    for g in value:
        if d == 1:
            grads.append(
                (read.number("grads", g[0] if isinstance(g, list) and len(g) == 1 else g, form, -LIMIT, LIMIT),)
            )
            continue
        if not isinstance(g, list) or len(g) != d:
            raise ParamError(
                T(
                    "parameter 'grads' must hold {d} numbers per gradient, one per entry of theta0.",
                    "参数 'grads' 的每个梯度应有 {d} 个数，与 theta0 的分量一一对应。",
                    d=d,
                )
            )
        grads.append(read.vector("grads", g, form, (d, d), low=-LIMIT, high=LIMIT))
    return tuple(grads)


# --- generation ------------------------------------------------------------------------------

HALF = sp.Rational(1, 2)
LOW_GRADIENT = 0.05  # generated gradients are at least this large in every coordinate
LOW_MOVE = 0.01  # and every step moves every coordinate at least this much


def generate(dice, difficulty: str) -> Params:
    """easy: one parameter, θ⁽⁰⁾ = 1, L = aθ² with a in {1, ½, 2}, one step (two for momentum
    and AdaGrad, where one step cannot show the optimiser); medium: θ⁽⁰⁾ = (1, -1),
    L = ½(aθ₁² + bθ₂²) with a ≠ b in {1, 2, 3, 4}, two steps; hard: θ⁽⁰⁾ = (1, -1) and three
    given gradients, one-decimal entries in ±[0.2, 2] (no plain gradient descent: nothing to
    compute but three subtractions). η in {0.1, 0.5}, λ and α in {0.5, 0.9},
    β₁ = 0.9, β₂ = 0.999, ε = 0; the convention drawn where it matters (lee otherwise).
    Drawn again unless every gradient and every step is clearly visible, gradient descent
    lowers the loss, and each mistake moves an answer clearly or not at all (the other
    convention, and the optimiser's own slips, clearly)."""
    optimizer = dice.choice(OPTIMIZERS if difficulty != "hard" else OPTIMIZERS[1:])
    convention = dice.choice(CONVENTIONS) if optimizer in TWO_WAYS else "lee"
    eta = sp.Rational(dice.choice(("0.1", "0.5")))
    hyper = {"lam": sp.Rational(dice.choice(("0.5", "0.9"))), "alpha": sp.Rational(dice.choice(("0.5", "0.9")))}
    if difficulty == "easy":
        steps = 2 if optimizer in ("momentum", "adagrad") else 1
        a = (dice.choice((sp.Integer(1), HALF, sp.Integer(2))),)
        params = Params(optimizer, convention, (sp.Integer(1),), eta, steps, a=a, **hyper)
    elif difficulty == "medium":
        pair = dice.sample([sp.Integer(k) for k in (1, 2, 3, 4)], 2)
        params = Params(
            optimizer, convention, (sp.Integer(1), sp.Integer(-1)), eta, 2, a=tuple(HALF * x for x in pair), **hyper
        )
    else:
        values = [sp.Rational(k, 10) for k in range(2, 21)]
        grads = tuple(tuple(dice.choice(values) * dice.choice((1, -1)) for _ in range(2)) for _ in range(3))
        params = Params(optimizer, convention, (sp.Integer(1), sp.Integer(-1)), eta, 3, grads=grads, **hyper)
    why = _unclear(params)
    if why:
        raise Redraw(why)
    return params


def _unclear(params: Params) -> str:
    """Why a drawn problem would not do, or "" when it does."""
    right = _run(params)
    if min(abs(x) for g in right["_g"] for x in g) < LOW_GRADIENT:
        return "a gradient too close to 0"
    if min(abs(x) for x in _moves(params, right)) < LOW_MOVE:
        return "a step too small to see"
    if params.optimizer == "gd" and params.a is not None:
        losses = [_float_loss(params, theta) for theta in right["_theta"]]
        if any(b >= a for a, b in zip(losses, losses[1:])):
            return "gradient descent that does not lower the loss"
    checks, scale = _checks(params, right), _scale(params, right)
    for name, wrong in _candidates(params, right).items():
        clear = False
        for answer, value in wrong.items():
            moved = max(abs(x - y) for x, y in zip(_flat(value), _flat(right[answer])))
            if moved > 1e-9 and checks[answer].widened(2).accepts(value, right[answer], _scale_of(answer, scale)):
                return f"mistake {name} moves {answer} by about its tolerance"
            clear = clear or moved > 1e-9
        if name in _required(params) and not clear:
            return f"mistake {name} gives the right answers"
    return ""


def _scale_of(answer: str, scale):
    return scale if answer == "theta" else None


def _required(params: Params) -> set[str]:
    """The mistakes each problem of this optimiser must show: the other convention and the
    optimiser's own slips."""
    own = {
        "gd": {"gradient_sign"},
        "momentum": {"momentum_sign", "momentum_convention", "plain_gd"},
        "adagrad": {"adagrad_sum_vs_mean", "squared_without_sqrt", "plain_gd"},
        "rmsprop": {_rmsprop_swap(params), "squared_without_sqrt", "plain_gd"},
        "adam": {"adam_no_bias_correction", "squared_without_sqrt", "plain_gd"},
    }[params.optimizer]
    return own | ({"missing_factor_2"} if params.a is not None else set())


# --- symbols ---------------------------------------------------------------------------------

_SUP = str.maketrans("0123456789ti+-", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵗⁱ⁺⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class Timed(Spelled):
    """A quantity at a step, its step as a superscript in parentheses: θ⁽¹⁾, g⁽ᵗ⁾, m̂⁽²⁾.

    In a product it comes after the hyper-parameters (λ⋅b⁽ᵗ⁾, η⋅b⁽ᵗ⁺¹⁾, not b⁽ᵗ⁾⋅λ): sympy sorts
    factors by name, and the number put in its place (a `Num`, named by str()) sorts alike."""

    def __str__(self) -> str:
        return "~" + self.name  # after the ASCII names of η, λ, α, β₁, β₂, ε

    def sort_key(self, order=None):
        return self.class_key(), (1, (str(self),)), sp.S.One.sort_key(), sp.S.One


class Squared(sp.Pow):
    """x², with x in parentheses when it carries a step superscript: (g⁽⁰⁾)², not g⁽⁰⁾²."""

    def _wrapped(self) -> bool:
        return isinstance(self.base, Timed)

    def _latex(self, printer):
        if self._wrapped():
            return r"\left(%s\right)^{2}" % printer._print(self.base)
        return printer._print_Pow(self)

    def _pretty(self, printer):
        if self._wrapped():
            return prettyForm(*printer._print(self.base).parens()) ** printer._print(self.exp)
        return printer._print_Pow(self)

    def _sympystr(self, printer):
        if self._wrapped():
            power = printer._print_Pow(sp.Pow(_X, self.exp, evaluate=False))
            return power.replace("X", f"({printer._print(self.base)})", 1)
        return printer._print_Pow(self)

    def _mathml_presentation(self, printer):
        if not self._wrapped():
            return printer._print_Pow(self)
        dom = printer.dom
        row = dom.createElement("mrow")
        for text in ("(", None, ")"):
            if text is None:
                row.appendChild(printer._print(self.base))
                continue
            mo = dom.createElement("mo")
            mo.appendChild(dom.createTextNode(text))
            row.appendChild(mo)
        sup = dom.createElement("msup")
        sup.appendChild(row)
        sup.appendChild(printer._print(self.exp))
        return sup


_X = sp.Symbol("X")


def sq(x):
    return Squared(x, 2, evaluate=False)


LETTERS = {  # name: (Unicode, LaTeX)
    "theta": ("θ", r"\theta"),
    "g": ("g", "g"),
    "m": ("m", "m"),
    "b": ("b", "b"),
    "sigma": ("σ", r"\sigma"),
    "v": ("v", "v"),
    "m_hat": ("m̂", r"\hat{m}"),
    "v_hat": ("v̂", r"\hat{v}"),
}


@lru_cache(maxsize=512)
def at(name: str, t, coordinate: int | None = None) -> Timed:
    """The quantity `name` at step t (a number, or 't', 't+1', 'i'...): θ⁽ᵗ⁾; θ₁⁽⁰⁾ for a coordinate."""
    text, tex = LETTERS[name]
    if coordinate is not None:
        text, tex = text + str(coordinate).translate(_SUB), f"{tex}_{{{coordinate}}}"
    return Timed(f"{text}⁽{str(t).translate(_SUP)}⁾", rf"{tex}^{{({t})}}")


ETA, LAM, ALPHA = sp.Symbol("eta"), sp.Symbol("lambda"), sp.Symbol("alpha")
BETA1, BETA2, EPS = sp.Symbol("beta_1"), sp.Symbol("beta_2"), sp.Symbol("epsilon")
THETA = sp.Symbol("theta")
L = sp.Symbol("L")


def minus(a, b):
    """a - b, printed in that order."""
    return Ordered(a, -b, evaluate=False)


def plus(*terms):
    return Ordered(*terms, evaluate=False)


def root(x):
    return sp.Pow(x, sp.S.Half, evaluate=False)


def over(a, b):
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


# --- the rules -------------------------------------------------------------------------------


def _denominator(params: Params, x):
    """x, or x + ε when ε is not 0."""
    return plus(x, EPS) if params.eps else x


def _sigma_rule(params: Params, t) -> sp.Expr:
    """σ⁽ᵗ⁾ of AdaGrad or RMSProp in the problem's convention: t a number (the terms written out)
    or 't' (the rule)."""
    lee = params.convention == "lee"
    g = at("g", t)
    if params.optimizer == "adagrad":
        if t == "t":
            i = sp.Symbol("i")
            total = sp.Sum(sq(at("g", "i")), (i, 0, sp.Symbol("t")))
            return root(over(total, plus(sp.Symbol("t"), 1)) if lee else total)
        total = plus(*[sq(at("g", i)) for i in range(t + 1)]) if t else sq(at("g", 0))
        return root(over(total, t + 1) if lee and t else total)
    if lee and t == 0:
        return sp.Abs(g, evaluate=False)
    if t == 0:
        return root(sp.Mul(minus(1, ALPHA), sq(g), evaluate=False))
    previous = at("sigma", "t-1" if t == "t" else t - 1)
    return root(plus(sp.Mul(ALPHA, sq(previous), evaluate=False), sp.Mul(minus(1, ALPHA), sq(g), evaluate=False)))


ABS_G0 = Spelled("|g⁽⁰⁾|", r"\left|g^{(0)}\right|")  # |g⁽⁰⁾| in a sentence


def _sigma_said(params: Params) -> Math:
    """σ⁽ᵗ⁾'s rule in a sentence: Σᵢ without its limits for AdaGrad."""
    if params.optimizer == "rmsprop":
        return Math(sp.Eq(at("sigma", "t"), _sigma_rule(params, "t"), evaluate=False))
    total = SumOver(sp.S.One, sq(at("g", "i")), sp.Symbol("i"))
    if params.convention == "lee":
        total = over(total, plus(sp.Symbol("t"), 1))
    return Math(sp.Eq(at("sigma", "t"), root(total), evaluate=False))


def _rule_lines(params: Params) -> list[dict]:
    """The update rules as equations in t, by name, in the lines the question shows them."""
    t, t1 = "t", "t+1"
    theta, theta1, g = at("theta", t), at("theta", t1), at("g", t)
    opt, lee = params.optimizer, params.convention == "lee"
    if opt == "gd":
        return [{"theta": sp.Eq(theta1, minus(theta, sp.Mul(ETA, g, evaluate=False)), evaluate=False)}]
    if opt == "momentum":
        letter = "m" if lee else "b"
        m, m1 = at(letter, t), at(letter, t1)
        if lee:
            state = minus(sp.Mul(LAM, m, evaluate=False), sp.Mul(ETA, g, evaluate=False))
            move = plus(theta, m1)
        else:
            state = plus(sp.Mul(LAM, m, evaluate=False), g)
            move = minus(theta, sp.Mul(ETA, m1, evaluate=False))
        return [
            {"m": sp.Eq(m1, state, evaluate=False), "theta": sp.Eq(theta1, move, evaluate=False)},
            {"start": sp.Eq(at(letter, 0), 0, evaluate=False)},
        ]
    if opt in ("adagrad", "rmsprop"):
        step_rule = minus(theta, over(sp.Mul(ETA, g, evaluate=False), _denominator(params, at("sigma", t))))
        lines = [{"sigma": sp.Eq(at("sigma", t), _sigma_rule(params, "t"), evaluate=False)}]
        if opt == "rmsprop":
            first = (
                (at("sigma", 0), _sigma_rule(params, 0)) if lee else (at("sigma", -1), 0)
            )  # σ⁽⁰⁾ = |g⁽⁰⁾|, σ⁽⁻¹⁾ = 0
            lines[0] = {"start": sp.Eq(*first, evaluate=False)} | lines[0]
        return lines + [{"theta": sp.Eq(theta1, step_rule, evaluate=False)}]
    m, v, m1, v1 = at("m", t), at("v", t), at("m", t1), at("v", t1)
    power = sp.Symbol("t") + 1
    return [
        {
            "m": sp.Eq(
                m1, plus(sp.Mul(BETA1, m, evaluate=False), sp.Mul(minus(1, BETA1), g, evaluate=False)), evaluate=False
            ),
            "v": sp.Eq(
                v1,
                plus(sp.Mul(BETA2, v, evaluate=False), sp.Mul(minus(1, BETA2), sq(g), evaluate=False)),
                evaluate=False,
            ),
        },
        {
            "m_hat": sp.Eq(at("m_hat", t1), over(m1, minus(1, sp.Pow(BETA1, power, evaluate=False))), evaluate=False),
            "v_hat": sp.Eq(at("v_hat", t1), over(v1, minus(1, sp.Pow(BETA2, power, evaluate=False))), evaluate=False),
        },
        {
            "theta": sp.Eq(
                theta1,
                minus(
                    theta,
                    over(sp.Mul(ETA, at("m_hat", t1), evaluate=False), _denominator(params, root(at("v_hat", t1)))),
                ),
                evaluate=False,
            ),
        },
        {"start": sp.Eq(at("m", 0), 0, evaluate=False), "start_v": sp.Eq(at("v", 0), 0, evaluate=False)},
    ]


def _rules(params: Params) -> dict:
    """The update rules by name."""
    return {name: rule for line in _rule_lines(params) for name, rule in line.items()}


# --- the solution ----------------------------------------------------------------------------


def _coords(value, d: int) -> list:
    return [value] if d == 1 else list(value)


def _vstep(params: Params, title, lhs, formula, values: dict, note="") -> Step:
    """One step, coordinate by coordinate: `values` maps each symbol to a number or to a list
    (one per coordinate); with several coordinates the substituted form and the value are
    columns."""
    d = params.d
    per = [{s: (v[j] if isinstance(v, list) else v) for s, v in values.items()} for j in range(d)]
    parts = [step(title, lhs, formula, one, decimals=True, expand=False, note=note) for one in per]
    if d == 1:
        return parts[0]
    return Step(
        title,
        lhs,
        formula,
        sp.ImmutableMatrix(d, 1, [p.substituted for p in parts]),
        sp.ImmutableMatrix(d, 1, [p.exact for p in parts]),
        note,
    )


def _gradient_step(params: Params, t: int, theta: list, head) -> Step:
    """g⁽ᵗ⁾ = ∇L(θ⁽ᵗ⁾): 2aⱼθⱼ⁽ᵗ⁾ in each coordinate."""
    d = params.d
    title = head + T("Gradient at {theta}", "{theta} 处的梯度", theta=Math(at("theta", t)))
    if d == 1:
        derivative = sp.Eq(Spelled("L′(θ)", r"L'(\theta)"), 2 * params.a[0] * THETA, evaluate=False)
    else:
        derivative = sp.Eq(L_GRAD, 2 * Spelled("aⱼ", "a_{j}") * Spelled("θⱼ", r"\theta_{j}"), evaluate=False)
    note = T("{g} for {L}.", "由 {L} 得 {g}。", g=Math(derivative), L=_loss_said(params)) if t == 0 else ""
    if d == 1:
        x = at("theta", t)
        return step(title, at("g", t), 2 * params.a[0] * x, {x: theta[0]}, decimals=True, expand=False, note=note)
    symbols = [at("theta", t, j + 1) for j in range(d)]
    parts = [
        step(title, at("g", t), 2 * a * x, {x: value}, decimals=True, expand=False)
        for a, x, value in zip(params.a, symbols, theta)
    ]
    return Step(
        title,
        at("g", t),
        sp.ImmutableMatrix(d, 1, [p.formula for p in parts]),
        sp.ImmutableMatrix(d, 1, [p.substituted for p in parts]),
        sp.ImmutableMatrix(d, 1, [p.exact for p in parts]),
        note,
    )


class Nabla(Written, sp.Function):
    """∇L(θ), the gradient of the loss (notation for sentences: it does not evaluate)."""

    NAME, LATEX = "∇L", r"\nabla L"


L_GRAD = Spelled("∂L/∂θⱼ", r"\frac{\partial L}{\partial \theta_{j}}")


def _no_zero(params: Params, denominators: list, t: int) -> None:
    """A zero denominator (every gradient of a coordinate 0 so far, ε = 0) has no step."""
    for j, x in enumerate(denominators, 1):
        if x == 0:
            where = T(" of coordinate {j}", "第 {j} 个坐标", j=j) if params.d > 1 else T("", "")
            raise ParamError(
                T(
                    "the gradient{where} is 0 up to step {k}, so the denominator of its update is 0; give a nonzero "
                    "gradient or eps > 0.",
                    "{where}的梯度直到第 {k} 步都为 0，更新式的分母为 0；请给出非零梯度或 eps > 0。",
                    where=where,
                    k=t + 1,
                )
            )


def solve(params: Params) -> Solution:
    d, total, opt = params.d, params.steps, params.optimizer
    lee = params.convention == "lee"
    steps: list[Step] = []
    found = {name: [] for name in _names(params)}
    theta = list(params.theta0)
    m = [sp.S.Zero] * d
    v = [sp.S.Zero] * d
    sigma: list = []
    gs: list = []
    for t in range(total):
        head = T("Step {k}: ", "第 {k} 步：", k=t + 1) if total > 1 else T("", "")
        if params.a is not None:
            done = _gradient_step(params, t, theta, head)
            steps.append(done)
            g = _coords(done.exact, d)
            found["grad"].append(g)
        else:
            g = list(params.grads[t])
        gs.append(g)
        th, th1, gt = at("theta", t), at("theta", t + 1), at("g", t)
        new_title = head + T("New parameters {theta}", "新的参数 {theta}", theta=Math(th1))
        if opt == "gd":
            rule = minus(th, sp.Mul(ETA, gt, evaluate=False))
            new = _vstep(params, new_title, th1, rule, {th: theta, ETA: params.eta, gt: g})
        elif opt == "momentum":
            letter = "m" if lee else "b"
            mt, mt1 = at(letter, t), at(letter, t + 1)
            if lee:
                rule = minus(sp.Mul(LAM, mt, evaluate=False), sp.Mul(ETA, gt, evaluate=False))
                title = head + T("Movement {m}", "移动量 {m}", m=Math(mt1))
            else:
                rule = plus(sp.Mul(LAM, mt, evaluate=False), gt)
                title = head + T("Momentum buffer {b}", "动量缓存 {b}", b=Math(mt1))
            done = _vstep(params, title, mt1, rule, {LAM: params.lam, mt: m, ETA: params.eta, gt: g})
            steps.append(done)
            m = _coords(done.exact, d)
            found["m"].append(m)
            rule = plus(th, mt1) if lee else minus(th, sp.Mul(ETA, mt1, evaluate=False))
            new = _vstep(params, new_title, th1, rule, {th: theta, mt1: m, ETA: params.eta})
        elif opt in ("adagrad", "rmsprop"):
            values = {at("g", i): gs[i] for i in range(t + 1)} | {ALPHA: params.alpha}
            if opt == "rmsprop" and t:
                values[at("sigma", t - 1)] = sigma
            done = _vstep(
                params,
                head + _sigma_title(params),
                at("sigma", t),
                _sigma_rule(params, t),
                values,
                _sigma_note(params, t),
            )
            steps.append(done)
            sigma = _coords(done.exact, d)
            found["sigma"].append(sigma)
            _no_zero(params, [s + params.eps for s in sigma], t)
            st = at("sigma", t)
            rule = minus(th, over(sp.Mul(ETA, gt, evaluate=False), _denominator(params, st)))
            new = _vstep(params, new_title, th1, rule, {th: theta, ETA: params.eta, gt: g, st: sigma, EPS: params.eps})
        else:
            k = t + 1
            mt, mt1, vt, vt1 = at("m", t), at("m", k), at("v", t), at("v", k)
            mh, vh = at("m_hat", k), at("v_hat", k)
            done = _vstep(
                params,
                head + T("First moment {m}", "一阶矩 {m}", m=Math(mt1)),
                mt1,
                plus(sp.Mul(BETA1, mt, evaluate=False), sp.Mul(minus(1, BETA1), gt, evaluate=False)),
                {BETA1: params.beta1, mt: m, gt: g},
            )
            steps.append(done)
            m = _coords(done.exact, d)
            done = _vstep(
                params,
                head + T("Second moment {v}", "二阶矩 {v}", v=Math(vt1)),
                vt1,
                plus(sp.Mul(BETA2, vt, evaluate=False), sp.Mul(minus(1, BETA2), sq(gt), evaluate=False)),
                {BETA2: params.beta2, vt: v, gt: g},
            )
            steps.append(done)
            v = _coords(done.exact, d)
            corrected = []
            for symbol, raw, beta, beta_value, value in (
                (mh, mt1, BETA1, params.beta1, m),
                (vh, vt1, BETA2, params.beta2, v),
            ):
                title = head + T("Bias correction {x}", "偏差修正 {x}", x=Math(symbol))
                formula = over(raw, minus(1, sp.Pow(beta, k, evaluate=False) if k > 1 else beta))
                done = _vstep(params, title, symbol, formula, {raw: value, beta: beta_value})
                steps.append(done)
                corrected.append(_coords(done.exact, d))
            found["m"].append(m)
            found["v"].append(v)
            found["m_hat"].append(corrected[0])
            found["v_hat"].append(corrected[1])
            _no_zero(params, [sp.sqrt(x) + params.eps for x in corrected[1]], t)
            rule = minus(th, over(sp.Mul(ETA, mh, evaluate=False), _denominator(params, root(vh))))
            values = {th: theta, ETA: params.eta, mh: corrected[0], vh: corrected[1], EPS: params.eps}
            new = _vstep(params, new_title, th1, rule, values)
        steps.append(new)
        theta = _coords(new.exact, d)
        found["theta"].append(theta)
    right = _run(params)
    checks, scale = _checks(params, right), _scale(params, right)
    answers = tuple(
        Answer(name, _label(params, name), _exact(values, d), checks[name], scale if name == "theta" else None)
        for name, values in found.items()
    )
    return Solution(_question(params), tuple(steps), answers)


def _exact(values: list, d: int) -> tuple:
    """Per step: a number (one coordinate) or a tuple."""
    return tuple(v[0] if d == 1 else tuple(v) for v in values)


def _sigma_title(params: Params):
    if params.optimizer == "adagrad":
        if params.convention == "lee":
            return T("Root mean square of the gradients so far", "至今梯度的均方根")
        return T("Root of the sum of the squared gradients so far", "至今梯度平方和的平方根")
    return T("Moving root mean square of the gradients", "梯度的指数加权均方根")


def _sigma_note(params: Params, t: int):
    lee = params.convention == "lee"
    if params.optimizer == "adagrad":
        if t == 0:
            return T(
                "The first step: {s}, so it moves by {eta}.",
                "第一步：{s}，所以移动 {eta}。",
                s=Math(sp.Eq(at("sigma", 0), ABS_G0, evaluate=False)),
                eta=Math(ETA),
            )
        if lee:
            return T(
                "Lee's AdaGrad divides the sum by {n}, the number of gradients (PyTorch's Adagrad does not).",
                "李宏毅课程的 AdaGrad 把平方和除以梯度的个数 {n}（PyTorch 的 Adagrad 不除）。",
                n=t + 1,
            )
        return T(
            "PyTorch's Adagrad keeps the sum (Lee's AdaGrad would divide it by {n}).",
            "PyTorch 的 Adagrad 保留平方和（李宏毅课程的 AdaGrad 会再除以 {n}）。",
            n=t + 1,
        )
    if t == 0 and lee:
        return T(
            "Lee's RMSProp starts from the first gradient's size.", "李宏毅课程的 RMSProp 以第一个梯度的大小开始。"
        )
    if t == 0:
        return T(
            "PyTorch's RMSprop starts its average of squares at 0: {v}.",
            "PyTorch 的 RMSprop 把平方的平均值从 0 开始：{v}。",
            v=Math(sp.Eq(at("sigma", -1), 0, evaluate=False)),
        )
    return ""


def _loss_said(params: Params) -> Math:
    """L(θ) = Σⱼ aⱼθⱼ², written ½(...) when that clears the halves."""
    if params.d == 1:
        return Math(sp.Eq(L, params.a[0] * THETA**2, evaluate=False))
    coords = [sp.Symbol(f"theta_{j}") for j in range(1, params.d + 1)]
    twice = [2 * a for a in params.a]
    if any(not a.is_integer for a in params.a) and all(x.is_integer for x in twice):
        body = sp.Mul(HALF, plus(*[x * c**2 for x, c in zip(twice, coords)]), evaluate=False)
    else:
        body = plus(*[a * c**2 for a, c in zip(params.a, coords)])
    return Math(sp.Eq(L, body, evaluate=False))


NAMES_SAID = {
    "gd": T("gradient descent", "梯度下降"),
    "momentum": T("gradient descent with momentum", "动量法（梯度下降加动量）"),
    "adagrad": T("AdaGrad", " AdaGrad 算法"),  # the Chinese always follows a Chinese word
    "rmsprop": T("RMSProp", " RMSProp 算法"),
    "adam": T("Adam", " Adam 算法"),
}
TORCH = {"gd": "SGD", "momentum": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}


def _convention_said(params: Params):
    if params.optimizer not in TWO_WAYS:
        return T(
            "Hung-yi Lee's course and PyTorch (torch.optim.{cls}) use the same rule:",
            "李宏毅课程与 PyTorch（torch.optim.{cls}）的公式相同：",
            cls=TORCH[params.optimizer],
        )
    if params.convention == "lee":
        return T("Use the convention of Hung-yi Lee's course:", "按李宏毅课程的约定计算：")
    return T(
        "Use PyTorch's convention (torch.optim.{cls}):",
        "按 PyTorch 的约定（torch.optim.{cls}）计算：",
        cls=TORCH[params.optimizer],
    )


def _steps_said(params: Params):
    last = at("theta", params.steps)
    if params.steps == 1:
        return T("one step, to {theta}", "一步，得到 {theta}", theta=Math(last))
    return T("{n} steps, to {theta}", " {n} 步，直到 {theta}", n=params.steps, theta=Math(last))


def _words(params: Params, name: str) -> tuple:
    """How the answer `name` is called: (one of them, the list of them)."""
    if name == "m" and params.optimizer == "momentum":
        if params.convention == "lee":
            return T("the movement", "移动量"), T("movements", "移动量")
        return T("the momentum buffer", "动量缓存"), T("momentum buffers", "动量缓存")
    return {
        "grad": (T("the gradient", "梯度"), T("gradients", "梯度")),
        "m": (T("the first moment", "一阶矩"), T("first moments", "一阶矩")),
        "sigma": (
            T("the adaptive denominator", "自适应学习率的分母"),
            T("adaptive denominators", "自适应学习率的分母"),
        ),
        "v": (T("the second moment", "二阶矩"), T("second moments", "二阶矩")),
        "m_hat": (
            T("the bias-corrected first moment", "偏差修正后的一阶矩"),
            T("bias-corrected first moments", "偏差修正后的一阶矩"),
        ),
        "v_hat": (
            T("the bias-corrected second moment", "偏差修正后的二阶矩"),
            T("bias-corrected second moments", "偏差修正后的二阶矩"),
        ),
        "theta": (T("the new parameters", "新的参数"), T("parameters after each step", "每一步之后的参数")),
    }[name]


def _letter(params: Params, name: str) -> str:
    """The letter of the answer `name` (PyTorch's momentum buffer is b)."""
    if name == "m" and params.optimizer == "momentum" and params.convention == "pytorch":
        return "b"
    return {"grad": "g"}.get(name, name)


def _first_step(name: str) -> int:
    """The index of the first value: g⁽⁰⁾ and σ⁽⁰⁾, but m⁽¹⁾, v⁽¹⁾ ... θ⁽¹⁾."""
    return 0 if name in ("grad", "sigma") else 1


def _asked(params: Params):
    """What the question asks for at step t, in order."""
    items = [
        T(
            "{w} {x}",
            "{w} {x}",
            w=_words(params, name)[0],
            x=Math(at(_letter(params, name), "t" if _first_step(name) == 0 else "t+1")),
        )
        for name in _names(params)
    ]
    if len(items) == 1:
        return items[0]
    return T("{most} and {last}", "{most} 和{last}", most=join(items[:-1]), last=items[-1])


def _question(params: Params) -> Question:
    d = params.d
    theta0 = at("theta", 0)
    start = sp.Matrix(params.theta0) if d > 1 else params.theta0[0]
    givens = [sp.Eq(theta0, shown(str(theta0), start, True), evaluate=False)]
    if params.grads is not None:
        for t, g in enumerate(params.grads):
            symbol = at("g", t)
            givens.append(sp.Eq(symbol, shown(str(symbol), sp.Matrix(g) if d > 1 else g[0], True), evaluate=False))
    hyper = [(ETA, params.eta)] + [
        (symbol, getattr(params, name))
        for name, symbol in (("lam", LAM), ("alpha", ALPHA), ("beta1", BETA1), ("beta2", BETA2), ("eps", EPS))
        if name in params.hyper
    ]
    hyper_line = sp.Tuple(*[sp.Eq(s, shown(str(s), v, True), evaluate=False) for s, v in hyper])
    if params.a is not None:
        coords = (
            T("", "")
            if d == 1
            else T(
                " (θ = ({names}))",
                "（θ = ({names})）",
                names=", ".join(f"θ{j}".translate(_SUB) for j in range(1, d + 1)),
            )
        )
        intro = T(
            "The parameters{coords} are trained by {opt} on the loss {L}, starting from {theta0}; the gradient "
            "at step t is {g}. The start and the hyper-parameters are",
            "用{opt}最小化损失 {L} 来训练参数{coords}，从 {theta0} 出发；第 t 步的梯度为 {g}。初始值与超参数为",
            coords=coords,
            opt=NAMES_SAID[params.optimizer],
            L=_loss_said(params),
            theta0=Math(theta0),
            g=Math(sp.Eq(at("g", "t"), Nabla(at("theta", "t")), evaluate=False)),
        )
    else:
        intro = T(
            "The parameters are trained by {opt} from {theta0}; the gradients of the {n} steps are given (use them "
            "as they are). The start, the gradients and the hyper-parameters are",
            "用{opt}训练参数，从 {theta0} 出发；{n} 步的梯度已经给出（直接使用）。初始值、梯度与超参数为",
            opt=NAMES_SAID[params.optimizer],
            theta0=Math(theta0),
            n=params.steps,
        )
    parts = [intro, Math(sp.Tuple(*givens) if len(givens) > 1 else givens[0], display=True)]
    parts.append(Math(hyper_line if len(hyper) > 1 else hyper_line[0], display=True))
    parts.append(_convention_said(params))
    for line in _rule_lines(params):
        rules = list(line.values())
        parts.append(Math(sp.Tuple(*rules) if len(rules) > 1 else rules[0], display=True))
    if d > 1:
        parts.append(T("Every operation acts on each coordinate separately.", "所有运算都对每个坐标分别进行。"))
    parts.append(
        T(
            "Take {steps}. At each step give {asked}. Keep 4 significant digits in intermediate results.",
            "迭代{steps}。每一步求{asked}。中间结果保留 4 位有效数字。",
            steps=_steps_said(params),
            asked=_asked(params),
        )
    )
    return Question.of(*parts)


def _names(params: Params) -> tuple[str, ...]:
    """The answers, in order."""
    state = {"gd": (), "momentum": ("m",), "adagrad": ("sigma",), "rmsprop": ("sigma",)}.get(
        params.optimizer, ("m", "v", "m_hat", "v_hat")
    )
    return (("grad",) if params.a is not None else ()) + state + ("theta",)


def _label(params: Params, name: str):
    total, first = params.steps, _first_step(name)
    which = [at(_letter(params, name), t) for t in range(first, first + total)]
    listed = Math(sp.Tuple(*which)) if total > 1 else Math(which[0])
    words = _words(params, name)[1]
    if total == 1:
        return T("{words} {x}", "{words} {x}", words=words, x=listed)
    return T("{words} {x}, one per step", "{words} {x}（每步一个）", words=words, x=listed)


# --- floats: checks and mistakes ------------------------------------------------------------


@lru_cache(maxsize=256)
def _run(
    params: Params,
    convention: str | None = None,
    descent: float = 1.0,
    momentum_sign: bool = False,
    correct: bool = True,
    rooted: bool = True,
    plain: bool = False,
    factor: float = 2.0,
) -> dict:
    """Every answer in floats, one thing done the way a mistake does it: the other convention,
    gradient ascent (descent = -1), the momentum's sign, Adam without bias correction, the
    denominator without its root, plain gradient descent, the gradient of aθ² as aθ (factor 1).
    Also `_g` (the gradients) and `_theta` (θ⁽⁰⁾ ... θ⁽ᵀ⁾), always as lists."""
    d, opt = params.d, params.optimizer
    lee = (convention or params.convention) == "lee"
    eta, lam, alpha = float(params.eta), float(params.lam), float(params.alpha)
    b1, b2, eps = float(params.beta1), float(params.beta2), float(params.eps)
    theta = [float(x) for x in params.theta0]
    m, v, s = [0.0] * d, [0.0] * d, [0.0] * d
    out = {name: [] for name in ("grad", "m", "sigma", "v", "m_hat", "v_hat")}
    thetas = [theta]
    for t in range(params.steps):
        if params.a is not None:
            g = [factor * float(a) * x for a, x in zip(params.a, theta)]
        else:
            g = [float(x) for x in params.grads[t]]
        out["grad"].append(g)
        if opt == "gd" or plain:
            theta = [x - descent * eta * gj for x, gj in zip(theta, g)]
        elif opt == "momentum":
            sign = -1.0 if momentum_sign else 1.0
            if lee:
                m = [lam * mj - sign * eta * gj for mj, gj in zip(m, g)]
                theta = [x + mj for x, mj in zip(theta, m)]
            else:
                m = [lam * mj + gj for mj, gj in zip(m, g)]
                theta = [x - sign * eta * mj for x, mj in zip(theta, m)]
            out["m"].append(m)
        elif opt in ("adagrad", "rmsprop"):
            if opt == "adagrad":
                s = [sj + gj * gj for sj, gj in zip(s, g)]
                mean = [sj / (t + 1) for sj in s] if lee else s
            elif t == 0:
                s = mean = [gj * gj * (1.0 if lee else 1 - alpha) for gj in g]
            else:
                s = mean = [alpha * sj + (1 - alpha) * gj * gj for sj, gj in zip(s, g)]
            sigma = [math.sqrt(x) if rooted else x for x in mean]
            out["sigma"].append(sigma)
            theta = [x - eta * gj / (sj + eps) for x, gj, sj in zip(theta, g, sigma)]
        else:
            m = [b1 * mj + (1 - b1) * gj for mj, gj in zip(m, g)]
            v = [b2 * vj + (1 - b2) * gj * gj for vj, gj in zip(v, g)]
            mh = [mj / (1 - b1 ** (t + 1)) for mj in m] if correct else m
            vh = [vj / (1 - b2 ** (t + 1)) for vj in v] if correct else v
            out["m"].append(m)
            out["v"].append(v)
            out["m_hat"].append(mh)
            out["v_hat"].append(vh)
            theta = [x - eta * a / ((math.sqrt(b) if rooted else b) + eps) for x, a, b in zip(theta, mh, vh)]
        thetas.append(theta)
    out["theta"] = thetas[1:]
    answers = {name: [x[0] if d == 1 else x for x in out[name]] for name in _names(params)}
    return answers | {"_g": out["grad"], "_theta": thetas}


def _float_loss(params: Params, theta: list) -> float:
    return sum(float(a) * x * x for a, x in zip(params.a, theta))


def _flat(value) -> list:
    return [x for item in value for x in _flat(item)] if isinstance(value, list) else [value]


def _moves(params: Params, right: dict) -> list:
    """|θ⁽ᵗ⁺¹⁾ - θ⁽ᵗ⁾| of every coordinate at every step."""
    path = right["_theta"]
    return [abs(b - a) for before, after in zip(path, path[1:]) for a, b in zip(before, after)]


def _checks(params: Params, right: dict) -> dict:
    """Each answer's check: 3 decimals for values of order 1, 4 significant digits for tiny or
    large ones. The parameters: 3 decimals, finer when a step is smaller than 0.01, and for
    large parameters (1000 and more) also 0.1 % of the step (`_scale`), so that the parameters
    before a step never pass for those after it."""
    checks = {}
    for name in _names(params):
        sizes = [abs(x) for x in _flat(right[name]) if x]
        if name == "theta":
            smallest = min([x for x in _moves(params, right) if x] or [1.0])
            tol = 0.001 if smallest >= 0.01 else 10.0 ** (math.floor(math.log10(smallest)) - 1)
            checks[name] = Check(abs_tol=tol, rel_tol=0.001 if max(sizes, default=0) >= 1000 else 0.0)
        elif sizes and (min(sizes) < 0.1 or max(sizes) >= 1000):
            checks[name] = Check(rel_tol=0.001)
        else:
            checks[name] = Check(abs_tol=0.001)
    return checks


def _scale(params: Params, right: dict) -> list:
    """|θ⁽ᵗ⁺¹⁾ - θ⁽ᵗ⁾| in the nesting of the answer `theta`: what its relative tolerance is taken of."""
    path = right["_theta"]
    steps = [[abs(b - a) for a, b in zip(before, after)] for before, after in zip(path, path[1:])]
    return [x[0] for x in steps] if params.d == 1 else steps


def _rmsprop_swap(params: Params) -> str:
    return "rmsprop_zero_init" if params.convention == "lee" else "rmsprop_g0_init"


def _candidates(params: Params, right: dict) -> dict:
    """{mistake: {answer: wrong value}} for every mistake that applies to this optimiser, each
    with every answer it gives (those it does not move are left out later)."""
    opt, other = params.optimizer, "pytorch" if params.convention == "lee" else "lee"
    runs = {}
    if params.a is not None:
        runs["missing_factor_2"] = dict(factor=1.0)
    if opt == "gd":
        runs["gradient_sign"] = dict(descent=-1.0)
    if opt == "momentum":
        runs["momentum_sign"] = dict(momentum_sign=True)
        runs["momentum_convention"] = dict(convention=other)
    if opt == "adagrad":
        runs["adagrad_sum_vs_mean"] = dict(convention=other)
    if opt == "rmsprop":
        runs[_rmsprop_swap(params)] = dict(convention=other)
    if opt == "adam":
        runs["adam_no_bias_correction"] = dict(correct=False)
    if opt in ADAPTIVE:
        runs["squared_without_sqrt"] = dict(rooted=False)
    if opt != "gd":
        runs["plain_gd"] = dict(plain=True)
    found = {}
    for name, how in runs.items():
        try:
            wrong = _run(params, **how)
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
        keep = ("grad", "theta") if name == "plain_gd" else _names(params)
        values = {k: wrong[k] for k in keep if k in right}
        if all(math.isfinite(x) for value in values.values() for x in _flat(value)):
            found[name] = values
    return found


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "momentum_sign": T("momentum added along the gradient", "动量沿梯度方向累加（符号错误）"),
    "momentum_convention": T(
        "Lee's movement and PyTorch's momentum buffer mixed up", "混淆了李宏毅课程的移动量与 PyTorch 的动量缓存"
    ),
    "adagrad_sum_vs_mean": T(
        "AdaGrad's root mean square and root of the sum mixed up", "混淆了 AdaGrad 的均方根与平方和的平方根"
    ),
    "rmsprop_zero_init": T(
        "Lee's RMSProp started from 0, not from |g⁰|", "李宏毅课程的 RMSProp 从 0 开始，而不是从 |g⁰| 开始"
    ),
    "rmsprop_g0_init": T(
        "PyTorch's RMSprop started from |g⁰|, not from 0", "PyTorch 的 RMSprop 从 |g⁰| 开始，而不是从 0 开始"
    ),
    "adam_no_bias_correction": T("Adam without bias correction", "Adam 没有做偏差修正"),
    "squared_without_sqrt": T("divided by the squares without the square root", "分母用了平方的平均而没有开根号"),
    "plain_gd": T("the optimiser's state ignored (plain gradient descent)", "忽略了优化器的状态（当成普通梯度下降）"),
    "gradient_sign": T("gradient added, not subtracted", "更新时加上了梯度，而不是减去"),
    "missing_factor_2": T("derivative of aθ² taken as aθ", "把 aθ² 的导数算成了 aθ"),
}


def _message(params: Params, name: str):
    """What to tell a student who made the mistake `name` in this problem."""
    t, t1 = "t", "t+1"
    theta, theta1, g = at("theta", t), at("theta", t1), at("g", t)
    lee = params.convention == "lee"
    rules = _rules(params)
    descent = Math(sp.Eq(theta1, minus(theta, sp.Mul(ETA, g, evaluate=False)), evaluate=False))
    first = Math(sp.Eq(at("sigma", 0), ABS_G0, evaluate=False))
    if name == "momentum_sign" and lee:
        return T(
            "the movement goes against the gradient: {rule}", "移动量要沿梯度的反方向：{rule}", rule=Math(rules["m"])
        )
    if name == "momentum_sign":
        return T(
            "the parameters move against the momentum buffer: {rule}",
            "参数要沿动量缓存的反方向移动：{rule}",
            rule=Math(rules["theta"]),
        )
    if name == "momentum_convention":
        movement = minus(sp.Mul(LAM, at("m", t), evaluate=False), sp.Mul(ETA, g, evaluate=False))
        values = {
            "m": Math(sp.Eq(at("m", t1), movement, evaluate=False)),
            "b": Math(sp.Eq(at("b", t1), plus(sp.Mul(LAM, at("b", t), evaluate=False), g), evaluate=False)),
        }
        if lee:
            return T(
                "this question uses Lee's convention, where m is the movement {m}, not PyTorch's buffer {b}",
                "本题采用李宏毅课程的约定，m 是移动量 {m}，而不是 PyTorch 的动量缓存 {b}",
                **values,
            )
        return T(
            "this question uses PyTorch's convention, where the buffer is {b}, not Lee's movement {m}",
            "本题采用 PyTorch 的约定，动量缓存为 {b}，而不是李宏毅课程的移动量 {m}",
            **values,
        )
    if name == "adagrad_sum_vs_mean" and lee:
        return T(
            "Lee's AdaGrad divides by the root mean square of the gradients, {rule}, not by the root of their "
            "sum (PyTorch's Adagrad)",
            "李宏毅课程的 AdaGrad 除以梯度的均方根 {rule}，而不是平方和的平方根（PyTorch 的 Adagrad）",
            rule=_sigma_said(params),
        )
    if name == "adagrad_sum_vs_mean":
        return T(
            "PyTorch's Adagrad divides by the root of the sum of the squared gradients, {rule}, not by their "
            "root mean square (Lee's AdaGrad)",
            "PyTorch 的 Adagrad 除以梯度平方和的平方根 {rule}，而不是均方根（李宏毅课程的 AdaGrad）",
            rule=_sigma_said(params),
        )
    if name == "rmsprop_zero_init":
        return T(
            "Lee's RMSProp starts from {s}, not from 0 (PyTorch's RMSprop starts its average at 0)",
            "李宏毅课程的 RMSProp 从 {s} 开始，而不是从 0 开始（PyTorch 的 RMSprop 才从 0 开始）",
            s=first,
        )
    if name == "rmsprop_g0_init":
        return T(
            "PyTorch's RMSprop starts its average of squares at 0, so {s}, not {lee} (Lee's RMSProp)",
            "PyTorch 的 RMSprop 把平方的平均值从 0 开始，所以 {s}，而不是 {lee}（李宏毅课程的 RMSProp）",
            s=Math(sp.Eq(at("sigma", 0), _sigma_rule(params, 0), evaluate=False)),
            lee=first,
        )
    if name == "adam_no_bias_correction":
        return T(
            "Adam corrects the bias of the moments before the step: {m} and {v}",
            "Adam 在更新前要对矩做偏差修正：{m} 和 {v}",
            m=Math(rules["m_hat"]),
            v=Math(rules["v_hat"]),
        )
    if name == "squared_without_sqrt":
        return T(
            "the step divides by a root, not by the squares themselves: {rule}",
            "更新的分母要开平方，不能直接用平方：{rule}",
            rule=Math(rules["theta"]) if params.optimizer == "adam" else _sigma_said(params),
        )
    if name == "plain_gd":
        return T(
            "{name} keeps a state from step to step; {rule} is plain gradient descent",
            "使用{name}时各步之间要保留状态；{rule} 只是普通的梯度下降",
            name=NAMES_SAID[params.optimizer],
            rule=descent,
        )
    if name == "gradient_sign":
        return T("gradient descent subtracts the step: {rule}", "梯度下降要减去这一步：{rule}", rule=descent)
    return T(
        "the derivative of {f} is {df}: the factor 2 stays",
        "{f} 的导数是 {df}：系数 2 不能丢",
        f=Math(sp.Symbol("a") * THETA**2),
        df=Math(2 * sp.Symbol("a") * THETA),
    )


def mistakes(params: Params, solution) -> list[Mistake]:
    right = _run(params)
    candidates = [Mistake(name, _message(params, name), wrong) for name, wrong in _candidates(params, right).items()]
    # twice the tolerance: a wrong value closer than that is no sign of the mistake
    return shown_mistakes(candidates, solution, margin=2)
