"""Set-up pages: status, redirect and the stored rows; query counts of the list pages."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Case, CaseStatus
from inspection.choices import InspectionStatus, TeamRole
from inspection.models import Inspection
from sampling.models import CaseListUpload, CohortRecord, ConflictOfInterest, UploadStatus
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import AdminFactory, CaseFactory, MembershipFactory, UserFactory
from tests.support.forms import date_parts

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"setup:{name}", args=args)


@pytest.fixture
def cohort(inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(200, seed=4)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    return inspection


def test_admin_creates_an_inspection_with_windows_and_team(client, admin_user, framework):
    lead, a, b = (
        UserFactory(username="lee"),
        UserFactory(username="ann"),
        UserFactory(username="bo"),
    )
    client.force_login(admin_user)
    response = client.post(
        url("inspection_new"),
        {
            "region": "new",
            "new_region": "North",
            "pdu_name": "Moorside PDU",
            "framework": framework.pk,
            "lead": lead.pk,
            "inspectors": [a.pk, b.pk],
            **date_parts(
                fieldwork_start="2026-11-30",
                fieldwork_end="2026-12-04",
                window_1_start="2026-04-13",
                window_1_end="2026-04-19",
                window_2_start="2026-05-11",
                window_2_end="2026-05-17",
            ),
        },
    )
    inspection = Inspection.objects.get(pdu__name="Moorside PDU")
    assert response.status_code == 302 and response.url == url("overview", inspection.pk)
    assert inspection.status == InspectionStatus.SETUP and inspection.framework == framework
    assert [(w.start, w.end) for w in inspection.cohort_windows.all()] == [
        (date(2026, 4, 13), date(2026, 4, 19)),
        (date(2026, 5, 11), date(2026, 5, 17)),
    ]
    roles = dict(inspection.team.values_list("user__username", "role"))
    assert roles == {"lee": TeamRole.LEAD, "ann": TeamRole.INSPECTOR, "bo": TeamRole.INSPECTOR}


def test_inspection_form_reports_overlapping_windows_and_missing_dates(
    client, admin_user, framework
):
    client.force_login(admin_user)
    response = client.post(
        url("inspection_new"),
        {
            "region": "new",
            "new_region": "North",
            "pdu_name": "X",
            "framework": framework.pk,
            **date_parts(
                fieldwork_start="2026-11-30",
                fieldwork_end="2026-11-01",
                window_1_start="2026-04-13",
                window_1_end="2026-04-19",
                window_2_start="2026-04-15",
            ),
        },
    )
    assert response.status_code == 200
    assert "The date fieldwork ends must be the same as or after the date it starts" in (
        response.text
    )
    assert "Enter the date cohort window 2 ends" in response.text
    assert not Inspection.objects.filter(pdu__name="X").exists()


def test_lead_uploads_sees_every_bad_row_downloads_safe_csv_then_commits(client, lead, inspection):
    client.force_login(lead)
    rows = case_rows(12)
    rows[3][3] = "=CMD()"
    rows[8][4] = "+SUM(A1)"
    file = SimpleUploadedFile("list.csv", to_csv(rows), content_type="text/csv")
    response = client.post(url("caselist_upload", inspection.pk), {"file": file})
    upload = CaseListUpload.objects.get()
    assert response.url == url("caselist_preview", inspection.pk, upload.pk)
    page = client.get(response.url)
    assert page.status_code == 200 and "2 problems" in page.text
    assert "Commit" not in page.text
    download = client.get(url("caselist_errors", inspection.pk, upload.pk))
    assert download["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(download.content.decode())))
    assert [r[:2] for r in table] == [["row", "column"], ["5", "rosh"], ["10", "gender"]]
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in table for cell in r)
    assert client.post(url("caselist_commit", inspection.pk, upload.pk)).status_code == 302
    assert not CohortRecord.objects.exists()

    good = SimpleUploadedFile("fixed.csv", to_csv(case_rows(12)), content_type="text/csv")
    fixed = client.post(url("caselist_upload", inspection.pk), {"file": good})
    upload = CaseListUpload.objects.get(status=UploadStatus.STAGED)
    assert "Commit 12 cases" in client.get(fixed.url).text
    response = client.post(url("caselist_commit", inspection.pk, upload.pk))
    assert response.url == url("overview", inspection.pk)
    assert CohortRecord.objects.filter(inspection=inspection).count() == 12


def test_sample_size_calculator_shows_the_corrected_size(client, lead, cohort):
    client.force_login(lead)
    response = client.get(
        url("sample_size", cohort.pk), {"population": 200, "confidence": "0.8", "margin": 10}
    )
    assert response.context["size"] == 35
    assert "35 cases" in response.text
    assert client.get(url("sample_size", cohort.pk)).context["form"]["population"].value() == 200


def test_draw_page_stores_seed_and_shows_profile_and_reserves(client, lead, cohort):
    client.force_login(lead)
    response = client.post(
        url("draw", cohort.pk),
        {
            "size": 30,
            "seed": 2024,
            "strata": ["case_type", "gender"],
            "minimums": "gender=female:12",
            "reserves": 5,
        },
    )
    assert response.url == url("sample", cohort.pk)
    draw = cohort.sample_draws.get()
    assert (draw.seed, draw.size, draw.strata) == (2024, 30, ["case_type", "gender"])
    assert Case.objects.filter(inspection=cohort, gender="female").count() >= 12
    page = client.get(url("sample", cohort.pk))
    assert "2024" in page.text and len(page.context["profile"]) == len(draw.allocation)
    assert page.context["reserves"]


def test_draw_form_refuses_a_minimum_on_an_attribute_not_stratified(client, lead, cohort):
    client.force_login(lead)
    response = client.post(
        url("draw", cohort.pk),
        {
            "size": 10,
            "seed": 1,
            "strata": ["case_type"],
            "minimums": "gender=female:3",
            "reserves": 5,
        },
    )
    assert response.status_code == 200 and "stratify by it" in response.text
    assert not Case.objects.exists()


def test_replace_page_records_reason(client, lead, cohort):
    sample_draw(inspection=cohort, size=10, seed=8, strata=["gender"])
    case = Case.objects.filter(inspection=cohort).first()
    client.force_login(lead)
    response = client.post(url("replace", cohort.pk, case.pk), {"reason": "Died in custody"})
    assert response.url == url("sample", cohort.pk)
    page = client.get(url("sample", cohort.pk))
    assert "Died in custody" in page.text
    assert Case.objects.filter(inspection=cohort).count() == 10


def test_bulk_assignment_and_auto_split(client, lead, cohort):
    a = MembershipFactory(inspection=cohort, user=UserFactory(username="aa")).user
    b = MembershipFactory(inspection=cohort, user=UserFactory(username="bb")).user
    sample_draw(inspection=cohort, size=9, seed=8)
    cases = list(Case.objects.filter(inspection=cohort).order_by("ref"))
    client.force_login(lead)
    client.post(
        url("conflicts", cohort.pk), {"user": a.pk, "ref": cases[5].ref, "note": "Neighbour"}
    )
    assert ConflictOfInterest.objects.filter(user=a, ref=cases[5].ref).exists()
    response = client.post(
        url("assignment", cohort.pk), {"cases": [cases[0].pk, cases[1].pk], "assignee": a.pk}
    )
    assert response.status_code == 302
    assert Case.objects.filter(assigned_to=a).count() == 2
    refused = client.post(url("assignment", cohort.pk), {"cases": [cases[5].pk], "assignee": a.pk})
    assert refused.status_code == 200 and "conflict of interest" in refused.text
    client.post(url("auto_assign", cohort.pk))
    assert Case.objects.filter(assigned_to__isnull=True).count() == 0
    assert sorted([Case.objects.filter(assigned_to=u).count() for u in (a, b)]) == [4, 5]
    assert Case.objects.get(pk=cases[5].pk).assigned_to == b


def test_assignment_page_shows_earlier_assignees_in_a_fixed_number_of_queries(
    client, lead, cohort, django_assert_max_num_queries
):
    a = MembershipFactory(
        inspection=cohort, user=UserFactory(first_name="Ada", last_name="One")
    ).user
    b = MembershipFactory(
        inspection=cohort, user=UserFactory(first_name="Bea", last_name="Two")
    ).user
    sample_draw(inspection=cohort, size=20, seed=8)
    client.force_login(lead)
    case = Case.objects.filter(inspection=cohort).first()
    client.post(url("assignment", cohort.pk), {"cases": [case.pk], "assignee": a.pk})
    client.post(url("assignment", cohort.pk), {"cases": [case.pk], "assignee": b.pk})
    with django_assert_max_num_queries(12):
        response = client.get(url("assignment", cohort.pk))
    row = next(r for r in response.context["rows"] if r.case.pk == case.pk)
    assert row.previous == ["Ada One"]


def test_progress_board_counts_by_inspector_and_status(
    client, lead, inspection, django_assert_max_num_queries
):
    a = MembershipFactory(
        inspection=inspection, user=UserFactory(username="aa", first_name="", last_name="")
    ).user
    for status in (
        CaseStatus.DRAFT,
        CaseStatus.SUBMITTED,
        CaseStatus.SUBMITTED,
        CaseStatus.RETURNED,
    ):
        CaseFactory(inspection=inspection, assigned_to=a, status=status)
    CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        response = client.get(url("progress", inspection.pk))
    board = response.context["board"]
    rows = {r["name"]: r["counts"] for r in board.inspectors}
    assert rows == {"aa": [1, 2, 1, 0], "Unassigned": [0, 0, 0, 1]}
    assert len(board.qa_backlog) == 2 and len(board.returned) == 1


def test_inspectors_and_other_leads_get_404(client, inspector, inspection):
    other_lead = MembershipFactory(role="lead").user
    for user in (inspector, other_lead):
        client.force_login(user)
        for name in ("overview", "caselist_upload", "draw", "assignment", "progress"):
            assert client.get(url(name, inspection.pk)).status_code == 404
    client.force_login(inspector)
    assert client.get(url("index")).status_code == 404
    assert client.post(url("auto_assign", inspection.pk)).status_code == 404


def test_admin_manages_users_but_cannot_lock_out_the_last_admin(client, admin_user, lead):
    client.force_login(admin_user)
    response = client.post(
        url("user_new"),
        {
            "username": "newbie",
            "first_name": "New",
            "last_name": "Bie",
            "password": "a-good-long-password",
        },
    )
    assert response.url == url("users")
    newbie = UserFactory._meta.model.objects.get(username="newbie")
    assert newbie.is_active and not newbie.is_staff and not newbie.account.is_admin
    client.post(url("user_active", newbie.pk), {"active": "0"})
    newbie.refresh_from_db()
    assert not newbie.is_active
    client.post(url("user_active", admin_user.pk), {"active": "0"})
    client.post(url("user_admin", admin_user.pk), {"admin": "0"})
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.account.is_admin
    page = client.get(url("users"), follow=True)
    assert page.status_code == 200
    client.force_login(lead)
    assert client.get(url("users")).status_code == 404
    assert client.get(url("inspection_new")).status_code == 404


def test_team_page_adds_and_removes_members(client, admin_user, inspection):
    person = UserFactory(username="newlead")
    MembershipFactory(inspection=inspection, role="lead")  # the lead who stays
    client.force_login(admin_user)
    client.post(url("team", inspection.pk), {"user": person.pk, "role": "lead"})
    membership = inspection.team.get(user=person)
    assert membership.role == "lead"
    client.post(url("team_remove", inspection.pk, membership.pk))
    assert not inspection.team.filter(user=person).exists()


def test_the_last_lead_inspector_cannot_be_removed_or_demoted(client, admin_user, inspection):
    """Without a lead nobody could quality-assure or publish the inspection."""
    only = MembershipFactory(inspection=inspection, role="lead")
    client.force_login(admin_user)
    page = client.post(url("team_remove", inspection.pk, only.pk), follow=True)
    assert "is the only lead inspector: make someone else the lead first" in page.text
    assert inspection.team.filter(pk=only.pk, role="lead").exists()
    page = client.post(url("team", inspection.pk), {"user": only.user.pk, "role": "inspector"})
    assert "is the only lead inspector" in page.text
    assert inspection.team.filter(pk=only.pk, role="lead").exists()
    other = UserFactory(username="second-lead")
    client.post(url("team", inspection.pk), {"user": other.pk, "role": "lead"})
    client.post(url("team_remove", inspection.pk, only.pk))
    assert list(inspection.team.values_list("user__username", "role")) == [("second-lead", "lead")]


def test_creating_an_inspection_needs_a_lead_and_a_deliberate_new_region(
    client, admin_user, framework
):
    from inspection.models import Region

    Region.objects.create(name="North")
    client.force_login(admin_user)
    base = {
        "pdu_name": "Moorside PDU",
        "framework": framework.pk,
        **date_parts(
            fieldwork_start="2026-11-30",
            fieldwork_end="2026-12-04",
            window_1_start="2026-04-13",
            window_1_end="2026-04-19",
        ),
    }
    page = client.post(url("inspection_new"), {**base, "region": "new", "new_region": "north "})
    assert "Select the lead inspector" in page.text
    assert "There is already a region called North: select it above" in page.text
    assert 'href="#id_lead"' in page.text and 'href="#id_new_region"' in page.text
    lead = UserFactory(username="lee")
    north = Region.objects.get(name="North")
    done = client.post(url("inspection_new"), {**base, "region": north.pk, "lead": lead.pk})
    assert done.status_code == 302
    assert list(Region.objects.values_list("name", flat=True)) == ["North"]
    made = Inspection.objects.get(pdu__name="Moorside PDU")
    assert made.pdu.region == north and made.team.get().role == "lead"
    AdminFactory()
