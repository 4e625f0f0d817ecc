"""The fixed ladder of rates: exact decimals, increasing, found by rung_at_least."""

from fractions import Fraction

from momentum_theory.atlas.ladder import RUNGS, TOP, rung, rung_at_least


def test_rungs_are_the_stated_decimals():
    # 1 - rho has three significant digits and shrinks by about 10^(1/40) per rung
    # (independent: the decimal expansion of 10^(-i/40) by mpmath-free float, to 3 digits)
    assert len(RUNGS) == TOP + 1 and RUNGS[0] == 0 and RUNGS[TOP] == Fraction(99999, 100000)
    for k in range(TOP):
        gap = 1 - RUNGS[k]
        assert gap == Fraction(f"{10 ** (-k / 40):.3g}") or abs(gap - 10 ** (-k / 40)) < 6e-4
        assert (gap * 10 ** (k // 40 + 3)).denominator == 1  # three digits of mantissa
    ratios = [(1 - RUNGS[k]) / (1 - RUNGS[k + 1]) for k in range(TOP - 1)]
    assert all(1.04 < ratio < 1.08 for ratio in ratios)


def test_rung_at_least():
    for k in (0, 1, 39, 40, 150, TOP):
        assert rung_at_least(float(rung(k))) == k
        assert rung_at_least(float(rung(k)) + 1e-12) == k + 1
    assert rung_at_least(1.0) == TOP + 1
