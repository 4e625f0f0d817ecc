"""Tests of momentum_theory/proofs/family.py: the methods' maps, run exactly.

References: the maps as the methods' papers state them (QHM: Ma and Yarats 2019; PyTorch's
SGD documentation), written out here in Fractions, and the float map to 1e-15.
"""

from fractions import Fraction

import pytest

from momentum_theory import methods
from momentum_theory.proofs.family import MapError, exact_family, exact_parameters


def test_qhm_map_is_exact():
    alpha, beta, nu = 0.3, 0.9, 0.7
    family = exact_family("qhm", exact_parameters("qhm", {"alpha": alpha, "beta": beta, "nu": nu}))
    a, b, n = Fraction(alpha), Fraction(beta), Fraction(nu)
    assert family.alpha == a * (1 - b)
    assert family.gamma == b * (1 - n) / (1 - b)  # the gamma = beta (1 - nu)/(1 - beta)
    assert (family.beta, family.shift) == (b, 0)


@pytest.mark.parametrize("nesterov", [False, True])
def test_pytorch_weight_decay_is_a_curvature_shift(nesterov):
    params = {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01, "nesterov": nesterov}
    if not nesterov:
        params["dampening"] = 0.5
    family = exact_family("pytorch_sgd", exact_parameters("pytorch_sgd", params))
    lr, m = Fraction(0.1), Fraction(0.9)
    assert family.shift == Fraction(0.01)
    assert family.alpha == (lr if nesterov else lr * (1 - Fraction(0.5)))
    assert family.gamma == (m if nesterov else 0)


@pytest.mark.parametrize("name", methods.names())
def test_agrees_with_the_float_map(name):
    method = methods.get(name)
    params = {spec: 0.3 for spec in method.numeric_parameters}
    exact = exact_family(name, exact_parameters(name, params))
    floating = method.family(**params)
    for symbol, value in (("alpha", exact.alpha), ("beta", exact.beta), ("gamma", exact.gamma)):
        assert float(value) == pytest.approx(
            float(getattr(floating, symbol)), rel=1e-15, abs=1e-300
        )
    assert float(exact.shift) == float(floating.curvature_shift)


@pytest.mark.parametrize(
    ("method", "parameters", "message"),
    [
        ("adam", {"alpha": Fraction(1)}, "method must be one of"),
        ("heavy_ball", {"alpha": Fraction(1)}, "needs 'beta'"),
        (
            "heavy_ball",
            {"alpha": Fraction(1), "beta": Fraction(0), "nu": Fraction(0)},
            "has no parameter 'nu'",
        ),
        ("qhm", {"alpha": Fraction(1), "beta": Fraction(1), "nu": Fraction(1, 2)}, "domain"),
        ("heavy_ball", {"alpha": Fraction(1), "beta": True}, "must be a rational"),
    ],
)
def test_bad_parameters_name_the_problem(method, parameters, message):
    with pytest.raises(MapError, match=message):
        exact_family(method, parameters)


def test_exact_parameters_fill_defaults_and_refuse_arrays():
    exact = exact_parameters("pytorch_sgd", {"lr": 0.5})
    assert exact["dampening"] == 0 and exact["nesterov"] is False
    with pytest.raises(ValueError, match="single number"):
        exact_parameters("heavy_ball", {"alpha": [0.1, 0.2], "beta": 0.5})
