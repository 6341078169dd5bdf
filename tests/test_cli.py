"""The command line, through click's CliRunner, and in separate processes where
the point is a fresh interpreter (reproducibility, start-up imports)."""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exercises.core import registry
from mlexam import main

ROOT = Path(__file__).resolve().parent.parent
TOPICS = registry.topics()


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def fails_cleanly(result, *phrases):
    """Exit code 2, one 'Error:' sentence ('错误：' in Chinese) naming what is wrong, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("Error:", "错误："))]
    assert len(lines) == 1, result.output
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("topics", "generate", "solve"):
        assert command in result.output


def test_topics_text_and_json():
    result = run("topics")
    assert result.exit_code == 0
    for topic in TOPICS:
        assert topic in result.output
    rows = json.loads(run("topics", "--format", "json").output)["topics"]
    assert [r["id"] for r in rows] == TOPICS
    assert all(r["title"] and r["description"] for r in rows)


def test_families_and_coding_tasks_of_one_model_point_to_each_other():
    from grader.autograde.tasks import tasks

    linked = {row["id"]: row["coding_task"] for row in registry.describe() if row["coding_task"]}
    assert {"attention": "attention", "pca": "pca", "sigmoid_backprop": "mlp_backprop"}.items() <= linked.items()
    assert set(linked.values()) <= set(tasks()), "a CODING_TASK names no coding task"
    topics = json.loads(run("topics", "--format", "json").output)["topics"]
    assert {t["id"]: t["coding_task"] for t in topics if t["coding_task"]} == linked
    models = {m["id"]: m["paper_topics"] for m in json.loads(run("models", "--format", "json").output)["models"]}
    for topic, task in linked.items():
        assert topic in models[task]
        assert f"code it: mlexam starter {task}" in run("topics").output
        assert re.search(rf"on paper: mlexam practice( \w+)* {topic}\b", run("models").output)
    assert "纸笔练习：mlexam practice pca" in run("models", "--lang", "zh").output
    assert "编程实现：mlexam starter pca" in run("topics", "--lang", "zh").output


def test_generate_all_gives_count_problems_per_topic_with_consecutive_seeds():
    data = json.loads(run("generate", "all", "--count", "2", "--seed", "40", "--format", "json").output)
    ids = [p["id"] for p in data["problems"]]
    assert ids == [f"{t}#{s}" for t in TOPICS for s in (40, 41)]
    assert all("answers" not in p for p in data["problems"])  # questions only by default


def test_generate_problem_id_reproduces_the_problem_and_its_difficulty():
    one = json.loads(run("generate", "pca:hard#17", "--format", "json", "--solutions").output)["problems"]
    again = json.loads(
        run("generate", "pca", "--difficulty", "hard", "--seed", "17", "--format", "json", "--solutions").output
    )["problems"]
    assert len(one) == 1 and one == again
    assert one[0]["difficulty"] == "hard" and len(one[0]["params"]["points"][0]) == 3


def test_generate_difficulty_and_solutions_and_key():
    text = run("generate", "entropy", "--difficulty", "easy", "--seed", "3").output
    assert "entropy:easy#3" in text and "Solution" not in text and "Answer key" not in text
    text = run("generate", "entropy", "--seed", "3", "--solutions").output
    assert "Solution" in text and "Answers:" in text
    text = run("generate", "entropy", "cnn_output", "--seed", "3", "--key").output
    assert "Answer key" in text
    assert text.index("Answer key") > text.index("cnn_output#3") and text.index("Answer key") > text.index("entropy#3")


def test_generate_writes_the_format_of_the_file_suffix(tmp_path):
    for suffix, marker in (
        (".html", "<math"),
        (".tex", "\\documentclass"),
        (".md", "$$"),
        (".json", '"problems"'),
        (".txt", "Problem 1"),
    ):
        out = tmp_path / f"sheet{suffix}"
        result = run("generate", "all", "--seed", "5", "--solutions", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert marker in out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".mlexam-*"))  # no temporary files left behind


def test_solve_examples_of_the_readme():
    result = run("solve", "entropy", "--param", "counts=[[4,2],[1,3]]", "--format", "json")
    answers = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    assert answers["H_parent"] == 1  # 5 and 5 of 10 samples: exactly one bit
    assert answers["H_children"][0] == pytest.approx(0.9182958340544896)
    result = run("solve", "pca", "--param", "points=[[2.5,2.4],[0.4,0.7],[2.2,2.9]]", "--format", "json")
    answers = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    assert answers["mean"] == pytest.approx([1.7, 2.0])
    result = run(
        "solve",
        "sigmoid_backprop",
        "-p",
        "x=[1, 0.5]",
        "-p",
        "W1=[[0.1,0.2],[0.3,-0.1]]",
        "-p",
        "b1=[0,0]",
        "-p",
        "W2=[[0.5,-0.5]]",
        "-p",
        "b2=[0]",
        "-p",
        "target=[1]",
        "-p",
        "lr=0.5",
        "-p",
        "loss=mse",
    )
    assert result.exit_code == 0 and "Solution" in result.output
    result = run("solve", "entropy", "--param", "counts=[[4,2],[1,3]]", "--no-solutions")
    assert "Solution" not in result.output and "entropy:custom" in result.output


def test_unknown_topic_names_the_closest_or_lists_the_valid_ones():
    fails_cleanly(run("generate", "entropyy"), "entropyy", "did you mean 'entropy'?")
    line = fails_cleanly(run("generate", "trees"), "trees")
    assert all(topic in line for topic in TOPICS)
    fails_cleanly(run("solve", "pcaa", "--param", "points=[[1,2]]"), "pcaa", "pca")
    fails_cleanly(run("generate", "nope:hard#3"), "nope")


@pytest.mark.parametrize(
    "args, phrases",
    [
        (["solve", "entropy"], ["missing parameter", "counts"]),
        (["solve", "entropy", "--param", "counts=[[4,2],[1,3]"], ["counts", "JSON"]),
        (["solve", "entropy", "--param", "counts=[[4,-2],[1,3]]"], ["counts", "non-negative"]),
        (["solve", "entropy", "--param", "counts=[[4]]"], ["counts", "2-6 class counts"]),
        (["solve", "entropy", "--param", "counts=[[4,2],[1,3]]", "--param", "extra=1"], ["extra"]),
        (
            ["solve", "entropy", "--param", "counts=[[4,2],[1,3]]", "--param", "counts=[[1,1],[1,1]]"],
            ["counts", "twice"],
        ),
        (["solve", "entropy", "--param", "counts"], ["NAME=VALUE"]),
        (["solve", "sigmoid_backprop", "-p", "x=[1]"], ["missing parameters", "W1", "lr", "loss"]),
        (
            [
                "solve",
                "sigmoid_backprop",
                "-p",
                "x=[1, 0.5]",
                "-p",
                "W1=[[0.1,0.2,0.3]]",
                "-p",
                "b1=[0]",
                "-p",
                "W2=[[1]]",
                "-p",
                "b2=[0]",
                "-p",
                "target=[1]",
                "-p",
                "lr=0.5",
                "-p",
                "loss=mse",
            ],
            ["W1"],
        ),
        (
            [
                "solve",
                "sigmoid_backprop",
                "-p",
                "x=[1]",
                "-p",
                "W1=[[1]]",
                "-p",
                "b1=[0]",
                "-p",
                "W2=[[1]]",
                "-p",
                "b2=[0]",
                "-p",
                "target=[1]",
                "-p",
                "lr=0.5",
                "-p",
                "loss=hinge",
            ],
            ["loss", "mse", "bce"],
        ),
        (["solve", "attention", "-p", "Q=[[1,0]]", "-p", "K=[[1,0,1]]", "-p", "V=[[1]]"], ["K"]),
        (["solve", "cnn_output", "-p", "input=[32,32]", "-p", 'layers=[{"type":"pool","kernel":2}]'], ["input"]),
    ],
)
def test_malformed_missing_or_out_of_range_parameters(args, phrases):
    fails_cleanly(run(*args), *phrases)


@pytest.mark.parametrize(
    "args, phrases",
    [
        (["solve", "entropy", "--param", "counts=[[0,0],[1,3]]"], ["branch 1", "no samples"]),
        (["solve", "pca", "--param", "points=[[1,2],[1,2],[1,2]]"], ["all points are equal"]),
        (
            [
                "solve",
                "cnn_output",
                "-p",
                "input=[32,32,3]",
                "-p",
                'layers=[{"type":"conv","kernel":3,"stride":0,"filters":4}]',
            ],
            ["stride", "layer 1"],
        ),
        (
            ["solve", "cnn_output", "-p", "input=[5,5,1]", "-p", 'layers=[{"type":"conv","kernel":7,"filters":4}]'],
            ["larger than the padded", "layer 1"],
        ),
        (
            ["solve", "confusion_metrics", "-p", "tp=0", "-p", "fp=0", "-p", "fn=0", "-p", "tn=0"],
            ["all zeros", "no examples"],
        ),
    ],
)
def test_degenerate_input_is_explained_in_one_sentence(args, phrases):
    fails_cleanly(run(*args), *phrases)


def test_bad_generate_options_exit_2_without_traceback():
    for args in (
        ["generate", "entropy", "--count", "0"],
        ["generate", "entropy", "--difficulty", "extreme"],
        ["generate", "entropy", "--format", "pdf"],
        ["generate"],
    ):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_unwritable_output_is_one_sentence(tmp_path):
    fails_cleanly(run("generate", "entropy", "-o", str(tmp_path / "missing" / "sheet.txt")), "cannot write")


def test_same_id_gives_byte_identical_json_in_two_processes():
    args = [
        sys.executable,
        str(ROOT / "mlexam.py"),
        "generate",
        "pca:hard#17",
        "entropy#3",
        "sigmoid_backprop:hard#8",
        "attention#2",
        "cnn_output:hard#5",
        "confusion_metrics:hard#9",
        "--format",
        "json",
        "--solutions",
    ]
    outputs = [
        subprocess.run(
            args, capture_output=True, check=True, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED=seed)
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_topics_and_help_do_not_import_sympy_or_numpy():
    """In English and in Chinese (--lang zh, or MLEXAM_LANG=zh): the words of the CLI cost no import."""
    code = (
        "import sys; from click.testing import CliRunner; from mlexam import main; "
        "runs = [CliRunner().invoke(main, args) for args in (['topics'], ['--help'], ['topics', '--lang', 'zh'])]; "
        "runs.append(CliRunner(env={'MLEXAM_LANG': 'zh'}).invoke(main, ['topics'])); "
        "print([r.exit_code for r in runs], sum('信息熵' in r.output for r in runs)); "
        "print(sorted(m for m in ('sympy', 'numpy', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.splitlines() == ["[0, 0, 0, 0] 2", "[]"], out.stdout + out.stderr


def test_python_mlexam_py_works_from_a_checkout():
    out = subprocess.run([sys.executable, "mlexam.py", "topics"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "entropy" in out.stdout


def test_parameters_as_a_chinese_input_method_and_a_calculator_write_them():
    """Full-width JSON punctuation and digits, fractions inside arrays, a choice in any case
    or by another common name: the same problem as the plain form."""
    plain = run("solve", "entropy", "--param", "counts=[[4,2],[1,3]]", "--format", "json")
    wide = run("solve", "entropy", "--param", "counts=［［４，２］，［１，３］］", "--format", "json")
    assert plain.exit_code == wide.exit_code == 0, wide.output
    assert json.loads(wide.output)["problems"][0]["answers"] == json.loads(plain.output)["problems"][0]["answers"]
    net = ["-p", "x=[1/2, 1]", "-p", "W1=[[1/10, 2/10]]", "-p", "b1=[0]", "-p", "W2=[[1]]", "-p", "b2=[0]"]
    net += ["-p", "target=[1]", "-p", "lr=1/2"]
    answers = {}
    for loss in ("mse", "MSE", "squared_error", "bce", "Cross-Entropy", "cross_entropy"):
        result = run("solve", "sigmoid_backprop", *net, "-p", f"loss={loss}", "--format", "json")
        assert result.exit_code == 0, result.output
        answers[loss] = json.loads(result.output)["problems"][0]["answers"]
    assert answers["mse"] == answers["MSE"] == answers["squared_error"]
    assert answers["bce"] == answers["Cross-Entropy"] == answers["cross_entropy"] != answers["mse"]
    line = fails_cleanly(run("solve", "sigmoid_backprop", *net, "-p", "loss=hinge"), "loss")
    assert "mse, bce" in line and "cross_entropy" in line


def test_a_misspelt_parameter_is_unknown_with_the_closest_name():
    line = fails_cleanly(run("solve", "entropy", "--param", "count=[[4,2],[1,3]]"), "unknown parameter 'count'")
    assert "did you mean 'counts'" in line and "missing" not in line


@pytest.mark.parametrize("topic", TOPICS)
def test_topics_topic_lists_the_parameters_and_an_example_that_runs(topic):
    out = run("topics", topic)
    assert out.exit_code == 0, out.output
    module = registry.family(topic)
    listed = out.output.split("Parameters of")[1].split("Example:")[0]
    assert all(re.search(rf"^  {re.escape(name)} ", listed, flags=re.M) for name in module.PARAMETERS), listed
    example = out.output.split("Example:\n")[1].split("\n\n")[0]
    prose = out.output.replace(example, "")
    assert max(map(len, prose.splitlines())) <= 80  # the example's words are as long as their JSON
    example = example.replace("\\\n", " ")
    words = shlex.split(example)
    assert words[:3] == ["mlexam", "solve", topic]
    solved = run(*words[1:], "--format", "json")
    assert solved.exit_code == 0, solved.output
    expected = registry.generate(topic, "medium", 1)
    got = json.loads(solved.output)["problems"][0]["answers"]
    assert [a["value"] for a in got] == [a.value for a in expected.solution.answers]
    names = [a.name for a in expected.solution.answers]
    assert all(f"  {name} " in out.output.split("Answers:")[1] for name in names)
    data = json.loads(run("topics", topic, "--format", "json").output)
    forms = {name: str(form) for name, form in module.PARAMETERS.items()}
    assert data["parameters"] == forms and data["example"] == expected.params.to_json()


def tex_engine_or_skip(name):
    """The TeX engine, which .ci/run installs: missing there is a failure, elsewhere a skip."""
    import shutil

    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt install texlive-xetex texlive-lang-chinese fonts-noto-cjk)")


def test_an_unknown_suffix_is_refused_and_nothing_written(tmp_path):
    target = tmp_path / "sheet.docx"
    fails_cleanly(run("generate", "pca", "-o", str(target)), ".docx", ".pdf", "--format")
    assert not target.exists()
    run("generate", "pca", "-o", str(tmp_path / "notes"))  # no suffix at all: text
    assert "Problem 1" in (tmp_path / "notes").read_text(encoding="utf-8")
    fails_cleanly(run("generate", "pca", "--format", "pdf"), "-o")  # a PDF is not for the terminal


def test_non_ascii_labels_survive_in_latex_and_pdf(tmp_path):
    """The issue: class labels 猫, 狗, 鸟 came out of LaTeX as '?' without a warning."""
    import shutil

    args = ["solve", "confusion_metrics", "-p", "matrix=[[50,3,2],[5,40,5],[0,10,35]]", "-p", 'labels=["猫","狗","鸟"]']
    for fmt in ("text", "md", "html", "json", "tex"):
        out = run(*args, "--format", fmt).output
        assert all(label in out for label in "猫狗鸟") and "?, ?" not in out, fmt
    tex = run(*args, "--format", "tex").output
    assert tex.startswith("% !TEX program = xelatex") and "{ctex}" in tex
    plain = run("generate", "pca", "--solutions", "--format", "tex").output
    assert plain.isascii() and "{ctex}" not in plain  # an all-ASCII sheet still compiles with pdflatex
    tex_engine_or_skip("xelatex")
    pdf = tmp_path / "cm.pdf"
    result = run(*args, "-o", str(pdf))
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert all(label in text for label in "猫狗鸟")


def test_a_pdf_without_a_tex_engine_names_what_to_install(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    target = tmp_path / "sheet.pdf"
    fails_cleanly(run("generate", "pca", "-o", str(target)), "texlive-xetex", "install")
    assert not target.exists()


# ---- the command line in Chinese ----------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u9fff]")


def run_in(env, *args):
    """The CLI with these environment variables (tests/conftest.py sets MLEXAM_LANG=en for
    the rest; LC_ALL and LC_MESSAGES are cleared so LANG is the locale, where it is given)."""
    env = {"LC_ALL": "", "LC_MESSAGES": "", **env}
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def chinese_error(result):
    line = fails_cleanly(result)
    assert CJK.search(line), line
    return line


@pytest.mark.parametrize(
    "args, phrases",
    [
        (["generate", "entropyy"], ["未知题型 'entropyy'", "您是指 'entropy' 吗"]),
        (["generate", "trees"], ["未知题型 'trees'", "attention、bias_variance", "（或 'all'）"]),
        (["solve", "pcaa", "--param", "points=[[1,2]]"], ["未知题型 'pcaa'"]),
        (["solve", "entropy", "--param", "counts=[[4,2],[1,3]"], ["参数 'counts' 不是合法的 JSON"]),
        (["solve", "entropy", "--param", "counts=[[4]]"], ["参数 'counts' 应为："]),
        (["solve", "entropy", "--param", "counts=[[4,-2],[1,3]]"], ["参数 'counts' 应为：", "；实际为 -2。"]),
        (["solve", "entropy", "--param", "counts"], ["--param 的格式应为 名称=值", "'counts'"]),
        (["solve", "entropy", "-p", "counts=[[1,1]]", "-p", "counts=[[1,1]]"], ["参数 'counts' 给出了两次"]),
        (["solve", "entropy", "--param", "count=[[4,2],[1,3]]"], ["未知参数 'count'", "您是指 'counts' 吗"]),
        (["solve", "sigmoid_backprop", "-p", "x=[1]"], ["缺少参数：", "W1、b1"]),
        (["generate", "pca", "-o", "sheet.docx"], ["不能写出 .docx 文件", ".pdf", "--format"]),
        (["generate", "pca", "--format", "pdf"], ["PDF 只能写入文件", "-o sheet.pdf"]),
        (["practice", "--minutes", "5"], ["--exam"]),
    ],
)
def test_errors_in_chinese_are_one_sentence(args, phrases, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = chinese_error(run(*args, "--lang", "zh"))
    assert all(phrase in line for phrase in phrases), line
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_choice_and_a_family_form_are_said_in_chinese():
    net = ["-p", "x=[1]", "-p", "W1=[[1]]", "-p", "b1=[0]", "-p", "W2=[[1]]", "-p", "b2=[0]", "-p", "target=[1]"]
    line = chinese_error(run("solve", "sigmoid_backprop", *net, "-p", "lr=1/2", "-p", "loss=hinge", "--lang", "zh"))
    assert "参数 'loss' 应为 mse、bce 之一（或 " in line and "cross_entropy" in line
    line = chinese_error(run("solve", "entropy", "--param", "counts=[[4]]", "--lang", "zh"))
    assert "个分支的列表" in line  # the family's own form, in Chinese, inside the sentence


def test_stats_without_a_database_in_chinese(tmp_path):
    line = chinese_error(run("stats", "--db", str(tmp_path / "none.sqlite3"), "--lang", "zh"))
    assert "还没有任何练习记录" in line and "none.sqlite3 不存在" in line and "mlexam practice" in line


def test_the_language_comes_from_mlexam_lang_then_the_locale_and_lang_overrides_both(tmp_path):
    target = str(tmp_path / "x.docx")

    def said(env, *extra):
        line = fails_cleanly(run_in(env, "generate", "pca", "-o", target, *extra))
        return "zh" if CJK.search(line) else "en"

    assert said({"MLEXAM_LANG": "zh"}) == "zh"
    assert said({"MLEXAM_LANG": "ZH "}) == "zh"
    assert said({"MLEXAM_LANG": "", "LANG": "zh_CN.UTF-8"}) == "zh"
    assert said({"MLEXAM_LANG": "", "LANG": "C", "LC_ALL": "zh_TW.UTF-8"}) == "zh"
    assert said({"MLEXAM_LANG": "", "LANG": "en_GB.UTF-8"}) == "en"
    assert said({"MLEXAM_LANG": "", "LANG": ""}) == "en"
    assert said({"MLEXAM_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert said({"MLEXAM_LANG": "zh"}, "--lang", "en") == "en"
    assert said({"MLEXAM_LANG": "en"}, "--lang", "zh") == "zh"


def test_an_unknown_mlexam_lang_is_said_in_both_languages_and_lang_still_works(tmp_path):
    line = fails_cleanly(run_in({"MLEXAM_LANG": "fr"}, "topics"), "MLEXAM_LANG must be en or zh", "只能是 en 或 zh")
    assert "'fr'" in line
    assert run_in({"MLEXAM_LANG": "fr"}, "topics", "--lang", "zh").exit_code == 0


def test_a_command_leaves_the_language_of_its_caller_as_it_was():
    from exercises.core import lang

    run("topics", "--lang", "zh")
    fails_cleanly(run("generate", "entropyy", "--lang", "zh"))
    assert lang.current() == "en"


def test_what_the_cli_says_on_success_is_in_chinese(tmp_path):
    out = tmp_path / "sheet.txt"
    result = run("generate", "entropy", "--seed", "3", "-o", str(out), "--lang", "zh")
    assert result.exit_code == 0 and f"已把 1 道题写入 {out}" in result.stderr
    result = run("generate", "entropy", "--seed", "3", "-n", "2", "-o", str(out))
    assert f"wrote 2 problems to {out}" in result.stderr
    result = run("generate", "entropy", "--seed", "3", "-o", str(out))
    assert f"wrote 1 problem to {out}" in result.stderr


def test_parameter_readers_take_a_form_as_text_or_string():
    from exercises.core import params as read
    from exercises.core.errors import ParamError
    from exercises.core.lang import T, using

    form = T("a number in [0, 10]", "[0, 10] 内的数")
    with pytest.raises(ParamError) as caught:
        read.number("lr", 20, form, 0, 10)
    assert str(caught.value) == "parameter 'lr' must be a number in [0, 10]; got 20."
    with using("zh"):
        assert str(caught.value) == "参数 'lr' 应为：[0, 10] 内的数；实际为 20。"
    with pytest.raises(ParamError) as caught:
        read.matrix("layers", [[1], [1, 2]], '{"type": "conv"} rows', rows=(1, 3), cols=(1, 3))
    assert str(caught.value) == 'parameter \'layers\' must be {"type": "conv"} rows; its rows differ in length.'
    with using("zh"):
        assert str(caught.value) == '参数 \'layers\' 应为：{"type": "conv"} rows；但它各行的长度不同。'
    with pytest.raises(ParamError) as caught:
        read.require({"x": 1}, ("a", "b"))
    with using("zh"):
        assert str(caught.value) == "未知参数 'x'；本题型的参数为 a、b。"
    with pytest.raises(ParamError) as caught:
        read.require({}, ("a", "b"))
    assert str(caught.value) == "missing parameters: a, b (give each as --param NAME=VALUE)."


def test_the_stats_table_lines_up_in_chinese(tmp_path):
    from exercises.core.columns import cells

    db = str(tmp_path / "p.sqlite3")
    result = CliRunner().invoke(main, ["practice", "entropy", "--db", db, "-n", "1", "--seed", "1"], input="0\nnext\n")
    assert result.exit_code == 0, result.output
    english = run("stats", "--db", db).output.splitlines()
    assert english[0] == "topic   answers right  recall in 7 days  practised    next due"
    lines = run("stats", "--db", db, "--lang", "zh").output.splitlines()
    assert lines[0].split() == ["题型", "作答数", "正确率", "7", "天后记忆保持率", "上次练习", "下次复习"]
    for heading in ("作答数", "正确率"):  # counts end under the end of their heading
        end = cells(lines[0][: lines[0].index(heading) + len(heading)])
        row = lines[1]
        cut = next(i for i in range(len(row) + 1) if cells(row[:i]) == end)
        assert row[cut - 1] != " " and row[cut : cut + 1] in ("", " "), (heading, lines)
    date = re.search(r"\d\d-\d\d \d\d:\d\d|\d{4}-\d\d-\d\d", lines[1])  # when last practised
    assert cells(lines[1][: date.start()]) == cells(lines[0][: lines[0].index("上次练习")]), lines


def mlexam_in(env, *args):
    """`python mlexam.py ARGS` in a fresh interpreter with these environment variables (the
    help's language is read when mlexam.py is imported; conftest's MLEXAM_LANG=en is dropped)."""
    base = {k: v for k, v in os.environ.items() if k not in ("MLEXAM_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    command = [sys.executable, "mlexam.py", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={**base, **env})


def help_in(env, *args):
    out = mlexam_in(env, *args, "--help")
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.parametrize(
    "env", [{"MLEXAM_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LANG": "en_US.UTF-8", "MLEXAM_LANG": "zh"}]
)
def test_the_help_is_in_chinese_when_the_environment_asks_for_it(env):
    group = help_in(env)
    assert "机器学习课程的考试练习" in group and "生成题目" in group and "Exam drills" not in group
    assert 'mlexam solve entropy --param counts="[[4,2],[1,3]]"' in group  # examples kept as they are
    generate = help_in(env, "generate")
    for phrase in (
        "生成题目：TOPIC...",
        "每个题型的题目数",
        "显示详细解答",
        "写入 FILE",
        "输出的语言",
        "显示本帮助并退出",
    ):
        assert phrase in generate, generate
    assert "--answer-space CM" in generate and "Problems per topic" not in generate


@pytest.mark.parametrize(
    "env", [{"MLEXAM_LANG": "en", "LANG": "zh_CN.UTF-8"}, {"LANG": "C.UTF-8"}, {"MLEXAM_LANG": "xx"}]
)
def test_the_help_stays_english_otherwise(env):
    group, generate = help_in(env), help_in(env, "generate")
    assert "Exam drills with exact worked solutions for machine learning courses." in group
    assert "  generate    Generate problems: TOPIC..." in group
    assert "Problems per topic (a problem id always" in generate and "Show this message and exit." in generate
    assert not re.search(r"[\u4e00-\u9fff]", group + generate)


def test_clicks_own_help_words_are_chinese_with_the_help():
    env = {"MLEXAM_LANG": "zh"}
    group, generate, cases = help_in(env), help_in(env, "generate"), help_in(env, "cases")
    assert group.startswith("用法：mlexam.py [OPTIONS] COMMAND [ARGS]...\n"), group  # no space after "："
    assert "\n选项：\n" in group and "\n命令：\n" in group and "显示版本号并退出。" in group
    assert "[默认：medium]" in generate and "[必需]" in cases
    assert mlexam_in(env, "--version").stdout == "mlexam，版本 0.1.0\n"
    for english in ("Usage:", "Options:", "Commands:", "default:", "[required]", "Show this", "Show the"):
        assert english not in group + generate + cases, english


def test_clicks_own_help_words_stay_english_otherwise():
    env = {"MLEXAM_LANG": "en", "LANG": "zh_CN.UTF-8"}
    group, generate, cases = help_in(env), help_in(env, "generate"), help_in(env, "cases")
    assert group.startswith("Usage: mlexam.py [OPTIONS] COMMAND [ARGS]...\n"), group
    assert "\nOptions:\n" in group and "\nCommands:\n" in group and "Show the version and exit." in group
    assert "[default: medium]" in generate and "[required]" in cases
    assert mlexam_in(env, "--version").stdout == "mlexam, version 0.1.0\n"


# the usage errors a user can make (click's own sentences): arguments, the Chinese, the English
USAGE_ERRORS = [
    (["generate", "pca", "--colour"], "没有名为 '--colour' 的选项。", "No such option '--colour'."),
    (["generate", "pca", "--fromat", "md"], "您是指 '--format' 吗？", "Did you mean '--format'?"),
    (["generat", "pca"], "没有名为 'generat' 的命令。 您是指 'generate' 吗？", "No such command 'generat'."),
    (["solve"], "缺少参数 'TOPIC'", "Missing argument 'TOPIC'."),
    (["cases", "knn"], "缺少选项 '--visible'", "Missing option '--visible'."),
    (
        ["generate", "pca", "-d", "hardest"],
        "'--difficulty' / '-d' 的值无效：'hardest' 不是 'easy', 'medium', 'hard' 之一。",
        "Invalid value for '--difficulty' / '-d': 'hardest' is not one of 'easy', 'medium', 'hard'.",
    ),
    (
        ["generate", "pca", "--count", "many"],
        "'--count' / '-n' 的值无效：'many' 不是有效的数值。",
        "Invalid value for '--count' / '-n': 'many' is not a valid integer range.",
    ),
    (["generate", "pca", "--count", "0"], "0 不在范围 1<=x<=500 内。", "0 is not in the range 1<=x<=500."),
    (["generate", "pca", "--count"], "选项 '--count' 需要一个值。", "Option '--count' requires an argument."),
    (["generate", "pca", "--key=yes"], "选项 '--key' 不接受值。", "Option '--key' does not take a value."),
    (["topics", "entropy", "pca"], "多出了一个参数（pca）。", "Got unexpected extra argument (pca)"),
    (["generate", "pca", "-o", "."], "'-o' / '--output' 的值无效：'.' 是一个目录。", "File '.' is a directory."),
]
CLICK_ENGLISH = re.compile(r"Error|Usage|Try '|Invalid|Missing|No such|Got |Did you|is not|requires|take a")


@pytest.mark.parametrize("args, chinese, english", USAGE_ERRORS)
def test_usage_errors_are_chinese_with_the_help(args, chinese, english):
    out = mlexam_in({"MLEXAM_LANG": "zh"}, *args)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1 and chinese in errors[0], out.stderr
    assert not CLICK_ENGLISH.search(out.stderr), out.stderr
    if "用法：" in out.stderr:  # an error found once the command is known: its usage, and where to read more
        command = out.stderr.split("用法：")[1].split(" [OPTIONS]")[0]
        assert f"\n运行 '{command} --help' 查看帮助。\n" in out.stderr, out.stderr


def test_lang_on_the_command_line_chooses_the_help_and_usage_errors_too():
    """click shows both before it parses --lang; mlexam reads it from the arguments first."""
    assert "生成题目" in help_in({"MLEXAM_LANG": "en"}, "generate", "--lang", "zh")
    assert "Generate problems" in help_in({"MLEXAM_LANG": "zh"}, "generate", "--lang=en")
    chinese = mlexam_in({"MLEXAM_LANG": "en"}, "generate", "--lang", "zh", "pca", "--colour")
    assert chinese.returncode == 2 and "错误：没有名为 '--colour' 的选项。" in chinese.stderr, chinese.stderr
    english = mlexam_in({"MLEXAM_LANG": "zh"}, "generate", "--colour", "--lang", "en")
    assert english.returncode == 2 and "Error: No such option '--colour'." in english.stderr, english.stderr


@pytest.mark.parametrize("args, chinese, english", USAGE_ERRORS)
def test_usage_errors_stay_english_otherwise(args, chinese, english):
    out = mlexam_in({"MLEXAM_LANG": "en", "LANG": "zh_CN.UTF-8"}, *args)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and english in errors[0] and not CJK.search(out.stderr), out.stderr


def test_the_chinese_catalogue_holds_clicks_own_messages():
    """Each message id in exercises/core/click_zh.py is still a string of click's (else its
    Chinese would never show), and its Chinese asks for no value click does not give it."""
    import string

    import click

    from exercises.core import click_zh

    source = "".join(path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py"))

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name} | set(re.findall(r"%\((\w+)\)", text))

    for message, chinese in click_zh.MESSAGES.items():
        assert f'"{message}"' in source and fields(chinese) <= fields(message), message
    for singular, forms in click_zh.PLURALS.items():
        plural = re.search(rf'ngettext\(\s*"{re.escape(singular)}",\s*"([^"]*)"', source)
        assert plural and fields("".join(forms)) <= fields(singular) | fields(plural[1]), singular


def test_chinese_help_does_not_import_sympy_or_numpy():
    code = (
        "import sys; from click.testing import CliRunner; from mlexam import main; "
        "out = CliRunner().invoke(main, ['generate', '--help']).output; "
        "print('用法：' in out, sorted(m for m in ('sympy', 'numpy', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "MLEXAM_LANG": "zh"}
    )
    assert out.stdout == "True []\n", out.stdout + out.stderr


def test_chinese_help_fits_the_terminal_columns():
    """click counts a Chinese character as one column; the Chinese help is filled by the two it takes."""
    from exercises.core.columns import cells

    for command in ("grade", "practice", "gradescope"):
        text = help_in({"MLEXAM_LANG": "zh", "COLUMNS": "80"}, command)
        assert max(cells(line) for line in text.splitlines()) <= 80, text
