"""Shared by the explorer's tests: one small set of planes, and the page's embedded data."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from momentum_theory.explorer import ExplorerData, explorer_data


@pytest.fixture(scope="session")
def data() -> ExplorerData:
    """Every method for one spectrum at a small resolution (about four seconds)."""
    return explorer_data([(1.0, 100.0)], resolution=40, curve_resolution=200)


@pytest.fixture(scope="session")
def embedded() -> Callable[[str], dict]:
    """Reads the JSON a page embeds (the ``explorer-data`` script element)."""

    def read(page: str) -> dict:
        (text,) = re.findall(
            r'<script type="application/json" id="explorer-data">(.*?)</script>', page
        )
        return json.loads(text)

    return read
