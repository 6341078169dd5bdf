"""What the sandbox says about a learner's code reaches the learner in English and in Chinese:
the worker speaks English only (it imports nothing of the project), and every sentence it or
sandbox.py makes becomes, in the grader's process, a Text whose English is the sentence as said
and whose Chinese says the same with the same values."""

import re
import signal
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grader.autograde import sandbox
from grader.autograde.messages import cell_note, printed, sandbox_message
from grader.autograde.sandbox import Call, Limits, run

CJK = re.compile(r"[\u4e00-\u9fff]")
# English words of the sandbox's own sentences, which a Chinese sentence must not keep
ENGLISH = re.compile(
    r"\b(imports|which|allow|called|used|more|than|returned|numeric|plain|took|longer|process|while)\b"
)

FAILING = textwrap.dedent(
    """
    import sys
    import numpy as np

    not_a_function = 3

    class Thing:
        pass

    def raises(x):
        raise ValueError("no " + str(x))

    def refused():
        import sklearn

    def exits():
        sys.exit(4)

    def none():
        pass

    def thing():
        return Thing()

    def words():
        return ["a", "b"], 1.0

    def strings():
        return np.array(["a"])

    def in_tuple():
        return 1.0, "x"

    def modifies(a):
        a += 1
        return a

    def loops():
        while True:
            pass
    """
)


def said_in_both(message: str) -> str:
    """The Chinese of one of the sandbox's sentences, checked: the English is the sentence as
    the sandbox said it, the Chinese is another sentence, in Chinese."""
    text = sandbox_message(message)
    assert text.show("en") == message
    chinese = text.show("zh")
    assert chinese != message and CJK.search(chinese), (message, chinese)
    assert not ENGLISH.search(chinese), (message, chinese)
    return chinese


def test_every_failure_of_a_call_is_said_in_chinese():
    import numpy as np

    calls = [
        Call("raises", [2]),
        Call("refused", []),
        Call("missing", []),
        Call("not_a_function", []),
        Call("none", []),
        Call("thing", []),
        Call("words", []),
        Call("strings", []),
        Call("in_tuple", []),
        Call("modifies", [np.zeros(2)], ("a",)),
        Call("exits", []),
        Call("loops", []),
        Call("loops", []),
    ]
    outcomes = run(FAILING, calls, Limits(wall_seconds=1.0))
    statuses = [o.status for o in outcomes]
    assert statuses == [
        "exception",
        "refused_import",
        "missing_function",
        "missing_function",
        "bad_output",
        "bad_output",
        "bad_output",
        "bad_output",
        "bad_output",
        "modified_input",
        "exited",
        "timeout",
        "timeout",
    ], [(o.status, o.message) for o in outcomes]
    chinese = [said_in_both(o.message) for o in outcomes]
    assert chinese[0].startswith("ValueError: no 2（第 ") and chinese[0].endswith(" 行）")
    assert chinese[1] == "导入了本题不允许使用的模块 sklearn"
    assert chinese[2] == "代码中没有定义函数 missing()"
    assert chinese[3] == "not_a_function 是 int 类型的对象，不是函数"
    assert "是否漏写了 return" in chinese[4] and "Thing 类型的对象" in chinese[5]
    assert "np.array(...)" in chinese[6] and "dtype 为 <U1 的数组" in chinese[7]
    assert chinese[8].startswith("返回的元组中第 1 项")
    assert chinese[9].startswith("原地修改了 a；modifies() 不得修改传入的参数")
    assert chinese[10] == "调用了 sys.exit(4)"
    assert chinese[11] == "运行时间超过 1 秒（超时）" and chinese[12] == "该函数在之前的测试用例中已超时"


@pytest.mark.parametrize(
    "source, status, chinese",
    [
        ("import sklearn\n", "refused_import", "导入了本题不允许使用的模块 sklearn"),
        ("import sys\nsys.exit(3)\n", "exited", "调用了 sys.exit(3)（加载代码时）"),
        ("x = 1 / 0\n", "load_error", "ZeroDivisionError: division by zero（第 1 行）"),
    ],
)
def test_a_failure_while_loading_is_said_in_chinese(source, status, chinese):
    (outcome,) = run(source, [Call("f", [])])
    assert outcome.status == status, outcome
    assert sandbox_message(outcome.message).show("zh") == chinese
    assert sandbox_message(outcome.message).show("en") == outcome.message


def test_the_sandboxs_own_sentences_are_said_in_chinese():
    limits = Limits()
    sentences = [
        sandbox._exit_outcome({"signal": int(signal.SIGSEGV)}, limits)[1],
        sandbox._exit_outcome({"signal": int(signal.SIGXCPU)}, limits)[1],
        sandbox._exit_outcome({"signal": int(signal.SIGXFSZ)}, limits)[1],
        sandbox._exit_outcome({"code": 3}, limits)[1],
        sandbox._exit_outcome({"code": 3}, limits)[1] + " while loading the module",
        "the submission used up its 60 s before this case",
        "loading the module took longer than 0.5 s",
        "the process ended unexpectedly",
        "the module's process ended unexpectedly while loading the module",
        "the process sent an unreadable reply",
        "used more than 1024 MB",
        "used more than 1024 MB while loading the module",
        "ran out of memory returning the result",
        "returned data that is not a plain number or array (dtype)",
        "returned a tuple of 70 items; at most 64 are read",
        "returned more than 16 MB",
        "returned an array of 20 MB; more than 16 MB",
        "returned an int with more than 4000 digits",
        "returned a Liar (a subclass of numpy.ndarray); expected a plain numpy array (np.asarray(...))",
        "SyntaxError at line 3: expected ':'",
        "the file cannot be compiled: source code string cannot contain null bytes",
        "the result could not be read: ValueError",
        "the sandbox could not be set up: no libseccomp here",
        "the zygote did not start a worker (fork failed)",
        "learner code can only be run on Linux or macOS",
    ]
    chinese = [said_in_both(sentence) for sentence in sentences]
    assert chinese[0] == "进程崩溃：Segmentation fault（SIGSEGV）"
    assert chinese[1] == "单次调用占用的 CPU 时间超过 5 秒（或总计超过 30 秒）（超时）"
    assert chinese[4] == "进程以退出码 3 结束（调用了 os._exit 或类似函数）（加载代码时）"


def test_a_notebooks_failed_cells_are_noted_in_chinese():
    notes = {
        "cell 7, line 2: NameError: name 'x' is not defined": "单元格 7 第 2 行：NameError: name 'x' is not defined",
        "cell 4: imports sklearn, which this task does not allow": "单元格 4：导入了本题不允许使用的模块 sklearn",
        "cell 5: called sys.exit(0) while loading the module": "单元格 5：调用了 sys.exit(0)（加载代码时）",
        "and 3 more cells failed": "另有 3 个单元格出错",
    }
    for note, chinese in notes.items():
        assert cell_note(note).show("en") == note and cell_note(note).show("zh") == chinese


def test_the_sandboxs_note_on_cut_output_is_said_in_chinese():
    output = "x" * 10 + "\n[output cut: more than 64 KB printed]"
    assert printed(output).show("en") == output
    assert printed(output).show("zh") == "x" * 10 + "\n[输出已截断：打印的内容超过 64 KB]"
    assert printed("{a} [output cut]").show("zh") == "{a} [output cut]"  # what the learner printed, as printed


@given(st.text())
def test_whatever_the_worker_sends_is_shown_as_sent_in_english(message):
    """A forged reply is data: it fills fields, never a template, in either language."""
    text = sandbox_message(message)
    assert text.show("en") == message
    text.show("zh")
    note = cell_note(message)
    assert note.show("en") == message
    note.show("zh")


@pytest.mark.parametrize("mode", ["root_ns", "user_ns", "seccomp", "plain"])
def test_the_isolation_is_said_in_chinese(mode):
    text = sandbox._description(mode, "not root, so no seccomp level; unshare: Operation not permitted")
    assert text.show("en") == sandbox._describe(mode, "not root, so no seccomp level; unshare: Operation not permitted")
    chinese = text.show("zh")
    assert CJK.search(chinese) and "separate process" not in chinese
    if mode in ("seccomp", "plain"):
        assert "不是 root 用户，因此没有 seccomp 级别；unshare: Operation not permitted" in chinese
