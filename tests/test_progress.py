"""Progress bars: drawn on a terminal, never written into a log or a pipe."""

from __future__ import annotations

import io

from momentum_theory._progress import is_terminal, progress


class Terminal(io.StringIO):
    """A text stream that says it is an interactive terminal."""

    def isatty(self) -> bool:
        return True


class Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_a_file_or_pipe_is_not_a_terminal_and_a_tty_is():
    assert not is_terminal(io.StringIO())
    assert not is_terminal(Closed())
    assert not is_terminal(object())  # no isatty at all
    assert is_terminal(Terminal())


def test_no_bar_is_written_to_a_stream_that_is_not_a_terminal():
    log = io.StringIO()
    assert list(progress(range(5), file=log, desc="work")) == list(range(5))
    assert log.getvalue() == ""


def test_a_bar_is_drawn_on_a_terminal_unless_the_caller_declines():
    """The check above is not vacuous: the same call on a terminal does draw a bar."""
    terminal = Terminal()
    assert list(progress(range(5), file=terminal, desc="work")) == list(range(5))
    assert "work" in terminal.getvalue() and "\r" in terminal.getvalue()
    declined = Terminal()
    list(progress(range(5), enabled=False, file=declined))
    assert declined.getvalue() == ""


def test_the_default_stream_is_stderr(capsys):
    """Under pytest stderr is captured (not a terminal): nothing is drawn there."""
    list(progress(range(3), desc="quiet"))
    assert capsys.readouterr().err == ""


def test_every_bar_of_the_package_goes_through_progress():
    """One rule for every bar: no other module of the package imports tqdm."""
    from pathlib import Path

    import momentum_theory

    package = Path(momentum_theory.__file__).parent
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tqdm" in path.read_text(encoding="utf-8").replace("a tqdm progress bar", "")
    )
    assert users == ["_progress.py"]
