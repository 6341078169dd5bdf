"""cnn_output: shapes checked by plain integer arithmetic and by really running the
layers with numpy (sliding windows over a padded array), parameters by counting
the elements of weight and bias arrays of the right shapes."""

from fractions import Fraction

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from exercises.core import registry
from exercises.core.errors import ParamError
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated

TOPIC = "cnn_output"


def resolved(layer: dict) -> tuple:
    """(kind, F, S, P, D, K) with the defaults and padding words written out."""
    f = layer["kernel"]
    d = layer.get("dilation", 1)
    s = layer.get("stride", 1 if layer["type"] == "conv" else f)
    p = layer.get("padding", 0)
    if p == "valid":
        p = 0
    elif p == "same":
        assert s == 1 and (d * (f - 1)) % 2 == 0
        p = d * (f - 1) // 2
    return layer["type"], f, s, p, d, layer.get("filters")


def integer_shapes(raw: dict) -> list[list[int]]:
    h, w, c = raw["input"]
    out = []
    for layer in raw["layers"]:
        kind, f, s, p, d, k = resolved(layer)
        h = (h + 2 * p - d * (f - 1) - 1) // s + 1
        w = (w + 2 * p - d * (f - 1) - 1) // s + 1
        c = k if kind == "conv" else c
        out.append([h, w, c])
    return out


def run_layers(raw: dict, rng) -> tuple[list[list[int]], int]:
    """Push a random array through the layers; the shapes that come out, and the parameter count."""
    x = rng.standard_normal(raw["input"]).astype(np.float32)
    shapes, count = [], 0
    for layer in raw["layers"]:
        kind, f, s, p, d, k = resolved(layer)
        padded = np.pad(x, ((p, p), (p, p), (0, 0)))
        extent = d * (f - 1) + 1
        windows = sliding_window_view(padded, (extent, extent), axis=(0, 1))[::s, ::s, :, ::d, ::d]
        assert windows.shape[-2:] == (f, f)
        if kind == "conv":
            weights = rng.standard_normal((k, x.shape[2], f, f)).astype(np.float32)
            bias = np.zeros(k, dtype=np.float32)
            x = np.tensordot(windows, weights, axes=([2, 3, 4], [1, 2, 3])) + bias
            count += weights.size + bias.size
        else:
            x = windows.max(axis=(3, 4))
        shapes.append(list(x.shape))
    return shapes, count


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_generated_problems_match_numpy(difficulty, seeds):
    rng = np.random.default_rng(0)
    for seed in seeds:
        problem = generated(TOPIC, difficulty, seed)
        raw = problem.params.to_json()
        where = f"{TOPIC}:{difficulty}#{seed} {raw}"
        by_hand = integer_shapes(raw)
        by_numpy, count = run_layers(raw, rng)
        assert by_hand == by_numpy, where
        assert problem.answer("shapes").value == by_numpy, where
        assert problem.answer("output_shape").value == by_numpy[-1], where
        assert problem.answer("params").value == count, where


def test_generators_cover_what_the_difficulty_promises():
    easy = [generated(TOPIC, "easy", s).params.to_json() for s in SEEDS]
    assert all(1 <= len(r["layers"]) <= 2 for r in easy)
    for raw in easy:  # sizes divide evenly on easy
        h = raw["input"][0]
        for layer in raw["layers"]:
            _, f, s, p, d, _ = resolved(layer)
            assert (h + 2 * p - d * (f - 1) - 1) % s == 0, raw
            h = (h + 2 * p - d * (f - 1) - 1) // s + 1
    hard = [generated(TOPIC, "hard", s).params.to_json() for s in SEEDS]
    assert all(3 <= len(r["layers"]) <= 4 for r in hard)
    assert all(any(layer.get("dilation", 1) > 1 for layer in r["layers"]) for r in hard)
    assert any(r["input"][0] != r["input"][1] for r in hard)


def test_lenet5():
    raw = {
        "input": [32, 32, 1],
        "layers": [
            {"type": "conv", "kernel": 5, "filters": 6},
            {"type": "pool", "kernel": 2},
            {"type": "conv", "kernel": 5, "filters": 16},
            {"type": "pool", "kernel": 2, "stride": 2},
        ],
    }
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("shapes").value == [[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16]]
    assert problem.answer("output_shape").value == [5, 5, 16]
    assert problem.answer("params").value == 156 + 2416  # (5·5·1+1)·6 + (5·5·6+1)·16
    assert run_layers(raw, np.random.default_rng(1)) == (problem.answer("shapes").value, 2572)


def test_alexnet_first_layer():
    raw = {"input": [227, 227, 3], "layers": [{"type": "conv", "kernel": 11, "stride": 4, "filters": 96}]}
    problem = registry.from_params(TOPIC, raw)
    assert problem.answer("output_shape").value == [55, 55, 96]  # (227 - 11)/4 + 1
    assert problem.answer("params").value == 34944  # (11·11·3 + 1)·96


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
    assert run_layers(raw, np.random.default_rng(2))[0] == expected
    # floors that round: (10 + 2 - 3)/2 = 4.5 -> 4, + 1 = 5
    raw = {"input": [10, 10, 3], "layers": [{"type": "conv", "kernel": 3, "stride": 2, "padding": 1, "filters": 2}]}
    assert registry.from_params(TOPIC, raw).answer("output_shape").value == [5, 5, 2]
    assert registry.from_params(TOPIC, raw).params.to_json() == raw
    # JSON decimals arrive as exact fractions (json.loads(parse_float=Fraction)): 2.0 is 2
    raw["layers"][0]["padding"] = Fraction(2)
    assert registry.from_params(TOPIC, raw).answer("output_shape").value == [6, 6, 2]


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
    no_padding = {"input": [32, 32, 3], "layers": [{"type": "conv", "kernel": 5, "filters": 8}]}
    assert "ignored_padding" not in {m.name for m in registry.from_params(TOPIC, no_padding).mistakes}


CONV = {"type": "conv", "kernel": 3, "filters": 4}


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
        ({"input": [8, 8, 1], "layers": [CONV] * 9}, ["layers"]),
        ({"input": [8, 8, 1], "layers": CONV}, ["layers"]),
        ({"input": [8, 8, 1], "layers": [CONV, 3]}, ["layer 2"]),
        (
            {"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "kernel": 3, "filters": 2, "strides": 2}]},
            ["layer 2", "strides"],
        ),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "filters": 2}]}, ["layer 2", "kernel"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"type": "conv", "kernel": 3}]}, ["layer 2", "filters"]),
        ({"input": [8, 8, 1], "layers": [CONV, {"kernel": 3}]}, ["layer 2", "type"]),
        ({"input": [8, 8, 1], "layers": [{"type": "dense", "kernel": 3}]}, ["layer 1", "type"]),
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
        ({"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 0}]}, ["layer 1", "filters"]),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": -1}]},
            ["layer 1", "padding"],
        ),
        (
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 3, "filters": 2, "padding": "full"}]},
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
            {"input": [8, 8, 1], "layers": [{"type": "conv", "kernel": 4, "filters": 2, "padding": "same"}]},
            ["layer 1", "same"],
        ),
        (
            {"input": [7, 7, 1], "layers": [CONV, {"type": "conv", "kernel": 7, "filters": 2}]},
            ["at layer 2 the 7x7 kernel is larger than the padded 5x5 input"],
        ),
        (
            {"input": [5, 9, 1], "layers": [{"type": "conv", "kernel": 3, "dilation": 3, "filters": 2}]},
            ["layer 1", "7x7", "5x9"],
        ),
    ],
)
def test_bad_parameters_are_one_clear_sentence(raw, words):
    with pytest.raises(ParamError) as caught:
        registry.from_params(TOPIC, raw)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert message.replace("e.g. ", "").count(". ") == 0 and message.endswith("."), message
