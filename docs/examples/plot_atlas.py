r"""
The atlas: heavy ball beyond quadratics, point by point
=======================================================

:func:`momentum_theory.compute_atlas` (``momentum-theory atlas``) decides every point of a
grid over a method's parameters: **certified** (a rate below 1 for every
:math:`\mu`-strongly convex, :math:`L`-smooth function, by an exact Lyapunov proof),
**refuted** (a cycle on a function of the class), **unstable** (a quadratic of the class)
or **unknown**. The package ships maps of heavy ball and Nesterov's method at
:math:`\kappa = 10, 25, 100`; this example reads heavy ball's at :math:`\kappa = 25`
(computing it takes minutes, reading it a second), checks proofs from it in exact
arithmetic, and recomputes one point from scratch.
"""

import json
from importlib.resources import files

import matplotlib.pyplot as plt
import numpy as np
import xarray as xr

from momentum_theory import check_proof
from momentum_theory.atlas.figure import plot_atlas

maps = files("momentum_theory.atlas") / "maps"
atlas = xr.open_zarr(str(maps / "heavy_ball-kappa25.zarr"))
print(atlas.attrs["certificate"])
names = dict(zip(atlas.status.attrs["flag_values"], atlas.status.attrs["flag_meanings"].split()))
codes, counts = np.unique(atlas.status.values, return_counts=True)
print({names[int(code)]: int(count) for code, count in zip(codes, counts)})

# %%
# Every decided point carries its proof, one JSON line per point with its ``"cell"``
# (row along beta, column along alpha). The check is exact and trusts no solver: take
# one certified and one refuted point and check them.
with open(maps / "heavy_ball-kappa25.proofs.jsonl") as stream:
    proofs = [json.loads(line) for line in stream]
by_kind = {}
for proof in proofs:
    by_kind.setdefault(proof["kind"], proof)
for kind in ("lyapunov", "cycle"):
    proof = dict(by_kind[kind])
    i, j = proof.pop("cell")
    alpha, beta = float(atlas.alpha[j]), float(atlas.beta[i])
    result = check_proof(proof)
    assert result.passed, result
    verdict = names[int(atlas.status[i, j])]
    print(f"alpha = {alpha:.4f}, beta = {beta:.4f}: {kind} proof checked ({verdict})")

# %%
# An independent recomputation of one certified point with
# :func:`momentum_theory.classify` (a bisection, then its own proof): the same verdict,
# and gaps :math:`1 - \rho` within one rung of the atlas's ladder (about 6 %) of each
# other; both rates are at least the quadratic worst case.
from momentum_theory import classify  # noqa: E402

i, j = by_kind["lyapunov"]["cell"]
alpha, beta = float(atlas.alpha[j]), float(atlas.beta[i])
verdict = classify(alpha, beta, mu=1.0, L=25.0)
atlas_rate = float(atlas.rate[i, j])
print(verdict.status, float(verdict.rate), atlas_rate)
assert verdict.status == "certified"
assert abs((1 - atlas_rate) / (1 - float(verdict.rate)) - 1) < 0.07
assert min(atlas_rate, float(verdict.rate)) >= float(atlas.quadratic_rate[i, j]) - 1e-12

# %%
# The map: colour is the certified rate, hatching a cycle's period.
fig, ax = plt.subplots(figsize=(6, 4.5), layout="constrained")
plot_atlas(atlas, ax=ax)
plt.show()
