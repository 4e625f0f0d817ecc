r"""A subject of the paper: its figures, its claims and its numbers, and how each is made.

A :class:`Subject` is one section of ``paper/main.tex`` with machinery behind it. It names
its :class:`Figure` entries (each drawn from the subject's cached experiments), its claims
(functions marked :func:`~momentum_theory.paper._claims.claim`, collected in definition
order by :func:`claims_in`) and the function that returns its LaTeX numbers.
:data:`momentum_theory.paper.SUBJECTS` lists the subjects in the paper's order; everything
else (``momentum-theory figures`` and ``verify``, ``paper/Makefile``, the index of numbers
files that ``main.tex`` inputs) asks that list.

- :func:`make_figure` draws a figure and saves ``<name>.pdf``, ``<name>.png`` (identical
  bytes on every run in one environment) and ``<name>.json``, what the figure draws as
  data (:mod:`momentum_theory.plotting._drawn`): between machines, whose last bits
  differ, figures are compared through that;
- :func:`write_numbers` runs the subject's quoted claims, then writes ``<name>.tex``, and
  refuses (:class:`ClaimFailed`, nothing written) when one does not hold;
- :func:`write_index` writes ``index.tex``, the subjects' numbers files in order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from momentum_theory.paper._claims import Check, Claim, is_claim, is_quoted

if TYPE_CHECKING:
    from matplotlib.figure import Figure as DrawnFigure

    from momentum_theory.paper._latex import Macro

__all__ = [
    "DATA",
    "EXTRAS",
    "FORMATS",
    "INDEX",
    "ClaimFailed",
    "Figure",
    "Subject",
    "check_quoted",
    "claims_in",
    "make_figure",
    "missing_extras",
    "write_index",
    "write_numbers",
]

FORMATS = (".pdf", ".png")
# What the figure draws, as data (positions and colours): see make_figure.
DATA = ".json"
# The optional extras a figure or a subject's numbers may need.
EXTRAS = ("torch", "pep", "atlas")
# The file of generated numbers that main.tex inputs: the subjects' files, in order.
INDEX = "index.tex"


class ClaimFailed(RuntimeError):
    """A claim the paper's text makes about its numbers does not hold."""


def _check_needs(needs: tuple[str, ...], owner: str) -> None:
    unknown = [extra for extra in needs if extra not in EXTRAS]
    if unknown:
        raise ValueError(f"{owner}: needs must be among {EXTRAS}, got {unknown}")


@dataclass(frozen=True)
class Figure:
    """One figure of the paper.

    Attributes
    ----------
    name : str
        Written as ``<name>.pdf``, ``<name>.png`` and ``<name>.json``; the paper's
        ``\\label{fig:<name>}`` (underscores as hyphens).
    description : str
        One line: what the figure shows.
    build : callable
        Runs the figure's experiments (cached) and returns the drawn Matplotlib figure.
    needs : tuple of str
        Optional extras its experiments need (``"torch"``, ``"pep"``, ``"atlas"``).
    """

    name: str
    description: str
    build: Callable[[], DrawnFigure]
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_needs(self.needs, f"figure {self.name!r}")


@dataclass(frozen=True)
class Subject:
    """One section of the paper with machinery: its figures, claims and numbers.

    Attributes
    ----------
    name : str
        The section's label (``\\label{sec:<name>}``), its ``verify`` group and its numbers
        file ``paper/generated/<name>.tex``.
    title : str
        The section's title, in plain text.
    figures : tuple of Figure
        In the order the section shows them.
    claims : tuple of callables
        The subject's claims (:func:`claims_in`), in the order ``verify`` reports them.
    macros : callable or None
        Returns the subject's :class:`~momentum_theory.paper._latex.Macro` list; None when
        the section quotes no generated number.
    needs : tuple of str
        Optional extras its numbers need (``"torch"``, ``"pep"``, ``"atlas"``).
    """

    name: str
    title: str
    figures: tuple[Figure, ...] = ()
    claims: tuple[Check, ...] = ()
    macros: Callable[[], list[Macro]] | None = None
    needs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_needs(self.needs, f"subject {self.name!r}")
        unmarked = [c.__name__ for c in self.claims if not is_claim(c)]
        if unmarked:
            raise ValueError(f"subject {self.name!r}: not marked with @claim: {unmarked}")

    @property
    def quoted(self) -> tuple[Check, ...]:
        """The claims the paper's text relies on (``claim(quoted=True)``)."""
        return tuple(check for check in self.claims if is_quoted(check))

    def check(self, *, quoted_only: bool = False) -> list[Claim]:
        """Run the claims (or only the quoted ones), each filed under this subject."""
        return [
            check().in_group(self.name) for check in (self.quoted if quoted_only else self.claims)
        ]


def claims_in(namespace: ModuleType | Mapping[str, object]) -> tuple[Check, ...]:
    """The functions marked :func:`~momentum_theory.paper._claims.claim` that a module (or
    its ``globals()``) defines, in the order it defines them; imported claims are left out.
    """
    names = vars(namespace) if isinstance(namespace, ModuleType) else namespace
    module = names["__name__"]
    return tuple(
        value
        for value in names.values()
        if is_claim(value) and getattr(value, "__module__", None) == module
    )


def missing_extras(needs: Iterable[str]) -> str | None:
    """Which of the optional extras ``needs`` is not installed, with how to install it.

    Examples
    --------
    >>> missing_extras(()) is None
    True
    """
    needs = tuple(needs)
    _check_needs(needs, "missing_extras")
    if "torch" in needs:
        from momentum_theory.training._torch import INSTALL_COMMAND, torch_available

        if not torch_available():
            return f"PyTorch is not installed ({INSTALL_COMMAND})"
    if "pep" in needs:
        from momentum_theory.beyond._pep import INSTALL_COMMAND, pep_available

        if not pep_available():
            return f"PEPit and cvxpy are not installed ({INSTALL_COMMAND})"
    if "atlas" in needs:
        from momentum_theory.paper.atlas.experiments import INSTALL_COMMAND, atlas_available

        if not atlas_available():
            return f"xarray and zarr are not installed ({INSTALL_COMMAND})"
    return None


def make_figure(figure: Figure, output_dir: str | os.PathLike[str]) -> list[Path]:
    """Build ``figure`` in this process and save it into ``output_dir`` (made if missing).

    Returns
    -------
    list of pathlib.Path
        The files written: ``<name>.pdf``, ``<name>.png`` and ``<name>.json``, the data the
        figure draws (:func:`momentum_theory.plotting._drawn.drawn`), by which a figure
        made on one machine is compared with one made on another.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory._io import save_figure
    from momentum_theory.plotting._drawn import write_drawn

    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    drawn = figure.build()
    try:
        written = [save_figure(drawn, folder / f"{figure.name}{suffix}") for suffix in FORMATS]
        return [*written, write_drawn(drawn, folder / f"{figure.name}{DATA}")]
    finally:
        plt.close(drawn)


def check_quoted(subject: Subject) -> list[Claim]:
    """Run ``subject``'s quoted claims; :class:`ClaimFailed` naming any that do not hold."""
    results = subject.check(quoted_only=True)
    failed = [claim for claim in results if not claim.passed]
    if failed:
        lines = "; ".join(f"{c.claim} (measured {c.measured:.3g}, {c.criterion})" for c in failed)
        raise ClaimFailed(f"subject {subject.name!r}: the paper's claims do not hold: {lines}")
    return results


def write_numbers(subject: Subject, folder: str | os.PathLike[str]) -> Path:
    """Check ``subject``'s quoted claims, then write ``folder/<name>.tex`` atomically.

    Raises
    ------
    ValueError
        If the subject has no numbers.
    ClaimFailed
        If a claim the text relies on does not hold (nothing is written).
    """
    from momentum_theory.paper._latex import write_macros

    if subject.macros is None:
        raise ValueError(f"subject {subject.name!r} has no numbers")
    check_quoted(subject)
    header = (
        f"Numbers for paper/main.tex, subject '{subject.name}', written by\n"
        "momentum-theory figures --numbers from the experiments' results."
    )
    return write_macros(Path(folder) / f"{subject.name}.tex", subject.macros(), header=header)


def write_index(subjects: Sequence[Subject], folder: str | os.PathLike[str]) -> Path:
    r"""Write ``folder/index.tex``: an ``\InputIfFileExists`` line for each subject with
    numbers, in order (``main.tex`` inputs this one file).
    """
    from momentum_theory._io import atomic_write

    lines = [
        "% The paper's generated numbers, one file per subject in the paper's order",
        "% (momentum_theory.paper.SUBJECTS), written by momentum-theory figures --numbers.",
        "% Generated file: do not edit by hand.",
        "",
        *(
            rf"\InputIfFileExists{{generated/{subject.name}.tex}}{{}}{{}}"
            for subject in subjects
            if subject.macros is not None
        ),
    ]
    path = Path(folder) / INDEX
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as stream:
        stream.write(("\n".join(lines) + "\n").encode("utf-8"))
    return path
