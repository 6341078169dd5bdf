"""Copying is visible: winnowed fingerprints of normalised tokens find near-copies whatever
the names and the layout, and leave different code alone."""

import re
from pathlib import Path

from click.testing import CliRunner

from grader.autograde.similarity import compare, fingerprints, similar_pairs
from mlexam import main

ROOT = Path(__file__).resolve().parents[3]
SUBMISSIONS = ROOT / "tests" / "submissions"


def disguised(source: str) -> str:
    """The same code with every local name changed, comments dropped and the layout redone."""
    renamed = {"centroids": "mu", "labels": "assignment", "points": "P", "X": "data", "k": "kk"}
    for old, new in renamed.items():
        source = re.sub(rf"\b{old}\b", new, source)
    source = re.sub(r"#.*", "", source)
    return source.replace("    ", "        ").replace("\n\n", "\n\n\n")


def test_renaming_and_reformatting_hide_nothing():
    original = (SUBMISSIONS / "kmeans" / "correct_alt.py").read_text()
    match = compare("a", "b", fingerprints(original), fingerprints(disguised(original)))
    assert match.similarity > 0.9 and match.left_lines and match.right_lines


def test_different_solutions_of_the_same_task_are_not_flagged():
    ours = (ROOT / "solutions" / "kmeans.py").read_text()
    theirs = (SUBMISSIONS / "kmeans" / "correct_alt.py").read_text()
    assert compare("a", "b", fingerprints(ours), fingerprints(theirs)).similarity < 0.5


def test_pairs_are_sorted_and_include_the_reference():
    alt = (SUBMISSIONS / "knn" / "correct_alt.py").read_text()
    reference = (ROOT / "solutions" / "knn.py").read_text()
    sources = {"alice.py": alt, "bob.py": disguised(alt), "carol.py": reference, "dan.py": "x = 1\n"}
    matches = similar_pairs(sources, {"reference": reference}, 0.8)
    assert {(m.left, m.right) for m in matches} == {("alice.py", "bob.py"), ("carol.py", "reference")}
    assert [m.similarity for m in matches] == sorted((m.similarity for m in matches), reverse=True)


def test_the_folder_report_lists_near_copies_for_the_instructor(tmp_path):
    (tmp_path / "alice_knn.py").write_text((SUBMISSIONS / "knn" / "correct_alt.py").read_text())
    (tmp_path / "bob_knn.py").write_text(disguised((SUBMISSIONS / "knn" / "correct_alt.py").read_text()))
    (tmp_path / "carol_knn.py").write_text((ROOT / "solutions" / "knn.py").read_text())
    out = CliRunner().invoke(main, ["grade", str(tmp_path), "--similarity"])
    assert out.exit_code == 0, out.output
    lines = [line for line in out.output.splitlines() if "~" in line]
    assert len(lines) == 2
    assert any("alice_knn.py" in line and "bob_knn.py" in line for line in lines)
    assert any("carol_knn.py" in line and "solutions/knn.py (the reference)" in line for line in lines)
    single = CliRunner().invoke(main, ["grade", str(tmp_path / "alice_knn.py"), "--similarity"])
    assert single.exit_code == 2 and "--similarity is for a folder" in single.output
