"""Stored golden results: a test compares what the code computes with a JSON file under
tests/data/golden/ that was written once and is kept in git.

To write the files afresh after a deliberate change of figures, run the tests that use them with
CASEBOOK_GOLDEN_WRITE=1, e.g.

    CASEBOOK_GOLDEN_WRITE=1 make test TEST_WORKERS=0 PYTEST_ARGS=tests/reports/test_counting.py

then read the diff (`git diff tests/data/golden`) before committing it: every changed figure is a
changed result. Without the variable a missing or different file fails the test.
"""

import json
import os
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
WRITE = os.environ.get("CASEBOOK_GOLDEN_WRITE") == "1"
# Stands for the database id of the inspection, which differs from run to run.
INSPECTION = "<inspection>"


def normalised(value: Any, *, inspection: int | None = None) -> Any:
    """The value as JSON gives it back (tuples become lists), the inspection's id replaced."""
    value = json.loads(json.dumps(value))
    if inspection is not None and isinstance(value, dict) and value.get("inspection") == inspection:
        value["inspection"] = INSPECTION
    return value


def assert_golden(name: str, value: Any, *, inspection: int | None = None) -> None:
    path = GOLDEN / f"{name}.json"
    got = normalised(value, inspection=inspection)
    if WRITE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert path.exists(), f"no golden file {path.name}: write it with CASEBOOK_GOLDEN_WRITE=1"
    assert got == json.loads(path.read_text()), f"differs from the golden file {path.name}"
