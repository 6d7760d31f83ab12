"""The draft regional report's content, in the structure of the PDU report: a ratings table per
PDU (each from its latest stored results), then the region's key-question tables, lowest key
question sentences and prompt-level findings from the stored roll-up — the summed counts of the
region's counted cases, as the inspectorate reports a region. Nothing is recomputed: the roll-up
is read as stored (refresh it first for newer data) and each PDU's ratings as last aggregated.
"""

from typing import Any

from inspection.labels import rating_label
from inspection.models import FrameworkVersion, Inspection, Item, Region, Standard
from reports.rendering.context import build_sections
from reports.rendering.method import methodology_notes
from reports.rendering.overview import fieldwork_label
from reports.rendering.programme import regional_words
from reports.rendering.sections import Section
from reports.selectors import latest_documents, stored_rollup

NOT_COMPUTED = (
    "The region's roll-up has not been computed yet: refresh it on the region page first."
)


NO_RESULTS = "No results stored"


class RollupMissing(ValueError):
    """There is no computed roll-up of the region to report."""


def _pdu_ratings(
    inspection: Inspection, snapshot: Any, domains: list[tuple[str, list[Standard]]]
) -> dict[str, Any]:
    """One PDU's ratings table from its latest stored results (or a note that it has none)."""
    table: dict[str, Any] = {
        "pdu": inspection.pdu.name,
        "fieldwork": fieldwork_label(inspection),
        "computed": snapshot is not None,
    }
    if snapshot is None:
        return table | {"caption": f"{inspection.pdu.name}: no results stored", "domains": []}
    doc = snapshot.document
    by_code = {s["code"]: s for s in doc["standards"]}
    overall = doc["overall"]
    rows = []
    for title, standards in domains:
        lines = []
        for standard in standards:
            s = by_code.get(standard.code, {})
            label = rating_label(s.get("rating"))
            if s.get("moderation_reason"):
                label += f" (moderated from {rating_label(s.get('computed_rating'))})"
            lines.append({"code": standard.code, "title": standard.title, "rating_label": label})
        rows.append({"title": title, "sections": lines})
    score = overall.get("score")
    return table | {
        "caption": f"{inspection.pdu.name} · fieldwork {table['fieldwork']} · "
        f"{snapshot.cases_counted} cases · results of {snapshot.computed_at:%d %B %Y}",
        "score": f"{score}/{overall['max']}" if score is not None else "not yet available",
        "overall_rating": rating_label(overall.get("rating")),
        "ratings": {s["code"]: rating_label(s.get("rating")) for s in doc["standards"]},
        "domains": rows,
    }


def regional_content(*, region: Region, framework: FrameworkVersion) -> dict[str, Any]:
    """Everything the regional report renderers print. Five queries: the roll-up, its
    inspections, their latest results, the standards and the items. Raises RollupMissing when
    the region's roll-up has not been computed."""
    rollup = stored_rollup(framework=framework, region=region)
    if rollup is None or rollup.computed_at is None:
        raise RollupMissing(NOT_COMPUTED)
    document = rollup.document
    ids = document["scope"]["inspections"]
    inspections = list(
        Inspection.objects.filter(pk__in=ids)
        .select_related("pdu__region")
        .order_by("pdu__name", "fieldwork_start", "pk")
    )
    snapshots = latest_documents(inspection_ids=ids)
    standards = list(
        Standard.objects.filter(framework=framework).select_related("domain").order_by("order")
    )
    items = list(Item.objects.filter(framework=framework).select_related("parent"))
    subject = f"The {region.name} region"
    sections = build_sections(
        document=document,
        inspection=None,
        standards=standards,
        items=items,
        ratings=[],
        subject=subject,
        scales=framework.file_format != 1,
    )
    said = regional_words(framework)
    domains: list[dict[str, Any]] = []
    domain_of = {s.code: s.domain for s in standards}
    for s in sections:
        d = domain_of.get(s.code)
        key = d.code if d else ""
        if not domains or domains[-1]["code"] != key:
            domains.append({"code": key, "title": f"{key}. {d.title}" if d else "", "sections": []})
        domains[-1]["sections"].append(s)
    by_code = {st.code: st for st in standards}
    rated_domains = []
    for d in domains:
        rated = [
            by_code[s.code] for s in d["sections"] if s.rated_from != "none" and s.code in by_code
        ]
        if rated:
            rated_domains.append((d["title"], rated))
    pdus = [_pdu_ratings(i, snapshots.get(i.pk), rated_domains) for i in inspections]
    for s in sections:
        if s.rated_from == "judgement":
            s.rating_label = said["rated_each"]
            s.pdu_ratings = [(p["pdu"], p.get("ratings", {}).get(s.code, NO_RESULTS)) for p in pdus]
    cases_rated = [s for s in sections if s.rated_from == "cases"]
    return {
        "region": region,
        "framework": framework,
        "case_bands": framework.case_bands,
        "title": f"{region.name} region",
        "framework_line": f"{framework.title} ({framework.code}, version {framework.version})",
        "words": said,
        "date_line": f"{said['draft_of']} {rollup.computed_at:%d %B %Y}",
        "draft_line": (
            f"DRAFT – not for publication. Results: the region's stored roll-up of "
            f"{rollup.computed_at:%d %B %Y %H:%M} ({rollup.cases_counted:,} cases from "
            f"{rollup.inspections_count} {said['inspections']}"
            f"{'s' if rollup.inspections_count != 1 else ''})."
        ),
        "pdus": pdus,
        "region_ratings": [(s.code, s.title, s.rating_label) for s in cases_rated],
        "background": _background(region, framework, rollup, pdus, said),
        "domains": domains,
        "domain_two": cases_rated,
        "unrated": [s for s in sections if s.rated_from == "none" and s.key_questions],
        "methodology": method_notes(said) + methodology_notes(framework),
    }


def _background(
    region: Region, framework, rollup, pdus: list[dict[str, Any]], said: dict[str, str]
) -> list[str]:
    n = rollup.inspections_count
    listed = "; ".join(f"{p['pdu']} (fieldwork {p['fieldwork']})" for p in pdus)
    return [
        f"This draft combines the {n} inspection{'s' if n != 1 else ''} {said['of_units']}"
        f"in the {region.name} region on the framework {framework.code} version "
        f"{framework.version} that had counted cases when the region's roll-up was computed: "
        f"{listed}.",
        f"Together they inspected {rollup.cases_counted:,} cases. The key-question figures below "
        f"are the sums of those cases; {said['each']} ratings are its own.",
    ]


def method_notes(said: dict[str, str]) -> list[str]:
    unit, each = said["unit"], said["each"]
    return [
        "Regional figures are sums of counts: the Yes, No and not-applicable answers of every "
        "counted case in the region's inspections are added up and the percentage is taken of "
        f"the sum — never an average of the {unit}s' percentages, so a large {unit} weighs more "
        "than a small one.",
        "A case-rated standard's regional rating applies the framework's bands to the summed "
        "counts of its lowest key question.",
        f"{said['judged']} are {each} own rating from its lead "
        "inspector; they are not combined, and the region has no score or overall rating.",
        f"{each[0].upper()}{each[1:]} ratings are from its latest stored results, which may be "
        "newer than the region's roll-up (their dates are in the ratings tables).",
    ]


__all__ = ["NOT_COMPUTED", "RollupMissing", "Section", "regional_content"]
