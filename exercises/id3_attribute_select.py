"""ID3: the attribute to split on, chosen by information gain from a table of samples (bits).

    H(D)     = -Σ_k (|C_k| / |D|) log₂(|C_k| / |D|)    C_k: the samples of class k; 0 · log₂ 0 = 0
    H(D|A)   = Σ_i (|D_i| / |D|) H(D_i)                 D_i: the samples taking the i-th value of A
    IG(D, A) = H(D) - H(D|A)
    split on argmax_A IG(D, A); ties (gains within 1e-12) -> the first attribute in column order

Two levels deep (hard, or `child` given): in the branch D' of the root's attribute named by
`child`, the same choice among the other attributes, with D' in place of D.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

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
    step,
)
from exercises.core.symbols import log2
from exercises.core.tables import (
    FORM_COLUMNS,
    FORM_TABLE,
    TIE,
    Table,
    draw_table,
    first_best,
    read_table,
    table_intro,
)

TITLE = "ID3 attribute selection"
DESCRIPTION = "From a table of samples: entropy, conditional entropy and information gain of each attribute; the split."
TITLE_ZH = "决策树ID3特征选择"
DESCRIPTION_ZH = "由样本表求信息熵、各属性的条件熵与信息增益，选出划分属性（ID3）。"
CODING_TASK = "decision_tree"

FORM_CHILD = T(
    "a value of the attribute chosen at the root whose branch holds more than one class: the node to split next "
    "(optional; it makes the problem two levels deep)",
    "根结点所选属性的一个取值，且该分支含有不止一个类别：即下一个要划分的结点（可选；给出后题目为两层）",
)
PARAMETERS = {"table": FORM_TABLE, "columns": FORM_COLUMNS, "child": FORM_CHILD}
BITS = Check(abs_tol=0.001)

H, IG = sp.Function("H"), sp.Function("IG")
D, D_CHILD = sp.Symbol("D"), sp.Symbol("D'")
A = sp.Symbol("A")


def _given(node, j):
    """D|A_j, the node given attribute j (1-based)."""
    return sp.Symbol(f"{node}|A_{j}")


def _attribute(j: int) -> Math:
    """A_j, attribute j (1-based), in a sentence."""
    return Math(sp.Symbol(f"A_{j}"))


def _samples(n: int):
    return T("1 sample", "1 个样本") if n == 1 else T("{n} samples", "{n} 个样本", n=n)


ZERO_LOG_ZERO = Math(sp.Eq(sp.Mul(0, log2(sp.S.Zero), evaluate=False), 0, evaluate=False))


# ---------------------------------------------------------------- float arithmetic
# (to choose the child, to reject degenerate draws, and for the mistakes: never the exact path)


def _entropy(counts, log=math.log2) -> float:
    total = sum(counts)
    return -sum(n / total * log(n / total) for n in counts if n)


def _conditional(table: Table, j: int, log=math.log2, how: str = "weighted") -> float:
    """H(D|A_j) of attribute j (0-based): branch entropies weighted by branch size; or, as the
    mistakes compute it, their plain mean ("unweighted") or the entropy of the branch sizes ("rows")."""
    branches = table.counts(j)
    sizes = [sum(b) for b in branches]
    if how == "rows":
        return _entropy(sizes, log)
    entropies = [_entropy(b, log) for b in branches]
    if how == "unweighted":
        return sum(entropies) / len(entropies)
    return sum(n * h for n, h in zip(sizes, entropies)) / len(table)


def _gains(table: Table, candidates, log=math.log2, how: str = "weighted") -> list[float]:
    root = _entropy(table.class_counts(), log)
    return [root - _conditional(table, j, log, how) for j in candidates]


def _others(table: Table, root: int) -> list[int]:
    return [j for j in range(len(table.attributes)) if j != root]


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    table: Table
    child: str | None = None  # a value of the root's attribute: the branch split next

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("table",), ("columns", "child"))
        table = read_table(raw)
        if "child" not in raw:
            return cls(table)
        child = raw["child"]
        child = str(child) if isinstance(child, int) and not isinstance(child, bool) else child
        root = first_best(_gains(table, range(len(table.attributes))))
        name, values = table.attributes[root], table.values(root)
        if len(table.attributes) < 2:
            raise ParamError(
                T(
                    "parameter 'child' needs a table of at least two attributes: "
                    "the branch is split by an attribute other than the root's.",
                    "参数 'child' 要求表中至少有两个属性：该分支要用根结点属性以外的属性划分。",
                )
            )
        if not isinstance(child, str) or child.strip() not in values:
            raise ParamError(
                T(
                    "parameter 'child' must be a value of {name}, the attribute chosen at the root: one of {values}.",
                    "参数 'child' 应为根结点所选属性 {name} 的一个取值：{values} 之一。",
                    name=name,
                    values=join(values),
                )
            )
        child = child.strip()
        branch = table.where(root, child)
        if sum(1 for n in branch.class_counts() if n) < 2:
            raise ParamError(
                T(
                    "the branch {name} = {value} holds one class only: it is a leaf, with nothing to split; "
                    "choose a branch with more than one class.",
                    "分支 {name} = {value} 只含一个类别：它是叶结点，无需再划分；请选择含有多个类别的分支。",
                    name=name,
                    value=child,
                )
            )
        if max(_gains(branch, _others(table, root))) <= TIE:
            raise ParamError(
                T(
                    "no other attribute has a positive information gain in the branch {name} = {value}: "
                    "ID3 makes it a leaf; choose another branch.",
                    "在分支 {name} = {value} 中，其他属性的信息增益都为 0：ID3 会把它作为叶结点；请选择其他分支。",
                    name=name,
                    value=child,
                )
            )
        return cls(table, child)

    def to_json(self) -> dict:
        return self.table.to_json() | ({"child": self.child} if self.child is not None else {})


# ---------------------------------------------------------------- generation

GAP = 0.01  # the best gain beats the next by this much, and is at least twice it


def _clear(gains) -> bool:
    """One attribute clearly best and one clearly worst (no tie the question would need a rule for)."""
    ranked = sorted(gains, reverse=True)
    return ranked[0] >= 2 * GAP and ranked[0] - ranked[1] >= GAP and ranked[-2] - ranked[-1] >= GAP / 2


def generate(dice, difficulty: str) -> Params:
    """easy: 8 samples, 2 attributes of 2 values; medium: 10-12 samples, 3 attributes of 2-3
    values; hard: 12-14 samples, 3-4 attributes, and an impure branch of the root's attribute
    to split next; always 2 classes (see `tables.draw_table`). The best and the worst
    attribute are clear at every level asked (else drawn again)."""
    if difficulty == "easy":
        table = draw_table(dice, 8, 2, 2)
    elif difficulty == "medium":
        table = draw_table(dice, dice.integer(10, 12), 3, 3)
    else:
        table = draw_table(dice, dice.integer(12, 14), dice.integer(3, 4), 3)
    gains = _gains(table, range(len(table.attributes)))
    if not _clear(gains):
        raise Redraw("no clear best and worst attribute")
    if difficulty != "hard":
        return Params(table)
    root = first_best(gains)
    splittable = []
    for value in table.values(root):
        branch = table.where(root, value)
        if sum(1 for c in branch.class_counts() if c) == 2 and _clear(_gains(branch, _others(table, root))):
            splittable.append(value)
    if not splittable:
        raise Redraw("no impure branch with a clear best attribute")
    return Params(table, dice.choice(splittable))


# ---------------------------------------------------------------- solution


def _entropy_step(title, node, table: Table):
    """H(node) = -Σ p_k log₂ p_k over the classes present, p_k their shares."""
    counts, total = table.class_counts(), len(table)
    present = [k for k, n in enumerate(counts) if n]
    p = {k: sp.Symbol(f"p_{k + 1}") for k in present}
    shares = join(
        T(
            "{p} ({c})",
            "{p}（{c}）",
            p=Math(sp.Eq(p[k], sp.Rational(counts[k], total), evaluate=False)),
            c=table.classes[k],
        )
        for k in present
    )
    if len(present) < len(counts):
        note = T("{shares}; {zero} by convention.", "{shares}；约定 {zero}。", shares=shares, zero=ZERO_LOG_ZERO)
    else:
        note = T("{shares}.", "{shares}。", shares=shares)
    formula = -sp.Add(*[p[k] * log2(p[k]) for k in present])
    return step(title, H(node), formula, {p[k]: sp.Rational(counts[k], total) for k in present}, note=note)


def _attribute_steps(table: Table, j: int, node, node_entropy):
    """Branch entropies, conditional entropy and information gain of attribute j (0-based) in `table`."""
    name, values = table.attributes[j], table.values(j)
    parts = [table.where(j, v) for v in values]
    branches = [sp.Symbol(f"{node}_{i}") for i in range(1, len(values) + 1)]
    steps = [
        _entropy_step(
            T(
                "Entropy of the branch {a} = {v} ({n})",
                "分支 {a} = {v} 的信息熵（{n}）",
                a=name,
                v=v,
                n=_samples(len(part)),
            ),
            branch,
            part,
        )
        for v, part, branch in zip(values, parts, branches)
    ]
    sizes = [sp.Symbol(f"N_{i}") for i in range(1, len(values) + 1)]
    n = sp.Symbol("N")
    given = _given(node, j + 1)
    conditional = step(
        T(
            "Conditional entropy of {A} ({a}): the branch entropies weighted by branch size",
            "属性 {A}（{a}）的条件熵：各分支的熵按分支样本数加权",
            A=_attribute(j + 1),
            a=name,
        ),
        H(given),
        sp.Add(*[sp.Mul(s / n, H(b), evaluate=False) for s, b in zip(sizes, branches)]),
        {n: len(table)}
        | {s: len(part) for s, part in zip(sizes, parts)}
        | {H(b): e.exact for b, e in zip(branches, steps)},
    )
    gain = step(
        T("Information gain of {A} ({a})", "属性 {A}（{a}）的信息增益", A=_attribute(j + 1), a=name),
        IG(node, sp.Symbol(f"A_{j + 1}")),
        H(node) - H(given),
        {H(node): node_entropy, H(given): conditional.exact},
    )
    return [*steps, conditional, gain]


def _choice(gain_steps) -> tuple[int, object]:
    """Position of the largest gain among the steps (ties -> the first), and the note that shows why."""
    gains = [number(s.exact) for s in gain_steps]
    best = first_best(gains)
    ranked = join(Math(sp.Eq(s.lhs, sp.Float(g, 4), evaluate=False)) for s, g in zip(gain_steps, gains))
    note = T("Gains to 4 significant digits: {ranked}.", "各信息增益（保留 4 位有效数字）：{ranked}。", ranked=ranked)
    if sum(1 for g in gains if abs(g - gains[best]) <= TIE) > 1:
        note += T(" Equal gains: the first attribute in column order.", "增益相同时取列顺序中靠前的属性。")
    return best, note


def solve(params: Params) -> Solution:
    table = params.table
    everyone = list(range(len(table.attributes)))
    root = _entropy_step(T("Entropy of the whole training set", "整个训练集的信息熵"), D, table)
    per_attribute = [_attribute_steps(table, j, D, root.exact) for j in everyone]
    j, note = _choice([group[-1] for group in per_attribute])
    title = T(
        "Split the root on the attribute of largest information gain: {A} ({a})",
        "根结点选择信息增益最大的属性划分：{A}（{a}）",
        A=_attribute(j + 1),
        a=table.attributes[j],
    )
    best = Step(title, sp.Symbol("k"), exact=sp.Integer(j + 1), note=note)
    steps = [root, *(s for group in per_attribute for s in group), best]
    question = [
        *table_intro(table),
        T(
            "ID3 chooses the attribute of the root by information gain (logarithms in base 2). Compute the "
            "entropy {HD} of the whole set, the conditional entropy {HDA} and the information gain {IG} of "
            "each attribute, and the number of the attribute to split on (equal gains: the first in column order).",
            "ID3 算法按信息增益选择根结点的划分属性（对数以 2 为底）。求整个数据集的信息熵 {HD}，"
            "每个属性的条件熵 {HDA} 与信息增益 {IG}，以及应选的划分属性的编号（增益相同时取列顺序中靠前的属性）。",
            HD=Math(H(D)),
            HDA=Math(H(sp.Symbol("D|A"))),
            IG=Math(IG(D, A)),
        ),
    ]
    answers = [
        Answer(
            "H_root",
            T("entropy {HD} of the whole set, bits", "整个数据集的信息熵 {HD}（比特）", HD=Math(H(D))),
            root.exact,
            BITS,
        ),
        Answer(
            "H_conditional",
            T(
                "conditional entropy {HDA} of each attribute, in column order, bits",
                "各属性的条件熵 {HDA}（按列的顺序，比特）",
                HDA=Math(H(sp.Symbol("D|A"))),
            ),
            tuple(group[-2].exact for group in per_attribute),
            BITS,
        ),
        Answer(
            "info_gain",
            T(
                "information gain {IG} of each attribute, in column order, bits",
                "各属性的信息增益 {IG}（按列的顺序，比特）",
                IG=Math(IG(D, A)),
            ),
            tuple(group[-1].exact for group in per_attribute),
            BITS,
        ),
        Answer(
            "best_attribute",
            T(
                "number k of the attribute {A} to split the root on",
                "根结点划分属性 {A} 的编号 k",
                A=Math(sp.Symbol("A_k")),
            ),
            best.exact,
            EXACT,
        ),
    ]
    if params.child is not None:
        more_steps, more_question, second = _second_level(table, int(best.exact) - 1, params.child)
        steps += more_steps
        question.append(more_question)
        answers.append(second)
    return Solution(Question.of(*question), tuple(steps), tuple(answers))


def _second_level(table: Table, root: int, child: str):
    """The steps, the question and the answer for splitting the branch `child` of attribute `root`."""
    name = table.attributes[root]
    branch = table.where(root, child)
    others = _others(table, root)
    node = _entropy_step(
        T(
            "Entropy of the branch {a} = {v}, the node to split next",
            "下一个要划分的结点（分支 {a} = {v}）的信息熵",
            a=name,
            v=child,
        ),
        D_CHILD,
        branch,
    )
    per_attribute = [_attribute_steps(branch, j, D_CHILD, node.exact) for j in others]
    position, note = _choice([group[-1] for group in per_attribute])
    j = others[position]
    title = T(
        "Split the branch {a} = {v} on {A} ({b}), the largest gain there",
        "分支 {a} = {v} 选择该分支中信息增益最大的属性 {A}（{b}）划分",
        a=name,
        v=child,
        A=_attribute(j + 1),
        b=table.attributes[j],
    )
    exact = sp.ImmutableMatrix([[sp.Integer(j + 1), per_attribute[position][-1].exact]])
    pair = sp.ImmutableMatrix([[sp.Symbol("k"), IG(D_CHILD, sp.Symbol("A_k"))]])
    best = Step(title, pair, exact=exact, note=note)
    question = T(
        "Then split the branch {a} = {v} (its {n}, called {Dc}): among the other attributes, "
        "give the number of the best one and its information gain {IG} inside that branch.",
        "然后划分分支 {a} = {v}（其中的 {n}，记为 {Dc}）：在其余属性中，"
        "给出最佳属性的编号及其在该分支中的信息增益 {IG}。",
        a=name,
        v=child,
        n=_samples(len(branch)),
        Dc=Math(D_CHILD),
        IG=Math(IG(D_CHILD, A)),
    )
    answer = Answer(
        "second_level",
        T(
            "in the branch {a} = {v}: [number of the best attribute, its information gain in bits]",
            "分支 {a} = {v} 中：[最佳属性的编号, 它的信息增益（比特）]",
            a=name,
            v=child,
        ),
        tuple(best.exact),
        BITS,
    )
    return [node, *(s for group in per_attribute for s in group), best], question, answer


# ---------------------------------------------------------------- mistakes

MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "ln_instead_of_log2": T("ln instead of log₂", "用了 ln 而不是 log₂"),
    "unweighted_average": T("conditional entropy not weighted", "条件熵没有按样本比例加权"),
    "picked_min_gain": T("picked the smallest information gain", "选了信息增益最小的属性"),
    "counted_rows_not_classes": T(
        "entropy of the attribute's values, not of the classes", "算了属性取值的熵而不是类别的熵"
    ),
}


def _wrong(table: Table, child: str | None, log=math.log2, how: str = "weighted", pick=max) -> dict:
    """Every answer as a mistaken computation gives it (floats, from the table's counts)."""
    everyone = range(len(table.attributes))
    root_entropy = _entropy(table.class_counts(), log)
    conditional = [_conditional(table, j, log, how) for j in everyone]
    gains = [root_entropy - c for c in conditional]
    wrong = {
        "H_root": root_entropy,
        "H_conditional": conditional,
        "info_gain": gains,
        "best_attribute": first_best(gains, pick) + 1,
    }
    if child is not None:
        root = first_best(_gains(table, everyone))  # the branch the question names, however it was found
        others = _others(table, root)
        inside = _gains(table.where(root, child), others, log, how)
        k = first_best(inside, pick)
        wrong["second_level"] = [others[k] + 1, inside[k]]
    return wrong


def mistakes(params: Params, solution) -> list[Mistake]:
    table, child = params.table, params.child
    given = Math(H(sp.Symbol("D|A")))
    candidates = [
        Mistake(
            "ln_instead_of_log2",
            T("you used ln instead of log₂ (entropy here is in bits)", "你用了 ln 而不是 log₂（这里的熵以比特为单位）"),
            _wrong(table, child, log=math.log),
        ),
        Mistake(
            "unweighted_average",
            T(
                "the conditional entropy weights each branch by its share of the samples, {w}",
                "条件熵要按各分支样本所占比例 {w} 加权",
                w=Math(sp.Symbol("N_i") / sp.Symbol("N")),
            ),
            _wrong(table, child, how="unweighted"),
        ),
        Mistake(
            "picked_min_gain",
            T(
                "ID3 splits on the attribute of largest information gain, not the smallest",
                "ID3 选择信息增益最大的属性划分，而不是最小的",
            ),
            {k: v for k, v in _wrong(table, child, pick=min).items() if k in ("best_attribute", "second_level")},
        ),
        Mistake(
            "counted_rows_not_classes",
            T(
                "{HDA} is the entropy of the classes inside each branch, weighted by branch size; "
                "you took the entropy of the attribute's values (of the branch sizes)",
                "{HDA} 是各分支内类别的熵按分支样本数加权；你算的是属性取值（各分支样本数）的熵",
                HDA=given,
            ),
            {k: v for k, v in _wrong(table, child, how="rows").items() if k != "H_root"},
        ),
    ]
    return shown_mistakes(candidates, solution)
