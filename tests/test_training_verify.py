"""Tests of momentum_theory.verify.training: the network checks pass, or say why they cannot."""

import math

import pytest

from momentum_theory.claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.verify import training as training_checks


def test_every_check_passes_with_torch():
    pytest.importorskip("torch")
    for check in claims_in(training_checks):
        result = check()
        assert isinstance(result, Claim)
        assert result.passed, (check.__name__, result)
        assert math.isfinite(result.measured)


def test_without_torch_every_check_is_skipped_with_the_install_command(monkeypatch):
    monkeypatch.setattr("momentum_theory.training._torch.torch_available", lambda: False)
    assert len(claims_in(training_checks)) >= 4
    for check in claims_in(training_checks):
        result = check()
        assert result.skipped and not result.passed
        assert 'pip install "momentum-theory[torch]"' in result.method
        assert math.isnan(result.measured)
        assert result.as_dict()["measured"] == "nan"


def test_network_row_is_skipped_without_torch(monkeypatch):
    from momentum_theory.training import _torch

    monkeypatch.setattr(_torch, "torch_available", lambda: False)
    result = training_checks.network_loss_approaches_noise_floor()
    assert result.skipped and "pip install" in result.method
