"""The folder is the registry: every module directly in `exercises/` whose name does not
start with `_` is one family (a `_helper.py` module is shared code, not a topic).

A family module opens with a docstring stating its formulas and defines

    TITLE, DESCRIPTION          one-line string literals, `TITLE = "..."`
    TITLE_ZH, DESCRIPTION_ZH    the same in Chinese (the course's own terms)
    PARAMETERS                  {name: its form and range} for `mlexam solve` (`mlexam topics TOPIC`)
    Params                      a frozen dataclass with `from_json(dict)` and `to_json()`
    generate(dice, difficulty)  parameters drawn from the Dice; raises `Redraw` to reject a draw
    solve(params)               the Solution
    mistakes(params, solution)  the list of Mistakes
    MISTAKE_NAMES               {name: T(label, 标签)}: a short label for each mistake it can name,
                                as `mlexam practice --mistakes` lists it

Optionally, CODING_TASK = "task" names the coding task (`solutions/<task>.py`) that implements
the same model, so that `mlexam topics` and `mlexam models` point from one to the other.

A module that lacks any of them is refused, when it is first used, with a FamilyError
naming its file. Listing topics reads the TITLE, DESCRIPTION and CODING_TASK lines of the source with
`ast.literal_eval`, so `mlexam topics` starts without importing sympy (a test checks they
match the imported module), and refuses a file without them the same way; anything else
imports the module, and an import error is never swallowed.

The one redraw loop lives here (`generate`): a family rejects a draw by raising `Redraw`,
and never loops on its own.
"""

from __future__ import annotations

import ast
import difflib
import importlib
import pkgutil
import re
from pathlib import Path

import exercises
from exercises.core.errors import FamilyError, ParamError, Redraw, UnknownTopic
from exercises.core.lang import T, join
from exercises.core.words import DIFFICULTIES

PACKAGE = exercises.__name__
PACKAGE_DIR = Path(exercises.__file__).parent
TOPIC_NAME = re.compile(r"[a-z0-9_]+")
ID_PATTERN = re.compile(
    rf"^(?P<topic>{TOPIC_NAME.pattern})(?::(?P<difficulty>{'|'.join(DIFFICULTIES)}))?#(?P<seed>\d+)$"
)
# `NAME = "..."`, or the string alone in parentheses on the next line (as the formatter wraps a long one)
CONSTANT = re.compile(
    r'^(?P<name>(?:TITLE|DESCRIPTION)(?:_ZH)?|CODING_TASK) = (?:\(\n\s*)?(?P<value>"[^"\\\n]*")(?:\n\))?$',
    re.MULTILINE,
)
NAMED = ("TITLE", "DESCRIPTION", "TITLE_ZH", "DESCRIPTION_ZH")  # read from the source without importing it
REQUIRED = (*NAMED, "PARAMETERS", "Params", "generate", "solve", "mistakes", "MISTAKE_NAMES")
MAX_TRIES = 1000


def topics() -> list[str]:
    """Every family's id, sorted; a module whose name cannot be a topic id is refused."""
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(PACKAGE_DIR)]) if not m.ispkg and not m.name.startswith("_")
    )
    for name in names:
        if not TOPIC_NAME.fullmatch(name):
            raise FamilyError(
                f"{source_path(name)} cannot be a problem family: a topic id is made of "
                f"lower-case letters, digits and '_' (a helper module's name starts with '_')."
            )
    return names


def source_path(topic: str) -> str:
    """The family's file as the error messages name it, e.g. `exercises/pca.py`."""
    return f"{PACKAGE_DIR.name}/{topic}.py"


def describe() -> list[dict]:
    """id, title and description (each a Text) of every family, and the coding task that
    implements the same model (None if none), without importing any of them."""
    rows = []
    for topic in topics():
        source = (PACKAGE_DIR / f"{topic}.py").read_text(encoding="utf-8")
        consts = {m["name"]: ast.literal_eval(m["value"]) for m in CONSTANT.finditer(source)}
        missing = [name for name in NAMED if name not in consts]
        if missing:
            lines = " and no ".join(f'{name} = "..."' for name in missing)
            raise FamilyError(
                f"{source_path(topic)} is not a problem family: it has no {lines} line "
                f"(a one-line string literal, read without importing the module)."
            )
        rows.append(
            {
                "id": topic,
                "title": T(consts["TITLE"], consts["TITLE_ZH"]),
                "description": T(consts["DESCRIPTION"], consts["DESCRIPTION_ZH"]),
                "coding_task": consts.get("CODING_TASK"),
            }
        )
    return rows


def unknown_topic(name: str) -> UnknownTopic:
    """The error for a topic that is not a family: the closest one when a name is misspelt,
    else the valid ones listed."""
    close = difflib.get_close_matches(name, topics(), n=1, cutoff=0.75)
    if close:
        return UnknownTopic(
            T(
                "unknown topic '{name}'; did you mean '{close}'? ('mlexam topics' lists them all.)",
                "未知题型 '{name}'；您是指 '{close}' 吗？（'mlexam topics' 列出全部题型。）",
                name=name,
                close=close[0],
            )
        )
    return UnknownTopic(
        T(
            "unknown topic '{name}'; choose one of: {topics} (or 'all').",
            "未知题型 '{name}'；可选的题型有：{topics}（或 'all'）。",
            name=name,
            topics=join(topics()),
        )
    )


def family(topic: str):
    """The family module for `topic`, once it is known to keep the contract."""
    if topic not in topics():
        raise unknown_topic(topic)
    module = importlib.import_module(f"{PACKAGE}.{topic}")
    missing = [name for name in REQUIRED if not hasattr(module, name)]
    params = getattr(module, "Params", None)
    missing += [
        f"Params.{name}" for name in ("from_json", "to_json") if params is not None and not hasattr(params, name)
    ]
    if missing:
        raise FamilyError(
            f"{source_path(topic)} is not a problem family: it does not define "
            f"{', '.join(missing)} (a family defines {', '.join(REQUIRED)}; "
            f"a helper module's name starts with '_')."
        )
    return module


def parse_id(text: str):
    """(topic, difficulty, seed) for a problem id such as `pca:hard#17`, else None."""
    match = ID_PATTERN.match(text)
    if not match:
        return None
    return match["topic"], match["difficulty"] or "medium", int(match["seed"])


def generate(topic: str, difficulty: str, seed: int):
    """The problem `topic:difficulty#seed`, the same on every machine.

    The one redraw loop: parameters are drawn until the family accepts them (it raises
    `Redraw` otherwise), they are not degenerate (building the problem raises no
    ParamError) and every declared mistake gives a different answer than the right one.
    All draws come from the one Dice seeded by the id, each going on where the last one
    stopped, so the id still names one problem. After MAX_TRIES rejected draws a
    FamilyError names the family's file.
    """
    from exercises.core.dice import Dice

    module = family(topic)
    dice = Dice(topic, difficulty, seed)
    reason = ""
    for _ in range(MAX_TRIES):
        try:
            params = module.generate(dice, difficulty)
        except Redraw as rejected:
            reason = str(rejected)
            continue
        try:
            problem = _build(module, topic, params, difficulty, seed)
        except ParamError as rejected:
            reason = str(rejected)
            continue
        same = [mistake.name for mistake in problem.mistakes if not distinct(problem, mistake)]
        if not same:
            return problem
        reason = f"mistake {same[0]} gives the right answers"
    from exercises.core.model import problem_id

    why = f" (the last one: {reason.rstrip('.')})" if reason else ""
    raise FamilyError(
        f"{source_path(topic)} gave no valid problem {problem_id(topic, difficulty, seed)} in {MAX_TRIES} draws{why}."
    )


def from_params(topic: str, raw: dict):
    """The problem for parameters the user typed (a homework, a past paper)."""
    module = family(topic)
    params = module.Params.from_json(raw)
    return _build(module, topic, params, "custom", None)


def distinct(problem, mistake) -> bool:
    """True when the mistake changes at least one answer beyond its tolerance."""
    return any(
        not problem.answer(name).check.accepts(wrong, problem.answer(name).value, problem.answer(name).scale)
        for name, wrong in mistake.answers.items()
    )


def _build(module, topic, params, difficulty, seed):
    from exercises.core.model import Problem

    solution = module.solve(params)
    mistakes = tuple(module.mistakes(params, solution))
    return Problem(topic, T(module.TITLE, module.TITLE_ZH), difficulty, seed, params, solution, mistakes)
