import pytest
from django.urls import reverse

from casework.models import Answer, CaseStatus, Interview, QAComment, answer_token
from casework.selectors.casework import case_form
from casework.selectors.timeline import case_timeline
from inspection.declared import attributes_of
from inspection.models import Item
from reports.models import Rollup
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(inspection, inspector):
    return CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")


def complete(case, *, evidence: str = "Evidence") -> None:
    """Answer every applicable key question positively (with evidence)."""
    attrs = attributes_of(case)
    for item in Item.objects.filter(framework=case.inspection.framework, kind="key_question"):
        if item.standard.rated_from != "judgement" and item.applies_to_case(attrs):
            Answer.objects.create(case=case, item=item, value=item.answers[0], evidence=evidence)


def test_submit_with_missing_answer_shows_error_summary_linking_to_field(client, case, inspector):
    complete(case)
    Answer.objects.filter(case=case, item__code="2.3.2").delete()
    Answer.objects.filter(case=case, item__code="2.4.1").update(value="no", evidence="")
    client.force_login(inspector)
    response = client.post(reverse("cases:submit", args=[case.pk]))
    assert response.status_code == 302  # post/redirect/get: the case page lists the problems
    html = client.get(response["Location"]).content.decode()
    assert "govuk-error-summary" in html
    assert f"/cases/{case.pk}/standards/2.3/?check=1#id_a_2_3_2_1" in html
    assert f"/cases/{case.pk}/standards/2.4/?check=1#id_e_2_4_1" in html
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_standard_page_with_check_shows_field_errors(client, case, inspector):
    client.force_login(inspector)
    html = client.get(
        reverse("cases:standard", args=[case.pk, "2.3"]) + "?check=1"
    ).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_a_2_3_1_1"' in html
    assert 'id="id_a_2_3_1_1"' in html
    assert "govuk-form-group--error" in html


def test_submit_complete_case(client, case, inspector):
    complete(case)
    client.force_login(inspector)
    assert client.post(reverse("cases:submit", args=[case.pk])).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_lead_returns_with_item_comment_and_inspector_sees_it_beside_item(
    client, case, inspector, lead
):
    complete(case)
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(lead)
    assert client.get(reverse("cases:qa", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("cases:qa", args=[case.pk]), {"general": "", "c_2_2_1": "Say more on the partner."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    comment = QAComment.objects.get(case=case)
    assert comment.item.code == "2.2.1" and comment.author == lead
    client.force_login(inspector)
    html = client.get(reverse("cases:standard", args=[case.pk, "2.2"])).content.decode()
    assert "Say more on the partner." in html
    assert html.index("Say more on the partner.") < html.index('name="a_2_2_1"')
    home = client.get(reverse("home")).content.decode()
    assert "Say more on the partner." in home
    # resubmitting resolves the comment
    assert client.post(reverse("cases:submit", args=[case.pk])).status_code == 302
    assert QAComment.objects.get(case=case).resolved_at is not None


def test_return_needs_a_comment(client, case, lead):
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(lead)
    response = client.post(reverse("cases:qa", args=[case.pk]), {"general": "  "})
    assert response.status_code == 400
    assert "Enter at least one comment" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_inspector_cannot_quality_assure(client, case, inspector):
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(inspector)
    assert client.get(reverse("cases:qa", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:sign_off", args=[case.pk])).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_sign_off_makes_read_only_and_schedules_aggregation(
    client, case, inspector, lead, django_capture_on_commit_callbacks
):
    complete(case)
    case.status = CaseStatus.SUBMITTED
    case.save()
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.post(reverse("cases:sign_off", args=[case.pk])).status_code == 302
    # the aggregation job; once it has run (eagerly here): the roll-up scheduling, which queues
    # a refresh of the region's and of the national roll-up
    assert len(callbacks) == 4
    assert case.inspection.pdu.region.pk in set(
        Rollup.objects.filter(state="done").values_list("region", flat=True)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNED_OFF
    assert case.inspection.snapshots.filter(kind="latest").get().cases_counted == 1
    client.force_login(inspector)
    html = client.get(reverse("cases:standard", args=[case.pk, "2.2"])).content.decode()
    assert 'name="a_2_2_1"' not in html and "signed off and is read-only" in html


def test_sign_off_survives_broker_outage(
    case, lead, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from casework.services.qa import case_sign_off
    from reports import tasks
    from reports.models import Job

    def down(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(tasks.aggregate_inspection, "apply_async", down)
    case.status = CaseStatus.SUBMITTED
    case.save()
    with django_capture_on_commit_callbacks(execute=True):
        case_sign_off(case=case, user=lead)
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNED_OFF
    job = Job.objects.get(inspection=case.inspection, kind=Job.Kind.AGGREGATE)
    assert job.state == Job.State.NOT_QUEUED


def test_reopen_needs_reason_and_records_it(client, case, lead):
    case.status = CaseStatus.SIGNED_OFF
    case.save()
    client.force_login(lead)
    assert client.post(reverse("cases:reopen", args=[case.pk]), {"reason": ""}).status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNED_OFF
    response = client.post(reverse("cases:reopen", args=[case.pk]), {"reason": "Wrong RoSH read"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED
    assert case.history.first().history_change_reason == "Reopened: Wrong RoSH read"
    assert "Wrong RoSH read" in QAComment.objects.get(case=case).text


def test_interview_recorded_and_listed(client, case, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("cases:interview_add", args=[case.pk]),
        {
            "held_on_0": "17",
            "held_on_1": "11",
            "held_on_2": "2026",
            "grade": "trainee",
            "outcome": "held",
            "notes": "Keen to learn",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get(case=case)
    assert (interview.grade, interview.held_on.day, interview.recorded_by) == (
        "trainee",
        17,
        inspector,
    )
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Keen to learn" in html and "Trainee" in html


def test_interview_can_be_corrected_and_the_change_is_kept(client, case, inspector, outsider):
    interview = Interview.objects.create(case=case, grade="trainee", outcome="declined")
    url = reverse("cases:interview_change", args=[case.pk, interview.pk])
    client.force_login(inspector)
    page = client.get(url)
    assert page.status_code == 200 and "Change a practitioner interview" in page.content.decode()
    response = client.post(
        url,
        {
            "held_on_0": "18",
            "held_on_1": "11",
            "held_on_2": "2026",
            "grade": "agency",
            "outcome": "held",
            "notes": "Rearranged",
        },
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.grade, interview.outcome, interview.held_on.day) == ("agency", "held", 18)
    assert interview.history.first().history_user == inspector
    assert interview.history.count() == 2  # created, corrected
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_held_interview_needs_a_date(client, case, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("cases:interview_add", args=[case.pk]), {"grade": "agency", "outcome": "held"}
    )
    assert response.status_code == 400
    assert "Enter the date the interview was held" in response.content.decode()
    assert not Interview.objects.exists()


def test_timeline_shows_who_changed_what(client, case, inspector, lead):
    client.force_login(inspector)
    page = client.get(reverse("cases:standard", args=[case.pk, "2.2"]))
    form = page.context["form"]
    data = {n: form[n].value() or "" for n in form.fields}
    data.update({"a_2_2_1": "no", "e_2_2_1": "First", "action": "save"})
    client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data)
    data.update({"t_2_2_1": answer_token("no", "First"), "e_2_2_1": "Second", "version": "2"})
    client.post(reverse("cases:standard", args=[case.pk, "2.2"]), data)
    entries = case_timeline(case)
    evidence = [e for e in entries if e.field == "Evidence"]
    assert [(e.old, e.new) for e in evidence] == [("First", "Second"), ("(empty)", "First")]
    assert evidence[0].who == (inspector.get_full_name() or inspector.username)
    html = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Item 2.2.1" in html and "Second" in html


def test_timeline_shows_qa_comments_and_their_resolution(client, case, inspector, lead):
    from casework.services.qa import CommentInput, case_return, case_submit

    complete(case)
    case.status = CaseStatus.SUBMITTED
    case.save()
    item = Item.objects.get(framework=case.inspection.framework, code="2.2.3")
    case_return(case=case, user=lead, comments=[CommentInput(item, "Name the sources used")])
    case_submit(case=case, user=inspector)
    entries = case_timeline(case)
    comment = next(e for e in entries if e.what == "QA comment on 2.2.3" and e.field == "Comment")
    assert comment.new == "Name the sources used"
    assert comment.who == (lead.get_full_name() or lead.username)
    assert any(e.what == "QA comment on 2.2.3" and e.field == "Resolved" for e in entries)
    client.force_login(inspector)
    html = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Name the sources used" in html


def test_licence_case_asks_resettlement(case):
    rows = case_form(case).rows_by_standard
    r_rows = [r for rows_ in rows.values() for r in rows_ if r.item.code.startswith("R.")]
    assert r_rows and all(r.applies for r in r_rows)
