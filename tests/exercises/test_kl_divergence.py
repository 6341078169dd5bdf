"""kl_divergence against scipy and torch: entropies and both KL divergences by
scipy.stats.entropy (base 2 or e), KL(P‖Q) again by torch.nn.functional.kl_div (input log Q,
target P), the cross-entropy as a numpy sum, the Jensen-Shannon divergence by
scipy.spatial.distance.jensenshannon (squared); the syllabus's instance, the note's slip (S19)
and the other mistakes done wrong on purpose; parameters as a homework types them."""

import json
import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from scipy.spatial.distance import jensenshannon
from scipy.stats import entropy

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import CORRECT, WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, TIERS, generated_all, matches, refused

TOPIC = "kl_divergence"
ANSWERS = ["H_P", "H_Q", "cross_entropy_PQ", "kl_PQ", "kl_QP", "identity"]


def probabilities(values) -> np.ndarray:
    """JSON probabilities (numbers, or "1/3" where a decimal would not be exact) as floats."""
    return np.array([float(Fraction(str(x))) for x in values])


def base_of(raw: dict) -> float:
    return 2.0 if raw.get("base", 2) == 2 else math.e


def cross_entropy(p, q, base) -> float:
    """-Σ p log q over the outcomes where p > 0 (0·log 0 = 0), in numpy."""
    mask = p > 0
    return float(-np.sum(p[mask] * np.log(q[mask])) / np.log(base))


def kl_by_torch(p, q, base) -> float:
    """KL(P‖Q) by torch: kl_div takes the input as log Q and the target as P (nats)."""
    target, q = torch.tensor(p, dtype=torch.float64), torch.tensor(q, dtype=torch.float64)
    return torch.nn.functional.kl_div(q.log(), target, reduction="sum").item() / math.log(base)


def oracle(raw: dict) -> dict:
    p, q, base = probabilities(raw["P"]), probabilities(raw["Q"]), base_of(raw)
    h_p, kl_pq = entropy(p, base=base), entropy(p, q, base=base)
    cross = cross_entropy(p, q, base)
    out = {
        "H_P": h_p,
        "H_Q": entropy(q, base=base),
        "cross_entropy_PQ": cross,
        "kl_PQ": kl_pq,
        "kl_QP": entropy(q, p, base=base),
        "identity": cross - h_p - kl_pq,
    }
    if raw.get("js"):
        out["js"] = jensenshannon(p, q, base=base) ** 2
    return out


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_scipy_and_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = oracle(raw)
        assert [a.name for a in problem.solution.answers] == ANSWERS + (["js"] if raw.get("js") else [])
        matches(problem, expected)
        p, q, base = probabilities(raw["P"]), probabilities(raw["Q"]), base_of(raw)
        assert problem.answer("kl_PQ").value == pytest.approx(kl_by_torch(p, q, base), abs=1e-9), problem.id
        assert problem.answer("kl_QP").value == pytest.approx(kl_by_torch(q, p, base), abs=1e-9), problem.id
        assert problem.answer("identity").exact == 0, problem.id  # exactly: the logs cancel


@pytest.mark.parametrize("seeds", TIERS)
def test_generated_parameters_fit_the_difficulty(seeds):
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, seeds):
            raw = problem.params.to_json()
            P, Q = ([Fraction(str(x)) for x in raw[name]] for name in ("P", "Q"))
            assert len(P) == len(Q) and sum(P) == 1 and sum(Q) == 1 and min(P + Q) > 0, problem.id
            if difficulty == "easy":
                assert 2 <= len(P) <= 4 and raw["base"] == 2 and not raw.get("js")
                assert all(x.numerator == 1 and x.denominator & (x.denominator - 1) == 0 for x in P), P
                assert all(8 % x.denominator == 0 for x in Q), Q
            elif difficulty == "medium":
                assert 2 <= len(P) <= 3 and raw["base"] in (2, "e") and not raw.get("js")
                assert all(x.denominator in (1, 2, 4, 5, 8, 10) for x in P + Q), (P, Q)
            else:
                assert len(P) == 4 and raw["base"] in (2, "e") and raw["js"] is True
                assert all(x.denominator in (2, 4, 5, 8, 10, 16, 20) for x in P + Q), (P, Q)
            # never degenerate: P ≠ Q, the two directions of KL and of the cross-entropy differ clearly
            expected = oracle(raw)
            p, q, base = probabilities(raw["P"]), probabilities(raw["Q"]), base_of(raw)
            assert min(expected["kl_PQ"], expected["kl_QP"], expected.get("js", 1)) >= 0.02, problem.id
            assert abs(expected["kl_PQ"] - expected["kl_QP"]) >= 0.005, problem.id
            assert abs(cross_entropy(p, q, base) - cross_entropy(q, p, base)) >= 0.005, problem.id


# --- the syllabus's instance and the note's slip ------------------------------------------------

CANONICAL = {"P": [0.5, 0.5], "Q": [0.25, 0.75], "base": 2}


def test_the_syllabus_instance_in_bits():
    """P = (½, ½), Q = (¼, ¾): H(P) = 1, H(Q) = 0.811278, H(P,Q) = 1.207519,
    KL(P‖Q) = 0.207519, KL(Q‖P) = 0.188722 (SYLLABUS.md 4.22, checked against scipy)."""
    problem = registry.from_params(TOPIC, CANONICAL)
    known = {
        "H_P": 1,
        "H_Q": 0.811278,
        "cross_entropy_PQ": 1.207519,
        "kl_PQ": 0.207519,
        "kl_QP": 0.188722,
        "identity": 0,
    }
    for name, value in known.items():
        assert problem.answer(name).value == pytest.approx(value, abs=1e-6), name
    # by hand: H(Q) = 2 - (3/4) log₂ 3, H(P,Q) = 2 - (1/2) log₂ 3, exactly
    assert problem.answer("H_Q").value == pytest.approx(2 - 0.75 * math.log2(3), abs=1e-12)
    assert problem.answer("cross_entropy_PQ").value == pytest.approx(2 - 0.5 * math.log2(3), abs=1e-12)
    assert str(problem.answer("H_P").exact) == "1" and str(problem.answer("identity").exact) == "0"


def test_the_same_instance_in_nats_is_the_bits_times_ln_2():
    bits = registry.from_params(TOPIC, CANONICAL)
    nats = registry.from_params(TOPIC, CANONICAL | {"base": "e"})
    for name in ANSWERS:
        assert nats.answer(name).value == pytest.approx(bits.answer(name).value * math.log(2), abs=1e-12)
    assert nats.answer("H_P").value == pytest.approx(math.log(2), abs=1e-12)


def test_the_notes_entropy_formula_is_the_cross_entropy():
    """S19: P = (½, ¼, ¼), Q = (¼, ½, ¼): the note's "信息熵" Σ p log₂(1/q) gives 1.75, H(P) is 1.5.
    (A permutation: KL is 0.25 both ways, so no 'direction' mistake can be told here.)"""
    problem = registry.from_params(TOPIC, {"P": ["1/2", "1/4", "1/4"], "Q": ["1/4", "1/2", "1/4"]})
    assert problem.answer("H_P").value == pytest.approx(1.5, abs=1e-12)
    assert problem.answer("cross_entropy_PQ").value == pytest.approx(1.75, abs=1e-12)
    assert problem.answer("kl_PQ").value == pytest.approx(0.25) and problem.answer("kl_QP").value == pytest.approx(0.25)
    verdict = judge(problem, problem.answer("H_P"), 1.75)
    assert verdict.kind == WRONG and verdict.mistake.name == "entropy_with_q"
    assert "kl_direction" not in {m.name for m in problem.mistakes}


# --- mistakes -------------------------------------------------------------------------------------


def wrong_values(raw: dict) -> dict:
    """The answers each mistake gives, by the oracle computed wrong on purpose."""
    p, q, base = probabilities(raw["P"]), probabilities(raw["Q"]), base_of(raw)
    other = math.e if base == 2 else 2.0
    right = oracle(raw)
    wrong_base = oracle(raw | {"base": 2 if other == 2 else "e"})
    h_qp = cross_entropy(q, p, base)
    out = {
        "ln_vs_log2": {name: wrong_base[name] for name in right if name != "identity"},
        "kl_direction": {
            "kl_PQ": entropy(q, p, base=base),
            "kl_QP": entropy(p, q, base=base),
            "identity": right["cross_entropy_PQ"] - right["H_P"] - entropy(q, p, base=base),
        },
        "cross_entropy_swapped": {"cross_entropy_PQ": h_qp, "identity": h_qp - right["H_P"] - right["kl_PQ"]},
        "entropy_with_q": {"H_P": right["cross_entropy_PQ"], "H_Q": h_qp, "identity": -right["kl_PQ"]},
    }
    if raw.get("js"):
        out["js_without_mixture"] = {"js": (entropy(p, q, base=base) + entropy(q, p, base=base)) / 2}
    return out


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        wrong = wrong_values(problem.params.to_json())
        declared = {m.name: m.answers for m in problem.mistakes}
        assert set(declared) == set(wrong), problem.id
        for name, answers in declared.items():
            assert set(answers) == set(wrong[name]), (problem.id, name)
            for answer, value in answers.items():
                assert value == pytest.approx(wrong[name][answer], abs=1e-9), (problem.id, name, answer)
                assert abs(value - problem.answer(answer).value) >= 0.005, (problem.id, name, answer)


@pytest.mark.parametrize(
    "answer, typed, mistake",
    [
        ("H_P", 1.2075, "entropy_with_q"),  # the note's formula: H(P,Q) reported as H(P)
        ("H_Q", 0.5623, "ln_vs_log2"),  # in nats
        ("cross_entropy_PQ", 0.811278 + 0.188722, "cross_entropy_swapped"),  # H(Q,P) = H(Q) + KL(Q‖P)
        ("kl_PQ", 0.1887, "kl_direction"),
        ("kl_QP", 0.2075, "kl_direction"),
        ("identity", 0.2075 - 0.1887, "kl_direction"),
    ],
)
def test_typed_mistakes_are_named(answer, typed, mistake):
    problem = registry.from_params(TOPIC, CANONICAL)
    verdict = judge(problem, problem.answer(answer), typed)
    assert verdict.kind == WRONG and verdict.mistake is not None and verdict.mistake.name == mistake


def test_the_mean_of_both_directions_is_not_the_jensen_shannon_divergence():
    problem = registry.from_params(TOPIC, CANONICAL | {"js": True})
    js = problem.answer("js")
    assert js.value == pytest.approx(jensenshannon([0.5, 0.5], [0.25, 0.75], base=2) ** 2)
    assert judge(problem, js, round(js.value, 4)).kind == CORRECT
    verdict = judge(problem, js, (0.207519 + 0.188722) / 2)
    assert verdict.kind == WRONG and verdict.mistake.name == "js_without_mixture"


# --- parameters the user types --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"P": [0.5, 0.5]}, ["missing", "Q"]),
        (CANONICAL | {"R": [1]}, ["unknown", "'R'"]),
        ({"P": [0.333, 0.333, 0.333], "Q": [0.5, 0.25, 0.25]}, ["'P'", "0.999", "not 1", "1/3"]),
        ({"P": [0.5, 0.5], "Q": [0.5, 0.75]}, ["'Q'", "1.25", "not 1"]),
        ({"P": [0.5, 0.5], "Q": [0.5, 0.25, 0.25]}, ["'Q'", "2 probabilities", "got 3"]),
        ({"P": [0.5, 0.5], "Q": [1, 0]}, ["Q(x2) = 0", "infinite", "'Q'"]),
        ({"P": [0.5, 0.5, 0], "Q": [0.5, 0.25, 0.25]}, ["P(x3) = 0", "KL(Q‖P) is infinite", "'P'"]),
        ({"P": [1.5, -0.5], "Q": [0.25, 0.75]}, ["'P'", "probabilities", "1.5"]),
        ({"P": [1], "Q": [1]}, ["'P'", "2-6 probabilities"]),
        ({"P": [0.125] * 8, "Q": [0.125] * 8}, ["'P'", "2-6 probabilities"]),
        ({"P": "[0.5, 0.5]", "Q": [0.25, 0.75]}, ["'P'"]),
        ({"P": [0.5, "half"], "Q": [0.25, 0.75]}, ["'P'"]),
        (CANONICAL | {"base": 10}, ["'base'", "2 (bits", "e (nats"]),
        (CANONICAL | {"base": True}, ["'base'"]),
        (CANONICAL | {"js": "yes"}, ["'js'", "true or false"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"P": [0.333, 0.333, 0.333], "Q": [0.5, 0.25, 0.25]}, ["参数 'P'", "0.999", "不是 1"]),
        ({"P": [0.5, 0.5], "Q": [1, 0]}, ["Q(x2) = 0", "无穷大", "参数 'Q'"]),
        (CANONICAL | {"base": "ten"}, ["参数 'base'", "比特", "奈特"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


def test_a_homework_with_thirds_decimals_and_nats_matches_the_oracle():
    """Fractions and decimals mixed, the base by its name; thirds come back exactly as "1/3"."""
    raw = {"P": ["1/3", "1/3", "1/3"], "Q": [0.5, 0.25, 0.25], "base": "nats", "js": True}
    problem = registry.from_params(TOPIC, raw)
    assert problem.params.to_json() == {"P": ["1/3", "1/3", "1/3"], "Q": [0.5, 0.25, 0.25], "base": "e", "js": True}
    matches(problem, oracle(problem.params.to_json()))
    assert problem.answer("H_P").value == pytest.approx(math.log(3), abs=1e-12)
    again = registry.from_params(TOPIC, json.loads(json.dumps(problem.params.to_json())))
    assert [a.exact for a in again.solution.answers] == [a.exact for a in problem.solution.answers]


def test_a_homework_typed_on_the_command_line():
    args = ["solve", TOPIC, "-p", "P=[1/2, 1/2, 0]", "-p", "Q=[0.25, 0.75, 0]", "-p", "base=bits"]
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answers = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    expected = oracle({"P": [0.5, 0.5, 0], "Q": [0.25, 0.75, 0], "base": 2})  # 0·log 0 = 0
    assert answers == pytest.approx(expected, abs=1e-9)
    text = CliRunner().invoke(main, args, catch_exceptions=False).output
    assert "0⋅log₂(0) = 0" in text


def test_the_sheet_speaks_the_course_chinese():
    problem = registry.generate(TOPIC, "hard", 1)
    zh = render([problem], "text", solutions=True, lang="zh").replace("\n", "")
    for term in ("信息熵", "交叉熵", "KL散度", "相对熵", "JS散度", "不满足对称性", "笔记 004"):
        assert term in zh, term
    en = render([registry.from_params(TOPIC, CANONICAL | {"base": "e"})], "text", solutions=True)
    assert "natural logarithms (nats)" in en and "ln(" in en and "log₂(p" not in en
