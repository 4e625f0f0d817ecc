"""The committed maps (momentum_theory/atlas/maps): complete, every proof checks exactly, and
cells recomputed here agree with them (status, rate rung, period)."""

import json
from pathlib import Path

import numpy as np
import pytest

from momentum_theory.atlas.cell import decide_cell
from momentum_theory.proofs.check import check_proof

xr = pytest.importorskip("xarray")
pytest.importorskip("zarr")
MAPS = Path(__file__).parents[2] / "momentum_theory" / "atlas" / "maps"
STORES = sorted(MAPS.glob("*.zarr"))


def test_the_six_maps_are_there():
    names = {store.name for store in STORES}
    expected = {f"{m}-kappa{k}.zarr" for m in ("heavy_ball", "nesterov") for k in (10, 25, 100)}
    assert names == expected


@pytest.mark.slow
@pytest.mark.parametrize("store", STORES, ids=lambda store: store.stem)
def test_complete_and_every_proof_checks(store):
    with xr.open_zarr(store) as atlas:
        status = atlas.status.values
        assert (status >= 0).all()
        lines = Path(str(store).replace(".zarr", ".proofs.jsonl")).read_text().splitlines()
        cells = []
        for line in lines:
            proof = json.loads(line)
            cells.append(tuple(proof.pop("cell")))
            assert check_proof(proof).passed, cells[-1]
        assert sorted(cells) == sorted(zip(*np.nonzero(status > 0)))


@pytest.mark.solver
@pytest.mark.parametrize("store", STORES, ids=lambda store: store.stem)
def test_cells_recomputed_here_agree(store):
    """CI's small recomputation: a few cells of each verdict, at the store's own points."""
    pytest.importorskip("cvxpy")
    with xr.open_zarr(store) as atlas:
        atlas = atlas.load()
    x, y = atlas.attrs["x"], atlas.attrs["y"]
    status = atlas.status.values
    rng = np.random.default_rng(22)
    for code in (1, 2, 3):
        cells = list(zip(*np.nonzero(status == code)))
        for index in rng.permutation(len(cells))[:2]:
            i, j = cells[index]
            params = {x: float(atlas[x][j]), y: float(atlas[y][i])}
            cell = decide_cell(
                atlas.attrs["method"], mu=atlas.attrs["mu"], L=atlas.attrs["L"], params=params
            )
            assert cell.status == code and cell.period == atlas.period.values[i, j]
            if code == 1:
                assert cell.rate == atlas.rate.values[i, j]  # the same rung of the ladder
