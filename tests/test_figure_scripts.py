"""Every scripts/fig_<name>.py: bad arguments exit 2 writing nothing; cheap ones are
byte-reproducible, run from any folder and in-process alike."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from momentum_theory.figures import DATA, FORMATS

pytestmark = pytest.mark.slow  # every test starts a Python process

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
ALL = sorted(p.stem.removeprefix("fig_") for p in SCRIPTS.glob("fig_*.py"))
# Figures that take a second or two; rates and the training figures take 10-20 s each and
# are regenerated (and compared byte for byte with the committed files) by CI's paper build.
CHEAP = [
    "amplification",
    "comparison2d",
    "counterexample",
    "heatmap",
    "heatmap_spectrum",
    "transients",
]


def test_the_cheap_list_names_real_scripts():
    assert set(CHEAP) <= set(ALL)


@pytest.mark.parametrize("name", CHEAP)
def test_figure_script_is_byte_reproducible_and_runs_anywhere(name, tmp_path, monkeypatch):
    """One run as a subprocess from an unrelated folder, one in this process: same bytes."""
    script_path = SCRIPTS / f"fig_{name}.py"
    first, second = tmp_path / "first", tmp_path / "second"
    subprocess.run(
        [sys.executable, str(script_path), "--output-dir", str(first)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    monkeypatch.syspath_prepend(str(SCRIPTS))  # the scripts import scripts/_paths.py
    spec = importlib.util.spec_from_file_location(f"fig_{name}", script_path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--output-dir", str(second)]) in (0, None)
    for suffix in (*FORMATS, DATA):
        written = first / f"{name}{suffix}", second / f"{name}{suffix}"
        assert written[0].read_bytes() == written[1].read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_figure_script_given_a_file_as_output_dir_exits_2_and_writes_nothing(name, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    run = subprocess.run(
        [sys.executable, str(SCRIPTS / f"fig_{name}.py"), "--output-dir", str(blocker)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2, run.stderr
    assert "--output-dir" in run.stderr
    assert sorted(tmp_path.iterdir()) == [blocker]
