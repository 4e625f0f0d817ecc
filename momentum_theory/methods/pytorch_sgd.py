r"""``torch.optim.SGD``, with PyTorch's own parameter names, defaults and step.

Per step, with :math:`g = \nabla f(p) + \lambda p` (``weight_decay`` :math:`\lambda`):

.. math::

    b \leftarrow \begin{cases} g & \text{first step},\\
        m\, b + (1 - \tau)\, g & \text{after},\end{cases} \qquad
    s = \begin{cases} g + m\, b & \text{nesterov},\\ b & \text{otherwise},\end{cases}
    \qquad p \leftarrow p - \eta\, s,

with ``lr`` :math:`\eta`, ``momentum`` :math:`m` and ``dampening`` :math:`\tau`; with
``momentum=0`` there is no buffer and :math:`s = g` (see ``torch/optim/sgd.py``). The
state is :math:`(p_t, b_t)`. With ``maximize=True`` PyTorch ascends an objective
:math:`F`: it negates the gradient it is handed, :math:`g = -\nabla F(p) + \lambda p`,
which is the step above for :math:`f = -F` (see :class:`PyTorchSGD`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from momentum_theory._validation import as_finite_float, as_spectrum
from momentum_theory.methods._base import Method, _where
from momentum_theory.methods._minimax import minimize_worst_case
from momentum_theory.methods._optimum import Optimum
from momentum_theory.methods._parameter import GAP, Axis, Domain, Parameter, flag, momentum, step
from momentum_theory.methods.heavy_ball import best_momentum, best_step, polyak_rate

__all__ = ["PYTORCH_SGD", "PyTorchSGD"]

# The momenta the numerical optimum searches (Nesterov needs momentum > 0).
_MOMENTUM_MAX = 1.0 - 1e-6
_MOMENTUM_MIN_NESTEROV = 1e-12
# What torch.optim.SGD refuses.
_TORCH = Domain(low=0.0, reason="torch.optim.SGD refuses it")


def update(
    state: tuple[Any, Any],
    gradient: Callable[[Any], Any],
    *,
    lr: Any,
    momentum: Any,
    dampening: Any,
    weight_decay: Any,
    nesterov: bool,
    maximize: bool = False,
    first: bool = False,
) -> tuple[Any, Any]:
    r"""One ``optimizer.step()``, :math:`(p_t, b_t) \mapsto (p_{t+1}, b_{t+1})`, as PyTorch's.

    ``gradient`` is :math:`\nabla f` of the function minimised, :math:`f = -F` when
    ``maximize=True``: PyTorch's ``-p.grad`` with ``p.grad`` :math:`= \nabla F`, the same
    number (negation is exact), so ``maximize`` changes nothing here.
    """
    p, buffer = state
    g = gradient(p) + weight_decay * p
    new_buffer = g if first else momentum * buffer + (1 - dampening) * g
    step = g + momentum * new_buffer if nesterov else new_buffer
    step = _where(momentum == 0, g, step)  # no buffer at all without momentum
    return p - lr * step, new_buffer


class PyTorchSGD(Method):
    r"""``torch.optim.SGD(lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
    maximize=False)``.

    Notes
    -----
    **Family map.** Eliminating the buffer (:math:`\eta\, b_t = p_{t-1} - p_t` without
    Nesterov) gives, from the second step on,

    ==========================  ==========================  =========  =========
    settings                    :math:`\alpha`              :math:`\beta`  :math:`\gamma`
    ==========================  ==========================  =========  =========
    ``momentum == 0``           :math:`\eta`                0          0
    ``nesterov=False``          :math:`\eta (1 - \tau)`     :math:`m`  0
    ``nesterov=True``           :math:`\eta`                :math:`m`  :math:`m`
    ==========================  ==========================  =========  =========

    and ``weight_decay`` :math:`\lambda` shifts every curvature, :math:`h \to h + \lambda`
    (it adds :math:`\lambda p` to the gradient: SGD on :math:`f + \lambda\|p\|^2/2`). So
    with ``dampening=0`` PyTorch's momentum *is* heavy ball with :math:`\alpha = \eta`,
    :math:`\beta = m`, and ``nesterov=True`` *is* Nesterov's method; with dampening
    :math:`\tau` the effective step is :math:`\eta(1 - \tau)`. The first step differs
    (:math:`b_1 = g_0`, undampened), which changes the transient, not the rate.

    **Exact rates.** The table's :math:`\eta(1 - \tau)` and :math:`h + \lambda` are
    rounded when evaluated in float64 (:meth:`family`); the rates, regions and gaps are
    not computed from them but from the exact
    :math:`T = 1 + m - \eta(h + \lambda)(1 - \tau)`, :math:`D = m` (and
    :math:`T = 1 + m - \eta(h + \lambda)(1 + m)`, :math:`D = m - \eta(h + \lambda)m`
    with Nesterov), so they keep the kernel's :math:`10^{-14}` relative accuracy for the
    given doubles (near critical damping the rounded map alone would cost up to half the
    digits). PyTorch itself multiplies by the rounded ``1 - dampening``; that is one of
    the rounding errors of its float arithmetic, not a change of the method.

    **maximize.** ``maximize=True`` ascends :math:`F` by stepping with
    :math:`-\nabla F`: it is this method minimising :math:`f = -F`. So ``h``, ``mu`` and
    ``L`` are curvatures of :math:`f = -F`, the eigenvalues of the *negated* Hessian of
    :math:`F` (a concave :math:`F` whose negated Hessian has spectrum :math:`[\mu, L]`
    converges at :meth:`worst_case_rate` ``(mu, L)``), and every rate, region and gap is
    the one of ``maximize=False``. :func:`momentum_theory.simulate.run` with
    ``maximize=True`` simulates PyTorch maximising :math:`F(p) = b^\top p - \tfrac12
    p^\top Q p`, whose ``p.grad`` is :math:`b - Qp`: the same iterates as minimising
    :math:`f = -F`.

    **Refused settings.** Like ``torch.optim.SGD``: a negative ``lr``, ``momentum`` or
    ``weight_decay``, and ``nesterov=True`` unless ``momentum > 0`` and ``dampening == 0``
    (PyTorch's "Nesterov momentum requires a momentum and zero dampening"). The other
    keywords of ``torch.optim.SGD`` (``foreach``, ``differentiable``, ``fused``) choose an
    implementation, not the iteration, and are not parameters here.

    **Optimum.** :meth:`optimal_parameters` tunes ``lr`` and ``momentum`` for fixed
    ``dampening``, ``weight_decay`` and ``nesterov``, numerically (grid plus Nelder--Mead
    over :math:`\eta (1 - \tau) (L + \lambda) \in [0, 4]`, :math:`m \in [0, 1 - 10^{-6}]`,
    in :math:`\sqrt m`).
    By the map it is Polyak's rate without Nesterov and Lessard, Recht and Packard's with
    it, on :math:`[\mu + \lambda, L + \lambda]` (the result's ``known_optimum``); the
    tests check that the ``gap`` to it is at most :math:`10^{-6}` for :math:`\kappa`
    from 1 to :math:`10^4`. With ``lr`` or ``momentum`` fixed too (``momentum=0.9,
    nesterov=True`` -> the best ``lr``): without Nesterov, heavy ball's closed forms
    (:func:`~momentum_theory.methods.heavy_ball.best_step`,
    :func:`~momentum_theory.methods.heavy_ball.best_momentum`) at step
    :math:`\eta(1 - \tau)` on the shifted spectrum, comparing momentum 0 (undamped step)
    for a fixed ``lr``; with Nesterov, a numerical search.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> sgd = methods.get("pytorch_sgd")
    >>> sgd.parameters
    ('lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize')
    >>> float(sgd.spectral_radius(1.0, lr=0.1, momentum=0.81))  # heavy ball: sqrt(0.81)
    0.9
    >>> family = sgd.family(lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.01)
    >>> [float(v) for v in (family.alpha, family.beta, family.gamma, family.curvature_shift)]
    [0.05, 0.9, 0.0, 0.01]
    """

    name = "pytorch_sgd"
    specs = (
        step(
            "lr",
            typical=(0.0, 4.4),
            latex=r"\eta",
            text="lr",
            label="learning rate",
            domain=_TORCH,
            default=1e-3,
        ),
        momentum(
            "momentum",
            latex="m",
            text="momentum",
            domain=_TORCH,
            default=0.0,
            search=Axis(GAP, 1.0 - GAP, "gap"),
            plot_bounds=(0.0, 1.0),
        ),
        Parameter(
            "dampening",
            r"\tau",
            "dampening",
            "dampening",
            "option",
            default=0.0,
            typical=(0.0, 1.0),
            plot_bounds=(0.0, 1.0),
            tuned=False,
        ),
        Parameter(
            "weight_decay",
            r"\lambda",
            "weight_decay",
            "weight decay",
            "option",
            domain=_TORCH,
            default=0.0,
            typical=(0.0, 1.0),
            plot_bounds=(0.0, math.inf),
            unit="L",
            tuned=False,
        ),
        flag("nesterov", label="Nesterov momentum"),
        flag("maximize", label="maximise"),
    )
    display = "PyTorch SGD"
    tag = "Sgd"
    marker = "^"
    colour = "C5"
    state = ("x", "buffer")
    _rule = staticmethod(update)

    def step_scale(self, *, dampening: Any = 0.0, **params: Any) -> Any:
        r""":math:`1 - \tau`: without Nesterov the family step is :math:`\eta(1 - \tau)`
        (with momentum; PyTorch keeps no buffer, and so no dampening, at momentum 0)."""
        return 1.0 - dampening

    def _check_domain(self, params: dict[str, Any]) -> None:
        if params["nesterov"]:
            momentum, dampening = np.broadcast_arrays(params["momentum"], params["dampening"])
            wrong = (momentum <= 0) | (dampening != 0)
            if np.any(wrong):
                index = np.flatnonzero(wrong)[0]
                raise ValueError(
                    "nesterov=True needs momentum > 0 and dampening == 0 (as torch.optim.SGD), "
                    f"got momentum = {momentum.flat[index]:g}, "
                    f"dampening = {dampening.flat[index]:g}"
                )

    def _map(
        self,
        *,
        lr: Any,
        momentum: Any,
        dampening: Any,
        weight_decay: Any,
        nesterov: bool,
        maximize: bool = False,
    ) -> tuple[Any, Any, Any, Any]:
        if nesterov:
            return lr, momentum, momentum, weight_decay
        alpha = _where(momentum == 0, lr, lr * (1 - dampening))
        return alpha, momentum, 0 * momentum, weight_decay

    def _exact_form(
        self,
        *,
        lr: Any,
        momentum: Any,
        dampening: Any,
        weight_decay: Any,
        nesterov: bool,
        maximize: bool = False,
    ) -> tuple[Any, Any, Any, Any, Any, Any]:
        # T = 1 + m - lr (h + wd)(1 - tau), D = m; with Nesterov the family's gamma = m.
        if nesterov:
            return lr, momentum, weight_decay, momentum, 1, 0 * momentum
        tau = _where(momentum == 0, 0 * dampening, dampening)  # no buffer: no dampening
        return lr, momentum, weight_decay, -tau, 1, tau

    def _check_tuning(self, options: dict[str, Any]) -> None:
        as_finite_float(options["dampening"], "dampening", low=0.0, high=1.0, high_open=True)

    def _slice_optimum(
        self, *, mu: Any, L: Any, free: tuple[str, ...], fixed: dict[str, Any]
    ) -> Optimum | None:
        r"""Without Nesterov, heavy ball's closed forms on :math:`[\mu + \lambda, L + \lambda]`
        with step :math:`\eta(1 - \tau)` (:math:`\eta` without momentum, where PyTorch keeps no
        buffer): :func:`~momentum_theory.methods.heavy_ball.best_step` for a fixed
        ``momentum``, :func:`~momentum_theory.methods.heavy_ball.best_momentum` for a fixed
        ``lr``, the better of its momentum and momentum 0 (whose step is undamped)."""
        if fixed["nesterov"]:
            return None
        mu, L = as_spectrum(mu=mu, L=L, scalar=True)  # two candidates compared below
        low, high = mu + fixed["weight_decay"], L + fixed["weight_decay"]
        damped = 1.0 - fixed["dampening"]
        if free == ("lr",):
            momentum = fixed["momentum"]
            if not momentum < 1.0:
                raise ValueError(
                    f"pytorch_sgd with momentum = {momentum:g} fixed has no convergent choice "
                    "of lr: it converges for some lr only if momentum < 1"
                )
            alpha, known = best_step(mu=low, L=high, beta=momentum)
            candidates = [({"lr": alpha / (damped if momentum > 0 else 1.0)}, known)]
        else:
            lr = fixed["lr"]
            if not np.all((lr * damped > 0.0) & (lr * damped * high < 4.0)):
                raise ValueError(
                    f"pytorch_sgd with lr = {lr:g} fixed has no convergent choice of momentum "
                    f"on [{np.min(mu):g}, {np.max(L):g}]: it converges for some momentum only "
                    "if 0 < lr (1 - dampening)(L + weight_decay) < 4"
                )
            momentum, known = best_momentum(mu=low, L=high, alpha=lr * damped)
            candidates = [({"momentum": momentum}, known)]
            if fixed["dampening"] != 0:  # momentum 0 steps with lr itself
                candidates.append(({"momentum": 0.0}, None))
        best = None
        for found, closed_form in candidates:
            params = {name: {**fixed, **found}[name] for name in self.parameters}
            rate = self.worst_case_rate(mu=mu, L=L, **params)[()]
            if best is None or rate < best.rate:
                best = Optimum(
                    method=self.name,
                    parameters=params,
                    rate=rate,
                    mu=mu,
                    L=L,
                    known_optimum=closed_form,
                )
        return best

    def _optimum(
        self,
        *,
        mu: ArrayLike,
        L: ArrayLike,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ) -> Optimum:
        r"""A numerical minimiser over ``lr`` and ``momentum`` (see ``Notes``).

        Parameters
        ----------
        mu, L : float
            The spectrum of :math:`f` (before weight decay), ``0 < mu <= L``.
        dampening : float, default 0
            In :math:`[0, 1)`.
        weight_decay : float, default 0
            Non-negative.
        nesterov : bool, default False
        maximize : bool, default False
            The same optimum (``mu``, ``L`` are then the negated Hessian's spectrum).

        Raises
        ------
        ValueError
            For a spectrum or setting out of range (``nesterov`` with dampening).
        """
        mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
        dampening_ = as_finite_float(dampening, "dampening", low=0.0, high=1.0, high_open=True)
        decay = as_finite_float(weight_decay, "weight_decay", low=0.0)
        fixed = {
            "dampening": dampening_,
            "weight_decay": decay,
            "nesterov": nesterov,
            "maximize": maximize,
        }
        self.check(momentum=0.5, **fixed)  # refuses nesterov with dampening, like torch
        scale = (L_ + decay) * (1.0 - dampening_)

        def rate(scaled_step: Any, root_momentum: Any) -> Any:
            lr = scaled_step / scale
            return self.worst_case_rate(mu=mu_, L=L_, lr=lr, momentum=root_momentum**2, **fixed)

        low, high = mu_ + decay, L_ + decay
        if nesterov:
            known = 1.0 - 2.0 / math.sqrt(3.0 * high / low + 1.0)
        else:
            known = polyak_rate(mu=low, L=high)
        lowest = math.sqrt(_MOMENTUM_MIN_NESTEROV) if nesterov else 0.0
        bounds = [(0.0, 4.0), (lowest, math.sqrt(_MOMENTUM_MAX))]
        point, value = minimize_worst_case(rate, bounds)
        return Optimum(
            method=self.name,
            parameters={"lr": float(point[0] / scale), "momentum": float(point[1] ** 2), **fixed},
            rate=value,
            mu=mu_,
            L=L_,
            known_optimum=known,
        )


PYTORCH_SGD = PyTorchSGD()
