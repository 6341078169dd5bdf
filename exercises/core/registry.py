"""The folder is the registry: every module in `exercises/` is one family.

A family module opens with a docstring stating its formulas and defines
TITLE and DESCRIPTION (one-line string literals), a frozen `Params` dataclass with
`from_json(dict)` / `to_json()`, and `generate(dice, difficulty)`,
`solve(params) -> Solution`, `mistakes(params, solution) -> list[Mistake]`.

Listing topics reads the TITLE and DESCRIPTION lines of the source with
`ast.literal_eval`, so `mlexam topics` starts without importing sympy (a test
checks they match the imported module); anything else imports the module, and
an import error is never swallowed.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import exercises

PACKAGE_DIR = Path(exercises.__file__).parent
ID_PATTERN = re.compile(r"^(?P<topic>[a-z0-9_]+)(?::(?P<difficulty>easy|medium|hard))?#(?P<seed>\d+)$")
CONSTANT = re.compile(r'^(?P<name>TITLE|DESCRIPTION) = (?P<value>"[^"\\\n]*")$', re.MULTILINE)
MAX_TRIES = 1000


def topics() -> list[str]:
    """Every family's id, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules([str(PACKAGE_DIR)]) if not m.ispkg)


def describe() -> list[dict]:
    """id, title and description of every family, without importing any of them."""
    rows = []
    for topic in topics():
        source = (PACKAGE_DIR / f"{topic}.py").read_text(encoding="utf-8")
        consts = {m["name"]: ast.literal_eval(m["value"]) for m in CONSTANT.finditer(source)}
        rows.append({"id": topic, "title": consts.get("TITLE", topic),
                     "description": consts.get("DESCRIPTION", "")})
    return rows


def unknown_topic(name: str):
    from exercises.core.errors import UnknownTopic
    return UnknownTopic(f"unknown topic '{name}'; choose one of: {', '.join(topics())} (or 'all').")


def family(topic: str):
    """The family module for `topic`."""
    if topic not in topics():
        raise unknown_topic(topic)
    return importlib.import_module(f"exercises.{topic}")


def parse_id(text: str):
    """(topic, difficulty, seed) for a problem id such as `pca:hard#17`, else None."""
    match = ID_PATTERN.match(text)
    if not match:
        return None
    return match["topic"], match["difficulty"] or "medium", int(match["seed"])


def generate(topic: str, difficulty: str, seed: int):
    """The problem `topic:difficulty#seed`, the same on every machine.

    Parameters are drawn until the problem is not degenerate and every declared
    mistake gives a different answer than the right one; the draws all come from
    the one generator seeded by the id, so the id still names one problem.
    """
    from exercises.core.dice import Dice
    from exercises.core.errors import ParamError

    module = family(topic)
    dice = Dice(topic, difficulty, seed)
    for _ in range(MAX_TRIES):
        params = module.generate(dice, difficulty)
        try:
            problem = _build(module, topic, params, difficulty, seed)
        except ParamError:
            continue
        if all(distinct(problem, mistake) for mistake in problem.mistakes):
            return problem
    raise RuntimeError(f"{topic}: no valid problem after {MAX_TRIES} draws for seed {seed}")


def from_params(topic: str, raw: dict):
    """The problem for parameters the user typed (a homework, a past paper)."""
    module = family(topic)
    params = module.Params.from_json(raw)
    return _build(module, topic, params, "custom", None)


def distinct(problem, mistake) -> bool:
    """True when the mistake changes at least one answer beyond its tolerance."""
    return any(not problem.answer(name).check.accepts(wrong, problem.answer(name).value)
               for name, wrong in mistake.answers.items())


def _build(module, topic, params, difficulty, seed):
    from exercises.core.model import Problem

    solution = module.solve(params)
    mistakes = tuple(module.mistakes(params, solution))
    return Problem(topic, module.TITLE, difficulty, seed, params, solution, mistakes)
