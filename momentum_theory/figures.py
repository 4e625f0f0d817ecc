r"""The figure registry: every figure of the paper and the README, by name.

Each :class:`FigureSpec` names the experiment that feeds the figure and the plotting
function that draws it; :func:`make_figure` runs both in this process and saves
``<name>.pdf`` and ``<name>.png`` (identical bytes on every run in one environment) and
``<name>.json``, what the figure draws as data (:mod:`momentum_theory.plotting._drawn`):
between machines, whose last bits differ, figures are compared through that. The
registry is what ``momentum-theory figures``, ``scripts/fig_<name>.py`` and
``paper/Makefile`` use, so a figure is defined once, works from any install, and says
whether it needs PyTorch.

Examples
--------
>>> from momentum_theory.figures import FIGURES
>>> list(FIGURES)[:2]
['training_losses', 'training_equivalence']
>>> [name for name, spec in FIGURES.items() if spec.needs_torch]
['training_losses', 'training_equivalence', 'training_sweep']
>>> [name for name, spec in FIGURES.items() if spec.needs_pep]
['certified']
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "DATA",
    "FIGURES",
    "FORMATS",
    "FigureSpec",
    "make_figure",
    "missing_extras",
    "unavailable",
]

FORMATS = (".pdf", ".png")
# What the figure draws, as data (positions and colours): see make_figure.
DATA = ".json"


@dataclass(frozen=True)
class FigureSpec:
    """One figure.

    Attributes
    ----------
    name : str
        Written as ``<name>.pdf`` and ``<name>.png``; the paper's ``\\label{fig:<name>}``.
    description : str
        One line: what the figure shows.
    build : callable
        Runs the figure's experiment (cached) and returns the drawn Figure.
    needs_torch : bool
        Whether the experiment needs PyTorch.
    needs_pep : bool
        Whether the experiment needs the optional extra ``pep`` (PEPit, cvxpy).
    """

    name: str
    description: str
    build: Callable[[], Figure]
    needs_torch: bool = False
    needs_pep: bool = False


def _counterexample() -> Figure:
    from momentum_theory.experiments.beyond import counterexample_cycle
    from momentum_theory.plotting import plot_counterexample

    return plot_counterexample(counterexample_cycle())


def _certified() -> Figure:
    from momentum_theory.experiments import beyond
    from momentum_theory.plotting import plot_certified

    return plot_certified(beyond.certified_rates(), beyond.certificate_map(), beyond.pep_gap())


def _training_losses() -> Figure:
    from momentum_theory.experiments.training import optimizers
    from momentum_theory.plotting import plot_loss_figure

    return plot_loss_figure(optimizers())


def _training_equivalence() -> Figure:
    from momentum_theory.experiments.training import parametrizations
    from momentum_theory.plotting import plot_equivalence

    return plot_equivalence(parametrizations())


def _training_sweep() -> Figure:
    from momentum_theory.experiments.training import regions
    from momentum_theory.plotting import plot_sweep

    return plot_sweep(regions())


# In the paper's order: foundation, the named methods, predicted vs measured, the network,
# then beyond quadratics.
FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec(
            "training_losses",
            "the network's loss over seeds: momentum, SGD and the lr/(1 - beta) control",
            _training_losses,
            needs_torch=True,
        ),
        FigureSpec(
            "training_equivalence",
            "the chapter's momentum step against torch.optim.SGD",
            _training_equivalence,
            needs_torch=True,
        ),
        FigureSpec(
            "training_sweep",
            "the network's lr x momentum sweep beside the quadratic region",
            _training_sweep,
            needs_torch=True,
        ),
        FigureSpec(
            "counterexample",
            "heavy ball at Polyak's parameters cycles on a strongly convex function",
            _counterexample,
        ),
        FigureSpec(
            "certified",
            "certified against quadratic rates, the (alpha, beta) map, the PEP gap",
            _certified,
            needs_pep=True,
        ),
    )
}


def unavailable(name: str) -> str | None:
    """Why figure ``name`` cannot be made here (an optional extra is missing), or None.

    Examples
    --------
    >>> unavailable("counterexample") is None
    True
    """
    spec = FIGURES[name]
    return missing_extras(torch=spec.needs_torch, pep=spec.needs_pep)


def missing_extras(*, torch: bool = False, pep: bool = False) -> str | None:
    """Which of the requested optional extras is not installed, with how to install it.

    Examples
    --------
    >>> missing_extras() is None
    True
    """
    if torch:
        from momentum_theory.training._torch import INSTALL_COMMAND, torch_available

        if not torch_available():
            return f"PyTorch is not installed ({INSTALL_COMMAND})"
    if pep:
        from momentum_theory._pep import INSTALL_COMMAND, pep_available

        if not pep_available():
            return f"PEPit and cvxpy are not installed ({INSTALL_COMMAND})"
    return None


def make_figure(name: str, output_dir: str | os.PathLike[str]) -> list[Path]:
    """Build figure ``name`` in this process and save it into ``output_dir`` (made if missing).

    Returns
    -------
    list of pathlib.Path
        The files written: ``<name>.pdf``, ``<name>.png`` and ``<name>.json``, the data the
        figure draws (:func:`momentum_theory.plotting._drawn.drawn`), by which a figure
        made on one machine is compared with one made on another.

    Raises
    ------
    ValueError
        If ``name`` is not registered.
    """
    if name not in FIGURES:
        known = ", ".join(map(repr, FIGURES))
        raise ValueError(f"name must be one of {known}, got {name!r}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory._io import save_figure
    from momentum_theory.plotting._drawn import write_drawn

    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    figure = FIGURES[name].build()
    try:
        written = [save_figure(figure, folder / f"{name}{suffix}") for suffix in FORMATS]
        return [*written, write_drawn(figure, folder / f"{name}{DATA}")]
    finally:
        plt.close(figure)
