"""What the docs build derives (docs/_reference.py): the API reference's groups, the command
reference, and the section numbers of the links into the paper."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

import momentum_theory as mt
from momentum_theory.cli import SUBCOMMANDS

DOCS = Path(__file__).resolve().parents[2] / "docs"
_spec = importlib.util.spec_from_file_location("docs_reference", DOCS / "_reference.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def test_the_api_groups_cover_all_exactly_once():
    groups = reference.root_groups()
    roots = [name for _, names in groups for name in names if "." not in name]
    assert sorted(roots) == sorted(set(mt.__all__) - {"__version__"})
    assert [subject for subject, _ in groups][:2] == ["the two-step family", "named methods"]
    members = [name for _, names in groups for name in names if "." in name]
    assert members == [f"methods.{m}" for m in ("get", "names", "Method", "Parameter", "Optimum")]
    for name in members:  # each is a public name of its module
        assert name.split(".")[1] in mt.methods.__all__


def test_a_name_missing_from_the_readme_table_stops_the_build(monkeypatch):
    monkeypatch.setattr(mt, "__all__", [*mt.__all__, "not_in_the_table"])
    with pytest.raises(RuntimeError, match="missing \\['not_in_the_table'\\]"):
        reference.root_groups()


def test_the_api_page_has_one_autosummary_per_group():
    page = reference.api_page()
    assert page.count(".. autosummary::") == len(reference.root_groups())
    listed = re.findall(r"^   (\w[\w.]*)$", page, flags=re.MULTILINE)
    assert set(listed) >= set(mt.__all__) - {"__version__"}


def test_the_command_reference_has_every_subcommand():
    page = reference.cli_page()
    for name in SUBCOMMANDS:
        assert f"\nmomentum-theory {name}\n" in page
        assert f"usage: momentum-theory {name}" in page


def test_paper_section_numbers_match_latex():
    """LaTeX's own numbers and hyperref's destinations (``\\newlabel`` in main.aux, written
    by ``make -C paper``)."""
    aux = reference.PAPER.with_suffix(".aux")
    if not aux.is_file():
        if os.environ.get("MOMENTUM_THEORY_REQUIRE_DOCS") == "1":
            pytest.fail(f"MOMENTUM_THEORY_REQUIRE_DOCS=1 but {aux} is missing (make -C paper)")
        pytest.skip(f"{aux} is missing: the paper is not built (make -C paper)")
    latex = {
        label: (number, destination)
        for label, number, destination in re.findall(
            r"\\newlabel\{(sec:[^}]*)\}\{\{([^}]*)\}\{[^}]*\}\{.*?\}\{((?:section|appendix)\.\w+)\}",
            aux.read_text(encoding="utf-8"),
        )
    }
    derived = {
        label: (number, destination)
        for label, (number, _, destination) in reference.paper_sections().items()
    }
    assert derived == latex


# The hand-written pages that hold ``>>>`` examples (index, getting started, proofs).
EXAMPLE_PAGES = [
    name
    for name in ["index.rst", *sorted(f"guide/{p.name}" for p in (DOCS / "guide").glob("*.rst"))]
    if ">>>" in (DOCS / name).read_text(encoding="utf-8")
]


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_the_pages_examples_run(page):
    """The ``>>>`` examples of the hand-written pages run, as the README's do (doctest)."""
    import doctest

    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testfile(str(DOCS / page), module_relative=False, optionflags=flags)
    assert result.failed == 0 and result.attempted > 0


def test_example_pages_found():
    assert len(EXAMPLE_PAGES) >= 3
