"""Run a learner's code where it cannot touch the grader.

`run(source, calls, limits)` starts grader/autograde/sandbox_worker.py as a separate
process, which loads the learner's module and makes the calls; this module only
sends each call's arguments, reads replies and judges them. Nothing the learner's
code does can reach the grader's process: it sees the grader neither as objects
(only numbers cross, as data) nor as a process, nor its files.

Isolation, strongest first (`isolation()` says which one this machine gives):

  root_ns  Started as root (CI containers, Gradescope): new mount, network, PID, IPC
           and UTS namespaces. The worker sees a fresh root: the system directories,
           the Python installation and numpy, read-only, a scratch working directory
           (tmpfs) and the submission's source. The project (including a .venv
           inside it, except the .venv itself), the grader's home and temporary
           files are absent; refused libraries (sklearn, scipy, ...) are empty
           mounts. The learner's code then runs as uid/gid 65534 with no
           capabilities and no_new_privs, so RLIMIT_NPROC holds, it cannot signal
           the grader (it cannot even see it), and it cannot undo the mounts. No
           network: the namespace has only a loopback interface, down.
  user_ns  Not root: the same inside a user namespace, the learner's code keeping
           no capability (bounding set emptied), so it cannot unmount either.
  seccomp  Root, but no namespaces (Docker's default profile, so Gradescope): a
           plain process running as an unprivileged uid of its own (one per running
           submission, so two learners cannot reach each other), under a seccomp
           filter (libseccomp, through pyseccomp): no new sockets (so no network),
           no tracing or reading other processes, no io_uring, namespaces, mounts,
           BPF or keyrings. Before the first run, other users' access is removed
           from the project (the reference files), the grader's home and every
           folder given to protect() (the submissions), so the learner cannot read
           them; its working directory is its own (mode 700).
  plain    No namespaces and not root, or no libseccomp (or not Linux): a plain
           process with the same rlimits, import hook, temporary working directory
           and scrubbed environment (as an unprivileged uid of its own when root).
           Network and the filesystem are not isolated; the report says so, and
           folder and Gradescope runs refuse it unless told otherwise.

The first run settles the mode (the strongest that starts); after that a worker that
cannot be set up in it is the machine's failure (SandboxError), never a silent step
down for the rest of a batch.

On Linux, from a grader process's second worker on, each worker is a fork of one zygote
(Python and numpy started once; see sandbox_worker.py), its pipes handed over on a
socket: a worker is ready in ~20 ms instead of ~0.1 s. `prepare()` starts a run's first
worker before its calls are known, while the grader builds the cases. The zygote runs
with the scrubbed environment, holds nothing of any run, and ends when the grader
closes its socket or dies; each launcher then receives its parent-death signal and
takes the run's processes down.

In every mode: an environment built from scratch (no secrets, no grading flags;
BLAS threads pinned to one), rlimits (memory, CPU time, processes, file size,
open files), a wall-clock limit per call enforced here (the worker is killed), an
output cap, and every process the learner started is killed before run() returns.
Once a call of a function has timed out, that function's later calls fail at once
("timed out on an earlier case") instead of each waiting out the wall limit.

Only data crosses the boundary, and learner code gets only the call it answers.
The input folder holds the submission's source (a notebook: its cells) and nothing else. Each call's
arguments travel on the worker's stdin (the command pipe) when that call is made:
one frame (a 4-byte big-endian header length, a JSON header, then `payload`
bytes), of which the worker reads exactly one per command. Arguments are
positional (`fn(*args)`, so any parameter names pass): arrays as .npy bytes
(allow_pickle=False) in the payload, scalars in the header (ints as decimal
strings, floats as float.hex, bools, strings, None). The worker drops every
reference to them when the call returns. No expected output, other case or seed
is ever sent. Call i+1's frame is written only once call i's reply has come back
and its output has been read, so everything call i's outcome holds (value,
message, output) was fixed before any later input existed outside this process:
no learner code, however it reads the pipe (threads, children, signal handlers),
can ever hold an input ahead of the call it is answering.

Results: the worker accepts only `type(x) is np.ndarray` with a bool, int or
float dtype, exact int/float/bool (numpy scalars converted), or a tuple of those,
and sends arrays as .npy bytes (allow_pickle=False) after a JSON header line on
the status pipe. This module parses the .npy header itself, checks dtype and
size, and builds the array with np.frombuffer: no learner object, method or
pickle ever reaches it. Expected outputs never leave the grader's process; what
the learner prints is only text.

What no sandbox of one module can stop: the module's state lives on from one call
to the next (as in any Python module; so do threads or processes it leaves
running, until its worker ends), so a call may keep what it was given and show it
in a LATER call's message or output. A caller that shows some calls' messages and
hides others' must make the calls it shows first.
"""

from __future__ import annotations

import ast
import atexit
import importlib.util
import io
import json
import math
import os
import re
import select
import selectors
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.autograde import BUDGET_SECONDS, TIMEOUT_SECONDS

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the directory holding mlexam.py
WORKER = Path(__file__).resolve().with_name("sandbox_worker.py")

# Top-level modules learner code may not import: the project's own packages (they
# hold the reference answers) and libraries that would do the task.
REFUSED_MODULES = (
    "solutions",
    "grader",
    "exercises",
    "mlexam",
    "sklearn",
    "scipy",
    "statsmodels",
    "torch",
    "torchvision",
    "tensorflow",
    "keras",
    "jax",
    "jaxlib",
    "xgboost",
    "lightgbm",
)

NOBODY = 65534  # uid and gid the learner's code runs as in a namespace when started as root
# Outside namespaces, as root: each run's learner code gets a uid (and gid) of its own from
# this range, chosen at random among those this process is not using.
LEARNER_UIDS = range(1_000_000_000, 1_000_000_000 + (1 << 24))
STARTUP_SECONDS = 30.0  # python + numpy start: ~0.1 s; more means the machine failed
SCRATCH_MB = 64  # size of the learner's working directory and /tmp (tmpfs)
HEADER_MAX = 64 * 1024  # longest JSON header line accepted from the worker
MESSAGE_MAX = 300
MAX_NOTES = 20  # notes of failed notebook cells kept (the worker sends at most 20 and a count)

STATUSES = (
    "ok",
    "exception",
    "timeout",
    "memory",
    "crashed",
    "exited",
    "refused_import",
    "missing_function",
    "load_error",
    "bad_output",
    "modified_input",
)
_FROM_WORKER = {
    *("ok", "exception", "memory", "refused_import", "missing_function", "bad_output", "exited", "modified_input"),
}
_LOAD_FAILURES = {"load_error", "refused_import", "exited", "memory", "exception"}


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = TIMEOUT_SECONDS  # per call (the grader kills the worker when a call exceeds it)
    budget_seconds: float = BUDGET_SECONDS  # per run (one submission): calls not begun by then fail at once
    cpu_seconds: int = 30  # RLIMIT_CPU of a worker process, all calls together (backstop);
    # each call gets ceil(wall_seconds) + 1 s of CPU of its own
    memory_mb: int = 1024  # RLIMIT_AS
    processes: int = 32  # RLIMIT_NPROC (effective only for a non-root uid)
    file_size_mb: int = 16  # RLIMIT_FSIZE
    open_files: int = 64  # RLIMIT_NOFILE
    output_kb: int = 64  # learner stdout+stderr kept (the rest is dropped, the process is not blocked)


@dataclass(frozen=True)
class Call:
    """fn(*args): `args` in the function's documented parameter order, each a numpy
    array (bool or numeric dtype), int, float, bool, str or None. `unchanged`: the
    arguments' names when the contract says the call leaves its inputs unchanged (an
    array argument modified in place then fails the call, "modified_input")."""

    function: str
    args: tuple | list
    unchanged: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.args, list):
            object.__setattr__(self, "args", tuple(self.args))


@dataclass(frozen=True)
class CallResult:
    status: str  # one of STATUSES
    value: Any  # when "ok": a numeric numpy array, an int, a float (a bool), or a tuple of those; else None
    message: str  # one line for the learner
    output: str  # what the learner printed during this call (capped)


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the learner's code): the machine, not the submission."""


class _SetupFailed(Exception):
    pass


class _ProtocolError(Exception):
    pass


# ------------------------------------------------------------------------------ the mode

_mode_lock = threading.Lock()
_mode: tuple[str, str] | None = None  # (mode, why the stronger ones are unavailable), once settled


def _candidates() -> tuple[list[str], str]:
    """The modes to try, strongest first, and why the others are out of the question."""
    if not sys.platform.startswith("linux"):
        return ["plain"], f"not Linux ({sys.platform})"
    if _is_root():
        return ["root_ns", "seccomp", "plain"], ""
    return ["user_ns", "plain"], "not root, so no seccomp level"


def _current_mode() -> tuple[str, str]:
    with _mode_lock:
        return _mode or (_candidates()[0][0], "")


def level() -> str:
    """The isolation this machine gives: "root_ns", "user_ns", "seccomp" or "plain"
    (probes once, ~0.2 s, if no run has settled it yet)."""
    isolation()
    return _current_mode()[0]


def isolation() -> str:
    """One sentence on what this machine allows (probes once, ~0.2 s, if no run yet), in English."""
    return isolation_text().show("en")


def isolation_text():
    """isolation() in both languages: an exercises.core.lang.Text (the reports show it)."""
    from exercises.core.lang import T

    if os.name != "posix":
        return T(
            "none: learner code cannot be run on this system (it needs fork and rlimits: Linux or macOS)",
            "无：此系统无法运行学生代码（需要 fork 和 rlimits，即 Linux 或 macOS）",
        )
    if _mode is None:
        uid = _take_uid()
        tdir = _make_tempdir(uid)
        try:
            _write_source(tdir, "")
            worker = _start(tdir, Limits(), uid, None)
            worker.stop()
        finally:
            _remove(tdir)
            _give_back(uid)
    return _description(*_current_mode())


def _describe(mode: str, reason: str) -> str:
    """The sentence of isolation() for `mode`, in English."""
    return _description(mode, reason).show("en")


def _description(mode: str, reason: str):
    """The sentence of isolation() for `mode`, as a Text."""
    from exercises.core.lang import T

    fresh_root = T(
        "in new mount, network, PID, IPC and UTS namespaces (a fresh read-only root holding "
        "only the system directories, Python and numpy; no project files, no network), rlimits",
        "运行在新的 mount、network、PID、IPC 和 UTS 命名空间中（全新的只读根目录，只含系统目录、Python 和 numpy；"
        "没有项目文件，没有网络），并有资源限制（rlimits）",
    )
    if mode == "root_ns":
        return T(
            "separate process as uid {uid} without capabilities {fresh_root}",
            "独立进程，以 uid {uid} 运行、不具备任何特权（capabilities），{fresh_root}",
            uid=NOBODY,
            fresh_root=fresh_root,
        )
    if mode == "user_ns":
        return T(
            "separate process in a user namespace without capabilities {fresh_root}",
            "独立进程，位于用户命名空间中、不具备任何特权（capabilities），{fresh_root}",
            fresh_root=fresh_root,
        )
    if mode == "seccomp":
        return T(
            "separate process as an unprivileged uid of its own with rlimits and a seccomp filter (no sockets, "
            "so no network; no tracing); the reference files, the grader's home and the submissions' folders "
            "are unreadable to it (no namespaces: {reason})",
            "独立进程，以专属的非特权 uid 运行，有资源限制（rlimits）和 seccomp 过滤器（不能创建套接字，因此没有网络；"
            "不能跟踪其他进程）；参考答案文件、评分程序的主目录和各提交文件夹对它不可读（没有命名空间：{reason}）",
            reason=_reason_text(reason),
        )
    root = _is_root()
    return T(
        "separate process" + (" as an unprivileged uid of its own" if root else "") + " with rlimits only "
        "(no namespaces: {reason}); its network and the grader's files are not isolated",
        "独立进程" + ("，以专属的非特权 uid 运行" if root else "") + "，只有资源限制（rlimits）"
        "（没有命名空间：{reason}）；网络和评分程序的文件均未隔离",
        reason=_reason_text(reason),
    )


def _reason_text(reason: str):
    """Why the stronger levels are unavailable: our own words translated, the system's
    (a failed setup's error) as they were."""
    from exercises.core.lang import T, join, same

    parts = []
    for part in reason.split("; ") if reason else []:
        if part == "not root, so no seccomp level":
            parts.append(T(part, "不是 root 用户，因此没有 seccomp 级别"))
        elif part == f"not Linux ({sys.platform})":
            parts.append(T("not Linux ({platform})", "不是 Linux（{platform}）", platform=sys.platform))
        else:
            parts.append(same(part))
    return join(parts, T("; ", "；"))


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# ------------------------------------------------------------- the seccomp level's files

_protect_lock = threading.Lock()
_to_protect: set[str] = set()
_protected: set[str] = set()


def protect(path: str | os.PathLike) -> None:
    """Keep learner code out of `path` (a folder of submissions) at the seccomp level:
    before the next worker starts, other users' access to it is removed (chmod o-rwx).
    Elsewhere it is hidden already (namespaces) or cannot be (plain)."""
    with _protect_lock:
        _to_protect.add(os.path.realpath(path))


def _lock_down() -> None:
    """Remove other users' access from the project (it holds the reference solutions and
    the grader; in an installed copy: its packages), the grader's home and the paths given
    to protect(), once each. The learner's uid is in no group: "other" is all it has."""
    project = (
        [PROJECT_ROOT]
        if (PROJECT_ROOT / "pyproject.toml").exists()
        else [PROJECT_ROOT / name for name in ("solutions", "grader", "exercises", "mlexam.py")]
    )
    with _protect_lock:
        todo = {os.path.realpath(p) for p in project} | {os.path.realpath(os.path.expanduser("~"))} | _to_protect
        for path in sorted(todo - _protected):
            if path == "/":
                continue
            try:
                mode = os.stat(path).st_mode
                if mode & 0o007:
                    os.chmod(path, stat.S_IMODE(mode) & ~0o007)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise _SetupFailed(f"cannot make {path} unreadable to learner code: {error.strerror}") from None
            _protected.add(path)


# ---------------------------------------------------------------------------- uids

_uid_lock = threading.Lock()
_uids_taken: set[int] = set()


def _take_uid() -> int | None:
    """A uid of its own for this run's learner code (root only; else None)."""
    if not _is_root():
        return None
    with _uid_lock:
        while True:
            uid = LEARNER_UIDS[int.from_bytes(os.urandom(4), "big") % len(LEARNER_UIDS)]
            if uid not in _uids_taken:
                _uids_taken.add(uid)
                return uid


def _give_back(uid: int | None) -> None:
    with _uid_lock:
        _uids_taken.discard(uid)


# ----------------------------------------------------------------------------------- run


class Outcomes(list):
    """One CallResult per call, in order, and `notes`: what loading the code reported on
    its own (a notebook's cells that failed, each "cell N, line L: ..."), from the first
    load only, which comes before any call."""

    notes: tuple[str, ...] = ()


def run(source: str | Sequence[tuple[int, str]], calls: list[Call], limits: Limits = Limits()) -> Outcomes:
    """Make `calls` on the learner's code: a module's `source`, or a notebook's cells as
    (cell number, Python text) pairs, run in order (a failing cell is noted, the next one
    runs). One CallResult per call, always. A call that kills its worker (timeout, crash,
    exit) fails alone: a fresh worker makes the remaining calls, except those of a
    function that has timed out, which fail at once."""
    with prepare(source, limits) as prepared:
        return prepared.run(calls)


def _run(source, calls: list[Call], limits: Limits, mode: str | None) -> Outcomes:
    """run() in a given mode (tests of each isolation level)."""
    with prepare(source, limits, mode) as prepared:
        return prepared.run(calls)


def prepare(source, limits: Limits = Limits(), mode: str | None = None) -> Prepared:
    """The run of one submission, begun before its calls are known (use it in a `with`)."""
    return Prepared(source, limits, mode)


class Prepared:
    """The run of one submission, begun before its calls are known: its folder, and its
    first worker already starting (Python and numpy load in that process while the
    grader builds the cases). `run(calls)` makes the calls; leaving the `with` stops
    every worker and removes the folder."""

    def __init__(self, source, limits: Limits = Limits(), mode: str | None = None) -> None:
        if os.name != "posix":
            raise SandboxError("learner code can only be run on Linux or macOS")
        self.limits, self.mode, self.launched = limits, mode, None
        # A user namespace (a grader that is not root, or a test forcing it) keeps the grader's uid.
        self.uid = None if (mode or _current_mode()[0]) == "user_ns" else _take_uid()
        self.tdir = _make_tempdir(self.uid)
        try:
            _write_source(self.tdir, source)
            self.launched = _launch(mode or _current_mode()[0], self.tdir, limits, self.uid)
        except _SetupFailed:
            pass  # run() tries again, and settles the mode if it is not settled yet
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Prepared:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, calls: list[Call]) -> Outcomes:
        calls = list(calls)
        frames = [_call_frame(i, call) for i, call in enumerate(calls)]  # refuses bad inputs before anything runs
        outcomes = Outcomes([None] * len(calls))
        session = _Session(calls, frames, outcomes, time.monotonic() + self.limits.budget_seconds, self.limits)
        while session.next_to_make() < len(calls):
            launched, self.launched = self.launched, None
            worker = _start(self.tdir, self.limits, self.uid, self.mode, launched)
            try:
                worker.serve(session)
            finally:
                worker.stop()
        return outcomes

    def close(self) -> None:
        if self.launched is not None:
            self.launched.stop()
            self.launched = None
        if self.tdir:
            _remove(self.tdir)
            _give_back(self.uid)
            self.tdir = ""


class _Session:
    """The calls of one run, what came back, and which functions have timed out."""

    def __init__(self, calls: list[Call], frames: list[bytes], outcomes: list, deadline: float, limits) -> None:
        self.calls, self.frames, self.outcomes = calls, frames, outcomes
        self.deadline, self.limits = deadline, limits
        self.done = 0  # calls before this one have their outcome
        self.timed_out: set[str] = set()

    def next_to_make(self) -> int:
        """Fail at once the calls of functions that have timed out, and every call once the
        run's budget is spent; the next call to make."""
        while self.done < len(self.calls):
            if time.monotonic() >= self.deadline:
                message = f"the submission used up its {self.limits.budget_seconds:g} s before this case"
            elif self.calls[self.done].function in self.timed_out:
                message = "timed out on an earlier case"
            else:
                break
            self.outcomes[self.done] = CallResult("timeout", None, message, "")
            self.done += 1
        return self.done

    def loaded(self, notes) -> None:
        """The module loaded; keep its notes if this is the first load (before any call)."""
        if self.done == 0 and not self.outcomes.notes and isinstance(notes, list):
            self.outcomes.notes = tuple(_clean(n) for n in notes[: MAX_NOTES + 1] if isinstance(n, str))

    def record(self, outcome: CallResult) -> None:
        self.outcomes[self.done] = outcome
        if outcome.status == "timeout":
            self.timed_out.add(self.calls[self.done].function)
        self.done += 1

    def fail_all(self, status: str, message: str, output: str) -> None:
        """The module did not load: every call left fails the same way."""
        for i in range(self.done, len(self.calls)):
            self.outcomes[i] = CallResult(status, None, message, output if i == self.done else "")
        self.done = len(self.calls)


def _start(tdir: str, limits: Limits, uid: int | None, forced: str | None, launched: _Worker | None = None):
    """A worker ready for commands (`launched`, if one was started already). The first
    start in a process settles the mode, the strongest that starts; later starts use it,
    and a failure to set one up is the machine's (SandboxError), not the submission's:
    never a step down for the rest."""
    global _mode
    if forced is None:
        with _mode_lock:
            if _mode is None:
                modes, reason = _candidates()
                for mode in modes:
                    try:
                        worker = _ready(launched, mode, tdir, limits, uid)
                    except _SetupFailed as e:
                        reason = f"{reason}; {e}" if reason else str(e)
                        continue
                    finally:
                        launched = None
                    _mode = (mode, reason)
                    return worker
    try:
        return _ready(launched, forced or _current_mode()[0], tdir, limits, uid)
    except _SetupFailed as e:
        raise SandboxError(f"the sandbox could not be set up: {e}") from None


def _launch(mode: str, tdir: str, limits: Limits, uid: int | None) -> _Worker:
    """A worker process started (not yet ready) in `mode`."""
    if mode == "seccomp":
        _lock_down()
    return _Worker(tdir, limits, mode, uid)


def _ready(launched: _Worker | None, mode: str, tdir: str, limits: Limits, uid: int | None) -> _Worker:
    worker = launched if launched is not None and launched.mode == mode else _launch(mode, tdir, limits, uid)
    if worker is not launched and launched is not None:
        launched.stop()
    try:
        worker.wait_ready()
    except BaseException:
        worker.stop()
        raise
    return worker


# ---------------------------------------------------------------------- source and calls


def _make_tempdir(uid: int | None) -> str:
    """The run's folder (mode 700): in/ (the source), work/ (the learner's working
    directory outside namespaces) and root/ (where a namespace mode builds its root).
    Outside namespaces as root, the folder belongs to the run's uid and to no one else."""
    tdir = tempfile.mkdtemp(prefix="mlexam-sandbox-")
    for sub in ("in", "work", "root"):
        os.mkdir(os.path.join(tdir, sub))
    os.chmod(os.path.join(tdir, "in"), 0o755)
    os.chmod(os.path.join(tdir, "work"), 0o700)
    if uid is not None:
        os.chown(tdir, uid, uid)
        os.chown(os.path.join(tdir, "work"), uid, uid)
    return tdir


def _remove(tdir: str) -> None:
    # The learner may have left read-only directories behind (plain mode).
    for root, dirs, _ in os.walk(tdir):
        for d in dirs:
            try:
                os.chmod(os.path.join(root, d), 0o700)
            except OSError:
                pass
    shutil.rmtree(tdir, ignore_errors=True)


def _write_source(tdir: str, source) -> None:
    """The only file the worker reads: the learner's module (submission.py), or a
    notebook's cells ([[number, text], ...] in cells.json)."""
    name, text = "submission.py", source
    if not isinstance(source, str):
        name, text = "cells.json", json.dumps([[int(number), str(cell)] for number, cell in source])
    path = os.path.join(tdir, "in", name)
    with open(path, "w", encoding="utf-8", errors="replace") as f:
        f.write(text)
    os.chmod(path, 0o644)


def _call_frame(i: int, call: Call) -> bytes:
    """The command that makes call i: sent to the worker only when call i is made."""
    import numpy as np

    if not (isinstance(call.function, str) and call.function.isidentifier()):
        raise ValueError(f"call {i}: {call.function!r} is not a function name")
    if not isinstance(call.args, (tuple, list)):
        raise TypeError(f"call {i} ({call.function}): args is a {type(call.args).__name__}; expected a tuple or list")
    items, blobs = [], []
    for k, v in enumerate(call.args):
        where = f"call {i} ({call.function}): argument {k + 1}"
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in "biufc" or v.dtype.hasobject or v.dtype.fields is not None:
                raise TypeError(f"{where} has dtype {v.dtype}; only numeric arrays are sent to learner code")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(v), allow_pickle=False)
            blobs.append(buf.getvalue())
            items.append({"kind": "array", "size": len(blobs[-1])})
        elif v is None:
            items.append({"kind": "none"})
        elif isinstance(v, (bool, np.bool_)):
            items.append({"kind": "bool", "value": bool(v)})
        elif isinstance(v, (int, np.integer)):
            items.append({"kind": "int", "value": str(int(v))})
        elif isinstance(v, (float, np.floating)):
            items.append({"kind": "float", "value": float(v).hex()})
        elif isinstance(v, str):
            items.append({"kind": "str", "value": v})
        else:
            raise TypeError(f"{where} is a {type(v).__name__}; expected a numeric array, int, float, bool, str or None")
    payload = b"".join(blobs)
    header = {"command": "call", "call": i, "function": call.function, "args": items}
    if call.unchanged:
        header["unchanged"] = [str(name) for name in call.unchanged]
    return _frame_bytes(header, payload)


def _frame_bytes(header: dict, payload: bytes = b"") -> bytes:
    """A command frame: the header's length (4 bytes, big-endian), the JSON header, the payload."""
    text = json.dumps({**header, "payload": len(payload)}).encode()
    return struct.pack(">I", len(text)) + text + payload


LOAD_FRAME = _frame_bytes({"command": "load"})


# ------------------------------------------------------------------------------- worker


class _Worker:
    """One worker process: its pipes, and what it has said so far."""

    def __init__(self, tdir: str, limits: Limits, mode: str, uid: int | None) -> None:
        self.limits, self.mode = limits, mode
        self.cap = max(0, limits.output_kb) * 1024
        self.max_payload = limits.file_size_mb * 1024 * 1024 + 64 * 1024
        in_ns = mode in ("root_ns", "user_ns")
        work = "/sandbox/work" if in_ns else os.path.join(tdir, "work")
        uid = {"root_ns": NOBODY, "user_ns": None}.get(mode, uid)
        cfg = {
            "mode": mode,
            "tdir": tdir,
            "grader_pid": os.getpid(),
            "uid": uid,
            "gid": uid,
            "limits": {
                **{
                    k: getattr(limits, k)
                    for k in ("cpu_seconds", "memory_mb", "processes", "file_size_mb", "open_files")
                },
                "call_cpu_seconds": math.ceil(limits.wall_seconds) + 1,
            },
            "refused": list(REFUSED_MODULES),
            "numpy_path": _numpy_path(),
            "site_packages": _site_packages(),
            "project_root": str(PROJECT_ROOT),
            "home": os.path.expanduser("~"),
            "scratch_mb": SCRATCH_MB,
        }
        env = {**BASE_ENV, "HOME": work, "TMPDIR": "/tmp" if in_ns else work}
        cmd_r, self.cmd_fd = os.pipe()
        self.out_fd, out_w = os.pipe()
        self.status_fd, status_w = os.pipe()
        try:
            zygote = _zygote()
            if zygote is not None:
                self.proc = zygote.spawn({**cfg, "env": env}, [cmd_r, out_w, status_w])
            else:
                self.proc = subprocess.Popen(
                    [sys.executable, "-I", "-S", "-B", "-u", str(WORKER), json.dumps({**cfg, "status_fd": status_w})],
                    stdin=cmd_r,
                    stdout=out_w,
                    stderr=out_w,
                    pass_fds=(status_w,),
                    env=env,
                    cwd=tdir,
                    start_new_session=True,
                )
        except BaseException:
            for fd in (self.cmd_fd, self.out_fd, self.status_fd):
                os.close(fd)
            raise
        finally:
            for fd in (cmd_r, out_w, status_w):
                os.close(fd)
        os.set_blocking(self.status_fd, False)
        os.set_blocking(self.out_fd, False)
        os.set_blocking(self.cmd_fd, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.status_fd, selectors.EVENT_READ)
        self.selector.register(self.out_fd, selectors.EVENT_READ)
        self.status_buf = bytearray()
        self.status_open = True
        self.out = bytearray()
        self.out_open = True
        self.out_dropped = 0
        self.stopped = False

    # --- reading ---------------------------------------------------------------------

    def _read(self, fd: int) -> None:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if fd == self.out_fd:
            if not chunk:
                self.selector.unregister(fd)
                self.out_open = False
                return
            room = self.cap - len(self.out)
            self.out += chunk[: max(room, 0)]
            self.out_dropped += max(len(chunk) - max(room, 0), 0)
        else:
            if not chunk:
                self.selector.unregister(fd)
                self.status_open = False
                return
            self.status_buf += chunk

    def _frame(self) -> tuple[dict, bytes] | None:
        end = self.status_buf.find(b"\n")
        if end < 0:
            if len(self.status_buf) > HEADER_MAX:
                raise _ProtocolError("header too long")
            return None
        if end > HEADER_MAX:
            raise _ProtocolError("header too long")
        try:
            header = json.loads(bytes(self.status_buf[:end]))
        except (ValueError, RecursionError):
            raise _ProtocolError("unreadable header") from None
        size = header.get("payload") if isinstance(header, dict) else None
        if type(size) is not int or not 0 <= size <= self.max_payload or not isinstance(header.get("event"), str):
            raise _ProtocolError("malformed header")
        if len(self.status_buf) < end + 1 + size:
            return None
        payload = bytes(self.status_buf[end + 1 : end + 1 + size])
        del self.status_buf[: end + 1 + size]
        return header, payload

    def wait(self, deadline: float) -> tuple[dict, bytes] | str:
        """The next frame, or "timeout", or "eof" (every writer of the status pipe gone)."""
        while True:
            frame = self._frame()
            if frame is not None:
                return frame
            if not self.status_open:
                return "eof"
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout"
            for key, _ in self.selector.select(min(left, 1.0)):
                self._read(key.fd)

    def take_output(self) -> str:
        for _ in range(32):  # what was printed before the reply is already in the pipe
            before = len(self.out) + self.out_dropped
            if self.out_open:
                self._read(self.out_fd)
            if len(self.out) + self.out_dropped == before:
                break
        text = _printed(self.out.decode("utf-8", errors="replace"))
        if self.out_dropped:
            text += f"\n[output cut: more than {self.limits.output_kb} KB printed]"
        self.out = bytearray()
        self.out_dropped = 0
        return text

    # --- the conversation ------------------------------------------------------------

    def wait_ready(self) -> None:
        try:
            got = self.wait(time.monotonic() + STARTUP_SECONDS)
        except _ProtocolError as e:
            got = f"protocol error: {e}"
        if isinstance(got, tuple) and got[0]["event"] == "ready":
            self.take_output()  # our own start-up, not the learner's
            return
        if isinstance(got, tuple) and got[0]["event"] == "setup_failed":
            raise _SetupFailed(_clean(got[0].get("error", "")))
        text = _clean(self.take_output()[-2000:], 2000)
        raise SandboxError(f"the sandbox worker did not start ({got if isinstance(got, str) else got[0]}): {text}")

    def serve(self, session: _Session) -> None:
        """Load the module, then make the session's calls in order until one kills the
        worker (or none is left); fills the session's outcomes as they come."""
        got = self._ask(LOAD_FRAME)
        if not (isinstance(got, tuple) and got[0]["event"] == "loaded"):
            status, message = self._load_failure(got)
            session.fail_all(status, message, self.take_output())
            return
        session.loaded(got[0].get("notes"))
        pending_output = self.take_output()  # printed while loading: shown with the first call
        while (i := session.next_to_make()) < len(session.calls):
            got = self._ask(session.frames[i])
            outcome, healthy = self._outcome(i, got)
            output = pending_output + self.take_output()
            pending_output = ""
            session.record(CallResult(outcome.status, outcome.value, outcome.message, output))
            if not healthy:
                return

    def _ask(self, frame: bytes) -> tuple[dict, bytes] | str:
        """Send one command frame (the worker reads exactly one); the reply, "timeout"
        when limits.wall_seconds have passed since the frame began, or "eof"."""
        deadline = time.monotonic() + self.limits.wall_seconds
        try:
            try:
                if not self._send(frame, deadline):
                    return "timeout"
            except OSError:  # the worker is gone: its keeper says how, at once
                return self.wait(time.monotonic() + 2.0)
            return self.wait(deadline)
        except _ProtocolError:
            return "protocol"

    def _send(self, frame: bytes, deadline: float) -> bool:
        """Write the frame to the command pipe without ever blocking past the deadline
        (a frame larger than the pipe's buffer waits for the worker to read). While
        waiting, the worker's output is drained. False when the deadline passed."""
        view = memoryview(frame)
        while view:
            try:
                view = view[os.write(self.cmd_fd, view) :]
                continue
            except BlockingIOError:
                pass
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.selector.register(self.cmd_fd, selectors.EVENT_WRITE)
            try:
                for key, _ in self.selector.select(min(left, 1.0)):
                    if key.fd != self.cmd_fd:
                        self._read(key.fd)
            finally:
                self.selector.unregister(self.cmd_fd)
        return True

    def _load_failure(self, got) -> tuple[str, str]:
        during = " while loading the module"
        if got == "timeout":
            return "timeout", f"loading the module took longer than {self.limits.wall_seconds:g} s"
        if isinstance(got, tuple):
            header = got[0]
            if header["event"] == "load_failed" and header.get("status") in _LOAD_FAILURES:
                status = header["status"]
                if status == "memory":
                    return status, f"used more than {self.limits.memory_mb} MB{during}"
                return ("load_error" if status == "exception" else status), _clean(header.get("message"))
            if header["event"] == "worker_exit":
                status, message = _exit_outcome(header, self.limits)
                return status, message + during
        return "crashed", "the module's process ended unexpectedly" + during

    def _outcome(self, i: int, got) -> tuple[CallResult, bool]:
        if got == "timeout":
            return CallResult("timeout", None, f"took longer than {self.limits.wall_seconds:g} s", ""), False
        if not isinstance(got, tuple):
            return CallResult("crashed", None, "the process ended unexpectedly", ""), False
        header, payload = got
        if header["event"] == "worker_exit":
            status, message = _exit_outcome(header, self.limits)
            return CallResult(status, None, message, ""), False
        if header["event"] != "result" or header.get("call") != i or header.get("status") not in _FROM_WORKER:
            return CallResult("crashed", None, "the process sent an unreadable reply", ""), False
        status = header["status"]
        if status != "ok":
            message = (
                f"used more than {self.limits.memory_mb} MB" if status == "memory" else _clean(header.get("message"))
            )
            return CallResult(status, None, message, ""), True
        try:
            value = _decode(header, payload)
        except Exception as e:  # noqa: BLE001 - whatever a forged reply provokes, it is only bad output
            return CallResult(
                "bad_output", None, f"returned data that is not a plain number or array ({_clean(str(e), 80)})", ""
            ), True
        return CallResult("ok", value, "", ""), True

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)  # the launcher kills everything below it
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.proc.wait()
        self.selector.close()
        for fd in (self.status_fd, self.out_fd, self.cmd_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        if isinstance(self.proc, _Forked):
            self.proc.close()


# The environment of every worker, built from scratch: nothing of the grader's (no
# secrets, no MLEXAM_SEED), BLAS threads pinned to one; HOME and TMPDIR are per run.
BASE_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

_zygote_lock = threading.Lock()
_zygote_now: _Zygote | None = None
_zygote_state = {"workers": 0, "starting": False, "failed": False}


def _zygote() -> _Zygote | None:
    """The process that forks launchers (Linux), once it is ready; None until then, or
    where it cannot run: the worker is then started on its own (~0.1 s of Python and
    numpy). It is started, in the background, when a second worker is asked for: a
    single submission's one worker does not pay for it."""
    global _zygote_now
    if not (sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")):
        return None
    with _zygote_lock:
        state = _zygote_state
        state["workers"] += 1
        if _zygote_now is not None and not _zygote_now.alive():
            _zygote_now.close()
            _zygote_now = None
        if _zygote_now is None and state["workers"] >= 2 and not (state["starting"] or state["failed"]):
            try:
                threading.Thread(target=_start_zygote, name="mlexam-zygote", daemon=True).start()
                state["starting"] = True
            except RuntimeError:  # no thread to spare (a container's limits): workers start one by one
                state["failed"] = True
        return _zygote_now


def _start_zygote() -> None:
    global _zygote_now
    try:
        zygote = _Zygote()
    except (OSError, _ProtocolError):
        zygote = None
    with _zygote_lock:
        _zygote_state["starting"] = False
        _zygote_state["failed"] = zygote is None
        _zygote_now = zygote
    if zygote is not None:
        atexit.register(zygote.close)


class _Zygote:
    """sandbox_worker.py --zygote: Python and numpy started once; each run's launcher is a
    fork of it (a few ms instead of ~0.1 s of start-up). It runs with BASE_ENV, holds
    nothing of any run, and ends when this process closes its socket or dies."""

    def __init__(self) -> None:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        cfg = {"control_fd": theirs.fileno(), "site_packages": _site_packages()}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-B", "-u", str(WORKER), "--zygote", json.dumps(cfg)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                env=BASE_ENV,
                cwd="/",
                start_new_session=True,
            )
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        self.sock = mine
        self.lock = threading.Lock()
        self.sock.settimeout(STARTUP_SECONDS)
        try:
            if self.sock.recv(16) != b"ready":
                raise _ProtocolError("the zygote did not start")
        except BaseException:
            self.close()
            raise

    def alive(self) -> bool:
        return self.proc.poll() is None

    def spawn(self, cfg: dict, fds: list[int]) -> _Forked:
        """A launcher for one run, with `fds` as its command, output and status pipes."""
        with self.lock:
            try:
                socket.send_fds(self.sock, [json.dumps(cfg).encode()], fds)
                pid = int(self.sock.recv(32))
            except (OSError, ValueError) as error:  # the machine's failure, not the mode's
                raise SandboxError(f"the zygote did not start a worker ({error})") from None
        return _Forked(pid)

    def close(self) -> None:
        self.sock.close()  # the zygote sees the end of its socket and exits
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class _Forked:
    """A launcher forked by the zygote: not this process's child, so it is watched and
    signalled through a pidfd (no pid reuse can redirect a signal)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        try:
            self.pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already ended (and reaped by the kernel)
            self.pidfd = None

    def poll(self) -> int | None:
        if self.pidfd is None or select.select([self.pidfd], [], [], 0)[0]:
            return 0
        return None

    def wait(self, timeout: float | None = None) -> int:
        if self.pidfd is not None and not select.select([self.pidfd], [], [], timeout)[0]:
            raise subprocess.TimeoutExpired(str(self.pid), timeout)
        return 0

    def send_signal(self, sig: int) -> None:
        if self.pidfd is not None:
            try:
                signal.pidfd_send_signal(self.pidfd, sig)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


def _site_packages() -> list[str]:
    """The grader's site-packages folders (and numpy's), for a worker started without the
    site module: its start-up skips .pth files, e.g. an editable install's import hook."""
    import site

    folders = [*site.getsitepackages(), _numpy_path()]
    return [f for i, f in enumerate(folders) if f not in folders[:i] and os.path.isdir(f)]


def _numpy_path() -> str:
    """The folder numpy is installed in (found, not imported: a worker starts before the
    grader has imported numpy)."""
    return str(Path(importlib.util.find_spec("numpy").origin).resolve().parent.parent)


def _exit_outcome(header: dict, limits: Limits) -> tuple[str, str]:
    sig = header.get("signal")
    if type(sig) is int:
        if sig == getattr(signal, "SIGXCPU", -1):
            return "timeout", (
                f"used more than {math.ceil(limits.wall_seconds) + 1} s of CPU time in one call "
                f"(or {limits.cpu_seconds} s in all)"
            )
        if sig == getattr(signal, "SIGXFSZ", -1):
            return "crashed", f"wrote a file larger than {limits.file_size_mb} MB"
        try:
            name = signal.Signals(sig).name
            what = signal.strsignal(sig) or name
        except (ValueError, AttributeError):
            name, what = f"signal {sig}", f"signal {sig}"
        return "crashed", f"the process crashed: {what} ({name})"
    code = header.get("code")
    code = code if type(code) is int else "?"
    return "exited", f"the process ended with exit code {code} (os._exit or similar)"


# Terminal control sequences: CSI (colours, cursor moves, clearing), OSC (titles, links), and
# the two-character escapes; a report quotes what was printed, never what it would do.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-~])")


def _printed(text: str) -> str:
    """What the learner's code printed, without terminal control sequences or characters."""
    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def _clean(text: Any, limit: int = MESSAGE_MAX) -> str:
    text = text if isinstance(text, str) else ""
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------ results

_INT = re.compile(r"-?[0-9]{1,4000}")
_HEX_FLOAT = re.compile(r"-?(0x[0-9a-f]+(\.[0-9a-f]*)?p[+-][0-9]{1,5}|inf|nan)")
_NPY_MAGIC = b"\x93NUMPY"


def _decode(header: dict, payload: bytes) -> Any:
    items = header["items"]
    if not isinstance(items, list) or len(items) > 64 or not isinstance(header.get("tuple"), bool):
        raise ValueError("malformed result")
    if not header["tuple"] and len(items) != 1:
        raise ValueError("malformed result")
    values, at = [], 0
    for item in items:
        if not isinstance(item, dict):
            raise ValueError("malformed result")
        kind = item.get("kind")
        if kind == "array":
            size = item.get("size")
            if type(size) is not int or size < 0 or at + size > len(payload):
                raise ValueError("array size")
            values.append(_decode_npy(payload[at : at + size]))
            at += size
        elif kind == "int" and isinstance(item.get("value"), str) and _INT.fullmatch(item["value"]):
            values.append(int(item["value"]))
        elif kind == "float" and isinstance(item.get("value"), str) and _HEX_FLOAT.fullmatch(item["value"]):
            values.append(float.fromhex(item["value"]))
        elif kind == "bool" and type(item.get("value")) is bool:
            values.append(item["value"])
        else:
            raise ValueError("unknown item")
    if at != len(payload):
        raise ValueError("payload size")
    return tuple(values) if header["tuple"] else values[0]


def _decode_npy(blob: bytes):
    """A .npy image to an array, trusting nothing: the header is a Python literal
    (ast.literal_eval, never pickle), the dtype must be bool/int/float, and the data
    must be exactly as long as the shape says."""
    import numpy as np

    if not blob.startswith(_NPY_MAGIC) or len(blob) < 10:
        raise ValueError("not .npy data")
    major = blob[6]
    if major == 1:
        hlen, start = int.from_bytes(blob[8:10], "little"), 10
    elif major in (2, 3):
        hlen, start = int.from_bytes(blob[8:12], "little"), 12
    else:
        raise ValueError("unknown .npy version")
    if hlen > 4096 or start + hlen > len(blob):
        raise ValueError(".npy header")
    text = blob[start : start + hlen].decode("utf-8" if major == 3 else "latin1")
    meta = ast.literal_eval(text)
    if not (isinstance(meta, dict) and set(meta) == {"descr", "fortran_order", "shape"}):
        raise ValueError(".npy header")
    descr, fortran, shape = meta["descr"], meta["fortran_order"], meta["shape"]
    if (
        not isinstance(descr, str)
        or type(fortran) is not bool
        or not isinstance(shape, tuple)
        or len(shape) > 32
        or not all(type(n) is int and n >= 0 for n in shape)
    ):
        raise ValueError(".npy header")
    dtype = np.dtype(descr)
    if dtype.kind not in "biuf" or dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise ValueError(f"dtype {dtype}")
    data = blob[start + hlen :]
    if len(data) != math.prod(shape) * dtype.itemsize:
        raise ValueError("data size")
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    return array.astype(dtype.newbyteorder("="), copy=True)
