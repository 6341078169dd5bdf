"""The folder is the registry: every module directly in `solutions/` whose name does not
start with `_` is one coding task, and `exercises/starters/<task>.py` is its starter.

A task's reference defines TITLE and DESCRIPTION (strings), FUNCTIONS (the names of the
functions the learner writes, each defined in the reference) and `cases(seed)`; its starter
defines the same functions with the same parameters. Optionally INPUTS_UNCHANGED names the
functions whose contract (their docstring says so) is that the arrays they are given are not
modified: modifying one fails the case. A task that breaks this contract is
refused in one sentence naming its file; an import error is never swallowed.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from functools import cache
from pathlib import Path

import solutions
from exercises.core.errors import UserError

SOLUTIONS_DIR = Path(solutions.__file__).resolve().parent
STARTERS_DIR = SOLUTIONS_DIR.parent / "exercises" / "starters"


class TaskContractError(UserError):
    """A task module or its starter breaks the task contract."""


def tasks() -> list[str]:
    """Every coding task, sorted."""
    return sorted(
        m.name for m in pkgutil.iter_modules([str(SOLUTIONS_DIR)]) if not m.ispkg and not m.name.startswith("_")
    )


def task(name: str):
    """The reference module of task `name`, checked against the contract."""
    if name not in tasks():
        raise UserError(f"unknown model '{name}'; choose one of: {', '.join(tasks())}.")
    return _checked(name)


def starter_path(name: str) -> Path:
    task(name)
    return STARTERS_DIR / f"{name}.py"


def infer_model(path: Path) -> str | None:
    """The task a file is named after (`logistic_regression.py`, `alice_kmeans.ipynb`), longest name first."""
    stem = path.stem.lower()
    for name in sorted(tasks(), key=len, reverse=True):
        if re.search(rf"(^|[^a-z]){re.escape(name)}($|[^a-z])", stem):
            return name
    return None


@cache
def _checked(name: str):
    module = importlib.import_module(f"solutions.{name}")
    where = f"solutions/{name}.py"
    for attribute in ("TITLE", "DESCRIPTION"):
        if not isinstance(getattr(module, attribute, None), str):
            raise TaskContractError(f"{where} must define {attribute} as a string.")
    functions = getattr(module, "FUNCTIONS", None)
    if not (isinstance(functions, tuple) and functions and all(isinstance(f, str) for f in functions)):
        raise TaskContractError(f"{where} must define FUNCTIONS, a tuple of the function names to implement.")
    missing = [f for f in functions if not inspect.isfunction(getattr(module, f, None))]
    if missing:
        raise TaskContractError(f"{where} lists {missing[0]} in FUNCTIONS but does not define it.")
    for function in getattr(module, "INPUTS_UNCHANGED", ()):
        if function not in functions or "not modified" not in (getattr(module, function).__doc__ or ""):
            raise TaskContractError(
                f"{where} lists {function} in INPUTS_UNCHANGED: it must be in FUNCTIONS and its docstring must "
                "say that its inputs are not modified."
            )
    if not callable(getattr(module, "cases", None)) or list(inspect.signature(module.cases).parameters) != ["seed"]:
        raise TaskContractError(f"{where} must define cases(seed).")
    starter = STARTERS_DIR / f"{name}.py"
    if not starter.is_file():
        raise TaskContractError(f"{where} has no starter: exercises/starters/{name}.py is missing.")
    defined = {
        node.name: node
        for node in ast.parse(starter.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }
    for function in functions:
        if function not in defined:
            raise TaskContractError(
                f"exercises/starters/{name}.py does not define {function}, which {where} lists in FUNCTIONS."
            )
        wanted = list(inspect.signature(getattr(module, function)).parameters)
        given = [a.arg for a in defined[function].args.args]
        if given != wanted:
            raise TaskContractError(
                f"exercises/starters/{name}.py: {function}({', '.join(given)}) "
                f"differs from the reference's {function}({', '.join(wanted)})."
            )
    return module
