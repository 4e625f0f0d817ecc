"""Tests of momentum_theory/proofs/lyapunov.py: exact proofs at known rates.

References: gradient descent at 2/(mu + L) has rate (kappa - 1)/(kappa + 1) and triple
momentum 1 - 1/sqrt(kappa) over S(mu, L) (Lessard, Recht and Packard 2016; Van Scoy,
Freeman and Lynch 2018), and no proof can beat a quadratic of the class. Each proof is
checked by check_proof (exact); the rate found depends on the solver, hence the marker.
"""

import math
from fractions import Fraction

import pytest

pytest.importorskip("cvxpy")

from momentum_theory import methods
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.format import read_proofs, write_proofs
from momentum_theory.proofs.lyapunov import lyapunov_proof

# Solver results move with the BLAS kernel: .ci/run also runs these under several.
pytestmark = pytest.mark.solver

KAPPAS = (2.0, 10.0, 100.0, 1000.0)
# The bound on an exact rate above a known one. Measured on x86-64 (OpenBLAS
# autodetected, Haswell with L2 size 512, Zen, Nehalem): at most 1.1e-6 for gradient descent
# and 1.21e-5 for triple momentum (the bisection's own limit), so 2e-4 leaves 16x.
GAP = 2e-4
# The proofs' parameters are doubles, so their quadratic rate differs from the closed form
# by rounding: a proof may sit that far below it, no further.
ROUNDING = 1e-12


def _settings(name, kappa):
    if name == "gradient_descent":
        return {"alpha": 2 / (1 + kappa)}, (kappa - 1) / (kappa + 1)
    parameters, rate = (
        methods.get("two_step").tuning_spec("triple_momentum").build(mu=1.0, L=kappa)
    )
    assert rate == pytest.approx(1 - 1 / math.sqrt(kappa), rel=1e-15)
    return parameters, 1 - 1 / math.sqrt(kappa)


@pytest.mark.parametrize("kappa", KAPPAS)
@pytest.mark.parametrize("name", ["gradient_descent", "two_step"])
def test_exact_rate_is_within_the_bound_of_the_known_rate(name, kappa):
    parameters, known = _settings(name, kappa)
    proof = lyapunov_proof(name, mu=1.0, L=kappa, **parameters)
    check = check_proof(proof)
    assert check.passed, check
    gap = float(Fraction(proof["rho"])) - known
    assert -ROUNDING <= gap <= GAP


@pytest.fixture(scope="module")
def triple_momentum_proof():
    parameters, _ = _settings("two_step", 100.0)
    return lyapunov_proof("two_step", mu=1.0, L=100.0, **parameters)


def test_tampering_with_a_solver_proof(triple_momentum_proof, tmp_path):
    proof = triple_momentum_proof
    assert check_proof(read_proofs(write_proofs([proof], tmp_path / "p.jsonl"))[0]).passed
    lowered = {**proof, "rho": str(Fraction(proof["rho"]) - Fraction(1, 1000))}
    assert check_proof(lowered).condition == "inequality"
    P = [row[:] for row in proof["P"]]
    P[0][1] = P[1][0] = str(2 * Fraction(P[0][0]) + 2 * Fraction(P[1][1]))  # |P01| > sqrt(P00 P11)
    assert check_proof({**proof, "P": P}).condition == "P"
    assert check_proof({**proof, "lambda_sector": "-1/10"}).condition == "multipliers"
    assert check_proof({**proof, "beta": proof["gamma"]}).condition == "family"


def test_weight_decay_shifts_the_class():
    """PyTorch's SGD with weight decay 1 on a loss in S(1, 9) is the family on S(2, 10)."""
    proof = lyapunov_proof("pytorch_sgd", mu=1.0, L=9.0, lr=2 / 12, weight_decay=1.0)
    assert (proof["mu"], proof["L"]) == ("2", "10")
    assert check_proof(proof).passed
    assert 0 <= float(Fraction(proof["rho"])) - 8 / 12 <= GAP  # gradient descent at 2/(2 + 10)


def test_none_where_nothing_is_certified():
    polyak = methods.get("heavy_ball").tuning("polyak", mu=1.0, L=25.0).parameters
    assert lyapunov_proof("heavy_ball", mu=1.0, L=25.0, **polyak) is None  # refuted elsewhere
    assert lyapunov_proof("gradient_descent", mu=2.0, L=2.0, alpha=0.25) is None  # mu == L


@pytest.mark.parametrize(("name", "tuning"), [("nesterov", "textbook"), ("heavy_ball", "ghadimi")])
def test_the_first_rate_tried_passes(name, tuning):
    """The margin survives reading the solution exactly: the proof's rate is the bisection's
    plus the first back-off step (1e-7, rounded up to 1e-8); measured so for these tunings
    and kappa from 10 to 1e4 under every core type tried."""
    from momentum_theory.beyond.iqc import certified_rate

    method = methods.get(name)
    parameters = method.tuning(tuning, mu=1.0, L=100.0).parameters
    proof = lyapunov_proof(name, mu=1.0, L=100.0, **parameters)
    assert check_proof(proof).passed
    family = method.family(**parameters)
    bisection = certified_rate(family.alpha, family.beta, mu=1.0, L=100.0, gamma=family.gamma)
    assert 0 < float(Fraction(proof["rho"])) - bisection.rate <= 1.1e-7


def _lyapunov_values(proof, x0, x_previous, steps):
    r"""V_k = xi_k^T P xi_k along the family's run from (x0, x_previous, zeta_0 = 0), exactly,
    on f(x) = mu x^2/2 + (L - mu) max(x, 0)^2 / 2: in S(mu, L) (its gradient is monotone,
    piecewise linear with slopes mu and L), not a quadratic, minimiser 0."""
    a, b, g, mu, L = (Fraction(proof[key]) for key in ("alpha", "beta", "gamma", "mu", "L"))
    P = [[Fraction(v) for v in row] for row in proof["P"]]
    x, xp, zeta = Fraction(x0), Fraction(x_previous), Fraction(0)
    values = []
    for _ in range(steps):
        state = (x, xp, zeta)
        values.append(sum(state[i] * P[i][j] * state[j] for i in range(3) for j in range(3)))
        y = x + g * (x - xp)
        u = mu * y + (L - mu) * max(y, Fraction(0))
        x, xp, zeta = x + b * (x - xp) - a * u, x, u - L * y
    return values


@pytest.mark.parametrize(("x0", "x_previous"), [(1, 1), (-1, -1), (1, -2), (-3, 1)])
def test_the_proved_rate_bounds_a_run_on_a_non_quadratic(triple_momentum_proof, x0, x_previous):
    """Theorem 4 of Lessard, Recht and Packard: V_n <= rho^(2n) V_0 for every f in the class
    (zeta_0 = 0), here checked exactly along 40 steps."""
    rho = Fraction(triple_momentum_proof["rho"])
    values = _lyapunov_values(triple_momentum_proof, x0, x_previous, 40)
    assert all(v <= rho ** (2 * n) * values[0] for n, v in enumerate(values))
    assert values[-1] < values[0] / 10  # and the run does move
