"""The task registry: every module in solutions/ is a task, checked against the contract
(TITLE, DESCRIPTION, FUNCTIONS, cases(seed), a starter with the same functions), and a task
that breaks it is refused in one sentence naming its file."""

import sys

import pytest

from grader.autograde import tasks as registry
from grader.autograde.tasks import TaskContractError

REFERENCE = '''
import numpy as np

TITLE = "Double"
DESCRIPTION = "Twice the input."
FUNCTIONS = ("double",)


def double(x):
    """2 x."""
    return 2 * np.asarray(x)


def cases(seed):
    from solutions.core.cases import Cases

    out = Cases()
    out.add(double, "visible/1", {"x": np.arange(3.0)}, visible=True)
    return out
'''
STARTER = '''
def double(x):
    """2 x."""
    raise NotImplementedError("double: return 2 x")
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A solutions/ package and a starters folder of our own, in place of the real ones."""
    package = tmp_path / "solutions"
    package.mkdir()
    (package / "__init__.py").write_text("")
    starters = tmp_path / "starters"
    starters.mkdir()
    monkeypatch.setattr(registry, "SOLUTIONS_DIR", package)
    monkeypatch.setattr(registry, "STARTERS_DIR", starters)
    registry._checked.cache_clear()
    real = sys.modules["solutions"].__path__
    monkeypatch.setattr(sys.modules["solutions"], "__path__", [str(package), *real])  # solutions.core stays
    yield package, starters
    registry._checked.cache_clear()
    for name in [m for m in sys.modules if m.startswith("solutions.toy")]:
        del sys.modules[name]


def write(project, reference=REFERENCE, starter=STARTER, name="toy"):
    package, starters = project
    (package / f"{name}.py").write_text(reference)
    if starter is not None:
        (starters / f"{name}.py").write_text(starter)


def test_a_task_keeping_the_contract_is_listed_and_loaded(project):
    write(project)
    (project[0] / "_helper.py").write_text("X = 1\n")
    assert registry.tasks() == ["toy"]
    module = registry.task("toy")
    assert [case.name for case in module.cases(0)] == ["double/visible/1"]


@pytest.mark.parametrize("line", ['TITLE = "Double"', 'DESCRIPTION = "Twice the input."', 'FUNCTIONS = ("double",)'])
def test_a_missing_constant_is_refused_naming_the_file(project, line):
    write(project, REFERENCE.replace(line, ""))
    with pytest.raises(TaskContractError, match=r"^solutions/toy\.py must define [A-Z]+"):
        registry.task("toy")


def test_a_listed_function_that_is_not_defined_is_refused(project):
    write(
        project,
        REFERENCE.replace('FUNCTIONS = ("double",)', 'FUNCTIONS = ("double", "triple")'),
        STARTER + "\n\ndef triple(x):\n    raise NotImplementedError\n",
    )
    with pytest.raises(TaskContractError, match="lists triple in FUNCTIONS but does not define it"):
        registry.task("toy")


def test_cases_must_take_a_seed(project):
    write(project, REFERENCE.replace("def cases(seed):", "def cases():"))
    with pytest.raises(TaskContractError, match=r"solutions/toy\.py must define cases\(seed\)"):
        registry.task("toy")


def test_a_missing_starter_is_refused(project):
    write(project, starter=None)
    with pytest.raises(TaskContractError, match=r"exercises/starters/toy\.py is missing"):
        registry.task("toy")


def test_a_starter_with_other_parameters_is_refused(project):
    write(project, starter=STARTER.replace("def double(x):", "def double(values):"))
    with pytest.raises(TaskContractError, match=r"double\(values\) differs from the reference's double\(x\)"):
        registry.task("toy")


@pytest.mark.parametrize(
    "listed, docstring",
    [("triple", '"""2 x; x is not modified."""'), ("double", '"""2 x."""')],
)
def test_inputs_unchanged_must_name_a_function_whose_docstring_says_so(project, listed, docstring):
    reference = REFERENCE.replace(
        'FUNCTIONS = ("double",)', f'INPUTS_UNCHANGED = ("{listed}",)\nFUNCTIONS = ("double",)'
    )
    write(project, reference.replace('"""2 x."""', docstring), STARTER.replace('"""2 x."""', docstring))
    with pytest.raises(TaskContractError, match=rf"solutions/toy\.py lists {listed} in INPUTS_UNCHANGED"):
        registry.task("toy")


def test_an_import_error_is_not_swallowed(project):
    write(project, "import numpy_that_does_not_exist\n" + REFERENCE)
    with pytest.raises(ModuleNotFoundError):
        registry.task("toy")


def test_every_real_task_keeps_the_contract():
    assert len(registry.tasks()) >= 10
    for name in registry.tasks():
        assert registry.task(name).FUNCTIONS
