r"""
Is this setting safe beyond quadratics? A verdict and its proof
===============================================================

A rate computed on quadratics says nothing about other functions: heavy ball at Polyak's
tuning for :math:`[\mu, L] = [1, 25]` has rate :math:`2/3` on every quadratic of the class,
yet it cycles on a smooth strongly convex function (see :doc:`plot_lrp_cycle`).
:func:`momentum_theory.classify` decides a setting over every :math:`\mu`-strongly convex,
:math:`L`-smooth function, and every verdict but ``unknown`` carries a proof that
:func:`momentum_theory.check_proof` checks in exact rational arithmetic, with no solver.
"""

import json
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np

import momentum_theory as mt

mu, L = 1.0, 25.0
polyak = mt.optimal_parameters(mu=mu, L=L)
settings = {
    "Polyak's tuning": (float(polyak.alpha), float(polyak.beta)),
    "a shorter step": (0.04, 0.3),
}
verdicts = {}
for label, (alpha, beta) in settings.items():
    verdict = mt.classify(alpha, beta, mu=mu, L=L)
    verdicts[label] = verdict
    check = mt.check_proof(verdict.proof)
    print(f"{label}: alpha = {alpha:.6g}, beta = {beta:.6g}")
    print(f"  {verdict}")
    print(f"  the proof's kind: {verdict.proof['kind']}, exact check passed: {check.passed}")
    assert check.passed

# %%
# Reading the certified proof: the rate, the Lyapunov matrix :math:`P` and the multipliers
# are exact rationals, strings ``"p/q"`` in its JSON (shown here rounded).
certified = verdicts["a shorter step"]
rate = Fraction(certified.proof["rho"])
print(f"rho = {rate} = {float(rate):.8f}")
print("P =", [[f"{float(Fraction(entry)):.6g}" for entry in row] for row in certified.proof["P"]])
print("multipliers:", certified.proof["lambda_sector"], certified.proof["lambda_off_by_one"])
assert certified.quadratic_rate <= rate < 1  # quadratics belong to the class

# %%
# The refuting proof is a cycle: points :math:`x_k` and the gradients and values of a
# function of the class there. Changing a single number breaks it.
refuted = verdicts["Polyak's tuning"]
broken = json.loads(json.dumps(refuted.proof))
broken["x"][0][0] = str(Fraction(broken["x"][0][0]) + Fraction(1, 10**6))
print("a perturbed cycle:", mt.check_proof(broken).condition)
assert not mt.check_proof(broken).passed

# %%
# Where the quadratic rate and the certified rate part ways: along the step size at Polyak's
# momentum :math:`\beta = 4/9`, the certified rate (found by a solver, checked in floating
# point with a margin) beside the quadratic worst case. For short steps they agree; towards
# Polyak's step :math:`1/9` the certified rate leaves the quadratic one, and near it no
# certificate below 1 is found (``inf``, not drawn); at Polyak's step itself the method
# cycles (the refuting proof above).
beta = 4 / 9
alphas = np.linspace(0.02, 0.11, 7)
quadratic = np.array([float(mt.worst_case_rate(a, beta, mu=mu, L=L)) for a in alphas])
certified_rates = np.array([float(mt.certified_rate(a, beta, mu=mu, L=L).rate) for a in alphas])
for a, q, c in zip(alphas, quadratic, certified_rates):
    print(f"alpha = {a:.3f}: quadratic rate {q:.5f}, certified {c:.5f}")
assert np.all(certified_rates >= quadratic * (1 - 1e-9))  # quadratics belong to the class
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ax.plot(alphas, quadratic, "o-", label="worst case over quadratics")
ax.plot(
    alphas,
    np.where(np.isfinite(certified_rates), certified_rates, np.nan),
    "s--",
    label="certified over every function of the class",
)
ax.axvline(float(polyak.alpha), ls=":", color="0.5")
ax.set_xlabel(r"step size $\alpha$ ($\beta = 4/9$, $[\mu, L] = [1, 25]$; dotted: Polyak's)")
ax.set_ylabel("rate")
ax.legend()
fig.tight_layout()
plt.show()
