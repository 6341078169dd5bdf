"""Naive Bayes classification of one sample, with Laplace (additive) smoothing α.

Categorical features (each feature j takes m_j values, its domain: declared, else the
values seen anywhere in the training table):
    P(C_k)           = N_k / N                                   (priors, not smoothed)
    P(x_j = v | C_k) = (N_kjv + α) / (N_k + α m_j)               (N_kjv: samples of class k with x_j = v)
Multinomial (bag of words, vocabulary V, T_k tokens in the documents of class k):
    P(w | C_k)       = (count(w, C_k) + α) / (T_k + α |V|)       (a word twice in the query: its factor twice)
Both:
    s_k = P(C_k) Π_j P(x_j | C_k)      (score, the unnormalised joint probability)
    P(C_k | x) = s_k / Σ_i s_i         (posterior)
    prediction = argmax_k s_k          (classes numbered from 1 in the stated order; a tie goes to the first)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, join
from exercises.core.model import EXACT, Answer, Check, Lines, Math, Mistake, Question, Solution, Step, step
from exercises.core.symbols import Ordered

TITLE = "Naive Bayes classification"
DESCRIPTION = "Priors, Laplace-smoothed likelihoods, scores, posteriors and the predicted class of one sample."
TITLE_ZH = "朴素贝叶斯分类（拉普拉斯平滑）"
DESCRIPTION_ZH = "先验概率、拉普拉斯平滑后的似然、各类得分、后验概率，以及一个样本的预测类别。"
CODING_TASK = "naive_bayes"

MODELS = ("categorical", "multinomial")
MODEL_ALIASES = {"bag_of_words": "multinomial", "words": "multinomial", "text": "multinomial", "table": "categorical"}
MAX_ROWS, MAX_FEATURES, MAX_CLASSES, MAX_VALUES, MAX_TOKENS, MAX_NAME = 40, 6, 5, 10, 30, 24

FORMS = {
    "model": T(
        "categorical (a table of feature values, the default) or multinomial (documents as bags of words)",
        "categorical（类别特征表，默认）或 multinomial（文档视为词袋）",
    ),
    "features": T(
        'categorical: a list of 1-{d} distinct feature names, e.g. ["Outlook", "Windy"] (default x1, x2, ...)',
        '类别特征：1-{d} 个互不相同的特征名组成的列表，例如 ["Outlook", "Windy"]（默认 x1、x2、……）',
        d=MAX_FEATURES,
    ),
    "rows": T(
        "categorical: 2-{n} training samples, each a list of one value per feature, "
        'e.g. [["sunny","no"],["rain","yes"]]',
        '类别特征：2-{n} 个训练样本，每个样本是各特征取值组成的列表，例如 [["sunny","no"],["rain","yes"]]',
        n=MAX_ROWS,
    ),
    "domains": T(
        "categorical, optional: for each feature the list of its 2-{m} possible values "
        "(default: the values seen in the rows)",
        "类别特征，可选：每个特征的全部可能取值（2-{m} 个）组成的列表（默认：训练样本中出现过的取值）",
        m=MAX_VALUES,
    ),
    "query": T(
        'categorical: the sample to classify, one value per feature, e.g. ["sunny", "yes"]',
        '类别特征：待分类的样本，每个特征一个取值，例如 ["sunny", "yes"]',
    ),
    "docs": T(
        'multinomial: 2-{n} training documents, each a string of words, e.g. ["good good fun", "bad plot"]',
        '多项式模型：2-{n} 篇训练文档，每篇是由空格分隔的词组成的字符串，例如 ["good good fun", "bad plot"]',
        n=MAX_ROWS,
    ),
    "vocabulary": T(
        "multinomial, optional: the list of distinct words of the vocabulary (default: the words of the documents)",
        "多项式模型，可选：词表中互不相同的词组成的列表（默认：训练文档中出现过的词）",
    ),
    "query_doc": T(
        "multinomial: the document to classify, 1-{n} words of the vocabulary as a quoted string or a list, "
        'e.g. \'"good plot"\' or \'["good", "plot"]\'',
        "多项式模型：待分类的文档，由词表中 1-{n} 个词组成，写成带引号的字符串或列表，"
        '例如 \'"good plot"\' 或 \'["good", "plot"]\'',
        n=MAX_TOKENS,
    ),
    "labels": T(
        'the class of each training sample or document, in order, e.g. ["N", "Y", "Y"]',
        '每个训练样本（或文档）的类别，按顺序给出，例如 ["N", "Y", "Y"]',
    ),
    "classes": T(
        "optional: the 2-{k} classes in the order the answers list them (default: the labels sorted, "
        "as scikit-learn orders them)",
        "可选：2-{k} 个类别，答案按此顺序列出（默认：把标签排序，与 scikit-learn 的顺序相同）",
        k=MAX_CLASSES,
    ),
    "alpha": T(
        "the smoothing constant α, a number in [0, 10]: 1 for Laplace smoothing (the default), 0 for none",
        "平滑系数 α，[0, 10] 中的一个数：1 为拉普拉斯平滑（默认），0 为不平滑",
    ),
}
PARAMETERS = FORMS  # what `mlexam solve naive_bayes` takes
CATEGORICAL_NAMES = ("rows", "labels", "query")
CATEGORICAL_OPTIONAL = ("model", "features", "domains", "classes", "alpha")
MULTINOMIAL_NAMES = ("docs", "labels", "query_doc")
MULTINOMIAL_OPTIONAL = ("model", "vocabulary", "classes", "alpha")

PROBABILITY = Check(abs_tol=0.001)
SCORE = Check(rel_tol=0.001)


def _equals(a, b):
    """a = b, as written (sympy's Eq would first try to decide it)."""
    return sp.Eq(a, b, evaluate=False)


class Given(sp.Expr):
    """a | b inside a probability, P(x₁ | C₁), in every printer."""

    def _sympystr(self, printer):
        return f"{printer._print(self.args[0])} | {printer._print(self.args[1])}"

    def _latex(self, printer):
        return rf"{printer._print(self.args[0])} \mid {printer._print(self.args[1])}"

    def _pretty(self, printer):
        return prettyForm(*stringPict.next(printer._print(self.args[0]), " | ", printer._print(self.args[1])))

    def _mathml_presentation(self, printer):
        row = printer.dom.createElement("mrow")
        bar = printer.dom.createElement("mo")
        bar.appendChild(printer.dom.createTextNode("|"))
        for node in (printer._print(self.args[0]), bar, printer._print(self.args[1])):
            row.appendChild(node)
        return row


P = sp.Function("P")
ALPHA, N_ALL, SIZE_V, X = sp.Symbol("alpha"), sp.Symbol("N"), sp.Symbol("|V|"), sp.Symbol("x")
PREDICTION = sp.Symbol("yhat")


def _class(k: int):
    return sp.Symbol(f"C_{k}")


def _feature(j: int, multinomial: bool):
    return sp.Symbol(f"w_{j}" if multinomial else f"x_{j}")


def _score(k: int):
    return sp.Symbol(f"s_{k}")


# ---------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    model: str  # "categorical" or "multinomial"
    labels: tuple[str, ...]  # the class of each training row (document)
    classes: tuple[str, ...]  # the class order of the answers
    query: tuple[str, ...]  # categorical: one value per feature; multinomial: the query's words
    alpha: sp.Rational
    rows: tuple[tuple[str, ...], ...]  # categorical: one value per feature; multinomial: each document's words
    features: tuple[str, ...] = ()  # categorical
    domains: tuple[tuple[str, ...], ...] = ()  # categorical: the values of each feature
    vocabulary: tuple[str, ...] = ()  # multinomial

    @property
    def multinomial(self) -> bool:
        return self.model == "multinomial"

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        model = raw.get("model", "multinomial" if "docs" in raw else "categorical")
        model = read.choice("model", model, MODELS, MODEL_ALIASES)
        if model == "multinomial":
            read.require(raw, MULTINOMIAL_NAMES, MULTINOMIAL_OPTIONAL)
            docs = tuple(_words("docs", d) for d in _list("docs", raw["docs"], (2, MAX_ROWS)))
            labels, classes = _classes(raw, len(docs))
            seen = _first_seen(w for doc in docs for w in doc)
            vocabulary = _values("vocabulary", raw["vocabulary"], (2, 50)) if "vocabulary" in raw else seen
            missing = [w for w in seen if w not in vocabulary]
            if missing:
                raise ParamError(
                    T(
                        "the word '{w}' of the documents is not in 'vocabulary'; the vocabulary must hold every word.",
                        "文档中的词 '{w}' 不在 'vocabulary' 中；词表必须包含所有出现过的词。",
                        w=missing[0],
                    )
                )
            query = _words("query_doc", raw["query_doc"])
            unknown = [w for w in query if w not in vocabulary]
            if unknown:
                raise ParamError(
                    T(
                        "the word '{w}' of 'query_doc' is not in the vocabulary ({v}); drop it, or list it in "
                        "'vocabulary' to give it a count of 0.",
                        "'query_doc' 中的词 '{w}' 不在词表（{v}）中；请删去它，或把它加入 'vocabulary'（其计数为 0）。",
                        w=unknown[0],
                        v=join(vocabulary),
                    )
                )
            params = cls(model, labels, classes, query, _alpha(raw), docs, vocabulary=tuple(vocabulary))
        else:
            read.require(raw, CATEGORICAL_NAMES, CATEGORICAL_OPTIONAL)
            rows = _table(raw["rows"])
            d = len(rows[0])
            features = (
                _values("features", raw["features"], (d, d))
                if "features" in raw
                else tuple(f"x{j}" for j in range(1, d + 1))
            )
            labels, classes = _classes(raw, len(rows))
            query = _values("query", raw["query"], (d, d), unique=False)
            domains = _domains(raw, rows, features, query)
            params = cls(model, labels, classes, query, _alpha(raw), rows, features, domains)
        if all(s == 0 for s in _exact_scores(params)):
            raise ParamError(
                T(
                    "with alpha = 0 every class has a count of 0 for some value of the query, so every score is 0 "
                    "and the posterior is undefined; smooth with alpha = 1.",
                    "alpha = 0 时每个类别都有某个查询取值的计数为 0，所有得分都为 0，后验概率无定义；"
                    "请取 alpha = 1 进行平滑。",
                )
            )
        return params

    def to_json(self) -> dict:
        common = {"labels": list(self.labels), "classes": list(self.classes), "alpha": read.to_json(self.alpha)}
        if self.multinomial:
            return {
                "model": self.model,
                "docs": [" ".join(doc) for doc in self.rows],
                "vocabulary": list(self.vocabulary),
                "query_doc": " ".join(self.query),
                **common,
            }
        return {
            "model": self.model,
            "features": list(self.features),
            "domains": [list(values) for values in self.domains],
            "rows": [list(row) for row in self.rows],
            "query": list(self.query),
            **common,
        }


def _list(name: str, value, length: tuple[int, int]) -> list:
    if not isinstance(value, list) or not length[0] <= len(value) <= length[1]:
        raise ParamError(
            T("parameter '{name}' must be {form}.", "参数 '{name}' 应为：{form}。", name=name, form=FORMS[name])
        )
    return value


def _name(name: str, value) -> str:
    """A value, class or feature name: a short string, or an integer (read as its digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_NAME:
        raise ParamError(
            T(
                "parameter '{name}' must be {form}; each name is a non-empty string of at most {n} characters.",
                "参数 '{name}' 应为：{form}；每个名称是不超过 {n} 个字符的非空字符串。",
                name=name,
                form=FORMS[name],
                n=MAX_NAME,
            )
        )
    return value.strip()


def _values(name: str, value, length: tuple[int, int], unique: bool = True) -> tuple[str, ...]:
    names = tuple(_name(name, x) for x in _list(name, value, length))
    if unique and len(set(names)) != len(names):
        repeated = next(x for x in names if names.count(x) > 1)
        raise ParamError(
            T(
                "parameter '{name}' lists '{x}' twice; its names must be distinct.",
                "参数 '{name}' 中 '{x}' 出现了两次；其中的名称必须互不相同。",
                name=name,
                x=repeated,
            )
        )
    return names


def _words(name: str, value) -> tuple[str, ...]:
    """A document: a string of words separated by spaces (or a list of words)."""
    words = value.split() if isinstance(value, str) else value
    return tuple(_name(name, w) for w in _list(name, words, (1, MAX_TOKENS)))


def _table(value) -> tuple:
    """The training rows: lists of values, all of one length."""
    rows = tuple(_values("rows", row, (1, MAX_FEATURES), unique=False) for row in _list("rows", value, (2, MAX_ROWS)))
    if len({len(row) for row in rows}) != 1:
        raise ParamError(
            T(
                "parameter 'rows' must give every sample the same number of feature values; the rows differ in length.",
                "参数 'rows' 中每个样本的特征取值个数必须相同；但各行的长度不同。",
            )
        )
    return rows


def _first_seen(items) -> tuple:
    return tuple(dict.fromkeys(items))


def _sorted(labels) -> tuple:
    """The distinct labels, smallest first (as numbers when they all are integers), as
    scikit-learn orders its classes_."""
    numeric = all(label.lstrip("-").isdigit() for label in labels)
    return tuple(sorted(set(labels), key=int if numeric else str))


def _classes(raw: dict, n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels = _values("labels", raw["labels"], (n, n), unique=False)
    classes = _values("classes", raw["classes"], (2, MAX_CLASSES)) if "classes" in raw else _sorted(labels)
    if not 2 <= len(classes) <= MAX_CLASSES:
        raise ParamError(
            T(
                "the labels name {k} classes; naive Bayes here needs 2-{most}.",
                "labels 中共有 {k} 个类别；本题型需要 2-{most} 个类别。",
                k=len(classes),
                most=MAX_CLASSES,
            )
        )
    for c in classes:
        if c not in labels:
            raise ParamError(
                T(
                    "class '{c}' has no training sample, so its prior is 0; "
                    "every class in 'classes' must occur in 'labels'.",
                    "类别 '{c}' 没有训练样本，先验概率为 0；'classes' 中的每个类别都必须在 'labels' 中出现。",
                    c=c,
                )
            )
    for c in labels:
        if c not in classes:
            raise ParamError(
                T(
                    "label '{c}' is not one of 'classes' ({k}).",
                    "标签 '{c}' 不在 'classes'（{k}）之中。",
                    c=c,
                    k=join(classes),
                )
            )
    return labels, classes


def _domains(raw: dict, rows, features, query) -> tuple:
    d = len(features)
    if "domains" in raw:
        domains = tuple(
            _values("domains", values, (1, MAX_VALUES)) for values in _list("domains", raw["domains"], (d, d))
        )
    else:
        domains = tuple(_first_seen(row[j] for row in rows) for j in range(d))
    for j, (feature, values) in enumerate(zip(features, domains)):
        for row in rows:
            if row[j] not in values:
                raise ParamError(
                    T(
                        "value '{v}' of feature '{f}' in 'rows' is not in its domain ({values}).",
                        "'rows' 中特征 '{f}' 的取值 '{v}' 不在其取值范围（{values}）中。",
                        v=row[j],
                        f=feature,
                        values=join(values),
                    )
                )
        if query[j] not in values:
            raise ParamError(
                T(
                    "value '{v}' of feature '{f}' in 'query' never occurs in the training rows; "
                    "list the feature's values in 'domains' to give it a count of 0.",
                    "'query' 中特征 '{f}' 的取值 '{v}' 在训练样本中从未出现；"
                    "请在 'domains' 中列出该特征的全部取值（其计数为 0）。",
                    v=query[j],
                    f=feature,
                )
            )
        if len(values) < 2:
            raise ParamError(
                T(
                    "feature '{f}' takes only the value '{v}', so it tells the classes nothing; "
                    "declare its possible values with 'domains'.",
                    "特征 '{f}' 只有一个取值 '{v}'，对分类没有作用；请用 'domains' 给出它的全部可能取值。",
                    f=feature,
                    v=values[0],
                )
            )
    return domains


def _alpha(raw: dict) -> sp.Rational:
    return read.number("alpha", raw.get("alpha", 1), FORMS["alpha"], 0, 10)


# ---------------------------------------------------------------- counting


@dataclass(frozen=True)
class Counts:
    """What a student counts in the table: class sizes N_k, the query's value counts
    n_kj (one per class and feature, or per class and distinct query word), the
    denominators' sizes N_k (T_k for words) and m_j (|V| for words), and the exponents."""

    sizes: tuple[int, ...]  # N_k: samples (documents) of class k
    totals: tuple[int, ...]  # N_k, or T_k: tokens in the documents of class k
    hits: tuple[tuple[int, ...], ...]  # n_kj
    values: tuple[int, ...]  # m_j, or |V| for every word
    powers: tuple[int, ...]  # times each factor occurs in the query (1 for a feature)
    terms: tuple[str, ...]  # the query's values (distinct words)


def count(params: Params) -> Counts:
    members = [[row for row, c in zip(params.rows, params.labels) if c == k] for k in params.classes]
    sizes = tuple(len(m) for m in members)
    if params.multinomial:
        words = Counter(params.query)
        terms = tuple(words)
        bags = [Counter(w for doc in m for w in doc) for m in members]
        return Counts(
            sizes,
            tuple(sum(b.values()) for b in bags),
            tuple(tuple(b[w] for w in terms) for b in bags),
            (len(params.vocabulary),) * len(terms),
            tuple(words[w] for w in terms),
            terms,
        )
    d = len(params.features)
    return Counts(
        sizes,
        sizes,
        tuple(tuple(sum(row[j] == params.query[j] for row in m) for j in range(d)) for m in members),
        tuple(len(v) for v in params.domains),
        (1,) * d,
        params.query,
    )


def _exact_scores(params: Params) -> list[Fraction]:
    c, a, n = count(params), Fraction(params.alpha), len(params.rows)
    scores = []
    for size, total, hits in zip(c.sizes, c.totals, c.hits):
        s = Fraction(size, n)
        for h, m, power in zip(hits, c.values, c.powers):
            s *= ((h + a) / (total + a * m)) ** power
        scores.append(s)
    return scores


# ---------------------------------------------------------------- generation

THEMES = (  # features with their values, 2 classes, 3 classes
    (
        (("Outlook", ("sunny", "overcast", "rain")), ("Temperature", ("hot", "mild", "cool"))),
        (("Humidity", ("high", "normal")), ("Windy", ("no", "yes"))),
        ("no", "yes"),
        ("read", "walk", "swim"),
    ),
    (
        (("Age", ("youth", "middle", "senior")), ("Income", ("low", "medium", "high"))),
        (("Student", ("no", "yes")), ("Credit", ("fair", "excellent"))),
        ("no", "yes"),
        ("none", "tablet", "laptop"),
    ),
    (
        (("Cover", ("fur", "feathers", "scales")), ("Size", ("small", "medium", "large"))),
        (("Habitat", ("land", "water")), ("Diet", ("plants", "meat"))),
        ("pet", "wild"),
        ("mammal", "bird", "fish"),
    ),
    (
        (("Colour", ("red", "green", "yellow")), ("Size", ("small", "medium", "large"))),
        (("Shape", ("round", "long")), ("Taste", ("sweet", "sour"))),
        ("ripe", "unripe"),
        ("apple", "banana", "lemon"),
    ),
)
WORD_THEMES = (
    (("good", "fun", "great", "bad", "boring", "plot", "dull"), ("pos", "neg")),
    (("free", "win", "money", "meeting", "report", "lunch", "offer"), ("spam", "ham")),
    (("goal", "match", "team", "vote", "party", "tax", "coach"), ("sport", "politics")),
)


def generate(dice, difficulty: str) -> Params:
    """easy: 2 binary features, 6-8 samples, 2 classes, α = 0, every count of the query
    above 0; medium: 3 features of 2-3 values, 8-12 samples, 2 classes, α = 1;
    hard: 3-4 features of 2-3 values, 10-14 samples, 3 classes, α = 1, or (one time in
    three) bags of words: 3-5 documents of 2-4 words, vocabulary of 4-6, a query of 1-3
    words. With α = 1 some count of the query is 0 (smoothing matters); every class has
    two samples (one document), every value occurs, and the best score leads the next
    by 5 %; other draws are drawn again."""
    if difficulty == "hard" and dice.integer(1, 3) == 1:
        params = _draw_documents(dice)
    else:
        params = _draw_table(dice, difficulty)
    c = count(params)
    if min(c.sizes) < (1 if params.multinomial else 2):
        raise Redraw("a class with too few samples")
    zero = any(h == 0 for hits in c.hits for h in hits)
    if zero != (params.alpha != 0):
        raise Redraw("smoothing asked without a zero count, or a zero count without smoothing")
    best, second = sorted(_exact_scores(params))[:-3:-1]
    if best < second * Fraction(21, 20):
        raise Redraw("the two best scores are too close")
    return params


def _draw_table(dice, difficulty: str) -> Params:
    few, many, two, three = dice.choice(THEMES)
    if difficulty == "easy":
        d, n, classes, alpha, sizes = 2, dice.integer(6, 8), two, 0, [2, 2]
    elif difficulty == "medium":
        d, n, classes, alpha = 3, dice.integer(8, 12), two, 1
        sizes = [dice.integer(2, 3) for _ in range(d)]
    else:
        d, n, classes, alpha = dice.integer(3, 4), dice.integer(10, 14), three, 1
        sizes = [dice.integer(2, 3) for _ in range(d)]
    pool = list(few + many)
    chosen = sorted(dice.sample(range(len(pool)), d))
    features, domains = [], []
    for j, m in zip(chosen, sorted(sizes, reverse=True)):
        name, values = pool[j]
        if len(values) < m:
            raise Redraw("a feature with fewer values than drawn")
        keep = sorted(dice.sample(range(len(values)), m))
        features.append(name)
        domains.append(tuple(values[i] for i in keep))
    labels = tuple(dice.choice(classes) for _ in range(n))
    rows = tuple(tuple(dice.choice(values) for values in domains) for _ in range(n))
    if any({row[j] for row in rows} != set(values) for j, values in enumerate(domains)):
        raise Redraw("a value that never occurs")
    if len(features) != len(set(features)):
        raise Redraw("the same feature twice")
    query = tuple(dice.choice(values) for values in domains)
    return Params("categorical", labels, classes, query, sp.Integer(alpha), rows, tuple(features), tuple(domains))


def _draw_documents(dice) -> Params:
    words, classes = dice.choice(WORD_THEMES)
    vocabulary = tuple(words[i] for i in sorted(dice.sample(range(len(words)), dice.integer(4, 6))))
    n = dice.integer(3, 5)
    labels = tuple(classes[i % 2] for i in dice.sample(range(n), n))
    docs = tuple(tuple(dice.choice(vocabulary) for _ in range(dice.integer(2, 4))) for _ in range(n))
    if set(vocabulary) != {w for doc in docs for w in doc}:
        raise Redraw("a word of the vocabulary that never occurs")
    query = tuple(dice.choice(vocabulary) for _ in range(dice.integer(1, 3)))
    return Params("multinomial", labels, classes, query, sp.Integer(1), docs, vocabulary=vocabulary)


# ---------------------------------------------------------------- solution


def _class_name(params: Params, k: int):
    return T("class {k} ({c})", "第 {k} 类（{c}）", k=k, c=params.classes[k - 1])


def _prior_step(params: Params, c: Counts, k: int) -> Step:
    n_k = sp.Symbol(f"N_{k}")
    return step(
        T(
            "Prior of {name}: its share of the {n} training {what}",
            "{name}的先验概率：该类在 {n} 个训练{what}中所占的比例",
            name=_class_name(params, k),
            n=len(params.rows),
            what=T("documents", "文档") if params.multinomial else T("samples", "样本"),
        ),
        P(_class(k)),
        n_k / N_ALL,
        {n_k: c.sizes[k - 1], N_ALL: len(params.rows)},
    )


def _likelihood_formula(params: Params, k: int, j: int):
    """(n_kj + α) / (N_k + α m_j), or (n_kj + α) / (T_k + α |V|) for words; n_kj / N_k when α = 0."""
    hit = sp.Symbol(f"n_{k}{j}")
    total = sp.Symbol(f"T_{k}" if params.multinomial else f"N_{k}")
    size = SIZE_V if params.multinomial else sp.Symbol(f"m_{j}")
    if params.alpha == 0:
        return hit / total, hit, total, size
    numerator = Ordered(hit, ALPHA, evaluate=False)
    denominator = Ordered(total, sp.Mul(ALPHA, size, evaluate=False), evaluate=False)
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False), hit, total, size


def _likelihood_step(params: Params, c: Counts, k: int) -> Step:
    """The likelihoods of the query's values (words) in class k, as one row."""
    multinomial, terms = params.multinomial, range(1, len(c.terms) + 1)
    lhs = sp.ImmutableMatrix([[P(Given(_feature(j, multinomial), _class(k)))] for j in terms])
    formulas, values = [], {}
    for j in terms:
        formula, hit, total, size = _likelihood_formula(params, k, j)
        formulas.append(formula)
        values |= {hit: c.hits[k - 1][j - 1], total: c.totals[k - 1], size: c.values[j - 1]}
    if params.alpha != 0:
        values[ALPHA] = params.alpha
    exact = sp.ImmutableMatrix(
        [
            [(sp.Integer(h) + params.alpha) / (c.totals[k - 1] + params.alpha * m)]
            for h, m in zip(c.hits[k - 1], c.values)
        ]
    )
    name = _class_name(params, k)
    if multinomial:
        title = T(
            "Likelihood of each query word in {name}: its count among the class's {t} words",
            "{name}中各查询词的似然：该词在该类 {t} 个词中的计数",
            name=name,
            t=c.totals[k - 1],
        )
        counted = join(
            T("{n} for {w}", "{w} 出现 {n} 次", n=Math(_equals(sp.Symbol(f"n_{k}{j}"), h)), w=w)
            for j, (w, h) in enumerate(zip(c.terms, c.hits[k - 1]), 1)
        )
        note = T(
            "Counts in the class's documents: {counted}; {v} words in the vocabulary.",
            "该类文档中的计数：{counted}；词表共有 {v} 个词。",
            counted=counted,
            v=Math(_equals(SIZE_V, len(params.vocabulary))),
        )
    else:
        title = T(
            "Likelihood of each query value in {name}: its count among the class's {n} samples",
            "{name}中查询样本各特征取值的似然：该取值在该类 {n} 个样本中的计数",
            name=name,
            n=c.sizes[k - 1],
        )
        counted = join(
            T(
                "{n} of them with {f} = {v} ({m} values)",
                "{n} 个样本的 {f} = {v}（{m} 个取值）",
                n=Math(_equals(sp.Symbol(f"n_{k}{j}"), h)),
                f=params.features[j - 1],
                v=params.query[j - 1],
                m=Math(_equals(sp.Symbol(f"m_{j}"), m)),
            )
            for j, (h, m) in enumerate(zip(c.hits[k - 1], c.values), 1)
        )
        note = T("Counted in the class: {counted}.", "在该类中计数：{counted}。", counted=counted)
    return step(title, lhs, sp.ImmutableMatrix(formulas), values, exact=exact, note=note)


def _score_step(params: Params, c: Counts, k: int, prior: Step, likelihoods: Step) -> Step:
    multinomial = params.multinomial
    factors = [P(Given(_feature(j, multinomial), _class(k))) for j in range(1, len(c.terms) + 1)]
    formula = sp.Mul(P(_class(k)), *[f**p for f, p in zip(factors, c.powers)], evaluate=False)
    values = {P(_class(k)): prior.exact} | dict(zip(factors, likelihoods.exact))
    exact = prior.exact * sp.Mul(*[v**p for v, p in zip(likelihoods.exact, c.powers)])
    note = ""
    if any(p > 1 for p in c.powers):
        note = T(
            "A word that occurs several times in the query contributes its factor as many times.",
            "查询中出现多次的词，其似然因子相应地乘多次。",
        )
    return step(
        T(
            "Score of {name}: the prior times the likelihoods",
            "{name}的得分：先验概率乘以各似然",
            name=_class_name(params, k),
        ),
        _score(k),
        formula,
        values,
        exact=exact,
        note=note,
    )


def _posterior_step(params: Params, k: int, scores: list) -> Step:
    symbols = [_score(i) for i in range(1, len(scores) + 1)]
    total = sum(scores)
    return step(
        T(
            "Posterior of {name}: its score over the sum of the scores",
            "{name}的后验概率：该类得分除以所有类别得分之和",
            name=_class_name(params, k),
        ),
        P(Given(_class(k), X)),
        _score(k) / sp.Add(*symbols),
        dict(zip(symbols, scores)),
        exact=scores[k - 1] / total,
    )


def _prediction_step(params: Params, scores: list) -> Step:
    best = max(scores)
    k = scores.index(best) + 1
    tied = [i for i, s in enumerate(scores, 1) if s == best]
    name = _class_name(params, k)
    ranking = T(
        "The largest score is {s}: {name}.", "最大的得分是 {s}：{name}。", s=Math(_equals(_score(k), best)), name=name
    )
    if len(tied) > 1:
        ranking = T(
            "Classes {tied} share the largest score {s}; the tie goes to the first of them, {name}.",
            "第 {tied} 类的得分并列最大（{s}）；平局时取排在最前的类别，即{name}。",
            tied=join(tied),
            s=Math(best),
            name=name,
        )
    return Step(
        T(
            "Prediction: the class with the largest score (the posterior has the same order)",
            "预测：得分最大的类别（后验概率的大小顺序相同）",
        ),
        PREDICTION,
        None,
        None,
        sp.Integer(k),
        ranking,
    )


def _question(params: Params, c: Counts) -> Question:
    numbered = join(T("{k} = {c}", "{k} = {c}", k=k, c=name) for k, name in enumerate(params.classes, 1))
    s_k = sp.Symbol("s_k")
    factors = [P(Given(_feature(j, params.multinomial), sp.Symbol("C_k"))) for j in range(1, len(c.terms) + 1)]
    score = Math(sp.Eq(s_k, sp.Mul(P(sp.Symbol("C_k")), *[f**p for f, p in zip(factors, c.powers)], evaluate=False)))
    smoothing = (
        T("without smoothing ({a})", "不做平滑（{a}）", a=Math(_equals(ALPHA, 0)))
        if params.alpha == 0
        else T("with Laplace smoothing {a}", "使用拉普拉斯平滑（{a}）", a=Math(_equals(ALPHA, params.alpha)))
    )
    asked = T(
        "Give the class priors {prior}, the likelihoods, the score {score} of each class, the posterior "
        "probabilities {post} and the predicted class (numbered {numbered}).",
        "求各类别的先验概率 {prior}、似然、各类别的得分 {score}、后验概率 {post}，"
        "以及预测的类别（编号为 {numbered}）。",
        prior=Math(P(sp.Symbol("C_k"))),
        score=score,
        post=Math(P(Given(sp.Symbol("C_k"), X))),
        numbered=numbered,
    )
    if params.multinomial:
        docs = Lines(
            tuple(
                T("Document {i}: “{doc}”, class {c}", "文档 {i}：“{doc}”，类别 {c}", i=i, doc=" ".join(doc), c=label)
                for i, (doc, label) in enumerate(zip(params.rows, params.labels), 1)
            )
        )
        words = join(
            T("{w} = {word}", "{w} = {word}", w=Math(_feature(j, True)), word=w) for j, w in enumerate(c.terms, 1)
        )
        return Question.of(
            T(
                "A multinomial naive Bayes text classifier (each document a bag of words) is trained on "
                "these {n} documents:",
                "用下面 {n} 篇文档训练多项式朴素贝叶斯文本分类器（每篇文档视为词袋）：",
                n=len(params.rows),
            ),
            docs,
            T(
                "The vocabulary is {v} ({size} words). Classify the document “{q}” {smoothing}; its distinct "
                "words are {words}, and {lik} is the share of word {w} among all the words of the class's "
                "documents.",
                "词表为 {v}（共 {size} 个词）。{smoothing}，判断文档“{q}”的类别；其中不同的词为 {words}，"
                "{lik} 是词 {w} 在该类全部文档的词中所占的比例。",
                v=join(params.vocabulary),
                size=len(params.vocabulary),
                q=" ".join(params.query),
                smoothing=smoothing,
                words=words,
                lik=Math(P(Given(sp.Symbol("w"), sp.Symbol("C_k")))),
                w=Math(sp.Symbol("w")),
            ),
            asked,
        )
    rows = Lines(
        tuple(
            T(
                "Sample {i}: ({values}), class {c}",
                "样本 {i}：({values})，类别 {c}",
                i=i,
                values=", ".join(row),
                c=label,
            )
            for i, (row, label) in enumerate(zip(params.rows, params.labels), 1)
        )
    )
    domains = join(
        (T("{f} ({v})", "{f}（{v}）", f=f, v=join(values)) for f, values in zip(params.features, params.domains)),
        T("; ", "；"),
    )
    pairs = [f"{f} = {v}" for f, v in zip(params.features, params.query)]
    query = T("{a}", "{b}", a=", ".join(pairs), b="、".join(pairs))
    named = join(Math(_feature(j, False)) for j in range(1, len(params.features) + 1))
    return Question.of(
        T(
            "A naive Bayes classifier is trained on these {n} samples of the features ({features}) "
            "and the classes {classes}:",
            "用下面 {n} 个训练样本训练朴素贝叶斯分类器，样本依次列出特征 ({features}) 的取值，类别为 {classes}：",
            n=len(params.rows),
            features=", ".join(params.features),
            classes=join(params.classes),
        ),
        rows,
        T(
            "The features take the values {domains}. Classify the sample with {query} (its features "
            "written {named}) {smoothing}.",
            "各特征的取值范围为 {domains}。{smoothing}，判断 {query} 的样本的类别（其各特征记为 {named}）。",
            domains=domains,
            query=query,
            named=named,
            smoothing=smoothing,
        ),
        asked,
    )


def solve(params: Params) -> Solution:
    c = count(params)
    K = len(params.classes)
    priors = [_prior_step(params, c, k) for k in range(1, K + 1)]
    likelihoods = [_likelihood_step(params, c, k) for k in range(1, K + 1)]
    scores = [_score_step(params, c, k, priors[k - 1], likelihoods[k - 1]) for k in range(1, K + 1)]
    values = [s.exact for s in scores]
    posteriors = [_posterior_step(params, k, values) for k in range(1, K + 1)]
    prediction = _prediction_step(params, values)
    names = join(params.classes)
    answers = (
        Answer(
            "priors",
            T(
                "class priors {p}, in the order {names}",
                "各类别的先验概率 {p}（按 {names} 的顺序）",
                p=Math(P(sp.Symbol("C_k"))),
                names=names,
            ),
            tuple(s.exact for s in priors),
            PROBABILITY,
        ),
        Answer(
            "likelihoods",
            T(
                "likelihoods: one row per class, one column per {what}",
                "似然：每行一个类别，每列一个{what}",
                what=T("distinct query word", "查询中不同的词") if params.multinomial else T("feature", "特征"),
            ),
            tuple(tuple(s.exact) for s in likelihoods),
            PROBABILITY,
        ),
        Answer(
            "scores", T("scores {s}, one per class", "各类别的得分 {s}", s=Math(sp.Symbol("s_k"))), tuple(values), SCORE
        ),
        Answer(
            "posterior",
            T(
                "posterior probabilities {p}, one per class",
                "各类别的后验概率 {p}",
                p=Math(P(Given(sp.Symbol("C_k"), X))),
            ),
            tuple(s.exact for s in posteriors),
            PROBABILITY,
        ),
        Answer(
            "prediction",
            T(
                "predicted class, by its number ({numbered})",
                "预测的类别编号（{numbered}）",
                numbered=join(T("{k} = {c}", "{k} = {c}", k=k, c=name) for k, name in enumerate(params.classes, 1)),
            ),
            prediction.exact,
            EXACT,
        ),
    )
    return Solution(_question(params, c), (*priors, *likelihoods, *scores, *posteriors, prediction), answers)


# ---------------------------------------------------------------- mistakes


def _wrong(params: Params, c: Counts, *, priors=None, likelihood=None) -> dict:
    """priors, likelihoods, scores and posterior in floats, with the priors or the
    likelihood (a function of k, j) computed the way a mistake does."""
    n, K = len(params.rows), len(params.classes)
    priors = priors or [size / n for size in c.sizes]
    table = [[likelihood(k, j) for j in range(len(c.terms))] for k in range(K)]
    scores = []
    for prior, row in zip(priors, table):
        s = prior
        for value, power in zip(row, c.powers):
            s *= value**power
        scores.append(s)
    wrong = {"priors": priors, "likelihoods": table, "scores": scores}
    if sum(scores) > 0:
        wrong["posterior"] = [s / sum(scores) for s in scores]
    return wrong


def _smoothed(c: Counts, alpha: float, *, totals=None, values=None, add=None):
    """(n_kj + α) / (total_k + add), add = α m_j unless a mistake says otherwise."""
    totals = totals or c.totals
    values = values or [c.values] * len(c.sizes)

    def likelihood(k, j):
        extra = alpha * values[k][j] if add is None else add
        return (c.hits[k][j] + alpha) / (totals[k] + extra)

    return likelihood


MISTAKE_NAMES = {  # each mistake `mistakes` names, as `mlexam practice --mistakes` lists it
    "seed_denominator_plus_one": T(
        "Laplace denominator {wrong} instead of {right}",
        "拉普拉斯平滑的分母用了 {wrong} 而不是 {right}",
        wrong=Math(Ordered(sp.Symbol("N_k"), 1, evaluate=False)),
        right=Math(Ordered(sp.Symbol("N_k"), sp.Mul(ALPHA, sp.Symbol("m_j"), evaluate=False), evaluate=False)),
    ),
    "no_smoothing": T("no smoothing", "没有做平滑"),
    "joint_not_conditional": T("counted over all samples, not within the class", "在全部样本中计数，而不是在该类中"),
    "prior_omitted": T("prior left out of the score", "得分中漏乘了先验概率"),
    "prior_smoothed": T("prior smoothed", "对先验概率做了平滑"),
    "class_vocabulary": T("vocabulary of the class instead of the whole vocabulary", "用了该类的词表而不是整个词表"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    c, alpha, n = count(params), float(params.alpha), len(params.rows)
    m, size = (
        (SIZE_V, T("the vocabulary size", "词表大小"))
        if params.multinomial
        else (
            sp.Symbol("m_j"),
            T("the number of values of the feature", "该特征可能取值的个数"),
        )
    )
    found = []
    if alpha:
        laplace = sp.Mul(ALPHA, m, evaluate=False)
        found.append(
            Mistake(
                "seed_denominator_plus_one",
                T(
                    "Laplace smoothing adds {am} ({size}) to the denominator, not {a}: with {a} the probabilities "
                    "of the values no longer sum to 1",
                    "拉普拉斯平滑在分母上加的是 {am}（{size}），而不是 {a}：只加 {a} 时各取值的概率之和不再为 1",
                    am=Math(laplace),
                    size=size,
                    a=Math(ALPHA),
                ),
                _wrong(params, c, likelihood=_smoothed(c, alpha, add=alpha)),
            )
        )
        found.append(
            Mistake(
                "no_smoothing",
                T(
                    "the question asks for smoothing with {a}: a count of 0 must not make the whole score 0",
                    "题目要求用 {a} 进行平滑：计数为 0 时不能让整个得分变为 0",
                    a=Math(_equals(ALPHA, params.alpha)),
                ),
                _wrong(params, c, likelihood=_smoothed(c, 0.0)),
            )
        )
    everything = [sum(c.totals)] * len(c.sizes)
    found.append(
        Mistake(
            "joint_not_conditional",
            T(
                "a likelihood {p} counts within class {k} only (divide by the class's total), not over all the "
                "training data",
                "似然 {p} 只在类别 {k} 内部计数（除以该类的总数），而不是在全部训练数据中计数",
                p=Math(P(Given(sp.Symbol("x_j"), sp.Symbol("C_k")))),
                k=Math(sp.Symbol("C_k")),
            ),
            _wrong(params, c, likelihood=_smoothed(c, alpha, totals=everything)),
        )
    )
    right_likelihood = _smoothed(c, alpha)
    found.append(
        Mistake(
            "prior_omitted",
            T(
                "the score multiplies the likelihoods by the prior {p}",
                "得分要把各似然再乘以先验概率 {p}",
                p=Math(P(sp.Symbol("C_k"))),
            ),
            {
                key: value
                for key, value in _wrong(params, c, priors=[1.0] * len(c.sizes), likelihood=right_likelihood).items()
                if key != "priors"
            },
        )
    )
    if alpha and len(set(c.sizes)) > 1:
        K = len(c.sizes)
        found.append(
            Mistake(
                "prior_smoothed",
                T(
                    "the priors are not smoothed: {p}",
                    "先验概率不做平滑：{p}",
                    p=Math(_equals(P(sp.Symbol("C_k")), sp.Symbol("N_k") / N_ALL)),
                ),
                _wrong(
                    params,
                    c,
                    priors=[(size + alpha) / (n + alpha * K) for size in c.sizes],
                    likelihood=right_likelihood,
                ),
            )
        )
    if params.multinomial and alpha:
        own = [
            len({w for doc, label in zip(params.rows, params.labels) if label == k for w in doc})
            for k in params.classes
        ]
        if any(v < len(params.vocabulary) for v in own):
            found.append(
                Mistake(
                    "class_vocabulary",
                    T(
                        "the denominator adds {a} times the size of the whole vocabulary {v}, not only the words "
                        "seen in the class",
                        "分母加的是 {a} 乘以整个词表的大小 {v}，而不只是该类中出现过的词数",
                        a=Math(ALPHA),
                        v=Math(SIZE_V),
                    ),
                    _wrong(params, c, likelihood=_smoothed(c, alpha, values=[[v] * len(c.terms) for v in own])),
                )
            )
    return found
