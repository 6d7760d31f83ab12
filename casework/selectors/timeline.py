"""Reads for the case's audit timeline, built from django-simple-history records (read-only)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from casework.models import Answer, Case, CaseStatus, Interview, InterviewOutcome, QAComment
from inspection.choices import PractitionerGrade
from inspection.labels import answer_label
from inspection.models import Item


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: str
    what: str
    field: str
    old: str
    new: str
    reason: str


def _who(record: Any) -> str:
    user: User | None = record.history_user
    if user is None:
        return "System"
    return user.get_full_name() or user.get_username()


def _display(field_name: str, value: Any, labels: dict[str, dict[str, str]]) -> str:
    if value in (None, ""):
        return "(empty)"
    if field_name in labels:
        return labels[field_name].get(str(value), str(value))
    if field_name == "value":
        return answer_label(str(value))
    return str(value)


def _diffs(
    records: list[Any], describe: "_Describe", labels: dict[str, Any], skip: set[str]
) -> list[TimelineEntry]:
    """Field-by-field changes between consecutive history records of the same row."""
    out: list[TimelineEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        prev = previous.get(record.id)
        what = describe(record)
        if prev is None:
            if record.history_type == "+":
                for name in describe.fields:
                    value = getattr(record, record._meta.get_field(name).attname)
                    if name in skip or value in (None, ""):
                        continue
                    out.append(
                        TimelineEntry(
                            record.history_date,
                            _who(record),
                            what,
                            describe.verbose(name),
                            "(empty)",
                            _display(name, value, labels),
                            record.history_change_reason or "",
                        )
                    )
        else:
            delta = record.diff_against(prev, included_fields=describe.fields)
            for change in delta.changes:
                if change.field in skip:
                    continue
                out.append(
                    TimelineEntry(
                        record.history_date,
                        _who(record),
                        what,
                        describe.verbose(change.field),
                        _display(change.field, change.old, labels),
                        _display(change.field, change.new, labels),
                        record.history_change_reason or "",
                    )
                )
        previous[record.id] = record
    return out


class _Describe:
    def __init__(
        self, fields: list[str], verbose: dict[str, str], what: Callable[[Any], str]
    ) -> None:
        self.fields = fields
        self._verbose = verbose
        self._what = what

    def __call__(self, record: Any) -> str:
        return self._what(record)

    def verbose(self, name: str) -> str:
        return self._verbose.get(name, name.replace("_", " ").capitalize())


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Who changed what and when on the case, its answers, interviews and QA comments — newest
    first.

    Six queries: the histories of the case, its answers, its interviews and its QA comments, the
    items they name and the users named as assignees.
    """
    case_records = list(
        case.history.select_related("history_user").order_by("history_date", "history_id")
    )
    answer_records = list(
        Answer.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    interview_records = list(
        Interview.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    comment_records = list(
        QAComment.history.filter(case_id=case.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    named_items = {r.item_id for r in answer_records} | {
        r.item_id for r in comment_records if r.item_id is not None
    }
    item_codes = dict(Item.objects.filter(pk__in=named_items).values_list("pk", "code"))
    users = get_user_model().objects.filter(
        pk__in={r.assigned_to_id for r in case_records if r.assigned_to_id is not None}
    )
    labels = {
        "status": dict(CaseStatus.choices),
        "grade": dict(PractitionerGrade.choices),
        "outcome": dict(InterviewOutcome.choices),
        "assigned_to": {str(u.pk): u.get_full_name() or u.get_username() for u in users},
    }
    entries = _diffs(
        case_records,
        _Describe(["status", "assigned_to"], {"assigned_to": "Assigned to"}, lambda r: "Case"),
        labels,
        skip=set(),
    )
    entries += _diffs(
        answer_records,
        _Describe(
            ["value", "evidence"],
            {"value": "Answer", "evidence": "Evidence"},
            lambda r: f"Item {item_codes.get(r.item_id, r.item_id)}",
        ),
        labels,
        skip=set(),
    )
    entries += _diffs(
        interview_records,
        _Describe(
            ["held_on", "grade", "outcome", "notes"],
            {"held_on": "Held on", "grade": "Practitioner grade"},
            lambda r: "Interview",
        ),
        labels,
        skip=set(),
    )
    entries += _diffs(
        comment_records,
        _Describe(
            ["text", "resolved_at"],
            {"text": "Comment", "resolved_at": "Resolved"},
            lambda r: (
                f"QA comment on {item_codes.get(r.item_id, r.item_id)}"
                if r.item_id
                else "QA comment"
            ),
        ),
        labels,
        skip=set(),
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
