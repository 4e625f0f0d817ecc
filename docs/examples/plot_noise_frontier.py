r"""
The noise frontier: what momentum buys under noisy gradients
============================================================

With gradients :math:`\nabla f(x) + \sigma \xi` (:math:`\xi` standard normal) a method
does not converge but settles at a stationary spread around the minimiser, and
:math:`\mathbb E f - f^*` stays at an *excess loss*. Faster parameters (a smaller rate)
pay with a larger excess loss; the frontier is the least excess loss a method attains at
each rate. On :math:`f(x) = (x_1^2 + 10 x_2^2)/2`, momentum lowers the whole frontier
below gradient descent's.
"""

import matplotlib.pyplot as plt
import numpy as np

import momentum_theory as mt

eigenvalues = np.array([1.0, 10.0])
rates = np.linspace(0.82, 0.98, 9)
frontiers = {
    name: mt.pareto_frontier(name, eigenvalues, rates, grid=101)
    for name in ("gradient_descent", "heavy_ball", "nesterov")
}

# %%
# Gradient descent's frontier in closed form, as an independent check: at rate
# :math:`r` its best step is :math:`\alpha = (1 - r)/\mu` (the smallest reaching the
# rate), and :math:`x_{t+1} = (1 - \alpha h) x_t - \alpha \sigma \xi_t` has stationary
# variance :math:`\alpha^2 \sigma^2 / (1 - (1 - \alpha h)^2)` per eigenvalue :math:`h`,
# hence excess loss :math:`\sum_h \tfrac h2 \cdot \alpha \sigma^2 / (h (2 - \alpha h))`.
alpha = (1 - rates) / eigenvalues.min()
closed_form = sum(alpha / (2 * (2 - alpha * h)) for h in eigenvalues)
np.testing.assert_allclose(frontiers["gradient_descent"].excess_loss, closed_form, rtol=1e-12)

for name, frontier in frontiers.items():
    ratio = frontier.excess_loss / frontiers["gradient_descent"].excess_loss
    print(f"{mt.methods.get(name).display:17s} excess loss / gradient descent's: {ratio.round(3)}")

# %%
fig, ax = plt.subplots(figsize=(6.4, 4.0))
for name, frontier in frontiers.items():
    method = mt.methods.get(name)
    ax.semilogy(frontier.rates, frontier.excess_loss, marker=method.marker, label=method.display)
ax.set_xlabel(r"worst-case rate $\rho$ over $[1, 10]$")
ax.set_ylabel(r"stationary excess loss ($\sigma = 1$)")
ax.legend()
fig.tight_layout()
plt.show()
