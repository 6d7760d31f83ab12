"""The draft report's content, assembled from the results document and the lead's entries.

Every figure here is read from the results document (or its breakdowns); nothing is recomputed.
Formatting only: a stored percent such as 31.37 is shown as "31%" / "31 per cent", counts as
"32 of 102". The dashboard uses the same helpers, so page and report always agree.
"""

from collections.abc import Iterable
from typing import Any

from casework.models import Interview, InterviewOutcome
from inspection.labels import NOT_RATED, NOT_RATED_REASON, rating_explained, rating_label
from inspection.models import Inspection, Item, Standard, StandardRating
from reports.models import BackgroundFacts, Recommendation, ResultsSnapshot
from reports.rendering.comparisons import comparisons_apply
from reports.rendering.labels import (
    not_rated_note,
    pdu_name,
    per_cent,
    score_label,
    words,
)
from reports.rendering.method import (
    framework_notes,
    framework_sources,
    methodology_notes,
    source_line,
)
from reports.rendering.programme import report_words
from reports.rendering.sections import ItemRow, Section, item_row

__all__ = ["build_sections", "report_content"]


def _lowest_sentence(pdu: str, title: str, section: Section, driver: ItemRow | None) -> str:
    """The report's sentence naming the lowest key question (from the document's driver)."""
    if section.rating == NOT_RATED:
        return f"{pdu} is not rated for {title.lower()}: {NOT_RATED_REASON}."
    if section.computed_rating == NOT_RATED:
        return (
            f"{pdu} is rated as '{section.rating_label}' for {title.lower()} following moderation "
            f"(with {NOT_RATED_REASON} it is not rated). Reason: {section.moderation_reason}"
        )
    if driver is None or section.computed_rating is None:
        return f"{pdu} is not yet rated for {title.lower()}: no relevant cases have been counted."
    n = len(section.key_questions)
    if n == 1:
        basis = f"the score for the key question was {per_cent(driver.percent)}"
    else:
        basis = (
            f"the lowest score out of the {words(n)} key questions was {per_cent(driver.percent)}"
        )
    computed = rating_label(section.computed_rating)
    if section.rating != section.computed_rating:
        return (
            f"{pdu} is rated as '{section.rating_label}' for {title.lower()} following moderation "
            f"({basis}, which gives '{computed}'). Reason: {section.moderation_reason}"
        )
    text = f"{pdu} is rated as '{section.rating_label}' for {title.lower()} as {basis}."
    if n > 1:
        text += f" This relates to the key question: ‘{driver.text}’"
    return text


def _judged(row: ItemRow) -> str:
    """'sufficient' (a yes/no prompt, as format 1 says), or the scale's positive answers."""
    return "sufficient" if row.positive_label == "Yes" else row.positive_label


def _prompt_finding(row: ItemRow) -> str:
    return (
        f"‘{row.text}’ – judged {_judged(row)} in {row.yes} out of {row.relevant} relevant cases "
        f"({per_cent(row.percent)})."
    )


def _value_finding(row: ItemRow, labelled: bool) -> list[str]:
    """Each answer's count; `labelled`: in the answer's words (format 2), else as format 1 always
    printed them (the code with spaces)."""
    parts = [
        f"{label.lower() if labelled else value.replace('_', ' ')}: {n}"
        for value, label, n in row.answer_rows
        if n
    ]
    return [f"Answers for ‘{row.text}’ – " + "; ".join(parts) + "."] if parts else []


def build_sections(
    *,
    document: dict[str, Any],
    inspection: Inspection | None,
    standards: Iterable[Standard],
    items: Iterable[Item],
    ratings: Iterable[StandardRating],
    subject: str = "",
    scales: bool | None = None,
) -> list[Section]:
    """The report's sections from a results document: an inspection's (`subject` is then its
    PDU) or a roll-up's (`inspection` None, `subject` names the region)."""
    texts = {i.code: i for i in items}
    by_code = {s.code: s for s in standards}
    rows = {r.standard.code: r for r in ratings}
    pdu = subject if subject or inspection is None else pdu_name(inspection)
    if scales is None:  # name each item's scale's positive answers on format 2
        scales = inspection is not None and inspection.framework.file_format != 1
    sections = []
    for doc in document["standards"]:
        std = by_code.get(doc["code"])
        entry = rows.get(doc["code"])
        driver = doc.get("driver")
        kqs = [item_row(k, texts, driver, scales) for k in doc.get("key_questions", [])]
        prompts = [item_row(p, texts, None, scales) for p in doc.get("prompts", [])]
        s = Section(
            code=doc["code"],
            title=doc["title"],
            heading=f"{doc['code']}. {doc['title']}",
            statement=std.statement if std else "",
            rated_from=doc["rated_from"],
            rating=doc.get("rating"),
            rating_label=rating_explained(doc.get("rating"))
            if doc["rated_from"] != "none"
            else "Not rated",
            computed_rating=doc.get("computed_rating"),
            computed_rating_label=rating_label(doc.get("computed_rating")),
            moderation_reason=doc.get("moderation_reason", ""),
            score=doc.get("score"),
            key_questions=kqs,
            prompts=prompts,
            strengths=list(entry.strengths) if entry else [],
            areas=list(entry.areas_for_improvement) if entry else [],
            evidence_notes=entry.evidence_notes if entry else "",
        )
        if doc["rated_from"] == "cases":
            n = len(kqs)
            what = "the key question" if n == 1 else f"{words(n)} key questions"
            s.intro = (
                f"Our rating for {doc['title'].lower()} is based on the percentage of cases we "
                f"inspected being judged satisfactory against {what}:"
            )
            s.sentence = _lowest_sentence(
                pdu, doc["title"], s, next((k for k in kqs if k.is_driver), None)
            )
            s.has_chart = any(k.relevant for k in kqs)
        elif doc["rated_from"] == "none" and kqs:
            s.intro = (
                f"We do not currently rate the {doc['title']} standard but provide this data for "
                "information and benchmarking purposes only."
            )
            s.sentence = " ".join(
                f"‘{k.text}’ – {_judged(k)} in {k.yes} out of {k.relevant} cases."
                for k in kqs
                if k.relevant
            )
        s.prompt_findings = [_prompt_finding(p) for p in prompts if p.relevant]
        for k in kqs:
            s.prompt_findings += _value_finding(k, scales)
        sections.append(s)
    return sections


def _date_range(windows) -> str:
    return " and ".join(f"{w.start:%d %B %Y} to {w.end:%d %B %Y}" for w in windows)


def _background(
    inspection: Inspection, document: dict[str, Any], facts: BackgroundFacts | None, interviews: int
) -> list[str]:
    pdu = pdu_name(inspection)
    said = report_words(inspection)
    paras = [
        f"We conducted fieldwork in {inspection.pdu.name} between "
        f"{inspection.fieldwork_start:%d %B %Y} and {inspection.fieldwork_end:%d %B %Y}. "
        f"We inspected {document['cases_counted']} {said['cases_from']} "
        f"{_date_range(inspection.cohort_windows.all())}. "
        f"We also conducted {interviews} {said['interviews']}."
    ]
    if facts is None:
        return paras
    if facts.caseload is not None:
        text = f"At the time of the inspection {pdu} had a caseload of {facts.caseload:,}"
        if facts.region_caseload is not None:
            text += f", of the {facts.region_caseload:,} cases of the {inspection.pdu.region.name} region"
        paras.append(text + ".")
    if facts.narrative:
        paras += [p.strip() for p in facts.narrative.split("\n\n") if p.strip()]
    return paras


def _staff_facts(facts: BackgroundFacts | None) -> list[str]:
    if facts is None:
        return []
    out = []
    if facts.po_vacancy_percent is not None or facts.court_vacancy_percent is not None:
        parts = []
        if facts.po_vacancy_percent is not None:
            parts.append(f"{facts.po_vacancy_percent:g} per cent for Probation Officer grade")
        if facts.court_vacancy_percent is not None:
            parts.append(f"{facts.court_vacancy_percent:g} per cent for court staff")
        out.append(
            "Vacancy rates at the time of inspection announcement: " + " and ".join(parts) + "."
        )
    if facts.workload_percent is not None:
        out.append(
            f"The workload measurement tool reported an average for Probation Officer grade at "
            f"{facts.workload_percent:g} per cent."
        )
    if facts.sickness_days is not None:
        text = f"The average annual days lost to sickness were {facts.sickness_days:g}"
        if facts.region_sickness_days is not None:
            text += f", against a regional average of {facts.region_sickness_days:g} days"
        out.append(text + ".")
    if facts.interviews_note:
        out.append(facts.interviews_note)
    return out


def _user_voice(facts: BackgroundFacts | None) -> list[str]:
    if facts is None or (facts.user_voice_contacts is None and not facts.user_voice_figures):
        return []
    out = []
    if facts.user_voice_contacts is not None:
        out.append(
            "User Voice, working with HM Inspectorate of Probation, had contact with "
            f"{facts.user_voice_contacts} people on probation as part of this inspection."
        )
    for row in facts.user_voice_figures:
        out.append(f"{row['percent']:g} per cent {row['label']}.")
    return out


def report_content(*, inspection: Inspection, snapshot: ResultsSnapshot) -> dict[str, Any]:
    """Everything the report renderers print, read from the snapshot and the entered rows."""
    document = snapshot.document
    framework = inspection.framework
    standards = list(Standard.objects.filter(framework=framework).select_related("domain"))
    items = list(Item.objects.filter(framework=framework).select_related("parent"))
    ratings = list(StandardRating.objects.filter(inspection=inspection).select_related("standard"))
    facts = BackgroundFacts.objects.filter(inspection=inspection).first()
    recommendations = list(Recommendation.objects.filter(inspection=inspection))
    interviews = Interview.objects.filter(
        case__inspection=inspection, outcome=InterviewOutcome.HELD
    ).count()
    sections = build_sections(
        document=document, inspection=inspection, standards=standards, items=items, ratings=ratings
    )
    comparison_notes = comparisons_apply(
        inspection=inspection, snapshot=snapshot, sections=sections
    )
    domain_of = {s.code: s.domain for s in standards}
    domains: list[dict[str, Any]] = []
    for s in sections:
        d = domain_of.get(s.code)
        key = d.code if d else ""
        if not domains or domains[-1]["code"] != key:
            domains.append({"code": key, "title": f"{key}. {d.title}" if d else "", "sections": []})
        domains[-1]["sections"].append(s)
    pdu = pdu_name(inspection)
    actors = {
        Recommendation.Actor.PDU: f"{pdu} should:",
        Recommendation.Actor.REGION: f"{inspection.pdu.region.name} region should:",
        Recommendation.Actor.HMPPS: "HM Prison and Probation Service (HMPPS) should:",
    }
    grouped = [
        {"heading": heading, "items": [r for r in recommendations if r.actor == actor]}
        for actor, heading in actors.items()
    ]
    # Probation's staffing facts and User Voice sit under its standards 1.2 and 1.4; another
    # programme's standards of those codes are other things.
    probation = framework.file_format == 1
    staff = _staff_facts(facts) if probation else []
    voice = _user_voice(facts) if probation else []
    for s in sections:
        if s.code == "1.2" and staff:
            s.extra_heading, s.extra = "Staffing facts", staff
        if s.code == "1.4" and voice:
            s.extra_heading, s.extra = "Feedback from people on probation", voice
    overall = document["overall"]
    rated = [s for s in sections if s.rated_from == "cases"]
    unrated = [s for s in sections if s.rated_from == "none" and s.key_questions]
    said = report_words(inspection)
    sources = framework_sources(framework)
    return {
        "inspection": inspection,
        "case_bands": framework.case_bands,
        "pdu": pdu,
        "words": said,
        "region_line": said["region_line"],
        "date_line": f"{said['draft_of']} {snapshot.computed_at:%d %B %Y}",
        "fieldwork_started": f"{inspection.fieldwork_start:%B %Y}",
        "score": score_label(overall),
        "score_note": not_rated_note(document, framework.when_not_rated),
        "overall_rating": rating_label(overall["rating"]),
        "cases_counted": document["cases_counted"],
        "framework": f"{document['framework']} version {document.get('framework_version', '')}".strip(),
        "snapshot": snapshot,
        "snapshot_label": snapshot.label or snapshot.get_kind_display(),
        "domains": domains,
        "ratings_domains": [
            {"title": d["title"], "sections": [s for s in d["sections"] if s.rated_from != "none"]}
            for d in domains
            if any(s.rated_from != "none" for s in d["sections"])
        ],
        "domain_one": [s for s in sections if s.rated_from == "judgement"],
        "domain_two": rated,
        "unrated": unrated,
        "recommendations": [g for g in grouped if g["items"]],
        "background": _background(inspection, document, facts, interviews),
        "interviews": interviews,
        "methodology": methodology_notes(framework) + comparison_notes,
        "sources": sources,
        "source_lines": [source_line(x) for x in sources],
        "framework_notes": framework_notes(framework),
    }
