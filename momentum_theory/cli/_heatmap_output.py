"""What ``momentum-theory heatmap`` writes: the figure, the grid, and where it came from.

Both files or neither are written. A grid file without its settings is a table of numbers
nobody can reproduce; each file records the method, its fixed parameters, the spectrum,
the colour and axes of the figure drawn beside it, and the package version (see
:func:`momentum_theory._io.save_arrays` for how text is stored in ``.npz`` and ``.csv``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from momentum_theory.methods import MethodGrid


def write_outputs(
    figure: Figure, grid: MethodGrid, output: Path, data: Path | None, *, colour: str, axes: str
) -> None:
    """Save ``figure`` to ``output`` and, if ``data`` is given, the grid with its
    :func:`provenance` there; both or neither (an existing file is replaced atomically or
    left as it was). ``figure`` is closed."""
    import matplotlib.pyplot as plt

    from momentum_theory._io import all_or_none, save_arrays, save_figure

    try:
        with all_or_none([output] + ([data] if data is not None else [])):
            save_figure(figure, output)
            if data is not None:
                kind = data.suffix.lower().lstrip(".")
                columns = grid.as_columns(kind)
                # In .npz, mu and L are already numeric entries.
                metadata = provenance(grid, colour=colour, axes=axes)
                metadata = {k: v for k, v in metadata.items() if k not in columns}
                save_arrays(data, columns, metadata=metadata)
    finally:
        plt.close(figure)


def provenance(grid: MethodGrid, *, colour: str, axes: str) -> dict[str, str]:
    """The settings behind ``grid`` as one line of text each (floats in full precision).

    Examples
    --------
    >>> from momentum_theory.methods import method_grid
    >>> grid = method_grid("qhm", ("alpha", [0.1]), ("beta", [0.5]), mu=1, L=100, nu=0.7)
    >>> info = provenance(grid, colour="digits", axes="plain")
    >>> info["method"], info["fixed"], info["mu"], info["L"], info["colour"]
    ('qhm', '{"nu": 0.7}', '1.0', '100.0', 'digits')
    """
    from momentum_theory import __version__

    spectrum = (
        {"h": repr(float(grid.L))}
        if grid.is_single_curvature
        else {"mu": repr(float(grid.mu)), "L": repr(float(grid.L))}
    )
    return {
        "method": grid.method,
        "x_name": grid.x_name,
        "y_name": grid.y_name,
        "fixed": json.dumps({name: _plain(value) for name, value in grid.fixed.items()}),
        **spectrum,
        "colour": colour,
        "axes": axes,
        "momentum_theory_version": __version__,
    }


def _plain(value: Any) -> Any:
    """A fixed value as JSON writes it: a flag stays a flag, a number a float."""
    return value if isinstance(value, bool) else float(value)
