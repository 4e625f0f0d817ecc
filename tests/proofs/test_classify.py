"""Tests of momentum_theory/proofs/classify.py: every decided verdict is a proof.

References, none computed by the code under test: Jury's test and the roots of
lambda^2 - T lambda + D by hand (unstable, mu == L); the rates (kappa - 1)/(kappa + 1) of
gradient descent at 2/(mu + L) and 1 - 1/sqrt(kappa) of triple momentum over S(mu, L)
(Lessard, Recht and Packard 2016; Van Scoy, Freeman and Lynch 2018); the published bounds
of Nesterov's textbook tuning (Nesterov 2018, Thm 2.2.3) and of Ghadimi, Feyzmahdavian and
Johansson (2015); the cycle of heavy ball at Polyak's parameters on S(1, 25) (Lessard,
Recht and Packard 2016, sec. 4.6; Goujaud, Taylor and Dieuleveut 2025). Every proof a
verdict carries is checked by check_proof (exact), and written and read back.
"""

import math
import subprocess
import sys
import types
from fractions import Fraction

import pytest

import momentum_theory as mt
from momentum_theory import methods
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.classify import STATUSES, Verdict
from momentum_theory.proofs.format import read_proofs, write_proofs

# The bound on an exact rate above a known one (tests/proofs/test_lyapunov.py
# measures at most 1.21e-5 for triple momentum under every core type tried).
GAP = 2e-4
# A proof's parameters are doubles: its quadratic rate differs from a closed form by rounding.
ROUNDING = 1e-12


def _holds(verdict, tmp_path):
    """The verdict's proof passes check_proof, also after a round trip through a file."""
    assert verdict.status in STATUSES
    check = check_proof(verdict.proof)
    assert check.passed, check
    (read,) = read_proofs(write_proofs([verdict.proof], tmp_path / "proof.jsonl"))
    assert check_proof(read).passed
    return verdict.proof


# -- decided by the quadratics: exact, no solver ------------------------------------------


def test_unstable_heavy_ball_with_alpha_L_5(tmp_path):
    """alpha = 1/2, beta = 1/2, h = L = 10: T = 1 + 1/2 - 5 = -7/2, D = 1/2, and
    |T| = 7/2 > 1 + D: the roots of l^2 + 7/2 l + 1/2 are (-7/2 +- sqrt(41/4))/2."""
    verdict = methods.get("heavy_ball").classify(mu=1.0, L=10.0, alpha=0.5, beta=0.5)
    assert verdict.status == "unstable"
    proof = _holds(verdict, tmp_path)
    assert (proof["kind"], proof["h"]) == ("quadratic", "10")
    assert verdict.rate is None
    assert verdict.quadratic_rate == pytest.approx((3.5 + math.sqrt(41 / 4)) / 2, rel=1e-14)
    assert "Lyapunov" not in verdict.searched  # decided before any solver


def test_unstable_at_mu_equal_L():
    verdict = methods.get("gradient_descent").classify(mu=1.0, L=1.0, alpha=2.5)
    assert verdict.status == "unstable"  # |1 - alpha L| = 3/2
    assert check_proof(verdict.proof).passed


@pytest.mark.parametrize(
    ("name", "parameters", "rate_squared"),
    [
        ("gradient_descent", {"alpha": 0.25}, Fraction(1, 4)),  # 1 - alpha L = 1/2
        # T = 3/2 - 3/4 = 3/4, D = 1/2 - 1/4 = 1/4: complex pair of modulus sqrt(D) = 1/2
        ("nesterov", {"alpha": 0.25, "beta": 0.5}, Fraction(1, 4)),
        # alpha h = 1/5: T = 13/10, D = 1/2, T^2 < 4D: modulus sqrt(1/2), irrational
        ("heavy_ball", {"alpha": 0.1, "beta": 0.5}, Fraction(1, 2)),
    ],
)
def test_mu_equal_L_is_certified_by_the_one_quadratic(name, parameters, rate_squared, tmp_path):
    verdict = methods.get(name).classify(mu=2.0, L=2.0, **parameters)
    assert verdict.status == "certified"
    proof = _holds(verdict, tmp_path)
    assert proof["kind"] == "quadratic_class"
    assert verdict.rate == Fraction(proof["rho"])
    assert verdict.rate**2 >= rate_squared  # a bound, exactly
    assert float(verdict.rate) - math.sqrt(rate_squared) <= 1e-9
    assert "cycles" not in verdict.searched  # nothing else to search at mu == L


def test_the_family_at_the_root_is_the_two_step_method():
    root = mt.classify(0.25, 0.5, mu=2.0, L=2.0, gamma=0.5)
    method = methods.get("two_step").classify(mu=2.0, L=2.0, alpha=0.25, beta=0.5, gamma=0.5)
    assert root == method
    assert isinstance(root, Verdict) and root.proof["method"] == "two_step"


def test_bad_arguments_are_refused_before_any_work():
    with pytest.raises(ValueError, match="mu"):
        methods.get("gradient_descent").classify(mu=2.0, L=1.0, alpha=0.1)
    with pytest.raises(TypeError):
        methods.get("gradient_descent").classify(mu=1.0, L=2.0, alpha=0.1, beta=0.5)
    with pytest.raises(TypeError):
        mt.classify(0.1, 0.5, 1.0, 2.0)  # the spectrum is keyword-only


def test_without_cvxpy_the_quadratics_still_decide(monkeypatch):
    from momentum_theory.beyond._pep import PepNotInstalledError

    monkeypatch.setitem(sys.modules, "cvxpy", None)  # import cvxpy fails
    assert mt.classify(0.5, 0.5, mu=1.0, L=10.0).status == "unstable"
    assert mt.classify(0.25, 0.0, mu=2.0, L=2.0).status == "certified"
    with pytest.raises(PepNotInstalledError, match="classify needs cvxpy"):
        mt.classify(0.1, 0.5, mu=1.0, L=10.0)


def test_importing_the_package_loads_no_solver_and_no_sympy():
    code = (
        "import sys, momentum_theory\n"
        "momentum_theory.classify, momentum_theory.check_proof\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cvxpy', 'sympy', 'PEPit')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_finder_proof_that_fails_is_no_verdict(monkeypatch):
    """A proof that check_proof rejects never becomes a verdict: here a fake cycle search
    returns a proof whose h lies outside [mu, L], after a Lyapunov search that finds
    nothing."""
    import momentum_theory.proofs.lyapunov as lyapunov

    def bogus_cycle(method, *, mu, L, max_length, **params):
        from momentum_theory.proofs.quadratic import quadratic_proof

        proof = quadratic_proof(method, mu=mu, L=100 * L, **params)  # diverges, but at h > L
        return {**proof, "L": str(L)}

    monkeypatch.setattr(lyapunov, "lyapunov_proof", lambda *args, **kwargs: None)
    fake = types.ModuleType("momentum_theory.proofs.cycle")
    fake.cycle_proof = bogus_cycle
    monkeypatch.setitem(sys.modules, "momentum_theory.proofs.cycle", fake)
    verdict = methods.get("heavy_ball").classify(mu=1.0, L=2.0, alpha=0.5, beta=0.5)
    assert verdict.status == "unknown"
    assert verdict.proof is None and verdict.rate is None
    assert "cycles of length 2..10" in verdict.searched
    assert "found but fails" in verdict.searched


def test_without_the_cycle_search_the_verdict_says_so(monkeypatch):
    import momentum_theory.proofs.lyapunov as lyapunov

    monkeypatch.setattr(lyapunov, "lyapunov_proof", lambda *args, **kwargs: None)
    monkeypatch.setitem(sys.modules, "momentum_theory.proofs.cycle", None)  # import fails
    verdict = methods.get("heavy_ball").classify(mu=1.0, L=2.0, alpha=0.5, beta=0.5)
    assert verdict.status == "unknown"
    assert "Lyapunov (sector + off-by-one IQC) up to rho < 1" in verdict.searched
    assert "cycles not searched" in verdict.searched


# -- decided by the solver's proposals, checked exactly ------------------------------------


def _tuned(name, tuning, kappa):
    if name == "gradient_descent":
        return {"alpha": 2 / (1 + kappa)}, (kappa - 1) / (kappa + 1), True
    result = methods.get(name).tuning(tuning, mu=1.0, L=kappa)
    # Triple momentum's rate over the class is its quadratic one; the others publish bounds.
    return result.parameters, result.published_rate, tuning == "triple_momentum"


@pytest.mark.solver
@pytest.mark.parametrize("kappa", [10.0, 1000.0])
@pytest.mark.parametrize(
    ("name", "tuning"),
    [
        ("gradient_descent", None),
        ("two_step", "triple_momentum"),
        ("nesterov", "textbook"),
        ("heavy_ball", "ghadimi"),
    ],
)
def test_certified_at_the_known_tunings(name, tuning, kappa, tmp_path):
    pytest.importorskip("cvxpy")
    parameters, known, tight = _tuned(name, tuning, kappa)
    verdict = methods.get(name).classify(mu=1.0, L=kappa, **parameters)
    assert verdict.status == "certified", verdict
    proof = _holds(verdict, tmp_path)
    assert proof["kind"] == "lyapunov" and verdict.rate == Fraction(proof["rho"])
    assert float(verdict.rate) >= verdict.quadratic_rate - ROUNDING  # quadratics are in S
    if tight:  # an equality, to the bound
        assert -ROUNDING <= float(verdict.rate) - known <= GAP
    else:  # the published rate is a bound the proof must meet
        assert float(verdict.rate) <= known


@pytest.mark.solver
def test_unknown_at_polyaks_parameters_without_cycles(monkeypatch):
    """No Lyapunov proof exists there (the method cycles): without the cycle search the
    verdict is unknown, and says what was searched."""
    pytest.importorskip("cvxpy")
    monkeypatch.setitem(sys.modules, "momentum_theory.proofs.cycle", None)
    polyak = methods.get("heavy_ball").tuning("polyak", mu=1.0, L=25.0).parameters
    verdict = methods.get("heavy_ball").classify(mu=1.0, L=25.0, **polyak)
    assert verdict.status == "unknown" and verdict.proof is None
    assert verdict.quadratic_rate == pytest.approx(
        2 / 3, abs=1e-8
    )  # (sqrt(25) - 1)/(sqrt(25) + 1)
    assert "cycles not searched" in verdict.searched


@pytest.mark.solver
@pytest.mark.parametrize("kappa", [25.0])
def test_refuted_at_polyaks_parameters(kappa, tmp_path):
    pytest.importorskip("cvxpy")
    polyak = methods.get("heavy_ball").tuning("polyak", mu=1.0, L=kappa).parameters
    verdict = methods.get("heavy_ball").classify(mu=1.0, L=kappa, **polyak)
    assert verdict.status == "refuted", verdict
    proof = _holds(verdict, tmp_path)
    assert proof["kind"] == "cycle" and verdict.rate is None
    assert "cycles of length 2..10" in verdict.searched


@pytest.mark.solver
def test_refuted_at_the_root(tmp_path):
    pytest.importorskip("cvxpy")
    polyak = methods.get("heavy_ball").tuning("polyak", mu=1.0, L=25.0).parameters
    verdict = mt.classify(polyak["alpha"], polyak["beta"], mu=1.0, L=25.0)
    assert verdict.status == "refuted", verdict
    assert _holds(verdict, tmp_path)["method"] == "two_step"
