"""The drill in Chinese (`--lang zh`): every line it says is Chinese and fits its width, the
commands may be typed as Chinese words, and the parser's, the verdicts' and the progress
database's messages are Chinese too. The `entropy` family is fully bilingual, so a session
of it has no English left but what the student types, the commands and the mathematics."""

import ast
import io
import os
import re
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from exercises.core import lang, registry
from exercises.core.columns import cells
from exercises.core.lang import using
from exercises.core.render import value_text
from grader.practice.answers import AnswerSyntaxError, parse_answer
from grader.practice.progress import SCHEMA_VERSION, Store, StoreError
from grader.practice.verdicts import CORRECT, ROUNDED, WRONG, expected_form, judge
from mlexam import main
from tests.exercises.test_families import assert_fits

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u3400-\u9fff]")
COMMANDS = ("hint earlier", "hint", "solution", "skip", "next", "quit")  # what the student types: English words
EXAMPLES = ("3/4", "0.918", "log2(3) - 2/3", "[0.71, -0.7]", "1 2; 3 4", "14x14x6")
# three English words in a row (a word: two letters or more), only blanks and punctuation between them
SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:.!?'\-]+[A-Za-z]{2,}){2,}")
# the drill's English words, which no Chinese session shows
ENGLISH = re.compile(r"\b(correct|wrong|skipped|rounded|entered|Problem|Summary|Progress|Worked|left|exam|Exam)\b")


@pytest.fixture(autouse=True)
def language_kept():
    """`--lang zh` sets the language for the rest of the process (CliRunner runs the command
    in this one): the tests that follow in this worker read English again."""
    before = lang.current()
    yield
    lang.use(before)


def typed(answer) -> str:
    return value_text(answer.value, answer.check.decimals or 0)


def practice(db, *args, lines=(), lang="zh"):
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(
        main, ["practice", "--db", str(db), "--lang", lang, *args], input=text, catch_exceptions=False
    )


def english_left(out: str, allowed=()) -> list[str]:
    """The lines of `out` that still have an English sentence or one of the drill's English
    words, once the commands, the example answers and what the student typed are taken out."""
    found = []
    for line in out.splitlines():
        rest = line
        for piece in sorted({*allowed, *EXAMPLES}, key=len, reverse=True):
            rest = rest.replace(piece, " ")
        rest = re.sub(r"\b(" + "|".join(COMMANDS) + r")\b", " ", rest)
        if SENTENCE.search(rest) or ENGLISH.search(rest):
            found.append(line)
    return found


def rows(db, sql):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_the_most_frequent_mistakes_are_named_in_chinese(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "medium", 3)
    ln = next(m for m in problem.mistakes if m.name == "ln_instead_of_log2")
    practice(db, "entropy", "--count", "1", "--seed", "3", lines=[value_text(ln.answers["H_parent"], 3), "next"])
    out = practice(db, "--mistakes", "--count", "1", "--seed", "9", lines=["next"]).output
    assert "你最常犯的错误：\n  信息熵与信息增益：用了 ln 而不是 log₂（1 次）\n" in out, out


def test_the_checker_finds_english():
    assert english_left("you entered 0.5") and english_left("the whole step is shown") and english_left("wrong")
    assert not english_left("提示 1/3，第 1 步：父结点的信息熵  [entropy#3]")
    assert not english_left("   H(S) = -p₁⋅log₂(p₁) - p₂⋅log₂(p₂)")
    assert not english_left("或输入 hint earlier 看前面的步骤，或输入 skip 跳过。")


def test_a_chinese_session_says_everything_in_chinese_in_80_columns(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # "进度已保存到 p.sqlite3。"
    problem = registry.generate("entropy", "medium", 3)
    parent, children, conditional, gain = problem.solution.answers
    ln = next(m for m in problem.mistakes if m.name == "ln_instead_of_log2").answers["H_parent"]
    coarse = f"{gain.value:.2f}"  # 0.03 for 0.0343, asked to 3 decimals
    lines = [
        "hint",  # the formula of H(S)
        value_text(ln, 3),  # a declared mistake: ln instead of log2
        typed(parent),  # right at the second try
        "3/",  # cannot be read
        "0.5",  # not a list of 3 numbers
        typed(children),
        value_text(parent.value, 4),  # H(S) typed at the prompt of H(S|A)
        "hint",
        "hint",
        "hint",
        "hint",  # the whole step is shown
        "hint earlier",
        "skip",  # after a wrong try: wrong
        "help",
        coarse,  # right, but rounded too coarsely
        "next",  # the second problem, left at once
    ]
    result = practice("p.sqlite3", "entropy", "--count", "2", "--seed", "3", lines=lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert_fits(out, 80)
    assert not english_left(out, lines), english_left(out, lines)
    flat = "".join(out.split())  # wrapped lines joined: Chinese has no spaces to lose
    said = [
        "练习开始。答案可以这样写：3/4、0.918、",
        "第1/2题：信息熵与信息增益[entropy#3]",
        "结点的信息熵H(S)（比特）（一个数，保留3位小数）>",
        "提示1/3，第1步：父结点的信息熵",
        "错误：你用了ln而不是log₂（信息熵以比特为单位）",
        "再试一次吧（也可以输入skip跳过，或输入hint看提示）。",
        "输入有误：在第3个字符处（'3/'），'/'后面缺少一个数或'('。（这次不算，请再试一次）",
        "形式不对：答案应是含3个数的列表，如[1,2,3]，保留3位小数（这次不算，请再试一次）",
        "错误：这是结点的信息熵H(S)（比特），这里要的是条件熵H(S|A)（比特）",
        "这一步已经全部给出了；请输入答案，或输入hintearlier看前面的步骤，或输入skip跳过。",
        "命令也可以用中文输入：提示、跳过、下一题、退出、解答（或答案）。",
        "正确，但舍入得太粗：请保留3位小数",
        "详细解答：",
        "第2/2题：信息熵与信息增益[entropy#4]",
        "小结：完成了2道题；8个答案中答对2个（另有1个舍入得太粗，1个错误，4个跳过）。",
        "进度已保存到p.sqlite3。",
    ]
    for words in said:
        assert "".join(words.split()) in flat, words
    assert out.count("你输入的是") == 6 and out.count("\n正确\n") == 2
    saved = rows("p.sqlite3", "SELECT answer, verdict, mistake FROM answers ORDER BY rowid")
    assert saved[:6] == [
        ("H_parent", WRONG, "ln_instead_of_log2"),
        ("H_parent", CORRECT, None),
        ("H_children", CORRECT, None),
        ("H_conditional", WRONG, None),
        ("info_gain", ROUNDED, None),
        ("H_parent", "skipped", None),
    ]


def test_a_chinese_exam_with_a_time_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    problem = registry.generate("entropy", "medium", 5)
    coarse = f"{problem.solution.answers[0].value:.1f}"
    lines = [coarse, "hint", "0.5 0.6 0.7", "next", "退出"]
    result = practice("p.sqlite3", "entropy", "--exam", "--minutes", "5", "--count", "2", "--seed", "5", lines=lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert_fits(out, 80)
    assert not english_left(out, lines), english_left(out, lines)
    flat = "".join(out.split())
    said = [
        "模拟考试：共2道题，限时5分钟。交卷之前不给任何反馈；输入skip跳过一问，输入next跳过一道题，输入quit交卷。",
        "考试中没有提示；输入skip跳过这一问，输入next跳过这道题。",
        "你已退出。",
        "考试成绩：答对0/8个答案（1个舍入得太粗，不得分；6个没有作答）。",
        "第1题：信息熵与信息增益[entropy#5]",
        "结点的信息熵H(S)（比特）：正确，但舍入得太粗：请保留3位小数",
        "各分支的信息熵（按分支顺序，比特）：错误",
        "条件熵H(S|A)（比特）：已跳过",
        "信息增益IG(S,A)（比特）：没有做到",
    ]
    for words in said:
        assert "".join(words.split()) in flat, words
    assert re.search(r"^\[剩余 [45]:\d\d\] ", out, flags=re.M)  # the time left, before the prompts
    assert out.count("详细解答：") == 2


def test_the_commands_may_be_typed_in_chinese(tmp_path):
    """提示, 跳过, 下一题, 退出 and 解答 (or 答案) do what hint, skip, next, quit and solution
    do, in either language."""
    db = tmp_path / "p.sqlite3"
    lines = ["帮助", "提示", "跳过", "答案", "下一题", "退出"]
    out = practice(db, "entropy", "--count", "3", "--seed", "3", lines=lines, lang="en").output
    assert "Type the answer (" in out and "hint 1/3, step 1:" in out
    assert "1. Entropy of the parent node" in out  # 答案: the worked solution, at the second part
    assert "[entropy#4]" in out and "[entropy#5]" in out and "you quit." in out
    assert rows(db, "SELECT verdict, COUNT(*) FROM answers GROUP BY verdict") == [("skipped", 8)]
    out = practice(tmp_path / "q.sqlite3", "entropy", "--count", "1", "--seed", "3", lines=["解答"]).output
    assert "1. 父结点的信息熵" in out and "小结：完成了 1 道题" in out
    out = practice(tmp_path / "r.sqlite3", "entropy", "--count", "1", "--seed", "3", lines=["？", "quit"]).output
    assert "命令也可以用中文输入：提示、跳过、下一题、退出、解答（或答案）。" in "".join(out.split())


def _terminal_signals():
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(db, *args, columns=80):
    child = pexpect.spawn(
        sys.executable,
        [str(ROOT / "mlexam.py"), "practice", *args, "--lang", "zh", "--db", db.name],
        cwd=str(db.parent),  # "进度已保存到 p.sqlite3。": a path is never cut, however long
        env={**{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}, "PYTHONPATH": str(ROOT)},
        encoding="utf-8",
        timeout=30,
        preexec_fn=_terminal_signals,
        dimensions=(40, columns),
    )
    child.logfile_read = io.StringIO()
    return child


def screen(child) -> str:
    """What the terminal showed, without its colours and control sequences."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.logfile_read.getvalue()).replace("\r", "")


def test_a_chinese_session_in_a_terminal_60_columns_wide(tmp_path):
    problem = registry.generate("entropy", "medium", 3)
    answers = problem.solution.answers
    lines = ["提示", "0.5", typed(answers[0]), "3/", "0.5", typed(answers[1]), typed(answers[2]), typed(answers[3])]
    child = spawn(tmp_path / "p.sqlite3", "entropy", "--count", "1", "--seed", "3", columns=60)
    for line in lines:
        child.expect("> ")
        child.sendline(line)
    child.expect("全部答对了！|小结")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = screen(child)
    assert_fits(out, 60)
    assert max(cells(line) for line in out.splitlines()) > 54  # the terminal's width was used
    assert "提示 1/3，第 1 步：父结点的信息熵" in out and "输入有误：" in out and "形式不对：" in out
    assert not english_left(out, lines), english_left(out, lines)


def test_the_time_of_a_chinese_exam_runs_out(tmp_path):
    child = spawn(tmp_path / "p.sqlite3", "entropy", "--exam", "--minutes", "0.05", "--count", "2", "--seed", "1")
    child.expect(r"\[剩余 0:0[0-3]\] ")  # 3 s, as in test_drill.py
    child.expect("> ")
    child.expect("时间到。")
    child.expect("考试成绩：答对 0 / ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = screen(child)
    assert_fits(out, 80)
    assert not english_left(out), english_left(out)


def test_interrupted_and_end_of_input_are_said_in_chinese(tmp_path):
    child = spawn(tmp_path / "p.sqlite3", "entropy", "--count", "1", "--seed", "3")
    child.expect("> ")
    child.sendintr()
    child.expect("已中断。")
    child.expect("小结：")
    child.expect(pexpect.EOF)
    child.close()
    out = practice(tmp_path / "q.sqlite3", "entropy", "--count", "1", "--seed", "3").output
    assert "\n输入结束了。\n" in out


# --- the verdicts, the parser and the database, in Chinese ------------------------------------


def test_verdicts_and_forms_in_chinese():
    problem = registry.from_params("entropy", {"counts": [[6, 2], [3, 3]]})
    parent, children, conditional = (problem.answer(n) for n in ("H_parent", "H_children", "H_conditional"))
    with using("zh"):
        assert str(judge(problem, parent, 0.9403).message) == "正确"
        assert str(judge(problem, parent, 0.9).message) == "正确，但舍入得太粗：请保留 3 位小数"
        assert str(judge(problem, parent, 0.6518).message) == "错误：你用了 ln 而不是 log₂（信息熵以比特为单位）"
        assert str(judge(problem, conditional, parent.value).message) == (
            "错误：这是结点的信息熵 H(S)（比特），这里要的是条件熵 H(S|A)（比特）"
        )
        assert str(judge(problem, conditional, 0.123).message) == "错误"
        assert str(judge(problem, parent, [0.94, 1]).message) == "错误：答案应是一个数，保留 3 位小数"
        assert str(expected_form(children)) == "含 2 个数的列表，如 [1, 2]，保留 3 位小数"
    pca = registry.generate("pca", "medium", 1)
    with using("zh"):
        form = str(expected_form(pca.answer("eigenvectors")))
    assert form.startswith("一个 2 x 2 矩阵，按行输入，如 [[1, 2], [3, 4]] 或 1 2; 3 4，") and "正负号" in form
    shape = registry.generate("cnn_output", "easy", 4).solution.answers[0]
    with using("zh"):
        assert "精确值" in str(expected_form(shape))


PARSER_CASES = [
    ("3/", "在第 3 个字符处（'3/'），'/' 后面缺少一个数或 '('。"),
    ("[1, 2", "在第 6 个字符处（'[1, 2'），缺少 ']'，第 1 个字符处的 '[' 没有闭合。"),
    ("1 2; 3", "在第 6 个字符处（'1 2; 3'），第 2 行有 1 个数，但第 1 行有 2 个；矩阵的每一行要一样长。"),
    ("log 2", "在第 1 个字符处（'log'），请写成 log(2)：函数的参数要放在括号里。"),
    ("log₂8", "在第 1 个字符处（'log_2'），请写成 log_2(8)：函数的参数要放在括号里。"),
    ("x", "在第 1 个字符处（'x'），'x' 只能写在形状的各维大小之间（如 14x14x6），或写在两个数之间表示相乘。"),
    ("foo", "在第 1 个字符处（'foo'），不认识 'foo'：答案里可以用数、+ - * / ^、e、pi，"),
    ("log3(8)", "在第 1 个字符处（'log3'），不认识 'log3'；以 3 为底的对数请写成 log(x, 3)。"),
    ("1/0", "在第 2 个字符处（'1/0'），除数为 0。"),
    ("", "答案是空的。"),
]


@pytest.mark.parametrize("text, said", PARSER_CASES)
def test_parser_messages_in_chinese(text, said):
    with pytest.raises(AnswerSyntaxError) as caught:
        parse_answer(text)
    with using("zh"):
        assert str(caught.value).startswith(said)
    assert not CJK.search(str(caught.value))  # and in English outside the block


def test_every_parser_message_is_chinese():
    """Each message the hostile corpus and the position cases meet: one Chinese sentence,
    with no English sentence left in it."""
    from tests.grader.practice.test_answers import HOSTILE

    texts = [*HOSTILE.values(), "2*(3+", "[2x3, 4x5x6]", "(1 -2)*3", "2 x", "1 = 1", "log(-1)", "sqrt(-1)", "[]"]
    texts += ["1,", "[1,2)", "1)", "exp2", "½", '"', "{1}", ".", "零", "log(1;2)", "log(1 2)", "sqrt(1,2)", "1%%"]
    texts += ["[1, [2]]", "[[1, 2], 3]", "1 2 [3]", "log(1", "log(1 ]"]
    for text in texts:
        with pytest.raises(AnswerSyntaxError) as caught:
            parse_answer(text)
        with using("zh"):
            message = str(caught.value)
        assert message.endswith("。") and CJK.search(message), (text, message)
        assert not SENTENCE.search(message), (text, message)


def refused(path) -> str:
    with pytest.raises(StoreError) as info:
        Store(path)
    with using("zh"):
        message = str(info.value)
    assert str(path) in message and message.endswith("。") and CJK.search(message), message
    return message


def test_database_errors_in_chinese(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    assert "已损坏（这个文件不是数据库）；文件原样保留，没有改动" in refused(broken)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE x (a)")
    assert "不是 mlexam 的进度数据库" in refused(other)
    newer = tmp_path / "newer.sqlite3"
    Store(newer).close()
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    assert f"（结构版本 {SCHEMA_VERSION + 1}，这个版本只能读 {SCHEMA_VERSION}）；请升级 mlexam。" in refused(newer)
    (tmp_path / "folder").mkdir()
    assert "是一个目录，不是文件；请用 --db 另选一个文件。" in refused(tmp_path / "folder")
    result = CliRunner().invoke(main, ["stats", "--lang", "zh", "--db", str(broken)])
    assert result.exit_code == 2 and "已损坏" in result.output


def test_every_seed_practised_is_said_in_chinese(tmp_path, monkeypatch):
    from grader.practice import schedule

    monkeypatch.setattr(schedule, "SEED_RANGE", (1, 1))
    with Store(tmp_path / "p.sqlite3") as store:
        practice(tmp_path / "p.sqlite3", "entropy", "--count", "1", "--seed", "1", lines=["next"])
        with pytest.raises(StoreError) as info, using("zh"):
            schedule.fresh_seed(store, "entropy", "medium")
        with using("zh"):
            assert str(info.value) == "entropy:medium 的每一道题（每个种子）都已经练过了。"


# --- nothing said in English only ------------------------------------------------------------

PRACTICE = ROOT / "grader" / "practice"


def _words(node) -> str:
    """The literal text of a str constant, an f-string or a concatenation of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_words(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) + _words(node.right)
    return ""


def test_every_text_of_the_drill_has_its_chinese():
    """Each T(english, chinese) of the drill's files has Chinese words of its own, and the
    drill says nothing from a bare English string."""
    for path in sorted(PRACTICE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name == "T":
                en, zh = (_words(arg) for arg in node.args[:2])
                if re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", en)):
                    assert CJK.search(zh) and zh != en, f"{path.name}:{node.lineno}: no Chinese for {en!r}"
            if name == "say" and node.args:
                words = _words(node.args[0])
                assert not re.search(r"[A-Za-z]{3,}", words), f"{path.name}:{node.lineno}: English only: {words!r}"


@pytest.mark.parametrize("topic", registry.topics())
def test_a_chinese_session_of_every_family_fits_80_columns(tmp_path, monkeypatch, topic):
    """As test_drill.py's test for English: prompts, hints, verdicts, the worked solution and
    the exam report, in Chinese, on a pipe."""
    from tests.grader.practice.test_drill import shifted

    monkeypatch.chdir(tmp_path)
    hard = registry.generate(topic, "hard", 5)
    first, second = hard.solution.answers[:2]
    wrong = value_text(shifted(second.value), 4)
    lines = ["hint", "hint", "hint", "hint earlier", typed(first), wrong, wrong, "next"]
    out = practice("p.sqlite3", topic, "-d", "hard", "--count", "1", "--seed", "5", lines=lines).output
    assert "详细解答：" in out and "提示 2/" in out
    exam = practice("p.sqlite3", topic, "--exam", "-d", "hard", "--count", "1", "--seed", "5", lines=[]).output
    assert "考试成绩：" in exam
    for text in (out, exam):
        assert_fits(text, 80)
