"""The task registry: every module in solutions/ is a task, checked against the contract
(TITLE, DESCRIPTION and their Chinese, FUNCTIONS, cases(seed), a starter with the same
functions and its docstrings in Chinese), and a task that breaks it is refused in one
sentence naming its file."""

import sys

import pytest

from exercises.core.lang import using
from grader.autograde import tasks as registry
from grader.autograde.tasks import TaskContractError

REFERENCE = '''
import numpy as np

TITLE = "Double"
DESCRIPTION = "Twice the input."
TITLE_ZH = "加倍"
DESCRIPTION_ZH = "输入的两倍。"
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
STARTER = '''"""Double the input: mlexam grade toy.py."""


def double(x):
    """2 x."""
    raise NotImplementedError("double: return 2 x")
'''
STARTER_ZH = '''
MODULE = """把输入加倍：mlexam grade toy.py。"""

FUNCTIONS = {
    "double": """2 x，即输入的两倍。

    （这一行在中文版中多出来）
    """,
}
'''


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A solutions/ package and a starters folder of our own, in place of the real ones."""
    package = tmp_path / "solutions"
    package.mkdir()
    (package / "__init__.py").write_text("")
    starters = tmp_path / "starters"
    (starters / "zh").mkdir(parents=True)
    monkeypatch.setattr(registry, "SOLUTIONS_DIR", package)
    monkeypatch.setattr(registry, "STARTERS_DIR", starters)
    registry._checked.cache_clear()
    real = sys.modules["solutions"].__path__
    monkeypatch.setattr(sys.modules["solutions"], "__path__", [str(package), *real])  # solutions.core stays
    yield package, starters
    registry._checked.cache_clear()
    for name in [m for m in sys.modules if m.startswith("solutions.toy")]:
        del sys.modules[name]


def write(project, reference=REFERENCE, starter=STARTER, name="toy", starter_zh=STARTER_ZH):
    package, starters = project
    (package / f"{name}.py").write_text(reference)
    if starter is not None:
        (starters / f"{name}.py").write_text(starter)
    if starter_zh is not None:
        (starters / "zh" / f"{name}.py").write_text(starter_zh, encoding="utf-8")


def test_a_task_keeping_the_contract_is_listed_and_loaded(project):
    write(project)
    (project[0] / "_helper.py").write_text("X = 1\n")
    assert registry.tasks() == ["toy"]
    module = registry.task("toy")
    assert [case.name for case in module.cases(0)] == ["double/visible/1"]


@pytest.mark.parametrize(
    "line",
    [
        'TITLE = "Double"',
        'DESCRIPTION = "Twice the input."',
        'TITLE_ZH = "加倍"',
        'DESCRIPTION_ZH = "输入的两倍。"',
        'FUNCTIONS = ("double",)',
    ],
)
def test_a_missing_constant_is_refused_naming_the_file(project, line):
    write(project, REFERENCE.replace(line, ""))
    with pytest.raises(TaskContractError, match=r"^solutions/toy\.py must define [A-Z_]+"):
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


def test_the_title_and_the_description_are_in_both_languages(project):
    write(project)
    with using("zh"):
        assert (str(registry.title("toy")), str(registry.description("toy"))) == ("加倍", "输入的两倍。")
    assert (str(registry.title("toy")), str(registry.description("toy"))) == ("Double", "Twice the input.")


def test_the_chinese_starter_is_the_english_code_with_the_chinese_docstrings(project):
    write(project)
    assert registry.starter_text("toy", "en") == STARTER
    chinese = registry.starter_text("toy", "zh")
    assert chinese == (
        '"""把输入加倍：mlexam grade toy.py。"""\n\n\n'
        'def double(x):\n    """2 x，即输入的两倍。\n\n    （这一行在中文版中多出来）\n    """\n'
        '    raise NotImplementedError("double: return 2 x")\n'
    )
    with using("zh"):
        assert registry.starter_text("toy") == chinese  # the language in use by default


@pytest.mark.parametrize(
    "starter_zh, phrase",
    [
        (None, r"exercises/starters/zh/toy\.py is missing"),
        (STARTER_ZH.replace("MODULE", "MODULES"), "must define MODULE"),
        (STARTER_ZH.replace('"double"', '"triple"'), r"missing: double; extra: triple"),
        (STARTER_ZH.replace('MODULE = """', 'MODULE = f"""'), "must define MODULE"),
    ],
)
def test_a_starter_without_its_chinese_docstrings_is_refused(project, starter_zh, phrase):
    write(project, starter_zh=starter_zh)
    with pytest.raises(TaskContractError, match=phrase):
        registry.task("toy")


def test_every_real_task_keeps_the_contract():
    assert len(registry.tasks()) >= 10
    for name in registry.tasks():
        assert registry.task(name).FUNCTIONS
