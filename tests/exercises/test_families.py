"""Every family x every difficulty x every seed of the tier: generates, renders, its final
steps carry its answers, each declared mistake is distinguishable, and its id and
parameters reproduce it. The default tier renders every seed in JSON and in one typeset
format (text, md, tex, html in turn) and a sample of seeds in all five; the stress tier
renders every seed in every format. Text must fit 80 columns; each sheet is also rendered
in Chinese. (Whether the numbers are right is checked per family
against numpy / scipy / scikit-learn in tests/exercises/test_<topic>.py.)"""

import json
import math
import re

import pytest

from exercises.core import registry
from exercises.core.columns import cells
from exercises.core.render import latex_escape, render
from tests.problems import DIFFICULTIES, FORMATS, SEEDS, STRESS_SEEDS, TIERS, TOPICS, TYPESET, generated, generated_all

SAMPLE = 3  # seeds of each family and difficulty rendered in all five formats in the default tier


def flat(value):
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    return [value]


def same_numbers(a, b) -> bool:
    a, b = flat(a), flat(b)
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12) for x, y in zip(a, b))


def from_steps(value, steps) -> bool:
    """The value is a step's value, or a list whose items are steps' values in step order."""
    if any(same_numbers(v, value) for v in steps):
        return True
    if not isinstance(value, list):
        return False
    rest = iter(steps)
    return all(any(same_numbers(v, item) for v in rest) for item in value)


def shape(value):
    return [shape(x) for x in value] if isinstance(value, list) else None


def test_the_six_families_of_the_contract_are_discovered():
    assert {"entropy", "pca", "sigmoid_backprop", "cnn_output", "attention", "confusion_metrics"} <= set(TOPICS)


def assert_fits(text: str, width: int) -> None:
    """No line longer than `width` columns (a Chinese character takes two), and no drawn
    bracket (a matrix's, a big parenthesis) cut: each line closes as many as it opens, so a
    matrix stays whole, beside its equation."""
    for line in text.splitlines():
        assert cells(line) <= width, f"{cells(line)} columns: {line}"
        assert sum(map(line.count, "⎡⎢⎣⎛⎜⎝")) == sum(map(line.count, "⎤⎥⎦⎞⎟⎠")), f"a drawn bracket is cut: {line}"


def check_sheet(problems, fmt, solutions=True, key=False, lang="en"):
    out = render(problems, fmt, solutions=solutions, key=key, lang=lang)
    if lang == "zh":
        assert "第 1 题" in out or '"lang": "zh"' in out
    for problem in problems:
        assert (latex_escape(problem.id) if fmt == "tex" else problem.id) in out
    if fmt == "text":
        assert "\\frac" not in out and "\\left" not in out, "text output must not need LaTeX"
        assert_fits(out, 80)
    if fmt == "tex" and lang == "en":  # .ci/run compiles the English sheets with pdflatex
        assert out.isascii(), f"pdflatex cannot set {sorted({c for c in out if not c.isascii()})}"
    if fmt == "html":
        assert "<math" in out and not re.search(r"""(src|href)=["']?(https?:)?//""", out)
    if fmt == "json":
        data = json.loads(out)
        assert len(data["problems"]) == len(problems)
        assert ("steps" in data["problems"][0]) == solutions


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("topic", TOPICS)
def test_every_seed_generates_a_consistent_problem_that_renders(topic, difficulty, seeds):
    problems = generated_all(topic, difficulty, seeds)
    for seed, problem in zip(seeds, problems):
        where = problem.id
        assert registry.parse_id(where) == (topic, difficulty, seed)
        steps = [s.value for s in problem.solution.steps]
        for answer in problem.solution.answers:
            value = answer.value
            assert all(isinstance(x, (int, float)) and math.isfinite(x) for x in flat(value)), where
            assert from_steps(value, steps), f"{where}: no step gives {answer.name}"
            assert answer.check.accepts(value, value), f"{where}: {answer.name} rejects itself"
        names = {a.name for a in problem.solution.answers}
        for mistake in problem.mistakes:
            assert set(mistake.answers) <= names, f"{where}: {mistake.name} names unknown answers"
            for name, wrong in mistake.answers.items():
                assert shape(wrong) == shape(problem.answer(name).value) or not isinstance(wrong, list), (
                    f"{where}: {mistake.name} gives {name} in another shape"
                )
            assert registry.distinct(problem, mistake), f"{where}: mistake {mistake.name} gives the right answers"
        again = registry.from_params(topic, problem.params.to_json())
        for a, b in zip(problem.solution.answers, again.solution.answers):
            assert same_numbers(a.value, b.value), f"{where}: parameters do not reproduce {a.name}"
    if seeds is STRESS_SEEDS:  # every problem as JSON and, in turn, in one typeset format per language
        check_sheet(problems, "json")
        for i, fmt in enumerate(TYPESET):
            check_sheet(problems[i :: len(TYPESET)], fmt)
        for i, fmt in enumerate(("text", "html")):  # Chinese where its layout differs: wide characters
            check_sheet(problems[i::2], fmt, lang="zh")
        return
    check_sheet(problems, "json")
    for i, fmt in enumerate(TYPESET):
        check_sheet(problems[i :: len(TYPESET)], fmt)
    for fmt in FORMATS:
        check_sheet(problems[:SAMPLE], fmt)
    for fmt in ("text", "html"):
        check_sheet(problems[:SAMPLE], fmt, lang="zh")


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
@pytest.mark.parametrize("topic", TOPICS)
def test_no_declared_mistake_passes_for_any_answer_it_moves(topic, difficulty, seeds):
    """Each mistake's value for each answer it moves by more than the check's absolute
    tolerance (the precision asked; every entry if exact) is rejected: a relative tolerance
    never lets a mistake through (an update's is relative to its step, see Answer.scale)."""
    for problem in generated_all(topic, difficulty, seeds):
        for mistake in problem.mistakes:
            for name, wrong in mistake.answers.items():
                answer = problem.answer(name)
                pairs = list(zip(flat(wrong), flat(answer.value)))
                if answer.check.exact:
                    moved = any(x != y for x, y in pairs)
                else:
                    moved = max(abs(x - y) for x, y in pairs) > answer.check.abs_tol
                if moved and not answer.check.unordered:
                    assert not answer.check.accepts(wrong, answer.value, answer.scale), (problem.id, mistake.name, name)


@pytest.mark.parametrize("topic", TOPICS)
def test_answer_keys_and_question_sheets_render(topic):
    sheet = [generated(topic, d, s) for d in DIFFICULTIES for s in SEEDS[:5]]
    for fmt in FORMATS:
        check_sheet(sheet, fmt, key=True)
        check_sheet(sheet, fmt, solutions=False)


def test_same_id_same_problem_different_seeds_differ():
    for topic in TOPICS:
        a = render([registry.generate(topic, "medium", 7)], "json", solutions=True)
        b = render([registry.generate(topic, "medium", 7)], "json", solutions=True)
        c = render([registry.generate(topic, "medium", 8)], "json", solutions=True)
        assert a == b and json.loads(a)["problems"][0]["params"] != json.loads(c)["problems"][0]["params"]


def test_json_follows_the_public_schema():
    problem = registry.generate("entropy", "easy", 1)
    sheet = json.loads(render([problem], "json", solutions=True, lang="en"))
    assert list(sheet) == ["lang", "problems"] and sheet["lang"] == "en"
    data = sheet["problems"][0]
    fields = ["id", "topic", "seed", "difficulty", "lang", "title", "params", "question", "answers", "steps"]
    assert list(data) == fields and data["lang"] == "en"
    assert (data["id"], data["topic"], data["seed"], data["difficulty"]) == ("entropy:easy#1", "entropy", 1, "easy")
    assert [a["name"] for a in data["answers"]] == ["H_parent", "H_children", "H_conditional", "info_gain"]
    for answer in data["answers"]:
        assert list(answer) == ["name", "label", "value", "exact", "check"]
        assert shape(answer["exact"]) == shape(answer["value"])
    assert all(list(s) == ["title", "latex", "value"] for s in data["steps"])
    assert isinstance(data["answers"][1]["value"], list)


def test_topics_listing_matches_the_modules_without_importing_them():
    for row in registry.describe():
        module = registry.family(row["id"])
        assert (row["title"].en, row["description"].en) == (module.TITLE, module.DESCRIPTION)
        assert (row["title"].zh, row["description"].zh) == (module.TITLE_ZH, module.DESCRIPTION_ZH)
        assert row["description"].en and len(row["description"].en) <= 120 and row["description"].zh
