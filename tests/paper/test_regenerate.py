"""Every tracked figure and file of generated numbers regenerates, reproducibly, to what
is committed.

Each is generated twice here and the two must be identical bytes (fixed seeds, fixed
metadata, a rounded layout); then it is compared with the committed version through what
it states (the rule is in ``tests/artefacts.py``): the numbers of a ``.tex`` at their
printed precision, the data a figure draws (``figures/<name>.json``) within a thousandth of
its axes. A difference there means the committed file is stale. With
``MOMENTUM_THEORY_CACHE`` set (as ``.ci/run`` does after the paper build) the experiments
are read from that cache instead of being computed again.
"""

from __future__ import annotations

import pytest
from artefacts import assert_identical, assert_same_drawing, assert_same_numbers

from momentum_theory import paper
from momentum_theory.paper._subject import DATA, INDEX

pytestmark = pytest.mark.slow

FIGURES = paper.figures()
NUMBERED = [subject for subject in paper.SUBJECTS if subject.macros is not None]


def _needs(needs: tuple[str, ...]) -> None:
    missing = paper.missing_extras(needs)
    if missing:
        pytest.skip(missing)


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_regenerates_reproducibly_and_draws_the_committed_data(name, tmp_path):
    figure = FIGURES[name]
    _needs(figure.needs)
    first = paper.make_figure(figure, tmp_path / "first")
    assert_identical(first, paper.make_figure(figure, tmp_path / "second"))
    assert_same_drawing(
        tmp_path / "first" / f"{name}{DATA}",
        f"figures/{name}{DATA}",
        f"momentum-theory figures --only {name} --output-dir figures",
    )


@pytest.mark.parametrize("subject", NUMBERED, ids=lambda s: s.name)
def test_generated_numbers_regenerate_reproducibly_to_the_committed_numbers(subject, tmp_path):
    _needs(subject.needs)
    first = paper.write_numbers(subject, tmp_path / "first")
    assert_identical([first], [paper.write_numbers(subject, tmp_path / "second")])
    assert_same_numbers(
        first,
        f"paper/generated/{subject.name}.tex",
        f"python -m momentum_theory.paper numbers --only {subject.name} "
        "--output-dir paper/generated",
    )


def test_the_index_of_numbers_files_is_the_committed_one(tmp_path):
    """main.tex inputs the index: the subjects' files in the order of SUBJECTS."""
    written = paper.write_index(paper.SUBJECTS, tmp_path)
    assert_same_numbers(
        written,
        f"paper/generated/{INDEX}",
        "python -m momentum_theory.paper index --output-dir paper/generated",
    )
