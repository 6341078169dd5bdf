"""gini_split against the impurities of scikit-learn's Gini tree of depth 1 (every binary
split: two-branch counts, CART's groupings, two-valued attributes) and numpy's 1 - Σ p²
for the splits on three values."""

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy
from sklearn.tree import DecisionTreeClassifier

from exercises.core import registry
from exercises.core.errors import ParamError
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "gini_split"


def samples(counts):
    """One sample per count: its branch (0, 1, ...) and its class."""
    branch = np.repeat(np.arange(len(counts)), [sum(row) for row in counts])
    label = np.concatenate([np.repeat(np.arange(len(row)), row) for row in counts])
    return branch, label


def gini(labels):
    p = np.bincount(labels) / len(labels)
    return 1 - np.sum(p**2)


def weighted_gini(x, y):
    return sum(np.mean(x == v) * gini(y[x == v]) for v in np.unique(x))


def tree_gini(x, y):
    """sklearn's Gini tree of depth 1 on one two-valued feature: the root's impurity and the
    weighted impurity of its two children."""
    tree = DecisionTreeClassifier(criterion="gini", max_depth=1).fit(x.reshape(-1, 1), y).tree_
    left, right = tree.children_left[0], tree.children_right[0]
    n = tree.n_node_samples
    assert left > 0, "sklearn found no split"
    return tree.impurity[0], (n[left] * tree.impurity[left] + n[right] * tree.impurity[right]) / n[0]


def check_one(problem, split_scores, parent, pick_best):
    where = problem.id
    assert problem.answer("gini_parent").value == pytest.approx(parent, abs=1e-9), where
    decreases = [parent - s for s in split_scores]
    if len(split_scores) == 1:
        assert problem.answer("gini_split").value == pytest.approx(split_scores[0], abs=1e-9), where
        assert problem.answer("gini_decrease").value == pytest.approx(decreases[0], abs=1e-9), where
    else:
        assert problem.answer("gini_split").value == pytest.approx(split_scores, abs=1e-9), where
        assert problem.answer("gini_decrease").value == pytest.approx(decreases, abs=1e-9), where
        if pick_best:
            best = next(k for k, s in enumerate(split_scores) if s <= min(split_scores) + 1e-12) + 1
            assert problem.answer("best").value == best, where


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_sklearn_and_numpy(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        if "table" in raw:
            data = np.array(raw["table"], dtype=object).astype(str)
            codes = [np.unique(data[:, j], return_inverse=True)[1] for j in range(data.shape[1])]
            *attributes, y = codes
            scores = [weighted_gini(x, y) for x in attributes]
            for x, score in zip(attributes, scores):
                if len(np.unique(x)) == 2:
                    assert tree_gini(x, y) == pytest.approx((gini(y), score), abs=1e-9), problem.id
            check_one(problem, scores, gini(y), True)
        elif raw.get("binary"):
            branch, y = samples(raw["counts"])
            k = len(raw["counts"])
            sides = [{i} for i in range(k)]  # three values: each alone against the other two
            scores = [tree_gini(np.isin(branch, list(side)).astype(int), y)[1] for side in sides]
            check_one(problem, scores, gini(y), True)
            assert k == 3, problem.id
        else:
            branch, y = samples(raw["counts"])
            parent, score = tree_gini(branch, y)
            check_one(problem, [score], parent, False)
            children = [gini(y[branch == b]) for b in range(len(raw["counts"]))]
            assert problem.answer("gini_children").value == pytest.approx(children, abs=1e-9), problem.id


def test_the_notes_split():
    """SYLLABUS 4.14's canonical instance: Gini(D) = 1/2, 4/9 and 3/8, weighted 5/12, decrease 1/12."""
    problem = registry.from_params(TOPIC, {"counts": [[4, 2], [1, 3]]})
    exact = {a.name: a.exact for a in problem.solution.answers}
    assert exact["gini_parent"] == pytest.approx(0.5)
    assert str(exact["gini_parent"]) == "1/2" and [str(x) for x in exact["gini_children"]] == ["4/9", "3/8"]
    assert str(exact["gini_split"]) == "5/12" and str(exact["gini_decrease"]) == "1/12"
    assert "best" not in exact and "maximised_gini" not in [m.name for m in problem.mistakes]


def test_maximising_the_gini_index_as_the_notes_say_is_named():
    """S16: note 003's "maximise the Gini coefficient" picks the grouping of largest weighted Gini."""
    counts = [[3, 2, 1], [1, 4, 4], [2, 1, 1]]
    problem = registry.from_params(TOPIC, {"counts": counts, "binary": True})
    branch, y = samples(counts)
    scores = [tree_gini((branch == i).astype(int), y)[1] for i in range(3)]
    assert problem.answer("best").value == int(np.argmin(scores)) + 1
    verdict = judge(problem, problem.answer("best"), int(np.argmax(scores)) + 1)
    assert verdict.kind == WRONG and verdict.mistake.name == "maximised_gini"
    assert "smallest" in str(verdict.message)


def test_mistakes_are_the_named_wrong_computations():
    problem = registry.from_params(TOPIC, {"counts": [[4, 2], [1, 3]]})
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert "gini_parent" not in wrong["sum_of_squares"]  # 1/4 + 1/4 = 1 - 1/4 - 1/4: no sign of it here
    assert wrong["sum_of_squares"]["gini_children"] == pytest.approx([5 / 9, 5 / 8])
    assert wrong["unweighted_average"]["gini_split"] == pytest.approx((4 / 9 + 3 / 8) / 2)
    assert wrong["entropy_instead"]["gini_parent"] == pytest.approx(scipy_entropy([5, 5], base=2))
    verdict = judge(problem, problem.answer("gini_children"), [5 / 9, 5 / 8])
    assert verdict.mistake.name == "sum_of_squares"


def test_a_table_of_samples():
    """Two two-valued attributes; the second separates the classes better."""
    table = [
        ["a", "x", "yes"],
        ["a", "x", "yes"],
        ["a", "y", "no"],
        ["b", "y", "no"],
        ["b", "x", "yes"],
        ["b", "y", "yes"],
    ]
    problem = registry.from_params(TOPIC, {"table": table, "columns": ["P", "Q", "C"]})
    data = np.array(table)
    y = (data[:, 2] == "yes").astype(int)
    scores = [tree_gini((data[:, j] == data[0, j]).astype(int), y)[1] for j in (0, 1)]
    assert problem.answer("gini_split").value == pytest.approx(scores)
    assert problem.answer("best").value == 2


def test_generated_parameters_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated(TOPIC, "easy", seed).params.to_json()
        assert set(easy) == {"counts"} and len(easy["counts"]) == 2
        assert all(len(row) == 2 and sum(row) in (4, 5, 6, 8) for row in easy["counts"])
        medium = generated(TOPIC, "medium", seed).params.to_json()
        assert 10 <= len(medium["table"]) <= 12 and len(medium["table"][0]) - 1 in (2, 3)
        hard = generated(TOPIC, "hard", seed).params.to_json()
        assert hard["binary"] is True and len(hard["counts"]) == 3 and len(hard["counts"][0]) in (2, 3)


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({}, "missing parameter: counts"),
        ({"counts": [[4, 2], [1, 3]], "table": [["a", "x"]] * 4}, "not both"),
        ({"counts": [[4, 2]]}, "2-6 branches"),
        ({"counts": [[4, 2], [1, 3.5]]}, "non-negative integers"),
        ({"counts": [[4, 2], [0, 0]]}, "branch 2 has no samples"),
        ({"counts": [[4, 0], [1, 0]]}, "one class only"),
        ({"counts": [[4, 2], [1, 3]], "binary": True}, "3 or 4 branches"),
        ({"counts": [[4, 2], [1, 3], [2, 2]], "binary": "yes"}, "true or false"),
        ({"counts": [[4, 2], [1, 3]], "binery": True}, "did you mean 'binary'"),
        ({"table": [["a", "x"], ["b", "x"], ["a", "x"], ["b", "x"]]}, "2-6 different classes"),
        ({"table": [["a", "x"], ["b", "y"]]}, "4-60 rows"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)


def test_four_values_give_seven_groupings():
    """{a₁}|…, {a₂}|…, {a₃}|…, {a₄}|…, then {a₁, a₂}|{a₃, a₄}, {a₁, a₃}|{a₂, a₄}, {a₁, a₄}|{a₂, a₃}."""
    counts = [[3, 1], [0, 4], [2, 2], [5, 1]]
    problem = registry.from_params(TOPIC, {"counts": counts, "binary": True})
    branch, y = samples(counts)
    sides = [{0}, {1}, {2}, {3}, {0, 1}, {0, 2}, {0, 3}]
    scores = [tree_gini(np.isin(branch, list(side)).astype(int), y)[1] for side in sides]
    assert problem.answer("gini_split").value == pytest.approx(scores)
    assert problem.answer("best").value == int(np.argmin(scores)) + 1
