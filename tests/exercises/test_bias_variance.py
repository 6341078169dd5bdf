"""bias_variance against numpy: the mean prediction np.mean over the models, the variance
np.var with ddof=0 (an expectation over the training sets), the squared bias of the mean,
and the decomposition checked directly: the mean of (prediction - observed target)² over
every model and a zero-mean noise of variance σ² (ε = ±σ, each with probability ½) is
bias² + variance + σ², and the mean of (f - prediction)² over the models is bias² + variance."""

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from exercises.core import registry
from exercises.core.columns import cells
from exercises.core.lang import using
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, FORMATS, SEEDS, TIERS, generated, matches, refused

TOPIC = "bias_variance"
CANONICAL = {"f_true": 3, "predictions": [2, 3, 5, 6], "noise_var": 0.5}  # SYLLABUS.md 4.26


def number(x) -> float:
    """A parameter as JSON holds it: a number, or an exact fraction as a string ("1/3")."""
    return float(Fraction(x)) if isinstance(x, str) else float(x)


def one_class(f, predictions, sigma2) -> dict:
    """The answers for one model class: f holds K true values, predictions is M x K."""
    P = np.array(predictions, dtype=float)
    mean = np.mean(P, axis=0)
    bias_sq = np.mean((mean - f) ** 2)
    variance = np.mean(np.var(P, axis=0, ddof=0))
    mse = np.mean((f - P) ** 2)
    expected = bias_sq + variance + sigma2
    # the expected error straight from its definition: E over the models and the noise of (f̂ - y)²,
    # y = f + ε with ε = -σ or +σ, each with probability ½ (mean 0, variance σ²)
    sigma = np.sqrt(sigma2)
    observed = f[None, None, :] + np.array([-sigma, sigma])[:, None, None]
    assert np.isclose(np.mean((P[None, :, :] - observed) ** 2), expected)
    assert np.isclose(mse, bias_sq + variance)
    return {
        "mean_prediction": mean.tolist() if len(f) > 1 else float(mean[0]),
        "bias_sq": bias_sq,
        "variance": variance,
        "expected_error": expected,
        "mean_sq_error_models": mse,
    }


def oracle(raw: dict) -> dict:
    several = isinstance(raw["f_true"], list) and len(raw["f_true"]) > 1
    f = np.atleast_1d(np.array([number(x) for x in np.atleast_1d(raw["f_true"])]))
    sigma2 = number(raw["noise_var"])

    def table(rows):
        return [[number(x) for x in row] if several else [number(row)] for row in rows]

    predictions = raw["predictions"]
    if not isinstance(predictions, dict):
        return one_class(f, table(predictions), sigma2)
    per_class = [one_class(f, table(rows), sigma2) for rows in predictions.values()]
    out = {name: [c[name] for c in per_class] for name in per_class[0]}
    out["best_model"] = int(np.argmin(out["expected_error"])) + 1  # ties: the first
    return out


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        expected = oracle(problem.params.to_json())
        assert [a.name for a in problem.solution.answers] == list(expected), problem.id
        matches(problem, expected)


def test_the_syllabus_instance():
    """f = 3, predictions (2, 3, 5, 6), σ² = 0.5: f̄ = 4, bias² = 1, variance = 2.5 (10/4, not
    10/3), expected error 4.0, mean (f - f̂)² = 3.5."""
    problem = registry.from_params(TOPIC, CANONICAL)
    values = {a.name: a.exact for a in problem.solution.answers}
    assert values == {
        "mean_prediction": 4,
        "bias_sq": 1,
        "variance": Fraction(5, 2),
        "expected_error": 4,
        "mean_sq_error_models": Fraction(7, 2),
    }
    matches(problem, oracle(CANONICAL))
    # |bias| = 1 = bias²: forgetting the square changes nothing here, so it is no sign of it
    assert {m.name for m in problem.mistakes} == {"variance_m_minus_1", "noise_omitted", "bias_sq_as_mse"}


def test_several_points_and_two_classes_by_hand():
    # f = (3, 0); x₁: (2, 4, 6), mean 4, bias² 1, variance 8/3; x₂: (1, -1, 3), mean 1, bias² 1, variance 8/3
    raw = {"f_true": [3, 0], "predictions": [[2, 1], [4, -1], [6, 3]], "noise_var": 0.25}
    problem = registry.from_params(TOPIC, raw)
    values = {a.name: a.exact for a in problem.solution.answers}
    assert values == {
        "mean_prediction": (4, 1),
        "bias_sq": 1,
        "variance": Fraction(8, 3),
        "expected_error": Fraction(47, 12),
        "mean_sq_error_models": Fraction(11, 3),
    }
    matches(problem, oracle(raw))
    # f = 5; A (3, 3.5, 4, 3.5): mean 3.5, bias² 2.25, variance 1/8; B (3, 8, 4, 7): mean 5.5,
    # bias² 0.25, variance 4.25; σ² = 1: E = 3.375 and 5.5, class A (biased but steady) is better
    raw = {"f_true": 5, "predictions": {"linear": [3, 3.5, 4, 3.5], "cubic": [3, 8, 4, 7]}, "noise_var": 1}
    problem = registry.from_params(TOPIC, raw)
    values = {a.name: a.exact for a in problem.solution.answers}
    assert values == {
        "mean_prediction": (Fraction(7, 2), Fraction(11, 2)),
        "bias_sq": (Fraction(9, 4), Fraction(1, 4)),
        "variance": (Fraction(1, 8), Fraction(17, 4)),
        "expected_error": (Fraction(27, 8), Fraction(11, 2)),
        "mean_sq_error_models": (Fraction(19, 8), Fraction(9, 2)),
        "best_model": 1,
    }
    matches(problem, oracle(raw))
    assert problem.params.to_json() == raw
    text = render([problem], "text", solutions=True, lang="en")
    assert "class A ('linear')" in text and "smaller variance outweighs its larger bias" in text


def test_each_named_mistake_is_recognised():
    """f = 2, predictions (2, 3, 5, 6), σ² = 0.5: f̄ = 4, bias² = 4, variance 2.5, E = 7,
    mean (f - f̂)² = 6.5. Variance over M - 1: 10/3 and E = 7.8333; bias not squared: 2 and
    E = 5; noise left out: E = 6.5; bias² taken as the mean squared error: 6.5 and E = 9.5."""
    problem = registry.from_params(TOPIC, {"f_true": 2, "predictions": [2, 3, 5, 6], "noise_var": 0.5})
    assert problem.answer("expected_error").value == 7

    def named(answer, typed):
        verdict = judge(problem, problem.answer(answer), typed)
        assert verdict.kind == WRONG, (answer, typed)
        return verdict.mistake.name

    assert named("variance", 3.333) == "variance_m_minus_1"
    assert named("expected_error", 7.833) == "variance_m_minus_1"
    assert named("bias_sq", 2) == "bias_not_squared"
    assert named("expected_error", 5) == "bias_not_squared"
    assert named("expected_error", 6.5) == "noise_omitted"
    assert named("bias_sq", 6.5) == "bias_sq_as_mse"
    assert named("expected_error", 9.5) == "bias_sq_as_mse"
    with using("zh"):
        messages = {m.name: str(m.message) for m in problem.mistakes}
    assert "M - 1" in messages["variance_m_minus_1"] and "偏差+方差+噪音" in messages["bias_not_squared"]
    assert "噪声" in messages["noise_omitted"] and "方差" in messages["bias_sq_as_mse"]


def flat(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_keep_their_promises(difficulty):
    for seed in SEEDS:
        problem = generated(TOPIC, difficulty, seed)
        raw, answers = problem.params.to_json(), {a.name: a.value for a in problem.solution.answers}
        where = (problem.id, raw)
        assert raw["noise_var"] in (0.25, 0.5, 1), where
        classes = list(raw["predictions"].values()) if isinstance(raw["predictions"], dict) else [raw["predictions"]]
        values = [v for rows in classes for row in rows for v in flat(row)] + flat(raw["f_true"])
        assert all(2 * v == int(2 * v) for v in values), where  # integers and halves
        if difficulty == "easy":
            assert isinstance(raw["f_true"], int) and 3 <= len(raw["predictions"]) <= 5, where
            assert all(isinstance(v, int) and v >= 0 for v in values), where
            assert answers["mean_prediction"] * 2 == int(answers["mean_prediction"] * 2), where
            assert round(answers["variance"] * 100, 9) == int(round(answers["variance"] * 100, 9)), where
        elif difficulty == "medium":
            assert not isinstance(raw["f_true"], list) and 3 <= len(raw["predictions"]) <= 5, where
        elif isinstance(raw["predictions"], dict):
            assert len(classes) == 2 and not isinstance(raw["f_true"], list), where
            bias, variance = answers["bias_sq"], answers["variance"]
            assert (bias[0] - bias[1]) * (variance[0] - variance[1]) < 0, where  # bias traded for variance
            assert abs(answers["expected_error"][0] - answers["expected_error"][1]) >= 0.25, where
        else:
            assert 2 <= len(raw["f_true"]) <= 3 and 3 <= len(raw["predictions"]) <= 4, where
        for rows in classes:  # a bias and a variance at every point
            P = np.array(rows, dtype=float).reshape(len(rows), -1)
            assert np.all(np.var(P, axis=0) > 0) and np.all(P.mean(axis=0) != np.atleast_1d(raw["f_true"])), where
        # every mistake the family knows shows on medium and easy problems (|bias| = 1 is redrawn)
        if difficulty != "hard":
            assert {m.name for m in problem.mistakes} == {
                "variance_m_minus_1",
                "bias_not_squared",
                "noise_omitted",
                "bias_sq_as_mse",
            }, where
    hard = [generated(TOPIC, "hard", seed).params.to_json() for seed in SEEDS]
    assert any(isinstance(r["predictions"], dict) for r in hard) and any(isinstance(r["f_true"], list) for r in hard)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_homework_solved_from_the_command_line():
    """The numbers as a homework writes them: fractions, a Chinese input method's full-width
    punctuation, one-number rows, a class comparison as a JSON object."""
    answers = []
    for predictions, noise in (
        ("[2, 3, 5, 6]", "0.5"),
        ("［２，３，５，６］", "1/2"),
        ("[[2], [3], [5], [6]]", '"1/2"'),
        ("[4/2, 6/2, 5, 6.0]", "0.50"),
    ):
        out = run("solve", TOPIC, "-p", "f_true=3", "-p", f"predictions={predictions}", "-p", f"noise_var={noise}")
        assert out.exit_code == 0, out.output
        out = run(
            "solve",
            TOPIC,
            "-p",
            "f_true=3",
            "-p",
            f"predictions={predictions}",
            "-p",
            f"noise_var={noise}",
            "--format",
            "json",
        )
        answers.append(json.loads(out.output)["problems"][0]["answers"])
    assert all(a == answers[0] for a in answers)
    assert [a["value"] for a in answers[0]] == [4, 1, 2.5, 4, 3.5]
    # a third of a unit: the parameters keep it exact (as the fraction "1/3")
    out = run(
        "solve", TOPIC, "-p", "f_true=1/3", "-p", "predictions=[0, 1, 1/2]", "-p", "noise_var=1/3", "--format", "json"
    )
    problem = json.loads(out.output)["problems"][0]
    assert problem["params"] == {"f_true": "1/3", "predictions": [0, 1, 0.5], "noise_var": "1/3"}
    expected = oracle(problem["params"])
    assert [a["value"] for a in problem["answers"]] == pytest.approx([expected[a["name"]] for a in problem["answers"]])
    compare = '{"simple": [2, 2.5, 3, 2.5], "complex": [1, 4, 2, 5]}'
    out = run("solve", TOPIC, "-p", "f_true=3", "-p", f"predictions={compare}", "-p", "noise_var=0", "--format", "json")
    problem = json.loads(out.output)["problems"][0]
    assert [a["name"] for a in problem["answers"]][-1] == "best_model"
    expected = oracle(problem["params"])
    for answer in problem["answers"]:
        assert answer["value"] == pytest.approx(expected[answer["name"]]), answer["name"]


BASE = {"f_true": 3, "predictions": [2, 3, 5, 6], "noise_var": 0.5}


@pytest.mark.parametrize(
    "change, words",
    [
        ({"noise_var": None}, ["missing", "noise_var"]),
        ({"sigma": 1}, ["unknown parameter 'sigma'"]),
        ({"f_true": "three"}, ["'f_true'", "e.g. 3"]),
        ({"f_true": [1, 2, 3, 4, 5, 6, 7]}, ["'f_true'"]),
        ({"predictions": [2]}, ["'predictions'", "2-12 models"]),
        ({"predictions": "2, 3, 5"}, ["'predictions'"]),
        ({"predictions": [2, "x", 5]}, ["'predictions'"]),
        ({"predictions": [2, 3000, 5]}, ["'predictions'", "3000"]),
        ({"predictions": [[2, 1], [3, 2]]}, ["'predictions'", "one number per model"]),
        ({"f_true": [3, 1], "predictions": [2, 3, 5]}, ["'predictions'", "one row per model", "2 points"]),
        ({"f_true": [3, 1], "predictions": [[2, 1], [3]]}, ["'predictions'", "rows differ"]),
        ({"f_true": [3, 1], "predictions": [[2, 1, 0], [3, 2, 1]]}, ["'predictions'", "2 points", "have 3"]),
        ({"predictions": {"linear": [1, 2]}}, ["'predictions'", "2-3 model classes"]),
        ({"predictions": {"a": [1, 2], "b": [1, 2], "c": [1, 2], "d": [1, 2]}}, ["'predictions'", "2-3"]),
        ({"predictions": {" ": [1, 2], "b": [3, 4]}}, ["'predictions'", "names"]),
        ({"predictions": {"a": [1, 2], "b": [3]}}, ["'predictions.b'"]),
        ({"noise_var": -0.5}, ["'noise_var'", "0 to 1000"]),
        ({"noise_var": "big"}, ["'noise_var'"]),
    ],
)
def test_bad_parameters_are_one_sentence_in_english_and_chinese(change, words):
    raw = {k: v for k, v in (BASE | change).items() if v is not None}
    refused(TOPIC, raw, words)
    refused(TOPIC, raw, [w for w in words if w.startswith("'")], lang="zh")


def test_bad_parameters_in_chinese():
    assert "每个模型给出一个数" in refused(TOPIC, BASE | {"predictions": [[2, 1], [3, 2]]}, lang="zh")
    assert "每个模型一行" in refused(TOPIC, BASE | {"f_true": [3, 1]}, lang="zh")
    assert "模型类名" in refused(TOPIC, BASE | {"predictions": {" ": [1, 2], "b": [3, 4]}}, lang="zh")
    assert "噪声方差" in refused(TOPIC, BASE | {"noise_var": -1}, lang="zh")


TERMS = ["偏差", "方差", "噪声", "期望误差", "平均预测", "均方误差", "训练集"]


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_a_problem_reads_in_chinese_in_every_format(difficulty):
    problems = [generated(TOPIC, difficulty, seed) for seed in SEEDS[:4]]
    for fmt in FORMATS:
        out = render(problems, fmt, solutions=True, lang="zh")
        assert all(term in out for term in TERMS), fmt
        assert not any(word in out for word in ("Compute", "the variance", "Class ", "mean prediction", "noise of")), (
            fmt
        )
        if fmt == "text":
            assert all(cells(line) <= 80 for line in out.splitlines())
