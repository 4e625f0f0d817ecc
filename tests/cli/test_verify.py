"""``momentum-theory verify``: its success and failure paths, its subjects and its report."""

import dataclasses
import json

import pytest

from momentum_theory import paper
from momentum_theory.cli import main
from momentum_theory.paper._claims import at_most, claim


def _run(*arguments: str) -> int:
    try:
        return main(list(arguments))
    except SystemExit as stop:
        return stop.code


def test_verify_passes_and_writes_json(tmp_path, capsys):
    report = tmp_path / "report.json"
    assert _run("verify", "--only", "derivation", "--json", str(report)) == 0
    data = json.loads(report.read_text())
    assert data["passed"] is True
    rows = data["checks"]
    claims = paper.subject("derivation").claims
    assert len(rows) == len(claims) >= 2 and all(c["passed"] for c in rows)
    assert {c["group"] for c in rows} == {"derivation"}  # filed under the subject
    assert "PASS" in capsys.readouterr().out


def test_verify_exits_nonzero_when_a_claim_fails(monkeypatch, capsys):
    @claim
    def failing():
        return at_most("a false claim", "deliberately failing", 1.0, 0.5)

    broken = dataclasses.replace(paper.subject("derivation"), claims=(failing,))
    monkeypatch.setattr(paper, "SUBJECTS", (broken,))
    assert _run("verify") == 1
    assert "FAIL" in capsys.readouterr().out


def test_verify_reports_every_subject_in_the_papers_order(monkeypatch, capsys):
    """Rows come subject by subject, in the order of SUBJECTS (claims stubbed: cheap)."""
    rows = []

    def stub(subject):
        @claim
        def check():
            rows.append(subject.name)
            return at_most(subject.name, "stub", 0.0, 1.0)

        return dataclasses.replace(subject, claims=(check,))

    monkeypatch.setattr(paper, "SUBJECTS", tuple(stub(s) for s in paper.SUBJECTS))
    assert _run("verify") == 0
    assert rows == [subject.name for subject in paper.SUBJECTS]


def test_verify_unknown_subject_exits_2(capsys):
    assert _run("verify", "--only", "nonsense") == 2
    assert "--only: unknown subject 'nonsense'" in capsys.readouterr().err


def test_verify_bad_json_path_exits_2(tmp_path):
    assert _run("verify", "--json", str(tmp_path / "report.txt")) == 2
    assert list(tmp_path.iterdir()) == []


def test_verify_unwritable_json_path_exits_2_before_any_check(capsys, monkeypatch):
    """/proc exists but cannot be written, even by root: refused before verifying."""

    @claim
    def never():
        pytest.fail("verified anyway")

    monkeypatch.setattr(
        paper, "SUBJECTS", (dataclasses.replace(paper.SUBJECTS[0], claims=(never,)),)
    )
    assert _run("verify", "--json", "/proc/momentum-theory/v.json") == 2
    assert "cannot create files" in capsys.readouterr().err


def _stub_subject(monkeypatch, *results):
    """Replace the subjects by one whose claims return ``results`` (cheap)."""
    checks = []
    for result in results:

        @claim
        def check(result=result):
            return result

        checks.append(check)
    subject = dataclasses.replace(paper.subject("derivation"), claims=tuple(checks))
    monkeypatch.setattr(paper, "SUBJECTS", (subject,))


def test_verify_draws_no_progress_bar_into_a_log(monkeypatch, capsys):
    """stderr captured by pytest is not a terminal: no bar, no escape codes."""
    _stub_subject(monkeypatch, at_most("a", "stub", 0.0, 1.0), at_most("b", "stub", 0.0, 1.0))
    assert _run("verify") == 0
    error = capsys.readouterr().err
    assert "\r" not in error and "\x1b" not in error and "check/s" not in error


def test_verify_json_is_strict_with_the_text_beside_non_finite_figures(tmp_path, monkeypatch):
    from momentum_theory.paper._claims import skipped

    _stub_subject(
        monkeypatch,
        at_most("finite", "stub", 0.25, 1.0),
        at_most("unbounded", "stub", float("inf"), 1.0),
        skipped("not run here", "no solver"),
    )
    report = tmp_path / "report.json"
    assert _run("verify", "--json", str(report)) == 1  # inf > 1: the claim fails

    def refuse(constant):
        raise ValueError(f"non-standard JSON constant {constant}")

    data = json.loads(report.read_text(), parse_constant=refuse)
    rows = {row["claim"]: row for row in data["checks"]}
    assert (rows["finite"]["measured"], rows["finite"]["measured_text"]) == (0.25, "0.25")
    assert rows["unbounded"]["measured"] is None
    assert rows["unbounded"]["measured_text"] == "inf"
    assert rows["not run here"]["measured"] is None
    assert rows["not run here"]["measured_text"] == "nan"
    assert all(isinstance(row["measured"], (float, type(None))) for row in rows.values())
