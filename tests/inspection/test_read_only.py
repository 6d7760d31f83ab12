"""A published inspection is read-only and an anonymised one final (`inspection.writes`): the two
stories of the second hostile run, through HTTP, after publication and after anonymisation — an
inspector saving evidence with a name and date of birth (autosave and plain save) and a lead
declaring a conflict of interest — and reopening a published inspection with a reason."""

import pytest
from django.urls import reverse

from casework.forms import StandardAnswersForm
from casework.models import Answer, Case, answer_token
from casework.selectors.casework import case_form
from inspection.models import REOPEN_REASON_MAX, PublicationReopening
from inspection.writes import ANONYMISED_MESSAGE, PUBLISHED_MESSAGE
from reports.models import ResultsSnapshot
from sampling.models import ConflictOfInterest
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db

PERSONAL = "Seen with Jane Doe, born 04/07/1989, at her home address."
EMPTY = answer_token("", "")


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector)


def publish(client, inspection, lead) -> None:
    """Publish through the page: results computed first (stale results block), and a reason for
    the cases still in progress (the lead confirms them)."""
    from reports.services.results import snapshot_refresh

    snapshot_refresh(inspection=inspection)
    client.force_login(lead)
    url = reverse("reports:publish", args=[inspection.pk])
    assert client.post(url, {"reason": "Published on the agreed date"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "published"


def anonymise(client, inspection, admin_user) -> None:
    client.force_login(admin_user)
    response = client.post(reverse("setup:anonymise", args=[inspection.pk]))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.anonymised_at is not None


def close(client, inspection, lead, admin_user, state: str) -> str:
    publish(client, inspection, lead)
    if state == "anonymised":
        anonymise(client, inspection, admin_user)
        return ANONYMISED_MESSAGE
    return PUBLISHED_MESSAGE


def autosave(client, case):
    data = {
        "version": Case.objects.get(pk=case.pk).version,
        "partial": "1",
        "a_2_2_1": "no",
        "e_2_2_1": PERSONAL,
        "t_2_2_1": EMPTY,
    }
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    return client.post(url, data, headers={"HX-Request": "true"})


def plain_save(client, case):
    casework = case_form(Case.objects.get(pk=case.pk))
    entry = casework.entry("2.2")
    rows, questions = casework.rows(entry.standard), casework.questions(entry.standard)
    form = StandardAnswersForm(rows, questions=questions, initial={"version": case.version})
    data = {name: form[name].initial or "" for name in form.fields}
    data |= {"a_2_2_1": "no", "e_2_2_1": PERSONAL, "action": "save"}
    data["version"] = Case.objects.get(pk=case.pk).version
    return client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data)


@pytest.mark.parametrize("state", ["published", "anonymised"])
def test_evidence_with_personal_data_is_refused_by_autosave_and_plain_save(
    client, case, inspection, inspector, lead, admin_user, state
):
    message = close(client, inspection, lead, admin_user, state)
    client.force_login(inspector)

    response = autosave(client, case)
    assert response.status_code == 403
    assert f"Not saved: {message}" in response.content.decode()

    response = plain_save(client, case)
    assert response.status_code == 403
    page = response.content.decode()
    assert message in page and "Nothing was saved" in page

    assert not Answer.objects.filter(case__inspection=inspection).exists()
    assert not Answer.history.filter(evidence__contains="Jane Doe").exists()


@pytest.mark.parametrize("state", ["published", "anonymised"])
def test_a_conflict_of_interest_is_refused(
    client, case, inspection, inspector, lead, admin_user, state
):
    message = close(client, inspection, lead, admin_user, state)
    client.force_login(lead)
    response = client.post(
        reverse("setup:conflicts", args=[inspection.pk]),
        {"user": inspector.pk, "ref": case.ref, "note": "Lives next door to Jane Doe, b. 1989"},
    )
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not ConflictOfInterest.objects.filter(inspection=inspection).exists()
    assert Case.objects.get(pk=case.pk).assigned_to == inspector


def test_before_publication_the_same_requests_are_saved(client, case, inspection, inspector, lead):
    """The requests above are ones that work: on an open inspection they write."""
    client.force_login(inspector)
    assert autosave(client, case).status_code == 200
    assert Answer.objects.get(case=case, item__code="2.2.1").evidence == PERSONAL
    client.force_login(lead)
    response = client.post(
        reverse("setup:conflicts", args=[inspection.pk]),
        {"user": inspector.pk, "ref": case.ref, "note": "Neighbour"},
    )
    assert response.status_code == 302
    assert ConflictOfInterest.objects.filter(inspection=inspection, ref=case.ref).exists()


def test_a_lead_reopens_a_published_inspection_with_a_reason_kept_in_full(
    client, case, inspection, inspector, lead
):
    publish(client, inspection, lead)
    published = ResultsSnapshot.objects.get(inspection=inspection, kind="frozen")
    url = reverse("reports:reopen", args=[inspection.pk])

    client.force_login(inspector)
    assert client.post(url, {"reason": "I want to change my answers"}).status_code == 403

    client.force_login(lead)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Enter the reason for reopening the published inspection" in response.content.decode()
    response = client.post(url, {"reason": "x" * (REOPEN_REASON_MAX + 1)})
    assert response.status_code == 400
    assert "The reason must be 2,000 characters or fewer" in response.content.decode()
    assert not PublicationReopening.objects.exists()

    reason = "Case 7's sign-off was recorded against the wrong inspector. " * 30  # 1,800
    response = client.post(url, {"reason": reason})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "reporting"
    record = PublicationReopening.objects.get(inspection=inspection)
    assert record.reason == reason.strip() and record.reopened_by == lead
    assert record.reopened_at is not None
    page = client.get(reverse("reports:publish", args=[inspection.pk])).content.decode()
    assert "Case 7&#x27;s sign-off was recorded against the wrong inspector." in page

    # the published record stays as it was; the casework is open again
    assert ResultsSnapshot.objects.get(pk=published.pk).document == published.document
    client.force_login(inspector)
    assert autosave(client, case).status_code == 200

    # publishing again freezes a new published record beside the first
    publish(client, inspection, lead)
    frozen = ResultsSnapshot.objects.filter(inspection=inspection, kind="frozen")
    assert frozen.count() == 2 and published.pk in {s.pk for s in frozen}


def test_an_anonymised_inspection_cannot_be_reopened_or_published_again(
    client, inspection, lead, admin_user
):
    close(client, inspection, lead, admin_user, "anonymised")
    client.force_login(lead)
    response = client.post(
        reverse("reports:reopen", args=[inspection.pk]), {"reason": "Something changed"}
    )
    assert response.status_code == 403
    assert ANONYMISED_MESSAGE in response.content.decode()
    assert client.post(reverse("reports:publish", args=[inspection.pk])).status_code == 403
    inspection.refresh_from_db()
    assert inspection.status == "published" and inspection.anonymised_at is not None
    assert not PublicationReopening.objects.exists()
    assert ResultsSnapshot.objects.filter(inspection=inspection, kind="frozen").count() == 1
    client.force_login(admin_user)  # anonymising again is refused too, saying why
    response = client.post(reverse("setup:anonymise", args=[inspection.pk]))
    assert response.status_code == 403 and ANONYMISED_MESSAGE in response.content.decode()


def test_the_set_up_commands_refuse_a_published_inspection_naming_why(
    client, inspection, lead, tmp_path
):
    from django.core.management import CommandError, call_command

    from sampling.models import CohortRecord
    from tests.support.caselist_data import case_rows, to_csv

    publish(client, inspection, lead)
    file = tmp_path / "list.csv"
    file.write_bytes(to_csv(case_rows(6, seed=1, prefix="RO")))
    with pytest.raises(CommandError, match="This inspection is published; a lead can reopen it"):
        call_command("import_caselist", str(inspection.pk), str(file), "--commit")
    with pytest.raises(CommandError, match="This inspection is published; a lead can reopen it"):
        call_command("draw_sample", str(inspection.pk), "--size", "2", "--seed", "1")
    assert not CohortRecord.objects.filter(inspection=inspection).exists()
