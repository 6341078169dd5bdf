"""What the sandbox says about a learner's code, in both languages.

The sandbox's worker (sandbox_worker.py) imports nothing of this project, so it reports
in English sentences of a fixed form ("imports sklearn, which this task does not allow",
"took longer than 4 s", "ValueError: bad k (line 12)"); sandbox.py adds its own (timeouts,
crashes). Here, in the grader's process, each sentence becomes a Text: its English is the
sentence exactly as the sandbox said it, its Chinese the same sentence with the same values.
What the learner's code or Python itself wrote (an exception's text, a type's name) is a
value and stays as it was. A sentence of no known form stays as it is in both languages.

Whatever the worker sent is data here: it fills fields, it is never a template.
"""

from __future__ import annotations

import re

from exercises.core.lang import T, Text, same

_DURING = " while loading the module"
_PLAIN = "a numeric numpy array or a number"

# (the sandbox's sentence, its Chinese); the named groups are the Chinese template's fields.
_SENTENCES = [
    (r"imports (?P<module>\S+), which this task does not allow", "导入了本题不允许使用的模块 {module}"),
    (r"called sys\.exit\((?P<code>.*)\)", "调用了 sys.exit({code})"),
    (r"used more than (?P<mb>\d+) MB", "占用内存超过 {mb} MB"),
    (r"ran out of memory returning the result", "返回结果时内存不足"),
    (r"the result could not be read: (?P<error>.*)", "无法读取返回的结果：{error}"),
    (r"the module defines no function (?P<name>\S+)\(\)", "代码中没有定义函数 {name}()"),
    (r"(?P<name>\S+) is an? (?P<type>.+), not a function", "{name} 是 {type} 类型的对象，不是函数"),
    (
        r"changed (?P<names>.+) in place; (?P<function>\S+)\(\) must leave its inputs unchanged "
        r"\(work on a copy, e\.g\. (?P<x>\S+) = (?P=x) - \.\.\. instead of (?P=x) -= \.\.\.\)",
        "原地修改了 {names}；{function}() 不得修改传入的参数（请在副本上计算，例如写 {x} = {x} - ...，"
        "而不是 {x} -= ...）",
    ),
    (r"(?P<error>\w+) at line (?P<line>\w+): (?P<message>.*)", "{error}（第 {line} 行）：{message}"),
    (r"the file cannot be compiled: (?P<error>.*)", "文件无法编译：{error}"),
    (r"returned a tuple of (?P<n>\d+) items; at most 64 are read", "返回了含 {n} 个元素的元组，最多只读取 64 个"),
    (r"returned more than (?P<mb>\d+) MB", "返回的数据超过 {mb} MB"),
    (
        r"returned data that is not a plain number or array \((?P<error>.*)\)",
        "返回的数据不是普通的数或数组（{error}）",
    ),
    (
        r"the submission used up its (?P<seconds>\S+) s before this case",
        "运行到此测试用例之前，本次提交已用完全部 {seconds} 秒",
    ),
    (r"timed out on an earlier case", "该函数在之前的测试用例中已超时"),
    (r"loading the module took longer than (?P<seconds>\S+) s", "加载代码用时超过 {seconds} 秒（超时）"),
    (r"took longer than (?P<seconds>\S+) s", "运行时间超过 {seconds} 秒（超时）"),
    (r"the process ended unexpectedly", "进程意外结束"),
    (r"the module's process ended unexpectedly", "运行代码的进程意外结束"),
    (r"the process sent an unreadable reply", "进程发回了无法读取的应答"),
    (
        r"used more than (?P<call>\d+) s of CPU time in one call \(or (?P<all>\d+) s in all\)",
        "单次调用占用的 CPU 时间超过 {call} 秒（或总计超过 {all} 秒）（超时）",
    ),
    (r"wrote a file larger than (?P<mb>\d+) MB", "写入的文件超过 {mb} MB"),
    (r"the process crashed: (?P<what>.*) \((?P<signal>[^()]*)\)", "进程崩溃：{what}（{signal}）"),
    (
        r"the process ended with exit code (?P<code>\S+) \(os\._exit or similar\)",
        "进程以退出码 {code} 结束（调用了 os._exit 或类似函数）",
    ),
    # the machine's failure (SandboxError): the submission is not graded
    (r"the sandbox could not be set up: (?P<error>.*)", "无法建立沙箱：{error}"),
    (
        r"the sandbox worker did not start \((?P<why>[^()]*)\): (?P<output>.*)",
        "沙箱的工作进程没有启动（{why}）：{output}",
    ),
    (r"the zygote did not start a worker \((?P<error>.*)\)", "zygote 进程没有启动工作进程（{error}）"),
    (r"learner code can only be run on Linux or macOS", "学生代码只能在 Linux 或 macOS 上运行"),
]
# What a function returned that is not plain numbers: "returned <this>" in the sandbox's words
# (the Chinese of one starting with a Latin letter starts with a space: "返回了 None；...").
_RETURNED = [
    (
        r"an array of dtype (?P<dtype>\S+); expected numbers \(bool, int or float\)",
        " dtype 为 {dtype} 的数组；应为数值（bool、int 或 float）",
    ),
    (r"an array of (?P<size>\d+) MB; more than (?P<mb>\d+) MB", " {size} MB 的数组，超过了 {mb} MB"),
    (r"an int with more than 4000 digits", "超过 4000 位的整数"),
    (
        r"an? (?P<type>.+) \(a subclass of numpy\.ndarray\); expected a plain numpy array \(np\.asarray\(\.\.\.\)\)",
        " {type} 类型的对象（numpy.ndarray 的子类）；应为普通的 numpy 数组（可用 np.asarray(...) 转换）",
    ),
    (
        rf"None; expected {_PLAIN} \(is a return statement missing\?\)",
        " None；应为数值型 numpy 数组或一个数（是否漏写了 return？）",
    ),
    (
        rf"an? (?P<type>\S+); expected {_PLAIN} \(np\.array\(\.\.\.\) makes one\)",
        " {type}；应为数值型 numpy 数组或一个数（可用 np.array(...) 转换）",
    ),
    (rf"an? (?P<type>.+); expected {_PLAIN}", " {type} 类型的对象；应为数值型 numpy 数组或一个数"),
]
_SENTENCES = [(re.compile(pattern, re.DOTALL), zh) for pattern, zh in _SENTENCES]
_RETURNED = [(re.compile(pattern, re.DOTALL), zh) for pattern, zh in _RETURNED]
_TUPLE_ITEM = re.compile(r"returned a tuple whose item (?P<item>\d+) is (?P<what>.+)", re.DOTALL)
_RETURNED_ONE = re.compile(r"returned (?P<what>.+)", re.DOTALL)
# an exception, as the worker describes it: "ValueError: bad k (line 12)", "... (cell 3, line 4)"
_RAISED_AT = re.compile(r"(?P<error>.+) \((?:cell (?P<cell>\d+), )?line (?P<line>\d+)\)", re.DOTALL)
_CELL_LINE = re.compile(r"cell (?P<cell>\d+), line (?P<line>\w+): (?P<error>.*)", re.DOTALL)
_CELL = re.compile(r"cell (?P<cell>\d+): (?P<message>.*)", re.DOTALL)
_MORE_CELLS = re.compile(r"and (?P<n>\d+) more cells failed")
_OUTPUT_CUT = re.compile(r"\n\[output cut: more than (?P<kb>\d+) KB printed\]\Z")


def _said(sentence: str, zh: str, values: dict) -> Text:
    """The sentence as the sandbox said it, and its Chinese filled with `values`."""
    return T(same(sentence).en, zh, **values)


def _returned(what: str) -> Text | None:
    for pattern, zh in _RETURNED:
        match = pattern.fullmatch(what)
        if match:
            return _said(what, zh, match.groupdict())
    return None


def sandbox_message(message: str) -> Text:
    """One of the sandbox's sentences about a call or the loading of the code, as a Text."""
    if message.endswith(_DURING) and not message.startswith("loading the module"):
        inner = sandbox_message(message[: -len(_DURING)])
        return T("{inner}" + same(_DURING).en, "{inner}（加载代码时）", inner=inner)
    for pattern, zh in _SENTENCES:
        match = pattern.fullmatch(message)
        if match:
            return _said(message, zh, match.groupdict())
    match = _TUPLE_ITEM.fullmatch(message)
    if match and (what := _returned(match["what"])):
        return _said(message, "返回的元组中第 {item} 项（从 0 数起）是{what}", {"item": match["item"], "what": what})
    match = _RETURNED_ONE.fullmatch(message)
    if match and (what := _returned(match["what"])):
        return _said(message, "返回了{what}", {"what": what})
    match = _RAISED_AT.fullmatch(message)
    if match:
        where = "第 {line} 行" if match["cell"] is None else "单元格 {cell} 第 {line} 行"
        return _said(message, "{error}（" + where + "）", match.groupdict())
    return same(message)


def cell_note(note: str) -> Text:
    """A note on a notebook cell that failed ("cell 7, line 2: NameError: ...", "cell 4: <a
    sentence of the sandbox>", "and 3 more cells failed"), as a Text."""
    match = _CELL_LINE.fullmatch(note)
    if match:
        return _said(note, "单元格 {cell} 第 {line} 行：{error}", match.groupdict())
    match = _CELL.fullmatch(note)
    if match:
        message = sandbox_message(match["message"])
        return _said(note, "单元格 {cell}：{message}", {"cell": match["cell"], "message": message})
    match = _MORE_CELLS.fullmatch(note)
    if match:
        return _said(note, "另有 {n} 个单元格出错", match.groupdict())
    return same(note)


def printed(output: str) -> Text:
    """What the learner's code printed, and the sandbox's note when it was cut."""
    match = _OUTPUT_CUT.search(output)
    if not match:
        return same(output)
    return T(
        "{printed}" + same(match[0]).en,
        "{printed}\n[输出已截断：打印的内容超过 {kb} KB]",
        printed=same(output[: match.start()]),
        kb=match["kb"],
    )
