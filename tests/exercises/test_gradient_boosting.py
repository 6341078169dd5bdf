"""gradient_boosting against scikit-learn's GradientBoostingRegressor (squared error, trees of
depth 1, init the mean) and a brute-force stump in numpy: every threshold between consecutive
distinct x values, the SSE of each, the first of the smallest, the mean residual of each side.
sklearn puts its thresholds at the same midpoints, but of float32 inputs: they are compared
to 1e-6."""

import numpy as np
import pytest
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import GradientBoostingRegressor

from exercises.core import registry
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "gradient_boosting"
CANONICAL = {"x": [1, 2, 3, 4, 5, 6], "y": [1, 1, 2, 5, 6, 7], "eta": 0.5}  # SYLLABUS 4.28


def candidates(x):
    values = np.unique(x)
    return (values[:-1] + values[1:]) / 2


def sse(x, r, s):
    left = x <= s
    return ((r[left] - r[left].mean()) ** 2).sum() + ((r[~left] - r[~left].mean()) ** 2).sum()


def stump(x, r, given=None):
    """(SSE of every candidate, the threshold, [left leaf, right leaf]); the first of equal SSEs."""
    sses = np.array([sse(x, r, s) for s in candidates(x)])
    s = candidates(x)[int(np.argmin(sses))] if given is None else given
    left = x <= s
    return sses, s, [r[left].mean(), r[~left].mean()]


def thresholds(raw):
    """The given threshold of each round (None: chosen)."""
    rounds = raw.get("rounds", 1)
    split = raw.get("split")
    if split is None:
        return [None] * rounds
    return split if isinstance(split, list) else [split] + [None] * (rounds - 1)


def oracle(raw: dict) -> dict:
    """Every answer, by numpy alone."""
    x, y, eta = np.array(raw["x"], dtype=float), np.array(raw["y"], dtype=float), float(raw["eta"])
    F = np.full_like(y, y.mean())
    out = {"F0": y.mean(), "residuals": y - F, "mse_before": np.mean((y - F) ** 2)}
    for k, given in enumerate(thresholds(raw), 1):
        suffix = "" if k == 1 else f"_{k}"
        r = y - F
        if k > 1:
            out[f"residuals{suffix}"] = r
        sses, s, leaves = stump(x, r, given)
        if given is None:
            out[f"split_sse{suffix}"] = sses
            out[f"split{suffix}"] = s
        out[f"leaf_values{suffix}"] = leaves
        F = F + eta * np.where(x <= s, leaves[0], leaves[1])
        out[f"F{k}"] = F
    out["mse_after"] = np.mean((y - F) ** 2)
    out["new_residuals"] = y - F
    return out


def boosted(raw: dict):
    """sklearn's model of raw["rounds"] trees of depth 1 (init: the mean, said explicitly)."""
    x, y = np.array(raw["x"], dtype=float).reshape(-1, 1), np.array(raw["y"], dtype=float)
    model = GradientBoostingRegressor(
        loss="squared_error",
        n_estimators=raw.get("rounds", 1),
        learning_rate=float(raw["eta"]),
        max_depth=1,
        init=DummyRegressor(strategy="mean"),
    ).fit(x, y)
    assert float(model.init_.constant_.ravel()[0]) == pytest.approx(y.mean(), abs=1e-12)
    return model


def check_with_sklearn(problem, raw):
    """F0, each tree's threshold and leaves, and each F_k, as sklearn fits them."""
    model = boosted(raw)
    x = np.array(raw["x"], dtype=float).reshape(-1, 1)
    assert problem.answer("F0").value == pytest.approx(float(model.init_.constant_.ravel()[0]), abs=1e-9)
    for k, (given, predicted, tree) in enumerate(
        zip(thresholds(raw), model.staged_predict(x), model.estimators_[:, 0]), 1
    ):
        suffix = "" if k == 1 else f"_{k}"
        where = (problem.id, k)
        s = tree.tree_.threshold[0]
        left, right = tree.tree_.children_left[0], tree.tree_.children_right[0]
        split = given if given is not None else problem.answer(f"split{suffix}").value
        assert split == pytest.approx(s, abs=1e-6), where
        leaves = [tree.tree_.value[left].ravel()[0], tree.tree_.value[right].ravel()[0]]
        assert problem.answer(f"leaf_values{suffix}").value == pytest.approx(leaves, abs=1e-9), where
        assert problem.answer(f"F{k}").value == pytest.approx(predicted, abs=1e-9), where


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_numpy_and_sklearn(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        matches(problem, oracle(raw))
        check_with_sklearn(problem, raw)  # easy: the threshold given is the one sklearn finds


def test_the_syllabus_instance():
    """x = 1..6, y = (1, 1, 2, 5, 6, 7), η = 0.5: F₀ = 11/3; SSEs 26.8, 14, 2.666667, 11.25, 22
    -> x ≤ 3.5, leaves ∓7/3; F₁ = 2.5 (x3), 4.833333 (x3); MSE 5.888889 -> 1.805556."""
    problem = registry.from_params(TOPIC, CANONICAL)
    answer = {a.name: a.value for a in problem.solution.answers}
    assert str(problem.answer("F0").exact) == "11/3"
    assert answer["residuals"] == pytest.approx([-8 / 3, -8 / 3, -5 / 3, 4 / 3, 7 / 3, 10 / 3])
    assert answer["split_sse"] == pytest.approx([26.8, 14, 2.666667, 11.25, 22], abs=1e-6)
    assert answer["split"] == 3.5
    assert [str(v) for v in problem.answer("leaf_values").exact] == ["-7/3", "7/3"]
    assert answer["F1"] == pytest.approx([2.5] * 3 + [4.833333] * 3, abs=1e-6)
    assert answer["mse_before"] == pytest.approx(5.888889, abs=1e-6)
    assert answer["mse_after"] == pytest.approx(1.805556, abs=1e-6)
    assert answer["new_residuals"] == pytest.approx([-1.5, -1.5, -0.5, 0.166667, 1.166667, 2.166667], abs=1e-6)
    assert list(answer) == [
        "F0",
        "residuals",
        "mse_before",
        "split_sse",
        "split",
        "leaf_values",
        "F1",
        "mse_after",
        "new_residuals",
    ]
    check_with_sklearn(problem, CANONICAL)


def named(problem, name, typed):
    verdict = judge(problem, problem.answer(name), typed)
    assert verdict.kind == WRONG, (name, typed)
    return verdict.mistake.name if verdict.mistake else None


def test_the_named_mistakes_are_recognised():
    """Each slip, computed here from its own definition on the syllabus instance."""
    problem = registry.from_params(TOPIC, CANONICAL)
    x, y, eta = np.array(CANONICAL["x"], float), np.array(CANONICAL["y"], float), CANONICAL["eta"]
    F0, left = y.mean(), x <= 3.5
    r = y - F0
    h = np.where(left, r[left].mean(), r[~left].mean())
    assert named(problem, "F1", list(F0 + h)) == "no_shrinkage"
    assert named(problem, "residuals", list(F0 - y)) == "residual_sign"
    assert named(problem, "F1", list(F0 - eta * h)) == "residual_sign"
    y_means = np.where(left, y[left].mean(), y[~left].mean())
    assert named(problem, "F1", list(F0 + eta * y_means)) == "leaf_mean_of_y"
    assert named(problem, "F0", 0) == "F0_zero"
    assert named(problem, "F1", list(eta * y_means)) == "F0_zero"
    assert named(problem, "F0", float(np.median(y))) == "F0_median"
    assert named(problem, "residuals", list(y - np.median(y))) == "F0_median"
    assert named(problem, "residuals", list(2 * r)) == "gradient_without_half"
    assert named(problem, "leaf_values", [2 * r[left].mean(), 2 * r[~left].mean()]) == "gradient_without_half"
    assert named(problem, "F1", list(F0 + 2 * eta * h)) == "no_shrinkage"  # with η = ½ the two coincide
    tenth = registry.from_params(TOPIC, dict(CANONICAL, eta=0.1))
    assert named(tenth, "F1", list(F0 + 2 * 0.1 * h)) == "gradient_without_half"
    assert {m.name for m in problem.mistakes} == set(registry.family(TOPIC).MISTAKE_NAMES)


def test_the_notes_slip_residual_is_the_negative_gradient_only_with_the_half():
    """S27: central differences of ½(y - F)² give -∂L/∂F = y - F, the residual; of (y - F)², twice
    it, and the family names that value as `gradient_without_half`."""
    problem = registry.from_params(TOPIC, CANONICAL)
    y = np.array(CANONICAL["y"], float)
    F, eps = np.full_like(y, y.mean()), 1e-4

    def negative_gradient(loss):
        return -(loss(F + eps) - loss(F - eps)) / (2 * eps)

    half = negative_gradient(lambda f: 0.5 * (y - f) ** 2)
    whole = negative_gradient(lambda f: (y - f) ** 2)
    assert problem.answer("residuals").value == pytest.approx(list(half), abs=1e-9)
    assert named(problem, "residuals", list(whole)) == "gradient_without_half"
    message = next(m.message for m in problem.mistakes if m.name == "gradient_without_half")
    assert "½" in str(message) and "2(y − F)" in str(message)


def test_no_shrinkage_is_no_mistake_when_eta_is_one():
    problem = registry.from_params(TOPIC, dict(CANONICAL, eta=1))
    assert "no_shrinkage" not in {m.name for m in problem.mistakes}
    check_with_sklearn(problem, dict(CANONICAL, eta=1))


def test_equal_sses_choose_the_smaller_threshold_and_say_so():
    """r = (-½, ½, ½, -½): the splits at 1.5 and 3.5 both leave SSE 2/3."""
    raw = {"x": [1, 2, 3, 4], "y": [0, 1, 1, 0], "eta": 1}
    problem = registry.from_params(TOPIC, raw)
    sses, s, _ = stump(np.array(raw["x"], float), np.array(raw["y"], float) - 0.5)
    assert sses[0] == pytest.approx(sses[2]) and s == 1.5
    assert problem.answer("split").value == 1.5
    matches(problem, oracle(raw))
    notes = " ".join(str(step.note) for step in problem.solution.steps)
    assert "Equal SSEs: the smaller threshold." in notes


def test_a_homework_as_it_comes():
    """Unsorted inputs given as a column, a repeated x, a fraction for η, two rounds with the first
    threshold given (not the best one) and the second chosen: numpy's brute force throughout."""
    raw = {"x": [[4], [1], [2], [2], [6]], "y": [9, 2, 3, 5, 11], "eta": "1/2", "rounds": 2, "split": [1.5, None]}
    problem = registry.from_params(TOPIC, raw)
    flat = {"x": [4, 1, 2, 2, 6], "y": raw["y"], "eta": 0.5, "rounds": 2, "split": [1.5, None]}
    assert problem.params.to_json() == {
        "x": [4, 1, 2, 2, 6],
        "y": [9, 2, 3, 5, 11],
        "eta": 0.5,
        "rounds": 2,
        "split": 1.5,
    }
    expected = oracle(flat)
    matches(problem, expected)
    assert "split_sse" not in expected and list(expected["split_sse_2"]) == pytest.approx(
        [sse(np.array(flat["x"], float), expected["residuals_2"], s) for s in (1.5, 3, 5)]
    )
    assert stump(np.array(flat["x"], float), expected["residuals"])[1] != 1.5  # the given split is not the best
    assert problem.answer("mse_after").value < problem.answer("mse_before").value


def test_the_command_line_solves_a_homework():
    from click.testing import CliRunner

    from mlexam import main

    args = ["solve", TOPIC, "-p", "x=[1,2,3,4,5,6]", "-p", "y=[1,1,2,5,6,7]", "-p", "eta=0.5", "--lang", "zh"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "梯度提升" in result.output and "残差" in result.output and "29/6" in result.output


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_parameters_fit_the_difficulty(difficulty):
    for problem in generated_all(TOPIC, difficulty, SEEDS):
        raw = problem.params.to_json()
        x, y = raw["x"], raw["y"]
        assert x == sorted(x) and len(set(x)) == len(x) and all(v == int(v) for v in y), problem.id
        assert raw["eta"] in (1, 0.5, 0.1), problem.id
        assert np.mean(y) != 0 and np.mean(y) != np.median(y), problem.id
        if difficulty == "easy":
            assert len(x) == 4 and all(v == int(v) for v in x) and "rounds" not in raw
            assert np.mean(y) == int(np.mean(y)) and raw["split"] in candidates(np.array(x, float))
            assert all(2 * v == int(2 * v) for v in problem.answer("leaf_values").value)
        elif difficulty == "medium":
            assert len(x) in (5, 6) and all(v == int(v) for v in x) and set(raw) == {"x", "y", "eta"}
        else:
            assert len(x) == 6 and raw["rounds"] == 2 and "split" not in raw
            assert all(round(10 * v) == pytest.approx(10 * v) for v in x)
        chosen = [] if "split" in raw else range(1, raw.get("rounds", 1) + 1)
        for k in chosen:  # the best threshold is clear
            sses = sorted(problem.answer("split_sse" if k == 1 else f"split_sse_{k}").value)
            assert sses[1] - sses[0] >= 0.05, problem.id


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "change, words",
    [
        ({"y": [1, 2]}, ["'y'", "6"]),
        ({"x": [1]}, ["'x'"]),
        ({"x": [2, 2, 2, 2, 2, 2]}, ["'x'"]),
        ({"y": [3, 3, 3, 3, 3, 3]}, ["'y'"]),
        ({"x": [1, 2, "a", 4, 5, 6]}, ["'x'"]),
        ({"eta": 0}, ["'eta'"]),
        ({"eta": 1.5}, ["'eta'"]),
        ({"rounds": 0}, ["'rounds'"]),
        ({"rounds": 4}, ["'rounds'"]),
        ({"rounds": 1.5}, ["'rounds'"]),
        ({"split": 6}, ["'split'", "s = 6"]),
        ({"split": 0.5}, ["'split'"]),
        ({"split": [2.5, 3.5]}, ["'split'", "2"]),
        ({"split": "middle"}, ["'split'"]),
        ({"lr": 0.1}, ["'lr'"]),
    ],
)
def test_bad_parameters_are_one_sentence(change, words, lang):
    raw = dict(CANONICAL) | change
    refused(TOPIC, raw, words if lang == "en" else [w for w in words if w.startswith(("'", "s ="))], lang)
