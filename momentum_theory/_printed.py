r"""Numbers as printed in text: read them back, compare two printings at printed precision.

The paper's numbers (``paper/generated/*.tex``, written by
:mod:`momentum_theory.paper._latex`) and the texts a figure draws
(:mod:`momentum_theory.plotting._drawn`) are compared across machines through what they
print: a number regenerated elsewhere may differ from the reference by one unit in its last
printed digit, never more (:func:`compare_printed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PrintedNumber", "compare_printed", "printed_numbers"]

# A printed number, as the paper's formatters (and Python's "%.1e") write them: a mantissa
# times a power of ten, a bare power of ten, or a positional number (thin-space groups and
# a trailing e-exponent allowed). The minus sign directly before it belongs to it.
_PRINTED = re.compile(
    r"(?P<sign>-)?(?:"
    r"(?P<mantissa>\d+(?:\.\d+)?)\s*\\times\s*10\^\{(?P<power>[-+]?\d+)\}"
    r"|10\^\{(?P<bare>[-+]?\d+)\}"
    r"|(?P<digits>\d+(?:\\,\d{3})*(?:\.\d+)?)(?:[eE](?P<exponent>[-+]?\d+))?"
    r")"
)

# \ensuremath{...} around one number: part of the number (a negative one is wrapped, a
# positive one not, so 0.00 and \ensuremath{-0.01} are two printings of one value).
_WRAPPED = re.compile(r"\\ensuremath\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


@dataclass(frozen=True)
class PrintedNumber:
    """A number as printed: its text, its value and one unit in its last printed digit.

    Attributes
    ----------
    text : str
        The characters printed, e.g. ``2.2 \\times 10^{-15}``.
    value : float
        What they say, e.g. ``2.2e-15``.
    unit : float
        One unit in the last printed digit, e.g. ``1e-16``; 1 for an integer.
    """

    text: str
    value: float
    unit: float


def printed_numbers(text: str) -> tuple[str, list[PrintedNumber]]:
    r"""The numbers printed in ``text``, and ``text`` with each of them replaced by ``#``
    (with its ``\ensuremath`` wrapper, if it has one of its own).

    Reads what the formatters of :mod:`momentum_theory.paper._latex` write (fixed,
    significant, scientific, percent, integer, shortest), and Python's ``1.3e-03``.

    Examples
    --------
    >>> skeleton, numbers = printed_numbers(r"\ensuremath{-2.2 \times 10^{-15}} and 20\,000")
    >>> skeleton
    '# and #'
    >>> [(n.value, n.unit) for n in numbers]
    [(-2.2e-15, 1e-16), (20000.0, 1.0)]
    >>> [(n.value, n.unit) for n in printed_numbers("10^{-7}, 0.0331, 1.3e-03")[1]]
    [(1e-07, 1e-07), (0.0331, 0.0001), (0.0013, 0.0001)]
    """
    text = _WRAPPED.sub(lambda m: m[1] if _PRINTED.fullmatch(m[1]) else m[0], text)
    numbers = []
    for match in _PRINTED.finditer(text):
        sign = -1.0 if match["sign"] else 1.0
        if match["digits"] is not None:
            mantissa, power = match["digits"].replace(r"\,", ""), int(match["exponent"] or 0)
        elif match["mantissa"] is not None:
            mantissa, power = match["mantissa"], int(match["power"])
        else:
            mantissa, power = "1", int(match["bare"])
        decimals = len(mantissa.partition(".")[2])
        numbers.append(
            PrintedNumber(
                match[0], sign * float(f"{mantissa}e{power}"), float(f"1e{power - decimals}")
            )
        )
    return _PRINTED.sub("#", text), numbers


def compare_printed(fresh: str, reference: str) -> list[str]:
    r"""How two printings of the same numbers differ beyond their printed precision.

    The rule for a number regenerated on another machine (other BLAS kernels, other
    rounding): it may differ from the reference by at most one unit in its last printed
    digit, the larger unit of the two where they differ (``9.9 \times 10^{-5}`` against
    ``1.0 \times 10^{-4}``). That absorbs a value that sits at a rounding boundary and
    nothing more; integers (counts, settings, exponents) get the same one unit. Everything
    between the numbers must be identical, line by line.

    Returns
    -------
    list of str
        One line per difference; empty if the two agree.

    Examples
    --------
    >>> compare_printed(r"\ensuremath{2 \times 10^{-15}}", r"\ensuremath{10^{-15}}")
    []
    >>> compare_printed("0.519", "0.517")
    ['0.519 differs from 0.517 by more than one unit in the last printed digit']
    >>> compare_printed("rate 0.52", "rho 0.52")
    ["'rate 0.52' differs from 'rho 0.52' outside its numbers"]
    """
    fresh_lines, lines = fresh.splitlines(), reference.splitlines()
    if len(fresh_lines) != len(lines):
        return [f"{len(fresh_lines)} lines against {len(lines)}"]
    differences = []
    for fresh_line, line in zip(fresh_lines, lines):
        fresh_skeleton, fresh_numbers = printed_numbers(fresh_line)
        skeleton, numbers = printed_numbers(line)
        if fresh_skeleton != skeleton:
            differences.append(f"{fresh_line!r} differs from {line!r} outside its numbers")
            continue
        differences += [
            f"{a.text} differs from {b.text} by more than one unit in the last printed digit"
            for a, b in zip(fresh_numbers, numbers)
            # The slack covers the binary rounding of the decimal values and of their
            # difference (a few units of roundoff of their size), nothing printed.
            if abs(a.value - b.value)
            > max(a.unit, b.unit) * (1 + 1e-9) + 2.0**-50 * max(abs(a.value), abs(b.value))
        ]
    return differences
