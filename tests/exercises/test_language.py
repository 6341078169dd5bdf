"""Every family speaks English and Chinese: each text a problem shows (title, question,
step titles and notes, answer labels, mistake messages, parameter forms) is a `Text` with
its Chinese, and every error a family or the core raises is written in both languages."""

import ast
import re
import string
from pathlib import Path

import pytest
import sympy as sp

from exercises.core import registry
from exercises.core.lang import T, Text, join, using
from exercises.core.model import Lines, Math
from tests.problems import DIFFICULTIES, SEEDS, TIERS, TOPICS, generated

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[A-Za-z]{4,}")  # an English word in a "Chinese" text that was left as it was


def texts(problem):
    """(where, text) of everything the problem shows in words."""
    solution = problem.solution
    yield "title", problem.title
    for i, part in enumerate(solution.question.parts):
        if isinstance(part, Lines):
            yield from ((f"question part {i} line {k}", item) for k, item in enumerate(part.items, 1))
        elif not isinstance(part, Math):
            yield f"question part {i}", part
    for i, step in enumerate(solution.steps, 1):
        yield f"step {i} title", step.title
        if step.note:
            yield f"step {i} note", step.note
    for answer in solution.answers:
        yield f"answer {answer.name}", answer.label
    for mistake in problem.mistakes:
        yield f"mistake {mistake.name}", mistake.message


def words(template: str) -> str:
    """A template's own words, without its {fields}."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def chinese(text) -> bool:
    """A Text whose Chinese is written (some Chinese, and not the English left as it was),
    and so are the Texts inside it."""
    if not isinstance(text, Text):
        return False
    en, zh = (words(t) for t in (text.en, text.zh)) if text.values else (text.en, text.zh)
    own = zh != en and CJK.search(zh) or not WORD.search(en)
    return bool(own) and all(chinese(value) for _, value in text.values if isinstance(value, Text))


@pytest.mark.parametrize("topic", TOPICS)
def test_every_text_of_a_family_has_its_chinese(topic):
    family = registry.family(topic)
    shown = [(f"parameter {name}", form) for name, form in family.PARAMETERS.items()]
    for difficulty in DIFFICULTIES:
        for seed in SEEDS[:10]:
            problem = generated(topic, difficulty, seed)
            shown += [(f"{problem.id} {where}", text) for where, text in texts(problem)]
    missing = [where for where, text in shown if not chinese(text)]
    assert not missing, f"{topic}: no Chinese for {missing[:5]}"


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("topic", TOPICS)
def test_every_mistake_a_family_names_has_a_label_in_both_languages(topic, seeds):
    """`mlexam practice --mistakes` lists a mistake by its family's MISTAKE_NAMES label: every
    name a problem produces has one, with its Chinese, and every label is for a name some
    problem produces (30 seeds reach each)."""
    labels = registry.family(topic).MISTAKE_NAMES
    produced = {m.name for d in DIFFICULTIES for seed in seeds for m in generated(topic, d, seed).mistakes}
    assert produced <= labels.keys(), f"{topic}: no label for {sorted(produced - labels.keys())}"
    assert labels.keys() <= produced, f"{topic}: no problem makes {sorted(labels.keys() - produced)}"
    untranslated = [name for name, label in labels.items() if not chinese(label)]
    assert not untranslated, f"{topic}: no Chinese label for {untranslated}"


def source_files():
    """The files whose messages a user reads."""
    for folder in ("exercises", "grader", "solutions"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "mlexam.py"


# the errors a user reads (FamilyError and TaskContractError speak to the authors of a family
# or a task, in English)
USER_ERRORS = {"UserError", "ParamError", "UnknownTopic", "StoreError", "AnswerSyntaxError", "_error"}


def untranslated_errors(path: Path) -> list[int]:
    """Lines that make a user's error from a bare English string (a literal or an f-string)
    instead of a T(english, chinese)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in USER_ERRORS:
            if any(isinstance(arg, ast.JoinedStr) or isinstance(getattr(arg, "value", None), str) for arg in node.args):
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", list(source_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_errors_are_raised_in_both_languages(path):
    lines = untranslated_errors(path)
    assert not lines, f"{path.relative_to(ROOT)}: an English-only error on lines {lines}"


def test_a_text_is_shown_in_the_language_in_use():
    text = T("Layer {i}: pooling {f}x{f}.", "第 {i} 层：{f}x{f} 池化。", i=2, f=3)
    assert str(text) == "Layer 2: pooling 3x3."
    with using("zh"):
        assert str(text) == "第 2 层：3x3 池化。"
        assert str(join([T("a", "甲"), T("b", "乙")])) == "甲、乙"
    assert text.show("zh", escape=lambda s: s.replace("x", r"\times ")) == r"第 2 层：3\times 3 池化。"
    scale = T("Scale by {s}", "乘以 {s}", s=Math(1 / sp.sqrt(sp.Symbol("d_k"))))
    assert scale.show("en") == "Scale by 1/√dₖ"  # Unicode on one line, in prose
    assert scale.show("zh", math=lambda m: "<math/>") == "乘以 <math/>"  # or the format's own printer
    with pytest.raises(KeyError):
        T("Layer {i}", "第 {i} 层")  # a field without its value is refused at once
    assert T("a {b} c", "甲 {b} 丙", b=1).en == "a {b} c"  # the template is kept; values fill it when shown
