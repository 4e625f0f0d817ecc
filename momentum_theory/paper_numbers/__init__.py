r"""The numbers the paper quotes, as LaTeX macros (moving into :mod:`momentum_theory.paper`,
one subject at a time): each module provides ``macros()``."""
