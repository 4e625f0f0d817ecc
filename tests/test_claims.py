"""The one claim type: constructors apply the criterion they print."""

import math

import pytest

from momentum_theory.claims import Claim, at_least, at_most, equals, holds, skipped


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


def test_verify_keeps_the_old_name_for_the_claim_type():
    from momentum_theory.verify import CheckResult

    assert CheckResult is Claim
