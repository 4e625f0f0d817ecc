"""Tests of the verify checks for Theorem 1, the worst case, amplification and the 2-D comparison.

Every check must pass on the real code and must fail when the quantity it checks is wrong
(so that no check is vacuous).
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from momentum_theory import certificates, powers, worst_case
from momentum_theory.claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.verify import transients as checks


@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_theorem1_check_fails_for_a_too_small_constant(monkeypatch):
    original = certificates.transient_constant

    def shrunk(*arguments, **keywords):
        bound = original(*arguments, **keywords)
        return dataclasses.replace(bound, constant=bound.constant * 0.99)

    monkeypatch.setattr(certificates, "transient_constant", shrunk)
    assert not checks.theorem1_constant().passed


def test_worst_case_checks_fail_for_a_wrong_maximum(monkeypatch):
    original = worst_case.worst_case_error

    def too_small(*arguments, **keywords):
        result = original(*arguments, **keywords)
        return dataclasses.replace(result, value=result.value * (1 - 1e-9))

    monkeypatch.setattr(worst_case, "worst_case_error", too_small)
    assert not checks.worst_case_error_attained().passed
    assert not checks.worst_case_error_dominates().passed


def test_power_norm_check_fails_for_wrong_norms(monkeypatch):
    original = powers.power_norms
    monkeypatch.setattr(powers, "power_norms", lambda *a, **k: original(*a, **k) * (1 + 1e-10))
    assert not checks.power_norms_exact().passed
