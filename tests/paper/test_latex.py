"""momentum_theory.paper._latex: number formatting and macro files (exact strings, exact bytes),
and momentum_theory._printed, which reads those numbers back."""

import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory._printed import compare_printed, printed_numbers
from momentum_theory.paper import _latex as latex
from momentum_theory.paper._latex import Macro


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.5, 3, "0.500"),
        (0.0330578512, 3, "0.0331"),
        (0.81818181, 3, "0.818"),
        (123.456, 2, "120"),
        (9.996, 3, "10.0"),  # rounding carries into a new digit
        (0.000123, 2, "0.00012"),
        (-0.25, 2, r"\ensuremath{-0.25}"),
        (0.0, 3, "0.00"),
        (3.2e-7, 2, r"\ensuremath{3.2 \times 10^{-7}}"),
        (2.5e6, 2, r"\ensuremath{2.5 \times 10^{6}}"),
    ],
)
def test_significant(value, digits, expected):
    assert latex.significant(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.2e-15, 0, r"\ensuremath{2 \times 10^{-15}}"),
        (1.1102e-16, 2, r"\ensuremath{1.11 \times 10^{-16}}"),
        (1e-14, 0, r"\ensuremath{10^{-14}}"),
        (9.6e-9, 0, r"\ensuremath{10^{-8}}"),  # rounds up to a power of ten
        (-1e3, 0, r"\ensuremath{-10^{3}}"),
        (0.0, 0, r"\ensuremath{0}"),
    ],
)
def test_scientific(value, decimals, expected):
    assert latex.scientific(value, decimals) == expected


def test_fixed_percent_integer_shortest():
    """Exact strings, including the negative-zero and thousands-grouping cases."""
    assert latex.fixed(0.8181818, 4) == "0.8182"
    assert latex.fixed(-1e-9, 3) == "0.000"
    assert latex.percent(0.25, 1) == r"25.0\%"
    assert latex.integer(20000) == r"20\,000"
    assert latex.integer(4096) == "4096"
    assert latex.shortest(0.05) == "0.05"
    assert latex.shortest(1 / 11) == "0.09090909090909091"


@pytest.mark.parametrize(
    "formatter",
    [
        lambda v: latex.fixed(v, 2),
        lambda v: latex.significant(v, 2),
        lambda v: latex.scientific(v, 1),
        lambda v: latex.percent(v, 1),
        latex.integer,
        latex.shortest,
    ],
)
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_never_reach_the_paper(formatter, value):
    with pytest.raises(ValueError, match="finite"):
        formatter(value)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="whole number"):
        latex.integer(2.5)
    with pytest.raises(ValueError, match="digits"):
        latex.significant(1.0, 0)
    with pytest.raises(ValueError, match="decimals"):
        latex.fixed(1.0, -1)


def test_macro_names_are_letters_only():
    assert latex.macro_name("opt", "rate", 1, 10) == "OptRateOneOneZero"
    with pytest.raises(ValueError, match="letters"):
        latex.macro_name("opt-rate")
    with pytest.raises(ValueError, match="letters only"):
        Macro("Opt2", "1")


@pytest.mark.parametrize("body", ["{", "}{", r"\frac{1}{2"])
def test_macro_bodies_must_balance_braces(body):
    with pytest.raises(ValueError, match="unbalanced"):
        Macro("Broken", body)


def test_escaped_braces_do_not_count():
    assert Macro("Set", r"\{1, 2\}").definition() == r"\newcommand{\Set}{\{1, 2\}}"


def test_render_refuses_duplicate_names():
    with pytest.raises(ValueError, match="defined twice"):
        latex.render_macros([Macro("A", "1"), Macro("A", "2")], header="h")


def test_written_file_is_exact_and_byte_identical_on_a_second_write(tmp_path):
    macros = [Macro("OptAlpha", latex.significant(0.2310, 3), "alpha*"), Macro("N", "4")]
    first = latex.write_macros(tmp_path / "a.tex", macros, header="line one\nline two")
    expected = (
        "% line one\n% line two\n% Generated file: do not edit by hand.\n\n"
        "% alpha*\n\\newcommand{\\OptAlpha}{0.231}\n\\newcommand{\\N}{4}\n"
    )
    assert first.read_bytes() == expected.encode()
    second = latex.write_macros(tmp_path / "b.tex", macros, header="line one\nline two")
    assert second.read_bytes() == first.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tex", "b.tex"]  # no temp files


@pytest.mark.slow
def test_formatting_is_the_same_in_a_fresh_interpreter():
    """Deterministic: a new process (other hash seed) formats identically."""
    code = (
        "from momentum_theory.paper import _latex as latex;"
        "print(latex.significant(0.5194938578596758, 3), latex.scientific(2.2e-15, 0))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert output == r"0.519 \ensuremath{2 \times 10^{-15}}"


@pytest.mark.slow
def test_generated_macros_compile_with_latex(tmp_path):
    """The bodies the formatters produce are valid LaTeX in text and in math."""
    import shutil

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    macros = [
        Macro("A", latex.significant(-0.25, 2)),
        Macro("B", latex.scientific(3.2e-7, 1)),
        Macro("C", latex.percent(0.25, 1)),
        Macro("D", latex.integer(20000)),
    ]
    latex.write_macros(tmp_path / "numbers.tex", macros, header="test")
    document = (
        "\\documentclass{article}\\input{numbers.tex}\\begin{document}"
        "\\A, \\B, \\C, \\D; $\\A + \\B$\\end{document}\n"
    )
    (tmp_path / "doc.tex").write_text(document)
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


# --------------------------------------------------------------------------------------
# reading printed numbers back, and comparing two printings


@pytest.mark.parametrize(
    ("text", "values", "units"),
    [
        (r"\ensuremath{2.2 \times 10^{-15}}", [2.2e-15], [1e-16]),
        (r"\ensuremath{10^{-7}}", [1e-7], [1e-7]),
        (r"\ensuremath{-0.25}", [-0.25], [0.01]),
        (r"20\,000 and 99.38\%", [20000.0, 99.38], [1.0, 0.01]),
        ("max in scope 1.3e-03", [1.3e-3], [1e-4]),
        (r"\ensuremath{[-0.00070, 0.00010]}", [-0.0007, 0.0001], [1e-5, 1e-5]),
    ],
)
def test_printed_numbers_read_back_what_the_formatters_print(text, values, units):
    numbers = printed_numbers(text)[1]
    assert [n.value for n in numbers] == pytest.approx(values, rel=1e-15)
    assert [n.unit for n in numbers] == pytest.approx(units, rel=1e-15)


@given(
    value=st.floats(min_value=-1e5, max_value=1e5, allow_nan=False),
    decimals=st.integers(0, 6),
    digits=st.integers(1, 6),
)
def test_a_printed_number_reads_back_within_half_a_unit(value, decimals, digits):
    """Bound against the value itself: rounding to the printed digits moves it by at most
    half a unit of the last digit (fixed and scientific, which state their precision)."""
    for text in (latex.fixed(value, decimals), latex.scientific(value, digits - 1)):
        (number,) = printed_numbers(text)[1]
        assert abs(number.value - value) <= number.unit / 2 * (1 + 1e-9) + 1e-300


@given(
    value=st.floats(min_value=-1e3, max_value=1e3, allow_nan=False),
    offset=st.floats(min_value=-5.0, max_value=5.0, allow_nan=False),
    decimals=st.integers(0, 5),
)
def test_two_printings_agree_exactly_when_the_values_are_within_a_unit(value, offset, decimals):
    """The rule of compare_printed, derived from the values (one grid of step u): closer
    than u always agree; farther than 2u never do."""
    unit = 10.0**-decimals
    other = value + offset * unit
    differences = compare_printed(latex.fixed(value, decimals), latex.fixed(other, decimals))
    if abs(offset) < 0.999:
        assert differences == []
    elif abs(offset) > 2.001:
        assert len(differences) == 1


def test_two_printings_must_agree_between_their_numbers():
    text = "% alpha*\n\\newcommand{\\OptAlpha}{0.231}\n"
    assert compare_printed(text, text.replace("0.231", "0.232")) == []
    assert compare_printed(text, text.replace("Alpha", "Beta")) == [
        r"'\\newcommand{\\OptAlpha}{0.231}' differs from '\\newcommand{\\OptBeta}{0.231}' "
        "outside its numbers"
    ]
    assert compare_printed(text, text + "% more\n") == ["2 lines against 3"]
