"""Figures. One module per subject; every figure of the paper is one function call here.

Each figure of the paper is drawn by one function that takes its experiment's frozen
result and returns the :class:`~matplotlib.figure.Figure` at the size the paper prints it,
in its style:

- ``heatmap``, ``heatmap_spectrum``: :func:`plot_rate_heatmap_figure` of a
  :class:`~momentum_theory.spectral.RateGrid`;
- ``methods``: :func:`plot_methods_comparison` of a
  :class:`~momentum_theory.experiments.methods.MethodComparison` and a
  :class:`~momentum_theory.experiments.methods.KappaSweep`;
- ``rates``: :func:`plot_rate_comparison` of a :class:`~momentum_theory.rates.RateComparison`;
- ``transients``: :func:`plot_transients` of a sequence of
  :class:`~momentum_theory.transients.TransientCurve`;
- ``amplification``: :func:`plot_amplification_figure` of a
  :class:`~momentum_theory.amplification.VelocityAmplification`;
- ``comparison2d``: :func:`plot_comparisons_2d` of a sequence of
  :class:`~momentum_theory.comparison2d.Comparison2D`;
- ``noise``: :func:`plot_frontier_figure` of a
  :class:`~momentum_theory.experiments.noise.FrontierStudy`;
- ``counterexample``, ``certified``: :func:`plot_counterexample` and :func:`plot_certified`
  of the results of :mod:`momentum_theory.experiments.beyond`;
- ``training_losses``: :func:`plot_loss_figure` of a
  :class:`~momentum_theory.training.OptimizerComparison`;
- ``training_equivalence``: :func:`plot_equivalence` of a
  :class:`~momentum_theory.training.ParametrizationComparison`;
- ``training_sweep``: :func:`plot_sweep` of a
  :class:`~momentum_theory.training.RegionComparison`.

The single-panel functions they are made of take ``ax=None`` and return the Axes they drew
on. Matplotlib is imported only by this package, never by the numeric layers, and only
when something is drawn; PyTorch is never imported here (the training figures take the
training experiments' results, which are plain arrays).
"""

from momentum_theory.plotting.beyond import plot_certified, plot_counterexample
from momentum_theory.plotting.heatmap import (
    plot_method_heatmap,
    plot_method_heatmap_figure,
    plot_rate_heatmap,
    plot_rate_heatmap_figure,
)
from momentum_theory.plotting.training import (
    plot_equivalence,
    plot_final_edge_fraction,
    plot_loss_curves,
    plot_loss_figure,
    plot_network_heatmap,
    plot_rounding_gap,
    plot_schedule_gap,
    plot_sweep,
)

__all__ = [
    "plot_certified",
    "plot_counterexample",
    "plot_equivalence",
    "plot_final_edge_fraction",
    "plot_loss_curves",
    "plot_loss_figure",
    "plot_method_heatmap",
    "plot_method_heatmap_figure",
    "plot_network_heatmap",
    "plot_rate_heatmap",
    "plot_rate_heatmap_figure",
    "plot_rounding_gap",
    "plot_schedule_gap",
    "plot_sweep",
]
