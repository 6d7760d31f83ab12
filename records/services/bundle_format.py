"""The inspection bundle's envelope (`inspection-bundle/1`, INTERCHANGE.md): its keys, reading
its JSON text, and the error that lists every problem found in a bundle.

`bundle_read` is the one reader for the import page, `manage.py import_bundle` and the API: the
same size limit (UPLOAD_MAX_MB, checked before reading), the same encodings (UTF-8, with or
without a byte order mark; UTF-16 or UTF-32, as JSON's own detection finds them) and the same
problems, word for word.
"""

import json
import re
from typing import Any, BinaryIO

from django.conf import settings

FORMAT = "inspection-bundle/1"
TOP_KEYS = {
    "format",
    "framework",
    "framework_version",
    "inspection",
    "standard_ratings",
    "overall_rating",
    "moderations",
    "cases",
    "interviews",
    "second_readings",
}
INSPECTION_KEYS = {"pdu", "region", "fieldwork_start", "fieldwork_end", "cohort_windows"}
CASE_KEYS = {
    "ref",
    "case_type",
    "start_date",
    "rosh",
    "gender",
    "ethnicity",
    "age_band",
    "status",
    "answers",
    "evidence",
    "pre_sentence_info",
    "practitioner_count",
    "practitioner_grade",
    "attributes",
}
INTERVIEW_KEYS = {"case_ref", "role", "held_on", "outcome", "notes"}


class BundleError(ValueError):
    """Every problem found in a bundle, each a one-line reason naming where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class BundleTooLarge(BundleError):
    """The bundle is over the upload limit (the API answers 413)."""

    def __init__(self, limit: int):
        super().__init__(
            [
                f"bundle is larger than {limit // 1024 // 1024:,} MB, the most Casebook imports "
                "(UPLOAD_MAX_MB)"
            ]
        )


def bundle_read(source: BinaryIO, *, size: int | None = None) -> dict[str, Any]:
    """Read a bundle from a binary file or request body and parse it. `size`, when the caller
    knows it (a file's size, a request's Content-Length), is checked before anything is read;
    at most one byte over the limit is ever read."""
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise BundleTooLarge(limit)
    raw = source.read(limit + 1)
    if len(raw) > limit:
        raise BundleTooLarge(limit)
    return bundle_parse(raw)


def bundle_parse(raw: bytes) -> dict[str, Any]:
    """Parse bundle JSON (bytes, in any encoding JSON allows); a syntax error (e.g. a truncated
    file) names line and column."""
    if not raw.strip():
        raise BundleError(["bundle is empty"])
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise BundleError(
            [
                "bundle is not UTF-8 text (nor UTF-16 or UTF-32 with a byte order mark): "
                f"{exc.reason} at byte {exc.start}"
            ]
        ) from exc
    except json.JSONDecodeError as exc:
        raise BundleError(
            [f"bundle is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"]
        ) from exc
    except RecursionError:
        raise BundleError(["bundle is nested too deeply to be a bundle"]) from None
    if not isinstance(data, dict):
        raise BundleError(["bundle must be a JSON object at the top level"])
    if places := _unpaired_surrogates(data):
        raise BundleError(
            [
                f"{place}: text holds an unpaired surrogate (such as \\ud800), which is not a "
                "character: nothing can store it"
                for place in places
            ]
        )
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_PLACES = 20


def _unpaired_surrogates(data: dict[str, Any]) -> list[str]:
    """Where the parsed bundle holds a lone surrogate (JSON's `\\ud800` escape, or UTF-16
    decoded leniently): PostgreSQL cannot store one. Iterative, as deep as JSON allowed."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("bundle", data)]
    while stack and len(found) < MAX_PLACES:
        where, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                found.append(where)
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    # named with the surrogate escaped: the message itself must be storable text
                    key = key.encode("utf-8", "backslashreplace").decode()
                    found.append(f"{where}: the key {key!r}")
                stack.append((f"{where}.{key}" if where != "bundle" else key, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
    return sorted(found)
