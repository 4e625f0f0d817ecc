r"""Beyond quadratics: the methods over every :math:`\mu`-strongly convex, :math:`L`-smooth f.

Quadratics with spectrum in :math:`[\mu, L]` belong to that class, so their rates are lower
bounds for it; these modules say how far the class is from them.

- :mod:`~momentum_theory.beyond.counterexample`: Lessard, Recht and Packard's function on
  which heavy ball at Polyak's parameters cycles, in exact arithmetic;
- :mod:`~momentum_theory.beyond.function_class`: the worst case after :math:`n` steps over
  the class (a performance-estimation problem, PEPit);
- :mod:`~momentum_theory.beyond.iqc`: certified rates over the class (integral quadratic
  constraints, a small semidefinite program);
- :mod:`~momentum_theory.beyond.certificate`: what such a certificate is, and the check that
  decides whether it counts (no solver needed).

The last two need the optional extra ``pep`` (PEPit and cvxpy), which
:mod:`~momentum_theory.beyond._pep` imports on demand; every module imports without it.
The methods reach them as ``worst_case_error(..., function_class=...)`` and
``Method.certified_rate``.
"""

__all__: list[str] = []  # the modules are the API; nothing is re-exported here
