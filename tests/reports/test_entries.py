"""Domain one, moderation, recommendations and background facts; freeze and diff."""

import pytest
from django.urls import reverse

from casework.models import Answer
from inspection.models import StandardRating
from reports.models import BackgroundFacts, Recommendation, ResultsSnapshot
from reports.services.entries import recommendation_add
from reports.services.results import results_build, snapshot_refresh
from reports.services.snapshots import snapshot_compare_live, snapshot_freeze

pytestmark = pytest.mark.django_db


def test_lead_records_domain_one_with_lists_and_notes(client, calibrated):
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:standard", args=[calibrated.pk, "1.1"])
    response = client.post(
        url,
        {
            "rating": "requires_improvement",
            "strengths": "Delivery plan aligned to the region\n\n- Strong partnerships",
            "areas_for_improvement": "Priorities unclear to staff",
            "evidence_notes": "Meetings with senior leaders, 29 Nov",
        },
    )
    assert response.status_code == 302
    row = StandardRating.objects.get(inspection=calibrated, standard__code="1.1")
    assert row.judgement == "requires_improvement"
    assert row.strengths == ["Delivery plan aligned to the region", "Strong partnerships"]
    assert row.areas_for_improvement == ["Priorities unclear to staff"]
    assert results_build(inspection=calibrated)["overall"]["score"] == 3


def test_inspector_may_not_record_domain_one(client, calibrated):
    client.force_login(calibrated.h5_inspector)
    url = reverse("reports:standard", args=[calibrated.pk, "1.1"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"rating": "good"}).status_code == 403
    assert (
        StandardRating.objects.get(inspection=calibrated, standard__code="1.1").judgement
        == "inadequate"
    )


def test_moderation_needs_a_reason(client, calibrated):
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:moderate", args=[calibrated.pk, "2.2"])
    response = client.post(url, {"final_rating": "requires_improvement", "reason": "  "})
    assert response.status_code == 200
    assert "Enter the reason for moderating this rating" in response.content.decode()
    assert not StandardRating.objects.filter(inspection=calibrated, standard__code="2.2").exists()


def test_moderation_and_recommendation_errors_show_the_error_summary(client, calibrated):
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:moderate", args=[calibrated.pk, "2.2"])
    page = client.post(url, {"final_rating": "good", "reason": "x" * 5001}).text
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_reason">The reason must be 5,000 characters or fewer' in page
    url = reverse("reports:recommendations", args=[calibrated.pk])
    page = client.post(url, {}).text
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_actor_1">Select who must act on the recommendation</a>' in page
    assert '<a href="#id_text">Enter the recommendation</a>' in page


def test_who_must_act_is_a_question_heading_with_no_blank_radio(client, calibrated):
    client.force_login(calibrated.h5_lead)
    page = client.get(reverse("reports:recommendations", args=[calibrated.pk])).text
    assert "Select an option" not in page and 'value=""' not in page.split("id_actor")[1][:400]
    assert '<h2 class="govuk-fieldset__heading">' in page
    assert "Who must act on the new recommendation?" in page


def test_moderated_rating_and_reason_show_on_the_dashboard(client, calibrated):
    client.force_login(calibrated.h5_lead)
    url = reverse("reports:moderate", args=[calibrated.pk, "2.2"])
    client.post(
        url, {"final_rating": "requires_improvement", "reason": "QA found six misjudged cases"}
    )
    snapshot_refresh(inspection=calibrated)
    page = client.get(reverse("reports:dashboard", args=[calibrated.pk])).content.decode()
    assert "Moderated: QA found six misjudged cases" in page
    doc = results_build(inspection=calibrated)
    assessment = next(s for s in doc["standards"] if s["code"] == "2.2")
    assert (assessment["computed_rating"], assessment["rating"]) == (
        "inadequate",
        "requires_improvement",
    )


def test_recommendations_are_numbered_by_who_must_act(client, calibrated):
    recommendation_add(inspection=calibrated, actor="hmpps", text="Recruit and retain staff")
    recommendation_add(inspection=calibrated, actor="pdu", text="Improve risk assessment")
    client.force_login(calibrated.h5_lead)
    client.post(
        reverse("reports:recommendations", args=[calibrated.pk]),
        {"actor": "region", "text": "Communicate priorities"},
    )
    rows = list(Recommendation.objects.filter(inspection=calibrated).values_list("number", "actor"))
    assert rows == [(1, "pdu"), (2, "region"), (3, "hmpps")]
    first = Recommendation.objects.get(inspection=calibrated, number=1)
    client.post(reverse("reports:recommendation_remove", args=[calibrated.pk, first.pk]))
    rows = list(Recommendation.objects.filter(inspection=calibrated).values_list("number", "actor"))
    assert rows == [(1, "region"), (2, "hmpps")]


def test_background_facts_are_saved_and_user_voice_lines_parsed(client, calibrated):
    client.force_login(calibrated.h5_lead)
    response = client.post(
        reverse("reports:background", args=[calibrated.pk]),
        {
            "caseload": "2380",
            "region_caseload": "15372",
            "po_vacancy_percent": "19",
            "court_vacancy_percent": "43",
            "workload_percent": "131",
            "sickness_days": "13.8",
            "region_sickness_days": "12.9",
            "user_voice_contacts": "70",
            "user_voice_figures": "97, felt safe accessing probation services\n46%, felt their views were considered",
        },
    )
    assert response.status_code == 302
    facts = BackgroundFacts.objects.get(inspection=calibrated)
    assert facts.caseload == 2380 and str(facts.sickness_days) == "13.8"
    assert facts.user_voice_figures[1] == {
        "percent": 46.0,
        "label": "felt their views were considered",
    }
    bad = client.post(
        reverse("reports:background", args=[calibrated.pk]), {"user_voice_figures": "lots"}
    )
    assert "Line 1" in bad.content.decode()


def test_frozen_results_never_change_and_the_diff_shows_what_did(client, calibrated):
    frozen = snapshot_freeze(
        inspection=calibrated, user=calibrated.h5_lead, label="For publication"
    )
    assert frozen.framework_version == 1 and frozen.document["cases_counted"] == 102
    assert snapshot_compare_live(snapshot=frozen) == []
    answer = Answer.objects.filter(
        case__inspection=calibrated, item__code="2.2.3", value="no"
    ).first()
    answer.value = "yes"
    answer.save()
    snapshot_refresh(inspection=calibrated)
    frozen.refresh_from_db()
    assert (
        next(
            k
            for s in frozen.document["standards"]
            if s["code"] == "2.2"
            for k in s["key_questions"]
            if k["code"] == "2.2.3"
        )["yes"]
        == 32
    )
    changes = {c["what"]: (c["before"], c["after"]) for c in snapshot_compare_live(snapshot=frozen)}
    assert changes["2.2.3: yes"] == (32, 33)
    client.force_login(calibrated.h5_inspector)
    page = client.get(reverse("reports:diff", args=[calibrated.pk, frozen.pk])).content.decode()
    assert "2.2.3: yes" in page


def test_freeze_through_the_page(client, calibrated):
    client.force_login(calibrated.h5_lead)
    client.post(reverse("reports:freeze", args=[calibrated.pk]), {"label": "Draft for QA"})
    frozen = ResultsSnapshot.objects.get(inspection=calibrated, kind="frozen")
    assert frozen.label == "Draft for QA" and frozen.frozen_by == calibrated.h5_lead
