"""pca: every generated problem against numpy / scikit-learn, typed-in parameters, errors."""

import json
import math
import re
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from sklearn.decomposition import PCA

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.params import parse_value
from exercises.core.render import render, say
from tests.problems import DIFFICULTIES, FORMATS, TIERS, generated, refused

TOPIC = "pca"
NAMES = ["mean", "covariance", "eigenvalues", "eigenvectors", "explained_ratio"]
MISTAKES = {"covariance_divided_by_n", "not_centred", "ascending_order", "eigenvector_not_normalised"}


# ---------------------------------------------------------------- the oracle


def oracle(points):
    """Mean, covariance (n - 1), eigenvalues (descending), eigenvectors (rows) and ratios, by numpy."""
    X = np.array(points, dtype=float)
    cov = np.atleast_2d(np.cov(X, rowvar=False, ddof=1))
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1]
    return {
        "mean": X.mean(axis=0),
        "covariance": cov,
        "eigenvalues": values[order],
        "eigenvectors": vectors[:, order].T,
        "explained_ratio": values[order] / values.sum(),
    }


def close(received, expected, rel=1e-9, abs_=1e-12):
    received, expected = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    assert received.shape == expected.shape
    assert np.allclose(received, expected, rtol=rel, atol=abs_), (received, expected)


def same_directions(received, expected, tol=1e-9):
    """Each row of `received` is the matching row of `expected` or its negative."""
    received, expected = np.asarray(received, dtype=float), np.asarray(expected, dtype=float)
    assert received.shape == expected.shape
    for r, e in zip(received, expected):
        assert min(np.abs(r - e).max(), np.abs(r + e).max()) < tol, (r, e)


def flat(value):
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    return [value]


def floats(points):
    return [[float(x) for x in p] for p in points]


def check_against_oracle(problem):
    points = floats(problem.params.points)
    answers = {a.name: a.value for a in problem.solution.answers}
    assert list(answers) == NAMES
    truth = oracle(points)
    close(answers["mean"], truth["mean"])
    close(answers["covariance"], truth["covariance"])
    close(answers["eigenvalues"], truth["eigenvalues"])
    same_directions(answers["eigenvectors"], truth["eigenvectors"])
    close(answers["explained_ratio"], truth["explained_ratio"])
    d = len(points[0])
    if len(points) >= d:
        pca = PCA(n_components=d).fit(np.array(points))
        close(answers["eigenvalues"], pca.explained_variance_, rel=1e-7, abs_=1e-9)
        close(answers["explained_ratio"], pca.explained_variance_ratio_, rel=1e-7, abs_=1e-9)
        same_directions(answers["eigenvectors"], pca.components_, tol=1e-7)
    for v in answers["eigenvectors"]:
        assert math.isclose(sum(x * x for x in v), 1.0, rel_tol=1e-12)
        big = max(abs(x) for x in v)
        assert next(x for x in v if abs(x) >= big * (1 - 1e-9)) > 0, v  # the documented sign rule
    return answers, truth


def check_mistakes(problem, answers, truth):
    points = np.array(floats(problem.params.points))
    n, d = points.shape
    found = {m.name: m for m in problem.mistakes}
    assert set(found) <= MISTAKES
    if d > 1:
        assert set(found) == MISTAKES
    for mistake in problem.mistakes:
        assert any(
            not problem.answer(name).check.accepts(wrong, problem.answer(name).value)
            for name, wrong in mistake.answers.items()
        ), mistake.name
    wrong = found["covariance_divided_by_n"].answers
    close(wrong["covariance"], np.atleast_2d(np.cov(points, rowvar=False, ddof=0)))
    close(wrong["eigenvalues"], truth["eigenvalues"] * (n - 1) / n)
    raw_cov = points.T @ points / (n - 1)
    values, vectors = np.linalg.eigh(raw_cov)
    order = np.argsort(values)[::-1]
    wrong = found["not_centred"].answers
    close(wrong["covariance"], raw_cov)
    close(wrong["eigenvalues"], values[order])
    same_directions(wrong["eigenvectors"], vectors[:, order].T, tol=1e-7)
    close(wrong["explained_ratio"], values[order] / values.sum())
    if d > 1:
        wrong = found["ascending_order"].answers
        close(wrong["eigenvalues"], truth["eigenvalues"][::-1])
        same_directions(wrong["eigenvectors"], truth["eigenvectors"][::-1])
        close(wrong["explained_ratio"], truth["explained_ratio"][::-1])
        wrong = found["eigenvector_not_normalised"].answers["eigenvectors"]
        for u, v in zip(np.array(wrong), truth["eigenvectors"]):
            length = np.linalg.norm(u)
            same_directions([u / length], [v])
        assert any(abs(np.linalg.norm(u) - 1) > 0.01 for u in np.array(wrong))


def check_exact(problem):
    """Steps and answers hold exact sympy numbers, and every answer is the value of a step."""

    def atoms(value):
        if isinstance(value, (tuple, list)):
            return [y for x in value for y in atoms(x)]
        if isinstance(value, sp.MatrixBase):
            return list(value)
        return [value]

    for answer in problem.solution.answers:
        for x in atoms(answer.exact):
            assert isinstance(x, sp.Expr) and not x.atoms(sp.Float) and x.is_number, (answer.name, x)
    values = [flat(s.value) for s in problem.solution.steps]
    for s in problem.solution.steps:
        for x in atoms(s.exact):
            assert not sp.sympify(x).atoms(sp.Float), (s.title, x)
    for answer in problem.solution.answers:
        target = flat(answer.value)
        assert any(len(v) == len(target) and np.allclose(v, target, rtol=1e-12, atol=0) for v in values), answer.name


def scatter(points):
    """Exact centred cross products Σ (x - x̄)(x - x̄)ᵀ, with fractions."""
    n, d = len(points), len(points[0])
    mean = [Fraction(sum(p[k] for p in points), n) for k in range(d)]
    return [[sum((p[i] - mean[i]) * (p[j] - mean[j]) for p in points) for j in range(d)] for i in range(d)]


def check_difficulty(problem, difficulty):
    points = [[int(x) for x in p] for p in problem.params.points]
    assert all(float(x).is_integer() for p in problem.params.points for x in p)
    n, d = len(points), len(points[0])
    values = oracle(points)["eigenvalues"]
    assert min(np.diff(values[::-1])) > 1e-6  # distinct eigenvalues
    assert values[-1] > 1e-9  # full rank
    S = scatter(points)
    if difficulty in ("easy", "medium"):
        assert d == 2 and S[0][1] != 0
        assert all(0 <= x <= (6 if difficulty == "easy" else 8) for p in points for x in p)
        assert 3 <= n <= (4 if difficulty == "easy" else 5)
    if difficulty == "easy":
        assert all(sum(p[k] for p in points) % n == 0 for k in range(2))  # integer mean
        disc = (S[0][0] - S[1][1]) ** 2 + 4 * S[0][1] ** 2
        assert disc.denominator == 1 and math.isqrt(disc.numerator) ** 2 == disc.numerator
    if difficulty == "hard":
        assert d == 3 and 4 <= n <= 6 and all(0 <= x <= 5 for p in points for x in p)
        # one rational eigenvalue: an integer eigenvalue of n(n-1)C = n S, an integer matrix
        nS = np.array([[float(n * x) for x in row] for row in S])
        assert any(
            abs(e - round(e)) < 1e-6 and abs(np.linalg.det(nS - round(e) * np.eye(3))) < 1e-6
            for e in np.linalg.eigvalsh(nS)
        )


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_match_numpy_and_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        answers, truth = check_against_oracle(problem)
        check_mistakes(problem, answers, truth)
        check_exact(problem)
        check_difficulty(problem, difficulty)
        for answer in problem.solution.answers:
            assert answer.check.accepts(answer.value, answer.value)
        negated = [[-x for x in v] for v in answers["eigenvectors"]]
        assert problem.answer("eigenvectors").check.accepts(negated, answers["eigenvectors"])


def test_same_id_same_problem():
    for difficulty in DIFFICULTIES:
        a = registry.generate(TOPIC, difficulty, 17)
        b = registry.generate(TOPIC, difficulty, 17)
        assert a.params == b.params
        assert [x.value for x in a.solution.answers] == [x.value for x in b.solution.answers]
        again = registry.from_params(TOPIC, a.params.to_json())
        assert again.params == a.params


# ---------------------------------------------------------------- typed-in parameters


def typed(text: str):
    """Parameters the way the command line reads them (decimals become exact fractions)."""
    return registry.from_params(TOPIC, {"points": parse_value("points", text)})


SMITH = "[[2.5,2.4],[0.5,0.7],[2.2,2.9],[1.9,2.2],[3.1,3.0],[2.3,2.7],[2,1.6],[1,1.1],[1.5,1.6],[1.1,0.9]]"


def test_lindsay_smith_tutorial():
    """Lindsay I. Smith, 'A tutorial on Principal Components Analysis' (2002), section 3.1."""
    problem = typed(SMITH)
    answers = {a.name: a.value for a in problem.solution.answers}
    close(answers["mean"], [1.81, 1.91])
    close(answers["covariance"], [[0.616555556, 0.615444444], [0.615444444, 0.716555556]], rel=1e-8, abs_=1e-9)
    close(answers["eigenvalues"], [1.28402771, 0.0490833989], rel=1e-8, abs_=1e-9)
    same_directions(answers["eigenvectors"], [[-0.677873399, -0.735178656], [-0.735178656, 0.677873399]], tol=1e-8)
    check_against_oracle(problem)
    check_exact(problem)
    # decimals were typed: the steps show them as decimals, the exact values are fractions
    assert problem.answer("mean").exact == (sp.Rational(181, 100), sp.Rational(191, 100))
    assert "2.5" in sp.sstr(problem.solution.steps[0].substituted)


def test_hand_checked_easy_problem():
    """(0,0), (2,2), (4,1): mean (2,1), X_c rows (-2,-1), (0,1), (2,0),
    C = 1/2 [[8, 2], [2, 2]] = [[4, 1], [1, 1]], λ² - 5λ + 3 = 0, λ = (5 ± √13)/2."""
    problem = typed("[[0,0],[2,2],[4,1]]")
    assert problem.answer("covariance").exact == ((4, 1), (1, 1))
    lam = problem.answer("eigenvalues").exact
    assert sp.simplify(lam[0] - (5 + sp.sqrt(13)) / 2) == 0
    assert sp.simplify(lam[1] - (5 - sp.sqrt(13)) / 2) == 0
    check_against_oracle(problem)


def test_three_dimensions_without_rational_eigenvalue():
    """An irreducible characteristic cubic: the eigenvalues stay exact as CRootOf."""
    problem = typed("[[1,2,3],[4,0,1],[2,5,2],[0,1,7],[3,3,3]]")
    assert any(isinstance(x, sp.CRootOf) for x in problem.answer("eigenvalues").exact)
    answers, truth = check_against_oracle(problem)
    check_mistakes(problem, answers, truth)
    check_exact(problem)


def test_three_dimensions_with_rational_eigenvalue():
    problem = typed("[[0,0,0],[2,0,0],[0,1,0],[0,0,1],[1,1,1]]")
    answers, truth = check_against_oracle(problem)
    check_mistakes(problem, answers, truth)
    check_exact(problem)


def test_one_dimension_and_two_points():
    problem = typed("[[1],[2],[4]]")
    answers, _ = check_against_oracle(problem)
    assert answers["eigenvectors"] == [[1]] and answers["explained_ratio"] == [1]
    problem = typed("[[0,0],[3,4]]")  # rank 1: eigenvalues 12.5 and 0, distinct
    answers, _ = check_against_oracle(problem)
    close(answers["eigenvalues"], [12.5, 0])


@pytest.mark.parametrize(
    "raw, words",
    [
        ({}, ["missing", "points"]),
        ({"points": [[1, 2], [3, 4]], "k": 2}, ["unknown parameter 'k'"]),
        ({"points": 5}, ["'points'", "list of 2-20 points"]),
        ({"points": [[1, 2]]}, ["'points'", "at least 2 points"]),
        ({"points": []}, ["'points'", "at least 2 points"]),
        ({"points": [[i, i * i] for i in range(21)]}, ["'points'", "2-20 points"]),
        ({"points": [[1, 2, 3, 4], [2, 3, 4, 6]]}, ["'points'", "1-3 numbers"]),
        ({"points": [[1, 2, 3], [4, 5]]}, ["'points'", "differ in length"]),
        ({"points": [["a", 1], [2, 3]]}, ["'points'", "numbers"]),
        ({"points": [[True, 1], [2, 3]]}, ["'points'", "numbers"]),
        ({"points": [[1, 2], [3, 10**7]]}, ["'points'", "got 10000000"]),
        ({"points": [[1, 2], [1, 2], [1, 2]]}, ["'points'", "all points are equal", "no principal direction"]),
        ({"points": [[0, 0], [1, 0], [0, 1], [1, 1]]}, ["'points'", "repeated eigenvalue λ=1/3", "not unique"]),
        ({"points": [[1, 1, 1], [2, 2, 2], [3, 3, 3]]}, ["'points'", "repeated eigenvalue λ=0"]),
        (
            {"points": [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 2], [0, 0, -2]]},
            ["'points'", "repeated eigenvalue λ=2/5"],
        ),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_repeated_eigenvalue_message_uses_decimals_when_typed():
    with pytest.raises(ParamError, match=r"λ=0\.0625,"):
        typed("[[0,0],[0.5,0],[0,0.5],[0.5,0.5],[0.25,0.25]]")


# ---------------------------------------------------------------- in English and Chinese

IRREDUCIBLE = "[[1,2,3],[4,0,1],[2,5,2],[0,1,7],[3,3,3]]"  # its characteristic cubic has no rational root
CJK = re.compile(r"[\u3400-\u9fff]")
# ASCII mathematics in a sentence: a subscript written with "_", "det C", "tr C", a "*" product
ASCII_MATHS = re.compile(r"[A-Za-zλμ]_\d|\bdet [A-Z]|\btr [A-Z]|\*|CRootOf")


def sheets(problem, lang):
    """The problem with its solution in every format, in `lang`. JSON without its answers'
    `exact` fields: sympy strings by contract, where an irreducible cubic's roots are CRootOf."""
    out = {}
    for fmt in FORMATS:
        if fmt == "pdf":
            continue  # the LaTeX it is made from is checked
        if fmt == "json":
            sheet = json.loads(render([problem], "json", solutions=True, lang=lang))
            for answer in sheet["problems"][0]["answers"]:
                del answer["exact"]
            out[fmt] = json.dumps(sheet, ensure_ascii=False)
        else:
            out[fmt] = render([problem], fmt, solutions=True, lang=lang)
    return out


def sentences(problem, lang):
    """Every sentence the problem shows (question, step titles and notes, answer labels,
    mistake messages) as plain text in `lang`."""
    solution = problem.solution
    parts = [part for part in solution.question.parts if not hasattr(part, "expr")]
    parts += [s.title for s in solution.steps] + [s.note for s in solution.steps if s.note]
    parts += [a.label for a in solution.answers] + [m.message for m in problem.mistakes]
    return [say(part, "text", lang) for part in parts]


ZH_TERMS = ["主成分分析", "均值", "中心化", "样本协方差矩阵", "特征值", "单位特征向量", "方差贡献率"]


@pytest.mark.parametrize(
    "make, terms",
    [
        (lambda: generated(TOPIC, "easy", 0), ["特征多项式", "特征方程", "判别式", "正交"]),
        (lambda: generated(TOPIC, "hard", 3), ["特征多项式", "二阶主子式", "有理根定理", "叉积", "线性组合"]),
        (lambda: typed(IRREDUCIBLE), ["特征多项式", "没有有理根", "数值方法"]),
        (lambda: typed("[[1],[2],[4]]"), ["一维", "方差"]),
    ],
    ids=["2-D", "3-D rational root", "3-D no rational root", "1-D"],
)
def test_the_solution_reads_in_chinese_and_english(make, terms):
    problem = make()
    d = len(problem.params.points[0])
    for fmt, sheet in sheets(problem, "zh").items():
        unwrapped = re.sub(r"\n\s*", "", sheet) if fmt == "text" else sheet  # Chinese wraps inside words
        for term in ZH_TERMS + (terms if fmt != "json" else []):  # JSON steps have no notes
            assert term in unwrapped, (fmt, term)
        assert "CRootOf" not in sheet, fmt
    for fmt, sheet in sheets(problem, "en").items():
        assert "Principal component analysis" in sheet and "Sample covariance" in sheet, fmt
        assert not CJK.search(sheet), fmt
        assert "CRootOf" not in sheet, fmt
    for lang in ("en", "zh"):
        for sentence in sentences(problem, lang):
            assert not ASCII_MATHS.search(sentence), (lang, sentence)
            assert bool(CJK.search(sentence)) == (lang == "zh") or not re.search("[A-Za-z]{4,}", sentence), sentence
    if d == 3:
        title = say(problem.solution.steps[3].title, "text", "en")
        assert "det(C - λ⋅I) = -(λ³ - c₁⋅λ² + c₂⋅λ - c₃)" in title, title
        html = render([problem], "html", solutions=True, lang="en")
        assert "<mo>−</mo><mrow><mo>(</mo>" in html  # -(λ³ - ...) keeps its parentheses in MathML


def test_no_rational_root_is_said_in_words():
    """The irreducible cubic's roots are sympy CRootOf numbers; the student reads that they
    are found numerically, and sees their decimals."""
    problem = typed(IRREDUCIBLE)
    assert any(isinstance(x, sp.CRootOf) for x in problem.answer("eigenvalues").exact)
    title = next(s.title for s in problem.solution.steps if "numerically" in say(s.title, "text", "en"))
    assert say(title, "text", "en") == (
        "Eigenvalues: the three real roots of λ³ - c₁⋅λ² + c₂⋅λ - c₃ = 0, largest first "
        "(it has no rational root, so they are found numerically)"
    )
    assert say(title, "text", "zh") == (
        "特征值：λ³ - c₁⋅λ² + c₂⋅λ - c₃ = 0 的三个实根，从大到小排列（该方程没有有理根，只能用数值方法求根）"
    )


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"points": [[1, 2]]}, ["参数 'points'", "至少要有 2 个点", "n - 1"]),
        ({"points": [[1, 2], [1, 2], [1, 2]]}, ["参数 'points'", "所有点都相同"]),
        ({"points": [[0, 0], [1, 0], [0, 1], [1, 1]]}, ["参数 'points'", "重特征值 λ=1/3", "不唯一"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")
