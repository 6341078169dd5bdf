"""`mlexam practice` and `mlexam stats`, end to end: scripted sessions through a
pipe (CliRunner), a real terminal through a pseudo-terminal (pexpect), and the
progress they leave in the database."""

import json
import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner

from exercises.core import registry
from exercises.core.render import value_text
from mlexam import main

ROOT = Path(__file__).resolve().parents[3]  # the project: tests/grader/<half>/this file


def typed(answer) -> str:
    """The answer as a student types it: the digits the tolerance asks for."""
    return value_text(answer.value, answer.check.decimals or 0)


def practice(db, *args, lines=()):
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(main, ["practice", "--db", str(db), *args], input=text, catch_exceptions=False)


def _terminal_signals():
    """Ctrl-C reaches the child as in a terminal of its own, even when the tests run in the
    background, where the shell has set SIGINT to ignored and exec keeps it so."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(db, *args, **options):
    """`mlexam practice ARGS --db DB` in a pseudo-terminal."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return pexpect.spawn(
        sys.executable,
        [str(ROOT / "mlexam.py"), "practice", *args, "--db", str(db)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=30,
        preexec_fn=_terminal_signals,
        **options,
    )


def rows(db, sql):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_a_right_session_is_all_correct_and_saved(tmp_path):
    db = tmp_path / "progress.sqlite3"
    problem = registry.generate("entropy", "medium", 3)
    lines = [typed(a) for a in problem.solution.answers]
    result = practice(db, "entropy", "--count", "1", "--seed", "3", lines=lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "entropy#3" in out and out.count("\ncorrect") == len(lines) and "All answers right." in out
    assert "you entered" in out and "Summary: 1 problem finished; 4 of 4 answers right" in out
    saved = rows(db, "SELECT problem_id, answer, typed, verdict FROM answers ORDER BY rowid")
    assert [(r[0], r[1], r[2], r[3]) for r in saved] == [
        ("entropy#3", a.name, t, "correct") for a, t in zip(problem.solution.answers, lines)
    ]
    assert rows(db, "SELECT topic, difficulty, rating FROM reviews") == [("entropy", "medium", "good")]


def test_wrong_answers_name_the_mistake_and_show_the_solution(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "medium", 3)
    ln = next(m for m in problem.mistakes if m.name == "ln_instead_of_log2")
    lines = [value_text(ln.answers["H_parent"], 3), "next"]
    result = practice(db, "entropy", "--count", "1", "--seed", "3", lines=lines)
    out = result.output
    assert "wrong: you used ln instead of log₂" in out
    assert "Worked solution:" in out and "Information gain" in out
    saved = rows(db, "SELECT answer, verdict, mistake FROM answers ORDER BY rowid")
    assert saved[0] == ("H_parent", "wrong", "ln_instead_of_log2")
    assert all(verdict == "skipped" for _, verdict, _ in saved[1:]) and len(saved) == 4
    assert rows(db, "SELECT rating FROM reviews") == [("again",)]


def test_unreadable_input_is_explained_and_not_counted(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("confusion_metrics", "easy", 5)
    lines = ["3/", "__import__('os').system('echo pwned')", "[1, 2, 3]", "hint"] + [
        typed(a) for a in problem.solution.answers
    ]
    result = practice(db, "confusion_metrics", "-d", "easy", "--count", "1", "--seed", "5", lines=lines)
    out = result.output
    assert out.count("cannot read that:") == 2 and "pwned" not in out.replace("system('echo pwned')", "")
    assert "not the right shape: the answer is a number" in out
    assert "hint 1/" in out  # the hint showed the formula of the answer's step
    saved = rows(db, "SELECT typed, verdict, hints FROM answers")
    assert len(saved) == len(problem.solution.answers) and all(v == "correct" for _, v, _ in saved)
    assert rows(db, "SELECT rating FROM reviews") == [("hard",)]  # right, but after a hint


def test_quit_and_end_of_input_end_with_a_summary_and_keep_what_was_answered(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("pca", "medium", 11)
    first = typed(problem.solution.answers[0])
    result = practice(db, "pca", "--count", "3", "--seed", "11", lines=[first, "quit"])
    assert result.exit_code == 0 and "you quit" in result.output and "Summary: 0 problems finished" in result.output
    result = practice(db, "pca", "--count", "3", "--seed", "11", lines=[first])  # then input ends
    assert result.exit_code == 0 and "end of input" in result.output
    assert rows(db, "SELECT count(*), min(verdict), max(verdict) FROM answers") == [(2, "correct", "correct")]
    assert rows(db, "SELECT count(*) FROM reviews") == [(0,)]  # no problem was finished


def test_skip_leaves_one_part_and_next_the_rest_and_a_skip_is_not_a_wrong_answer(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "medium", 3)
    answers = problem.solution.answers
    lines = [typed(answers[0]), "skip"] + [typed(a) for a in answers[2:]]
    out = practice(db, "entropy", "--count", "1", "--seed", "3", lines=lines).output
    assert rows(db, "SELECT verdict FROM answers ORDER BY rowid") == [
        ("correct",),
        ("skipped",),
        *[("correct",)] * (len(answers) - 2),
    ]
    assert f"{len(answers) - 1} of {len(answers)} answers right" in out and "1 skipped" in out
    stats = json.loads(CliRunner().invoke(main, ["stats", "--db", str(db), "--format", "json"]).output)["topics"]
    assert stats[0]["accuracy"] == 1.0  # the skipped part is not a failed attempt
    practice(db, "entropy", "--count", "1", "--seed", "4", lines=["next"])
    assert rows(db, "SELECT COUNT(*) FROM answers WHERE verdict = 'skipped'") == [(1 + len(answers),)]


def test_a_wrong_answer_gets_one_more_try_before_the_solution(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "medium", 3)
    answers = problem.solution.answers
    assert [a.name for a in answers] == ["H_parent", "H_children", "H_conditional", "info_gain"]
    lines = ["0.123", typed(answers[0]), typed(answers[1]), "0.123", "0.456", typed(answers[3])]
    out = practice(db, "entropy", "--count", "1", "--seed", "3", lines=lines).output
    assert out.count("try once more") == 2
    assert rows(db, "SELECT verdict FROM answers ORDER BY rowid") == [
        ("wrong",),
        ("correct",),  # right at the second try
        ("correct",),
        ("wrong",),
        ("wrong",),  # wrong twice: then the part is wrong, and the solution comes
        ("correct",),
    ]
    assert f"{len(answers) - 1} of {len(answers)} answers right" in out and "Worked solution:" in out
    assert rows(db, "SELECT rating FROM reviews") == [("again",)]
    lines = ["0.123", typed(answers[0])] + [typed(a) for a in answers[1:]]
    practice(tmp_path / "q.sqlite3", "entropy", "--count", "1", "--seed", "3", lines=lines)
    assert rows(tmp_path / "q.sqlite3", "SELECT rating FROM reviews") == [("hard",)]  # right, after a second try


def test_hints_give_the_answers_own_step_formula_then_numbers_then_value(tmp_path):
    """The issue: five hints to reach the conditional-entropy step, which by then showed the
    value. Now the first hint at that prompt is that step's formula."""
    problem = registry.generate("entropy", "medium", 3)
    answers = problem.solution.answers
    lines = [typed(answers[0]), typed(answers[1]), "hint", "hint", "hint", "hint", "hint earlier", typed(answers[2])]
    lines += [typed(answers[3])]
    out = practice(tmp_path / "p.sqlite3", "entropy", "--count", "1", "--seed", "3", lines=lines).output
    steps = problem.solution.steps
    index = next(i for i in reversed(range(len(steps))) if steps[i].value == answers[2].value)
    value = f"{answers[2].value:.4f}"
    hints = out.split("hint 1/3")[1].split("the whole step is shown")[0].split("hint ")
    header = f"step {index + 1}: {steps[index].title}"
    assert len(hints) == 3 and all(header in " ".join(h.split()) for h in hints)  # wrapped to 80 columns
    assert value not in hints[0] and value not in hints[1] and value in hints[2]  # the value comes last
    assert len(hints[1]) > len(hints[0])  # the substitution adds to the formula
    assert "1. " in out.split("the whole step is shown")[1]  # hint earlier: the steps before it
    assert "All answers right" in out


def test_mistakes_drills_the_topics_of_the_most_frequent_mistakes(tmp_path):
    db = tmp_path / "p.sqlite3"
    fresh = practice(db, "--mistakes", lines=[])
    assert fresh.exit_code == 2 and "no mistake is recorded yet" in fresh.output
    for seed in (3, 4):  # ln instead of log2, twice, in entropy; once a swapped precision in confusion_metrics
        problem = registry.generate("entropy", "medium", seed)
        ln = next(m for m in problem.mistakes if m.name == "ln_instead_of_log2")
        practice(
            db, "entropy", "--count", "1", "--seed", str(seed), lines=[value_text(ln.answers["H_parent"], 3), "next"]
        )
    swapped = registry.generate("confusion_metrics", "easy", 1)
    wrong = next(m for m in swapped.mistakes if m.name == "precision_recall_swapped").answers
    lines = [typed(swapped.answer("accuracy")), value_text(wrong["precision"], 3), "next"]
    practice(db, "confusion_metrics", "-d", "easy", "--count", "1", "--seed", "1", lines=lines)
    out = practice(db, "--mistakes", "--count", "2", "--seed", "9", lines=["next", "next"]).output
    heading = out.split("Your most frequent mistakes:\n")[1].split("\n\n")[0].splitlines()
    assert heading[:2] == [  # each by its family's title and the mistake's label
        "  Entropy and information gain: ln instead of log₂ (2x)",
        "  Confusion-matrix metrics: precision and recall swapped (1x)",
    ]
    assert "[entropy#9]" in out and "[confusion_metrics#10]" in out  # the topics, in that order
    assert practice(db, "entropy", "--mistakes", lines=[]).exit_code == 2
    with sqlite3.connect(db) as connection:  # a name no family declares (an older mlexam's): its words
        connection.execute("UPDATE answers SET mistake = 'log_base_e' WHERE mistake = 'ln_instead_of_log2'")
    out = practice(db, "--mistakes", "--count", "1", "--seed", "9", lines=["next"]).output
    assert "  Entropy and information gain: log base e (2x)\n" in out


def test_prose_is_filled_between_words_hyphenated_words_and_paths_whole():
    from grader.practice.drill import _wrapped

    line = "   the non-negative weights of /a/path/longer/than/the/line/itself.py are kept, and so is H(S|A)."
    assert _wrapped(line, 30).split("\n") == [
        "   the non-negative weights of",
        "     /a/path/longer/than/the/line/itself.py",
        "     are kept, and so is",
        "     H(S|A).",
    ]
    assert _wrapped("Problem 1/2: Entropy  [entropy#1]", 40) == "Problem 1/2: Entropy  [entropy#1]"  # fits: as it is
    chinese = _wrapped("第 2 层：池化窗口为 3x3，步长为 2。", 20).split("\n")
    assert chinese == ["第 2 层：池化窗口", "  为 3x3，步长为 2。"]  # two columns a character; 3x3 with its word


def test_the_scheduler_picks_topics_when_none_are_given(tmp_path):
    db = tmp_path / "p.sqlite3"
    result = practice(db, "--count", "2", "--seed", "1", lines=["next", "next"])
    assert result.exit_code == 0, result.output
    topics = [r[0] for r in rows(db, "SELECT DISTINCT topic FROM answers")]
    assert len(topics) == 2  # two different topics never practised before


def exam_order(db, *args) -> list[str]:
    """The problem ids of an exam, in its order: handed in at once, the report lists them all."""
    out = practice(db, *args, lines=["quit"]).output
    return re.findall(r"^Problem \d+: .*  \[(.+)\]$", out, flags=re.M)


def shifted(value):
    """A wrong value of the right shape: every number plus 1."""
    return [shifted(v) for v in value] if isinstance(value, list) else value + 1


def test_exam_mode_gives_no_feedback_until_the_end(tmp_path):
    db = tmp_path / "p.sqlite3"
    args = ("attention", "cnn_output", "--exam", "--count", "2", "--seed", "2")
    order = exam_order(tmp_path / "first-look.sqlite3", *args)
    assert sorted(order) == ["attention#2", "cnn_output#3"]
    first, second = (registry.generate(*registry.parse_id(i)) for i in order)
    wrong = second.solution.answers[0]
    lines = [typed(a) for a in first.solution.answers] + [value_text(shifted(wrong.value), 4), "next"]
    out = practice(db, *args, lines=lines).output
    before, after = out.split("Exam score:")
    assert "correct" not in before and "wrong" not in before
    total = len(first.solution.answers) + len(second.solution.answers)
    unanswered = len(second.solution.answers) - 1
    assert f" {len(first.solution.answers)} / {total} answers right ({unanswered} unanswered)." in after
    assert after.count("Worked solution:") == 2 and after.count("wrong") >= 1
    assert "Summary:" not in out  # one total, shown once
    assert rows(db, "SELECT DISTINCT mode FROM answers") == [("exam",)]
    assert sorted(rows(db, "SELECT topic, rating FROM reviews")) == sorted(
        [(first.topic, "good"), (second.topic, "again")]
    )


def test_an_exam_cut_short_is_scored_and_shown_over_every_planned_problem(tmp_path):
    out = practice(
        tmp_path / "p.sqlite3", "entropy", "pca", "attention", "--exam", "--count", "3", "--seed", "7", lines=["quit"]
    ).output
    total = sum(
        len(registry.generate(*registry.parse_id(i)).solution.answers)
        for i in re.findall(r"^Problem \d+: .*  \[(.+)\]$", out, flags=re.M)
    )
    assert f"Exam score: 0 / {total} answers right ({total} unanswered)." in out
    assert out.count("Worked solution:") == 3 and out.count("not reached") == total


def test_exam_order_is_shuffled_by_the_session_seed(tmp_path):
    topics = ("entropy", "pca", "attention", "cnn_output")
    firsts = {
        exam_order(tmp_path / f"{seed}.sqlite3", *topics, "--exam", "--count", "4", "--seed", str(seed))[0]
        for seed in range(1, 9)
    }
    assert len({first.split("#")[0] for first in firsts}) > 1  # not always the same first topic
    again = exam_order(tmp_path / "again.sqlite3", *topics, "--exam", "--count", "4", "--seed", "3")
    assert again == exam_order(tmp_path / "3.sqlite3", *topics, "--exam", "--count", "4", "--seed", "3")


def test_an_answer_rounded_too_coarsely_earns_no_exam_credit(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "medium", 5)
    first = problem.solution.answers[0]
    coarse = f"{first.value:.1f}"  # H(S) = 0.9183 asked to 3 decimals, typed as 0.9
    lines = [coarse] + [typed(a) for a in problem.solution.answers[1:]]
    out = practice(db, "entropy", "--exam", "--count", "1", "--seed", "5", lines=lines).output
    total = len(problem.solution.answers)
    assert f"Exam score: {total - 1} / {total} answers right (1 rounded too coarsely: no credit)." in out, out
    assert rows(db, "SELECT verdict FROM answers ORDER BY rowid")[0] == ("rounded",)
    out = practice(tmp_path / "q.sqlite3", "entropy", "--count", "1", "--seed", "5", lines=lines).output
    assert "correct, but rounded too coarsely: give 3 decimals" in out
    assert "Right, but 1 answer rounded too coarsely: give the precision asked." in out
    assert f"Summary: 1 problem finished; {total - 1} of {total} answers right (1 more rounded too coarsely" in out
    assert "All answers right" not in out


def test_exam_time_limit_ends_the_exam(tmp_path):
    db = tmp_path / "p.sqlite3"
    # 3 s: the first problem is made and drawn on the clock (near a second on a busy machine)
    child = spawn(db, "--exam", "--minutes", "0.05", "--count", "2", "--seed", "1")
    child.expect(r"\[0:0[0-3] left\] ")  # the time left, at each prompt
    child.expect("> ")
    child.expect("time is up")  # about 3 s later, while waiting at the prompt
    child.expect("Exam score: 0 / ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_real_terminal_session(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("cnn_output", "easy", 4)
    child = spawn(db, "cnn_output", "-d", "easy", "--count", "1", "--seed", "4", dimensions=(50, 120))
    child.expect("cnn_output:easy#4")
    for answer in problem.solution.answers:
        child.expect("> ")
        child.sendline(typed(answer))
        child.expect("correct")
    child.expect("All answers right")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(db, "SELECT count(*) FROM answers WHERE verdict = 'correct'") == [(len(problem.solution.answers),)]


def test_ctrl_c_in_a_terminal_ends_cleanly_and_keeps_answers(tmp_path):
    db = tmp_path / "p.sqlite3"
    problem = registry.generate("entropy", "easy", 9)
    child = spawn(db, "entropy", "-d", "easy", "--count", "2", "--seed", "9")
    child.expect("> ")
    child.sendline(typed(problem.solution.answers[0]))
    child.expect("correct")
    child.expect("> ")
    child.sendintr()
    child.expect("interrupted")
    child.expect("Summary")
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")
    assert child.exitstatus == 0
    assert rows(db, "SELECT answer, verdict FROM answers") == [("H_parent", "correct")]


def test_stats_lists_weakest_topics_first_with_bars(tmp_path):
    db = tmp_path / "p.sqlite3"
    good = registry.generate("cnn_output", "medium", 1)
    practice(db, "cnn_output", "--count", "1", "--seed", "1", lines=[typed(a) for a in good.solution.answers])
    practice(db, "entropy", "--count", "1", "--seed", "1", lines=["0", "next"])
    result = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("entropy") and lines[2].startswith("cnn_output")
    assert "█" in lines[2]
    data = json.loads(CliRunner().invoke(main, ["stats", "--db", str(db), "--format", "json"]).output)
    # right after the session the current recall of every card is 100 %: a horizon says more
    assert data["recall_horizon_days"] == 7 and "recall in 7 days" in result.output
    assert all(0 < t["recall"] < 1 for t in data["topics"])
    entropy = next(t for t in data["topics"] if t["topic"] == "entropy")
    assert entropy["attempts"] == 4 and entropy["correct"] == 0


def test_bad_database_and_options_are_one_sentence(tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    before = broken.read_bytes()
    for args in (["practice", "entropy", "--db", str(broken)], ["stats", "--db", str(broken)]):
        result = CliRunner().invoke(main, args, input="")
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert result.output.startswith("Error: ") and "untouched" in result.output
    assert broken.read_bytes() == before
    result = CliRunner().invoke(main, ["stats", "--db", str(tmp_path / "none.sqlite3")])
    assert result.exit_code == 2 and "no practice recorded yet" in result.output
    result = CliRunner().invoke(main, ["practice", "entropyy", "--db", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 2 and "unknown topic" in result.output
    result = CliRunner().invoke(main, ["practice", "--minutes", "5", "--db", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 2 and "--exam" in result.output


def test_kill_9_in_the_middle_of_a_session_loses_nothing_answered(tmp_path):
    import signal

    db = tmp_path / "p.sqlite3"
    problem = registry.generate("attention", "easy", 6)
    child = spawn(db, "attention", "-d", "easy", "--count", "3", "--seed", "6")
    answered = problem.solution.answers[:3]
    for answer in answered:
        child.expect("> ")
        child.sendline(typed(answer))
        child.expect("correct")
    child.expect("> ")
    child.send("0.12")  # typing the next answer when the process dies
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        saved = connection.execute("SELECT answer, verdict FROM answers ORDER BY rowid").fetchall()
    assert saved == [(a.name, "correct") for a in answered]
    # and the next session carries on with the same database
    result = practice(db, "attention", "--count", "1", "--seed", "7", lines=["skip"])
    assert result.exit_code == 0 and rows(db, "SELECT count(*) FROM answers")[0][0] > len(answered)


class Scripted:
    """A console that answers every prompt with `next` and keeps what was said."""

    width = 80

    def __init__(self):
        self.said = []

    def say(self, text="", style=None):
        self.said.append(text)

    show = say

    def ask(self, prompt):
        return "next"


def test_the_scheduler_never_leaves_the_weakest_topic_out(tmp_path):
    """Two cards are due; attention was answered once and never finished (no review), so it
    is the weakest topic in stats, but by due date it would wait behind them: a practice
    session's last problem, and an exam's last planned one, is from it."""
    import shutil
    from datetime import datetime, timedelta, timezone

    from grader.practice.drill import Drill, Plan
    from grader.practice.progress import AnswerRecord, Store
    from grader.practice.schedule import pick

    t0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    now = t0 + timedelta(hours=1)
    with Store(tmp_path / "p.sqlite3") as store:
        store.record_review("entropy", "medium", "again", t0, "s0")
        store.record_review("pca", "medium", "again", t0 + timedelta(seconds=1), "s0")
        store.record_answer(
            AnswerRecord(
                "s0", "practice", "attention#1", "attention", "medium", 1, "scores", "1", "wrong", None, 0, 1.0, t0
            )
        )
        assert store.stats(now)[0].topic == "attention"
        by_due_date = [topic for topic, _ in pick(store, registry.topics(), ["medium"], 2, now)]
        assert "attention" not in by_due_date  # by due date alone it would be left out
    shutil.copy(tmp_path / "p.sqlite3", tmp_path / "exam.sqlite3")
    with Store(tmp_path / "p.sqlite3") as store:
        attempts = Drill(store, Scripted(), Plan([], 2, None, 1), now=lambda: now).run()
    assert [a.problem.topic for a in attempts] == ["entropy", "attention"]
    with Store(tmp_path / "exam.sqlite3") as store:
        exam = Drill(store, Scripted(), Plan([], 2, None, 1, exam=True), now=lambda: now)
        exam.run()
    assert sorted(topic for topic, _, _ in exam.planned) == ["attention", "entropy"]


@pytest.mark.parametrize("topic", registry.topics())
def test_a_session_fits_80_columns(tmp_path, monkeypatch, topic):
    """On a pipe (the terminal's width unknown) every line of a session is at most 80
    columns: prompts, hints, verdicts, the worked solution, the exam report."""
    from tests.exercises.test_families import assert_fits

    monkeypatch.chdir(tmp_path)  # "Progress saved in p.sqlite3": a path is never cut, however long

    hard = registry.generate(topic, "hard", 5)
    first, second = hard.solution.answers[:2]
    wrong = value_text(shifted(second.value), 4)
    lines = ["hint", "hint", "hint", "hint earlier", typed(first), wrong, wrong, "next"]
    out = practice("p.sqlite3", topic, "-d", "hard", "--count", "1", "--seed", "5", lines=lines).output
    assert "Worked solution" in out and "hint 2/" in out
    exam = practice("p.sqlite3", topic, "--exam", "-d", "hard", "--count", "1", "--seed", "5", lines=[])
    assert "Exam score" in exam.output
    for text in (out, exam.output):
        assert_fits(text, 80)


@pytest.mark.parametrize("topic", registry.topics())
def test_every_answer_has_its_own_step_to_hint_from(topic):
    """`hint` starts from the step that gives the answer: its value holds the answer's
    numbers (a column vector counts as the list it is), or the last item of a list gathered
    from several steps. (A PCA mean, a 3 x 1 column, once fell back to the last step.)"""
    from exercises.core.model import Check
    from grader.practice.drill import _producing_step

    same = Check(rel_tol=1e-9, abs_tol=1e-12)

    def flat(value):
        return [x for item in value for x in flat(item)] if isinstance(value, list) else [value]

    for difficulty in ("easy", "medium", "hard"):
        for seed in range(5):
            problem = registry.generate(topic, difficulty, seed)
            for answer in problem.solution.answers:
                step = problem.solution.steps[_producing_step(answer, problem.solution.steps)]
                items = [answer.value] + ([answer.value[-1]] if isinstance(answer.value, list) else [])
                assert any(same.accepts(flat(step.value), flat(item)) for item in items), (problem.id, answer.name)
