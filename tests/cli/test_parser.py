"""The top-level ``momentum-theory`` parser: what ``--help`` says the package is."""

from __future__ import annotations

import pytest

from momentum_theory import methods
from momentum_theory.cli import SUBCOMMANDS, main


def test_top_level_help_describes_every_method_and_command(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "heavy-ball momentum method" not in text  # the old, heavy-ball-only description
    for name in methods.names():
        assert name in text
    for words in ("Nesterov", "QHM", "torch.optim.SGD"):
        assert words in text
    for command in SUBCOMMANDS:
        assert f" {command} " in text
