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
# Where the quadratic rate and the certified rate part ways: along a line of step sizes at
# :math:`\beta = 0.3`, the certified rate (solver-found, checked with a margin) beside the
# quadratic worst case.
alphas = np.linspace(0.01, 0.07, 5)
quadratic = [float(mt.worst_case_rate(a, 0.3, mu=mu, L=L)) for a in alphas]
certified_rates = [float(mt.certified_rate(a, 0.3, mu=mu, L=L).rate) for a in alphas]
fig, ax = plt.subplots(figsize=(6.4, 4.0))
ax.plot(alphas, quadratic, "o-", label="worst case over quadratics")
ax.plot(alphas, certified_rates, "s--", label="certified over every function of the class")
ax.set_xlabel(r"step size $\alpha$ ($\beta = 0.3$, $[\mu, L] = [1, 25]$)")
ax.set_ylabel("rate")
ax.legend()
fig.tight_layout()
plt.show()
