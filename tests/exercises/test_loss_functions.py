"""loss_functions against torch.nn.functional in float64: every answer recomputed from the
problem's JSON parameters with the problem's reduction, weights, pos_weight, beta and margin
(the second loss of a hard problem on log_softmax(x), sigmoid(x), (1 + y)/2 or a - b, as the
question says); SYLLABUS.md 4.21's canonical instances (note 004's printed values); each named
mistake against the same torch computation done wrong on purpose; the parameters a user types."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated, generated_all, matches, refused

TOPIC = "loss_functions"
LOSSES = (
    "cross_entropy",
    "nll",
    "bce",
    "bce_with_logits",
    "l1",
    "mse",
    "smooth_l1",
    "soft_margin",
    "cosine_embedding",
    "margin_ranking",
)
LOG_LOSSES = ("cross_entropy", "bce", "bce_with_logits", "soft_margin")
LN2 = math.log(2)


def t(value):
    return torch.tensor(value, dtype=torch.float64)


def close(a, b, tol=1e-9) -> bool:
    a, b = np.array(a, dtype=float), np.array(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=tol, atol=tol)


# --- the oracle ---------------------------------------------------------------------------------


def torch_loss(loss, x, y, reduction, *, weight=None, pos_weight=None, beta=1.0, margin=0.0, b=None):
    """torch.nn.functional's loss, float64. Pair losses take x = input1, b = input2."""
    if loss == "cross_entropy":
        return F.cross_entropy(x, y.long(), weight=weight, reduction=reduction)
    if loss == "nll":
        return F.nll_loss(x, y.long(), weight=weight, reduction=reduction)
    if loss == "bce":
        return F.binary_cross_entropy(x, y, weight=weight, reduction=reduction)
    if loss == "bce_with_logits":
        return F.binary_cross_entropy_with_logits(x, y, weight=weight, pos_weight=pos_weight, reduction=reduction)
    if loss == "l1":
        return F.l1_loss(x, y, reduction=reduction)
    if loss == "mse":
        return F.mse_loss(x, y, reduction=reduction)
    if loss == "smooth_l1":
        return F.smooth_l1_loss(x, y, reduction=reduction, beta=beta)
    if loss == "soft_margin":
        return F.soft_margin_loss(x, y, reduction=reduction)
    if loss == "cosine_embedding":
        return F.cosine_embedding_loss(x, b, y, margin=margin, reduction=reduction)
    return F.margin_ranking_loss(x, b, y, margin=margin, reduction=reduction)


def options(raw: dict, loss: str, first: bool) -> dict:
    """The keyword options the problem gives `loss`: CE and NLL share the class weights,
    BCEWithLogits and BCE the element weights (pos_weight is BCEWithLogits's own)."""
    out = {}
    if "weight" in raw and loss in ("cross_entropy", "nll", "bce", "bce_with_logits"):
        out["weight"] = t(raw["weight"])
    if "pos_weight" in raw and first and loss == "bce_with_logits":
        out["pos_weight"] = t(raw["pos_weight"])
    if loss == "smooth_l1":
        out["beta"] = float(raw.get("beta", 1))
    if loss in ("cosine_embedding", "margin_ranking"):
        out["margin"] = float(raw.get("margin", 0))
    return out


def both(loss, x, y, reduction, **kw) -> dict:
    out = {"per_element": torch_loss(loss, x, y, "none", **kw)}
    if reduction != "none":
        out["reduced"] = torch_loss(loss, x, y, reduction, **kw)
    return out


def oracle(raw: dict) -> dict:
    """Every answer, by torch, from the JSON parameters alone."""
    loss, loss2, reduction = raw["loss"], raw.get("loss2"), raw["reduction"]
    y = t(raw["targets"])
    out = {}
    if loss in ("cosine_embedding", "margin_ranking"):
        a, b = t(raw["input1"]), t(raw["input2"])
        if loss == "cosine_embedding":
            out["cosine"] = F.cosine_similarity(a, b, dim=-1, eps=0)
        out |= both(loss, a, y, reduction, b=b, **options(raw, loss, True))
        x = None
    else:
        x = t(raw["input"])
        out |= both(loss, x, y, reduction, **options(raw, loss, True))
    if loss2:
        y2 = y
        if loss2 == "nll":
            x2 = out["input_2"] = F.log_softmax(x, dim=-1)
        elif loss2 == "bce":
            x2 = out["input_2"] = torch.sigmoid(x)
        elif loss2 == "bce_with_logits":
            x2, y2 = x, (1 + y) / 2
        elif loss2 == "soft_margin":
            x2 = out["input_2"] = a - b
        else:
            x2 = x
        second = both(loss2, x2, y2, reduction, **options(raw, loss2, False))
        out |= {f"{name}_2": value for name, value in second.items()}
    return {name: value.detach().numpy() for name, value in out.items()}


def expected(problem) -> dict:
    """The oracle's answers for a generated problem (once per session: several tests read them)."""
    if problem.id not in _EXPECTED:
        _EXPECTED[problem.id] = oracle(problem.params.to_json())
    return _EXPECTED[problem.id]


_EXPECTED = {}


def losses_of(problem) -> set:
    raw = problem.params.to_json()
    return {raw["loss"], raw.get("loss2")} - {None}


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_torch(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        answers = expected(problem)
        assert [a.name for a in problem.solution.answers] == [n for n in ANSWER_ORDER if n in answers], problem.id
        matches(problem, answers)


ANSWER_ORDER = ("cosine", "per_element", "reduced", "input_2", "per_element_2", "reduced_2")


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_every_loss_is_drawn_at_every_difficulty_and_matches_torch(difficulty):
    """Each of the ten losses (at hard: as the first or the second loss) within the tier's seeds,
    or the next ones: a loss missing from SEEDS is looked for further, never skipped."""
    found = {}
    for seed in [*SEEDS, *range(len(SEEDS), len(SEEDS) + 200)]:
        problem = generated(TOPIC, difficulty, seed)
        for loss in losses_of(problem) - found.keys():
            found[loss] = problem
        if len(found) == len(LOSSES):
            break
    assert set(found) == set(LOSSES), difficulty
    for problem in found.values():
        matches(problem, expected(problem))


def numbers(value) -> list:
    return list(np.ravel(np.array(value, dtype=float)))


def test_generated_parameters_fit_the_difficulty():
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            tensors = [raw[k] for k in ("input", "input1", "input2") if k in raw]
            assert all(2 <= len(numbers(v)) <= 6 for v in tensors), (problem.id, tensors)
            given = tensors + [raw["targets"]] + [raw[k] for k in ("weight", "pos_weight") if k in raw]
            step = 100 if raw["loss"] == "nll" else 10  # LogSoftmax outputs to 2 decimals; else tenths
            assert all(abs(v * step - round(v * step)) < 1e-9 for g in given for v in numbers(g)), problem.id
            if raw["loss"] == "bce":
                assert all(0 < v < 1 for v in numbers(raw["input"]))  # no probability 0 or 1 under a log
            answers = expected(problem)
            for name in ("per_element", "reduced", "per_element_2", "reduced_2"):
                if name in answers:  # no loss invisible at 3 decimals
                    values = np.abs(numbers(answers[name]))
                    assert np.all((values < 1e-9) | (values >= 0.002)) and values.max() > 0, (problem.id, name)
            if difficulty == "easy":
                assert raw["reduction"] == "none" and "loss2" not in raw and "weight" not in raw, problem.id
                assert all(v * 2 == round(v * 2) for v in numbers(raw.get("input", []))) or raw["loss"] in (
                    "bce",
                    "bce_with_logits",
                    "nll",
                ), problem.id
            elif difficulty == "medium":
                assert raw["reduction"] == "mean" and "loss2" not in raw, problem.id
                if raw["loss"] in ("cross_entropy", "nll", "bce"):
                    assert "weight" in raw, problem.id
                if raw["loss"] == "bce_with_logits":
                    assert "pos_weight" in raw, problem.id
            else:
                assert raw["reduction"] in ("mean", "sum"), problem.id
                assert "loss2" in raw or raw["loss"] == "cosine_embedding", problem.id


# --- SYLLABUS.md 4.21: note 004's examples and the extra instances -------------------------------

NOTE_CE = {"loss": "CrossEntropyLoss", "input": [[1, 2], [1, 3], [1, 3]], "targets": [0, 1, 1]}
WEIGHTED_CE = {"loss": "cross_entropy", "input": [[2, 1, 0], [0, 1, 3]], "targets": [0, 1], "weight": [1, 2, 1]}


def test_canonical_instances():
    def solved(raw):
        problem = registry.from_params(TOPIC, raw)
        return {a.name: a.value for a in problem.solution.answers}

    ce = solved(NOTE_CE | {"reduction": "mean"})
    assert close(ce["per_element"], [1.3133, 0.1269, 0.1269], 1e-4) and close(ce["reduced"], 0.5224, 1e-4)
    assert close(ce["per_element"][0], math.log(1 + math.e)) and close(ce["per_element"][1], math.log(1 + math.exp(-2)))
    nll_on_logits = solved(NOTE_CE | {"loss": "NLLLoss"})  # note 004 feeds the raw logits: a negative "loss"
    assert close(nll_on_logits["reduced"], -2.3333, 1e-4)
    pair = solved(NOTE_CE | {"loss2": "nll"})  # on log_softmax(x), NLLLoss gives the cross-entropy
    assert close(pair["reduced_2"], 0.5224, 1e-4) and close(pair["per_element_2"], ce["per_element"])
    assert solved({"loss": "l1", "input": [1, 1], "targets": [3, 3]})["reduced"] == 2
    assert solved({"loss": "mse", "input": [1, 1], "targets": [3, 3]})["reduced"] == 4
    soft = solved({"loss": "soft_margin", "input": [[0.3, 0.7], [0.5, 0.5]], "targets": [[-1, 1], [1, -1]]})
    assert close(soft["per_element"], [[0.8544, 0.4032], [0.4741, 0.9741]], 1e-4)
    assert close(soft["reduced"], 0.6764, 1e-4)
    vectors = {"input1": [[0.3, 0.5, 0.7]] * 2, "input2": [[0.1, 0.3, 0.5]] * 2, "targets": [1, -1]}
    cosine = solved({"loss": "cosine_embedding", "reduction": "none"} | vectors)
    assert close(cosine["per_element"], [0.0167, 0.9833], 1e-4) and close(cosine["cosine"], [0.983338] * 2, 1e-6)
    ranking = solved({"loss": "margin_ranking", "input1": [1, 2, 3], "input2": [2, 2, 2], "targets": [1, 1, -1]})
    assert ranking["per_element"] == [1, 0, 1]
    weighted = solved(WEIGHTED_CE)
    assert close(weighted["per_element"], [0.407606, 4.339692], 1e-6)  # weighted, as reduction 'none' gives them
    assert close(weighted["reduced"], 1.582433, 1e-6)  # Σ w ℓ / Σ w_y, not / N
    bce = solved({"loss": "bce", "input": [0.8, 0.3], "targets": [1, 0], "weight": [2, 1]})
    assert close(bce["reduced"], 0.401481, 1e-6)  # divided by the element count, not by Σ w
    logits = solved({"loss": "bce_with_logits", "input": [1, -0.5], "targets": [1, 0], "pos_weight": 3})
    assert close(logits["reduced"], 0.706931, 1e-6)
    smooth = solved({"loss": "smooth_l1", "input": [0.5, 2, -1], "targets": [0, 0, 0]})
    assert close(smooth["reduced"], 0.708333, 1e-6)


# --- mistakes: the torch computation done wrong on purpose ---------------------------------------


def wrong_oracle(raw: dict, slip: str) -> dict:
    """The answers a student gets with one slip, by torch (None: the slip cannot be made here)."""
    loss, loss2, reduction = raw["loss"], raw.get("loss2"), raw["reduction"]
    y = t(raw["targets"])
    other = {"mean": "sum", "sum": "mean"}.get(reduction, reduction)

    def run(name, x, y, first, **extra):
        kw = options(raw, name, first) | extra
        if slip == "unweighted_per_element":
            per = torch_loss(name, x, y, "none", **(kw | {"weight": None}))
        else:
            per = torch_loss(name, x, y, "none", **kw)
        out = {"per_element": per}
        if reduction != "none":
            red = other if slip == "reduction_mismatch" else reduction
            out["reduced"] = torch_loss(name, x, y, red, **kw)
            if red == "mean":
                total = torch_loss(name, x, y, "sum", **kw)
                if slip == "weighted_mean_over_n" and name in ("cross_entropy", "nll") and "weight" in kw:
                    out["reduced"] = total / y.numel()
                if slip == "bce_weight_normalised" and name in ("bce", "bce_with_logits") and "weight" in kw:
                    out["reduced"] = total / (kw["weight"] * torch.ones_like(x)).sum()
                if slip == "mean_over_rows" and x.dim() == 2 and name not in ("cross_entropy", "nll"):
                    out["reduced"] = total / x.shape[0]
        return out

    def scaled(out, factor):
        return {k: v * factor for k, v in out.items()}

    def first_loss():
        if loss in ("cosine_embedding", "margin_ranking"):
            a, b = t(raw["input1"]), t(raw["input2"])
            margin = float(raw.get("margin", 0))
            if loss == "margin_ranking":
                if slip == "ranking_sign":
                    return run(loss, a, -y, True, b=b)
                if slip == "no_clamp":
                    return hand(-y * (a - b) + margin)
                return run(loss, a, y, True, b=b)
            cos = F.cosine_similarity(a, b, dim=-1, eps=0)
            if slip == "dot_not_cosine":
                cos = (a * b).sum(-1)
            hinge = cos - margin
            per = torch.where(y == 1, 1 - cos, hinge if slip == "no_clamp" else hinge.clamp(min=0))
            return {"cosine": cos} | hand(per)
        x = t(raw["input"])
        if slip == "nll_on_logits" and loss == "cross_entropy":
            return run("nll", x, y, True)
        if slip == "nll_sign" and loss == "nll":
            return run("nll", -x, y, True)
        if slip == "mse_with_half" and loss == "mse":
            return scaled(run(loss, x, y, True), 0.5)
        if slip == "absolute_value_dropped" and loss == "l1":
            return hand(x - y)
        if slip == "beta_ignored" and loss == "smooth_l1":
            return run(loss, x, y, True, beta=1.0)
        if loss == "bce_with_logits":
            if slip == "bce_on_logits":
                if not bool(((x > 0) & (x < 1)).all()):
                    return None
                return bce_without_sigmoid(x, y)
            if slip == "pos_weight_everywhere" and "pos_weight" in raw:
                weight = t(raw["pos_weight"]) * (t(raw["weight"]) if "weight" in raw else 1)
                return run(loss, x, y, True, pos_weight=None, weight=weight * torch.ones_like(x))
        out = run(loss, x, y, True)
        return scaled(out, 1 / LN2) if slip == "log2" and loss in LOG_LOSSES else out

    def hand(per):
        """Per-element values a student computed by hand, reduced as PyTorch reduces."""
        out = {"per_element": per}
        if reduction != "none":
            red = other if slip == "reduction_mismatch" else reduction
            out["reduced"] = per.mean() if red == "mean" else per.sum()
        return out

    def bce_without_sigmoid(x, y):
        """BCEWithLogits with its logits taken for probabilities: BCELoss on x, pos_weight as a
        weight on the positive targets (0/1 targets)."""
        weight = t(raw["weight"]) if "weight" in raw else torch.ones_like(x)
        if "pos_weight" in raw:
            weight = weight * (t(raw["pos_weight"]) * y + (1 - y))
        return run("bce", x, y, False, weight=weight * torch.ones_like(x))

    out = first_loss()
    if out is None:
        return None
    if loss2:
        x = t(raw["input"]) if "input" in raw else None
        y2, x2 = y, x
        if loss2 == "nll":
            if slip == "nll_on_logits":
                x2 = x
            elif slip == "nll_on_probabilities":
                x2 = torch.softmax(x, dim=-1)
            else:
                x2 = F.log_softmax(x, dim=-1) / (LN2 if slip == "log2" else 1)
            out["input_2"] = x2
            second = run("nll", -x2 if slip == "nll_sign" else x2, y, False)
        elif loss2 == "bce":
            if slip == "bce_on_logits":
                if not bool(((x > 0) & (x < 1)).all()):
                    return None
                x2 = x
            else:
                x2 = torch.sigmoid(x)
            out["input_2"] = x2
            second = run("bce", x2, y, False)
        elif loss2 == "bce_with_logits":
            y2 = (1 + y) / 2
            if slip == "bce_on_logits":
                if not bool(((x > 0) & (x < 1)).all()):
                    return None
                second = run("bce", x, y2, False)
            else:
                second = run("bce_with_logits", x, y2, False)
        elif loss2 == "soft_margin":
            x2 = out["input_2"] = t(raw["input1"]) - t(raw["input2"])
            second = run("soft_margin", x2, y, False)
        elif slip == "mse_with_half" and loss2 == "mse":
            second = scaled(run("mse", x, y, False), 0.5)
        elif slip == "absolute_value_dropped" and loss2 == "l1":
            second = hand(x - y)
        elif slip == "beta_ignored" and loss2 == "smooth_l1":
            second = run("smooth_l1", x, y, False, beta=1.0)
        else:
            second = run(loss2, x, y, False)
        if slip == "log2" and loss2 in LOG_LOSSES:
            second = scaled(second, 1 / LN2)
        out |= {f"{name}_2": value for name, value in second.items()}
    return {name: value.detach().numpy() for name, value in out.items()}


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        for mistake in problem.mistakes:
            wrong = wrong_oracle(raw, mistake.name)
            assert wrong is not None, (problem.id, mistake.name)
            for name, value in mistake.answers.items():
                assert close(value, wrong[name]), (problem.id, mistake.name, name, value, wrong[name])


def test_every_mistake_is_named_somewhere_and_recognised():
    """Each named mistake occurs in the default seeds, and its wrong value typed in is judged
    wrong and named (the note's slips among them: NLLLoss on raw logits, ÷ N for the weighted
    mean, log₂)."""
    names = set(registry.family(TOPIC).MISTAKE_NAMES)
    seen = set()
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            for mistake in problem.mistakes:
                for name, value in mistake.answers.items():
                    verdict = judge(problem, problem.answer(name), value)
                    assert verdict.kind == WRONG and verdict.mistake is not None, (problem.id, mistake.name, name)
                    assert close(verdict.mistake.answers[name], value, 1e-6), (problem.id, mistake.name)
                seen.add(mistake.name)
    assert seen == names, names - seen


def test_the_notes_slips_are_named():
    """S21: NLLLoss fed the raw logits of note 004's CrossEntropyLoss example; the weighted mean
    divided by N; log₂."""
    problem = registry.from_params(TOPIC, NOTE_CE | {"loss2": "nll", "reduction": "mean"})
    verdict = judge(problem, problem.answer("reduced_2"), -2.3333)
    assert verdict.kind == WRONG and verdict.mistake.name == "nll_on_logits"
    assert "-2.3333" in str(verdict.message) and "004" in str(verdict.message)
    verdict = judge(problem, problem.answer("reduced"), round(0.5224 / LN2, 4))
    assert verdict.kind == WRONG and verdict.mistake.name == "log2"
    problem = registry.from_params(TOPIC, WEIGHTED_CE)
    verdict = judge(problem, problem.answer("reduced"), round((0.407606 + 4.339692) / 2, 4))
    assert verdict.kind == WRONG and verdict.mistake.name == "weighted_mean_over_n"
    verdict = judge(problem, problem.answer("per_element"), [0.4076, 2.1698])  # the unweighted losses
    assert verdict.kind == WRONG and verdict.mistake.name == "unweighted_per_element"


# --- parameters the user types ----------------------------------------------------------------------


def test_homework_shapes_match_torch():
    """Class names and aliases as a homework writes them, one unbatched sample, a 2-D BCE with a
    weight per column, a pos_weight per column, the note's 2-D SoftMarginLoss, sums."""
    cases = [
        {"loss": "CrossEntropyLoss", "input": [1, 2, 0.5], "targets": 1, "weight": [1, 2, 1]},
        {"loss": "F.cross_entropy", "input": [[1, 2, 0.5]], "targets": [2], "reduction": "sum"},
        {"loss": "BCELoss", "input": [[0.9, 0.2], [0.4, 0.6]], "targets": [[1, 0], [0, 1]], "weight": [1, 3]},
        {
            "loss": "BCEWithLogitsLoss",
            "input": [[1, -2], [0.5, 0]],
            "targets": [[1, 0], [1, 1]],
            "pos_weight": [2, 4],
            "reduction": "sum",
        },
        {"loss": "binary_cross_entropy_with_logits", "input": [0.3, -1], "targets": [0.25, 1]},  # soft targets
        {"loss": "SmoothL1Loss", "input": [[0.5, 3]], "targets": [[0, 0]], "beta": 0.5, "reduction": "none"},
        {"loss": "mae", "input": [1, -2], "targets": [0, 0], "loss2": "MSELoss"},
        {"loss": "cosine_embedding", "input1": [1, 2], "input2": [2, 1], "targets": -1, "margin": 0.5},
        {"loss": "MarginRankingLoss", "input1": [1, 2], "input2": [2, 2], "targets": [1, -1], "margin": -0.5},
        {"loss": "nll", "input": [[-0.2, -1.8]], "targets": [0]},
        {"loss": "cross_entropy", "input": [1, 2, 0.5], "targets": 1, "loss2": "nll", "reduction": "none"},
        {
            "loss": "bce_with_logits",
            "input": [[1, -2], [0.5, 0]],
            "targets": [[1, 0], [1, 1]],
            "weight": [[1, 2], [3, 1]],
            "pos_weight": [2, 4],
            "loss2": "bce",
        },
        {"loss": "soft_margin", "input": [0.5, -1, 2], "targets": [1, 1, -1], "loss2": "bce_with_logits"},
    ]
    for raw in cases:
        problem = registry.from_params(TOPIC, raw)
        matches(problem, oracle(problem.params.to_json()))
    raw = {"loss": "ce", "input": [[1, 2], [1, 3], [1, 3]], "targets": [0, 1, 1], "reduction": "Average"}
    problem = registry.from_params(TOPIC, raw)
    assert problem.params.loss == "cross_entropy" and problem.params.reduction == "mean"
    assert problem.params.to_json()["targets"] == [0, 1, 1]


GOOD = {"loss": "cross_entropy", "input": [[1, 2], [1, 3]], "targets": [0, 1]}


@pytest.mark.parametrize(
    "raw, words",
    [
        ({"input": [1, 2], "targets": 0}, ["missing", "loss"]),
        (GOOD | {"loss": "hinge"}, ["'loss'", "cross_entropy", "CrossEntropyLoss"]),
        (GOOD | {"lr": 1}, ["unknown", "'lr'"]),
        ({"loss": "mse", "targets": [1, 2]}, ["MSELoss", "'input'"]),
        (GOOD | {"margin": 0.5}, ["'margin'", "CrossEntropyLoss"]),
        (GOOD | {"targets": [0, 2]}, ["'targets'", "0 to 1"]),
        (GOOD | {"targets": [0]}, ["'targets'"]),
        (GOOD | {"weight": [1, 2, 3]}, ["'weight'"]),
        (GOOD | {"weight": [0, 0]}, ["weights", "0"]),
        (GOOD | {"reduction": "max"}, ["'reduction'", "none", "mean", "sum"]),
        (GOOD | {"loss2": "bce"}, ["'loss2'", "nll"]),
        (GOOD | {"input": [[1, 2], [3, 4, 5]]}, ["'input'", "rows differ"]),
        ({"loss": "bce", "input": [1, 0.5], "targets": [1, 0]}, ["BCELoss", "0 and 1", "-100"]),
        ({"loss": "bce", "input": [0.2, 0.5], "targets": [1, 0, 1]}, ["'targets'", "shape", "'input'"]),
        ({"loss": "bce_with_logits", "input": [40, 0.5], "targets": [1, 0]}, ["'input'"]),
        ({"loss": "soft_margin", "input": [0.2, 0.5], "targets": [1, 0]}, ["'targets'", "1 or -1"]),
        ({"loss": "nll", "input": [[-1, -2]], "targets": [2]}, ["'targets'", "0 to 1"]),
        ({"loss": "smooth_l1", "input": [1], "targets": [0], "beta": -1}, ["'beta'"]),
        (
            {"loss": "cosine_embedding", "input1": [[1, 0], [0, 0]], "input2": [[1, 1], [1, 2]], "targets": [1, -1]},
            ["row 2", "'input1'", "zero vector"],
        ),
        (  # note 004's 2-D target (S22)
            {"loss": "cosine_embedding", "input1": [[1, 0], [0, 1]], "input2": [[1, 1], [1, 2]], "targets": [[1, -1]]},
            ["'targets'", "flat list", "[[1, -1]]", "004"],
        ),
        (  # note 004's (3, 1) inputs (S23)
            {"loss": "margin_ranking", "input1": [[1], [2], [3]], "input2": [2, 2, 2], "targets": [1, -1, 1]},
            ["'input1'", "flat list", "[[1], [2], [3]]"],
        ),
        ({"loss": "mse", "input": [1, 2], "targets": [1, 2], "pos_weight": 2}, ["'pos_weight'", "MSELoss"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


@pytest.mark.parametrize(
    "raw, words",
    [
        (GOOD | {"targets": [0, 2]}, ["参数 'targets'"]),
        ({"loss": "bce", "input": [1, 0.5], "targets": [1, 0]}, ["BCELoss", "概率"]),
        (GOOD | {"loss": "hinge"}, ["参数 'loss'"]),
        (GOOD | {"margin": 0.5}, ["'margin'"]),
    ],
)
def test_bad_parameters_in_chinese(raw, words):
    refused(TOPIC, raw, words, lang="zh")


def test_the_sheet_speaks_the_course_chinese():
    raw = NOTE_CE | {"loss2": "nll", "weight": [1, 2]}
    zh = render([registry.from_params(TOPIC, raw)], "text", solutions=True, lang="zh")
    for term in ("损失函数", "交叉熵", "负对数似然", "自然对数", "对数概率", "类别权重", "加权平均"):
        assert term in zh.replace("\n", ""), term
