"""Figure: the chapter's momentum step against torch.optim.SGD.

Writes <output-dir>/training_equivalence.pdf, .png and .json (default: the repository's
figures/) from the figure registry,
momentum_theory.figures.FIGURES["training_equivalence"].

    python scripts/fig_training_equivalence.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("training_equivalence", argv)


if __name__ == "__main__":
    raise SystemExit(main())
