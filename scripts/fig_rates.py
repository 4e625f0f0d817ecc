"""Figure: predicted against measured heavy-ball rates on quadratics (figures/rates.{pdf,png}).

Runs :func:`momentum_theory.rates.compare_rates` on the grid of
:data:`momentum_theory.rates.FIGURE_GRID` (64 x 64 (alpha, beta), 2000 steps, shared with
the numbers the paper quotes beside the figure) for the standard problems (1-D h = 10,
diagonal and dense d = 200 with spectrum [1, 10]), and draws
:func:`momentum_theory.plotting.rates.plot_rate_comparison`.

    python scripts/fig_rates.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script

from momentum_theory.rates import FIGURE_GRID


def build(arguments):
    from momentum_theory.plotting.rates import plot_rate_comparison
    from momentum_theory.problems import standard_problems
    from momentum_theory.rates import compare_rates

    return plot_rate_comparison(compare_rates(problems=standard_problems(), **FIGURE_GRID))


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("rates", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
