"""transposed_conv against torch (float64): the output size and every output value by
torch.nn.functional.conv_transpose2d, the matrix C of the convolution built column by column
from torch.nn.functional.conv2d on basis images (and Cᵀ·x checked against conv_transpose2d),
the parameter count by torch.nn.ConvTranspose2d; the named mistakes by the same torch calls
done wrong on purpose; the syllabus's canonical instance, d2l's published example, bad
parameters and a homework typed on the command line."""

import json
import re

import numpy as np
import pytest
import torch
from click.testing import CliRunner
from torch.nn.functional import conv2d, conv_transpose2d

from exercises.core import registry
from exercises.core.lang import using
from grader.practice.answers import parse_answer
from grader.practice.verdicts import CORRECT, WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "transposed_conv"
CJK = re.compile(r"[\u3400-\u9fff]")


def table(value, fill=1.0) -> torch.Tensor:
    """A matrix as a float64 tensor; a size N alone as an N x N tensor of `fill`."""
    if isinstance(value, list):
        return torch.tensor(value, dtype=torch.float64)
    return torch.full((value, value), fill, dtype=torch.float64)


def settings(raw: dict) -> dict:
    return {"stride": raw["stride"], "padding": raw["padding"], "output_padding": raw["output_padding"]}


def transposed(raw: dict, kernel: torch.Tensor | None = None) -> torch.Tensor:
    """conv_transpose2d of the input with the kernel (or another kernel), one channel each."""
    x, k = table(raw["input"]), table(raw["kernel"]) if kernel is None else kernel
    return conv_transpose2d(x[None, None], k[None, None], **settings(raw))[0, 0]


def conv_matrix(raw: dict, m: int) -> torch.Tensor:
    """C: column q is the convolution (same kernel, stride and padding; no output padding)
    of the q-th basis image of M x M, flattened row by row."""
    k = table(raw["kernel"], fill=0.5)
    basis = torch.eye(m * m, dtype=torch.float64).reshape(m * m, 1, m, m)
    images = conv2d(basis, k[None, None], stride=raw["stride"], padding=raw["padding"])
    return images.reshape(m * m, -1).T


def parameter_count(raw: dict, bias: bool = True) -> int:
    f = raw["kernel"] if isinstance(raw["kernel"], int) else len(raw["kernel"])
    layer = torch.nn.ConvTranspose2d(raw["in_channels"], raw["out_channels"], f, bias=bias, **settings(raw))
    return sum(p.numel() for p in layer.parameters())


def oracle(raw: dict) -> dict:
    """Every answer the problem asks, by torch alone."""
    out = transposed(raw)
    m = out.shape[-1]
    assert out.shape == (m, m)
    c = conv_matrix(raw, m)
    n = table(raw["input"]).shape[0]
    assert c.shape[0] == n * n  # the convolution takes M x M back to N x N
    # Cᵀ·x is the transposed convolution (with the kernel C was built with)
    x = table(raw["input"])
    again = (c.T @ x.reshape(-1)).reshape(m, m)
    assert torch.allclose(again, transposed(raw, table(raw["kernel"], fill=0.5)), atol=1e-9)
    expected = {"output_size": m}
    if isinstance(raw["input"], list) and isinstance(raw["kernel"], list):
        expected["output"] = out.numpy()
    expected["matrix_shapes"] = [list(c.shape), list(c.T.shape)]
    if "in_channels" in raw:
        expected["params"] = parameter_count(raw)
    return expected


def answers(problem) -> dict:
    return {a.name: a.value for a in problem.solution.answers}


# --- every generated problem ----------------------------------------------------------------


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = oracle(raw)
        names = ["output_size", "output", "matrix_shapes"] + (["params"] if difficulty == "hard" else [])
        assert [a.name for a in problem.solution.answers] == names, problem.id
        matches(problem, expected)
        assert all(a.check.exact for a in problem.solution.answers), problem.id


def test_generated_parameters_fit_the_difficulty():
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            x, k = np.array(raw["input"]), np.array(raw["kernel"])
            n, f = len(x), len(k)
            s, p, op = raw["stride"], raw["padding"], raw["output_padding"]
            assert x.shape == (n, n) and k.shape == (f, f)
            assert np.count_nonzero(k == 0) <= f * f // 4, problem.id
            assert np.all(x != 0), problem.id
            if difficulty == "easy":
                assert (n, f, s, p, op) == (2, 2, 1, 0, 0)
                assert set(x.flat) <= {1, 2, 3, 4, 5} and len(set(x.flat)) == 4, problem.id
                assert set(k.flat) <= {-1, 0, 1, 2}
                assert "in_channels" not in raw
            elif difficulty == "medium":
                assert n in (2, 3) and f in (2, 3) and (s, p, op) == (2, 0, 0)
                assert set(x.flat) <= {-2, -1, 1, 2, 3} and set(k.flat) <= {-1, 0, 1, 2}
                assert "in_channels" not in raw
            else:
                assert (n, f, s) == (3, 3, 2) and p in (0, 1) and op in (0, 1) and (p, op) != (0, 0)
                assert set(x.flat) <= {-3, -2, -1, 1, 2, 3} and set(k.flat) <= {-2, -1, 0, 1, 2}
                assert raw["in_channels"] > raw["out_channels"] >= 3
            # the rotated kernel changes the output (the generator redraws otherwise)
            assert not torch.equal(transposed(raw), transposed(raw, table(raw["kernel"]).flip(0, 1))), problem.id
    hard = [problem.params.to_json() for problem in generated_all(TOPIC, "hard", SEEDS)]
    assert {(r["padding"], r["output_padding"]) for r in hard} == {(0, 1), (1, 0), (1, 1)}
    medium = [problem.params.to_json() for problem in generated_all(TOPIC, "medium", SEEDS)]
    assert {(len(r["input"]), len(r["kernel"])) for r in medium} == {(2, 2), (2, 3), (3, 2), (3, 3)}


# --- the syllabus's canonical instance and d2l's example -------------------------------------

X, K = [[1, 2], [3, 4]], [[1, 0], [2, 1]]


def solved(**raw):
    return registry.from_params(TOPIC, raw)


def test_canonical_instance_stride_1():
    problem = solved(input=X, kernel=K)
    assert answers(problem) == {
        "output_size": 3,
        "output": [[1, 2, 0], [5, 9, 2], [6, 11, 4]],
        "matrix_shapes": [[4, 9], [9, 4]],
    }
    matches(problem, oracle(problem.params.to_json()))


def test_canonical_instance_stride_2():
    problem = solved(input=X, kernel=K, stride=2)
    assert answers(problem) == {
        "output_size": 4,
        "output": [[1, 0, 2, 0], [2, 1, 4, 2], [3, 0, 4, 0], [6, 3, 8, 4]],
        "matrix_shapes": [[4, 16], [16, 4]],
    }
    # F = S: the blocks tile the output without overlapping, so pasting equals adding
    assert "overlaps_not_summed" not in {m.name for m in problem.mistakes}
    matches(problem, oracle(problem.params.to_json()))


def test_canonical_matrix_view():
    """A 4x4 input and a 3x3 kernel give 2x2: C is 4 x 16, and a 2x2 input through the
    transposed convolution gives 4x4, as Cᵀ·z."""
    problem = solved(input=[[1, -1], [2, 3]], kernel=[[1, 2, 0], [0, 1, -1], [2, 0, 1]])
    assert problem.answer("output_size").value == 4
    assert problem.answer("matrix_shapes").value == [[4, 16], [16, 4]]
    matches(problem, oracle(problem.params.to_json()))


@pytest.mark.parametrize(
    "raw, size",
    [
        ({"input": 3, "kernel": 3, "padding": 1, "stride": 2}, 5),
        ({"input": 3, "kernel": 3, "padding": 1, "stride": 2, "output_padding": 1}, 6),
        ({"input": 7, "kernel": 4, "padding": 1, "stride": 2}, 14),
    ],
)
def test_canonical_sizes(raw, size):
    problem = registry.from_params(TOPIC, raw)
    n = raw["input"]
    assert answers(problem) == {"output_size": size, "matrix_shapes": [[n * n, size * size], [size * size, n * n]]}
    matches(problem, oracle(problem.params.to_json()))


def test_d2l_example():
    """Dive into Deep Learning, 14.10 (transposed convolution): X = K = [[0, 1], [2, 3]]."""
    assert solved(input=[[0, 1], [2, 3]], kernel=[[0, 1], [2, 3]]).answer("output").value == [
        [0, 0, 1],
        [0, 4, 6],
        [4, 12, 9],
    ]
    assert solved(input=[[0, 1], [2, 3]], kernel=[[0, 1], [2, 3]], stride=2).answer("output").value == [
        [0, 0, 0, 1],
        [0, 0, 2, 3],
        [0, 2, 0, 3],
        [4, 6, 6, 9],
    ]


def test_output_padding_adds_zeros_beyond_the_full_output():
    """P = 0, P_out = 1: the last row and column lie beyond the blocks (torch gives zeros)."""
    problem = solved(input=X, kernel=K, stride=2, output_padding=1)
    assert problem.answer("output_size").value == 5
    output = np.array(problem.answer("output").value)
    assert not output[-1].any() and not output[:, -1].any()
    assert output[:4, :4].tolist() == [[1, 0, 2, 0], [2, 1, 4, 2], [3, 0, 4, 0], [6, 3, 8, 4]]
    matches(problem, oracle(problem.params.to_json()))


def test_decimals_are_exact_and_checked_to_three_decimals():
    problem = solved(input=[[0.5, 2], [3, 4]], kernel=[[1, 0], [2, 1.5]], padding=0)
    matches(problem, oracle(problem.params.to_json()))
    output = problem.answer("output")
    assert output.check.abs_tol == 0.001 and not output.check.exact
    assert output.value[1][1] == 8.75  # 0.5·1.5 + 2·2 + 3·0 + 4·1


def test_parameter_count_of_a_layer():
    # ConvTranspose2d(6, 3, 5): 6·3·5² + 3 = 453 by hand
    problem = solved(input=2, kernel=5, in_channels=6, out_channels=3)
    assert problem.answer("params").value == 453 == parameter_count(problem.params.to_json())


# --- the mistakes ------------------------------------------------------------------------------


def pasted(raw: dict) -> np.ndarray:
    """The output with each block x_ij·K pasted over the earlier ones (reading order) instead of
    added, then the padding removed (zeros beyond the edge for the output padding)."""
    x, k = np.array(raw["input"], dtype=float), np.array(raw["kernel"], dtype=float)
    n, f, s, p, op = len(x), len(k), raw["stride"], raw["padding"], raw["output_padding"]
    size = (n - 1) * s + f
    full = np.zeros((size + op, size + op))
    for i in range(n):
        for j in range(n):
            full[i * s : i * s + f, j * s : j * s + f] = x[i, j] * k
    m = size - 2 * p + op
    return full[p : p + m, p : p + m]


def wrong_answers(raw: dict) -> dict:
    """Each mistake's answers, by torch done wrong on purpose (or by the wrong formula)."""
    n = table(raw["input"]).shape[0]
    f = table(raw["kernel"]).shape[0]
    s, p, op = raw["stride"], raw["padding"], raw["output_padding"]
    m = transposed(raw).shape[-1]

    def sizes(wrong):
        out = {"output_size": wrong}
        if wrong >= 1:
            out["matrix_shapes"] = [[n * n, wrong**2], [wrong**2, n * n]]
        return out

    wrong = {
        "used_conv_formula": sizes((n + 2 * p - f) // s + 1),
        "n_times_s": sizes(n * s - 2 * p + f + op),
        "padding_added": sizes((n - 1) * s + 2 * p + f + op),
        "matrix_shapes_swapped": {"matrix_shapes": [[m * m, n * n], [n * n, m * m]]},
    }
    if isinstance(raw["input"], list) and isinstance(raw["kernel"], list):
        wrong["kernel_flipped"] = {"output": transposed(raw, table(raw["kernel"]).flip(0, 1)).numpy()}
        wrong["overlaps_not_summed"] = {"output": pasted(raw)}
    if "in_channels" in raw:
        wrong["params_without_bias"] = {"params": parameter_count(raw, bias=False)}
    return wrong


def moved(problem, answers_: dict) -> dict:
    """The answers a mistake changes."""
    right = {a.name: a.value for a in problem.solution.answers}
    return {
        name: value
        for name, value in answers_.items()
        if np.shape(value) != np.shape(right[name]) or not np.array_equal(np.array(value), np.array(right[name]))
    }


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        expected = {name: moved(problem, a) for name, a in wrong_answers(raw).items()}
        expected = {name: a for name, a in expected.items() if a}
        declared = {m.name: m.answers for m in problem.mistakes}
        assert set(declared) == set(expected), (problem.id, set(declared) ^ set(expected))
        for name, answers_ in declared.items():
            assert set(answers_) == set(expected[name]), (problem.id, name)
            for answer, value in answers_.items():
                assert np.array_equal(np.array(value), np.array(expected[name][answer])), (problem.id, name, answer)
        # on every difficulty the size and shape mistakes show; on easy and hard the overlaps too
        assert {"used_conv_formula", "n_times_s", "kernel_flipped", "matrix_shapes_swapped"} <= set(declared)
        if difficulty != "medium" or len(raw["kernel"]) > raw["stride"]:
            assert "overlaps_not_summed" in declared, problem.id
        if raw["padding"]:
            assert "padding_added" in declared, problem.id


def typed(problem, name: str, text: str):
    answer = problem.answer(name)
    return judge(problem, answer, parse_answer(text).value)


def test_typed_mistakes_are_named():
    problem = solved(input=X, kernel=K, stride=2, padding=1, output_padding=1)
    # M = (2 - 1)·2 - 2 + 2 + 1 = 3: the full 4x4 output without its first row and column
    assert answers(problem)["output"] == [[1, 4, 2], [0, 4, 0], [3, 8, 4]]
    assert typed(problem, "output_size", "3").kind == CORRECT
    assert typed(problem, "output", "1 4 2; 0 4 0; 3 8 4").kind == CORRECT
    for text, name in (
        ("2", "used_conv_formula"),  # ⌊(2 + 2 - 2)/2⌋ + 1
        ("5", "n_times_s"),  # 2·2 - 2 + 2 + 1
        ("7", "padding_added"),  # 2 + 2 + 2 + 1
    ):
        verdict = typed(problem, "output_size", text)
        assert verdict.kind == WRONG and verdict.mistake.name == name, (text, verdict)
    # K rotated by 180°, [[1, 2], [0, 1]]: full output [[1,2,2,4],[0,1,0,2],[3,6,4,8],[0,3,0,4]]
    verdict = typed(problem, "output", "1 0 2; 6 4 8; 3 0 4")
    assert verdict.kind == WRONG and verdict.mistake.name == "kernel_flipped"
    assert "180" in str(verdict.message)
    verdict = typed(problem, "matrix_shapes", "[[9, 4], [4, 9]]")
    assert verdict.kind == WRONG and verdict.mistake.name == "matrix_shapes_swapped"


def test_overlaps_pasted_over_each_other_are_named():
    problem = solved(input=X, kernel=K)  # stride 1: the middle entry has four blocks
    # pasted in reading order, each block overwrites the earlier ones: the middle entry is 4·1
    verdict = typed(problem, "output", "1 2 0; 3 4 0; 6 8 4")
    assert verdict.kind == WRONG and verdict.mistake.name == "overlaps_not_summed"
    assert judge(problem, problem.answer("output"), pasted(problem.params.to_json()).tolist()).kind == WRONG


def test_biases_forgotten_are_named():
    problem = solved(input=4, kernel=4, stride=2, padding=1, in_channels=128, out_channels=64)
    verdict = typed(problem, "params", str(128 * 64 * 16))
    assert verdict.kind == WRONG and verdict.mistake.name == "params_without_bias"
    assert typed(problem, "params", "131136").kind == CORRECT


def test_mistakes_read_in_chinese():
    problem = registry.generate(TOPIC, "hard", 5)
    with using("zh"):
        for mistake in problem.mistakes:
            assert CJK.search(str(mistake.message)), mistake.name
        labels = registry.family(TOPIC).MISTAKE_NAMES
        assert all(CJK.search(str(label)) for label in labels.values())


# --- parameters the user types -----------------------------------------------------------------


def with_(**changes):
    return {"input": X, "kernel": K, "stride": 2} | changes


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"input": X}, ["missing", "kernel"]),
        (with_(strides=2), ["unknown", "'strides'", "did you mean 'stride'"]),
        (with_(input=[[1, 2, 3], [4, 5, 6]]), ["'input'", "square", "2 rows of 3"]),
        (with_(kernel=[[1, 2], [3]]), ["'kernel'", "rows differ"]),
        (with_(input=[1, 2, 3, 4]), ["'input'", "N x N matrix"]),
        (with_(input=[[1] * 7] * 7), ["'input'", "7 rows", "6", "size"]),
        (with_(kernel=[[1, 0], [2, 500]]), ["'kernel'", "100", "500"]),
        (with_(kernel=[[1, 0], [2, "x"]]), ["'kernel'"]),
        (with_(input=0), ["'input'", "got 0"]),
        (with_(input=2.5), ["'input'"]),
        (with_(input=True), ["'input'"]),
        (with_(input=1001), ["'input'", "1-1000"]),
        (with_(kernel=16), ["'kernel'", "1-15"]),
        (with_(stride=0), ["'stride'", "1-10", "got 0"]),
        (with_(stride=1.5), ["'stride'"]),
        (with_(padding=-1), ["'padding'"]),
        (with_(output_padding=2), ["'output_padding'", "smaller than the stride", "at most 1", "got 2"]),
        (with_(stride=1, output_padding=1), ["'output_padding'", "at most 0"]),
        ({"input": 3, "kernel": 3, "padding": 5}, ["'padding'", "whole output", "-5", "at most 2"]),
        (with_(in_channels=3), ["'in_channels'", "'out_channels'", "both"]),
        (with_(out_channels=3), ["'out_channels'", "'in_channels'"]),
        (with_(in_channels=0, out_channels=3), ["'in_channels'", "1-4096"]),
        (with_(in_channels=3, out_channels=5000), ["'out_channels'"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        (with_(input=[[1, 2, 3], [4, 5, 6]]), ["参数 'input'", "方阵"]),
        (with_(output_padding=2), ["参数 'output_padding'", "步长"]),
        ({"input": 3, "kernel": 3, "padding": 5}, ["参数 'padding'", "至多为 2"]),
        (with_(in_channels=3), ["参数 'in_channels'", "'out_channels'"]),
        (with_(input=[[1] * 7] * 7), ["参数 'input'", "7 行"]),
        (with_(stride=0), ["参数 'stride'", "步长"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    message = refused(TOPIC, raw, words, lang="zh")
    assert CJK.search(message)


def test_parameters_round_trip():
    for raw in (with_(padding=1, output_padding=1), {"input": 7, "kernel": 4, "in_channels": 8, "out_channels": 4}):
        params = registry.family(TOPIC).Params.from_json(raw)
        assert type(params).from_json(params.to_json()) == params
    assert registry.family(TOPIC).Params.from_json({"input": 7, "kernel": 4}).to_json() == {
        "input": 7,
        "kernel": 4,
        "stride": 1,
        "padding": 0,
        "output_padding": 0,
    }


def test_a_homework_typed_on_the_command_line():
    """A DCGAN-style layer (kernel 4, stride 2, padding 1 doubles the size) with its numbers,
    as a student types them: a 3x3 input, quoted numbers, a Chinese input method's comma."""
    result = CliRunner().invoke(
        main,
        [
            "solve",
            TOPIC,
            "-p",
            "input=[[1, 0, -1], [2, 1, 0], [0，1, 1]]",
            "-p",
            "kernel=[[1, 2, 0, 1], [0, 1, 1, 0], [1, 0, 2, 1], [0, 1, 0, 1]]",
            "-p",
            "stride=2",
            "-p",
            "padding=1",
            "-p",
            'in_channels="128"',
            "-p",
            "out_channels=64",
            "--format",
            "json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    got = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    raw = {
        "input": [[1, 0, -1], [2, 1, 0], [0, 1, 1]],
        "kernel": [[1, 2, 0, 1], [0, 1, 1, 0], [1, 0, 2, 1], [0, 1, 0, 1]],
        "stride": 2,
        "padding": 1,
        "output_padding": 0,
        "in_channels": 128,
        "out_channels": 64,
    }
    expected = oracle(raw)
    assert got["output_size"] == 6 == expected["output_size"]  # 2·3
    assert np.array_equal(np.array(got["output"]), expected["output"])
    assert got["matrix_shapes"] == [[9, 36], [36, 9]] == expected["matrix_shapes"]
    assert got["params"] == 128 * 64 * 16 + 64 == expected["params"]


def test_the_problem_speaks_the_course_chinese():
    problem = registry.generate(TOPIC, "hard", 3)
    solution = problem.solution
    texts = [*solution.question.parts, *(s.title for s in solution.steps), *(s.note for s in solution.steps)]
    texts += [a.label for a in solution.answers]
    with using("zh"):
        zh = "".join(str(text) for text in texts if not hasattr(text, "expr"))
    for term in ("转置卷积", "卷积核", "步长", "填充", "输出填充", "输入通道", "输出通道", "偏置", "参数量", "矩阵"):
        assert term in zh, term
    assert not re.search(r"\b(Output|Block|padding|kernel|Matrix|rows|columns)\b", zh)
