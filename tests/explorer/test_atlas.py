"""The explorer's atlas layer as data (``explorer/atlas.py``): which cells and proofs a page
embeds from a store. The layer in a browser (clicking a cell, the proof shown) is tested in
``test_browser.py``, the ``explore`` options that choose the stores in
``tests/cli/test_explore.py``."""

from __future__ import annotations

import json

import numpy as np
import pytest
from atlas_stores import STATUS, write_proofs, write_store

pytest.importorskip("xarray")
pytest.importorskip("zarr")

from momentum_theory.atlas.shipped import proofs_path
from momentum_theory.explorer.atlas import atlas_layer, lattice
from momentum_theory.proofs.cycle import lessard_recht_packard_proof


def test_lattice_keeps_at_most_the_cells_asked():
    assert lattice(128, 24) == (6, 22)  # rows 0, 6, ..., 126
    assert lattice(24, 24) == (1, 24)
    assert lattice(25, 24) == (2, 13)
    assert lattice(1, 24) == (1, 1)


def test_a_small_map_is_embedded_whole_with_its_proofs(tmp_path):
    store = write_store(tmp_path / "heavy_ball-kappa25.zarr")
    proof = lessard_recht_packard_proof()
    write_proofs(tmp_path / "heavy_ball-kappa25.proofs.jsonl", {(1, 1): proof}, truncated='{"for')
    assert proofs_path(store) == tmp_path / "heavy_ball-kappa25.proofs.jsonl"
    layer = atlas_layer([store])
    (shown,) = layer["maps"]
    assert shown["stride"] == [1, 1] and shown["resolution"] == [4, 5]
    assert shown["status"] == STATUS.ravel().tolist()
    assert shown["x"]["per_L"] and shown["x"]["symbol"] == "α"
    np.testing.assert_array_equal(shown["x"]["values"], np.linspace(0.6 / 25, 2.4 / 25, 5))
    k = 1 * 5 + 1
    restored = {**shown["shared"], **shown["proofs"][k]}
    assert restored == {**proof, "cell": [1, 1]}  # the truncated last line is skipped
    assert sum(p is not None for p in shown["proofs"]) == 1
    assert layer["verdicts"]["2"] == "refuted"
    assert len(layer["palette"]) == 64
    # the rates' range: the smallest certified rate shown, and 1
    assert layer["rate_range"] == [0.5, 1.0]


def test_a_large_map_is_subsampled_with_the_proofs_of_the_cells_shown(tmp_path):
    rows, columns = 50, 30
    status = np.ones((rows, columns), dtype=np.int8)
    store = write_store(
        tmp_path / "s.zarr", status=status, period=np.zeros_like(status), y_range=(0.0, 0.98)
    )
    proof = lessard_recht_packard_proof()
    cells = {(i, j): proof for i in range(0, rows, 7) for j in range(0, columns, 2)}
    write_proofs(tmp_path / "s.proofs.jsonl", cells)
    (shown,) = atlas_layer([store], cells=10)["maps"]
    # 50 rows: stride 5 (rows 0, 5, ..., 45); 30 columns: stride 3 (0, 3, ..., 27)
    assert shown["rows"] == list(range(0, 50, 5)) and shown["columns"] == list(range(0, 30, 3))
    assert shown["stride"] == [5, 3]
    assert len(shown["status"]) == len(shown["proofs"]) == 100
    embedded = {
        (i, j)
        for n, (i, j) in enumerate((i, j) for i in shown["rows"] for j in shown["columns"])
        if shown["proofs"][n] is not None
    }
    # shown and proved: rows multiple of 35 (0, 35), columns multiple of 6 (0, 6, ..., 24)
    assert embedded == {(i, j) for i in (0, 35) for j in range(0, 30, 6)}
    np.testing.assert_array_equal(shown["y"]["values"], np.linspace(0, 0.98, 50)[::5])


def test_no_stores_no_layer_and_a_missing_store_is_an_error(tmp_path):
    assert atlas_layer([]) is None
    with pytest.raises(FileNotFoundError, match="does not exist"):
        atlas_layer([tmp_path / "nothing.zarr"])


def test_the_page_embeds_the_layer_or_null(tmp_path, embedded):
    pytest.importorskip("bokeh")
    import re

    from momentum_theory.explorer import explorer_data, explorer_html

    data = explorer_data([(1.0, 25.0)], methods=["heavy_ball"], resolution=4, curve_resolution=8)
    store = write_store(tmp_path / "s.zarr")
    with_layer = explorer_html(data, atlas=atlas_layer([store]))
    without = explorer_html(data)

    def layer(page: str):
        (text,) = re.findall(
            r'<script type="application/json" id="explorer-atlas">(.*?)</script>', page
        )
        return json.loads(text)

    assert layer(without) is None
    assert layer(with_layer)["maps"][0]["name"] == "s.zarr"
    assert '<section id="atlas" hidden>' in without  # shown by the script only with maps


def test_a_layer_over_its_budget_is_subsampled_more(tmp_path):
    status = np.ones((40, 40), dtype=np.int8)
    store = write_store(tmp_path / "s.zarr", status=status, period=np.zeros_like(status))
    proof = lessard_recht_packard_proof()
    write_proofs(
        tmp_path / "s.proofs.jsonl", {(i, j): proof for i in range(40) for j in range(40)}
    )
    whole = atlas_layer([store], cells=40)
    assert whole["cells"] == 40 and whole["maps"][0]["stride"] == [1, 1]
    size = len(json.dumps(whole, separators=(",", ":")))
    # a third: 40 -> 30 cells per axis, stride 2, 20 x 20 shown (a quarter of the proofs)
    third = atlas_layer([store], cells=40, budget=size // 3)
    assert third["cells"] == 30 and third["maps"][0]["stride"] == [2, 2]
    # a fifth: 30 -> 22 (stride 2 again) -> 16, stride 3, 14 x 14 shown (196 of 1600)
    fifth = atlas_layer([store], cells=40, budget=size // 5)
    assert fifth["cells"] == 16 and fifth["maps"][0]["stride"] == [3, 3]
    assert len(fifth["maps"][0]["proofs"]) == 14 * 14
    assert len(json.dumps(fifth, separators=(",", ":"))) <= size // 5
