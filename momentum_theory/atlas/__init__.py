r"""The atlas: where a momentum method provably converges beyond quadratics, cell by cell.

:func:`compute_atlas` (and ``momentum-theory atlas``) maps a plane of a method's parameters
over :math:`\mathcal S(\mu, L)`: every cell certified (with its rate), refuted (a cycle),
unstable (on a quadratic) or unknown, each decided cell with an exact proof, computed on
Dask. One job per module: :mod:`~.grid` (the plane and its cells), :mod:`~.ladder` (the
fixed rates a certified rate is proved on), :mod:`~.cell` (a cell's verdict),
:mod:`~.store` (the Zarr store), :mod:`~.proofs_log` (the JSON Lines proofs),
:mod:`~.driver` (the Dask run). Importing this package loads neither Dask nor a solver.
"""

from momentum_theory.atlas.driver import compute_atlas

__all__ = ["compute_atlas"]
