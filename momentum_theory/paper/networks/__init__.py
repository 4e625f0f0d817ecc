r"""The network experiments (section ``sec:networks``; needs PyTorch).

The chapter's 1-20-1 network: its hand-written momentum step against ``torch.optim.SGD``,
momentum against SGD and the :math:`\eta/(1-\beta)` control over seeds, the curvature
against the quadratic region, and the :math:`\eta \times \beta` sweep:
:mod:`~.experiments` (settings and cached results), :mod:`~.claims`, :mod:`~.macros` and
:mod:`~.figures` (the ``training_*`` figures).
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.networks import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "networks",
    "The network experiments",
    figures=(
        Figure(
            "training_equivalence",
            "the chapter's momentum step against torch.optim.SGD",
            figures.training_equivalence_figure,
            needs=("torch",),
        ),
        Figure(
            "training_losses",
            "the network's loss over seeds: momentum, SGD and the lr/(1 - beta) control",
            figures.training_losses_figure,
            needs=("torch",),
        ),
        Figure(
            "training_sweep",
            "the network's lr x momentum sweep beside the quadratic region",
            figures.training_sweep_figure,
            needs=("torch",),
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
    needs=("torch",),
)
