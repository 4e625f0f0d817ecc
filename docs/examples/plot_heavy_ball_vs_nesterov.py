r"""
Heavy ball against Nesterov on your spectrum
============================================

Given the curvature range :math:`[\mu, L]` of a problem, each method's optimal tuning and
its worst-case rate are closed forms; a run of each method's own update rule on a
quadratic with eigenvalues across :math:`[\mu, L]` converges at the predicted rate.

Heavy ball at Polyak's tuning has rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`;
Nesterov's method at its best tuning for quadratics has :math:`1 - 2/\sqrt{3\kappa + 1}`
(Lessard, Recht and Packard 2016), slower on quadratics, but it does not cycle beyond them
(see :doc:`plot_beyond_quadratics`).
"""

import matplotlib.pyplot as plt
import numpy as np

import momentum_theory as mt

# %%
# The spectrum: here of a random least-squares problem (seeded), with safe bounds on its
# extreme eigenvalues.
rng = np.random.default_rng(0)
X = rng.standard_normal((200, 20)) @ np.diag(np.linspace(1.0, 8.0, 20))
spectrum = mt.spectrum_of(X, least_squares=True)
mu, L = spectrum.mu, spectrum.L
print(f"mu = {mu:.4f}, L = {L:.4f}, kappa = {L / mu:.1f}")

# %%
# Each method's optimal tuning and worst-case rate over :math:`[\mu, L]`.
tunings = {}
for name in ("gradient_descent", "heavy_ball", "nesterov"):
    method = mt.methods.get(name)
    optimum = method.optimal_parameters(mu=mu, L=L)
    tunings[name] = optimum
    print(f"{method.display:17s} {dict(optimum.parameters)}  rate {float(optimum.rate):.6f}")

kappa = L / mu
assert np.isclose(tunings["heavy_ball"].rate, (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
assert np.isclose(tunings["nesterov"].rate, 1 - 2 / np.sqrt(3 * kappa + 1))

# %%
# Run each method's own rule on the Hessian :math:`2 X^\top X / n` (whose eigenvalues lie in
# :math:`[\mu, L]`) and compare the distance to the minimiser with :math:`\rho^t`. The
# optimal tunings put the slowest modes on the critical-damping curve, where the distance
# decays as :math:`t \rho^t`, so a run of finite length measures a little above
# :math:`\rho`.
hessian = 2 * X.T @ X / X.shape[0]
x0 = rng.standard_normal(20)
steps = 150
fig, ax = plt.subplots(figsize=(6.4, 4.0))
for name, optimum in tunings.items():
    method = mt.methods.get(name)
    trace = mt.run(name, hessian, x0, steps, **optimum.parameters)
    measured = float(mt.empirical_rate(trace.distances))
    line = ax.semilogy(trace.distances / trace.distances[0], label=f"{method.display}")[0]
    ax.semilogy(float(optimum.rate) ** np.arange(steps + 1), ":", color=line.get_color())
    print(f"{method.display:17s} predicted {float(optimum.rate):.4f}, measured {measured:.4f}")
    # Optimal tunings sit on the critical-damping curve (a Jordan block, d_t ~ t rho^t): a
    # finite run measures about 1.72/steps above rho (momentum_theory.rates.jordan_bias).
    assert abs(measured / float(optimum.rate) - 1) <= 3.5 / steps
ax.set_xlabel("iteration $t$")
ax.set_ylabel(r"$\|x_t - x^*\| / \|x_0 - x^*\|$ (dotted: $\rho^t$)")
ax.set_ylim(1e-12, 10)
ax.legend()
fig.tight_layout()
plt.show()
