r"""Transients: what the asymptotic rate :math:`\rho(A)` says nothing about.

A method converges at the rate :math:`\rho(A)` only eventually; before that the state can
grow, and after :math:`n` steps the error can still be far above :math:`\rho^n`.

- :mod:`~momentum_theory.transients.powers`: :math:`A^t` and :math:`\|A^t\|_2` of the
  heavy-ball companion matrix in closed form (:func:`~.powers.power_norms`,
  :func:`~.powers.at_rest_polynomial`);
- :mod:`~momentum_theory.transients.certificates`: Theorem 1 made concrete, the least
  constant :math:`C(\varepsilon)` with :math:`\|A^t\|_2 \le C (\rho + \varepsilon)^t`,
  the transient peak and the Jordan-block growth (:func:`~.certificates.transient_constant`,
  :func:`~.certificates.transient_peak`, :func:`~.certificates.jordan_growth`);
- :mod:`~momentum_theory.transients.worst_case`: the exact worst case after :math:`n`
  steps over every quadratic with spectrum in :math:`[\mu, L]`
  (:func:`~.worst_case.worst_case_error`).

The main functions are also in the root namespace (``momentum_theory.power_norms``, ...).
"""

__all__: list[str] = []  # the modules are the API; nothing is re-exported here
