"""Checking a case list: rows of cells in, normalised rows and every problem out (no database).

`caselist_check` turns rows into normalised rows plus every problem as {row, column, reason}.
Row numbers are the ones a spreadsheet shows: the header is row 1, the first case row 2. The
columns and their spellings are in `columns`, and documented in docs/caselist.md.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspection import attributes
from inspection.text_safety import looks_like_formula, spreadsheet_safe
from sampling.caselist.columns import (
    BLANKS,
    CASE_TYPE_LOOKUP,
    COLUMNS,
    GENDER_LOOKUP,
    GRADE_LOOKUP,
    HEADER_LOOKUP,
    NO,
    REQUIRED,
    ROSH_LOOKUP,
    YES,
    simplify,
)
from sampling.caselist.declared import declared_cells, declared_headers, json_attributes

__all__ = [
    "Checked",
    "caselist_check",
    "caselist_counts",
    "errors_csv",
    "ethnicity_problem",
    "ref_problem",
    "spreadsheet_safe",
]

# reports one problem: (column, reason)
Bad = Callable[[str, str], None]

AGE_BANDS = attributes.AGE_BAND.values
REF_RE = re.compile(attributes.REF_PATTERN)
DATE_RES = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
)


@dataclass(frozen=True)
class Plan:
    """What a case list carries for a framework: the PDU columns it declares (checked by the
    rules below, as format 1 always was) and its other declared attributes (`declared`)."""

    columns: frozenset[str]
    declared: tuple[attributes.CaseAttribute, ...]
    required: tuple[attributes.CaseAttribute, ...]

    @classmethod
    def of(cls, declared: Sequence[attributes.CaseAttribute]) -> "Plan":
        typed = {a.name for a in declared if attributes.column_of(a)}
        fixed = {"ref", "start_date", "practitioner_grade", *typed}
        if "age_band" in typed:
            fixed.add("date_of_birth")
        required = tuple(a for a in declared if a.required and attributes.column_of(a))
        return cls(frozenset(fixed), json_attributes(declared), required)


@dataclass
class Checked:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    row_count: int = 0
    # canonical column -> the header the file gave it, to show people their own words
    headers: dict[str, str] = field(default_factory=dict)

    def error(self, row: int, column: str, reason: str) -> None:
        self.errors.append({"row": row, "column": column, "reason": reason})

    @property
    def valid_count(self) -> int:
        return len(self.rows)

    def report(self) -> dict[str, Any]:
        return {"rows": self.row_count, "valid": self.valid_count, "errors": self.errors}


# --- checking ------------------------------------------------------------------------------


def caselist_check(
    rows: list[list[Any]],
    windows: Sequence[tuple[date, date]],
    declared: Sequence[attributes.CaseAttribute] = attributes.CASE_ATTRIBUTES,
) -> Checked:
    """Normalise every row and collect every problem; rows with a problem are left out. The
    columns are those of the framework's `declared` attributes (the six PDU ones by default)."""
    checked = Checked()
    plan = Plan.of(declared)
    while rows and _blank(rows[-1]):
        rows = rows[:-1]
    if not rows:
        checked.error(1, "", "The file is empty.")
        return checked
    columns = _match_header(rows[0], checked, plan)
    checked.row_count = sum(1 for r in rows[1:] if not _blank(r))
    if checked.errors:
        return checked
    if checked.row_count == 0:
        checked.error(2, "", "The file has a header row but no case rows.")
        return checked
    cohort_start = min((start for start, _ in windows), default=None)
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if _blank(raw):
            continue
        cells = {name: _cell(raw, index) for name, index in columns.items()}
        row = _check_row(number, cells, windows, cohort_start, checked, plan)
        ref = _text(cells.get("ref"))
        if ref.upper() in first_seen:
            first = first_seen[ref.upper()]
            checked.error(number, "ref", f"Duplicate reference {ref}: first on row {first}.")
            continue
        if ref:
            first_seen[ref.upper()] = number
        if row is not None:
            checked.rows.append(row)
    return checked


def caselist_counts(
    rows: list[dict[str, Any]],
    declared: Sequence[attributes.CaseAttribute] = attributes.CASE_ATTRIBUTES,
) -> dict[str, dict[str, int]]:
    """Valid rows per value of each declared breakdown attribute with values, for the preview."""
    shown = [a for a in declared if a.breakdown and a.choices]
    return {
        attr.label: dict(sorted(Counter(attr.label_of(_row_value(r, attr)) for r in rows).items()))
        for attr in shown
    }


def _row_value(row: dict[str, Any], attribute: attributes.CaseAttribute) -> Any:
    if attributes.column_of(attribute):
        return row[attribute.name]
    return row.get("attributes", {}).get(attribute.name)


def column_heading(
    column: str,
    headers: dict[str, str] | None = None,
    declared: Sequence[attributes.CaseAttribute] = attributes.CASE_ATTRIBUTES,
) -> str:
    """What to call a column on a page: the file's own header when it had one, else the
    attribute's declared label, else the documented header."""
    if headers and headers.get(column):
        return headers[column]
    label = next((a.label for a in declared if a.name == column), None)
    if label is not None:
        return label
    spellings = COLUMNS.get(column)
    return spellings[0].capitalize() if spellings else column


def _blank(row: Sequence[Any]) -> bool:
    return all(c is None or str(c).strip() == "" for c in row)


def _cell(row: Sequence[Any], index: int) -> Any:
    value = row[index] if index < len(row) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _match_header(header: Sequence[Any], checked: Checked, plan: Plan) -> dict[str, int]:
    lookup = declared_headers(plan.declared)
    for spelling, key in HEADER_LOOKUP.items():
        if key in plan.columns:
            lookup.setdefault(spelling, key)
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        found = lookup.get(simplify(name or ""))
        if found is None:
            continue
        key = found
        if key in columns:
            checked.error(1, key, f"Two columns mean {key}: {header[columns[key]]!s} and {name!s}.")
            continue
        columns[key] = index
        checked.headers[key] = str(name).strip()
    for key in REQUIRED:
        if key in plan.columns and key not in columns:
            checked.error(1, key, f"Required column missing: {COLUMNS[key][0]}.")
    if "age_band" in plan.columns and "age_band" not in columns and "date_of_birth" not in columns:
        checked.error(1, "age_band", "Required column missing: date of birth or age band.")
    for attribute in plan.declared:
        if attribute.required and attribute.name not in columns:
            checked.error(1, attribute.name, f"Required column missing: {attribute.label}.")
    return columns


def _check_row(
    number: int,
    cells: Mapping[str, Any],
    windows: Sequence[tuple[date, date]],
    cohort_start: date | None,
    checked: Checked,
    plan: Plan,
) -> dict[str, Any] | None:
    before = len(checked.errors)

    def bad(column: str, reason: str) -> None:
        checked.error(number, column, reason)

    ref = _text(cells.get("ref"))
    if problem := ref_problem(ref):
        bad("ref", problem)
    row: dict[str, Any] = {"ref": ref, "source_row": number, **BLANKS}
    if "case_type" in plan.columns:
        row["case_type"] = _choice(
            cells.get("case_type"), CASE_TYPE_LOOKUP, "case_type", "case type", bad
        )
    if "rosh" in plan.columns:
        row["rosh"] = _choice(cells.get("rosh"), ROSH_LOOKUP, "rosh", "RoSH level", bad)
    if "gender" in plan.columns:
        row["gender"] = _choice(cells.get("gender"), GENDER_LOOKUP, "gender", "gender", bad)
    start = _date(cells.get("start_date"), "start_date", bad, required=True)
    if start and windows and not any(s <= start <= e for s, e in windows):
        bad("start_date", f"{start:%d/%m/%Y} is outside the cohort windows.")
    row["start_date"] = start.isoformat() if start else None
    if "ethnicity" in plan.columns:
        ethnicity = _text(cells.get("ethnicity"))
        if problem := ethnicity_problem(ethnicity):
            bad("ethnicity", problem)
        row["ethnicity"] = ethnicity
    if "age_band" in plan.columns:
        row["age_band"] = _age_band(cells, cohort_start, bad)
    if "pre_sentence_info" in plan.columns:
        row["pre_sentence_info"] = _yes_no(cells.get("pre_sentence_info"), bad)
    grade = cells.get("practitioner_grade")
    row["practitioner_grade"] = (
        _choice(grade, GRADE_LOOKUP, "practitioner_grade", "practitioner grade", bad)
        if grade
        else ""
    )
    flagged = {e["column"] for e in checked.errors[before:]}
    for attribute in plan.required:
        if attribute.is_unknown(row[attribute.name]) and attribute.name not in flagged:
            bad(attribute.name, f"{attribute.label} is blank.")
    if plan.declared:
        row["attributes"] = declared_cells(plan.declared, cells, bad)
    return row if len(checked.errors) == before else None


def ref_problem(ref: str) -> str | None:
    """What is wrong with a case reference, or None (the case list and the bundle share it)."""
    if not ref:
        return "Reference is blank."
    if not REF_RE.fullmatch(ref):
        return (
            "Reference must be letters, digits, spaces and - _ . / "
            f"(at most {attributes.REF_MAX_LENGTH})."
        )
    return None


def ethnicity_problem(text: str) -> str | None:
    """What is wrong with an ethnicity, or None (the case list and the bundle share it)."""
    if looks_like_formula(text):
        return "Looks like a spreadsheet formula; enter the ethnicity as text."
    if len(text) > attributes.ETHNICITY.max_length:
        return f"Ethnicity is longer than {attributes.ETHNICITY.max_length} characters."
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _value_words(column: str, value: str) -> str:
    """A stored value as people write it ('very_high' -> 'Very high'), from the registry."""
    if column in attributes.BY_NAME:
        return attributes.BY_NAME[column].label_of(value)
    return dict(attributes.PRACTITIONER_GRADES).get(value, value)


def _choice(value: Any, lookup: Mapping[str, str], column: str, label: str, bad: Bad) -> str:
    text = _text(value)
    if not text:
        bad(column, f"{label.capitalize()} is blank.")
        return ""
    key = lookup.get(simplify(text))
    if key is None:
        allowed = ", ".join(_value_words(column, v) for v in sorted(set(lookup.values())))
        bad(column, f"{_show(text)} is not a {label} (expected one of: {allowed}).")
        return ""
    return key


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _date(value: Any, column: str, bad: Bad, *, required: bool) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        if required:
            bad(column, "Date is blank.")
        return None
    for pattern, order in DATE_RES:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    bad(column, f"{_show(text)} is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
    return None


def _age_band(cells: Mapping[str, Any], cohort_start: date | None, bad: Bad) -> str:
    band = _text(cells.get("age_band"))
    if band.isdigit():
        return _band_of(int(band), "age_band", bad)
    if band:
        simple = re.sub(r"\s*(to|–|—|-)\s*", "-", band.lower()).replace(" and over", "+")
        simple = simple.replace("over 50", "50+").replace("50 plus", "50+")
        if simple in AGE_BANDS:
            return simple
        bad("age_band", f"{_show(band)} is not an age band ({', '.join(AGE_BANDS)}).")
        return ""
    born = _date(cells.get("date_of_birth"), "date_of_birth", bad, required=False)
    if born is None or cohort_start is None:
        return ""
    age = (
        cohort_start.year
        - born.year
        - ((cohort_start.month, cohort_start.day) < (born.month, born.day))
    )
    return _band_of(age, "date_of_birth", bad)


def _band_of(age: int, column: str, bad: Bad) -> str:
    if age < 18:
        bad(column, f"Aged {age} at the cohort start: under 18s are not in scope.")
        return ""
    if age > 110:
        bad(column, f"Aged {age} at the cohort start: check the date of birth.")
        return ""
    return "18-25" if age <= 25 else "26-49" if age <= 49 else "50+"


def _yes_no(value: Any, bad: Bad) -> bool | None:
    if isinstance(value, bool):
        return value
    text = simplify(_text(value))
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    bad("pre_sentence_info", f"{_show(_text(value))} is not yes or no.")
    return None


def errors_csv(errors: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "column", "reason"])
    for e in errors:
        writer.writerow(
            [
                spreadsheet_safe(e["row"]),
                spreadsheet_safe(e["column"]),
                spreadsheet_safe(e["reason"]),
            ]
        )
    return out.getvalue()
