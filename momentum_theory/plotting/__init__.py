"""Figures. One module per subject; each function takes ``ax=None`` and returns what it drew on.

Matplotlib is imported only here, never by the numeric layers.
"""

from momentum_theory.plotting.heatmap import plot_rate_heatmap

__all__ = ["plot_rate_heatmap"]
