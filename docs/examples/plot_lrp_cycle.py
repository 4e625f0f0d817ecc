r"""
The Lessard-Recht-Packard cycle
===============================

Heavy ball at Polyak's tuning for :math:`\kappa = 25` (:math:`\alpha = 1/9`,
:math:`\beta = 4/9`) has rate :math:`2/3` on every quadratic of the class, yet on a
1-strongly convex, 25-smooth function of Lessard, Recht and Packard (SIAM J. Optim.
26(1), 2016, sec. 2.3), a piecewise quadratic, it falls into a cycle of period 3 and never
converges. The cycle is computed here in exact rational arithmetic.
"""

from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np

from momentum_theory.beyond import counterexample

cycles = counterexample.limit_cycles()
for cycle in cycles:
    print(
        f"period {cycle.period}, pieces {cycle.pieces}, points {[str(x) for x in cycle.points]}, "
        f"attracting: {cycle.attracting}"
    )
(attracting,) = [cycle for cycle in cycles if cycle.attracting]

# %%
# An independent check in exact arithmetic: one heavy-ball step with the piecewise
# gradient, written out here, maps each point of the cycle to the next.
alpha, beta = Fraction(1, 9), Fraction(4, 9)


def gradient(x):
    return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)


points = list(attracting.points)
for k in range(3):
    x, previous = points[k], points[k - 1]
    assert x - alpha * gradient(x) + beta * (x - previous) == points[(k + 1) % 3]

# %%
# Heavy ball from rest at :math:`x_0 = 3.3` (floating point) is captured by the cycle;
# the function, and the iterates of the last 30 steps, drawn on it.
trace = counterexample.run(3.3, 300)
print("last iterates:", np.round(trace[-6:], 6))

x = np.linspace(-2.5, 3.5, 400)
fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 3.8))
left.plot(x, counterexample.objective(x), color="0.3")
cycle_x = np.array([float(p) for p in points])
left.plot(cycle_x, counterexample.objective(cycle_x), "o", color="C3", label="the 3-cycle")
for breakpoint in counterexample.BREAKPOINTS:
    left.axvline(breakpoint, ls=":", color="0.6")
left.set_xlabel("$x$")
left.set_ylabel("$f(x)$")
left.legend()
right.plot(trace, ".-", lw=0.6, ms=3)
right.set_xlabel("iteration $t$")
right.set_ylabel("$x_t$")
right.set_title(r"heavy ball, $\alpha = 1/9$, $\beta = 4/9$, from rest at 3.3")
fig.tight_layout()
plt.show()
