"""Atomic, reproducible file output.

Every file the toolkit writes goes through :func:`atomic_write`: the bytes are written to
a temporary file in the destination's folder and renamed over the destination only when
complete, so an interrupted run never leaves a half-written file. Figures are saved with
fixed metadata and a rounded layout so that regenerating one gives the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FIGURE_FORMATS",
    "all_or_none",
    "atomic_write",
    "check_writable",
    "publish",
    "save_arrays",
    "save_figure",
    "staging",
]
FIGURE_FORMATS = (".png", ".pdf")

# Metadata that would otherwise change from run to run (dates, versions) is left out.
_FIGURE_METADATA = {
    ".png": {"Software": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    ".svg": {"Creator": None, "Date": None},
}


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it onto ``path`` if the block succeeds.

    Parameters
    ----------
    path : path-like
        Destination. Missing parent folders are created.
    mode : {"wb", "w"}
        Binary or text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> with atomic_write(target, "w") as stream:
    ...     _ = stream.write("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, mode) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates the file 0600; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Save ``figure`` atomically and reproducibly; the format follows the suffix.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure to save.
    path : path-like
        Destination ending in ``.png``, ``.pdf`` or ``.svg``.
    dpi : int, default 150
        Resolution of raster output.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        If the suffix is not a supported format.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FIGURE_METADATA:
        raise ValueError(f"figure path must end in .png, .pdf or .svg, got {path.name!r}")
    # SOURCE_DATE_EPOCH fixes the PDF's internal date stamps; hashsalt fixes SVG ids.
    import matplotlib

    with _source_date_epoch(), matplotlib.rc_context({"svg.hashsalt": "momentum_theory"}):
        with _rounded_layout(figure), atomic_write(path) as stream:
            figure.savefig(stream, format=suffix[1:], dpi=dpi, metadata=_FIGURE_METADATA[suffix])
    return path


# Positions are rounded to this many decimals of the figure's width and height: far below a
# pixel (1e-6 of a 6.5 in figure at 150 dpi is 1e-3 pixel), far above rounding errors.
_LAYOUT_DECIMALS = 6


@contextlib.contextmanager
def _rounded_layout(figure: Figure) -> Iterator[None]:
    """While saving, round the positions the figure's layout engine computes.

    Constrained layout solves for the positions with kiwisolver, whose result moves at the
    level of rounding errors from one draw to the next in the same process (it depends on
    the process's memory layout: 0.35124385481478604 on one draw, 0.3512438548147865 on
    the next). That is invisible, but it flips a few anti-aliased pixels of a PNG, so two
    saves of one figure were not byte-identical. Rounding the positions (axes, subfigures,
    figure-level texts) right after the layout runs makes everything drawn from them
    identical; the figure keeps its own layout engine afterwards.
    """
    from matplotlib.layout_engine import LayoutEngine, PlaceHolderLayoutEngine

    engine = figure.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        yield
        return

    class Rounded(LayoutEngine):
        _adjust_compatible = engine.adjust_compatible
        _colorbar_gridspec = engine.colorbar_gridspec

        def execute(self, fig: Figure) -> None:
            engine.execute(fig)
            _round_positions(fig)

    figure.set_layout_engine(Rounded())
    try:
        yield
    finally:
        figure.set_layout_engine(engine)


def _round_positions(figure: Figure) -> None:
    """Round the positions of ``figure``'s axes, subfigures and figure-level texts."""
    import numpy as np
    from matplotlib.transforms import Bbox

    def rounded(points: object) -> np.ndarray:
        return np.round(np.asarray(points, dtype=float), _LAYOUT_DECIMALS)

    # Every axes, also those of subfigures and colorbars (a colorbar's locator starts from
    # the position the layout gave it; an inset's ignores it).
    for ax in figure.axes:
        in_layout = ax.get_in_layout()  # set_position takes the axes out of the layout
        ax.set_position(Bbox(rounded(ax.get_position(original=True).get_points())))
        ax.set_in_layout(in_layout)
    pending = [figure]
    while pending:
        current = pending.pop()
        pending.extend(current.subfigs)
        if current is not figure:
            current.bbox_relative.set_points(rounded(current.bbox_relative.get_points()))
        for text in current.texts:  # suptitles and supxlabels, placed by the layout
            text.set_position(tuple(float(v) for v in rounded(text.get_position())))


@contextlib.contextmanager
def _source_date_epoch() -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def check_writable(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be written, or None if it can (checked before any work).

    Missing parent folders are fine (:func:`atomic_write` creates them); the nearest
    existing one must be a folder in which a file can actually be created. A probe file is
    created and removed there, because ``os.access`` answers yes to root everywhere, also
    in read-only file systems such as ``/proc``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> check_writable(folder / "new" / "figure.png") is None
    True
    >>> check_writable(folder)
    'it is a folder'
    """
    path = Path(path)
    if path.is_dir():
        return "it is a folder"
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=".momentum-theory-probe-")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as problem:
        return f"cannot create files in {folder} ({problem.strerror or problem})"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    return None


@contextlib.contextmanager
def all_or_none(paths: list[Path]) -> Iterator[None]:
    """Write several outputs as one: if the block fails, remove those it created.

    Files that existed before are left as they are (each was replaced atomically or not at
    all).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> first, second = folder / "a.txt", folder / "b.txt"
    >>> try:
    ...     with all_or_none([first, second]):
    ...         _ = first.write_text("a")
    ...         raise OSError("disk full")
    ... except OSError:
    ...     pass
    >>> first.exists()
    False
    """
    existed = {path: path.exists() for path in paths}
    try:
        yield
    except BaseException:
        for path in paths:
            if not existed[path]:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise


def save_arrays(
    path: str | os.PathLike[str],
    arrays: dict[str, object],
    *,
    metadata: dict[str, str] | None = None,
) -> Path:
    """Save named arrays atomically and byte-reproducibly as ``.npz`` or ``.csv``.

    ``.npz`` is written entry by entry with a fixed timestamp (``numpy.savez`` stamps the
    current time into the zip). ``.csv`` has a header line of the names; every array
    must then have the same length (one column each).

    ``metadata`` (where the data came from) is stored as text: in ``.npz`` one string
    entry per key (0-d, read back with ``str(archive[key])``, no pickle), in ``.csv`` one
    ``# key: value`` line per key right below the names, where the usual readers skip
    them: ``numpy.loadtxt(path, delimiter=",", skiprows=1)``,
    ``numpy.genfromtxt(path, delimiter=",", names=True)``,
    ``pandas.read_csv(path, comment="#")``.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = save_arrays(folder / "grid.npz", {"x": np.arange(3.0)}, metadata={"method": "qhm"})
    >>> archive = np.load(folder / "grid.npz")
    >>> archive["x"], str(archive["method"])
    (array([0., 1., 2.]), 'qhm')
    >>> _ = save_arrays(folder / "grid.csv", {"x": np.arange(2.0)}, metadata={"method": "qhm"})
    >>> print((folder / "grid.csv").read_text(), end="")
    x
    # method: qhm
    0
    1
    """
    import zipfile

    import numpy as np

    path = Path(path)
    suffix = path.suffix.lower()
    metadata = dict(metadata or {})
    for key, value in metadata.items():
        if key in arrays:
            raise ValueError(f"metadata key {key!r} is also the name of an array")
        if "\n" in key or "\n" in value or ":" in key:
            raise ValueError(f"metadata must be one line per key without ':' in keys, got {key!r}")
    if suffix == ".npz":
        entries = {
            **arrays,
            **{key: np.asarray(value, dtype=str) for key, value in metadata.items()},
        }
        with atomic_write(path) as stream, zipfile.ZipFile(stream, "w") as archive:
            for name, value in entries.items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                with archive.open(info, "w") as member:
                    np.lib.format.write_array(member, np.asanyarray(value), allow_pickle=False)
    elif suffix == ".csv":
        columns = [np.asarray(v, dtype=float).ravel() for v in arrays.values()]
        if len({c.size for c in columns}) > 1:
            raise ValueError("csv columns must all have the same length")
        with atomic_write(path, "w") as stream:
            stream.write(",".join(arrays) + "\n")
            stream.writelines(f"# {key}: {value}\n" for key, value in metadata.items())
            np.savetxt(stream, np.column_stack(columns), delimiter=",", fmt="%.17g")
    else:
        raise ValueError(f"data path must end in .npz or .csv, got {path.name!r}")
    return path


@contextlib.contextmanager
def staging(destination: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder on the file system of ``destination``, removed when the block ends.

    Outputs written into it and moved into ``destination`` with :func:`publish` appear
    there whole or not at all: if the block is interrupted (an error, Ctrl-C) before
    :func:`publish`, nothing reaches ``destination``. The folder is made inside
    ``destination`` when that exists, else in its nearest existing parent (where
    ``destination`` will be made), so that each move is a rename.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "figures"
    >>> try:
    ...     with staging(target) as stage:
    ...         _ = (stage / "a.txt").write_text("a")
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> target.exists(), list(target.parent.iterdir())
    (False, [])
    """
    existing = Path(destination)
    while not existing.is_dir() and existing != existing.parent:
        existing = existing.parent
    stage = Path(tempfile.mkdtemp(dir=existing, prefix=".momentum-theory-staging-"))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(stage: str | os.PathLike[str], destination: str | os.PathLike[str]) -> list[Path]:
    """Move every file of the folder ``stage`` into ``destination`` (made if missing).

    Each file replaces its namesake atomically (a rename); returns the paths written, in
    sorted order. ``stage`` must be on the file system of ``destination``
    (see :func:`staging`).
    """
    stage, destination = Path(stage), Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(p for p in stage.iterdir() if p.is_file()):
        target = destination / source.name
        os.replace(source, target)
        written.append(target)
    return written
