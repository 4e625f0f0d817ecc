"""Checks of the theory's claims, each against an independent computation (moving into
:mod:`momentum_theory.paper`, one subject at a time)."""
