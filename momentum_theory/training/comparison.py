r"""Section 5.6 done properly: momentum against plain SGD over several seeds, with a control.

The chapter compares one momentum run with one SGD run and concludes that momentum lowers
the loss faster. Two things are missing: the spread over seeds, and a control for the
simplest explanation. When the gradient changes slowly, the momentum buffer approaches
:math:`g/(1-\beta)`, so heavy ball moves like SGD with the *effective* learning rate
:math:`\eta/(1-\beta)` (five times larger for :math:`\beta = 0.8`). On a quadratic this
is exact to first order in :math:`\eta h`: the slow eigenvalue of the companion matrix is
:math:`1 - \eta h/(1 - \beta) + O((\eta h)^2)`. So three methods are trained on the same
seeds (same data, initial weights and batches within a seed):

``"momentum"``
    ``torch.optim.SGD(lr=eta, momentum=beta)``;
``"sgd"``
    ``torch.optim.SGD(lr=eta)``, the chapter's baseline;
``"sgd_effective"``
    ``torch.optim.SGD(lr=eta / (1 - beta))``, the control.

If momentum's advantage over ``"sgd"`` disappears against ``"sgd_effective"``, the gain
was the larger step, not the momentum itself. The comparison is paired: every method sees
the same seeds, so :meth:`OptimizerComparison.paired_difference` summarises the per-seed
differences of final losses with a t interval, which removes the seed-to-seed spread that
the methods share.

The control is a fair one only where it is itself stable on the local quadratic model,
:math:`\eta\lambda_{\max}/(1-\beta) < 2`; the comparison records :math:`\lambda_{\max}`
at the start and at the end of every run to check it
(:attr:`OptimizerComparison.largest_effective_product`). That, for small steps, stochastic
heavy ball behaves like SGD at :math:`\eta/(1-\beta)` is known (Yuan, Ying and Sayed,
JMLR 17, 2016; Kidambi et al., ICLR 2018); this experiment measures how closely it holds
for the chapter's network. No final loss can be expected below the noise floor
:data:`NOISE_FLOOR`, :math:`\sigma^2`, the expected loss of the true function
:math:`x^2`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_integer, choice
from momentum_theory.training._torch import reproducible
from momentum_theory.training.curvature import batched_hessians
from momentum_theory.training.data import NOISE
from momentum_theory.training.experiment import TrainingRun, train_chapter_network
from momentum_theory.training.model import PARAMETER_NAMES
from momentum_theory.training.problem import chapter_problem

__all__ = [
    "METHODS",
    "NOISE_FLOOR",
    "EquivalenceTest",
    "LossSummary",
    "OptimizerComparison",
    "PairedDifference",
    "compare_optimizers",
]

METHODS = ("momentum", "sgd", "sgd_effective")
# sigma^2: the expected full-data loss of the true regression function x^2.
NOISE_FLOOR = NOISE**2


@dataclass(frozen=True)
class LossSummary:
    """Mean and spread of one number over seeds.

    Attributes
    ----------
    mean, std : float
        Sample mean and sample standard deviation (``ddof=1``; NaN for one seed).
    minimum, maximum : float
        Range over seeds.
    """

    mean: float
    std: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, values: NDArray[np.float64]) -> LossSummary:
        """Summarise ``values`` (one per seed)."""
        std = float(np.std(values, ddof=1)) if values.size > 1 else float("nan")
        return cls(float(np.mean(values)), std, float(np.min(values)), float(np.max(values)))


@dataclass(frozen=True)
class PairedDifference:
    r"""Per-seed differences of final losses, :math:`d_s = L_{\text{method}}(s) -
    L_{\text{against}}(s)`, and a Student t interval for their mean.

    .. math::

        \bar d \pm t_{n-1,\,(1+c)/2}\, \frac{s_d}{\sqrt n},

    with :math:`s_d` the sample standard deviation (``ddof=1``) over the :math:`n` seeds on
    which both runs trained. Pairing removes the spread that both methods share through
    the seed (data, initial weights, batches).

    Attributes
    ----------
    method, against : str
        The two methods, :math:`d = L_{\text{method}} - L_{\text{against}}`.
    mean, standard_error : float
        :math:`\bar d` and :math:`s_d/\sqrt n`.
    low, high : float
        The ends of the interval.
    confidence : float
        :math:`c`, e.g. 0.95.
    seeds : int
        :math:`n`.
    """

    method: str
    against: str
    mean: float
    standard_error: float
    low: float
    high: float
    confidence: float
    seeds: int

    @property
    def contains_zero(self) -> bool:
        """Whether the interval contains 0: the difference is not resolved at ``confidence``."""
        return self.low <= 0.0 <= self.high

    @property
    def largest_magnitude(self) -> float:
        r""":math:`\max(|\text{low}|, |\text{high}|)`: how large the difference can be."""
        return max(abs(self.low), abs(self.high))

    def equivalence(self, margin: float, level: float = 0.05) -> EquivalenceTest:
        r"""Two one-sided tests (TOST) of :math:`|\mathbb E\, d| < \delta`, ``delta = margin``.

        The null hypothesis is a difference of at least :math:`\delta` in either direction;
        equivalence is shown at ``level`` when both one-sided t tests reject it,

        .. math::

            p = \max\bigl(1 - F_{n-1}\bigl((\bar d + \delta)/\mathrm{SE}\bigr),\;
                F_{n-1}\bigl((\bar d - \delta)/\mathrm{SE}\bigr)\bigr) < \text{level},

        with :math:`F_{n-1}` Student's t distribution function; equivalently, the
        :math:`1 - 2\,\text{level}` t interval lies inside :math:`(-\delta, \delta)`
        (Schuirmann, J. Pharmacokinet. Biopharm. 15, 1987). The margin is taken as given:
        where it is estimated from the same data (a share of a measured gain), its own
        uncertainty is not part of the test.

        Parameters
        ----------
        margin : float
            :math:`\delta > 0`, in the units of the losses.
        level : float, default 0.05
            The test's level, in (0, 0.5).

        Returns
        -------
        EquivalenceTest

        Examples
        --------
        >>> d = PairedDifference("momentum", "sgd_effective", -1.0, 0.5, -2.0, 0.0, 0.95, 10)
        >>> round(d.equivalence(3.0).p_value, 6), d.equivalence(3.0).equivalent
        (0.001555, True)
        >>> d.equivalence(1.0).equivalent  # the mean itself lies at the margin
        False
        """
        from scipy.special import stdtr, stdtrit  # scipy.stats trips on a blocked torch

        margin = as_finite_float(margin, "margin", low=0.0, low_open=True)
        level = as_finite_float(level, "level", low=0.0, high=0.5, low_open=True, high_open=True)
        degrees = self.seeds - 1
        above = 1.0 - float(stdtr(degrees, (self.mean + margin) / self.standard_error))
        below = float(stdtr(degrees, (self.mean - margin) / self.standard_error))
        half = float(stdtrit(degrees, 1.0 - level)) * self.standard_error
        return EquivalenceTest(
            margin=margin,
            level=level,
            p_lower=above,
            p_upper=below,
            low=self.mean - half,
            high=self.mean + half,
        )


@dataclass(frozen=True)
class EquivalenceTest:
    r"""Two one-sided t tests of a paired difference against a margin
    (:meth:`PairedDifference.equivalence`).

    Attributes
    ----------
    margin : float
        :math:`\delta`: equivalence means :math:`-\delta < \mathbb E\, d < \delta`.
    level : float
        The level of the test.
    p_lower, p_upper : float
        The p-values of the one-sided tests of :math:`\mathbb E\, d \le -\delta` and of
        :math:`\mathbb E\, d \ge \delta`.
    low, high : float
        The :math:`1 - 2\,\text{level}` t interval of the mean difference.
    """

    margin: float
    level: float
    p_lower: float
    p_upper: float
    low: float
    high: float

    @property
    def p_value(self) -> float:
        """The larger of the two one-sided p-values: the test's p-value."""
        return max(self.p_lower, self.p_upper)

    @property
    def equivalent(self) -> bool:
        """Whether equivalence within the margin is shown at the test's level."""
        return self.p_value < self.level


@dataclass(frozen=True, eq=False)
class OptimizerComparison:
    r"""Loss curves of the three methods over several seeds.

    Attributes
    ----------
    seeds : tuple of int
        The seeds, one row of every array each.
    lr, momentum : float
        :math:`\eta` and :math:`\beta`.
    effective_lr : float
        :math:`\eta / (1 - \beta)`, the control's learning rate.
    epochs : int
        Epochs per run.
    losses : mapping of str to ndarray, shape (n_seeds, steps)
        Mini-batch losses per method (keys :data:`METHODS`).
    epoch_losses : mapping of str to ndarray, shape (n_seeds, epochs)
        Per-epoch mean loss per data point.
    final_loss : mapping of str to ndarray, shape (n_seeds,)
        Full-data loss at the end of each run (``inf`` or NaN where the run diverged).
    diverged_at_step : mapping of str to ndarray of int, shape (n_seeds,)
        Per method and seed, the first step whose loss was not finite
        (:attr:`TrainingRun.diverged_at_step`), or -1 where the run trained. A diverged run
        is a result, not an error: :meth:`summary`, :meth:`paired_difference` and
        :attr:`unexplained_gain` use the trained runs, and :meth:`wins` counts a diverged run
        as losing.
    initial_curvature : ndarray, shape (n_seeds,), or None
        :math:`\lambda_{\max}` of the full-data loss Hessian at each seed's initial weights
        (exact: :func:`~momentum_theory.training.batched_hessians` and ``eigvalsh``).
    final_curvature : mapping of str to ndarray, shape (n_seeds,), or None
        The same at each run's final weights, per method; NaN where the run diverged.
    """

    seeds: tuple[int, ...]
    lr: float
    momentum: float
    effective_lr: float
    epochs: int
    losses: Mapping[str, NDArray[np.float64]]
    epoch_losses: Mapping[str, NDArray[np.float64]]
    final_loss: Mapping[str, NDArray[np.float64]]
    diverged_at_step: Mapping[str, NDArray[np.int64]]
    initial_curvature: NDArray[np.float64] | None = None
    final_curvature: Mapping[str, NDArray[np.float64]] | None = None

    def diverged(self, method: str) -> NDArray[np.bool_]:
        """Per seed, whether ``method``'s run diverged."""
        return self.diverged_at_step[choice(method, "method", METHODS)] >= 0

    def summary(self, method: str) -> LossSummary | None:
        """Mean and spread of ``method``'s final full-data loss over the seeds that trained.

        None if every run of ``method`` diverged.
        """
        trained = ~self.diverged(method)
        return LossSummary.of(self.final_loss[method][trained]) if trained.any() else None

    def wins(self, method: str, against: str) -> int:
        """Number of seeds on which ``method`` ends with a lower loss than ``against``.

        A diverged run loses against a trained one; two diverged runs are a draw.
        """
        ours = np.where(self.diverged(method), np.inf, self.final_loss[method])
        theirs = np.where(self.diverged(against), np.inf, self.final_loss[against])
        return int(np.sum(ours < theirs))

    def paired_difference(
        self, method: str = "momentum", against: str = "sgd_effective", confidence: float = 0.95
    ) -> PairedDifference | None:
        r"""Mean per-seed difference of final losses, ``method`` minus ``against``.

        Over the seeds on which both runs trained; None if fewer than two did.

        Examples
        --------
        >>> from types import MappingProxyType as frozen
        >>> final = frozen({"momentum": np.array([1.0, 2.0, 3.0]),
        ...                 "sgd_effective": np.array([1.5, 2.0, 3.5])})
        >>> steps = frozen({m: np.array([-1, -1, -1]) for m in ("momentum", "sgd_effective")})
        >>> fake = OptimizerComparison((1, 2, 3), 0.01, 0.8, 0.05, 1, {}, {}, final, steps)
        >>> d = fake.paired_difference()
        >>> round(d.mean, 6), round(d.standard_error, 6), d.contains_zero
        (-0.333333, 0.166667, True)
        """
        from scipy.special import stdtrit  # the t quantile; scipy.stats trips on a blocked torch

        method, against = choice(method, "method", METHODS), choice(against, "against", METHODS)
        confidence = as_finite_float(
            confidence, "confidence", low=0.0, high=1.0, low_open=True, high_open=True
        )
        both = ~self.diverged(method) & ~self.diverged(against)
        differences = self.final_loss[method][both] - self.final_loss[against][both]
        n = differences.size
        if n < 2:
            return None
        mean = float(np.mean(differences))
        error = float(np.std(differences, ddof=1) / np.sqrt(n))
        half = float(stdtrit(n - 1, (1.0 + confidence) / 2.0)) * error
        return PairedDifference(
            method, against, mean, error, mean - half, mean + half, confidence, n
        )

    @property
    def largest_effective_product(self) -> float:
        r""":math:`\eta\lambda_{\max}/(1-\beta)`, largest over the start and the end of every
        run that trained: below 2, SGD at the control's rate is stable on the local quadratic
        model wherever it was measured. NaN if the curvatures were not recorded.
        """
        if self.initial_curvature is None or self.final_curvature is None:
            return float("nan")
        measured = np.concatenate([self.initial_curvature, *self.final_curvature.values()])
        return self.effective_lr * float(np.nanmax(measured))

    @property
    def unexplained_gain(self) -> float:
        r"""Share of momentum's gain over SGD that the effective step does not explain.

        A ratio of means without its uncertainty; with ten seeds its size is mostly noise.
        :meth:`paired_difference` gives the difference with its standard error.

        .. math::

            \frac{|\bar L_{\text{momentum}} - \bar L_{\text{sgd\_effective}}|}
                 {\bar L_{\text{sgd}} - \bar L_{\text{momentum}}}

        with :math:`\bar L` the mean final loss over seeds: 0 when the control matches
        momentum exactly, 1 when it is no better than plain SGD. NaN when it is not
        defined: a run diverged, or momentum did not beat SGD on average.
        """
        if any(self.diverged(m).any() for m in METHODS):
            return float("nan")
        mean = {m: float(np.mean(v)) for m, v in self.final_loss.items()}
        gain = mean["sgd"] - mean["momentum"]
        if not gain > 0:
            return float("nan")
        return abs(mean["momentum"] - mean["sgd_effective"]) / gain


def compare_optimizers(
    seeds: Iterable[int] = range(1, 11),
    lr: float = 0.01,
    momentum: float = 0.8,
    epochs: int = 12,
    *,
    dtype: str = "float32",
    device: str = "cpu",
    progress: bool = False,
) -> OptimizerComparison:
    r"""Train momentum, SGD and SGD at :math:`\eta/(1-\beta)` on every seed.

    Parameters
    ----------
    seeds : iterable of int, default 1..10
        At least two distinct non-negative seeds (use five or more for a spread worth
        reading).
    lr : float, default 0.01
        :math:`\eta > 0`.
    momentum : float, default 0.8
        :math:`\beta \in [0, 1)`; at 0 all three methods are plain SGD at :math:`\eta`
        (a baseline).
    epochs : int, default 12
        Epochs per run.
    dtype, device : str
        As for :func:`~momentum_theory.training.train_chapter_network`.
    progress : bool, default False
        Show a tqdm progress bar over the runs (on a terminal only).

    Returns
    -------
    OptimizerComparison

    Raises
    ------
    ValueError
        If there are fewer than two seeds, a seed repeats, or a setting is out of range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> comparison = compare_optimizers(seeds=[1, 2], epochs=2)
    >>> comparison.losses["momentum"].shape, comparison.effective_lr
    ((2, 64), 0.05000000000000001)
    """
    seeds = tuple(as_integer(s, "seeds", 0) for s in seeds)
    if len(seeds) < 2 or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must hold at least two distinct seeds, got {seeds!r}")
    lr = as_finite_float(lr, "lr", low=0.0, low_open=True)
    momentum = as_finite_float(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    effective_lr = lr / (1.0 - momentum)
    settings = {
        "momentum": ("torch", lr),
        "sgd": ("sgd", lr),
        "sgd_effective": ("sgd", effective_lr),
    }
    from momentum_theory._progress import progress as progress_bar

    runs: dict[str, list[TrainingRun]] = {method: [] for method in METHODS}
    jobs = [(seed, method) for seed in seeds for method in METHODS]
    with reproducible():
        for seed, method in progress_bar(jobs, enabled=progress, unit="run", leave=False):
            optimizer, rate = settings[method]
            runs[method].append(
                train_chapter_network(
                    optimizer, rate, momentum, epochs, seed, dtype=dtype, device=device
                )
            )

    def stacked(field: str) -> Mapping[str, NDArray[np.float64]]:
        arrays = {}
        for method, method_runs in runs.items():
            array = np.array([getattr(run, field) for run in method_runs], dtype=np.float64)
            array.setflags(write=False)
            arrays[method] = array
        return MappingProxyType(arrays)

    initial, final = _curvatures(seeds, epochs, runs)
    return OptimizerComparison(
        seeds=seeds,
        lr=lr,
        momentum=momentum,
        effective_lr=effective_lr,
        epochs=epochs,
        losses=stacked("losses"),
        epoch_losses=stacked("epoch_losses"),
        final_loss=stacked("final_loss"),
        diverged_at_step=MappingProxyType(
            {
                method: np.array(
                    [-1 if run.diverged_at_step is None else run.diverged_at_step for run in rs],
                    dtype=np.int64,
                )
                for method, rs in runs.items()
            }
        ),
        initial_curvature=initial,
        final_curvature=final,
    )


def _curvatures(
    seeds: tuple[int, ...], epochs: int, runs: Mapping[str, list[TrainingRun]]
) -> tuple[NDArray[np.float64], Mapping[str, NDArray[np.float64]]]:
    """lambda_max at each seed's initial weights and at every trained run's final weights."""
    initial = np.empty(len(seeds))
    final = {method: np.full(len(seeds), np.nan) for method in METHODS}
    for k, seed in enumerate(seeds):
        problem = chapter_problem(seed, epochs)
        weights = [problem.initial_parameters]
        trained = [m for m in METHODS if not runs[m][k].diverged]
        weights += [runs[m][k].parameters for m in trained]
        stacked = {
            n: np.stack([np.asarray(w[n], dtype=np.float64) for w in weights])
            for n in PARAMETER_NAMES
        }
        top = np.linalg.eigvalsh(batched_hessians(stacked, problem.data))[:, -1]
        initial[k] = top[0]
        for method, value in zip(trained, top[1:], strict=True):
            final[method][k] = value
    for array in (initial, *final.values()):
        array.setflags(write=False)
    return initial, MappingProxyType(final)
