"""Where the scripts write: the repository's figures/ folder, wherever they are run from."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
FIGURES = REPOSITORY / "figures"
