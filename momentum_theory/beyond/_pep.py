"""PEPit and cvxpy, imported on demand: the one place that knows how to ask for them.

The analyses over a whole function class (:mod:`momentum_theory.beyond.function_class`, the
PEPit worst case, and :mod:`momentum_theory.beyond.iqc`, the certified rates) solve small
semidefinite programs. Their solvers are the optional extra ``pep``; every module imports
without them (so ``import momentum_theory`` and the doctest collection work on a bare
install), and the functions that need them call :func:`require_cvxpy` or
:func:`require_pepit` first, which say how to install the extra.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

__all__ = [
    "INSTALL_COMMAND",
    "SOLVER",
    "PepNotInstalledError",
    "pep_available",
    "require_cvxpy",
    "require_pepit",
]

INSTALL_COMMAND = 'pip install "momentum-theory[pep]"'

# The semidefinite solver every analysis here uses: an interior-point method, accurate to
# about 1e-8 (SCS, a first-order method, reports "optimal" at 1e-4 and certified rates
# below the true ones in our tests). Shipped with cvxpy >= 1.4.
SOLVER = "CLARABEL"


class PepNotInstalledError(ImportError):
    """Raised by the function-class analyses when PEPit or cvxpy is not installed."""


def pep_available() -> bool:
    """Whether PEPit and cvxpy can both be imported (without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("PEPit", "cvxpy"))


def _require(name: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise PepNotInstalledError(
            f"{what} needs {name}, part of the optional extra 'pep'; install it with: "
            f"{INSTALL_COMMAND}"
        ) from error


def require_cvxpy(what: str = "this analysis") -> ModuleType:
    """Import and return :mod:`cvxpy`, or raise :class:`PepNotInstalledError`.

    ``what`` names the caller in the message ("certified_rate").
    """
    return _require("cvxpy", what)


def require_pepit(what: str = "this analysis") -> ModuleType:
    """Import and return :mod:`PEPit` (and check cvxpy), or raise :class:`PepNotInstalledError`."""
    require_cvxpy(what)
    return _require("PEPit", what)
