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
from exercises.core.lang import T, Text

UNICODE_ENGINE = "% !TEX program = xelatex"
INSTALL = T(
    "texlive-xetex, texlive-lang-chinese and fonts-noto-cjk (Debian/Ubuntu: apt install ...)",
    "texlive-xetex、texlive-lang-chinese 和 fonts-noto-cjk（Debian/Ubuntu：apt install ...）",
)
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
        raise UserError(
            T(
                "writing a PDF needs {engine}, which is not installed; install {install}.",
                "生成 PDF 需要 {engine}，但本机没有安装；请安装 {install}。",
                engine=engine,
                install=INSTALL,
            )
        )
    with tempfile.TemporaryDirectory(prefix="mlexam-pdf-") as work:
        with open(os.path.join(work, "sheet.tex"), "w", encoding="utf-8") as handle:
            handle.write(tex)
        command = [program, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "sheet.tex"]
        try:
            run = subprocess.run(command, cwd=work, capture_output=True, timeout=TIME_LIMIT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UserError(
                T(
                    "{engine} did not finish within {limit} s; no PDF was written.",
                    "{engine} 未能在 {limit} 秒内完成排版；没有写出 PDF。",
                    engine=engine,
                    limit=TIME_LIMIT,
                )
            ) from None
        built = os.path.join(work, "sheet.pdf")
        if run.returncode != 0 or not os.path.exists(built):
            raise UserError(
                T(
                    "{engine} could not typeset the sheet ({reason}); no PDF was written.",
                    "{engine} 无法排版这份试卷（{reason}）；没有写出 PDF。",
                    engine=engine,
                    reason=_first_error(work),
                )
            )
        with open(built, "rb") as handle:
            return handle.read()


def _first_error(work: str) -> str | Text:
    """The first error line of the engine's log, e.g. `! Undefined control sequence.` (TeX's
    own words, in English), else where to look."""
    try:
        with open(os.path.join(work, "sheet.log"), encoding="utf-8", errors="replace") as log:
            for line in log:
                if line.startswith("!"):
                    return line[1:].strip().rstrip(".")
    except OSError:
        pass
    return T("see its log", "详见其日志")
