"""methods.derivation: state matrices derived from the rules, against the hand derivations
of the symbolic module (the per-method map checks are in test_contract.py)."""

import pytest
import sympy as sp

from momentum_theory import symbolic
from momentum_theory.methods import derivation


def test_derived_matrices_match_the_heavy_ball_and_nesterov_derivations():
    assert derivation.transition_matrix("heavy_ball") == symbolic.heavy_ball_companion()
    nesterov = derivation.transition_matrix("nesterov")
    assert sp.simplify(nesterov - symbolic.nesterov_companion()) == sp.zeros(2, 2)


def test_transition_matrix_refuses_nonlinear_and_affine_rules():
    x, b = sp.symbols("x b")
    with pytest.raises(ValueError, match="linear"):
        symbolic.transition_matrix([x * b, b], [x, b])
    with pytest.raises(ValueError, match="homogeneous"):
        symbolic.transition_matrix([x + 1, b], [x, b])
    with pytest.raises(ValueError, match="same positive length"):
        symbolic.transition_matrix([x], [x, b])
