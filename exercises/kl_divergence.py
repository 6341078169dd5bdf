"""Entropy, cross-entropy and KL divergence of two distributions over the same outcomes.

For P = (p₁, …, pₙ) and Q = (q₁, …, qₙ), with logarithms to the base the question states
(base 2: bits, log₂; base e: nats, ln):

    H(P)     = -Σᵢ pᵢ log pᵢ                 entropy (信息熵); H(Q) likewise
    H(P,Q)   = -Σᵢ pᵢ log qᵢ                 cross-entropy (交叉熵): weights P, logarithms of Q
    KL(P‖Q)  =  Σᵢ pᵢ log(pᵢ/qᵢ)             KL divergence (KL散度, 相对熵) ≥ 0, not symmetric
    KL(Q‖P)  =  Σᵢ qᵢ log(qᵢ/pᵢ)
    identity =  H(P,Q) - H(P) - KL(P‖Q) = 0  (H(P,Q) = H(P) + KL(P‖Q): as H(P) does not
                                              depend on Q, minimising the cross-entropy over Q
                                              minimises KL(P‖Q))
    JS(P,Q)  =  ½ KL(P‖M) + ½ KL(Q‖M),  M = ½(P + Q)   (Jensen-Shannon, when `js` is asked)

0·log 0 = 0: an outcome where both P and Q are 0 adds nothing. Q = 0 where P > 0 makes
H(P,Q) and KL(P‖Q) infinite, P = 0 where Q > 0 makes KL(Q‖P) infinite: both are refused.
Note 004 prints the cross-entropy H_p(q) = Σ p(x) log₂(1/q(x)) under the name 信息熵
(slip S19): reporting H(P,Q) as H(P) is the mistake `entropy_with_q`.

Values are exact: a logarithm of a rational is split over its primes (log₂(3/4) =
log₂3 - 2, ln(3/4) = ln 3 - 2 ln 2), so the identity comes out exactly 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import (
    Answer,
    Check,
    Math,
    Mistake,
    Question,
    Solution,
    Step,
    shown,
    shown_mistakes,
    shown_number,
    step,
    substitute,
)
from exercises.core.symbols import Ordered, Spelled, SumOver, Written, is_short_decimal, log2

TITLE = "Entropy, cross-entropy and KL divergence"
DESCRIPTION = "Entropies of P and Q, the cross-entropy H(P,Q), the KL divergence both ways, H(P,Q) = H(P) + KL(P‖Q)."
TITLE_ZH = "信息熵、交叉熵与KL散度"
DESCRIPTION_ZH = "两个分布的信息熵、交叉熵 H(P,Q)、两个方向的KL散度（相对熵），以及 H(P,Q) = H(P) + KL(P‖Q)。"

MOST = 6  # outcomes a user may give
FORMS = {
    "P": T(
        "a list of 2-{n} probabilities (fractions such as 1/4 or decimals such as 0.25) that add up to 1, "
        "e.g. [1/2,1/2]",
        "2-{n} 个概率的列表（分数如 1/4 或小数如 0.25），总和为 1，例如 [1/2,1/2]",
        n=MOST,
    ),
    "Q": T(
        "a list of probabilities over the same outcomes as P, adding up to 1, positive wherever P is and "
        "zero only where P is, e.g. [1/4,3/4]",
        "与 P 取值相同的概率列表，总和为 1，P 为正的位置也必须为正、只在 P 为 0 的位置为 0，例如 [1/4,3/4]",
    ),
    "base": T("2 (bits, log₂) or e (nats, ln); default 2", "2（比特，log₂）或 e（奈特，ln）；默认为 2"),
    "js": T(
        "true or false (default false): also the Jensen-Shannon divergence JS(P,Q)",
        "true 或 false（默认 false）：同时求 JS散度 JS(P,Q)",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve kl_divergence` takes
BASES = {"2": "2", "bits": "2", "bit": "2", "log2": "2", "e": "e", "nats": "e", "nat": "e", "ln": "e"}
UNIT = {"2": T("bits", "比特"), "e": T("nats", "奈特")}
LOGS = {"2": math.log2, "e": math.log}
INFO = Check(abs_tol=0.001)
CLEAR = 0.005  # a generated problem's mistakes move each answer they name by this much (5 tolerances)
SMALLEST = 0.02  # a generated KL or JS divergence is at least this


class ln(Written, sp.Function):
    """The natural logarithm written ln, exact on positive rationals as `log2` is for base 2:
    ln(3/4) = ln(3) - 2⋅ln(2), the logarithm of a prime left as it is. (`Ln` never evaluates,
    and sympy's log prints as log.)"""

    NAME, LATEX = "ln", r"\ln"

    @classmethod
    def eval(cls, x):
        if not (x.is_Rational and x.is_positive):
            return None
        exponents = _exponents(x)
        if list(exponents.values()) == [1]:
            return None  # the logarithm of a prime stays as it is
        return sp.Add(*[k * cls(sp.Integer(prime)) for prime, k in exponents.items()])

    def _eval_evalf(self, prec):
        x = self.args[0]._eval_evalf(prec)
        if x is None or not x.is_Number:
            return None
        with mpmath.workprec(prec + 10):
            return sp.Float(mpmath.log(x._to_mpmath(prec + 10)), precision=prec)

    def _eval_is_real(self):
        return self.args[0].is_positive

    def _sympystr(self, printer):
        return f"log({printer._print(self.args[0])})"


def _exponents(x: sp.Rational) -> dict[int, int]:
    """x = Π prime^k: {prime: k} (k < 0 for the denominator's primes)."""
    exponents: dict[int, int] = {}
    for part, sign in ((x.p, 1), (x.q, -1)):
        for prime, k in sp.factorint(part).items():
            exponents[prime] = exponents.get(prime, 0) + sign * k
    return exponents


LOG = {"2": log2, "e": ln}

# --- the symbols -----------------------------------------------------------------------------

H = sp.Function("H")
P_, Q_, M_ = sp.Symbol("P"), sp.Symbol("Q"), sp.Symbol("M")
KL_PQ = Spelled("KL(P‖Q)", r"\mathrm{KL}(P \,\|\, Q)")
KL_QP = Spelled("KL(Q‖P)", r"\mathrm{KL}(Q \,\|\, P)")
KL_PM = Spelled("KL(P‖M)", r"\mathrm{KL}(P \,\|\, M)")
KL_QM = Spelled("KL(Q‖M)", r"\mathrm{KL}(Q \,\|\, M)")
JS = Spelled("JS(P, Q)", r"\mathrm{JS}(P, Q)")
IDENTITY = Ordered(H(P_, Q_), -H(P_), -KL_PQ, evaluate=False)  # H(P,Q) - H(P) - KL(P‖Q)
MIXTURE = sp.Mul(sp.S.Half, sp.Add(P_, Q_), evaluate=False)  # M = (P + Q)/2
JS_FORMULA = Ordered(KL_PM / 2, KL_QM / 2, evaluate=False)  # JS = KL(P‖M)/2 + KL(Q‖M)/2
RULE = Math(sp.Eq(H(P_, Q_), Ordered(H(P_), KL_PQ, evaluate=False), evaluate=False))  # H(P,Q) = H(P) + KL(P‖Q)
_i = sp.Symbol("i")
_pi, _qi = sp.Symbol("p_i"), sp.Symbol("q_i")


def _p(i: int) -> sp.Symbol:
    return sp.Symbol(f"p_{i}")


def _q(i: int) -> sp.Symbol:
    return sp.Symbol(f"q_{i}")


def _m(i: int) -> sp.Symbol:
    return sp.Symbol(f"m_{i}")


def _definitions(base: str) -> dict[str, Math]:
    """The formulas a sentence states, in the problem's logarithm."""
    log = LOG[base]
    return {
        "entropy": Math(sp.Eq(H(P_), SumOver(sp.S.NegativeOne, _pi * log(_pi), _i), evaluate=False)),
        "cross": Math(sp.Eq(H(P_, Q_), SumOver(sp.S.NegativeOne, _pi * log(_qi), _i), evaluate=False)),
        "kl": Math(sp.Eq(KL_PQ, SumOver(sp.S.One, _pi * log(_pi / _qi), _i), evaluate=False)),
    }


# --- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params:
    P: tuple  # exact probabilities (sympy Rationals), adding up to 1
    Q: tuple  # over the same outcomes
    base: str = "2"  # "2" (bits) or "e" (nats)
    js: bool = False  # also the Jensen-Shannon divergence

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("P", "Q"), ("base", "js"))
        P = _distribution("P", raw["P"])
        Q = _distribution("Q", raw["Q"])
        if len(Q) != len(P):
            raise ParamError(
                T(
                    "parameter 'Q' must give one probability per outcome of P: {n} probabilities; got {got}.",
                    "参数 'Q' 应为 P 的每个取值给出一个概率，共 {n} 个；实际为 {got} 个。",
                    n=len(P),
                    got=len(Q),
                )
            )
        for i, (p, q) in enumerate(zip(P, Q), 1):
            if p > 0 and q == 0:
                raise ParamError(
                    T(
                        "Q(x{i}) = 0 where P(x{i}) > 0, so H(P,Q) and KL(P‖Q) are infinite; "
                        "parameter 'Q' must be positive wherever P is.",
                        "P(x{i}) > 0 而 Q(x{i}) = 0，交叉熵 H(P,Q) 与 KL(P‖Q) 为无穷大；"
                        "参数 'Q' 在 P 为正的位置必须为正。",
                        i=i,
                    )
                )
            if q > 0 and p == 0:
                raise ParamError(
                    T(
                        "P(x{i}) = 0 where Q(x{i}) > 0, so KL(Q‖P) is infinite; "
                        "parameter 'P' must be positive wherever Q is (both directions of KL are asked).",
                        "Q(x{i}) > 0 而 P(x{i}) = 0，KL(Q‖P) 为无穷大；参数 'P' 在 Q 为正的位置必须为正"
                        "（两个方向的KL散度都要求）。",
                        i=i,
                    )
                )
        base = raw.get("base", 2)
        word = str(base).strip().lower() if isinstance(base, (str, int, Fraction)) and base is not True else None
        if word not in BASES:
            raise ParamError(T("parameter 'base' must be {form}.", "参数 'base' 应为：{form}。", form=FORMS["base"]))
        js = raw.get("js", False)
        if not isinstance(js, bool):
            raise ParamError(T("parameter 'js' must be {form}.", "参数 'js' 应为：{form}。", form=FORMS["js"]))
        return cls(P, Q, BASES[word], js)

    def to_json(self) -> dict:
        out = {"P": [read.to_json(x) for x in self.P], "Q": [read.to_json(x) for x in self.Q]}
        return out | {"base": 2 if self.base == "2" else "e"} | ({"js": True} if self.js else {})


def _distribution(name: str, value) -> tuple:
    probabilities = read.vector(name, value, FORMS[name], (2, MOST), low=0, high=1)
    total = sum(probabilities)
    if total != 1:
        said = read.to_json(total)
        raise ParamError(
            T(
                "the probabilities of parameter '{name}' add up to {total}, not 1; "
                "write each exactly, as a fraction such as 1/3 or a decimal such as 0.25.",
                "参数 '{name}' 的概率之和为 {total}，不是 1；请精确地写出每个概率，如分数 1/3 或小数 0.25。",
                name=name,
                total=said,
            )
        )
    return probabilities


# --- generation ------------------------------------------------------------------------------

HALVES = {  # distributions whose probabilities are all powers of ½
    2: ((1, 1),),
    3: ((2, 1, 1),),
    4: ((4, 2, 1, 1), (1, 1, 1, 1)),
}
DENOMINATORS = {"easy": (4, 8), "medium": (4, 5, 8, 10), "hard": (8, 10, 16, 20)}


def _composition(dice, d: int, n: int) -> tuple:
    """n positive multiples of 1/d adding up to 1."""
    cuts = [0, *sorted(dice.sample(range(1, d), n - 1)), d]
    return tuple(sp.Rational(b - a, d) for a, b in zip(cuts, cuts[1:]))


def generate(dice, difficulty: str) -> Params:
    """easy: 2-4 outcomes, bits; P's probabilities powers of ½ (so H(P) is exact bits), Q's
    multiples of ⅛. (Pairs of all-powers-of-½ distributions whose KL differs both ways exist
    only over 4 outcomes, and all are one instance up to order: KL 0.625 and 0.5 bits.)
    medium: 2-3 outcomes, multiples of 1/4, 1/5, 1/8 or 1/10, bits or nats.
    hard: 4 outcomes, multiples of 1/8, 1/10, 1/16 or 1/20, bits or nats, and the
    Jensen-Shannon divergence. Redrawn: a divergence below 0.02, or a mistake that moves an
    answer by less than 0.005 (the two KL directions, H(P,Q) and H(Q,P) then differ clearly)."""
    if difficulty == "easy":
        n = dice.integer(2, 4)
        shape = dice.choice(HALVES[n])
        P = tuple(sp.Rational(k, sum(shape)) for k in dice.sample(shape, n))
        base, js = "2", False
    else:
        n = dice.integer(2, 3) if difficulty == "medium" else 4
        P = _composition(dice, dice.choice(DENOMINATORS[difficulty]), n)
        base, js = dice.choice(("2", "e")), difficulty == "hard"
    Q = _composition(dice, dice.choice(DENOMINATORS[difficulty]), n)
    params = Params(P, Q, base, js)
    right = _numbers(params)
    if min(right[name] for name in ("kl_PQ", "kl_QP", "js") if name in right) < SMALLEST:
        raise Redraw("a divergence too close to 0")
    for mistake in _candidates(params, right):
        for name, wrong in mistake.answers.items():
            if abs(wrong - right[name]) < CLEAR:
                raise Redraw(f"mistake {mistake.name} moves {name} by about the tolerance")
    return params


# --- the solution ----------------------------------------------------------------------------


def _present(params: Params) -> list[int]:
    """The outcomes (1-based) with a probability: where both are 0, 0·log 0 = 0 adds nothing."""
    return [i for i, p in enumerate(params.P, 1) if p]


def _sum(terms):
    return terms[0] if len(terms) == 1 else Ordered(*terms, evaluate=False)


def _decimals(params: Params) -> bool:
    """Probabilities are written as decimals when they all are short ones and some are tenths or
    twentieths (0.05, 0.3); halves, quarters and eighths stay fractions (1/8, 3/4)."""
    every = (*params.P, *params.Q)
    return all(is_short_decimal(x) for x in every) and any(x.q % 5 == 0 for x in every)


def _sum_step(title, lhs, weight, argument, values: dict, log, *, negative: bool, decimals: bool, note="") -> Step:
    """lhs = ±Σᵢ wᵢ⋅log(aᵢ) over the outcomes present, with the probabilities put in."""
    terms = [(-1 if negative else 1) * w * log(a) for w, a in zip(weight, argument)]
    exact = sp.expand(sp.Add(*[term.xreplace(values) for term in terms]))  # logs split over primes
    return step(title, lhs, _sum(terms), values, exact=exact, decimals=decimals, note=note)


def _row(values) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([list(values)])


def solve(params: Params) -> Solution:
    base, log, unit = params.base, LOG[params.base], UNIT[params.base]
    present, decimals = _present(params), _decimals(params)
    p, q = [_p(i) for i in present], [_q(i) for i in present]
    values = {_p(i): params.P[i - 1] for i in present} | {_q(i): params.Q[i - 1] for i in present}
    zeros = len(present) < len(params.P)
    halves = base == "2" and all(_exponents(x).keys() <= {2} for x in params.P if x)
    entropy_note = ""
    if halves:
        entropy_note = T(
            "Each {p} is a power of ½, so each {log} is a whole number.",
            "每个 {p} 都是 ½ 的幂，所以每个 {log} 都是整数。",
            p=Math(_pi),
            log=Math(log2(_pi)),
        )
    if zeros:
        entropy_note = T(
            "{before}Outcomes where P and Q are both 0 add nothing ({zero}).",
            "{before}P 与 Q 都为 0 的取值不计入（{zero}）。",
            before=T("{n} ", "{n}", n=entropy_note) if entropy_note else "",
            zero=_zero_log(base),
        )
    h_p = _sum_step(
        T("Entropy of P", "P 的信息熵"), H(P_), p, p, values, log, negative=True, decimals=decimals, note=entropy_note
    )
    h_q = _sum_step(T("Entropy of Q", "Q 的信息熵"), H(Q_), q, q, values, log, negative=True, decimals=decimals)
    note_formula = Math(
        sp.Eq(
            Spelled("H_p(q)", r"H_{p}(q)"),
            SumOver(sp.S.One, _pi * log2(1 / _qi), _i),
            evaluate=False,
        )
    )
    cross = _sum_step(
        T("Cross-entropy {h}: weights P, logarithms of Q", "交叉熵 {h}：以 P 加权、对 Q 取对数", h=Math(H(P_, Q_))),
        H(P_, Q_),
        p,
        q,
        values,
        log,
        negative=True,
        decimals=decimals,
        note=T(
            "Note 004 prints this sum, {f}, under the name entropy: it is the cross-entropy; "
            "the entropy takes the logarithm of P itself.",
            "笔记 004 把这个和式 {f} 称为“信息熵”：它其实是交叉熵；信息熵取的是 P 自身的对数。",
            f=note_formula,
        ),
    )
    kl_pq = _sum_step(
        T("KL divergence {kl}", "KL散度（相对熵）{kl}", kl=Math(KL_PQ)),
        KL_PQ,
        p,
        [a / b for a, b in zip(p, q)],
        values,
        log,
        negative=False,
        decimals=decimals,
        note=T(
            "The average under P of {r}; it is at least 0, and 0 only when {same}.",
            "在 P 下对 {r} 取平均；它不小于 0，只有 {same} 时才为 0。",
            r=Math(log(_pi / _qi)),
            same=Math(sp.Eq(Q_, P_, evaluate=False)),
        ),
    )
    asymmetric = params.P != params.Q
    kl_qp = _sum_step(
        T("KL divergence the other way, {kl}", "反方向的KL散度 {kl}", kl=Math(KL_QP)),
        KL_QP,
        q,
        [b / a for a, b in zip(p, q)],
        values,
        log,
        negative=False,
        decimals=decimals,
        note=T(
            "Not {kl}: the KL divergence is not symmetric.",
            "不等于 {kl}：KL散度（相对熵）不满足对称性。",
            kl=Math(sp.Eq(KL_PQ, sp.Float(float(kl_pq.exact.evalf(17)), 4), evaluate=False)),
        )
        if asymmetric
        else T(
            "{same}, so both directions are 0.", "{same}，两个方向都为 0。", same=Math(sp.Eq(P_, Q_, evaluate=False))
        ),
    )
    identity = step(
        T("Check: the cross-entropy is the entropy plus the KL divergence", "验证：交叉熵等于信息熵加KL散度"),
        IDENTITY,
        IDENTITY,
        {H(P_, Q_): cross.exact, H(P_): h_p.exact, KL_PQ: kl_pq.exact},
        exact=sp.expand(cross.exact - h_p.exact - kl_pq.exact),  # 0: each log is split over its primes
        note=T(
            "So {rule}. {h} does not depend on Q, so minimising the cross-entropy over Q minimises the "
            "KL divergence: training on the cross-entropy fits Q to P.",
            "即 {rule}。{h} 与 Q 无关，所以对 Q 最小化交叉熵就是最小化相对熵（KL散度）："
            "以交叉熵为训练目标即让 Q 逼近 P。",
            rule=RULE,
            h=Math(H(P_)),
        ),
    )
    steps = [h_p, h_q, cross, kl_pq, kl_qp, identity]

    def label(en, zh, what):
        return T("{what} {x}, {unit}", "{what} {x}（{unit}）", what=T(en, zh), x=Math(what), unit=unit)

    answers = [
        Answer("H_P", label("entropy", "信息熵", H(P_)), h_p.exact, INFO),
        Answer("H_Q", label("entropy", "信息熵", H(Q_)), h_q.exact, INFO),
        Answer("cross_entropy_PQ", label("cross-entropy", "交叉熵", H(P_, Q_)), cross.exact, INFO),
        Answer("kl_PQ", label("KL divergence", "KL散度", KL_PQ), kl_pq.exact, INFO),
        Answer("kl_QP", label("KL divergence", "KL散度", KL_QP), kl_qp.exact, INFO),
        Answer(
            "identity",
            T("{x}, {unit} (the identity's check)", "{x}（{unit}，验证恒等式）", x=Math(IDENTITY), unit=unit),
            identity.exact,
            INFO,
        ),
    ]
    if params.js:
        js_steps = _js_steps(params, present, values, log, decimals)
        steps += js_steps
        answers.append(Answer("js", label("Jensen-Shannon divergence", "JS散度", JS), js_steps[-1].exact, INFO))
    return Solution(_question(params), tuple(steps), tuple(answers))


def _js_steps(params: Params, present: list[int], values: dict, log, decimals: bool) -> list[Step]:
    """M = (P + Q)/2, KL(P‖M), KL(Q‖M), then JS = ½ KL(P‖M) + ½ KL(Q‖M)."""
    p, q, m = ([f(i) for i in present] for f in (_p, _q, _m))
    mapping = {s: shown_number(str(s), values[s], decimals) for s in [*p, *q]}
    mixed = [sp.Mul(sp.S.Half, sp.Add(a, b), evaluate=False) for a, b in zip(p, q)]
    mixture = Step(
        T("The mixture M, the average of P and Q", "混合分布 M：P 与 Q 的平均"),
        M_,
        MIXTURE,
        _row([substitute(x, mapping) for x in mixed]),
        _row([(values[a] + values[b]) / 2 for a, b in zip(p, q)]),
        T("Only the outcomes where P or Q is positive.", "只列出 P 或 Q 为正的取值。")
        if len(present) < len(params.P)
        else "",
    )
    values = values | {s: v for s, v in zip(m, mixture.exact)}
    to_m = [
        _sum_step(
            T("KL divergence {kl}", "KL散度 {kl}", kl=Math(lhs)),
            lhs,
            w,
            [a / b for a, b in zip(w, m)],
            values,
            log,
            negative=False,
            decimals=decimals,
        )
        for lhs, w in ((KL_PM, p), (KL_QM, q))
    ]
    js = step(
        T("Jensen-Shannon divergence", "JS散度"),
        JS,
        JS_FORMULA,
        {KL_PM: to_m[0].exact, KL_QM: to_m[1].exact},
        exact=sp.expand((to_m[0].exact + to_m[1].exact) / 2),
        note=T(
            "Symmetric, unlike the KL divergence, and at most {most}.",
            "与KL散度不同，它是对称的，且不超过 {most}。",
            most=Math(sp.S.One if params.base == "2" else ln(sp.Integer(2))),
        ),
    )
    return [mixture, *to_m, js]


def _zero_log(base: str) -> Math:
    """0⋅log(0) = 0, the convention."""
    return Math(sp.Eq(sp.Mul(sp.S.Zero, LOG[base](sp.S.Zero), evaluate=False), sp.S.Zero, evaluate=False))


def _question(params: Params) -> Question:
    n = len(params.P)
    definitions = _definitions(params.base)
    logs = (
        T("logarithms to base 2 (bits)", "以 2 为底的对数（单位：比特）")
        if params.base == "2"
        else T("natural logarithms (nats)", "自然对数（单位：奈特）")
    )
    outcomes = join(Math(sp.Symbol(f"x_{i}")) for i in range(1, n + 1))
    js = (
        T(
            " Then compute the Jensen-Shannon divergence {js} with {m}.",
            "再求 JS散度 {js}，其中 {m}。",
            js=Math(sp.Eq(JS, JS_FORMULA, evaluate=False)),
            m=Math(sp.Eq(M_, MIXTURE, evaluate=False)),
        )
        if params.js
        else T("", "")
    )
    return Question.of(
        T(
            "Two distributions P and Q over the same {n} outcomes {outcomes} give them these probabilities:",
            "两个分布 P 与 Q 定义在相同的 {n} 个取值 {outcomes} 上，概率分别为：",
            n=n,
            outcomes=outcomes,
        ),
        *(
            Math(sp.Eq(X, shown(str(X), _row(v), _decimals(params)), evaluate=False), display=True)
            for X, v in ((P_, params.P), (Q_, params.Q))
        ),
        T(
            "With {logs}, compute the entropies {hp} and {hq}, the cross-entropy {cross}, the KL divergences "
            "{kl} and {klqp}, and check the identity {rule} by computing {identity} from your results.{js} "
            "Keep 4 significant digits in intermediate results{zero}.",
            "用{logs}，求信息熵 {hp} 与 {hq}、交叉熵 {cross}、KL散度 {kl} 与 {klqp}，"
            "并用所得结果计算 {identity}，以验证恒等式 {rule}。{js}中间结果保留 4 位有效数字{zero}。",
            logs=logs,
            hp=definitions["entropy"],
            hq=Math(H(Q_)),
            cross=definitions["cross"],
            kl=definitions["kl"],
            klqp=Math(KL_QP),
            rule=RULE,
            identity=Math(IDENTITY),
            js=js,
            zero=T("; take {zero}", "；约定 {zero}", zero=_zero_log(params.base)) if 0 in params.P else "",
        ),
    )


# --- floats: mistakes and degenerate draws ------------------------------------------------------


def _numbers(params: Params) -> dict:
    """Every answer in floats (and H(Q,P), which a mistake reports)."""
    log = LOGS[params.base]
    pairs = [(float(p), float(q)) for p, q in zip(params.P, params.Q) if p]
    h_pq = -sum(p * log(q) for p, q in pairs)
    out = {
        "H_P": -sum(p * log(p) for p, _ in pairs),
        "H_Q": -sum(q * log(q) for _, q in pairs),
        "cross_entropy_PQ": h_pq,
        "kl_PQ": sum(p * log(p / q) for p, q in pairs),
        "kl_QP": sum(q * log(q / p) for p, q in pairs),
        "identity": 0.0,
        "H_QP": -sum(q * log(p) for p, q in pairs),
    }
    if params.js:
        out["js"] = sum(p * log(2 * p / (p + q)) + q * log(2 * q / (p + q)) for p, q in pairs) / 2
    return out


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "ln_vs_log2": T("ln and log₂ mixed up (bits and nats)", "混淆了 ln 与 log₂（比特与奈特）"),
    "kl_direction": T("KL divergence in the wrong direction", "KL散度的方向弄反了"),
    "cross_entropy_swapped": T(
        "cross-entropy {qp} instead of {pq}", "把交叉熵 {pq} 算成了 {qp}", qp=Math(H(Q_, P_)), pq=Math(H(P_, Q_))
    ),
    "entropy_with_q": T(
        "cross-entropy reported as entropy (the note's formula)", "把交叉熵当成了信息熵（照抄笔记公式）"
    ),
    "js_without_mixture": T("JS as the mean of the two KL divergences", "把 JS散度算成了两个方向KL散度的平均"),
}
LOGGED = ("H_P", "H_Q", "cross_entropy_PQ", "kl_PQ", "kl_QP", "js")  # the answers a log base scales


def _candidates(params: Params, right: dict) -> list[Mistake]:
    definitions = _definitions(params.base)
    if params.base == "2":
        factor = math.log(2)  # ln x = log₂ x ⋅ ln 2
        base = T("the question asks for bits: log₂, not ln", "题目要求以比特为单位：应该用 log₂，而不是 ln")
    else:
        factor = 1 / math.log(2)
        base = T("the question asks for nats: ln, not log₂", "题目要求以奈特为单位：应该用 ln，而不是 log₂")
    found = [
        Mistake("ln_vs_log2", base, {name: right[name] * factor for name in LOGGED if name in right}),
        Mistake(
            "kl_direction",
            T(
                "{kl}: the weights are P; you computed the other direction, and the KL divergence is not symmetric",
                "{kl}：以 P 加权；你算成了另一个方向，而KL散度（相对熵）不满足对称性",
                kl=definitions["kl"],
            ),
            {"kl_PQ": right["kl_QP"], "kl_QP": right["kl_PQ"], "identity": right["kl_PQ"] - right["kl_QP"]},
        ),
        Mistake(
            "cross_entropy_swapped",
            T(
                "{cross}: weights P, logarithms of Q; you computed {other}",
                "{cross}：以 P 加权、对 Q 取对数；你算成了 {other}",
                cross=definitions["cross"],
                other=Math(H(Q_, P_)),
            ),
            {
                "cross_entropy_PQ": right["H_QP"],
                "identity": right["H_QP"] - right["H_P"] - right["kl_PQ"],
            },
        ),
        Mistake(
            "entropy_with_q",
            T(
                "that is the cross-entropy, which note 004 prints under the name 信息熵; the entropy is {h}",
                "这是交叉熵（笔记 004 把它误称为信息熵）；信息熵是 {h}",
                h=definitions["entropy"],
            ),
            {
                "H_P": right["cross_entropy_PQ"],
                "H_Q": right["H_QP"],
                "identity": right["cross_entropy_PQ"] - right["cross_entropy_PQ"] - right["kl_PQ"],
            },
        ),
    ]
    if params.js:
        found.append(
            Mistake(
                "js_without_mixture",
                T(
                    "the JS divergence compares P and Q with their mixture M, {js}; not with each other",
                    "JS散度是 P、Q 分别与混合分布 M 比较：{js}；而不是 P 与 Q 互相比较",
                    js=Math(sp.Eq(JS, JS_FORMULA, evaluate=False)),
                ),
                {"js": (right["kl_PQ"] + right["kl_QP"]) / 2},
            )
        )
    return found


def mistakes(params: Params, solution) -> list[Mistake]:
    return shown_mistakes(_candidates(params, _numbers(params)), solution)
