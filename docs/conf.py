"""Sphinx configuration of the momentum_theory documentation site.

Build: ``make -C docs html`` (or ``python -m sphinx -W --keep-going docs docs/_build/html``).
The site works offline from ``file://``: math is rendered at build time to SVG
(``imgmath`` with LaTeX and Debian's ``dvisvgm``), the theme's fonts and scripts are its
own files, and nothing is loaded from a CDN.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from docutils import nodes

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))

import _reference  # noqa: E402

import momentum_theory  # noqa: E402

project = "momentum_theory"
author = "the momentum_theory authors"
copyright = "the momentum_theory authors"
release = version = momentum_theory.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.imgmath",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

exclude_patterns = ["_build", "Makefile", "examples"]
templates_path = ["_templates"]
nitpicky = False

# -- the pages derived from the package (written before Sphinx reads the sources) --------
for page, text in (("api/index.rst", _reference.api_page()), ("cli.rst", _reference.cli_page())):
    target = DOCS / page
    target.parent.mkdir(exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")

# -- API reference --------------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's type lines say it, once
autodoc_default_options = {"members": False}
numpydoc_show_class_members = True
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False
# A missing Parameters, Returns or Examples section, an undocumented or unknown parameter,
# or a missing docstring fails the build (-W turns these warnings into errors), for every
# page of the API reference: the root names, ``methods.get``, ``methods.names`` and the
# classes. Not validated (listed on their class's page by their summary line): the members
# of the classes (``Method.worst_case_rate``, ...) -- documenting each of Method's twenty
# with full sections does not fit methods/_base.py's 600 lines without splitting it.
numpydoc_validation_checks = {"GL08", "PR01", "PR02", "RT01", "EX01"}
numpydoc_validation_exclude = {
    r"\._[a-z]",  # private names
    r"\.__\w+__$",  # the dunder protocol
    r"^momentum_theory\.(methods\.)?[A-Z]\w*\.\w+$",  # members of classes (above)
}
# A result class (a frozen dataclass) documents its fields as Attributes (tests/test_api.py
# asks for that section); numpydoc would want them again as the constructor's Parameters.
numpydoc_validation_overrides = {"PR01": [r"(?m)^Attributes\n-+$"]}

# -- math, offline ----------------------------------------------------------------------
imgmath_image_format = "svg"
imgmath_font_size = 14
imgmath_latex_preamble = r"\usepackage{amssymb}"
imgmath_embed = True  # SVG inside the page as data: URIs; nothing to fetch

# -- gallery ----------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",  # every example runs at build time
    "abort_on_example_error": True,
    "run_stale_examples": False,
    "remove_config_comments": True,
    "reset_modules": ("matplotlib",),
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "show_signature": False,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "min_reported_time": 0,
    # Its summary page loads DataTables from a CDN; the times are in the build log instead.
    "write_computation_times": False,
}

# -- theme: the PyData theme, with nothing from the network --------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"momentum_theory {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "header_links_before_dropdown": 4,
    "show_prev_next": True,
    "use_edit_page_button": False,
    "icon_links": [],
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
html_copy_source = False
html_static_path = ["_static"]
html_css_files = ["math.css"]

# The theory page's links into the paper point at the PDF that ``make -C paper`` builds in
# the same checkout, relative to the built page, at the section's hyperref destination.
# The docs build does not build the paper and does not need it: a missing PDF is a dead
# link, which the theory page says (see the note there).
_SECTIONS = _reference.paper_sections()


def _paper_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``:paper:`sec:noise``` -> "Section 11 (Gradient noise ...)", linked into the PDF
    at hyperref's destination of that section (``#section.11``, ``#appendix.A``)."""
    if text not in _SECTIONS:
        message = inliner.reporter.error(
            f"no \\section with \\label{{{text}}} in {_reference.PAPER}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    number, title, destination = _SECTIONS[text]
    env = inliner.document.settings.env
    page = Path(env.app.outdir, env.docname).parent
    pdf = os.path.relpath(_reference.ROOT / "paper" / "main.pdf", page)
    label = f"{'Section' if number.isdigit() else 'Appendix'} {number} ({title})"
    return [nodes.reference(rawtext, label, refuri=f"{pdf}#{destination}")], []


def setup(app):
    app.add_role("paper", _paper_role)
