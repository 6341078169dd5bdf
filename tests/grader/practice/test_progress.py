"""The progress store: round trips, statistics worked out by hand, where the file lives,
refusing corrupt or newer files without touching them, surviving kill -9, and two
writers at once."""

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest
from fsrs import Card, Rating

from grader.practice.progress import SCHEMA_VERSION, AnswerRecord, Store, StoreError, default_path, scheduler

ROOT = Path(__file__).resolve().parents[3]  # the project: tests/grader/<half>/this file
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def record(i=0, **changes):
    fields = dict(
        session="s1",
        mode="practice",
        problem_id=f"entropy#{i}",
        topic="entropy",
        difficulty="medium",
        seed=i,
        answer="entropy",
        typed="0.971",
        verdict="correct",
        mistake=None,
        hints=0,
        seconds=12.5,
        at=T0 + timedelta(seconds=i),
    )
    fields.update(changes)
    return AnswerRecord(**fields)


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---- round trips -------------------------------------------------------------------------


def test_answers_round_trip_oldest_first_and_survive_reopening(tmp_path):
    path = tmp_path / "progress.sqlite3"
    plus_two = timezone(timedelta(hours=2))
    written = [
        record(1, at=T0 + timedelta(minutes=5)),
        record(
            2,
            topic="pca",
            difficulty="hard",
            problem_id="pca:hard#2",
            answer="eigenvalues",
            typed="[3, 1]",
            verdict="wrong",
            mistake="population_covariance",
            hints=2,
            seconds=0.25,
            mode="exam",
            at=T0,
        ),
        record(3, typed="", verdict="skipped", at=datetime(2025, 3, 1, 11, 1, tzinfo=plus_two)),  # 09:01 UTC
        record(4, typed="0.97 ", verdict="rounded", session="s2", at=T0 + timedelta(microseconds=7)),
    ]
    with Store(path) as store:
        for r in written:
            store.record_answer(r)
    with Store(path) as store:
        everything = store.answers()
        entropy = store.answers("entropy")
        assert store.answers("attention") == []
    expected = [written[1], written[3], written[2], written[0]]  # by time, not by insertion
    assert everything == expected
    assert entropy == [written[3], written[2], written[0]]
    assert everything[2].at.utcoffset() == timedelta(0)
    assert everything[2].at == datetime(2025, 3, 1, 9, 1, tzinfo=timezone.utc)


def test_naive_datetime_and_unknown_verdict_are_refused(tmp_path):
    with Store(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ValueError, match="timezone-aware"):
            store.record_answer(record(at=datetime(2025, 1, 1)))
        with pytest.raises(ValueError, match="verdict"):
            store.record_answer(record(verdict="almost"))
        with pytest.raises(ValueError, match="rating"):
            store.record_review("entropy", "easy", "perfect", T0, "s1")
        assert store.answers() == []


def test_reviews_move_the_card_exactly_as_fsrs_does(tmp_path):
    path = tmp_path / "p.sqlite3"
    steps = [
        ("good", T0),
        ("good", T0 + timedelta(minutes=12)),
        ("again", T0 + timedelta(days=3)),
        ("easy", T0 + timedelta(days=3, hours=1)),
    ]
    with Store(path) as store:
        for rating, at in steps:
            store.record_review("pca", "hard", rating, at, "s1")
        store.record_review("pca", "easy", "hard", T0, "s2")
    reference = scheduler()
    card = Card()
    for rating, at in steps:
        card, _ = reference.review_card(card, Rating[rating.capitalize()], review_datetime=at)
    with Store(path) as store:
        cards = store.cards()
        reviews = store.reviews()
    assert set(cards) == {("pca", "hard"), ("pca", "easy")}
    got = cards[("pca", "hard")]
    assert (got.state, got.step, got.due, got.last_review) == (card.state, card.step, card.due, card.last_review)
    assert got.stability == pytest.approx(card.stability) and got.difficulty == pytest.approx(card.difficulty)
    assert reviews[0] == ("pca", "hard", "good", T0, "s1")
    assert reviews[1] == ("pca", "easy", "hard", T0, "s2")
    assert [r[2] for r in reviews if r[1] == "hard"] == ["good", "good", "again", "easy"]


def test_cards_are_stored_as_fsrs_json_text_and_answers_as_columns(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        store.record_answer(record(7))
        store.record_review("entropy", "medium", "good", T0, "s1")
    db = sqlite3.connect(path)
    (text,) = db.execute("SELECT card FROM cards").fetchone()
    assert Card.from_json(text).last_review == T0
    assert db.execute("SELECT typeof(card) FROM cards").fetchone() == ("text",)
    assert db.execute("SELECT seed, verdict, at FROM answers").fetchone() == (
        7,
        "correct",
        "2025-03-01T09:00:07.000000+00:00",
    )
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()


# ---- statistics --------------------------------------------------------------------------


def retrievability(days, stability):
    """FSRS-6 forgetting curve written out: R = (1 + F t / S)^-w20, F = 0.9^(-1/w20) - 1."""
    w20 = 0.1542  # the last of fsrs's default parameters
    factor = 0.9 ** (-1 / w20) - 1
    return (1 + factor * days / stability) ** -w20


def test_stats_by_hand(tmp_path):
    now = T0 + timedelta(days=3, hours=5)  # three whole days after the reviews at T0
    with Store(tmp_path / "p.sqlite3") as store:
        # entropy: 4 answers, 1 right of the 3 judged (rounded is not right, skipped is not judged) -> 1/3
        for i, verdict in enumerate(["correct", "rounded", "wrong", "skipped"]):
            store.record_answer(record(i, verdict=verdict))
        store.record_review("entropy", "medium", "good", T0, "s1")
        # cnn_output: 3 answers, 2 right -> 2/3; same recall as entropy, higher accuracy
        for i, verdict in enumerate(["wrong", "correct", "correct"]):
            store.record_answer(record(i, topic="cnn_output", verdict=verdict, at=T0 + timedelta(hours=i)))
        store.record_review("cnn_output", "easy", "good", T0, "s1")
        # pca: 1 right answer of 2; one card Good and one Again -> lower mean recall
        store.record_answer(record(0, topic="pca", difficulty="easy"))
        store.record_answer(record(1, topic="pca", difficulty="hard", verdict="rounded"))
        store.record_review("pca", "easy", "good", T0, "s1")
        store.record_review("pca", "hard", "again", T0 + timedelta(seconds=30), "s1")
        # attention: answered, never reviewed -> recall None, listed first
        store.record_answer(record(0, topic="attention", at=T0 + timedelta(days=1)))
        stats = store.stats(now)

    assert [s.topic for s in stats] == ["attention", "pca", "entropy", "cnn_output"]
    attention, pca, entropy, cnn = stats
    # first-review stabilities are the defaults w2 (Good) = 2.3065 and w0 (Again) = 0.212;
    # recall is predicted 7 days ahead: 3 + 7 days after the reviews
    good, again = retrievability(3 + 7, 2.3065), retrievability(3 + 7, 0.212)

    assert (entropy.attempts, entropy.correct, entropy.accuracy) == (4, 1, pytest.approx(1 / 3))
    assert entropy.last_practised == T0 + timedelta(seconds=3)
    assert entropy.next_due == T0 + timedelta(minutes=10)  # Good on a new card: second learning step
    assert entropy.recall == pytest.approx(good, rel=1e-9)

    assert (cnn.attempts, cnn.correct, cnn.accuracy) == (3, 2, pytest.approx(2 / 3))
    assert cnn.last_practised == T0 + timedelta(hours=2)
    assert cnn.recall == pytest.approx(good, rel=1e-9)

    assert (pca.attempts, pca.correct, pca.accuracy) == (2, 1, 0.5)
    assert pca.last_practised == T0 + timedelta(seconds=30)  # the later review
    assert pca.next_due == T0 + timedelta(seconds=30, minutes=1)  # Again: first learning step
    assert pca.recall == pytest.approx((good + again) / 2, rel=1e-9)

    assert (attention.attempts, attention.correct, attention.accuracy) == (1, 1, 1.0)
    assert (attention.recall, attention.next_due) == (None, None)
    assert attention.last_practised == T0 + timedelta(days=1)


def test_stats_of_an_empty_store(tmp_path):
    with Store(tmp_path / "p.sqlite3") as store:
        assert store.stats(T0) == []


# ---- where the file lives ----------------------------------------------------------------


def test_default_path_precedence_and_parent_directories(tmp_path, monkeypatch):
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "platform" / app))
    monkeypatch.setenv("MLEXAM_HOME", str(tmp_path / "home" / "nested"))

    explicit = default_path(str(tmp_path / "given" / "deep" / "mine.db"))
    assert explicit == tmp_path / "given" / "deep" / "mine.db"
    assert explicit.parent.is_dir() and not explicit.exists()

    from_env = default_path()
    assert from_env == tmp_path / "home" / "nested" / "progress.sqlite3"
    assert from_env.parent.is_dir()

    monkeypatch.delenv("MLEXAM_HOME")
    from_platform = default_path()
    assert from_platform == tmp_path / "platform" / "mlexam" / "progress.sqlite3"
    assert from_platform.parent.is_dir()


def test_store_creates_a_missing_directory(tmp_path):
    path = tmp_path / "a" / "b" / "progress.sqlite3"
    with Store(path) as store:
        store.record_answer(record())
    assert path.is_file()


def test_unwritable_parent_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        default_path(str(blocker / "sub" / "p.sqlite3"))
    assert "cannot create the directory" in str(info.value) and "\n" not in str(info.value)


# ---- refusing files it must not touch ----------------------------------------------------


def valid_database(path, answers=300):
    with Store(path) as store:
        for i in range(answers):
            store.record_answer(record(i, typed=f"{i} " * 20))
    assert not Path(f"{path}-wal").exists()  # checkpointed on close: the main file holds everything
    return path.read_bytes()


def refused(path):
    before = digest(path)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert digest(path) == before
    message = str(info.value)
    assert str(path) in message and "\n" not in message and message.endswith(".")
    return message


@pytest.mark.parametrize("kind", ["random bytes", "text file", "truncated to half", "a page overwritten"])
def test_corrupt_files_are_refused_and_left_untouched(tmp_path, kind):
    path = tmp_path / "progress.sqlite3"
    if kind == "random bytes":
        path.write_bytes(random.Random(1).randbytes(20_000))
    elif kind == "text file":
        path.write_text("seed,verdict\n17,correct\n" * 200)
    else:
        whole = valid_database(path)
        assert len(whole) > 8 * 4096
        if kind == "truncated to half":
            path.write_bytes(whole[: len(whole) // 2])
        else:  # the header and schema intact, one table page in the middle garbage
            page = len(whole) // 4096 // 2 * 4096
            path.write_bytes(whole[:page] + random.Random(2).randbytes(4096) + whole[page + 4096 :])
    message = refused(path)
    assert "is corrupt" in message and "left untouched" in message and "move it away" in message


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    valid_database(path, answers=5)
    db = sqlite3.connect(path)
    # back to a rollback journal: switching such a file to WAL before checking it would change its bytes
    assert db.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 2),))
    db.commit()
    db.close()
    message = refused(path)
    assert f"newer mlexam (schema {SCHEMA_VERSION + 2}, this one reads {SCHEMA_VERSION}); upgrade mlexam." in message


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    db.commit()
    db.close()
    assert "not an mlexam progress database" in refused(path)


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        Store(tmp_path)


def test_an_empty_file_becomes_a_fresh_store(tmp_path):
    path = tmp_path / "p.sqlite3"
    path.touch()
    with Store(path) as store:
        store.record_answer(record())
        assert len(store.answers()) == 1


# ---- crashes and concurrency -------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys, time
    from datetime import datetime, timedelta, timezone
    from grader.practice.progress import AnswerRecord, Store

    path, name = sys.argv[1], sys.argv[2]
    first, count, start_at = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    time.sleep(max(0.0, start_at - time.time()))
    t0 = datetime(2025, 3, 1, tzinfo=timezone.utc)
    store = Store(path)
    for i in range(first, first + count):
        at = t0 + timedelta(seconds=i)
        store.record_answer(AnswerRecord(name, "practice", f"entropy#{i}", "entropy", "easy", i, "entropy",
                                         str(i), "correct", None, 0, 1.0, at))
        print(f"saved answer {i}", flush=True)
        store.record_review(name, "easy", "again" if i % 3 else "good", at, name)
        print(f"saved review {i}", flush=True)
    store.close()
""")


def start_writer(tmp_path, db, name, first, count, start_at=0.0):
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, str(script), str(db), name, str(first), str(count), str(start_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def acknowledged(lines):
    """The answer seeds and review numbers whose commit the writer reported in a whole line
    (a kill can cut the last line short)."""
    answers, reviews = set(), set()
    for line in lines:
        if not line.endswith("\n"):
            continue
        kind, n = line.split()[1:]
        (answers if kind == "answer" else reviews).add(int(n))
    return answers, reviews


def test_kill_9_loses_nothing_acknowledged(tmp_path):
    db = tmp_path / "progress.sqlite3"
    writer_t0 = datetime(2025, 3, 1, tzinfo=timezone.utc)
    rng = random.Random(20250301)
    acked = {}  # writer name -> (first number, acknowledged answers, acknowledged reviews)
    for round_ in range(4):
        name, first = f"killed{round_}", round_ * 100_000
        proc = start_writer(tmp_path, db, name, first, 100_000)
        lines = [proc.stdout.readline() for _ in range(50 + rng.randrange(60))]
        time.sleep(rng.uniform(0, 0.01))  # a random moment, likely mid-transaction
        proc.send_signal(signal.SIGKILL)
        # the rest through the same buffered file that readline filled: communicate() reads
        # the pipe behind it, so lines read ahead into the buffer were lost (a flaky failure)
        rest, errors = proc.stdout.read(), proc.stderr.read()
        assert proc.wait(timeout=10) == -signal.SIGKILL, errors
        acked[name] = (first, *acknowledged(lines + rest.splitlines(keepends=True)))
        assert len(acked[name][1]) >= 25

        check = sqlite3.connect(db)
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        check.close()
        with Store(db) as store:  # every earlier round is checked again after each kill
            answers, reviews, cards = store.answers(), store.reviews(), store.cards()
        for writer, (start, answers_acked, reviews_acked) in acked.items():
            stored = {a.seed for a in answers if a.session == writer}
            rows = [r for r in reviews if r[4] == writer]
            reviewed = {int((r[3] - writer_t0).total_seconds()) for r in rows}
            # what is stored is the acknowledged prefix, plus at most the one being written
            assert stored >= answers_acked and len(stored) - len(answers_acked) <= 1
            assert stored == set(range(start, start + len(stored)))
            assert reviewed >= reviews_acked and len(reviewed) - len(reviews_acked) <= 1
            assert reviewed == set(range(start, start + len(reviewed)))
            # review row and card update are one transaction: the card saw exactly the last review
            assert cards[(writer, "easy")].last_review == rows[-1][3]


def test_two_processes_writing_at_once_both_succeed(tmp_path):
    db = tmp_path / "fresh" / "progress.sqlite3"  # both processes also race to create it
    start_at = time.time() + 1.0
    procs = [start_writer(tmp_path, db, name, first, 200, start_at) for name, first in (("one", 0), ("two", 1000))]
    results = [proc.communicate(timeout=60) for proc in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert len(out.splitlines()) == 400
    with Store(db) as store:
        answers = store.answers()
        reviews = store.reviews()
        cards = store.cards()
    assert sorted(a.seed for a in answers) == list(range(200)) + list(range(1000, 1200))
    assert sorted((a.session, a.seed) for a in answers) == sorted(
        [("one", i) for i in range(200)] + [("two", i) for i in range(1000, 1200)]
    )
    assert len(reviews) == 400 and set(cards) == {("one", "easy"), ("two", "easy")}
