"""The second-reading pages through the test client: choosing cases, the reader's form and
autosave, the lead's comparison and settling, the agreement page — statuses, redirects, stored
rows and pinned query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import Answer, answer_token
from readings.models import Reading, ReadingAnswer, Settlement
from tests.casework.test_casework_queries import TEN  # ten items of standard 2.2
from tests.support.factories import CaseFactory, MembershipFactory
from tests.support.readings_data import double_read, items_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(inspection):
    return MembershipFactory(inspection=inspection, role="inspector", user__username="reader2").user


def test_a_lead_chooses_cases_and_they_reach_the_readers_home(
    client, inspection, inspector, reader, lead
):
    for i in range(10):
        CaseFactory(inspection=inspection, assigned_to=inspector, ref=f"P-{i}")
    client.force_login(lead)
    url = f"/setup/{inspection.pk}/second-readings/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"how": "share", "share": "", "seed": "4"})
    assert bad.status_code == 400 and "Enter the percentage of cases" in bad.content.decode()
    assert not Reading.objects.exists()
    response = client.post(url, {"how": "share", "share": "20", "seed": "4"})
    assert response.status_code == 302
    assert Reading.objects.filter(reader=reader).count() == 2  # 20% of 10, all to the one reader
    client.force_login(reader)
    home = client.get("/").content.decode()
    assert "Second readings assigned to you" in home
    for reading in Reading.objects.all():
        assert f"/cases/readings/{reading.pk}/" in home


def test_the_reader_answers_blind_with_autosave_and_submits(client, inspection, inspector, reader):
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={},
        first_reader=inspector,
        second_reader=reader,
        second_status="draft",
    )
    client.force_login(reader)
    page = client.get(f"/cases/readings/{reading.pk}/standards/2.2/").content.decode()
    assert "first 2.2.1" not in page and 'value="yes" checked' not in page
    assert "data-cb-autosave" in page
    response = client.post(
        f"/cases/readings/{reading.pk}/standards/2.2/",
        {
            "version": "1",
            "partial": "1",
            "a_2_2_1": "no",
            "e_2_2_1": "Risk not analysed.",
            "t_2_2_1": answer_token("", ""),  # the lean autosave: the item's starting token
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Saved at" in response.content.decode()
    assert ReadingAnswer.objects.get().value == "no"
    assert Answer.objects.get().value == "yes"  # the first reading is untouched
    refused = client.post(f"/cases/readings/{reading.pk}/submit/")
    assert refused.status_code == 400 and "cannot be submitted yet" in refused.content.decode()


def test_the_first_reader_and_colleagues_get_404_on_the_second_reading(
    client, inspection, inspector, reader
):
    reading = double_read(
        inspection,
        first={"2.2.1": "yes"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
    )
    colleague = MembershipFactory(inspection=inspection, role="inspector").user
    for user in (inspector, colleague):
        client.force_login(user)
        for path in ("", "standards/2.2/", "compare/", "settle/2.2.1/"):
            assert client.get(f"/cases/readings/{reading.pk}/{path}").status_code == 404
    client.force_login(reader)
    for path in ("", "standards/2.2/", "history/", "quality-assurance/", "interviews/add/"):
        assert client.get(f"/cases/{reading.case.pk}/{path}").status_code == 404
    assert client.get(f"/api/cases/{reading.case.pk}/").status_code == 404
    assert client.get(f"/api/inspections/{inspection.pk}/bundle/").status_code == 404
    listing = client.get(f"/api/cases/?inspection={inspection.pk}").json()
    assert listing["count"] == 0


def test_the_results_drill_down_leaves_out_the_second_readers_case(
    client, inspection, inspector, reader
):
    reading = double_read(
        inspection,
        first={"2.2.1": "no"},
        second={"2.2.1": "no"},
        first_reader=inspector,
        second_reader=reader,
        ref="BLIND-1",
    )
    other = double_read(
        inspection, first={"2.2.1": "no"}, second={}, first_reader=inspector, ref="SEEN-1"
    )
    client.force_login(reader)
    page = client.get(f"/reports/{inspection.pk}/figures/2.2.1/?value=no").content.decode()
    assert other.case.ref in page and reading.case.ref not in page and "first 2.2.1" in page


def test_a_lead_compares_and_settles(client, inspection, inspector, reader, lead):
    reading = double_read(
        inspection,
        first={"2.2.1": "yes", "2.2.2": "yes"},
        second={"2.2.1": "no", "2.2.2": "yes"},
        first_reader=inspector,
        second_reader=reader,
    )
    client.force_login(lead)
    page = client.get(f"/cases/readings/{reading.pk}/compare/").content.decode()
    assert "first 2.2.1" in page and "second 2.2.1" in page and "Disagree" in page
    assert f"/cases/readings/{reading.pk}/settle/2.2.1/" in page
    assert client.get(f"/cases/readings/{reading.pk}/settle/2.2.2/").status_code == 404  # agreed
    settle = f"/cases/readings/{reading.pk}/settle/2.2.1/"
    missing = client.post(settle, {"outcome": "new"})
    assert missing.status_code == 400
    assert "Select the new answer" in missing.content.decode()
    assert "Enter the reason for the new answer" in missing.content.decode()
    no_reason = client.post(settle, {"outcome": "second"})
    assert no_reason.status_code == 400 and "Give the reason" in no_reason.content.decode()
    done = client.post(settle, {"outcome": "second", "reason": "The plan ignores the risk."})
    assert done.status_code == 302 and done.url == f"/cases/readings/{reading.pk}/compare/"
    assert Settlement.objects.get().settled_by == lead
    item = items_by_code(inspection)["2.2.1"]
    assert Answer.objects.get(case=reading.case, item=item).value == "no"
    history = client.get(f"/cases/{reading.case.pk}/history/").content.decode()
    assert "The plan ignores the risk." in history
    # the second reader may see their reading but not compare or settle
    client.force_login(reader)
    assert client.get(f"/cases/readings/{reading.pk}/").status_code == 200
    assert client.post(settle, {"outcome": "first"}).status_code == 403


def test_the_agreement_page_lists_low_agreement_items_first(
    client, inspection, inspector, reader, lead
):
    kw = {"first_reader": inspector, "second_reader": reader}
    double_read(
        inspection,
        first={"2.2.1": "yes", "2.2.2": "yes"},
        second={"2.2.1": "yes", "2.2.2": "no"},
        **kw,
    )
    double_read(
        inspection,
        first={"2.2.1": "no", "2.2.2": "no"},
        second={"2.2.1": "no", "2.2.2": "yes"},
        **kw,
    )
    client.force_login(lead)
    page = client.get(f"/setup/{inspection.pk}/agreement/").content.decode()
    assert page.index("<strong>2.2.2</strong>") < page.index("<strong>2.2.1</strong>")
    assert "-1.00" in page and "1.00" in page


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# Every page starts with the user with their account (1): the session comes from the cache.
EXPECTED_QUERIES = {
    # inspection to manage (1), readings with case, first reader, reader, draw (1), first answers
    # (1), settled first values (1), second answers (1), settlements per reading (1), candidate
    # readers (1), earlier draws (1), the framework's declared attributes for the strata choices
    # (1: each test starts with the process's copies forgotten; a server reads them once)
    "second readings": 1 + 9,
    # inspection to manage (1), framework items with standards (1), readings (1), first answers
    # (1), settled first values (1), second answers (1)
    "agreement": 1 + 6,
    # reading in scope with case, inspection, PDU, framework, reader (1), is_lead (1), items (1),
    # the case's answers (1), the reading's answers (1), settlements with who settled (1)
    "compare": 1 + 6,
    # my cases (1), my second readings (1), my practice readings (1), practice cases (1),
    # manages any inspection (1), QA queue (1), inspections I can see (1)
    "home": 1 + 7,
    # reading in scope (1), is_lead (1), the reading's answers (1), items (1)
    "reading": 1 + 4,
}


@pytest.mark.parametrize("n", [2, 8])
def test_pages_read_a_fixed_number_of_queries(client, inspection, inspector, reader, lead, n):
    """Pinned counts (see EXPECTED_QUERIES), the same for 2 and for 8 double-read cases."""
    kw = {"first_reader": inspector, "second_reader": reader}
    readings = [
        double_read(
            inspection,
            first={"2.2.1": "yes", "2.2.2": "no"},
            second={"2.2.1": "no", "2.2.2": "no"},
            **kw,
        )
        for _ in range(n)
    ]
    client.force_login(lead)
    counts = {
        "second readings": _count(client, f"/setup/{inspection.pk}/second-readings/"),
        "agreement": _count(client, f"/setup/{inspection.pk}/agreement/"),
        "compare": _count(client, f"/cases/readings/{readings[0].pk}/compare/"),
    }
    client.force_login(reader)
    counts["home"] = _count(client, "/")
    counts["reading"] = _count(client, f"/cases/readings/{readings[0].pk}/standards/2.2/")
    assert counts == EXPECTED_QUERIES


def test_a_readings_autosave_costs_the_same_queries_for_one_or_ten_answers(
    client, inspection, inspector, reader
):
    """A reading saves through the one answer sheet, as a case does: new answers in one INSERT
    and their history rows in one more, whatever their number."""
    empty = answer_token("", "")
    counts = {}
    for n in (1, 10):
        reading = double_read(
            inspection,
            first={},
            second={},
            first_reader=inspector,
            second_reader=reader,
            second_status="draft",
        )
        client.force_login(reader)
        data = {"version": str(reading.version), "partial": "1"}
        for slug in TEN[:n]:
            data |= {f"a_{slug}": "no", f"e_{slug}": f"Evidence {slug}", f"t_{slug}": empty}
        url = f"/cases/readings/{reading.pk}/standards/2.2/"
        client.post(url, {"version": "1", "partial": "1"}, HTTP_HX_REQUEST="true")  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.content
        counts[n] = len(ctx.captured_queries)
        assert ReadingAnswer.objects.filter(reading=reading, value="no").count() == n
        history = ReadingAnswer.history.filter(reading_id=reading.pk, history_user=reader)
        assert history.count() == n
        reading.refresh_from_db()
        assert reading.version == 2  # one save that wrote: one step of the token
    assert counts[1] == counts[10]
