"""Output shapes and parameter counts of a stack of convolution and pooling layers.

For each spatial dimension (height H, width W) of a layer with square kernel F,
stride S, padding P and dilation D:

    N_out = floor((N + 2P - D(F - 1) - 1) / S) + 1

and the dilated kernel covers D(F - 1) + 1 input positions, which must fit in the
padded input N + 2P. Padding "valid" is P = 0; padding "same" (stride 1 only) is
P = D(F - 1) / 2. A conv layer with K filters outputs K channels and has

    (F · F · C_in + 1) · K    trainable parameters (weights and one bias per filter);

a pooling layer keeps the channel count and has no parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.model import EXACT, Answer, Math, Mistake, Question, Solution, step

TITLE = "CNN output shapes and parameters"
DESCRIPTION = "Shape after each conv/pool layer (padding, stride, dilation) and the number of trainable parameters."

FORM_INPUT = "a list [H, W, C] of three positive integers (height, width, channels), e.g. [32, 32, 3]"
FORM_LAYERS = (
    "a list of 1-8 layers, each an object such as "
    '{"type": "conv", "kernel": 5, "stride": 1, "padding": 0, "filters": 6} '
    'or {"type": "pool", "kernel": 2, "stride": 2}'
)
PARAMETERS = {"input": FORM_INPUT, "layers": FORM_LAYERS}  # what `mlexam solve cnn_output` takes
KEYS = ("type", "kernel", "stride", "padding", "filters", "dilation")
LIMIT = 100_000

P, F, S, D, K = sp.symbols("P F S D K")
C_IN = sp.Symbol("C_in")


def _dim(name: str, i: int):
    return sp.Symbol(f"{name}_{i}")


@dataclass(frozen=True)
class Layer:
    kind: str  # "conv" or "pool"
    kernel: sp.Integer
    stride: sp.Integer
    padding: sp.Integer  # resolved number of zeros added on each side
    dilation: sp.Integer
    filters: sp.Integer | None = None  # conv only
    padding_word: str = ""  # "same" or "valid" when the user gave a word

    def to_json(self) -> dict:
        out = {
            "type": self.kind,
            "kernel": int(self.kernel),
            "stride": int(self.stride),
            "padding": self.padding_word or int(self.padding),
        }
        if self.kind == "conv":
            out["filters"] = int(self.filters)
        if self.dilation != 1:
            out["dilation"] = int(self.dilation)
        return out

    def describe(self, i: int) -> str:
        f = int(self.kernel)
        what = f"convolution with {self.filters} filters of {f}x{f}" if self.kind == "conv" else f"pooling {f}x{f}"
        padding = f"padding {self.padding}" + (f" ('{self.padding_word}')" if self.padding_word else "")
        dilation = f", dilation {self.dilation}" if self.dilation != 1 else ""
        return f"Layer {i}: {what}, stride {self.stride}, {padding}{dilation}."


def _layer_int(i: int, key: str, value, low: int, form: str) -> sp.Integer:
    if isinstance(value, bool) or not isinstance(value, (int, str, Fraction)):
        raise ParamError(f"'{key}' of layer {i} must be {form}.")
    try:
        x = read.number(key, value, form, integer=True)
    except ParamError:
        raise ParamError(f"'{key}' of layer {i} must be {form}; got {value!r}.") from None
    if key == "stride" and x < 1:
        raise ParamError(f"stride must be at least 1 (layer {i}); got {value}.")
    if not low <= x <= LIMIT:
        raise ParamError(f"'{key}' of layer {i} must be {form}; got {value}.")
    return x


def _read_layer(i: int, raw) -> Layer:
    if not isinstance(raw, dict):
        raise ParamError(f"layer {i} of parameter 'layers' must be an object with keys {', '.join(KEYS)}; got {raw!r}.")
    unknown = [key for key in raw if key not in KEYS]
    if unknown:
        raise ParamError(f"layer {i} has an unknown key '{unknown[0]}'; a layer takes {', '.join(KEYS)}.")
    if "type" not in raw:
        raise ParamError(f'layer {i} is missing \'type\' ("conv" or "pool").')
    kind = raw["type"]
    if kind not in ("conv", "pool"):
        raise ParamError(f'\'type\' of layer {i} must be "conv" or "pool"; got {kind!r}.')
    if "kernel" not in raw:
        raise ParamError(f"layer {i} is missing 'kernel' (the kernel size F, a positive integer).")
    kernel = _layer_int(i, "kernel", raw["kernel"], 1, "a positive integer")
    dilation = _layer_int(i, "dilation", raw.get("dilation", 1), 1, "a positive integer")
    stride = _layer_int(i, "stride", raw.get("stride", 1 if kind == "conv" else int(kernel)), 1, "a positive integer")
    filters = None
    if kind == "conv":
        if "filters" not in raw:
            raise ParamError(f"layer {i} is missing 'filters' (the number of conv filters, a positive integer).")
        filters = _layer_int(i, "filters", raw["filters"], 1, "a positive integer")
    elif "filters" in raw:
        raise ParamError(f"layer {i} is a pool layer and takes no 'filters' (pooling keeps the channels).")
    padding, word = raw.get("padding", 0), ""
    if padding == "valid":
        padding, word = sp.Integer(0), "valid"
    elif padding == "same":
        word = "same"
        if stride != 1:
            raise ParamError(f"padding 'same' of layer {i} needs stride 1; got stride {stride}.")
        extent = dilation * (kernel - 1)
        if extent % 2:
            raise ParamError(
                f"padding 'same' of layer {i} would need P = D(F-1)/2 = {extent}/2 zeros "
                f"on each side, which is not a whole number; give 'padding' as an integer."
            )
        padding = extent / 2
    else:
        padding = _layer_int(i, "padding", padding, 0, 'a non-negative integer, "valid" or "same"')
    return Layer(kind, kernel, stride, sp.Integer(padding), dilation, filters, word)


@dataclass(frozen=True)
class Params:
    input: tuple[sp.Integer, sp.Integer, sp.Integer]  # H, W, C
    layers: tuple[Layer, ...]

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("input", "layers"))
        shape = read.vector("input", raw["input"], FORM_INPUT, (3, 3), low=1, high=LIMIT, integer=True)
        layers = raw["layers"]
        if not isinstance(layers, list) or not 1 <= len(layers) <= 8:
            raise ParamError(f"parameter 'layers' must be {FORM_LAYERS}.")
        return cls(shape, tuple(_read_layer(i, layer) for i, layer in enumerate(layers, 1)))

    def to_json(self) -> dict:
        return {"input": read.to_json(self.input), "layers": [layer.to_json() for layer in self.layers]}


# ---------------------------------------------------------------- generation


def _out(n: int, layer: Layer, padded: bool = True, plus_one: bool = True) -> int:
    p = int(layer.padding) if padded else 0
    d, f, s = int(layer.dilation), int(layer.kernel), int(layer.stride)
    return (n + 2 * p - d * (f - 1) - 1) // s + int(plus_one)


def _conv(f: int, s: int, p, k: int, d: int = 1) -> Layer:
    word = p if isinstance(p, str) else ""
    pad = d * (f - 1) // 2 if word == "same" else (0 if word == "valid" else p)
    return Layer("conv", sp.Integer(f), sp.Integer(s), sp.Integer(pad), sp.Integer(d), sp.Integer(k), word)


def _pool(f: int, s: int, p: int = 0) -> Layer:
    return Layer("pool", sp.Integer(f), sp.Integer(s), sp.Integer(p), sp.Integer(1))


def _fits(shape, layers) -> tuple[bool, bool]:
    """(every kernel fits its padded input, some floor actually rounds)."""
    h, w = shape[0], shape[1]
    rounds = False
    for layer in layers:
        extent = int(layer.dilation) * (int(layer.kernel) - 1) + 1
        for n in (h, w):
            if extent > n + 2 * int(layer.padding):
                return False, rounds
            rounds |= (n + 2 * int(layer.padding) - extent) % int(layer.stride) != 0
        h, w = _out(h, layer), _out(w, layer)
    return True, rounds


def _easy(dice):
    c = dice.choice((1, 3, 3))
    n = dice.choice((16, 28, 32, 32, 64))
    f = dice.choice((3, 5))
    pad = dice.choice((0, 0, (f - 1) // 2))
    k = dice.choice((4, 6, 8, 16))
    layers = [_conv(f, 1, pad, k)]
    if dice.integer(0, 1):
        layers.append(_pool(2, 2))
    return (n, n, c), layers


def _random_conv(dice, dilated: bool = False):
    f = dice.choice((3, 3, 5, 7) if not dilated else (3, 3, 5))
    d = dice.choice((2, 2, 3)) if dilated else 1
    k = dice.choice((8, 16, 32, 64) if not dilated else (6, 10, 12, 16, 24, 32))
    if dice.integer(0, 4) == 0:
        return _conv(f, 1, "same", k, d)
    s = dice.choice((1, 1, 2))
    return _conv(f, s, dice.integer(0, d * (f - 1) // 2 + 1), k, d)


def _random_pool(dice):
    f = dice.choice((2, 2, 3))
    return _pool(f, dice.choice((2, f)), dice.choice((0, 0, 0, 1)) if f == 3 else 0)


def _medium(dice):
    c = dice.choice((1, 3, 3, 3, 4))
    n = dice.integer(17, 72)
    count = dice.integer(2, 3)
    layers = [_random_conv(dice)]
    for _ in range(count - 1):
        layers.append(_random_pool(dice) if layers[-1].kind == "conv" and dice.integer(0, 2) else _random_conv(dice))
    return (n, n, c), layers


def _hard(dice):
    c = dice.choice((1, 3, 3, 4))
    h = dice.integer(20, 64)
    w = h if dice.integer(0, 2) == 0 else dice.integer(20, 64)
    count = dice.integer(3, 4)
    layers = [_random_conv(dice, dilated=dice.integer(0, 1) == 1)]
    for _ in range(count - 1):
        if layers[-1].kind == "conv" and dice.integer(0, 2) == 0:
            layers.append(_random_pool(dice))
        else:
            layers.append(_random_conv(dice, dilated=dice.integer(0, 1) == 1))
    if not any(layer.dilation > 1 for layer in layers):
        i = dice.choice([i for i, layer in enumerate(layers) if layer.kind == "conv"])
        layers[i] = _random_conv(dice, dilated=True)
    return (h, w, c), layers


def generate(dice, difficulty: str) -> Params:
    """easy: square 16-64 input, one conv (stride 1, F 3 or 5) maybe followed by a 2×2
    stride-2 pool, sizes dividing evenly; medium: square 17-72 input, 2-3 layers with
    paddings, strides 1-2, some floor rounding; hard: 20-64 input (often H ≠ W), 3-4
    layers, dilation 2-3 on some conv layers, some floor rounding. A draw where a kernel
    does not fit, F·F·C_in equals F·F, or the rounding is not as promised is drawn again."""
    shape, layers = {"easy": _easy, "medium": _medium, "hard": _hard}[difficulty](dice)
    fits, rounds = _fits(shape, layers)
    convs = sum(layer.kind == "conv" for layer in layers)
    spans = shape[2] > 1 or convs > 1  # so F·F·C_in and F·F differ
    if not (fits and spans and rounds == (difficulty != "easy")):
        raise Redraw(
            "a kernel larger than its padded input, F·F·C_in equal to F·F, or floor rounding "
            "other than the difficulty promises"
        )
    return Params(tuple(sp.Integer(x) for x in shape), tuple(layers))


# ---------------------------------------------------------------- solution


def _size_step(dim: str, i: int, n, layer: Layer, square: bool):
    prev = _dim(dim, i - 1)
    body = sp.Add(prev, 2 * P, -D * (F - 1), -1, evaluate=False)
    formula = sp.floor(sp.Mul(body, sp.Pow(S, -1, evaluate=False), evaluate=False)) + 1
    values = {prev: n, P: layer.padding, F: layer.kernel, S: layer.stride, D: layer.dilation}
    what = "Height (= width)" if square else {"H": "Height", "W": "Width"}[dim]
    notes = []
    if square:
        notes.append("the input is square and the kernels are square, so width = height")
    if layer.dilation == 1:
        notes.append("D = 1: no dilation")
    if layer.padding_word:
        notes.append(f"padding '{layer.padding_word}' means P = {layer.padding}")
    note = "; ".join(notes) + "." if notes else ""
    return step(f"{what} after layer {i} ({layer.kind})", _dim(dim, i), formula, values, note=note)


def _channel_step(i: int, c, layer: Layer):
    if layer.kind == "conv":
        return step(f"Channels after layer {i}: one per filter", _dim("C", i), K, {K: layer.filters})
    prev = _dim("C", i - 1)
    return step(f"Channels after layer {i}: pooling keeps the channels", _dim("C", i), prev, {prev: c})


def _shape_error(i: int, layer: Layer, h: int, w: int) -> ParamError:
    f = int(layer.kernel)
    extent = int(layer.dilation) * (f - 1) + 1
    p = int(layer.padding)
    kernel = f"{f}x{f} kernel" if extent == f else f"{f}x{f} kernel (dilated to {extent}x{extent})"
    return ParamError(f"at layer {i} the {kernel} is larger than the padded {h + 2 * p}x{w + 2 * p} input.")


def solve(params: Params) -> Solution:
    h, w, c = (int(x) for x in params.input)
    square = h == w
    steps, shapes, weights = [], [], []
    for i, layer in enumerate(params.layers, 1):
        extent = int(layer.dilation) * (int(layer.kernel) - 1) + 1
        if extent > min(h, w) + 2 * int(layer.padding):
            raise _shape_error(i, layer, h, w)
        if layer.padding_word == "same":
            steps.append(
                step(
                    f"Padding 'same' of layer {i} keeps the size at stride 1",
                    P,
                    D * (F - 1) / 2,
                    {D: layer.dilation, F: layer.kernel},
                )
            )
        steps.append(_size_step("H", i, h, layer, square))
        if not square:
            steps.append(_size_step("W", i, w, layer, square))
        steps.append(_channel_step(i, c, layer))
        h, w = _out(h, layer), _out(w, layer)
        if layer.kind == "conv":
            count = _dim("params", i)
            steps.append(
                step(
                    f"Parameters of layer {i}: F·F·C_in weights per filter plus one bias, times K filters",
                    count,
                    (F**2 * C_IN + 1) * K,
                    {F: layer.kernel, C_IN: c, K: layer.filters},
                )
            )
            weights.append((count, steps[-1].exact))
            c = int(layer.filters)
        shapes.append((h, w, c))

    rows = [(_dim("H", i), _dim("W" if not square else "H", i), _dim("C", i)) for i in range(1, len(params.layers) + 1)]
    values = {s: sp.Integer(x) for row, shape in zip(rows, shapes) for s, x in zip(row, shape)}
    steps.append(
        step(
            "Shapes [H, W, C] after each layer (one row per layer)",
            sp.Symbol("shapes"),
            sp.ImmutableMatrix(rows),
            values,
            exact=sp.ImmutableMatrix(shapes),
        )
    )
    last = rows[-1]
    steps.append(
        step(
            "Output shape [H, W, C]",
            sp.Symbol("output"),
            sp.ImmutableMatrix([last]),
            {s: values[s] for s in last},
            exact=sp.ImmutableMatrix([shapes[-1]]),
        )
    )
    if weights:
        steps.append(
            step(
                "Total trainable parameters (pooling layers have none)",
                sp.Symbol("params"),
                sp.Add(*[s for s, _ in weights]),
                dict(weights),
            )
        )
    else:
        steps.append(step("Total trainable parameters: pooling layers have none", sp.Symbol("params"), sp.Integer(0)))
    total = steps[-1].exact

    hh, ww, cc = params.input
    n = sp.Symbol("N")
    size = (
        sp.floor(
            sp.Mul(sp.Add(n, 2 * P, -D * (F - 1), -1, evaluate=False), sp.Pow(S, -1, evaluate=False), evaluate=False)
        )
        + 1
    )
    question = Question.of(
        f"An input of shape {hh}x{ww}x{cc} (height x width x channels) passes through these layers.",
        *[layer.describe(i) for i, layer in enumerate(params.layers, 1)],
        "Every conv filter has one bias. A spatial size N becomes",
        Math(sp.Eq(sp.Symbol("N_out"), size), display=True),
        "with kernel F, stride S, padding P and dilation D. Give the shape [H, W, C] after each "
        "layer, the output shape and the total number of trainable parameters.",
    )
    answers = (
        Answer(
            "shapes",
            "shape [H, W, C] after each layer, in layer order",
            tuple(tuple(sp.Integer(x) for x in shape) for shape in shapes),
            EXACT,
        ),
        Answer("output_shape", "output shape [H, W, C]", tuple(sp.Integer(x) for x in shapes[-1]), EXACT),
        Answer("params", "total number of trainable parameters (weights and biases)", total, EXACT),
    )
    return Solution(question, tuple(steps), answers)


# ---------------------------------------------------------------- mistakes


def _shapes(params: Params, padded: bool = True, plus_one: bool = True) -> list[list[int]]:
    h, w, c = (int(x) for x in params.input)
    out = []
    for layer in params.layers:
        h, w = _out(h, layer, padded, plus_one), _out(w, layer, padded, plus_one)
        c = int(layer.filters) if layer.kind == "conv" else c
        out.append([h, w, c])
    return out


def _params(params: Params, bias: bool = True, channels: bool = True) -> int:
    c, total = int(params.input[2]), 0
    for layer in params.layers:
        if layer.kind == "conv":
            f, k = int(layer.kernel), int(layer.filters)
            total += (f * f * (c if channels else 1) + int(bias)) * k
            c = k
    return total


def mistakes(params: Params, solution) -> list[Mistake]:
    no_plus_one = _shapes(params, plus_one=False)
    found = [
        Mistake(
            "missing_plus_one",
            "the conv formula needs +1: floor((N + 2P - D(F-1) - 1)/S) + 1",
            {"shapes": no_plus_one, "output_shape": no_plus_one[-1]},
        ),
    ]
    if any(layer.padding > 0 for layer in params.layers):
        unpadded = _shapes(params, padded=False)
        found.append(
            Mistake(
                "ignored_padding",
                "padding adds 2P to the input size",
                {"shapes": unpadded, "output_shape": unpadded[-1]},
            )
        )
    found += [
        Mistake("params_without_bias", "each filter also has a bias", {"params": _params(params, bias=False)}),
        Mistake(
            "params_without_input_channels",
            "each filter spans all input channels: F·F·C_in weights",
            {"params": _params(params, channels=False)},
        ),
    ]
    return found
