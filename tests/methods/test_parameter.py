"""methods._parameter: what a parameter says about itself, its domain's words, search axes."""

import math

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.methods import Axis, Domain, Parameter


@pytest.mark.parametrize(
    ("domain", "words"),
    [
        (Domain(low=0.0), "non-negative"),
        (Domain(low=0.0, low_open=True), "positive"),
        (Domain(excluded=(1.0,), reason="the map divides by 1 - beta"),
         "other than 1 (the map divides by 1 - beta)"),
        (Domain(low=0.0, high=1.0, high_open=True), "in [0, 1)"),
        (Domain(low=-1.0, high=1.0, excluded=(0.0,)), "in [-1, 1] other than 0"),
    ],
)  # fmt: skip
def test_domain_words(domain, words):
    assert domain.describe() == words


def test_domain_checks_elementwise_and_lets_nan_through():
    domain = Domain(low=0.0, high=1.0, high_open=True)
    domain.check("m", np.array([0.0, 0.5, np.nan]))
    with pytest.raises(ValueError, match=r"m must be in \[0, 1\), got 1"):
        domain.check("m", np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="m must be other than 1, got 1"):
        Domain(excluded=(1.0,)).check("m", 1.0)


def test_axis_coordinates_invert():
    """gap: even in log(1 - v); log1p: even in log(1 + v); both map their bounds back."""
    for axis in (Axis(0.0, 1 - 1e-7, "gap"), Axis(-0.9, 1e4, "log1p"), Axis(0.0, 1.0)):
        low, high = axis.bounds()
        assert low < high
        ends = sorted(float(v) for v in axis.value(np.array([low, high])))
        np.testing.assert_allclose(ends, [axis.low, axis.high], rtol=1e-12, atol=1e-15)
    assert Axis(0.0, 0.99, "gap").bounds() == (math.log(0.01), 0.0)


def test_label_units_and_kinds():
    lr = methods.get("pytorch_sgd").parameter("lr")
    assert lr.axis_label == r"learning rate $\eta$" and lr.unit_value(4.0) == 0.25
    decay = methods.get("pytorch_sgd").parameter("weight_decay")
    assert decay.unit_value(4.0) == 4.0 and not decay.tuned and decay.kind == "option"
    assert methods.get("qhm").parameter("nu").unit_value(4.0) == 1.0
    assert methods.get("pytorch_sgd").parameter("nesterov").is_flag
    flag = Parameter("f", r"\mathrm{f}", "f", "a flag", "flag", default=False, tuned=False)
    assert flag.is_flag and flag.typical is None
