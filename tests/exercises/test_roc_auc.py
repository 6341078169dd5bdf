"""roc_auc against scikit-learn's roc_curve (drop_intermediate=False: one point per distinct
score, after the (0, 0) of its +inf threshold) and roc_auc_score, and a brute-force count of
the correctly ranked (positive, negative) pairs, a tie counting ½, written here."""

import json
from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.metrics import roc_auc_score, roc_curve

from exercises.core import registry
from exercises.core.lang import using
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated, matches, refused

TOPIC = "roc_auc"
# SYLLABUS 4.23, checked there against sklearn: 8/9, and 0.625 with a tie
CANONICAL = {"labels": [1, 1, 0, 1, 0, 0], "scores": [0.9, 0.8, 0.7, 0.6, 0.55, 0.4]}
TIED = {"labels": [1, 0, 1, 0], "scores": [0.8, 0.8, 0.5, 0.3]}


def pairs(raw) -> float:
    """Correctly ranked (positive, negative) pairs, a tie counting ½: every pair looked at."""
    scores = [Fraction(str(s)) for s in raw["scores"]]
    positives = [s for s, y in zip(scores, raw["labels"]) if y == 1]
    negatives = [s for s, y in zip(scores, raw["labels"]) if y != 1]
    return float(
        sum(Fraction(1) if a > b else Fraction(1, 2) if a == b else 0 for a, b in product(positives, negatives))
    )


def oracle(raw) -> dict:
    y, s = np.array(raw["labels"]), np.array(raw["scores"], dtype=float)
    fpr, tpr, thresholds = roc_curve(y, s, pos_label=1, drop_intermediate=False)
    assert np.isinf(thresholds[0]) and fpr[0] == tpr[0] == 0  # the start, nothing predicted positive
    auc = roc_auc_score(y == 1, s)
    correct = pairs(raw)
    n_pos = int(np.sum(y == 1))
    assert auc == pytest.approx(correct / (n_pos * (len(y) - n_pos)), abs=1e-12)  # the two ways agree
    return {
        "thresholds": thresholds[1:],
        "roc_points": np.column_stack([fpr, tpr]),
        "auc": auc,
        "correct_pairs": correct,
    }


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_match_sklearn_and_the_pair_count(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        assert [a.name for a in problem.solution.answers] == ["thresholds", "roc_points", "auc", "correct_pairs"]
        matches(problem, oracle(raw))


def test_canonical_instance():
    problem = registry.from_params(TOPIC, CANONICAL)
    third = Fraction(1, 3)
    assert problem.answer("thresholds").value == CANONICAL["scores"]
    points = [(0, 0), (0, third), (0, 2 * third), (third, 2 * third), (third, 1), (2 * third, 1), (1, 1)]
    assert problem.answer("roc_points").exact == tuple(tuple(Fraction(v) for v in p) for p in points)
    assert problem.answer("auc").exact == Fraction(8, 9)
    assert problem.answer("correct_pairs").exact == 8  # 8/9 of the 3 x 3 pairs
    matches(problem, oracle(CANONICAL))
    tied = registry.from_params(TOPIC, TIED)
    assert tied.answer("auc").value == 0.625
    assert tied.answer("correct_pairs").value == 2.5  # 0.625 of the 2 x 2 pairs
    assert tied.answer("roc_points").value == [[0, 0], [0.5, 0.5], [0.5, 1], [1, 1]]
    matches(tied, oracle(TIED))


def test_generators_keep_their_promises():
    for difficulty, sizes in (("easy", (5, 6)), ("medium", (6, 8)), ("hard", (8, 10))):
        for seed in SEEDS:
            raw = generated(TOPIC, difficulty, seed).params.to_json()
            scores, labels = raw["scores"], raw["labels"]
            n, n_pos = len(scores), labels.count(1)
            assert sizes[0] <= n <= sizes[1] and set(labels) == {0, 1}, raw
            assert 2 <= n_pos <= n - 2 and 3 * min(n_pos, n - n_pos) >= n, raw
            assert 0.5 < oracle(raw)["auc"] < 1, raw
            unit = Fraction(1, 20) if difficulty == "medium" else Fraction(1, 10)
            assert all(Fraction(str(s)) % unit == 0 and 0 < s < 1 for s in scores), raw
            if difficulty == "hard":
                tied_classes = [{y for t, y in zip(scores, labels) if t == s} for s in set(scores)]
                assert {0, 1} in tied_classes and len(set(scores)) >= 5, raw
                assert max(scores.count(s) for s in scores) <= 3, raw
                assert "tied" in str(generated(TOPIC, difficulty, seed).solution.question.parts[-1])
            else:
                assert len(set(scores)) == n, raw
            if difficulty == "easy":
                assert scores == sorted(scores, reverse=True), raw
    medium = [generated(TOPIC, "medium", s).params.to_json()["scores"] for s in SEEDS]
    assert any(s != sorted(s, reverse=True) for s in medium)  # listed as drawn, not sorted


def named(problem, name, typed):
    verdict = judge(problem, problem.answer(name), typed)
    assert verdict.kind == WRONG and verdict.mistake is not None, (name, typed, verdict)
    return verdict.mistake.name


def test_named_mistakes_are_recognised():
    problem = registry.from_params(TOPIC, CANONICAL)
    points = oracle(CANONICAL)["roc_points"]
    # FPR and TPR swapped: (TPR, FPR), whose area is 1 - 8/9
    assert named(problem, "roc_points", points[:, ::-1].tolist()) == "axes_swapped"
    assert named(problem, "auc", 1 / 9) == "axes_swapped"
    assert named(problem, "auc", 0.111) == "axes_swapped"  # at the precision typed
    # positive iff score > t: at each threshold the point of the threshold above it
    y, s = np.array(CANONICAL["labels"]), np.array(CANONICAL["scores"])
    strict = [[np.sum((s > t) & (y == 0)) / 3, np.sum((s > t) & (y == 1)) / 3] for t in s]
    assert named(problem, "roc_points", [[0, 0], *strict]) == "strict_threshold"
    # FP / (TP + FP), the false discovery rate, on the x-axis
    fdr = [[np.sum((s >= t) & (y == 0)) / np.sum(s >= t), np.sum((s >= t) & (y == 1)) / 3] for t in s]
    assert named(problem, "roc_points", [[0, 0], *fdr]) == "fpr_as_fdr"
    x, height = np.array([0, *(p[0] for p in fdr)]), np.array([0, *(p[1] for p in fdr)])
    assert named(problem, "auc", float(np.sum(np.diff(x) * (height[1:] + height[:-1]) / 2))) == "fpr_as_fdr"

    tied = registry.from_params(TOPIC, TIED)
    # the points (0, 0), (½, ½), (½, 1), (1, 1): the diagonal's rectangle under its lower end is 0
    assert named(tied, "auc", 0.5) == "step_area_not_trapezoid"
    assert named(tied, "correct_pairs", 2) == "ties_as_zero"  # the pair (0.8, 0.8) counted 0
    assert named(tied, "correct_pairs", 3) == "ties_as_one"
    assert named(tied, "auc", 0.75) == "ties_as_one"
    assert {m.name for m in tied.mistakes} == set(registry.family(TOPIC).MISTAKE_NAMES)
    # without a tie between a positive and a negative, the tie mistakes change nothing: not declared
    assert {m.name for m in problem.mistakes} == {"axes_swapped", "strict_threshold", "fpr_as_fdr"}


def test_each_mistake_is_declared_somewhere_and_moves_an_answer():
    declared = {m.name for d in DIFFICULTIES for s in SEEDS for m in generated(TOPIC, d, s).mistakes}
    assert declared == set(registry.family(TOPIC).MISTAKE_NAMES)
    for seed in SEEDS:
        problem = generated(TOPIC, "hard", seed)
        assert {"ties_as_zero", "ties_as_one", "step_area_not_trapezoid"} <= {m.name for m in problem.mistakes}
        for mistake in problem.mistakes:
            assert registry.distinct(problem, mistake), (problem.id, mistake.name)


@pytest.mark.parametrize(
    "raw, english, chinese",
    [
        ({}, ["missing", "scores", "labels"], ["缺少参数", "scores"]),
        ({"scores": [0.9, 0.1]}, ["missing", "labels"], ["缺少参数", "labels"]),
        (CANONICAL | {"threshold": 0.5}, ["unknown parameter 'threshold'"], ["未知参数 'threshold'"]),
        (CANONICAL | {"labels": [1] * 6}, ["'labels'", "only positives", "FPR"], ["'labels'", "只含正例", "假正例率"]),
        (CANONICAL | {"labels": [0] * 6}, ["'labels'", "only negatives", "TPR"], ["'labels'", "只含反例", "真正例率"]),
        (CANONICAL | {"labels": [1, 0]}, ["'labels'", "6 scores", "it has 2"], ["'labels'", "6 个得分"]),
        (CANONICAL | {"labels": [1, 1, 0, 1, 0, 2]}, ["'labels'", "1 (positive)"], ["'labels'", "正例"]),
        (CANONICAL | {"labels": [1, 1, 0, 1, -1, 0]}, ["'labels'", "mixes 0 and -1"], ["'labels'", "0 和 -1"]),
        (CANONICAL | {"labels": [True, True, False, True, False, False]}, ["'labels'"], ["'labels'"]),
        (CANONICAL | {"labels": "110100"}, ["'labels'"], ["'labels'"]),
        (CANONICAL | {"scores": [0.9, "high", 0.7, 0.6, 0.55, 0.4]}, ["'scores'", "e.g."], ["'scores'", "例如"]),
        (CANONICAL | {"scores": 0.9}, ["'scores'"], ["'scores'"]),
        ({"scores": [0.5], "labels": [1]}, ["'scores'", "2-20 numbers"], ["'scores'", "2-20 个"]),
        ({"scores": [0.5] * 21, "labels": [1, 0] * 10 + [1]}, ["'scores'"], ["'scores'"]),
        (CANONICAL | {"scores": [0.9, 0.8, 0.7, 0.6, 0.55, 10**7]}, ["'scores'", "got 10000000"], ["'scores'"]),
    ],
)
def test_bad_parameters_are_one_clear_sentence_in_both_languages(raw, english, chinese):
    refused(TOPIC, raw, english)
    refused(TOPIC, raw, chinese, lang="zh")


def test_a_homework_with_plus_minus_one_labels_solved_from_the_command_line():
    """An SVM's decision values (negative too, unsorted, one tie) with labels ±1, typed as a
    student would, fractions and full-width commas from a Chinese input method included."""
    args = ["solve", TOPIC, "--param", "scores=[1.2, -0.3, 0.8, 0.8, -1.5, 2，0.1, 1/2]"]
    args += ["--param", "labels=[1, -1, 1, -1, -1, 1, 1, -1]", "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)["problems"][0]
    raw = {"scores": [1.2, -0.3, 0.8, 0.8, -1.5, 2, 0.1, 0.5], "labels": [1, -1, 1, -1, -1, 1, 1, -1]}
    assert data["params"] == raw and data["id"] == "roc_auc:custom"
    expected = oracle(raw)
    values = {a["name"]: a["value"] for a in data["answers"]}
    for name, value in expected.items():
        assert np.allclose(values[name], value, atol=1e-12), name
    assert values["auc"] == pytest.approx(13.5 / 16)  # 13 pairs above, the tie (0.8, 0.8) ½, of 4 x 4
    problem = registry.from_params(TOPIC, raw)
    assert "-1: negative" in str(problem.solution.question.parts[0])
    with using("zh"):
        assert "-1 为反例" in str(problem.solution.question.parts[0])
    text = CliRunner().invoke(main, args[:-2] + ["--lang", "zh"], catch_exceptions=False).output.replace("\n", "")
    assert "ROC曲线" in text and "真正例率" in text and "假正例率" in text
