"""The case list's columns and the spellings each accepts (no database).

`COLUMNS` maps each canonical column to the header spellings it accepts; the value tables map
each attribute value to its spellings. Headers and values are compared after `simplify`
(lower case, runs of spaces and punctuation made one space). docs/caselist.md says the same.
"""

import re
from typing import Any

from inspection import attributes

# canonical column -> accepted header spellings (compared after simplify)
COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("reference", "ref", "case reference", "case ref", "crn", "case id", "case number"),
    "case_type": ("case type", "type", "sentence type", "order type", "case category"),
    "start_date": (
        "sentence or release date",
        "start date",
        "sentence date",
        "release date",
        "sentence start",
        "licence start",
        "sentence or licence start",
        "sentence or release",
    ),
    "rosh": ("rosh", "rosh level", "risk of serious harm", "risk of serious harm level"),
    "gender": ("gender", "sex"),
    "ethnicity": ("ethnicity", "ethnic group", "ethnic origin"),
    "date_of_birth": ("date of birth", "dob", "birth date"),
    "age_band": ("age band", "age group", "age"),
    "pre_sentence_info": (
        "pre sentence information given",
        "pre sentence information",
        "pre sentence info",
        "pre sentence report",
        "psr",
        "psi",
    ),
    "practitioner_grade": ("practitioner grade", "grade", "officer grade", "practitioner role"),
}
# Required when the framework declares the PDU attributes (a format-1 framework does).
REQUIRED = ("ref", "case_type", "start_date", "rosh", "gender")
# What a row holds in the PDU columns its framework does not declare (a youth case has no case
# type or RoSH): the columns' blanks, and gender's unknown (the case table's default).
BLANKS: dict[str, Any] = {
    "case_type": "",
    "rosh": "",
    "gender": "unknown",
    "ethnicity": "",
    "age_band": "",
    "pre_sentence_info": None,
}

CASE_TYPES = {
    "community": ("community", "community sentence", "community order", "co", "cjo", "comm"),
    "suspended": (
        "suspended",
        "suspended sentence",
        "suspended sentence order",
        "sso",
        "sso order",
        "ssor",
    ),
    "licence": (
        "licence",
        "license",
        "licence custody",
        "on licence",
        "post release licence",
        "custody licence",
        "lic",
    ),
    "pss": ("pss", "post sentence supervision", "post-sentence supervision"),
}
ROSH = {
    "low": ("low", "l"),
    "medium": ("medium", "med", "m"),
    "high": ("high", "h"),
    "very_high": ("very high", "vhigh", "v high", "vh", "veryhigh", "very_high"),
}
GENDERS = {
    "male": ("male", "m", "man"),
    "female": ("female", "f", "woman"),
    "other": ("other", "o", "non binary", "nonbinary", "non-binary"),
    "unknown": ("unknown", "u", "not known", "not stated", "prefer not to say", "unk"),
}
GRADES = {
    "probation_officer": ("probation officer", "po"),
    "probation_services_officer": (
        "probation services officer",
        "probation service officer",
        "pso",
    ),
    "trainee": ("trainee", "pqip", "trainee probation officer"),
    "agency": ("agency", "agency staff"),
}
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")

# Every value of the registry has spellings here, and nothing else does.
if (
    set(CASE_TYPES) != set(attributes.CASE_TYPE.values)
    or set(ROSH) != set(attributes.ROSH.values)
    or set(GENDERS) != set(attributes.GENDER.values)
    or set(GRADES) != {value for value, _ in attributes.PRACTITIONER_GRADES}
):
    raise RuntimeError("the case list's spellings and the attribute registry's values differ")


def simplify(text: Any) -> str:
    return re.sub(r"[\s_\-.()/]+", " ", str(text).strip().lower()).strip()


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {simplify(spelling): key for key, spellings in table.items() for spelling in spellings}


HEADER_LOOKUP = _lookup(COLUMNS)
CASE_TYPE_LOOKUP = _lookup(CASE_TYPES)
ROSH_LOOKUP = _lookup(ROSH)
GENDER_LOOKUP = _lookup(GENDERS)
GRADE_LOOKUP = _lookup(GRADES)


COLUMN_NOTES = {
    "ref": f"Pseudonymised case reference; letters, digits, spaces, - _ . / (up to {attributes.REF_MAX_LENGTH}). Unique.",
    "case_type": "community, suspended, licence or pss (e.g. 'Community order', 'SSO', 'PSS').",
    "start_date": "Sentence or release date, inside a cohort window. YYYY-MM-DD or DD/MM/YYYY.",
    "rosh": "low, medium, high or very high (e.g. 'L', 'Med', 'VHIGH', 'Very High').",
    "gender": "male, female, other or unknown (e.g. 'M', 'F', 'Not stated').",
    "ethnicity": "Free text (optional).",
    "date_of_birth": "Turned into an age band at the first cohort window's start (18-25, 26-49, 50+).",
    "age_band": "18-25, 26-49 or 50+ (used when there is no date of birth).",
    "pre_sentence_info": "Whether pre-sentence information was given: yes / no / blank.",
    "practitioner_grade": "PO, PSO, trainee (PQiP) or agency (optional).",
}


def caselist_columns() -> list[dict[str, Any]]:
    """The documented columns, for the help page (docs/caselist.md says the same)."""
    return [
        {
            "key": key,
            "name": spellings[0],
            "also": ", ".join(spellings[1:]),
            "required": "yes"
            if key in REQUIRED
            else "one of the two"
            if key in ("date_of_birth", "age_band")
            else "no",
            "notes": COLUMN_NOTES[key],
        }
        for key, spellings in COLUMNS.items()
    ]
