"""The command line: verify's success and failure paths (heatmap: cli/test_heatmap.py)."""

import json

import pytest

from momentum_theory.cli import main


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


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


def test_verify_unwritable_json_path_exits_2_before_any_check(capsys, monkeypatch):
    """/proc exists but cannot be written, even by root: refused before verifying."""
    from momentum_theory import verify

    monkeypatch.setattr(verify, "checks", lambda *a, **k: pytest.fail("verified anyway"))
    assert _run("verify", "--json", "/proc/momentum-theory/v.json") == 2
    assert "cannot create files" in capsys.readouterr().err
