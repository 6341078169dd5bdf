"""`mlexam gradescope` end to end: the zip is built, unpacked into a fake autograder root the
way Gradescope lays one out, setup.sh's install step puts the zip's wheel into a throwaway
venv, and run_autograder grades correct, buggy, misnamed, unreadable and missing submissions.
Every results.json is checked against Gradescope's specification (docs/specs.md of the public
gradescope/autograder_samples repository), and none may hold the private seed."""

import importlib.util
import json
import math
import os
import re
import shutil
import stat
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercises.core.errors import UserError
from grader.autograde import gradescope
from grader.autograde.tasks import task
from mlexam import main

ROOT = Path(__file__).resolve().parents[3]
SUBMISSIONS = ROOT / "tests" / "submissions"
TASK = "pca"
SEED = 739164825  # private: must appear in no results.json
HIDDEN = "hidden"  # not mlexam's own default ("after_published"), so the bundle's choice shows

# ------------------------------------------------------------------ Gradescope's specification

VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP_KEYS = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
TEST_KEYS = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def check_results(data) -> None:
    """results.json as Gradescope's autograder specification describes it: known fields only,
    each of its type; a score at the top or on every test; visibilities, formats and test
    statuses from their lists. Stricter where mlexam promises more: a score within
    [0, max_score] and every test with its name, score, max_score, status, output, visibility."""
    assert isinstance(data, dict)
    assert set(data) <= TOP_KEYS, set(data) - TOP_KEYS
    tests = data.get("tests", [])
    assert isinstance(tests, list)
    assert "score" in data or (tests and all("score" in t for t in tests))
    if "score" in data:
        assert is_number(data["score"]) and data["score"] >= 0
    if "execution_time" in data:
        assert is_number(data["execution_time"]) and data["execution_time"] >= 0
    if "output" in data:
        assert isinstance(data["output"], str)
    for key in ("visibility", "stdout_visibility"):
        assert data.get(key, "visible") in VISIBILITIES
    for key in ("output_format", "test_output_format", "test_name_format"):
        assert data.get(key, "text") in FORMATS
    assert isinstance(data.get("extra_data", {}), dict)
    for test in tests:
        assert isinstance(test, dict) and set(test) <= TEST_KEYS, test
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(test), test
        assert isinstance(test["name"], str) and test["name"]
        assert is_number(test["score"]) and is_number(test["max_score"])
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert isinstance(test["output"], str)
        assert test["visibility"] in VISIBILITIES
        assert test.get("name_format", "text") in FORMATS and test.get("output_format", "text") in FORMATS
        assert isinstance(test.get("number", ""), str)
        assert all(isinstance(tag, str) for tag in test.get("tags", []))
    if tests and "score" in data:
        assert data["score"] <= sum(t["max_score"] for t in tests)


# ------------------------------------------------------------------ the bundle and the fake root


def unpack(bundle: Path, into: Path) -> None:
    """Unzip keeping each entry's Unix mode (zipfile alone drops them; unzip keeps them)."""
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, into))
            os.chmod(path, (info.external_attr >> 16) & 0o777)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The zip, built by the command line with a chosen seed."""
    path = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    out = CliRunner().invoke(
        main, ["gradescope", TASK, "--seed", str(SEED), "--hidden-visibility", HIDDEN, "-o", str(path)]
    )
    assert out.exit_code == 0, out.output
    return path


@pytest.fixture(scope="module")
def venv(bundle, tmp_path_factory):
    """A throwaway venv holding mlexam installed from the zip's wheel by setup.sh's install
    step. Its dependencies come from this environment (a .pth file; `--no-deps`), so the test
    needs no download; the stress tier installs them from PyPI."""
    place = tmp_path_factory.mktemp("install")
    unpack(bundle, place / "source")
    target = place / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(target)], check=True)
    purelib = Path(subprocess.check_output([str(target / "bin" / "python"), "-c", PURELIB], text=True).strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        ["bash", str(place / "source" / "setup.sh"), "install", str(target), "--no-deps", "--ignore-installed", "-q"],
        check=True,
    )
    return target


PURELIB = "import sysconfig; print(sysconfig.get_path('purelib'))"


def fake_root(bundle: Path, venv: Path | None, where: Path) -> Path:
    """/autograder as Gradescope lays it out: source/ (the zip unpacked), run_autograder copied
    beside it, venv/ (setup.sh's), submission/ and results/."""
    root = where / "autograder"
    unpack(bundle, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    if venv is not None:
        (root / "venv").symlink_to(venv)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path) -> tuple[dict, str, str]:
    """Run root/run_autograder as Gradescope does (executable, as is); results.json parsed and checked."""
    done = subprocess.run(
        [str(root / "run_autograder")],
        env={**os.environ, "AUTOGRADER_ROOT": str(root)},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    text = (root / "results" / "results.json").read_text(encoding="utf-8")
    data = json.loads(text)
    check_results(data)
    assert str(SEED) not in text
    assert "Traceback" not in text
    return data, text, done.stdout + done.stderr


def submit(root: Path, files: dict) -> None:
    for name, content in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_bytes(content)


def hidden_case_names(seed: int) -> set:
    return {c.name for c in task(TASK).cases(seed) if not c.visible}


def must_fail(path: Path) -> list:
    """The cases a fixture's first line says it fails ("# must fail: covariance/, ...")."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# must fail:")
    return [p.strip() for p in first.split(":", 1)[1].split(",") if p.strip()]


def assert_not_graded(data: dict, *phrases: str) -> None:
    """A zero with one sentence saying why, and no test."""
    assert data["score"] == 0 and not data.get("tests")
    output = data["output"]
    assert output.startswith("Your submission was not graded: ") and "\n" not in output
    assert output.endswith(".")
    for phrase in phrases:
        assert phrase in output, output


# ------------------------------------------------------------------ the zip


def test_the_zip_holds_the_scripts_executable_the_wheel_and_the_private_settings(bundle):
    with zipfile.ZipFile(bundle) as archive:
        infos = {i.filename: i for i in archive.infolist()}
        settings = json.loads(archive.read("mlexam_gradescope.json"))
    wheels = [name for name in infos if name.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0].startswith("mlexam-")
    assert set(infos) == {"setup.sh", "run_autograder", "mlexam_gradescope.json", wheels[0]}  # all at the root
    for script in ("setup.sh", "run_autograder"):
        mode = infos[script].external_attr >> 16
        assert stat.S_ISREG(mode) and mode & 0o111 == 0o111, oct(mode)
    assert (infos["mlexam_gradescope.json"].external_attr >> 16) & 0o077 == 0
    assert settings == {
        "task": TASK,
        "seed": SEED,
        "hidden_visibility": HIDDEN,
        "timeout": 4.0,
        "budget": 60.0,
        "allow_unisolated": False,
        "lang": "en",  # conftest.py: the tests speak English
    }
    assert os.stat(bundle).st_mode & 0o077 == 0  # the zip holds the seed: the instructor's alone


def test_the_install_step_installs_the_wheel_from_the_zip(venv):
    python = venv / "bin" / "python"
    purelib = subprocess.check_output([str(python), "-c", PURELIB], text=True).strip()
    where = subprocess.check_output(
        [str(python), "-c", "import mlexam, grader.autograde.sandbox as s; print(mlexam.__file__); print(s.__file__)"],
        text=True,
        cwd=venv,  # not the checkout, whose mlexam.py `python -c` would find first
    ).split()
    assert all(path.startswith(purelib + os.sep) for path in where), where
    out = subprocess.run([str(venv / "bin" / "mlexam"), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "0.1.0" in out.stdout


def test_without_a_seed_one_is_drawn_and_told_to_the_instructor_only(tmp_path, monkeypatch):
    def no_pip(directory):  # the wheel is the other tests' business; here only the settings count
        wheel = directory / "mlexam-0.1.0-py3-none-any.whl"
        wheel.write_bytes(b"a wheel")
        return wheel

    monkeypatch.setattr(gradescope, "build_wheel", no_pip)
    path = tmp_path / "out.zip"
    out = CliRunner().invoke(main, ["gradescope", TASK, "-o", str(path)])
    assert out.exit_code == 0, out.output
    with zipfile.ZipFile(path) as archive:
        settings = json.loads(archive.read("mlexam_gradescope.json"))
    assert 1 <= settings["seed"] <= 2**31 - 1 and settings["hidden_visibility"] == "after_due_date"
    assert f"seed {settings['seed']}" in out.output  # printed for the instructor, who may reproduce a report


def test_an_unknown_task_is_one_sentence(tmp_path):
    out = CliRunner().invoke(main, ["gradescope", "no_such_task", "-o", str(tmp_path / "a.zip")])
    assert out.exit_code == 2 and "Traceback" not in out.output
    errors = [line for line in out.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "unknown model 'no_such_task'" in errors[0]
    assert not (tmp_path / "a.zip").exists()


# ------------------------------------------------------------------ run_autograder, graded


def test_a_correct_submission_scores_full_marks(bundle, venv, tmp_path):
    root = fake_root(bundle, venv, tmp_path)
    submit(root, {f"{TASK}.py": SUBMISSIONS / TASK / "correct_alt.py"})
    data, _, log = run_autograder(root)
    assert data["tests"] and all(t["status"] == "passed" for t in data["tests"])
    assert data["score"] == sum(t["max_score"] for t in data["tests"]) > 0
    assert {t["name"] for t in data["tests"] if t["visibility"] != "visible"} == hidden_case_names(SEED)
    assert {t["visibility"] for t in data["tests"]} == {"visible", HIDDEN}
    assert str(SEED) not in log  # not even in the instructor's log
    # The private settings are root's alone once it has run (learner code runs as another user).
    assert os.stat(root / "source").st_mode & 0o077 == 0
    assert os.stat(root / "source" / "mlexam_gradescope.json").st_mode & 0o077 == 0


def test_a_buggy_submission_fails_the_cases_it_should(bundle, venv, tmp_path):
    root = fake_root(bundle, venv, tmp_path)
    buggy = SUBMISSIONS / TASK / "divide_by_n.py"
    submit(root, {f"{TASK}.py": buggy})
    data, _, _ = run_autograder(root)
    failed = {t["name"] for t in data["tests"] if t["status"] == "failed"}
    for prefix in must_fail(buggy):
        named = {t["name"] for t in data["tests"] if t["name"].startswith(prefix)}
        assert named and named <= failed, prefix
    assert 0 < data["score"] < sum(t["max_score"] for t in data["tests"])
    for t in data["tests"]:
        assert (t["status"] == "passed") == (t["score"] == t["max_score"])
        if t["visibility"] != "visible":  # hidden: the kind of failure only, never the inputs
            assert t["visibility"] == HIDDEN and "inputs" not in t["output"]


def test_a_misnamed_submission_in_a_subfolder_is_graded_as_the_task(bundle, venv, tmp_path):
    # Named after another task, upper-case suffix, inside a folder, next to non-Python files
    # and editor debris: the bundle's task decides, not the name.
    root = fake_root(bundle, venv, tmp_path)
    submit(
        root,
        {
            "Homework 3 (final)/kmeans.PY": SUBMISSIONS / TASK / "correct_alt.py",
            "Homework 3 (final)/notes.txt": b"my notes",
            "__MACOSX/Homework 3 (final)/._kmeans.PY": b"\x00\x05\x16\x07",
            ".ipynb_checkpoints/pca-checkpoint.ipynb": b"{}",
        },
    )
    data, _, _ = run_autograder(root)
    assert data["tests"] and data["score"] == sum(t["max_score"] for t in data["tests"])


def test_of_several_files_the_one_named_after_the_task_is_graded(bundle, venv, tmp_path):
    root = fake_root(bundle, venv, tmp_path)
    submit(root, {"helpers.py": b"x = 1\n", f"alice_{TASK}.py": SUBMISSIONS / TASK / "correct_alt.py"})
    data, _, _ = run_autograder(root)
    assert data["tests"] and data["score"] == sum(t["max_score"] for t in data["tests"])


# ------------------------------------------------------------------ run_autograder, not graded

BINARY = b"\xff\xfe\x00garbage \x80\x81\x82 not text"  # no encoding Python reads (root reads any mode)


@pytest.mark.parametrize(
    ("files", "phrases"),
    [
        pytest.param({f"{TASK}.py": BINARY}, ["cannot read", f"{TASK}.py"], id="binary"),
        pytest.param({f"{TASK}.ipynb": b"this is not JSON"}, ["not a readable Jupyter notebook"], id="notebook"),
        pytest.param({}, ["no .py or .ipynb file was submitted", f"{TASK}.py"], id="nothing"),
        pytest.param({"report.pdf": b"%PDF-1.4"}, ["no .py or .ipynb file", "report.pdf"], id="no-python"),
        pytest.param({"a.py": b"x = 1\n", "b.ipynb": b"{}"}, ["2 Python files", "a.py", "b.ipynb"], id="several"),
    ],
)
def test_what_cannot_be_graded_scores_zero_with_its_reason(bundle, venv, tmp_path, files, phrases):
    root = fake_root(bundle, venv, tmp_path)
    submit(root, files)
    data, _, _ = run_autograder(root)
    assert_not_graded(data, *phrases)


def test_no_submission_folder_at_all(bundle, venv, tmp_path):
    root = fake_root(bundle, venv, tmp_path)
    (root / "submission").rmdir()
    data, _, _ = run_autograder(root)
    assert_not_graded(data, "nothing was submitted")


def test_a_symbolic_link_is_not_followed(bundle, venv, tmp_path):
    root = fake_root(bundle, venv, tmp_path)
    (root / "submission" / f"{TASK}.py").symlink_to(root / "source" / "mlexam_gradescope.json")
    data, _, _ = run_autograder(root)
    assert_not_graded(data, "symbolic link")


def test_without_the_installation_it_still_writes_a_zero(bundle, tmp_path):
    root = fake_root(bundle, None, tmp_path)
    submit(root, {f"{TASK}.py": SUBMISSIONS / TASK / "correct_alt.py"})
    data, _, _ = run_autograder(root)
    assert_not_graded(data, "setup.sh")


def test_damaged_settings_give_a_zero(bundle, tmp_path):
    root = fake_root(bundle, None, tmp_path)
    (root / "source" / "mlexam_gradescope.json").write_text("{")
    data, _, log = run_autograder(root)
    assert_not_graded(data, "settings")
    assert "Traceback" in log  # for the instructor's log, never results.json


def stub_mlexam(root: Path, script: str) -> None:
    """A stand-in for the installed mlexam: how run_autograder meets mlexam failing."""
    bin_dir = root / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "mlexam").write_text("#!/bin/sh\n" + script)
    os.chmod(bin_dir / "mlexam", 0o755)


@pytest.mark.parametrize("allow", [False, True])
def test_a_refusal_to_grade_unisolated_is_a_zero_with_its_sentence(bundle, tmp_path, allow):
    root = fake_root(bundle, None, tmp_path)
    settings_path = root / "source" / "mlexam_gradescope.json"
    settings_path.write_text(json.dumps({**json.loads(settings_path.read_text()), "allow_unisolated": allow}))
    submit(root, {f"{TASK}.py": b"x = 1\n"})
    refusal = "refusing to grade: learner code could only run here as a plain process."
    stub_mlexam(
        root,
        f'case " $* " in *" --allow-unisolated "*) echo "Error: allowed." >&2; exit 2;; esac\n'
        f'echo "Usage: mlexam grade" >&2; echo "Error: {refusal}" >&2; exit 2\n',
    )
    data, _, _ = run_autograder(root)
    assert_not_graded(data, "allowed." if allow else refusal)  # the flag reaches mlexam grade only when chosen


def test_mlexam_crashing_gives_a_zero_without_its_traceback(bundle, tmp_path):
    root = fake_root(bundle, None, tmp_path)
    submit(root, {f"{TASK}.py": b"x = 1\n"})
    stub_mlexam(root, 'echo "Traceback (most recent call last):" >&2; echo "KeyError: boom" >&2; exit 1\n')
    data, _, log = run_autograder(root)
    assert_not_graded(data, "exit status 1", "log")
    assert "boom" not in data["output"] and "KeyError: boom" in log


def test_an_error_repeating_the_seed_does_not_show_it(bundle, tmp_path):
    root = fake_root(bundle, None, tmp_path)
    submit(root, {f"{TASK}.py": b"x = 1\n"})
    stub_mlexam(root, f'echo "Error: cases of seed {SEED} could not be made." >&2; exit 2\n')
    data, _, _ = run_autograder(root)  # asserts the seed is nowhere in results.json
    assert_not_graded(data, "cases of seed")


def test_the_seed_reaches_mlexam_in_its_environment_not_on_its_command_line(bundle, tmp_path):
    """Any user of the machine, learner code included, can read a process's command line."""
    root = fake_root(bundle, None, tmp_path)
    submit(root, {f"{TASK}.py": b"x = 1\n"})
    seen = tmp_path / "seen.txt"
    stub_mlexam(root, f'echo "args: $*" > {seen}; echo "env: $MLEXAM_SEED" >> {seen}; exit 2\n')
    run_autograder(root)
    args, env = seen.read_text().splitlines()
    assert str(SEED) not in args and "--seed" not in args and env == f"env: {SEED}"


def test_an_unexpected_failure_of_run_autograder_is_a_zero(bundle, tmp_path, monkeypatch, capsys):
    root = fake_root(bundle, None, tmp_path)
    spec = importlib.util.spec_from_file_location("run_autograder", gradescope.FILES / "run_autograder.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    def broken(folder, task_name):
        raise RuntimeError("a bug in run_autograder")

    monkeypatch.setattr(script, "find_submission", broken)
    monkeypatch.setenv("AUTOGRADER_ROOT", str(root))
    assert script.main() == 0
    data = json.loads((root / "results" / "results.json").read_text())
    check_results(data)
    assert_not_graded(data, "the autograder itself failed")
    assert "a bug in run_autograder" in capsys.readouterr().out  # the instructor's log


# ------------------------------------------------------------------ a bundle in Chinese

CJK = re.compile(r"[\u4e00-\u9fff]")


def in_chinese(root: Path) -> None:
    """The bundle's settings as `mlexam gradescope --lang zh` writes them."""
    settings_path = root / "source" / "mlexam_gradescope.json"
    settings_path.write_text(json.dumps({**json.loads(settings_path.read_text()), "lang": "zh"}))


def assert_not_graded_in_chinese(data: dict, *phrases: str) -> None:
    assert data["score"] == 0 and not data.get("tests")
    output = data["output"]
    assert output.startswith("你的提交未被评分：") and output.endswith("。") and "\n" not in output, output
    for phrase in phrases:
        assert phrase in output, output


def test_gradescope_lang_zh_bakes_chinese_into_the_bundle(tmp_path, monkeypatch):
    def no_pip(directory):
        wheel = directory / "mlexam-0.1.0-py3-none-any.whl"
        wheel.write_bytes(b"a wheel")
        return wheel

    monkeypatch.setattr(gradescope, "build_wheel", no_pip)
    for args, lang in (([], "en"), (["--lang", "zh"], "zh"), (["--lang", "en"], "en")):
        path = tmp_path / f"{lang}-{len(args)}.zip"
        out = CliRunner().invoke(main, ["gradescope", TASK, "--seed", "5", "-o", str(path), *args])
        assert out.exit_code == 0, out.output
        with zipfile.ZipFile(path) as archive:
            assert json.loads(archive.read("mlexam_gradescope.json"))["lang"] == lang
    with pytest.raises(UserError) as error:
        gradescope.build(gradescope.Settings(TASK, 5, lang="fr"), tmp_path / "x.zip")
    assert "the language must be one of en, zh" in str(error.value)


def test_a_chinese_bundle_grades_in_chinese_and_scores_as_an_english_one(bundle, venv, tmp_path):
    buggy = SUBMISSIONS / TASK / "divide_by_n.py"
    graded = {}
    for lang in ("en", "zh"):
        root = fake_root(bundle, venv, tmp_path / lang)
        if lang == "zh":
            in_chinese(root)
        submit(root, {f"{TASK}.py": buggy})
        graded[lang] = run_autograder(root)[0]
    en, zh = graded["en"], graded["zh"]
    assert [(t["name"], t["score"], t["status"], t["visibility"]) for t in zh["tests"]] == [
        (t["name"], t["score"], t["status"], t["visibility"]) for t in en["tests"]
    ]
    assert zh["score"] == en["score"] and set(zh) == set(en)
    assert "隔离方式" in zh["output"] and "isolation" in en["output"]
    failed = [t["output"] for t in zh["tests"] if t["status"] == "failed"]
    assert failed and all(CJK.search(output) for output in failed)


def test_a_chinese_bundle_says_why_it_did_not_grade_in_chinese(bundle, tmp_path):
    root = fake_root(bundle, None, tmp_path)
    in_chinese(root)
    data, _, log = run_autograder(root)
    assert_not_graded_in_chinese(data, "没有提交 .py 或 .ipynb 文件", f"{TASK}.py")
    submit(root, {f"{TASK}.py": SUBMISSIONS / TASK / "correct_alt.py"})
    data, _, log = run_autograder(root)
    assert_not_graded_in_chinese(data, "没有安装 mlexam", "setup.sh")


def test_the_bundles_language_reaches_mlexam_whatever_the_locale(bundle, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEXAM_LANG", "en")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    root = fake_root(bundle, None, tmp_path)
    in_chinese(root)
    submit(root, {f"{TASK}.py": b"x = 1\n"})
    seen = tmp_path / "seen.txt"
    stub_mlexam(root, f'echo "$MLEXAM_LANG" > {seen}; echo "错误：无法读取 {TASK}.py：没有这个文件。" >&2; exit 2\n')
    data, _, _ = run_autograder(root)
    assert seen.read_text().strip() == "zh"
    assert data["output"] == f"你的提交未被评分：无法读取 {TASK}.py：没有这个文件。"


# ------------------------------------------------------------------ stress: setup.sh as Gradescope runs it


@pytest.mark.stress
def test_setup_sh_installs_mlexam_and_its_dependencies_from_pypi(bundle, tmp_path):
    """The whole setup.sh, as at Gradescope's image build (minus apt-get, when this machine's
    python3 has venv already): a venv in $AUTOGRADER_ROOT/venv with mlexam and its
    dependencies from PyPI, then a real grading with it."""
    root = fake_root(bundle, None, tmp_path)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, check=True, timeout=900)
    assert os.stat(root / "source").st_mode & 0o077 == 0
    submit(root, {f"{TASK}.py": SUBMISSIONS / TASK / "correct_alt.py"})
    data, _, _ = run_autograder(root)
    assert data["tests"] and data["score"] == sum(t["max_score"] for t in data["tests"])
