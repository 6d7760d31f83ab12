"""Inspections across regions and years for the cross-inspection pages (national overview,
benchmarks, regional report): each a small fictional inspection (the demo's generator with its
own seed, so standards land in different bands), imported through the real bundle import, its
results computed and, when asked, its region's and the national roll-up refreshed."""

import json
from typing import Any

from inspection.models import Inspection
from records.demo import demo_bundle
from records.services.bundle import bundle_import
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from tests.support.factories import shipped_framework


def pdu_bundle(*, pdu: str, region: str, year: int = 2026, seed: int = 1, cases: int = 20) -> dict:
    """The demo generator's bundle, moved to another PDU, region and year."""
    bundle = demo_bundle(shipped_framework(), cases=cases, seed=seed)
    text = json.dumps(bundle).replace('"2026-', f'"{year}-')
    moved: dict[str, Any] = json.loads(text)
    moved["inspection"] |= {"pdu": pdu, "region": region}
    return moved


def pdu_inspection(
    *, pdu: str, region: str, year: int = 2026, seed: int = 1, cases: int = 20
) -> Inspection:
    """An imported inspection with its latest results stored."""
    inspection = bundle_import(
        data=pdu_bundle(pdu=pdu, region=region, year=year, seed=seed, cases=cases)
    )
    snapshot_refresh(inspection=inspection)
    return Inspection.objects.select_related("pdu__region", "framework").get(pk=inspection.pk)


def rollups_refresh(*inspections: Inspection) -> None:
    """Refresh the stored roll-ups of these inspections' regions and the national one (as the
    debounced job would after their aggregation)."""
    framework = inspections[0].framework
    for region in {i.pdu.region for i in inspections}:
        rollup_refresh(rollup=rollup_row(framework=framework, region=region))
    rollup_refresh(rollup=rollup_row(framework=framework))
