r"""Paper numbers, the atlas: each verdict's share of the quadratic-stable region.

For each method and :math:`\kappa` of the figure, the percentage of the cells inside the
quadratic-stable region (decided exactly by the package) that are certified, refuted and unknown
(:func:`~momentum_theory.paper.atlas.experiments.verdict_fractions`; the cells are equal
rectangles, so this is the share of the region's area). Counts of cells, exact, the same on
every machine: the stores are committed data, read, not recomputed.

Names: ``\Atlas<tag>Kappa<K><Verdict>`` with the method's tag (``Hb``, ``Nag``) and
:math:`K` spelled in digits (``\AtlasHbKappaTwoFiveCertified``).
"""

from __future__ import annotations

from momentum_theory.paper._latex import Macro, integer, macro_name, percent

__all__ = ["SHOWN", "macros"]

# The verdicts the text quotes inside the stable region (unstable and not computed are 0
# there: checked by the claims).
SHOWN = ("certified", "refuted", "unknown")


def macros() -> list[Macro]:
    """Numbers of the atlas section."""
    from momentum_theory import methods
    from momentum_theory.paper.atlas.experiments import maps, verdict_fractions

    results = maps()
    shapes = {result.status.shape for result in results}
    out = []
    if len(shapes) == 1:
        ((rows, columns),) = shapes
        out += [
            Macro("AtlasColumns", integer(columns), f"cells along {results[0].x_name}"),
            Macro("AtlasRows", integer(rows), f"cells along {results[0].y_name}"),
        ]
    for result in results:
        tag = methods.get(result.method).tag
        kappa = round(result.kappa)
        where = f"{result.method} at kappa = {kappa}, of the quadratic-stable cells"
        out.append(
            Macro(
                macro_name("atlas", tag, "kappa", kappa, "stable"),
                integer(int(result.stable.sum())),
                f"{result.method} at kappa = {kappa}: quadratic-stable cells",
            )
        )
        fractions = verdict_fractions(result)
        out += [
            Macro(
                macro_name("atlas", tag, "kappa", kappa, verdict),
                percent(fractions[verdict], 1),
                f"{where}: {verdict}",
            )
            for verdict in SHOWN
        ]
    return out
