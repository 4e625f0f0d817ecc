"""pytorch_sgd against torch.optim.SGD itself: every option, step by step, and the rate
(the rest of the method's tests, which need no torch, are in test_pytorch_sgd.py)."""

import inspect
import itertools

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.rates import empirical_rate
from momentum_theory.simulate import run

torch = pytest.importorskip("torch")

SGD = methods.get("pytorch_sgd")
OPTIONS = [
    {"momentum": m, "dampening": d, "nesterov": n, "weight_decay": w, "maximize": x}
    for m, d, n, w, x in itertools.product(
        (0.0, 0.9), (0.0, 0.5), (False, True), (0.0, 0.1), (False, True)
    )
]
LR = 0.1
# Equality of the trajectories, relative to the size of the iterate: the same operations in
# the same order, except that PyTorch may fuse `a + alpha * b` into one rounding.
STEP_RTOL = 1e-12
# With a linear term b the run works on x - x* and PyTorch on x itself, so their roundings
# differ: measured at most 8e-15 relative (diagonal and dense Q, every option, 200 steps;
# OPENBLAS_CORETYPE unset, Haswell, Zen and Nehalem).
LINEAR_RTOL = 1e-13


def refused_by_torch(options):
    return options["nesterov"] and (options["momentum"] <= 0 or options["dampening"] != 0)


def problem(index):
    """A diagonal quadratic with d = 3..5 eigenvalues spanning [0.5, 5], and a start with
    every coordinate non-zero."""
    dimension = 3 + index % 3
    h = np.linspace(0.5, 5.0, dimension)
    x0 = np.random.default_rng(index).uniform(0.5, 1.5, dimension) * (-1.0) ** np.arange(dimension)
    return h, x0


def torch_trajectory(Q, x0, steps, b=None, lr=LR, **options):
    """Iterates of torch.optim.SGD in float64 on f(x) = x^T Q x/2 - b^T x (Q a vector means
    diag(Q)); with maximize=True on F = -f, whose gradient b - Q x is what p.grad holds."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    matrix = torch.tensor(Q, dtype=torch.float64)
    linear = torch.zeros_like(p) if b is None else torch.tensor(b, dtype=torch.float64)
    optimizer = torch.optim.SGD([p], lr=lr, **options)
    iterates = [p.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        with torch.no_grad():
            gradient = (matrix @ p if matrix.ndim == 2 else matrix * p) - linear
            p.grad = -gradient if options.get("maximize") else gradient
        optimizer.step()
        iterates.append(p.detach().clone())
    return torch.stack(iterates).numpy()


def test_parameters_and_defaults_are_torchs():
    """Every parameter of the iteration, with torch's defaults; maximize keyword-only, as in
    torch; the other keywords (foreach, differentiable, fused) choose an implementation."""
    signature = inspect.signature(torch.optim.SGD.__init__).parameters
    ours = dict(SGD.defaults)
    theirs = {name: signature[name].default for name in SGD.parameters}
    assert ours == theirs
    positional = [n for n, p in signature.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = [n for n, p in signature.items() if p.kind is p.KEYWORD_ONLY]
    assert (*positional[2:], "maximize") == SGD.parameters  # after self, params
    assert set(keywords) - {"maximize"} == {"foreach", "differentiable", "fused"}


@pytest.mark.parametrize(
    "options",
    [o for o in OPTIONS if refused_by_torch(o)],
    ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()),
)
def test_both_refuse_nesterov_without_momentum_or_with_dampening(options):
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum and zero"):
        torch.optim.SGD([p], lr=LR, **options)
    with pytest.raises(ValueError, match="nesterov=True needs momentum > 0 and dampening == 0"):
        SGD.check(lr=LR, **options)
    with pytest.raises(ValueError, match="nesterov=True needs"):
        run(SGD, [1.0, 2.0], 1.0, 3, lr=LR, **options)


@pytest.mark.parametrize("name", ["lr", "momentum", "weight_decay"])
def test_both_refuse_negative_settings(name):
    settings = {"lr": LR, name: -0.1}
    p = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    with pytest.raises(ValueError, match="Invalid"):
        torch.optim.SGD([p], **settings)
    with pytest.raises(ValueError, match=f"{name} must be non-negative"):
        SGD.check(**settings)


ACCEPTED = [(i, o) for i, o in enumerate(OPTIONS) if not refused_by_torch(o)]
IDS = ["-".join(f"{k}={v}" for k, v in o.items()) for _, o in ACCEPTED]


def dense(h, index):
    """A dense symmetric matrix with eigenvalues h (a random rotation)."""
    rotation, _ = np.linalg.qr(np.random.default_rng(100 + index).standard_normal((h.size,) * 2))
    matrix = (rotation * h) @ rotation.T
    return (matrix + matrix.T) / 2


@pytest.mark.parametrize(("index", "options"), ACCEPTED, ids=IDS)
@pytest.mark.parametrize("form", ["diagonal", "dense"])
def test_trajectory_with_a_linear_term_matches_torch(index, options, form):
    """f(x) = x^T Q x/2 - b^T x, b != 0, as a least-squares user has it: equality to 1e-13
    of each iterate, relative to the largest |x_t| of that step (measured: at most 8e-15),
    for every option set, maximize included (then torch ascends F = -f), Q diagonal or
    dense; and the distances are to torch's limit (Q + weight_decay I)^{-1} b, formed
    here by numpy.linalg.solve."""
    h, x0 = problem(index)
    b = np.random.default_rng(200 + index).uniform(-2.0, 2.0, h.size)
    Q = h if form == "diagonal" else dense(h, index)
    steps = 200
    theirs = torch_trajectory(Q, x0, steps, b=b, **options)
    result = run(SGD, Q, x0, steps, b=b, trajectory=True, lr=LR, **options)
    scale = np.max(np.abs(theirs), axis=1, keepdims=True)
    assert np.all(np.abs(result.iterates - theirs) <= LINEAR_RTOL * scale)
    matrix = np.diag(Q) if Q.ndim == 1 else Q
    limit = np.linalg.solve(matrix + options["weight_decay"] * np.eye(h.size), b)
    expected = np.linalg.norm(theirs - limit, axis=1)
    assert np.all(np.abs(result.distances - expected) <= LINEAR_RTOL * scale[:, 0])
    assert result.distances[-1] < 1e-3 * result.distances[0]  # it converges there


def test_weight_decay_with_a_linear_term_is_torchs_example():
    """The issue's example: h = 1, b = 1, lr = 0.5, weight_decay = 1 from 0. torch steps to
    x = lr b = 0.5 = (h + weight_decay)^{-1} b and stays; so must the run (equality)."""
    theirs = torch_trajectory(
        np.array([1.0]), np.array([0.0]), 5, b=[1.0], lr=0.5, weight_decay=1.0
    )
    ours = run("pytorch_sgd", 1.0, 0.0, 5, b=1.0, trajectory=True, lr=0.5, weight_decay=1.0)
    np.testing.assert_array_equal(ours.iterates[:, 0], theirs[:, 0])
    np.testing.assert_array_equal(theirs[:, 0], [0.0, 0.5, 0.5, 0.5, 0.5, 0.5])
    np.testing.assert_array_equal(ours.distances, [0.5, 0.0, 0.0, 0.0, 0.0, 0.0])


@pytest.mark.parametrize(("index", "options"), ACCEPTED, ids=IDS)
def test_trajectory_matches_torch_step_by_step(index, options):
    """Equality to 1e-12 of each iterate, relative to the largest |x_t| of that step: our
    simulation of the rule (first step included) performs PyTorch's arithmetic."""
    h, x0 = problem(index)
    steps = 200
    theirs = torch_trajectory(h, x0, steps, **options)
    ours = run(SGD, h, x0, steps, trajectory=True, lr=LR, **options).iterates
    assert ours.shape == theirs.shape == (steps + 1, h.size)
    scale = np.max(np.abs(theirs), axis=1, keepdims=True)
    assert np.all(np.abs(ours - theirs) <= STEP_RTOL * scale)


@pytest.mark.parametrize(("index", "options"), ACCEPTED, ids=IDS)
def test_torch_rate_matches_the_prediction(index, options):
    """Equality to 1e-5 relative (measured: about 1e-6): the rate measured on
    torch's own iterates against pytorch_sgd.worst_case_rate over [min h, max h] (both in
    the spectrum) and against the largest spectral_radius over the eigenvalues."""
    h, x0 = problem(index)
    steps = 3000
    distances = np.linalg.norm(torch_trajectory(h, x0, steps, **options), axis=1)
    measured = float(empirical_rate(distances))
    predicted = float(SGD.worst_case_rate(mu=h.min(), L=h.max(), lr=LR, **options))
    assert predicted == float(np.max(SGD.spectral_radius(h, lr=LR, **options)))
    assert measured == pytest.approx(predicted, rel=1e-5)
