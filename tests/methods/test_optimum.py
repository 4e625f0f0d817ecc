"""methods._optimum: one frozen Optimum for every method, its parameters read-only and as
attributes, pickled and copied whole; Tuning and TuningSpec."""

import copy
import pickle

import numpy as np
import pytest

from momentum_theory import methods, optimal_parameters
from momentum_theory.methods import Optimum


def _optimum(**fields):
    values = {"method": "heavy_ball", "parameters": {"alpha": 0.1, "beta": 0.5}}
    values |= {"rate": 0.75, "mu": 1.0, "L": 10.0, "known_optimum": 0.5}
    return Optimum(**(values | fields))


def test_parameters_read_as_attributes_and_cannot_be_changed():
    opt = _optimum()
    assert (opt.alpha, opt.beta) == (0.1, 0.5)
    with pytest.raises(TypeError):
        opt.parameters["alpha"] = 0.2
    with pytest.raises(AttributeError):
        opt.rate = 0.1
    with pytest.raises(AttributeError, match="heavy_ball's optimum has no attribute 'gamma'"):
        _ = opt.gamma
    with pytest.raises(AttributeError):
        _ = opt._private


def test_given_dict_is_copied():
    parameters = {"alpha": 0.1, "beta": 0.5}
    opt = _optimum(parameters=parameters)
    parameters["alpha"] = 9.0
    assert opt.alpha == 0.1


def test_gap_condition_number_and_no_known_optimum():
    opt = _optimum()
    assert opt.gap == pytest.approx(0.25) and isinstance(opt.gap, float)
    assert opt.condition_number == 10.0
    assert _optimum(known_optimum=None).gap is None
    arrays = _optimum(rate=np.array([0.5, 0.75]), known_optimum=np.array([0.5, 0.5]))
    np.testing.assert_array_equal(arrays.gap, [0.0, 0.25])


@pytest.mark.parametrize(
    "opt",
    [
        optimal_parameters(mu=1.0, L=[10.0, 100.0]),
        methods.get("pytorch_sgd").optimal_parameters(mu=1.0, L=10.0, nesterov=True),
    ],
    ids=["heavy_ball-arrays", "pytorch_sgd"],
)
def test_pickles_and_copies_whole(opt):
    for again in (pickle.loads(pickle.dumps(opt)), copy.copy(opt), copy.deepcopy(opt)):
        assert type(again) is Optimum and again.method == opt.method
        assert list(again.parameters) == list(opt.parameters)
        for name, value in opt.parameters.items():
            np.testing.assert_array_equal(again.parameters[name], value)
            np.testing.assert_array_equal(getattr(again, name), value)
        np.testing.assert_array_equal(again.rate, opt.rate)
        np.testing.assert_array_equal(again.known_optimum, opt.known_optimum)
        assert isinstance(again.parameters, type(opt.parameters))


def test_tuning_specs_name_their_reference_display_tag_and_marker():
    spec = methods.get("nesterov").tuning_spec("textbook")
    assert (spec.display, spec.tag, spec.marker) == ("Nesterov's textbook", "Textbook", "D")
    assert spec.reference.startswith("Nesterov (2004)")
    assert methods.get("heavy_ball").tuning_spec("polyak").marker is None  # it is the optimum
    with pytest.raises(ValueError, match="tuning must be one of 'textbook'"):
        methods.get("nesterov").tuning_spec("polyak")
