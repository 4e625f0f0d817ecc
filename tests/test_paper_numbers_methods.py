"""Paper numbers of the methods section: the SymPy rendering of the maps, the formats, and
which verify rows the text relies on."""

from __future__ import annotations

import pytest
import sympy as sp

from momentum_theory import paper
from momentum_theory.claims import is_quoted
from momentum_theory.paper_numbers import methods as numbers
from momentum_theory.verify import methods as checks

alpha, beta, nu = sp.symbols("alpha beta nu", real=True)
lr, dampening, weight_decay = sp.symbols("lr dampening weight_decay", real=True)


@pytest.mark.parametrize(
    ("expression", "latex"),
    [
        (alpha, r"\alpha"),
        (sp.Integer(0), "0"),
        (-alpha * (beta - 1), r"\alpha \left(1 - \beta\right)"),
        (beta * (nu - 1) / (beta - 1), r"\frac{\beta \left(1 - \nu\right)}{1 - \beta}"),
        (-lr * (dampening - 1), r"\eta \left(1 - \tau\right)"),
        (weight_decay, r"\lambda"),
        (-alpha, r"-\alpha"),
    ],
)
def test_map_latex_prints_differences_as_one_minus(expression, latex):
    assert numbers.map_latex(expression) == latex


def test_parameters_at_a_bound_print_exactly():
    assert numbers._value(0.0) == "0" and numbers._value(1.0) == "1"
    assert numbers._value(0.66942148) == "0.669"


def test_kappa_list():
    assert numbers._kappa_list([10.0, 100.0, 1e4, 1e6]) == (
        r"10, 100, \ensuremath{10^{4}} and \ensuremath{10^{6}}"
    )


def test_the_numbers_need_no_torch_and_rely_on_no_check_that_does():
    assert paper.subject("methods").needs == ()
    assert not is_quoted(checks.pytorch_sgd_matches_torch)
