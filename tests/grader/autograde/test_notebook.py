"""Reading a notebook for grading: code cells numbered as on screen, IPython syntax turned
into Python the way Jupyter turns it, line numbers kept per cell, and every file the grader
cannot read refused in one sentence naming it.

The expected translations are IPython's documented ones (`!cmd` -> get_ipython().system,
`x = !cmd` -> getoutput, `%magic` -> run_line_magic, `obj?` -> pinfo); the line numbers are
checked by running each translated cell with a stand-in get_ipython() and reading the
traceback, not by trusting the module's own bookkeeping."""

import json
import re
import subprocess
import sys
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.core.errors import UserError
from exercises.core.lang import using
from grader.autograde import notebook
from grader.autograde.notebook import Cell, notebook_cells

ROOT = Path(__file__).resolve().parents[3]
PATH = Path("/class/week3/alice_knn.ipynb")  # only its name may appear in a message


def code(source, **fields) -> dict:
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": [], "execution_count": None, **fields}


def markdown(source="# Notes\n") -> dict:
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def notebook_bytes(*cells, minor=5, **top) -> bytes:
    data = {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": minor, **top}
    return json.dumps(data).encode("utf-8")


def python_of(source: str) -> str:
    """The Python the grader makes of a notebook's only code cell."""
    (cell,) = notebook_cells(notebook_bytes(code(source)), PATH)
    return cell.source


class FakeIPython:
    """What the sandbox worker will provide: accepts every call the translation makes."""

    def __init__(self):
        self.calls = []

    def system(self, command):
        self.calls.append(("system", command))

    def getoutput(self, command):
        self.calls.append(("getoutput", command))
        return []

    def run_line_magic(self, name, line):
        self.calls.append(("run_line_magic", name, line))


def run_cell(python: str, **names):
    """Run a translated cell as the worker would; the line of the cell where it raised, or None."""
    shell = FakeIPython()
    namespace = {"get_ipython": lambda: shell, **names}
    try:
        exec(compile(python, "<cell>", "exec"), namespace)
    except Exception as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<cell>"]
        return frames[-1].lineno, shell, namespace
    return None, shell, namespace


# --- the bug users hit: continuation lines that begin with != or % ---------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "acc = np.mean(pred\n                != y_test)\n",
        "acc = np.mean(\n    pred\n    != y_test\n)\n",
        "rest = (a\n% b)\n",
        "rest = (a\n%b)\n",
        "rest = [a\n         % b][0]\n",
    ],
)
def test_a_continuation_line_beginning_with_an_operator_is_kept_exactly(source):
    python = python_of(source)
    assert python == source
    pred, y_test = np.array([1, 2, 3, 4]), np.array([1, 0, 3, 0])
    line, _, names = run_cell(python, np=np, pred=pred, y_test=y_test, a=17, b=5)
    assert line is None
    if "acc" in names:
        assert names["acc"] == 0.5  # two of four differ
    else:
        assert names["rest"] == 2  # 17 % 5


def test_the_issue_notebook_reads_as_its_py_twin():
    """Cells as users write them: a shell escape, a magic, then code whose continuation line
    begins with != ; the code is read unchanged, cell by cell."""
    evaluate = "def accuracy(pred, y_test):\n    return np.mean(pred\n                   != y_test)\n"
    cells = notebook_cells(
        notebook_bytes(
            markdown(),
            code(["!pip install numpy\n", "%matplotlib inline\n", "import numpy as np\n"]),
            code(evaluate.splitlines(keepends=True)),
        ),
        PATH,
    )
    assert [c.number for c in cells] == [2, 3]
    assert cells[1].source == evaluate
    namespace = {}
    for cell in cells:
        line, _, namespace = run_cell(cell.source, **namespace)
        assert line is None
    assert namespace["accuracy"](np.array([0, 1, 1]), np.array([0, 1, 0])) == pytest.approx(1 / 3)


# --- IPython syntax ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("x = !ls\n", "x = get_ipython().getoutput('ls')\n"),
        ("files = !ls -1 data\n", "files = get_ipython().getoutput('ls -1 data')\n"),
        ("!pip install numpy\n", "get_ipython().system('pip install numpy')\n"),
        ("obj?\n", "get_ipython().run_line_magic('pinfo', 'obj')\n"),
        ("obj??\n", "get_ipython().run_line_magic('pinfo2', 'obj')\n"),
        ("np.mean?\n", "get_ipython().run_line_magic('pinfo', 'np.mean')\n"),
        ("%matplotlib inline\n", "get_ipython().run_line_magic('matplotlib', 'inline')\n"),
        ("%load_ext autoreload\n", "get_ipython().run_line_magic('load_ext', 'autoreload')\n"),
        ("%time f(1)\n", "get_ipython().run_line_magic('time', 'f(1)')\n"),
        ("%pip install numpy\n", "get_ipython().run_line_magic('pip', 'install numpy')\n"),
        ("t = %timeit -o f(1)\n", "t = get_ipython().run_line_magic('timeit', '-o f(1)')\n"),
        ("def f():\n    !ls\n", "def f():\n    get_ipython().system('ls')\n"),
    ],
)
def test_ipython_syntax_becomes_calls_on_get_ipython(source, expected):
    python = python_of(source)
    assert python == expected
    compile(python, "<cell>", "exec")


@pytest.mark.parametrize(
    "source",
    [
        "display(df.head())\n",
        "from IPython.display import display\nimport matplotlib.pyplot as plt\n",
        "plt.plot(x, y)\nplt.show()\n",
        "s = '''\n!ls\n%time\nobj?\n'''\n",  # inside a string: text, not syntax
        "# 50% done! really?\nx = 1\n",
        "x = 1\n",
    ],
)
def test_ordinary_python_is_left_untouched(source):
    assert python_of(source) == source


def test_shell_escapes_and_magics_reach_get_ipython_in_order():
    line, shell, names = run_cell(python_of("!pip install numpy\n%matplotlib inline\nfiles = !ls\nobj?\n"), obj=1)
    assert line is None and names["files"] == []
    assert shell.calls == [
        ("system", "pip install numpy"),
        ("run_line_magic", "matplotlib", "inline"),
        ("getoutput", "ls"),
        ("run_line_magic", "pinfo", "obj"),
    ]


# --- cell magics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "%%bash\necho hello\nls\n",
        "%%html\n<b>bold</b>\n",
        "%%writefile helper.py\ndef f():\n    return 1\n",
        "%%script bash\nls\n",
        "%%javascript\nalert(1)\n",
        "\n\n%%bash\nls\n",
    ],
)
def test_a_cell_magic_that_runs_no_python_leaves_the_cell_empty(source):
    assert python_of(source) == ""


@pytest.mark.parametrize(
    "source, expected",
    [
        ("%%time\ndef knn(x):\n    return x\n", "\ndef knn(x):\n    return x\n"),
        ("%%time \nx = 1\n", "\nx = 1\n"),
        ("%%capture out\nx = 1\n", "\nx = 1\n"),
        ("%%capture --no-stderr\n!pip install numpy\n", "\nget_ipython().system('pip install numpy')\n"),
        ("%%timeit -n 1 -r 1\nfit(X)\n", "\nfit(X)\n"),
        ("%%timeit -n1 import math\ny = math.pi\n", "import math\ny = math.pi\n"),  # setup code on the magic's line
        ("%%capture\n%%time\nx = 1\n", "\n\nx = 1\n"),  # a magic inside a magic
        ("%%time\n    x = 1\n    y = 2\n", "\nx = 1\ny = 2\n"),  # the body, dedented as IPython does
        ("\n%%time\nx = 1\n", "\n\nx = 1\n"),
    ],
)
def test_time_timeit_and_capture_keep_their_body_as_the_cells_python(source, expected):
    python = python_of(source)
    assert python == expected
    compile(python, "<cell>", "exec")


def test_a_cell_magic_named_with_a_question_mark_asks_for_help_as_in_ipython():
    assert python_of("%%time?\n") == "get_ipython().run_line_magic('pinfo', '%%time')\n"


# --- line numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first_two_lines",
    [
        ["import math", "y = 1"],
        ["!pip install numpy", "%matplotlib inline"],
        ["files = !ls", "obj?"],
        ["obj??", "t = %timeit -o f()"],
        ["", ""],  # IPython drops leading blank lines; the cell's numbering keeps them
        ["   ", "# a comment"],
        ["!pip install numpy \\", "    scipy"],  # IPython joins a continued escape into one line
        ["%time y = f(1, \\", "           2)"],
        ["%%time", "y = 1"],
        ["%%capture out", "%time y = 1"],
        ["%%timeit -n1 import math", "y = math.pi"],
        ["%%capture", ""],
        ["def g():", "    %time f()"],
    ],
)
def test_a_raise_on_line_3_of_a_cell_is_reported_on_line_3(first_two_lines):
    source = "\n".join([*first_two_lines, "raise ValueError('line 3')", "z = 4"])
    python = python_of(source)
    assert python.count("\n") == source.count("\n") + 1
    line, _, _ = run_cell(python, obj=1, f=lambda *a: 0)
    assert line == 3


def test_a_cell_that_does_not_compile_keeps_its_line_numbers_for_the_syntax_error():
    python = python_of("!pip install numpy\n%matplotlib inline\ndef f(:\n    pass\n")
    with pytest.raises(SyntaxError) as error:
        compile(python, "<cell>", "exec")
    assert error.value.lineno == 3


def test_a_character_python_does_not_break_lines_at_stays_inside_its_line():
    """U+2028 or \\x1c in a string or a comment: a line break to str.splitlines (and to IPython's
    transformer), not to Python, which numbers the lines."""
    source = "s = 'a\u2028b'  # c\x1cd\n!ls\nraise ValueError('line 3')\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        python = python_of(source)
    assert python == "s = 'a\u2028b'  # c\x1cd\nget_ipython().system('ls')\nraise ValueError('line 3')\n"
    line, _, names = run_cell(python)
    assert line == 3 and names["s"] == "a\u2028b"


LINES_OF = {  # pieces of a cell: (lines, is it plain Python that must stay as written)
    "assignment": (["v = 1"], True),
    "comparison continued": (["acc = np.mean(pred", "    != y_test)"], True),
    "modulo continued": (["r = (a", "% b)"], True),
    "blank": ([""], True),
    "comment": (["# 100% sure!"], True),
    "magic-looking string": (["s = '''", "!ls", "%time", "'''"], True),
    "shell": (["!ls -l"], False),
    "shell assign": (["files = !ls"], False),
    "magic": (["%matplotlib inline"], False),
    "help": (["np.mean?"], False),
    "timed": (["%time f(1)"], False),
    "continued shell": (["!pip install a \\", "    b"], False),
    "magic assign": (["t = %timeit -o f()"], False),
}


@settings(deadline=None)  # the first example imports nbformat and IPython (0.3 s on a loaded machine)
@given(st.lists(st.sampled_from(sorted(LINES_OF)), min_size=1, max_size=12))
def test_every_plain_line_keeps_its_text_and_its_place(pieces):
    lines, plain = [], []
    for piece in pieces:
        piece_lines, is_plain = LINES_OF[piece]
        lines += piece_lines
        plain += [is_plain] * len(piece_lines)
    python = python_of("\n".join(lines) + "\n")
    translated = python.split("\n")
    assert len(translated) == len(lines) + 1 and translated[-1] == ""
    for number, (line, is_plain) in enumerate(zip(lines, plain), 1):
        if is_plain:
            assert translated[number - 1] == line, (number, python)
    compile(python, "<cell>", "exec")


CELL_TEXT = st.text(alphabet="ab1 =!%?,;/()[]:#'\"\\\n\t", max_size=40)


@settings(deadline=None)  # as above: the first example imports IPython
@given(CELL_TEXT)
def test_a_cell_reads_as_ipython_translates_it_wherever_ipython_keeps_the_lines(source):
    """IPython itself is the oracle: wherever its translation keeps the cell's lines (no leading
    blank line, no continued escape, no cell magic), the grader's Python is IPython's, character
    for character; and whatever the cell, the grader keeps its line count."""
    from IPython.core.inputtransformer2 import TransformerManager

    python = python_of(source)
    if source.lstrip().startswith("%%"):  # a cell magic: see the tests above
        return
    try:
        expected = TransformerManager().transform_cell(source)
    except Exception:  # IPython gives up: the cell as written (Jupyter fails it)
        expected = source
    if expected.count("\n") == (source if source.endswith("\n") else source + "\n").count("\n"):
        assert python == expected
    assert python.count("\n") in (source.count("\n"), source.count("\n") + 1)


# --- numbering and reading ------------------------------------------------------------------------


def test_cells_are_numbered_among_all_cells_markdown_and_raw_included():
    data = notebook_bytes(
        markdown(),
        code("a = 1\n"),
        {"cell_type": "raw", "source": "raw text", "metadata": {}},
        markdown(),
        markdown(),
        code("b = 2\n"),
    )
    assert notebook_cells(data, PATH) == [Cell(2, "a = 1\n"), Cell(6, "b = 2\n")]


def test_a_notebook_without_code_cells_has_no_cells():
    assert notebook_cells(notebook_bytes(markdown()), PATH) == []
    assert notebook_cells(notebook_bytes(), PATH) == []


VARIANTS = {
    "source as a list of lines": code(["x = 1\n", "!ls\n", "y = 2"]),
    "source as one string": code("x = 1\n!ls\ny = 2"),
    "no outputs": {k: v for k, v in code("x = 1\n!ls\ny = 2").items() if k != "outputs"},
    "no execution_count": {k: v for k, v in code("x = 1\n!ls\ny = 2").items() if k != "execution_count"},
    "extra keys and metadata": code("x = 1\n!ls\ny = 2", id="a1b2", metadata={"tags": ["x"], "collapsed": True}, foo=1),
    "outputs from a run": code(
        "x = 1\n!ls\ny = 2",
        execution_count=3,
        outputs=[{"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]}],
    ),
    "CRLF line ends": code("x = 1\r\n!ls\r\ny = 2"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("minor", [0, 4, 5])
def test_notebooks_jupyter_opens_are_read_whatever_their_minor_variant(variant, minor, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no nbformat warning (a cell without an id) reaches the user
        cells = notebook_cells(notebook_bytes(markdown(), VARIANTS[variant], minor=minor), PATH)
    assert cells == [Cell(2, "x = 1\nget_ipython().system('ls')\ny = 2\n")]
    assert capsys.readouterr().err == ""


def test_a_byte_order_mark_is_tolerated():
    assert notebook_cells(b"\xef\xbb\xbf" + notebook_bytes(code("x = 1\n")), PATH) == [Cell(1, "x = 1\n")]


# --- files the grader cannot read -----------------------------------------------------------------

OLD_FORMAT_3 = {
    "nbformat": 3,
    "nbformat_minor": 0,
    "metadata": {"name": ""},
    "worksheets": [{"cells": [{"cell_type": "code", "input": "x = 1", "language": "python", "outputs": []}]}],
}
V4 = {"metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def v4(**fields) -> bytes:
    """A format-4 notebook's bytes with `fields` set (or replaced)."""
    return json.dumps({**V4, **fields}).encode()


def refused_with(data: bytes) -> str:
    with pytest.raises(UserError) as error:
        notebook_cells(data, PATH)
    message = str(error.value)
    assert message.startswith("alice_knn.ipynb is not a readable Jupyter notebook: "), message
    assert message.endswith(".") and "\n" not in message and len(message) < 300, message
    assert "/class/week3" not in message and "Traceback" not in message
    return message


UNREADABLE = [
    (b'{"cells": "oops"}', "it has no 'nbformat' field"),
    (v4(cells="oops"), "its 'cells' is 'oops', not a list"),
    (v4(), "it has no 'cells' list"),
    (b"not json at all", "it is not JSON (Expecting value at line 1, column 1)"),
    (b"", "it is not JSON"),
    (b'{"cells": [', "it is not JSON"),
    (b"\xff\xfe{\x00}\x00", "it is not UTF-8 text (byte 0 cannot be decoded)"),
    (json.dumps({**V4, "cells": []}).encode("utf-16"), "it is not UTF-8 text"),
    ('{"cells": [], "nbformat": 4, "note": "caf\xe9"}'.encode("latin-1"), "it is not UTF-8 text"),
    (json.dumps(OLD_FORMAT_3).encode(), "the old notebook format 3; open it in Jupyter and save it"),
    (v4(nbformat=3, cells=[code("x = 1")]), "the old notebook format 3"),
    (v4(nbformat=5, cells=[]), "notebook format 5, and the grader reads format 4"),
    (v4(nbformat="4", cells=[]), "its 'nbformat' field is '4', not a format version"),
    (v4(nbformat=True, cells=[]), "its 'nbformat' field is true"),
    (v4(nbformat=[4], cells=[]), "its 'nbformat' field is a list"),
    (b"[1, 2]", "it holds a list where a notebook holds a JSON object"),
    (b"null", "it holds null"),
    (v4(cells=[3]), "cell 1 is the number 3, not a JSON object"),
    (v4(cells=[markdown(), "x = 1"]), "cell 2 is 'x = 1', not a JSON object"),
    (v4(cells=[{**code("x"), "cell_type": "python"}]), "cell 1 has the cell_type 'python'"),
    (v4(cells=[{"source": "x = 1"}]), "cell 1 has no cell_type"),
    (v4(cells=[code(3)]), "the source of cell 1 holds the number 3, not text"),
    (v4(cells=[code(["x = 1\n", 3])]), "the source of cell 1 holds the number 3"),
    (v4(cells=[code({"a": 1})]), "the source of cell 1 holds an object"),
    (v4(cells=[{"cell_type": "code", "metadata": {}}]), "code cell 1 has no 'source'"),
    (v4(cells=[{"cell_type": "code", "source": "x"}]), "nbformat cannot read it"),
    (json.dumps({"nbformat": 4, "cells": [code("x")]}).encode(), "nbformat cannot read it"),  # no metadata
    (v4(cells=[markdown(["a", 3])]), "nbformat cannot read it"),
    (v4(cells=[code("x", outputs="oops")]), "nbformat cannot read it"),
    (b"[" * 100_000, "its JSON is nested too deeply"),
    (b'{"nbformat": 4, "metadata": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001, "nested too deeply"),
]


@pytest.mark.parametrize("data, reason", UNREADABLE)
def test_a_file_the_grader_cannot_read_is_refused_in_one_sentence_naming_it(data, reason):
    assert reason in refused_with(data)


@pytest.mark.parametrize("data", [data for data, _ in UNREADABLE])
def test_the_sentence_is_in_chinese_too(data):
    with pytest.raises(UserError) as error:
        notebook_cells(data, PATH)
    with using("zh"):
        message = str(error.value)
    assert message.startswith("alice_knn.ipynb 不是评分程序能读取的 Jupyter notebook：") and message.endswith("。")
    reason = message.split("：", 1)[1]
    assert re.search(r"[\u4e00-\u9fff]", reason), reason
    assert not re.search(r"\b(it|is|not|has|the|its|cell|holds)\b", reason.split("（")[0]), reason


def test_a_notebook_over_the_size_limit_is_refused_unread():
    assert refused_with(b" " * (notebook.MAX_BYTES + 1)).endswith("more than the 20 MB the grader reads.")
    assert refused_with(b"{" * 25_000_000).endswith("it is 25 MB, more than the 20 MB the grader reads.")


def test_a_notebook_of_too_many_cells_is_refused():
    assert notebook_cells(v4(cells=[markdown()] * notebook.MAX_CELLS), PATH) == []
    message = refused_with(v4(cells=[{}] * 300_000))  # 1.2 MB of cells
    assert message.endswith("it has 300,000 cells, more than the 10,000 the grader reads.")


def test_a_hostile_long_field_is_not_quoted_whole():
    message = refused_with(v4(nbformat="4" * 1_000_000, cells=[]))
    assert "'4444" in message and "..." in message


# --- bounded work ---------------------------------------------------------------------------------


def test_a_cell_ipython_gives_up_on_is_kept_as_written_and_the_others_are_read(monkeypatch):
    """IPython stops rewriting a cell after a fixed number of passes (500; 3 here), and in Jupyter
    that cell fails; the worker will report the syntax error of the cell as written, and run the next."""
    from IPython.core import inputtransformer2

    monkeypatch.setattr(inputtransformer2, "TRANSFORM_LOOP_LIMIT", 3)
    with pytest.raises(RuntimeError):
        inputtransformer2.TransformerManager().transform_cell("!a\n!b\n!c\n")
    cells = notebook_cells(notebook_bytes(code("!a\n!b\n!c\n"), code("!a\n!b\n")), PATH)
    assert cells == [
        Cell(1, "!a\n!b\n!c\n"),
        Cell(2, "get_ipython().system('a')\nget_ipython().system('b')\n"),
    ]


def test_once_the_translation_budget_is_spent_cells_are_kept_as_written(monkeypatch):
    data = notebook_bytes(code("x = 1\n"), code("!ls\n"))
    assert [c.source for c in notebook_cells(data, PATH)] == ["x = 1\n", "get_ipython().system('ls')\n"]
    monkeypatch.setattr(notebook, "TRANSLATION_BUDGET", 0)
    assert [c.source for c in notebook_cells(data, PATH)] == ["x = 1\n", "!ls\n"]


def test_nbformat_and_ipython_are_imported_only_when_a_notebook_is_read():
    probe = (
        "import sys, mlexam, grader.autograde.notebook, grader.autograde.grade\n"
        "print(sorted(m for m in ('nbformat', 'IPython') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
