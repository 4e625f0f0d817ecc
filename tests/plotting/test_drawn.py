"""plotting._drawn: what a figure draws, in its drawn units, and the comparison of two."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory.plotting._drawn import (
    SAMPLES,
    TOLERANCE,
    compare_drawn,
    drawn,
    mark_rounding_level,
    read_drawn,
    write_drawn,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _figure():
    """A line on log-linear axes, a scatter, a colour image and texts with numbers."""
    figure, (left, right) = plt.subplots(1, 2, layout="constrained")
    left.plot([1.0, 10.0, 100.0], [0.0, 2.0, 4.0], label="slope 0.519")
    left.scatter([10.0], [1.0])
    left.set(xscale="log", xlim=(1.0, 1000.0), ylim=(0.0, 4.0), title="rate 0.519")
    left.legend()
    image = right.imshow([[0.0, 1.0], [2.0, 4.0]], vmin=0.0, vmax=4.0)
    figure.colorbar(image, ax=right)
    figure.suptitle(r"$\kappa = 10^{2}$")
    return figure


def test_positions_are_axes_fractions_and_colours_scale_fractions():
    """Equality with the fractions computed by hand: log10(x)/3 on [1, 1000], y/4 on
    [0, 4], value/4 on the colour scale [0, 4]."""
    arrays = drawn(_figure())["arrays"]
    line = np.array(arrays["axes0.line0"]["sample"])
    np.testing.assert_allclose(line, [[0.0, 0.0], [1 / 3, 0.5], [2 / 3, 1.0]], atol=1e-5)
    np.testing.assert_allclose(arrays["axes0.points0"]["sample"], [[1 / 3, 0.25]], atol=1e-5)
    colours = np.array(arrays["axes1.image0"]["sample"]).ravel()
    np.testing.assert_allclose(colours, [0.0, 0.25, 0.5, 1.0], atol=1e-5)
    assert arrays["axes1.image0"]["shape"] == [2, 2]


def test_a_long_array_is_kept_as_samples_and_its_statistics():
    figure, ax = plt.subplots()
    x = np.linspace(0.0, 1.0, 1001)
    ax.plot(x, x**2)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    record = drawn(figure)["arrays"]["axes0.line0"]
    assert record["shape"] == [1001, 2]
    assert len(record["sample"]) == SAMPLES
    np.testing.assert_allclose(record["mean"], [0.5, np.mean(x**2)], atol=1e-5)
    assert record["min"] == [0.0, 0.0] and record["max"] == [1.0, 1.0]


def test_a_figure_agrees_with_itself_and_survives_writing(tmp_path):
    figure = _figure()
    first = write_drawn(figure, tmp_path / "a.json")
    second = write_drawn(figure, tmp_path / "b.json")
    assert first.read_bytes() == second.read_bytes()
    assert read_drawn(first) == read_drawn(first.read_bytes()) == drawn(figure)
    assert compare_drawn(read_drawn(first), drawn(_figure())) == []


@pytest.mark.parametrize(("shift", "agrees"), [(TOLERANCE / 2, True), (TOLERANCE * 3, False)])
def test_a_moved_point_counts_beyond_the_tolerance(shift, agrees):
    """Bound: a move of half the tolerance passes, three times it is reported."""
    reference = drawn(_figure())
    moved = drawn(_figure())
    moved["arrays"]["axes0.line0"]["sample"][1][1] += shift
    assert (compare_drawn(moved, reference) == []) is agrees


def test_structure_and_undrawn_points_must_agree():
    reference = drawn(_figure())
    figure = _figure()
    figure.axes[0].plot([1.0], [1.0])
    assert "draws other artists" in compare_drawn(drawn(figure), reference)[0]
    masked = drawn(_figure())
    masked["arrays"]["axes1.image0"]["undrawn"] = 1
    assert compare_drawn(masked, reference) == ["axes1.image0: undrawn 1 != 0"]


def test_texts_agree_but_for_one_unit_of_their_last_digit():
    reference = drawn(_figure())
    close, far = drawn(_figure()), drawn(_figure())
    close["texts"]["axes0.title"] = "rate 0.518"
    far["texts"]["axes0.title"] = "rate 0.515"
    assert compare_drawn(close, reference) == []
    assert compare_drawn(far, reference) == [
        "axes0.title: 0.515 differs from 0.519 by more than one unit in the last printed digit"
    ]
    assert drawn(_figure())["texts"]["figure.text0"] == r"$\kappa = 10^{2}$"


def test_a_mark_of_rounding_errors_is_compared_by_its_shape_only():
    """Relative errors of 1e-16 against 1e-15 on a log axis: a decade apart, and equal as
    far as the comparison goes; a different number of points is still a difference."""

    def errors(values):
        figure, ax = plt.subplots()
        mark_rounding_level(ax.scatter(np.arange(len(values)), values), "errors")
        ax.set(yscale="log", ylim=(1e-17, 1.0))
        return drawn(figure)

    reference = errors([1e-16, 3e-16, 1e-3])
    assert reference["arrays"]["axes0.points0"] == {"shape": [3, 2], "rounding_level": True}
    assert compare_drawn(errors([1e-15, 2e-16, 1e-3]), reference) == []
    assert compare_drawn(errors([1e-15, 2e-16]), reference) == [
        "axes0.points0: shape [2, 2] != [3, 2]"
    ]
