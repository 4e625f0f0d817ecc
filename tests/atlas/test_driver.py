"""The atlas on Dask: every proof checks, verdicts match classify_method, resume after an
interruption (truncated proofs line included), kill -9 leaves no worker, a killed worker
loses no cell, an external scheduler gives the same store."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.classify import classify_method

pytest.importorskip("cvxpy")
xr = pytest.importorskip("xarray")
pytest.importorskip("dask.distributed")
psutil = pytest.importorskip("psutil")
pytestmark = [pytest.mark.slow, pytest.mark.solver]

# A 6 x 6 map of heavy ball on S(1, 10) (blocks of 2 x 2): every verdict occurs.
SETTINGS = {"mu": 1.0, "L": 10.0, "resolution": 6, "x_range": (0.01, 0.4), "y_range": (0.0, 0.95)}
COMMAND = [
    *("--method", "heavy_ball", "--mu", "1", "--L", "10", "--resolution", "6"),
    *("--x-range", "0.01", "0.4", "--y-range", "0", "0.95"),
]
CODES = {"unknown": 0, "certified": 1, "refuted": 2, "unstable": 3}
VARIABLES = ("status", "rate", "quadratic_rate", "period")


def _atlas(store, proofs, **options):
    from momentum_theory.atlas import compute_atlas

    return compute_atlas(
        "heavy_ball", store=store, proofs=proofs, progress=False, **SETTINGS, **options
    )


def _same(store, reference):
    with xr.open_zarr(store) as atlas:
        for name in VARIABLES:
            np.testing.assert_array_equal(atlas[name].values, reference[name].values)


def _lines(proofs):
    return [json.loads(line) for line in Path(proofs).read_text().splitlines()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reference")
    atlas = _atlas(folder / "a.zarr", folder / "a.jsonl", workers=2)
    return atlas, folder


def test_proofs_check_and_verdicts_match_classify_method(reference):
    atlas, folder = reference
    status = atlas.status.values
    assert set(np.unique(status)) >= {1, 2, 3} and (status >= 0).all()
    lines = _lines(folder / "a.jsonl")
    cells = [tuple(line.pop("cell")) for line in lines]
    assert sorted(cells) == sorted(zip(*np.nonzero(status > 0)))  # one per decided cell
    for (i, j), proof in zip(cells, lines):
        assert check_proof(proof).passed
        assert Fraction(proof["parameters"]["alpha"]) == Fraction(atlas.alpha.values[j])
        assert Fraction(proof["parameters"]["beta"]) == Fraction(atlas.beta.values[i])
    for i, beta in enumerate(atlas.beta.values):
        for j, alpha in enumerate(atlas.alpha.values):
            verdict = classify_method("heavy_ball", mu=1.0, L=10.0, alpha=alpha, beta=beta)
            assert status[i, j] == CODES[verdict.status], (i, j)


def test_resume_computes_only_missing_cells(reference, tmp_path):
    atlas, folder = reference
    shutil.copytree(folder / "a.zarr", tmp_path / "a.zarr")
    shutil.copy(folder / "a.jsonl", tmp_path / "a.jsonl")
    for chunk in ("0/0", "2/1"):  # two blocks never recorded (4 cells each)
        (tmp_path / "a.zarr" / "status" / "c" / chunk).unlink()
    with open(tmp_path / "a.jsonl", "a") as stream:
        stream.write('{"format": "momentum-theory-proof/1", "kind": "lyap')  # cut by a kill
    from momentum_theory.atlas.driver import run_atlas
    from momentum_theory.atlas.grid import atlas_grid

    grid = atlas_grid("heavy_ball", **SETTINGS)
    run = run_atlas(
        grid, tmp_path / "a.zarr", proofs=tmp_path / "a.jsonl", workers=1, progress=False
    )
    assert (run.reused, run.computed) == (28, 8)
    _same(tmp_path / "a.zarr", atlas)
    resumed = sorted(map(json.dumps, _lines(tmp_path / "a.jsonl")))
    assert resumed == sorted(map(json.dumps, _lines(folder / "a.jsonl")))


def _children(pid):
    return psutil.Process(pid).children(recursive=True)


def test_kill_9_leaves_no_worker_and_resumes(reference, tmp_path):
    atlas, _ = reference
    command = [sys.executable, "-m", "momentum_theory", "atlas", *COMMAND, "--workers", "2"]
    command += ["--store", "a.zarr", "--proofs", "a.jsonl"]
    process = subprocess.Popen(command, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "a.zarr" / "status" / "c").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = _children(process.pid)
    assert workers, "no worker process was started"
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(3)  # workers notice their parent is gone (Dask's parent-alive pipe)
    alive = [p.pid for p in workers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == []
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert "reused" in finished.stdout
    _same(tmp_path / "a.zarr", atlas)
    cells = [tuple(line["cell"]) for line in _lines(tmp_path / "a.jsonl")]
    assert len(cells) == len(set(cells)) == int((atlas.status.values > 0).sum())


def test_ctrl_c_exits_130_and_leaves_no_worker(tmp_path):
    command = [sys.executable, "-m", "momentum_theory", "atlas", *COMMAND, "--workers", "2"]
    process = subprocess.Popen([*command, "--store", "a.zarr"], cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "a.zarr" / "status" / "c").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = _children(process.pid)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 130
    time.sleep(2)
    assert [p.pid for p in workers if p.is_running() and p.status() != "zombie"] == []


def test_a_killed_worker_loses_no_cell(reference, tmp_path):
    from dask.distributed import Client, LocalCluster

    atlas, _ = reference
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            pids = list(client.run(os.getpid).values())

        def kill_one():
            chunks = tmp_path / "a.zarr" / "status" / "c"
            while not chunks.exists():
                time.sleep(0.1)
            os.kill(pids[0], signal.SIGKILL)  # mid-run: the first block is recorded

        killer = threading.Thread(target=kill_one, daemon=True)
        killer.start()
        _atlas(tmp_path / "a.zarr", tmp_path / "a.jsonl", scheduler=cluster.scheduler_address)
        killer.join(timeout=1)
    assert not psutil.pid_exists(pids[0]) or psutil.Process(pids[0]).status() == "zombie"
    _same(tmp_path / "a.zarr", atlas)
    cells = [tuple(line["cell"]) for line in _lines(tmp_path / "a.jsonl")]
    assert len(cells) == len(set(cells)) == int((atlas.status.values > 0).sum())


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def external_scheduler():
    """A real `dask scheduler` and two `dask worker` processes on 127.0.0.1."""
    dask = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    worker = [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"]
    processes += [subprocess.Popen([*worker, "--host", "127.0.0.1"], **quiet) for _ in range(2)]
    try:
        from dask.distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_external_scheduler_gives_the_same_store(reference, tmp_path, external_scheduler):
    atlas, folder = reference
    command = [sys.executable, "-m", "momentum_theory", "atlas", *COMMAND]
    command += ["--store", "a.zarr", "--proofs", "a.jsonl", "--scheduler", external_scheduler]
    finished = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    _same(tmp_path / "a.zarr", atlas)
    ours = sorted(map(json.dumps, _lines(tmp_path / "a.jsonl")))
    assert ours == sorted(map(json.dumps, _lines(folder / "a.jsonl")))
