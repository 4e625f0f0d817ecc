"""The command line: success paths, failure paths (exit 2, nothing written), determinism."""

import hashlib
import json
import subprocess
import sys

import numpy as np
import pytest

from momentum_theory import rate_grid
from momentum_theory.cli import main


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def test_heatmap_writes_png_and_grid_data(tmp_path, capsys):
    figure, data = tmp_path / "map.png", tmp_path / "grid.npz"
    status = _run(
        "heatmap", "--h", "2", "--resolution", "30", "--output", str(figure), "--data", str(data)
    )
    assert status == 0
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = np.load(data)
    expected = rate_grid(saved["alpha"], saved["beta"], h=2.0)
    np.testing.assert_array_equal(saved["rate"], expected.rate)
    assert saved["alpha"].size == 30 and saved["alpha"][-1] < 2.2  # 0..4.4/h, cell centres
    assert "30 x 30 grid" in capsys.readouterr().out


def test_heatmap_spectrum_pdf_and_csv(tmp_path):
    figure, data = tmp_path / "map.pdf", tmp_path / "grid.csv"
    status = _run(
        "heatmap",
        "--mu",
        "1",
        "--L",
        "10",
        "--alpha-range",
        "0",
        "0.5",
        "--beta-range",
        "0.2",
        "0.9",
        "--resolution",
        "12",
        "--output",
        str(figure),
        "--data",
        str(data),
    )
    assert status == 0
    assert figure.read_bytes()[:5] == b"%PDF-"
    table = np.loadtxt(data, delimiter=",", skiprows=1)
    assert table.shape == (144, 3)
    assert table[:, 1].min() > 0.2 and table[:, 1].max() < 0.9
    from momentum_theory import worst_case_rate

    np.testing.assert_array_equal(
        table[:, 2], worst_case_rate(table[:, 0], table[:, 1], 1.0, 10.0)
    )


def test_heatmap_output_is_byte_identical_on_a_second_run(tmp_path):
    digests = []
    for name in ("one.png", "two.png"):
        assert _run("heatmap", "--resolution", "20", "--output", str(tmp_path / name)) == 0
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["--beta-range", "0", "1.5"], "--beta-range"),
        (["--beta-range", "-0.1", "0.5"], "--beta-range"),
        (["--beta-range", "0.5", "0.5"], "--beta-range"),
        (["--alpha-range", "1", "0.5"], "--alpha-range"),
        (["--resolution", "0"], "--resolution"),
        (["--resolution", "-5"], "--resolution"),
        (["--mu", "2", "--L", "1"], "--mu"),
        (["--mu", "1"], "--mu/--L"),
        (["--h", "1", "--mu", "1", "--L", "2"], "--h"),
        (["--h", "-1"], "--h"),
        (["--h", "nan"], "--h"),
        (["--output", "OUT/map.jpg"], "--output"),
        (["--data", "OUT/grid.xlsx"], "--data"),
        (["--output", "OUT/missing/map.png"], "--output"),
    ],
)
def test_heatmap_bad_arguments_exit_2_name_the_option_and_write_nothing(
    tmp_path, capsys, arguments, option
):
    arguments = [a.replace("OUT", str(tmp_path)) for a in arguments]
    default_output = ["--output", str(tmp_path / "map.png")] if "--output" not in arguments else []
    assert _run("heatmap", *arguments, *default_output) == 2
    message = capsys.readouterr().err.strip().splitlines()
    assert len(message) == 1  # one line naming the option, not argparse's usage block
    assert option in message[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_help_explains_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "momentum_theory", "heatmap", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--h",
        "--mu",
        "--L",
        "--alpha-range",
        "--beta-range",
        "--resolution",
        "--output",
        "--data",
    ):
        assert option in result.stdout
    assert "0 <= MIN < MAX <= 1" in result.stdout


def test_verify_passes_and_writes_json(tmp_path, capsys, monkeypatch):
    import momentum_theory.verify as verify

    monkeypatch.setattr(verify, "GROUPS", ("foundation",))
    report = tmp_path / "report.json"
    assert _run("verify", "--json", str(report)) == 0
    data = json.loads(report.read_text())
    assert data["passed"] is True
    assert len(data["checks"]) >= 6 and all(c["passed"] for c in data["checks"])
    assert "PASS" in capsys.readouterr().out


def test_verify_exits_nonzero_when_a_claim_fails(tmp_path, monkeypatch, capsys):
    import momentum_theory.verify.foundation as foundation
    from momentum_theory.verify import at_most

    def failing():
        return at_most("a false claim", "deliberately failing", 1.0, 0.5)

    monkeypatch.setattr(foundation, "CHECKS", (failing,))
    monkeypatch.setattr("momentum_theory.verify.GROUPS", ("foundation",))
    assert _run("verify") == 1
    assert "FAIL" in capsys.readouterr().out


def test_verify_bad_json_path_exits_2(tmp_path):
    assert _run("verify", "--json", str(tmp_path / "report.txt")) == 2
    assert list(tmp_path.iterdir()) == []
