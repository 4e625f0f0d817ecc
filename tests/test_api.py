"""The root namespace is curated: the README's table, ``__all__`` and the namespace agree,
every root name is documented, and a spectrum passed positionally fails loudly."""

import importlib
import inspect
import pkgutil
import re
import types
from pathlib import Path

import pytest

import momentum_theory as mt

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_root_names() -> set[str]:
    """The names in the table under the README's "Names at the root" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Names at the root", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    names = set()
    for row in rows:
        cell = row.split("|")[2]
        cell = re.sub(r"\([^)]*\)", "", cell)  # `methods` (`get`, ...): members, not roots
        names.update(re.findall(r"`(\w+)`", cell))
    return names


def public_root_names() -> set[str]:
    return {name for name in vars(mt) if not name.startswith("_")} - {
        name
        for name, value in vars(mt).items()
        if isinstance(value, types.ModuleType) and name != "methods"
    }


def test_readme_table_all_and_namespace_agree():
    assert readme_root_names() == set(mt.__all__) - {"__version__"}
    assert public_root_names() == set(mt.__all__) - {"__version__"}
    assert 25 <= len(mt.__all__) <= 35


@pytest.mark.parametrize("name", sorted(set(mt.__all__) - {"__version__", "methods"}))
def test_every_root_name_has_a_numpydoc_docstring(name):
    doc = inspect.getdoc(getattr(mt, name)) or ""
    inputs = "Attributes" if inspect.isclass(getattr(mt, name)) else "Parameters"
    expected = [inputs, "Examples"] + ([] if inspect.isclass(getattr(mt, name)) else ["Returns"])
    for section in expected:
        assert f"\n{section}\n{'-' * len(section)}\n" in f"\n{doc}", (name, section)


def test_every_public_module_declares_all():
    """A public module says what it exports; the paper's machinery and private modules aside."""
    missing = []
    for info in pkgutil.walk_packages(mt.__path__, "momentum_theory."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or parts[1] in {"paper", "cli"}:
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra that is not installed
            continue
        if not hasattr(module, "__all__"):
            missing.append(info.name)
    assert missing == []


@pytest.mark.parametrize(
    "call",
    [
        lambda: mt.worst_case_rate(1.0, 100.0, 0.033, 0.669),
        lambda: mt.optimal_parameters(1.0, 100.0),
        lambda: mt.methods.get("heavy_ball").worst_case_rate(1.0, 100.0, alpha=0.03, beta=0.6),
        lambda: mt.methods.get("nesterov").optimal_parameters(1.0, 100.0),
        lambda: mt.methods.get("two_step").tuning("triple_momentum", 1.0, 100.0),
        lambda: mt.worst_case_error(0.03, 0.6, 1.0, 100.0, 5),
        lambda: mt.certified_rate(0.03, 0.6, 1.0, 100.0),
        lambda: mt.diagonal_problem(1.0, 10.0, 4),
    ],
    ids=[
        "worst_case_rate",
        "optimal_parameters",
        "Method.worst_case_rate",
        "Method.optimal_parameters",
        "Method.tuning",
        "worst_case_error",
        "certified_rate",
        "diagonal_problem",
    ],
)
def test_a_positional_spectrum_is_a_type_error(call):
    with pytest.raises(TypeError, match="positional"):
        call()


def test_no_package_module_is_over_600_lines():
    """The house rule (one job per module): a module that grows past it is split by job."""
    package = Path(mt.__file__).resolve().parent
    long = {
        str(path.relative_to(package)): count
        for path in package.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
