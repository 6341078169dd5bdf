"""entropy against scipy.stats.entropy (base 2) and scikit-learn's mutual information."""

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import mutual_info_score

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.render import render
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated


def oracle(counts):
    counts = np.array(counts, dtype=float)
    parent = scipy_entropy(counts.sum(axis=0), base=2)
    children = [scipy_entropy(row, base=2) for row in counts]
    sizes = counts.sum(axis=1)
    conditional = float(np.dot(sizes / sizes.sum(), children))
    return {"H_parent": parent, "H_children": children, "H_conditional": conditional, "info_gain": parent - conditional}


def mutual_information_bits(counts):
    """Information gain is the mutual information of attribute and class (sklearn, in nats)."""
    branch, label = [], []
    for i, row in enumerate(counts):
        for k, n in enumerate(row):
            branch += [i] * n
            label += [k] * n
    return mutual_info_score(branch, label) / math.log(2)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_scipy_and_sklearn(difficulty, seeds):
    for seed in seeds:
        problem = generated("entropy", difficulty, seed)
        counts = problem.params.to_json()["counts"]
        expected = oracle(counts)
        for name, value in expected.items():
            assert np.allclose(problem.answer(name).value, value, rtol=1e-9, atol=1e-12), (problem.id, name)
        assert problem.answer("info_gain").value == pytest.approx(mutual_information_bits(counts), abs=1e-9)


def test_generated_counts_fit_the_difficulty():
    for seed in SEEDS:
        easy = generated("entropy", "easy", seed).params.to_json()["counts"]
        assert len(easy) == 2 and all(len(row) == 2 and sum(row) in (4, 8) for row in easy)
        hard = generated("entropy", "hard", seed).params.to_json()["counts"]
        assert 3 <= len(hard) <= 4 and all(len(row) == 3 and sum(row) > 0 for row in hard)


def test_textbook_split():
    # Mitchell's PlayTennis, attribute Wind: Weak [6+, 2-], Strong [3+, 3-]; Gain(S, Wind) = 0.048
    problem = registry.from_params("entropy", {"counts": [[6, 2], [3, 3]]})
    assert problem.answer("H_parent").value == pytest.approx(0.940, abs=5e-4)
    assert problem.answer("H_children").value == pytest.approx([0.811, 1.0], abs=5e-4)
    assert problem.answer("info_gain").value == pytest.approx(0.048, abs=5e-4)
    # Outlook: Sunny [2+, 3-], Overcast [4+, 0-], Rain [3+, 2-]; the book prints 0.246,
    # truncating 0.2467 (H(S) = 0.9403 minus 0.6935)
    problem = registry.from_params("entropy", {"counts": [[2, 3], [4, 0], [3, 2]]})
    assert problem.answer("info_gain").value == pytest.approx(0.2467, abs=5e-5)
    assert problem.answer("H_children").value[1] == 0  # a pure branch


def test_exact_values_are_logarithms_in_base_two():
    problem = registry.from_params("entropy", {"counts": [[4, 2], [1, 3]]})
    assert str(problem.answer("H_parent").exact) == "1"
    assert [str(x) for x in problem.answer("H_children").exact] == ["-2/3 + log(3, 2)", "2 - 3*log(3, 2)/4"]


def test_mistakes_are_the_named_wrong_computations():
    problem = registry.from_params("entropy", {"counts": [[6, 2], [3, 3]]})
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert wrong["ln_instead_of_log2"]["H_parent"] == pytest.approx(scipy_entropy([9, 5]))  # nats
    children = problem.answer("H_children").value
    assert wrong["unweighted_average"]["H_conditional"] == pytest.approx(sum(children) / 2)
    assert wrong["gain_reversed"]["info_gain"] == pytest.approx(-problem.answer("info_gain").value)


def test_a_single_node_is_its_entropy_only():
    """PlayTennis's root, 9 yes and 5 no: H(S) = 0.9403 bits, and nothing about a split."""
    problem = registry.from_params("entropy", {"counts": [[9, 5]]})
    assert [a.name for a in problem.solution.answers] == ["H_parent"]
    assert problem.answer("H_parent").value == pytest.approx(scipy_entropy([9, 5], base=2))
    assert [m.name for m in problem.mistakes] == ["ln_instead_of_log2"]
    assert problem.mistakes[0].answers["H_parent"] == pytest.approx(scipy_entropy([9, 5]))
    sheet = render([problem], "text", solutions=True)
    assert "Compute the entropy of the node, in bits." in sheet and "conditional" not in sheet.lower()


def test_six_classes_and_six_branches_against_scipy():
    counts = [
        [3, 0, 2, 1, 4, 1],
        [0, 5, 1, 1, 0, 2],
        [2, 2, 2, 2, 2, 2],
        [1, 0, 0, 0, 0, 0],
        [4, 4, 0, 1, 0, 3],
        [0, 1, 6, 0, 2, 1],
    ]
    problem = registry.from_params("entropy", {"counts": counts})
    parent = [sum(col) for col in zip(*counts)]
    children = [scipy_entropy(row, base=2) for row in counts]
    sizes = [sum(row) for row in counts]
    conditional = sum(n * h for n, h in zip(sizes, children)) / sum(sizes)
    assert problem.answer("H_parent").value == pytest.approx(scipy_entropy(parent, base=2))
    assert problem.answer("H_children").value == pytest.approx(children)
    assert problem.answer("H_conditional").value == pytest.approx(conditional)
    assert problem.answer("info_gain").value == pytest.approx(scipy_entropy(parent, base=2) - conditional)


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({}, "missing parameter: counts"),
        ({"counts": [[4, 2], [1, 3], [1, 1], [2, 2], [3, 3], [1, 1], [2, 1]]}, "1-6 branches"),
        ({"counts": [[4, 2, 1, 1, 1, 1, 1], [1, 3, 1, 1, 1, 1, 1]]}, "2-6 class counts"),
        ({"counts": [[4]]}, "2-6 class counts"),
        ({"counts": [[4, 2], [1]]}, "counts"),
        ({"counts": [[4, 2], [1, 3.5]]}, "non-negative integers"),
        ({"counts": [[4, 2], [1, -3]]}, "non-negative integers"),
        ({"counts": [[4, 2], ["a", 3]]}, "counts"),
        ({"counts": "[[4,2],[1,3]]"}, "counts"),
        ({"counts": [[0, 0], [1, 3]]}, "branch 1 has no samples"),
        ({"counts": [[4, 2], [1, 3]], "classes": 2}, "unknown parameter 'classes'"),
    ],
)
def test_bad_parameters_name_the_problem(raw, phrase):
    with pytest.raises(ParamError, match=phrase):
        registry.from_params("entropy", raw)


def test_the_shares_are_written_as_counted():
    """p_k = n_k/N as counted (4/8, not 1/2), and a count of 1 as 1/4, not 1·1/4."""
    from exercises.core.render import say

    problem = registry.from_params("entropy", {"counts": [[4, 4], [3, 1]]})
    notes = [step.note for step in problem.solution.steps]
    assert str(notes[1]) == "p₁ = 4/8, p₂ = 4/8."
    assert str(notes[2]) == "p₁ = 3/4, p₂ = 1/4."
    assert say(notes[2], "tex", "en") == r"\(p_{1} = \frac{3}{4}\), \(p_{2} = \frac{1}{4}\)."
    assert say(notes[2], "tex", "zh") == r"\(p_{1} = \frac{3}{4}\)、\(p_{2} = \frac{1}{4}\)。"
