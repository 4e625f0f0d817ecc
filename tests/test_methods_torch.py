"""pytorch_sgd against torch.optim.SGD itself: every option, step by step, and the rate."""

import inspect
import itertools

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.quadratic import run
from momentum_theory.rates import empirical_rate

torch = pytest.importorskip("torch")

SGD = methods.get("pytorch_sgd")
OPTIONS = [
    {"momentum": m, "dampening": d, "nesterov": n, "weight_decay": w}
    for m, d, n, w in itertools.product((0.0, 0.9), (0.0, 0.5), (False, True), (0.0, 0.1))
]
LR = 0.1
# Equality of the trajectories, relative to the size of the iterate: the same operations in
# the same order, except that PyTorch may fuse `a + alpha * b` into one rounding.
STEP_RTOL = 1e-12


def refused_by_torch(options):
    return options["nesterov"] and (options["momentum"] <= 0 or options["dampening"] != 0)


def problem(index):
    """A diagonal quadratic with d = 3..5 eigenvalues spanning [0.5, 5], and a start with
    every coordinate non-zero."""
    dimension = 3 + index % 3
    h = np.linspace(0.5, 5.0, dimension)
    x0 = np.random.default_rng(index).uniform(0.5, 1.5, dimension) * (-1.0) ** np.arange(dimension)
    return h, x0


def torch_trajectory(h, x0, steps, **options):
    """Iterates of torch.optim.SGD in float64 on f(x) = sum(h x^2)/2, gradient h * x."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    curvature = torch.tensor(h, dtype=torch.float64)
    optimizer = torch.optim.SGD([p], lr=LR, **options)
    iterates = [p.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        p.grad = (curvature * p).detach()
        optimizer.step()
        iterates.append(p.detach().clone())
    return torch.stack(iterates).numpy()


def test_parameters_and_defaults_are_torchs():
    signature = inspect.signature(torch.optim.SGD.__init__).parameters
    ours = dict(SGD.defaults)
    theirs = {name: signature[name].default for name in SGD.parameters}
    assert ours == theirs
    positional = [n for n, p in signature.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert tuple(positional[2:]) == SGD.parameters  # after self, params


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
    predicted = float(SGD.worst_case_rate(h.min(), h.max(), lr=LR, **options))
    assert predicted == float(np.max(SGD.spectral_radius(h, lr=LR, **options)))
    assert measured == pytest.approx(predicted, rel=1e-5)
