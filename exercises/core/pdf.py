"""A PDF from a LaTeX sheet, by the TeX engine installed on this machine.

A sheet whose text is all ASCII once escaped compiles with pdflatex or XeLaTeX; one with
other characters (Chinese text, a label such as 猫) says `% !TEX program = xelatex` on
its first line and compiles with XeLaTeX only (ctex for the Chinese; see
templates/sheet.tex.j2). The engine runs in a fresh temporary folder with a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from exercises.core.errors import UserError

UNICODE_ENGINE = "% !TEX program = xelatex"
INSTALL = "texlive-xetex, texlive-lang-chinese and fonts-noto-cjk (Debian/Ubuntu: apt install ...)"
TIME_LIMIT = 180  # seconds for one run of the engine


def engine_for(tex: str) -> str:
    """xelatex for a sheet that needs it, else pdflatex when xelatex is not installed."""
    if tex.startswith(UNICODE_ENGINE) or shutil.which("xelatex"):
        return "xelatex"
    return "pdflatex"


def compile_pdf(tex: str) -> bytes:
    """The PDF of the sheet `tex`; a clear error when no engine is installed or it fails."""
    engine = engine_for(tex)
    program = shutil.which(engine)
    if program is None:
        raise UserError(f"writing a PDF needs {engine}, which is not installed; install {INSTALL}.")
    with tempfile.TemporaryDirectory(prefix="mlexam-pdf-") as work:
        with open(os.path.join(work, "sheet.tex"), "w", encoding="utf-8") as handle:
            handle.write(tex)
        command = [program, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "sheet.tex"]
        try:
            run = subprocess.run(command, cwd=work, capture_output=True, timeout=TIME_LIMIT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UserError(f"{engine} did not finish within {TIME_LIMIT} s; no PDF was written.") from None
        built = os.path.join(work, "sheet.pdf")
        if run.returncode != 0 or not os.path.exists(built):
            raise UserError(f"{engine} could not typeset the sheet ({_first_error(work)}); no PDF was written.")
        with open(built, "rb") as handle:
            return handle.read()


def _first_error(work: str) -> str:
    """The first error line of the engine's log, e.g. `! Undefined control sequence.`"""
    try:
        with open(os.path.join(work, "sheet.log"), encoding="utf-8", errors="replace") as log:
            for line in log:
                if line.startswith("!"):
                    return line[1:].strip().rstrip(".")
    except OSError:
        pass
    return "see its log"
