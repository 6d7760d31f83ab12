"""The test case-file audit framework's whole journey through the pages (casefile-audit-test.yaml:
a graded scale, three samples, whole-number and boolean attributes, `when_not_rated: scale`):
a case list with tier / victim contact / team columns is uploaded and committed, all three
samples drawn, graded answers recorded through the case form and submitted, the results
aggregated, then the results JSON, the workbook and the answers export read back.

Expected figures are computed here from the answers given, by the file's rules (bands, scores,
scaling), not copied from the program's output."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from casework.models import Case
from inspection.models import Standard
from reports.models import Job
from reports.services.entries import domain_one_record
from sampling.models import SampleDraw
from tests.support.caselist_data import to_csv
from tests.support.declared_data import format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HEADER = ["Reference", "Start date", "Supervision tier", "Victim contact scheme", "Team name"]
# ref -> (tier, victim contact, team); V1/V2 are in both the standard and the victims sample
CASES = {
    "I1": ("Tier 3", "Not in the scheme", "North"),
    "I2": ("3", "no", "North"),
    "I3": ("Tier 3", "Not in the scheme", "South"),
    "I4": ("3", "no", "South"),
    "S1": ("Tier 1", "no", "North"),
    "S2": ("2", "Not in the scheme", "North"),
    "S3": ("Tier 2", "no", "South"),
    "S4": ("1", "no", "South"),
    "V1": ("Tier 2", "In the scheme", "North"),
    "V2": ("2", "yes", "South"),
}
# what the inspector records, per case: item code -> graded answer
ANSWERS = {
    "I1": {"A1.1": "outstanding", "A1.1.a": "good"},
    "I2": {"A1.1": "good", "A1.1.a": "good"},
    "I3": {"A1.1": "requires_improvement", "A1.1.a": "inadequate"},
    "I4": {"A1.1": "inadequate", "A1.1.a": "good"},
    "S1": {"A2.1": "outstanding"},
    "S2": {"A2.1": "good"},
    "S3": {"A2.1": "good"},
    "S4": {"A2.1": "inadequate"},
    "V1": {"A2.1": "good", "A3.1": "na"},  # no victim contact to judge: A3 has no relevant case
    "V2": {"A2.1": "na", "A3.1": "na"},
}
SAMPLES = {"intensive": 4, "standard": 6, "victims": 2}
POSITIVE = {"outstanding", "good"}
CASE_BANDS = [(75, "excellent"), (40, "sound"), (0, "weak")]
SCORES = {"excellent": 4, "sound": 2, "weak": 0}
OVERALL_BANDS = [(10, "excellent"), (5, "sound"), (0, "weak")]
JUDGED = ("B1", "sound")


def expected_percent(code: str) -> tuple[int, int, Fraction]:
    given = [a[code] for a in ANSWERS.values() if code in a and a[code] != "na"]
    positive = sum(1 for v in given if v in POSITIVE)
    return positive, len(given), Fraction(100 * positive, len(given))


def band(percent: Fraction) -> str:
    return next(rating for low, rating in CASE_BANDS if percent >= low)


def expected_overall() -> tuple[int, int, str]:
    """A1 is rated by its one answered key question (A1.2 is asked of no case), A2 by A2.1, B1
    by judgement; A3 is not rated and the total is scaled to the maximum possible."""
    rated = [SCORES[band(expected_percent(c)[2])] for c in ("A1.1", "A2.1")] + [SCORES[JUDGED[1]]]
    maximum = 4 * max(SCORES.values())
    total = Decimal(sum(rated) * maximum) / Decimal(len(rated) * max(SCORES.values()))
    score = int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return score, maximum, next(r for low, r in OVERALL_BANDS if score >= low)


def setup_url(name: str, pk: int, sample: str | None = None) -> str:
    address = reverse(f"setup:{name}", args=[pk])
    return f"{address}?sample={sample}" if sample else address


def form_values(client, case: Case, code: str) -> dict:
    """The case form of one standard as the page renders it: every input's current value."""
    response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}


def field(code: str) -> str:
    return code.replace(".", "_")


@pytest.fixture
def journey(client, django_capture_on_commit_callbacks):
    inspection = format2_inspection()
    lead = MembershipFactory(inspection=inspection, role="lead").user
    inspector = MembershipFactory(inspection=inspection, role="inspector").user
    client.force_login(lead)
    rows = [[ref, "2025-01-10", *values] for ref, values in CASES.items()]
    upload = SimpleUploadedFile("audit.csv", to_csv(rows, HEADER), content_type="text/csv")
    response = client.post(setup_url("caselist_upload", inspection.pk), {"file": upload})
    assert response.status_code == 302
    upload_pk = inspection.caselist_uploads.latest("pk").pk
    commit = reverse("setup:caselist_commit", args=[inspection.pk, upload_pk])
    assert client.post(commit).status_code == 302
    for code, size in SAMPLES.items():
        response = client.post(
            setup_url("draw", inspection.pk, code),
            {"size": size, "seed": 7, "strata": ["tier"], "minimums": "", "reserves": 1},
        )
        assert response.status_code == 302, (code, response.context["form"].errors)
        assert response.url == setup_url("sample", inspection.pk, code)
    cases = {c.ref: c for c in Case.objects.filter(inspection=inspection)}
    Case.objects.filter(inspection=inspection).update(assigned_to=inspector)

    client.force_login(inspector)
    for ref, answers in ANSWERS.items():
        for standard in sorted({code.split(".")[0] for code in answers}):
            data = form_values(client, cases[ref], standard) | {"action": "save"}
            for code, value in answers.items():
                if code.startswith(standard + "."):
                    data[f"a_{field(code)}"] = value
                    data[f"e_{field(code)}"] = f"Evidence for {code} on {ref}."
            url = reverse("cases:standard", args=[cases[ref].pk, standard])
            assert client.post(url, data).status_code == 302
        response = client.post(reverse("cases:submit", args=[cases[ref].pk]))
        assert response.status_code == 302, ref

    client.force_login(lead)
    domain_one_record(
        inspection=inspection,
        standard=Standard.objects.get(framework=inspection.framework, code=JUDGED[0]),
        user=lead,
        rating=JUDGED[1],
        strengths=[],
        areas_for_improvement=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:recompute", args=[inspection.pk]))
    assert response.status_code == 302
    return inspection, lead


def test_the_case_list_fills_all_three_samples(journey):
    inspection, _ = journey
    draws = dict(SampleDraw.objects.filter(inspection=inspection).values_list("sample", "size"))
    assert draws == SAMPLES
    cases = Case.objects.filter(inspection=inspection)
    assert cases.count() == len(CASES)  # V1 and V2 drawn in two samples are one case each
    stored = {c.ref: c.attributes for c in cases}
    assert stored["I1"] == {"tier": 3, "victim_contact": False, "team": "North"}
    assert stored["V2"] == {"tier": 2, "victim_contact": True, "team": "South"}
    assert {c.status for c in cases} == {"submitted"}


def test_the_results_have_graded_percentages_and_a_scaled_score_without_a3(client, journey):
    inspection, _ = journey
    response = client.get(f"/api/inspections/{inspection.pk}/results/")
    assert response.status_code == 200
    document = response.json()
    assert document["cases_counted"] == len(CASES)
    standards = {s["code"]: s for s in document["standards"]}
    for code in ("A1.1", "A2.1"):
        positive, relevant, percent = expected_percent(code)
        kq = next(k for k in standards[code[:2]]["key_questions"] if k["code"] == code)
        assert (kq["yes"], kq["relevant"]) == (positive, relevant)
        assert kq["percent"] == pytest.approx(float(percent), abs=0.05)
        assert kq["rating"] == band(percent)
        assert standards[code[:2]]["rating"] == band(percent)
        assert sum(kq["answers"].values()) == sum(1 for a in ANSWERS.values() if code in a)
    assert standards["A1"]["key_questions"][0]["answers"] == {
        "outstanding": 1,
        "good": 1,
        "requires_improvement": 1,
        "inadequate": 1,
        "na": 0,
    }
    assert (standards["A3"]["rating"], standards["A3"]["score"]) == ("not_rated", None)
    score, maximum, rating = expected_overall()
    assert document["overall"] == {
        "score": score,
        "max": maximum,
        "rating": rating,
        "not_rated": ["A3"],
    }


def test_the_workbook_and_answers_export_carry_the_attributes_and_graded_answers(
    client, journey, django_capture_on_commit_callbacks, tmp_path
):
    inspection, _ = journey
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build", args=[inspection.pk]), {"format": "xlsx"})
    job = Job.objects.get(inspection=inspection, kind="workbook")
    assert job.state == "done"
    response = client.get(reverse("reports:download", args=[inspection.pk, job.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    profile = list(book["Sample profile"].iter_rows(values_only=True))
    tiers = {str(r[1]): r[2] for r in profile if r[0] == "Supervision tier"}
    assert tiers == {"3": 4, "1": 2, "2": 4}
    assert {r[1]: r[2] for r in profile if r[0] == "Team name"} == {"North": 5, "South": 5}
    sheet = list(book["A1 Intensive supervision"].iter_rows(values_only=True))
    answers = [(r[1], r[3]) for r in sheet if str(r[1]).startswith("answer:")][:4]
    assert answers == [
        ("answer: Outstanding", 1),
        ("answer: Good", 1),
        ("answer: Requires improvement", 1),
        ("answer: Inadequate", 1),
    ]

    path = tmp_path / "audit.csv"
    call_command(
        "export_answers",
        "--framework",
        "casefile-audit-test",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    given = {(r["case_ref"], r["item"]): r for r in rows}
    assert {"tier", "victim_contact", "team"} <= set(rows[0])
    for ref, answers_of in ANSWERS.items():
        for code, value in answers_of.items():
            row = given[(ref, code)]
            assert row["answer"] == value
    assert given[("V2", "A2.1")]["victim_contact"] in ("True", "true", "yes")
    assert given[("I3", "A1.1")]["tier"] == "3" and given[("I3", "A1.1")]["team"] == "South"
