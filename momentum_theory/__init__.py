r"""momentum_theory: the convergence theory of momentum methods, exact and checked.

The heavy-ball (momentum) method minimises :math:`f` by

.. math::

    x_{t+1} = x_t - \alpha \nabla f(x_t) + \beta (x_t - x_{t-1}),

with step size :math:`\alpha` and momentum :math:`\beta`. On the quadratic
:math:`f(x) = h x^2 / 2` (one Hessian eigenvalue :math:`h`) the iteration is linear in the
state :math:`(x_t, x_{t-1})`:

.. math::

    \begin{pmatrix} x_{t+1} \\ x_t \end{pmatrix}
    = \underbrace{\begin{pmatrix} 1 + \beta - \alpha h & -\beta \\ 1 & 0 \end{pmatrix}}_{A}
      \begin{pmatrix} x_t \\ x_{t-1} \end{pmatrix},

and it converges linearly at the rate :math:`\rho(A)`, the spectral radius of the
companion matrix :math:`A`. The kernels take a fourth parameter ``gamma`` (the gradient
is evaluated at :math:`x_t + \gamma(x_t - x_{t-1})`): the two-step family of Lessard,
Recht and Packard, which contains Nesterov's method (:math:`\gamma = \beta`), and
:mod:`~momentum_theory.methods` maps named methods (QHM, PyTorch's SGD with all its
options, ...) onto it.

Layers, each importing only from those before it: :mod:`~momentum_theory.symbolic`
(sympy derivations) -> :mod:`~momentum_theory.family` (the two-step family's kernels,
re-exported here) -> :mod:`~momentum_theory.methods` (the named methods reduced to the
family, each carrying its metadata; Polyak's optimum is heavy ball's) -> simulations and
experiments -> :mod:`~momentum_theory.plotting` -> :mod:`~momentum_theory.cli`. SymPy,
Matplotlib and PyTorch are imported only by the modules that need them, so
``import momentum_theory`` stays light.

Conventions
-----------
The chapter's velocity form :math:`v_{t+1} = \beta v_t - \alpha \nabla f(x_t)`,
:math:`x_{t+1} = x_t + v_{t+1}` is the same iteration with :math:`v_t = x_t - x_{t-1}`.
PyTorch's ``SGD(momentum=beta)`` keeps :math:`b_{t+1} = \beta b_t + g_t` and steps
:math:`x_{t+1} = x_t - \mathrm{lr}\, b_{t+1}`; with a constant learning rate and
``dampening=0``, ``nesterov=False`` it is heavy ball with :math:`\alpha = \mathrm{lr}`
(``methods.get("pytorch_sgd")`` maps every other setting).

Examples
--------
>>> import momentum_theory as mt
>>> opt = mt.optimal_parameters(mu=1.0, L=100.0)
>>> round(float(opt.rate), 6)
0.818182
>>> round(float(mt.worst_case_rate(opt.alpha, opt.beta, mu=1.0, L=100.0)), 6)
0.818182
>>> nesterov = mt.methods.get("nesterov").optimal_parameters(mu=1.0, L=100.0)
>>> round(float(nesterov.rate), 6)  # 1 - 2/sqrt(3 kappa + 1)
0.884722
"""

# The curated namespace: the README's "Names at the root" table lists exactly these, and
# tests/test_api.py keeps the three in step. Everything else is imported from its module.
# Light: no SymPy, no solver, no Matplotlib (the beyond-quadratics solvers load on first use).
from momentum_theory import methods
from momentum_theory.amplification import compare_effective_step, velocity_amplification
from momentum_theory.atlas import compute_atlas
from momentum_theory.beyond.iqc import certified_rate
from momentum_theory.family import (
    companion_matrix,
    convergence_region,
    critical_beta,
    spectral_gap,
    spectral_radius,
    worst_case_rate,
)
from momentum_theory.hessian import spectrum_of
from momentum_theory.methods import method_grid
from momentum_theory.methods.frontier import pareto_frontier
from momentum_theory.methods.heavy_ball import optimal_parameters
from momentum_theory.methods.noise import stationary_variance
from momentum_theory.problems import QuadraticProblem, dense_problem, diagonal_problem
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.classify import classify
from momentum_theory.rate_comparison import compare_method_rates, compare_rates
from momentum_theory.rates import empirical_rate
from momentum_theory.simulate import run
from momentum_theory.transients.certificates import transient_constant, transient_peak
from momentum_theory.transients.powers import power_norms
from momentum_theory.transients.worst_case import worst_case_error

__version__ = "0.1.0"

# Sorted (ruff); the README groups them by subject.
__all__ = [
    "QuadraticProblem",
    "__version__",
    "certified_rate",
    "check_proof",
    "classify",
    "companion_matrix",
    "compare_effective_step",
    "compare_method_rates",
    "compare_rates",
    "compute_atlas",
    "convergence_region",
    "critical_beta",
    "dense_problem",
    "diagonal_problem",
    "empirical_rate",
    "method_grid",
    "methods",
    "optimal_parameters",
    "pareto_frontier",
    "power_norms",
    "run",
    "spectral_gap",
    "spectral_radius",
    "spectrum_of",
    "stationary_variance",
    "transient_constant",
    "transient_peak",
    "velocity_amplification",
    "worst_case_error",
    "worst_case_rate",
]
