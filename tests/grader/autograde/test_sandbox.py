"""The sandbox against hostile learner code. Each attack is its own test: the
attacked calls are not "ok" (or "ok" with only what the learner computed), the
grader keeps running, and a later call in the same run still works.

Tests of isolation that only namespaces give (files, network, killing the grader
as the same user) are skipped, saying so, where this machine cannot create them;
`isolation()` then says the same in every report."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from grader.autograde import sandbox
from grader.autograde.sandbox import Call, Limits, run

ROOT = Path(__file__).resolve().parents[3]  # the project: tests/grader/<half>/this file
LINUX = sys.platform.startswith("linux")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# Appended to every attack: a call after the attack must still work.
OK_SOURCE = "\n\ndef ok(x):\n    return x * 2\n"
OK_CALL = Call("ok", [np.arange(3.0)])
DEFAULT_LIMITS = Limits()


def attack(source, *calls, limits=DEFAULT_LIMITS):
    """Run `calls` then OK_CALL on `source`; check OK_CALL, return the other outcomes."""
    outcomes = run(textwrap.dedent(source) + OK_SOURCE, [*calls, OK_CALL], limits)
    assert len(outcomes) == len(calls) + 1
    last = outcomes[-1]
    assert last.status == "ok", last
    assert np.array_equal(last.value, np.arange(3.0) * 2)
    return outcomes[:-1]


def mode():
    sandbox.isolation()
    return sandbox._current_mode()[0]


@pytest.fixture
def namespaces():
    """Namespaces are a property of the machine: a non-root grader elsewhere may lack them
    (then these tests skip, saying why). As root on Linux, as in CI and Gradescope, they
    must be there: falling back to the plain mode there is a failure, not a skip."""
    if mode() == "plain":
        if sys.platform.startswith("linux") and os.geteuid() == 0:
            pytest.fail(f"running as root on Linux but the sandbox fell back to: {sandbox.isolation()}")
        pytest.skip(f"needs namespaces, unavailable here: {sandbox.isolation()}")


def comm_name():
    return "mlx" + uuid.uuid4().hex[:10]


def processes_named(name):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/comm").read_text().strip() == name:
                    found.append(int(entry))
            except OSError:
                pass
    return found


SET_NAME = """
import ctypes
def set_name(name):
    ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)   # PR_SET_NAME: seen in /proc/<pid>/comm
"""


# ------------------------------------------------------------------------ normal work

CORRECT = """
import numpy as np

def fit(X, y, lr, steps):
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        w -= lr * 2 / len(y) * X.T @ (X @ w - y)
    return w

def predict(X, w):
    return X @ w

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)

def mse(y, p):
    return float(np.mean((y - p) ** 2))

def argmax_rows(z):
    return np.argmax(z, axis=1)

def stats(x):
    return x.mean(axis=0), x.std(axis=0, ddof=1), len(x)
"""


def test_a_correct_module_gets_every_value_right():
    rng = np.random.default_rng(0)
    calls, expected = [], []
    for _ in range(3):
        X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
        w = np.zeros(3)
        for _ in range(50):
            w -= 0.1 * 2 / 20 * X.T @ (X @ w - y)
        z = rng.normal(size=(4, 5))
        e = np.exp(z - z.max(axis=1, keepdims=True))
        calls += [
            Call("fit", [X, y, 0.1, 50]),
            Call("predict", [X, w]),
            Call("sigmoid", [z]),
            Call("softmax", [z]),
            Call("mse", [y, X @ w]),
        ]
        expected += [w, X @ w, 1 / (1 + np.exp(-z)), e / e.sum(axis=1, keepdims=True), float(np.mean((y - X @ w) ** 2))]
    assert len(calls) == 15
    outcomes = run(CORRECT, calls)  # its time is measured by benchmarks/grading.py
    for outcome, want in zip(outcomes, expected):
        assert outcome.status == "ok", outcome
        assert outcome.message == "" and outcome.output == ""
        if isinstance(want, float):
            assert type(outcome.value) is float and outcome.value == pytest.approx(want, rel=1e-12)
        else:
            assert type(outcome.value) is np.ndarray and np.allclose(outcome.value, want, rtol=1e-12)


def test_every_input_kind_arrives_as_sent_and_plain_results_come_back_exactly():
    source = """
    import numpy as np
    def echo(a, b, i, big, f, nan, t, s, n):
        assert type(i) is int and type(big) is int and type(f) is float and type(t) is bool
        assert type(s) is str and n is None and np.isnan(nan)
        assert a.dtype == np.int32 and b.dtype == bool and a.flags.writeable
        return a, b, i, big, f, t
    def kinds():
        return (np.float32(1.5), np.int64(7), np.bool_(True), np.array(2.0), 2**80,
                np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(3, dtype=">f8"))
    def first(a):
        a[0] = 99           # mutating an input must not leak into the next call
        return a
    """
    a = np.arange(4, dtype=np.int32)
    calls = [
        Call(
            "echo",
            [a, np.array([True, False]), 3, 2**70, 0.1, float("nan"), True, "héllo", None],
        ),
        Call("kinds", []),
        Call("first", [a]),
        Call("first", [a]),
    ]
    echo, kinds, first, again = attack(source, *calls)
    assert echo.status == "ok", echo
    got_a, got_b, i, big, f, t = echo.value
    assert got_a.dtype == np.int32 and np.array_equal(got_a, a) and got_b.dtype == bool
    assert (i, big, f, t) == (3, 2**70, 0.1, True) and type(t) is bool
    assert kinds.status == "ok", kinds
    f32, i64, b, zero_d, huge, fortran, big_endian = kinds.value
    assert (type(f32), type(i64), type(b), huge) == (float, int, bool, 2**80)
    assert zero_d.shape == () and np.array_equal(fortran, np.arange(6.0).reshape(2, 3))
    assert np.array_equal(big_endian, [0.0, 1.0, 2.0]) and big_endian.dtype == np.float64
    assert first.value[0] == 99 and again.value[0] == 99 and a[0] == 0


def test_arguments_are_positional_whatever_their_names():
    source = """
    def f(renamed_a, renamed_b):
        return renamed_a - renamed_b
    def count(*args):
        return len(args)
    """
    big = np.arange(300_000.0)  # 2.4 MB: more than a pipe holds, so the frame is written in parts
    outcomes = attack(source, Call("f", [np.arange(3.0), 1.0]), Call("f", (big, 0.5)), Call("count", [1, None, "x"]))
    assert [o.status for o in outcomes] == ["ok"] * 3, outcomes
    assert np.array_equal(outcomes[0].value, [-1.0, 0.0, 1.0])
    assert np.array_equal(outcomes[1].value, big - 0.5)
    assert outcomes[2].value == 3
    assert Call("f", [1, 2]).args == (1, 2)


# -------------------------------------------------------------------- lying results


def test_an_object_that_equals_everything_is_bad_output():
    source = """
    class Yes:
        def __eq__(self, other): return True
        def __ne__(self, other): return False
        def __float__(self): return 0.0
        def __array__(self, *a, **k):
            import numpy as np
            return np.zeros(3)
    class YesInt(int):
        def __eq__(self, other): return True
    def always():
        return Yes()
    def always_int():
        return YesInt(1)
    def in_tuple():
        return (1.0, Yes())
    """
    outcomes = attack(source, Call("always", []), Call("always_int", []), Call("in_tuple", []))
    for outcome in outcomes:
        assert outcome.status == "bad_output" and outcome.value is None, outcome
    assert "returned a Yes; expected a numeric numpy array or a number" in outcomes[0].message
    assert "YesInt" in outcomes[1].message and "item 1 is a Yes" in outcomes[2].message


def test_an_ndarray_subclass_is_bad_output():
    source = """
    import numpy as np
    class Liar(np.ndarray):
        def __eq__(self, other): return np.ones(np.shape(other), dtype=bool)
    def subclass():
        return np.zeros(3).view(Liar)
    def matrix():
        return np.matrix([[1.0, 2.0]])
    def masked():
        return np.ma.masked_array([1.0, 2.0], mask=[False, True])
    """
    outcomes = attack(source, Call("subclass", []), Call("matrix", []), Call("masked", []))
    for outcome in outcomes:
        assert outcome.status == "bad_output", outcome
        assert "subclass of numpy.ndarray" in outcome.message
    assert outcomes[0].message.startswith("returned a Liar")


def test_lazy_objects_dicts_strings_and_object_arrays_are_bad_output():
    source = """
    import numpy as np
    class Lazy:
        def __array__(self, *a, **k): return np.arange(3.0)
    def lazy(): return Lazy()
    def mapping(): return {"w": np.zeros(2)}
    def text(): return "1.0"
    def ragged(): return ([1.0], [2.0, 3.0]), 1.0
    def objects(): return np.array([1.0, None])
    def strings(): return np.array(["a"])
    def complex_(): return np.array([1j])
    def nothing(): pass
    def words(): return ["a", "b"], 1.0
    """
    names = ["lazy", "mapping", "text", "ragged", "objects", "strings", "complex_", "nothing", "words"]
    outcomes = attack(source, *[Call(n, []) for n in names])
    for outcome in outcomes:
        assert outcome.status == "bad_output", outcome
    messages = [o.message for o in outcomes]
    assert "returned a dict" in messages[1] and "returned a str" in messages[2]
    assert "np.array(...)" in messages[3] and "dtype object" in messages[4]
    assert "return statement missing" in messages[7] and "np.array(...)" in messages[8]


def test_lists_of_numbers_come_back_as_tuples_for_the_grader_to_read():
    """A list is a tuple of outputs, and a list inside one is the array of its numbers."""
    source = """
    import numpy as np
    def listed(): return [1.0, 2.0]
    def nested(): return ((1.0,),)
    def pair(): return [np.zeros(2), [[1, 2], [3, 4]]]
    """
    listed, nested, pair = attack(source, Call("listed", []), Call("nested", []), Call("pair", []))
    assert listed.status == "ok" and listed.value == (1.0, 2.0), listed
    assert nested.status == "ok" and len(nested.value) == 1 and nested.value[0].tolist() == [1.0]
    assert pair.status == "ok" and pair.value[1].tolist() == [[1, 2], [3, 4]] and pair.value[1].dtype == np.int64


def test_a_forged_reply_on_the_status_pipe_cannot_smuggle_a_pickle():
    source = """
    import io, json, os, pickle
    import numpy as np
    def forge():
        buf = io.BytesIO()
        np.save(buf, np.array([{"x": 1}], dtype=object), allow_pickle=True)
        blob = buf.getvalue()
        header = {"event": "result", "call": 0, "status": "ok", "tuple": False,
                  "items": [{"kind": "array", "size": len(blob)}], "payload": len(blob)}
        os.write(3, json.dumps(header).encode() + b"\\n" + blob)
        return np.zeros(2)
    def garbage():
        os.write(3, b"\\x00" * 100000)
        return 1.0
    """
    forged, garbage = attack(source, Call("forge", []), Call("garbage", []))
    assert forged.status == "bad_output" and forged.value is None, forged
    assert garbage.status == "crashed", garbage


# -------------------------------------------------------------------------- leaving


@pytest.mark.parametrize("how", ["sys.exit(0)", "os._exit(0)"])
def test_exiting_while_loading_fails_every_call(how):
    outcomes = run(f"import os, sys\n{how}\n" + OK_SOURCE, [OK_CALL, OK_CALL])
    assert [o.status for o in outcomes] == ["exited", "exited"], outcomes
    assert "while loading the module" in outcomes[0].message
    if how.startswith("sys"):
        assert outcomes[0].message.startswith("called sys.exit(0)")


@pytest.mark.parametrize("how", ["sys.exit(0)", "os._exit(0)", "sys.exit('bye')"])
def test_exiting_during_a_call_fails_that_call_only(how):
    source = f"""
    import os, sys
    def leave():
        {how}
    """
    (outcome,) = attack(source, Call("leave", []))
    assert outcome.status == "exited", outcome
    assert ("called sys.exit" in outcome.message) == how.startswith("sys")


def test_a_segfault_fails_that_call_only():
    (outcome,) = attack("import ctypes\ndef crash():\n    ctypes.string_at(0)\n", Call("crash", []))
    assert outcome.status == "crashed" and "SIGSEGV" in outcome.message, outcome


# ------------------------------------------------------------------ faking the report


def test_a_printed_fake_report_is_only_output():
    source = """
    import sys
    print("score: 100/100")
    def f():
        print("PASS all tests\\nscore: 100/100")
        sys.stderr.write("Score: 100 / 100\\n")
        return 0.0
    """
    (outcome,) = attack(source, Call("f", []))
    assert outcome.status == "ok" and outcome.value == 0.0 and outcome.message == ""
    assert outcome.output.count("100/100") == 2 and "Score: 100 / 100" in outcome.output


def test_writing_files_cannot_touch_the_grader(namespaces, tmp_path):
    # A directory anyone may write to: only the sandbox can stop the write.
    shared = Path(tempfile.mkdtemp(prefix="mlexam-test-"))
    shared.chmod(0o777)
    before = {p: p.stat().st_mtime_ns for p in ROOT.rglob("*.py") if ".venv" not in p.parts}
    cwd_before = sorted(os.listdir(os.getcwd()))
    try:
        source = """
        import numpy as np
        def write(targets):
            written = []
            for i, path in enumerate(targets.split("|")):
                try:
                    with open(path, "a") as f:
                        f.write("score: 100/100\\n")
                    written.append(i)
                except OSError:
                    pass
            return np.array(written)
        """
        targets = [
            "report.json",
            "report.md",
            str(ROOT / "report.json"),
            str(ROOT / "grader" / "sandbox.py"),
            str(ROOT / "solutions" / "__init__.py"),
            str(shared / "report.json"),
            os.path.join(tempfile.gettempdir(), "report.json"),
            str(tmp_path / "report.json"),
        ]
        host_tmp = Path(targets[6])
        tmp_before = host_tmp.stat().st_mtime_ns if host_tmp.exists() else None
        (outcome,) = attack(source, Call("write", ["|".join(targets)]))
        assert outcome.status == "ok", outcome
        assert outcome.value.tolist() == [0, 1, 6]  # its scratch directory and its own /tmp only
        assert (host_tmp.stat().st_mtime_ns if host_tmp.exists() else None) == tmp_before
        assert not (ROOT / "report.json").exists() and not (shared / "report.json").exists()
        assert not (tmp_path / "report.json").exists()
        assert {p: p.stat().st_mtime_ns for p in before} == before
        assert sorted(os.listdir(os.getcwd())) == cwd_before
    finally:
        shutil.rmtree(shared)


def test_the_project_and_the_grader_process_are_invisible(namespaces, monkeypatch):
    monkeypatch.setenv("MLEXAM_SECRET_TOKEN", "hunter2-" + uuid.uuid4().hex)
    secret = os.environ["MLEXAM_SECRET_TOKEN"]
    files = [
        ROOT / "grader" / "cases.py",
        ROOT / "mlexam.py",
        *sorted((ROOT / "solutions").glob("*.py")),
        Path(f"/proc/{os.getpid()}/environ"),
        Path(f"/proc/{os.getppid()}/environ"),
        Path("/root/.bashrc"),
    ]
    source = """
    import os
    def read(paths, secret):
        found = 0
        for path in paths.split("|"):
            try:
                with open(path, "rb") as f:
                    data = f.read()
                print("read", path)
                found += secret.encode() in data or path.endswith(".py")
            except OSError as e:
                print(type(e).__name__, path)
        try:   # the project root: absent, or holding only the .venv a CI created in it
            found += bool(set(os.listdir(paths.split("|")[0].rsplit("/", 2)[0])) - {".venv"})
        except OSError:
            pass
        return found
    """
    (outcome,) = attack(source, Call("read", ["|".join(map(str, files)), secret]))
    assert outcome.status == "ok", outcome
    assert outcome.value == 0, outcome.output
    assert secret not in outcome.output


def test_executing_the_reference_from_disk_fails(namespaces):
    reference = sorted((ROOT / "solutions").glob("*.py"))[-1]
    source = f"""
    def steal():
        namespace = {{}}
        exec(open({str(reference)!r}).read(), namespace)
        return 1.0
    def steal_cases():
        exec(open({str(ROOT / "grader" / "cases.py")!r}).read(), {{}})
        return 1.0
    """
    outcomes = attack(source, Call("steal", []), Call("steal_cases", []))
    for outcome in outcomes:
        assert outcome.status == "exception" and "FileNotFoundError" in outcome.message, outcome


# ---------------------------------------------------------- what a call can see

# Call j of a run gets markers of its own: an array and a float BASE + j + 1, an int
# IBASE + j + 1 and a string "<token>:<j>:". The probe looks for the other calls'
# markers everywhere a learner could: files it can reach, its descriptors, its memory.
LEAK_BASE, LEAK_IBASE, LEAK_CALLS = 987654.321, 7123456789000, 4

LEAK_PROBE = """
import gc, os, struct
import numpy as np

BASE, IBASE = 987654.321, 7123456789000
PLACES = ["/sandbox", ".", "..", "../in", "/tmp", "/var/tmp", "/dev/shm", os.path.expanduser("~"),
          "/proc/self/fd", "/proc/self/cmdline", "/proc/self/environ", "/"]
PRUNED = {"proc", "sys", "dev", "usr", "lib", "lib32", "lib64", "libx32", "bin", "sbin", "etc", "boot",
          "snap", "var", "opt", "run", "srv"}  # below /: the system (/tmp, /var/tmp, /dev/shm are above)

def needles(j, token):
    # Call j's inputs as a file or a pipe would hold them (.npy float64 bytes, float.hex
    # and decimal text of the scalars, the string), each with the text a leak would show.
    v, i, s = BASE + j + 1, str(IBASE + j + 1), f"{token}:{j:03d}:"
    return {struct.pack("<d", v): repr(v), struct.pack(">d", v): repr(v), v.hex().encode(): v.hex(),
            i.encode(): i, s.encode(): s}

def search_files(others, own, found):
    budget, own_hits = [6000], [0]  # files and directories visited, at most
    def look(path):
        budget[0] -= 1
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe in /proc/self/fd must not block
        except OSError:
            return
        try:
            data = os.read(fd, 1 << 20)
        except OSError:
            data = b""
        finally:
            os.close(fd)
        found.extend(("file", path, text) for ns in others.values() for n, text in ns.items() if n in data)
        own_hits[0] += any(n in data for n in own)
    for place in PLACES:
        if place == "/proc/self/fd":
            for name in os.listdir(place):
                look(os.path.join(place, name))
        elif not os.path.isdir(place):
            look(place)
        else:
            for top, dirs, files in os.walk(place):
                budget[0] -= 1
                dirs[:] = [d for d in dirs if not (top == "/" and d in PRUNED) and d not in (".venv", ".git")]
                for name in files:
                    look(os.path.join(top, name))
                if budget[0] <= 0:
                    break
    return own_hits[0]

def search_fds(others, found):
    # What any descriptor holds now, read without blocking (and left non-blocking:
    # the worker must cope with that).
    for fd in range(65):
        try:
            os.set_blocking(fd, False)
            data = os.read(fd, 1 << 20)
        except OSError:
            continue
        found.extend(("fd", fd, text) for ns in others.values() for n, text in ns.items() if n in data)

def search_memory(k, n, token, skip, needles_, found):
    lo, hi, own, prefix, own_hits = BASE + 0.5, BASE + n + 0.5, BASE + k + 1, token + ":", 0
    for obj in gc.get_objects():
        if id(obj) in skip:
            continue
        for r in gc.get_referents(obj):
            t = type(r)
            if t is np.ndarray and r.dtype.kind == "f" and r.size:
                near = (r > lo) & (r < hi)
                if np.any(near & (r != own)):
                    found.append(("memory", "array", float(r[near & (r != own)][0])))
                own_hits += bool(np.any(r == own))
            elif t is float and lo < r < hi and r != own:
                found.append(("memory", "float", r))
            elif t is int and IBASE < r <= IBASE + n and r != IBASE + k + 1:
                found.append(("memory", "int", r))
            elif t is str and len(r) == len(prefix) + 4 and r.startswith(prefix) and r != f"{token}:{k:03d}:":
                found.append(("memory", "str", r))
            elif t is bytes and id(r) not in skip:
                found.extend(("memory", "bytes", text) for nd, text in needles_.items() if nd in r)
    return own_hits

def probe(k, n, token, x, v, i, s, shout):
    assert x.flat[0] == v == BASE + k + 1 and i == IBASE + k + 1 and s == f"{token}:{k:03d}:"
    others = {j: needles(j, token) for j in range(n) if j != k}
    own = needles(k, token)
    flat = {b: text for ns in others.values() for b, text in ns.items()}
    skip = {id(others), id(own), id(flat), *map(id, others.values()), *map(id, own), *map(id, flat)}
    with open(f"planted{k}.bin", "wb") as f:  # the file search must find this one,
        f.write(b"".join(own))
    held = [x]  # and the memory search this one
    found = []
    try:
        own_in_files = search_files(others, own, found)
    finally:
        os.remove(f"planted{k}.bin")
    search_fds(others, found)
    own_in_memory = search_memory(k, n, token, skip, flat, found)
    print("call", k, "found", found, len(held))
    if shout:
        raise ValueError(f"found {found!r}; mine: {s} {v.hex()} {i}")
    return len(found), own_in_files, own_in_memory
"""


def leak_markers(j, token):
    v = LEAK_BASE + j + 1
    return [f"{token}:{j:03d}:", v.hex(), str(LEAK_IBASE + j + 1), repr(v)]


@pytest.fixture(scope="module", params=["default", "seccomp", "plain"])
def leak_probe(request):
    """One run of LEAK_PROBE per mode: even calls raise what they found (the learner
    sees a visible case's message), odd calls return how much they found."""
    if request.param == "seccomp" and not LINUX:
        pytest.skip("the seccomp level is Linux's")
    token = uuid.uuid4().hex
    calls = []
    for k in range(LEAK_CALLS):
        v = LEAK_BASE + k + 1
        args = [k, LEAK_CALLS, token, np.full((2, 3), v), v, LEAK_IBASE + k + 1, f"{token}:{k:03d}:", k % 2 == 0]
        calls.append(Call("probe", args))
    forced = None if request.param == "default" else request.param
    return token, sandbox._run(LEAK_PROBE, calls, Limits(wall_seconds=30), forced)


def test_a_call_finds_no_other_calls_inputs_on_disk_in_descriptors_or_in_memory(leak_probe):
    _, outcomes = leak_probe
    for k, outcome in enumerate(outcomes):
        if k % 2:
            assert outcome.status == "ok", outcome
            others, own_in_files, own_in_memory = outcome.value
            assert others == 0, outcome.output
            assert own_in_files > 0 and own_in_memory > 0  # the searches reach what is there
        else:
            assert outcome.status == "exception" and outcome.message.startswith("ValueError: found [];"), outcome


def test_a_message_or_output_holds_no_other_calls_inputs(leak_probe):
    token, outcomes = leak_probe
    for k, outcome in enumerate(outcomes):
        if k % 2 == 0:  # what a call was given does reach its own message
            assert all(m in outcome.message for m in leak_markers(k, token)[:3]), outcome
        for j in range(LEAK_CALLS):
            if j != k:
                for marker in leak_markers(j, token):
                    assert marker not in outcome.message and marker not in outcome.output, (k, j, outcome)


# ------------------------------------------------------------------------- imports


@pytest.mark.parametrize(
    "statement, name",
    [
        ("import solutions", "solutions"),
        ("from solutions.core import cases", "solutions"),
        ("from grader.autograde.sandbox import run", "grader"),
        ("import exercises", "exercises"),
        ("import mlexam", "mlexam"),
        ("import sklearn", "sklearn"),
        ("from sklearn.linear_model import LinearRegression", "sklearn"),
        ("import scipy.linalg", "scipy"),
        ("import torch", "torch"),
        ("import importlib; importlib.import_module('sk' + 'learn')", "sklearn"),
    ],
)
def test_refused_imports_during_a_call(statement, name):
    (outcome,) = attack(f"def f():\n    {statement}\n    return 1.0\n", Call("f", []))
    assert outcome.status == "refused_import", outcome
    assert outcome.message == f"imports {name}, which this task does not allow"


def test_a_refused_import_at_load_fails_every_call():
    outcomes = run(
        "import numpy as np\nfrom sklearn.linear_model import LinearRegression\n" + OK_SOURCE, [OK_CALL, OK_CALL]
    )
    assert [o.status for o in outcomes] == ["refused_import"] * 2
    assert outcomes[0].message == "imports sklearn, which this task does not allow"


def test_removing_the_import_hook_finds_nothing_to_import(namespaces):
    source = f"""
    import sys
    def bypass(what):
        sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "Refuser"]
        sys.path.insert(0, {str(ROOT)!r})
        if what == "sklearn":
            from sklearn.linear_model import LinearRegression
        else:
            from solutions import linear_regression
        return 1.0
    """
    outcomes = attack(source, Call("bypass", ["sklearn"]), Call("bypass", ["solutions"]))
    for outcome in outcomes:
        assert outcome.status == "exception" and "ModuleNotFoundError" in outcome.message, outcome


def test_monkeypatching_numpy_in_the_learner_does_not_reach_the_grader():
    allclose, array_equal = np.allclose, np.array_equal
    source = """
    import numpy as np
    np.allclose = lambda *a, **k: True
    np.array_equal = lambda *a, **k: True
    def wrong():
        return np.full(3, 123.0)
    """
    (outcome,) = attack(source, Call("wrong", []))
    assert np.allclose is allclose and np.array_equal is array_equal
    assert outcome.status == "ok" and not np.allclose(outcome.value, np.zeros(3))


# --------------------------------------------------------------------- resources


def test_an_infinite_loop_times_out_within_the_wall_limit():
    limits = Limits(wall_seconds=1.0)
    outcomes = run("def spin():\n    while True:\n        pass\n", [Call("spin", [])], limits)
    assert outcomes[0].status == "timeout" and outcomes[0].message == "took longer than 1 s"
    (outcome,) = attack("def spin():\n    while True:\n        pass\n", Call("spin", []), limits=limits)
    assert outcome.status == "timeout"


def test_an_infinite_loop_at_load_times_out_every_call():
    outcomes = run("while True:\n    pass\n" + OK_SOURCE, [OK_CALL] * 3, Limits(wall_seconds=0.5))
    assert [o.status for o in outcomes] == ["timeout"] * 3
    assert "loading the module took longer than 0.5 s" in outcomes[0].message


def test_a_function_that_timed_out_fails_its_later_calls_at_once():
    source = """
    def spin(x):
        while True:
            pass
    def loop(x):
        while True:
            x += 1
    """
    calls = [Call(name, [k]) for k in range(5) for name in ("spin", "loop")]
    # Each function costs one wall limit, not five: benchmarks/grading.py times it.
    outcomes = attack(source, *calls, limits=Limits(wall_seconds=1))
    assert [o.status for o in outcomes] == ["timeout"] * 10, outcomes
    assert [o.message for o in outcomes[:2]] == ["took longer than 1 s"] * 2
    assert [o.message for o in outcomes[2:]] == ["timed out on an earlier case"] * 8
    assert all(o.value is None and o.output == "" for o in outcomes)


def test_the_cpu_limit_is_a_backstop():
    source = "def spin():\n    while True:\n        pass\n"
    (outcome,) = attack(source, Call("spin", []), limits=Limits(wall_seconds=10, cpu_seconds=1))
    assert outcome.status == "timeout" and "CPU time" in outcome.message, outcome


def test_each_call_gets_its_own_cpu_allowance():
    source = textwrap.dedent("""
        import resource, time
        import numpy as np
        def allowance(burn):
            end = time.process_time() + burn
            while time.process_time() < end:
                pass
            soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
            return np.array([float(soft), float(hard), time.process_time()])
    """)
    wall = 6  # seconds: room for a 1.2 s burn on a loaded machine (2 s was flaky at load 27 on 2 cores)
    limits = Limits(wall_seconds=wall, cpu_seconds=30)
    burns = (0.3, 1.2, 0.1)
    outcomes = run(source, [Call("allowance", [b]) for b in burns], limits)
    assert all(o.status == "ok" for o in outcomes), outcomes
    for outcome, burn in zip(outcomes, burns):
        soft, hard, used = outcome.value  # soft = ceil(CPU used before the call) + ceil(wall) + 1
        assert hard == 31 and soft - wall - 2 < used and used - burn - 0.2 <= soft - wall - 1, outcome.value
    assert outcomes[2].value[0] > outcomes[0].value[0]  # the allowance moved on with the CPU used


def test_a_fork_bomb_is_contained_and_leaves_no_process():
    name = comm_name()
    source = (
        SET_NAME
        + """
import os, time
def bomb(name, cap):
    children = 0
    for _ in range(cap):          # the cap keeps a broken sandbox from taking the machine
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            set_name(name)
            time.sleep(30)
            os._exit(0)
        children += 1
    return children
"""
    )
    limits = Limits(processes=16)
    (outcome,) = attack(source, Call("bomb", [name, 200]), limits=limits)
    if IS_ROOT or mode() != "plain":  # RLIMIT_NPROC holds for uid 65534 / inside the user namespace
        assert outcome.status == "ok" and outcome.value < limits.processes, outcome
    else:
        assert outcome.status in ("ok", "exception", "timeout"), outcome
    assert processes_named(name) == []


def test_no_learner_process_survives_the_run(tmp_path):
    name = comm_name()
    outside = Path(tempfile.mkdtemp(prefix="mlexam-test-"))
    outside.chmod(0o777)
    source = (
        SET_NAME
        + """
import os, time
def spawn(name, path):
    if os.fork() == 0:
        os.setsid()                # try to leave the process group
        if os.fork() == 0:
            set_name(name)
            time.sleep(3)
            for p in (path, "late.txt", "/tmp/late.txt"):
                try:
                    open(p, "w").write("still alive")
                except OSError:
                    pass
        os._exit(0)
    return 1
"""
    )
    try:
        (outcome,) = attack(source, Call("spawn", [name, str(outside / "late.txt")]))
        assert outcome.status == "ok", outcome
        assert processes_named(name) == []
        time.sleep(4)
        assert processes_named(name) == []
        assert not (outside / "late.txt").exists()
    finally:
        shutil.rmtree(outside)


@pytest.mark.parametrize(
    "bomb",
    [
        "np.ones(10**10)",
        "[np.ones(10**7) for _ in range(1000)]",
        "[[0] * 10**7 for _ in range(1000)]",
        "bytearray(2 * 1024**3)",
    ],
)
def test_a_memory_bomb_is_reported_as_memory(bomb):
    # Filling 1 GB takes seconds on a loaded machine: the wall limit is not what is tested here.
    source = f"import numpy as np\ndef eat():\n    x = {bomb}\n    return 1.0\n"
    (outcome,) = attack(source, Call("eat", []), limits=Limits(wall_seconds=30))
    assert outcome.status == "memory" and outcome.message == "used more than 1024 MB", outcome


def test_a_flood_of_output_is_capped_and_the_call_still_judged():
    source = """
    import os, sys
    def flood():
        line = "x" * 999 + "\\n"
        for _ in range(50 * 1000):
            sys.stdout.write(line)
        os.write(2, b"y" * 50 * 1024 * 1024)
        return 42
    """
    (outcome,) = attack(source, Call("flood", []))
    assert outcome.status == "ok" and outcome.value == 42, outcome
    assert 64 * 1024 <= len(outcome.output) <= 64 * 1024 + 200
    assert outcome.output.endswith("[output cut: more than 64 KB printed]")


def test_the_rlimits_are_set():
    source = """
    import resource
    def limits():
        return tuple(resource.getrlimit(getattr(resource, n))[0]
                     for n in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU"))
    def too_big():
        with open("big.bin", "wb") as f:
            f.write(b"0" * 3 * 1024 * 1024)
        return 1.0
    def many_files():
        return [open("/dev/null") for _ in range(100)]
    """
    limits = Limits(wall_seconds=5, memory_mb=900, processes=20, file_size_mb=2, open_files=40, cpu_seconds=9)
    got, big, files = attack(source, Call("limits", []), Call("too_big", []), Call("many_files", []), limits=limits)
    assert got.value[:4] == (900 * 1024**2, 20, 2 * 1024**2, 40)
    assert 7 <= got.value[4] <= 9  # this call's CPU allowance: ceil(used) + ceil(5 s) + 1, within the 9 s
    assert big.status == "exception" and "File too large" in big.message, big
    assert files.status == "exception" and "Too many open files" in files.message, files


def test_input_reads_nothing_instead_of_the_command_pipe():
    (outcome,) = attack("def ask():\n    return float(input())\n", Call("ask", []))
    assert outcome.status == "exception" and outcome.message.startswith("EOFError"), outcome


# ---------------------------------------------------------------- network, signals


def test_no_network(namespaces):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    try:
        source = """
        import socket
        def connect(host, port):
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect((host, port))
                return 0
            except OSError as e:
                return e.errno or -1
        """
        port = server.getsockname()[1]
        local, remote = attack(
            source,
            Call("connect", ["127.0.0.1", port]),
            Call("connect", ["1.1.1.1", 80]),
        )
        assert local.status == "ok" and local.value != 0, local
        assert remote.status == "ok" and remote.value != 0, remote
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()


def test_killing_the_grader_or_init_fails():
    if not IS_ROOT and mode() == "plain":
        pytest.skip("as the grader's own uid without namespaces, learner code can signal the grader")
    source = """
    import os, signal
    calls = 0
    def kill(pid):
        global calls
        calls += 1
        try:
            os.kill(pid, signal.SIGKILL)
            return 0
        except OSError as e:
            return e.errno
    def kill_parent():
        return kill(os.getppid())
    def calls_made():
        return calls
    def kill_group():
        os.killpg(0, signal.SIGKILL)
    """
    outcomes = attack(
        source,
        Call("kill", [os.getpid()]),
        Call("kill", [1]),
        Call("kill_parent", []),
        Call("kill", [-1]),
        Call("calls_made", []),
        Call("kill_group", []),
    )
    grader, init, parent, everyone, calls_made, group = outcomes
    assert grader.status == "ok" and grader.value != 0, grader  # not even visible
    # PID 1 refuses (EPERM), or, to the same uid in a user namespace, the kernel
    # drops the signal: either way the same worker is still there for the next calls.
    for outcome in (init, parent, everyone):
        assert outcome.status == "ok", outcome
    assert calls_made.value == 4, calls_made
    assert group.status in ("ok", "crashed"), group  # only its own process group


def test_the_environment_is_built_from_scratch(monkeypatch):
    mark = uuid.uuid4().hex
    planted = {
        "MLEXAM_GRADING": "1" + mark,
        "GRADING_MODE": "strict" + mark,
        "CI": "true" + mark,
        "GITHUB_TOKEN": "ghp_" + uuid.uuid4().hex,
        "AWS_SECRET_ACCESS_KEY": uuid.uuid4().hex,
        "PYTHONPATH": str(ROOT),
        "PYTHONSTARTUP": str(ROOT / "mlexam.py"),
    }
    for key, value in planted.items():
        monkeypatch.setenv(key, value)
    source = """
    import os
    def env():
        for k, v in sorted(os.environ.items()):
            print(f"{k}={v}")
        return len(os.environ)
    """
    (outcome,) = attack(source, Call("env", []))
    names = {line.split("=", 1)[0] for line in outcome.output.splitlines()}
    assert names <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "LANG",
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "LC_CTYPE",
    }, names
    assert "OPENBLAS_NUM_THREADS=1" in outcome.output
    for value in planted.values():
        assert value not in outcome.output


# ---------------------------------------------------------------------- bad modules


def test_a_syntax_error_fails_every_call_with_its_line():
    outcomes = run("import numpy as np\n\ndef f(x:\n    return x\n", [Call("f", []), Call("g", [])])
    assert [o.status for o in outcomes] == ["load_error", "load_error"]
    assert outcomes[0].message.startswith("SyntaxError at line 3:"), outcomes[0]


def test_an_import_error_at_load_is_a_load_error():
    outcomes = run("import numpy as np\nimport no_such_module_here\n", [Call("f", [])])
    assert outcomes[0].status == "load_error"
    assert outcomes[0].message == "ModuleNotFoundError: No module named 'no_such_module_here' (line 2)"


def test_a_missing_function_is_named():
    (missing, not_callable) = attack("fit = 3\n", Call("predict", []), Call("fit", []))
    assert missing.status == "missing_function" and "predict" in missing.message
    assert not_callable.status == "missing_function" and "fit is an int" in not_callable.message


def test_an_exception_names_type_message_and_learner_line():
    source = "import numpy as np\n\ndef f(x):\n    y = x + 1\n    return np.linalg.inv(np.zeros((2, 2)))\n"
    (outcome,) = attack(source, Call("f", [1]))
    assert outcome.status == "exception"
    assert outcome.message == "LinAlgError: Singular matrix (line 5)", outcome


def test_not_implemented_starter_is_an_exception():
    source = "def fit(X):\n    raise NotImplementedError('fit: implement w <- w - lr * grad')\n"
    (outcome,) = attack(source, Call("fit", [np.zeros(2)]))
    assert outcome.status == "exception"
    assert outcome.message == "NotImplementedError: fit: implement w <- w - lr * grad (line 2)"


# ------------------------------------------------------------------- grader's side


# A grader whose one call leaves two learner processes (one in a session of its own) asleep.
GRADER_THAT_DIES = """
import sys
sys.path.insert(0, {root!r})
from grader.autograde import sandbox
source = {source!r}
sandbox.run(source, [sandbox.Call("linger", [{name!r}])], sandbox.Limits(wall_seconds=60))
"""
LINGER = (
    SET_NAME
    + """
import os, time
def linger(name):
    if os.fork() == 0:
        os.setsid()
        set_name(name)
        time.sleep(60)
    set_name(name)
    time.sleep(60)
"""
)


@pytest.mark.skipif(not LINUX, reason="the clean-up on the grader's death is Linux's parent-death signal")
def test_when_the_grader_is_killed_every_learner_process_goes_too():
    """SIGKILL gives the grader no chance to clean up: its zygote sees the socket close and
    ends, and each launcher's parent-death signal takes the learner's processes down."""
    name = comm_name()
    script = GRADER_THAT_DIES.format(root=str(ROOT), source=LINGER, name=name)
    grader = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while len(processes_named(name)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(processes_named(name)) == 2, "the learner's two processes never started"
    finally:
        grader.kill()
        grader.wait()
    deadline = time.monotonic() + 10
    while processes_named(name) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_named(name) == []


def test_the_grader_parses_npy_bytes_strictly():
    import io
    import pickle

    def npy(array, **kw):
        buf = io.BytesIO()
        np.lib.format.write_array(buf, array, **kw)
        return buf.getvalue()

    assert np.array_equal(sandbox._decode_npy(npy(np.arange(3))), np.arange(3))
    bad = [
        npy(np.array([object()]), allow_pickle=True),
        npy(np.array(["a"])),
        npy(np.zeros(2, "c16")),
        npy(np.zeros(2, [("a", "f8")])),
        npy(np.arange(4))[:-1],
        npy(np.arange(4)) + b"x",
        pickle.dumps(np.arange(3)),
        b"\x93NUMPY\x01\x00\x10\x00{'descr': '<f8', 'fortran_order': False, 'shape': (10000000000000,), }",
        npy(np.arange(3)).replace(b"'<i8'", b"'|O8'"),
    ]
    for blob in bad:
        with pytest.raises((ValueError, SyntaxError, TypeError)):
            sandbox._decode_npy(blob)


def test_inputs_that_are_not_plain_data_are_refused_before_anything_runs():
    with pytest.raises(TypeError):
        run(OK_SOURCE, [Call("ok", [np.array([object()])])])
    with pytest.raises(TypeError):
        run(OK_SOURCE, [Call("ok", [[1, 2]])])
    with pytest.raises(TypeError):
        run(OK_SOURCE, [Call("ok", {"x": np.arange(3.0)})])  # arguments are positional
    with pytest.raises(ValueError):
        run(OK_SOURCE, [Call("not a name", [])])


# -------------------------------------------------------------- the other isolation levels


def test_isolation_says_what_this_machine_allows():
    text = sandbox.isolation()
    assert text.endswith(sandbox._describe(*sandbox._current_mode()))
    if not LINUX:
        assert "rlimits only" in text and "not Linux" in text
        return
    # The same request as the sandbox's, mounting a tmpfs in the new mount namespace.
    probe = ["unshare", "--net", "--mount", "--pid", "--fork", "mount", "-t", "tmpfs", "tmpfs", tempfile.gettempdir()]
    if not IS_ROOT:
        probe[1:1] = ["--user", "--map-root-user"]
    try:
        available = shutil.which("unshare") and subprocess.run(probe, capture_output=True).returncode == 0
    except OSError:
        available = False
    if available:
        assert "namespaces" in text and "no network" in text and "rlimits only" not in text
        assert (f"uid {sandbox.NOBODY}" in text) == IS_ROOT
    else:
        assert "rlimits only (no namespaces:" in text


PLAIN_ATTACKS = (
    SET_NAME
    + """
import os, sys, time
def spin():
    while True:
        pass
def leave():
    os._exit(4)
def crash():
    ctypes.string_at(0)
def who():
    return os.getuid()
def orphan(name):
    if os.fork() == 0:
        os.setsid()
        set_name(name)
        time.sleep(30)
    return 1
def refused():
    import sklearn
"""
)


@pytest.mark.skipif(not LINUX, reason="the plain mode is tested through its Linux cleanup")
def test_the_plain_mode_still_limits_and_cleans_up():
    """What runs where namespaces are refused (e.g. Docker's default profile)."""
    name = comm_name()
    calls = [
        Call("spin", []),
        OK_CALL,
        Call("leave", []),
        Call("crash", []),
        Call("who", []),
        Call("orphan", [name]),
        Call("refused", []),
        OK_CALL,
    ]
    outcomes = sandbox._run(PLAIN_ATTACKS + OK_SOURCE, calls, Limits(wall_seconds=1), "plain")
    assert [o.status for o in outcomes] == ["timeout", "ok", "exited", "crashed", "ok", "ok", "refused_import", "ok"], (
        outcomes
    )
    assert (outcomes[4].value in sandbox.LEARNER_UIDS) if IS_ROOT else (outcomes[4].value == os.getuid())
    assert processes_named(name) == []


SECCOMP_ATTACKS = (
    PLAIN_ATTACKS
    + """
import errno, fractions, glob, socket
def new_socket(family):
    try:
        socket.socket(family, socket.SOCK_STREAM).close()
        return 0
    except OSError as e:
        return e.errno
def pair():
    a, b = socket.socketpair()
    a.send(b"x")
    return len(b.recv(1))
def trace():
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.ptrace(16, os.getppid(), 0, 0), ctypes.get_errno()  # PTRACE_ATTACH
def read(path):
    try:
        return len(open(path, "rb").read())
    except OSError as e:
        return -e.errno
def others(tmp):
    found = [p for p in glob.glob(tmp + "/mlexam-sandbox-*") if p != os.path.dirname(os.getcwd())]
    return len(found), sum(read(p + "/in/submission.py") == -errno.EACCES for p in found)
def stdlib():
    return float(fractions.Fraction(1, 4))
"""
)


@pytest.mark.skipif(not (LINUX and IS_ROOT), reason="the seccomp level is for a grader running as root")
def test_the_seccomp_level_where_namespaces_are_not_allowed(tmp_path):
    """What runs as root in Docker's default profile (Gradescope): an unprivileged uid of its
    own, no sockets, no tracing, no reading the references, the protected folders or another
    running submission; the rest of the Python library still importable."""
    secret = tmp_path / "class" / "bob_knn.py"
    secret.parent.mkdir()
    secret.write_text("def knn(): pass\n")
    secret.chmod(0o644)
    sandbox.protect(secret.parent)
    name = comm_name()
    calls = [
        Call("who", []),
        Call("new_socket", [int(socket.AF_INET)]),
        Call("new_socket", [int(socket.AF_UNIX)]),
        Call("pair", []),
        Call("trace", []),
        Call("read", [str(ROOT / "solutions" / "knn.py")]),
        Call("read", [str(ROOT / "grader" / "autograde" / "sandbox.py")]),
        Call("read", [str(secret)]),
        Call("others", [tempfile.gettempdir()]),
        Call("stdlib", []),
        Call("spin", []),
        Call("orphan", [name]),
        Call("refused", []),
        OK_CALL,
    ]
    # A second submission running meanwhile, in its own folder, as its own uid.
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(
            sandbox._run,
            "import time\ndef nap():\n    time.sleep(3)\n    return 1\n",
            [Call("nap", [])],
            Limits(wall_seconds=10),
            "seccomp",
        )
        time.sleep(0.5)
        outcomes = sandbox._run(SECCOMP_ATTACKS + OK_SOURCE, calls, Limits(wall_seconds=1), "seccomp")
        assert other.result()[0].status == "ok"
    eacces = 13
    statuses = [o.status for o in outcomes]
    assert statuses == ["ok"] * 10 + ["timeout", "ok", "refused_import", "ok"], outcomes
    values = [o.value for o in outcomes]
    assert values[0] in sandbox.LEARNER_UIDS
    assert values[1:5] == [eacces, eacces, 1, (-1, eacces)]
    assert values[5:8] == [-eacces] * 3
    assert values[8][0] >= 1 and values[8][0] == values[8][1], values[8]  # saw the other run, read none of it
    assert values[9] == 0.25
    assert processes_named(name) == []
    assert "seccomp" in sandbox._describe("seccomp", "unshare: Operation not permitted")


@pytest.mark.skipif(
    not (LINUX and IS_ROOT), reason="as non-root, run() itself uses a user namespace where the machine allows one"
)
def test_the_user_namespace_mode_as_root():
    name = comm_name()
    calls = [
        Call("spin", []),
        OK_CALL,
        Call("leave", []),
        Call("crash", []),
        Call("who", []),
        Call("orphan", [name]),
        Call("refused", []),
        OK_CALL,
    ]
    try:
        outcomes = sandbox._run(PLAIN_ATTACKS + OK_SOURCE, calls, Limits(wall_seconds=1), "user_ns")
    except sandbox.SandboxError as e:
        pytest.skip(f"user namespaces unavailable here: {e}")
    assert [o.status for o in outcomes] == ["timeout", "ok", "exited", "crashed", "ok", "ok", "refused_import", "ok"], (
        outcomes
    )
    assert outcomes[4].value == 0  # root of its own user namespace, with no capability
    assert processes_named(name) == []


AS_NOBODY = """
import json, os, sys, time
sys.path.insert(0, {root!r})
import numpy as np
from grader.autograde import sandbox
from grader.autograde.sandbox import Call, Limits

source = '''
import ctypes, os, socket, time
def caps():
    status = open("/proc/self/status").read()
    return tuple(int(l.split()[1], 16) for l in status.splitlines() if l.startswith(("CapEff", "CapBnd")))
def read(path):
    return len(open(path, "rb").read())
def unmount(path):
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.umount2(path.encode(), 2), ctypes.get_errno()
def new_userns():
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(0x10000000), ctypes.get_errno()
def connect():
    s = socket.socket(); s.settimeout(1)
    try:
        s.connect(("1.1.1.1", 80)); return 0
    except OSError as e:
        return e.errno
def write_inputs():
    open("/sandbox/in/submission.py", "w")
def spin():
    while True:
        pass
def orphan(name):
    if os.fork() == 0:
        os.setsid()
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
        time.sleep(30)
    return 1
def refused():
    import sklearn
def ok(x):
    return x * 2
'''
sklearn_dir = [p for p in sys.path if os.path.isdir(os.path.join(p, "sklearn"))]
calls = [Call("caps", []), Call("read", [{cases!r}]), Call("unmount", ["/sandbox/in"]),
         Call("unmount", [os.path.join(sklearn_dir[0], "sklearn") if sklearn_dir else "/proc"]),
         Call("new_userns", []), Call("connect", []), Call("write_inputs", []), Call("spin", []),
         Call("orphan", [{name!r}]), Call("refused", []), Call("ok", [np.arange(3.0)])]
outcomes = sandbox.run(source, calls, Limits(wall_seconds=1))
print(json.dumps({{"uid": os.getuid(), "isolation": sandbox.isolation(), "mode": sandbox._current_mode()[0],
                  "outcomes": [[o.status, o.value.tolist() if isinstance(o.value, np.ndarray) else o.value,
                                o.message] for o in outcomes]}}))
"""

# Run as root in a new mount namespace: makes the Python installation and the project's
# packages reachable for uid 65534 when they lie under a private directory (e.g. pyenv
# under /root, or the project closed by the seccomp level), then
# becomes uid 65534 and runs the script. It changes nothing outside that namespace.
HARNESS = """
import os, stat, subprocess, sys, tempfile
needed = [os.path.realpath(p) for p in sys.argv[2:]]
def closed(path):
    return not os.stat(path).st_mode & stat.S_IXOTH
stashes, tops = {}, set()
for path in needed:
    parts = path.strip("/").split("/")
    above = ["/" + "/".join(parts[:i]) for i in range(1, len(parts)) if closed("/" + "/".join(parts[:i]))]
    if above:
        tops.add(above[0])
        stashes[path] = tempfile.mkdtemp()
        subprocess.run(["mount", "--bind", path, stashes[path]], check=True)
covered = []
for top in sorted(tops, key=len):
    if not any(top.startswith(c + "/") for c in covered):
        subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=755", "tmpfs", top], check=True)
        covered.append(top)
for path, stash in sorted(stashes.items(), key=lambda item: len(item[0])):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["mount", "--bind", stash, path], check=True)
    subprocess.run(["umount", stash], check=True)
    os.rmdir(stash)
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
os.execve(sys.executable, [sys.executable, "-B", sys.argv[1]], {"PATH": "/usr/bin:/bin", "HOME": "/tmp"})
"""


@pytest.mark.skipif(
    not (LINUX and IS_ROOT and shutil.which("unshare") and shutil.which("mount")),
    reason="runs the grader as uid 65534, which needs root to start (as non-root, "
    "every other test already runs unprivileged)",
)
def test_an_unprivileged_grader_gets_a_user_namespace():
    can = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "--net",
            "--pid",
            "--fork",
            "true",
        ],
        capture_output=True,
    )
    if can.returncode != 0:
        pytest.skip(f"uid 65534 may not create user namespaces here: {can.stderr.decode().strip()}")
    name = comm_name()
    workdir = Path(tempfile.mkdtemp(prefix="mlexam-test-"))
    workdir.chmod(0o755)
    try:
        script = workdir / "as_nobody.py"
        script.write_text(AS_NOBODY.format(root=str(ROOT), cases=str(ROOT / "grader" / "cases.py"), name=name))
        script.chmod(0o644)
        # The project's packages, not the project itself: the seccomp level may have closed it.
        packages = [str(ROOT / name) for name in ("grader", "exercises", "solutions")]
        needed = [sys.prefix, sys.base_prefix, str(Path(np.__file__).parent), *packages]
        result = subprocess.run(
            ["unshare", "--mount", "--propagation", "private", sys.executable, "-c", HARNESS, str(script), *needed],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir)
    assert report["uid"] == 65534 and report["mode"] == "user_ns", report
    assert "user namespace" in report["isolation"]
    statuses = [o[0] for o in report["outcomes"]]
    caps, read, unmount_in, unmount_sklearn, userns, connect, write, spin, orphan, refused, ok = report["outcomes"]
    assert caps[:2] == ["ok", [0, 0]], caps  # no capability, none to regain
    assert read[0] == "exception" and "FileNotFoundError" in read[2]  # the project is not there
    assert unmount_in[1] == [-1, 1] and unmount_sklearn[1] == [-1, 1]  # EPERM: mounts stay
    assert userns[1] == [-1, 1]  # no nested user namespace
    assert connect[0] == "ok" and connect[1] != 0  # no network
    assert write[0] == "exception" and "Read-only file system" in write[2]
    assert spin[0] == "timeout" and orphan[0] == "ok" and refused[0] == "refused_import", statuses
    assert ok == ["ok", [0.0, 2.0, 4.0], ""]
    assert processes_named(name) == []


def test_terminal_control_sequences_are_stripped_from_what_was_printed():
    source = """
    def paint():
        print("\\x1b[2J\\x1b[31mred\\x1b[0m\\x1b]0;pwned\\x07 done\\x1bc\\r")
        return 1
    """
    (outcome,) = attack(source, Call("paint", []))
    assert outcome.status == "ok" and outcome.output == "red done\n", repr(outcome.output)


def test_the_run_stops_making_calls_once_its_budget_is_spent():
    source = """
    import time
    def slow():
        time.sleep(0.6)
        return 1
    """
    outcomes = run(textwrap.dedent(source), [Call("slow", [])] * 5, Limits(wall_seconds=2, budget_seconds=1))
    made = next(i for i, o in enumerate(outcomes) if o.status != "ok")
    assert 1 <= made <= 2, outcomes  # each call takes 0.6 s: the third cannot begin within 1 s
    assert all(o.status == "timeout" and "used up its 1 s" in o.message for o in outcomes[made:]), outcomes


def test_without_a_thread_to_spare_workers_start_one_by_one(monkeypatch):
    """A container's limits may refuse a new thread (the zygote is started in one): the
    runs go on, each starting its worker itself."""

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(sandbox, "_zygote_now", None)
    monkeypatch.setattr(sandbox, "_zygote_state", {"workers": 5, "starting": False, "failed": False})
    monkeypatch.setattr(sandbox.threading.Thread, "start", refuse)
    for _ in range(2):
        assert attack("") == []
    assert sandbox._zygote_state["failed"] and sandbox._zygote_now is None
