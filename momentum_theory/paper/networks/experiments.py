r"""The chapter's network (sections 5.5-5.6) as experiments: PyTorch is needed to run them.

* :func:`parametrizations`: the chapter's momentum step against ``torch.optim.SGD``;
* :func:`optimizers`: momentum, SGD and SGD at :math:`\eta/(1-\beta)` over ten seeds;
* :func:`stability`: where the chapter's setting sits in the quadratic region;
* :func:`regions`: the 32 x 32 learning-rate x momentum sweep beside the region.

Each result feeds its figure, the paper's training numbers and the training rows of
``verify``. Importing this module does not import PyTorch; calling an experiment does.
"""

from __future__ import annotations

from momentum_theory.paper._cache import experiment

__all__ = ["SEEDS", "optimizers", "parametrizations", "regions", "stability"]

SEEDS = tuple(range(1, 11))


@experiment
def parametrizations():
    """:func:`~momentum_theory.training.compare_parametrizations` at the chapter's setting."""
    from momentum_theory.training import compare_parametrizations

    return compare_parametrizations()


@experiment
def optimizers(seeds: tuple[int, ...] = SEEDS):
    """:func:`~momentum_theory.training.compare_optimizers` over ``seeds``."""
    from momentum_theory.training import compare_optimizers

    return compare_optimizers(seeds, progress=True)


@experiment
def stability():
    """:func:`~momentum_theory.training.locate_in_stability_region` (chapter's setting)."""
    from momentum_theory.training import locate_in_stability_region

    return locate_in_stability_region()


@experiment
def regions():
    """:func:`~momentum_theory.training.compare_regions` on its default 32 x 32 grid."""
    from momentum_theory.training import compare_regions

    return compare_regions(progress=True)
