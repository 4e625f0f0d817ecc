r"""Checks of the atlas's numbers: recounted from the raw arrays, complete, consistent.

The section's percentages come from the stores read with xarray
(:func:`~momentum_theory.paper.atlas.experiments.maps`, then
:func:`~momentum_theory.paper.atlas.experiments.verdict_fractions`, inside the region the
package's exact Jury test calls stable); the recount reads the same stores' raw Zarr arrays
with ``zarr`` and counts with NumPy inside the region the stores' own verdicts call stable
(not ``unstable``, whose proofs are exact), sharing no code with that path (no xarray
decoding, no fill-value masking, no kernel). Exact: counts of cells. Each row is
skipped, naming the install command, without the extra ``atlas``; where a store is missing
(or maps another method or spectrum) it fails as not decidable, naming the store.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np

from momentum_theory.paper._claims import Claim, claim, equals

# Slack of the float quadratic rate against an exact certified rate: the kernel's rate is
# within 1e-14 relative of the exact one, so a certified rate below it by more is wrong.
QUADRATIC_SLACK = 1e-12
_CODES = {"unknown": 0, "certified": 1, "refuted": 2, "unstable": 3, "not_computed": -1}


def _needs_atlas(text: str) -> Callable[[Callable[[], Claim]], Callable[[], Claim]]:
    """A missing xarray or zarr makes the row skipped, naming the install command."""

    def decorate(check: Callable[[], Claim]) -> Callable[[], Claim]:
        @functools.wraps(check)
        def guarded() -> Claim:
            from momentum_theory.paper._claims import skipped
            from momentum_theory.paper.atlas.experiments import INSTALL_COMMAND, atlas_available

            if not atlas_available():
                return skipped(text, f"xarray or zarr is missing; {INSTALL_COMMAND}")
            try:
                return check()
            except (FileNotFoundError, ValueError) as error:  # a store missing or not the atlas's
                return Claim(text, f"NOT DECIDABLE here: {error}", math.nan, "== 0", False)

        return guarded

    return decorate


def _maps():
    from momentum_theory.paper.atlas.experiments import maps

    return maps()


def _raw(path: str) -> dict[str, np.ndarray]:
    """The store's arrays as Zarr holds them (no decoding)."""
    import zarr

    group = zarr.open_group(path, mode="r")
    return {name: np.asarray(group[name][...]) for name in ("status", "quadratic_rate")}


_RECOUNT = (
    "The atlas's share of each verdict inside the quadratic-stable region, per method and "
    "kappa, counts the stores' cells"
)


@claim(quoted=True)
@_needs_atlas(_RECOUNT)
def atlas_counts_recounted() -> Claim:
    from momentum_theory.paper.atlas.experiments import verdict_fractions

    mismatches = 0
    for result in _maps():
        raw = _raw(result.path)
        stable = raw["status"] != _CODES["unstable"]
        total = int(np.count_nonzero(stable))
        fractions = verdict_fractions(result)
        for name, code in _CODES.items():
            counted = int(np.count_nonzero(stable & (raw["status"] == code)))
            mismatches += round(fractions[name] * total) != counted
        mismatches += int(result.stable.sum()) != total
    return equals(
        _RECOUNT,
        "verdict_fractions of the stores read by xarray, inside the package's exact quadratic "
        "region, against NumPy counts over the raw Zarr arrays (zarr.open_group) inside the "
        "cells not proved unstable, for every verdict of every store; measured: mismatching "
        "counts",
        mismatches,
        0,
    )


_DECIDED = "Every cell of the atlas's stores is computed (no status -1)"


@claim(quoted=True)
@_needs_atlas(_DECIDED)
def atlas_every_cell_decided() -> Claim:
    results = _maps()
    undecided = sum(int(np.count_nonzero(_raw(r.path)["status"] == -1)) for r in results)
    unknown_codes = sum(
        int(np.count_nonzero(~np.isin(_raw(r.path)["status"], list(_CODES.values()))))
        for r in results
    )
    return equals(
        _DECIDED,
        f"raw Zarr status of {len(results)} stores; measured: cells with status -1 or a code "
        "outside -1..3",
        undecided + unknown_codes,
        0,
    )


_CONSISTENT = (
    "In the atlas, a cell is unstable exactly where the method diverges on a quadratic of the "
    "class (the package's exact Jury test), "
    "certified exactly where it has a rate, which is below 1 and not below the quadratic "
    "rate, and refuted exactly where it has a cycle's period"
)


@claim
@_needs_atlas(_CONSISTENT)
def atlas_verdicts_consistent() -> Claim:
    wrong = 0
    for result in _maps():
        status, rate, period = result.status, result.rate, result.period
        quadratic = result.quadratic_rate
        certified = status == _CODES["certified"]
        wrong += int(np.count_nonzero((status == _CODES["unstable"]) == result.stable))
        wrong += int(np.count_nonzero(certified != np.isfinite(rate)))
        good = certified & (rate < 1.0) & (rate >= quadratic * (1.0 - QUADRATIC_SLACK))
        wrong += int(np.count_nonzero(certified & ~good))
        wrong += int(np.count_nonzero((status == _CODES["refuted"]) != (period > 0)))
    return equals(
        _CONSISTENT,
        "every cell of the stores: unstable against MethodGrid.converges (Jury's test on the "
        f"exact T and D at mu and L); certified rate >= quadratic rate (1 - {QUADRATIC_SLACK:g})"
        " since quadratics are in the class; measured: inconsistent cells",
        wrong,
        0,
    )
