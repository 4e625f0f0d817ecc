r"""The paper's machinery, by subject in the paper's order.

Each section of ``paper/main.tex`` with machinery behind it is a :class:`Subject`: its
settings, experiments (cached, frozen results), figure builders, claims and LaTeX numbers.
:data:`SUBJECTS` lists them in the paper's order and is the only registry:
``momentum-theory figures`` and ``verify``, ``paper/Makefile`` (through
``python -m momentum_theory.paper``) and the index of numbers files that ``main.tex``
inputs all derive from it, so reordering the paper is editing that list.

It is not part of the API: its names serve the paper and change with it. The library never
imports this package; only the commands that serve the paper
(:mod:`momentum_theory.cli.figures`, :mod:`momentum_theory.cli.verify`) do.

Examples
--------
>>> from momentum_theory import paper
>>> paper.SUBJECTS[0].name
'derivation'
>>> list(paper.figures())[:2]
['heatmap', 'heatmap_spectrum']
"""

from __future__ import annotations

from momentum_theory.paper import (
    accuracy,
    amplification,
    atlas,
    beyond,
    comparison2d,
    derivation,
    measured,
    methods,
    networks,
    noise,
    optimal,
    spectrum,
    transients,
)
from momentum_theory.paper._subject import (
    ClaimFailed,
    Figure,
    Subject,
    make_figure,
    missing_extras,
    write_index,
    write_numbers,
)

__all__ = [
    "SUBJECTS",
    "ClaimFailed",
    "Figure",
    "Subject",
    "figure",
    "figures",
    "make_figure",
    "missing_extras",
    "subject",
    "write_index",
    "write_numbers",
]


# The paper's sections with machinery, in the paper's order: the only registry. Reordering
# the paper is editing this list. The last four are appendices (the checks by simulation and
# the textbook material the source chapter covers).
SUBJECTS: tuple[Subject, ...] = (
    derivation.SUBJECT,
    spectrum.SUBJECT,
    accuracy.SUBJECT,
    optimal.SUBJECT,
    methods.SUBJECT,
    noise.SUBJECT,
    networks.SUBJECT,
    beyond.SUBJECT,
    atlas.SUBJECT,
    measured.SUBJECT,
    transients.SUBJECT,
    amplification.SUBJECT,
    comparison2d.SUBJECT,
)


def subject(name: str) -> Subject:
    """The subject called ``name``.

    Raises
    ------
    ValueError
        If no subject has that name.
    """
    for item in SUBJECTS:
        if item.name == name:
            return item
    known = ", ".join(repr(item.name) for item in SUBJECTS)
    raise ValueError(f"subject must be one of {known}, got {name!r}")


def figures() -> dict[str, Figure]:
    """Every figure of the paper by name, in the paper's order."""
    return {figure.name: figure for item in SUBJECTS for figure in item.figures}


def figure(name: str) -> Figure:
    """The figure called ``name``.

    Raises
    ------
    ValueError
        If no subject draws a figure of that name.
    """
    registered = figures()
    if name not in registered:
        known = ", ".join(map(repr, registered))
        raise ValueError(f"name must be one of {known}, got {name!r}")
    return registered[name]
