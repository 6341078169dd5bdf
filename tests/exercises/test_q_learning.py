"""q_learning: the Bellman fill-in against value iteration to convergence, the episode updates
against a plain numpy loop over the given transitions, returns against numpy; the note's
recursion (slip S15, Q-learning with α = 1) recognised as a named mistake; user parameters."""

import numpy as np
import pytest

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all

TOPIC = "q_learning"
CHAIN = {"transitions": [[1, 2], [1, 3], [2, 4]], "rewards": [[0, 0], [0, 0], [0, 10]]}  # s₁-s₂-s₃-goal s₄
ALWAYS_RIGHT = [[1, "R", 0, 2], [2, "R", 0, 3], [3, "R", 10, 4]]


def value_iteration(raw: dict) -> np.ndarray:
    """Q* = r + γ max Q*(s') (0 at a terminal s'), iterated to convergence."""
    nexts = np.array(raw["transitions"]) - 1
    rewards, gamma = np.array(raw["rewards"], dtype=float), float(raw["gamma"])
    n = len(nexts)
    q = np.zeros(rewards.shape)
    for _ in range(10_000):
        best = np.append(q.max(axis=1), 0.0)  # index n stands for every terminal state
        new = rewards + gamma * best[np.minimum(nexts, n)]
        if np.max(np.abs(new - q)) < 1e-13:
            break
        q = new
    return new


def q_learning(raw: dict):
    """The updates in order, one transition at a time, and the final table."""
    actions, n = raw["actions"], raw["states"]
    q = np.array(raw["Q0"], dtype=float)
    alpha, gamma = float(raw["alpha"]), float(raw["gamma"])
    updates = []
    for episode in raw["episodes"]:
        for s, a, r, s2 in episode:
            a = actions.index(a)
            target = r + (gamma * q[s2 - 1].max() if s2 <= n else 0.0)
            q[s - 1, a] += alpha * (target - q[s - 1, a])
            updates.append(q[s - 1, a])
    return np.array(updates), q


def discounted(rewards, gamma) -> float:
    return float(np.sum(np.array(rewards, dtype=float) * float(gamma) ** np.arange(len(rewards))))


def greedy(q: np.ndarray) -> list[int]:
    return (q.argmax(axis=1) + 1).tolist()  # argmax takes the first of equal values


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_value_iteration_and_a_numpy_loop(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        answers = {a.name: a.value for a in problem.solution.answers}
        if raw["mode"] == "fill_table":
            q = value_iteration(raw)
            expected = {"Q_final": q}
        else:
            updates, q = q_learning(raw)
            expected = {"Q_after_each_update": updates, "Q_final": q}
            expected["return"] = discounted([t[2] for t in raw["episodes"][0]], raw["gamma"])
        expected["greedy_policy"] = greedy(q)
        for name, value in answers.items():
            assert np.allclose(value, expected[name], atol=1e-9, rtol=0), (problem.id, name, value, expected[name])
        if "greedy_policy" not in answers:  # asked only without a tie
            assert any(np.sum(np.isclose(row, row.max(), rtol=0, atol=1e-9)) > 1 for row in q), problem.id


def test_the_canonical_chain():
    """Q*(·, R) = (8.1, 9, 10), Q*(·, L) = (7.29, 7.29, 8.1); α = 0.5 from zeros, always R: after
    episode 1 Q(·, R) = (0, 0, 5), after episode 2 (0, 2.25, 7.5); the return of (0, 0, 10) is 8.1."""
    table = registry.from_params(TOPIC, {"mode": "fill_table", **CHAIN, "gamma": 0.9})
    assert np.allclose(table.answer("Q_final").value, [[7.29, 8.1], [7.29, 9], [8.1, 10]])
    assert table.answer("greedy_policy").value == [2, 2, 2]
    raw = {"states": 3, "episodes": [ALWAYS_RIGHT, ALWAYS_RIGHT], "gamma": 0.9, "alpha": 0.5}
    problem = registry.from_params(TOPIC, raw)
    assert np.allclose(problem.answer("Q_after_each_update").value, [0, 0, 5, 0, 2.25, 7.5])
    assert np.allclose(np.array(problem.answer("Q_final").value)[:, 1], [0, 2.25, 7.5])
    assert problem.answer("return").value == pytest.approx(8.1)
    alone = registry.from_params(TOPIC, {"mode": "return", "episode_rewards": [0, 0, 10], "gamma": 0.9})
    assert alone.answer("return").value == pytest.approx(8.1)


def test_the_notes_recursion_is_named_when_alpha_is_below_one():
    """S15: the note's Q = r + γ max Q(s') is Q-learning with α = 1; copied into a problem with
    α = 0.5 it gives (0, 0, 10, 0, 9, 10), which is named."""
    raw = {"states": 3, "episodes": [ALWAYS_RIGHT, ALWAYS_RIGHT], "gamma": 0.9, "alpha": 0.5}
    problem = registry.from_params(TOPIC, raw)
    note = q_learning({**raw, "actions": ["L", "R"], "Q0": [[0, 0]] * 3, "alpha": 1})[0]
    assert np.allclose(note, [0, 0, 10, 0, 9, 10])
    verdict = judge(problem, problem.answer("Q_after_each_update"), note.tolist())
    assert verdict.kind == WRONG and verdict.mistake.name == "alpha_ignored"
    same = registry.from_params(TOPIC, {**raw, "alpha": 1})
    assert "alpha_ignored" not in {m.name for m in same.mistakes}


def test_sarsa_and_current_state_targets_are_named():
    """From a given table, (s₁, R, 0, s₂) then (s₂, L, 0, s₁): Q-learning bootstraps on
    max Q(s₂,·) = 4, SARSA on the next action's Q(s₂, L) = 1, the current-state slip on
    max Q(s₁,·) = 2. The last move has no next action: SARSA bootstraps on the max there."""
    raw = {
        "states": 2,
        "episodes": [[[1, "R", 0, 2], [2, "L", 0, 1]]],
        "gamma": 0.5,
        "alpha": 1,
        "Q0": [[2, 0], [1, 4]],
    }
    problem = registry.from_params(TOPIC, raw)
    answer = problem.answer("Q_after_each_update")
    assert answer.value == [2, 1]
    assert judge(problem, answer, [0.5, 1]).mistake.name == "sarsa_target"
    assert judge(problem, answer, [1, 2]).mistake.name == "max_over_current_state"
    assert judge(problem, answer, [4, 4]).mistake.name == "gamma_omitted"  # max Q(s₁,·) is 4 by then


def test_generated_parameters_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated_all(TOPIC, "easy", [seed])[0].params.to_json()
        assert easy["mode"] == "fill_table" and len(easy["transitions"]) == 3 and easy["actions"] == ["L", "R"]
        medium = generated_all(TOPIC, "medium", [seed])[0].params.to_json()
        assert medium["mode"] == "episodes" and medium["states"] in (3, 4) and medium["actions"] == ["L", "R"]
        assert not np.any(medium["Q0"]) and medium["alpha"] in (1, 0.5, 0.1)
        hard = generated_all(TOPIC, "hard", [seed])[0].params.to_json()
        assert hard["states"] == 5 and hard["actions"] == ["U", "D", "L", "R"]
        assert all(sorted(row) == [0, 1, 2, 3] for row in hard["Q0"])
        for raw in (easy, medium, hard):
            assert raw["gamma"] in (0.5, 0.8, 0.9)
        for raw in (medium, hard):
            assert len(raw["episodes"]) == 2 and sum(map(len, raw["episodes"])) <= 10
            assert raw["episodes"][0][-1][3] > raw["states"]  # the first episode reaches the goal


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({"gamma": 0.9}, "parameter 'mode' must be one of"),
        ({"mode": "fill_table", "transitions": [[1, 2]], "gamma": 0.9}, "missing parameter: rewards"),
        ({"transitions": [[1, 2]], "gamma": 0.9}, "missing parameter: rewards"),
        ({"mode": "fill_table", **CHAIN, "gamma": 1.5}, "parameter 'gamma'"),
        ({"mode": "fill_table", **CHAIN, "rewards": [[0, 0]], "gamma": 0.9}, "shape of 'transitions'"),
        ({"mode": "fill_table", "transitions": [[1, 1]], "rewards": [[1, 0]], "gamma": 0.5}, "does not settle"),
        ({"mode": "fill_table", **CHAIN, "gamma": 0.9, "actions": ["L", "L"]}, "different names"),
        ({"mode": "fill_table", "transitions": [[1, 2, 3]], "rewards": [[0, 0, 0]], "gamma": 0.9}, "name them"),
        ({"states": 3, "episodes": [[[4, "R", 0, 5]]], "gamma": 0.9, "alpha": 0.5}, "leaves state 4"),
        ({"states": 3, "episodes": [[[1, "X", 0, 2]]], "gamma": 0.9, "alpha": 0.5}, "episodes"),
        ({"states": 3, "episodes": [[[1, "R", 0]]], "gamma": 0.9, "alpha": 0.5}, "parameter 'episodes'"),
        ({"states": 3, "episodes": [], "gamma": 0.9, "alpha": 0.5}, "parameter 'episodes'"),
        ({"states": 3, "episodes": [ALWAYS_RIGHT], "gamma": 0.9, "alpha": 0}, "parameter 'alpha'"),
        ({"states": 3, "episodes": [ALWAYS_RIGHT], "gamma": 0.9, "alpha": 0.5, "Q0": [[0, 0]]}, "parameter 'Q0'"),
        ({"states": 3, "episodes": [ALWAYS_RIGHT], "gamma": 0.9, "alpha": 0.5, "lr": 1}, "unknown parameter 'lr'"),
        ({"mode": "return", "episode_rewards": [], "gamma": 0.9}, "episode_rewards"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)
