"""Case-list columns of a framework's declared attributes that are not PDU columns (framework
format 2): a column matches an attribute by its `name` or `label` (case, spacing and punctuation
ignored, as every header is), and a cell is checked against the declaration. No database.

A value is accepted as itself or its label, case-insensitively; whole numbers and yes/no are
read from text too ("2", "2.0"; yes/no/true/false/y/n/1/0). A blank, or a value the declaration
lists as unknown, leaves the attribute unknown — refused when the attribute is `required`. Free
text is at most the declaration's `max_length` characters and never a spreadsheet formula.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspection.attributes import CaseAttribute, column_of
from inspection.text_safety import looks_like_formula
from sampling.caselist.columns import NO, YES, simplify

# reports one problem: (column, reason)
Bad = Callable[[str, str], None]


def json_attributes(declared: Iterable[CaseAttribute]) -> tuple[CaseAttribute, ...]:
    """The declared attributes a case list carries outside the PDU columns."""
    return tuple(a for a in declared if column_of(a) is None)


def declared_headers(declared: Iterable[CaseAttribute]) -> dict[str, str]:
    """simplified header -> attribute name, for its name and its label."""
    lookup: dict[str, str] = {}
    for attribute in declared:
        for spelling in (attribute.name, attribute.label):
            lookup.setdefault(simplify(spelling), attribute.name)
    return lookup


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _as_kind(kind: type, value: Any, text: str) -> Any:
    """The cell read as a value of the declaration's kind, or None."""
    if kind is bool:
        if isinstance(value, bool):
            return value
        simple = simplify(text)
        return True if simple in YES else False if simple in NO else None
    if kind is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        stripped = text.removesuffix(".0")
        return int(stripped) if stripped.lstrip("+-").isdigit() else None
    return None


def declared_value(attribute: CaseAttribute, value: Any, bad: Bad) -> Any:
    """The stored value of one cell (None: unknown), reporting a problem through `bad`."""
    text = _text(value)
    if not text:
        if attribute.required:
            bad(attribute.name, f"{attribute.label} is blank.")
        return None
    if not attribute.choices:
        if looks_like_formula(text):
            bad(
                attribute.name,
                f"Looks like a spreadsheet formula; enter the {attribute.label} as text.",
            )
        elif len(text) > attribute.max_length:
            bad(
                attribute.name,
                f"{attribute.label} is longer than {attribute.max_length} characters.",
            )
        return text
    found = _match(attribute, value, text)
    if found is None:
        allowed = ", ".join(label for _, label in attribute.choices)
        bad(
            attribute.name,
            f"{_show(text)} is not a {attribute.label} (expected one of: {allowed}).",
        )
        return None
    stored = found[0]
    if attribute.required and attribute.is_unknown(stored):
        bad(attribute.name, f"{attribute.label} is not known ({found[1]}).")
        return None
    return stored


def _match(attribute: CaseAttribute, value: Any, text: str) -> tuple[Any, str] | None:
    simple = simplify(text)
    for v, label in attribute.choices:
        if simplify(label) == simple or (isinstance(v, str) and simplify(v) == simple):
            return v, label
    kind = type(attribute.values[0])
    parsed = _as_kind(kind, value, text)
    for v, label in attribute.choices:
        if parsed is not None and v == parsed and type(v) is type(parsed):
            return v, label
    return None


def declared_cells(
    declared: Iterable[CaseAttribute], cells: Mapping[str, Any], bad: Bad
) -> dict[str, Any]:
    """The values a row gives its declared (non-PDU) attributes, by name (a blank: no key)."""
    values = {}
    for attribute in declared:
        stored = declared_value(attribute, cells.get(attribute.name), bad)
        if stored is not None:
            values[attribute.name] = stored
    return values


def _value_text(value: Any) -> str:
    """A declared value as a case list may write it (booleans as yes/no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def declared_column_rows(declared: Iterable[CaseAttribute]) -> list[dict[str, str]]:
    """The columns of the declared attributes outside the PDU columns, for the columns page
    (docs/caselist.md says the same): the header (its name, or its label), whether it is
    required, its values with their labels and the values that mean "not known"."""
    rows = []
    for attribute in json_attributes(declared):
        if attribute.choices:
            values = "; ".join(f"{_value_text(v)} ({label})" for v, label in attribute.choices)
        else:
            values = f"Free text up to {attribute.max_length} characters; never a formula."
        unknown = [_value_text(v) for v in attribute.unknown if v is not None and v != ""]
        rows.append(
            {
                "name": attribute.name,
                "label": attribute.label,
                "required": "yes" if attribute.required else "no",
                "values": values,
                "unknown": ", ".join(["blank", *unknown]),
            }
        )
    return rows
