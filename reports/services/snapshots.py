"""Freezing results for publication and comparing a frozen snapshot with live data."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inspection.choices import InspectionStatus
from inspection.models import Inspection
from inspection.services.setup import inspection_status_set
from inspection.writes import inspection_writable
from reports.models import FrozenRegionRollup, ResultsSnapshot
from reports.selectors import stored_rollup
from reports.services.publication import publication_outstanding
from reports.services.results import results_build, results_compute


@transaction.atomic
def snapshot_freeze(
    *, inspection: Inspection, user: User | None, label: str = ""
) -> ResultsSnapshot:
    """Store a frozen copy of freshly computed results. Frozen rows are never written again.

    The region's stored roll-up, if one has been computed, is kept beside it as it is now, so a
    draft report built later from these results compares with the same regional figures.
    Refused once the inspection is published (its published record is frozen) or anonymised.
    """
    inspection_writable(inspection)
    document, breakdowns = results_compute(inspection=inspection, breakdowns=True)
    snapshot = ResultsSnapshot(
        inspection=inspection,
        kind=ResultsSnapshot.Kind.FROZEN,
        framework_code=inspection.framework.code,
        framework_version=inspection.framework.version,
        cases_counted=document["cases_counted"],
        document=document,
        breakdowns=breakdowns,
        computed_at=timezone.now(),
        frozen_by=user if user is not None and user.is_authenticated else None,
        label=label.strip() or f"Frozen {timezone.localtime():%d %b %Y %H:%M}",
    )
    snapshot.full_clean()
    snapshot.save()
    rollup = stored_rollup(framework=inspection.framework, region=inspection.pdu.region)
    if rollup is not None and rollup.computed_at is not None:
        kept = FrozenRegionRollup(
            snapshot=snapshot,
            region_name=inspection.pdu.region.name,
            document=rollup.document,
            inspections_count=rollup.inspections_count,
            cases_counted=rollup.cases_counted,
            computed_at=rollup.computed_at,
        )
        kept.full_clean()
        kept.save()
    return snapshot


@transaction.atomic
def inspection_publish(*, inspection: Inspection, user: User, reason: str = "") -> ResultsSnapshot:
    """Record that the report is published: the results as they are now are frozen as the
    published record (kept whatever happens to the casework later, reopening and anonymisation
    included) and the inspection's status becomes published, which makes its data read-only
    (`inspection.writes`). Refused while published; after a lead reopens it
    (`inspection.services.publication`), publishing again freezes a new published record.

    Refused while anything blocking is outstanding (`reports.services.publication`); what the lead may
    confirm needs `reason`, kept on the published record with the list it confirmed."""
    rows = Inspection.objects.select_for_update().select_related("framework", "pdu__region")
    locked = rows.get(pk=inspection.pk)
    inspection_writable(locked)
    outstanding = publication_outstanding(inspection=locked)
    blocking = [o.message for o in outstanding if o.blocks]
    if blocking:
        raise ValidationError(blocking, code="outstanding")
    to_confirm = [o.message for o in outstanding if not o.blocks]
    if to_confirm and not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for publishing while something is outstanding."}
        )
    snapshot = snapshot_freeze(
        inspection=locked, user=user, label=f"Published {timezone.localdate():%d %b %Y}"
    )
    snapshot.outstanding = to_confirm
    snapshot.publish_reason = reason.strip()  # kept whenever given
    snapshot.full_clean()
    snapshot.save(update_fields=["outstanding", "publish_reason"])
    inspection_status_set(inspection=locked, status=InspectionStatus.PUBLISHED)
    return snapshot


ITEM_FIELDS = ("yes", "no", "na", "relevant", "percent")


def _items(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for s in document.get("standards", []):
        for item in s.get("key_questions", []) + s.get("prompts", []):
            out[item["code"]] = item
    return out


def snapshot_diff(*, before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between two results documents, as rows {"what", "before", "after"}.

    Compares counted cases, the overall score and rating, every standard's rating, and every
    item's counts — the figures a published report quotes. Empty when nothing changed.
    """
    changes: list[dict[str, Any]] = []

    def add(what: str, old: Any, new: Any) -> None:
        if old != new:
            changes.append({"what": what, "before": old, "after": new})

    add("Cases counted", before.get("cases_counted"), after.get("cases_counted"))
    if before.get("framework_version") != after.get("framework_version"):
        add("Framework version", before.get("framework_version"), after.get("framework_version"))
    for key in ("score", "rating"):
        add(f"Overall {key}", before.get("overall", {}).get(key), after.get("overall", {}).get(key))
    old_std = {s["code"]: s for s in before.get("standards", [])}
    for s in after.get("standards", []):
        o = old_std.get(s["code"], {})
        add(f"{s['code']} {s['title']}: rating", o.get("rating"), s.get("rating"))
    old_items, new_items = _items(before), _items(after)
    for code, item in new_items.items():
        o = old_items.get(code, {})
        for field in ITEM_FIELDS:
            add(f"{code}: {field}", o.get(field), item.get(field))
    return changes


def snapshot_compare_live(*, snapshot: ResultsSnapshot) -> list[dict[str, Any]]:
    """Re-derive the inspection's results now and list what changed since `snapshot`."""
    return snapshot_diff(
        before=snapshot.document, after=results_build(inspection=snapshot.inspection)
    )
