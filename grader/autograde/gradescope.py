"""A Gradescope autograder for one coding task: the zip an instructor uploads as a
"Zip file upload" autograder.

The zip holds, at its root (Gradescope unpacks it into /autograder/source):

  setup.sh                  run as root when Gradescope builds the image: a Python 3.10+
                            with venv (apt-get if missing), then the install step, mlexam's
                            wheel (and its dependencies, from PyPI) into /autograder/venv
  run_autograder            run as root for each submission: finds the one submission,
                            grades it with that mlexam and always writes results.json
  mlexam-<version>.whl      mlexam itself, built from this checkout
  mlexam_gradescope.json    the task, the PRIVATE seed, the hidden cases' visibility,
                            the grading options and the language of the students' reports
                            ("lang": that of `mlexam gradescope`, from its --lang); students
                            never see it

setup.sh and run_autograder are the files in gradescope_files/ (run_autograder.py there,
stdlib only, so it writes its zero even when the installation failed).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from exercises.core import lang as language
from exercises.core.errors import UserError
from exercises.core.lang import T
from grader.autograde import BUDGET_SECONDS, TIMEOUT_SECONDS

FILES = Path(__file__).resolve().with_name("gradescope_files")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the directory holding mlexam.py and pyproject.toml
CONFIG = "mlexam_gradescope.json"  # the name run_autograder reads
HIDDEN_VISIBILITIES = ("after_due_date", "after_published", "hidden")
SEED_MAX = 2**31 - 1  # the range of `mlexam grade --seed`
EXECUTABLE = 0o100755 << 16  # a regular file, rwxr-xr-x, in a zip entry's external_attr
PRIVATE = 0o100600 << 16
PUBLIC = 0o100644 << 16
# Not copied into the wheel's build directory: caches, builds, environments, version control.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist", "*.zip", ".*_cache", ".hypothesis"
)


@dataclass(frozen=True)
class Settings:
    """What run_autograder needs to grade: kept in the zip as mlexam_gradescope.json."""

    task: str
    seed: int
    hidden_visibility: str = "after_due_date"
    timeout: float = TIMEOUT_SECONDS
    budget: float = BUDGET_SECONDS
    allow_unisolated: bool = False
    # The language of everything students read in results.json: run_autograder grades with
    # MLEXAM_LANG set to it. By default the language `mlexam gradescope` runs in (--lang).
    lang: str = field(default_factory=language.current)


def draw_seed() -> int:
    """A private seed (never 0: seed 0 gives the public cases, those `mlexam cases` shows)."""
    return 1 + secrets.randbelow(SEED_MAX)


def build(settings: Settings, output: str | os.PathLike) -> Path:
    """Write the autograder zip to `output` (the whole file or nothing) and return its path."""
    from grader.autograde.tasks import task

    task(settings.task)  # an unknown task is one sentence, before any work
    if settings.hidden_visibility not in HIDDEN_VISIBILITIES:
        raise UserError(
            T(
                "hidden visibility '{visibility}' is not one of {choices}.",
                "隐藏用例的可见性 '{visibility}' 不是以下之一：{choices}。",
                visibility=settings.hidden_visibility,
                choices=", ".join(HIDDEN_VISIBILITIES),
            )
        )
    if not 0 <= settings.seed <= SEED_MAX:
        raise UserError(T("the seed must be between 0 and {max}.", "种子必须在 0 到 {max} 之间。", max=SEED_MAX))
    if settings.lang not in language.LANGS:
        raise UserError(
            T(
                "the language must be one of {choices}, not '{lang}'.",
                "语言必须是 {choices} 之一，而不是 '{lang}'。",
                choices=", ".join(language.LANGS),
                lang=settings.lang,
            )
        )
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="mlexam-gradescope-") as tmp:
        wheel = build_wheel(Path(tmp))
        _write_zip(output, wheel, settings)
    return output


def config_text(settings: Settings) -> str:
    return json.dumps(asdict(settings), indent=2) + "\n"


def build_wheel(directory: Path) -> Path:
    """mlexam's wheel, built by pip from a copy of this checkout (the checkout itself is not
    touched), into `directory`. Offline when the running Python's setuptools can build wheels
    by itself; otherwise pip fetches the build backend from PyPI."""
    if not (PROJECT_ROOT / "pyproject.toml").is_file() or not (PROJECT_ROOT / "mlexam.py").is_file():
        raise UserError(
            T(
                "mlexam gradescope builds mlexam's wheel from its source, and {root} is not a checkout of mlexam; "
                "run it from a clone installed with pip install -e.",
                "mlexam gradescope 要从源代码构建 mlexam 的 wheel，而 {root} 不是 mlexam 的代码仓库；"
                "请在用 pip install -e 安装的克隆中运行它。",
                root=str(PROJECT_ROOT),
            )
        )
    source, wheels = directory / "source", directory / "wheels"
    shutil.copytree(PROJECT_ROOT, source, ignore=_NOT_COPIED)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--no-input"]
    command += ["--quiet", "--wheel-dir", str(wheels)]
    if _can_build_offline():
        command.append("--no-build-isolation")
    done = subprocess.run([*command, str(source)], capture_output=True, text=True)
    built = sorted(wheels.glob("mlexam-*.whl"))
    if done.returncode != 0 or len(built) != 1:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise UserError(
            T(
                "pip could not build mlexam's wheel ({last}).",
                "pip 无法构建 mlexam 的 wheel（{last}）。",
                last=last.strip(),
            )
        )
    return built[0]


def _can_build_offline() -> bool:
    """pyproject.toml asks for setuptools >= 68; from 70.1 it builds wheels by itself, before
    that it needs the `wheel` package."""
    from importlib import metadata

    try:
        version = tuple(int(part) for part in metadata.version("setuptools").split(".")[:2])
        if version < (68, 0):
            return False
        if version < (70, 1):
            metadata.version("wheel")
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return True


def _write_zip(output: Path, wheel: Path, settings: Settings) -> None:
    directory = output.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mlexam-", suffix=".zip.tmp")  # mode 0600: it holds the seed
    except OSError as error:
        raise _cannot_write(output, error) from None
    entries = [
        ("setup.sh", (FILES / "setup.sh").read_bytes(), EXECUTABLE),
        ("run_autograder", (FILES / "run_autograder.py").read_bytes(), EXECUTABLE),
        (wheel.name, wheel.read_bytes(), PUBLIC),
        (CONFIG, config_text(settings).encode(), PRIVATE),
    ]
    now = time.localtime()[:6]
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name, date_time=now)
                info.create_system = 3  # Unix, so that unzip applies the modes
                info.external_attr = mode
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, data)
        os.replace(tmp, output)
    except OSError as error:
        os.unlink(tmp)
        raise _cannot_write(output, error) from None


def _cannot_write(output: Path, error: OSError) -> UserError:
    return UserError(
        T(
            "cannot write {output}: {error}.",
            "无法写入 {output}：{error}。",
            output=str(output),
            error=error.strerror or str(error),
        )
    )
