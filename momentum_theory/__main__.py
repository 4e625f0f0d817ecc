"""``python -m momentum_theory`` runs the command line."""

import sys

from momentum_theory.cli import main

sys.exit(main())
