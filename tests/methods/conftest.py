"""Shared by the methods' tests: an independent brute-force minimax."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest


def _brute_force_minimax(rate_of: Callable, axes: list, hs) -> float:
    """min over a grid of max over sampled h, with a plain numpy formula: independent of the
    code under test (no kernel, no endpoint rule). ``rate_of(*mesh)`` gives the family's
    ``(alpha, beta, gamma)`` on the grid."""
    mesh = np.meshgrid(*axes, indexing="ij")
    alpha, beta, gamma = rate_of(*mesh)
    worst = np.zeros(alpha.shape)
    for h in hs:
        trace = 1 + beta - alpha * h * (1 + gamma)
        determinant = beta - alpha * h * gamma
        discriminant = trace**2 - 4 * determinant
        real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2
        rho = np.where(discriminant >= 0, real, np.sqrt(np.abs(determinant)))
        worst = np.maximum(worst, rho)
    return float(worst.min())


@pytest.fixture(scope="session")
def brute_force_minimax() -> Callable:
    return _brute_force_minimax
