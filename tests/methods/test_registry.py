"""methods._registry: the one ordered list of methods, and importing it stays light."""

import subprocess
import sys

import pytest

from momentum_theory import methods


def test_registry_lists_every_method_in_order():
    assert methods.names() == (
        "gradient_descent",
        "heavy_ball",
        "nesterov",
        "two_step",
        "qhm",
        "pytorch_sgd",
    )
    assert tuple(method.name for method in methods.METHODS) == methods.names()
    for name in methods.names():
        method = methods.get(name)
        assert isinstance(method, methods.Method) and method.name == name
        assert methods.get(method) is method


def test_unknown_method_lists_the_names():
    with pytest.raises(ValueError, match=r"method must be one of 'gradient_descent'.*got 'adam'"):
        methods.get("adam")


def test_import_stays_light():
    """import momentum_theory (methods included) imports neither SymPy nor SciPy's optimize."""
    code = (
        "import sys, momentum_theory; from momentum_theory import methods; "
        "print(sorted(m for m in ('sympy', 'scipy.optimize', 'torch', 'matplotlib') "
        "if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
    import momentum_theory

    assert momentum_theory.methods is methods
