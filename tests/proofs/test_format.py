"""Tests of momentum_theory/proofs/format.py: keys, numbers, JSON and JSON Lines."""

import json

import pytest

from momentum_theory.proofs.format import (
    KINDS,
    ProofFileError,
    ProofFormatError,
    dumps,
    parse_proof,
    read_proofs,
    write_proof,
    write_proofs,
)
from tests.proofs._examples import (
    gradient_descent_lyapunov,
    heavy_ball_quadratic,
    nesterov_quadratic_class,
)

EXAMPLES = (gradient_descent_lyapunov, heavy_ball_quadratic, nesterov_quadratic_class)


@pytest.mark.parametrize("example", EXAMPLES)
def test_one_proof_round_trips(example, tmp_path):
    proof = example()
    path = write_proof(proof, tmp_path / "sub" / "proof.json")
    assert read_proofs(path) == [proof]
    assert json.loads(dumps(proof)) == proof


def test_json_lines_round_trip(tmp_path):
    proofs = [example() for example in EXAMPLES]
    path = write_proofs(proofs, tmp_path / "proofs.jsonl")
    assert len(path.read_text().splitlines()) == 3
    assert read_proofs(path) == proofs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no proof"),
        ("[1, 2]", "JSON object"),
        ('{"a": 1}\n{broken\n', "line 2: not JSON"),
        ("3\n4\n", "line 1: not a JSON object"),
    ],
)
def test_unreadable_files(text, message, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(text)
    with pytest.raises(ProofFileError, match=message):
        read_proofs(path)


def test_parsed_numbers_are_exact():
    parsed = parse_proof(gradient_descent_lyapunov())
    assert str(parsed.fields["lambda_sector"]) == "27/200"
    assert parsed.fields["P"][1][1].denominator == 100
    assert parsed.parameters == {"alpha": parsed.alpha}


def _edit(**changes):
    proof = gradient_descent_lyapunov()
    for key, value in changes.items():
        if value is None:
            del proof[key]
        else:
            proof[key] = value
    return proof


@pytest.mark.parametrize(
    ("proof", "message"),
    [
        (_edit(format="momentum-theory-proof/2"), "format must be"),
        (_edit(kind="sum_of_squares"), "kind must be one of"),
        (_edit(rho=None), "needs the key 'rho'"),
        (_edit(h="1"), "has no key 'h'"),
        (_edit(rho="7/0"), "rho must be a rational"),
        (_edit(rho=0.6), "rho must be a rational"),
        (_edit(P=[["1", "0"], ["0", "1"]]), "P must be a list of 3 rows"),
        (_edit(P=[["1", "0", "0"], ["0", "1"], ["0", "0", "1"]]), r"P\[1\] must be a list of 3"),
        (_edit(parameters=["1/2"]), "parameters must be a JSON object"),
        (_edit(method=3), "method must be"),
        ([], "must be a JSON object"),
    ],
)
def test_malformed_proofs_name_the_key(proof, message):
    with pytest.raises(ProofFormatError, match=message):
        parse_proof(proof)


def test_cycle_kind_is_read():
    """The format reads cycles (checked in tests/proofs/test_cycle.py)."""
    proof = {
        **heavy_ball_quadratic(),
        "kind": "cycle",
        "x": [["1"], ["-1"]],
        "g": [["1"], ["-1"]],
        "f": ["0", "0"],
        "reachable_from_rest": False,
    }
    del proof["h"]
    assert "cycle" in KINDS
    assert len(parse_proof(proof).fields["x"]) == 2
    with pytest.raises(ProofFormatError, match="g must be a list of 2 rows"):
        parse_proof({**proof, "g": [["1"]]})
