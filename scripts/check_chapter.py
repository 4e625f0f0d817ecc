"""Check the source chapter for the defects the paper's errata 3-11 describe.

The chapter is not part of this repository, so no test reads it; the tests check the
findings as data (tests/paper/test_main_tex.py, CHAPTER_FINDINGS). Run this against a copy of the
chapter to confirm that the findings still describe it:

    python scripts/check_chapter.py ../shared/chapter5-momentum.md

Exit status 0 when every finding holds, 1 when one does not (each printed), 2 for a
missing file.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Callable
from pathlib import Path


def listings(text: str) -> list[str]:
    """The Python code blocks of a Markdown text."""
    return re.findall(r"```python[^\n]*\n(.*?)```", text, re.S)


def section(text: str, start: str, end: str) -> str:
    """The text from the heading ``start`` up to the next ``end``."""
    return text[text.index(start) : text.index(end, text.index(start))]


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:  # IndentationError is a SyntaxError
        return False
    return True


def listings_do_not_parse(chapter: str) -> bool:
    """Erratum 6: lost indentation, a notebook magic, and two statements run together."""
    code = listings(chapter)
    with_bodies = [c for c in code if re.search(r"^(def|for|class) ", c, re.M)]
    without_magic = [
        "\n".join(line for line in c.splitlines() if not line.startswith("%")) for c in with_bodies
    ]
    return (
        bool(with_bodies)
        and not any(_parses(c) for c in without_magic)
        and any(line.startswith("%matplotlib") for c in code for line in c.splitlines())
        and bool(re.search(r"\)for \w", section(chapter, "## 5.6", "## References")))
    )


def undefined_names(chapter: str) -> bool:
    """Errata 7, 8, 9 and 11: names used but never bound in the listings."""
    steps = "".join(listings(section(chapter, "### 5.5.1", "**Complete code**")))
    complete = listings(section(chapter, "**Complete code**", "### 5.5.2"))[0]
    misspelt_import = all(
        re.search(r"import torch\.utils\.data as Dataa\b", program)
        and re.search(r"\bData\.TensorDataset", program)
        and not re.search(r"\bas Data\b|\bData\s*=", program)
        for program in (steps, complete)
    )
    batch_size = re.search(r"BATCH_SIZE\s*=", steps)
    return bool(
        misspelt_import
        and "len(train_data)" in chapter
        and not re.search(r"\btrain_data\s*=", chapter)
        and re.search(r"\bnet\.parameters\(\)", steps)
        and not re.search(r"^\s*net\s*=", steps, re.M)
        and re.search(r"^\s*net_Momentum\s*=", steps, re.M)
        and batch_size
        and steps.index("BATCH_SIZE") < batch_size.start()
    )


def momentum_comment(chapter: str) -> bool:
    """Erratum 10: SGD is built with momentum 0.8, the comment on its step says 0.9."""
    listing = listings(section(chapter, "### 5.5.2", "## 5.6"))[0]
    step_lines = [line for line in listing.splitlines() if "opt_Momentum.step()" in line]
    return bool(
        re.search(r"momentum\s*=\s*0\.8\b", listing)
        and step_lines
        and all("0.9" in line.split("#", 1)[1] for line in step_lines if "#" in line)
    )


def contradictory_update_size(chapter: str) -> bool:
    """Erratum 3: 'attenuated' where the gradient changes, then 'greater' everywhere."""
    return "the magnitude of the update will be attenuated" in section(
        chapter, "## 5.3", "## 5.4"
    ) and "the amplitude of each update will be greater than that without momentum" in section(
        chapter, "## 5.6", "## References"
    )


def confounded_initialisation(chapter: str) -> bool:
    """Erratum 4: both networks built after one seed, so they start from different weights."""
    for listing in listings(section(chapter, "## 5.6", "## References")):
        sgd, momentum = listing.find("net_SGD = Net()"), listing.find("net_Momentum = Net()")
        seed = listing.rfind("torch.manual_seed", 0, max(sgd, 0))
        if 0 <= seed < sgd < momentum and "manual_seed" not in listing[sgd:momentum]:
            return True
    return False


def velocity_sign(chapter: str) -> bool:
    """Erratum 5: the derivation's v = x_t - x_{t-1}, the code's v with p = p - v."""
    code = "".join(listings(chapter))
    return (
        "v_t = x_t - x_{t-1}" in chapter
        and re.search(r"v\[:\] = gamma \* v \+ lr \* param\.grad", code) is not None
        and "param.data = param.data - v" in code
    )


CHECKS: dict[str, Callable[[str], bool]] = {
    "erratum 3: the update size is described both ways": contradictory_update_size,
    "erratum 4: the compared networks start from different weights": confounded_initialisation,
    "erratum 5: the velocity changes sign between derivation and code": velocity_sign,
    "erratum 6: the listings do not parse": listings_do_not_parse,
    "errata 7, 8, 9, 11: names used but never bound": undefined_names,
    "erratum 10: the comment contradicts momentum=0.8": momentum_comment,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("chapter", type=Path, help="the chapter's Markdown file")
    arguments = parser.parse_args(argv)
    if not arguments.chapter.is_file():
        parser.error(f"chapter: no such file {arguments.chapter}")
    chapter = arguments.chapter.read_text(encoding="utf-8")
    failed = 0
    for name, check in CHECKS.items():
        try:
            holds = check(chapter)
        except (ValueError, IndexError):  # a heading or listing the check expects is gone
            holds = False
        print(f"{'holds' if holds else 'FAILS'}  {name}")
        failed += not holds
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
