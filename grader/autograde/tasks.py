"""The folder is the registry: every module directly in `solutions/` whose name does not
start with `_` is one coding task, and `exercises/starters/<task>.py` is its starter.

A task's reference defines TITLE and DESCRIPTION (strings) and their Chinese, TITLE_ZH and
DESCRIPTION_ZH, FUNCTIONS (the names of the functions the learner writes, each defined in the
reference) and `cases(seed)`; its starter defines the same functions with the same parameters.
Optionally INPUTS_UNCHANGED names the functions whose contract (their docstring says so) is
that the arrays they are given are not modified: modifying one fails the case. A task that
breaks this contract is refused in one sentence naming its file; an import error is never
swallowed.

The starter in Chinese (`mlexam starter TASK --lang zh`) is the English starter's code with
Chinese docstrings: `exercises/starters/zh/<task>.py` holds them and only them (MODULE, the
module's docstring, and FUNCTIONS, each function's), each written as the string literal it
becomes, so the code has one source, the English starter, and a Chinese starter can never
drift from it. Every docstring of the starter has its Chinese, and nothing else is there.
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
from exercises.core import lang
from exercises.core.errors import UserError
from exercises.core.lang import T, Text, same

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
        raise UserError(
            T(
                "unknown model '{name}'; choose one of: {models}.",
                "未知的模型 '{name}'；可选的模型：{models}。",
                name=name,
                models=", ".join(tasks()),
            )
        )
    return _checked(name)


def title(name: str) -> Text:
    """The task's title in both languages."""
    module = task(name)
    return T(same(module.TITLE).en, same(module.TITLE_ZH).en)


def description(name: str) -> Text:
    """The task's one-line description in both languages."""
    module = task(name)
    return T(same(module.DESCRIPTION).en, same(module.DESCRIPTION_ZH).en)


def starter_path(name: str) -> Path:
    """The English starter (the file; starter_text gives it in a language)."""
    task(name)
    return STARTERS_DIR / f"{name}.py"


def starter_text(name: str, language: str | None = None) -> str:
    """The starter file of task `name` in `language` (default: the language in use): in
    Chinese, the English starter's code with the Chinese docstrings in place of its own."""
    source = starter_path(name).read_text(encoding="utf-8")
    if (language or lang.current()) != "zh":
        return source
    return _with_docstrings(source, _chinese_docstrings(name))


def _docstring_nodes(tree: ast.Module) -> list[tuple[str, ast.Constant]]:
    """(key, string node) of the module's docstring (key "") and of each top-level function's."""
    found = []
    for key, node in [("", tree), *((f.name, f) for f in tree.body if isinstance(f, ast.FunctionDef))]:
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            found.append((key, first.value))
    return found


def _chinese_docstrings(name: str) -> dict[str, str]:
    """Key ("" for the module, else the function's name) -> the Chinese docstring's literal,
    as exercises/starters/zh/<name>.py writes it; TaskContractError if that file breaks the
    contract (a literal for every docstring of the starter, and nothing else)."""
    where = f"exercises/starters/zh/{name}.py"
    path = STARTERS_DIR / "zh" / f"{name}.py"
    if not path.is_file():
        raise TaskContractError(f"{where} is missing: the starter's docstrings in Chinese.")
    text = path.read_text(encoding="utf-8")
    values = {
        node.targets[0].id: node.value
        for node in ast.parse(text).body
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    }
    module, functions = values.get("MODULE"), values.get("FUNCTIONS")
    if not (isinstance(module, ast.Constant) and isinstance(module.value, str)):
        raise TaskContractError(f"{where} must define MODULE, the starter's docstring in Chinese, as a string.")
    literals = {"": ast.get_source_segment(text, module)}
    if not (isinstance(functions, ast.Dict) and all(isinstance(k, ast.Constant) for k in functions.keys)):
        raise TaskContractError(f"{where} must define FUNCTIONS, a dict of function name -> Chinese docstring.")
    for key, value in zip(functions.keys, functions.values):
        if not (isinstance(key.value, str) and isinstance(value, ast.Constant) and isinstance(value.value, str)):
            raise TaskContractError(f"{where}: FUNCTIONS must map each function's name to a string.")
        literals[key.value] = ast.get_source_segment(text, value)
    starter = STARTERS_DIR / f"{name}.py"
    wanted = [key for key, _ in _docstring_nodes(ast.parse(starter.read_text(encoding="utf-8")))]
    if sorted(wanted) != sorted(literals):
        missing, extra = sorted(set(wanted) - set(literals)), sorted(set(literals) - set(wanted))
        raise TaskContractError(
            f"{where} must hold the Chinese of every docstring of exercises/starters/{name}.py and nothing else "
            f"(missing: {', '.join(m or 'MODULE' for m in missing) or 'none'}; extra: {', '.join(extra) or 'none'})."
        )
    return literals


def _with_docstrings(source: str, literals: dict[str, str]) -> str:
    """`source` with each docstring's literal replaced by literals[key] (its code untouched)."""
    lines = source.splitlines(keepends=True)
    for key, node in sorted(_docstring_nodes(ast.parse(source)), key=lambda item: -item[1].lineno):
        first, last = node.lineno - 1, node.end_lineno - 1  # offsets are in UTF-8 bytes
        head = lines[first].encode()[: node.col_offset].decode()
        tail = lines[last].encode()[node.end_col_offset :].decode()
        lines[first : last + 1] = [head + literals[key] + tail]
    return "".join(lines)


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
    for attribute in ("TITLE", "DESCRIPTION", "TITLE_ZH", "DESCRIPTION_ZH"):
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
    _chinese_docstrings(name)
    return module
