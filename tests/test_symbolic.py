"""Symbolic derivations checked against independent statements and numeric evaluation."""

import numpy as np
import pytest
import sympy as sp

from momentum_theory import spectral_radius
from momentum_theory import symbolic as sym
from momentum_theory.symbolic import alpha, beta, h


def test_heavy_ball_companion_is_the_chapter_matrix():
    expected = sp.Matrix([[1 - alpha * h + beta, -beta], [1, 0]])
    assert sp.simplify(sym.heavy_ball_companion() - expected) == sp.zeros(2, 2)


def test_companion_reproduces_the_update_rule():
    """A (x_t, x_{t-1}) equals (update, x_t): the matrix really is the iteration."""
    A = sym.heavy_ball_companion()
    state = sp.Matrix([sym.x_now, sym.x_prev])
    image = A * state
    assert sp.expand(image[0] - sym.heavy_ball_update()) == 0
    assert image[1] == sym.x_now


def test_nesterov_companion_is_derived_by_the_same_generic_function():
    expected = sp.Matrix([[(1 + beta) * (1 - alpha * h), -beta * (1 - alpha * h)], [1, 0]])
    assert sp.simplify(sym.nesterov_companion() - expected) == sp.zeros(2, 2)


def test_generic_derivation_handles_three_step_rules():
    a, b, c = sp.symbols("a b c")
    x0, x1, x2 = sp.symbols("x0 x1 x2")
    C = sym.companion_from_update(a * x0 + b * x1 + c * x2, (x0, x1, x2))
    # The characteristic polynomial of a companion matrix has the rule's coefficients.
    assert (
        sp.expand(C.charpoly(sym.lam).as_expr() - (sym.lam**3 - a * sym.lam**2 - b * sym.lam - c))
        == 0
    )


@pytest.mark.parametrize(
    ("update", "message"),
    [(sym.x_now**2, "linear"), (sym.x_now + 1, "homogeneous"), (sym.x_now * sym.x_prev, "linear")],
)
def test_generic_derivation_rejects_nonlinear_rules(update, message):
    with pytest.raises(ValueError, match=message):
        sym.companion_from_update(update, (sym.x_now, sym.x_prev))


def test_characteristic_polynomial_and_discriminant():
    poly = sym.characteristic_polynomial()
    assert poly.all_coeffs() == [1, alpha * h - beta - 1, beta]
    assert sp.expand(sym.discriminant() - ((1 + beta - alpha * h) ** 2 - 4 * beta)) == 0


def test_eigenvalues_are_roots_and_give_the_numeric_spectral_radius():
    poly = sym.characteristic_polynomial().as_expr()
    values = sym.eigenvalues()
    for value in values:
        assert sp.simplify(poly.subs(sym.lam, value)) == 0
    rng = np.random.default_rng(7)
    for a, b, c in zip(rng.uniform(0, 4, 20), rng.uniform(-0.5, 1.5, 20), rng.uniform(0.1, 2, 20)):
        subs = {alpha: sp.Float(a, 40), beta: sp.Float(b, 40), h: sp.Float(c, 40)}
        rho = max(abs(complex(v.evalf(40, subs=subs))) for v in values)
        assert float(spectral_radius(a, b, c)) == pytest.approx(rho, rel=1e-13)


def test_critical_damping_curves_are_the_discriminant_roots():
    root = sp.sqrt(alpha * h)
    stable_side, other = sym.critical_damping_curves()
    assert sp.simplify(stable_side - (1 - root) ** 2) == 0
    assert sp.simplify(other - (1 + root) ** 2) == 0
    s = sp.Symbol("s", positive=True)
    for curve in (stable_side, other):
        on_curve = sym.discriminant().subs(beta, curve).subs(alpha, s**2 / h)
        assert sp.simplify(on_curve) == 0


def test_stability_region_is_the_stated_inequalities():
    region = sym.stability_region()
    stated = sp.And(sp.Abs(beta) < 1, alpha * h > 0, alpha * h < 2 * beta + 2)
    # Equivalent as boolean functions: compare on a grid of exact rationals.
    for a in [sp.Rational(k, 4) for k in range(-2, 18)]:
        for b in [sp.Rational(k, 8) for k in range(-10, 11)]:
            values = {alpha: a, beta: b, h: 1}
            assert bool(region.subs(values)) == bool(stated.subs(values))


def test_jury_conditions_match_root_moduli():
    """The Jury test agrees with the roots' moduli on rational quadratics."""
    z = sym.lam
    rng = np.random.default_rng(3)
    for a1, a0 in zip(rng.integers(-20, 21, 60), rng.integers(-12, 13, 60)):
        poly = sp.Poly(z**2 + sp.Rational(int(a1), 8) * z + sp.Rational(int(a0), 8), z)
        moduli = [abs(complex(r)) for r in poly.nroots(n=30)]
        if all(abs(m - 1) > 1e-12 for m in moduli):  # skip roots on the unit circle
            assert all(bool(c) for c in sym.jury_conditions(poly)) == (max(moduli) < 1)


def test_jury_conditions_reject_non_monic():
    with pytest.raises(ValueError, match="monic quadratic"):
        sym.jury_conditions(sp.Poly(2 * sym.lam**2 + 1, sym.lam))


def test_optimal_parameters_are_derived_and_verified():
    opt = sym.optimal_parameters()
    assert sp.simplify(opt.alpha - 4 / (sp.sqrt(sym.L) + sp.sqrt(sym.mu)) ** 2) == 0
    assert (
        sp.simplify(
            opt.beta
            - ((sp.sqrt(sym.L) - sp.sqrt(sym.mu)) / (sp.sqrt(sym.L) + sp.sqrt(sym.mu))) ** 2
        )
        == 0
    )
    # Both ends critically damped: the discriminant vanishes at h = mu and h = L.
    disc = sym.discriminant().subs({alpha: opt.alpha, beta: opt.beta})
    assert sp.simplify(disc.subs(h, sym.mu)) == 0
    assert sp.simplify(disc.subs(h, sym.L)) == 0


def test_derivation_renders_latex_for_every_result():
    rendered = sym.derivation().latex()
    assert set(rendered) == {
        "update",
        "companion",
        "characteristic_polynomial",
        "eigenvalues",
        "discriminant",
        "critical_beta",
        "stability_region",
        "optimal_alpha",
        "optimal_beta",
        "optimal_rate",
    }
    assert all(isinstance(v, str) and v for v in rendered.values())
    assert r"\alpha" in rendered["stability_region"]
