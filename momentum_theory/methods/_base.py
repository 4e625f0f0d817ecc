r"""The machinery every named method shares: the family map, rates, checks, results.

A method is defined by two things written once in its own module: its update rule (a
function that works on NumPy arrays and on SymPy symbols alike) and its map onto the
two-step family of Lessard, Recht and Packard,

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}).

Everything else (spectral radius, convergence region, worst-case rate) is the spectral
kernel evaluated at the mapped parameters, here in :class:`Method`. A method also carries
what the rest of the package reads about it (:class:`~momentum_theory.methods.Parameter`
for each parameter, its display name, plot marker and macro tag), so that adding a method
is its module and one line in :mod:`momentum_theory.methods._registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory import family as kernels
from momentum_theory._validation import (
    as_real_array,
    as_spectrum,
    broadcast_shape,
    choice,
)
from momentum_theory.methods._curves import ClosedFormCurve
from momentum_theory.methods._family_parameters import FamilyParameters
from momentum_theory.methods._optimum import Optimum, Tuning, TuningSpec
from momentum_theory.methods._parameter import Axis, Parameter

if TYPE_CHECKING:
    from momentum_theory.proofs.classify import Verdict

Array = NDArray[np.float64]

__all__ = ["ClosedFormCurve", "FamilyParameters", "Method"]


def _where(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``np.where`` for arrays, a plain branch for a Python bool (SymPy comparisons give one)."""
    if isinstance(condition, bool):
        return if_true if condition else if_false
    return np.where(condition, if_true, if_false)


class Method:
    r"""A named method, reduced to the two-step family on quadratics.

    Subclasses set the class attributes and write :meth:`update` (the method's own rule)
    and :meth:`_map` (its family parameters) with plain arithmetic, so that both work on
    NumPy arrays and on SymPy symbols; :mod:`momentum_theory.methods.derivation` derives
    the state matrix from :meth:`update` and checks it against :meth:`_map`.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"heavy_ball"``.
    specs : tuple of Parameter
        The parameters, in order, with everything the package reads about them.
    display : str
        The name in a sentence or a figure's key (``"heavy ball"``); :attr:`title`
        capitalises it.
    tag : str
        The name in LaTeX macro names (``"Hb"``).
    marker : str
        Its Matplotlib marker in figures that mark methods.
    colour : str
        Its Matplotlib colour in figures that draw methods as lines.
    closed_form_optimum : bool
        Whether :meth:`optimal_parameters` is a closed form (else a numerical search).
    parameters : tuple of str
        Parameter names in order (from ``specs``).
    defaults : mapping of str to object
        Defaults (PyTorch's, for ``pytorch_sgd``); a parameter without one is required.
    state : tuple of str
        Names of the two state components, newest first: ``("x", "x_previous")`` for
        rules that remember the last iterate, ``("x", "buffer")`` for those that keep a
        momentum buffer.
    tunings : tuple of str
        Names accepted by :meth:`tuning`.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> nesterov = methods.get("nesterov")
    >>> nesterov.parameters, nesterov.display, nesterov.parameter("beta").latex
    (('alpha', 'beta'), 'Nesterov', '\\beta')
    >>> float(nesterov.spectral_radius(1.0, alpha=1.0, beta=0.5))  # y_t's step zeroes it
    0.0
    """

    name: ClassVar[str]
    specs: ClassVar[tuple[Parameter, ...]]
    display: ClassVar[str]
    tag: ClassVar[str]
    marker: ClassVar[str]
    colour: ClassVar[str]
    closed_form_optimum: ClassVar[bool] = False
    state: ClassVar[tuple[str, str]] = ("x", "x_previous")
    _rule: ClassVar[Callable[..., tuple[Any, Any]]]  # the module's ``update`` function
    _tunings: ClassVar[Mapping[str, TuningSpec]] = {}
    # Derived from ``specs`` when a subclass is defined.
    parameters: ClassVar[tuple[str, ...]]
    defaults: ClassVar[Mapping[str, Any]] = {}
    _flags: ClassVar[tuple[str, ...]] = ()  # parameters that are Python bools

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "specs" in cls.__dict__:
            cls.parameters = tuple(spec.name for spec in cls.specs)
            cls.defaults = {s.name: s.default for s in cls.specs if s.default is not None}
            cls._flags = tuple(spec.name for spec in cls.specs if spec.is_flag)

    def __repr__(self) -> str:
        return f"<method {self.name}({', '.join(self._signature())})>"

    def _signature(self) -> list[str]:
        return [
            f"{name}={self.defaults[name]!r}" if name in self.defaults else name
            for name in self.parameters
        ]

    # -- what the rest of the package reads -----------------------------------------------

    @property
    def title(self) -> str:
        """:attr:`display` capitalised, for a title (``"Heavy ball"``)."""
        return self.display[0].upper() + self.display[1:]

    def parameter(self, name: str) -> Parameter:
        """The :class:`~momentum_theory.methods.Parameter` called ``name``.

        Raises
        ------
        ValueError
            If the method has no such parameter; the message lists them.
        """
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise ValueError(
            f"{self.name} has no parameter {name!r}; its parameters are "
            f"{', '.join(self.parameters)}"
        )

    @property
    def numeric_parameters(self) -> tuple[str, ...]:
        """The parameters that are numbers (not flags), in order."""
        return tuple(spec.name for spec in self.specs if not spec.is_flag)

    @property
    def tuned_parameters(self) -> tuple[str, ...]:
        """The parameters :meth:`optimal_parameters` chooses, in order; the others are its
        keyword options, held as given."""
        return tuple(spec.name for spec in self.specs if spec.tuned)

    @property
    def step(self) -> Parameter:
        """The step-size parameter (``alpha``, or ``lr``)."""
        return next(spec for spec in self.specs if spec.kind == "step")

    @property
    def plane(self) -> tuple[str, str | None]:
        """The method's natural plane: its first two tuned parameters (the step and, but for
        gradient descent, the momentum); the second is None for a one-parameter method."""
        tuned = [name for name in self.tuned_parameters if name in self.numeric_parameters]
        return tuned[0], (tuned[1] if len(tuned) > 1 else None)

    @property
    def search_space(self) -> dict[str, Axis]:
        """The parameters the rate--noise frontier searches (besides the step), in order."""
        return {spec.name: spec.search for spec in self.specs if spec.search is not None}

    @property
    def tunings(self) -> tuple[str, ...]:
        """Names of the published tunings :meth:`tuning` knows."""
        return tuple(self._tunings)

    def tuning_spec(self, name: str) -> TuningSpec:
        """How the tuning ``name`` is registered: its builder, reference, display, tag and
        marker."""
        return self._tunings[choice(name, "tuning", self.tunings)]

    # -- hooks: what a method may know in closed form --------------------------------------

    def step_scale(self, **params: Any) -> Any:
        r"""The factor between the method's step and its effective step on the family
        (:math:`\alpha_\text{family} = \text{step} \times` this, for the settings where
        the family step does not vanish): 1, :math:`1 - \beta` for QHM,
        :math:`1 - \tau` for PyTorch's dampening. Plain arithmetic on ``params``."""
        return 1.0

    def closed_form_curves(self, x: str, y: str) -> tuple[ClosedFormCurve, ...] | None:
        r"""The boundary and critical curves of the plane ``(x, y)`` in closed form, if known
        (heavy ball's :math:`(\alpha, \beta)` plane); None to trace them from a grid."""
        return None

    def widest_stable_step(self, other: str, high: float) -> float | None:
        r"""The largest :math:`\text{step} \times h` that converges for some value of the
        parameter ``other`` up to ``high``, in closed form; None if not known (a plot then
        scans for it)."""
        return None

    # -- parameters ---------------------------------------------------------------------

    def check(self, **params: Any) -> dict[str, Any]:
        r"""The parameters with defaults filled in and each checked once.

        Numbers become float64 arrays (:func:`~momentum_theory._validation.as_real_array`),
        flags stay Python bools, and each parameter's
        :attr:`~momentum_theory.methods.Parameter.domain` (then any rule between
        parameters) is checked elementwise (NaN passes through, as in the kernels).

        Raises
        ------
        TypeError
            For an unknown or missing parameter, or a value of the wrong type.
        ValueError
            For a value outside the method's domain, or arrays that do not broadcast.
        """
        unknown = [name for name in params if name not in self.parameters]
        if unknown:
            raise TypeError(
                f"{self.name} got an unexpected parameter {unknown[0]!r}; its parameters "
                f"are {', '.join(self._signature())}"
            )
        values = {**self.defaults, **params}
        missing = [name for name in self.parameters if name not in values]
        if missing:
            raise TypeError(
                f"{self.name} is missing the parameter {missing[0]!r}; its parameters are "
                f"{', '.join(self._signature())}"
            )
        checked: dict[str, Any] = {}
        for spec in self.specs:
            if spec.is_flag:
                flag = values[spec.name]
                if not isinstance(flag, (bool, np.bool_)):
                    raise TypeError(f"{spec.name} must be True or False, got {flag!r}")
                checked[spec.name] = bool(flag)
            else:
                checked[spec.name] = as_real_array(values[spec.name], spec.name)
        broadcast_shape(**{n: v for n, v in checked.items() if n not in self._flags})
        for spec in self.specs:
            if spec.domain is not None:
                spec.domain.check(spec.name, checked[spec.name])
        self._check_domain(checked)
        return checked

    def _check_domain(self, params: dict[str, Any]) -> None:
        """Raise ValueError for a rule between parameters (default: none)."""

    # -- the two things each method writes ----------------------------------------------

    def update(
        self,
        state: tuple[Any, Any],
        gradient: Callable[[Any], Any],
        *,
        first: bool = False,
        **params: Any,
    ) -> tuple[Any, Any]:
        r"""One step of the method's own rule: the new state from the state and :math:`\nabla f`.

        Parameters
        ----------
        state : tuple of two arrays or SymPy expressions
            The components named by :attr:`state`, newest first.
        gradient : callable
            :math:`\nabla f` at a point (``h * point`` on :math:`h x^2/2`).
        first : bool, default False
            Whether this is the first step (only PyTorch's SGD treats it differently).
        **params
            The method's parameters (already checked, for arrays).

        Returns
        -------
        tuple
            The new state.
        """
        return type(self)._rule(state, gradient, first=first, **params)

    def start(self, x0: Any) -> tuple[Any, Any]:
        r"""The state at rest at :math:`x_0`: :math:`(x_0, x_0)`, or :math:`(x_0, 0)` (buffer)."""
        return (x0, x0) if self.state[1] == "x_previous" else (x0, 0 * x0)

    def _map(self, **params: Any) -> tuple[Any, Any, Any, Any]:
        """``(alpha, beta, gamma, curvature_shift)`` in plain arithmetic (SymPy-safe)."""
        raise NotImplementedError

    def _exact_form(self, **params: Any) -> tuple[Any, Any, Any, Any, Any, Any]:
        r"""``(alpha, beta, shift, g1, g2, omega)`` with, exactly,
        :math:`T = 1 + \beta - \alpha(h + s)(1 + g_1 g_2)` and
        :math:`D = \beta - \alpha(h + s)(g_1 g_2 + \omega)`, each entry one of the
        method's (checked) parameters or its negation, so nothing is rounded.

        The default reads :meth:`_map` as ``(alpha, beta, shift, gamma, 1, 0)``: exact for
        the methods whose map does no arithmetic. Methods whose map does override this.
        """
        alpha, beta, gamma, shift = self._map(**params)
        return alpha, beta, shift, gamma, 1.0, 0.0

    def _kernel_forms(self, params: dict[str, Any], *curvatures: ArrayLike) -> list[tuple]:
        """The kernel's operands at each curvature: ``(alpha, beta, h, gamma)`` for the
        family's own kernels where that is exact, else the seven of the extended form."""
        alpha, beta, shift, g1, g2, omega = self._exact_form(**self.check(**params))
        family = (
            np.all(np.equal(shift, 0)) and np.all(np.equal(g2, 1)) and np.all(np.equal(omega, 0))
        )
        forms = []
        for h in curvatures:
            h_ = as_real_array(h, "h")
            forms.append(
                (alpha, beta, h_, g1) if family else (alpha, beta, h_, shift, g1, g2, omega)
            )
        return forms

    # -- everything else, through the kernel ----------------------------------------------

    def family(self, **params: Any) -> FamilyParameters:
        r"""The method's parameters on the two-step family (see the method's ``Notes``).

        Returns
        -------
        FamilyParameters
            ``alpha``, ``beta``, ``gamma`` and ``curvature_shift``, broadcast together.
        """
        mapped = self._map(**self.check(**params))
        arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in mapped))
        alpha, beta, gamma, shift = (a[()] if a.ndim == 0 else a for a in arrays)
        return FamilyParameters(alpha=alpha, beta=beta, gamma=gamma, curvature_shift=shift)

    def spectral_radius(self, h: ArrayLike, **params: Any) -> Array:
        r"""Rate of the method on :math:`f(x) = h x^2/2`: the spectral radius of its state matrix.

        Broadcasts over ``h`` and the parameters. :math:`T` and :math:`D` are formed
        exactly from the method's own parameters (no rounded :meth:`family` value enters),
        so the accuracy is that of :func:`momentum_theory.spectral_radius`, at most
        :math:`10^{-14}` relative, and the rate is at most 1.0 wherever
        :meth:`convergence_region` is True.
        """
        return _radius(*self._kernel_forms(params, h))

    def convergence_region(self, h: ArrayLike, **params: Any) -> NDArray[np.bool_]:
        r"""Where the method converges on :math:`f(x) = h x^2/2` (spectral radius below one).

        Jury's test on the exact :math:`T` and :math:`D` of the method's own parameters, as
        :func:`momentum_theory.convergence_region`: decided exactly. This (or
        :meth:`spectral_gap`), not ``spectral_radius(...) < 1``, says whether the method
        converges.
        """
        (form,) = self._kernel_forms(params, h)
        if len(form) == 4:
            return kernels.convergence_region(*form)
        return kernels._extended_region(*form)

    def spectral_gap(self, h: ArrayLike, **params: Any) -> Array:
        r"""The gap :math:`1 - \rho` on :math:`f(x) = h x^2/2`, to full relative precision.

        :func:`momentum_theory.spectral_gap` for the method: positive exactly where
        :meth:`convergence_region` is True, at most :math:`10^{-14}` relative error, also
        where :math:`\rho` rounds to 1.0. Broadcasts over ``h`` and the parameters.

        .. math::

            1 - \rho = \frac{N}{m + \sqrt{m^2 - N}} \ \text{(real roots, } m \ge 0),
            \qquad
            1 - \rho = \frac{1 - D}{1 + \sqrt D} \ \text{(complex pair)},

        with :math:`m = 1 - |T|/2` and :math:`N = 1 - |T| + D`, both formed exactly.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> hb = methods.get("heavy_ball")
        >>> float(hb.spectral_radius(1e-20, alpha=1.0, beta=0.6))  # 1 - 2.5e-20
        1.0
        >>> float(hb.spectral_gap(1e-20, alpha=1.0, beta=0.6))
        2.4999999999999996e-20
        >>> sgd = methods.get("pytorch_sgd")  # weight decay 0.1: h + 0.1 exactly
        >>> float(sgd.spectral_gap(1.0, lr=0.5, weight_decay=0.1))  # 1 - |1 - 0.5 (1.1)|
        0.55
        """
        (form,) = self._kernel_forms(params, h)
        if len(form) == 4:
            return kernels.spectral_gap(*form)
        return kernels._extended_gap(*form)

    def worst_case_rate(self, *, mu: ArrayLike, L: ArrayLike, **params: Any) -> Array:
        r"""Worst-case rate over every quadratic with Hessian spectrum in :math:`[\mu, L]`.

        :math:`\max_{h \in [\mu, L]}` of :meth:`spectral_radius`, attained at an end;
        delegates to :func:`momentum_theory.worst_case_rate`.

        Raises
        ------
        ValueError
            If ``mu > L`` anywhere.
        """
        mu_, L_ = as_spectrum(mu=mu, L=L, positive=False)
        low, high = self._kernel_forms(params, mu_, L_)
        return np.maximum(_radius(low), _radius(high))

    def stationary_variance(self, h: ArrayLike, sigma: ArrayLike, **params: Any) -> Array:
        r"""Stationary variance of the iterate on :math:`f(x) = h x^2/2` with gradients
        :math:`\nabla f + \sigma\xi` (``inf`` where the method does not converge).

        From the Lyapunov equation of the method's own state matrix and noise input; see
        :func:`momentum_theory.methods.noise.stationary_variance`.
        """
        from momentum_theory.methods._variance import stationary_variance

        return stationary_variance(self, h, sigma, **params)

    def certified_rate(self, *, mu: float, L: float, **params: Any) -> float:
        r"""Smallest rate certified over every :math:`\mu`-strongly convex, :math:`L`-smooth f.

        The IQC analysis of Lessard, Recht and Packard (sector and weighted off-by-one
        constraints) at the family parameters, by bisection on :math:`\rho` to
        :data:`momentum_theory.beyond.iqc.TOLERANCE`, each certificate checked in double
        precision with the margin :data:`momentum_theory.beyond.certificate.MARGIN`; the closed
        form (the quadratic rate) at ``mu == L``; ``inf`` where nothing below 1 is certified. At
        least :meth:`worst_case_rate` (quadratics are in the class); its last digits move
        with the machine's BLAS kernels (module notes of :mod:`momentum_theory.beyond.iqc`).
        Delegates to :func:`momentum_theory.beyond.iqc.certified_rate` (which returns the
        certificate too); scalar parameters only. Needs the optional extra ``pep`` (cvxpy).

        Raises
        ------
        PepNotInstalledError
            Without cvxpy (an ``ImportError`` naming the install command).
        ValueError
            For array parameters, or a spectrum that is not ``0 < mu <= L``.
        """
        from momentum_theory.beyond.iqc import certified_rate

        family = self.family(**params)
        values = (family.alpha, family.beta, family.gamma, family.curvature_shift)
        if any(np.ndim(value) for value in values):
            raise ValueError(f"{self.name}.certified_rate takes scalar parameters")
        mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
        shift = float(family.curvature_shift)  # weight decay: f + shift |x|^2 / 2
        return certified_rate(
            float(family.alpha),
            float(family.beta),
            mu=mu_ + shift,
            L=L_ + shift,
            gamma=float(family.gamma),
        ).rate

    def classify(self, *, mu: float, L: float, **params: Any) -> Verdict:
        r"""Certified, refuted, unstable or unknown over :math:`\mathcal S(\mu, L)`, with a proof.

        A :class:`~momentum_theory.proofs.classify.Verdict`: ``status``, ``rate`` (a
        Fraction, certified only), ``quadratic_rate``, ``proof`` (it passes
        :func:`~momentum_theory.proofs.check.check_proof`, exactly) and ``searched``;
        delegates to :func:`momentum_theory.proofs.classify.classify_method`. Needs the
        extra ``pep`` (cvxpy) unless the quadratics decide.
        """
        from momentum_theory.proofs.classify import classify_method

        return classify_method(self, mu=mu, L=L, **params)

    def optimal_parameters(self, *, mu: ArrayLike, L: ArrayLike, **fixed: Any) -> Optimum:
        r"""Parameters minimising :meth:`worst_case_rate` over :math:`[\mu, L]`, some fixed.

        .. math::

            \min_{\text{free}} \max_{h \in \{\mu, L\}} \rho(h; \text{free}, \text{fixed})

        over the :attr:`tuned_parameters` not in ``fixed``; the others (PyTorch's
        ``dampening``, ``weight_decay``, ``nesterov``, ``maximize``) are held at ``fixed``
        or their defaults. With nothing fixed it is the method's optimum (see its Notes);
        with everything fixed, the parameters and their rate. In closed form where one is
        known (heavy ball and, without Nesterov, PyTorch's SGD, with either parameter
        fixed: see :class:`~momentum_theory.methods.heavy_ball.HeavyBall`), else by a grid
        and Nelder--Mead over the free parameters (their search axes, the step over its
        whole stable interval; :func:`~momentum_theory.methods._fixed.search_slice`).

        Parameters
        ----------
        mu, L : array_like
            The spectrum, ``0 < mu <= L``; arrays only for a closed form.
        **fixed
            Parameters held at the given values: finite real scalars in their domain
            (flags True or False).

        Returns
        -------
        Optimum
            ``parameters`` every parameter (fixed ones included), ``rate`` the kernel's
            worst-case rate at them, ``known_optimum`` the closed form of the optimal rate
            where known (None for a numerical slice).

        Raises
        ------
        TypeError
            For an unknown parameter or a flag that is not True or False.
        ValueError
            For a value outside its parameter's domain (the message gives the range); a
            spectrum whose condition number is too large for double precision
            (:func:`~momentum_theory.methods._fixed.check_tunable`); or fixed values that
            leave no convergent choice (never an "optimum" that does not converge, also
            with everything fixed): the message gives the smallest rate found.

        Examples
        --------
        >>> from momentum_theory import methods
        >>> sgd = methods.get("pytorch_sgd")
        >>> opt = sgd.optimal_parameters(mu=1.0, L=100.0, momentum=0.9, nesterov=True)
        >>> round(opt.lr, 4), round(opt.rate, 4)  # the best lr for momentum 0.9
        (0.0133, 0.9424)
        >>> hb = methods.get("heavy_ball")  # beta fixed: alpha = (1 - beta)/sqrt(mu L)
        >>> round(float(hb.optimal_parameters(mu=1.0, L=100.0, beta=0.81).alpha), 12)
        0.019
        """
        from momentum_theory.methods._fixed import tune

        return tune(self, mu=mu, L=L, fixed=fixed)

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike, **options: Any) -> Optimum:
        """The optimum with every tuned parameter free (``options``: the others)."""
        raise NotImplementedError

    def _slice_optimum(
        self, *, mu: Any, L: Any, free: tuple[str, ...], fixed: dict[str, Any]
    ) -> Optimum | None:
        """The optimum over ``free`` with ``fixed`` held, in closed form; None if none is
        known (a numerical search then)."""
        return None

    def _check_tuning(self, options: dict[str, Any]) -> None:
        """Raise ValueError for an option (a parameter not tuned) no tuning accepts."""

    def tuning(self, name: str, *, mu: float, L: float, **options: Any) -> Tuning:
        r"""A published tuning for the spectrum :math:`[\mu, L]`, by name (see :attr:`tunings`).

        Raises
        ------
        ValueError
            If the method has no tuning of that name, or the spectrum is not
            ``0 < mu <= L``.
        """
        entry = self.tuning_spec(name)
        mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
        parameters, published = entry.build(mu=mu_, L=L_, **options)
        rate = float(self.worst_case_rate(mu=mu_, L=L_, **parameters))
        return Tuning(
            method=self.name,
            name=name,
            parameters={k: float(v) for k, v in parameters.items()},
            rate=rate,
            published_rate=float(published),
            mu=mu_,
            L=L_,
            reference=entry.reference,
        )


def _radius(form: tuple) -> Array:
    """The kernel's spectral radius for operands from :meth:`Method._kernel_forms`."""
    if len(form) == 4:
        return kernels.spectral_radius(*form)
    return kernels._extended_radius(*form)
