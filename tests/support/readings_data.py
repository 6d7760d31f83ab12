"""Rows for second-reading and calibration tests: double-read cases built through the models."""

from casework.models import Answer, Case
from inspection.choices import ItemKind, RatedFrom
from inspection.models import Inspection, Item
from readings.models import Reading, ReadingAnswer
from tests.support.factories import CaseFactory


def items_by_code(inspection: Inspection) -> dict[str, Item]:
    return {i.code: i for i in Item.objects.filter(framework=inspection.framework)}


def key_questions(framework_id: int, case) -> list[Item]:
    """The applicable key questions of the case form (every one must be answered to submit)."""
    from inspection.declared import attributes_of

    attrs = attributes_of(case)
    return [
        i
        for i in Item.objects.filter(framework_id=framework_id, kind=ItemKind.KEY_QUESTION)
        .exclude(standard__rated_from=RatedFrom.JUDGEMENT)
        .order_by("order")
        if i.applies_to_case(attrs)
    ]


def double_read(
    inspection: Inspection,
    *,
    first: dict[str, str],
    second: dict[str, str],
    first_reader=None,
    second_reader=None,
    ref: str | None = None,
    status: str = "submitted",
    second_status: str = "submitted",
    **case_fields,
) -> Reading:
    """A case with the `first` answers (item code -> value) and a second reading with `second`."""
    items = items_by_code(inspection)
    fields = {"inspection": inspection, "assigned_to": first_reader, "status": status}
    if ref:
        fields["ref"] = ref
    case: Case = CaseFactory(**fields, **case_fields)
    for code, value in first.items():
        Answer.objects.create(case=case, item=items[code], value=value, evidence=f"first {code}")
    reading = Reading.objects.create(
        kind="second", case=case, reader=second_reader, status=second_status
    )
    for code, value in second.items():
        ReadingAnswer.objects.create(
            reading=reading, item=items[code], value=value, evidence=f"second {code}"
        )
    return reading
