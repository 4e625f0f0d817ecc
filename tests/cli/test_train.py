"""Tests of ``momentum-theory train`` (momentum_theory.cli.train)."""

import argparse

import numpy as np
import pytest

from momentum_theory.cli import train as train_command


def run_train(*arguments):
    """Parse and run ``train`` on a parser that has just this subcommand."""
    parser = argparse.ArgumentParser(prog="momentum-theory")
    train_command.register(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["train", *arguments])
    return parsed.run(parsed)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--momentum", "1"],
        ["--momentum", "-0.1"],
        ["--lr", "-0.1"],
        ["--lr", "nan"],
        ["--epochs", "0"],
        ["--epochs", "100000"],
        ["--seed", "-1"],
        ["--seeds", "1"],
        ["--grid", "1"],
        ["--sweep", "--grid", "1000"],
        ["--threads", "0"],
        ["--sweep", "--lr-range", "1", "0.5"],
        ["--sweep", "--momentum-range", "0", "1"],
        ["--lr-range", "0.1", "1"],
        ["--grid", "4"],  # a --sweep option without --sweep would be ignored: refused
        ["--threads", "2"],
        ["--sweep", "--seeds", "3"],  # the sweep trains one seed
        ["--dtype", "float16"],
        ["--output", "figure.txt"],
        ["--output", "/proc/momentum-theory/figure.png"],  # exists, cannot be written
        ["--data", "/proc/numbers.npz"],
        ["--output", "a.png", "--output-dir", "."],
        ["--output-dir", "/proc/momentum-theory"],
        ["--data", "numbers.csv"],
        ["--device", "tpu"],
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(arguments, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figures").mkdir()
    with pytest.raises(SystemExit) as raised:
        run_train(*arguments)
    assert raised.value.code == 2
    assert "error" in capsys.readouterr().err
    assert list(tmp_path.rglob("*.*")) == []


def test_cuda_requested_without_cuda_exits_2(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here")
    with pytest.raises(SystemExit) as raised:
        run_train("--device", "cuda", "--output", str(tmp_path / "f.png"))
    assert raised.value.code == 2
    assert "CUDA is not available" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_comparison_writes_the_figure_and_numbers(tmp_path, capsys):
    pytest.importorskip("torch")
    status = run_train(
        "--epochs",
        "1",
        "--seeds",
        "2",
        "--output-dir",
        str(tmp_path),
        "--data",
        str(tmp_path / "numbers.npz"),
    )
    assert status == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["numbers.npz", "training_losses.pdf", "training_losses.png"]
    out = capsys.readouterr().out
    assert "momentum beats SGD on" in out and "lambda_max at the start" in out
    numbers = np.load(tmp_path / "numbers.npz")
    assert numbers["losses_momentum"].shape == (2, 32)
    assert numbers["seeds"].tolist() == [1, 2]


def test_sweep_writes_the_heatmap(tmp_path, capsys):
    pytest.importorskip("torch")
    figure = tmp_path / "sweep.pdf"
    status = run_train(
        "--sweep",
        "--grid",
        "4",
        "--epochs",
        "1",
        "--lr-range",
        "0.01",
        "3",
        "--output",
        str(figure),
        "--data",
        str(tmp_path / "grid.npz"),
    )
    assert status == 0 and figure.stat().st_size > 0
    grid = np.load(tmp_path / "grid.npz")
    assert grid["final_loss"].shape == (4, 4)
    np.testing.assert_array_equal(np.isnan(grid["final_loss"]), grid["diverged"])
    out = capsys.readouterr().out
    assert " diverged, " in out and " trained" in out
    assert "collapsed (every hidden unit dead" in out


def test_a_diverging_run_is_a_result_not_a_traceback(tmp_path, capsys):
    """`train --lr 100`: every run diverges; the report says which seeds, at which step."""
    pytest.importorskip("torch")
    status = run_train(
        "--lr", "100", "--epochs", "1", "--seeds", "2", "--output", str(tmp_path / "f.png")
    )
    assert status == 0 and (tmp_path / "f.png").stat().st_size > 0
    out = capsys.readouterr().out
    assert "momentum       diverged on 2/2 seeds (seed 1 at step" in out
    assert "not measured, the momentum run diverged at step" in out
    assert "share of the gain not explained by the effective step: not defined" in out


def test_partly_diverging_comparison_prints_no_nan_or_inf_shares(tmp_path, capsys):
    """`train --lr 0.5`: only the control (lr/(1-beta) = 2.5) diverges."""
    pytest.importorskip("torch")
    run_train("--lr", "0.5", "--epochs", "1", "--seeds", "2", "--output", str(tmp_path / "f.png"))
    out = capsys.readouterr().out
    assert "nan%" not in out and "inf%" not in out and "inf +-" not in out
    assert "sgd_effective  diverged on 2/2 seeds" in out


def test_momentum_zero_is_the_sgd_baseline(tmp_path, capsys):
    pytest.importorskip("torch")
    numbers = tmp_path / "numbers.npz"
    status = run_train(
        "--momentum", "0", "--epochs", "1", "--seeds", "2",
        "--output", str(tmp_path / "f.png"), "--data", str(numbers),
    )  # fmt: skip
    assert status == 0
    saved = np.load(numbers)
    # torch's SGD with momentum 0 is plain SGD: the same losses, bit for bit.
    np.testing.assert_array_equal(saved["losses_momentum"], saved["losses_sgd"])


def test_outputs_go_where_the_user_says_with_folders_created(tmp_path, monkeypatch, capsys):
    """No figures/ folder is needed, and the default never touches the repository's."""
    pytest.importorskip("torch")
    monkeypatch.chdir(tmp_path)
    status = run_train("--epochs", "1", "--seeds", "2", "--data", "out/deep/numbers.npz")
    assert status == 0
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.*")) == [
        "out/deep/numbers.npz",
        "training_losses.png",
    ]
