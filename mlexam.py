"""mlexam: exam drills, exact worked solutions and autograding for machine learning.

The command line is a thin door in front of `exercises/`, `solutions/` and
`grader/`: it parses arguments, calls into the packages and turns every error a
user can cause into one sentence and exit code 2. sympy and numpy are imported
inside the commands that need them, so `mlexam --help` and `mlexam topics`
start fast.
"""

from __future__ import annotations

import os
import sys
import tempfile

import click

from exercises.core import lang as language
from exercises.core.errors import UserError
from exercises.core.lang import LANGS, T, join
from exercises.core.words import DIFFICULTIES, OUTPUT_FORMATS, SUFFIX_FORMATS
from grader.autograde import BUDGET_SECONDS, TIMEOUT_SECONDS


def _asked_language(args: list[str]) -> str | None:
    """The language a `--lang X` (or `--lang=X`) among the arguments asks for, if valid."""
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value in LANGS:
            return value
    return None


# The language of the help texts and of click's own messages, read once here since click shows
# --help and its usage errors before it parses --lang: the one --lang asks for, else the
# environment's (an invalid MLEXAM_LANG gets English help and its error when a command runs).
_HELP_LANG = _asked_language(sys.argv[1:]) or language.from_environment() or "en"


def _click_in_chinese() -> None:
    """click's own words (Usage:, Options:, [default: ...], its usage errors) from the Chinese
    catalogue: each of click's modules looks them up with the gettext functions it imported.
    Done before any command is declared, since some (the version option's) are read then."""
    from click import core, decorators, exceptions, formatting, parser, types

    from exercises.core import click_zh

    for module in (core, decorators, exceptions, formatting, parser, types):
        module._ = click_zh.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = click_zh.ngettext


if _HELP_LANG == "zh":
    _click_in_chinese()


def _help(en: str | None, zh: str) -> str | None:
    """A help text of the command line in the environment's language: `en` in English (None
    for a command: its docstring), `zh` in Chinese."""
    return zh if _HELP_LANG == "zh" else en


class _ChineseHelpFormatter(click.HelpFormatter):
    """Help filled by terminal columns, a Chinese character taking two (click counts one); the
    headings and 用法 end in a full-width colon with no space after it (click writes ':' and ' ')."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        from exercises.core.click_zh import gettext

        super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        width = self.width - self.current_indent
        super().write_text("\n\n".join(self._filled(part, width) for part in text.split("\n\n")))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        from exercises.core.columns import cells

        rows = list(rows)
        first = min(max((cells(term) for term, _ in rows), default=0), col_max) + col_spacing
        width = max(self.width - first - 2, 10)  # click's width of the second column
        super().write_dl([(term, self._filled(text, width)) for term, text in rows], col_max, col_spacing)

    @staticmethod
    def _filled(text: str, width: int) -> str:
        """A paragraph in lines of `width` columns, marked (\\b) for click to keep as they are."""
        from exercises.core.columns import wrap

        if not text.strip() or text.lstrip().startswith("\b"):
            return text
        return "\b\n" + "\n".join(wrap(text, width))


class _Context(click.Context):
    formatter_class = _ChineseHelpFormatter if _HELP_LANG == "zh" else click.HelpFormatter


class _Command(click.Command):
    """A command whose help is laid out for the environment's language."""

    context_class = _Context


class _Group(_Command, click.Group):
    command_class = _Command


def _fail_cleanly(func):
    """A command in the user's language (--lang, else MLEXAM_LANG, else the locale): an
    error the user caused ends it with its one sentence in that language, exit code 2, no
    traceback. The language is set for the command only (`language.using`), so a caller in
    the same process (a test through CliRunner) keeps its own afterwards."""
    from functools import wraps

    @click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=None,
        help=_help(
            "Language of the output: en or zh [default: $MLEXAM_LANG, else the locale].",
            "输出的语言：en 或 zh [默认：$MLEXAM_LANG，否则按系统的区域设置]。",
        ),
    )
    @wraps(func)
    def wrapper(*args, lang=None, **kwargs):
        try:
            chosen = lang or _environment_language()
        except UserError as error:
            raise _exit_2(error) from None
        with language.using(chosen):
            try:
                return func(*args, **kwargs)
            except UserError as error:
                raise _exit_2(error) from None  # its sentence said here, in the command's language

    return wrapper


class _Failure(click.ClickException):
    """`Error: <the sentence>` (错误：… in Chinese) on standard error, and exit code 2."""

    exit_code = 2

    def __init__(self, message: str, prefix: str):
        super().__init__(message)
        self.prefix = prefix

    def show(self, file=None) -> None:
        click.echo(f"{self.prefix}{self.format_message()}", file=file or sys.stderr)


def _exit_2(error: UserError) -> click.ClickException:
    """click's way to end a command: the error's sentence, in the command's language."""
    return _Failure(str(error), "错误：" if language.current() == "zh" else "Error: ")


def _environment_language() -> str:
    asked = language.from_environment()
    if asked is None:
        value = os.environ.get("MLEXAM_LANG", "")
        both = "MLEXAM_LANG must be en or zh (MLEXAM_LANG 只能是 en 或 zh); got {value}."  # no language chosen yet
        raise UserError(T(both, both, value=repr(value[:20])))
    return asked


def _limit_options(command):
    """The limits of one submission and the isolation it needs: shared by grade and gradescope."""
    options = (
        click.option(
            "--timeout",
            type=click.FloatRange(0.1, 600),
            default=TIMEOUT_SECONDS,
            show_default=True,
            help=_help("Seconds each case may take.", "每个测试用例最多可用的秒数。"),
        ),
        click.option(
            "--budget",
            type=click.FloatRange(1, 3600),
            default=BUDGET_SECONDS,
            show_default=True,
            help=_help(
                "Seconds one submission may take in all; cases not begun by then fail.",
                "一份提交总共最多可用的秒数；到时还未开始的用例判为不通过。",
            ),
        ),
        click.option(
            "--allow-unisolated",
            is_flag=True,
            help=_help(
                "Grade a folder or for Gradescope even where learner code can only run as a plain process "
                "(it could then read the reference files and use the network).",
                "即使学生代码在这里只能作为普通进程运行，也为文件夹评分或为 Gradescope 评分"
                "（这时学生代码可能读取参考文件、访问网络）。",
            ),
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_help(
        None,
        """机器学习课程的考试练习，附精确的详细解答。

        \b
        mlexam topics                          题型列表
        mlexam generate all --count 3          一整套题目
        mlexam generate pca:hard#17 --solutions  按编号生成一道题
        mlexam solve entropy --param counts="[[4,2],[1,3]]"
        """,
    ),
)
@click.version_option("0.1.0", prog_name="mlexam")
def main():
    """Exam drills with exact worked solutions for machine learning courses.

    \b
    mlexam topics                          the problem families
    mlexam generate all --count 3          a sheet of problems
    mlexam generate pca:hard#17 --solutions  one problem by its id
    mlexam solve entropy --param counts="[[4,2],[1,3]]"
    """


@main.command(
    short_help=_help(None, "列出题型，或某题型的参数、示例和答案"),
    help=_help(None, "列出所有题型；给出 TOPIC 时，列出 `mlexam solve TOPIC` 接受的参数、一个示例和各项答案。"),
)
@click.argument("topic", required=False)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_fail_cleanly
def topics(topic, fmt):
    """List every problem family; with TOPIC, the parameters `mlexam solve TOPIC` takes, an example and the answers."""
    import json

    from exercises.core import registry

    if topic:
        _one_topic(topic, fmt)
        return
    rows = [
        {name: value if value is None else str(value) for name, value in row.items()} for row in registry.describe()
    ]
    if fmt == "json":
        click.echo(json.dumps({"lang": language.current(), "topics": rows}, indent=2, ensure_ascii=False))
        return
    from exercises.core.columns import wrap

    width, columns = max(len(r["id"]) for r in rows), _text_width(None)
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['title']}")
        click.echo("\n".join(wrap(r["description"], columns, " " * (width + 2))))
        if r["coding_task"]:
            code = T("code it: mlexam starter {task}", "编程实现：mlexam starter {task}", task=r["coding_task"])
            click.echo("\n".join(wrap(str(code), columns, " " * (width + 2))))


def _one_topic(topic, fmt):
    """A family's parameters (name: form and range), an example `solve` command and its answers."""
    import json
    import shlex

    from exercises.core import registry
    from exercises.core.columns import wrap

    module = registry.family(topic)
    example = registry.generate(topic, "medium", 1)
    raw = example.params.to_json()
    answers = [{"name": a.name, "label": str(a.label)} for a in example.solution.answers]
    forms = {name: str(form) for name, form in module.PARAMETERS.items()}
    title, description = str(example.title), str(T(module.DESCRIPTION, module.DESCRIPTION_ZH))
    if fmt == "json":
        info = {"id": topic, "lang": language.current(), "title": title, "description": description}
        info.update(parameters=forms, example=raw, answers=answers)
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    columns = _text_width(None)
    click.echo("\n".join(wrap(f"{topic}: {title}", columns) + wrap(description, columns)))
    heading = T(
        "Parameters of mlexam solve {topic} (--param NAME=VALUE, JSON):",
        "mlexam solve {topic} 的参数（--param 名称=值，JSON）：",
        topic=topic,
    )
    click.echo(f"\n{heading}")
    width = max(map(len, forms))
    for name, form in forms.items():
        lead = f"  {name:<{width}}  "
        click.echo("\n".join(wrap(form, columns, lead, " " * len(lead))))
    lines = [f"mlexam solve {topic}"] + [
        f"--param {name}={shlex.quote(value if isinstance(value, str) else json.dumps(value, separators=(',', ':')))}"
        for name, value in raw.items()
    ]
    click.echo(f"\n{T('Example:', '示例：')}\n  " + " \\\n    ".join(lines))
    click.echo(f"\n{T('Answers:', '答案：')}")
    width = max(len(a["name"]) for a in answers)
    for a in answers:
        lead = f"  {a['name']:<{width}}  "
        click.echo("\n".join(wrap(a["label"], columns, lead, " " * len(lead))))


@main.command(
    short_help=_help(None, "生成题目：按题型或题目编号"),
    help=_help(None, "生成题目：TOPIC...（all 表示所有题型）或题目编号，例如 pca:hard#17。"),
)
@click.argument("topic_or_id", nargs=-1, required=True)
@click.option(
    "--count",
    "-n",
    type=click.IntRange(1, 500),
    default=1,
    show_default=True,
    help=_help("Problems per topic (a problem id always gives one).", "每个题型的题目数（题目编号总是只给出一道题）。"),
)
@click.option(
    "--seed",
    type=click.IntRange(0, 10**9),
    default=None,
    help=_help(
        "First seed; problems use seed, seed+1, ... [default: random]",
        "起始种子；各题依次使用 seed、seed+1、... [默认：随机]",
    ),
)
@click.option("--difficulty", "-d", type=click.Choice(DIFFICULTIES), default="medium", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    help=_help(
        "Output format [default: from the -o suffix, else text]", "输出格式 [默认：按 -o 文件的后缀，否则为 text]"
    ),
)
@click.option(
    "--solutions/--no-solutions",
    default=False,
    show_default=True,
    help=_help("Show the worked solutions.", "显示详细解答。"),
)
@click.option(
    "--key",
    is_flag=True,
    help=_help("Put the solutions in an answer key after all questions.", "把解答放进所有题目之后的答案页。"),
)
@click.option(
    "--points",
    type=click.IntRange(1, 1000),
    default=None,
    help=_help("Show each problem as worth N points.", "每道题标明分值 N 分。"),
)
@click.option(
    "--answer-space",
    "space",
    type=click.FloatRange(0.5, 25),
    default=None,
    metavar="CM",
    help=_help(
        "Leave CM centimetres blank under each question to write in (LaTeX, HTML, PDF).",
        "每道题下方留出 CM 厘米的空白用来作答（LaTeX、HTML、PDF）。",
    ),
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help=_help("Write to FILE.", "写入 FILE。")
)
@_fail_cleanly
def generate(topic_or_id, count, seed, difficulty, fmt, solutions, key, points, space, output):
    """Generate problems: TOPIC... ('all' for every family) or problem ids like pca:hard#17."""
    import secrets

    from exercises.core import registry

    requests = []
    first_seed = seed if seed is not None else secrets.randbelow(100_000)
    for item in topic_or_id:
        parsed = registry.parse_id(item)
        if parsed:
            requests.append(parsed)
            continue
        names = registry.topics() if item == "all" else [item]
        for name in names:
            if name not in registry.topics():
                raise registry.unknown_topic(name)
            requests += [(name, difficulty, first_seed + i) for i in range(count)]
    from exercises.core.sheet import make_sheet

    solutions = solutions or key
    fmt = _format(fmt, output)
    options = dict(key=key, points=points, space=space)
    sheet = make_sheet(requests, _rendered(fmt), solutions=solutions, width=_text_width(output), **options)
    _emit(sheet, fmt, len(requests), output)


@main.command(
    short_help=_help(None, "按你给出的参数详细解答"),
    help=_help(None, "按你给出的参数给出详细解答（作业题、往年试卷）。"),
)
@click.argument("topic")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help=_help(
        "A parameter as JSON, e.g. counts='[[4,2],[1,3]]'. Repeat for each.",
        "一个参数，值为 JSON，例如 counts='[[4,2],[1,3]]'。每个参数各给一次。",
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(OUTPUT_FORMATS),
    default=None,
    help=_help(
        "Output format [default: from the -o suffix, else text]", "输出格式 [默认：按 -o 文件的后缀，否则为 text]"
    ),
)
@click.option("--solutions/--no-solutions", default=True, show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), default=None, help=_help("Write to FILE.", "写入 FILE。")
)
@_fail_cleanly
def solve(topic, params, fmt, solutions, output):
    """Worked solution for parameters you supply (a homework, a past paper)."""
    from exercises.core import registry
    from exercises.core.params import parse_value

    raw = {}
    for item in params:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(
                T(
                    "--param expects NAME=VALUE, got {item}.",
                    "--param 的格式应为 名称=值，收到的是 {item}。",
                    item=repr(item[:60]),
                )
            )
        if name in raw:
            raise UserError(T("parameter '{name}' is given twice.", "参数 '{name}' 给出了两次。", name=name))
        raw[name] = parse_value(name, text)
    from exercises.core.render import render

    problem = registry.from_params(topic, raw)
    fmt = _format(fmt, output)
    _emit(render([problem], _rendered(fmt), solutions=solutions, width=_text_width(output)), fmt, 1, output)


@main.command(
    short_help=_help(None, "练习：作答、判定、提示和详细解答"),
    help=_help(
        None,
        "练习题目：输入答案，得到判定、提示和详细解答。\n\n"
        "不给 TOPIC 时，由复习计划挑选到期的题型。在提示符下可输入：hint、solution、skip、quit。"
        "按 Ctrl-C 或输入结束即结束练习；答案随答随存。",
    ),
)
@click.argument("topics", nargs=-1)
@click.option(
    "--count",
    "-n",
    type=click.IntRange(1, 200),
    default=None,
    help=_help("Problems in the session [default: 5; an exam: 6].", "本次练习的题数 [默认：5；模拟考试：6]。"),
)
@click.option(
    "--difficulty",
    "-d",
    type=click.Choice(DIFFICULTIES),
    default=None,
    help=_help("[default: medium]", "[默认：medium]"),
)
@click.option(
    "--seed",
    type=click.IntRange(0, 10**9),
    default=None,
    help=_help(
        "Seed of the first problem (the next ones count up): a repeatable session.",
        "第一道题的种子（后面的题依次加一）：可以重现的一次练习。",
    ),
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help=_help(
        "Progress database [default: $MLEXAM_HOME or the user data directory].",
        "练习进度数据库 [默认：$MLEXAM_HOME 或用户数据目录]。",
    ),
)
@click.option(
    "--exam",
    is_flag=True,
    help=_help("A timed mock exam: no feedback until the end.", "限时模拟考试：结束之前没有反馈。"),
)
@click.option(
    "--minutes",
    type=click.FloatRange(0.01, 600),
    default=None,
    help=_help("Exam time limit.", "模拟考试的时限（分钟）。"),
)
@click.option(
    "--mistakes",
    is_flag=True,
    help=_help("Drill the topics of the mistakes you made most often.", "针对你最常犯的错误所在的题型反复练习。"),
)
@_fail_cleanly
def practice(topics, count, difficulty, seed, db, exam, minutes, mistakes):
    """Drill problems: type answers, get verdicts, hints and worked solutions.

    With no TOPIC the scheduler picks what is due. At a prompt: hint, solution,
    skip, quit. Ctrl-C or end of input ends the session; answers are saved as
    you go.
    """
    from exercises.core import registry
    from grader.practice.drill import Console, Drill, Plan
    from grader.practice.progress import Store, default_path

    if minutes is not None and not exam:
        raise UserError(
            T(
                "--minutes sets the time of a mock exam; add --exam.",
                "--minutes 设定的是模拟考试的时长；请加上 --exam。",
            )
        )
    if mistakes and (topics or exam):
        raise UserError(
            T(
                "--mistakes chooses the topics itself, for practice: give no TOPIC and no --exam.",
                "--mistakes 会自己挑选题型来练习：请不要再给出 TOPIC 或 --exam。",
            )
        )
    chosen = []
    for topic in topics:
        if topic not in registry.topics() and topic != "all":
            raise registry.unknown_topic(topic)
        chosen += registry.topics() if topic == "all" else [topic]
    if exam and not chosen:
        chosen = registry.topics()
    with Store(default_path(db)) as store:
        if mistakes:
            chosen = _mistake_topics(store)
        plan = Plan(chosen, count or (6 if exam else 5), difficulty, seed, exam, minutes)
        Drill(store, Console(sys.stdin.isatty()), plan).run()


def _mistake_topics(store):
    """The topics of the (topic, mistake) pairs made most often, said before the drill: each
    mistake by its family's label (a name no family declares, from an older mlexam, as words)."""
    from exercises.core import registry
    from exercises.core.columns import wrap

    frequent = store.frequent_mistakes()
    if not frequent:
        raise UserError(
            T(
                "no mistake is recorded yet; practise first (mlexam practice), then drill your mistakes.",
                "还没有记录到任何错误；请先练习（mlexam practice），再针对错误反复练习。",
            )
        )
    click.echo(T("Your most frequent mistakes:", "你最常犯的错误："))
    titles = {row["id"]: row["title"] for row in registry.describe()}
    for topic, mistake, times in frequent:
        labels = registry.family(topic).MISTAKE_NAMES if topic in titles else {}
        line = T(
            "{title}: {label} ({times}x)",
            "{title}：{label}（{times} 次）",
            title=titles.get(topic, topic),
            label=labels.get(mistake, mistake.replace("_", " ")),
            times=times,
        )
        click.echo("\n".join(wrap(str(line), _text_width(None), "  ", "    ")))
    return list(dict.fromkeys(topic for topic, _, _ in frequent))


@main.command(
    short_help=_help(None, "各题型的练习统计"),
    help=_help(None, "按题型列出：作答次数、正确率、上次练习时间、下次复习时间、预计 7 天后的记忆保持率。"),
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help=_help(
        "Progress database [default: $MLEXAM_HOME or the user data directory].",
        "练习进度数据库 [默认：$MLEXAM_HOME 或用户数据目录]。",
    ),
)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_fail_cleanly
def stats(db, fmt):
    """Per topic: attempts, accuracy, last practised, next due, predicted recall in 7 days."""
    import json
    from datetime import datetime, timezone

    from grader.practice.drill import bar
    from grader.practice.progress import RECALL_HORIZON, Store, default_path

    path = default_path(db)
    if not path.exists():
        raise UserError(
            T(
                "no practice recorded yet ({path} does not exist); run mlexam practice first.",
                "还没有任何练习记录（{path} 不存在）；请先运行 mlexam practice。",
                path=str(path),
            )
        )
    with Store(path) as store:
        rows = store.stats(datetime.now(timezone.utc))
    if fmt == "json":
        rows_json = [_stats_json(r) for r in rows]
        click.echo(json.dumps({"recall_horizon_days": RECALL_HORIZON.days, "topics": rows_json}, indent=2))
        return
    if not rows:
        click.echo(T("no answers recorded yet.", "还没有记录任何作答。"))
        return
    from exercises.core.columns import cells

    days = RECALL_HORIZON.days
    heads = [
        str(head)
        for head in (
            T("topic", "题型"),
            T("answers", "作答数"),
            T("right", "正确率"),
            T("recall in {days} days", "{days} 天后记忆保持率", days=days),
            T("practised", "上次练习"),
            T("next due", "下次复习"),
        )
    ]
    table = [
        [
            r.topic,
            str(r.attempts),
            f"{r.accuracy:.0%}",
            "" if r.recall is None else f"{bar(r.recall, 10)} {r.recall:4.0%}",
            _when(r.last_practised),
            _when(r.next_due),
        ]
        for r in rows
    ]
    # the least widths keep the English table as it always was; a Chinese heading counts two columns a character
    least = (0, 7, 5, 16, 11, 0)
    widths = [max(least[i], cells(heads[i]), *(cells(row[i]) for row in table)) for i in range(len(heads))]
    for line in [heads, *table]:
        click.echo(_table_row(line, widths))


@main.command(
    short_help=_help(None, "列出评分器支持的编程任务"),
    help=_help(None, "列出评分器支持的编程任务，以及每个任务需要实现的函数。"),
)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_fail_cleanly
def models(fmt):
    """List the coding tasks the grader knows, with the functions to implement."""
    import json

    from exercises.core import registry
    from grader.autograde.tasks import task, tasks

    families = registry.describe()
    rows = [
        {
            "id": name,
            "title": _task_words(task(name), "TITLE"),
            "description": _task_words(task(name), "DESCRIPTION"),
            "functions": list(task(name).FUNCTIONS),
            "paper_topics": [row["id"] for row in families if row["coding_task"] == name],
        }
        for name in tasks()
    ]
    if fmt == "json":
        click.echo(json.dumps({"lang": language.current(), "models": rows}, indent=2, ensure_ascii=False))
        return
    from exercises.core.columns import wrap

    width, columns = max((len(r["id"]) for r in rows), default=0), _text_width(None)
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['title']}")
        lines = [r["description"], T("implement: {functions}", "需实现：{functions}", functions=join(r["functions"]))]
        for line in lines:
            click.echo("\n".join(wrap(str(line), columns, " " * (width + 2))))
        if r["paper_topics"]:  # a command to copy: one line, however long
            topics = " ".join(r["paper_topics"])
            line = T("on paper: mlexam practice {topics}", "纸笔练习：mlexam practice {topics}", topics=topics)
            click.echo(" " * (width + 2) + str(line))


def _task_words(module, name):
    """A coding task's TITLE or DESCRIPTION in the language in use: its NAME_ZH in Chinese
    where the task defines one (as a family does), else the English."""
    chinese = getattr(module, f"{name}_ZH", None) if language.current() == "zh" else None
    return str(chinese or getattr(module, name))


@main.command(
    short_help=_help(None, "写出编程任务的起始文件"), help=_help(None, "写出编程任务的起始文件：其中是需要实现的函数。")
)
@click.argument("model")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help=_help(
        "Write to FILE [default: MODEL.py; - for standard output].", "写入 FILE [默认：MODEL.py；- 表示标准输出]。"
    ),
)
@_fail_cleanly
def starter(model, output):
    """Write the starter file of a coding task: the functions to implement."""
    from grader.autograde.tasks import starter_text

    text = starter_text(model)  # in the language in use: its docstrings in Chinese with --lang zh
    if output == "-":
        click.echo(text, nl=False)
        return
    output = output or f"{model}.py"
    if os.path.exists(output):
        raise UserError(
            T(
                "{output} exists already; choose another name with -o (nothing was overwritten).",
                "{output} 已经存在；请用 -o 另选一个文件名（没有覆盖任何文件）。",
                output=output,
            )
        )
    _write_atomically(output, text)
    wrote = T(
        "wrote {output}: implement its functions, then run: mlexam grade {output}",
        "已写入 {output}：实现其中的函数，然后运行：mlexam grade {output}",
        output=output,
    )
    click.echo(wrote, err=True)


@main.command(
    short_help=_help(None, "完整列出编程任务的公开测试用例"),
    help=_help(None, "完整列出编程任务的每个公开测试用例（输入和预期输出），方便你自己运行没通过的用例。"),
)
@click.argument("model")
@click.option(
    "--visible",
    is_flag=True,
    required=True,
    help=_help("The visible cases (the only ones shown).", "公开测试用例（只有它们可以显示）。"),
)
@click.option(
    "--case",
    "names",
    multiple=True,
    metavar="NAME",
    help=_help("Only this case (repeat for more).", "只看这个用例（可重复给出多个）。"),
)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@_fail_cleanly
def cases(model, visible, names, fmt):
    """Every visible case of a coding task in full (inputs and expected output), to run a failing one yourself."""
    from grader.autograde import report
    from grader.autograde.tasks import task

    chosen = [c for c in task(model).cases(0) if not names or c.name in names]
    missing = sorted(set(names) - {c.name for c in chosen if c.visible})
    if missing:
        raise UserError(
            T(
                "no visible case named '{case}' in {model}; see mlexam cases {model} --visible.",
                "{model} 没有名为 '{case}' 的公开测试用例；请查看 mlexam cases {model} --visible。",
                case=missing[0],
                model=model,
            )
        )
    click.echo(report.visible_cases(model, chosen, fmt), nl=False)


@main.command(
    short_help=_help(None, "构建 Gradescope 自动评分程序"),
    help=_help(None, "为 TASK 构建 Gradescope 自动评分程序：一个以 “Zip file upload” 方式上传的 zip 文件。"),
)
@click.argument("task_name", metavar="TASK")
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    default=None,
    help=_help(
        "Private seed of the graded cases [default: a random one, printed here].",
        "评分用例的私有种子 [默认：随机抽取一个，并在这里打印出来]。",
    ),
)
@click.option(
    "--hidden-visibility",
    type=click.Choice(("after_due_date", "after_published", "hidden")),
    default="after_due_date",
    show_default=True,
    help=_help(
        "When students see the hidden cases' names and kinds of failure.",
        "学生何时能看到隐藏用例的名称和不通过的类型。",
    ),
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="autograder.zip",
    show_default=True,
    help=_help("Write the zip to FILE.", "把 zip 写入 FILE。"),
)
@_limit_options
@_fail_cleanly
def gradescope(task_name, seed, hidden_visibility, output, timeout, budget, allow_unisolated):
    """Build a Gradescope autograder for TASK: a zip to upload as a "Zip file upload" autograder."""
    from grader.autograde.gradescope import Settings, build, draw_seed

    chosen = seed if seed is not None else draw_seed()
    settings = Settings(task_name, chosen, hidden_visibility, timeout, budget, allow_unisolated)
    path = build(settings, output)
    drawn = T("drawn at random; ", "随机抽取，") if seed is None else ""
    wrote = T(
        "wrote {path}: upload it as a Gradescope autograder. Private seed {seed} ({drawn}kept in the zip's "
        "mlexam_gradescope.json, never shown to students); reproduce a student's report with: "
        "mlexam grade FILE --model {task} --seed {seed} --instructor",
        "已写入 {path}：请把它作为 Gradescope 自动评分程序上传。私有种子为 {seed}（{drawn}保存在 zip 内的 "
        "mlexam_gradescope.json 中，不会向学生显示）；复现某个学生的报告：mlexam grade FILE --model {task} "
        "--seed {seed} --instructor",
        path=str(path),
        seed=chosen,
        drawn=drawn,
        task=task_name,
    )
    click.echo(wrote, err=True)
    if seed == 0:
        warning = T(
            "warning: seed 0 gives the public cases (mlexam cases shows them); choose another.",
            "警告：种子 0 生成的正是公开测试用例（mlexam cases 会显示它们）；请另选一个种子。",
        )
        click.echo(warning, err=True)


@main.command(
    short_help=_help(None, "在沙箱中为提交评分"),
    help=_help(None, "在沙箱中为一份 .py 或 .ipynb 提交评分（或为一个文件夹及其子文件夹中的每一份提交评分）。"),
)
@click.argument("submission", type=click.Path())
@click.option(
    "--model",
    "-m",
    default=None,
    help=_help("The task [default: from the file name].", "编程任务 [默认：由文件名推断]。"),
)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option(
    "--gradescope",
    type=click.Path(dir_okay=False),
    default=None,
    help=_help("Also write Gradescope's results.json to FILE.", "同时把 Gradescope 的 results.json 写入 FILE。"),
)
@_limit_options
@click.option(
    "--seed",
    type=click.IntRange(0, 2**31 - 1),
    default=0,
    show_default=True,
    envvar="MLEXAM_SEED",
    help=_help(
        "Seed of the generated cases (instructors: pick a private one; MLEXAM_SEED keeps it off the "
        "command line, which other users of the machine can read).",
        "生成测试用例的种子（教师请选一个私有种子；用 MLEXAM_SEED 给出，它就不会出现在命令行里，"
        "而命令行是本机其他用户都能看到的）。",
    ),
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help=_help(
        "Submissions graded at once, for a folder [default: the number of cores].",
        "为文件夹评分时同时评分的提交数 [默认：CPU 核数]。",
    ),
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False),
    default=None,
    help=_help("For a folder: write the gradebook to FILE.", "为文件夹评分时：把成绩册写入 FILE。"),
)
@click.option(
    "--feedback-dir",
    type=click.Path(file_okay=False),
    default=None,
    help=_help(
        "For a folder: write one Markdown feedback file per student into DIR.",
        "为文件夹评分时：在 DIR 中为每个学生写一份 Markdown 反馈文件。",
    ),
)
@click.option(
    "--similarity",
    "similarity",
    type=click.FloatRange(0, 1),
    default=None,
    is_flag=False,
    flag_value=0.8,
    metavar="[SHARE]",
    help=_help(
        "For a folder: list pairs of submissions (and submission vs reference) sharing at least SHARE "
        "of their code fingerprints [flag alone: 0.8].",
        "为文件夹评分时：列出代码指纹相同部分至少占 SHARE 的提交对（以及与参考答案相似的提交）[只写选项不给值：0.8]。",
    ),
)
@click.option(
    "--instructor",
    is_flag=True,
    help=_help("The instructor's view: reports name the seed of the cases.", "教师视图：报告中注明测试用例的种子。"),
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help=_help(
        "Exit with status 1 when one submission scores below PCT percent (GitHub Classroom).",
        "有一份提交的得分低于 PCT% 时以状态码 1 退出（GitHub Classroom）。",
    ),
)
@_fail_cleanly
def grade(
    submission,
    model,
    fmt,
    gradescope,
    timeout,
    budget,
    seed,
    jobs,
    csv_path,
    feedback_dir,
    similarity,
    instructor,
    fail_under,
    allow_unisolated,
):
    """Grade a .py or .ipynb submission (or every one in a folder and its subfolders) in a sandbox."""
    from functools import partial
    from pathlib import Path

    from grader.autograde import report
    from grader.autograde.grade import grade as grade_submission

    grade_one = partial(grade_submission, timeout=timeout, budget=budget)
    path = Path(submission)
    if (path.is_dir() or gradescope) and not allow_unisolated:
        _refuse_unisolated()
    if path.is_dir():
        if gradescope or fail_under is not None:
            option = "--gradescope" if gradescope else "--fail-under"
            raise UserError(
                T(
                    "{option} is for one submission; give a file, not the folder {path}.",
                    "{option} 只用于单份提交；请给出一个文件，而不是文件夹 {path}。",
                    option=option,
                    path=str(path),
                )
            )
        _grade_folder(grade_one, path, model, fmt, seed, jobs, csv_path, feedback_dir, similarity, instructor)
        return
    if csv_path or feedback_dir or similarity is not None:
        option = "--csv" if csv_path else "--feedback-dir" if feedback_dir else "--similarity"
        raise UserError(
            T(
                "{option} is for a folder of submissions; give a folder.",
                "{option} 用于一个装有多份提交的文件夹；请给出文件夹。",
                option=option,
            )
        )
    if gradescope:
        from grader.autograde import sandbox

        sandbox.protect(path.parent)  # where that takes a chmod: nothing else submitted there is readable
    result = grade_one(path, model, seed)
    click.echo(report.to_json(result, instructor) if fmt == "json" else report.text(result, instructor), nl=False)
    if gradescope:
        _write_atomically(gradescope, report.gradescope(result))
    if fail_under is not None and 100 * result.score < fail_under * result.max_score:
        sys.exit(1)


def _refuse_unisolated():
    """Graded coursework needs learner code kept away from the reference and the network."""
    from grader.autograde import sandbox

    if sandbox.level() == "plain":
        raise UserError(
            T(
                "refusing to grade: learner code could only run here as {isolation}. Run as root "
                "(with libseccomp installed) or where user namespaces are allowed, or pass --allow-unisolated.",
                "拒绝评分：学生代码在这里只能这样运行——{isolation}。请以 root 身份运行（并安装 libseccomp），"
                "或在允许用户命名空间的环境中运行，或加上 --allow-unisolated。",
                isolation=sandbox.isolation_text(),
            )
        )


def _grade_folder(grade_one, folder, model, fmt, seed, jobs, csv_path, feedback_dir, similarity, instructor):
    """Every .py and .ipynb file in `folder` and its subfolders (any case of suffix), graded
    `jobs` at a time, with a progress bar. A file that cannot be graded (named after no
    task, unreadable) gets a row with the reason; it never stops the others."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    from grader.autograde import report, sandbox

    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".py", ".ipynb") and p.is_file())
    if not files:
        raise UserError(
            T(
                "{folder} holds no .py or .ipynb submissions.",
                "{folder} 中没有 .py 或 .ipynb 格式的提交。",
                folder=str(folder),
            )
        )
    sandbox.protect(folder)  # no learner reads another's submission (where that takes a chmod)
    jobs = jobs or os.cpu_count() or 1
    with (
        ThreadPoolExecutor(jobs) as pool,
        click.progressbar(length=len(files), label=str(T("grading", "评分中")), file=sys.stderr) as bar,
    ):
        results = []
        for result in pool.map(lambda p: _grade_or_error(grade_one, p, model, seed), files):
            results.append(result)
            bar.update(1)
    matches = _similar(files, results, similarity) if similarity is not None else None
    if fmt == "json":
        out = {"reports": [report.to_dict(r, instructor) for r in results]}
        if matches is not None:
            out["similarity"] = [vars(m) for m in matches]
        click.echo(json.dumps(out, indent=2))
    else:
        for r in results:
            click.echo(f"{r.submission}: {r.score:g} / {r.max_score:g}" + (f"  ({r.error})" if r.error else ""))
        if matches is not None:
            heading = T(
                "similar code (at least {share:.0%} of the fingerprints shared): {n} pairs",
                "相似代码（至少 {share:.0%} 的代码指纹相同）：{n} 对",
                share=similarity,
                n=len(matches),
            )
            click.echo(f"\n{heading}")
            for m in matches:
                click.echo(
                    f"  {m.similarity:4.0%}  {m.left} {_lines(m.left_lines)}  ~  {m.right} {_lines(m.right_lines)}"
                )
    if csv_path:
        _write_atomically(csv_path, report.gradebook(results, folder))
        wrote = T(
            "wrote the gradebook of {n} submissions to {path}",
            "已把 {n} 份提交的成绩册写入 {path}",
            n=len(results),
            path=csv_path,
        )
        click.echo(wrote, err=True)
    if feedback_dir:
        _write_feedback(feedback_dir, results, folder)


def _similar(files, results, threshold):
    """Pairs of submissions, and submissions vs the shipped reference of their task, whose
    code is nearly the same (grader/autograde/similarity.py)."""
    from grader.autograde.grade import load_source
    from grader.autograde.similarity import similar_pairs
    from grader.autograde.tasks import SOLUTIONS_DIR, tasks

    sources = {}
    for path in files:
        try:
            sources[str(path)] = load_source(path)
        except UserError:
            continue
    models = {r.model for r in results} & set(tasks())
    references = {
        str(T("solutions/{m}.py (the reference)", "solutions/{m}.py（参考答案）", m=m)): (
            SOLUTIONS_DIR / f"{m}.py"
        ).read_text(encoding="utf-8")
        for m in models
    }
    return similar_pairs(sources, references, threshold)


def _lines(regions):
    """`lines 3-5, 9`: where two submissions share code."""
    if not regions:
        return ""
    spans = join(f"{a}-{b}" if a != b else str(a) for a, b in regions)
    return str(T("lines {spans}", "第 {spans} 行", spans=spans))


def _write_feedback(directory, results, folder):
    """One Markdown file per student (a second submission of the same student gets -2, -3, ...)."""
    from grader.autograde import report

    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        raise UserError(
            T(
                "cannot create {directory}: {reason}.",
                "无法创建 {directory}：{reason}。",
                directory=directory,
                reason=_os_reason(error),
            )
        ) from None
    used = set()
    for result in results:
        name = report.student_of(result.submission, folder)
        stem, n = name, 1
        while stem in used:
            n += 1
            stem = f"{name}-{n}"
        used.add(stem)
        _write_atomically(os.path.join(directory, f"{stem}.md"), report.feedback(result))
    wrote = T(
        "wrote {n} feedback files to {directory}",
        "已把 {n} 份反馈文件写入 {directory}",
        n=len(results),
        directory=directory,
    )
    click.echo(wrote, err=True)


def _grade_or_error(grade_one, path, model, seed):
    """A submission that cannot be read still gets a row in the gradebook."""
    from grader.autograde.grade import NOT_RUN, Report

    try:
        return grade_one(path, model, seed)
    except UserError as error:  # its Text, shown when the report is written (this runs on a worker thread)
        return Report(str(path), model or "?", seed, NOT_RUN, error=error.args[0] if error.args else str(error))


def _table_row(values, widths):
    """One line of the stats table: the topic and the dates aligned left, the counts right,
    padded by terminal columns (a Chinese character takes two); the last column is not padded."""
    from exercises.core.columns import cells

    right, gaps = (False, True, True, False, False, False), ("", " ", " ", "  ", "  ", "  ")
    out = []
    for i, (value, width) in enumerate(zip(values, widths)):
        pad = " " * (width - cells(value)) if i < len(values) - 1 or right[i] else ""
        out.append(gaps[i] + (pad + value if right[i] else value + pad))
    return "".join(out)


def _stats_json(row):
    out = dict(vars(row))
    for key, value in out.items():
        if hasattr(value, "isoformat"):
            out[key] = value.isoformat()
    return out


def _when(moment):
    """A moment in 11 columns: month, day and time this year, else the date."""
    from datetime import datetime

    if not moment:
        return "-"
    local = moment.astimezone()
    return local.strftime("%m-%d %H:%M" if local.year == datetime.now().year else "%Y-%m-%d")


def _text_width(output) -> int:
    """Columns for text: the terminal's (at most 100, a comfortable line to read; 80 when
    it cannot tell), and 80 in a file."""
    import shutil

    if output is not None:
        return 80
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def _format(fmt, output):
    """--format, else the output file's suffix (a file without one is text; one we do not
    write is refused, not filled with text), else text."""
    if fmt:
        return fmt
    suffix = os.path.splitext(output or "")[1].lower()
    if suffix and suffix not in SUFFIX_FORMATS:
        raise UserError(
            T(
                "mlexam does not write {suffix} files; name the file with one of {known}, or give --format.",
                "mlexam 不能写出 {suffix} 文件；请用以下后缀之一命名文件：{known}，或者给出 --format。",
                suffix=suffix,
                known=" ".join(sorted(SUFFIX_FORMATS)),
            )
        )
    return SUFFIX_FORMATS.get(suffix, "text")


def _rendered(fmt):
    """The format the sheet is rendered in: a PDF is typeset from the LaTeX sheet."""
    return "tex" if fmt == "pdf" else fmt


def _emit(text, fmt, count, output):
    if fmt == "pdf":
        if output is None:
            raise UserError(
                T("a PDF is written to a file: give -o sheet.pdf.", "PDF 只能写入文件：请给出 -o sheet.pdf。")
            )
        from exercises.core.pdf import compile_pdf

        text = compile_pdf(text)
    if output is None:
        click.echo(text, nl=False)
        return
    _write_atomically(output, text)
    english = "wrote {count} problem to {output}" if count == 1 else "wrote {count} problems to {output}"
    click.echo(T(english, "已把 {count} 道题写入 {output}", count=count, output=output), err=True)


# the reasons a file cannot be written or a folder made, as the C library says them in Chinese
_OS_REASONS_ZH = {
    "ENOENT": "没有那个文件或目录",
    "EACCES": "权限不够",
    "EPERM": "不允许的操作",
    "ENOSPC": "设备上没有空间",
    "EROFS": "只读文件系统",
    "EISDIR": "是一个目录",
    "ENOTDIR": "不是目录",
    "EEXIST": "文件已存在",
    "ENAMETOOLONG": "文件名过长",
}


def _os_reason(error: OSError):
    """Why the system refused (its strerror), in Chinese too where it is a common reason."""
    import errno

    english = str(error.strerror or error)
    chinese = _OS_REASONS_ZH.get(errno.errorcode.get(error.errno, ""))
    return T("{why}", "{why_zh}", why=english, why_zh=chinese) if chinese else english


def _cannot_write(path, error):
    return UserError(
        T(
            "cannot write {path}: {reason}.",
            "无法写入 {path}：{reason}。",
            path=str(path),
            reason=_os_reason(error),
        )
    )


def _write_atomically(path, text):
    """Write the whole file or nothing (text, or the bytes of a PDF): a temporary file
    renamed into place."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mlexam-", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as error:
        os.unlink(tmp)
        raise _cannot_write(path, error) from None


def entry():
    """The `mlexam` command: main(), then an exit that skips the interpreter's last garbage
    collection (~40 ms of a 0.3 s `mlexam grade`). Everything is written, committed and
    closed by then; only unreachable cycles are left for the operating system to free."""
    import gc

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":
    entry()
