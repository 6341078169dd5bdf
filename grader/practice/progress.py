"""The student's progress: every answer typed and every spaced-repetition review,
kept in one SQLite database in the user's data directory.

Schema (version 1; the version is the `schema_version` row of `meta`):

    meta(key TEXT PRIMARY KEY, value TEXT)            -- ('schema_version', '1')
    answers(id, session, mode, problem_id, topic, difficulty, seed, answer,
            typed, verdict, mistake, hints, seconds, at)   -- one row per answer
    reviews(id, session, topic, difficulty, rating, at)    -- one row per review
    cards(topic, difficulty, card)                         -- FSRS card as fsrs JSON text

Every datetime is ISO-8601 UTC text with microseconds ("2025-01-31T09:05:00.000000+00:00"),
so text order is time order. Nothing is pickled.

Safety rules:
- A file is checked (readable as SQLite, an mlexam schema no newer than this one,
  `PRAGMA quick_check` = ok) before anything is written to it; when a check fails
  the file is left byte for byte as it was and `StoreError` says what to do.
- WAL journal, synchronous=FULL, busy_timeout 5 s: each `record_*` call is one
  committed transaction, durable when it returns, and several processes may write
  at once.
- The FSRS scheduler uses fsrs's default parameters with fuzzing switched off, so
  the same history always gives the same schedule.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from exercises.core.errors import UserError
from exercises.core.lang import T, Text, same
from grader.practice.verdicts import VERDICTS

if TYPE_CHECKING:  # fsrs is imported where it is used: keeps `import grader.practice.progress` cheap
    import fsrs

SCHEMA_VERSION = 1
FILENAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 5000

MODES = ("practice", "exam")
RATINGS = ("again", "hard", "good", "easy")
RECALL_HORIZON = timedelta(days=7)  # stats predict recall this far ahead

_SCHEMA = f"""
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE answers (
    id         INTEGER PRIMARY KEY,
    session    TEXT    NOT NULL,
    mode       TEXT    NOT NULL CHECK (mode IN {MODES}),
    problem_id TEXT    NOT NULL,
    topic      TEXT    NOT NULL,
    difficulty TEXT    NOT NULL,
    seed       INTEGER NOT NULL,
    answer     TEXT    NOT NULL,
    typed      TEXT    NOT NULL,
    verdict    TEXT    NOT NULL CHECK (verdict IN {VERDICTS}),
    mistake    TEXT,
    hints      INTEGER NOT NULL CHECK (hints >= 0),
    seconds    REAL    NOT NULL CHECK (seconds >= 0),
    at         TEXT    NOT NULL
);
CREATE INDEX answers_topic ON answers (topic, difficulty, at);
CREATE TABLE reviews (
    id         INTEGER PRIMARY KEY,
    session    TEXT NOT NULL,
    topic      TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    rating     TEXT NOT NULL CHECK (rating IN {RATINGS}),
    at         TEXT NOT NULL
);
CREATE TABLE cards (
    topic      TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    card       TEXT NOT NULL,
    PRIMARY KEY (topic, difficulty)
);
INSERT INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');
"""


class StoreError(UserError):
    """Something wrong with the progress database, said in one sentence for the user (a
    `Text`: in the language in use when it is shown)."""


# SQLite's and the system's words for what went wrong, in Chinese too; others are shown as they are.
_CAUSES_ZH = {
    "database is locked": "数据库被另一个进程锁住了",
    "unable to open database file": "无法打开数据库文件",
    "attempt to write a readonly database": "数据库是只读的，不能写入",
    "file is not a database": "这个文件不是数据库",
    "database disk image is malformed": "数据库文件已经损坏",
    "disk I/O error": "磁盘读写出错",
    "database or disk is full": "数据库或磁盘已满",
    "Permission denied": "没有权限",
    "Read-only file system": "文件系统是只读的",
    "No space left on device": "磁盘空间不足",
}


def _detail(error: object) -> Text:
    """An error's own words (SQLite's or the system's), in Chinese when they are known."""
    said = str(error)
    zh = _CAUSES_ZH.get(said)
    return T(said.replace("{", "{{").replace("}", "}}"), zh) if zh else same(said)


def default_path(db: str | None = None) -> Path:
    """--db PATH if given, else $MLEXAM_HOME/progress.sqlite3 if MLEXAM_HOME is set,
    else platformdirs.user_data_dir("mlexam")/progress.sqlite3. Creates the parent directory."""
    if db:
        path = Path(db).expanduser()
    elif os.environ.get("MLEXAM_HOME"):
        path = Path(os.environ["MLEXAM_HOME"]).expanduser() / FILENAME
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("mlexam")) / FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            T(
                "cannot create the directory {folder} for the progress database ({why}).",
                "无法为进度数据库创建目录 {folder}（{why}）。",
                folder=path.parent,
                why=_detail(exc.strerror or exc),
            )
        ) from None
    return path


@dataclass(frozen=True)
class AnswerRecord:
    session: str  # session id (uuid4 hex), one per `mlexam practice` run
    mode: str  # "practice" | "exam"
    problem_id: str  # "pca:hard#17"
    topic: str
    difficulty: str
    seed: int
    answer: str  # answer name, e.g. "eigenvalues"
    typed: str  # exactly what the student typed ("" when skipped)
    verdict: str  # "correct" | "rounded" | "wrong" | "skipped"
    mistake: str | None  # a mistake name like "ln_instead_of_log2" when recognised
    hints: int  # hints revealed before this answer
    seconds: float  # time taken for this answer
    at: datetime  # timezone-aware UTC


@dataclass(frozen=True)
class TopicStats:
    topic: str
    attempts: int  # answers recorded, skipped included
    correct: int  # verdict correct (rounded too coarsely is not right)
    accuracy: float  # correct / answers judged: a skipped part is not a wrong one (0.0 when none)
    last_practised: datetime | None  # latest answer or review
    next_due: datetime | None  # earliest due over the topic's cards
    recall: float | None  # mean retrievability of the topic's cards RECALL_HORIZON from now; None: never reviewed


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"datetime {at!r} must be timezone-aware")
    return at.astimezone(timezone.utc)


def _utc_text(at: datetime) -> str:
    return _utc(at).isoformat(timespec="microseconds")


def _from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def scheduler() -> fsrs.Scheduler:
    """fsrs's default parameters; no fuzzing, so a history always gives the same schedule."""
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


class Store:
    """The progress database at `path` (created when missing). Not shared between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        if self.path.is_dir():
            raise StoreError(
                T(
                    "the progress database {path} is a directory, not a file; pass another --db.",
                    "进度数据库 {path} 是一个目录，不是文件；请用 --db 另选一个文件。",
                    path=self.path,
                )
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; each one is spelled out below.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except (OSError, sqlite3.Error) as exc:
            raise self._unopenable(exc) from None
        try:
            self._open()
        except BaseException:
            self._db.close()
            self._db = None
            raise

    # ---- opening -------------------------------------------------------------------------

    def _unopenable(self, exc: Exception) -> StoreError:
        return StoreError(
            T(
                "the progress database {path} cannot be opened ({why}).",
                "无法打开进度数据库 {path}（{why}）。",
                path=self.path,
                why=_detail(exc),
            )
        )

    def _corrupt(self, detail: object) -> StoreError:
        return StoreError(
            T(
                "the progress database {path} is corrupt ({detail}); "
                "it was left untouched — move it away to start afresh.",
                "进度数据库 {path} 已损坏（{detail}）；文件原样保留，没有改动——把它移到别处，就可以从头开始。",
                path=self.path,
                detail=detail if isinstance(detail, Text) else _detail(detail),
            )
        )

    def _open(self) -> None:
        db = self._db
        assert db is not None
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Read-only checks first: nothing is written to a file that fails them.
            if not self._check_existing():
                self._create()
            self._use_wal()
            db.execute("PRAGMA synchronous = FULL")
        except sqlite3.OperationalError as exc:  # unopenable, read-only, locked past the timeout
            raise self._unopenable(exc) from None
        except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
            raise self._corrupt(exc) from None

    def _use_wal(self) -> None:
        """Switch the file to WAL (persistent; done once in its life). SQLite answers "locked" at
        once, without waiting, when another process switches at the same moment: retry then."""
        db = self._db
        assert db is not None
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")  # answers the old mode where WAL is impossible
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    def _create(self) -> None:
        """Create the schema in one transaction, unless another process has just done it."""
        db = self._db
        assert db is not None
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._tables():
                db.execute("ROLLBACK")
                self._check_existing()
                return
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _tables(self) -> set[str]:
        assert self._db is not None
        return {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _check_existing(self) -> bool:
        """True for a sound mlexam database of a version this code reads; False for an empty file.
        Raises StoreError for anything else. Reads only."""
        db = self._db
        assert db is not None
        tables = self._tables()  # "file is not a database" shows up here
        if not tables:
            return False
        if "meta" not in tables:
            raise StoreError(
                T(
                    "{path} is an SQLite database but not an mlexam progress database; "
                    "it was left untouched — pass another --db.",
                    "{path} 是一个 SQLite 数据库，但不是 mlexam 的进度数据库；"
                    "文件原样保留，没有改动——请用 --db 另选一个文件。",
                    path=self.path,
                )
            )
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            version = int(row[0])
        except (TypeError, ValueError):
            shown = repr(row[0]) if row else None
            raise self._corrupt(
                T("schema version {v}", "结构版本 {v}", v=shown)
                if shown
                else T("schema version 'missing'", "缺少结构版本")
            ) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                T(
                    "the progress database {path} was written by a newer mlexam "
                    "(schema {version}, this one reads {known}); upgrade mlexam.",
                    "进度数据库 {path} 是由更新版本的 mlexam 写的（结构版本 {version}，"
                    "这个版本只能读 {known}）；请升级 mlexam。",
                    path=self.path,
                    version=version,
                    known=SCHEMA_VERSION,
                )
            )
        if version < SCHEMA_VERSION or not {"answers", "reviews", "cards"} <= tables:
            raise self._corrupt(
                T(
                    "schema {version} with tables {tables}",
                    "结构版本 {version}，表为 {tables}",
                    version=version,
                    tables=", ".join(sorted(tables)),
                )
            )
        problems = [row[0] for row in db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            lines = [line for p in problems for line in str(p).splitlines() if not line.startswith("***")]
            raise self._corrupt(
                same("; ".join(lines[:2])) if lines else T("integrity check failed", "完整性检查没有通过")
            )
        return True

    # ---- writing -------------------------------------------------------------------------

    def _write(self, work) -> None:
        """Run `work(db)` as one committed IMMEDIATE transaction."""
        db = self._connection()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                work(db)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError as exc:
            raise ValueError(f"record rejected by the progress database: {exc}") from None
        except sqlite3.Error as exc:
            raise StoreError(
                T(
                    "could not save to the progress database {path} ({why}).",
                    "无法保存到进度数据库 {path}（{why}）。",
                    path=self.path,
                    why=_detail(exc),
                )
            ) from None

    def record_answer(self, record: AnswerRecord) -> None:
        """Save one answer (one committed transaction)."""
        if record.mode not in MODES:
            raise ValueError(f"mode {record.mode!r} is not one of {', '.join(MODES)}")
        if record.verdict not in VERDICTS:
            raise ValueError(f"verdict {record.verdict!r} is not one of {', '.join(VERDICTS)}")
        row = (
            record.session,
            record.mode,
            record.problem_id,
            record.topic,
            record.difficulty,
            int(record.seed),
            record.answer,
            record.typed,
            record.verdict,
            record.mistake,
            int(record.hints),
            float(record.seconds),
            _utc_text(record.at),
        )
        self._write(
            lambda db: db.execute(
                "INSERT INTO answers (session, mode, problem_id, topic, difficulty, seed, answer, typed,"
                " verdict, mistake, hints, seconds, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        )

    def record_review(self, topic: str, difficulty: str, rating: str, at: datetime, session: str) -> None:
        """Save a review of (topic, difficulty) and move its FSRS card on, in one transaction.

        A review dated before the card's last review (a clock set back) updates the card as if
        made at that last review; the review row keeps the time given."""
        from fsrs import Card, Rating

        if rating not in RATINGS:
            raise ValueError(f"rating {rating!r} is not one of {', '.join(RATINGS)}")
        when = _utc(at)
        at_text = _utc_text(when)

        def work(db: sqlite3.Connection) -> None:
            row = db.execute(
                "SELECT card FROM cards WHERE topic = ? AND difficulty = ?", (topic, difficulty)
            ).fetchone()
            card = Card.from_json(row[0]) if row else Card()
            review_at = max(when, card.last_review) if card.last_review else when
            card, _ = scheduler().review_card(card, Rating[rating.capitalize()], review_datetime=review_at)
            db.execute(
                "INSERT INTO reviews (session, topic, difficulty, rating, at) VALUES (?, ?, ?, ?, ?)",
                (session, topic, difficulty, rating, at_text),
            )
            db.execute(
                "INSERT INTO cards (topic, difficulty, card) VALUES (?, ?, ?)"
                " ON CONFLICT (topic, difficulty) DO UPDATE SET card = excluded.card",
                (topic, difficulty, card.to_json()),
            )

        self._write(work)

    # ---- reading -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError(
                T("the progress database {path} is closed.", "进度数据库 {path} 已经关闭。", path=self.path)
            )
        return self._db

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self._connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(
                T(
                    "could not read the progress database {path} ({why}).",
                    "无法读取进度数据库 {path}（{why}）。",
                    path=self.path,
                    why=_detail(exc),
                )
            ) from None

    def answers(self, topic: str | None = None) -> list[AnswerRecord]:
        """Every answer recorded (of `topic` when given), oldest first."""
        sql = (
            "SELECT session, mode, problem_id, topic, difficulty, seed, answer, typed, verdict,"
            " mistake, hints, seconds, at FROM answers"
        )
        rows = (
            self._read(sql + " WHERE topic = ? ORDER BY at, id", (topic,))
            if topic is not None
            else self._read(sql + " ORDER BY at, id")
        )
        return [AnswerRecord(*row[:-1], at=_from_text(row[-1])) for row in rows]

    def reviews(self) -> list[tuple[str, str, str, datetime, str]]:
        """Every review as (topic, difficulty, rating, at, session), oldest first."""
        rows = self._read("SELECT topic, difficulty, rating, at, session FROM reviews ORDER BY at, id")
        return [(t, d, r, _from_text(at), s) for t, d, r, at, s in rows]

    def frequent_mistakes(self, limit: int = 5) -> list[tuple[str, str, int]]:
        """(topic, mistake, times made), the most frequent first (ties: the most recent first)."""
        return self._read(
            "SELECT topic, mistake, COUNT(*) FROM answers WHERE mistake IS NOT NULL"
            " GROUP BY topic, mistake ORDER BY COUNT(*) DESC, MAX(at) DESC, topic, mistake LIMIT ?",
            (limit,),
        )

    def cards(self) -> dict[tuple[str, str], fsrs.Card]:
        """The FSRS card of every (topic, difficulty) reviewed at least once."""
        from fsrs import Card

        rows = self._read("SELECT topic, difficulty, card FROM cards ORDER BY topic, difficulty")
        return {(topic, difficulty): Card.from_json(text) for topic, difficulty, text in rows}

    def stats(self, now: datetime) -> list[TopicStats]:
        """One line per topic practised (answered or reviewed), weakest first.

        Recall is the predicted recall RECALL_HORIZON from now (right after a review every
        card's current recall is 100 %, which tells nothing). Weakest first: topics never
        reviewed (recall None: no evidence anything was retained) come first, then the
        lowest predicted recall; ties by lower accuracy, then topic name."""
        now = _utc(now)
        then = now + RECALL_HORIZON
        answered = {
            topic: (attempts, correct, judged, last)
            for topic, attempts, correct, judged, last in self._read(
                "SELECT topic, COUNT(*), SUM(verdict = 'correct'), SUM(verdict != 'skipped'), MAX(at) "
                "FROM answers GROUP BY topic"
            )
        }
        reviewed = dict(self._read("SELECT topic, MAX(at) FROM reviews GROUP BY topic"))
        by_topic: dict[str, list] = {}
        for (topic, _), card in self.cards().items():
            by_topic.setdefault(topic, []).append(card)
        fsrs_scheduler = scheduler()
        result = []
        for topic in sorted(set(answered) | set(reviewed) | set(by_topic)):
            attempts, correct, judged, last_answer = answered.get(topic, (0, 0, 0, None))
            lasts = [text for text in (last_answer, reviewed.get(topic)) if text]
            cards = by_topic.get(topic, [])
            result.append(
                TopicStats(
                    topic=topic,
                    attempts=attempts,
                    correct=correct,
                    accuracy=correct / judged if judged else 0.0,
                    last_practised=_from_text(max(lasts)) if lasts else None,
                    next_due=min(card.due for card in cards) if cards else None,
                    recall=(
                        sum(fsrs_scheduler.get_card_retrievability(card, current_datetime=then) for card in cards)
                        / len(cards)
                        if cards
                        else None
                    ),
                )
            )
        result.sort(key=lambda s: (s.recall is not None, s.recall or 0.0, s.accuracy, s.topic))
        return result

    # ---- closing -------------------------------------------------------------------------

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
