"""Shared test settings: headless matplotlib and a bounded hypothesis profile."""

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("default", max_examples=150, deadline=None)
settings.load_profile("default")
