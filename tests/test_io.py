"""Atomic and reproducible output."""

import hashlib

import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory._io import atomic_write, check_writable, save_arrays, save_figure


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_atomic_write_leaves_nothing_when_interrupted(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target, "w") as stream:
        stream.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_saved_figures_are_byte_identical(tmp_path, suffix):
    paths = []
    for name in ("a", "b"):
        figure, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        paths.append(save_figure(figure, tmp_path / f"{name}{suffix}"))
        plt.close(figure)
    assert _digest(paths[0]) == _digest(paths[1])


def _jittery_figure(nudge):
    """Two panels, a colorbar and a subfigure title under constrained layout, whose solver
    result is moved by ``nudge`` (far below a pixel, as kiwisolver's varies from draw to
    draw by rounding errors)."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    class Jittery(ConstrainedLayoutEngine):
        def execute(self, fig):
            super().execute(fig)
            for ax in fig.axes:
                x0, y0, width, height = ax.get_position().bounds
                ax._set_position([x0 + nudge, y0 - nudge, width, height])

    figure = plt.figure(figsize=(4, 3), layout=Jittery())
    top = figure.subfigures(1, 1)
    axes = top.subplots(1, 2)
    axes[0].plot([0, 1], [1, 0], ls=":")
    image = axes[1].imshow([[0.0, 1.0], [2.0, 3.0]])
    top.colorbar(image, ax=axes[1])
    top.suptitle("panels")
    return figure


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_a_layout_that_moves_by_rounding_saves_identical_bytes(tmp_path, suffix):
    """Constrained layout's positions differ at rounding level from one draw to the next;
    save_figure rounds them (to 1e-6 of the figure), so the bytes do not."""
    paths = []
    for name, nudge in (("a", 0.0), ("b", 3e-11), ("c", -2e-10)):
        figure = _jittery_figure(nudge)
        engine = figure.get_layout_engine()
        paths.append(save_figure(figure, tmp_path / f"{name}{suffix}"))
        assert figure.get_layout_engine() is engine  # the figure keeps its layout
        for ax in figure.axes:
            points = ax.get_position(original=True).get_points() * 1e6
            np.testing.assert_allclose(points, np.round(points), rtol=0, atol=1e-6)
        plt.close(figure)
    assert len({_digest(path) for path in paths}) == 1


def test_save_figure_rejects_unknown_formats(tmp_path):
    figure = plt.figure()
    with pytest.raises(ValueError, match=r"\.png, \.pdf or \.svg"):
        save_figure(figure, tmp_path / "x.jpg")
    plt.close(figure)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("suffix", [".npz", ".csv"])
def test_saved_arrays_round_trip_and_are_byte_identical(tmp_path, suffix):
    arrays = {"x": np.linspace(0, 1, 5), "y": np.linspace(1, 2, 5) ** 0.5}
    first = save_arrays(tmp_path / f"a{suffix}", arrays)
    second = save_arrays(tmp_path / f"b{suffix}", arrays)
    assert _digest(first) == _digest(second)
    if suffix == ".npz":
        loaded = np.load(first)
        np.testing.assert_array_equal(loaded["y"], arrays["y"])
    else:
        loaded = np.loadtxt(first, delimiter=",", skiprows=1)
        np.testing.assert_array_equal(loaded[:, 1], arrays["y"])  # %.17g round-trips exactly


def test_check_writable_explains_the_problem(tmp_path):
    assert check_writable(tmp_path / "fine.png") is None
    assert check_writable(tmp_path / "missing" / "x.png") is None  # folders get created
    assert "is a folder" in check_writable(tmp_path)
    (tmp_path / "file").write_text("x")
    assert "is not a folder" in check_writable(tmp_path / "file" / "x.png")
    # os.access says yes to root in /proc; the probe file says no.
    assert "cannot create files" in check_writable("/proc/momentum-theory/x.png")
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]  # the probe left nothing
