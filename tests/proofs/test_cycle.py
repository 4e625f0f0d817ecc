"""Tests of momentum_theory/proofs/cycle.py and of the "cycle" kind of check_proof.

Independent references: the Lessard-Recht-Packard function (Lessard, Recht and Packard 2016,
sec. 2.3; gradient 25 y below 1 and 25 y - 24 above 2, values 25 y^2/2 and
25 y^2/2 - 24 y + 36 there) and its exact 3-cycle; the cycles are re-run here in plain
Fractions, not by the checker. Gradient descent at 2/(mu + L) and Nesterov's textbook tuning
converge on the whole class (Lyapunov proofs, tests/proofs/test_lyapunov.py), so no cycle
proof may exist for them.
"""

from fractions import Fraction as F

import pytest

from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.cycle import (
    lessard_recht_packard_proof,
    points_from_gradients,
    values_from_bounds,
)
from momentum_theory.proofs.format import read_proofs, write_proof

LRP_POINTS = (F(792, 1225), F(-2208, 1225), F(2592, 1225))


def _lrp_gradient(y):
    return 25 * y if y < 1 else y + 24 if y < 2 else 25 * y - 24


def _lrp_value(y):
    return (
        F(25, 2) * y * y
        if y < 1
        else y * y / 2 + 24 * y - 12
        if y < 2
        else F(25, 2) * y * y - 24 * y + 36
    )


def _numbers(rows):
    return [[F(v) for v in row] for row in rows]


def _runs_around(proof, laps=3):
    """Run the update in plain Fractions from (x_0, x_{K-1}) for laps * K steps with the
    proof's gradients; True when it is back at the start after every lap."""
    alpha, beta = F(proof["alpha"]), F(proof["beta"])
    x, g = _numbers(proof["x"]), _numbers(proof["g"])
    K = len(x)
    current, previous = x[0], x[-1]
    for step in range(laps * K):
        following = [
            c + beta * (c - p) - alpha * d for c, p, d in zip(current, previous, g[step % K])
        ]
        current, previous = following, current
        if (step + 1) % K == 0 and (current, previous) != (x[0], x[-1]):
            return False
    return True


def test_lessard_recht_packard_proof_holds_and_is_their_cycle(tmp_path):
    proof = lessard_recht_packard_proof()
    check = check_proof(proof)
    assert check.passed and check.condition == "all", check
    assert check_proof(read_proofs(write_proof(proof, tmp_path / "lrp.json"))[0]).passed
    assert [F(p[0]) for p in proof["x"]] == list(LRP_POINTS)
    assert (proof["method"], proof["alpha"], proof["beta"], proof["gamma"]) == (
        "heavy_ball",
        "1/9",
        "4/9",
        "0",
    )
    assert proof["reachable_from_rest"] is True
    # the gradients are the function's own (gamma = 0: y = x)
    assert [F(v[0]) for v in proof["g"]] == [_lrp_gradient(x) for x in LRP_POINTS]
    assert _runs_around(proof)


def test_lessard_recht_packard_function_values_pass_too():
    """The values of the function itself, an element of S(1, 25), satisfy the conditions."""
    proof = lessard_recht_packard_proof()
    proof["f"] = [str(_lrp_value(x)) for x in LRP_POINTS]
    assert check_proof(proof).passed


def test_heavy_ball_on_the_lrp_function_repeats_the_cycle():
    """The method run on the function's own gradient, not on the proof's."""
    alpha, beta = F(1, 9), F(4, 9)
    current, previous = LRP_POINTS[0], LRP_POINTS[-1]
    for step in range(9):
        current, previous = (
            current + beta * (current - previous) - alpha * _lrp_gradient(current),
            current,
        )
        assert current == LRP_POINTS[(step + 1) % 3]


def _tampered(**changes):
    proof = lessard_recht_packard_proof()
    proof.update(changes)
    return proof


def _lowered_value(k, by):
    """The function's own values (two pairs lie on one quadratic of curvature L = 25, so
    their conditions are tight) with f_k lowered by ``by``."""
    values = [_lrp_value(x) for x in LRP_POINTS]
    values[k] -= by
    return [str(v) for v in values]


@pytest.mark.parametrize(
    ("changes", "condition", "words"),
    [
        ({"x": [["793/1225"], ["-2208/1225"], ["2592/1225"]]}, "cycle", "not a cycle"),
        ({"g": [["792/49"], ["-2208/49"], ["1"]]}, "cycle", "update from x_2"),
        ({"f": _lowered_value(0, F(1, 10**9))}, "interpolation", "no function of S(1, 25)"),
        ({"L": "24"}, "interpolation", "S(1, 24)"),
        ({"mu": "25"}, "class", "mu < L"),
        ({"x": [["1"], ["1"], ["1"]], "g": [["0"], ["0"], ["0"]]}, "gradient", "zero"),
        ({"reachable_from_rest": "yes"}, "format", "true or false"),
        ({"alpha": "1/10"}, "family", "alpha"),
        ({"f": ["0", "0"]}, "format", "f must be a list of 3"),
    ],
)
def test_tampered_cycles_fail_for_the_right_reason(changes, condition, words):
    check = check_proof(_tampered(**changes))
    assert not check.passed
    assert check.condition == condition, check
    assert words in check.reason, check.reason


def test_a_cycle_proof_needs_every_key():
    proof = lessard_recht_packard_proof()
    del proof["reachable_from_rest"]
    check = check_proof(proof)
    assert (check.condition, "reachable_from_rest" in check.reason) == ("format", True)


def test_points_from_gradients_solve_the_cycle_equations():
    alpha, beta = F(1, 7), F(1, 3)
    g = [[F(1), F(2)], [F(-3), F(1, 2)], [F(5, 4), F(-1)], [F(3, 4), F(-3, 2)]]
    x = points_from_gradients(g, alpha, beta)
    K = len(x)
    for k in range(K):
        for r in range(2):
            step = x[k][r] + beta * (x[k][r] - x[k - 1][r]) - alpha * g[k][r]
            assert step == x[(k + 1) % K][r]
    assert [sum(p[r] for p in x) for r in range(2)] == [0, 0]
    assert points_from_gradients([[F(1)], [F(0)]], alpha, beta) is None  # sum g != 0
    # beta = -1, K even: the circulant's eigenvalue at omega = -1 vanishes too
    assert points_from_gradients([[F(1)], [F(-1)]], alpha, F(-1)) is None


def test_values_from_bounds_satisfy_every_constraint_or_find_the_negative_cycle():
    # feasible: (0, 2, 3) satisfies these with slacks (1, 0, 1/2, 0, 2, 1/4)
    bounds = [[F(0), F(-3), F(-3)], [F(3, 2), F(0), F(-1)], [F(1), F(3, 4), F(0)]]
    f = values_from_bounds(bounds)
    assert all(f[i] - f[j] >= bounds[i][j] for i in range(3) for j in range(3) if i != j)
    assert min(f) == 0
    # f_0 - f_1 >= 2, f_1 - f_2 >= 1, f_2 - f_0 >= -5/2 sum to 0 >= 1/2: infeasible
    infeasible = [[F(0), F(2), F(-9)], [F(-9), F(0), F(1)], [F(-5, 2), F(-9), F(0)]]
    assert values_from_bounds(infeasible) is None


@pytest.mark.solver
class TestSearch:
    """cycle_proof proposes with a semidefinite solver; every result is checked exactly."""

    @pytest.fixture(autouse=True)
    def _cvxpy(self):
        pytest.importorskip("cvxpy")

    @pytest.mark.parametrize("kappa", [25.0, 100.0, 1000.0])
    def test_heavy_ball_at_polyaks_parameters_cycles(self, kappa):
        from momentum_theory.methods.heavy_ball import polyak
        from momentum_theory.proofs.cycle import cycle_proof

        parameters, _ = polyak(mu=1.0, L=kappa)
        proof = cycle_proof("heavy_ball", mu=1.0, L=kappa, **parameters)
        assert proof is not None
        assert check_proof(proof).passed
        assert len(proof["x"]) == 3  # measured: the shortest length with a positive margin
        assert proof["parameters"] == {k: str(F(v)) for k, v in parameters.items()}
        assert _runs_around(proof)
        assert any(F(v) != 0 for point in proof["g"] for v in point)

    def test_a_cycle_with_extrapolation(self):
        """The two-step family at Polyak's alpha and beta for kappa = 100 with gamma = -1/20
        converges on every quadratic of the class (Jury's |D| < 1, |T| < 1 + D at h = 1 and
        100, where T is about 1.638 and -1.471, D about 0.671 and 0.835; the region is
        convex in h), yet cycles on S(1, 100)."""
        from momentum_theory.methods.heavy_ball import polyak
        from momentum_theory.proofs.cycle import cycle_proof

        parameters, _ = polyak(mu=1.0, L=100.0)
        proof = cycle_proof("two_step", mu=1.0, L=100.0, gamma=-0.05, **parameters)
        assert proof is not None and check_proof(proof).passed
        assert (len(proof["x"]), F(proof["gamma"])) == (3, F(-0.05))
        assert _runs_around(proof)
        alpha, beta, gamma = (F(proof[k]) for k in ("alpha", "beta", "gamma"))
        for h in (1, 100):
            T, D = 1 + beta - alpha * h * (1 + gamma), beta - alpha * h * gamma
            assert abs(D) < 1 and abs(T) < 1 + D

    def test_heavy_ball_at_polyaks_parameters_for_kappa_10_gives_none(self):
        """No K <= 10 has a positive margin (measured at most -0.017 for every K with
        OpenBLAS autodetected; None also under Haswell with L2 size 512 and Nehalem): None,
        which is no proof of convergence either."""
        from momentum_theory.methods.heavy_ball import polyak
        from momentum_theory.proofs.cycle import cycle_proof

        parameters, _ = polyak(mu=1.0, L=10.0)
        assert cycle_proof("heavy_ball", mu=1.0, L=10.0, **parameters) is None

    @pytest.mark.parametrize(
        ("method", "kappa", "parameters"),
        [
            ("gradient_descent", 10.0, {"alpha": 2 / 11}),
            ("nesterov", 100.0, {"alpha": 0.01, "beta": 9 / 11}),
        ],
    )
    def test_no_cycle_for_methods_proved_to_converge(self, method, kappa, parameters):
        from momentum_theory.proofs.cycle import cycle_proof

        assert cycle_proof(method, mu=1.0, L=kappa, max_length=5, **parameters) is None

    def test_one_curvature_or_a_short_search_gives_none_or_an_error(self):
        from momentum_theory.proofs.cycle import cycle_proof

        assert cycle_proof("heavy_ball", mu=2.0, L=2.0, alpha=0.1, beta=0.5) is None
        with pytest.raises(ValueError, match="max_length"):
            cycle_proof("heavy_ball", mu=1.0, L=25.0, max_length=1, alpha=0.1, beta=0.5)
