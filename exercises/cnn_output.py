"""Output shapes and parameter counts of a CNN: conv and pool layers, then flatten and dense layers.

A conv or pool layer has a kernel F, stride S, padding P and dilation D for the height
and for the width (one integer for both, or a pair [for H, for W]), as PyTorch's
Conv2d and MaxPool2d. Along each of the two dimensions a size N becomes

    N_out = floor((N + 2P - D(F - 1) - 1) / S) + 1

and the dilated kernel covers D(F - 1) + 1 input positions, which must fit in the
padded input N + 2P. Padding "valid" is P = 0; padding "same" (stride 1 only) is
P = D(F - 1) / 2 along each dimension, a whole number. A conv layer with K filters of
F_H x F_W outputs K channels and has

    (F_H · F_W · C_in + 1) · K    trainable parameters (weights and one bias per filter);

a pooling layer keeps the channel count and has no parameters. A flatten layer turns
H x W x C into a vector of H · W · C features (no parameters), and a dense layer with
n_out units on a vector of n_in features has

    (n_in + 1) · n_out    trainable parameters (a weight per input and one bias per unit).

Conv and pool layers come first (at least one), then at most one flatten, then dense
layers only; a dense layer needs a flatten before it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

import sympy as sp

from exercises.core import params as read
from exercises.core.errors import ParamError, Redraw
from exercises.core.lang import T, Text, join, same
from exercises.core.model import EXACT, Answer, Lines, Math, Mistake, Question, Solution, step

TITLE = "CNN output shapes and parameters"
DESCRIPTION = "Shapes after conv/pool layers (kernel, stride, padding, dilation), flatten size, parameters per layer."
TITLE_ZH = "CNN 输出尺寸与参数量"
DESCRIPTION_ZH = "卷积层、池化层后的特征图尺寸（卷积核、步长、填充、空洞），展平长度，每层参数量。"

FORM_INPUT = T(
    "a list [H, W, C] of three positive integers (height, width, channels), e.g. [32, 32, 3]",
    "三个正整数组成的列表 [H, W, C]（高、宽、通道数），例如 [32, 32, 3]",
)
FORM_LAYERS = T(
    "a list of 1-10 layers, each an object: "
    '{{"type": "conv", "kernel": 5, "stride": 1, "padding": 0, "filters": 6}}, '
    '{{"type": "pool", "kernel": 2, "stride": 2}}, {{"type": "flatten"}} or {{"type": "dense", "units": 120}}; '
    "kernel, stride, padding and dilation (default 1) each take one integer or a pair [for H, for W], "
    'padding also "valid" or "same" (stride 1 only); stride defaults to 1 for conv and to the kernel for pool; '
    "conv and pool layers come first, then one flatten, then dense layers",
    "1-10 层组成的列表，每层是一个对象："
    '{{"type": "conv", "kernel": 5, "stride": 1, "padding": 0, "filters": 6}}、'
    '{{"type": "pool", "kernel": 2, "stride": 2}}、{{"type": "flatten"}} 或 {{"type": "dense", "units": 120}}；'
    "kernel（卷积核大小）、stride（步长）、padding（填充）和 dilation（空洞率，默认 1）"
    "各取一个整数或一对 [高方向, 宽方向] 整数，"
    'padding 还可取 "valid" 或 "same"（仅限步长为 1）；filters 是卷积核（滤波器）个数，units 是神经元个数；'
    "卷积层的 stride 默认为 1，池化层的 stride 默认等于 kernel；"
    "先是卷积层和池化层，然后是一个展平层，最后是全连接层",
)
PARAMETERS = {"input": FORM_INPUT, "layers": FORM_LAYERS}  # what `mlexam solve cnn_output` takes
WINDOW_KEYS = ("type", "kernel", "stride", "padding", "dilation")
LAYER_KEYS = {
    "conv": WINDOW_KEYS + ("filters",),
    "pool": WINDOW_KEYS,
    "flatten": ("type",),
    "dense": ("type", "units"),
}
TYPES = T('"conv", "pool", "flatten" or "dense"', '"conv"、"pool"、"flatten" 或 "dense"')
KIND = {  # a layer's type in a sentence: "a {kind} layer" / "{kind}"
    "conv": T("conv", "卷积层"),
    "pool": T("pool", "池化层"),
    "flatten": T("flatten", "展平层"),
    "dense": T("dense", "全连接层"),
}
KEY_HINTS = {
    ("pool", "filters"): T(" (pooling keeps the channels)", "（池化层不改变通道数）"),
    ("dense", "filters"): T(" (its size is 'units')", "（全连接层的大小由 'units' 给出）"),
}
MAX_LAYERS = 10
LIMIT = 100_000

Pair = tuple[int, int]  # (for the height, for the width)
Tensor = tuple[int, int, int] | int  # a shape (H, W, C), or the number of features of a vector


# ---------------------------------------------------------------- sizes


def _unfloored_size(n, f: int, s: int, p: int, d: int) -> Fraction:
    """(N + 2P - D(F - 1) - 1) / S + 1, a fraction when S does not divide evenly."""
    return Fraction(n + 2 * p - d * (f - 1) - 1, s) + 1


def _size(n, f: int, s: int, p: int, d: int) -> int:
    """N_out = floor((N + 2P - D(F - 1) - 1) / S) + 1 along one dimension."""
    return math.floor(_unfloored_size(n, f, s, p, d))


@dataclass(frozen=True)
class Rules:
    """How a network's numbers are computed: right by default; each mistake changes one rule."""

    size: Callable = _size  # a spatial size from N, F, S, P, D
    bias: bool = True  # conv filters and dense units have a bias
    input_channels: bool = True  # a filter spans all C_in input channels
    flatten_channels: bool = True  # flattening keeps H·W·C features


RIGHT = Rules()
UNFLOORED = Rules(size=_unfloored_size)  # the no_floor mistake; also tells generate whether a floor rounds


# ---------------------------------------------------------------- layers


def _pair_text(pair: Pair) -> str:
    """2, or (1, 2) when the height and the width differ."""
    return str(pair[0]) if pair[0] == pair[1] else f"({pair[0]}, {pair[1]})"


def _pair_json(pair: Pair):
    return pair[0] if pair[0] == pair[1] else list(pair)


@dataclass(frozen=True)
class Window:
    """A conv or pool layer; kernel, stride, padding (zeros on each side) and dilation
    are pairs (for H, for W)."""

    kind: str  # "conv" or "pool"
    kernel: Pair
    stride: Pair
    padding: Pair
    dilation: Pair
    filters: int | None = None  # conv only
    padding_word: str = ""  # "same" or "valid" when the user gave a word

    def along(self, axis: int) -> tuple[int, int, int, int]:
        """(F, S, P, D) along the height (axis 0) or the width (axis 1)."""
        return self.kernel[axis], self.stride[axis], self.padding[axis], self.dilation[axis]

    @property
    def symmetric(self) -> bool:
        """The same kernel, stride, padding and dilation along the height and the width."""
        return self.along(0) == self.along(1)

    def to_json(self) -> dict:
        out = {
            "type": self.kind,
            "kernel": _pair_json(self.kernel),
            "stride": _pair_json(self.stride),
            "padding": self.padding_word or _pair_json(self.padding),
        }
        if self.kind == "conv":
            out["filters"] = self.filters
        if self.dilation != (1, 1):
            out["dilation"] = _pair_json(self.dilation)
        return out

    def describe(self, i: int) -> Text:
        fh, fw = self.kernel
        if self.kind == "conv":
            what = T(
                "convolution with {k} filters of {fh}x{fw}",
                "卷积层，{k} 个 {fh}×{fw} 的卷积核",
                k=self.filters,
                fh=fh,
                fw=fw,
            )
        else:
            what = T("pooling {fh}x{fw}", "{fh}×{fw} 池化层", fh=fh, fw=fw)
        word = T(" ('{w}')", "（'{w}'）", w=self.padding_word) if self.padding_word else same("")
        dilation = same("")
        if self.dilation != (1, 1):
            dilation = T(", dilation {d}", "，空洞率 {d}", d=_pair_text(self.dilation))
        return T(
            "Layer {i}: {what}, stride {s}, padding {p}{word}{dilation}.",
            "第 {i} 层：{what}，步长 {s}，填充 {p}{word}{dilation}。",
            i=i,
            what=what,
            s=_pair_text(self.stride),
            p=_pair_text(self.padding),
            word=word,
            dilation=dilation,
        )

    def refuse(self, i: int, x: Tensor) -> None:
        if not isinstance(x, tuple):
            raise ParamError(
                T(
                    "layer {i} is a {kind} layer but its input is already a vector of {x} features; "
                    "conv and pool layers come before the flatten.",
                    "第 {i} 层是{kind}，但它的输入已经是 {x} 个特征组成的向量；卷积层和池化层应放在展平层之前。",
                    i=i,
                    kind=KIND[self.kind],
                    x=x,
                )
            )
        padded = [n + 2 * p for n, p in zip(x, self.padding)]
        extents = [d * (f - 1) + 1 for f, d in zip(self.kernel, self.dilation)]
        if any(e > n for e, n in zip(extents, padded)):
            fh, fw = self.kernel
            name = "卷积核" if self.kind == "conv" else "池化窗口"
            kernel = T("{fh}x{fw} kernel", "{fh}×{fw} {name}", fh=fh, fw=fw, name=name)
            if extents != list(self.kernel):
                kernel += T(" (dilated to {eh}x{ew})", "（膨胀后为 {eh}×{ew}）", eh=extents[0], ew=extents[1])
            raise ParamError(
                T(
                    "at layer {i} the {kernel} is larger than the padded {ph}x{pw} input.",
                    "第 {i} 层的 {kernel}比填充后 {ph}×{pw} 的输入还大。",
                    i=i,
                    kernel=kernel,
                    ph=padded[0],
                    pw=padded[1],
                )
            )

    def output(self, x: Tensor, rules: Rules) -> Tensor:
        height, width = (rules.size(n, *self.along(axis)) for axis, n in enumerate(x[:2]))
        return height, width, self.filters if self.kind == "conv" else x[2]

    def weights(self, x: Tensor, rules: Rules) -> int:
        if self.kind == "pool":
            return 0
        fh, fw = self.kernel
        return (fh * fw * (x[2] if rules.input_channels else 1) + int(rules.bias)) * self.filters


@dataclass(frozen=True)
class Flatten:
    """H x W x C -> a vector of H·W·C features."""

    kind: ClassVar[str] = "flatten"

    def to_json(self) -> dict:
        return {"type": "flatten"}

    def describe(self, i: int) -> Text:
        return T("Layer {i}: flatten into a vector.", "第 {i} 层：展平层，展平为一维向量。", i=i)

    def refuse(self, i: int, x: Tensor) -> None:
        if i == 1:
            raise ParamError(
                T(
                    "layer 1 flattens the input; put at least one conv or pool layer before the flatten.",
                    "第 1 层就把输入展平了；展平层之前至少要有一个卷积层或池化层。",
                )
            )
        if not isinstance(x, tuple):
            raise ParamError(
                T(
                    "layer {i} flattens a second time: its input is already a vector of {x} features.",
                    "第 {i} 层再次展平：它的输入已经是 {x} 个特征组成的向量。",
                    i=i,
                    x=x,
                )
            )

    def output(self, x: Tensor, rules: Rules) -> Tensor:
        h, w, c = x
        return h * w * (c if rules.flatten_channels else 1)

    def weights(self, x: Tensor, rules: Rules) -> int:
        return 0


@dataclass(frozen=True)
class Dense:
    """A vector of n_in features -> `units` features."""

    units: int
    kind: ClassVar[str] = "dense"

    def to_json(self) -> dict:
        return {"type": "dense", "units": self.units}

    def describe(self, i: int) -> Text:
        return T(
            "Layer {i}: dense (fully connected) layer with {u} units.",
            "第 {i} 层：全连接层，{u} 个神经元。",
            i=i,
            u=self.units,
        )

    def refuse(self, i: int, x: Tensor) -> None:
        if isinstance(x, tuple):
            h, w, c = x
            raise ParamError(
                T(
                    'layer {i} is dense but its input is {h}x{w}x{c}; put a {{"type": "flatten"}} layer before it.',
                    "第 {i} 层是全连接层，但它的输入是 {h}×{w}×{c} 的特征图；"
                    '请在它之前加一个 {{"type": "flatten"}} 层。',
                    i=i,
                    h=h,
                    w=w,
                    c=c,
                )
            )

    def output(self, x: Tensor, rules: Rules) -> Tensor:
        return self.units

    def weights(self, x: Tensor, rules: Rules) -> int:
        return (x + int(rules.bias)) * self.units


Layer = Window | Flatten | Dense


def _must_be(i: int, key: str, form: Text, got: Text | None = None) -> ParamError:
    """'key' of layer i must be <form>[; got <got>]."""
    if got is None:
        return ParamError(
            T("'{key}' of layer {i} must be {form}.", "第 {i} 层的 '{key}' 应为{form}。", key=key, i=i, form=form)
        )
    return ParamError(
        T(
            "'{key}' of layer {i} must be {form}; got {got}.",
            "第 {i} 层的 '{key}' 应为{form}，但给出的是 {got}。",
            key=key,
            i=i,
            form=form,
            got=got,
        )
    )


def _layer_int(i: int, key: str, value, low: int, form: Text) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str, Fraction)):
        raise _must_be(i, key, form)
    try:
        x = read.number(key, value, form, integer=True)
    except ParamError:
        raise _must_be(i, key, form, same(repr(value))) from None
    if key == "stride" and x < 1:
        raise ParamError(
            T(
                "stride must be at least 1 (layer {i}); got {v}.",
                "步长至少为 1（第 {i} 层），但给出的是 {v}。",
                i=i,
                v=str(value),
            )
        )
    if not low <= x <= LIMIT:
        raise _must_be(i, key, form, same(str(value)))
    return int(x)


def _layer_pair(i: int, key: str, value, low: int) -> Pair:
    """One integer for both dimensions, or a list [for H, for W]."""
    if low:
        form = T("a positive integer or a pair [for H, for W] of them", "正整数或一对 [高方向, 宽方向] 正整数")
    else:
        form = T("a non-negative integer or a pair [for H, for W] of them", "非负整数或一对 [高方向, 宽方向] 非负整数")
    if key == "padding":
        form += T(', "valid" or "same"', '，或 "valid"、"same"')
    if not isinstance(value, list):
        x = _layer_int(i, key, value, low, form)
        return x, x
    if len(value) != 2:
        raise _must_be(i, key, form, T("a list of {n}", "{n} 个元素的列表", n=len(value)))
    return tuple(_layer_int(i, key, x, low, form) for x in value)


def _read_padding(i: int, value, kernel: Pair, stride: Pair, dilation: Pair) -> tuple[Pair, str]:
    """(zeros on each side, for H and W) and the word the user gave, if any."""
    if value == "valid":
        return (0, 0), "valid"
    if value != "same":
        return _layer_pair(i, "padding", value, 0), ""
    if stride != (1, 1):
        raise ParamError(
            T(
                "padding 'same' of layer {i} needs stride 1; got stride {s}.",
                "第 {i} 层的 'same' 填充要求步长为 1，但给出的步长是 {s}。",
                i=i,
                s=_pair_text(stride),
            )
        )
    extents = [d * (f - 1) for f, d in zip(kernel, dilation)]
    for extent, along in zip(extents, ALONG):
        if extent % 2:
            raise ParamError(
                T(
                    "padding 'same' of layer {i} would need {p} = {n}/2 zeros on each side "
                    "along the {along}, which is not a whole number; give 'padding' as an integer or a pair.",
                    "第 {i} 层的 'same' 填充在{along}方向上每边需要补 {p} = {n}/2 个零，不是整数；"
                    "请把 'padding' 写成一个整数或一对整数。",
                    i=i,
                    p=Math(sp.Eq(P, D * (F - 1) / 2)),
                    n=extent,
                    along=along,
                )
            )
    return (extents[0] // 2, extents[1] // 2), "same"


def _required_int(i: int, raw: dict, key: str, what: Text) -> int:
    if key not in raw:
        raise ParamError(
            T(
                "layer {i} is missing '{key}' ({what}, a positive integer).",
                "第 {i} 层缺少 '{key}'（{what}，正整数）。",
                i=i,
                key=key,
                what=what,
            )
        )
    return _layer_int(i, key, raw[key], 1, T("a positive integer", "正整数"))


def _read_layer(i: int, raw) -> Layer:
    if not isinstance(raw, dict):
        raise ParamError(
            T(
                "layer {i} of parameter 'layers' must be an object with a 'type' ({types}); got {raw}.",
                "参数 'layers' 的第 {i} 层应为带 'type'（{types}）的对象，但给出的是 {raw}。",
                i=i,
                types=TYPES,
                raw=repr(raw),
            )
        )
    if "type" not in raw:
        raise ParamError(
            T("layer {i} is missing 'type' ({types}).", "第 {i} 层缺少 'type'（{types}）。", i=i, types=TYPES)
        )
    kind = raw["type"]
    if not isinstance(kind, str) or kind not in LAYER_KEYS:
        raise ParamError(
            T(
                "'type' of layer {i} must be {types}; got {kind}.",
                "第 {i} 层的 'type' 应为 {types}，但给出的是 {kind}。",
                i=i,
                types=TYPES,
                kind=repr(kind),
            )
        )
    keys = LAYER_KEYS[kind]
    for key in raw:
        if key not in keys:
            values = dict(i=i, kind=KIND[kind], key=key, hint=KEY_HINTS.get((kind, key), same("")), keys=join(keys))
            if any(key in other for other in LAYER_KEYS.values()):
                raise ParamError(
                    T(
                        "layer {i} is a {kind} layer and takes no '{key}'{hint}; a {kind} layer takes {keys}.",
                        "第 {i} 层是{kind}，不接受 '{key}'{hint}；{kind}可用的键为 {keys}。",
                        **values,
                    )
                )
            raise ParamError(
                T(
                    "layer {i} has an unknown key '{key}'{hint}; a {kind} layer takes {keys}.",
                    "第 {i} 层有未知的键 '{key}'{hint}；{kind}可用的键为 {keys}。",
                    **values,
                )
            )
    if kind == "flatten":
        return Flatten()
    if kind == "dense":
        return Dense(_required_int(i, raw, "units", T("the number of output features", "输出特征数，即神经元个数")))
    if "kernel" not in raw:
        raise ParamError(
            T(
                "layer {i} is missing 'kernel' (the kernel size F, an integer or a pair [for H, for W]).",
                "第 {i} 层缺少 'kernel'（{size} F，一个整数或一对 [高方向, 宽方向] 整数）。",
                i=i,
                size="卷积核大小" if kind == "conv" else "池化窗口大小",
            )
        )
    kernel = _layer_pair(i, "kernel", raw["kernel"], 1)
    dilation = _layer_pair(i, "dilation", raw.get("dilation", 1), 1)
    default_stride = (1, 1) if kind == "conv" else kernel
    stride = _layer_pair(i, "stride", raw["stride"], 1) if "stride" in raw else default_stride
    filters = (
        _required_int(i, raw, "filters", T("the number of conv filters", "卷积核个数")) if kind == "conv" else None
    )
    padding, word = _read_padding(i, raw.get("padding", 0), kernel, stride, dilation)
    return Window(kind, kernel, stride, padding, dilation, filters, word)


@dataclass(frozen=True)
class Params:
    input: tuple[int, int, int]  # H, W, C
    layers: tuple[Layer, ...]

    @classmethod
    def from_json(cls, raw: dict) -> Params:
        read.require(raw, ("input", "layers"))
        shape = read.vector("input", raw["input"], FORM_INPUT, (3, 3), low=1, high=LIMIT, integer=True)
        layers = raw["layers"]
        if not isinstance(layers, list) or not 1 <= len(layers) <= MAX_LAYERS:
            raise ParamError(T("parameter 'layers' must be {form}.", "参数 'layers' 应为：{form}。", form=FORM_LAYERS))
        return cls(tuple(int(x) for x in shape), tuple(_read_layer(i, layer) for i, layer in enumerate(layers, 1)))

    def to_json(self) -> dict:
        return {"input": list(self.input), "layers": [layer.to_json() for layer in self.layers]}


def _flow(params: Params, rules: Rules = RIGHT, check: bool = False) -> list[Tensor]:
    """The tensor entering each layer, then the one leaving the last. With `check`, a
    layer that cannot take its input is refused in one sentence naming it."""
    flow = [params.input]
    for i, layer in enumerate(params.layers, 1):
        if check:
            layer.refuse(i, flow[-1])
        flow.append(layer.output(flow[-1], rules))
    return flow


# ---------------------------------------------------------------- generation


def _both(x) -> Pair:
    return x if isinstance(x, tuple) else (x, x)


def _conv(kernel, stride, padding, filters: int, dilation=1) -> Window:
    """A conv layer; an integer stands for both dimensions, padding may be "same"."""
    kernel, stride, dilation = _both(kernel), _both(stride), _both(dilation)
    word = padding if isinstance(padding, str) else ""
    if word == "same":
        padding = tuple(d * (f - 1) // 2 for f, d in zip(kernel, dilation))
    return Window("conv", kernel, stride, _both(padding), dilation, filters, word)


def _pool(f: int, s: int, p: int = 0) -> Window:
    return Window("pool", (f, f), (s, s), (p, p), (1, 1))


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


def _rectangular_conv(dice, d: int):
    """A conv layer (dilation d) with a kernel taller than wide or wider than tall, or a
    square kernel with a different stride along the height and the width."""
    k = dice.choice((6, 8, 12, 16, 32))
    if dice.integer(0, 1):
        kernel, stride = dice.choice(((1, 3), (3, 1), (3, 5), (5, 3))), (1, 1)
    else:
        f = dice.choice((3, 5))
        kernel, stride = (f, f), dice.choice(((1, 2), (2, 1)))
    if stride == (1, 1) and dice.integer(0, 2) == 0:
        return _conv(kernel, stride, "same", k, d)
    return _conv(kernel, stride, tuple(dice.integer(0, d * (f - 1) // 2) for f in kernel), k, d)


def _random_pool(dice):
    f = dice.choice((2, 2, 3))
    return _pool(f, dice.choice((2, f)), dice.choice((0, 0, 0, 1)) if f == 3 else 0)


def _head(dice, dense: int) -> list[Layer]:
    """A flatten, then `dense` dense layers, their units not increasing."""
    units = sorted((dice.choice((10, 16, 32, 64, 84, 120, 128)) for _ in range(dense)), reverse=True)
    return [Flatten(), *(Dense(u) for u in units)]


def _medium(dice):
    c = dice.choice((1, 3, 3, 3, 4))
    n = dice.integer(17, 72)
    count = dice.integer(2, 3)
    layers = [_random_conv(dice)]
    for _ in range(count - 1):
        layers.append(_random_pool(dice) if layers[-1].kind == "conv" and dice.integer(0, 2) else _random_conv(dice))
    if dice.integer(0, 2) == 0:
        layers += _head(dice, dice.integer(1, 2))
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
    convs = [i for i, layer in enumerate(layers) if layer.kind == "conv"]
    if not any(layer.dilation != (1, 1) for layer in layers):
        i = dice.choice(convs)
        layers[i] = _random_conv(dice, dilated=True)
    if dice.integer(0, 1):
        i = dice.choice(convs)
        layers[i] = _rectangular_conv(dice, layers[i].dilation[0])
    if dice.integer(0, 3) == 0:
        layers += _head(dice, dice.integer(1, 5 - count))
    return (h, w, c), layers


def generate(dice, difficulty: str) -> Params:
    """easy: square 16-64 input, one conv (stride 1, F 3 or 5) maybe followed by a 2×2
    stride-2 pool, sizes dividing evenly; medium: square 17-72 input, 2-3 conv/pool
    layers with paddings, strides 1-2, some floor rounding, and in about a third of the
    draws a flatten and 1-2 dense layers (10-128 units); hard: 20-64 input (often H ≠ W),
    3-4 conv/pool layers, dilation 2-3 on some conv layers, some floor rounding, in about
    half the draws one conv layer with a rectangular kernel (1x3, 3x1, 3x5, 5x3) or
    stride (1, 2) or (2, 1), and in about a quarter a flatten and dense layers (at most 6
    layers in all). A draw where a kernel does not fit, F_H·F_W·C_in equals F_H·F_W, or
    the rounding is not as promised is drawn again."""
    shape, layers = {"easy": _easy, "medium": _medium, "hard": _hard}[difficulty](dice)
    params = Params(shape, tuple(layers))
    try:
        flow = _flow(params, check=True)
    except ParamError as refused:
        raise Redraw(str(refused)) from None
    rounds = _flow(params, UNFLOORED) != flow
    convs = sum(layer.kind == "conv" for layer in layers)
    spans = shape[2] > 1 or convs > 1  # so F_H·F_W·C_in and F_H·F_W differ
    if not (spans and rounds == (difficulty != "easy")):
        raise Redraw("F_H·F_W·C_in equal to F_H·F_W, or floor rounding other than the difficulty promises")
    return params


# ---------------------------------------------------------------- solution

AXES = ("H", "W")
ALONG = (T("height", "高"), T("width", "宽"))
C_IN, K, N_IN, N_OUT = sp.symbols("C_in K n_in n_out")
N, F, S, P, D = sp.symbols("N F S P D")
H, W, C = sp.symbols("H W C")
TOP = sp.Add(N, 2 * P, -D * (F - 1), -1, evaluate=False)  # N + 2P - D(F - 1) - 1, in this order
QUOTIENT = sp.Mul(TOP, sp.Pow(S, -1, evaluate=False), evaluate=False)
SIZE = sp.floor(QUOTIENT) + 1  # N_out


def _dim(name: str, i: int):
    return sp.Symbol(f"{name}_{i}")


def _symbol(letter: str, axis: int, pair: Pair):
    """F for a kernel as tall as wide; F_H or F_W when it differs along the height and the width."""
    return sp.Symbol(letter if pair[0] == pair[1] else f"{letter}_{AXES[axis]}")


def _same_padding_steps(i: int, layer: Window) -> list:
    """P = D(F - 1)/2, once, or for the height and the width when they differ."""
    apart = (layer.kernel[0], layer.dilation[0]) != (layer.kernel[1], layer.dilation[1])
    steps = []
    for axis in (0, 1) if apart else (0,):
        f, d = _symbol("F", axis, layer.kernel), _symbol("D", axis, layer.dilation)
        along = T(" along the {a}", "（{a}方向）", a=ALONG[axis]) if apart else same("")
        steps.append(
            step(
                T(
                    "Padding 'same' of layer {i} keeps the size at stride 1{along}",
                    "第 {i} 层的 'same' 填充{along}：步长为 1 时输出尺寸不变",
                    i=i,
                    along=along,
                ),
                _symbol("P", axis, layer.padding),
                d * (f - 1) / 2,
                {d: layer.dilation[axis], f: layer.kernel[axis]},
            )
        )
    return steps


def _size_step(i: int, axis: int, n: int, layer: Window, both: bool):
    prev = _dim(AXES[axis], i - 1)
    f, s, p, d = (
        _symbol(letter, axis, pair)
        for letter, pair in zip("FSPD", (layer.kernel, layer.stride, layer.padding, layer.dilation))
    )
    body = sp.Add(prev, 2 * p, -d * (f - 1), -1, evaluate=False)
    formula = sp.floor(sp.Mul(body, sp.Pow(s, -1, evaluate=False), evaluate=False)) + 1
    values = {prev: n, **dict(zip((f, s, p, d), layer.along(axis)))}
    kind = KIND[layer.kind]
    if both:
        title = T(
            "Height (= width) after layer {i} ({kind})", "第 {i} 层（{kind}）输出的高度（宽度与之相同）", i=i, kind=kind
        )
    elif axis == 0:
        title = T("Height after layer {i} ({kind})", "第 {i} 层（{kind}）输出的高度", i=i, kind=kind)
    else:
        title = T("Width after layer {i} ({kind})", "第 {i} 层（{kind}）输出的宽度", i=i, kind=kind)
    notes = []
    if both:
        notes.append(
            T(
                "the input of this layer is square and the layer is the same along height and width, so {eq}",
                "该层的输入是正方形，且该层在高、宽两个方向上的参数相同，所以 {eq}",
                eq=Math(sp.Eq(_dim("W", i), _dim("H", i))),
            )
        )
    if layer.dilation == (1, 1):
        notes.append(T("{eq}: no dilation", "{eq}：没有空洞（不膨胀）", eq=Math(sp.Eq(D, 1))))
    if layer.padding_word:
        notes.append(
            T(
                "padding '{w}' means {eq}",
                "'{w}' 填充即 {eq}",
                w=layer.padding_word,
                eq=Math(sp.Eq(p, layer.padding[axis])),
            )
        )
    note = T("{n}.", "{n}。", n=join(notes, T("; ", "；"))) if notes else ""
    return step(title, _dim(AXES[axis], i), formula, values, note=note)


def _window_steps(i: int, layer: Window, x: Tensor) -> list:
    """Padding 'same', height and width (one step when they are equal), channels, parameters."""
    h, w, c = x
    steps = _same_padding_steps(i, layer) if layer.padding_word == "same" else []
    both = h == w and layer.symmetric
    steps += [_size_step(i, axis, n, layer, both) for axis, n in enumerate((h,) if both else (h, w))]
    if layer.kind == "pool":
        prev = _dim("C", i - 1)
        return steps + [
            step(
                T(
                    "Channels after layer {i}: pooling keeps the channels",
                    "第 {i} 层输出的通道数：池化不改变通道数",
                    i=i,
                ),
                _dim("C", i),
                prev,
                {prev: c},
            ),
            step(
                T("Parameters of layer {i}: pooling has none", "第 {i} 层的参数量：池化层没有可训练参数", i=i),
                _dim("params", i),
                sp.Integer(0),
            ),
        ]
    fh, fw = _symbol("F", 0, layer.kernel), _symbol("F", 1, layer.kernel)
    return steps + [
        step(
            T("Channels after layer {i}: one per filter", "第 {i} 层输出的通道数：每个卷积核输出一个通道", i=i),
            _dim("C", i),
            K,
            {K: layer.filters},
        ),
        step(
            T(
                "Parameters of layer {i}: {w} weights per filter plus one bias, times {k} filters",
                "第 {i} 层的参数量：每个卷积核有 {w} 个权重和 1 个偏置，共 {k} 个卷积核",
                i=i,
                w=Math(fh * fw * C_IN),
                k=Math(K),
            ),
            _dim("params", i),
            (fh * fw * C_IN + 1) * K,
            {fh: layer.kernel[0], fw: layer.kernel[1], C_IN: c, K: layer.filters},
        ),
    ]


def _flatten_steps(i: int, layer: Flatten, x: Tensor) -> list:
    h, w, c = (_dim(name, i - 1) for name in ("H", "W", "C"))
    return [
        step(
            T(
                "Features after flattening (layer {i}): {hwc}",
                "第 {i} 层展平后的特征数：{hwc}",
                i=i,
                hwc=Math(H * W * C),
            ),
            _dim("n", i),
            h * w * c,
            dict(zip((h, w, c), x)),
        ),
        step(
            T(
                "Parameters of layer {i}: flattening only reshapes, so none",
                "第 {i} 层的参数量：展平只改变形状，没有参数",
                i=i,
            ),
            _dim("params", i),
            sp.Integer(0),
        ),
    ]


def _dense_steps(i: int, layer: Dense, x: Tensor) -> list:
    return [
        step(
            T(
                "Parameters of layer {i} (dense): a weight per input feature plus one bias, for each of the {n} units",
                "第 {i} 层（全连接层）的参数量：{n} 个神经元各有 {n_in} 个权重（每个输入特征一个）和 1 个偏置",
                i=i,
                n=Math(N_OUT),
                n_in=Math(N_IN),
            ),
            _dim("params", i),
            (N_IN + 1) * N_OUT,
            {N_IN: x, N_OUT: layer.units},
        )
    ]


LAYER_STEPS = {"conv": _window_steps, "pool": _window_steps, "flatten": _flatten_steps, "dense": _dense_steps}


def solve(params: Params) -> Solution:
    flow = _flow(params, check=True)
    steps, counts, flattened = [], [], None
    for i, (layer, x) in enumerate(zip(params.layers, flow), 1):
        new = LAYER_STEPS[layer.kind](i, layer, x)
        steps += new
        counts.append(new[-1])  # the steps of a layer end with its parameter count
        if layer.kind == "flatten":
            flattened = new[0]

    spatial = [i for i, layer in enumerate(params.layers, 1) if isinstance(layer, Window)]
    rows = [tuple(_dim(name, i) for name in ("H", "W", "C")) for i in spatial]
    values = {s: x for i, row in zip(spatial, rows) for s, x in zip(row, flow[i])}
    steps.append(
        step(
            T(
                "Shapes [H, W, C] after each conv and pool layer (one row per layer)",
                "各卷积层和池化层输出的形状 [H, W, C]（每层一行）",
            ),
            sp.Symbol("shapes"),
            sp.ImmutableMatrix(rows),
            values,
            exact=sp.ImmutableMatrix([flow[i] for i in spatial]),
        )
    )
    shapes = tuple(tuple(sp.Integer(x) for x in flow[i]) for i in spatial)
    if flattened is None:
        steps.append(
            step(
                T("Output shape [H, W, C]", "输出形状 [H, W, C]"),
                sp.Symbol("output"),
                sp.ImmutableMatrix([rows[-1]]),
                {s: values[s] for s in rows[-1]},
                exact=sp.ImmutableMatrix([flow[-1]]),
            )
        )
    table = sp.ImmutableMatrix([count.lhs for count in counts])
    values = {count.lhs: count.exact for count in counts}
    steps.append(
        step(
            T("Trainable parameters of each layer (one row per layer)", "各层的可训练参数量（每层一行）"),
            table,
            table,
            values,
        )
    )
    layer_params = tuple(steps[-1].exact)
    weights = {count.lhs: count.exact for layer, count in zip(params.layers, counts) if layer.kind in ("conv", "dense")}
    if weights:
        title = T(
            "Total trainable parameters (pooling and flatten layers have none)",
            "可训练参数总量（池化层和展平层没有参数）",
        )
        steps.append(step(title, sp.Symbol("params"), sp.Add(*weights, evaluate=False), weights))
    else:
        title = T("Total trainable parameters: pooling layers have none", "可训练参数总量：池化层没有参数")
        steps.append(step(title, sp.Symbol("params"), sp.Integer(0)))
    total = steps[-1].exact

    dense = any(layer.kind == "dense" for layer in params.layers)
    pairs = any(isinstance(layer, Window) and not layer.symmetric for layer in params.layers)
    hh, ww, cc = params.input
    if flattened is None:
        asked = T(
            "the shape [H, W, C] after each layer, the output shape", "每层输出特征图的形状 [H, W, C]、最终的输出形状"
        )
    else:
        asked = T(
            "the shape [H, W, C] after each conv and pool layer, the number of features after flattening",
            "每个卷积层和池化层输出特征图的形状 [H, W, C]、展平后的特征数",
        )
    if dense:
        bias = T(
            "Every conv filter and every dense unit has one bias.", "每个卷积核和全连接层的每个神经元都有一个偏置。"
        )
    else:
        bias = T("Every conv filter has one bias.", "每个卷积核都有一个偏置。")
    pair = same("")
    if pairs:
        pair = T(
            " (a pair such as stride (1, 2) gives the height's value, then the width's)",
            "（成对给出的值，如步长 (1, 2)，依次是高方向和宽方向的值）",
        )
    question = Question.of(
        T(
            "An input of shape {h}x{w}x{c} (height x width x channels) passes through these layers:",
            "形状为 {h}×{w}×{c}（高×宽×通道数）的输入依次经过以下各层：",
            h=hh,
            w=ww,
            c=cc,
        ),
        Lines(tuple(layer.describe(i) for i, layer in enumerate(params.layers, 1))),
        bias,
        T(
            "Along the height and along the width, a size {n} becomes",
            "在高、宽两个方向上，尺寸为 {n} 的输入经过一层后，输出尺寸为",
            n=Math(N),
        ),
        Math(sp.Eq(sp.Symbol("N_out"), SIZE), display=True),
        T(
            "with kernel {f}, stride {s}, padding {p} and dilation {d} along that dimension{pair}. "
            "Give {asked}, the number of trainable parameters of each layer and their total.",
            "其中 {f}、{s}、{p}、{d} 分别是该方向上的卷积核（池化窗口）大小、步长、填充和空洞（膨胀）率{pair}。"
            "求{asked}、每层的可训练参数量以及参数总量。",
            f=Math(F),
            s=Math(S),
            p=Math(P),
            d=Math(D),
            pair=pair,
            asked=asked,
        ),
    )
    answers = [
        Answer(
            "shapes",
            T(
                "shape [H, W, C] after each conv or pool layer, in layer order",
                "各卷积层或池化层输出的形状 [H, W, C]（按层的顺序）",
            ),
            shapes,
            EXACT,
        )
    ]
    if flattened is None:
        answers.append(Answer("output_shape", T("output shape [H, W, C]", "输出形状 [H, W, C]"), shapes[-1], EXACT))
    else:
        answers.append(
            Answer("flatten_size", T("number of features after flattening", "展平后的特征数"), flattened.exact, EXACT)
        )
    answers += [
        Answer(
            "layer_params",
            T(
                "trainable parameters of each layer, in layer order (0 for pooling and flatten)",
                "各层的可训练参数量（按层的顺序，池化层和展平层为 0）",
            ),
            layer_params,
            EXACT,
        ),
        Answer(
            "params",
            T("total number of trainable parameters (weights and biases)", "可训练参数总数（权重和偏置）"),
            total,
            EXACT,
        ),
    ]
    return Solution(question, tuple(steps), tuple(answers))


# ---------------------------------------------------------------- mistakes


def _size_without_plus_one(n, f: int, s: int, p: int, d: int) -> int:
    return _size(n, f, s, p, d) - 1


def _size_without_padding(n, f: int, s: int, p: int, d: int) -> int:
    return _size(n, f, s, 0, d)


def _plain(x):
    """An int, or a float for a fraction (sizes that were not rounded down)."""
    return int(x) if Fraction(x).denominator == 1 else float(x)


def _answers(params: Params, rules: Rules) -> dict:
    """Every answer of the problem as plain numbers, computed by `rules`."""
    flow = _flow(params, rules)
    outputs = list(zip(params.layers, flow[1:]))
    shapes = [[_plain(n) for n in x] for layer, x in outputs if isinstance(layer, Window)]
    flattened = [x for layer, x in outputs if isinstance(layer, Flatten)]
    answers = {"shapes": shapes}
    if flattened:
        answers["flatten_size"] = _plain(flattened[0])
    else:
        answers["output_shape"] = shapes[-1]
    counts = [layer.weights(x, rules) for layer, x in zip(params.layers, flow)]
    answers["layer_params"] = [_plain(count) for count in counts]
    answers["params"] = _plain(sum(counts))
    return answers


MISTAKES = (
    (
        "missing_plus_one",
        T("the conv formula needs +1: {size}", "卷积输出尺寸的公式最后要加 1：{size}", size=Math(SIZE)),
        Rules(size=_size_without_plus_one),
    ),
    (
        "ignored_padding",
        T("padding adds {p} to the input size", "填充使输入尺寸增加 {p}", p=Math(2 * P)),
        Rules(size=_size_without_padding),
    ),
    (
        "no_floor",
        T(
            "a size is a whole number: round {q} down before adding 1",
            "尺寸必须是整数：先把 {q} 向下取整，再加 1",
            q=Math(QUOTIENT),
        ),
        UNFLOORED,
    ),
    (
        "params_without_bias",
        T("each conv filter and each dense unit also has a bias", "每个卷积核和全连接层的每个神经元还各有一个偏置"),
        Rules(bias=False),
    ),
    (
        "params_without_input_channels",
        T(
            "each filter spans all input channels: {w} weights",
            "每个卷积核覆盖全部输入通道：有 {w} 个权重",
            w=Math(sp.Symbol("F_H") * sp.Symbol("F_W") * C_IN),
        ),
        Rules(input_channels=False),
    ),
    (
        "flatten_without_channels",
        T("flattening keeps every channel: {hwc} features", "展平保留所有通道：共 {hwc} 个特征", hwc=Math(H * W * C)),
        Rules(flatten_channels=False),
    ),
)
MISTAKE_NAMES = {  # each mistake of MISTAKES, as `mlexam practice --mistakes` lists it
    "missing_plus_one": T("output size missing its + 1", "输出尺寸漏加了 1"),
    "ignored_padding": T("padding ignored", "忽略了填充"),
    "no_floor": T("size not rounded down", "尺寸没有向下取整"),
    "params_without_bias": T("biases not counted", "参数量漏算了偏置"),
    "params_without_input_channels": T("filter weights without the input channels", "卷积核权重漏算了输入通道"),
    "flatten_without_channels": T("flattened without the channels", "展平时漏掉了通道"),
}


def mistakes(params: Params, solution) -> list[Mistake]:
    """Each mistake of MISTAKES that changes some answer, with the answers it changes."""
    right = {answer.name: answer.value for answer in solution.answers}
    found = []
    for name, message, rules in MISTAKES:
        wrong = {key: value for key, value in _answers(params, rules).items() if value != right[key]}
        if wrong:
            found.append(Mistake(name, message, wrong))
    return found
