"""PyTorch, imported on demand: the one place that knows how to ask for it.

Every module of :mod:`momentum_theory.training` imports without PyTorch (so that
``import momentum_theory`` and the doctest collection work on a bare install); functions
that need it call :func:`require_torch` first.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType
from typing import TYPE_CHECKING

from momentum_theory._validation import choice

if TYPE_CHECKING:
    import torch

INSTALL_COMMAND = 'pip install "momentum-theory[torch]"'

DTYPES = ("float32", "float64")


class TorchNotInstalledError(ImportError):
    """Raised by the training API when PyTorch is not installed."""


def torch_available() -> bool:
    """Whether PyTorch can be imported (without importing it)."""
    return importlib.util.find_spec("torch") is not None


def require_torch() -> ModuleType:
    """Import and return :mod:`torch`, or raise :class:`TorchNotInstalledError`.

    The error message says how to install the optional extra.
    """
    try:
        import torch
    except ImportError as error:
        raise TorchNotInstalledError(
            "momentum_theory.training needs PyTorch, an optional extra; install it with: "
            f"{INSTALL_COMMAND}"
        ) from error
    return torch


def resolve_dtype(dtype: str) -> torch.dtype:
    """The torch dtype named ``dtype`` ("float32" or "float64"); ValueError otherwise."""
    return getattr(require_torch(), choice(dtype, "dtype", DTYPES))


def resolve_device(device: str) -> torch.device:
    """The torch device named ``device``: "cpu", or "cuda"/"cuda:N" when CUDA is available.

    Raises
    ------
    ValueError
        If ``device`` is not a CPU or CUDA device, or CUDA is requested but unavailable.
    """
    torch = require_torch()
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"device must be 'cpu' or 'cuda[:N]', got {device!r}") from None
    if resolved.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"device {device!r} was requested but CUDA is not available")
        if resolved.index is not None and resolved.index >= torch.cuda.device_count():
            raise ValueError(
                f"device {device!r} does not exist: {torch.cuda.device_count()} CUDA devices"
            )
    elif resolved.type != "cpu":
        raise ValueError(f"device must be 'cpu' or 'cuda[:N]', got {device!r}")
    return resolved


@contextlib.contextmanager
def reproducible(threads: int = 1) -> Iterator[None]:
    """Run the block on ``threads`` CPU threads with deterministic algorithms, then restore.

    One thread makes CPU results independent of how work is split between threads (and
    avoids the heavy slow-down of oversubscribed threads on a shared machine); the
    deterministic switch makes a CUDA run warn rather than silently use a
    nondeterministic kernel.
    """
    torch = require_torch()
    previous_threads = torch.get_num_threads()
    previous_deterministic = torch.are_deterministic_algorithms_enabled()
    previous_warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.set_num_threads(previous_threads)
        torch.use_deterministic_algorithms(previous_deterministic, warn_only=previous_warn_only)
