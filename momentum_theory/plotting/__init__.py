"""Plotting primitives: convergence-region heatmaps of any method, and what figures share.

- :func:`plot_method_heatmap` and :func:`plot_method_heatmap_figure`: a method's rate over
  two of its parameters (a :class:`~momentum_theory.methods.MethodGrid`), with the
  boundary, the critical curves and the optimum;
- the print style and layout (:mod:`~momentum_theory.plotting._style`), cell grids
  (:mod:`~momentum_theory.plotting._grid`) and what a figure draws, as data
  (:mod:`~momentum_theory.plotting._drawn`).

What ``momentum-theory train`` draws is :mod:`momentum_theory.training.plotting`; the
paper's figures are drawn by its subjects (``momentum_theory.paper``), from these.

Single-panel functions take ``ax=None`` and return the Axes they drew on. Matplotlib is
imported only by this package, never by the numeric layers, and only when something is
drawn.
"""

from momentum_theory.plotting.heatmap import (
    plot_method_heatmap,
    plot_method_heatmap_figure,
)

__all__ = [
    "plot_method_heatmap",
    "plot_method_heatmap_figure",
]
