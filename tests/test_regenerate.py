"""Every tracked figure and generated number regenerates to the committed bytes.

Regeneration is deterministic within one environment (fixed seeds, fixed metadata), so a
tracked file that comes out different means the committed file is stale, or the output
depends on something it should not. The reference is the committed version (``git show
HEAD:<path>``) when this is a git checkout, so a build that has just rewritten the working
tree's files is still compared with what was committed; else the working tree's file.
With ``MOMENTUM_THEORY_CACHE`` set (as ``.ci/run`` does after the paper build) the
experiments are read from that cache instead of being computed again.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from momentum_theory.figures import FIGURES, FORMATS, make_figure
from momentum_theory.paper_numbers import NEEDS_PEP, NEEDS_TORCH, SUBJECTS, write_subject

REPOSITORY = Path(__file__).resolve().parent.parent
HAVE_TORCH = importlib.util.find_spec("torch") is not None
HAVE_PEP = all(importlib.util.find_spec(name) is not None for name in ("PEPit", "cvxpy"))

pytestmark = pytest.mark.slow


def _committed(relative: str) -> bytes:
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


def _needs(torch: bool, pep: bool = False) -> None:
    if torch and not HAVE_TORCH:
        pytest.skip("needs PyTorch: pip install -e '.[torch]'")
    if pep and not HAVE_PEP:
        pytest.skip("needs PEPit and cvxpy: pip install -e '.[pep]'")


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_regenerates_to_the_committed_bytes(name, tmp_path):
    _needs(FIGURES[name].needs_torch, FIGURES[name].needs_pep)
    make_figure(name, tmp_path)
    for suffix in FORMATS:
        fresh = (tmp_path / f"{name}{suffix}").read_bytes()
        assert fresh == _committed(f"figures/{name}{suffix}"), (
            f"figures/{name}{suffix} changes when regenerated: run "
            f"'momentum-theory figures --only {name}' and commit it"
        )


@pytest.mark.parametrize("subject", SUBJECTS)
def test_generated_numbers_regenerate_to_the_committed_bytes(subject, tmp_path):
    _needs(subject in NEEDS_TORCH, subject in NEEDS_PEP)
    write_subject(subject, tmp_path)
    fresh = (tmp_path / f"{subject}.tex").read_bytes()
    assert fresh == _committed(f"paper/generated/{subject}.tex"), (
        f"paper/generated/{subject}.tex changes when regenerated: run "
        f"'python scripts/paper_numbers.py --only {subject}' and commit it"
    )
