"""Argument helpers shared by the subcommands: typed parsers and checked output paths."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from momentum_theory._io import check_writable

# The words --set accepts for a flag (nesterov=true), case-insensitive.
FLAG_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def finite_float(text: str) -> float:
    """argparse type: a finite real number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite number > 0."""
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def output_path(
    parser: argparse.ArgumentParser, option: str, value: str, suffixes: tuple[str, ...]
) -> Path:
    """Check that ``value`` has one of ``suffixes`` and can be written; else exit 2.

    The one rule for every command's outputs: they go where the user says, missing folders
    are created when writing, and a path that cannot be written is refused before any work.
    """
    path = Path(value)
    expected = " or ".join(suffixes)
    if path.is_dir():
        parser.error(
            f"{option}: {value!r} is a folder; give a file name ending in {expected}, "
            f"e.g. {str(path / ('name' + suffixes[0]))!r}"
        )
    if not path.suffix:
        parser.error(
            f"{option}: {value!r} has no suffix; give a file name ending in {expected} "
            "(the suffix picks the format)"
        )
    if path.suffix.lower() not in suffixes:
        parser.error(
            f"{option}: unknown format {path.suffix!r} in {value!r}; "
            f"use one of {', '.join(suffixes)}"
        )
    problem = check_writable(path)
    if problem:
        parser.error(f"{option}: cannot write {value!r}: {problem}")
    return path


def output_folder(parser: argparse.ArgumentParser, option: str, value: str) -> Path:
    """Check that ``value`` is a folder that exists or can be made, and written; else exit 2.

    A file is actually created (and removed) in the nearest existing folder, as
    :func:`~momentum_theory._io.check_writable` does: ``os.access`` answers yes to root
    everywhere, also in ``/proc``.
    """
    folder = Path(value)
    if folder.exists() and not folder.is_dir():
        parser.error(f"{option}: {value!r} is not a folder")
    problem = check_writable(folder / ".momentum-theory-probe")
    if problem:
        parser.error(f"{option}: cannot write into {value!r}: {problem}")
    return folder


def parameter_settings(
    parser: argparse.ArgumentParser,
    items: list[str],
    method: Any,
    *,
    refuse: Callable[[str], str | None] = lambda name: None,
) -> dict[str, float | bool]:
    """The ``--set NAME=VALUE`` items of ``method``'s parameters; else exit 2 naming the item.

    The one reading of ``--set`` for every command: a known parameter, set once, a flag as
    one of :data:`FLAG_WORDS`, a number finite. ``refuse(name)`` returns why a command does
    not take ``name`` here (``heatmap``: it is plotted), or None.
    """
    settings: dict[str, float | bool] = {}
    for item in items:
        name, equals, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not equals or not name or not text:
            parser.error(f"--set: expected NAME=VALUE, got {item!r}")
        if name not in method.parameters:
            parser.error(
                f"--set: {method.name} has no parameter {name!r}; its parameters are "
                f"{', '.join(method.parameters)}"
            )
        problem = refuse(name)
        if problem:
            parser.error(f"--set: {problem}")
        if name in settings:
            parser.error(f"--set: {name} is set twice")
        if method.parameter(name).is_flag:
            if text.lower() not in FLAG_WORDS:
                parser.error(f"--set: {name} must be true or false, got {text!r}")
            settings[name] = FLAG_WORDS[text.lower()]
        else:
            try:
                settings[name] = finite_float(text)
            except argparse.ArgumentTypeError as error:
                parser.error(f"--set: {name}: {error}")
    return settings
