"""Fictional demo inspections for `make run`: the main one has ~60 cases with varied answers and
evidence; `OTHERS` are smaller, in two regions and two years, so benchmarks, the national
overview and the regional report have something to compare.

Built as a bundle and written through `bundle_import`, so the demo exercises the real import.
Deterministic (fixed seed), so every fresh machine shows the same figures.
"""

import random
from datetime import date, timedelta
from typing import Any

from inspection.models import FrameworkVersion

DEMO_PDU = "Northmoor and Vale PDU"
DEMO_REGION = "Fictional North"
WINDOWS = [(date(2026, 4, 13), date(2026, 4, 19)), (date(2026, 5, 11), date(2026, 5, 17))]
FIELDWORK = date(2026, 11, 16)
# (PDU, region, case reference prefix, fieldwork start, seed, cases): the other demo inspections
OTHERS = [
    ("Ashby and Fells PDU", DEMO_REGION, "AF", date(2026, 6, 8), 11, 24),
    ("Kingsmere PDU", "Fictional South", "KM", date(2026, 9, 14), 12, 24),
    ("Saltmarsh and Downs PDU", "Fictional South", "SD", date(2025, 10, 6), 13, 24),
]

GOOD = [
    "Assessment drew on police domestic abuse call-outs and children's services checks; analysis was clear.",
    "The practitioner involved the person in setting objectives and recorded their views in their own words.",
    "Contingency plan names specific triggers (loss of accommodation, contact with the victim) and actions.",
    "Regular contact maintained; appointments rearranged around work shifts without loss of focus on risk.",
    "Review followed the arrest in June and updated the risk management plan within a week.",
]
POOR = [
    "No domestic abuse enquiry was made despite a previous callout recorded on the police national computer.",
    "The plan repeats the sentence requirements but does not say how risk to the partner will be managed.",
    "Child safeguarding checks were requested but the response was never followed up or recorded.",
    "Home visit not completed although the person lives with two children; no rationale recorded.",
    "Review did not consider the new relationship disclosed at supervision in July.",
]


def demo_bundle(
    framework: FrameworkVersion,
    *,
    cases: int = 60,
    seed: int = 2026,
    pdu: str = DEMO_PDU,
    region: str = DEMO_REGION,
    prefix: str = "NV",
    fieldwork: date = FIELDWORK,
) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 (made-up demo data, the same every run; no secret)
    shift = fieldwork - FIELDWORK  # cohort windows and interviews move with the fieldwork
    items = list(framework.items.order_by("order"))
    # each key question gets its own propensity, so standards land in different bands
    propensity = {i.code: rng.uniform(0.35, 0.9) for i in items}
    windows = [(start + shift, end + shift) for start, end in WINDOWS]
    day_pool = [w[0] + timedelta(days=d) for w in windows for d in range((w[1] - w[0]).days + 1)]
    out_cases, interviews = [], []
    for n in range(1, cases + 1):
        case_type = rng.choices(["community", "suspended", "licence", "pss"], [45, 20, 30, 5])[0]
        psr = case_type in ("community", "suspended") and rng.random() < 0.4
        case = {
            "ref": f"{prefix}-{n:04d}",
            "case_type": case_type,
            "start_date": rng.choice(day_pool).isoformat(),
            "rosh": rng.choices(["low", "medium", "high", "very_high"], [25, 45, 25, 5])[0],
            "gender": rng.choices(["male", "female"], [85, 15])[0],
            "ethnicity": rng.choices(
                ["white", "asian", "black", "mixed", "other"], [70, 14, 8, 5, 3]
            )[0],
            "age_band": rng.choices(["18-25", "26-49", "50+"], [25, 60, 15])[0],
            "pre_sentence_info": psr,
            "practitioner_count": rng.choice([1, 1, 2, 2, 3]),
            "status": rng.choices(["draft", "submitted", "signed_off"], [15, 35, 50])[0],
        }
        if case["status"] == "draft" and rng.random() < 0.5:
            # as from a case list without the pre-sentence column: not known yet
            case.pop("pre_sentence_info")
        answers, evidence = {}, {}
        for item in items:
            if not item.applies_to_case(case):
                continue
            if "pre_sentence_info" not in case and "pre_sentence_info" in item.applies_to:
                continue  # left for the inspector, who records whether it was given
            if case["status"] == "draft" and rng.random() < 0.5:
                continue  # drafts are partly answered
            if rng.random() < 0.05:
                value = "na"
            else:
                value = item.answers[0] if rng.random() < propensity[item.code] else item.answers[1]
            answers[item.code] = value
            if item.kind == "key_question" and value != "na":
                evidence[item.code] = rng.choice(GOOD if value == item.answers[0] else POOR)
        case["answers"] = answers
        case["evidence"] = evidence
        out_cases.append(case)
        if rng.random() < 0.78:
            interviews.append(
                {
                    "case_ref": case["ref"],
                    "role": rng.choice(
                        ["probation_officer", "probation_services_officer", "trainee"]
                    ),
                    "held_on": (fieldwork + timedelta(days=rng.randrange(5))).isoformat(),
                }
            )
    return {
        "format": "inspection-bundle/1",
        "framework": framework.code,
        "framework_version": framework.version,
        "inspection": {
            "pdu": pdu,
            "region": region,
            "fieldwork_start": fieldwork.isoformat(),
            "fieldwork_end": (fieldwork + timedelta(days=4)).isoformat(),
            "cohort_windows": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in windows],
        },
        "standard_ratings": {
            "1.1": "requires_improvement",
            "1.2": "inadequate",
            "1.3": "good",
            "1.4": "requires_improvement",
        },
        "cases": out_cases,
        "interviews": interviews,
    }


def second_readings(
    bundle: dict[str, Any],
    *,
    reader: str,
    to_do: tuple[str, ...] | list[str] = (),
    to_do_reader: str = "",
    every: int = 4,
    seed: int = 7,
) -> list[dict[str, Any]]:
    """Second readings for a demo bundle: every `every`-th counted case read again (submitted,
    agreeing on most answers) by `reader`, and the cases `to_do` given to `to_do_reader` still
    to read (drafts). A reader need not be a user: the reading then counts in agreement as a
    name."""
    rng = random.Random(seed)  # noqa: S311 (made-up demo data, the same every run; no secret)
    out = []
    counted = [c for c in bundle["cases"] if c["status"] != "draft" and c["ref"] not in to_do]
    for case in counted[::every]:
        answers = {}
        for code, value in case["answers"].items():
            if value in ("yes", "no") and rng.random() < 0.2:
                value = "no" if value == "yes" else "yes"  # the readers disagree here
            answers[code] = value
        out.append({"case_ref": case["ref"], "reader": reader, "answers": answers})
    out += [{"case_ref": ref, "reader": to_do_reader, "status": "draft"} for ref in to_do]
    return out
