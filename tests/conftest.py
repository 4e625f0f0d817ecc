"""Shared test settings: headless matplotlib and a bounded hypothesis profile."""

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("default", max_examples=150, deadline=None)
settings.load_profile("default")


def pytest_configure(config):
    """With MOMENTUM_THEORY_REQUIRE_TORCH=1 (set by .ci/run), a missing torch is an error,
    not a reason to skip: CI must run the network tests for real. MOMENTUM_THEORY_REQUIRE_PEP=1
    does the same for the extra 'pep' (PEPit, cvxpy)."""
    import importlib.util
    import os

    if os.environ.get("MOMENTUM_THEORY_REQUIRE_TORCH") == "1":
        try:
            import torch  # noqa: F401
        except ImportError as error:
            raise pytest.UsageError(
                f"MOMENTUM_THEORY_REQUIRE_TORCH=1 but torch cannot be imported: {error}"
            ) from error
    if os.environ.get("MOMENTUM_THEORY_REQUIRE_PEP") == "1":
        missing = [n for n in ("PEPit", "cvxpy") if importlib.util.find_spec(n) is None]
        if missing:
            raise pytest.UsageError(
                f"MOMENTUM_THEORY_REQUIRE_PEP=1 but {', '.join(missing)} cannot be imported"
            )
