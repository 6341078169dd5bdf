"""The practice drill and the mock exam: a problem, one prompt per answer, a
verdict (or none until the end, in an exam), the worked solution, and every
answer saved the moment it is judged.

The same loop serves a terminal (colours, line editing) and a pipe (plain text,
one answer per line), so a session can be scripted. Ctrl-C, end of input,
`quit` and an exam's time limit all end it with a summary; nothing already
answered is lost, because each answer is its own committed transaction.
"""

from __future__ import annotations

import random
import shutil
import signal
import sys
import textwrap
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

import click

from exercises.core import registry
from exercises.core.columns import DEFAULT_WIDTH, cells, wrap
from exercises.core.lang import T, join, same
from exercises.core.model import Check
from exercises.core.render import chain, piece, text_chain, text_macros
from grader.practice.answers import AnswerSyntaxError, parse_answer
from grader.practice.progress import AnswerRecord, Store
from grader.practice.schedule import fresh_seed, pick, rating_for
from grader.practice.verdicts import CORRECT, ROUNDED, SKIPPED, WRONG, expected_form, judge, shape_fits

COMMANDS = T(
    "hint (formula, then numbers, then value), hint earlier (the steps before), solution (all steps), "
    "skip (this part), next (the rest of the problem), quit",
    "hint（提示：先给公式，再代入数，最后给出数值）、hint earlier（看前面的步骤）、solution（看完整解答）、"
    "skip（跳过这一问）、next（跳过这道题剩下的部分）、quit（结束）",
)
EXAMPLES = join(same(example) for example in ("3/4", "0.918", "log2(3) - 2/3", "[0.71, -0.7]", "1 2; 3 4", "14x14x6"))
# The commands in Chinese words (typed with a Chinese input method), said in the Chinese help.
ALIASES = {"提示": "hint", "跳过": "skip", "下一题": "next", "退出": "quit", "解答": "solution", "答案": "solution"}
ALIASES.update({"帮助": "help", "？": "?"})
_SAID_ALIASES = "命令也可以用中文输入：提示、跳过、下一题、退出、解答（或答案）。"
OPENING = T(
    "Practice: type answers like {examples}; or {commands}.",
    "练习开始。答案可以这样写：{examples}；也可以输入命令：{commands}。" + _SAID_ALIASES,
    examples=EXAMPLES,
    commands=COMMANDS,
)
HELP = T(
    "Type the answer ({examples}), or: {commands}.",
    "请输入答案（如 {examples}），或输入命令：{commands}。" + _SAID_ALIASES,
    examples=EXAMPLES,
    commands=COMMANDS,
)
SKIPPED_SAID = T("skipped", "已跳过")
NOT_REACHED = T("not reached", "没有做到")
TIME_IS_UP = T("time is up", "时间到")
WORKED_SOLUTION = T("Worked solution:", "详细解答：")
STYLE = {CORRECT: "green", ROUNDED: "yellow", WRONG: "red", SKIPPED: "yellow"}


def _producing_step(answer, steps) -> int:
    """The step whose value holds the answer's numbers in order (a column vector is the
    list), or, for a list gathered from several steps, its last item; the last step when
    none is."""
    same = Check(rel_tol=1e-9, abs_tol=1e-12)
    for target in (answer.value, answer.value[-1] if isinstance(answer.value, list) else None):
        for i in reversed(range(len(steps))):
            if target is not None and same.accepts(_flat(steps[i].value), _flat(target)):
                return i
    return len(steps) - 1


def _flat(value) -> list:
    return [x for item in value for x in _flat(item)] if isinstance(value, list) else [value]


def _hint_cuts(links) -> list[int]:
    """How many of a step's links each hint shows: the formula (the links without
    numbers), then the first with numbers (the substitution), then all (the value)."""
    formula = next((i for i, link in enumerate(links) if link.numbers), len(links))
    return sorted({max(formula, 1), min(formula + 1, len(links)), len(links)})


class EndOfSession(Exception):
    """Input ended, the student quit, or the exam's time ran out."""


@dataclass
class Plan:
    topics: list[str]  # empty: the scheduler chooses
    count: int
    difficulty: str | None
    seed: int | None
    exam: bool = False
    minutes: float | None = None


@dataclass
class Attempt:
    """One problem as it went: its verdicts in answer order."""

    problem: object
    verdicts: list[str] = field(default_factory=list)
    messages: list = field(default_factory=list)  # what each verdict said (Texts)
    hints: int = 0
    hint_levels: dict = field(default_factory=dict)  # answer name -> how much of its step is shown
    retries: int = 0  # parts answered right (or not) at the second try, after a wrong one
    solution_shown: bool = False
    left: bool = False  # `next` (or `skip problem`): the rest of the problem is skipped


class Console:
    """Prompts and lines: styled and with line editing on a terminal, plain on a pipe;
    prose wrapped to the terminal's width (80 on a pipe)."""

    def __init__(self, interactive: bool):
        self.interactive = interactive
        self.width = max(40, min(100, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)) if interactive else 80
        if interactive:
            try:
                import readline  # noqa: F401  (line editing and history for input())
            except ImportError:
                pass
        elif hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")  # invalid UTF-8 reaches the parser as U+FFFD

    def say(self, text="", style: str | None = None) -> None:
        """Prose (a str or a Text, shown in the language in use), wrapped to the width (each
        line keeps its indentation; a Chinese character takes two columns)."""
        self.show("\n".join(_wrapped(line, self.width) for line in str(text).split("\n")), style)

    def show(self, text: str, style: str | None = None) -> None:
        """Text laid out already (a rendered problem), as it is."""
        click.echo(click.style(text, fg=style) if style and self.interactive else text)

    def ask(self, prompt: str) -> str:
        if self.interactive:
            try:
                return input(click.style(prompt, bold=True))
            except EOFError:
                raise EndOfSession(END_OF_INPUT) from None
        click.echo(prompt)  # the input is not echoed on a pipe: end the prompt's line here
        line = sys.stdin.readline()
        if not line:
            raise EndOfSession(END_OF_INPUT)
        return line.rstrip("\r\n")


END_OF_INPUT = T("end of input", "输入结束了")


def _wrapped(line: str, width: int) -> str:
    """One line of prose in `width` columns: as it is when it fits, else filled between words
    (or between Chinese characters), the lines after the first indented two more."""
    if cells(line) <= width:
        return line
    indent = " " * (len(line) - len(line.lstrip()))
    return "\n".join(wrap(line, width, indent, indent + "  "))


class Drill:
    def __init__(self, store: Store, console: Console, plan: Plan, now=lambda: datetime.now(timezone.utc)):
        self.store, self.console, self.plan, self.now = store, console, plan, now
        self.session = uuid.uuid4().hex
        self.attempts: list[Attempt] = []
        self.planned: list[tuple[str, str, int]] = []  # an exam's problems, all chosen before it starts
        self.weakest: str | None = None  # stats' weakest topic, when the scheduler chooses
        self.deadline = None

    # --- the session ----------------------------------------------------------------

    def run(self) -> list[Attempt]:
        say = self.console.say
        if not self.plan.topics:  # the scheduler chooses: the weakest topic is never left out
            known = set(registry.topics())
            self.weakest = next((row.topic for row in self.store.stats(self.now()) if row.topic in known), None)
        if self.plan.exam:
            self.planned = self._exam_plan()
            minutes = self.plan.minutes
            say(
                T(
                    "Mock exam: {count} problems{time} No feedback until the end; "
                    "type skip to leave a part, next to leave a problem, quit to hand in.",
                    "模拟考试：共 {count} 道题{time}交卷之前不给任何反馈；"
                    "输入 skip 跳过一问，输入 next 跳过一道题，输入 quit 交卷。",
                    count=self.plan.count,
                    time=T(", {m:g} minutes.", "，限时 {m:g} 分钟。", m=minutes) if minutes else T(".", "。"),
                )
            )
            if minutes:
                self.deadline = time.monotonic() + 60 * minutes
                self._arm_alarm()
        else:
            say(OPENING)
        try:
            for number in range(1, self.plan.count + 1):
                topic, difficulty, seed = self.planned[number - 1] if self.plan.exam else self._next(number - 1)
                problem = registry.generate(topic, difficulty, seed)
                attempt = Attempt(problem)
                self.attempts.append(attempt)
                self._problem(number, attempt)
        except EndOfSession as why:
            say(T("\n{why}.", "\n{why}。", why=why.args[0]))
        except KeyboardInterrupt:
            say(T("\ninterrupted.", "\n已中断。"))
        finally:
            self._disarm_alarm()
        self._finish()
        return self.attempts

    def _exam_plan(self) -> list[tuple[str, str, int]]:
        """Every problem of the exam, chosen before it starts (a cut-short exam is scored and
        shown over all of them), in an order shuffled by the session seed."""
        plan = self.plan
        difficulty = plan.difficulty or "medium"
        if plan.topics:
            pairs = [(plan.topics[i % len(plan.topics)], difficulty) for i in range(plan.count)]
        else:
            pairs = pick(self.store, registry.topics(), [difficulty], plan.count, self.now())
            if self.weakest and all(topic != self.weakest for topic, _ in pairs):
                pairs[-1] = (self.weakest, difficulty)
        planned = [
            (topic, level, plan.seed + i if plan.seed is not None else fresh_seed(self.store, topic, level))
            for i, (topic, level) in enumerate(pairs)
        ]
        random.Random(plan.seed).shuffle(planned)
        return planned

    def _next(self, index: int) -> tuple[str, str, int]:
        plan = self.plan
        if plan.topics:
            topic = plan.topics[index % len(plan.topics)]
            difficulty = plan.difficulty or "medium"
        else:
            topic, difficulty = pick(self.store, registry.topics(), [plan.difficulty or "medium"], 1, self.now())[0]
            drilled = {attempt.problem.topic for attempt in self.attempts} | {topic}
            if index == plan.count - 1 and self.weakest and self.weakest not in drilled:
                topic = self.weakest  # the last problem, if the weakest topic has not come up yet
        seed = plan.seed + index if plan.seed is not None else fresh_seed(self.store, topic, difficulty)
        return topic, difficulty, seed

    # --- one problem ----------------------------------------------------------------------

    def _problem(self, number: int, attempt: Attempt) -> None:
        problem, say = attempt.problem, self.console.say
        view = piece(problem, "text", True, self.console.width)
        show = text_macros()
        say()
        heading = T(
            "Problem {n}/{count}: {title}  [{id}]",
            "第 {n}/{count} 题：{title}  [{id}]",
            n=number,
            count=self.plan.count,
            title=problem.title,
            id=problem.id,
        )
        say(heading, "cyan")
        self.console.show(str(show.question(view)).rstrip())
        for answer in problem.solution.answers:
            if attempt.solution_shown or attempt.left:
                self._record(attempt, answer, "", SKIPPED, None, 0.0)
                continue
            self._answer(attempt, answer, view)
        if self.plan.exam:
            return
        if any(v in (WRONG, SKIPPED) for v in attempt.verdicts) and not attempt.solution_shown:
            say("\n" + str(WORKED_SOLUTION), "cyan")
            self.console.show(str(show.solution(view)).rstrip())
        elif not attempt.solution_shown:
            coarse = sum(v == ROUNDED for v in attempt.verdicts)
            if coarse:
                said = T(
                    "Right, but {n} answer{s} rounded too coarsely: give the precision asked.",
                    "答对了，但有 {n} 个答案舍入得太粗：请按题目要求的精度作答。",
                    n=coarse,
                    s="s" if coarse > 1 else "",
                )
                say(said, "yellow")
            else:
                say(T("All answers right.", "全部答对了！"), "green")
        self._review(attempt)

    def _answer(self, attempt: Attempt, answer, view) -> None:
        problem, say = attempt.problem, self.console.say
        started = time.monotonic()
        first_try = None  # the message of a wrong first try (saved already), while the second is awaited
        while True:
            self._check_time()
            line = self._ask(answer)
            command = line.strip().lower()
            command = ALIASES.get(command.rstrip("。"), command)
            if not command:
                continue
            if command in ("quit", "exit", "q"):
                raise EndOfSession(T("you quit", "你已退出"))
            if command in ("skip", "next", "skip problem"):
                attempt.left = command != "skip"
                self._give_up(attempt, answer, first_try, time.monotonic() - started)
                return
            if command in ("help", "?"):
                say(HELP)
                continue
            if command in ("hint", "hint earlier", "solution"):
                if self.plan.exam:
                    said = T(
                        "no hints in an exam; type skip to leave this part, next to leave the problem.",
                        "考试中没有提示；输入 skip 跳过这一问，输入 next 跳过这道题。",
                    )
                    say(said)
                    continue
                if command.startswith("hint"):
                    self._hint(attempt, answer, view, earlier=command == "hint earlier")
                    continue
                self.console.show(str(text_macros().solution(view)).rstrip())
                attempt.solution_shown = True
                self._give_up(attempt, answer, first_try, time.monotonic() - started)
                return
            try:
                parsed = parse_answer(line)
            except AnswerSyntaxError as error:
                said = T(
                    "cannot read that: {error} (not counted; try again)",
                    "输入有误：{error}（这次不算，请再试一次）",
                    error=error.args[0],
                )
                say(said, "yellow")
                continue
            self._check_time()
            say(T("you entered {echo}", "你输入的是 {echo}", echo=parsed.echo))
            if not shape_fits(parsed.value, answer.value):
                said = T(
                    "that is not the right shape: the answer is {form} (not counted; try again)",
                    "形式不对：答案应是{form}（这次不算，请再试一次）",
                    form=expected_form(answer),
                )
                say(said, "yellow")
                continue
            verdict = judge(problem, answer, parsed.value)
            mistake = verdict.mistake.name if verdict.mistake else None
            seconds = time.monotonic() - started
            if not self.plan.exam:
                say(verdict.message, STYLE[verdict.kind])
                if verdict.kind == WRONG and first_try is None:  # one more try before the solution
                    first_try = verdict.message
                    attempt.retries += 1
                    self._save(attempt, answer, line, verdict.kind, mistake, seconds)
                    say(
                        T(
                            "try once more (or skip, or hint).",
                            "再试一次吧（也可以输入 skip 跳过，或输入 hint 看提示）。",
                        ),
                        "yellow",
                    )
                    continue
            self._record(attempt, answer, line, verdict.kind, mistake, seconds, verdict.message)
            return

    def _ask(self, answer) -> str:
        """The prompt: `label (form)> `, or, when that leaves too little of the line to type
        in, the label and form on lines of their own above a short `> `."""
        asked = str(T("{label} ({form})", "{label}（{form}）", label=answer.label, form=expected_form(answer)))
        if cells(self._time_left() + asked) + 2 > self.console.width - 20:
            self.console.say(asked)
            asked = ""
        return self.console.ask(f"{self._time_left()}{asked}> ")

    def _give_up(self, attempt: Attempt, answer, first_try, seconds: float) -> None:
        """The part is left: skipped, or, after a wrong first try (saved already), wrong."""
        if first_try is None:
            self._record(attempt, answer, "", SKIPPED, None, seconds)
        else:
            attempt.verdicts.append(WRONG)
            attempt.messages.append(first_try)

    def _hint(self, attempt: Attempt, answer, view, earlier: bool) -> None:
        """`hint`: the step that gives this answer, a little more each time: its formula,
        then the numbers substituted, then its value. `hint earlier`: the steps before it."""
        say, steps = self.console.say, attempt.problem.solution.steps
        index = _producing_step(answer, steps)
        if earlier:
            if not index:
                say(T("no step comes before this one.", "这一步前面没有别的步骤了。"))
                return
            attempt.hints += 1
            for i in range(index):
                self.console.show(str(text_macros().step(view["steps"][i], i + 1, view["width"])).rstrip())
            return
        links = chain(steps[index])
        cuts = _hint_cuts(links)
        level = attempt.hint_levels.get(answer.name, 0)
        if level >= len(cuts):
            said = T(
                "the whole step is shown; type the answer, or hint earlier, or skip.",
                "这一步已经全部给出了；请输入答案，或输入 hint earlier 看前面的步骤，或输入 skip 跳过。",
            )
            say(said)
            return
        attempt.hint_levels[answer.name] = level + 1
        attempt.hints += 1
        said = T(
            "hint {k}/{n}, step {i}: {title}",
            "提示 {k}/{n}，第 {i} 步：{title}",
            k=level + 1,
            n=len(cuts),
            i=index + 1,
            title=steps[index].title,
        )
        say(said)
        self.console.show(textwrap.indent(text_chain(links[: cuts[level]], self.console.width - 3), "   "))

    def _record(self, attempt, answer, typed, verdict, mistake, seconds, message=SKIPPED_SAID) -> None:
        """The part's final verdict: kept for the problem's summary, and saved."""
        attempt.verdicts.append(verdict)
        attempt.messages.append(message)
        self._save(attempt, answer, typed, verdict, mistake, seconds)

    def _save(self, attempt, answer, typed, verdict, mistake, seconds) -> None:
        """One judged answer, committed at once (a first wrong try is saved too)."""
        problem = attempt.problem
        with shielded():
            self.store.record_answer(
                AnswerRecord(
                    session=self.session,
                    mode="exam" if self.plan.exam else "practice",
                    problem_id=problem.id,
                    topic=problem.topic,
                    difficulty=problem.difficulty,
                    seed=problem.seed,
                    answer=answer.name,
                    typed=typed,
                    verdict=verdict,
                    mistake=mistake,
                    hints=attempt.hints,
                    seconds=round(seconds, 3),
                    at=self.now(),
                )
            )

    def _review(self, attempt: Attempt) -> None:
        """The problem's rating for the scheduler: recorded once it is complete."""
        problem = attempt.problem
        if len(attempt.verdicts) == len(problem.solution.answers):
            rating = rating_for(attempt.verdicts, attempt.hints + attempt.retries)
            with shielded():
                self.store.record_review(problem.topic, problem.difficulty, rating, self.now(), self.session)

    # --- the end ------------------------------------------------------------------------

    def _finish(self) -> None:
        say = self.console.say
        if self.plan.exam:
            for attempt in self.attempts:
                self._review(attempt)
            self._exam_report()
            say(T("Progress saved in {path}.", "进度已保存到 {path}。", path=self.store.path))
            return
        answered = [v for o in self.attempts for v in o.verdicts]
        done = sum(len(o.verdicts) == len(o.problem.solution.answers) for o in self.attempts)
        say()
        summary = T(
            "Summary: {done} problem{s} finished; {right} of {answered} answers right "
            "({rounded} more rounded too coarsely, {wrong} wrong, {skipped} skipped).",
            "小结：完成了 {done} 道题；{answered} 个答案中答对 {right} 个"
            "（另有 {rounded} 个舍入得太粗，{wrong} 个错误，{skipped} 个跳过）。",
            done=done,
            s="s" if done != 1 else "",
            right=sum(v == CORRECT for v in answered),
            answered=len(answered),
            rounded=sum(v == ROUNDED for v in answered),
            wrong=sum(v == WRONG for v in answered),
            skipped=sum(v == SKIPPED for v in answered),
        )
        say(summary)
        say(T("Progress saved in {path}.", "进度已保存到 {path}。", path=self.store.path))

    def _exam_report(self) -> None:
        """One total over every answer of every planned problem (those not reached count as
        unanswered), then each problem with its verdicts and its worked solution."""
        say = self.console.say
        attempts = self.attempts + [
            Attempt(registry.generate(*planned)) for planned in self.planned[len(self.attempts) :]
        ]
        total = sum(len(o.problem.solution.answers) for o in attempts)
        verdicts = [v for o in attempts for v in o.verdicts]
        right, rounded = verdicts.count(CORRECT), verdicts.count(ROUNDED)
        unanswered = total - len(verdicts) + verdicts.count(SKIPPED)
        notes = [T("{n} rounded too coarsely: no credit", "{n} 个舍入得太粗，不得分", n=rounded)] * bool(rounded)
        notes += [T("{n} unanswered", "{n} 个没有作答", n=unanswered)] * bool(unanswered)
        end = T(" ({notes}).", "（{notes}）。", notes=join(notes, T("; ", "；"))) if notes else T(".", "。")
        say()
        say(
            T(
                "Exam score: {right} / {total} answers right{end}",
                "考试成绩：答对 {right} / {total} 个答案{end}",
                right=right,
                total=total,
                end=end,
            ),
            "cyan",
        )
        show = text_macros()
        for number, attempt in enumerate(attempts, 1):
            problem = attempt.problem
            heading = T(
                "\nProblem {n}: {title}  [{id}]",
                "\n第 {n} 题：{title}  [{id}]",
                n=number,
                title=problem.title,
                id=problem.id,
            )
            say(heading, "cyan")
            for i, answer in enumerate(problem.solution.answers):
                verdict = attempt.verdicts[i] if i < len(attempt.verdicts) else None
                message = attempt.messages[i] if i < len(attempt.messages) else NOT_REACHED
                say(
                    T("  {label}: {message}", "  {label}：{message}", label=answer.label, message=message),
                    STYLE.get(verdict),
                )
            say(WORKED_SOLUTION)
            self.console.show(str(show.solution(piece(problem, "text", True, self.console.width))).rstrip())

    # --- the exam clock -------------------------------------------------------------------

    def _time_left(self) -> str:
        """ "[12:30 left] " before an exam's prompts when it has a time limit."""
        if self.deadline is None:
            return ""
        seconds = max(0, int(self.deadline - time.monotonic()))
        return str(T("[{m}:{s:02d} left] ", "[剩余 {m}:{s:02d}] ", m=seconds // 60, s=seconds % 60))

    def _check_time(self) -> None:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise EndOfSession(TIME_IS_UP)

    def _arm_alarm(self) -> None:
        if hasattr(signal, "SIGALRM"):

            def time_up(signum, frame):
                raise EndOfSession(TIME_IS_UP)  # deferred by `shielded` while saving

            signal.signal(signal.SIGALRM, time_up)
            signal.setitimer(signal.ITIMER_REAL, max(0.001, self.deadline - time.monotonic()))

    def _disarm_alarm(self) -> None:
        if self.deadline is not None and hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)


class shielded:
    """Hold Ctrl-C and the exam alarm while a record is written, then deliver them,
    so a signal can end the session but never cut a transaction in half."""

    SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGALRM") if hasattr(signal, name)]

    def __enter__(self):
        self.pending = []
        self.saved = {}
        for signum in self.SIGNALS:
            handler = signal.getsignal(signum)
            if callable(handler):
                self.saved[signum] = handler
                signal.signal(signum, lambda number, frame: self.pending.append((number, frame)))
        return self

    def __exit__(self, *exc):
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)
        for number, frame in self.pending:
            self.saved[number](number, frame)
        return False


def bar(fraction: float, width: int = 20) -> str:
    """A bar of `width` cells for a fraction in [0, 1], in eighths."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")).ljust(width, "·")
