"""The MLP reference against scikit-learn's MLPClassifier (forward pass, loss, one SGD step),
sklearn.metrics.log_loss and finite differences (scipy.optimize.check_grad), and by hand.
Its cases and starter are checked in test_task_contract.py, learner submissions
through the grader in test_grade.py."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import check_grad
from scipy.special import expit
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

from solutions import mlp_backprop as ref

# ------------------------------------------------------------ the reference against oracles


def network(rng, n=None, o=None):
    n = int(rng.integers(4, 30)) if n is None else n
    d, h = int(rng.integers(1, 6)), int(rng.integers(1, 7))
    o = int(rng.integers(1, 4)) if o is None else o
    Y = (rng.random((n, o)) < 0.5).astype(float)
    Y[0], Y[1] = 0.0, 1.0  # both classes in every column (for sklearn)
    return dict(
        X=rng.normal(size=(n, d)),
        Y_true=Y,
        W1=rng.normal(size=(d, h)),
        b1=rng.normal(size=h),
        W2=rng.normal(size=(h, o)),
        b2=rng.normal(size=o),
    )


def sklearn_mlp(p, lr):
    """An sklearn MLPClassifier (logistic units, plain SGD, one full batch, alpha = 0) that
    holds the given parameters."""
    n, h = p["X"].shape[0], p["W1"].shape[1]
    y = p["Y_true"].astype(int)
    y = y[:, 0] if y.shape[1] == 1 else y
    mlp = MLPClassifier(
        hidden_layer_sizes=(h,),
        activation="logistic",
        solver="sgd",
        alpha=0.0,
        learning_rate="constant",
        learning_rate_init=lr,
        momentum=0.0,
        nesterovs_momentum=False,
        batch_size=n,
        shuffle=False,
        max_iter=1,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one iteration does not converge
        mlp.fit(p["X"], y)
    for target, value in zip(mlp.coefs_ + mlp.intercepts_, (p["W1"], p["W2"], p["b1"], p["b2"])):
        target[...] = value  # in place: the optimizer holds these arrays
    return mlp, y


def params(p):
    return {k: p[k] for k in ("W1", "b1", "W2", "b2")}


@pytest.mark.parametrize("seed", range(30))
def test_forward_and_loss_against_sklearn(seed):
    p = network(np.random.default_rng(seed))
    H, Y = ref.forward(p["X"], **params(p))
    np.testing.assert_allclose(H, expit(p["X"] @ p["W1"] + p["b1"]), rtol=1e-12)
    mlp, _ = sklearn_mlp(p, 0.1)
    proba = mlp.predict_proba(p["X"])
    proba = proba[:, 1:] if p["Y_true"].shape[1] == 1 else proba
    np.testing.assert_allclose(Y, proba, rtol=1e-10)
    expected = sum(log_loss(p["Y_true"][:, j], Y[:, j], labels=[0, 1]) for j in range(Y.shape[1]))
    assert ref.loss(**p) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", range(30))
def test_train_step_against_sklearn_sgd(seed):
    rng = np.random.default_rng(100 + seed)
    p = network(rng)
    lr = float(rng.uniform(0.05, 1.0))
    mlp, y = sklearn_mlp(p, lr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp.partial_fit(p["X"], y)  # one step on the single full batch
    W1, b1, W2, b2 = ref.train_step(**p, lr=lr)
    for mine, theirs in zip((W1, W2, b1, b2), mlp.coefs_ + mlp.intercepts_):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-12)
    assert ref.loss(**p) == pytest.approx(mlp.loss_, rel=1e-9)  # sklearn's loss before the step


@pytest.mark.parametrize("seed", range(30))
def test_backward_against_finite_differences(seed):
    p = network(np.random.default_rng(200 + seed))
    names = ("W1", "b1", "W2", "b2")
    grads = dict(zip(names, ref.backward(**p)))
    for name, value in params(p).items():
        assert grads[name].shape == value.shape

        def f(flat, name=name, shape=value.shape):
            return ref.loss(**{**p, name: flat.reshape(shape)})

        def g(flat, name=name, shape=value.shape):
            return ref.backward(**{**p, name: flat.reshape(shape)})[names.index(name)].ravel()

        assert check_grad(f, g, value.ravel()) < 1e-6 * max(1.0, np.abs(grads[name]).max())


def test_zero_weights_by_hand():
    X = np.array([[1.0, 2.0], [3.0, -1.0], [0.0, 0.5]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    p = dict(W1=np.zeros((2, 4)), b1=np.zeros(4), W2=np.zeros((4, 2)), b2=np.zeros(2))
    H, out = ref.forward(X, **p)
    assert np.all(H == 0.5) and np.all(out == 0.5)
    assert ref.loss(X, Y, **p) == pytest.approx(2 * np.log(2))  # o ln 2
    dW1, db1, dW2, db2 = ref.backward(X, Y, **p)
    np.testing.assert_allclose(db2, [(0.5 - 1 + 0.5 + 0.5 - 1) / 3, (0.5 + 0.5 + 0.5 - 1) / 3])
    np.testing.assert_allclose(dW2, 0.5 * np.tile(db2, (4, 1)))
    assert not dW1.any() and not db1.any()
