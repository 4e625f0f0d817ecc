r"""The explorer page: one self-contained HTML file, Bokeh plots driven by ``explorer.js``.

The page inlines BokehJS (the core bundle only), the plots' Bokeh document, the
explorer's data (:func:`~momentum_theory.explorer.data.explorer_data`, encoded below) and
``explorer.js``, and the atlas layer's data (``explorer-atlas``:
:func:`~momentum_theory.explorer.atlas.atlas_layer`, JSON, ``null`` without one) and
``atlas.js``; it loads nothing else, so it works offline from a ``file://`` URL.

Encoding of the data (the ``explorer-data`` script element, JSON):

- a heatmap is its ``(n_y, n_x)`` gaps :math:`g = 1 - \rho`, row by row from the smallest
  momentum, as little-endian uint16 in base64: ``round(65534 (log10(g) + 16) / 16)`` where
  the method converges (:math:`g > 0`; gaps below :math:`10^{-16}` stored as
  :math:`10^{-16}`), and 65535 where it does not, so a stored gap is within a factor
  :math:`10^{8/65534}`, :math:`2.9 \times 10^{-4}` relative, of the package's. The page
  colours iterations per decimal digit, :math:`-1/\log_{10}\rho = -\ln 10 / \log(1 - g)`,
  on a logarithmic scale of two decades from the fastest cell's (``colour_range``, rounded
  down to 1, 2 or 5 times a power of ten, as ``momentum-theory heatmap --colour digits``);
- a curve is uint16 pairs :math:`(x, u)` scaled to ``[0, 65534]`` over the plane, where
  :math:`u = -\log_{10}(1 - y)` is the momentum's coordinate on the page
  (:func:`~momentum_theory.explorer.data.momentum_coordinate`), polylines separated by a
  pair 65535, in base64 (within 1/131068 of the plane's width and height);
- gradient descent's plane is a curve of ``x`` and ``rate`` as JSON numbers (exact);
- parameters, optima and spectra are JSON numbers, which read back as the same doubles.
"""

from __future__ import annotations

import base64
import json
import math
import os
import string
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from momentum_theory.explorer.data import ExplorerData, Plane, momentum_coordinate

__all__ = ["ELEMENT_IDS", "colour_range", "digits", "explorer_html", "write_explorer"]

# Elements whose ``data-value`` holds the page's state exactly (see the package docstring).
ELEMENT_IDS = (
    "method",
    "spectrum",
    "mu",
    "L",
    "rate",
    "rate-mu",
    "rate-L",
    "regime",
    "worst-end",
    "converges",
    "optimal-rate",
    "gd-alpha",
    "gd-rate",
    "peak",
    "x0",
    "y0",
    "steps",
)

_TOP = 65534  # largest stored uint16 value; 65535 marks "no convergence" or a line break
LOG_GAP_LOW = -16.0  # the stored gaps' range is [1e-16, 1], logarithmically
_PICKED, _GRADIENT = "#d62728", "#1f77b4"  # the picked point's colour and gradient descent's
_CRITICAL = {"mu": "#ff7f0e", "L": "#e377c2"}
PLANE_HEIGHT = 480  # CSS pixels, with the legend below the axes


def _base64(words: np.ndarray) -> str:
    return base64.b64encode(np.asarray(words, dtype="<u2").tobytes()).decode("ascii")


def _encode_gap(gap: np.ndarray) -> str:
    converges = np.nan_to_num(gap, nan=-1.0) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        level = np.clip(
            (np.log10(np.where(converges, gap, 1.0)) - LOG_GAP_LOW) / -LOG_GAP_LOW, 0, 1
        )
    words = np.where(converges, np.rint(level * _TOP), _TOP + 1)
    return _base64(words.reshape(-1))


def digits(gap: np.ndarray) -> np.ndarray:
    r"""Iterations per decimal digit, :math:`-1/\log_{10}\rho = -\ln 10/\log(1 - g)`,
    from the gap :math:`g = 1 - \rho` (NaN where :math:`g \le 0`: no convergence).

    Examples
    --------
    >>> digits(np.array([0.9, 0.01, 0.0])).round(4).tolist()
    [1.0, 229.1053, nan]
    """
    gap = np.asarray(gap, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(gap > 0, -math.log(10.0) / np.log1p(-np.minimum(gap, 1.0)), np.nan)


def colour_range(gap: np.ndarray, optimal_rate: float) -> tuple[float, float]:
    """The colour scale's ends in iterations per digit: the fastest of the cells and the
    optimum, rounded down to 1, 2 or 5 times a power of ten, and a hundred times that (the
    heatmap's two decades)."""
    from momentum_theory.plotting._axes import _DECADES, round_125

    with np.errstate(divide="ignore"):
        optimum = -1.0 / math.log10(optimal_rate) if 0 < optimal_rate < 1 else math.inf
    fastest = min(float(np.nanmin(digits(gap), initial=math.inf)), optimum)
    low = round_125(fastest if 0 < fastest < math.inf else 1.0, down=True)
    return low, low * 10.0**_DECADES


def _encode_lines(lines: tuple[np.ndarray, ...], x_max: float, y_max: float) -> str:
    pieces = []
    for line in lines:
        line = np.column_stack([line[:, 0], momentum_coordinate(line[:, 1])])
        scaled = np.clip(line / np.array([x_max, y_max]), 0.0, 1.0)
        pieces.append(np.rint(scaled * _TOP).reshape(-1))
        pieces.append(np.array([_TOP + 1, _TOP + 1]))
    return _base64(np.concatenate(pieces) if pieces else np.zeros(0))


def _plane_json(plane: Plane) -> dict[str, Any]:
    common = {
        "x_max": plane.x_max,
        "x_count": int(plane.x.size),
        "fixed": plane.fixed,
        "optimum": plane.optimum,
        "optimal_rate": plane.optimal_rate,
    }
    if plane.y is None:
        points = {
            f"critical_{end}": [[float(v) for v in p[0]] for p in plane.critical[end]]
            for end in ("mu", "L")
        }
        return {
            **common,
            "y_count": 0,
            "x": plane.x.tolist(),
            "rate": plane.rate.tolist(),
            "boundary": [[float(v) for v in p[0]] for p in plane.boundary],
            **points,
        }
    from momentum_theory.plotting._axes import momentum_ticks, values_125

    # Rounded so that a round top (0.99: 1.9999999999999996) keeps its tick.
    top = round(float(momentum_coordinate(plane.y_max)), 12)
    low, high = colour_range(plane.gap, plane.optimal_rate)
    return {
        **common,
        "y_count": int(plane.y.size),
        "y_top": top,
        "y_ticks": momentum_ticks(0.0, top),
        "gap": _encode_gap(plane.gap),
        "colour_range": [low, high],
        # The colour bar's ticks: 1, 2 and 5 times the powers of ten (the heatmap's).
        "colour_ticks": [v for v in values_125(low, high) if low / 1.0001 <= v <= high * 1.0001],
        "boundary": _encode_lines(plane.boundary, plane.x_max, top),
        "critical_mu": _encode_lines(plane.critical["mu"], plane.x_max, top),
        "critical_L": _encode_lines(plane.critical["L"], plane.x_max, top),
    }


def page_data(data: ExplorerData, method: str = "heavy_ball") -> dict[str, Any]:
    """The JSON the page reads (``explorer-data``): methods (with their parameters' symbols
    and state, from the methods' metadata), spectra and their planes.

    ``method`` is the one the page opens on (a method of ``data``).
    """
    from momentum_theory import __version__, methods
    from momentum_theory._validation import choice
    from momentum_theory.explorer.data import plane_axes

    def described(name: str) -> dict[str, Any]:
        method = methods.get(name)
        axes = plane_axes(method)
        return {
            "name": name,
            "parameters": list(method.parameters),
            "x": axes.x,
            "y": axes.y,
            # What the script writes for each parameter, and whether the rule's second state
            # component is a buffer (starting at 0) or the previous iterate.
            "symbols": {spec.name: spec.text for spec in method.specs},
            "buffered": method.state[1] == "buffer",
        }

    return {
        "version": __version__,
        "resolution": data.resolution,
        "curve_resolution": data.curve_resolution,
        "methods": [described(name) for name in data.methods],
        "spectra": [
            {
                "mu": mu,
                "L": L,
                "planes": {name: _plane_json(data.planes[index, name]) for name in data.methods},
            }
            for index, (mu, L) in enumerate(data.spectra)
        ],
        "default": {"method": choice(method, "method", data.methods), "spectrum": 0},
    }


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


def _figures() -> dict[str, Any]:
    """The Bokeh plots, every model the script touches named (empty until it fills them)."""
    from bokeh.models import (
        BasicTickFormatter,
        ColorBar,
        ColumnDataSource,
        CustomJS,
        CustomJSTickFormatter,
        DataRange1d,
        FixedTicker,
        Legend,
        LegendItem,
        LogColorMapper,
        Range1d,
        Span,
    )
    from bokeh.palettes import Viridis256
    from bokeh.plotting import figure

    def source(**columns: list) -> ColumnDataSource:
        return ColumnDataSource(data={name: [] for name in columns} | columns)

    def plot(name: str, width: int, height: int, **options: Any) -> Any:
        fig = figure(
            name=name,
            width=width,
            height=height,
            tools="",
            toolbar_location=None,
            output_backend="canvas",
            **options,
        )
        fig.title.text_font_size = "12px"
        fig.xaxis.axis_label_text_font_style = "normal"
        fig.yaxis.axis_label_text_font_style = "normal"
        return fig

    def legend(fig: Any, location: str) -> None:
        fig.legend.location = location
        fig.legend.label_text_font_size = "11px"
        fig.legend.background_fill_alpha = 0.8
        fig.legend.spacing = 0
        fig.legend.padding = 4

    plane = plot("plane", 560, PLANE_HEIGHT, x_range=Range1d(0, 1), y_range=Range1d(0, 1))
    plane.title.text = "worst-case rate"  # a title from the start: Bokeh sizes it once
    # Iterations per decimal digit on a log scale (the page sets the range per plane):
    # fast is dark, slower than the range's end is its end colour, no convergence grey.
    mapper = LogColorMapper(
        palette=Viridis256,
        low=1.0,
        high=100.0,
        low_color=Viridis256[0],
        high_color=Viridis256[-1],
        nan_color="#c8c8c8",
    )
    mapper.name = "plane-colors"
    plane.image(
        image="image",
        x="x",
        y="y",
        dw="dw",
        dh="dh",
        source=source(image=[], x=[], y=[], dw=[], dh=[]),
        color_mapper=mapper,
        name="plane-image",
    )
    items = []

    def item(label: str, renderer: Any) -> None:
        items.append(LegendItem(label=label, renderers=[renderer]))

    plane.line("x", "y", source=source(x=[], y=[]), color="black", width=2, name="plane-curve")
    item(
        "boundary ρ = 1",
        plane.multi_line(
            "xs", "ys", source=source(xs=[], ys=[]), color="black", width=2, name="plane-boundary"
        ),
    )
    for end, label in (("mu", "μ"), ("L", "L")):
        item(
            f"critical, h = {label}",
            plane.multi_line(
                "xs",
                "ys",
                source=source(xs=[], ys=[]),
                color=_CRITICAL[end],
                width=2,
                line_dash="dashed",
                name=f"plane-critical-{end}",
            ),
        )
    item(
        "picked",
        plane.scatter(
            "x",
            "y",
            source=source(x=[], y=[]),
            marker="circle",
            size=15,
            fill_color=_PICKED,
            line_color="white",
            line_width=2,
            name="plane-pick",
        ),
    )
    item(
        "optimum",
        plane.scatter(
            "x",
            "y",
            source=source(x=[], y=[]),
            marker="star",
            size=16,
            fill_color="white",
            line_color="black",
            name="plane-optimum",
        ),
    )
    # Below the axes, never over the plane: the fast region (near the optimum) sits
    # wherever the method puts it, often in a corner.
    key = Legend(
        items=items,
        orientation="horizontal",
        location="center",
        label_text_font_size="11px",
        spacing=12,
        padding=2,
        margin=4,
        border_line_alpha=0,
        name="plane-legend",
    )
    plane.add_layout(key, "below")
    plane.add_layout(
        ColorBar(
            color_mapper=mapper,
            title="iterations per digit",
            title_text_font_size="11px",
            title_text_font_style="normal",
            width=12,
            ticker=FixedTicker(ticks=[], name="plane-colour-ticks"),
            formatter=BasicTickFormatter(use_scientific=False),
            name="plane-colorbar",
        ),
        "right",
    )
    plane.xaxis.formatter = BasicTickFormatter(use_scientific=False)
    # The momentum axis is -log10(1 - beta); its ticks (the heatmap's round momenta) and
    # their labels are set by the page.
    plane.yaxis.ticker = FixedTicker(ticks=[], name="plane-y-ticks")
    plane.yaxis.formatter = CustomJSTickFormatter(code="return window.explorer.tickLabel(tick)")
    pick = CustomJS(code="window.explorer.pick(cb_obj.x, cb_obj.y)")
    plane.js_on_event("tap", pick)
    plane.js_on_event("doubletap", pick)  # a second click soon after the first picks too
    plane.js_on_event("mousemove", CustomJS(code="window.explorer.hover(cb_obj.x, cb_obj.y)"))

    distance = plot(
        "distance",
        520,
        PLANE_HEIGHT,
        y_axis_type="log",
        x_range=DataRange1d(),
        y_range=DataRange1d(),
    )
    for name, colour, dash, label in (
        ("distance-picked", _PICKED, "solid", "picked point"),
        ("distance-predicted", _PICKED, "dashed", "ρᵗ ‖x₀‖, picked"),
        ("distance-gd", _GRADIENT, "solid", "gradient descent, best step"),
        ("distance-gd-predicted", _GRADIENT, "dashed", "ρᵗ ‖x₀‖, gradient descent"),
    ):
        distance.line(
            "x",
            "y",
            source=source(x=[], y=[]),
            color=colour,
            line_dash=dash,
            width=2,
            legend_label=label,
            name=name,
        )
    distance.title.text = "distance to the minimiser ‖xₜ − x*‖ on f = (μ x² + L y²)/2"
    distance.xaxis.axis_label = "iteration t"
    distance.yaxis.axis_label = "‖xₜ − x*‖"
    legend(distance, "bottom_left")

    shared_x, shared_y = Range1d(-1, 1), Range1d(-1, 1)
    panels = {}
    for prefix, colour in (("iterates", _PICKED), ("iterates-gd", _GRADIENT)):
        panel = plot(prefix, 360, 330, x_range=shared_x, y_range=shared_y)
        panel.title.text = "iterates"  # a title from the start: Bokeh sizes it once
        panel.multi_line(
            "xs",
            "ys",
            source=source(xs=[], ys=[]),
            color="#bbbbbb",
            width=1,
            name=f"{prefix}-levels",
        )
        path = source(x=[], y=[])
        panel.line("x", "y", source=path, color=colour, width=1.5, name=f"{prefix}-path")
        panel.scatter("x", "y", source=path, size=3, color=colour)
        panel.scatter(
            "x",
            "y",
            source=source(x=[], y=[]),
            marker="square",
            size=9,
            fill_color="white",
            line_color="black",
            name=f"{prefix}-start",
        )
        panel.scatter([0], [0], marker="x", size=10, color="black")
        panel.xaxis.axis_label = "x (curvature μ)"
        panel.yaxis.axis_label = "y (curvature L)"
        move = CustomJS(code="window.explorer.setStart(cb_obj.x, cb_obj.y)")
        panel.js_on_event("tap", move)
        panel.js_on_event("doubletap", move)
        panels[prefix] = panel

    powers = plot(
        "powers", 360, 330, y_axis_type="log", x_range=DataRange1d(), y_range=DataRange1d()
    )
    powers.title.text = "‖Aᵗ‖₂"
    powers.line("x", "y", source=source(x=[], y=[]), color=_PICKED, width=2, name="powers-norm")
    powers.line(
        "x",
        "y",
        source=source(x=[], y=[]),
        color=_PICKED,
        line_dash="dashed",
        width=1.5,
        name="powers-rate",
    )
    powers.scatter(
        "x",
        "y",
        source=source(x=[], y=[]),
        marker="triangle",
        size=11,
        color="black",
        name="powers-peak",
    )
    powers.add_layout(
        Span(location=1, dimension="width", line_color="#888888", line_dash="dotted")
    )
    powers.xaxis.axis_label = "iteration t"
    powers.yaxis.axis_label = "‖Aᵗ‖₂ (solid), ρᵗ (dashed)"
    return {"plane": plane, "distance": distance, **panels, "powers": powers}


def _bokeh_parts() -> tuple[str, str, str]:
    """BokehJS and its CSS inlined, the document's JSON and the render items' JSON."""
    from bokeh.document import Document
    from bokeh.embed.util import RenderItem, standalone_docs_json_and_render_items
    from bokeh.resources import Resources

    document = Document()
    roots = _figures()
    for model in roots.values():
        document.add_root(model)
    docs_json, _ = standalone_docs_json_and_render_items(document)
    (doc_id,) = docs_json
    item = RenderItem(docid=doc_id, roots={model: f"plot-{name}" for name, model in roots.items()})
    resources = Resources(mode="inline", components=["bokeh"])
    from bokeh.core.json_encoder import serialize_json

    documents = serialize_json(docs_json).replace("<", "\\u003c")
    return resources.render(), documents, _script_json([item.to_json()])


def explorer_html(
    data: ExplorerData, method: str = "heavy_ball", atlas: dict[str, Any] | None = None
) -> str:
    """The explorer page for ``data``, opening on ``method``, as one self-contained HTML
    document, with the atlas layer if ``atlas`` is given
    (:func:`~momentum_theory.explorer.atlas.atlas_layer`). Needs Bokeh (the ``explore``
    extra).
    """
    bokeh_resources, documents, render_items = _bokeh_parts()
    here = files("momentum_theory.explorer")
    template = string.Template(here.joinpath("page.html").read_text(encoding="utf-8"))
    return template.substitute(
        bokeh_resources=bokeh_resources,
        explorer_data=_script_json(page_data(data, method)),
        bokeh_documents=documents,
        bokeh_render_items=render_items,
        explorer_script=here.joinpath("explorer.js").read_text(encoding="utf-8"),
        atlas_data=_script_json(atlas),
        atlas_script=here.joinpath("atlas.js").read_text(encoding="utf-8"),
        resolution=data.resolution,
        curve_resolution=data.curve_resolution,
    )


def write_explorer(
    path: str | os.PathLike[str],
    data: ExplorerData,
    method: str = "heavy_ball",
    atlas: dict[str, Any] | None = None,
) -> Path:
    """Write the page for ``data``, opening on ``method``, with the atlas layer ``atlas``
    if given, to ``path`` (atomically)."""
    from momentum_theory._io import atomic_write

    page = explorer_html(data, method, atlas)
    path = Path(path)
    with atomic_write(path, "wb") as stream:
        stream.write(page.encode("utf-8"))
    return path
