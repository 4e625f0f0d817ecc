"""``momentum-theory figures``: the registry's figures made in-process, where the user says."""

from __future__ import annotations

from pathlib import Path

import pytest
from artefacts import assert_same_numbers

from momentum_theory import cli, paper
from momentum_theory.cli import figures
from momentum_theory.paper._subject import DATA, FORMATS

REPOSITORY = Path(__file__).resolve().parents[2]
FIGURES = paper.figures()


def _item(name: str, folder: Path, needs_torch: bool = False, fail: bool = False):
    def make() -> list[Path]:
        if fail:
            raise RuntimeError("broken on purpose")
        path = folder / f"{name}.pdf"
        path.write_bytes(b"%PDF-")
        return [path]

    reason = "PyTorch is not installed (pip install ...)" if needs_torch else None
    return figures._Item(name, make, lambda: reason)


def test_make_all_runs_in_order_skips_torch_and_survives_a_failure(tmp_path, capsys):
    items = [
        _item("a", tmp_path),
        _item("broken", tmp_path, fail=True),
        _item("net", tmp_path, needs_torch=True),
        _item("b", tmp_path),
    ]
    lines: list[str] = []
    outcomes = figures.make_all(items, report=lines.append)
    assert [(o.name, o.status) for o in outcomes] == [
        ("a", "made"),
        ("broken", "failed"),
        ("net", "skipped"),
        ("b", "made"),
    ]
    assert lines[0].startswith("[1/4] a")
    assert "FAILED" in lines[1] and "RuntimeError: broken on purpose" in lines[1]
    assert "skipped: PyTorch is not installed" in lines[2]
    assert lines[-1].startswith("2 made, 1 skipped, 1 failed in ")
    assert "broken on purpose" in capsys.readouterr().err  # the traceback, for debugging
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]


def test_list_names_every_registered_figure_in_the_paper_order(capsys):
    assert cli.main(["figures", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(FIGURES)
    flagged = [line.split()[0] for line in lines if "(needs PyTorch)" in line]
    assert flagged == [name for name, figure in FIGURES.items() if "torch" in figure.needs]


def test_writes_into_figures_of_the_current_directory_by_default(tmp_path, monkeypatch, capsys):
    """No checkout needed: the figure comes from the package, written where the user is."""
    monkeypatch.chdir(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in (REPOSITORY / "figures").iterdir()}
    assert cli.main(["figures", "--only", "comparison2d"]) == 0
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [
        f"comparison2d{suffix}" for suffix in sorted((*FORMATS, DATA))
    ]
    after = {p: p.stat().st_mtime_ns for p in (REPOSITORY / "figures").iterdir()}
    assert before == after, "the command wrote into the source checkout"
    assert "1 made, 0 skipped, 0 failed" in capsys.readouterr().out


def test_numbers_are_written_beside_the_figures(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paper, "SUBJECTS", (paper.subject("amplification"),))
    status = cli.main(
        [
            "figures",
            "--only",
            "amplification",
            "--output-dir",
            str(tmp_path / "fig"),
            "--numbers",
            str(tmp_path / "gen"),
        ]
    )
    assert status == 0
    assert_same_numbers(
        tmp_path / "gen" / "amplification.tex",
        "paper/generated/amplification.tex",
        "momentum-theory figures --only amplification --numbers paper/generated",
    )
    assert "numbers:amplification" in capsys.readouterr().out
    index = (tmp_path / "gen" / "index.tex").read_text(encoding="utf-8")
    assert index.endswith("\\InputIfFileExists{generated/amplification.tex}{}{}\n")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--only", "nonsense"], "--only: unknown figure 'nonsense'"),
        (["--output-dir", "{file}"], "is not a folder"),
        (["--numbers", "{file}/below"], "is not a folder"),
    ],
)
def test_bad_arguments_exit_2_and_write_nothing(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SystemExit) as stop:
        cli.main(["figures", *(a.format(file=blocker) for a in arguments)])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err
    assert sorted(tmp_path.iterdir()) == [blocker]


def test_the_registry_names_its_figures_when_the_name_is_unknown():
    with pytest.raises(ValueError, match="name must be one of 'heatmap'"):
        paper.figure("nonsense")


def test_figures_that_need_the_pep_extra_are_skipped_without_it(tmp_path, monkeypatch, capsys):
    from momentum_theory.beyond import _pep
    from momentum_theory.cli import main

    monkeypatch.setattr(_pep, "pep_available", lambda: False)
    assert main(["figures", "--only", "certified", "--output-dir", str(tmp_path)]) == 0
    assert "skipped: PEPit and cvxpy are not installed" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_an_output_dir_that_cannot_be_made_is_refused_before_any_work(monkeypatch, capsys):
    """os.access says yes to root in /proc; the command must try, and refuse in one line."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs a /proc file system")

    def must_not_run(*arguments, **keywords):
        raise AssertionError("a figure was computed")

    monkeypatch.setattr(paper, "make_figure", must_not_run)
    with pytest.raises(SystemExit) as stop:
        cli.main(["figures", "--only", "comparison2d", "--output-dir", "/proc/figs"])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--output-dir: cannot write into '/proc/figs'" in error
    assert "Traceback" not in error


def _interrupt_at(monkeypatch, name: str, error: BaseException) -> None:
    """Make ``paper.make_figure`` write the figure ``name``'s PDF, then raise ``error``."""
    real = paper.make_figure

    def make_figure(figure, folder):
        if figure.name != name:
            return real(figure, folder)
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(b"%PDF- half")
        raise error

    monkeypatch.setattr(paper, "make_figure", make_figure)


def test_ctrl_c_midway_leaves_the_output_folder_as_it_was(tmp_path, monkeypatch, capsys):
    """The first figure is made, Ctrl-C comes during the second: nothing reaches the folder
    (neither the first figure nor a piece of the second), and no staging folder is left."""
    output = tmp_path / "figures"
    output.mkdir()
    kept = output / "comparison2d.png"
    kept.write_bytes(b"the committed figure")
    first, second = [name for name in FIGURES if name in ("amplification", "comparison2d")]
    _interrupt_at(monkeypatch, second, KeyboardInterrupt())
    status = cli.main(["figures", "--only", first, second, "--output-dir", str(output)])
    assert status == 128 + 2
    assert f"[1/2] {first}" in capsys.readouterr().out  # the first one was made
    assert sorted(output.iterdir()) == [kept] and kept.read_bytes() == b"the committed figure"
    assert sorted(tmp_path.iterdir()) == [output]


def test_a_failed_figure_leaves_none_of_its_files_and_the_others_are_written(
    tmp_path, monkeypatch, capsys
):
    _interrupt_at(monkeypatch, "comparison2d", RuntimeError("broken on purpose"))
    status = cli.main(
        ["figures", "--only", "amplification", "comparison2d", "--output-dir", str(tmp_path)]
    )
    assert status == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"amplification{suffix}" for suffix in sorted((*FORMATS, DATA))
    ]
    out = capsys.readouterr().out
    assert f"{tmp_path / 'amplification.pdf'}" in out  # reported where it was moved to


def test_the_default_folder_is_never_a_checkouts_committed_figures(monkeypatch, capsys):
    """From the repository's root the default would write over tracked files: refused."""
    if not (REPOSITORY / "paper" / "main.tex").is_file():
        pytest.skip("needs a source checkout")

    def must_not_run(*arguments, **keywords):
        raise AssertionError("a figure was computed")

    monkeypatch.setattr(paper, "make_figure", must_not_run)
    monkeypatch.chdir(REPOSITORY)
    before = {p: p.stat().st_mtime_ns for p in (REPOSITORY / "figures").iterdir()}
    with pytest.raises(SystemExit) as stop:
        cli.main(["figures", "--only", "comparison2d"])
    assert stop.value.code == 2
    error = capsys.readouterr().err
    assert "committed figures" in error and "(--output-dir figures)" in error
    after = {p: p.stat().st_mtime_ns for p in (REPOSITORY / "figures").iterdir()}
    assert before == after
