r"""The atlas's proofs, one JSON object a line: ``--proofs PATH``.

Each line is a proof in the format of :mod:`momentum_theory.proofs.format` plus
``"cell": [i, j]`` (row ``i`` along ``y``, column ``j`` along ``x``), one line per decided
cell (unknown cells have none). Only the client writes, a block's lines before the block's
``status`` (:mod:`~momentum_theory.atlas.store`), flushed to disk; so after a kill the file
holds every recorded cell's proof, possibly lines of cells not yet recorded, and possibly a
truncated last line. :func:`read_log` tolerates that last line; :func:`reconcile` keeps the
lines of recorded cells only, once each, in cell order: before a resumed run appends, and
when a run ends.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["append_lines", "read_log", "reconcile"]


def read_log(path: str | Path) -> dict[tuple[int, int], dict[str, Any]]:
    """The proofs of ``path`` by cell (the last line for a cell wins); a last line cut short
    by a kill is ignored, any other unreadable line is an error.

    Raises
    ------
    ValueError
        For an unreadable line other than the last, or a line without ``"cell"``.
    """
    proofs: dict[tuple[int, int], dict[str, Any]] = {}
    if not Path(path).exists():
        return proofs
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            proof = json.loads(line)
        except json.JSONDecodeError:
            if number == len(lines):  # no newline after it: the write was cut short
                break
            raise ValueError(f"{path}, line {number}: not JSON") from None
        cell = proof.get("cell")
        if not (isinstance(cell, list) and len(cell) == 2):
            raise ValueError(f"{path}, line {number}: no 'cell': [i, j]")
        proofs[(int(cell[0]), int(cell[1]))] = proof
    return proofs


def _write(stream: Any, proofs: Iterable[dict[str, Any]]) -> None:
    for proof in proofs:
        stream.write(json.dumps(proof, separators=(",", ":")) + "\n")


def reconcile(path: str | Path, recorded: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Rewrite ``path`` (atomically) with one line per cell of ``recorded`` that has one, in
    cell order (row-major, so a finished run's file does not depend on the order in which
    its blocks finished); returns the cells of ``recorded`` that have none."""
    from momentum_theory._io import atomic_write

    proofs = read_log(path)
    kept = {cell: proofs[cell] for cell in sorted(proofs) if cell in recorded}
    with atomic_write(Path(path), "w") as stream:
        _write(stream, kept.values())
    return recorded - set(kept)


def append_lines(path: str | Path, proofs: Iterable[dict[str, Any]]) -> None:
    """Append ``proofs`` (each with its ``"cell"``) and flush them to disk."""
    with open(path, "a", encoding="utf-8") as stream:
        _write(stream, proofs)
        stream.flush()
        os.fsync(stream.fileno())
