"""``momentum-theory check-proof FILE``: exit 0 when every proof holds, 1 when any fails,
2 when the file is unreadable."""

import json
import subprocess
import sys

import pytest

from momentum_theory.cli import main
from momentum_theory.proofs.format import write_proof, write_proofs
from tests.proofs._examples import (
    gradient_descent_lyapunov,
    heavy_ball_quadratic,
    nesterov_quadratic_class,
)


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def test_one_json_proof_holds(tmp_path, capsys):
    path = write_proof(gradient_descent_lyapunov(), tmp_path / "proof.json")  # pretty-printed
    assert _run("check-proof", str(path)) == 0
    out = capsys.readouterr().out
    assert "proof 1 (lyapunov): holds: rate 3/5" in out and "1 of 1 proofs hold" in out


def test_json_lines_with_a_failing_proof(tmp_path, capsys):
    bad = {**heavy_ball_quadratic(), "h": "1"}
    path = write_proofs(
        [gradient_descent_lyapunov(), bad, nesterov_quadratic_class()], tmp_path / "p.jsonl"
    )
    assert _run("check-proof", str(path)) == 1
    out = capsys.readouterr().out
    assert "proof 2 (quadratic): FAILS (jury): the method converges at h = 1" in out
    assert "2 of 3 proofs hold" in out


def test_a_malformed_proof_fails_with_its_reason(tmp_path, capsys):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**gradient_descent_lyapunov(), "rho": "3/0"}))
    assert _run("check-proof", str(path)) == 1
    assert "FAILS (format): rho must be a rational" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "", "\xff"])
def test_unreadable_files_exit_2(tmp_path, capsys, text):
    path = tmp_path / "p.json"
    path.write_bytes(text.encode("latin-1"))
    assert _run("check-proof", str(path)) == 2
    captured = capsys.readouterr()
    assert "cannot read" in captured.err and captured.out == ""


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert _run("check-proof", str(tmp_path / "absent.json")) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.slow
def test_the_installed_command(tmp_path):
    path = write_proof(nesterov_quadratic_class(), tmp_path / "p.json")
    result = subprocess.run(
        [sys.executable, "-m", "momentum_theory", "check-proof", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "holds" in result.stdout
