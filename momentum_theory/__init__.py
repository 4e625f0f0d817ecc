r"""momentum_theory: the convergence theory of the heavy-ball method, exact and checked.

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
companion matrix :math:`A`.

Layers, each importing only from those before it: :mod:`~momentum_theory.symbolic`
(sympy derivations) -> :mod:`~momentum_theory.spectral` (numeric kernels, re-exported
here; :mod:`~momentum_theory.methods`, the named methods reduced to the kernels' two-step
family) -> simulations and experiments -> :mod:`~momentum_theory.plotting` ->
:mod:`~momentum_theory.cli`. SymPy, Matplotlib and PyTorch are imported only by the
modules that need them, so ``import momentum_theory`` stays light.

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
>>> round(float(mt.worst_case_rate(opt.alpha, opt.beta, 1.0, 100.0)), 6)
0.818182
"""

# After the kernels it builds on; light (no SymPy, no SciPy optimize).
from momentum_theory import methods
from momentum_theory.spectral import (
    OptimalParameters,
    RateGrid,
    companion_matrix,
    convergence_region,
    critical_beta,
    optimal_parameters,
    rate_grid,
    spectral_radius,
    spectral_radius_eig,
    worst_case_rate,
)

__version__ = "0.1.0"

__all__ = [
    "OptimalParameters",
    "RateGrid",
    "__version__",
    "companion_matrix",
    "convergence_region",
    "critical_beta",
    "methods",
    "optimal_parameters",
    "rate_grid",
    "spectral_radius",
    "spectral_radius_eig",
    "worst_case_rate",
]
