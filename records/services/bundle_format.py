"""The inspection bundle's envelope (`inspection-bundle/1`, INTERCHANGE.md): its keys, reading
its JSON text, and the error that lists every problem found in a bundle."""

import json
from typing import Any

FORMAT = "inspection-bundle/1"
TOP_KEYS = {"format", "framework", "framework_version", "inspection", "standard_ratings",
            "overall_rating", "moderations", "cases", "interviews", "second_readings"}  # fmt: skip
INSPECTION_KEYS = {"pdu", "region", "fieldwork_start", "fieldwork_end", "cohort_windows"}
CASE_KEYS = {"ref", "case_type", "start_date", "rosh", "gender", "ethnicity", "age_band",
             "status", "answers", "evidence", "pre_sentence_info", "practitioner_count",
             "practitioner_grade"}  # fmt: skip
INTERVIEW_KEYS = {"case_ref", "role", "held_on", "outcome", "notes"}


class BundleError(ValueError):
    """Every problem found in a bundle, each a one-line reason naming where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def bundle_parse(text: str | bytes) -> dict[str, Any]:
    """Parse bundle JSON text; a syntax error (e.g. a truncated file) names line and column."""
    try:
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise BundleError([f"bundle is not UTF-8 text: {exc.reason}"]) from exc
    except json.JSONDecodeError as exc:
        raise BundleError(
            [f"bundle is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"]
        ) from exc
    except RecursionError:
        raise BundleError(["bundle is nested too deeply to be a bundle"]) from None
    if not isinstance(data, dict):
        raise BundleError(["bundle must be a JSON object at the top level"])
    return data
