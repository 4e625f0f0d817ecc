"""``momentum-theory explore``: writes one page; refuses bad arguments, writing nothing."""

from __future__ import annotations

import json
import re

import pytest

from momentum_theory.cli import main


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


@pytest.fixture
def embedded():
    def read(page: str) -> dict:
        (text,) = re.findall(
            r'<script type="application/json" id="explorer-data">(.*?)</script>', page
        )
        return json.loads(text)

    return read


def test_explore_writes_one_page(tmp_path, capsys, monkeypatch, embedded):
    pytest.importorskip("bokeh", reason="the page needs the 'explore' extra (Bokeh)")
    import momentum_theory.cli.explore as explore

    monkeypatch.setattr(explore, "KAPPAS", ())  # one spectrum: fast
    output = tmp_path / "view.html"
    status = _run(
        "explore", "--method", "qhm", "--mu", "2", "--L", "50", "--resolution", "20",
        "--output", str(output),
    )  # fmt: skip
    assert status == 0
    embedded = embedded(output.read_text(encoding="utf-8"))
    assert embedded["default"]["method"] == "qhm"
    assert [(s["mu"], s["L"]) for s in embedded["spectra"]] == [(2.0, 50.0)]
    assert "spectra [2, 50], 20 x 20 heatmaps" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]


def test_spectra_add_the_standard_condition_numbers():
    from momentum_theory.cli.explore import spectra

    assert spectra(mu=2.0, L=20.0) == [(2.0, 20.0), (2.0, 200.0), (2.0, 2000.0)]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--mu", "3", "--L", "2"], "--mu: must be at most --L"),
        (["--mu", "0"], "must be positive"),
        (["--resolution", "5"], "--resolution: need 20 <= N <= 400"),
        (["--method", "adam"], "invalid choice"),
        (["--output", "page.txt"], "--output: unknown format '.txt'"),
        (["--screenshot", "shot.jpg"], "--screenshot: unknown format '.jpg'"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    assert _run("explore", *arguments) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_missing_bokeh_or_browser_exit_2(tmp_path, monkeypatch, capsys):
    import importlib.util

    import momentum_theory.explorer.browser as browser

    monkeypatch.chdir(tmp_path)
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "bokeh" else real(name, *a)
    )
    assert _run("explore") == 2
    assert "pip install 'momentum-theory[explore]'" in capsys.readouterr().err
    monkeypatch.setattr(browser, "find_chromium", lambda executable=None: None)
    assert _run("explore", "--screenshot", "view.png") == 2
    assert "no Chromium found" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _atlas_store(tmp_path):
    pytest.importorskip("xarray")
    pytest.importorskip("zarr")
    from atlas_stores import write_store

    return write_store(tmp_path / "heavy_ball-kappa25.zarr")


def test_explore_embeds_the_atlas_stores_given(tmp_path, capsys, monkeypatch):
    pytest.importorskip("bokeh", reason="the page needs the 'explore' extra (Bokeh)")
    import momentum_theory.cli.explore as explore

    store = _atlas_store(tmp_path)
    monkeypatch.setattr(explore, "KAPPAS", ())  # one spectrum: fast
    output = tmp_path / "view.html"
    status = _run("explore", "--resolution", "20", "--atlas", str(store), "--output", str(output))
    assert status == 0
    (text,) = re.findall(
        r'<script type="application/json" id="explorer-atlas">(.*?)</script>',
        output.read_text(encoding="utf-8"),
    )
    assert [m["name"] for m in json.loads(text)["maps"]] == ["heavy_ball-kappa25.zarr"]
    assert "atlas layer: 1 store(s)" in capsys.readouterr().out


def test_the_atlas_layer_defaults_to_the_shipped_maps(tmp_path, monkeypatch):
    import argparse

    import momentum_theory.atlas.shipped as shipped
    import momentum_theory.cli.explore as explore

    def stores(**options):
        return explore.atlas_stores(
            argparse.Namespace(**{"atlas": None, "no_atlas": False} | options)
        )

    monkeypatch.setattr(shipped, "shipped_maps", lambda: [])
    assert stores() == ([], "no atlas layer: the package ships no atlas maps")
    monkeypatch.setattr(
        shipped, "shipped_maps", lambda: [tmp_path / "a.zarr", tmp_path / "b.zarr"]
    )
    monkeypatch.setattr(explore, "_atlas_readable", lambda: True)
    assert stores() == (
        [str(tmp_path / "a.zarr"), str(tmp_path / "b.zarr")],
        "atlas layer: the 2 shipped maps",
    )
    assert stores(no_atlas=True) == ([], "no atlas layer (--no-atlas)")
    assert stores(atlas=["x.zarr"]) == (["x.zarr"], "atlas layer: 1 store(s)")
    monkeypatch.setattr(explore, "_atlas_readable", lambda: False)
    assert stores()[0] == [] and "momentum-theory[atlas]" in stores()[1]


def test_explore_refuses_a_missing_atlas_store_and_writes_nothing(tmp_path, capsys):
    output = tmp_path / "view.html"
    assert _run("explore", "--atlas", str(tmp_path / "none.zarr"), "--output", str(output)) == 2
    assert "--atlas: no atlas store" in capsys.readouterr().err
    assert not output.exists()


def test_explore_refuses_atlas_with_no_atlas(tmp_path, capsys):
    store = _atlas_store(tmp_path)
    output = tmp_path / "view.html"
    assert _run("explore", "--atlas", str(store), "--no-atlas", "--output", str(output)) == 2
    assert "--atlas: not allowed with --no-atlas" in capsys.readouterr().err
    assert not output.exists()
