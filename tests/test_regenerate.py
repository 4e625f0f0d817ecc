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

import importlib.util

import pytest
from artefacts import assert_identical, assert_same_drawing, assert_same_numbers

from momentum_theory.figures import DATA, FIGURES, make_figure
from momentum_theory.paper_numbers import NEEDS_PEP, NEEDS_TORCH, SUBJECTS, write_subject

HAVE_TORCH = importlib.util.find_spec("torch") is not None
HAVE_PEP = all(importlib.util.find_spec(name) is not None for name in ("PEPit", "cvxpy"))

pytestmark = pytest.mark.slow


def _needs(torch: bool, pep: bool = False) -> None:
    if torch and not HAVE_TORCH:
        pytest.skip("needs PyTorch: pip install -e '.[torch]'")
    if pep and not HAVE_PEP:
        pytest.skip("needs PEPit and cvxpy: pip install -e '.[pep]'")


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_regenerates_reproducibly_and_draws_the_committed_data(name, tmp_path):
    _needs(FIGURES[name].needs_torch, FIGURES[name].needs_pep)
    first = make_figure(name, tmp_path / "first")
    assert_identical(first, make_figure(name, tmp_path / "second"))
    assert_same_drawing(
        tmp_path / "first" / f"{name}{DATA}",
        f"figures/{name}{DATA}",
        f"momentum-theory figures --only {name}",
    )


@pytest.mark.parametrize("subject", SUBJECTS)
def test_generated_numbers_regenerate_reproducibly_to_the_committed_numbers(subject, tmp_path):
    _needs(subject in NEEDS_TORCH, subject in NEEDS_PEP)
    first = write_subject(subject, tmp_path / "first")
    assert_identical([first], [write_subject(subject, tmp_path / "second")])
    assert_same_numbers(
        first,
        f"paper/generated/{subject}.tex",
        f"python scripts/paper_numbers.py --only {subject}",
    )
