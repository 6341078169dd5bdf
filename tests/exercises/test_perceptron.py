"""perceptron against a plain numpy loop written here (the trace) and scikit-learn's
Perceptron (the final w and b), Li Hang's example 2.1, the note's slip S14 and user
parameters."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import Perceptron

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "perceptron"


# --- the oracle -------------------------------------------------------------------------


def train(raw: dict, *, labels=None, bias=True, strict=False, epochs=None) -> dict:
    """The perceptron by the book: visit the samples in order, a mistake when y(w·x + b) <= 0
    (< 0 if strict), then w += eta y x and b += eta y (b frozen unless bias); stop after a pass
    without a mistake, or after `epochs` passes."""
    X = np.array(raw["points"], dtype=float)
    y = np.array(raw["labels"] if labels is None else labels, dtype=float)
    w, b, eta = np.array(raw["w"], dtype=float), float(raw["b"]), float(raw["eta"])
    limit = epochs or (10 if raw["max_epochs"] == "converge" else raw["max_epochs"])
    rows, passes = [], 0
    for passes in range(1, limit + 1):  # noqa: B007  (the count is kept)
        clean = True
        for xi, yi in zip(X, y):
            a = float(w @ xi + b)
            wrong = yi * a < 0 if strict else yi * a <= 0
            if wrong:
                clean = False
                w, b = w + eta * yi * xi, b + (eta * yi if bias else 0.0)
            rows.append([a, float(wrong), *w, b])
        if clean:
            break
    converged = bool(np.all(y * (X @ w + b) > 0))
    n = len(X)
    out = {f"trace_{e}": rows[(e - 1) * n : e * n] for e in range(1, passes + 1)}
    out |= {"updates": int(sum(r[1] for r in rows)), "w_final": w, "b_final": b}
    if raw["max_epochs"] == "converge" or raw["max_epochs"] > 1:
        out["epochs"] = passes
    if raw["max_epochs"] != "converge":
        out["converged"] = int(converged)
    return out


def sklearn_final(raw: dict, epochs: int):
    """(w, b) after `epochs` passes of scikit-learn's Perceptron from the given start."""
    model = Perceptron(eta0=float(raw["eta"]), shuffle=False, tol=None, max_iter=epochs, fit_intercept=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_iter reached: asked for
        model.fit(
            np.array(raw["points"], float),
            np.array(raw["labels"]),
            coef_init=np.array([raw["w"]], float),
            intercept_init=np.array([raw["b"]], float),
        )
    return model.coef_[0], model.intercept_[0]


def assert_matches(problem, expected):
    names = [a.name for a in problem.solution.answers]
    assert names == list(expected), (problem.id, names)
    for name, value in expected.items():
        assert np.allclose(problem.answer(name).value, value, rtol=1e-12, atol=1e-12), (problem.id, name)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_a_plain_loop_and_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        expected = train(raw)
        assert_matches(problem, expected)
        epochs = expected.get("epochs", raw["max_epochs"])
        w, b = sklearn_final(raw, epochs)
        assert np.allclose(problem.answer("w_final").value, w) and np.isclose(problem.answer("b_final").value, b)


# --- Li Hang, example 2.1 -------------------------------------------------------------------

LI_HANG = {"points": [[3, 3], [4, 3], [1, 1]], "labels": [1, 1, -1]}


def test_li_hang_example_2_1():
    problem = registry.from_params(TOPIC, LI_HANG)
    value = lambda name: problem.answer(name).value  # noqa: E731
    assert value("w_final") == [1, 1] and value("b_final") == -3
    assert value("updates") == 7 and value("epochs") == 6
    trace = [row for e in range(1, 7) for row in value(f"trace_{e}")]
    assert len(trace) == 18
    visited = [i % 3 + 1 for i, row in enumerate(trace) if row[1] == 1]
    assert visited == [1, 3, 3, 3, 1, 3, 3]  # the book's order of misclassified points
    assert trace[0] == [0, 1, 3, 3, 1]  # a = 0 is a mistake: w = (3, 3), b = 1
    assert [row[1] for row in trace[-3:]] == [0, 0, 0]  # pass 6 is clean
    w, b = sklearn_final(dict(LI_HANG, w=[0, 0], b=0, eta=1), 6)
    assert np.allclose(w, [1, 1]) and b == pytest.approx(-3)


def test_one_pass_and_convergence():
    one = registry.from_params(TOPIC, dict(LI_HANG, max_epochs=1))
    assert one.answer("converged").value == 0 and one.answer("w_final").value == [2, 2]
    assert "epochs" not in {a.name for a in one.solution.answers}
    enough = registry.from_params(TOPIC, dict(LI_HANG, max_epochs=8))
    assert enough.answer("converged").value == 1 and enough.answer("epochs").value == 6


def test_a_learning_rate_and_a_start():
    raw = dict(LI_HANG, w=[1, -1], b=0.5, eta=0.5)
    problem = registry.from_params(TOPIC, raw)
    assert_matches(problem, train(dict(raw, max_epochs="converge")))


# --- generation ---------------------------------------------------------------------------


def test_generated_problems_fit_each_difficulty():
    for difficulty in DIFFICULTIES:
        for seed in SEEDS:
            problem = generated(TOPIC, difficulty, seed)
            raw = problem.params.to_json()
            n = len(raw["points"])
            assert (3 <= n <= 4) if difficulty == "easy" else (4 <= n <= 5), problem.id
            low = -3 if difficulty == "hard" else 0
            assert all(low <= v <= 5 and isinstance(v, int) for x in raw["points"] for v in x), problem.id
            assert len({tuple(x) for x in raw["points"]}) == n and {1, -1} == set(raw["labels"]), problem.id
            if difficulty == "medium":
                assert raw["eta"] in (0.5, 1) and all(v in (-1, 0, 1) for v in [*raw["w"], raw["b"]]), problem.id
                assert raw["max_epochs"] == "converge" and problem.answer("epochs").value <= 5, problem.id
                assert problem.answer("updates").value >= 3, problem.id
            else:
                assert raw["w"] == [0, 0] and raw["b"] == 0 and raw["eta"] == 1, problem.id
            if difficulty == "easy":
                assert raw["max_epochs"] == 1 and problem.answer("updates").value >= 2, problem.id
            if difficulty == "hard":
                assert raw["max_epochs"] == "converge" and problem.answer("epochs").value <= 6, problem.id
                assert problem.answer("updates").value >= 5, problem.id


# --- the note's slip S14 and the other named mistakes -------------------------------------------


def named(problem, name, typed):
    verdict = judge(problem, problem.answer(name), typed)
    assert verdict.kind == WRONG, (name, typed, verdict)
    return verdict.mistake and verdict.mistake.name


def test_the_notes_slip_and_the_named_mistakes():
    problem = registry.from_params(TOPIC, LI_HANG)
    raw = problem.params.to_json()
    # S14: the note's labels r in {0, 1}: the negative sample never moves w or b
    zero_one = train(raw, labels=[1, 1, 0], epochs=6)
    assert list(zero_one["w_final"]) == [3, 3] and zero_one["b_final"] == 1
    assert named(problem, "w_final", [3, 3]) == "labels_zero_one"
    # S14: the note's rule has no bias update
    frozen = train(raw, bias=False, epochs=6)
    assert named(problem, "trace_6", frozen["trace_6"]) == "bias_frozen"
    assert frozen["w_final"].tolist() == [0, 0]  # as strict_inequality's: the trace tells them apart
    assert named(problem, "b_final", 0) in ("bias_frozen", "strict_inequality")  # both leave b = 0
    # y(w·x + b) < 0 as the test: from w = 0 nothing is ever misclassified
    assert named(problem, "w_final", [0, 0]) == "strict_inequality"
    assert named(problem, "updates", 0) == "strict_inequality"
    # w - eta y x: the first update from w = 0 moves away from x1 = (3, 3)
    wrong = next(m for m in problem.mistakes if m.name == "update_sign").answers
    assert wrong["trace_1"][0] == [0, 1, -3, -3, -1]
    assert named(problem, "trace_1", wrong["trace_1"]) == "update_sign"


# --- user parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({"points": [[3, 3], [1, 1]]}, "missing parameter: labels"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1], "rate": 1}, "unknown parameter 'rate'"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, 0]}, "0/1 labels"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, 1]}, "both classes"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1, 1]}, "one label per sample"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1], "w": [0, 0, 0]}, "2 weights"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1], "eta": 0}, "eta"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1], "max_epochs": 0}, "max_epochs"),
        ({"points": [[3, 3], [1, 1]], "labels": [1, -1], "max_epochs": "often"}, "converge"),
        ({"points": [[0, 0], [1, 1], [2, 2]], "labels": [1, -1, 1]}, "linearly"),
        ({"points": [[3, 3, 1], [1, 1]], "labels": [1, -1]}, "rows differ"),
        ({"points": [[3, "x"], [1, 1]], "labels": [1, -1]}, "points"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)
