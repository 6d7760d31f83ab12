"""The `second_readings` of a bundle (`inspection-bundle/1`): checked with the bundle, written
with it, all or nothing (`records.services.bundle` calls these).

    "second_readings": [
      {"case_ref": "C-0001", "reader": "inspector2", "answers": {"2.2.1": "yes"},
       "evidence": {"2.2.1": "..."},                        optional
       "status": "submitted",                              optional: draft | submitted (default)
       "settlements": [{"item": "2.2.1", "outcome": "second", "first": "no",
                        "value": "yes", "reason": "..."}]}  optional
    ]

Answers and evidence are checked exactly as a case's (the case's attributes decide which items
apply). `reader` is a username: the reading is linked to that user when one exists; otherwise
the name is kept as written (the reading is then nobody's to edit, but it counts in agreement
and exports back unchanged). Readers are not added to the inspection's team. At most one second
reading per case. Settlements record who settled as the importing user, at import time.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from casework.models import Case
from inspection.models import Inspection, Item
from readings.models import (
    Reading,
    ReadingAnswer,
    ReadingKind,
    ReadingStatus,
    Settlement,
    SettlementOutcome,
)
from records.services.bundle_checks import Checked, answers_check, unknown_keys

KEYS = {"case_ref", "reader", "answers", "evidence", "status", "settlements"}
SETTLEMENT_KEYS = {"item", "outcome", "first", "value", "reason"}
READER_MAX = 150  # Reading.reader_name, a username's length in Django


def second_readings_check(data: dict[str, Any], checked: Checked) -> None:
    """Add every problem of `data["second_readings"]` to `checked` (the bundle's `Checked`)."""
    raw = data.get("second_readings", [])
    if not isinstance(raw, list):
        checked.add("second_readings: a list is required")
        return
    cases = {c.get("ref"): c for c in data.get("cases") or [] if isinstance(c, dict)}
    seen: set[str] = set()
    for i, reading in enumerate(raw):
        where = f"second_readings[{i}]"
        if not isinstance(reading, dict):
            checked.add(f"{where}: an object is required")
            continue
        unknown_keys(reading, KEYS, where, checked)
        ref = reading.get("case_ref")
        case = cases.get(ref) if isinstance(ref, str) else None
        if case is None or not isinstance(ref, str):
            checked.add(f"{where}: case_ref {ref!r} is not a case of this bundle")
            case = {}
        elif ref in seen:
            checked.add(f"{where}: case {ref} already has a second reading")
        else:
            seen.add(ref)
        reader = reading.get("reader")
        if not isinstance(reader, str) or not reader.strip():
            checked.add(f"{where}: reader (a username) is required")
        elif len(reader) > READER_MAX:
            checked.add(f"{where}: reader is longer than {READER_MAX} characters")
        if reading.get("status", ReadingStatus.SUBMITTED) not in ReadingStatus.values:
            checked.add(f"{where}: status must be one of {', '.join(ReadingStatus.values)}")
        # the case's attributes decide which items apply, as for the case's own answers
        attributes = {k: v for k, v in case.items() if k not in ("answers", "evidence")}
        merged = attributes | {
            "answers": reading.get("answers", {}),
            "evidence": reading.get("evidence", {}),
        }
        answers_check(merged, f"{where} (case {ref})", checked)
        _check_settlements(reading, where, checked)


def _check_settlements(reading: dict[str, Any], where: str, checked: Checked) -> None:
    rows = reading.get("settlements", [])
    if not isinstance(rows, list):
        checked.add(f"{where}: settlements must be a list")
        return
    given = reading.get("answers")
    answers: dict[str, Any] = given if isinstance(given, dict) else {}
    done: set[str] = set()
    for j, row in enumerate(rows):
        here = f"{where}.settlements[{j}]"
        if not isinstance(row, dict):
            checked.add(f"{here}: an object is required")
            continue
        unknown_keys(row, SETTLEMENT_KEYS, here, checked)
        item = checked.items.get(row.get("item", ""))
        if item is None:
            checked.add(f"{here}: unknown item code {row.get('item')!r}")
            continue
        if item.code in done:
            checked.add(f"{here}: {item.code} is settled twice")
        done.add(item.code)
        if row.get("outcome") not in SettlementOutcome.values:
            checked.add(f"{here}: outcome must be one of {', '.join(SettlementOutcome.values)}")
        for key in ("first", "value"):
            if row.get(key) not in item.answers:
                checked.add(
                    f"{here}: {key} {row.get(key)!r} is not one of {', '.join(item.answers)}"
                )
        second = answers.get(item.code)
        if not second or second == row.get("first"):
            checked.add(
                f"{here}: the second reading does not disagree with the first on {item.code}"
            )
        reason = row.get("reason", "")
        if not isinstance(reason, str):
            checked.add(f"{here}: reason must be text")
        elif row.get("outcome") == SettlementOutcome.NEW and not reason.strip():
            checked.add(f"{here}: a new answer needs a reason")


def second_readings_create(
    *,
    data: dict[str, Any],
    inspection: Inspection,
    items: dict[str, Item],
    user: User | None,
) -> None:
    """Write the checked second readings of the bundle (inside the import's transaction)."""
    raw = data.get("second_readings") or []
    if not raw:
        return
    by_ref = {c.ref: c for c in Case.objects.filter(inspection=inspection)}
    names = {r["reader"].strip() for r in raw}
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names)}
    now = timezone.now()
    readings = []
    for r in raw:
        name = r["reader"].strip()
        status = r.get("status", ReadingStatus.SUBMITTED)
        readings.append(
            Reading(
                kind=ReadingKind.SECOND,
                case=by_ref[r["case_ref"]],
                reader=users.get(name),
                reader_name="" if name in users else name,
                status=status,
                submitted_at=now if status == ReadingStatus.SUBMITTED else None,
            )
        )
    bulk_create_with_history(readings, Reading, default_user=user)
    saved = {
        r.case_id: r
        for r in Reading.objects.filter(kind=ReadingKind.SECOND, case__in=by_ref.values())
    }
    answers, settlements = [], []
    for r in raw:
        reading = saved[by_ref[r["case_ref"]].pk]
        values, evidence = r.get("answers", {}), r.get("evidence", {})
        for code in values.keys() | evidence.keys():
            answers.append(
                ReadingAnswer(
                    reading=reading,
                    item=items[code],
                    value=values.get(code, ""),
                    evidence=evidence.get(code, ""),
                    updated_by=reading.reader,
                )
            )
        for s in r.get("settlements", []):
            settlements.append(
                Settlement(
                    reading=reading,
                    item=items[s["item"]],
                    outcome=s["outcome"],
                    first_value=s["first"],
                    second_value=values[s["item"]],
                    value=s["value"],
                    reason=s.get("reason", ""),
                    settled_by=user,
                    settled_at=now,
                )
            )
    bulk_create_with_history(answers, ReadingAnswer, default_user=user, batch_size=2000)
    bulk_create_with_history(settlements, Settlement, default_user=user)
