"""``momentum-theory classify``: prints the verdict, writes its proof (which check-proof
accepts), and exits 2 on bad arguments without writing anything."""

import json
import sys
from fractions import Fraction

import pytest

from momentum_theory import methods
from momentum_theory.cli import main
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.format import read_proofs

GD = ("--method", "gradient_descent", "--mu", "1", "--L", "10")
SGD = ("--method", "pytorch_sgd", "--mu", "1", "--L", "10")


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def test_mu_equal_L_certified_and_the_proof_checks(tmp_path, capsys):
    """Gradient descent, alpha = 1/4 on S(2, 2): the one root is 1 - alpha L = 1/2."""
    proof = tmp_path / "sub" / "gd.json"
    arguments = ("--method", "gradient_descent", "--mu", "2", "--L", "2", "--set", "alpha=0.25")
    assert _run("classify", *arguments, "--proof", str(proof)) == 0
    out = capsys.readouterr().out
    assert "gradient_descent over S(2, 2): certified" in out
    assert "rate: 1/2 = 0.5000000000" in out and "proof: quadratic_class" in out
    assert check_proof(read_proofs(proof)[0]).passed
    assert _run("check-proof", str(proof)) == 0


def test_unstable_as_json(tmp_path, capsys):
    """Heavy ball alpha = 1/2, beta = 1/2 on S(1, 10): alpha L = 5 > 2 (1 + beta)."""
    arguments = ("--method", "heavy_ball", "--mu", "1", "--L", "10")
    assert _run("classify", *arguments, "--set", "alpha=0.5", "--set", "beta=0.5", "--json") == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["status"] == "unstable" and verdict["rate"] is None
    assert verdict["proof"]["h"] == "10" and check_proof(verdict["proof"]).passed
    assert verdict["quadratic_rate"] > 1


def test_flags_are_read_as_heatmap_reads_them(capsys):
    arguments = ("--method", "pytorch_sgd", "--mu", "1", "--L", "1", "--set", "lr=0.5")
    assert _run("classify", *arguments, "--set", "nesterov=yes", "--set", "momentum=0.5") == 0
    assert "certified" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--mu", "1", "--L", "10", "--set", "alpha=0.1"], "--method"),
        (["--method", "heavy_ball", "--mu", "2", "--L", "1", "--set", "alpha=0.1"], "--mu"),
        (["--method", "heavy_ball", "--mu", "0", "--L", "1"], "--mu"),
        (["--method", "heavy_ball", "--mu", "1", "--L", "10", "--set", "alpha=0.1"], "beta"),
        (["--method", "heavy_ball", "--mu", "1", "--L", "10", "--set", "nu=0.1"], "nu"),
        (["--method", "heavy_ball", "--mu", "1", "--L", "10", "--set", "alpha"], "NAME=VALUE"),
        (["--method", "heavy_ball", "--mu", "1", "--L", "10", "--set", "alpha=x"], "number"),
        (
            [*GD, "--set", "alpha=0.1", "--set", "alpha=0.2"],
            "twice",
        ),
        (
            [*SGD, "--set", "lr=0.1", "--set", "nesterov=maybe"],
            "true or false",
        ),
        (
            [*SGD, "--set", "lr=0.1", "--set", "weight_decay=-1"],
            "weight_decay",
        ),
        (["--method", "gradient_descent", "--mu", "1", "--L", "1", "--set", "alpha=0.1"], None),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, capsys, arguments, message):
    if message is None:  # a good command with a bad output path
        proof, message = tmp_path / "proof.txt", "--proof"
    else:
        proof = tmp_path / "proof.json"
    assert _run("classify", *arguments, "--proof", str(proof)) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert list(tmp_path.iterdir()) == []


def test_unknown_writes_no_proof(tmp_path, capsys, monkeypatch):
    import momentum_theory.proofs.lyapunov as lyapunov

    monkeypatch.setattr(lyapunov, "lyapunov_proof", lambda *args, **kwargs: None)
    monkeypatch.setitem(sys.modules, "momentum_theory.proofs.cycle", None)
    arguments = ("--method", "heavy_ball", "--mu", "1", "--L", "2", "--set", "alpha=0.5")
    proof = tmp_path / "proof.json"
    assert _run("classify", *arguments, "--set", "beta=0.5", "--proof", str(proof)) == 0
    captured = capsys.readouterr()
    assert "unknown" in captured.out and "cycles not searched" in captured.out
    assert "no proof to write" in captured.err
    assert not proof.exists()


def test_without_cvxpy_where_the_quadratics_do_not_decide(tmp_path, capsys, monkeypatch):
    from momentum_theory.beyond._pep import PepNotInstalledError

    def missing(self, **kwargs):
        raise PepNotInstalledError("cvxpy is not installed")

    monkeypatch.setattr(type(methods.get("gradient_descent")), "classify", missing)
    proof = tmp_path / "proof.json"
    arguments = ("--method", "gradient_descent", "--mu", "1", "--L", "10", "--set", "alpha=0.1")
    assert _run("classify", *arguments, "--proof", str(proof)) == 2
    assert "cvxpy" in capsys.readouterr().err and not proof.exists()


@pytest.mark.solver
def test_certified_over_the_class_and_check_proof_agrees(tmp_path, capsys):
    """Gradient descent at 2/(mu + L) on S(1, 10): rate 9/11 (Lessard, Recht and Packard
    2016); the proof's rate is within the issue's 2e-4 above it."""
    pytest.importorskip("cvxpy")
    proof = tmp_path / "gd.json"
    arguments = ("--method", "gradient_descent", "--mu", "1", "--L", "10")
    assert _run("classify", *arguments, "--set", f"alpha={2 / 11!r}", "--proof", str(proof)) == 0
    out = capsys.readouterr().out
    assert "certified" in out and "proof: lyapunov" in out and f"wrote {proof}" in out
    (written,) = read_proofs(proof)
    rate = float(Fraction(written["rho"]))
    assert 0 <= rate - 9 / 11 <= 2e-4
    assert f"rate: {written['rho']} = {rate:.10f}" in out
    assert _run("check-proof", str(proof)) == 0
