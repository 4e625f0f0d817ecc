r"""Rational numbers as the proof format writes them: ``"p/q"`` or ``"p"``.

A proof (:mod:`momentum_theory.proofs.format`) holds every number as a decimal integer or
a quotient of two, so that it is read back exactly into :class:`fractions.Fraction`
whatever the machine. Standard library only.
"""

from __future__ import annotations

import re
from fractions import Fraction

__all__ = ["RationalError", "parse_rational", "rational_text"]

_RATIONAL = re.compile(r"-?[0-9]+(/[0-9]+)?")


class RationalError(ValueError):
    """A string that is not a rational number of the proof format."""


def parse_rational(text: object, name: str) -> Fraction:
    r"""The rational number written as ``text`` (``"p/q"`` or ``"p"``, q > 0).

    Parameters
    ----------
    text : str
        Digits with an optional leading ``-``, optionally ``/`` and positive digits; no
        spaces, decimal points or exponents (a float would not be read back exactly).
    name : str
        What the number is, for the error message.

    Returns
    -------
    fractions.Fraction

    Raises
    ------
    RationalError
        (a ValueError) naming ``name`` and the text, for anything else, ``"p/0"`` included.

    Examples
    --------
    >>> parse_rational("-3/6", "rho")
    Fraction(-1, 2)
    >>> parse_rational("1/0", "rho")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    RationalError: rho must be a rational "p/q" with q > 0, got '1/0'
    """
    if not isinstance(text, str) or _RATIONAL.fullmatch(text) is None:
        raise RationalError(f'{name} must be a rational "p/q" or "p", got {text!r}')
    numerator, _, denominator = text.partition("/")
    if denominator and int(denominator) == 0:
        raise RationalError(f'{name} must be a rational "p/q" with q > 0, got {text!r}')
    return Fraction(int(numerator), int(denominator or 1))


def rational_text(value: Fraction | int | float) -> str:
    r"""``value`` exactly, as the proof format writes it (a float is read exactly: its
    binary value, not its shortest decimal).

    Examples
    --------
    >>> rational_text(Fraction(6, -4)), rational_text(0.5), rational_text(3)
    ('-3/2', '1/2', '3')
    """
    return str(Fraction(value))
