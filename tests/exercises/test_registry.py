"""The family contract the registry enforces, on toy families in a temporary package (the
real exercises/ folder is never written to): what is a topic, what a family must define,
and the one redraw loop."""

import json
import sys
import uuid
from fractions import Fraction

import pytest

from exercises.core import params, registry
from exercises.core.dice import Dice
from exercises.core.errors import FamilyError, Redraw, UnknownTopic
from exercises.core.lang import Text

# A complete toy family, one block per name of the contract (dropped one at a time below).
PARTS = {
    "head": '''
"""Toy family: y = 2x."""
from dataclasses import dataclass

import sympy as sp

from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T
from exercises.core.model import EXACT, Answer, Mistake, Question, Solution

DRAWS = []          # every x drawn, in order
REJECT = 0          # generate rejects this many draws first
DEGENERATE = ()     # solve raises ParamError for these x
SAME = False        # the mistake gives the right answer
''',
    "TITLE": 'TITLE = "Toy doubling"\n',
    "DESCRIPTION": 'DESCRIPTION = "Doubles a number."\n',
    "TITLE_ZH": 'TITLE_ZH = "玩具：加倍"\n',
    "DESCRIPTION_ZH": 'DESCRIPTION_ZH = "把一个数加倍。"\n',
    "PARAMETERS": 'PARAMETERS = {"x": "an integer"}\n',
    "Params": """
@dataclass(frozen=True)
class Params:
    x: int

    @classmethod
    def from_json(cls, raw):
        return cls(int(raw["x"]))

    def to_json(self):
        return {"x": self.x}
""",
    "generate": """
def generate(dice, difficulty):
    x = dice.integer(1, 10**6)
    DRAWS.append(x)
    if len(DRAWS) <= REJECT:
        raise Redraw("not yet")
    return Params(x)
""",
    "solve": """
def solve(params):
    if params.x in DEGENERATE:
        raise ParamError("parameter 'x' is degenerate.")
    return Solution(Question.of("Double x."), (), (Answer("y", "y = 2x", sp.Integer(2 * params.x), EXACT),))
""",
    "mistakes": """
def mistakes(params, solution):
    return [Mistake("forgot_to_double", "y is 2x", {"y": 2 * params.x if SAME else params.x})]
""",
    "MISTAKE_NAMES": """
MISTAKE_NAMES = {"forgot_to_double": T("x not doubled", "x 没有加倍")}
""",
}


def toy_source(without: str = "") -> str:
    return "\n".join(code for name, code in PARTS.items() if name != without)


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A fresh, empty family package on sys.path; the registry looks only there."""
    name = f"toyfamilies_{uuid.uuid4().hex[:8]}"
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text('"""Toy families."""\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "PACKAGE", name)
    monkeypatch.setattr(registry, "PACKAGE_DIR", folder)
    yield folder
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


def write(folder, topic: str, source: str):
    (folder / f"{topic}.py").write_text(source, encoding="utf-8")


def load(folder, topic: str = "toy", **settings):
    """The toy family, imported, with its module settings (REJECT, ...) changed."""
    write(folder, topic, toy_source())
    module = registry.family(topic)
    for key, value in settings.items():
        setattr(module, key, value)
    return module


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message and "\n" not in message


def test_a_complete_toy_family_is_a_topic(package):
    load(package)
    assert registry.topics() == ["toy"]
    title, description = Text("Toy doubling", "玩具：加倍"), Text("Doubles a number.", "把一个数加倍。")
    assert registry.describe() == [{"id": "toy", "title": title, "description": description, "coding_task": None}]
    problem = registry.generate("toy", "medium", 3)
    assert problem.id == "toy#3" and problem.answer("y").value == 2 * problem.params.x


@pytest.mark.parametrize("name", registry.REQUIRED)
def test_a_module_missing_a_required_name_is_refused_naming_the_file(package, name):
    write(package, "toy", toy_source(without=name))
    with pytest.raises(FamilyError) as error:
        registry.family("toy")
    message = str(error.value)
    assert f"{package.name}/toy.py" in message and f" {name}" in message, message
    assert one_sentence(message), message


def test_params_without_from_json_is_refused(package):
    write(package, "toy", toy_source().replace("def from_json", "def read_json"))
    with pytest.raises(FamilyError, match=r"toy\.py .*Params\.from_json"):
        registry.family("toy")


@pytest.mark.parametrize("name", ["TITLE", "DESCRIPTION", "TITLE_ZH", "DESCRIPTION_ZH"])
def test_topics_listing_refuses_a_file_without_its_title_or_description(package, name):
    write(package, "toy", toy_source(without=name))
    with pytest.raises(FamilyError) as error:
        registry.describe()
    message = str(error.value)
    assert f"{package.name}/toy.py" in message and name in message, message
    assert one_sentence(message), message


def test_topics_listing_reads_a_description_the_formatter_wrapped(package):
    long = "A description long enough that the formatter puts it on a line of its own, in parentheses."
    write(
        package, "toy", toy_source().replace('DESCRIPTION = "Doubles a number."', f'DESCRIPTION = (\n    "{long}"\n)')
    )
    assert registry.describe()[0]["description"].en == long == registry.family("toy").DESCRIPTION


def test_topics_listing_reads_the_source_without_importing_it(package):
    write(package, "toy", toy_source() + '\nraise RuntimeError("imported")\n')
    assert registry.describe()[0]["title"].en == "Toy doubling"
    with pytest.raises(RuntimeError, match="imported"):
        registry.family("toy")


def test_a_module_whose_name_starts_with_an_underscore_is_not_a_topic(package):
    write(package, "_helper", "HELPER = 1\n")  # no contract at all: it is no family
    load(package)
    assert registry.topics() == ["toy"]
    assert [row["id"] for row in registry.describe()] == ["toy"]
    with pytest.raises(UnknownTopic):
        registry.family("_helper")


def test_a_module_whose_name_cannot_be_a_topic_id_is_refused(package):
    load(package)
    write(package, "MyTopic", toy_source())
    with pytest.raises(FamilyError) as error:
        registry.topics()
    message = str(error.value)
    assert f"{package.name}/MyTopic.py" in message and one_sentence(message), message


def test_an_import_error_is_never_swallowed(package):
    write(package, "broken", toy_source() + "\nimport no_such_module_for_mlexam_tests\n")
    with pytest.raises(ModuleNotFoundError, match="no_such_module_for_mlexam_tests"):
        registry.family("broken")


def draws(topic: str, difficulty: str, seed: int, count: int) -> list[int]:
    """The first `count` values the toy's generate draws from the problem's Dice."""
    dice = Dice(topic, difficulty, seed)
    return [dice.integer(1, 10**6) for _ in range(count)]


def test_rejected_draws_are_drawn_again_from_the_same_dice(package):
    toy = load(package, REJECT=3)
    problem = registry.generate("toy", "hard", 11)
    expected = draws("toy", "hard", 11, 4)
    assert toy.DRAWS == expected  # one Dice, going on after each rejection
    assert problem.params.x == expected[-1]
    toy.DRAWS.clear()
    toy.REJECT = 0
    assert registry.generate("toy", "hard", 11).params.x == expected[0]


def test_degenerate_draws_and_indistinct_mistakes_are_drawn_again(package):
    first, second, third = draws("toy", "easy", 2, 3)
    toy = load(package, DEGENERATE=(first,))
    assert registry.generate("toy", "easy", 2).params.x == second
    toy.DRAWS.clear()
    toy.DEGENERATE = (first, second)
    assert registry.generate("toy", "easy", 2).params.x == third


@pytest.mark.parametrize(
    "setting, reason",
    [
        ({"REJECT": 10**9}, "not yet"),
        ({"DEGENERATE": range(10**6 + 1)}, "parameter 'x' is degenerate"),
        ({"SAME": True}, "mistake forgot_to_double gives the right answers"),
    ],
)
def test_a_family_that_never_gives_a_valid_draw_ends_in_a_clear_error(package, monkeypatch, setting, reason):
    monkeypatch.setattr(registry, "MAX_TRIES", 25)
    toy = load(package, **setting)
    with pytest.raises(FamilyError) as error:
        registry.generate("toy", "hard", 4)
    message = str(error.value)
    assert len(toy.DRAWS) == 25
    assert f"{package.name}/toy.py" in message and "toy:hard#4" in message and "25 draws" in message, message
    assert reason in message and one_sentence(message), message


def test_redraw_is_no_user_error():
    """A Redraw that escapes the registry is a bug in a family, not one sentence for the user."""
    from exercises.core.errors import UserError

    assert not issubclass(Redraw, UserError)


def test_every_real_family_keeps_the_contract():
    for topic in registry.topics():
        module = registry.family(topic)
        assert all(hasattr(module, name) for name in registry.REQUIRED), topic


@pytest.mark.parametrize(
    ("value", "written"),
    [(Fraction(1, 4), 0.25), (Fraction(-3), -3), (Fraction(1, 3), "1/3"), (Fraction(-2, 7), "-2/7")],
)
def test_parameters_written_as_json_read_back_exactly(value, written):
    """A fraction no float keeps (1/3) is written "1/3": kl_divergence's P = (1/3, 2/3) must
    still add up to 1 when its JSON is read back."""
    assert params.to_json(value) == written
    assert params.number("p", json.loads(json.dumps(written), parse_float=Fraction), "a number") == value
