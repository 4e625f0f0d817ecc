r"""
The :math:`1/(1-\beta)` amplification
=====================================

Under a constant gradient :math:`g` the velocity :math:`v_{t+1} = \beta v_t + \alpha g`
(heavy ball's :math:`x_t - x_{t+1}`) is a geometric sum,
:math:`v_t = \alpha g (1 - \beta^t)/(1 - \beta)`, which tends to :math:`\alpha g/(1 - \beta)`:
momentum multiplies the step by :math:`1/(1 - \beta)` (ten at :math:`\beta = 0.9`, a
hundred at :math:`0.99`), so a step that is safe for gradient descent can diverge with
momentum.
"""

import matplotlib.pyplot as plt
import numpy as np

import momentum_theory as mt

betas = np.array([0.5, 0.9, 0.99])
result = mt.velocity_amplification(betas, steps=1000)
print("limits 1/(1 - beta):", result.limit)
print(
    "largest relative error of the iteration against the closed form:", result.relative_error.max()
)
# The geometric sum's limit, computed here independently of the package.
np.testing.assert_allclose(result.limit, [2.0, 10.0, 100.0], rtol=1e-12)

# %%
# The velocity in units of gradient descent's step :math:`\alpha g`, against the iteration
# count: each approaches its limit as :math:`1 - \beta^t`.
fig, ax = plt.subplots(figsize=(6.4, 4.0))
for k, beta in enumerate(result.beta):
    line = ax.plot(result.t, result.measured[:, k], label=rf"$\beta = {beta}$")[0]
    ax.axhline(result.limit[k], ls=":", color=line.get_color())
ax.set_xscale("symlog", linthresh=10)
ax.set_yscale("symlog", linthresh=1)
ax.set_xlabel("iteration $t$")
ax.set_ylabel(r"$v_t / (\alpha g)$ (dotted: $1/(1-\beta)$)")
ax.legend()
fig.tight_layout()
plt.show()
