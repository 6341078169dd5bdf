"""optimizer_steps against two independent oracles: torch.optim (SGD with momentum and dampening
0, Adagrad, RMSprop, Adam, in float64, with the problem's hyper-parameters) driven by the
problem's gradients, for the pytorch convention; a numpy implementation of the Lee formulas of
SYLLABUS.md 4.20, written here, for the lee convention (and both for gd and Adam, where the two
agree). The named mistakes are recomputed the same way, done wrong on purpose; user parameters."""

import json

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from exercises.core import registry
from exercises.core.render import render
from grader.practice.verdicts import WRONG, judge
from mlexam import main
from tests.problems import DIFFICULTIES, SEEDS, TIERS, generated_all, matches, refused

TOPIC = "optimizer_steps"
STATE = {"gd": [], "momentum": ["m"], "adagrad": ["sigma"], "rmsprop": ["sigma"], "adam": ["m", "v", "m_hat", "v_hat"]}


def names(raw: dict) -> list[str]:
    return (["grad"] if "a" in raw else []) + STATE[raw["optimizer"]] + ["theta"]


def setting(raw: dict) -> dict:
    """The problem's numbers as floats (the defaults of the family's contract where absent)."""
    theta0 = np.atleast_1d(np.array(raw["theta0"], dtype=float))
    d = len(theta0)
    out = {
        "theta0": theta0,
        "eta": float(raw["eta"]),
        "lam": float(raw.get("lam", 0.9)),
        "alpha": float(raw.get("alpha", 0.9)),
        "beta1": float(raw.get("beta1", 0.9)),
        "beta2": float(raw.get("beta2", 0.999)),
        "eps": float(raw.get("eps", 0)),
    }
    if "a" in raw:
        out["a"] = np.broadcast_to(np.array(raw["a"], dtype=float), (d,)).copy()
        out["steps"] = raw.get("steps", 1)
    else:
        out["grads"] = [np.atleast_1d(np.array(g, dtype=float)) for g in raw["grads"]]
        out["steps"] = len(raw["grads"])
    return out


def shaped(raw: dict, found: dict) -> dict:
    """Lists over the steps: of numbers for one parameter, of lists otherwise."""
    scalar = not isinstance(raw["theta0"], list)
    return {k: [float(x[0]) if scalar else [float(y) for y in x] for x in v] for k, v in found.items()}


# --- the oracles ----------------------------------------------------------------------------


def torch_oracle(raw: dict, *, plain=False) -> dict:
    """torch.optim in float64: the loss Σ aⱼθⱼ² by autograd, or the given gradients put in .grad."""
    s = setting(raw)
    theta = torch.tensor(s["theta0"], dtype=torch.float64, requires_grad=True)
    opt = "gd" if plain else raw["optimizer"]
    if opt in ("gd", "momentum"):
        momentum = s["lam"] if opt == "momentum" else 0.0
        optimizer = torch.optim.SGD([theta], lr=s["eta"], momentum=momentum, dampening=0)
    elif opt == "adagrad":
        optimizer = torch.optim.Adagrad([theta], lr=s["eta"], eps=s["eps"], initial_accumulator_value=0)
    elif opt == "rmsprop":
        optimizer = torch.optim.RMSprop([theta], lr=s["eta"], alpha=s["alpha"], eps=s["eps"])
    else:
        optimizer = torch.optim.Adam([theta], lr=s["eta"], betas=(s["beta1"], s["beta2"]), eps=s["eps"])
    found = {name: [] for name in ["grad", "m", "sigma", "v", "m_hat", "v_hat", "theta"]}
    for t in range(s["steps"]):
        optimizer.zero_grad()
        if "a" in s:
            (torch.tensor(s["a"], dtype=torch.float64) * theta**2).sum().backward()
        else:
            theta.grad = torch.tensor(s["grads"][t], dtype=torch.float64)
        found["grad"].append(theta.grad.detach().numpy().copy())
        optimizer.step()
        state = optimizer.state[theta]
        if opt == "momentum":
            found["m"].append(state["momentum_buffer"].numpy().copy())
        elif opt == "adagrad":
            found["sigma"].append(np.sqrt(state["sum"].numpy()))
        elif opt == "rmsprop":
            found["sigma"].append(np.sqrt(state["square_avg"].numpy()))
        elif opt == "adam":
            m, v = state["exp_avg"].numpy().copy(), state["exp_avg_sq"].numpy().copy()
            found["m"].append(m)
            found["v"].append(v)
            found["m_hat"].append(m / (1 - s["beta1"] ** (t + 1)))
            found["v_hat"].append(v / (1 - s["beta2"] ** (t + 1)))
        found["theta"].append(theta.detach().numpy().copy())
    return shaped(raw, found)


def lee_oracle(
    raw: dict,
    *,
    momentum_sign=1.0,
    descent=1.0,
    bias_correction=True,
    root=np.sqrt,
    plain=False,
    convention="lee",
) -> dict:
    """Hung-yi Lee's formulas in numpy (SYLLABUS.md 4.20), and the ways a mistake changes them:
    m = λm - ηg, θ = θ + m; σᵗ = √(mean of (gⁱ)², i ≤ t); σ⁰ = |g⁰|, σᵗ = √(α(σᵗ⁻¹)² + (1 - α)(gᵗ)²);
    Adam with bias correction. `convention="pytorch"` swaps in torch's first RMSProp step and
    Adagrad's sum (for the mistakes only)."""
    s = setting(raw)
    theta = s["theta0"].copy()
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    squares, sigma = [], None
    found = {name: [] for name in ["grad", "m", "sigma", "v", "m_hat", "v_hat", "theta"]}
    eta, eps = s["eta"], s["eps"]
    for t in range(s["steps"]):
        g = 2 * s["a"] * theta if "a" in s else s["grads"][t]
        found["grad"].append(g)
        opt = "gd" if plain else raw["optimizer"]
        if opt == "gd":
            theta = theta - descent * eta * g
        elif opt == "momentum":
            if convention == "lee":
                m = s["lam"] * m - momentum_sign * eta * g
                theta = theta + m
            else:
                m = s["lam"] * m + g
                theta = theta - momentum_sign * eta * m
            found["m"].append(m)
        elif opt == "adagrad":
            squares.append(g**2)
            mean = np.mean(squares, axis=0) if convention == "lee" else np.sum(squares, axis=0)
            sigma = root(mean)
            found["sigma"].append(sigma)
            theta = theta - eta * g / (sigma + eps)
        elif opt == "rmsprop":
            if t == 0 and convention == "lee":
                v = g**2
            elif t == 0:
                v = (1 - s["alpha"]) * g**2
            else:
                v = s["alpha"] * v + (1 - s["alpha"]) * g**2
            sigma = root(v)
            found["sigma"].append(sigma)
            theta = theta - eta * g / (sigma + eps)
        else:
            m = s["beta1"] * m + (1 - s["beta1"]) * g
            v = s["beta2"] * v + (1 - s["beta2"]) * g**2
            m_hat = m / (1 - s["beta1"] ** (t + 1)) if bias_correction else m
            v_hat = v / (1 - s["beta2"] ** (t + 1)) if bias_correction else v
            found["m"].append(m)
            found["v"].append(v)
            found["m_hat"].append(m_hat)
            found["v_hat"].append(v_hat)
            theta = theta - eta * m_hat / (root(v_hat) + eps)
        found["theta"].append(theta)
    return shaped(raw, found)


def oracle(raw: dict) -> dict:
    """The answers the problem's convention gives, by its oracle."""
    found = torch_oracle(raw) if raw["convention"] == "pytorch" else lee_oracle(raw)
    return {name: found[name] for name in names(raw)}


def close(a, b, tol=1e-9) -> bool:
    a, b = np.array(a, dtype=float), np.array(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=tol, atol=tol)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_answers_match_the_oracles(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        assert [a.name for a in problem.solution.answers] == names(raw), problem.id
        matches(problem, oracle(raw))
        if raw["optimizer"] in ("gd", "adam"):  # the two conventions agree: both oracles do
            lee, torch_ = lee_oracle(raw), torch_oracle(raw)
            assert all(close(lee[name], torch_[name]) for name in names(raw)), problem.id


def test_lee_adagrad_is_torch_adagrad_with_a_rate_growing_as_root_t():
    """SYLLABUS.md 4.20: Lee's AdaGrad = Adagrad(eps=0) with lr_t = η√(t+1) (LambdaLR)."""
    raw = {"optimizer": "adagrad", "convention": "lee", "theta0": [1, -1], "grads": [[2, 1], [1.5, -0.5], [1, 2]]}
    raw["eta"] = 0.1
    theta = torch.tensor([1.0, -1.0], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.Adagrad([theta], lr=0.1, eps=0)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: float(np.sqrt(t + 1)))
    path = []
    for g in raw["grads"]:
        theta.grad = torch.tensor(g, dtype=torch.float64)
        optimizer.step()
        schedule.step()
        path.append(theta.detach().numpy().copy())
    problem = registry.from_params(TOPIC, raw)
    assert close(problem.answer("theta").value, path)
    assert close(lee_oracle(raw)["theta"], path)


def test_generated_parameters_fit_the_difficulty():
    for difficulty in DIFFICULTIES:
        for problem in generated_all(TOPIC, difficulty, SEEDS):
            raw = problem.params.to_json()
            assert raw["eta"] in (0.1, 0.5)
            assert raw["convention"] == "lee" or raw["optimizer"] in ("momentum", "adagrad", "rmsprop")
            assert all(raw[name] in (0.5, 0.9) for name in ("lam", "alpha") if name in raw)
            assert raw.get("beta1", 0.9) == 0.9 and raw.get("beta2", 0.999) == 0.999 and raw.get("eps", 0) == 0
            if difficulty == "easy":
                assert raw["theta0"] == 1 and raw["a"] in (1, 0.5, 2)
                assert raw["steps"] == (2 if raw["optimizer"] in ("momentum", "adagrad") else 1)
            elif difficulty == "medium":
                assert raw["theta0"] == [1, -1] and raw["steps"] == 2
                a, b = (2 * x for x in raw["a"])
                assert a != b and {a, b} <= {1, 2, 3, 4}
            else:
                assert raw["theta0"] == [1, -1] and raw["optimizer"] != "gd" and len(raw["grads"]) == 3
                entries = [x for g in raw["grads"] for x in g]
                assert all(0.2 <= abs(x) <= 2 and round(10 * x) == 10 * x for x in entries), raw["grads"]
            # nothing asked is too small to see at the precision asked
            found = torch_oracle(raw) if raw["convention"] == "pytorch" else lee_oracle(raw)
            grads = np.abs(np.array(found["grad"], dtype=float))
            assert grads.min() >= 0.05, problem.id
            path = np.array([raw["theta0"]] + found["theta"], dtype=float)
            assert np.abs(np.diff(path, axis=0)).min() >= 0.01, problem.id


# --- the syllabus's canonical instance -------------------------------------------------------

# L = θ², θ⁰ = 1, η = 0.1, three steps (SYLLABUS.md 4.20, checked there against torch)
CANONICAL = [
    ("gd", "lee", {}, [0.8, 0.64, 0.512]),
    ("momentum", "lee", {"lam": 0.9}, [0.8, 0.46, 0.062]),
    ("momentum", "pytorch", {"lam": 0.9}, [0.8, 0.46, 0.062]),
    ("adagrad", "lee", {}, [0.9, 0.805394, 0.716429]),
    ("adagrad", "pytorch", {}, [0.9, 0.833104, 0.780456]),
    ("rmsprop", "lee", {"alpha": 0.9}, [0.9, 0.809133, 0.726046]),
    ("rmsprop", "pytorch", {"alpha": 0.9}, [0.683772, 0.498871, 0.369181]),
    ("adam", "lee", {}, [0.9, 0.800412, 0.701586]),
    ("adam", "pytorch", {}, [0.9, 0.800412, 0.701586]),
]


def canonical(optimizer, convention, extra):
    raw = {"optimizer": optimizer, "convention": convention, "theta0": 1, "a": 1, "eta": 0.1, "steps": 3}
    return raw | extra


@pytest.mark.parametrize("optimizer, convention, extra, thetas", CANONICAL)
def test_the_canonical_instance(optimizer, convention, extra, thetas):
    raw = canonical(optimizer, convention, extra)
    problem = registry.from_params(TOPIC, raw)
    assert close(problem.answer("theta").value, thetas, 1e-6), problem.answer("theta").value
    matches(problem, oracle(raw))
    if optimizer == "adam":
        assert problem.answer("m").value[:2] == pytest.approx([0.2, 0.36])
        assert problem.answer("m_hat").value[0] == pytest.approx(2.0)  # the first Adam step is η·sign(g)


def test_momentum_conventions_move_theta_alike_but_keep_different_states():
    lee = registry.from_params(TOPIC, canonical("momentum", "lee", {"lam": 0.9}))
    torch_ = registry.from_params(TOPIC, canonical("momentum", "pytorch", {"lam": 0.9}))
    assert close(lee.answer("m").value, [-0.2, -0.34, -0.398])  # m = -η b
    assert close(torch_.answer("m").value, [2, 3.4, 3.98])


# --- mistakes -------------------------------------------------------------------------------

REQUIRED = {
    "gd": {"gradient_sign"},
    "momentum": {"momentum_sign", "momentum_convention", "plain_gd"},
    "adagrad": {"adagrad_sum_vs_mean", "squared_without_sqrt", "plain_gd"},
    "rmsprop": {"squared_without_sqrt", "plain_gd"},
    "adam": {"adam_no_bias_correction", "squared_without_sqrt", "plain_gd"},
}


def wrong_answers(raw: dict, name: str) -> dict:
    """The answers the mistake `name` gives, recomputed here."""
    other = "pytorch" if raw["convention"] == "lee" else "lee"
    if name == "missing_factor_2":  # the derivative of aθ² taken as aθ: the gradient of (a/2)θ²
        half = raw | {"a": (np.array(raw["a"], dtype=float) / 2).tolist()}
        return oracle(half)
    if name in ("momentum_convention", "adagrad_sum_vs_mean", "rmsprop_zero_init", "rmsprop_g0_init"):
        return oracle(raw | {"convention": other})
    if name == "plain_gd":
        return torch_oracle(raw, plain=True)
    how = {
        "gradient_sign": {"descent": -1.0},
        "momentum_sign": {"momentum_sign": -1.0, "convention": raw["convention"]},
        "adam_no_bias_correction": {"bias_correction": False},
        "squared_without_sqrt": {"root": lambda x: x, "convention": raw["convention"]},
    }[name]
    return lee_oracle(raw, **how)


@pytest.mark.parametrize("seeds", TIERS)
@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_mistakes_are_the_wrong_computations(difficulty, seeds):
    for problem in generated_all(TOPIC, difficulty, seeds):
        raw = problem.params.to_json()
        declared = {m.name: m.answers for m in problem.mistakes}
        required = REQUIRED[raw["optimizer"]] | ({"missing_factor_2"} if "a" in raw else set())
        if raw["optimizer"] == "rmsprop":
            required.add("rmsprop_zero_init" if raw["convention"] == "lee" else "rmsprop_g0_init")
        assert required <= set(declared), (problem.id, sorted(required - set(declared)))
        for name, answers in declared.items():
            expected = wrong_answers(raw, name)
            for answer, value in answers.items():
                assert close(value, expected[answer]), (problem.id, name, answer)
                right = problem.answer(answer)
                assert not right.check.accepts(value, right.value), (problem.id, name, answer)


def test_the_other_convention_is_named():
    lee = registry.from_params(TOPIC, canonical("rmsprop", "lee", {"alpha": 0.9}))
    verdict = judge(lee, lee.answer("theta"), [0.683772, 0.498871, 0.369181])  # PyTorch's numbers
    assert verdict.kind == WRONG and verdict.mistake.name == "rmsprop_zero_init"
    torch_ = registry.from_params(TOPIC, canonical("rmsprop", "pytorch", {"alpha": 0.9}))
    verdict = judge(torch_, torch_.answer("theta"), [0.9, 0.809133, 0.726046])  # Lee's numbers
    assert verdict.kind == WRONG and verdict.mistake.name == "rmsprop_g0_init"
    lee = registry.from_params(TOPIC, canonical("adagrad", "lee", {}))
    verdict = judge(lee, lee.answer("theta"), [0.9, 0.8331, 0.7805])  # at the precision typed
    assert verdict.kind == WRONG and verdict.mistake.name == "adagrad_sum_vs_mean"
    lee = registry.from_params(TOPIC, canonical("momentum", "lee", {"lam": 0.9}))
    verdict = judge(lee, lee.answer("m"), [2, 3.4, 3.98])  # PyTorch's buffers for Lee's movements
    assert verdict.kind == WRONG and verdict.mistake.name == "momentum_convention"


def test_the_optimisers_own_slips_are_named():
    adam = registry.from_params(TOPIC, canonical("adam", "lee", {}))
    no_correction = lee_oracle(canonical("adam", "lee", {}), bias_correction=False)["theta"]
    verdict = judge(adam, adam.answer("theta"), [round(x, 4) for x in no_correction])
    assert verdict.kind == WRONG and verdict.mistake.name == "adam_no_bias_correction"
    momentum = registry.from_params(TOPIC, canonical("momentum", "lee", {"lam": 0.9}))
    verdict = judge(momentum, momentum.answer("theta"), [0.8, 0.64, 0.512])  # plain gradient descent
    assert verdict.kind == WRONG and verdict.mistake.name == "plain_gd"
    uphill = lee_oracle(canonical("momentum", "lee", {"lam": 0.9}), momentum_sign=-1.0)["theta"]
    verdict = judge(momentum, momentum.answer("theta"), [round(x, 4) for x in uphill])  # m = λm + ηg
    assert verdict.kind == WRONG and verdict.mistake.name == "momentum_sign"
    adagrad = registry.from_params(TOPIC, canonical("adagrad", "lee", {}) | {"steps": 2})
    # σ without its root: σ⁰ = 4, so θ¹ = 1 - 0.1·2/4 = 0.95; then (4 + 1.9²)/2 = 3.805
    assert judge(adagrad, adagrad.answer("theta"), [0.95, 0.9001]).mistake.name == "squared_without_sqrt"
    gd = registry.from_params(TOPIC, canonical("gd", "lee", {}))
    assert judge(gd, gd.answer("grad"), [1, 0.9, 0.81]).mistake.name == "missing_factor_2"
    assert judge(gd, gd.answer("theta"), [1.2, 1.44, 1.728]).mistake.name == "gradient_sign"


def test_the_parameters_before_a_step_never_pass_for_those_after():
    problem = registry.from_params(
        TOPIC, {"optimizer": "adam", "theta0": [1, -1], "grads": [[1, -1], [1, -1]], "eta": 0.002}
    )
    theta = problem.answer("theta")
    assert theta.check.abs_tol < 0.002  # a step of 0.002 is finer than 3 decimals
    assert not theta.check.accepts([[1, -1], [1, -1]], theta.value)
    assert theta.check.accepts(theta.value, theta.value)


# --- parameters the user types ---------------------------------------------------------------

HOMEWORK = {"optimizer": "rmsprop", "convention": "lee", "theta0": [1, -1], "a": [0.5, 1.5], "eta": 0.1, "steps": 2}


def with_(**changes):
    return HOMEWORK | changes


def without(*names):
    return {k: v for k, v in HOMEWORK.items() if k not in names}


@pytest.mark.parametrize(
    "raw, words",
    [
        (without("eta"), ["missing", "eta"]),
        (with_(rate=0.1), ["unknown", "'rate'"]),
        (with_(lr=0.1), ["'eta'", "twice", "'lr'"]),
        (with_(optimizer="sgd", momentum=0.9), ["'lam'", "optimizer=momentum"]),
        (with_(optimizer="adam", betas=[0.9]), ["'betas'", "[0.9, 0.999]"]),
        (with_(optimizer="lbfgs"), ["'optimizer'", "gd", "adam"]),
        (with_(convention="keras"), ["'convention'", "lee", "pytorch"]),
        (with_(grads=[[1, 2]]), ["'a'", "'grads'", "both"]),
        (without("a"), ["'a'", "'grads'", "--param"]),
        (with_(lam=0.9), ["'lam'", "momentum"]),
        (with_(alpha=1), ["'alpha'", "[0, 1)"]),
        (with_(alpha=-0.5), ["'alpha'"]),
        (with_(eta=0), ["'eta'", "(0, 10]"]),
        (with_(eta="fast"), ["'eta'"]),
        (with_(a=[1, 2, 3]), ["'a'", "2", "3"]),
        (with_(a=[0, 1]), ["'a'", "0"]),
        (with_(a=-1), ["'a'"]),
        (with_(steps=6), ["'steps'", "1-5"]),
        (with_(steps=1.5), ["'steps'"]),
        (with_(theta0=[1, 2, 3, 4, 5]), ["'theta0'", "1-4"]),
        (with_(theta0="one"), ["'theta0'"]),
        (with_(eps=2), ["'eps'", "[0, 1]"]),
        (with_(theta0=[0, 1], optimizer="adagrad"), ["coordinate 1", "0", "eps"]),
        (without("a", "steps") | {"grads": [[1, 2], [3]]}, ["'grads'", "2 numbers"]),
        (without("a", "steps") | {"grads": []}, ["'grads'"]),
        (without("a", "steps") | {"grads": [[1, 2]] * 6}, ["'grads'", "1-5"]),
        (without("a") | {"grads": [[1, 2], [1, 1], [2, 1]], "steps": 2}, ["'steps'", "3 gradients"]),
    ],
)
def test_bad_parameters(raw, words):
    refused(TOPIC, raw, words)


def test_bad_parameters_in_chinese():
    refused(TOPIC, with_(lam=0.9), ["参数 'lam'", "momentum"], lang="zh")
    refused(TOPIC, with_(theta0=[0, 1], optimizer="adagrad"), ["第 1 个坐标", "eps"], lang="zh")
    refused(TOPIC, without("a"), ["'a'", "'grads'"], lang="zh")


def test_a_homework_through_the_command_line_matches_torch():
    """As a homework brings it: PyTorch's RMSprop with its usual α and ε, three given gradients,
    typed with a Chinese input method's full-width brackets and commas."""
    args = ["solve", TOPIC, "-p", "optimizer=RMSprop", "-p", "convention=PyTorch", "-p", "theta0=［1，-1］"]
    args += ["-p", "grads=[[0.5, -1], [0.3, -0.8], [0.1, -0.6]]", "-p", "lr=0.01", "-p", "alpha=0.99"]
    args += ["-p", "eps=1e-8", "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    got = {a["name"]: a["value"] for a in json.loads(result.output)["problems"][0]["answers"]}
    raw = {"optimizer": "rmsprop", "convention": "pytorch", "theta0": [1, -1], "eta": 0.01, "alpha": 0.99}
    raw |= {"eps": 1e-8, "grads": [[0.5, -1], [0.3, -0.8], [0.1, -0.6]]}
    expected = torch_oracle(raw)
    assert list(got) == ["sigma", "theta"]
    assert close(got["sigma"], expected["sigma"]) and close(got["theta"], expected["theta"])


def test_pytorchs_names_for_the_hyper_parameters():
    typed = {"optimizer": "Adam", "convention": "torch", "theta0": [1, -1], "a": [1, 3], "steps": 3}
    problem = registry.from_params(TOPIC, typed | {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-8})
    raw = typed | {"optimizer": "adam", "convention": "pytorch", "eta": 0.05, "beta1": 0.8, "beta2": 0.99}
    raw["eps"] = 1e-8
    expected = torch_oracle(raw)
    matches(problem, {name: expected[name] for name in names(raw)})
    assert problem.params.to_json() == raw
    momentum = {"optimizer": "momentum", "theta0": 1, "a": 1, "steps": 3}
    problem = registry.from_params(TOPIC, momentum | {"learning_rate": 0.1, "momentum": 0.9})
    assert close(problem.answer("theta").value, [0.8, 0.46, 0.062])


def test_a_number_for_a_gives_every_coordinate_that_coefficient():
    raw = {"optimizer": "Momentum", "theta0": [2, 1], "a": 1, "eta": "1/10", "lam": "0.5", "steps": 2}
    problem = registry.from_params(TOPIC, raw)
    expected = lee_oracle({"optimizer": "momentum", "theta0": [2, 1], "a": [1, 1], "eta": 0.1, "lam": 0.5, "steps": 2})
    assert close(problem.answer("theta").value, expected["theta"])
    assert problem.params.to_json()["a"] == [1, 1] and problem.params.to_json()["convention"] == "lee"


def test_the_question_names_its_convention_and_speaks_the_course_chinese():
    lee = registry.from_params(TOPIC, canonical("adagrad", "lee", {}))
    torch_ = registry.from_params(TOPIC, canonical("adagrad", "pytorch", {}))
    sheet = render([lee, torch_], "text", solutions=False).replace("\n", " ")
    assert "convention of Hung-yi Lee's course" in sheet and "PyTorch's convention (torch.optim.Adagrad)" in sheet
    rmsprop = registry.from_params(TOPIC, canonical("rmsprop", "lee", {"alpha": 0.9}))
    momentum = registry.from_params(TOPIC, canonical("momentum", "pytorch", {"lam": 0.9}))
    zh = render([rmsprop, momentum], "text", solutions=True, lang="zh").replace("\n", "")
    for term in ("李宏毅课程的约定", "PyTorch 的约定", "学习率", "梯度", "自适应学习率", "动量", "超参数"):
        assert term in zh, term
