"""k-nearest-neighbour classification of one query point.

Distances from the query q to each training point x (j runs over the features):
    euclidean   d = √Σ_j (x_j - q_j)²
    manhattan   d = Σ_j |x_j - q_j|
    minkowski   d = (Σ_j |x_j - q_j|^p)^(1/p)
    chebyshev   d = max_j |x_j - q_j|
    cosine      cos θ = Σ_j x_j q_j / (√Σ_j x_j² · √Σ_j q_j²)   (a similarity: the largest are nearest)
Min-max scaling (optional), with the training points' minimum and maximum of each feature
(the query is scaled with the same ones, so it may fall outside [0, 1]):
    x'_j = (x_j - min_j) / (max_j - min_j)
The k nearest points vote for their class: one vote each, or 1/d each when weighted.
Equal distances: the lower training index is nearer; a tied vote goes to the smallest label
(the classes are the labels sorted, numbered from 1), as scikit-learn and solutions/knn.py do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join, same
from exercises.core.model import EXACT, Answer, Check, Lines, Math, Mistake, Question, Solution, Step, step
from exercises.core.symbols import Ordered

TITLE = "k-nearest-neighbour classification"
DESCRIPTION = "Distances (Euclidean, Manhattan, Minkowski, Chebyshev, cosine), min-max scaling, k nearest, the vote."
TITLE_ZH = "K近邻分类"
DESCRIPTION_ZH = "距离（欧氏、曼哈顿、闵可夫斯基、切比雪夫、余弦相似度）、最小-最大归一化、K 个最近邻与投票。"
CODING_TASK = "knn"

METRICS = ("euclidean", "manhattan", "minkowski", "chebyshev", "cosine")
METRIC_ALIASES = {
    "l2": "euclidean",
    "l1": "manhattan",
    "cityblock": "manhattan",
    "taxicab": "manhattan",
    "linf": "chebyshev",
    "maximum": "chebyshev",
    "max": "chebyshev",
    "cosine_similarity": "cosine",
}
SCALINGS = ("none", "minmax")
SCALING_ALIASES = {"min_max": "minmax", "no": "none", "false": "none", "normalise": "minmax", "normalize": "minmax"}
MAX_POINTS, MAX_FEATURES, LIMIT, MAX_LABEL = 20, 4, 1000, 24

FORMS = {
    "train": T(
        "the training points, 2-{n} rows of 1-{d} numbers between -{limit} and {limit}, e.g. [[2,3],[4,4],[5,-3]]",
        "训练点：2-{n} 行，每行 1-{d} 个 -{limit} 到 {limit} 之间的数，例如 [[2,3],[4,4],[5,-3]]",
        n=MAX_POINTS,
        d=MAX_FEATURES,
        limit=LIMIT,
    ),
    "labels": T(
        'the class of each training point, in order, e.g. ["A", "A", "B"] (names or integers)',
        '每个训练点的类别，按顺序给出，例如 ["A", "A", "B"]（名称或整数）',
    ),
    "query": T(
        "the point to classify, as many numbers as each training point, e.g. [2, 1]",
        "待分类的点，分量个数与训练点相同，例如 [2, 1]",
    ),
    "k": T(
        "the number of neighbours, an integer from 1 to the number of training points",
        "近邻个数 k，1 到训练点个数之间的整数",
    ),
    "metric": T(
        "{metrics} (default euclidean; also {aliases})",
        "{metrics}（默认 euclidean；也可写作 {aliases}）",
        metrics=join(METRICS),
        aliases=join(METRIC_ALIASES),
    ),
    "p": T(
        "the order p of the Minkowski distance, an integer from 1 to 10 (default 3)",
        "闵可夫斯基距离的阶数 p，1 到 10 之间的整数（默认 3）",
    ),
    "normalise": T(
        "none (default) or minmax: scale each feature to [0, 1] with the training points' minimum and maximum",
        "none（默认）或 minmax：用训练点各特征的最小值和最大值把该特征缩放到 [0, 1]",
    ),
    "weighted": T(
        "true: each neighbour votes {w}, d its distance; false (default): one vote each",
        "true：每个近邻的票数为 {w}（d 为其距离）；false（默认）：每个近邻一票",
        w=Math(1 / sp.Symbol("d")),
    ),
}
PARAMETERS = FORMS  # what `mlexam solve knn_classify` takes
NAMES = ("train", "labels", "query", "k")
OPTIONAL = ("metric", "p", "normalise", "weighted")

DISTANCE = Check(abs_tol=0.001)
VOTE = Check(abs_tol=0.001)


def _equals(a, b):
    """a = b, as written (sympy's Eq would first try to decide it)."""
    return sp.Eq(a, b, evaluate=False)


Q = sp.Symbol("q")
KNN = sp.Function("kNN")
LARGEST = sp.Function("max")


class Abs(sp.Abs):
    """|a| that is never evaluated: a substituted |2 - (-3)| stays as written (and Abs's own
    evaluation asks many assumptions, at a cost). It keeps sympy's name, so that every printer
    prints it as sympy's Abs."""

    @classmethod
    def eval(cls, arg):
        return None


def _minus(a, b):
    """a - b, written in that order."""
    return Ordered(a, -b, evaluate=False)


def _ratio(a, b):
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


_x_min, _x_max = sp.Symbol("x_min"), sp.Symbol("x_max")
MINMAX_RULE = Math(_equals(sp.Symbol("x'"), _ratio(_minus(sp.Symbol("x"), _x_min), _minus(_x_max, _x_min))))


def _x(j: int):
    return sp.Symbol(f"x_{j}")


def _q(j: int):
    return sp.Symbol(f"q_{j}")


def _d(i: int, cosine: bool):
    return sp.cos(sp.Symbol(f"theta_{i}")) if cosine else sp.Symbol(f"d_{i}")


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    train: tuple[tuple[sp.Rational, ...], ...]
    labels: tuple[str, ...]
    query: tuple[sp.Rational, ...]
    k: int
    metric: str = "euclidean"
    p: int = 3  # the Minkowski order (used only with metric minkowski)
    normalise: str = "none"
    weighted: bool = False

    @property
    def classes(self) -> tuple[str, ...]:
        """The labels sorted (as numbers when they all are integers): class 1 is the smallest."""
        numeric = all(label.lstrip("-").isdigit() for label in self.labels)
        return tuple(sorted(set(self.labels), key=int if numeric else str))

    @property
    def cosine(self) -> bool:
        return self.metric == "cosine"

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, NAMES, OPTIONAL)
        bounds = {"low": -LIMIT, "high": LIMIT}
        train = read.matrix(
            "train", raw["train"], FORMS["train"], rows=(2, MAX_POINTS), cols=(1, MAX_FEATURES), **bounds
        )
        n, d = len(train), len(train[0])
        labels = _labels(raw["labels"], n)
        query = read.vector("query", raw["query"], FORMS["query"], (d, d), **bounds)
        k = int(read.number("k", raw["k"], FORMS["k"], 1, n, integer=True))
        metric = read.choice("metric", raw.get("metric", "euclidean"), METRICS, METRIC_ALIASES)
        if "p" in raw and metric != "minkowski":
            raise ParamError(
                T(
                    "parameter 'p' is the order of the Minkowski distance; give it with metric=minkowski.",
                    "参数 'p' 是闵可夫斯基距离的阶数，只能与 metric=minkowski 一起给出。",
                )
            )
        p = int(read.number("p", raw.get("p", 3), FORMS["p"], 1, 10, integer=True))
        normalise = read.choice("normalise", raw.get("normalise", "none"), SCALINGS, SCALING_ALIASES)
        weighted = raw.get("weighted", False)
        if not isinstance(weighted, bool):
            raise ParamError(
                T("parameter 'weighted' must be {form}.", "参数 'weighted' 应为：{form}。", form=FORMS["weighted"])
            )
        params = cls(train, labels, query, k, metric, p, normalise, weighted)
        _refuse_degenerate(params)
        return params

    def to_json(self) -> dict:
        out = {
            "train": read.to_json(self.train),
            "labels": list(self.labels),
            "query": read.to_json(self.query),
            "k": self.k,
            "metric": self.metric,
        }
        if self.metric == "minkowski":
            out["p"] = self.p
        return out | {"normalise": self.normalise, "weighted": self.weighted}


def _labels(value, n: int) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) != n:
        raise ParamError(
            T(
                "parameter 'labels' must be {form}, one for each of the {n} training points.",
                "参数 'labels' 应为：{form}，{n} 个训练点各一个。",
                form=FORMS["labels"],
                n=n,
            )
        )
    labels = []
    for label in value:
        if isinstance(label, int) and not isinstance(label, bool):
            label = str(label)
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > MAX_LABEL:
            raise ParamError(
                T(
                    "parameter 'labels' must be {form}; each label is a name of at most {m} characters or an integer.",
                    "参数 'labels' 应为：{form}；每个标签是不超过 {m} 个字符的名称或整数。",
                    form=FORMS["labels"],
                    m=MAX_LABEL,
                )
            )
        labels.append(label.strip())
    if len(set(labels)) < 2:
        raise ParamError(
            T(
                "every training point has the label '{c}', so every query gets it; give at least two classes.",
                "所有训练点的标签都是 '{c}'，任何查询点都会被分到这一类；请至少给出两个类别。",
                c=labels[0],
            )
        )
    return tuple(labels)


def _refuse_degenerate(params: Params) -> None:
    if params.normalise == "minmax":
        for j, column in enumerate(zip(*params.train), 1):
            if min(column) == max(column):
                raise ParamError(
                    T(
                        "feature {j} has the same value {v} at every training point, so min-max scaling divides by 0.",
                        "所有训练点的第 {j} 个特征都等于 {v}，最小-最大归一化时分母为 0。",
                        j=j,
                        v=str(column[0]),
                    )
                )
    train, query = scaled(params)[:2]
    if params.cosine:
        for i, x in enumerate((*train, query)):
            if not any(x):
                where = T("the query", "查询点") if i == len(train) else T("training point {i}", "训练点 {i}", i=i + 1)
                raise ParamError(
                    T(
                        "{where} is the zero vector{after}, so its cosine similarity is undefined.",
                        "{where}{after}是零向量，其余弦相似度无定义。",
                        where=where,
                        after=T(" after scaling", "缩放后") if params.normalise == "minmax" else "",
                    )
                )
    if params.weighted:
        if params.cosine:
            raise ParamError(
                T(
                    "weighted votes are {w} for a distance d; with metric=cosine leave 'weighted' false.",
                    "加权投票的权重是距离 d 的倒数 {w}；metric=cosine 时请不要设置 'weighted'。",
                    w=Math(1 / sp.Symbol("d")),
                )
            )
        for i, x in enumerate(train, 1):
            if tuple(x) == tuple(query):
                raise ParamError(
                    T(
                        "the query lies on training point {i}: its distance is 0 and its weight {w} is undefined.",
                        "查询点与训练点 {i} 重合：距离为 0，权重 {w} 无定义。",
                        w=Math(1 / sp.Symbol("d")),
                        i=i,
                    )
                )


# ---------------------------------------------------------------- exact computation


def scaled(params: Params):
    """(training points, query, minima, maxima): min-max scaled when asked, else as given
    (minima and maxima None)."""
    if params.normalise == "none":
        return params.train, params.query, None, None
    columns = list(zip(*params.train))
    low, high = [min(c) for c in columns], [max(c) for c in columns]

    def scale(x):
        return tuple((v - a) / (b - a) for v, a, b in zip(x, low, high))

    return tuple(scale(x) for x in params.train), scale(params.query), low, high


def _formula(params: Params, d: int):
    """The distance (or similarity) between a training point x and the query q, in symbols."""
    xs, qs = [_x(j) for j in range(1, d + 1)], [_q(j) for j in range(1, d + 1)]
    gaps = [_minus(x, q) for x, q in zip(xs, qs)]
    if params.metric == "euclidean":
        return sp.sqrt(sp.Add(*[g**2 for g in gaps], evaluate=False), evaluate=False)
    if params.metric == "manhattan":
        return sp.Add(*[Abs(g) for g in gaps], evaluate=False)
    if params.metric == "minkowski":
        p = sp.Symbol("p")
        return sp.Pow(sp.Add(*[Abs(g) ** p for g in gaps], evaluate=False), 1 / p, evaluate=False)
    if params.metric == "chebyshev":
        return LARGEST(*[Abs(g) for g in gaps]) if d > 1 else sp.Abs(gaps[0], evaluate=False)
    dot = sp.Add(*[x * q for x, q in zip(xs, qs)], evaluate=False)
    norms = [sp.sqrt(sp.Add(*[v**2 for v in vs], evaluate=False), evaluate=False) for vs in (xs, qs)]
    return sp.Mul(dot, sp.Pow(sp.Mul(*norms, evaluate=False), -1, evaluate=False), evaluate=False)


def _exact(params: Params, x, q):
    gaps = [a - b for a, b in zip(x, q)]
    if params.metric == "euclidean":
        return sp.sqrt(sum(g**2 for g in gaps))
    if params.metric == "manhattan":
        return sum(abs(g) for g in gaps)
    if params.metric == "minkowski":
        return sp.root(sum(abs(g) ** params.p for g in gaps), params.p)
    if params.metric == "chebyshev":
        return max(abs(g) for g in gaps)
    return sum(a * b for a, b in zip(x, q)) / (sp.sqrt(sum(a**2 for a in x)) * sp.sqrt(sum(b**2 for b in q)))


def ranking(values: list[float], cosine: bool) -> list[int]:
    """0-based indices, nearest first: smallest distance (largest similarity), ties by index."""
    return sorted(range(len(values)), key=lambda i: (-values[i] if cosine else values[i], i))


def winner(votes: list[float]) -> int:
    """0-based index of the largest vote; a tie goes to the first (smallest label)."""
    best = max(votes)
    return next(i for i, v in enumerate(votes) if math.isclose(v, best, rel_tol=1e-12, abs_tol=1e-12))


# ---------------------------------------------------------------- generation


def generate(dice, difficulty: str) -> Params:
    """easy: 5-6 points, 2 classes, k 1 or 3, Euclidean; medium: 6-8 points, k 3 or 5,
    Manhattan or Minkowski with p = 3; hard: 8-10 points, 3 classes (two points each at
    least), k 3 or 5, cosine similarity, or Chebyshev distance, then half of the time on
    features of different scales with min-max scaling (which must change the neighbours)
    and a third of the time with 1/d votes. Coordinates are integers in -5..9 (scaled: the
    first feature in 0..9, the second in 0..90 by tens, the query in -2..11 and -20..110).
    The k + 1 nearest are at distinct distances (0.01 apart at least), the winning vote is
    clear, no training point repeats or equals the query; other draws are drawn again."""
    if difficulty == "easy":
        n, classes, k, metric = dice.integer(5, 6), ("A", "B"), dice.choice((1, 3)), "euclidean"
    elif difficulty == "medium":
        n, classes, k, metric = (
            dice.integer(6, 8),
            ("A", "B"),
            dice.choice((3, 5)),
            dice.choice(("manhattan", "minkowski")),
        )
    else:
        n, classes, k, metric = (
            dice.integer(8, 10),
            ("A", "B", "C"),
            dice.choice((3, 5)),
            dice.choice(("chebyshev", "cosine")),
        )
    scaling = metric == "chebyshev" and dice.integer(1, 2) == 1
    weighted = metric == "chebyshev" and dice.integer(1, 3) == 1

    def point(low=0, high=9):
        """Integers in -5..9; scaled problems: the first feature in low..high, the second ten times that."""
        if scaling:
            return sp.Integer(dice.integer(low, high)), sp.Integer(10 * dice.integer(low, high))
        return sp.Integer(dice.integer(-5, 9)), sp.Integer(dice.integer(-5, 9))

    train = tuple(point() for _ in range(n))
    labels = tuple(dice.choice(classes) for _ in range(n))
    query = point(-2, 11)  # may fall outside the training range: scaled with it all the same
    params = Params(train, labels, query, k, metric, 3, "minmax" if scaling else "none", weighted)
    if (
        len(set(train)) < n
        or params.query in train
        or min(labels.count(c) for c in classes) < (2 if len(classes) == 3 else 1)
    ):
        raise Redraw("a repeated point, the query on a point, or a class with too few points")
    try:
        _refuse_degenerate(params)
    except ParamError as reason:
        raise Redraw(str(reason)) from None
    values = _floats(params)
    order = ranking(values, params.cosine)
    nearest = sorted(values[i] for i in order[: k + 1])
    if any(b - a < 0.01 for a, b in zip(nearest, nearest[1:])):
        raise Redraw("a near tie among the k + 1 nearest")
    votes = _votes(params, order[:k], values)
    top = sorted(votes)
    if top[-1] - top[-2] < 0.01:
        raise Redraw("a tied vote")
    if scaling and order[:k] == ranking(_floats(params, scale=False), False)[:k]:
        raise Redraw("scaling does not change the neighbours")
    return params


# ---------------------------------------------------------------- floats (checks and mistakes)


def _floats(params: Params, *, metric: str | None = None, scale: bool = True, with_query: bool = False) -> list[float]:
    """Distances (similarities for cosine) in floats, computed the way a mistake may: another
    metric, no scaling, or the scaling range taken over the training points and the query."""
    metric = metric or params.metric
    train = [[float(v) for v in x] for x in params.train]
    query = [float(v) for v in params.query]
    if scale and params.normalise == "minmax":
        columns = list(zip(*train, query)) if with_query else list(zip(*train))
        low, high = [min(c) for c in columns], [max(c) for c in columns]
        train = [[(v - a) / (b - a) for v, a, b in zip(x, low, high)] for x in train]
        query = [(v - a) / (b - a) for v, a, b in zip(query, low, high)]
    return [_float_metric(metric, params.p, x, query) for x in train]


def _float_metric(metric: str, p: int, x: list[float], q: list[float]) -> float:
    gaps = [abs(a - b) for a, b in zip(x, q)]
    if metric == "euclidean":
        return math.sqrt(sum(g * g for g in gaps))
    if metric == "manhattan":
        return sum(gaps)
    if metric == "minkowski":
        return sum(g**p for g in gaps) ** (1 / p)
    if metric == "chebyshev":
        return max(gaps)
    return sum(a * b for a, b in zip(x, q)) / (math.hypot(*x) * math.hypot(*q))


def _votes(params: Params, neighbours: list[int], values: list[float]) -> list[float]:
    """Votes per class (in class order) of the given 0-based neighbours."""
    classes = params.classes
    votes = [0.0] * len(classes)
    for i in neighbours:
        votes[classes.index(params.labels[i])] += 1 / values[i] if params.weighted else 1
    return votes


# ---------------------------------------------------------------- solution


def _coordinates(x) -> str:
    return "(" + ", ".join(str(v) for v in x) + ")"


def _scaling_steps(params: Params, train, query, low, high) -> list[Step]:
    d = len(query)
    lows = [sp.Symbol(f"min_{j}") for j in range(1, d + 1)]
    highs = [sp.Symbol(f"max_{j}") for j in range(1, d + 1)]
    ranges = step(
        T(
            "Minimum and maximum of each feature over the training points (the query is not included)",
            "各特征在训练点上的最小值和最大值（不包括查询点）",
        ),
        sp.ImmutableMatrix([lows, highs]),
        None,
        exact=sp.ImmutableMatrix([low, high]),
    )
    scaled_train = Step(
        T(
            "Scaled training points, one per row: each feature minus its minimum, over its range",
            "缩放后的训练点（每行一个）：各特征减去其最小值，再除以极差",
        ),
        sp.Symbol("X'"),
        None,
        None,
        sp.ImmutableMatrix(train),
        T("{rule}.", "{rule}。", rule=MINMAX_RULE),
    )
    formula = sp.ImmutableMatrix(
        [[_ratio(_minus(_q(j), lows[j - 1]), _minus(highs[j - 1], lows[j - 1])) for j in range(1, d + 1)]]
    )
    values = {_q(j): params.query[j - 1] for j in range(1, d + 1)}
    values |= {lows[j]: low[j] for j in range(d)} | {highs[j]: high[j] for j in range(d)}
    scaled_query = step(
        T(
            "The query, scaled with the training points' minimum and maximum",
            "查询点用训练点的最小值和最大值进行缩放",
        ),
        sp.Symbol("q'"),
        formula,
        values,
        exact=sp.ImmutableMatrix([query]),
    )
    return [ranges, scaled_train, scaled_query]


def _distance_step(params: Params, i: int, x, query, value) -> Step:
    d = len(query)
    values = {_x(j): x[j - 1] for j in range(1, d + 1)} | {_q(j): query[j - 1] for j in range(1, d + 1)}
    if params.metric == "minkowski":
        values[sp.Symbol("p")] = params.p
    point = _coordinates(params.train[i - 1])
    if params.cosine:
        title = T(
            "Cosine similarity of the query and training point {i} {x}",
            "查询点与训练点 {i} {x} 的余弦相似度",
            i=i,
            x=point,
        )
    else:
        title = T("Distance from the query to training point {i} {x}", "查询点到训练点 {i} {x} 的距离", i=i, x=point)
    note = ""
    if params.normalise == "minmax":
        note = T("With the scaled coordinates.", "使用缩放后的坐标。")
    return step(title, _d(i, params.cosine), _formula(params, d), values, exact=value, note=note)


def _neighbour_step(params: Params, order: list[int], exact: list) -> Step:
    relation = " ≥ " if params.cosine else " ≤ "
    chain = join((Math(sp.Eq(_d(i + 1, params.cosine), exact[i], evaluate=False)) for i in order), same(relation))
    rule = (
        T("similarity, largest first", "按相似度从大到小")
        if params.cosine
        else T("distance, smallest first", "按距离从小到大")
    )
    return Step(
        T(
            "The {k} nearest training points: sort by {rule}, equal values by point number",
            "{k} 个最近邻：{rule}排序，值相等时编号小的在前",
            k=params.k,
            rule=rule,
        ),
        KNN(Q),
        None,
        None,
        sp.ImmutableMatrix([[i + 1 for i in order[: params.k]]]),
        T("{chain}.", "{chain}。", chain=chain),
    )


def _vote_step(params: Params, c: int, neighbours: list[int], exact: list) -> Step:
    name = params.classes[c - 1]
    mine = [i for i in neighbours if params.labels[i] == name]
    lhs = sp.Symbol(f"v_{c}")
    title = T("Votes for class {c} ({name})", "第 {c} 类（{name}）的票数", c=c, name=name)
    if not mine:
        return Step(title, lhs, None, None, sp.Integer(0), T("No neighbour has this class.", "没有近邻属于这一类。"))
    who = T("Neighbours of this class: {points}.", "属于该类的近邻：{points}。", points=join(i + 1 for i in mine))
    if not params.weighted:
        return Step(title, lhs, None, None, sp.Integer(len(mine)), who)
    symbols = [_d(i + 1, False) for i in mine]
    return step(
        T(
            "Votes for class {c} ({name}): each neighbour weighs {w}",
            "第 {c} 类（{name}）的票数：每个近邻的权重为 {w}",
            c=c,
            name=name,
            w=Math(1 / sp.Symbol("d")),
        ),
        lhs,
        sp.Add(*[1 / s for s in symbols], evaluate=False) if len(symbols) > 1 else 1 / symbols[0],
        {s: exact[i] for s, i in zip(symbols, mine)},
        note=who,
    )


def _prediction_step(params: Params, votes: list) -> Step:
    k = winner([float(v) for v in votes]) + 1
    best = votes[k - 1]
    name = T("class {k} ({c})", "第 {k} 类（{c}）", k=k, c=params.classes[k - 1])
    tied = [i for i, v in enumerate(votes, 1) if math.isclose(float(v), float(best), rel_tol=1e-12)]
    note = T(
        "The most votes: {v}, {name}.",
        "票数最多：{v}，即{name}。",
        v=Math(_equals(sp.Symbol(f"v_{k}"), best)),
        name=name,
    )
    if len(tied) > 1:
        note = T(
            "Classes {tied} tie with {v} votes; the tie goes to the smallest label, {name}.",
            "第 {tied} 类的票数并列最多（{v}）；平局时取标签最小的类别，即{name}。",
            tied=join(tied),
            v=Math(best),
            name=name,
        )
    return Step(
        T("Prediction: the class with the most votes", "预测：得票最多的类别"),
        sp.Symbol("yhat"),
        None,
        None,
        sp.Integer(k),
        note,
    )


def _metric_said(params: Params, d: int) -> Math:
    x, q = sp.Symbol("x"), Q
    if params.cosine:
        return Math(sp.Eq(sp.cos(sp.Symbol("theta")), _formula(params, d), evaluate=False), display=True)
    formula = _formula(params, d)
    if params.metric == "minkowski":
        formula = formula.xreplace({sp.Symbol("p"): params.p})
    return Math(sp.Eq(sp.Function("d")(x, q), formula, evaluate=False), display=True)


METRIC_NAMES = {
    "euclidean": T("the Euclidean distance", "欧氏距离"),
    "manhattan": T("the Manhattan distance", "曼哈顿距离"),
    "minkowski": T("the Minkowski distance", "闵可夫斯基距离"),
    "chebyshev": T("the Chebyshev distance", "切比雪夫距离"),
    "cosine": T("the cosine similarity (the most similar are the nearest)", "余弦相似度（相似度越大越近）"),
}


def _question(params: Params) -> Question:
    n, d, classes = len(params.train), len(params.query), params.classes
    numbered = join(T("{i} = {c}", "{i} = {c}", i=i, c=c) for i, c in enumerate(classes, 1))
    points = Lines(
        tuple(
            T("Point {i}: {x}, class {c}", "训练点 {i}：{x}，类别 {c}", i=i, x=_coordinates(x), c=label)
            for i, (x, label) in enumerate(zip(params.train, params.labels), 1)
        )
    )
    scaling = ""
    if params.normalise == "minmax":
        scaling = T(
            "First scale each feature to [0, 1] with {rule}, taking the minimum and maximum over the training "
            "points (the query is scaled with the same ones). ",
            "先把每个特征用 {rule} 缩放到 [0, 1]，最小值和最大值取自训练点（查询点用同样的最小值和最大值缩放）。",
            rule=MINMAX_RULE,
        )
    votes = (
        T("Each neighbour votes with the weight {w}.", "每个近邻的票数为其权重 {w}。", w=Math(1 / sp.Symbol("d")))
        if params.weighted
        else T("Each neighbour has one vote.", "每个近邻投一票。")
    )
    order = ""
    if params.metric == "minkowski":
        order = T(" (order {p})", "（阶数 {p}）", p=Math(_equals(sp.Symbol("p"), params.p)))
    return Question.of(
        T(
            "A k-nearest-neighbour classifier has these {n} training points with {d} features each:",
            "K 近邻分类器有以下 {n} 个训练点，每个点有 {d} 个特征：",
            n=n,
            d=d,
        ),
        points,
        T(
            "Classify the query {q} with {k} and {metric}{order}:",
            "对查询点 {q} 分类，取 {k}，使用{metric}{order}：",
            q=Math(sp.Eq(Q, sp.Tuple(*params.query), evaluate=False)),
            k=Math(_equals(sp.Symbol("k"), params.k)),
            metric=METRIC_NAMES[params.metric],
            order=order,
        ),
        _metric_said(params, d),
        T(
            "{scaling}{votes} Give the {what} {to} every training point, the numbers of the {k} nearest "
            "(nearest first), the votes of each class and the predicted class (numbered {numbered}).",
            "{scaling}{votes}求每个训练点的{what}、{k} 个最近邻的编号（由近到远）、各类别的票数，"
            "以及预测的类别（编号为 {numbered}）。",
            scaling=scaling,
            votes=votes,
            what=T("similarity", "相似度") if params.cosine else T("distance", "距离"),
            to="with" if params.cosine else "to",
            k=params.k,
            numbered=numbered,
        ),
    )


def solve(params: Params) -> Solution:
    train, query, low, high = scaled(params)
    steps = _scaling_steps(params, train, query, low, high) if params.normalise == "minmax" else []
    exact = [_exact(params, x, query) for x in train]
    steps += [_distance_step(params, i, x, query, v) for i, (x, v) in enumerate(zip(train, exact), 1)]
    order = ranking([float(v) for v in exact], params.cosine)
    neighbours = order[: params.k]
    steps.append(_neighbour_step(params, order, exact))
    votes = [_vote_step(params, c, neighbours, exact) for c in range(1, len(params.classes) + 1)]
    steps += votes
    steps.append(_prediction_step(params, [s.exact for s in votes]))
    numbered = join(T("{i} = {c}", "{i} = {c}", i=i, c=c) for i, c in enumerate(params.classes, 1))
    answers = []
    if params.normalise == "minmax":
        answers.append(
            Answer(
                "query_scaled",
                T("the scaled query {q}", "缩放后的查询点 {q}", q=Math(sp.Symbol("q'"))),
                tuple(query),
                DISTANCE,
            )
        )
    answers += [
        Answer(
            "distances",
            T("cosine similarity to each training point, in point order", "与各训练点的余弦相似度（按训练点顺序）")
            if params.cosine
            else T("distance to each training point, in point order", "到各训练点的距离（按训练点顺序）"),
            tuple(exact),
            DISTANCE,
        ),
        Answer(
            "neighbours",
            T(
                "numbers of the {k} nearest training points, nearest first",
                "{k} 个最近邻的编号（由近到远）",
                k=params.k,
            ),
            tuple(sp.Integer(i + 1) for i in neighbours),
            EXACT,
        ),
        Answer(
            "votes",
            T("votes of each class ({numbered})", "各类别的票数（{numbered}）", numbered=numbered),
            tuple(s.exact for s in votes),
            VOTE if params.weighted else EXACT,
        ),
        Answer(
            "prediction",
            T("predicted class, by its number ({numbered})", "预测的类别编号（{numbered}）", numbered=numbered),
            steps[-1].exact,
            EXACT,
        ),
    ]
    return Solution(_question(params), tuple(steps), tuple(answers))


# ---------------------------------------------------------------- mistakes


def _outcome(params: Params, values: list[float], *, cosine: bool | None = None, ascending: bool = False) -> dict:
    """distances, neighbours (1-based) and votes from distances (similarities) in floats."""
    if ascending:
        order = sorted(range(len(values)), key=lambda i: (values[i], i))
    else:
        order = ranking(values, params.cosine if cosine is None else cosine)
    nearest = order[: params.k]
    return {"distances": values, "neighbours": [i + 1 for i in nearest], "votes": _votes(params, nearest, values)}


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "wrong_metric": T("another distance than the one asked", "用错了距离"),
    "not_normalised": T("features not scaled", "没有对特征做归一化"),
    "query_normalised_with_own_range": T("query included in the scaling range", "缩放范围把查询点也算进去了"),
    "similarity_ascending": T("least similar taken as nearest", "把相似度最小的当成了最近邻"),
    "k_equals_one": T("only the nearest neighbour voted", "只用了最近的一个近邻投票"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    found = []
    other = "manhattan" if params.metric == "euclidean" else "euclidean"
    wrong = _outcome(params, _floats(params, metric=other), cosine=False)
    found.append(
        Mistake(
            "wrong_metric",
            T(
                "the question asks for {asked}, not {used}",
                "题目要求使用{asked}，而不是{used}",
                asked=METRIC_NAMES[params.metric],
                used=METRIC_NAMES[other],
            ),
            wrong,
        )
    )
    if params.normalise == "minmax":
        found.append(
            Mistake(
                "not_normalised",
                T(
                    "scale each feature to [0, 1] first: otherwise the feature with the largest range "
                    "decides the distance",
                    "要先把每个特征缩放到 [0, 1]：否则取值范围最大的特征决定了距离",
                ),
                _outcome(params, _floats(params, scale=False)),
            )
        )
        train = [[float(v) for v in x] for x in params.train]
        query = [float(v) for v in params.query]
        if any(not min(c) <= v <= max(c) for c, v in zip(zip(*train), query)):
            columns = list(zip(*train, query))
            low, high = [min(c) for c in columns], [max(c) for c in columns]
            found.append(
                Mistake(
                    "query_normalised_with_own_range",
                    T(
                        "the minimum and maximum come from the training points only; the query is scaled with them, "
                        "even if it falls outside [0, 1]",
                        "最小值和最大值只取自训练点；查询点也用它们缩放，即使结果落在 [0, 1] 之外",
                    ),
                    {"query_scaled": [(v - a) / (b - a) for v, a, b in zip(query, low, high)]}
                    | _outcome(params, _floats(params, with_query=True)),
                )
            )
    if params.cosine:
        values = _floats(params)
        found.append(
            Mistake(
                "similarity_ascending",
                T(
                    "with the cosine similarity the nearest neighbours are the most similar, the largest values",
                    "使用余弦相似度时，最近邻是相似度最大的点",
                ),
                {key: v for key, v in _outcome(params, values, ascending=True).items() if key != "distances"},
            )
        )
    if params.k > 1:
        values = _floats(params)
        nearest = ranking(values, params.cosine)[:1]
        found.append(
            Mistake(
                "k_equals_one",
                T(
                    "all {k} nearest neighbours vote, not only the nearest",
                    "{k} 个最近邻都要投票，而不只是最近的一个",
                    k=Math(_equals(sp.Symbol("k"), params.k)),
                ),
                {"votes": _votes(params, nearest, values)},
            )
        )
    return found
