"""Retention: anonymising a published inspection's personal data, live and in history, with a dry
run first and an audit record; frozen published results stay as they were."""

import json
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer, Case, CaseStatus, Interview, QAComment, answer_token
from casework.services.answer_sheet import AnswerEdit
from casework.services.answers import answers_record
from casework.services.interviews import interview_save
from casework.services.qa import CommentInput, case_reopen, case_return, case_sign_off, case_submit
from inspection.choices import InspectionStatus
from inspection.declared import attributes_of
from inspection.models import Inspection, Item
from records.models import Anonymisation
from reports.models import ResultsSnapshot
from reports.services.snapshots import snapshot_freeze
from sampling.models import CaseListUpload, CohortRecord
from sampling.services.assignment import cases_assign, conflict_declare
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw, sample_replace
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import AdminFactory, CaseFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "EVIDENCE-SECRET",
    "Mrs Patel",
    "QA-SECRET",
    "REOPEN-SECRET",
    "Jane Doe",
    "Person died",
]


@dataclass
class Published:
    inspection: object
    lead: object
    refs: list[str]  # every original case reference (the whole case list)
    frozen: ResultsSnapshot


def _answer_all(case, user, evidence: str) -> None:
    attrs = attributes_of(case)
    items = Item.objects.filter(framework=case.inspection.framework, kind="key_question")
    edits = []
    for item in items.select_related("standard"):
        if item.standard.rated_from != "judgement" and item.applies_to_case(attrs):
            stored = Answer.objects.filter(case=case, item=item).first()
            before = (stored.value, stored.evidence) if stored else ("", "")
            edits.append(
                AnswerEdit(item, item.answers[0], f"{evidence} {item.code}", answer_token(*before))
            )
    case.refresh_from_db()
    result = answers_record(case=case, user=user, token=case.version, edits=edits)
    assert result.saved and not result.conflicts


@pytest.fixture
def published(inspection, inspector, lead) -> Published:
    """A whole inspection's life: case list, sample and a replacement, a conflict, answers with
    evidence, an interview, a return with a comment, sign-off, a reopen with a reason, changed
    evidence, a second sign-off, frozen results, then publication."""
    rows = case_rows(30, seed=2, prefix="PN")
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(rows), filename="list.csv", user=lead
    )
    caselist_upload_commit(upload=upload)
    refs = list(CohortRecord.objects.filter(inspection=inspection).values_list("ref", flat=True))
    sample_draw(inspection=inspection, size=4, seed=1, user=lead)
    first = Case.objects.filter(inspection=inspection).order_by("ref").first()
    sample_replace(case=first, reason="Person died in May", user=lead)
    cases = list(Case.objects.filter(inspection=inspection).order_by("ref"))
    cases_assign(inspection=inspection, cases=cases, assignee=inspector)
    conflict_declare(inspection=inspection, user=lead, ref=refs[-1], note="Neighbour of Jane Doe")

    case = cases[0]
    Case.objects.filter(pk=case.pk).update(practitioner_count=2, practitioner_grade="agency")
    _answer_all(case, inspector, "EVIDENCE-SECRET first reading")
    interview_save(
        case=case,
        user=inspector,
        held_on=None,
        grade="agency",
        outcome="held",
        notes="Mrs Patel said the case was transferred",
    )
    case_submit(case=case, user=inspector)
    case_return(case=case, user=lead, comments=[CommentInput(None, "QA-SECRET check dates")])
    case_submit(case=case, user=inspector)
    case_sign_off(case=case, user=lead)
    case_reopen(case=case, user=lead, reason="REOPEN-SECRET new information from police")
    _answer_all(case, inspector, "EVIDENCE-SECRET second reading")
    case_submit(case=case, user=inspector)
    case_sign_off(case=case, user=lead)

    call_command("aggregate", str(inspection.pk), stdout=StringIO())
    frozen = snapshot_freeze(inspection=inspection, user=lead, label="Published results")
    inspection.status = InspectionStatus.PUBLISHED
    inspection.save(update_fields=["status"])
    return Published(inspection, lead, refs, frozen)


def database_text() -> str:
    """Every row of every table, as text: where personal data could still be found."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [r[0] for r in cursor.fetchall()]
        chunks = []
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')
            chunks.append(f"== {table}\n" + "\n".join(r[0] for r in cursor.fetchall()))
    return "\n".join(chunks)


def found(text: str, needles: list[str]) -> list[str]:
    return [n for n in needles if n in text]


def test_the_fixture_really_holds_the_personal_data(published):
    text = database_text()
    assert found(text, SECRETS) == SECRETS
    assert found(text, published.refs) == published.refs
    assert "REOPEN-SECRET" in " ".join(
        r.history_change_reason or ""
        for r in Case.history.filter(inspection_id=published.inspection.pk)
    )


def test_dry_run_counts_and_changes_nothing(published):
    before = database_text()
    out = StringIO()
    call_command("anonymise_inspection", str(published.inspection.pk), "--dry-run", stdout=out)
    report = json.loads(out.getvalue())
    assert report["dry_run"] is True
    counts = report["counts"]
    assert counts["case_refs"] == 30  # every ref of the case list (the sample is drawn from it)
    assert counts["evidence"] > 0 and counts["interview_notes"] == 1
    assert counts["qa_comments"] == 2  # the return comment and the reopen comment
    assert counts["conflicts"] == 1 and counts["replacement_reasons"] == 1
    assert counts["history_rows"] > counts["evidence"]
    assert database_text() == before
    assert not Anonymisation.objects.exists()


def test_anonymising_leaves_no_personal_data_in_any_table_and_keeps_frozen_results(published):
    frozen_before = (published.frozen.document, published.frozen.breakdowns)
    latest_before = ResultsSnapshot.objects.get(inspection=published.inspection, kind="latest")
    dry = StringIO()
    call_command("anonymise_inspection", str(published.inspection.pk), "--dry-run", stdout=dry)
    out = StringIO()
    admin = AdminFactory(username="retention-admin")
    call_command(
        "anonymise_inspection", str(published.inspection.pk), "--user", admin.username, stdout=out
    )

    text = database_text()
    assert found(text, SECRETS) == []
    assert found(text, published.refs) == []

    frozen = ResultsSnapshot.objects.get(pk=published.frozen.pk)
    assert (frozen.document, frozen.breakdowns) == frozen_before
    latest = ResultsSnapshot.objects.get(pk=latest_before.pk)
    assert latest.document == latest_before.document

    record = Anonymisation.objects.get(inspection=published.inspection)
    assert record.performed_by == admin and record.performed_at is not None
    assert record.counts == json.loads(dry.getvalue())["counts"]

    # casework keeps its shape: pseudonyms everywhere, the sample still points at its cohort rows
    cases = Case.objects.filter(inspection=published.inspection)
    assert all(c.ref.startswith("CASE-") for c in cases)
    cohort_refs = set(CohortRecord.objects.values_list("ref", flat=True))
    assert {c.ref for c in cases} <= cohort_refs
    assert all(r.startswith("CASE-") for r in cohort_refs)
    assert not CohortRecord.objects.exclude(ethnicity="").exists()
    assert CaseListUpload.objects.filter(rows=[], errors=[]).count() == 1
    signed = cases.get(status=CaseStatus.SIGNED_OFF)
    assert (signed.practitioner_grade, signed.practitioner_count) == ("", None)
    assert Answer.objects.filter(case=signed).exclude(value="").exists()  # judgements stay
    assert not Answer.objects.exclude(evidence="").exists()
    assert Interview.objects.get(case=signed).notes == ""
    assert set(QAComment.objects.values_list("text", flat=True)) == {""}


def test_a_second_run_and_an_unpublished_inspection_are_refused(published, inspection):
    with pytest.raises(CommandError, match="give --user NAME"):
        call_command("anonymise_inspection", str(inspection.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="is not an admin"):
        call_command("anonymise_inspection", str(inspection.pk), "--user", published.lead.username)
    assert not Anonymisation.objects.exists()
    by = ["--user", AdminFactory(username="retention-admin").username]
    call_command("anonymise_inspection", str(inspection.pk), *by, stdout=StringIO())
    with pytest.raises(CommandError, match="was anonymised on"):
        call_command("anonymise_inspection", str(inspection.pk), *by, stdout=StringIO())

    # as if it had never been anonymised nor published
    Anonymisation.objects.all().delete()
    Inspection.objects.filter(pk=inspection.pk).update(
        status=InspectionStatus.REPORTING, anonymised_at=None
    )
    inspection.refresh_from_db()
    before = database_text()
    for extra in (by, ["--dry-run"]):
        with pytest.raises(CommandError, match="not published"):
            call_command("anonymise_inspection", str(inspection.pk), *extra, stdout=StringIO())
    assert database_text() == before
    with pytest.raises(CommandError, match="no inspection with id 999999"):
        call_command("anonymise_inspection", "999999", stdout=StringIO())
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("anonymise_inspection", str(inspection.pk), "--user", "nobody")


# --- the set-up page (admins only) -----------------------------------------------------------


def page(pk: int) -> str:
    return reverse("setup:anonymise", args=[pk])


def test_admin_sees_the_dry_run_then_confirms(client, published):
    admin = AdminFactory(username="retention-admin")
    client.force_login(admin)
    response = client.get(page(published.inspection.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Case references replaced by pseudonyms" in html and ">30<" in html
    assert not Anonymisation.objects.exists()
    assert found(database_text(), published.refs) == published.refs

    response = client.post(page(published.inspection.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("setup:overview", args=[published.inspection.pk])
    assert Anonymisation.objects.get().performed_by == admin
    assert found(database_text(), published.refs) == []
    html = client.get(page(published.inspection.pk)).content.decode()
    assert "was anonymised on" in html and "Anonymise personal data</button>" not in html


def test_page_refuses_an_unpublished_inspection_without_a_button(client, inspection):
    client.force_login(AdminFactory(username="retention-admin"))
    html = client.get(page(inspection.pk)).content.decode()
    assert "not published" in html and "Anonymise personal data</button>" not in html
    response = client.post(page(inspection.pk))
    assert response.status_code == 400
    assert "not published" in response.content.decode()
    assert not Anonymisation.objects.exists()


def test_leads_cannot_anonymise(client, published):
    client.force_login(published.lead)
    assert client.get(page(published.inspection.pk)).status_code == 404
    assert client.post(page(published.inspection.pk)).status_code == 404
    assert not Anonymisation.objects.exists()


def test_dry_run_page_query_count_does_not_grow_with_cases(client, inspection, inspector):
    inspection.status = InspectionStatus.PUBLISHED
    inspection.save(update_fields=["status"])
    item = Item.objects.get(framework=inspection.framework, code="2.2.1")
    client.force_login(AdminFactory(username="retention-admin"))

    def grow(n: int) -> int:
        for _ in range(n):
            case = CaseFactory(inspection=inspection, assigned_to=inspector)
            Answer.objects.create(case=case, item=item, value="no", evidence="Why not")
            QAComment.objects.create(case=case, text="Check")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(inspection.pk)).status_code == 200
        return len(queries.captured_queries)

    grow(0)  # the first request of a process reads what it then keeps (e.g. framework items)
    assert grow(2) == grow(10)
