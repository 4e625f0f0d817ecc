"""Without the optional extra 'pep' (PEPit, cvxpy): clear errors, and nothing else breaks.

``sys.modules[name] = None`` is what Python records for a module that cannot be imported,
so each test below sees the package as a bare install would.
"""

import sys

import pytest

from momentum_theory import methods
from momentum_theory.beyond._pep import INSTALL_COMMAND, PepNotInstalledError, pep_available


@pytest.fixture
def no_pep(monkeypatch):
    for name in ("PEPit", "cvxpy"):
        monkeypatch.setitem(sys.modules, name, None)


def test_availability_is_reported(no_pep):
    assert not pep_available()


@pytest.mark.parametrize(
    "call",
    [
        lambda: methods.get("heavy_ball").certified_rate(mu=1.0, L=25.0, alpha=1 / 9, beta=4 / 9),
        lambda: methods.get("gradient_descent").certified_rate(mu=1.0, L=25.0, alpha=0.5),
        lambda: __import__("momentum_theory.beyond.iqc").beyond.iqc.certified_rate(
            0.1, 0.5, mu=1.0, L=10.0
        ),
        lambda: __import__("momentum_theory.beyond.iqc").beyond.iqc.lyapunov(
            0.1, 0.5, mu=1.0, L=10.0, rho=0.9
        ),
        lambda: __import__(
            "momentum_theory.transients.worst_case"
        ).transients.worst_case.worst_case_error(
            0.1, 0.5, mu=1.0, L=10.0, steps=3, function_class="smooth_strongly_convex"
        ),
    ],
    ids=["method", "diverging-method", "certified_rate", "lyapunov", "worst_case_error"],
)
def test_functions_that_need_the_extra_say_how_to_install_it(no_pep, call):
    with pytest.raises(ImportError, match="pep") as error:
        call()
    assert isinstance(error.value, PepNotInstalledError)
    assert INSTALL_COMMAND in str(error.value)


def test_everything_else_works_without_it(no_pep):
    from momentum_theory.beyond import counterexample
    from momentum_theory.transients.worst_case import worst_case_error

    assert worst_case_error(1 / 9, 4 / 9, mu=1.0, L=25.0, steps=3).value > 0
    assert len(counterexample.limit_cycles()) == 2
    assert (
        float(methods.get("heavy_ball").worst_case_rate(mu=1.0, L=25.0, alpha=0.1, beta=0.4)) < 1
    )
