"""Compute each experiment once: in memory for a process, on disk across processes.

An experiment is a function of keyword settings that returns a frozen result. Its figure,
its paper numbers and its ``verify`` rows all read that one result; the decorator
:func:`experiment` makes the three share one computation:

* in a process, results are memoised by (experiment, settings);
* across processes (``make -C paper`` runs one process per figure and per subject), set
  the environment variable ``MOMENTUM_THEORY_CACHE`` to a folder and results are pickled
  there, keyed by the experiment's name, its settings and a hash of the package's source
  (so any change to the code recomputes everything). Files are written atomically.

The cache is a speed-up only: a missing or unreadable entry is recomputed.

Every caller gets the same object, so a result is made immutable before anyone sees it
(:func:`freeze`): its arrays are read-only, its dictionaries read-only mappings, its lists
tuples. Writing into ``single_curvature_grid().rate`` raises instead of changing what the
next figure, number or claim reads.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import functools
import hashlib
import inspect
import os
import pickle
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

__all__ = ["CACHE_VARIABLE", "clear_memory", "experiment", "freeze", "isolated", "source_hash"]

CACHE_VARIABLE = "MOMENTUM_THEORY_CACHE"
# The whole package, wherever this module sits in it: an experiment's result depends on the
# library it calls, not only on the paper's machinery. (Read from the loaded package, not
# imported: this module must not import the package's root.)
_PACKAGE = Path(sys.modules[__name__.partition(".")[0]].__file__).resolve().parent
_memory: dict[str, Any] = {}

Result = TypeVar("Result")


@functools.cache
def source_hash() -> str:
    """SHA-256 of every ``.py`` file of the package (paths and contents), hex."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def clear_memory() -> None:
    """Forget the results memoised in this process (tests use it)."""
    _memory.clear()


@contextlib.contextmanager
def isolated() -> Iterator[None]:
    """Run experiments afresh inside the block: no memoised or on-disk results are read or
    written there, and the memoised results from before are back afterwards.

    Tests that patch a kernel to check that a claim then fails use it, so the patched
    result is neither taken from nor left in the cache.
    """
    saved = dict(_memory)
    folder = os.environ.pop(CACHE_VARIABLE, None)
    _memory.clear()
    try:
        yield
    finally:
        _memory.clear()
        _memory.update(saved)
        if folder is not None:
            os.environ[CACHE_VARIABLE] = folder


def _key(name: str, settings: dict[str, Any]) -> str:
    text = f"{name}({', '.join(f'{k}={v!r}' for k, v in sorted(settings.items()))})"
    return hashlib.sha256(f"{source_hash()}\n{text}".encode()).hexdigest()


def _mapping_proxy(mapping: dict) -> MappingProxyType:
    """Rebuild a read-only mapping when a cached result is loaded."""
    return MappingProxyType(mapping)


def _reduce_mapping_proxy(proxy: MappingProxyType) -> tuple[Callable, tuple[dict]]:
    return _mapping_proxy, (dict(proxy),)


def freeze(value: Result) -> Result:
    """Make ``value`` immutable in place where it can be, and return it (or its copy).

    Walks dataclass fields, tuples, lists, dictionaries, read-only mappings and object
    arrays: every array becomes read-only, every dictionary a
    :class:`~types.MappingProxyType`, every list a tuple (fields of frozen dataclasses are
    replaced in place). Anything else (numbers, strings, SymPy expressions) is returned as
    it is.

    Examples
    --------
    >>> import numpy as np
    >>> frozen = freeze({"rate": np.zeros(2), "steps": [1, 2]})
    >>> frozen["steps"], frozen["rate"].flags.writeable
    ((1, 2), False)
    """
    return _freeze(value, {})


def _freeze(value: Any, done: dict[int, Any]) -> Any:
    if id(value) in done:  # shared or cyclic parts are frozen once
        return done[id(value)]
    done[id(value)] = value
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            for index, item in np.ndenumerate(value):
                value[index] = _freeze(item, done)
        value.flags.writeable = False
        frozen: Any = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            replacement = _freeze(item, done)
            if replacement is not item:
                object.__setattr__(value, field.name, replacement)
        frozen = value
    elif isinstance(value, (dict, MappingProxyType)):
        frozen = MappingProxyType({key: _freeze(item, done) for key, item in value.items()})
    elif isinstance(value, list) or type(value) is tuple:
        frozen = tuple(_freeze(item, done) for item in value)
    elif isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        frozen = type(value)(*(_freeze(item, done) for item in value))
    else:
        frozen = value
    done[id(value)] = frozen
    return frozen


def _store(path: Path, result: object) -> None:
    """Pickle ``result`` to ``path`` atomically; warn and write nothing if it cannot be."""
    from momentum_theory._io import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_write(path, "wb") as stream:
            pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
            # Read-only mappings in frozen results pickle as the mapping they wrap.
            pickler.dispatch_table = {
                **copyreg.dispatch_table,
                MappingProxyType: _reduce_mapping_proxy,
            }
            pickler.dump(result)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        warnings.warn(
            f"experiment result not cached on disk ({error}); it will be recomputed",
            RuntimeWarning,
            stacklevel=3,
        )


def experiment(function: Callable[..., Result]) -> Callable[..., Result]:
    """Decorate an experiment so that it runs once per settings (see the module docstring).

    The settings must have stable ``repr``s (numbers, strings, tuples); pass arrays as
    tuples. The result is frozen (:func:`freeze`) before it is returned or stored.
    """
    signature = inspect.signature(function)
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args: Any, **kwargs: Any) -> Result:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = _key(name, dict(bound.arguments))
        if key in _memory:
            return _memory[key]
        folder = os.environ.get(CACHE_VARIABLE)
        path = Path(folder) / f"{key}.pickle" if folder else None
        if path is not None and path.is_file():
            try:
                with path.open("rb") as stream:
                    result = pickle.load(stream)
            except Exception:  # a damaged entry is recomputed, never trusted
                result = None
            else:
                result = _memory[key] = freeze(result)
                return result
        result = _memory[key] = freeze(function(*bound.args, **bound.kwargs))
        if path is not None:
            _store(path, result)
        return result

    return cached
