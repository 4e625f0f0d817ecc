"""What the docs build derives from the package: the API reference's groups, the command
line's help, and the paper's section numbers.

The API reference is grouped as the README's "Names at the root" table groups the root
names (``tests/test_api.py`` keeps that table equal to ``momentum_theory.__all__``); the
build refuses to start if a name of ``__all__`` is missing from the groups or a group names
something ``__all__`` lacks, so the reference covers ``__all__`` exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAPER = ROOT / "paper" / "main.tex"


def root_groups() -> list[tuple[str, list[str]]]:
    """``(subject, names)`` in the README table's order; ``methods`` members as
    ``methods.get``, ... after ``methods`` itself."""
    import momentum_theory as mt

    text = README.read_text(encoding="utf-8")
    section = text.split("### Names at the root", 1)[1].split("\n#", 1)[0]
    groups = []
    for line in section.splitlines():
        if not (line.startswith("| ") and "`" in line):
            continue
        _, subject, cell, _ = (part.strip() for part in line.split("|"))
        names = []
        for name, members in re.findall(r"`(\w+)`(?:\s*\(([^)]*)\))?", cell):
            names.append(name)
            names.extend(f"{name}.{member}" for member in re.findall(r"`(\w+)`", members))
        groups.append((subject, names))
    listed = [name for _, names in groups for name in names if "." not in name]
    expected = set(mt.__all__) - {"__version__"}
    if sorted(listed) != sorted(expected):
        raise RuntimeError(
            "the README's 'Names at the root' table and momentum_theory.__all__ differ: "
            f"missing {sorted(expected - set(listed))}, extra {sorted(set(listed) - expected)}"
            f"{', repeated' if len(listed) != len(set(listed)) else ''}"
        )
    return groups


def api_page() -> str:
    """The API reference's index (reStructuredText), one autosummary table per group."""
    lines = [
        ".. This file is written by docs/conf.py from the README's table; do not edit.",
        "",
        "API reference",
        "=============",
        "",
        "``import momentum_theory as mt`` gives these names and no others",
        "(``mt.__all__``), grouped by subject as in the README's tour. Everything else is",
        "imported from its module. The spectrum is keyword-only wherever it is taken",
        "(``mu=``, ``L=``).",
        "",
        ".. currentmodule:: momentum_theory",
        "",
    ]
    for subject, names in root_groups():
        title = subject[0].upper() + subject[1:]
        lines += [title, "-" * len(title), ""]
        lines += [".. autosummary::", "   :toctree: generated", ""]
        lines += [f"   {name}" for name in names]
        lines.append("")
    return "\n".join(lines)


def cli_page() -> str:
    """The command line's reference: ``momentum-theory --help`` and each subcommand's."""
    from momentum_theory.cli import SUBCOMMANDS, build_parser

    parser = build_parser()
    (subparsers,) = (
        action for action in parser._actions if action.__class__.__name__ == "_SubParsersAction"
    )
    lines = [
        ".. This file is written by docs/conf.py from momentum_theory.cli; do not edit.",
        "",
        "Command reference",
        "=================",
        "",
        "Each command's ``--help``, as the installed ``momentum-theory`` prints it.",
        "",
        ".. code-block:: text",
        "",
        *(f"   {line}" for line in _help(parser).splitlines()),
        "",
    ]
    for name in SUBCOMMANDS:
        title = f"momentum-theory {name}"
        lines += [title, "-" * len(title), "", ".. code-block:: text", ""]
        lines += [f"   {line}" for line in _help(subparsers.choices[name]).splitlines()]
        lines.append("")
    return "\n".join(lines)


def _help(parser) -> str:
    import os

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal; fix it for the page
    try:
        return parser.format_help()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def paper_sections() -> dict[str, tuple[str, str, str]]:
    r"""``label -> (number, title, destination)`` of the paper's numbered ``\section``\ s.

    Numbered as LaTeX numbers them: 1, 2, ... and, after ``\appendix``, A, B, ...; the
    destination is hyperref's name for the section (``section.3``, ``appendix.B``), which a
    PDF viewer opens with ``main.pdf#section.3``.
    """
    text = PAPER.read_text(encoding="utf-8")
    text = re.sub(r"(?m)(?<!\\)%.*$", "", text)  # comments
    sections = {}
    number, appendix = 0, False
    pattern = r"\\appendix\b|\\section\{(.*?)\}\\label\{([^}]*)\}|\\section\{"
    for match in re.finditer(pattern, text):
        if match.group(0) == "\\appendix":
            number, appendix = 0, True
            continue
        number += 1
        if match.group(2):
            shown = chr(ord("A") + number - 1) if appendix else str(number)
            title = re.sub(r"\\texorpdfstring\{[^}]*\}\{([^}]*)\}", r"\1", match.group(1))
            kind = "appendix" if appendix else "section"
            sections[match.group(2)] = (shown, title, f"{kind}.{shown}")
    return sections
