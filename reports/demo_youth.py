"""The demo's youth inspection (framework `hmip-youth-2021`), built through the services people use:
a case list carrying the youth attributes is staged and committed, the court and out-of-court
samples are drawn, the demo inspector records judgements with evidence and submits, the lead
signs some off, and the results are computed. Every case was not released from custody, so the
resettlement sample has no case and standard 4.1 (`when_no_cases: not_rated`) is not rated.

Deterministic (fixed seeds), so every fresh machine shows the same figures. The service name is
invented.
"""

import csv
import io
import random
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User

from casework.models import Case, answer_token
from casework.services.answer_sheet import AnswerEdit
from casework.services.answers import answers_record
from casework.services.qa import case_sign_off, case_submit
from inspection.declared import attributes_of
from inspection.framework_file import framework_read
from inspection.models import FrameworkVersion, Inspection, Item, Standard
from inspection.services.frameworks import framework_load
from inspection.services.setup import inspection_create
from reports.services.entries import domain_one_record
from reports.services.results import snapshot_refresh
from sampling.services.assignment import cases_assign
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw

YOUTH_FILE = settings.BASE_DIR / "inspection" / "frameworks" / "hmip-youth-2021.yaml"
YOUTH_UNIT = "Hollowbrook Youth Justice Service"  # invented
YOUTH_REGION = "Fictional West"
WINDOW = (date(2026, 3, 2), date(2026, 5, 29))
FIELDWORK = (date(2026, 10, 5), date(2026, 10, 9))
HEADER = [
    "Reference",
    "Sentence date",
    "Type of disposal",
    "Type of out-of-court disposal",
    "Released from custody (resettlement)",
]
OOCD_TYPES = ["Community resolution", "Youth caution", "Youth conditional caution"]
# (sample, size, strata): the resettlement sample is not drawn, it has no case
DRAWS = [("court", 8, ["disposal"]), ("oocd", 6, ["oocd_type"])]
# judgement-rated standards (domain one and 3.4): the lead's ratings
JUDGEMENTS = {"1.1": "good", "1.2": "good", "1.3": "outstanding", "1.4": "good", "3.4": "good"}
GOOD = [
    "Assessment drew on school attendance records and the social worker's views; analysis was clear.",
    "The child and their carer were involved in setting goals; their words are recorded in the plan.",
    "Contingency plan names triggers (exclusion from school, contact with older peers) and actions.",
    "Appointments were moved around college hours and the child attended every session in the period.",
]
POOR = [
    "No contact was made with the child's school although attendance had fallen to two days a week.",
    "The plan lists the disposal's requirements but not how the risk to the victim will be managed.",
    "Safeguarding concerns raised by the police were not followed up or recorded.",
    "The review did not consider the child's move to a new placement in April.",
]


def youth_framework() -> FrameworkVersion:
    """The shipped youth framework file, loaded the first time (migrations load only the PDU's)."""
    doc = framework_read(YOUTH_FILE)
    found = FrameworkVersion.objects.filter(code=doc["code"], version=doc["version"]).first()
    return found or framework_load(doc=doc)


def youth_caselist(n: int = 30, *, seed: int = 18) -> bytes:
    """A case list with the youth attributes by their labels; nobody released from custody."""
    rng = random.Random(seed)  # noqa: S311 (made-up demo data, the same every run; no secret)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    days = (WINDOW[1] - WINDOW[0]).days
    for i in range(1, n + 1):
        court = i % 5 < 3  # three court disposals in every five
        writer.writerow(
            [
                f"HB{i:03d}",
                (WINDOW[0] + timedelta(days=rng.randrange(days))).isoformat(),
                "Court disposal" if court else "Out-of-court disposal",
                "" if court else rng.choice(OOCD_TYPES),
                "No",
            ]
        )
    return out.getvalue().encode()


def youth_demo_load(*, inspector: User, lead: User) -> Inspection | None:
    """Create the youth demo inspection unless it exists (idempotent); None when it does."""
    if Inspection.objects.filter(pdu__name=YOUTH_UNIT).exists():
        return None
    inspection = inspection_create(
        region_name=YOUTH_REGION,
        pdu_name=YOUTH_UNIT,
        framework=youth_framework(),
        fieldwork_start=FIELDWORK[0],
        fieldwork_end=FIELDWORK[1],
        windows=[WINDOW],
        lead=lead,
        inspectors=[inspector],
    )
    upload = caselist_upload_stage(
        inspection=inspection, data=youth_caselist(), filename="youth-cases.csv", user=lead
    )
    caselist_upload_commit(upload=upload)
    for code, size, strata in DRAWS:
        sample_draw(
            inspection=inspection, size=size, seed=18, strata=strata, sample=code, user=lead
        )
    cases = list(Case.objects.filter(inspection=inspection).order_by("ref"))
    cases_assign(inspection=inspection, cases=cases, assignee=inspector)
    youth_cases_judge(inspection, cases, inspector=inspector, lead=lead)
    for code, rating in JUDGEMENTS.items():
        domain_one_record(
            inspection=inspection,
            standard=Standard.objects.get(framework=inspection.framework, code=code),
            user=lead,
            rating=rating,
            strengths=[],
            areas_for_improvement=[],
        )
    snapshot_refresh(inspection=inspection)
    return inspection


def youth_cases_judge(
    inspection: Inspection, cases: list[Case], *, inspector: User, lead: User, drafts: int = 2
) -> None:
    """The inspector answers every case's key questions with evidence (the last `drafts` cases
    only half, left in draft) and submits; the lead signs off every other submitted case."""
    rng = random.Random(2021)  # noqa: S311 (made-up demo data, the same every run; no secret)
    questions = list(
        Item.objects.filter(framework=inspection.framework, kind="key_question")
        .exclude(standard__rated_from="judgement")
        .select_related("standard__sample")
        .order_by("order")
    )
    propensity = {q.code: rng.uniform(0.4, 0.97) for q in questions}
    for n, case in enumerate(cases):
        case = Case.objects.select_related("inspection__framework").get(pk=case.pk)
        attrs = attributes_of(case)
        asked = [q for q in questions if q.relevant_to_case(attrs)]
        draft = n >= len(cases) - drafts
        edits = []
        for q in asked[: len(asked) // 2] if draft else asked:
            good = rng.random() < propensity[q.code]
            evidence = rng.choice(GOOD if good else POOR)
            edits.append(AnswerEdit(q, "yes" if good else "no", evidence, answer_token("", "")))
        answers_record(case=case, user=inspector, token=case.version, edits=edits)
        if draft:
            continue
        submitted = case_submit(case=case, user=inspector)
        if n % 2 == 0:
            case_sign_off(case=submitted, user=lead)
