"""``momentum-theory atlas``: a small map end to end, and every refusal exits 2 writing nothing
(bad arguments, a store made for another grid)."""

import pytest

from momentum_theory.cli import main

HB = ("atlas", "--method", "heavy_ball", "--mu", "1", "--L", "10")


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def _files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("--resolution", "0"), "--resolution: must be at least 1"),
        (("--resolution", "1"), "resolution must be"),
        (("--resolution", "4", "--x-range", "0.2", "0.1"), "x_range must have min < max"),
        (("--resolution", "4", "--set", "nu=0.5"), "heavy_ball has no parameter 'nu'"),
        (("--resolution", "4", "--x", "gamma"), "x must be a numeric parameter"),
        (("--resolution", "4", "--workers", "2", "--scheduler", "tcp://1.2.3.4:1"), "not allowed"),
        (("--resolution", "4", "--proofs", "p.json"), "--proofs: unknown format"),
        (("--resolution", "4", "--figure", "f.svg"), "--figure: unknown format"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, capsys, monkeypatch, arguments, words):
    monkeypatch.chdir(tmp_path)
    assert _run(*HB, "--store", "a.zarr", *arguments) == 2
    assert words in capsys.readouterr().err
    assert _files(tmp_path) == []


def test_a_store_of_another_grid_is_refused_untouched(tmp_path, capsys, monkeypatch):
    pytest.importorskip("xarray")
    pytest.importorskip("zarr")
    from momentum_theory.atlas.grid import atlas_grid
    from momentum_theory.atlas.store import create_store

    monkeypatch.chdir(tmp_path)
    create_store(atlas_grid("heavy_ball", mu=1.0, L=25.0, resolution=4), "a.zarr")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code = _run(*HB, "--resolution", "4", "--store", "a.zarr", "--proofs", "a.jsonl")
    assert code == 2
    error = capsys.readouterr().err
    assert "was made with another grid" in error and "L is 25.0 in the store, 10.0 here" in error
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # no proofs file, the store unchanged


@pytest.mark.slow
@pytest.mark.solver
def test_a_small_map_then_a_resume(tmp_path, capsys, monkeypatch):
    pytest.importorskip("cvxpy")
    pytest.importorskip("dask.distributed")
    monkeypatch.chdir(tmp_path)
    arguments = (*HB, "--resolution", "2", "--x-range", "0.1", "0.2", "--y-range", "0.3", "0.5")
    arguments += ("--store", "a.zarr", "--workers", "1")
    assert _run(*arguments, "--figure", "a.png") == 0
    out = capsys.readouterr().out
    assert "reused 0 cells, computed 4" in out and "certified 4" in out
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    assert _run(*arguments) == 0
    assert "reused 4 cells, computed 0" in capsys.readouterr().out
