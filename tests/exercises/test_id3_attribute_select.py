"""id3_attribute_select against scipy.stats.entropy (base 2), scikit-learn's mutual information
(information gain is the mutual information of attribute and class) and, for two-valued
attributes, the impurities of a scikit-learn entropy tree of depth 1."""

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score
from sklearn.tree import DecisionTreeClassifier

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "id3_attribute_select"
TENNIS = {  # SYLLABUS 4.12's canonical instance
    "table": [
        ["sunny", "high", "no", "no"],
        ["sunny", "high", "yes", "no"],
        ["overcast", "high", "no", "yes"],
        ["rain", "high", "no", "yes"],
        ["rain", "normal", "no", "yes"],
        ["rain", "normal", "yes", "no"],
        ["overcast", "normal", "yes", "yes"],
        ["sunny", "normal", "no", "yes"],
    ],
    "columns": ["Outlook", "Humidity", "Windy", "Play"],
}


def columns_of(rows):
    """Each column as integer codes (numpy's own order: nothing of the family's)."""
    data = np.array(rows, dtype=object).astype(str)
    return [np.unique(data[:, j], return_inverse=True)[1] for j in range(data.shape[1])]


def conditional_entropy(x, y):
    return sum(np.mean(x == v) * scipy_entropy(np.bincount(y[x == v]), base=2) for v in np.unique(x))


def oracle(rows, candidates=None):
    """H(D), H(D|A) and IG(D, A) of each candidate attribute (0-based), the first best (1-based)."""
    *attributes, y = columns_of(rows)
    candidates = range(len(attributes)) if candidates is None else candidates
    root = scipy_entropy(np.bincount(y), base=2)
    conditional = [conditional_entropy(attributes[j], y) for j in candidates]
    gains = [root - c for c in conditional]
    mutual = [mutual_info_score(attributes[j], y) / math.log(2) for j in candidates]
    assert np.allclose(gains, mutual, atol=1e-9)
    best = next(k for k, g in enumerate(gains) if g >= max(gains) - 1e-12)
    return root, conditional, gains, list(candidates)[best] + 1


def tree_impurities(x, y):
    """sklearn's entropy tree of depth 1 on one two-valued attribute: root impurity and the
    weighted impurity of its two children (bits)."""
    tree = DecisionTreeClassifier(criterion="entropy", max_depth=1).fit(x.reshape(-1, 1), y).tree_
    left, right = tree.children_left[0], tree.children_right[0]
    n = tree.n_node_samples
    weighted = (n[left] * tree.impurity[left] + n[right] * tree.impurity[right]) / n[0]
    return tree.impurity[0], weighted


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_scipy_and_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        rows = raw["table"]
        root, conditional, gains, best = oracle(rows)
        where = problem.id
        assert problem.answer("H_root").value == pytest.approx(root, abs=1e-9), where
        assert problem.answer("H_conditional").value == pytest.approx(conditional, abs=1e-9), where
        assert problem.answer("info_gain").value == pytest.approx(gains, abs=1e-9), where
        assert problem.answer("best_attribute").value == best, where
        *attributes, y = columns_of(rows)
        for j, x in enumerate(attributes):
            if len(np.unique(x)) == 2:
                impurity, weighted = tree_impurities(x, y)
                assert impurity == pytest.approx(root, abs=1e-9), where
                assert weighted == pytest.approx(conditional[j], abs=1e-9), where
        if difficulty == "hard":
            child = [row for row in rows if row[best - 1] == raw["child"]]
            others = [j for j in range(len(attributes)) if j != best - 1]
            _, _, inside, second = oracle(child, others)
            assert problem.answer("second_level").value == pytest.approx(
                [second, inside[others.index(second - 1)]], abs=1e-9
            ), where
        else:
            assert "second_level" not in [a.name for a in problem.solution.answers], where


def test_the_canonical_table():
    """SYLLABUS 4.12: H(D) = 0.954434, IG = 0.265712, 0.048795, 0.158868 -> Outlook; the sunny
    branch (2 no, 1 yes) is split by Humidity, which makes it pure: IG = H(D') = 0.918296."""
    problem = registry.from_params(TOPIC, TENNIS | {"child": "sunny"})
    assert problem.answer("H_root").value == pytest.approx(0.954434, abs=1e-6)
    assert problem.answer("info_gain").value == pytest.approx([0.265712, 0.048795, 0.158868], abs=1e-6)
    assert problem.answer("best_attribute").value == 1
    assert problem.answer("second_level").value == pytest.approx([2, 0.918296], abs=1e-6)
    assert str(problem.answer("H_root").exact) == "-5*log(5, 2)/8 - 3*log(3, 2)/8 + 3"
    one_level = registry.from_params(TOPIC, TENNIS)
    assert [a.name for a in one_level.solution.answers] == ["H_root", "H_conditional", "info_gain", "best_attribute"]


NOTE_003 = {  # note 003's 学历 example: 10 samples 5/5, 高学历 4 高 2 低, 低学历 1 高 3 低
    "table": [["高学历", "高"]] * 4 + [["高学历", "低"]] * 2 + [["低学历", "高"]] + [["低学历", "低"]] * 3,
    "columns": ["学历", "薪资"],
}


def test_the_notes_example_and_its_ln_slip_is_named():
    """H(D) = 1, H(D₁) = 0.918296, H(D₂) = 0.811278, H(D|A) = 0.875489, IG = 0.124511; the
    same computation with ln gives 0.086305, which is named as that mistake."""
    problem = registry.from_params(TOPIC, NOTE_003)
    assert problem.answer("H_root").value == 1
    assert problem.answer("H_conditional").value == pytest.approx([0.875489], abs=1e-6)
    gain = problem.answer("info_gain")
    assert gain.value == pytest.approx([0.124511], abs=1e-6)
    verdict = judge(problem, gain, [0.086305])
    assert verdict.kind == WRONG and verdict.mistake.name == "ln_instead_of_log2"
    assert "ln" in str(verdict.message)
    # one attribute: picking the smallest gain is picking the same one, so it is not declared
    assert "picked_min_gain" not in [m.name for m in problem.mistakes]
    sheet = render([problem], "text", solutions=True, lang="zh")
    assert "学历" in sheet and "信息增益" in sheet


def test_mistakes_are_the_named_wrong_computations():
    problem = registry.from_params(TOPIC, TENNIS | {"child": "sunny"})
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert set(wrong) == {"ln_instead_of_log2", "unweighted_average", "picked_min_gain", "counted_rows_not_classes"}
    assert wrong["ln_instead_of_log2"]["H_root"] == pytest.approx(scipy_entropy([5, 3]))  # nats
    # Outlook's branches: sunny (2 no, 1 yes), overcast (2 yes), rain (2 yes, 1 no)
    mean = (scipy_entropy([2, 1], base=2) + 0 + scipy_entropy([2, 1], base=2)) / 3
    assert wrong["unweighted_average"]["H_conditional"][0] == pytest.approx(mean)
    assert wrong["picked_min_gain"]["best_attribute"] == 2  # Humidity, IG 0.0488
    assert wrong["picked_min_gain"]["second_level"][0] == 3  # Windy in the sunny branch
    # the entropy of Outlook's values (3, 2, 3 samples) taken for H(D|Outlook)
    assert wrong["counted_rows_not_classes"]["H_conditional"][0] == pytest.approx(scipy_entropy([3, 2, 3], base=2))


def test_generated_tables_fit_the_difficulty():
    for seed in SEEDS:
        for difficulty, sizes, attributes in (
            ("easy", {8}, {2}),
            ("medium", {10, 11, 12}, {3}),
            ("hard", {12, 13, 14}, {3, 4}),
        ):
            raw = generated(TOPIC, difficulty, seed).params.to_json()
            rows = raw["table"]
            assert len(rows) in sizes and len(rows[0]) - 1 in attributes, (difficulty, seed)
            values = [len({row[j] for row in rows}) for j in range(len(rows[0]))]
            assert values[-1] == 2  # two classes
            assert all(2 <= k <= (2 if difficulty == "easy" else 3) for k in values[:-1]), (difficulty, seed)
            assert ("child" in raw) == (difficulty == "hard")


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({}, "missing parameter: table"),
        ({"table": TENNIS["table"], "colums": TENNIS["columns"]}, "did you mean 'columns'"),
        ({"table": TENNIS["table"][:3]}, "4-60 rows"),
        ({"table": "sunny"}, "4-60 rows"),
        ({"table": [row[:3] if i == 2 else row for i, row in enumerate(TENNIS["table"])]}, "row 3 has 3 entries"),
        ({"table": [[*row[:3], 1.5] for row in TENNIS["table"]]}, "not a name"),
        ({"table": [[*row[:3], ""] for row in TENNIS["table"]]}, "not a name"),
        ({"table": [[*row[:3], "yes"] for row in TENNIS["table"]]}, "must hold 2-6 different classes"),
        ({"table": [["sunny", *row[1:]] for row in TENNIS["table"]]}, "attribute 'A1' must take 2-6"),
        ({"table": TENNIS["table"], "columns": ["Outlook", "Humidity", "Play"]}, "4 names"),
        ({"table": TENNIS["table"], "columns": ["Outlook", "Outlook", "Windy", "Play"]}, "same name"),
        (TENNIS | {"child": "high"}, "must be a value of Outlook"),
        (TENNIS | {"child": "overcast"}, "holds one class only"),
        ({"table": NOTE_003["table"], "child": "高学历"}, "at least two attributes"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params(TOPIC, raw)
