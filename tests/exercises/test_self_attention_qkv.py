"""self_attention_qkv against torch: the projections as float64 matrix products in PyTorch's
row layout (a token per row), the outputs by torch.nn.functional.scaled_dot_product_attention,
the weights by torch.softmax over each row, the heads split as torch.nn.MultiheadAttention
splits them, its parameter count by counting its parameters; the column layout (note 003)
is the transpose of all of it. The mistakes are the same torch pass done wrong on purpose;
note 003's instance of SYLLABUS.md 4.8 by its known values; parameters a user types."""

import json
import math
import re
from fractions import Fraction

import numpy as np
import pytest
import torch
from torch.nn.functional import scaled_dot_product_attention

from exercises.core import registry
from exercises.core.columns import cells
from exercises.core.lang import using
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, floats, generated_all, matches, refused

TOPIC = "self_attention_qkv"


@pytest.fixture(autouse=True, scope="module")
def one_torch_thread():
    """The oracle's tensors are 3 x 3: one thread, or each op waits for a thread pool (tens of
    milliseconds on a busy machine); the setting is restored after this module."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def torch_rows(raw: dict, name: str) -> torch.Tensor:
    """A parameter as PyTorch's row layout has it (tokens are rows, Q = X W_q): as given in the
    row layout, transposed in the column layout."""
    t = torch.tensor(floats(raw[name]), dtype=torch.float64)
    return t if raw.get("layout", "column") == "row" else t.T


def oracle(raw: dict, *, scale=None, swapped=False, wrong_axis=False, projected=True, count=True) -> dict:
    """Every answer, in the problem's layout. A mistake passes its own scale (for √dₖ), the
    queries and keys swapped, the softmax over the queries instead of the keys, or no
    projection (every head takes Q = K = V = H)."""
    col = raw.get("layout", "column") == "column"
    X = torch_rows(raw, "X")
    H = X @ torch_rows(raw, "W") if "W" in raw else X
    n, h = X.shape[0], raw.get("heads", 1)
    d_k = torch_rows(raw, "W_q").shape[1] // h
    Q, K, V = (H @ torch_rows(raw, name) if projected else H for name in ("W_q", "W_k", "W_v"))

    def heads(M):  # (h, n, width / h): head t takes the t-th block of columns, as nn.MultiheadAttention
        return M.reshape(n, h, -1).transpose(0, 1)

    q, k, v = (heads(M) for M in (Q, K, V)) if projected else (H.expand(h, n, H.shape[1]),) * 3  # every head
    if swapped:
        q, k = k, q
    s = 1 / math.sqrt(d_k) if scale is None else scale
    scores = (q @ k.transpose(-1, -2)) * s
    weights = torch.softmax(scores, dim=-2 if wrong_axis else -1)
    out = weights @ v if wrong_axis else scaled_dot_product_attention(q, k, v, scale=s)
    concat = out.transpose(0, 1).reshape(n, -1)  # the heads side by side, in order

    def laid(M):
        return (M.T if col else M).numpy()

    found = {"Q": laid(Q), "K": laid(K), "V": laid(V), "concat": laid(concat), "output": laid(concat)}
    if "W_o" in raw and (projected or concat.shape[1] == torch_rows(raw, "W_o").shape[0]):
        found["output"] = laid(concat @ torch_rows(raw, "W_o"))
    elif "W_o" in raw:
        del found["output"]  # no projection: the heads' stack does not fit W_o
    if "W" in raw:
        found["H"] = laid(H)
    for t in range(h):
        suffix = f"_{t + 1}" if h > 1 else ""
        found["scores" + suffix], found["weights" + suffix] = laid(scores[t]), laid(weights[t])
    if h > 1 and count:
        layer = torch.nn.MultiheadAttention(torch_rows(raw, "W_q").shape[1], h)
        found["mha_params"] = sum(p.numel() for p in layer.parameters())
    return found


def close(a, b, tol=1e-9) -> bool:
    return np.allclose(np.array(a, dtype=float), np.array(b, dtype=float), rtol=tol, atol=tol)


def answer_names(raw: dict) -> list:
    h = raw.get("heads", 1)
    names = ["H"] * ("W" in raw) + ["Q", "K", "V"]
    for t in range(1, h + 1):
        names += [f"scores_{t}", f"weights_{t}"] if h > 1 else ["scores", "weights"]
    return names + ["concat"] * ("W_o" in raw) + ["output"] + ["mha_params"] * (h > 1)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = oracle(raw)
        assert [a.name for a in problem.solution.answers] == answer_names(raw), problem.id
        matches(problem, expected)
        for answer in problem.solution.answers:  # typed to 6 decimals, every answer is accepted
            assert answer.check.accepts(np.round(expected[answer.name], 6).tolist(), answer.value), problem.id
        # the weights add up to 1 over the keys: down each column in the note's layout
        weights = next(np.array(a.value) for a in problem.solution.answers if a.name.startswith("weights"))
        assert np.allclose(weights.sum(axis=0 if raw["layout"] == "column" else 1), 1), problem.id


def test_generated_parameters_fit_the_difficulty():
    layouts = set()
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            layouts.add((difficulty, raw["layout"]))
            col = raw["layout"] == "column"

            def shape(name, raw=raw, col=col):
                rows, cols = np.shape(raw[name])
                return (rows, cols) if col else (cols, rows)

            n, d_in = {"easy": (2, 2), "medium": (3, 2), "hard": (3, 3)}[difficulty]
            X = np.array(raw["X"])
            assert shape("X") == (d_in, n) and set(X.flat) <= {0, 1, 2}, problem.id
            tokens = X.T if col else X
            assert len({tuple(t) for t in tokens}) == n and all(t.any() for t in tokens), problem.id
            d, d_model = shape("W_q")
            if difficulty == "hard":
                assert (shape("W"), d, shape("W_o")) == ((2, 3), 4, (2, 4)) and raw["heads"] == 2, problem.id
                assert set(np.array(raw["W"]).flat) <= {-1, 0, 1} and set(np.array(raw["W_o"]).flat) <= {-1, 1}
                pool = {-1, 0, 1}
            else:
                assert {"W", "W_o", "heads"}.isdisjoint(raw) and d_model == d_in, problem.id
                assert d == 2 if difficulty == "easy" else d in (2, 4)
                pool = {-1, 0, 1, 2}
            assert shape("W_k") == (d, d_model) and shape("W_v") == (2 if difficulty != "hard" else 4, d_model)
            for name in ("W_q", "W_k", "W_v"):
                assert set(np.array(raw[name]).flat) <= pool, problem.id
            expected = oracle(raw)
            for t in range(raw.get("heads", 1)):
                suffix = f"_{t + 1}" if difficulty == "hard" else ""
                weights = expected["weights" + suffix]
                assert weights.min() >= 0.005, problem.id  # every weight visible at 3 decimals
    assert layouts == {("easy", "column")} | {(d, layout) for d in ("medium", "hard") for layout in ("column", "row")}


# --- the syllabus's instance (note 003's column layout) -----------------------------------------

CANONICAL = {
    "X": [[1, 0, 1], [0, 1, 1]],
    "W_q": [[1, 0], [0, 1]],
    "W_k": [[1, 1], [0, 1]],
    "W_v": [[1, 0], [1, 1]],
    "d": 2,
}
BY_HAND = {  # SYLLABUS.md 4.8, checked there against torch
    "Q": [[1, 0, 1], [0, 1, 1]],
    "K": [[1, 1, 2], [0, 1, 1]],
    "V": [[1, 0, 1], [1, 1, 2]],
    "scores": [[0.707107, 0, 0.707107], [0.707107, 0.707107, 1.414214], [1.414214, 0.707107, 2.121320]],
    "weights": [[0.248255, 0.197776, 0.140029], [0.248255, 0.401112, 0.283995], [0.503490, 0.401112, 0.575975]],
    "output": [[0.751745, 0.598888, 0.716005], [1.503490, 1.401112, 1.575975]],
}
ROW_SOFTMAX_OUTPUT = [[0.685108, 0.337805, 0.977087], [1.217358, 0.726089, 2.056553]]  # slip S12


def test_canonical_instance():
    problem = registry.from_params(TOPIC, CANONICAL)
    assert [a.name for a in problem.solution.answers] == list(BY_HAND)
    for name, value in BY_HAND.items():
        assert close(problem.answer(name).value, value, 1e-6), (name, problem.answer(name).value)
    assert problem.answer("Q").check.exact and not problem.answer("weights").check.exact
    assert problem.params.to_json() == {k: v for k, v in CANONICAL.items() if k != "d"} | {"layout": "column"}


def test_the_notes_row_softmax_is_recognised():
    """S12: note 003 does not say along which axis; the row softmax of KᵀQ gives another output."""
    problem = registry.from_params(TOPIC, CANONICAL)
    wrong = next(m for m in problem.mistakes if m.name == "softmax_wrong_axis")
    assert close(wrong.answers["output"], ROW_SOFTMAX_OUTPUT, 1e-6)
    typed = np.round(ROW_SOFTMAX_OUTPUT, 4).tolist()
    verdict = judge(problem, problem.answer("output"), typed)
    assert verdict.kind == WRONG and verdict.mistake.name == "softmax_wrong_axis"
    with using("zh"):
        assert "按列" in str(verdict.message)
    unscaled = oracle(CANONICAL, scale=1.0)["weights"]
    verdict = judge(problem, problem.answer("weights"), np.round(unscaled, 4).tolist())
    assert verdict.kind == WRONG and verdict.mistake.name == "not_scaled"


def test_the_row_layout_is_the_transpose():
    """The same instance in PyTorch's layout: every matrix transposed, the same numbers."""
    rows = {name: np.array(value).T.tolist() for name, value in CANONICAL.items() if name != "d"}
    problem = registry.from_params(TOPIC, rows | {"layout": "row"})
    for name, value in BY_HAND.items():
        assert close(problem.answer(name).value, np.array(value).T, 1e-6), name
    assert close(oracle(rows | {"layout": "row"})["output"], np.array(BY_HAND["output"]).T, 1e-6)


# --- mistakes -------------------------------------------------------------------------------------


def wrong_dims(raw: dict) -> dict:
    """The token width entering the attention and the number of tokens (for √ of the wrong one)."""
    X = torch_rows(raw, "X")
    width = torch_rows(raw, "W").shape[1] if "W" in raw else X.shape[1]
    return {"width": width, "tokens": X.shape[0]}


def expected_mistakes(raw: dict) -> dict:
    """{name: [the answers it gives]} by torch; sqrt_of_wrong_dim when its dimension is not dₖ
    and gives no other mistake's numbers (1: no scaling, dₖ²: divided by dₖ)."""
    d_k = torch_rows(raw, "W_q").shape[1] // raw.get("heads", 1)
    found = {
        "softmax_wrong_axis": [oracle(raw, wrong_axis=True, count=False)],
        "not_scaled": [oracle(raw, scale=1.0, count=False)],
        "divided_by_d": [oracle(raw, scale=1 / d_k, count=False)],
        "QK_order": [oracle(raw, swapped=True, count=False)],
        "no_projection": [oracle(raw, projected=False, count=False)],
    }
    taken = {1, d_k, d_k * d_k}
    for size in wrong_dims(raw).values():
        if size not in taken:
            found.setdefault("sqrt_of_wrong_dim", []).append(oracle(raw, scale=1 / math.sqrt(size), count=False))
        taken.add(size)
    return found


def check_mistakes(problem, generated=True):
    raw = problem.params.to_json()
    right = oracle(raw)
    wrong = expected_mistakes(raw)
    declared = {}
    for mistake in problem.mistakes:
        declared.setdefault(mistake.name, []).append(mistake)
    if generated:  # every mistake of the syllabus that applies is shown
        assert set(declared) == set(wrong), (problem.id, sorted(declared), sorted(wrong))
    assert set(declared) <= set(wrong), problem.id
    for name, mistakes in declared.items():
        assert len(mistakes) <= len(wrong[name]), (problem.id, name)
        for mistake in mistakes:
            assert mistake.answers, (problem.id, name)
            # its values are one of torch's wrong computations, answer by answer
            assert any(
                all(close(value, found[answer]) for answer, value in mistake.answers.items()) for found in wrong[name]
            ), (problem.id, name)
            for answer, value in mistake.answers.items():
                assert not problem.answer(answer).check.accepts(value, problem.answer(answer).value), (problem.id, name)
                assert not close(value, right[answer], 1e-6)
            # a student who makes it is told so, from whichever answer it moves
            answer = next(iter(mistake.answers))
            verdict = judge(problem, problem.answer(answer), mistake.answers[answer])
            assert verdict.kind == WRONG and verdict.mistake is not None, (problem.id, name)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        check_mistakes(problem)


def test_every_mistake_is_recognised_in_some_problem():
    made = {m.name for d in DIFFICULTIES for p in generated_all(TOPIC, d, SEEDS) for m in p.mistakes}
    assert made == set(registry.family(TOPIC).MISTAKE_NAMES)


def test_mistakes_that_give_the_right_numbers_are_not_offered():
    """Symmetric scores (W_q = W_k on one token width): QᵀK = KᵀQ; dₖ = 1: √dₖ = dₖ = 1."""
    problem = registry.from_params(TOPIC, CANONICAL | {"W_k": CANONICAL["W_q"]})
    assert "QK_order" not in {m.name for m in problem.mistakes}
    check_mistakes(problem, generated=False)
    problem = registry.from_params(TOPIC, {"X": [[1, 2, 0]], "W_q": [[1]], "W_k": [[2]], "W_v": [[1], [3]]})
    names = {m.name for m in problem.mistakes}
    assert {"not_scaled", "divided_by_d", "QK_order"}.isdisjoint(names) and "softmax_wrong_axis" in names
    check_mistakes(problem, generated=False)


# --- parameters a homework brings ------------------------------------------------------------------


def test_a_pytorch_homework_with_decimals_and_fractions():
    """Row layout as PyTorch writes it: 4 tokens of 3 features, d = 2, d_v = 3, with decimals,
    fractions and numbers typed as strings."""
    raw = {
        "X": [[1, "0.5", 0], [0, 1, "1/2"], ["-1", 2, 1], [0.25, 0, 1]],
        "W_q": [["0.1", 0.2], [0, 1], [1, "-0.5"]],
        "W_k": [[1, 0], ["1/3", 1], [0, 2]],
        "W_v": [[1, 0, 1], [0, 1, 0], [1, 1, 1]],
        "layout": "rows",
    }
    problem = registry.from_params(TOPIC, raw)
    assert problem.params.layout == "row" and problem.id == f"{TOPIC}:custom"
    numbers = {
        "X": [[1, 0.5, 0], [0, 1, 0.5], [-1, 2, 1], [0.25, 0, 1]],
        "W_q": [[0.1, 0.2], [0, 1], [1, -0.5]],
        "W_k": [[1, 0], [1 / 3, 1], [0, 2]],
        "W_v": raw["W_v"],
        "layout": "row",
    }
    matches(problem, oracle(numbers))
    check_mistakes(problem, generated=False)
    assert not problem.answer("Q").check.exact  # decimals: checked to 3 decimals, not exactly
    assert problem.params.W_k[1][0] == Fraction(1, 3) and problem.params.X[3][0] == Fraction(1, 4)
    # the parameters written as JSON give the same problem (1/3 is written "1/3": exactly the same)
    again = registry.from_params(TOPIC, json.loads(json.dumps(problem.params.to_json()), parse_float=Fraction))
    for a, b in zip(problem.solution.answers, again.solution.answers):
        assert close(a.value, b.value, 1e-12), a.name
    decimals = raw | {"W_k": [[1, 0], ["0.5", 1], [0, 2]]}
    problem = registry.from_params(TOPIC, decimals)
    assert registry.from_params(TOPIC, problem.params.to_json()).params == problem.params


def test_a_two_head_homework_in_the_notes_layout():
    """Note 003's layout with an embedding, two heads and W_o, as hard problems have them."""
    raw = {
        "X": [[1, 0, 2, 1], [0, 1, 1, 0], [1, 1, 0, 2]],
        "W": [[1, 0, 1], [0, 1, -1]],
        "W_q": [[1, 0], [0, 1], [1, 1], [1, -1]],
        "W_k": [[0, 1], [1, 0], [1, 0], [0, 1]],
        "W_v": [[1, 1], [0, 1], [1, 0], [-1, 1]],
        "W_o": [[1, 0, 0, 1], [0, 1, 1, 0]],
        "heads": 2,
        "d": 4,
    }
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(raw)
    matches(problem, expected)
    assert problem.answer("mha_params").value == 80 == expected["mha_params"]
    check_mistakes(problem, generated=False)


@pytest.mark.parametrize(
    "raw",
    [
        {  # two heads, no output projection: the output is the stacked heads
            "X": [[1, 0], [0, 1], [1, 1]],
            "W_q": [[1, 0, 1, 1], [0, 1, -1, 1]],
            "W_k": [[1, 1, 0, 1], [0, 1, 1, 0]],
            "W_v": [[1, 0], [0, 1]],
            "heads": 2,
            "layout": "row",
        },
        {  # one head and an output projection to 3 components
            "X": [[1, 0, 1], [0, 1, 1]],
            "W_q": [[1, 0], [0, 1]],
            "W_k": [[1, 1], [0, 1]],
            "W_v": [[1, 0], [1, 1]],
            "W_o": [[1, -1], [0, 1], [2, 0]],
        },
        {  # an embedding to 2 features of 3 tokens, one value component, in the row layout
            "X": [[1, 0.5], [0, 1], [1, 1]],
            "W": [[1, 0, 1], [0, 1, 1]],
            "W_q": [[1, 0], [0, 1], [1, 1]],
            "W_k": [[1, 1], [0, 1], [1, 0]],
            "W_v": [[1], [2], [0]],
            "layout": "row",
        },
    ],
    ids=["heads-without-W_o", "W_o-with-one-head", "embedding-row-layout"],
)
def test_other_homework_shapes(raw):
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(raw)
    assert [a.name for a in problem.solution.answers] == answer_names(raw)
    matches(problem, expected)
    check_mistakes(problem, generated=False)
    for lang in ("en", "zh"):
        text = render([problem], "text", solutions=True, lang=lang)
        assert max(cells(line) for line in text.splitlines()) <= 80


def test_the_largest_input_stays_exact_and_finite():
    """8 tokens of 8 features up to ±100 and projections up to ±100: scores near ±10⁹, weights
    one-hot to 16 digits, still finite and as torch has them."""
    raw = {
        "X": [[(7 * i + 3 * j) % 201 - 100 for j in range(8)] for i in range(8)],
        "W_q": [[(5 * i - 2 * j) % 201 - 100 for j in range(8)] for i in range(8)],
        "W_k": [[(3 * i + 11 * j) % 201 - 100 for j in range(8)] for i in range(8)],
        "W_v": [[j - i for j in range(8)] for i in range(8)],
        "heads": 2,
        "layout": "row",
    }
    problem = registry.from_params(TOPIC, raw)
    expected = oracle(raw)
    assert np.abs(expected["scores_1"]).max() > 1e8
    matches(problem, expected)
    check_mistakes(problem, generated=False)


def test_mlexam_solve_takes_the_homework_on_the_command_line():
    from click.testing import CliRunner

    from mlexam import main

    args = ["solve", TOPIC, "-p", "X=[[1,0,1],[0,1,1]]", "-p", "W_q=[[1,0],[0,1]]", "-p", "W_k=[[1,1],[0,1]]"]
    args += ["-p", "W_v=[[1,0],[1,1]]", "-p", "d=2", "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answers = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    assert close(answers["output"], BY_HAND["output"], 1e-6)


def with_(**changes):
    return {k: v for k, v in CANONICAL.items() if k not in changes} | {
        k: v for k, v in changes.items() if v is not None
    }


@pytest.mark.parametrize(
    "raw, words",
    [
        (with_(W_v=None), ["missing", "W_v"]),
        (with_(mask=[[0]]), ["unknown parameter 'mask'"]),
        (with_(Wq=[[1]]), ["unknown parameter 'Wq'", "W_q"]),
        (with_(X="abc"), ["'X'", "d_in x n"]),
        (with_(X=[1, 2]), ["'X'"]),
        (with_(X=[[1, 2], [3]]), ["'X'", "rows differ"]),
        (with_(X=[[1] * 9, [1] * 9]), ["'X'", "1-8"]),
        (with_(X=[[1, 101, 0], [0, 1, 1]]), ["'X'", "-100 and 100"]),
        (with_(X=[[1, True, 0], [0, 1, 1]]), ["'X'"]),
        (with_(W_q=[[1, 0, 0], [0, 1, 0]]), ["'W_q'", "2 columns", "column layout", "a row of X", "got 3"]),
        (with_(W_k=[[1, 1], [0, 1], [1, 1]]), ["'W_k'", "2 x 2", "like W_q", "got 3 x 2"]),
        (with_(W_v=[[1], [1]]), ["'W_v'", "2 columns", "got 1"]),
        (with_(W=[[1, 0, 1]]), ["'W'", "2 columns", "got 3"]),
        (with_(W=[[1, 0]], W_q=[[1, 0], [0, 1]]), ["'W_q'", "1 columns", "a row of H"]),
        (with_(W_o=[[1, 0, 1]]), ["'W_o'", "2 columns", "a row of V"]),
        (with_(heads=3), ["'heads'", "divide", "d = 2", "d_v = 2", "got 3"]),
        (with_(heads=0), ["'heads'", "1-4"]),
        (with_(heads="two"), ["'heads'"]),
        (with_(d=4), ["'d'", "the 2 rows of W_q", "got 4"]),
        (with_(layout="diagonal"), ["'layout'", "column", "row"]),
        (
            with_(layout="row", X=[[1, 0], [0, 1], [1, 1]], W_q=[[1, 0], [0, 1], [1, 1]]),
            ["'W_q'", "2 rows", "row layout", "a column of X", "got 3"],
        ),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        (with_(W_q=[[1, 0, 0], [0, 1, 0]]), ["参数 'W_q'", "按列布局", "2 列", "X 的各行"]),
        (with_(heads=3), ["参数 'heads'", "整除"]),
        (with_(layout="diagonal"), ["参数 'layout'"]),
        (with_(W_v=None), ["缺少参数", "W_v"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


# --- the texts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_the_sheet_speaks_the_course_chinese(difficulty):
    problem = generated_all(TOPIC, difficulty, SEEDS)[1]
    zh = re.sub(r"\s+", "", render([problem], "text", solutions=True, lang="zh"))
    terms = ["自注意力（Q、K、V投影）", "词元", "查询", "键", "值", "注意力得分", "注意力权重", "softmax"]
    if difficulty == "hard":
        terms += ["嵌入", "个头", "拼接", "输出投影", "多头注意力层的参数量"]
    for term in terms:
        assert term in zh, term
    en = render([problem], "text", solutions=True, lang="en")
    assert "note 003" in en if problem.params.layout == "column" else "PyTorch" in en
    for ascii_maths in ("sqrt(", "K^T", "d_k", "W_q*", "a_1", "A'"):
        assert ascii_maths not in en, ascii_maths
