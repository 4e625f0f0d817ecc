"""The JSON Lines proofs: a truncated last line is tolerated, reconcile keeps one per cell."""

import json

import pytest

from momentum_theory.atlas.proofs_log import append_lines, read_log, reconcile


def test_truncated_last_line_is_ignored(tmp_path):
    path = tmp_path / "p.jsonl"
    append_lines(path, [{"kind": "quadratic", "cell": [0, 1]}, {"kind": "cycle", "cell": [2, 3]}])
    with open(path, "a") as stream:
        stream.write('{"kind": "lyapunov", "cel')  # a kill mid-write
    assert set(read_log(path)) == {(0, 1), (2, 3)}
    missing = reconcile(path, {(0, 1), (4, 4)})  # (2, 3) not recorded in the store
    assert missing == {(4, 4)}
    lines = path.read_text().splitlines()
    assert [json.loads(line)["cell"] for line in lines] == [[0, 1]]


def test_a_broken_line_inside_is_an_error(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"cell": [0, 0]}\nnot json\n{"cell": [0, 1]}\n')
    with pytest.raises(ValueError, match="line 2"):
        read_log(path)
