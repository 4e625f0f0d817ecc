"""The plotting package: every public plot function exported, and nothing heavy imported."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import momentum_theory.plotting

REPOSITORY = Path(__file__).resolve().parents[2]
# The modules whose every public plot function the package exports (the paper's figures are
# drawn by its subjects, in momentum_theory.paper).
SUBMODULES = ("heatmap",)


@pytest.mark.parametrize("name", SUBMODULES)
def test_the_package_exports_every_public_plot_function(name):
    module = importlib.import_module(f"momentum_theory.plotting.{name}")
    public = {
        name
        for name, value in vars(module).items()
        if name.startswith("plot_") and getattr(value, "__module__", None) == module.__name__
    }
    assert set(module.__all__) == public
    assert set(module.__all__) <= set(momentum_theory.plotting.__all__)
    for exported in module.__all__:
        assert getattr(momentum_theory.plotting, exported) is getattr(module, exported)


def test_importing_plotting_imports_neither_matplotlib_nor_torch():
    code = (
        "import sys, momentum_theory.plotting\n"
        "print(sorted(m for m in ('matplotlib', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPOSITORY, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
