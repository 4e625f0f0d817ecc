"""training.stability: where (lr, momentum) sits in the quadratic stability region."""

import math

import pytest

from momentum_theory.training.stability import stability_position


@pytest.mark.parametrize(
    ("lr", "beta", "h", "inside", "rate"),
    [
        # T = 1.7, T^2 = 2.89 < 4 beta = 3.2: a complex pair, rho = sqrt(beta).
        (0.01, 0.8, 10.0, True, math.sqrt(0.8)),
        # beta = 0: A's eigenvalues are 1 - lr h = -1.2 and 0, outside as 2.2 > 2.
        (0.2, 0.0, 11.0, False, 1.2),
        # T = 1.9 - 4.4 = -2.5, T^2 = 6.25 > 3.6: real roots, rho = (2.5 + sqrt(2.65))/2.
        (0.4, 0.9, 11.0, False, (2.5 + math.sqrt(2.65)) / 2),
        # On the edge lr h = 2(1 + beta): the roots of l^2 + 1.5 l + 0.5 are -1 and -1/2.
        (0.375, 0.5, 8.0, False, 1.0),  # lr h = 3 exactly in binary
    ],
)
def test_stability_position_equals_hand_derived_values(lr, beta, h, inside, rate):
    # Equality (rel 1e-14) with values derived by hand from lambda^2 - T lambda + beta,
    # T = 1 + beta - lr h: an independent reference, not the kernels stability_position uses.
    position = stability_position(lr, beta, h)
    assert position.inside is inside
    assert position.rate == pytest.approx(rate, rel=1e-14)
    assert (position.lr, position.momentum, position.h) == (lr, beta, h)
    assert position.lr_h == pytest.approx(lr * h, rel=1e-15)
    assert position.bound == 2 * (1 + beta)
    assert position.fraction == pytest.approx(lr * h / (2 * (1 + beta)), rel=1e-15)
    assert position.lr_edge == pytest.approx(2 * (1 + beta) / h, rel=1e-15)


def test_stability_position_inside_means_a_simulation_converges():
    # Direct simulation on h x^2/2 from rest: inside the edge |x_t| decays at the reported
    # rate (the measured 500-step rate is within 2% of it); just outside it blows up.
    h, beta = 10.0, 0.6
    edge = stability_position(0.1, beta, h).lr_edge
    for lr in (0.5 * edge, 0.99 * edge, 1.01 * edge):
        position = stability_position(lr, beta, h)
        x = previous = 1.0
        for _ in range(500):
            x, previous = x - lr * h * x + beta * (x - previous), x
        assert position.inside == (abs(x) < 1e-3)
        if position.inside:
            measured = abs(x) ** (1 / 500)
            assert measured <= position.rate * 1.02 and position.rate < 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((0.0, 0.5, 1.0), "lr must be a finite positive number, got 0"),
        ((0.1, 1.0, 1.0), r"momentum must be a finite number in \[0, 1\), got 1"),
        ((0.1, -0.1, 1.0), r"momentum must be a finite number in \[0, 1\)"),
        ((0.1, 0.5, -1.0), "h must be a finite positive number, got -1"),
        ((math.inf, 0.5, 1.0), "lr must be a finite positive number"),
    ],
)
def test_stability_position_rejects_bad_input(arguments, message):
    with pytest.raises(ValueError, match=message):
        stability_position(*arguments)
