"""A check shared by the paper's tests: a cached experiment result that no caller can change."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np


def assert_frozen(value: object, where: str = "result") -> None:
    """``value`` holds no writable array, no plain dictionary and no list, at any depth."""
    if isinstance(value, np.ndarray):
        assert not value.flags.writeable, f"{where} is a writable array"
        if value.dtype == object:
            for index, item in np.ndenumerate(value):
                assert_frozen(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = getattr(type(value), "__dataclass_params__", None)
        assert params is not None and params.frozen, f"{where} is not a frozen dataclass"
        for field in dataclasses.fields(value):
            assert_frozen(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, MappingProxyType):
        for key, item in value.items():
            assert_frozen(item, f"{where}[{key!r}]")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            assert_frozen(item, f"{where}[{index}]")
    else:
        assert not isinstance(value, (dict, list, set)), f"{where} is a {type(value).__name__}"
