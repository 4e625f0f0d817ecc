r"""The chapter's PyTorch experiment (sections 5.5-5.6), made correct, reproducible and fast.

A 1-20-1 ReLU network fitted to :math:`y = x^2 + 0.1\varepsilon` with heavy-ball momentum,

.. math:: p_{t+1} = p_t - \eta\, g_t + \beta\,(p_t - p_{t-1}),

written either as the chapter's hand-written step or as ``torch.optim.SGD``. What it
answers, each as a frozen result:

- :func:`train_chapter_network`: one run (losses per step and per epoch, final weights);
- :func:`compare_parametrizations`: are the custom step and ``torch.optim.SGD`` the same
  algorithm (yes, to rounding, at a constant rate; not under a schedule, and by how much);
- :func:`compare_optimizers`: momentum against SGD over seeds, with SGD at
  :math:`\eta/(1-\beta)` as a control;
- :func:`locate_in_stability_region`: the top Hessian eigenvalue at the start and the end,
  against the quadratic region :math:`0 < \eta h < 2(1 + \beta)`;
- :func:`sweep_grid`: the whole :math:`\eta \times \beta` plane in one batched computation,
  and :func:`compare_regions`: that plane beside the quadratic theory's.

PyTorch is an optional extra (``pip install "momentum-theory[torch]"``). This package
imports without it; calling into it then raises :class:`TorchNotInstalledError`, an
``ImportError`` that says how to install it.
"""

from momentum_theory.training._torch import (
    INSTALL_COMMAND,
    TorchNotInstalledError,
    require_torch,
    torch_available,
)
from momentum_theory.training.comparison import (
    METHODS,
    NOISE_FLOOR,
    EquivalenceTest,
    LossSummary,
    OptimizerComparison,
    PairedDifference,
    compare_optimizers,
)
from momentum_theory.training.curvature import (
    CurvatureEstimate,
    batched_hessians,
    dense_hessian,
    largest_hessian_eigenvalue,
)
from momentum_theory.training.data import RegressionData, batch_order, make_data
from momentum_theory.training.equivalence import (
    ParametrizationComparison,
    RoundingGap,
    ScheduleGap,
    compare_parametrizations,
    unit_roundoff,
)
from momentum_theory.training.experiment import TrainingRun, epoch_means, train_chapter_network
from momentum_theory.training.model import (
    PARAMETER_NAMES,
    build_network,
    initial_parameters,
    live_units,
    predict,
)
from momentum_theory.training.optimizers import (
    OPTIMIZERS,
    ChapterMomentum,
    make_optimizer,
    set_learning_rate,
)
from momentum_theory.training.problem import ChapterProblem, chapter_problem
from momentum_theory.training.region import (
    DEFAULT_LR_GRID,
    DEFAULT_MOMENTUM_GRID,
    RegionComparison,
    compare_regions,
    final_curvatures,
)
from momentum_theory.training.schedules import StepDecay
from momentum_theory.training.stability import (
    StabilityPosition,
    StabilityReport,
    locate_in_stability_region,
    stability_position,
)
from momentum_theory.training.sweep import SweepResult, sweep_grid

__all__ = [
    "DEFAULT_LR_GRID",
    "DEFAULT_MOMENTUM_GRID",
    "INSTALL_COMMAND",
    "METHODS",
    "NOISE_FLOOR",
    "OPTIMIZERS",
    "PARAMETER_NAMES",
    "ChapterMomentum",
    "ChapterProblem",
    "CurvatureEstimate",
    "EquivalenceTest",
    "LossSummary",
    "OptimizerComparison",
    "PairedDifference",
    "ParametrizationComparison",
    "RegionComparison",
    "RegressionData",
    "RoundingGap",
    "ScheduleGap",
    "StabilityPosition",
    "StabilityReport",
    "StepDecay",
    "SweepResult",
    "TorchNotInstalledError",
    "TrainingRun",
    "batch_order",
    "batched_hessians",
    "build_network",
    "chapter_problem",
    "compare_optimizers",
    "compare_parametrizations",
    "compare_regions",
    "dense_hessian",
    "epoch_means",
    "final_curvatures",
    "initial_parameters",
    "largest_hessian_eigenvalue",
    "live_units",
    "locate_in_stability_region",
    "make_data",
    "make_optimizer",
    "predict",
    "require_torch",
    "set_learning_rate",
    "stability_position",
    "sweep_grid",
    "torch_available",
    "train_chapter_network",
    "unit_roundoff",
]
