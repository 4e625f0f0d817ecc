"""Tests of the verify checks beyond quadratics: they pass, they skip without the extra,
and they fail when the quantity they check is wrong (so that none is vacuous)."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from momentum_theory.paper import _cache
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.beyond import claims as checks

# Solver results move with the BLAS kernel: .ci/run also runs these under several.
pytestmark = pytest.mark.solver

EXACT = (
    checks.cycle_is_exact,
    checks.cycle_captures_the_run,
    checks.lessard_recht_packard_refuted,
)
# The rows that quote proofs found with cvxpy and checked exactly.
VERDICTS = (
    checks.proofs_certify_known_rates,
    checks.proofs_certify_proved_tunings,
    checks.proofs_refute_polyak,
)


@pytest.mark.parametrize("check", EXACT, ids=lambda c: c.__name__)
def test_exact_checks_pass_without_any_extra(check):
    result = check()
    assert result.passed and not result.skipped, result
    assert math.isfinite(result.measured)


@pytest.mark.slow
@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    pytest.importorskip("PEPit")
    pytest.importorskip("cvxpy")
    result = check()
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_without_the_extra_the_solver_checks_are_skipped_with_the_command(monkeypatch):
    for name in ("PEPit", "cvxpy"):
        monkeypatch.setitem(sys.modules, name, None)
    for check in claims_in(checks):
        if check in EXACT:
            continue
        result = check()
        assert result.skipped and result.verdict == "SKIP", check.__name__
        assert 'pip install "momentum-theory[pep]"' in result.method


def test_cycle_check_fails_for_a_wrong_map(monkeypatch):
    from momentum_theory.beyond import counterexample

    original = counterexample.run_exact

    def drifting(*arguments, **keywords):
        path = original(*arguments, **keywords)
        return (*path[:-1], path[-1] + Fraction(1, 10**12))

    monkeypatch.setattr(counterexample, "run_exact", drifting)
    assert not checks.cycle_is_exact().passed


def test_capture_check_fails_far_from_the_cycle(monkeypatch):
    from momentum_theory.paper.beyond import experiments as beyond

    result = beyond.counterexample_cycle()
    monkeypatch.setattr(checks, "_cycle", lambda: dataclasses.replace(result, exact_deviation=1.0))
    assert not checks.cycle_captures_the_run().passed


@pytest.mark.slow
def test_certified_checks_fail_for_a_rate_above_the_known_one(monkeypatch):
    pytest.importorskip("cvxpy")
    from momentum_theory.beyond import iqc

    original = iqc.certified_rate

    def loose(*arguments, **keywords):
        result = original(*arguments, **keywords)
        return dataclasses.replace(result, rate=result.rate + 3 * checks.KNOWN_TOLERANCE)

    monkeypatch.setattr(iqc, "certified_rate", loose)
    with _cache.isolated():
        assert not checks.certified_gradient_descent().passed
        assert not checks.certified_triple_momentum().passed


def test_pep_rows_are_not_decidable_on_an_inaccurate_solve(monkeypatch):
    """An inaccurate PEP solve makes its row fail as not decidable (NaN, the reason in the
    method), never a number made up for it; the other method's row still decides."""
    from momentum_theory.paper.beyond import experiments as beyond

    gap = beyond.PEPGap(
        mu=1.0,
        L=25.0,
        steps=(1, 2),
        heavy_ball_quadratic=np.array([1.0, 2.0]),
        heavy_ball_pep=np.array([1.0, 3.0]),
        gradient_quadratic=np.array([0.5, 0.25]),
        gradient_pep=np.array([0.5, 0.25]),
        statuses=("optimal", "optimal_inaccurate", "optimal", "optimal"),
        accurate=(True, False, True, True),
    )
    monkeypatch.setattr(checks, "_gap", lambda: gap)
    monkeypatch.setattr("momentum_theory.beyond._pep.pep_available", lambda: True)
    heavy = checks.pep_heavy_ball_gap_grows()
    assert not heavy.passed and math.isnan(heavy.measured)
    assert "NOT DECIDABLE" in heavy.method and heavy.verdict == "FAIL"
    gradient = checks.pep_gradient_descent_is_quadratic()
    assert gradient.passed and gradient.measured == 0.0


@pytest.mark.slow
def test_importing_the_package_imports_neither_solver():
    code = (
        "import sys\n"
        "import momentum_theory\n"
        "import momentum_theory.beyond.iqc, momentum_theory.beyond.function_class\n"
        "import momentum_theory.paper.beyond.claims, momentum_theory.paper.beyond.experiments\n"
        "import momentum_theory.paper.beyond.macros, momentum_theory.paper.beyond.figures\n"
        "print('cvxpy' in sys.modules or 'PEPit' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_the_counterexample_is_frozen():
    """The one experiment of the subject that needs no solver: its cached result is frozen."""
    from frozen import assert_frozen

    from momentum_theory.paper.beyond.experiments import counterexample_cycle

    assert_frozen(counterexample_cycle())


@pytest.mark.parametrize("check", VERDICTS, ids=lambda c: c.__name__)
def test_exact_verdict_rows_pass(check):
    pytest.importorskip("cvxpy")
    result = check()
    assert result.passed and not result.skipped, result
    assert math.isfinite(result.measured)


def _tampered(verdict, change):
    """``verdict`` with its proof edited by ``change`` (a function of the parsed JSON)."""
    import json

    proof = json.loads(verdict.proof)
    change(proof)
    return dataclasses.replace(verdict, proof=json.dumps(proof))


def _lower_rate(proof):
    from fractions import Fraction

    proof["rho"] = str(Fraction(proof["rho"]) - Fraction(1, 1000))


def _move_a_point(proof):
    from fractions import Fraction

    proof["x"][0][0] = str(Fraction(proof["x"][0][0]) + Fraction(1, 10**6))


@pytest.mark.parametrize(
    ("check", "tuning", "change"),
    [
        (checks.proofs_certify_known_rates, "", _lower_rate),
        (checks.proofs_certify_known_rates, "triple_momentum", _lower_rate),
        (checks.proofs_certify_proved_tunings, "textbook", _lower_rate),
        (checks.proofs_certify_proved_tunings, "ghadimi", _lower_rate),
        (checks.proofs_refute_polyak, "polyak", _move_a_point),
    ],
    ids=["gradient", "triple", "nesterov", "ghadimi", "polyak"],
)
def test_a_tampered_proof_fails_its_row(monkeypatch, check, tuning, change):
    """One proof edited (its rate lowered by 1e-3, or a cycle point moved) no longer passes
    check_proof, and the quoted row that relies on it fails."""
    pytest.importorskip("cvxpy")
    verdicts = checks._verdicts()
    index = next(i for i, v in enumerate(verdicts) if v.tuning == tuning)
    edited = (*verdicts[:index], _tampered(verdicts[index], change), *verdicts[index + 1 :])
    monkeypatch.setattr(checks, "_verdicts", lambda: edited)
    assert not checks._checked(edited[index])[0]
    assert not check().passed


def test_a_tampered_lessard_recht_packard_proof_fails_its_row(monkeypatch):
    from momentum_theory.proofs import cycle

    original = cycle.lessard_recht_packard_proof

    def moved():
        proof = original()
        _move_a_point(proof)
        return proof

    monkeypatch.setattr(cycle, "lessard_recht_packard_proof", moved)
    assert not checks.lessard_recht_packard_refuted().passed


def test_a_missing_proof_fails_its_row(monkeypatch):
    """A finder that returns nothing is a failed row, never a certified one."""
    pytest.importorskip("cvxpy")
    verdicts = tuple(dataclasses.replace(v, kind="", proof="") for v in checks._verdicts())
    monkeypatch.setattr(checks, "_verdicts", lambda: verdicts)
    for check in VERDICTS:
        assert not check().passed, check.__name__


def test_verdict_numbers_are_counts_and_settings(monkeypatch):
    """The paper's numbers of the exact verdicts regenerate from the proofs: every count is
    the number of proofs that pass check_proof (the rows above), the lists are the settings."""
    pytest.importorskip("cvxpy")
    from momentum_theory.paper.beyond import experiments as beyond
    from momentum_theory.paper.beyond.macros import _verdict_macros

    numbers = {macro.name: macro.body for macro in _verdict_macros()}
    verdicts = checks._verdicts()
    passing = [v for v in verdicts if checks._checked(v)[0]]
    assert numbers["BeyondProofCount"] == str(len(passing) + 1)  # and the LRP cycle
    assert numbers["BeyondProofCertified"] == str(
        len(beyond.PROVED_METHODS) * len(beyond.PROOF_KAPPAS)
    )
    assert numbers["BeyondProofRefuted"] == str(len(beyond.REFUTED_KAPPAS))
    assert numbers["BeyondProofKappas"] == "10, 100, 1000"
    assert numbers["BeyondRefutedKappas"] == "25, 100, 1000"
    assert numbers["BeyondRefutedPeriod"] == "3"


def test_certified_rates_panel_keeps_coinciding_curves_visible():
    # Issue 24: Nesterov's quadratic curve hid under triple momentum's certified one, and
    # the kappa = 1 points are degenerate. Quadratic (dashed) curves are drawn above the
    # certified ones, consecutive methods' dashes offset by half a period; kappa = 1 is out.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory.paper.beyond.experiments import CertifiedCurve
    from momentum_theory.paper.beyond.figures import plot_certified_rates

    kappa = np.array([1.0, 10.0, 100.0])
    rate = 1 - 1 / np.sqrt(kappa)
    curves = [
        CertifiedCurve(name, name, "", kappa, rate, rate, np.full(3, np.nan), 1e-9)
        for name in ("nesterov", "two_step")
    ]
    ax = plot_certified_rates(curves)
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"][:2]
    solid = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    assert len(dashed) == 2 and len(solid) == 2
    assert min(line.get_zorder() for line in dashed) > max(line.get_zorder() for line in solid)
    offsets = [line._unscaled_dash_pattern[0] for line in dashed]
    period = sum(dashed[0]._unscaled_dash_pattern[1])
    assert abs(offsets[1] - offsets[0]) == pytest.approx(period / 2)
    assert all(np.all(line.get_xdata() > 1) for line in ax.get_lines() if len(line.get_xdata()))
    plt.close("all")
