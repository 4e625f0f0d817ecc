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
