"""The HTML sheets as a browser shows and prints them: headless Chromium (Debian's `chromium`,
which .ci/run installs) loads a sheet in each language, and prints it to PDF.

Checked: every <math> fragment is well-formed MathML and the browser keeps them all; text a
user gave in Chinese (class labels) is in the page, never a '?'; printed, the first page holds
the first problem (not the title alone), no page holds only a heading, and twelve problems with
their worked solutions take a reasonable number of pages."""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from html.entities import html5

import pytest
from click.testing import CliRunner

from mlexam import main
from tests.problems import TOPICS

MATHML = "http://www.w3.org/1998/Math/MathML"
LABELS = ["猫", "狗", "鸟"]


def tool(name: str) -> str:
    """A program .ci/run installs: missing there is a failure, elsewhere a skip."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt install chromium poppler-utils)")
    return path


def chromium(*args, timeout=120) -> str:
    browser = tool("chromium")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-dev-shm-usage"]
    run = subprocess.run([browser, *flags, *args], capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def sheet(tmp_path, name, *args) -> str:
    path = tmp_path / name
    result = CliRunner().invoke(main, [*args, "-o", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return str(path)


def _numeric_entity(match) -> str:
    """&InvisibleTimes; as &#8290;: XML knows only its own five named entities."""
    name = match.group(1)
    if name in ("lt", "gt", "amp", "quot", "apos"):
        return match.group(0)
    return "".join(f"&#{ord(c)};" for c in html5[name + ";"])


def math_fragments(html: str) -> list[str]:
    return re.findall(r"<math\b.*?</math>", html, flags=re.S)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_browser_keeps_every_formula_and_every_label(tmp_path, lang):
    path = sheet(
        tmp_path,
        "labels.html",
        "solve",
        "confusion_metrics",
        "-p",
        "matrix=[[50,3,2],[5,40,5],[0,10,35]]",
        "-p",
        'labels=["猫","狗","鸟"]',
        "--lang",
        lang,
    )
    source = open(path, encoding="utf-8").read()
    fragments = math_fragments(source)
    assert fragments
    for fragment in fragments:  # well-formed, and MathML only
        xml = re.sub(r"&(\w+);", _numeric_entity, fragment.replace("<math", f'<math xmlns="{MATHML}"', 1))
        root = ElementTree.fromstring(xml)
        assert all(element.tag.startswith(f"{{{MATHML}}}") for element in root.iter()), fragment
        assert "merror" not in fragment
    dom = chromium("--dump-dom", f"file://{path}")
    assert len(math_fragments(dom)) == len(fragments)  # the parser dropped or split none
    text = re.sub(r"<[^>]+>", " ", dom)
    assert all(text.count(label) >= 3 for label in LABELS)  # question, steps, answers
    assert "?" not in re.sub(r"[a-z]+://\S+", "", text)
    if lang == "zh":
        assert 'lang="zh-CN"' in dom and "查准率" in text


@pytest.mark.parametrize("lang", ["en", pytest.param("zh", marks=pytest.mark.stress)])  # 13 s each
def test_a_sheet_of_every_family_prints_without_lone_headings(tmp_path, lang):
    tool("pdftotext")
    path = sheet(tmp_path, "sheet.html", "generate", "all", "--seed", "4", "--solutions", "--lang", lang)
    pdf = tmp_path / "sheet.pdf"
    chromium(f"--print-to-pdf={pdf}", f"file://{path}")
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]
    assert f"{TOPICS[0]}#4" in pages[0]  # the first problem starts under the title, on page 1
    headings = {"Answers", "Solution", "答案", "解答"}
    for number, page in enumerate(pages, 1):
        words = page.split()
        assert len(words) > 3 and not set(words) <= headings, f"page {number} holds only {words}"
    problems = len(TOPICS)  # one of each family; with its solution, a problem takes 2-4 pages
    assert len(pages) <= 3.5 * problems, f"{len(pages)} pages for {problems} problems"
