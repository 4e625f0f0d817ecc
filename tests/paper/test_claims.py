"""The one claim type: constructors apply the criterion they print."""

import math

import pytest

from momentum_theory.paper._claims import (
    Claim,
    at_least,
    at_most,
    claim,
    equals,
    holds,
    is_claim,
    is_quoted,
    skipped,
)


@pytest.mark.parametrize(
    ("claim", "passed", "criterion"),
    [
        (at_most("c", "m", 1e-15, 1e-14), True, "<= 1e-14"),
        (at_most("c", "m", 2e-14, 1e-14), False, "<= 1e-14"),
        (at_most("c", "m", math.nan, 1e-14), False, "<= 1e-14"),  # NaN never passes a bound
        (at_least("c", "m", 3e-9, 1e-12), True, ">= 1e-12"),
        (at_least("c", "m", 1e-13, 1e-12), False, ">= 1e-12"),
        (equals("c", "m", 0, 0), True, "== 0"),
        (equals("c", "m", 1, 0), False, "== 0"),
        (holds("c", "m", True), True, "holds"),
        (holds("c", "m", False), False, "holds"),
    ],
)
def test_constructors_pass_exactly_when_the_criterion_holds(claim, passed, criterion):
    assert claim.passed is passed
    assert claim.criterion == criterion
    assert claim.verdict == ("PASS" if passed else "FAIL")


def test_a_skipped_claim_neither_passes_nor_fails_and_says_why():
    claim = skipped("needs torch", "PyTorch is missing; pip install torch")
    assert claim.skipped and not claim.passed and claim.verdict == "SKIP"
    assert claim.method == "not run: PyTorch is missing; pip install torch"


def test_json_record_keeps_finite_numbers_and_spells_out_the_others():
    assert at_most("c", "m", 0.5, 1.0).as_dict()["measured"] == 0.5
    assert skipped("c", "why").as_dict()["measured"] == "nan"


def test_in_group_files_the_same_claim_under_a_group():
    claim = at_most("c", "m", 0.5, 1.0)
    assert claim.in_group("foundation") == Claim("c", "m", 0.5, "<= 1", True, "foundation")


def test_claim_marks_a_check_and_says_whether_the_paper_quotes_it():
    @claim
    def plain() -> Claim:
        return holds("c", "m", True)

    @claim(quoted=True)
    def quoted() -> Claim:
        return holds("c", "m", True)

    def unmarked() -> Claim:
        return holds("c", "m", True)

    assert [is_claim(f) for f in (plain, quoted, unmarked)] == [True, True, False]
    assert [is_quoted(f) for f in (plain, quoted, unmarked)] == [False, True, False]
    assert quoted() == holds("c", "m", True)  # the function itself, unchanged


def test_a_subject_collects_its_claims_in_order_and_refuses_unmarked_ones():
    from momentum_theory.paper._subject import Subject, claims_in

    @claim
    def first() -> Claim:
        return holds("first", "m", True)

    @claim(quoted=True)
    def second() -> Claim:
        return holds("second", "m", False)

    namespace = {"__name__": __name__, "imported": at_most, "first": first, "second": second}
    namespace["elsewhere"] = claim(type("X", (), {"__module__": "other", "__call__": None}))
    assert claims_in(namespace) == (first, second)
    subject = Subject("demo", "Demo", claims=(first, second))
    assert subject.quoted == (second,)
    assert [(c.claim, c.group, c.passed) for c in subject.check()] == [
        ("first", "demo", True),
        ("second", "demo", False),
    ]
    with pytest.raises(ValueError, match="not marked with @claim"):
        Subject("demo", "Demo", claims=(lambda: holds("c", "m", True),))
