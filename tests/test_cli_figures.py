"""``momentum-theory figures`` / scripts/make_figures.py: order, progress, skips, failures."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from momentum_theory.cli import figures

REPOSITORY = Path(__file__).resolve().parent.parent

# A stand-in figure script: writes <name>.pdf and .png into --output-dir, or fails.
_SCRIPT = """
import argparse, pathlib, sys
parser = argparse.ArgumentParser()
parser.add_argument("--output-dir")
folder = pathlib.Path(parser.parse_args().output_dir)
{body}
"""
_WRITES = 'for suffix in ("pdf", "png"): (folder / ("{name}." + suffix)).write_bytes(b"%PDF-")'


def _repository(tmp_path: Path, scripts: dict[str, str]) -> Path:
    """A fake checkout: pyproject.toml, scripts/fig_<name>.py with the given bodies."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    (root / "figures").mkdir()
    (root / "pyproject.toml").write_text("[project]\n")
    for name, body in scripts.items():
        text = _SCRIPT.format(body=body.format(name=name))
        (root / "scripts" / f"fig_{name}.py").write_text(text)
    return root


def _parser() -> argparse.ArgumentParser:
    """A top-level parser with the figures subcommand, as cli.build_parser will have it."""
    parser = argparse.ArgumentParser(prog="momentum-theory")
    figures.register(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(*arguments: str) -> int:
    parsed = _parser().parse_args(["figures", *arguments])
    return parsed.run(parsed)


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A fake checkout with two figures, one of which needs torch, in reverse order."""
    root = _repository(
        tmp_path,
        {"training_losses": _WRITES, "heatmap": _WRITES, "zeta": _WRITES, "rates": _WRITES},
    )
    monkeypatch.setattr(figures, "repository_root", lambda: root)
    return root


def test_makes_every_figure_in_the_fixed_order_with_progress(checkout, monkeypatch, capsys):
    monkeypatch.setattr(figures, "torch_available", lambda: True)
    assert _run() == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[1] for line in lines[:-1]]
    assert names == ["heatmap", "rates", "training_losses", "zeta"]  # FIGURE_ORDER, then A-Z
    assert all(" s  " in line for line in lines[:-1])  # one timed line per figure
    assert lines[-1].startswith("4 made, 0 skipped, 0 failed in ")
    assert {p.name for p in (checkout / "figures").iterdir()} == {
        f"{n}.{s}" for n in ("heatmap", "rates", "training_losses", "zeta") for s in ("pdf", "png")
    }


def test_torch_figures_are_skipped_with_the_reason_without_torch(checkout, monkeypatch, capsys):
    monkeypatch.setattr(figures, "torch_available", lambda: False)
    assert _run("--output-dir", str(checkout / "out")) == 0
    output = capsys.readouterr().out
    assert "training_losses  skipped: PyTorch is not installed" in output
    assert "3 made, 1 skipped, 0 failed" in output
    assert not (checkout / "out" / "training_losses.pdf").exists()
    assert (checkout / "out" / "heatmap.pdf").exists()


def test_needs_torch_is_detected_by_prefix_and_by_import(tmp_path):
    root = _repository(
        tmp_path,
        {"training_sweep": _WRITES, "plain": _WRITES, "net": "import torch\n" + _WRITES},
    )
    found = {s.name: s.needs_torch for s in figures.discover(root / "scripts")}
    assert found == {"training_sweep": True, "plain": False, "net": True}


def test_only_selects_figures(checkout, monkeypatch, capsys):
    monkeypatch.setattr(figures, "torch_available", lambda: True)
    assert _run("--only", "rates", "fig_zeta.py") == 0
    assert {p.stem for p in (checkout / "figures").iterdir()} == {"rates", "zeta"}


def test_a_failing_script_makes_the_command_fail_after_the_others(tmp_path, monkeypatch, capsys):
    root = _repository(
        tmp_path,
        {
            "heatmap": "sys.exit('broken on purpose')",
            "rates": _WRITES,
            "zeta": "pass  # exits 0 but writes nothing",
        },
    )
    monkeypatch.setattr(figures, "repository_root", lambda: root)
    assert _run() == 1
    captured = capsys.readouterr()
    assert "heatmap  FAILED" in captured.out and "exited with status 1" in captured.out
    assert "broken on purpose" in captured.err  # the script's own message is shown
    assert "zeta" in captured.out and "did not write" in captured.out
    assert "1 made, 0 skipped, 2 failed" in captured.out
    assert (root / "figures" / "rates.pdf").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--only", "nonexistent"), "unknown figure 'nonexistent'"),
        (("--output-dir", "/nonexistent/deeper/figures"), "parent folder"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(checkout, capsys, arguments, message):
    with pytest.raises(SystemExit) as stop:
        _run(*arguments)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert list((checkout / "figures").iterdir()) == []


def test_output_dir_that_is_a_file_exits_2(checkout, capsys):
    target = checkout / "a-file"
    target.write_text("")
    with pytest.raises(SystemExit) as stop:
        _run("--output-dir", str(target))
    assert stop.value.code == 2
    assert "is not a folder" in capsys.readouterr().err


def test_outside_a_checkout_exits_2_with_a_clear_message(monkeypatch, capsys):
    def missing():
        raise figures.NotACheckout("no scripts/ folder beside the installed package")

    monkeypatch.setattr(figures, "repository_root", missing)
    with pytest.raises(SystemExit) as stop:
        _run()
    assert stop.value.code == 2
    assert "no scripts/ folder" in capsys.readouterr().err


def test_repository_root_of_this_checkout():
    assert figures.repository_root() == REPOSITORY


def test_real_scripts_are_discovered_in_the_paper_order():
    """Every fig_*.py of the repository, FIGURE_ORDER first; training ones need torch."""
    found = figures.discover(REPOSITORY / "scripts")
    names = [s.name for s in found]
    assert sorted(names, key=figures.order_key) == names
    assert {p.stem.removeprefix("fig_") for p in (REPOSITORY / "scripts").glob("fig_*.py")} == set(
        names
    )
    assert all(s.needs_torch == s.name.startswith("training_") for s in found)


def test_list_and_the_script_wrapper():
    """scripts/make_figures.py is the same command (here: --list, from another folder)."""
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "scripts" / "make_figures.py"), "--list"],
        cwd="/",
        capture_output=True,
        text=True,
        check=True,
    )
    assert "heatmap" in result.stdout and "scripts/fig_heatmap.py" in result.stdout


def test_two_runs_write_byte_identical_figures(tmp_path):
    """Determinism on real figures: the same bytes from two separate runs."""
    scripts = [
        s
        for s in figures.discover(REPOSITORY / "scripts")
        if s.name in {"heatmap", "amplification"}
    ]
    assert len(scripts) == 2
    runs = []
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        outcomes = figures.make_figures(scripts, tmp_path / folder, report=lambda line: None)
        assert [o.status for o in outcomes] == ["made", "made"]
        runs.append({p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()})
    assert runs[0].keys() == {
        f"{n}.{s}" for n in ("heatmap", "amplification") for s in ("pdf", "png")
    }
    assert runs[0] == runs[1]


def test_registers_as_a_subcommand_of_the_main_command(monkeypatch, capsys):
    """Once "figures" is in cli.SUBCOMMANDS, ``momentum-theory figures`` is this command."""
    from momentum_theory import cli

    if "figures" not in cli.SUBCOMMANDS:
        monkeypatch.setattr(cli, "SUBCOMMANDS", (*cli.SUBCOMMANDS, "figures"))
    assert cli.main(["figures", "--list"]) == 0
    assert "scripts/fig_heatmap.py" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        cli.main(["figures", "--only", "no_such_figure"])
    assert stop.value.code == 2
