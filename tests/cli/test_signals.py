"""A closed output pipe and Ctrl-C end a command quietly, with the shell's exit statuses."""

import subprocess
import sys

import pytest

from momentum_theory.cli import figures, main


@pytest.mark.slow
@pytest.mark.parametrize("command", [["figures", "--list"], ["verify"]])
def test_a_reader_that_goes_away_gives_no_traceback(command):
    """`momentum-theory verify | head -1`: the pipe closes before the command writes."""
    process = subprocess.Popen(
        [sys.executable, "-m", "momentum_theory", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line is written
    _, stderr = process.communicate(timeout=300)
    assert b"Traceback" not in stderr and b"Error" not in stderr  # a progress bar may remain
    assert process.returncode == 128 + 13  # SIGPIPE's status in the shell


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch, capsys):
    def interrupted(arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(figures, "run", interrupted)
    assert main(["figures", "--list"]) == 128 + 2  # SIGINT's status in the shell
    assert "Traceback" not in capsys.readouterr().err
