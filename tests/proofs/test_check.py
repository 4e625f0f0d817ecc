"""Tests of momentum_theory/proofs/check.py: valid proofs pass, tampered ones fail for the
right reason. The valid proofs are derived by hand (tests/proofs/_examples.py)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.format import read_proofs, write_proof
from tests.proofs._examples import (
    gradient_descent_lyapunov,
    heavy_ball_quadratic,
    nesterov_quadratic_class,
)

EXAMPLES = (gradient_descent_lyapunov, heavy_ball_quadratic, nesterov_quadratic_class)


@pytest.mark.parametrize("example", EXAMPLES)
def test_valid_proofs_pass(example, tmp_path):
    proof = example()
    check = check_proof(proof)
    assert check.passed and check.condition == "all", check
    assert check_proof(read_proofs(write_proof(proof, tmp_path / "p.json"))[0]).passed


def _tampered(example, **changes):
    proof = example()
    proof.update(changes)
    return proof


LYAPUNOV = gradient_descent_lyapunov


@pytest.mark.parametrize(
    ("proof", "condition", "words"),
    [
        # the true rate is 1/2: no Lyapunov proof exists below it
        (_tampered(LYAPUNOV, rho="49/100"), "inequality", "-M not PSD"),
        (_tampered(LYAPUNOV, rho="1"), "rho", "not in [0, 1)"),
        (_tampered(LYAPUNOV, rho="-1/2"), "rho", "not in [0, 1)"),
        (
            _tampered(LYAPUNOV, P=[["1", "2", "0"], ["2", "1/100", "0"], ["0", "0", "1/100"]]),
            "P",
            "not positive definite",
        ),
        (
            _tampered(LYAPUNOV, P=[["1", "0", "0"], ["0", "0", "0"], ["0", "0", "1/100"]]),
            "P",
            "not positive definite",
        ),
        (
            _tampered(LYAPUNOV, P=[["1", "0", "0"], ["1", "1/100", "0"], ["0", "0", "1/100"]]),
            "P",
            "not symmetric",
        ),
        (
            _tampered(LYAPUNOV, lambda_off_by_one="-1/1000"),
            "multipliers",
            "lambda_off_by_one = -1/1000",
        ),
        (_tampered(LYAPUNOV, lambda_sector="-27/200"), "multipliers", "negative"),
        (
            _tampered(LYAPUNOV, alpha="1/3"),
            "family",
            "alpha = 1/3, but gradient_descent's map gives 1/2",
        ),
        (_tampered(LYAPUNOV, gamma="1/2"), "family", "gamma"),
        (_tampered(LYAPUNOV, method="heavy_ball"), "map", "needs 'beta'"),
        (_tampered(LYAPUNOV, method="adam"), "map", "method must be one of"),
        (_tampered(LYAPUNOV, mu="4"), "class", "0 < mu <= L"),
        (_tampered(LYAPUNOV, mu="0"), "class", "0 < mu <= L"),
        (_tampered(LYAPUNOV, rho="3/0"), "format", "q > 0"),
        (_tampered(LYAPUNOV, lambda_sector="0.135"), "format", "lambda_sector"),
        (_tampered(LYAPUNOV, Q="1"), "format", "no key 'Q'"),
        (_tampered(LYAPUNOV, kind="quadratic"), "format", "needs the key 'h'"),
        (_tampered(heavy_ball_quadratic, h="1"), "jury", "converges at h = 1"),
        (_tampered(heavy_ball_quadratic, h="11"), "h", "not in [mu, L]"),
        (_tampered(nesterov_quadratic_class, rho="49/100"), "roots", "modulus above rho"),
        (_tampered(nesterov_quadratic_class, L="3"), "class", "needs mu == L"),
    ],
)
def test_tampered_proofs_fail_for_the_right_reason(proof, condition, words):
    check = check_proof(proof)
    assert not check.passed
    assert check.condition == condition, check
    assert words in check.reason


def test_a_wrong_method_map_is_caught():
    """QHM's proof claiming gamma = beta (1 - nu), a map that forgets the 1/(1 - beta)."""
    proof = _tampered(
        heavy_ball_quadratic,
        method="qhm",
        parameters={"alpha": "1", "beta": "1/2", "nu": "1/2"},
        alpha="1/2",
        beta="1/2",
        gamma="1/4",
    )
    check = check_proof(proof)
    assert (check.passed, check.condition) == (False, "family")
    assert "gamma = 1/4, but qhm's map gives 1/2" in check.reason
    assert check_proof({**proof, "gamma": "1/2"}).passed  # the right map: it diverges at h = 10


def test_weight_decay_shift_must_leave_a_positive_mu():
    proof = _tampered(
        heavy_ball_quadratic,
        method="pytorch_sgd",
        parameters={
            "lr": "1/2",
            "momentum": "1/2",
            "dampening": "0",
            "weight_decay": "1",
            "nesterov": False,
            "maximize": False,
        },
    )
    check = check_proof(proof)
    assert (check.condition, "curvature shift 1" in check.reason) == ("class", True)
    assert check_proof({**proof, "mu": "2", "L": "11", "h": "11"}).passed


def test_a_one_point_cycle_with_a_gradient_is_no_cycle():
    """Cycle proofs are checked (tests/proofs/test_cycle.py); x_1 = 1 - g_0/2 != x_0."""
    proof = {
        **heavy_ball_quadratic(),
        "kind": "cycle",
        "x": [["1"]],
        "g": [["1"]],
        "f": ["0"],
        "reachable_from_rest": False,
    }
    del proof["h"]
    assert check_proof(proof).condition == "cycle"


@pytest.mark.slow
def test_the_checker_loads_no_numerical_library():
    """Imported alone (without the package root, which loads NumPy for the kernels), the
    checker loads only the standard library; checking loads no solver, SciPy or SymPy. The
    method registry, which the map step loads, brings NumPy (the maps themselves run on
    Fractions)."""
    package = Path(__file__).resolve().parents[2] / "momentum_theory"
    script = textwrap.dedent(
        f"""
        import sys, types
        root = types.ModuleType("momentum_theory")
        root.__path__ = [{str(package)!r}]
        sys.modules["momentum_theory"] = root
        from momentum_theory.proofs import check_proof
        from tests.proofs._examples import gradient_descent_lyapunov
        heavy = ("numpy", "scipy", "cvxpy", "clarabel", "sympy", "mpmath", "numba", "torch")
        print(sorted(m for m in heavy if m in sys.modules))
        assert check_proof(gradient_descent_lyapunov()).passed
        print(sorted(m for m in heavy if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=package.parent,
    )
    imported, checked = result.stdout.splitlines()
    assert imported == "[]"
    assert checked == "['numpy']"
