"""Font sizes for figures printed at the paper's text width (about 6.6 in).

At that width 8-9 pt text stays legible in print; use with ``matplotlib.rc_context``.
"""

PRINT_STYLE = {
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "figure.titlesize": 9.5,
}
