r"""Experiments: every figure's and every paper number's computation, defined once.

An experiment is a function of its settings that returns a frozen result. Its figure
(:mod:`momentum_theory.figures`), the paper's numbers (:mod:`momentum_theory.paper_numbers`)
and its ``verify`` rows (:mod:`momentum_theory.verify`) all read that one result, and it
runs once per settings (see :mod:`momentum_theory.experiments._cache`). Settings of an
experiment live here, never in the numeric modules it calls.

=============  =================================================================
module         experiments
=============  =================================================================
heatmaps       the rate over (alpha, beta) for h = 1 and over the spectrum [1, 10]
derivation     the eigenvalues as mean +- half gap (sympy)
foundation     Polyak's optimum per spectrum, accuracy at hard points, errata
methods        every named method on [1, 100] and across kappa; maps, optima, tunings
rates          predicted against measured rates; runs on the critical curve
transients     the three transient regimes, Jordan growth, W_n at Polyak's optimum
amplification  the velocity under a constant gradient; the effective step
comparison2d   the chapter's 2-D comparison in both settings
training       the chapter's network (PyTorch)
noise          gradient noise: variance three ways, the rate-noise frontier
=============  =================================================================
"""

__all__ = [
    "amplification",
    "comparison2d",
    "derivation",
    "foundation",
    "heatmaps",
    "methods",
    "noise",
    "rates",
    "training",
    "transients",
]
