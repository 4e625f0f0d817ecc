"""Small synthetic atlas stores, in the schema of issue 22, for the tests of the readers.

Until the engine's committed stores exist, the paper's atlas subject and the explorer's
atlas layer are tested on these: one hand-written 4 x 5 pattern of verdicts whose counts
are known by hand (:data:`COUNTS`), written with xarray to Zarr with the store's
coordinates, variables and attributes. Its ranges (:data:`RANGES`) put the last column, and
only it, outside the method's quadratic-stable region (heavy ball converges on [1, L] iff
alpha L < 2 (1 + beta); Nesterov iff alpha L < 1 + 1/(1 + 2 beta), here with beta <= 0.15),
so the pattern is consistent with the package's exact region at every kappa.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

# Rows along the momentum (y), columns along the step (x). 1 certified, 2 refuted,
# 3 unstable, 0 unknown.
STATUS = np.array(
    [
        [1, 1, 0, 2, 3],
        [1, 2, 2, 0, 3],
        [1, 1, 1, 2, 3],
        [0, 1, 2, 2, 3],
    ],
    dtype=np.int8,
)
# The refuted cells' periods (0 elsewhere): two of length 5, four of length 3.
PERIOD = np.array(
    [
        [0, 0, 0, 3, 0],
        [0, 5, 5, 0, 0],
        [0, 0, 0, 3, 0],
        [0, 0, 3, 3, 0],
    ],
    dtype=np.int8,
)
# Counted by hand over the 16 quadratic-stable cells (the last column is unstable).
COUNTS = {"certified": 7, "refuted": 6, "unknown": 3, "unstable": 0, "not_computed": 0}
STABLE = 16
KAPPAS = (10, 25, 100)
METHODS = ("heavy_ball", "nesterov")
# alpha L over the columns and beta over the rows: heavy ball's columns alpha L = 0.6, 1.05,
# 1.5, 1.95 (< 2) are stable at every beta >= 0 and 2.4 (>= 2 (1 + 0.15)) is not;
# Nesterov's 0.7, ..., 1.75 (< 1 + 1/1.3 = 1.769) are and 2.1 (>= 2) is not.
RANGES = {"heavy_ball": (0.6, 2.4), "nesterov": (0.7, 2.1)}
BETAS = (0.0, 0.15)


def write_store(
    path: Path,
    method: str = "heavy_ball",
    *,
    L: float = 25.0,
    status: np.ndarray = STATUS,
    period: np.ndarray = PERIOD,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] = BETAS,
) -> Path:
    """Write a store of ``status`` for ``method`` on [1, L] (by default over :data:`RANGES`
    and :data:`BETAS`)."""
    import xarray as xr

    rows, columns = status.shape
    if x_range is None:
        x_range = tuple(value / L for value in RANGES[method])
    x = np.linspace(*x_range, columns)
    y = np.linspace(*y_range, rows)
    certified = status == 1
    rate = np.where(
        certified, 0.5 + 0.4 * np.arange(status.size).reshape(status.shape) / 20, np.nan
    )
    quadratic = np.where(status == 3, 1.25, np.where(certified, rate - 0.1, 0.75))
    store = xr.Dataset(
        {
            "status": (
                ("beta", "alpha"),
                status.astype(np.int8),
                {
                    "flag_values": [-1, 0, 1, 2, 3],
                    "flag_meanings": "not_computed unknown certified refuted unstable",
                },
            ),
            "rate": (("beta", "alpha"), rate),
            "quadratic_rate": (("beta", "alpha"), quadratic),
            "period": (("beta", "alpha"), period.astype(np.int8)),
        },
        coords={"beta": y, "alpha": x},
        attrs={
            "method": method,
            "mu": 1.0,
            "L": float(L),
            "x": "alpha",
            "y": "beta",
            "x_range": list(x_range),
            "y_range": list(y_range),
            "resolution": columns,
            "fixed": json.dumps({}),
            "certificate": "a sector + off-by-one IQC certificate (synthetic test store)",
            "version": "0+test",
        },
    )
    store.to_zarr(path, mode="w")
    return path


def write_maps(folder: Path, *, wide: bool = False) -> Path:
    """The six stores of the atlas figure (every one the same pattern) in ``folder``;
    ``wide``: over alpha L in [0, 4] and beta in [0, 0.9], where the tunings lie (the pattern
    is then not the package's region: for drawing only)."""
    folder.mkdir(parents=True, exist_ok=True)
    for method in METHODS:
        for kappa in KAPPAS:
            ranges = {"x_range": (0.0, 4.0 / kappa), "y_range": (0.0, 0.9)} if wide else {}
            write_store(folder / f"{method}-kappa{kappa}.zarr", method, L=float(kappa), **ranges)
    return folder


def write_proofs(path: Path, proofs: dict[tuple[int, int], dict], *, truncated: str = "") -> Path:
    """A proofs file: one JSON line per cell (``"cell": [i, j]`` added), then ``truncated``
    (the start of a line an interrupted run left)."""
    lines = [json.dumps({**proof, "cell": [i, j]}) for (i, j), proof in sorted(proofs.items())]
    path.write_text("\n".join(lines) + "\n" + truncated, encoding="utf-8")
    return path


def write_proved_store(folder: Path) -> tuple[Path, dict[tuple[int, int], dict]]:
    r"""A 2 x 2 heavy-ball store on [1, 25] whose decided cells carry real proofs.

    Columns alpha = 0.04 and 1/9, rows beta = 0.3 and 4/9: (0, 0) certified (a Lyapunov
    proof, found with cvxpy: needs the extra ``pep``), (0, 1) unstable (alpha L = 25/9 >
    2 (1 + beta) = 2.6: the quadratic at h = L), (1, 1) refuted (Lessard, Recht and
    Packard's 3-cycle at Polyak's parameters), (1, 0) unknown (no proof).
    """
    import momentum_theory as mt
    from momentum_theory.proofs.cycle import lessard_recht_packard_proof
    from momentum_theory.proofs.lyapunov import lyapunov_proof

    alpha, beta = (0.04, 1 / 9), (0.3, 4 / 9)
    certified = lyapunov_proof("heavy_ball", mu=1.0, L=25.0, alpha=alpha[0], beta=beta[0])
    unstable = (
        mt.methods.get("heavy_ball").classify(mu=1.0, L=25.0, alpha=alpha[1], beta=beta[0]).proof
    )
    proofs = {(0, 0): certified, (0, 1): unstable, (1, 1): lessard_recht_packard_proof()}
    store = write_store(
        folder / "heavy_ball-kappa25.zarr",
        L=25.0,
        status=np.array([[1, 3], [0, 2]], dtype=np.int8),
        period=np.array([[0, 0], [0, 3]], dtype=np.int8),
        x_range=alpha,
        y_range=beta,
    )
    import xarray as xr

    with xr.open_zarr(store) as opened:  # the certified cell's rate is its proof's
        data = opened.load()
    from fractions import Fraction

    data["rate"].values[0, 0] = float(Fraction(certified["rho"]))
    data["quadratic_rate"].values[...] = mt.worst_case_rate(
        *np.meshgrid(data["alpha"].values, data["beta"].values), mu=1.0, L=25.0
    )
    data.to_zarr(store, mode="w")
    write_proofs(folder / "heavy_ball-kappa25.proofs.jsonl", proofs, truncated='{"format": "mom')
    return store, proofs
