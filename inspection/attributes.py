"""The case attributes Casebook knows — defined once, here.

Pure Python (no Django): the framework file validates `applies_to` against this list, the case
list and bundle imports read and check values with it, the case model takes its choices from it,
aggregation breaks results down by it and the case form asks the attributes a case leaves
unknown. Nothing else lists attribute names or values.

An attribute value is *unknown* when it is one of the attribute's `unknown` values (a blank, or
"unknown" for gender). Unknown is not "no": see `inspection.applicability`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Choice = tuple[Any, str]  # (stored value, label)


def same_value_in(value: Any, values: Iterable[Any]) -> bool:
    """`value in values`, type-strict as JSON is: 1 is not True, "1" is not 1."""
    return any(value == v and type(value) is type(v) for v in values)


@dataclass(frozen=True)
class CaseAttribute:
    name: str
    label: str
    # Stored values with their labels, in display order; empty for free text.
    choices: tuple[Choice, ...] = ()
    # Values that mean "not known". None and "" always do.
    unknown: tuple[Any, ...] = (None, "")
    # Results are broken down by it (dashboard, workbook, sample profile).
    breakdown: bool = False
    # The case form may ask it, in these words, when an item's rule depends on it.
    question: str = ""
    hint: str = ""
    # How the case form says an item is asked only for some values: "{values}" is replaced by
    # their labels, e.g. "Asked only for licence cases."
    only_for_text: str = "Asked only where the {label} is {values}."
    # Longest stored text (the model field's max_length takes it from here); 0 for choices.
    max_length: int = 0
    # A case list row without a known value of it is refused (framework format 2, `required`).
    required: bool = False

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(value for value, _ in self.choices)

    def accepts(self, value: Any) -> bool:
        """A known value of this attribute (type-strict: 1 is not True). Free text takes any
        string."""
        if not self.choices:
            return isinstance(value, str)
        return same_value_in(value, self.values)

    def is_unknown(self, value: Any) -> bool:
        """None, a blank or a value listed as unknown (type-strict: False is not 0)."""
        return same_value_in(value, self.unknown)

    def only_for(self, allowed: Any) -> str:
        labels = [self.label_of(v).lower() for v in allowed]
        values = (
            " or ".join(labels) if len(labels) < 3 else ", ".join(labels[:-1]) + " or " + labels[-1]
        )
        return self.only_for_text.format(label=self.label.lower(), values=values)

    def label_of(self, value: Any) -> str:
        if self.is_unknown(value):
            return "Not known"
        return next((label for v, label in self.choices if v == value), str(value))


CASE_TYPE = CaseAttribute(
    "case_type",
    "Case type",
    choices=(
        ("community", "Community sentence"),
        ("suspended", "Suspended sentence"),
        ("licence", "Licence"),
        ("pss", "Post-sentence supervision"),
    ),
    breakdown=True,
    only_for_text="Asked only for {values} cases.",
    required=True,
)
ROSH = CaseAttribute(
    "rosh",
    "RoSH level",
    choices=(("low", "Low"), ("medium", "Medium"), ("high", "High"), ("very_high", "Very high")),
    breakdown=True,
    required=True,
)
GENDER = CaseAttribute(
    "gender",
    "Gender",
    choices=(("male", "Male"), ("female", "Female"), ("other", "Other"), ("unknown", "Unknown")),
    unknown=(None, "", "unknown"),
    breakdown=True,
)
ETHNICITY = CaseAttribute("ethnicity", "Ethnicity", breakdown=True, max_length=60)
AGE_BAND = CaseAttribute(
    "age_band",
    "Age band",
    choices=(("18-25", "18 to 25"), ("26-49", "26 to 49"), ("50+", "50 and over")),
    breakdown=True,
)
PRE_SENTENCE_INFO = CaseAttribute(
    "pre_sentence_info",
    "Pre-sentence information given",
    choices=((True, "Yes"), (False, "No")),
    question="Was pre-sentence information given to court?",
    only_for_text="Asked only where pre-sentence information was given to court.",
    hint="Court work (2.1) is asked only where it was. Leave as not known if the records do not say.",
)

# Every attribute an item's `applies_to` may name, in the order they are shown.
CASE_ATTRIBUTES: tuple[CaseAttribute, ...] = (
    CASE_TYPE,
    ROSH,
    GENDER,
    PRE_SENTENCE_INFO,
    AGE_BAND,
    ETHNICITY,
)
BY_NAME: Mapping[str, CaseAttribute] = {a.name: a for a in CASE_ATTRIBUTES}
ATTRIBUTE_NAMES: tuple[str, ...] = tuple(BY_NAME)
# The order a format-1 framework's results are broken down in (a format-2 framework's
# breakdowns follow its declaration order).
BREAKDOWN_NAMES: tuple[str, ...] = ("rosh", "case_type", "gender", "ethnicity", "age_band")
if {a.name for a in CASE_ATTRIBUTES if a.breakdown} != set(BREAKDOWN_NAMES):
    raise RuntimeError("BREAKDOWN_NAMES must name exactly the attributes marked breakdown")


def attribute_label(name: str, declared: Mapping[str, "CaseAttribute"] | None = None) -> str:
    """'rosh' -> 'RoSH level', from the framework's declarations (`declared`; the format-1
    registry by default); a name outside them is humanised, never shown raw."""
    attribute = (BY_NAME if declared is None else declared).get(name)
    return attribute.label if attribute else name.replace("_", " ").capitalize()


def value_label(
    name: str, value: Any, declared: Mapping[str, "CaseAttribute"] | None = None
) -> str:
    """'rosh', 'very_high' -> 'Very high'; a stored value written as text ('True', '1') finds
    its label too. Values outside the declarations are humanised."""
    attribute = (BY_NAME if declared is None else declared).get(name)
    if attribute is not None and attribute.choices:
        if attribute.is_unknown(value):
            return "Not known"
        for v, label in attribute.choices:
            if (v == value and type(v) is type(value)) or str(v).lower() == str(value).lower():
                return label
    return str(value).replace("_", " ").capitalize()


def stratum_label(stratum: str, declared: Mapping[str, "CaseAttribute"] | None = None) -> str:
    """`case_type=licence;rosh=very_high` -> `Licence · Very high`, in the words of the
    framework's declarations (`declared`; the format-1 registry by default)."""
    parts = [p.partition("=") for p in stratum.split(";") if p]
    return " · ".join(value_label(name, v, declared) for name, _, v in parts) or "Everyone"


# Not a rule attribute, but a case field the case list and bundle carry.
PRACTITIONER_GRADES: tuple[Choice, ...] = (
    ("probation_officer", "Probation officer (PO)"),
    ("probation_services_officer", "Probation services officer (PSO)"),
    ("trainee", "Trainee"),
    ("agency", "Agency"),
)


# A case reference: letters, digits, spaces and - _ . / starting with a letter or digit, at most
# REF_MAX_LENGTH characters (the case list, the bundle and the models share the rule).
REF_MAX_LENGTH = 40
REF_PATTERN = rf"[A-Za-z0-9][A-Za-z0-9 _./-]{{0,{REF_MAX_LENGTH - 1}}}"

# The case fields a case list and the cohort carry, copied to a case when it is sampled.
CASELIST_FIELDS: tuple[str, ...] = (
    "ref",
    "case_type",
    "start_date",
    "rosh",
    "gender",
    "ethnicity",
    "age_band",
    "pre_sentence_info",
    "practitioner_grade",
)
if not set(ATTRIBUTE_NAMES) <= set(CASELIST_FIELDS):
    raise RuntimeError("every case attribute must be a case list field")
# What a sample may be stratified by: every case attribute and the practitioner's grade.
STRATA_NAMES: tuple[str, ...] = (*ATTRIBUTE_NAMES, "practitioner_grade")


def attribute_declaration(attribute: CaseAttribute) -> dict[str, Any]:
    """An attribute as a framework version declares and stores it (format 2's `attributes`, with
    the registry's hint and text limit kept for format 1)."""
    return {
        "name": attribute.name,
        "label": attribute.label,
        "values": [{"value": value, "label": label} for value, label in attribute.choices],
        "unknown": [v for v in attribute.unknown if v not in (None, "")],
        "breakdown": attribute.breakdown,
        "required": attribute.required,
        "question": attribute.question,
        "hint": attribute.hint,
        "max_length": attribute.max_length,
    }


def attribute_declared(declaration: Mapping[str, Any]) -> CaseAttribute:
    """The attribute a stored or parsed declaration describes (the inverse of
    `attribute_declaration`)."""
    # A format-1 declaration (the registry's name and label) keeps the registry's wording of
    # "asked only for ..." (the file format has no key for it).
    registered = BY_NAME.get(declaration["name"])
    wording = {}
    if registered is not None and registered.label == declaration["label"]:
        wording = {"only_for_text": registered.only_for_text}
    return CaseAttribute(
        declaration["name"],
        declaration["label"],
        **wording,
        choices=tuple((v["value"], v["label"]) for v in declaration["values"]),
        unknown=(None, "", *declaration["unknown"]),
        breakdown=declaration["breakdown"],
        question=declaration["question"],
        hint=declaration.get("hint", ""),
        max_length=declaration.get("max_length", 0),
        required=declaration["required"],
    )


# What a format-1 framework file declares without saying so: the six attributes above, with
# today's names, labels and values (INTERCHANGE.md "Framework format 2").
FORMAT1_ATTRIBUTES: tuple[dict[str, Any], ...] = tuple(
    attribute_declaration(a) for a in CASE_ATTRIBUTES
)


def column_of(attribute: CaseAttribute) -> str | None:
    """The typed column that holds a declared attribute: one of the six PDU columns when the
    declaration fits it (the same name, choices where the column has choices, and only values the
    column takes), else None — its value lives in the case's JSON `attributes` under its name.
    A format-1 framework's six declarations always fit."""
    column = BY_NAME.get(attribute.name)
    if column is None or bool(column.choices) != bool(attribute.choices):
        return None
    if not all(column.accepts(value) for value in attribute.values):
        return None
    if not column.choices and attribute.max_length > column.max_length:
        return None
    return column.name


class AttributeValues(dict[str, Any]):
    """A case's values of the attributes its framework declares, by name, carrying the
    declarations (`declared`), so that the unknown rule reads the framework's own (see
    `inspection.declared.attributes_of`)."""

    def __init__(self, values: Mapping[str, Any], declared: Mapping[str, CaseAttribute]):
        super().__init__(values)
        self.declared = declared


def declarations_of(
    attributes: Mapping[str, Any], declared: Mapping[str, CaseAttribute] | None = None
) -> Mapping[str, CaseAttribute]:
    """The declarations that read `attributes`: those given, else those the values carry, else
    the format-1 registry."""
    if declared is not None:
        return declared
    if isinstance(attributes, AttributeValues):
        return attributes.declared
    return BY_NAME
