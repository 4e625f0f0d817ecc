r"""Named momentum methods, each reduced to one two-step family on quadratics.

Every method here is, on :math:`f(x) = h x^2/2`, a member of the two-step family of
Lessard, Recht and Packard (SIAM J. Optim. 26(1), 2016),

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}),

whose state matrix has the characteristic polynomial :math:`\lambda^2 - T\lambda + D`,
:math:`T = 1 + \beta - \alpha h (1 + \gamma)`, :math:`D = \beta - \alpha h \gamma`. So one
spectral kernel (:func:`momentum_theory.spectral_radius` with its ``gamma`` keyword) gives
every method's rate, once the method's parameters are mapped onto
:math:`(\alpha, \beta, \gamma)`:

====================  ===================================  =====================================
name                  parameters                           family map
====================  ===================================  =====================================
``gradient_descent``  ``alpha``                            :math:`(\alpha, 0, 0)`
``heavy_ball``        ``alpha, beta``                      :math:`(\alpha, \beta, 0)`
``nesterov``          ``alpha, beta``                      :math:`(\alpha, \beta, \beta)`
``two_step``          ``alpha, beta, gamma``               the identity
``qhm``               ``alpha, beta, nu``                  :math:`(\alpha(1-\beta), \beta,
                                                           \beta(1-\nu)/(1-\beta))`
``pytorch_sgd``       ``lr=1e-3, momentum=0,               :math:`(\eta(1-\tau), m, 0)`, or
                      dampening=0, weight_decay=0,         :math:`(\eta, m, m)` with Nesterov;
                      nesterov=False, maximize=False``     :math:`h \to h + \lambda`
====================  ===================================  =====================================

Each map is not typed in but checked: every method writes its update rule once (in its
module, as ``update``), as plain arithmetic that runs on NumPy arrays (to simulate:
:func:`momentum_theory.simulate.run`) and on SymPy symbols (to derive: the state matrix is
the Jacobian of the rule, and :mod:`momentum_theory.methods.derivation` checks that its
characteristic polynomial is the family's under the map).

API
---
``get(name)`` returns a :class:`Method`; ``names()`` lists them (the one registry is
:mod:`~momentum_theory.methods._registry`). A method has

- ``name``, ``parameters`` (names in order), ``defaults``, ``state``, ``tunings``;
- metadata that the CLI, plots, explorer, frontiers and the paper read: ``specs`` (one
  :class:`Parameter` per parameter: symbol, LaTeX, label, domain, kind, typical range,
  unit, search axis, whether it is tuned; ``parameter(name)``), ``display`` and ``title``
  (``"heavy ball"``, ``"Heavy ball"``), ``marker``, ``colour``, ``tag`` (for macro names),
  ``closed_form_optimum``, ``tuning_spec(name)`` (a tuning's display, marker, tag), and
  the hooks ``step_scale``, ``closed_form_curves``, ``widest_stable_step``;
- ``family(**params)`` -> :class:`FamilyParameters` (``alpha``, ``beta``, ``gamma``,
  ``curvature_shift``);
- ``spectral_radius(h, **params)``, ``convergence_region(h, **params)``,
  ``spectral_gap(h, **params)`` (:math:`1 - \rho` to full relative precision),
  ``worst_case_rate(mu, L, **params)``: broadcasting over arrays, through the kernel, with
  :math:`T` and :math:`D` formed exactly from the method's own parameters (the rounded
  map above is not used for them), so every method keeps the kernel's :math:`10^{-14}`;
- ``optimal_parameters(mu, L, **fixed)`` -> :class:`Optimum` (``parameters``, a read-only
  mapping for ``**``, each also an attribute; ``rate``, ``mu``, ``L``, ``known_optimum``,
  ``gap``), the free parameters tuned with any of them ``fixed`` (``momentum=0.9,
  nesterov=True`` -> the best ``lr``);
- ``tuning(name, mu, L)`` -> :class:`Tuning` (``parameters``, ``rate``,
  ``published_rate``, ``reference``): ``heavy_ball``: ``"polyak"``, ``"ghadimi"``;
  ``nesterov``: ``"textbook"``, ``"quadratic_optimal"``; ``two_step``:
  ``"triple_momentum"``;
- ``update(state, gradient, first=False, **params)`` and ``start(x0)``: the rule;
- ``stationary_variance(h, sigma, **params)``: the iterate's stationary variance with
  gradients :math:`\nabla f + \sigma\xi` (:mod:`momentum_theory.methods.noise`; the
  rate--noise frontier is :mod:`momentum_theory.methods.frontier`);
- ``certified_rate(mu, L, **params)``: the smallest rate certified over every
  :math:`\mu`-strongly convex, :math:`L`-smooth function (``inf`` if none below 1;
  :mod:`momentum_theory.beyond.iqc`, optional extra ``pep``).

Optimal parameters are closed forms for ``gradient_descent``, ``heavy_ball`` (Polyak) and
``nesterov`` (Lessard et al.), and a numerical minimax for ``two_step``, ``qhm`` and
``pytorch_sgd`` (see each method's Notes for what it guarantees). With parameters fixed,
closed forms for heavy ball and PyTorch's SGD without Nesterov (either parameter fixed),
else a numerical search over the free ones.

Conventions
-----------
A method's rate is the spectral radius of its *state* matrix, the rate of
:math:`(x_t, x_{t-1})` or of :math:`(x_t, \text{buffer}_t)`. The iterates alone share it
unless a mode never reaches :math:`x` (QHM with :math:`\nu = 0`). PyTorch's momentum
differs from the chapter's velocity form only by the step's scale with ``dampening``
(:math:`\alpha = \eta(1 - \tau)`) and in its first step; see
:class:`~momentum_theory.methods.pytorch_sgd.PyTorchSGD`.

Examples
--------
>>> from momentum_theory import methods
>>> methods.names()
('gradient_descent', 'heavy_ball', 'nesterov', 'two_step', 'qhm', 'pytorch_sgd')
>>> nag = methods.get("nesterov")
>>> opt = nag.optimal_parameters(mu=1.0, L=100.0)
>>> round(float(opt.rate), 6)
0.884722
>>> round(float(nag.worst_case_rate(mu=1.0, L=100.0, **opt.parameters)), 6)
0.884722
>>> sgd = methods.get("pytorch_sgd")
>>> float(sgd.spectral_radius(10.0, lr=0.01, momentum=0.9, nesterov=True))
0.9
>>> round(methods.get("heavy_ball").tuning("polyak", mu=1.0, L=100.0).parameters["beta"], 6)
0.669421
"""

from __future__ import annotations

from momentum_theory.methods._base import ClosedFormCurve, FamilyParameters, Method
from momentum_theory.methods._optimum import Optimum, Tuning, TuningSpec
from momentum_theory.methods._parameter import Axis, Domain, Parameter
from momentum_theory.methods._registry import METHODS, get, names
from momentum_theory.methods.grid import MethodGrid, cell_centres, method_grid

__all__ = [
    "METHODS",
    "Axis",
    "ClosedFormCurve",
    "Domain",
    "FamilyParameters",
    "Method",
    "MethodGrid",
    "Optimum",
    "Parameter",
    "Tuning",
    "TuningSpec",
    "cell_centres",
    "get",
    "method_grid",
    "names",
]
