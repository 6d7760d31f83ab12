"""The case attributes a framework version declares, and the one place a value of one is read
from or written to a case or a cohort record.

A framework version's declarations (`FrameworkAttribute` rows; a format-1 version has the six
PDU attributes) change only through `framework_load`, which saves the version with a new
`loaded_at`: they are kept per (version, `loaded_at`) like its items (`inspection.selectors`).

Storage: a declared attribute that fits one of the six typed columns
(`inspection.attributes.column_of`) is that column; any other is a key of the record's JSON
`attributes`, absent while unknown. `attribute_value` and `attribute_write` are the only code
that knows which.
"""

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from inspection.attributes import (
    BREAKDOWN_NAMES,
    AttributeValues,
    CaseAttribute,
    attribute_declared,
    column_of,
)
from inspection.models import FrameworkAttribute, FrameworkVersion


@lru_cache(maxsize=32)
def _declared_kept(
    framework_id: int, loaded_at: datetime
) -> tuple[tuple[CaseAttribute, ...], Mapping[str, CaseAttribute]]:
    rows = FrameworkAttribute.objects.filter(framework_id=framework_id).order_by("order")
    declared = tuple(attribute_declared(row.declaration()) for row in rows)
    return declared, MappingProxyType({a.name: a for a in declared})


def declared_attributes(framework: FrameworkVersion) -> tuple[CaseAttribute, ...]:
    """The attributes the version declares, in its order: one query the first time this
    process asks for this load of the version, none after."""
    return _declared_kept(framework.pk, framework.loaded_at)[0]


def declared_by_name(framework: FrameworkVersion) -> Mapping[str, CaseAttribute]:
    """The version's declared attributes by name (read-only)."""
    return _declared_kept(framework.pk, framework.loaded_at)[1]


def breakdown_attributes(framework: FrameworkVersion) -> tuple[CaseAttribute, ...]:
    """The attributes results are broken down by (`breakdown: true`): a format-1 version's in
    the order its results have always used (`BREAKDOWN_NAMES`), a format-2 version's in its
    declaration order."""
    marked = [a for a in declared_attributes(framework) if a.breakdown]
    if framework.file_format == 1:
        marked.sort(
            key=lambda a: BREAKDOWN_NAMES.index(a.name) if a.name in BREAKDOWN_NAMES else 99
        )
    return tuple(marked)


def declared_forget() -> None:
    """Empty this process's copies (with `framework_structure_forget`)."""
    _declared_kept.cache_clear()


def attribute_path(attribute: CaseAttribute, prefix: str = "") -> str:
    """Where the ORM finds the attribute on a case or record: its column, or its JSON key."""
    column = column_of(attribute)
    return f"{prefix}{column}" if column else f"{prefix}attributes__{attribute.name}"


def attribute_field(attribute: CaseAttribute) -> str:
    """The model field that holds the attribute (for `save(update_fields=...)`)."""
    return column_of(attribute) or "attributes"


def attribute_value(obj: Any, attribute: CaseAttribute) -> Any:
    """The attribute's value on a case or cohort record (None when a JSON key is absent)."""
    column = column_of(attribute)
    if column is not None:
        return getattr(obj, column)
    return (getattr(obj, "attributes", None) or {}).get(attribute.name)


def attribute_write(obj: Any, attribute: CaseAttribute, value: Any) -> None:
    """Set the attribute's value on a case or cohort record (not saved). An unknown value of a
    JSON attribute removes its key; a typed column keeps its own blank (None for a yes/no
    column, "" for text)."""
    column = column_of(attribute)
    if column is not None:
        if value is None and not _nullable(obj, column):
            value = ""
        setattr(obj, column, value)
        return
    stored = dict(obj.attributes or {})
    if value is None or value == "":
        stored.pop(attribute.name, None)
    else:
        stored[attribute.name] = value
    obj.attributes = stored


def _nullable(obj: Any, column: str) -> bool:
    return bool(type(obj)._meta.get_field(column).null)


def values_of(obj: Any, declared: Mapping[str, CaseAttribute]) -> AttributeValues:
    """The declared attributes' values on a case or cohort record, carrying the declarations."""
    return AttributeValues(
        {name: attribute_value(obj, attribute) for name, attribute in declared.items()}, declared
    )


def attributes_of(case: Any) -> AttributeValues:
    """The values of the attributes the case's framework declares (reads the case's inspection
    and framework version; select them with the case to save the queries). A practice case
    (no inspection) reads its own framework's."""
    framework = case.framework if hasattr(case, "framework") else case.inspection.framework
    return values_of(case, declared_by_name(framework))
