"""Tests of momentum_theory.training.model: initial weights, the module, the forward pass."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    PARAMETER_NAMES,
    build_network,
    initial_parameters,
    live_units,
    predict,
)


def test_initial_weights_are_nn_linears_default_initialisation():
    # Equality (bitwise) with two freshly built nn.Linear layers under the same seed.
    with torch.random.fork_rng():
        torch.manual_seed(11)
        hidden, output = torch.nn.Linear(1, 20), torch.nn.Linear(20, 1)
    weights = initial_parameters(torch.Generator().manual_seed(11))
    assert torch.equal(weights["hidden.weight"], hidden.weight.detach())
    assert torch.equal(weights["hidden.bias"], hidden.bias.detach())
    assert torch.equal(weights["predict.weight"], output.weight.detach())
    assert torch.equal(weights["predict.bias"], output.bias.detach())


def test_initial_weights_lie_in_the_uniform_bounds():
    weights = initial_parameters(torch.Generator().manual_seed(0))
    assert weights["hidden.weight"].abs().max() <= 1.0  # 1/sqrt(fan_in = 1)
    assert weights["predict.weight"].abs().max() <= 1 / math.sqrt(20)


def test_network_holds_the_given_weights_and_draws_no_random_numbers():
    weights = initial_parameters(torch.Generator().manual_seed(0))
    state = torch.random.get_rng_state()
    network = build_network(weights)
    assert torch.equal(state, torch.random.get_rng_state())
    assert [n for n, _ in network.named_parameters()] == list(PARAMETER_NAMES)
    for name, parameter in network.named_parameters():
        assert torch.equal(parameter.detach(), weights[name])
        assert parameter.data_ptr() != weights[name].data_ptr()  # a copy


def test_functional_forward_equals_the_module():
    weights = initial_parameters(torch.Generator().manual_seed(0))
    x = torch.linspace(-1, 1, 50).unsqueeze(1)
    expected = torch.relu(x * weights["hidden.weight"].T + weights["hidden.bias"])
    expected = (expected * weights["predict.weight"]).sum(dim=1, keepdim=True)
    expected = expected + weights["predict.bias"]
    # Equality to float32 rounding (a sum of 20 products in another order).
    torch.testing.assert_close(predict(weights, x), expected, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(build_network(weights)(x), expected, rtol=1e-6, atol=1e-6)


def test_live_units_equal_the_relu_evaluated_on_every_input():
    # Equality: the two extreme inputs decide, as every point evaluated in float64 does.
    rng = np.random.default_rng(3)
    w1 = rng.normal(size=(7, 20, 1))
    b1 = rng.normal(size=(7, 20)) - 1.5  # about half the units dead on [-1, 1]
    x = np.linspace(-1, 1, 1000)
    expected = ((w1[..., 0][:, None, :] * x[None, :, None] + b1[:, None, :]) > 0).any(axis=1)
    found = live_units({"hidden.weight": w1, "hidden.bias": b1}, x[:, None])
    np.testing.assert_array_equal(found, expected)
    assert found.shape == (7, 20) and 0 < found.sum() < found.size


def test_dead_units_give_a_constant_prediction_and_nan_weights_count_as_dead():
    weights = initial_parameters(torch.Generator().manual_seed(0))
    weights["hidden.bias"] = -1.0 - weights["hidden.weight"][:, 0].abs()  # z < 0 on [-1, 1]
    x = torch.linspace(-1, 1, 50).unsqueeze(1)
    assert not live_units(weights, x.numpy()).any()
    assert torch.equal(predict(weights, x), weights["predict.bias"].expand(50, 1))
    nan = {"hidden.weight": np.full((20, 1), np.nan), "hidden.bias": np.full(20, np.nan)}
    assert not live_units(nan, x.numpy()).any()
