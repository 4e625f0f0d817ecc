"""The spectrum subject: the heatmap's grid (frozen), the region, the complex modulus and
negative momenta; each claim holds and fails when what it checks is wrong."""

import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import family
from momentum_theory.paper import _cache, spectrum


def test_heatmap_cells_are_centres_inside_the_window():
    grid = spectrum.single_curvature_grid()
    assert grid.rate.shape == (600, 600)
    assert (grid.x_name, grid.y_name) == ("alpha", "beta")
    assert 0 < grid.x[0] < grid.x[-1] < 4.4 and 0 < grid.y[0] < grid.y[-1] < 1
    # The kernel at a cell, recomputed: the grid is what it says it is.
    assert grid.rate[123, 456] == family.spectral_radius(grid.x[456], grid.y[123], 1.0)


def test_the_cached_grid_cannot_be_changed_by_a_caller():
    """Writing into the shared result raises, and the next call returns it unchanged."""
    grid = spectrum.single_curvature_grid()
    before = grid.rate.copy()
    with pytest.raises(ValueError, match="read-only"):
        grid.rate[0, 0] = 0.0
    with pytest.raises(ValueError, match="read-only"):
        grid.x *= 2
    again = spectrum.single_curvature_grid()
    np.testing.assert_array_equal(again.rate, before)
    assert_frozen(again)


@pytest.mark.parametrize("experiment", [spectrum.complex_modulus, spectrum.negative_momentum])
def test_experiments_are_frozen(experiment):
    assert_frozen(experiment())


def test_claims_hold():
    results = spectrum.SUBJECT.check()
    assert results and all(c.passed for c in results), results
    assert {c.group for c in results} == {"spectrum"}


def test_region_claim_fails_for_a_wrong_region(monkeypatch):
    """A region missing its boundary's neighbourhood (alpha h < 1.99 (1 + beta))."""
    wrong = lambda a, b, h: (np.abs(b) < 1) & (0 < a * h) & (a * h < 1.99 * (1 + b))  # noqa: E731
    monkeypatch.setattr(spectrum, "convergence_region", wrong)
    assert not spectrum.stability_region_exact().passed


def test_modulus_claim_fails_for_a_wrong_eigensolver(monkeypatch):
    original = family.spectral_radius_eig
    monkeypatch.setattr(family, "spectral_radius_eig", lambda *a: original(*a) * (1 + 1e-12))
    with _cache.isolated():
        assert not spectrum.complex_pair_modulus().passed


def test_negative_momentum_claim_fails_for_a_wrong_rate(monkeypatch):
    original = family.spectral_radius
    monkeypatch.setattr(family, "spectral_radius", lambda *a: original(*a) * 1.01)
    with _cache.isolated():
        assert not spectrum.negative_momentum_converges().passed
