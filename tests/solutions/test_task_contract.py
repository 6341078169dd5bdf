"""The contract every coding task keeps, checked for all of them: `solutions/<task>.py` (a literal
header, FUNCTIONS, cases(seed) that are deterministic, seed-dependent plain data) and its starter
`exercises/starters/<task>.py` (numpy only, the reference's signatures, a NotImplementedError
naming each function). Whether the reference, a correct alternative and typical bugs pass or fail
the cases is checked through the real grader in test_grade.py."""

import ast
import importlib
import inspect
import re
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from exercises.core.lang import Text
from grader.autograde.tasks import starter_text, tasks
from solutions.core.cases import ALLCLOSE, COLUMNS_UP_TO_SIGN, EQUAL, ROWS_UP_TO_SIGN, UP_TO_RELABEL, Case

SEEDS = range(10)
CJK = re.compile(r"[\u4e00-\u9fff]")

# What a task does beyond the common contract, stated here so that each is a visible decision.
RELAXED_COMPARISONS = {
    "kmeans": {UP_TO_RELABEL},  # beyond ALLCLOSE and EQUAL
    "pca": {ROWS_UP_TO_SIGN, COLUMNS_UP_TO_SIGN},
}
BOOLEAN_INPUTS = {"attention": {"mask"}}  # inputs that are bool arrays


def reference(name):
    return importlib.import_module(f"solutions.{name}")


def copied(inputs):
    return {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in inputs.items()}


def identical(a, b) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return type(a) is type(b) and len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and np.shape(a) == np.shape(b) and bool(np.array_equal(a, b))


def fields(c: Case) -> tuple:
    return c.name, c.function, c.visible, c.compare, c.points, c.gradient_of, c.wrt, c.edge


def same_case(a: Case, b: Case) -> bool:
    return (
        fields(a) == fields(b)
        and a.inputs.keys() == b.inputs.keys()
        and all(identical(a.inputs[k], b.inputs[k]) for k in a.inputs)
        and identical(a.expected, b.expected)
    )


def plain_output(value) -> bool:
    if isinstance(value, tuple):
        return len(value) > 0 and all(plain_output(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype in (np.float64, np.int64) and bool(np.isfinite(value).all())
    return type(value) in (int, float) and bool(np.isfinite(value))


def gradient_agrees(loss, case: Case, eps=1e-6) -> bool:
    """The expected gradient (the output, or the one output shaped like the `wrt` input) against
    central differences of `loss`."""
    target = case.inputs[case.wrt]
    outputs = case.expected if isinstance(case.expected, tuple) else (case.expected,)
    gradient = next(g for g in outputs if np.shape(g) == target.shape)
    numeric = np.zeros(target.shape)
    for index in np.ndindex(target.shape):
        values = []
        for step in (eps, -eps):
            inputs = copied(case.inputs)
            inputs[case.wrt][index] += step
            values.append(float(loss(**inputs)))
        numeric[index] = (values[0] - values[1]) / (2 * eps)
    return bool(np.allclose(gradient, numeric, rtol=1e-4, atol=1e-6))


# ---- the reference module ---------------------------------------------------------------------


@pytest.mark.parametrize("name", tasks())
def test_header_is_literal_and_functions_exist(name):
    ref = reference(name)
    tree = ast.parse(Path(ref.__file__).read_text(encoding="utf-8"))
    assert ast.get_docstring(tree)
    constants = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    for constant in ("TITLE", "DESCRIPTION", "TITLE_ZH", "DESCRIPTION_ZH"):
        assert isinstance(constants[constant], ast.Constant) and isinstance(constants[constant].value, str)
        assert "\n" not in constants[constant].value
    assert len(constants["DESCRIPTION"].value) <= 100 and len(constants["DESCRIPTION_ZH"].value) <= 100
    for constant in ("TITLE_ZH", "DESCRIPTION_ZH"):  # written in Chinese, not the English left as it was
        assert CJK.search(constants[constant].value), constant
    assert ref.FUNCTIONS and all(callable(getattr(ref, f)) for f in ref.FUNCTIONS)


# ---- the cases ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", tasks())
def test_cases_are_deterministic_and_depend_on_the_seed(name):
    ref = reference(name)
    names = [c.name for c in ref.cases(0)]
    previous = None
    for seed in SEEDS:
        cases, again = ref.cases(seed), ref.cases(seed)
        assert len(cases) == len(again) and all(same_case(a, b) for a, b in zip(cases, again)), seed
        assert [c.name for c in cases] == names, seed  # names are stable across seeds
        if previous is not None:
            assert any(not identical(a.inputs[k], b.inputs[k]) for a, b in zip(previous, cases) for k in a.inputs), (
                seed - 1,
                seed,
            )
        previous = cases


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", tasks())
def test_cases_follow_the_contract(name, seed):
    ref = reference(name)
    cases = ref.cases(seed)
    assert 8 <= len(cases) <= 20
    assert len({c.name for c in cases}) == len(cases)
    assert any(c.visible for c in cases) and any(not c.visible for c in cases)
    assert any(c.edge for c in cases)
    for case in cases:
        assert isinstance(case, Case) and case.function in ref.FUNCTIONS, case.name
        assert case.compare.mode in {ALLCLOSE, EQUAL} | RELAXED_COMPARISONS.get(name, set()), case.name
        assert case.points > 0, case.name
        parameters = inspect.signature(getattr(ref, case.function)).parameters
        assert set(case.inputs) <= set(parameters), case.name
        assert all(p.name in case.inputs for p in parameters.values() if p.default is p.empty), case.name
        for key, value in case.inputs.items():
            assert type(value) in (np.ndarray, int, float, bool, str), (case.name, key, type(value))
            if isinstance(value, np.ndarray):
                allowed = (np.float64, np.int64) + ((np.bool_,) if key in BOOLEAN_INPUTS.get(name, ()) else ())
                assert value.dtype in allowed, (case.name, key, value.dtype)
        assert plain_output(case.expected), case.name
        if case.gradient_of or case.wrt:
            assert case.gradient_of in ref.FUNCTIONS and case.wrt in case.inputs, case.name
            outputs = case.expected if isinstance(case.expected, tuple) else (case.expected,)
            assert [np.shape(g) for g in outputs].count(case.inputs[case.wrt].shape) == 1, case.name
            loss = getattr(ref, case.gradient_of)
            assert gradient_agrees(loss, case), case.name
            # the check can fail: a loss twice as large disagrees with the same gradient
            assert not gradient_agrees(lambda **kw: 2 * loss(**kw), case), case.name  # noqa: B023  (called here)


# ---- the starter ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", tasks())
def test_starter_has_the_reference_signatures_and_names_what_is_missing(name):
    ref = reference(name)
    starter = importlib.import_module(f"exercises.starters.{name}")
    tree = ast.parse(Path(starter.__file__).read_text(encoding="utf-8"))
    assert "mlexam grade" in ast.get_docstring(tree)
    imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert [alias.name for node in imports for alias in node.names] == ["numpy"]
    assert all(node.module == "numpy" for node in imports if isinstance(node, ast.ImportFrom))
    assert [node.name for node in tree.body if isinstance(node, ast.FunctionDef)] == list(ref.FUNCTIONS)
    cases = ref.cases(0)
    for function in ref.FUNCTIONS:
        stub = getattr(starter, function)
        assert inspect.signature(stub) == inspect.signature(getattr(ref, function)), function
        assert inspect.getdoc(stub), function
        assert inspect.getdoc(stub) == inspect.getdoc(getattr(ref, function)), function
        calls = [c for c in cases if c.function == function]
        assert calls, f"no case calls {function}"
        for case in calls:
            with pytest.raises(NotImplementedError, match=rf"^{function}: "):
                stub(**copied(case.inputs))


def without_docstrings(source: str) -> str:
    """The code of a source: its AST without the docstrings (comments are not in it), no positions."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            node.body = node.body[1:] or [ast.Pass()]
    return ast.dump(tree)


def docstrings(source: str) -> dict:
    tree = ast.parse(source)
    found = {"": ast.get_docstring(tree)}
    found.update({f.name: ast.get_docstring(f) for f in tree.body if isinstance(f, ast.FunctionDef)})
    return found


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("name", tasks())
def test_the_chinese_starter_is_the_english_code_with_chinese_docstrings(name):
    english, chinese = starter_text(name, "en"), starter_text(name, "zh")
    assert english == Path(importlib.import_module(f"exercises.starters.{name}").__file__).read_text(encoding="utf-8")
    assert without_docstrings(chinese) == without_docstrings(english)  # the same code, to the last token
    said, translated = docstrings(english), docstrings(chinese)
    assert said.keys() == translated.keys() and all(said.values())
    for key, text in translated.items():
        assert text != said[key] and CJK.search(text), key
        assert not re.search(r"\b(the|and|of|with|returns?|each|every|is|are)\b", text, re.IGNORECASE), (key, text)
    assert "mlexam grade" in translated[""]
    too_wide = [line for line in chinese.splitlines() if width(line) > 120]
    assert not too_wide, too_wide  # as the project's line length
    namespace = {}
    exec(compile(chinese, f"{name}_zh.py", "exec"), namespace)  # it runs as the English one does
    for function in reference(name).FUNCTIONS:
        case = next(c for c in reference(name).cases(0) if c.function == function)
        with pytest.raises(NotImplementedError, match=rf"^{function}: "):
            namespace[function](**copied(case.inputs))


@pytest.mark.parametrize("name", tasks())
def test_every_edge_case_is_named_in_both_languages(name):
    for case in reference(name).cases(0):
        if case.edge is not None:
            assert isinstance(case.edge, Text) and case.edge.en, case.name
            assert CJK.search(case.edge.zh) or not re.search(r"[A-Za-z]{2,}", case.edge.en), case.name
