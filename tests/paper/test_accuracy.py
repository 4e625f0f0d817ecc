"""The accuracy subject: the kernel within its documented bound at hard points, the naive
formula and LAPACK losing digits there; each claim fails when its premise is broken."""

import numpy as np
from frozen import assert_frozen

from momentum_theory import family
from momentum_theory.paper import _cache, accuracy


def test_claims_hold_and_the_study_is_frozen():
    results = accuracy.SUBJECT.check()
    assert len(results) == 3 and all(c.passed for c in results), results
    study = accuracy.spectral_radius_accuracy()
    assert_frozen(study)
    assert study.hard_points == len(study.closed_form_errors) > 100


def test_accuracy_claim_fails_for_a_kernel_off_by_a_hundred_ulps(monkeypatch):
    original = family.spectral_radius
    monkeypatch.setattr(family, "spectral_radius", lambda *a: original(*a) * (1 + 2.2e-14))
    with _cache.isolated():
        assert not accuracy.spectral_radius_accurate().passed


def test_loses_digits_claims_fail_for_an_exact_reference(monkeypatch):
    """If the naive formula and LAPACK were exact, the claims that they lose digits fail."""
    from momentum_theory import reference

    exact = lambda values, points, digits: np.zeros(len(points))  # noqa: E731
    monkeypatch.setattr(reference, "relative_errors", exact)
    with _cache.isolated():
        assert not accuracy.naive_formula_loses_digits().passed
        assert not accuracy.eigensolver_loses_digits().passed
