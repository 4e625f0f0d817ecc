r"""Numbers for the paper: LaTeX formatting and generated macro files.

Every number the paper quotes is computed by the toolkit and written by
``momentum-theory figures --numbers`` (one file per subject of
:data:`momentum_theory.paper.SUBJECTS`) into ``paper/generated/*.tex`` as a macro, for
example ``\newcommand{\OptRateOneTen}{0.519}``; the text then says ``\OptRateOneTen`` and
never types the digits. This module holds that contract:

- formatters (:func:`fixed`, :func:`significant`, :func:`scientific`, :func:`percent`,
  :func:`integer`, :func:`shortest`) that turn a float into LaTeX deterministically (same
  value, same characters on every machine: Python's correctly rounded ``format`` does the
  rounding)
  and refuse NaN and infinities, so a failed computation cannot reach the paper as
  ``nan``;
- :class:`Macro` and :func:`write_macros`, which write one macro file atomically (see
  :func:`momentum_theory._io.atomic_write`) with a fixed header and no timestamps, so a
  second run writes identical bytes;
- reading those numbers back and comparing two printings at the precision printed (a
  file regenerated on another machine against the committed one) is
  :func:`momentum_theory._printed.compare_printed`, in the library, since figures' data
  files are compared the same way.

Negative numbers and powers of ten are wrapped in ``\ensuremath`` so every macro works
in running text and in math alike.

Examples
--------
>>> from momentum_theory.paper import _latex as latex
>>> latex.significant(0.0330578512, 3)
'0.0331'
>>> latex.scientific(2.3e-15, 0)
'\\ensuremath{2 \\times 10^{-15}}'
>>> print(latex.Macro("OptAlpha", latex.fixed(0.2310, 3)).definition())
\newcommand{\OptAlpha}{0.231}
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from momentum_theory._io import atomic_write

__all__ = [
    "Macro",
    "fixed",
    "integer",
    "macro_name",
    "percent",
    "render_macros",
    "scientific",
    "shortest",
    "significant",
    "trimmed",
    "write_macros",
]

_NAME = re.compile(r"[A-Za-z]+")
_DIGIT_WORDS = (
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
)


def _finite(value: float, what: str = "value") -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite to appear in the paper, got {number!r}")
    return number


def _signed(text: str) -> str:
    """Wrap a rendering that starts with a minus sign in ``\\ensuremath``."""
    return rf"\ensuremath{{{text}}}" if text.startswith("-") else text


def _no_negative_zero(text: str) -> str:
    """``-0.00`` (a small negative number rounded to zero) reads as ``0.00``."""
    return text[1:] if text.startswith("-") and set(text[1:]) <= set("0.") else text


def fixed(value: float, decimals: int) -> str:
    r"""``value`` with exactly ``decimals`` digits after the point.

    Parameters
    ----------
    value : float
        A finite number.
    decimals : int
        Digits after the decimal point, ``>= 0``.

    Returns
    -------
    str
        LaTeX; a negative number is wrapped in ``\ensuremath``.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite, or ``decimals`` is negative.

    Examples
    --------
    >>> fixed(0.8181818, 4), fixed(2.0, 0), fixed(-0.25, 2), fixed(-1e-9, 3)
    ('0.8182', '2', '\\ensuremath{-0.25}', '0.000')
    """
    number = _finite(value)
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return _signed(_no_negative_zero(f"{number:.{decimals}f}"))


def significant(value: float, digits: int) -> str:
    r"""``value`` rounded to ``digits`` significant digits, in positional notation.

    Trailing zeros that are significant are kept (``0.500`` to three digits). Numbers
    below ``1e-4`` or from ``1e6`` on are written with :func:`scientific` instead, where
    positional notation would be a row of zeros.

    Parameters
    ----------
    value : float
        A finite number.
    digits : int
        Significant digits, ``>= 1``.

    Returns
    -------
    str
        LaTeX.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite, or ``digits < 1``.

    Examples
    --------
    >>> significant(0.5, 3), significant(123.456, 2), significant(0.000123, 2)
    ('0.500', '120', '0.00012')
    >>> significant(3.2e-7, 2)
    '\\ensuremath{3.2 \\times 10^{-7}}'
    """
    number = _finite(value)
    if digits < 1:
        raise ValueError(f"digits must be >= 1, got {digits}")
    if number == 0:
        return "0" if digits == 1 else "0." + "0" * (digits - 1)
    mantissa, exponent = _split(number, digits)
    if not -4 <= exponent < 6:
        return scientific(number, digits - 1)
    decimals = max(digits - 1 - exponent, 0)
    rounded = float(f"{mantissa}e{exponent}")  # exactly `digits` significant digits
    return _signed(_no_negative_zero(f"{rounded:.{decimals}f}"))


def _split(number: float, digits: int) -> tuple[str, int]:
    """Mantissa text and decimal exponent of ``number`` rounded to ``digits`` digits."""
    mantissa, exponent = f"{number:.{digits - 1}e}".split("e")
    return mantissa, int(exponent)


def scientific(value: float, decimals: int) -> str:
    r"""``value`` as :math:`m \times 10^{e}` with ``decimals`` digits after the point of ``m``.

    Parameters
    ----------
    value : float
        A finite number.
    decimals : int
        Digits after the point of the mantissa, ``>= 0``.

    Returns
    -------
    str
        LaTeX wrapped in ``\ensuremath``. A mantissa of exactly one is left out
        (``10^{-8}`` rather than ``1 \times 10^{-8}``) only when ``decimals`` is 0.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite, or ``decimals`` is negative.

    Examples
    --------
    >>> scientific(1.1102e-16, 2)
    '\\ensuremath{1.11 \\times 10^{-16}}'
    >>> scientific(1e-8, 0), scientific(-5e3, 0), scientific(0.0, 1)
    ('\\ensuremath{10^{-8}}', '\\ensuremath{-5 \\times 10^{3}}', '\\ensuremath{0}')
    """
    number = _finite(value)
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    if number == 0:
        return r"\ensuremath{0}"
    mantissa, exponent = _split(number, decimals + 1)
    if mantissa.lstrip("-") == "1":
        body = f"{'-' if number < 0 else ''}10^{{{exponent}}}"
    else:
        body = rf"{mantissa} \times 10^{{{exponent}}}"
    return rf"\ensuremath{{{body}}}"


def shortest(value: float) -> str:
    r"""The shortest decimal that reads back as ``value``: for inputs such as ``0.05``.

    A parameter that was chosen (a step size of ``0.05``, a momentum of ``0.8``) should
    appear exactly as chosen, neither padded (``0.0500``) nor rounded. This uses Python's
    shortest round-trip representation; a tiny or huge value is written as a power of ten.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite.

    Examples
    --------
    >>> shortest(0.05), shortest(0.8), shortest(12.0), shortest(-0.25)
    ('0.05', '0.8', '12', '\\ensuremath{-0.25}')
    >>> shortest(1e-08), shortest(2.5e-10)
    ('\\ensuremath{10^{-8}}', '\\ensuremath{2.5 \\times 10^{-10}}')
    """
    number = _finite(value)
    text = repr(number)
    if "e" in text:
        mantissa, exponent = text.split("e")
        mantissa = mantissa.removesuffix(".0")
        body = (
            f"{'-' if number < 0 else ''}10^{{{int(exponent)}}}"
            if mantissa.lstrip("-") == "1"
            else rf"{mantissa} \times 10^{{{int(exponent)}}}"
        )
        return rf"\ensuremath{{{body}}}"
    return _signed(_no_negative_zero(text.removesuffix(".0")))


def percent(fraction: float, decimals: int) -> str:
    r"""``fraction`` (``0.123`` for 12.3 %) as a percentage with ``decimals`` decimals.

    Examples
    --------
    >>> percent(0.12345, 1), percent(1.0, 0)
    ('12.3\\%', '100\\%')
    """
    return fixed(100.0 * _finite(fraction, "fraction"), decimals) + r"\%"


def integer(value: float) -> str:
    r"""An integral ``value``; thousands are grouped with thin spaces from 10\,000 on.

    Raises
    ------
    ValueError
        If ``value`` is not finite or not a whole number.

    Examples
    --------
    >>> integer(384), integer(1000), integer(160000), integer(-12)
    ('384', '1000', '160\\,000', '\\ensuremath{-12}')
    """
    number = _finite(value)
    if number != round(number):
        raise ValueError(f"expected a whole number, got {number!r}")
    text = f"{round(number):,}"
    digits = text.lstrip("-").replace(",", "")
    text = text.replace(",", r"\,") if len(digits) > 4 else text.replace(",", "")
    return _signed(text)


def macro_name(*parts: object) -> str:
    r"""A LaTeX command name built from ``parts``: words capitalised, digits spelled out.

    LaTeX command names are letters only, so ``("opt", "rate", 1, 10)`` becomes
    ``OptRateOneOneZero``; prefer word parts where the name is read often.

    Raises
    ------
    ValueError
        If a part is empty or has characters other than letters and digits.

    Examples
    --------
    >>> macro_name("opt", "rate", "oneTen"), macro_name("kappa", 10)
    ('OptRateOneTen', 'KappaOneZero')
    """
    words = []
    for part in parts:
        text = str(part)
        if not text or not text.isascii() or not text.isalnum():
            raise ValueError(f"macro name part must be letters and digits, got {text!r}")
        text = "".join(_DIGIT_WORDS[int(c)] if c.isdigit() else c for c in text)
        words.append(text[0].upper() + text[1:])
    return "".join(words)


@dataclass(frozen=True)
class Macro:
    r"""One generated macro: ``\newcommand{\name}{body}``, with an optional comment.

    Attributes
    ----------
    name : str
        The command name without the backslash; letters only (LaTeX's rule).
    body : str
        What the macro expands to: a formatted number or a LaTeX fragment.
    comment : str
        Where the value comes from (one line; written above the definition).

    Raises
    ------
    ValueError
        If ``name`` is not letters only, or ``body`` or ``comment`` spans lines, or the
        braces in ``body`` do not balance.
    """

    name: str
    body: str
    comment: str = ""

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"macro name must be letters only, got {self.name!r}")
        if "\n" in self.body or "\n" in self.comment:
            raise ValueError(f"macro {self.name}: body and comment must be single lines")
        depth = 0
        for position, character in enumerate(self.body):
            escaped = position > 0 and self.body[position - 1] == "\\"
            if character in "{}" and not escaped:
                depth += 1 if character == "{" else -1
                if depth < 0:
                    break
        if depth != 0:
            raise ValueError(f"macro {self.name}: unbalanced braces in {self.body!r}")

    def definition(self) -> str:
        """The ``\\newcommand`` line (with the comment line above it, if any)."""
        line = rf"\newcommand{{\{self.name}}}{{{self.body}}}"
        return f"% {self.comment}\n{line}" if self.comment else line


def render_macros(macros: Iterable[Macro], *, header: str) -> str:
    r"""The text of a macro file: a header comment, then each definition, in order.

    Parameters
    ----------
    macros : iterable of Macro
        In the order to write them.
    header : str
        What made the file (each line becomes a ``%`` comment). Keep it free of dates
        and versions: the bytes must not change from run to run.

    Raises
    ------
    ValueError
        If two macros share a name.

    Examples
    --------
    >>> print(render_macros([Macro("Kappa", "10", "L / mu")], header="made by a doctest"))
    % made by a doctest
    % Generated file: do not edit by hand.
    <BLANKLINE>
    % L / mu
    \newcommand{\Kappa}{10}
    <BLANKLINE>
    """
    macros = list(macros)
    seen: set[str] = set()
    for macro in macros:
        if macro.name in seen:
            raise ValueError(f"macro {macro.name} is defined twice")
        seen.add(macro.name)
    lines = [f"% {line}".rstrip() for line in header.splitlines()]
    lines += ["% Generated file: do not edit by hand.", ""]
    lines += [macro.definition() for macro in macros]
    return "\n".join(lines) + "\n"


def write_macros(path: str | os.PathLike[str], macros: Iterable[Macro], *, header: str) -> Path:
    """Write :func:`render_macros` to ``path`` atomically; returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "numbers.tex"
    >>> _ = write_macros(target, [Macro("Answer", integer(42))], header="example")
    >>> target.read_text().splitlines()[-1]
    '\\\\newcommand{\\\\Answer}{42}'
    """
    text = render_macros(macros, header=header)
    path = Path(path)
    with atomic_write(path, "wb") as stream:
        stream.write(text.encode("utf-8"))
    return path


def trimmed(value: float, digits: int = 3) -> str:
    """``digits`` significant digits with trailing zeros dropped (0.05, not 0.0500)."""
    text = significant(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text and "ensuremath" not in text else text
