"""cnn_output: shapes checked by plain integer arithmetic and by really running the
layers with numpy (sliding windows over a padded array, a reshape for flatten, a
matrix product for dense), parameters by counting the elements of weight and bias
arrays of the right shapes (PyTorch's Conv2d / MaxPool2d / Flatten / Linear semantics;
torch itself is not a test dependency)."""

import re
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from numpy.lib.stride_tricks import sliding_window_view

from exercises.core import registry
from exercises.core.errors import ParamError
from exercises.core.lang import using
from exercises.core.model import Lines, Math
from exercises.core.render import question_parts, render, value_text
from grader.practice.answers import parse_answer
from grader.practice.verdicts import CORRECT, WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated, refused

TOPIC = "cnn_output"
CONV = {"type": "conv", "kernel": 3, "filters": 4}
FLATTEN = {"type": "flatten"}
DENSE = {"type": "dense", "units": 10}


def pair(x) -> tuple:
    return tuple(x) if isinstance(x, list) else (x, x)


def resolved(layer: dict) -> tuple:
    """(kind, F, S, P, D, K) of a conv or pool layer, each of F, S, P, D a pair (for H,
    for W), with the defaults and padding words written out."""
    f = pair(layer["kernel"])
    d = pair(layer.get("dilation", 1))
    s = pair(layer.get("stride", 1 if layer["type"] == "conv" else list(f)))
    p = layer.get("padding", 0)
    if p == "valid":
        p = (0, 0)
    elif p == "same":
        assert s == (1, 1) and all(di * (fi - 1) % 2 == 0 for fi, di in zip(f, d))
        p = tuple(di * (fi - 1) // 2 for fi, di in zip(f, d))
    else:
        p = pair(p)
    return layer["type"], f, s, p, d, layer.get("filters")


def integer_shapes(raw: dict) -> list[list[int]]:
    """[H, W, C] after each conv and pool layer, by the formula along each dimension."""
    h, w, c = raw["input"]
    out = []
    for layer in raw["layers"]:
        if layer["type"] in ("flatten", "dense"):
            break
        kind, f, s, p, d, k = resolved(layer)
        h, w = ((n + 2 * p[a] - d[a] * (f[a] - 1) - 1) // s[a] + 1 for a, n in enumerate((h, w)))
        c = k if kind == "conv" else c
        out.append([h, w, c])
    return out


def run_layers(raw: dict, rng) -> dict:
    """Push a random array through the layers: the shapes after the conv and pool layers,
    the length of the flattened vector, and the weight and bias elements of each layer."""
    x = rng.standard_normal(raw["input"]).astype(np.float32)
    out = {"shapes": [], "flatten_size": None, "layer_params": []}
    for layer in raw["layers"]:
        count = 0
        if layer["type"] == "flatten":
            x = x.reshape(-1)
            out["flatten_size"] = x.size
        elif layer["type"] == "dense":
            weights = rng.standard_normal((x.size, layer["units"])).astype(np.float32)
            bias = np.zeros(layer["units"], dtype=np.float32)
            x = x @ weights + bias
            count = weights.size + bias.size
        else:
            kind, f, s, p, d, k = resolved(layer)
            padded = np.pad(x, ((p[0], p[0]), (p[1], p[1]), (0, 0)))
            extent = tuple(di * (fi - 1) + 1 for fi, di in zip(f, d))
            windows = sliding_window_view(padded, extent, axis=(0, 1))[:: s[0], :: s[1], :, :: d[0], :: d[1]]
            assert windows.shape[-2:] == f
            if kind == "conv":
                weights = rng.standard_normal((k, x.shape[2], *f)).astype(np.float32)
                bias = np.zeros(k, dtype=np.float32)
                x = np.tensordot(windows, weights, axes=([2, 3, 4], [1, 2, 3])) + bias
                count = weights.size + bias.size
            else:
                x = windows.max(axis=(3, 4))
            out["shapes"].append(list(x.shape))
        out["layer_params"].append(count)
    out["params"] = sum(out["layer_params"])
    return out


def answers(problem) -> dict:
    return {a.name: a.value for a in problem.solution.answers}


def question_text(problem) -> str:
    """The words of the question, in the language in use."""
    parts = problem.solution.question.parts
    return " ".join(
        " ".join(map(str, p.items)) if isinstance(p, Lines) else str(p) for p in parts if not isinstance(p, Math)
    )


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_match_numpy(difficulty, seeds):
    rng = np.random.default_rng(0)
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        where = f"{TOPIC}:{difficulty}#{seed} {raw}"
        by_numpy = run_layers(raw, rng)
        assert integer_shapes(raw) == by_numpy["shapes"], where
        expected = {"shapes": by_numpy["shapes"]}
        if by_numpy["flatten_size"] is None:
            expected["output_shape"] = by_numpy["shapes"][-1]
        else:
            expected["flatten_size"] = by_numpy["flatten_size"]
        expected |= {"layer_params": by_numpy["layer_params"], "params": by_numpy["params"]}
        assert answers(problem) == expected, where


def spatial(raw: dict) -> list[dict]:
    return [layer for layer in raw["layers"] if layer["type"] in ("conv", "pool")]


def rounds(raw: dict) -> bool:
    """Some (N + 2P - D(F - 1) - 1)/S does not come out even."""
    h, w, _ = raw["input"]
    some = False
    for layer in spatial(raw):
        _, f, s, p, d, _ = resolved(layer)
        tops = [n + 2 * p[a] - d[a] * (f[a] - 1) - 1 for a, n in enumerate((h, w))]
        some |= any(top % s[a] for a, top in enumerate(tops))
        h, w = (top // s[a] + 1 for a, top in enumerate(tops))
    return some


def rectangular(layer: dict) -> bool:
    return any(isinstance(layer.get(key), list) for key in ("kernel", "stride"))


def test_generators_cover_what_the_difficulty_promises():
    easy = [generated(TOPIC, "easy", s).params.to_json() for s in SEEDS]
    assert all(1 <= len(r["layers"]) <= 2 and r["layers"] == spatial(r) for r in easy)
    assert not any(rounds(r) for r in easy)  # sizes divide evenly on easy
    medium = [generated(TOPIC, "medium", s).params.to_json() for s in SEEDS]
    assert all(2 <= len(spatial(r)) <= 3 and rounds(r) for r in medium)
    assert any(r["layers"][-1]["type"] == "dense" for r in medium)
    assert not any(rectangular(layer) for r in medium for layer in r["layers"])
    hard = [generated(TOPIC, "hard", s).params.to_json() for s in SEEDS]
    assert all(3 <= len(spatial(r)) <= 4 and len(r["layers"]) <= 6 and rounds(r) for r in hard)
    assert all(any(layer.get("dilation", 1) != 1 for layer in r["layers"]) for r in hard)
    assert any(r["input"][0] != r["input"][1] for r in hard)
    assert any(isinstance(layer.get("kernel"), list) for r in hard for layer in r["layers"])
    assert any(isinstance(layer.get("stride"), list) for r in hard for layer in r["layers"])
    assert any(r["layers"][-1]["type"] == "dense" for r in hard)
    for r in medium + hard:  # a head is a flatten then 1-2 dense layers, at the end
        kinds = [layer["type"] for layer in r["layers"]]
        head = kinds[len(spatial(r)) :]
        assert head in ([], ["flatten", "dense"], ["flatten", "dense", "dense"]), r


LENET5 = [
    {"type": "conv", "kernel": 5, "filters": 6},
    {"type": "pool", "kernel": 2},
    {"type": "conv", "kernel": 5, "filters": 16},
    {"type": "pool", "kernel": 2, "stride": 2},
    {"type": "flatten"},
    {"type": "dense", "units": 120},
    {"type": "dense", "units": 84},
    {"type": "dense", "units": 10},
]


def test_lenet5():
    problem = registry.from_params(TOPIC, {"input": [32, 32, 1], "layers": LENET5})
    # conv 5x5: 32 - 5 + 1 = 28; pool 2: 28/2 = 14; conv 5x5: 14 - 5 + 1 = 10; pool 2: 10/2 = 5
    assert problem.answer("shapes").value == [[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16]]
    assert problem.answer("flatten_size").value == 400  # 5·5·16
    assert "output_shape" not in answers(problem)
    assert problem.answer("layer_params").value == [
        156,  # (5·5·1 + 1)·6
        0,
        2416,  # (5·5·6 + 1)·16
        0,
        0,
        48120,  # (400 + 1)·120
        10164,  # (120 + 1)·84
        850,  # (84 + 1)·10
    ]
    assert problem.answer("params").value == 61706  # 156 + 2416 + 48120 + 10164 + 850
    assert run_layers({"input": [32, 32, 1], "layers": LENET5}, np.random.default_rng(1)) == {
        "shapes": problem.answer("shapes").value,
        "flatten_size": 400,
        "layer_params": problem.answer("layer_params").value,
        "params": 61706,
    }
    text = question_text(problem)
    assert "flatten" in text and "dense (fully connected) layer with 120 units" in text


def test_lenet5_without_its_head_asks_the_output_shape():
    problem = registry.from_params(TOPIC, {"input": [32, 32, 1], "layers": LENET5[:4]})
    assert problem.answer("output_shape").value == [5, 5, 16]
    assert problem.answer("layer_params").value == [156, 0, 2416, 0]
    assert problem.answer("params").value == 156 + 2416
    assert "flatten_size" not in answers(problem)


def test_ten_layers_are_allowed_and_the_total_adds_them_in_layer_order():
    layers = [CONV] * 6 + [FLATTEN, {"type": "dense", "units": 32}, {"type": "dense", "units": 16}, DENSE]
    problem = registry.from_params(TOPIC, {"input": [20, 20, 3], "layers": layers})
    # 20 - 2·6 = 8: 8·8·4 = 256 features
    assert problem.answer("flatten_size").value == 256
    # (3·3·3 + 1)·4 = 112, then (3·3·4 + 1)·4 = 148; (256 + 1)·32, (32 + 1)·16, (16 + 1)·10
    assert problem.answer("layer_params").value == [112] + [148] * 5 + [0, 8224, 528, 170]
    total = problem.solution.steps[-1]
    assert total.formula.args == tuple(sp.Symbol(f"params_{i}") for i in (1, 2, 3, 4, 5, 6, 8, 9, 10))
    assert total.value == 112 + 5 * 148 + 8224 + 528 + 170


def test_alexnet_first_layer():
    raw = {"input": [227, 227, 3], "layers": [{"type": "conv", "kernel": 11, "stride": 4, "filters": 96}]}
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("output_shape").value == [55, 55, 96]  # (227 - 11)/4 + 1
    assert problem.answer("params").value == 34944  # (11·11·3 + 1)·96
    assert problem.answer("layer_params").value == [34944]


def test_padding_words_dilation_and_non_square_input():
    raw = {
        "input": [7, 10, 2],
        "layers": [
            {"type": "conv", "kernel": 3, "padding": "same", "filters": 4},  # P = 1: 7x10
            {"type": "conv", "kernel": 3, "dilation": 2, "padding": "same", "filters": 5},  # P = 2: 7x10
            {"type": "conv", "kernel": 3, "dilation": 2, "padding": "valid", "filters": 3},  # extent 5: 3x6
            {"type": "pool", "kernel": 2},
        ],
    }  # 1x3
    problem = registry.from_params(TOPIC, raw)
    expected = [[7, 10, 4], [7, 10, 5], [3, 6, 3], [1, 3, 3]]
    assert problem.answer("shapes").value == expected
    assert problem.answer("params").value == (9 * 2 + 1) * 4 + (9 * 4 + 1) * 5 + (9 * 5 + 1) * 3
    assert run_layers(raw, np.random.default_rng(2))["shapes"] == expected
    # floors that round: (10 + 2 - 3)/2 = 4.5 -> 4, + 1 = 5
    raw = {"input": [10, 10, 3], "layers": [{"type": "conv", "kernel": 3, "stride": 2, "padding": 1, "filters": 2}]}
    assert registry.from_params(TOPIC, raw).answer("output_shape").value == [5, 5, 2]
    assert registry.from_params(TOPIC, raw).params.to_json() == raw
    # JSON decimals arrive as exact fractions (json.loads(parse_float=Fraction)): 2.0 is 2
    raw["layers"][0]["padding"] = Fraction(2)
    assert registry.from_params(TOPIC, raw).answer("output_shape").value == [6, 6, 2]


RECTANGULAR = {
    "input": [7, 10, 2],
    "layers": [
        # H: (7 + 2·1 - 1·(3 - 1) - 1)/1 + 1 = 7; W: floor((10 + 0 - 1·(5 - 1) - 1)/2) + 1 = floor(5/2) + 1 = 3
        # parameters (3·5·2 + 1)·4 = 124
        {"type": "conv", "kernel": [3, 5], "stride": [1, 2], "padding": [1, 0], "filters": 4},
        # stride defaults to the kernel (1, 3): H: (7 - 0 - 1)/1 + 1 = 7; W: (3 - 2 - 1)/3 + 1 = 1
        {"type": "pool", "kernel": [1, 3]},
        # 'same' with F = (3, 1), D = (2, 1): P = (2·2/2, 1·0/2) = (2, 0), so 7x1 stays 7x1
        # parameters (3·1·4 + 1)·5 = 65
        {"type": "conv", "kernel": [3, 1], "dilation": [2, 1], "padding": "same", "filters": 5},
        {"type": "flatten"},  # 7·1·5 = 35 features
        {"type": "dense", "units": 3},  # (35 + 1)·3 = 108 parameters
    ],
}


def test_rectangular_kernels_strides_paddings_and_dilations():
    problem = registry.from_params(TOPIC, RECTANGULAR)
    assert problem.answer("shapes").value == [[7, 3, 4], [7, 1, 4], [7, 1, 5]]
    assert problem.answer("flatten_size").value == 35
    assert problem.answer("layer_params").value == [124, 0, 65, 0, 108]
    assert problem.answer("params").value == 297  # 124 + 65 + 108
    assert run_layers(RECTANGULAR, np.random.default_rng(3))["layer_params"] == [124, 0, 65, 0, 108]
    text = question_text(problem)
    assert "Layer 1: convolution with 4 filters of 3x5, stride (1, 2), padding (1, 0)." in text
    assert "Layer 2: pooling 1x3, stride (1, 3), padding 0." in text
    assert "dilation (2, 1)" in text and "padding (2, 0) ('same')" in text
    titles = [str(s.title) for s in problem.solution.steps]
    assert "Height after layer 1 (conv)" in titles and "Width after layer 1 (conv)" in titles
    assert not any("(= width)" in title for title in titles)
    assert not any("W₁ = H₁" in str(s.note) for s in problem.solution.steps)


def test_same_padding_with_a_rectangular_kernel_keeps_the_size():
    raw = {"input": [9, 12, 3], "layers": [{"type": "conv", "kernel": [3, 5], "padding": "same", "filters": 2}]}
    problem = registry.from_params(TOPIC, raw)  # P = ((3 - 1)/2, (5 - 1)/2) = (1, 2)
    assert problem.answer("output_shape").value == [9, 12, 2]
    assert problem.answer("params").value == (3 * 5 * 3 + 1) * 2
    raw["layers"][0]["dilation"] = [1, 2]  # P = (1·2/2, 2·4/2) = (1, 4)
    assert registry.from_params(TOPIC, raw).answer("output_shape").value == [9, 12, 2]
    assert run_layers(raw, np.random.default_rng(4))["shapes"] == [[9, 12, 2]]


def test_width_equals_height_only_when_it_is_true():
    square = {"input": [12, 12, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2}]}
    steps = registry.from_params(TOPIC, square).solution.steps
    assert str(steps[0].title) == "Height (= width) after layer 1 (conv)" and "W₁ = H₁" in str(steps[0].note)
    for layers in (
        [{"type": "conv", "kernel": [1, 3], "filters": 2}],
        [{"type": "pool", "kernel": 2, "stride": [1, 2]}],
    ):
        steps = registry.from_params(TOPIC, {"input": [12, 12, 1], "layers": layers}).solution.steps
        assert [str(s.title) for s in steps[:2]] == [
            "Height after layer 1 (" + layers[0]["type"] + ")",
            "Width after layer 1 (" + layers[0]["type"] + ")",
        ]
        assert not any("width" in str(s.note) for s in steps)


def test_to_json_writes_one_integer_for_equal_pairs_and_round_trips():
    raw = {
        "input": [20, 30, 3],
        "layers": [
            {"type": "conv", "kernel": [3, 3], "stride": [2, 1], "padding": [1, 1], "filters": 8, "dilation": [1, 1]},
            {"type": "pool", "kernel": [2, 3], "padding": [0, 1]},
            {"type": "flatten"},
            {"type": "dense", "units": 16},
        ],
    }
    params = registry.family(TOPIC).Params.from_json(raw)
    assert params.to_json() == {
        "input": [20, 30, 3],
        "layers": [
            {"type": "conv", "kernel": 3, "stride": [2, 1], "padding": 1, "filters": 8},
            {"type": "pool", "kernel": [2, 3], "stride": [2, 3], "padding": [0, 1]},
            {"type": "flatten"},
            {"type": "dense", "units": 16},
        ],
    }
    assert type(params).from_json(params.to_json()) == params
    rectangular = registry.family(TOPIC).Params.from_json(RECTANGULAR)
    assert type(rectangular).from_json(rectangular.to_json()) == rectangular


def test_mistakes_on_a_hand_checked_problem():
    raw = {
        "input": [32, 32, 3],
        "layers": [{"type": "conv", "kernel": 5, "padding": 2, "filters": 8}, {"type": "pool", "kernel": 2}],
    }
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("shapes").value == [[32, 32, 8], [16, 16, 8]]
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert wrong["missing_plus_one"]["output_shape"] == [14, 14, 8]  # 31, then floor((31 - 2)/2)
    assert wrong["ignored_padding"]["output_shape"] == [14, 14, 8]  # 28, then 14
    assert wrong["params_without_bias"]["params"] == 5 * 5 * 3 * 8
    assert wrong["params_without_input_channels"]["params"] == (5 * 5 + 1) * 8
    assert "no_floor" not in wrong and "flatten_without_channels" not in wrong  # every division is even; no head
    no_padding = {"input": [32, 32, 3], "layers": [{"type": "conv", "kernel": 5, "filters": 8}]}
    assert "ignored_padding" not in {m.name for m in registry.from_params(TOPIC, no_padding).mistakes}


HEAD = {
    "input": [10, 10, 3],
    "layers": [
        # floor((10 + 2·2 - 3)/2) + 1 = floor(11/2) + 1 = 6; parameters (3·3·3 + 1)·4 = 112
        {"type": "conv", "kernel": 3, "stride": 2, "padding": 2, "filters": 4},
        {"type": "flatten"},  # 6·6·4 = 144
        {"type": "dense", "units": 10},  # (144 + 1)·10 = 1450
    ],
}


def test_mistakes_on_a_hand_checked_problem_with_a_head():
    problem = registry.from_params(TOPIC, HEAD)
    assert answers(problem) == {
        "shapes": [[6, 6, 4]],
        "flatten_size": 144,
        "layer_params": [112, 0, 1450],
        "params": 1562,
    }
    wrong = {m.name: m.answers for m in problem.mistakes}
    assert wrong == {
        # floor(11/2) = 5: 5·5·4 = 100 features, (100 + 1)·10 = 1010
        "missing_plus_one": {
            "shapes": [[5, 5, 4]],
            "flatten_size": 100,
            "layer_params": [112, 0, 1010],
            "params": 1122,
        },
        # floor((10 - 3)/2) + 1 = 4: 4·4·4 = 64 features, (64 + 1)·10 = 650
        "ignored_padding": {"shapes": [[4, 4, 4]], "flatten_size": 64, "layer_params": [112, 0, 650], "params": 762},
        # 11/2 + 1 = 6.5: 6.5·6.5·4 = 169 features, (169 + 1)·10 = 1700
        "no_floor": {"shapes": [[6.5, 6.5, 4]], "flatten_size": 169, "layer_params": [112, 0, 1700], "params": 1812},
        # 3·3·3·4 = 108 and 144·10 = 1440
        "params_without_bias": {"layer_params": [108, 0, 1440], "params": 1548},
        # (3·3 + 1)·4 = 40
        "params_without_input_channels": {"layer_params": [40, 0, 1450], "params": 1490},
        # 6·6 = 36 features, (36 + 1)·10 = 370
        "flatten_without_channels": {"flatten_size": 36, "layer_params": [112, 0, 370], "params": 482},
    }


def test_typed_answers_of_a_head_are_judged():
    problem = registry.from_params(TOPIC, {"input": [32, 32, 1], "layers": LENET5})
    per_layer, flattened = problem.answer("layer_params"), problem.answer("flatten_size")
    for text in (value_text(per_layer.value), "156 0 2416 0 0 48120 10164 850"):
        assert judge(problem, per_layer, parse_answer(text).value).kind == CORRECT
    assert judge(problem, flattened, parse_answer("400").value).kind == CORRECT
    verdict = judge(problem, flattened, parse_answer("25").value)  # 5·5, the channels forgotten
    assert verdict.kind == WRONG and verdict.mistake.name == "flatten_without_channels"
    head = registry.from_params(TOPIC, HEAD)
    verdict = judge(head, head.answer("shapes"), parse_answer("6.5 6.5 4").value)
    assert verdict.kind == WRONG and verdict.mistake.name == "no_floor"


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"layers": [CONV]}, ["input"]),
        ({"input": [8, 8, 1]}, ["layers"]),
        ({"input": [8, 8, 1], "layers": [CONV], "batch": 4}, ["batch"]),
        ({"input": [8, 8], "layers": [CONV]}, ["input"]),
        ({"input": [8, 0, 1], "layers": [CONV]}, ["input"]),
        ({"input": [8, 8.5, 1], "layers": [CONV]}, ["input"]),
        ({"input": [8, 8, 1], "layers": []}, ["layers"]),
        ({"input": [8, 8, 1], "layers": [CONV] * 11}, ["layers", "1-10"]),
        ({"input": [8, 8, 1], "layers": CONV}, ["layers"]),
        ({"input": [8, 8, 1], "layers": [CONV, 3]}, ["layer 2"]),
        (
            {"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "kernel": 3, "filters": 2, "strides": 2}]},
            ["layer 2", "unknown key 'strides'", "type, kernel, stride, padding, dilation, filters"],
        ),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "filters": 2}]}, ["layer 2", "kernel"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "kernel": 3}]}, ["layer 2", "filters"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"kernel": 3}]}, ["layer 2", "type"]),
        ({"input": [8, 8, 1], "layers": [{"type": "deconv", "kernel": 3}]}, ["layer 1", "type", "dense"]),
        ({"input": [8, 8, 1], "layers": [{"type": ["conv"], "kernel": 3}]}, ["layer 1", "type"]),
        ({"input": [8, 8, 1], "layers": [{"type": "pool", "kernel": 2, "filters": 3}]}, ["layer 1", "filters"]),
        (
            {"input": [8, 8, 1], "layers": [CONV, {"type": "pool", "kernel": 2, "stride": 0}]},
            ["stride must be at least 1 (layer 2)"],
        ),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 0, "filters": 2}]}, ["layer 1", "kernel"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 2.5, "filters": 2}]}, ["layer 1", "kernel"]),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": Fraction(5, 2), "filters": 2}]},
            ["layer 1", "kernel"],
        ),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": True, "filters": 2}]}, ["layer 1", "kernel"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": [3, 3, 3], "filters": 2}]}, ["layer 1", "kernel"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": [3, 0], "filters": 2}]}, ["layer 1", "kernel"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": [3, "a"], "filters": 2}]}, ["layer 1", "kernel"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 0}]}, ["layer 1", "filters"]),
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": [2, 2]}]}, ["layer 1", "filters"]),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": -1}]},
            ["layer 1", "padding"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": "full"}]},
            ["layer 1", "padding"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": ["same", 1]}]},
            ["layer 1", "padding"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "dilation": 0}]},
            ["layer 1", "dilation"],
        ),
        (
            {
                "input": [8, 8, 1],
                "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": "same", "stride": 2}],
            },
            ["layer 1", "same", "stride"],
        ),
        (
            {
                "input": [8, 8, 1],
                "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": "same", "stride": [1, 2]}],
            },
            ["layer 1", "same", "stride (1, 2)"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 4, "filters": 2, "padding": "same"}]},
            ["layer 1", "same"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": [3, 4], "filters": 2, "padding": "same"}]},
            ["layer 1", "same", "3/2", "width"],
        ),
        (
            {"input": [7, 7, 1], "layers": [CONV, {"type": "conv", "kernel": 7, "filters": 2}]},
            ["at layer 2 the 7x7 kernel is larger than the padded 5x5 input"],
        ),
        (
            {"input": [5, 9, 1], "layers": [{"type": "conv", "kernel": 3, "dilation": 3, "filters": 2}]},
            ["layer 1", "7x7", "5x9"],
        ),
        (
            {"input": [6, 11, 1], "layers": [CONV, {"type": "conv", "kernel": [5, 3], "filters": 2}]},
            ["at layer 2 the 5x3 kernel is larger than the padded 4x9 input"],
        ),
        (
            {"input": [6, 11, 1], "layers": [{"type": "pool", "kernel": [2, 3], "dilation": [1, 6]}]},
            ["at layer 1 the 2x3 kernel (dilated to 2x13) is larger than the padded 6x11 input"],
        ),
        # flatten and dense
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "dense", "filters": 10}]}, ["layer 2", "filters", "units"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "dense", "kernel": 3}]}, ["layer 2", "kernel", "units"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, {"type": "dense"}]}, ["layer 3", "units"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, {"type": "dense", "units": 0}]}, ["layer 3", "units"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "flatten", "kernel": 2}]}, ["layer 2", "kernel", "type"]),
        (
            {"input": [8, 8, 1], "layers": [CONV, DENSE]},
            ['layer 2 is dense but its input is 6x6x4; put a {"type": "flatten"} layer before it'],
        ),
        ({"input": [8, 8, 1], "layers": [DENSE]}, ["layer 1 is dense but its input is 8x8x1", "flatten"]),
        ({"input": [8, 8, 1], "layers": [FLATTEN, DENSE]}, ["layer 1", "conv or pool layer before the flatten"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, CONV]}, ["layer 3", "conv", "144 features"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, DENSE, CONV]}, ["layer 4", "conv", "10 features"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, FLATTEN]}, ["layer 3", "second time", "144 features"]),
        ({"input": [8, 8, 1], "layers": [CONV, FLATTEN, DENSE, FLATTEN]}, ["layer 4", "second time"]),
    ],
)
def test_bad_parameters_are_one_clear_sentence(raw, words):
    refused(TOPIC, raw, words)


CJK = re.compile(r"[\u3400-\u9fff]")


def shown_texts(problem) -> str:
    """Question, step titles and notes, answer labels and mistake messages, in the language in use."""
    solution = problem.solution
    parts = [question_text(problem)]
    parts += [str(text) for s in solution.steps for text in (s.title, s.note)]
    parts += [str(a.label) for a in solution.answers] + [str(m.message) for m in problem.mistakes]
    return "\n".join(parts)


def test_lenet5_reads_in_chinese():
    problem = registry.from_params(TOPIC, {"input": [32, 32, 1], "layers": LENET5})
    with using("zh"):
        shown = shown_texts(problem)
    for term in (
        "卷积层",
        "池化层",
        "卷积核",
        "步长",
        "填充",
        "展平",
        "全连接层",
        "神经元",
        "偏置",
        "通道数",
        "特征图",
        "可训练参数",
        "空洞（膨胀）率",
        "第 1 层：卷积层，6 个 5×5 的卷积核，步长 1，填充 0。",
        "第 6 层：全连接层，120 个神经元。",
    ):
        assert term in shown, term
    sheet = render([problem], "text", solutions=True, lang="zh")
    for english in ("Layer", "layer", "convolution", "filter", "dense", "bias", "Height", "Parameters", "Answers"):
        assert english not in sheet, english
    # the English sheet is the same problem, in English
    assert "Layer 6: dense (fully connected) layer with 120 units." in render([problem], "text", solutions=True)
    # prose carries no ASCII mathematics: each formula in a sentence is printed as mathematics
    tex = [text for kind, text in question_parts(problem, "tex", lang="zh") if kind == "para"]
    assert r"\(N\)" in tex[1] and r"\(F\)、\(S\)、\(P\)、\(D\)" in tex[-1]  # tex[0]: the input, before the layers
    with using("zh"):
        notes = " ".join(str(s.note) for s in problem.solution.steps)
        assert "W₁ = H₁" in notes and "D = 1：没有空洞" in notes
        titles = [str(s.title) for s in problem.solution.steps]
        assert "第 1 层的参数量：每个卷积核有 Cᵢₙ⋅F² 个权重和 1 个偏置，共 K 个卷积核" in titles
        assert all(CJK.search(str(m.message)) for m in problem.mistakes)


def test_a_dilated_rectangular_network_reads_in_chinese():
    problem = registry.from_params(TOPIC, RECTANGULAR)
    with using("zh"):
        text = question_text(problem)
        titles = [str(s.title) for s in problem.solution.steps]
    assert "第 3 层：卷积层，5 个 3×1 的卷积核，步长 1，填充 (2, 0)（'same'），空洞率 (2, 1)。" in text
    assert "（成对给出的值，如步长 (1, 2)，依次是高方向和宽方向的值）" in text
    assert "第 3 层的 'same' 填充（高方向）：步长为 1 时输出尺寸不变" in titles
    assert "第 1 层（卷积层）输出的宽度" in titles


@pytest.mark.parametrize(
    "raw, chinese",
    [
        (
            {"input": [8, 8, 1], "layers": [CONV, DENSE]},
            '第 2 层是全连接层，但它的输入是 6×6×4 的特征图；请在它之前加一个 {"type": "flatten"} 层。',
        ),
        (
            {"input": [7, 7, 1], "layers": [CONV, {"type": "conv", "kernel": 7, "filters": 2}]},
            "第 2 层的 7×7 卷积核比填充后 5×5 的输入还大。",
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": [3, 4], "filters": 2, "padding": "same"}]},
            "第 1 层的 'same' 填充在宽方向上每边需要补 P = D⋅(F - 1)/2 = 3/2 个零，不是整数；"
            "请把 'padding' 写成一个整数或一对整数。",
        ),
        (
            {"input": [8, 8, 1], "layers": [CONV, {"type": "pool", "kernel": 2, "stride": 0}]},
            "步长至少为 1（第 2 层），但给出的是 0。",
        ),
    ],
)
def test_a_bad_parameter_is_explained_in_chinese(raw, chinese):
    with pytest.raises(ParamError) as caught:
        registry.from_params(TOPIC, raw)
    english = str(caught.value)
    with using("zh"):
        assert str(caught.value) == chinese
    assert str(caught.value) == english and not CJK.search(english)


def test_parameter_forms_read_in_chinese():
    family = registry.family(TOPIC)
    with using("zh"):
        for form in family.PARAMETERS.values():
            assert CJK.search(str(form)) and "for H" not in str(form)
