"""Checks for regenerated artefacts (figures, generated numbers), shared by the tests.

The rule. A regenerated artefact is compared byte for byte only with another generation in
the same environment: generate it twice, the bytes must agree (the output depends on
nothing but its inputs). With the committed file it is compared only through what it
states, because another machine's BLAS kernels and libm change last bits, and a last bit
can change a printed digit or a pixel:

- a ``.tex`` of generated numbers: every number within one unit of its last printed digit,
  everything between the numbers identical (:func:`momentum_theory._printed.compare_printed`);
- a figure: the data it draws, ``figures/<name>.json``, positions and colours within a
  thousandth of their axes or colour scale, texts as for numbers
  (:func:`momentum_theory.plotting._drawn.compare_drawn`). A PDF's or PNG's bytes are never
  compared across machines.

The reference is the committed version (``git show HEAD:<path>``) when this is a git
checkout, so a build that has just rewritten the working tree's files is still compared
with what was committed; else the working tree's file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from momentum_theory._printed import compare_printed
from momentum_theory.plotting._drawn import compare_drawn, read_drawn

REPOSITORY = Path(__file__).resolve().parent.parent


def committed(relative: str) -> bytes:
    """The committed bytes of ``relative`` (the working tree's outside a git checkout)."""
    try:
        shown = subprocess.run(
            ["git", "show", f"HEAD:{relative}"],
            cwd=REPOSITORY,
            capture_output=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return (REPOSITORY / relative).read_bytes()
    return shown.stdout


def assert_identical(first: Sequence[Path], second: Sequence[Path]) -> None:
    """Two generations in this environment wrote the same files, byte for byte."""
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), f"{a.name}: two generations differ here"


def assert_same_numbers(fresh: Path, relative: str, command: str) -> None:
    """``fresh`` states the numbers of the committed ``relative`` at their printed precision."""
    differences = compare_printed(
        fresh.read_text(encoding="utf-8"), committed(relative).decode("utf-8")
    )
    assert not differences, f"{relative} is stale: run {command!r} and commit it\n" + "\n".join(
        differences
    )


def assert_same_drawing(fresh: Path, relative: str, command: str) -> None:
    """The figure data ``fresh`` agrees with the committed ``relative`` (a ``.json``)."""
    differences = compare_drawn(read_drawn(fresh), read_drawn(committed(relative)))
    assert not differences, f"{relative} is stale: run {command!r} and commit it\n" + "\n".join(
        differences
    )
