"""What every figure script shares: the registry entry point, writing into figures/.

``scripts/fig_<name>.py`` is ``momentum-theory figures --only <name>`` with the
repository's ``figures/`` as the default ``--output-dir`` (wherever it is run from).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
FIGURES = REPOSITORY / "figures"


def run_figure(name: str, argv: Sequence[str] | None = None) -> int:
    """Make figure ``name`` (``argv`` may hold ``--output-dir DIR``); returns the exit status."""
    import sys

    from momentum_theory.cli.figures import main

    arguments = list(sys.argv[1:] if argv is None else argv)
    return main(["--output-dir", str(FIGURES), *arguments, "--only", name], prog=f"fig_{name}.py")
