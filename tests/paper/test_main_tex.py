r"""The paper (paper/main.tex) against the toolkit: figures, generated numbers, errata.

What is enforced, and how:

- every ``\includegraphics`` names ``<name>.pdf`` of a figure that a subject of
  :data:`momentum_theory.paper.SUBJECTS` draws, its caption names the command that makes
  it, and every figure of the subjects appears in the paper;
- every ``\gen{Name}`` is defined by exactly one file of ``paper/generated/``, no generated
  macro is used without ``\gen``, ``main.tex`` inputs the generated index of the
  subjects' numbers files, and every citation and cross-reference resolves;
- the subjects are the paper's sections in the paper's order;
- the cheap generated files are reproducible (two runs, the same bytes) and state the
  committed numbers (tests/artefacts.py);
- no decimal number is typed in main.tex (rule below);
- the errata (appendix sec:errata) hold: checks on the chapter's text and on the toolkit.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest
from artefacts import assert_identical, assert_same_numbers

from momentum_theory import paper
from momentum_theory.paper.__main__ import main as paper_main

REPOSITORY = Path(__file__).resolve().parents[2]
PAPER = REPOSITORY / "paper"
MAIN = PAPER / "main.tex"
GENERATED = PAPER / "generated"
SCRIPTS = REPOSITORY / "scripts"

# Subjects whose numbers take a few seconds without PyTorch: regenerated here.
CHEAP_SUBJECTS = (
    "derivation",
    "spectrum",
    "accuracy",
    "optimal",
    "transients",
    "amplification",
    "comparison2d",
)


def _strip_comments(tex: str) -> str:
    """Remove TeX comments (an unescaped % to the end of the line)."""
    return re.sub(r"(?<!\\)%.*", "", tex)


def _body(tex: str) -> str:
    """The document body: between \\begin{document} and \\end{document}, comments removed."""
    text = _strip_comments(tex)
    return text[text.index(r"\begin{document}") : text.index(r"\end{document}")]


@pytest.fixture(scope="module")
def main_tex() -> str:
    return MAIN.read_text(encoding="utf-8")


def _generated_definitions() -> dict[str, list[str]]:
    """Macro name -> generated files that define it."""
    found: dict[str, list[str]] = {}
    for path in sorted(GENERATED.glob("*.tex")):
        for name in re.findall(r"\\newcommand\{\\([A-Za-z]+)\}", path.read_text("utf-8")):
            found.setdefault(name, []).append(path.name)
    return found


# --------------------------------------------------------------------------------------
# figures


def _included_figures(tex: str) -> list[str]:
    return re.findall(r"\\includegraphics(?:\[[^\]]*\])?\{([^}]*)\}", _body(tex))


def test_every_included_figure_is_drawn_by_a_subject_and_every_figure_is_included(main_tex):
    """Equality of lists: the figures included, in order, are the subjects' figures."""
    figures = _included_figures(main_tex)
    assert figures, "main.tex includes no figure"
    for figure in figures:
        assert figure.endswith(".pdf"), f"{figure}: include the PDF, by its full name"
    assert [f.removesuffix(".pdf") for f in figures] == list(paper.figures())


def test_every_figure_caption_names_its_command_and_has_a_label(main_tex):
    """One command, one figure, one label: the command in the caption, fig:<name> label."""
    for block in re.findall(r"\\begin\{figure\}.*?\\end\{figure\}", _body(main_tex), re.S):
        (figure,) = _included_figures(r"\begin{document}" + block + r"\end{document}")
        name = figure.removesuffix(".pdf")
        assert rf"\figurecommand{{{name}}}" in block, f"caption of {figure} names no command"
        assert rf"\label{{fig:{name.replace('_', '-')}}}" in block, f"{figure}: label"


def test_subjects_are_sections_of_the_paper_in_its_order(main_tex):
    """Each subject is the section labelled sec:<name>, and SUBJECTS follows the paper."""
    sections = re.findall(r"\\section\{.*?\}\\label\{sec:([a-z0-9]+)\}", _body(main_tex))
    names = [subject.name for subject in paper.SUBJECTS]
    missing = [name for name in names if name not in sections]
    assert not missing, f"subjects that are no section of main.tex: {missing}"
    assert names == sorted(names, key=sections.index)


# --------------------------------------------------------------------------------------
# generated numbers


def test_every_generated_number_used_is_defined_once(main_tex):
    """Equality of sets: every \\gen{Name} has exactly one definition in paper/generated/."""
    used = set(re.findall(r"\\gen\{([A-Za-z]+)\}", _body(main_tex)))
    assert used, "main.tex uses no generated number"
    defined = _generated_definitions()
    missing = sorted(used - set(defined))
    assert not missing, f"used in main.tex but not generated: {missing}"
    twice = {name: files for name, files in defined.items() if len(files) > 1}
    assert not twice, f"defined in more than one generated file: {twice}"


def test_generated_macros_are_only_used_through_gen(main_tex):
    """A generated macro typed as \\Name would escape the missing-number check."""
    defined = set(_generated_definitions())
    direct = sorted(set(re.findall(r"\\([A-Za-z]+)", _body(main_tex))) & defined)
    assert not direct, f"use \\gen{{...}} for {direct}"


def test_the_paper_inputs_the_index_of_every_subjects_numbers(main_tex):
    """main.tex inputs generated/index.tex, which inputs each subject's file, in order."""
    assert r"\InputIfFileExists{generated/index.tex}" in _strip_comments(main_tex)
    assert not re.search(r"generated/(?!index)\w+\.tex", _strip_comments(main_tex))
    index = (GENERATED / "index.tex").read_text(encoding="utf-8")
    inputs = re.findall(r"\\InputIfFileExists\{generated/(\w+)\.tex\}", index)
    assert inputs == [s.name for s in paper.SUBJECTS if s.macros is not None]
    for name in inputs:
        assert (GENERATED / f"{name}.tex").is_file(), f"run: numbers --only {name}"
    unlisted = {p.stem for p in GENERATED.glob("*.tex")} - {*inputs, "index"}
    assert not unlisted, f"generated files that no subject writes: {sorted(unlisted)}"


def test_the_makefile_asks_the_package_for_its_lists():
    """No hand-kept list of figures or subjects in the Makefile, and it stops when the
    package lists nothing (rather than building nothing)."""
    makefile = (PAPER / "Makefile").read_text(encoding="utf-8")
    assert "momentum_theory.paper" in makefile and "$(error" in makefile
    for name in [*paper.figures(), *(s.name for s in paper.SUBJECTS)]:
        assert not re.search(rf"(?<![\w/]){name}(?![\w.])", makefile.split("PYTHON ?=")[1]), (
            f"the Makefile names {name!r}: ask the package instead"
        )


@pytest.mark.parametrize("subject", CHEAP_SUBJECTS)
def test_generated_file_is_reproduced(subject, tmp_path, capsys):
    """Two runs of the command write the same bytes here, and the committed file's numbers
    at their printed precision (the rule of tests/artefacts.py)."""
    written = []
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        arguments = ["numbers", "--only", subject, "--output-dir", str(tmp_path / run)]
        assert paper_main(arguments) == 0
        written.append([tmp_path / run / f"{subject}.tex"])
    assert_identical(*written)
    assert_same_numbers(
        written[0][0],
        f"paper/generated/{subject}.tex",
        f"python -m momentum_theory.paper numbers --only {subject} --output-dir paper/generated",
    )


def test_numbers_command_rejects_unknown_subjects(tmp_path):
    with pytest.raises(SystemExit) as stop:
        paper_main(["numbers", "--only", "nonsense", "--output-dir", str(tmp_path)])
    assert stop.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_numbers_command_skips_a_subject_without_its_extra(tmp_path, monkeypatch, capsys):
    """Without PyTorch a subject that needs it is reported as skipped; --strict fails."""
    import momentum_theory.training._torch as torch_extra

    (name,) = [s.name for s in paper.SUBJECTS if "torch" in s.needs]
    monkeypatch.setattr(torch_extra, "torch_available", lambda: False)
    arguments = ["numbers", "--only", name, "--output-dir", str(tmp_path)]
    assert paper_main(arguments) == 0
    assert "skipped: PyTorch is not installed" in capsys.readouterr().out
    assert paper_main([*arguments, "--strict"]) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_lists_the_makefile_asks_for(capsys):
    assert paper_main(["list-figures"]) == 0
    assert capsys.readouterr().out.split() == list(paper.figures())
    assert paper_main(["list-figures", "--needs", "torch"]) == 0
    torch_figures = capsys.readouterr().out.split()
    assert torch_figures and all("torch" in paper.figure(n).needs for n in torch_figures)
    assert paper_main(["list-subjects", "--numbers"]) == 0
    numbered = [s.name for s in paper.SUBJECTS if s.macros is not None]
    assert capsys.readouterr().out.split() == numbered


# --------------------------------------------------------------------------------------
# no hand-typed numbers

# The rule. A decimal number (digits, a point, digits: 0.25, 5.6.10) must not be typed
# anywhere in the body of main.tex, in prose or in math, because such a number is a
# result and results come from paper/generated/ through \gen. What remains allowed:
#   - integers and fractions (2(1 + beta), 1/64, x^2 + 10 y^2, [-1, 1]): they define the
#     mathematics and the chapter's problems, they are not measured;
#   - lengths (0.82\linewidth, 4cm): layout;
#   - numbers of sections, lemmas and equations of cited works (Lemma~5.6.10);
#   - text inside \code{...}, \texttt{...} and verbatim: quoted code and commands.
# Percentages (25\%) and powers of ten (1e-14) typed by hand are refused like decimals.
_DECIMAL = re.compile(r"\d*\.\d+|\d+\\%|\d[eE][-+]?\d")
_ALLOWED = [
    re.compile(r"\d*\.?\d+\s*(?:pt|em|ex|cm|mm|in|bp)\b"),
    re.compile(r"\d*\.?\d+\s*\\(?:linewidth|textwidth|columnwidth|textheight)"),
    re.compile(r"(?:Section|Sections|Lemma|Theorem|Corollary|Chapter|Eq\.)~\d+(?:\.\d+)*"),
    re.compile(r"\\(?:code|texttt)\{[^}]*\}"),
    re.compile(r"\\begin\{verbatim\}.*?\\end\{verbatim\}", re.S),
]


def _typed_decimals(tex: str) -> list[tuple[int, str]]:
    body = _body(tex)
    offset = _strip_comments(tex).index(r"\begin{document}")
    for pattern in _ALLOWED:
        body = pattern.sub(lambda m: re.sub(r"[\d.%]", "x", m.group()), body)
    found = []
    for match in _DECIMAL.finditer(body):
        line = _strip_comments(tex)[: offset + match.start()].count("\n") + 1
        found.append((line, match.group()))
    return found


def test_no_decimal_number_is_typed_in_the_paper(main_tex):
    found = _typed_decimals(main_tex)
    assert not found, f"typed numbers (line, text), use \\gen: {found}"


@pytest.mark.parametrize(
    ("snippet", "flagged"),
    [
        ("the rate is 0.518 here", True),
        ("an error of 1e-14", True),
        ("a share of 25\\% of it", True),
        ("$\\beta = 0.9$", True),
        ("\\includegraphics[width=0.82\\linewidth]{x.pdf}", False),
        ("\\citep[Lemma~5.6.10]{hornjohnson2013}", False),
        ("\\code{momentum=0.8} and $\\alpha h < 2(1 + \\beta)$, $1/64$", False),
        ("the rate is \\gen{OptRateOneTen}", False),
    ],
)
def test_the_typed_number_rule(snippet, flagged):
    tex = "\\begin{document}\n" + snippet + "\n\\end{document}\n"
    assert bool(_typed_decimals(tex)) is flagged


# --------------------------------------------------------------------------------------
# citations and references


def test_every_citation_is_in_the_bibliography(main_tex):
    cited = set()
    for group in re.findall(r"\\cite[tp]?\*?(?:\[[^\]]*\])*\{([^}]*)\}", _body(main_tex)):
        cited.update(key.strip() for key in group.split(","))
    bib = (PAPER / "refs.bib").read_text(encoding="utf-8")
    entries = set(re.findall(r"@\w+\{([^,]+),", bib))
    assert cited - entries == set()
    assert {"polyak1964", "hornjohnson2013", "goh2017", "dekker1971"} <= cited


def test_every_cross_reference_has_a_label(main_tex):
    body = _body(main_tex)
    labels = set(re.findall(r"\\label\{([^}]*)\}", body))
    referenced = set()
    for group in re.findall(r"\\[cC]ref\{([^}]*)\}|\\ref\{([^}]*)\}", body):
        for keys in group:
            referenced.update(k.strip() for k in keys.split(",") if k.strip())
    assert referenced - labels == set()


# --------------------------------------------------------------------------------------
# errata (the appendix sec:errata of the paper): the chapter's text and the toolkit's numbers


# What the errata say the chapter contains, as data: the chapter itself is not part of the
# repository. scripts/check_chapter.py confirms these against a copy of the chapter.
CHAPTER_FINDINGS = {
    3: ("the amplitude of each update will be greater than that without momentum",),
    4: ("torch.manual_seed(1)",),
    5: ("v = gamma * v + lr * grad", "p = p - v"),
    6: ("%matplotlib inline", "a closing parenthesis followed directly by for"),
    7: ("torch.utils.data as Dataa", "Data.TensorDataset"),
    8: ("len(train_data)",),
    9: ("net.parameters()", "net_Momentum"),
    10: ("momentum=0.8", "0.9"),
    11: ("BATCH_SIZE",),
}

# A miniature "chapter" of our own with every defect, in the layout the checker expects.
_FENCE = "```"
_MINIATURE = f"""
Let v_t = x_t - x_{{t-1}}, simplifying.
## 5.3
When the gradient keeps changing, the magnitude of the update will be attenuated.
## 5.4
## 5.5
### 5.5.1
{_FENCE}python
import torch.utils.data as Dataa
loader = Data.TensorDataset(x, y, BATCH_SIZE)
def steps():
return 1
{_FENCE}
{_FENCE}python
BATCH_SIZE = 8
net_Momentum = Net()
buffers = [p for p in net.parameters()]
for param, v in zip(parameters, vs):
v[:] = gamma * v + lr * param.grad.data
param.data = param.data - v
print(total / len(train_data))
{_FENCE}
**Complete code**
{_FENCE}python
%matplotlib inline
import torch.utils.data as Dataa
for batch in Data.TensorDataset(x):
print(batch)
{_FENCE}
### 5.5.2
{_FENCE}python
opt_Momentum = SGD(params, momentum=0.8)
opt_Momentum.step()  # momentum 0.9
{_FENCE}
## 5.6
{_FENCE}python
torch.manual_seed(1)
net_SGD = Net()
net_Momentum = Net()
plot(x)for y in z
{_FENCE}
So the amplitude of each update will be greater than that without momentum.
## References
"""


@pytest.fixture(scope="module")
def check_chapter():
    """scripts/check_chapter.py as a module."""
    spec = importlib.util.spec_from_file_location("check_chapter", SCRIPTS / "check_chapter.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_errata_quote_the_findings_and_name_the_checker(main_tex):
    errata = _body(main_tex)
    errata = errata[errata.index(r"\section{Errata") : errata.index(r"\section{Reproducing")]
    items = re.split(r"\\item\b", errata)[1:]
    plain = [" ".join(re.sub(r"\\(code|texttt)\{|[{}\\]", "", item).split()) for item in items]
    for number, fragments in CHAPTER_FINDINGS.items():
        for fragment in fragments:
            assert fragment.replace("_", "") in plain[number - 1].replace("_", ""), (
                number,
                fragment,
            )
        assert "check_chapter" in plain[number - 1].replace("\\_", "_")


def test_findings_mean_what_the_errata_say():
    """Each quoted defect, on its own, has the effect the erratum claims."""
    for broken in ("%matplotlib inline", "plot(x)for y in z", "def f():\nreturn 1"):
        with pytest.raises(SyntaxError):
            ast.parse(broken)
    program = ast.parse("import torch.utils.data as Dataa\nData.TensorDataset(x)")
    bound = {
        alias.asname
        for node in ast.walk(program)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    used = {node.id for node in ast.walk(program) if isinstance(node, ast.Name)}
    assert "Data" in used and "Data" not in bound


def test_chapter_checker_finds_each_defect_and_only_then(check_chapter, tmp_path):
    chapter = tmp_path / "chapter.md"
    chapter.write_text(_MINIATURE, encoding="utf-8")
    assert check_chapter.main([str(chapter)]) == 0
    repairs = {
        "will be greater": "will be smaller",  # erratum 3
        "net_SGD = Net()\nnet_Momentum": "net_SGD = Net()\ntorch.manual_seed(1)\nnet_Momentum",
        "param.data - v": "param.data + v",  # erratum 5
        "as Dataa": "as Data",  # erratum 7
        "momentum 0.9": "momentum 0.8",  # erratum 10
        "plot(x)for": "plot(x); for",  # erratum 6's run-together statements
    }
    for before, after in repairs.items():
        chapter.write_text(_MINIATURE.replace(before, after), encoding="utf-8")
        assert check_chapter.main([str(chapter)]) == 1, before


def test_chapter_training_default_is_its_momentum():
    """Erratum 9: the toolkit runs the chapter's experiment at momentum 0.8 (its code)."""
    import inspect

    from momentum_theory.training import train_chapter_network

    assert inspect.signature(train_chapter_network).parameters["momentum"].default == 0.8


def test_complex_pair_has_modulus_sqrt_beta():
    """Equality (to rounding): both complex eigenvalues have modulus sqrt(beta), for any
    alpha and h, since they are conjugate and their product is det A = beta."""
    from momentum_theory import companion_matrix

    rng = np.random.default_rng(5)
    beta = rng.uniform(0.01, 0.99, 2000)
    trace = rng.uniform(-0.9, 0.9, 2000) * 2 * np.sqrt(beta)  # T^2 < 4 beta: complex
    h = rng.uniform(0.1, 10.0, 2000)
    alpha = (1 + beta - trace) / h
    moduli = np.abs(np.linalg.eigvals(companion_matrix(alpha, beta, h)))
    np.testing.assert_allclose(moduli, np.sqrt(beta)[:, None] * np.ones(2), rtol=1e-13)
    # ... and not, for instance, the modulus of the real part |T|/2.
    assert np.max(np.abs(moduli[:, 0] - np.abs(trace) / 2)) > 0.1


def test_negative_momentum_example_converges_at_the_generated_rate():
    """Erratum 2: a negative beta inside the region converges; simulation agrees with rho."""
    from momentum_theory import convergence_region, spectral_radius
    from momentum_theory.paper.spectrum import NEGATIVE_MOMENTUM_EXAMPLE
    from momentum_theory.reference import plain_heavy_ball

    product, beta = NEGATIVE_MOMENTUM_EXAMPLE
    assert beta < 0
    assert bool(convergence_region(product, beta, 1.0))
    distance = plain_heavy_ball(1.0, 1.0, product, beta, 400)[-1]
    assert distance ** (1 / 400) == pytest.approx(
        float(spectral_radius(product, beta, 1.0)), rel=1e-2
    )


def _check_and_test_names() -> tuple[set[str], set[str]]:
    """The names of the subjects' claims, and of the test functions."""
    checks = {check.__name__ for subject in paper.SUBJECTS for check in subject.claims}
    tests = set()
    for path in (REPOSITORY / "tests").rglob("test_*.py"):  # subfolders mirror the package
        tests.update(re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M))
    return checks, tests


def test_every_named_check_exists(main_tex):
    """Each check the paper names (after 'Check:' or as a test) is a verify check or a test."""
    checks, tests = _check_and_test_names()
    body = _body(main_tex)
    named = set(re.findall(r"\\code\{(test_\w+)\}", body))
    # The rest of a sentence after "Check:", "check(s)" or "verify check(s)".
    after = r"(?:Check:|\bchecks?\b)\s+(.*?)(?:\.\s|\.$|\\item|\\end)"
    for sentence in re.findall(after, body, re.S):
        named.update(re.findall(r"\\code\{(\w+)\}", sentence))
    assert len(named) >= 25
    import momentum_theory

    known = checks | tests | set(momentum_theory.__all__)  # public functions may be named too
    unknown = sorted(name for name in named if name not in known)
    assert not unknown, (
        f"named in main.tex but not a verify check, test or public function: {unknown}"
    )


def test_a_subject_whose_quoted_claim_fails_is_not_written(tmp_path, monkeypatch, capsys):
    """A claim the text relies on that no longer holds stops that subject: exit 1, no file;
    a failing claim the text does not quote does not."""
    from momentum_theory.paper._claims import claim, holds

    @claim(quoted=True)
    def failing():
        return holds("the velocity saturates", "forced to fail", False)

    subject = paper.subject("amplification")
    arguments = ["numbers", "--only", "amplification", "--output-dir", str(tmp_path)]
    monkeypatch.setattr(
        paper, "SUBJECTS", (dataclasses.replace(subject, claims=(*subject.claims, failing)),)
    )
    assert paper_main(arguments) == 1
    assert "the velocity saturates" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    unquoted = claim(quoted=False)(lambda: holds("unquoted", "forced to fail", False))
    monkeypatch.setattr(paper, "SUBJECTS", (dataclasses.replace(subject, claims=(unquoted,)),))
    assert paper_main(arguments) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["amplification.tex"]
