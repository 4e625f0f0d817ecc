r"""What a figure draws, as data: to compare a figure made on one machine with another's.

A PDF or PNG made from the same numbers differs in its bytes between machines as soon as a
number differs in its last bit (other BLAS kernels), so committed figures are compared
through what they draw instead. :func:`drawn` walks a figure and records, for every axes,
each line, point set, path collection, mesh, image and patch *in the units it is drawn
in*: positions as fractions of the axes (log scales included, so a decade is the same
distance everywhere) and colours as fractions of their colour scale. Each array is kept as
its shape, the count of undrawn rows (not finite: masked, grey), the mean, minimum and
maximum of its drawn rows, and up to :data:`SAMPLES` evenly spaced rows, rounded to
:data:`DECIMALS` decimals. Titles, labels, legend entries and other texts are kept as
they read. :func:`write_drawn` stores that beside the figure (``figures/<name>.json``,
written by ``momentum-theory figures``); :func:`compare_drawn` compares two
records:

- the same artists, shapes and counts of undrawn rows;
- every recorded position and colour within :data:`TOLERANCE` (a thousandth of an axes or
  of a colour scale: a fifth of a thin line's width in the paper's print, and a quarter of
  one step of a 256-colour map);
- every text equal but for its numbers, which may differ by one unit in their last
  printed digit (:func:`momentum_theory._printed.compare_printed`).

A mark whose values are rounding errors (relative errors near the unit roundoff, gaps
counted in units of roundoff) moves by whole decades on a log scale from one BLAS kernel to
another; its plotting function says so with :func:`mark_rounding_level`, and of such a mark
only the shape is compared.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> figure, ax = plt.subplots()
>>> _ = ax.plot([0.0, 1.0, 2.0], [1.0, 3.0, 2.0])
>>> _ = ax.set(xlim=(0, 2), ylim=(1, 3), title="rate 0.519")
>>> record = drawn(figure)
>>> record["arrays"]["axes0.line0"]["sample"]
[[0.0, 0.0], [0.5, 1.0], [1.0, 0.5]]
>>> moved = drawn(figure)
>>> moved["texts"]["axes0.title"] = "rate 0.518"
>>> compare_drawn(moved, record)
[]
>>> moved["arrays"]["axes0.line0"]["sample"][1][1] = 0.99
>>> compare_drawn(moved, record)
['axes0.line0: sample differs by 0.01 (tolerance 0.001)']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DECIMALS",
    "ROUNDING_LEVEL",
    "SAMPLES",
    "TOLERANCE",
    "compare_drawn",
    "drawn",
    "mark_rounding_level",
    "read_drawn",
    "write_drawn",
]

TOLERANCE = 1e-3
DECIMALS = 5
SAMPLES = 32
ROUNDING_LEVEL = "rounding-level"


def mark_rounding_level(artist: Artist, name: str) -> Artist:
    """Say that ``artist`` draws rounding errors: only its shape is compared across machines.

    Sets the artist's ``gid`` to ``rounding-level-<name>`` (``name``: letters, digits and
    hyphens, unique in the figure, as SVG ids must be). Returns the artist.
    """
    artist.set_gid(f"{ROUNDING_LEVEL}-{name}")
    return artist


def _rows(values: Any) -> np.ndarray:
    array = np.ma.filled(np.ma.asarray(values, dtype=float), np.nan)
    return array.reshape(len(array), -1) if array.ndim > 1 else array.reshape(-1, 1)


def _summary(values: np.ndarray, shape: tuple[int, ...], rounding_level: bool) -> dict:
    """The record of one array of drawn rows."""
    record: dict[str, Any] = {"shape": list(shape)}
    if rounding_level:
        record["rounding_level"] = True
        return record
    finite = np.all(np.isfinite(values), axis=1)
    record["undrawn"] = int(np.count_nonzero(~finite))

    def numbers(array: np.ndarray) -> list:
        return [None if not np.isfinite(v) else round(float(v), DECIMALS) + 0.0 for v in array]

    if finite.any():
        shown = values[finite]
        record["mean"] = numbers(shown.mean(axis=0))
        record["min"] = numbers(shown.min(axis=0))
        record["max"] = numbers(shown.max(axis=0))
    picked = np.unique(np.linspace(0, len(values) - 1, min(len(values), SAMPLES)).round())
    record["sample"] = [numbers(row) for row in values[picked.astype(int)]]
    return record


def _colours(mappable: Any) -> np.ndarray:
    """A mappable's values as fractions of its colour scale (undrawn ones NaN)."""
    values = np.ma.masked_invalid(np.ma.asarray(mappable.get_array(), dtype=float))
    if values.ndim == 3:  # an RGB(A) image: its colours are the data
        return _rows(values.reshape(-1, values.shape[-1]))
    return _rows(np.ma.ravel(mappable.norm(values)))


def _axes_arrays(ax: Axes) -> dict[str, tuple[np.ndarray, tuple[int, ...], bool]]:
    """Every array ``ax`` draws, in axes fractions and colour fractions."""
    from matplotlib.collections import QuadMesh

    found: dict[str, tuple[np.ndarray, tuple[int, ...], bool]] = {}

    def add(key: str, artist: Any, rows: np.ndarray, shape: tuple[int, ...]) -> None:
        marked = str(artist.get_gid() or "").startswith(ROUNDING_LEVEL)
        found[key] = (rows, shape, marked)

    def position(artist: Any, key: str, xy: Any, transform: Any) -> None:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        rows = (transform - ax.transAxes).transform(xy) if len(xy) else xy
        add(key, artist, rows, xy.shape)

    for j, line in enumerate(ax.lines):
        position(line, f"line{j}", line.get_xydata(), line.get_transform())
    for j, collection in enumerate(ax.collections):
        offsets = np.asarray(collection.get_offsets())
        if isinstance(collection, QuadMesh):
            coordinates = collection.get_coordinates()
            position(collection, f"mesh{j}", coordinates, collection.get_transform())
        elif len(offsets) > 1 or np.any(offsets):  # markers placed at offsets (a scatter)
            position(collection, f"points{j}", offsets, collection.get_offset_transform())
        else:  # shapes in data coordinates: filled areas, contours, line segments
            paths = [path.vertices for path in collection.get_paths()]
            vertices = np.concatenate(paths) if paths else np.zeros((0, 2))
            position(collection, f"paths{j}", vertices, collection.get_transform())
        if collection.get_array() is not None:
            colours = _colours(collection)
            add(f"colours{j}", collection, colours, colours.shape)
    for j, image in enumerate(ax.images):
        colours = _colours(image)
        add(f"image{j}", image, colours, np.shape(image.get_array()))
        x0, x1, y0, y1 = image.get_extent()
        position(image, f"extent{j}", [(x0, y0), (x1, y1)], image.get_transform())
    for j, patch in enumerate(ax.patches):
        position(patch, f"patch{j}", patch.get_path().vertices, patch.get_transform())
    return found


def _texts(figure: Figure) -> dict[str, str]:
    """Titles, labels, legend entries and free texts, by where they are."""
    texts: dict[str, str] = {}
    figures, j = [figure], 0
    while j < len(figures):  # the figure and its subfigures: suptitles, figure legends
        figures.extend(figures[j].subfigs)
        j += 1
    for k, current in enumerate(figures):
        where = "figure" if k == 0 else f"subfigure{k - 1}"
        for j, text in enumerate(current.texts):
            texts[f"{where}.text{j}"] = text.get_text()
        for j, legend in enumerate(current.legends):
            texts[f"{where}.legend{j}"] = " | ".join(t.get_text() for t in legend.get_texts())
    for i, ax in enumerate(figure.axes):
        for loc in ("left", "center", "right"):
            if ax.get_title(loc):
                texts[f"axes{i}.title" + ("" if loc == "center" else f".{loc}")] = ax.get_title(
                    loc
                )
        for name, label in (("xlabel", ax.get_xlabel()), ("ylabel", ax.get_ylabel())):
            if label:
                texts[f"axes{i}.{name}"] = label
        for j, text in enumerate(ax.texts):
            texts[f"axes{i}.text{j}"] = text.get_text()
        legend = ax.get_legend()
        if legend is not None:
            entries = [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
            texts[f"axes{i}.legend"] = " | ".join(entries)
    return texts


def drawn(figure: Figure) -> dict[str, Any]:
    """What ``figure`` draws, JSON-ready (see the module docstring).

    The figure is laid out first (with the rounded layout of
    :func:`momentum_theory._io.save_figure`), so that axes placed by the layout are where
    they are when saved.
    """
    from momentum_theory._io import _rounded_layout

    with _rounded_layout(figure):
        figure.draw_without_rendering()
    arrays = {}
    for i, ax in enumerate(figure.axes):
        for key, (rows, shape, marked) in _axes_arrays(ax).items():
            arrays[f"axes{i}.{key}"] = _summary(rows, shape, marked)
    return {
        "units": "positions: fractions of their axes; colours: fractions of their scale",
        "tolerance": TOLERANCE,
        "arrays": arrays,
        "texts": _texts(figure),
    }


def write_drawn(figure: Figure, path: str | os.PathLike[str]) -> Path:
    """Write :func:`drawn` of ``figure`` to ``path`` as JSON, one array per line."""
    from momentum_theory._io import atomic_write

    record = drawn(figure)

    def block(mapping: dict) -> str:
        lines = [
            f"{json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in mapping.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n}"

    head = {k: v for k, v in record.items() if k not in ("arrays", "texts")}
    text = json.dumps(head)[:-1] + ',\n"arrays": ' + block(record["arrays"])
    text += ',\n"texts": ' + block(record["texts"]) + "}\n"
    path = Path(path)
    with atomic_write(path, "w") as stream:
        stream.write(text)
    return path


def read_drawn(path: str | os.PathLike[str] | bytes) -> dict[str, Any]:
    """A record written by :func:`write_drawn` (a path, or the file's bytes)."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    return json.loads(data)


def compare_drawn(fresh: dict[str, Any], reference: dict[str, Any]) -> list[str]:
    """How two :func:`drawn` records differ beyond the rules of the module docstring.

    Returns
    -------
    list of str
        One line per difference; empty if the figures agree.
    """
    from momentum_theory._printed import compare_printed

    differences = []
    arrays, expected = fresh["arrays"], reference["arrays"]
    if list(arrays) != list(expected):
        missing, extra = sorted(set(expected) - set(arrays)), sorted(set(arrays) - set(expected))
        return [f"draws other artists: missing {missing}, new {extra}"]
    for key, record in arrays.items():
        other = expected[key]
        structure = ("shape", "rounding_level", "undrawn")
        changed = [f for f in structure if record.get(f) != other.get(f)]
        if changed:
            differences += [f"{key}: {f} {record.get(f)} != {other.get(f)}" for f in changed]
            continue
        for field in ("mean", "min", "max", "sample"):
            a, b = (np.array(r.get(field, []), dtype=float) for r in (record, other))
            if a.shape != b.shape or np.any(np.isnan(a) != np.isnan(b)):
                differences.append(f"{key}: {field} drawn in one and not the other")
                continue
            gap = float(np.nanmax(np.abs(a - b), initial=0.0))
            if gap > TOLERANCE:
                differences.append(
                    f"{key}: {field} differs by {gap:.2g} (tolerance {TOLERANCE:g})"
                )
    texts, expected_texts = fresh["texts"], reference["texts"]
    if list(texts) != list(expected_texts):
        differences.append(f"texts in other places: {sorted(set(texts) ^ set(expected_texts))}")
    else:
        for key, text in texts.items():
            differences += [
                f"{key}: {line}" for line in compare_printed(text, expected_texts[key])
            ]
    return differences
