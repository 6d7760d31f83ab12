"""The national overview: every inspection on a framework version with the ratings of its latest
stored results, the distribution of those ratings, filters by region, year and rating; for admins
and leads; figures link to dashboards only where the user may open them; stored documents only,
in a fixed number of queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer
from inspection.framework_file import framework_parse
from inspection.models import Inspection, Standard
from inspection.services.frameworks import framework_load
from portal import overview
from reports.rendering.overview import fieldwork_label
from reports.services.entries import domain_one_record
from reports.services.results import snapshot_refresh
from tests.inspection.test_second_framework import FRAMEWORK
from tests.support.factories import AdminFactory, InspectionFactory, MembershipFactory, PduFactory
from tests.support.overview_data import pdu_inspection, rollups_refresh

pytestmark = pytest.mark.django_db
URL = reverse("national")


def _rated(inspection: Inspection, code: str, rating: str) -> None:
    """Set a judgement-rated standard's rating and store the results again."""
    standard = Standard.objects.get(framework=inspection.framework, code=code)
    domain_one_record(
        inspection=inspection,
        standard=standard,
        user=None,
        rating=rating,
        strengths=[],
        areas_for_improvement=[],
    )
    snapshot_refresh(inspection=inspection)


@pytest.fixture
def country(framework):
    """Three PDUs: two in North (fieldwork 2026 and 2025), one in South (2026); 1.1 rated
    inadequate, good, good."""
    a = pdu_inspection(pdu="Alpha PDU", region="North", year=2026, seed=1)
    b = pdu_inspection(pdu="Beta PDU", region="North", year=2025, seed=2)
    c = pdu_inspection(pdu="Gamma PDU", region="South", year=2026, seed=3)
    for inspection, rating in ((a, "inadequate"), (b, "good"), (c, "good")):
        _rated(inspection, "1.1", rating)
    rollups_refresh(a, b, c)
    return a, b, c


@pytest.fixture
def lead_of_alpha(client, country):
    client.force_login(MembershipFactory(inspection=country[0], role="lead").user)
    return client


def _rows(page: str) -> list[str]:
    """The PDU names of the inspections table, in order."""
    table = re.search(r'id="overview-table">(.*?)</table>', page, re.S)
    if table is None:
        return []
    cells = re.findall(
        r'data-inspection="\d+">\s*<th scope="row"[^>]*>(?:<a[^>]*>)?([^<]+)', table.group(1)
    )
    return [c.strip() for c in cells]


def _distribution(page: str, key: str) -> list[int]:
    """The counts of one row of the distribution table (ratings in column order, then total)."""
    row = re.search(rf'data-key="{re.escape(key)}">(.*?)</tr>', page, re.S).group(1)
    return [int(n) for n in re.findall(r'numeric">(?:<a [^>]*>)?(\d+)', row)]


def test_a_lead_sees_every_inspection_with_its_stored_ratings(lead_of_alpha, country):
    response = lead_of_alpha.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert _rows(page) == ["Alpha PDU", "Beta PDU", "Gamma PDU"]  # by region, then PDU
    for inspection in country:
        doc = inspection.snapshots.get(kind="latest").document
        row = re.search(rf'data-inspection="{inspection.pk}">(.*?)</tr>', page, re.S).group(1)
        overall = doc["overall"]
        assert f"{overall['score']}/27" in row
        assert fieldwork_label(inspection) in row
    # 1.1: Inadequate 1, Requires improvement 0, Good 2, Outstanding 0, not yet rated 0; total 3
    assert _distribution(page, "1.1") == [1, 0, 2, 0, 0, 3]
    assert _distribution(page, "overall")[-1] == 3


def test_figures_link_to_dashboards_only_where_the_user_is_on_the_team(lead_of_alpha, country):
    a, b, c = country
    page = lead_of_alpha.get(URL).content.decode()
    alpha = reverse("reports:dashboard", args=[a.pk])
    assert f'href="{alpha}#rating-2.2"' in page and f'href="{alpha}#ratings"' in page
    for other in (b, c):
        assert reverse("reports:dashboard", args=[other.pk]) not in page
    lead_of_alpha.force_login(AdminFactory(username="overview-admin"))
    page = lead_of_alpha.get(URL).content.decode()
    assert all(reverse("reports:dashboard", args=[i.pk]) in page for i in country)


def test_only_admins_and_leads_may_open_it(client, country):
    client.force_login(MembershipFactory(inspection=country[0], role="inspector").user)
    assert client.get(URL).status_code == 404
    client.force_login(MembershipFactory(inspection=country[2], role="lead").user)
    assert client.get(URL).status_code == 200


def test_filters_by_region_and_year(lead_of_alpha, country):
    a = country[0]
    north = f"{URL}?framework={a.framework_id}&region={a.pdu.region_id}"
    page = lead_of_alpha.get(north).content.decode()
    assert _rows(page) == ["Alpha PDU", "Beta PDU"]
    assert _distribution(page, "1.1") == [1, 0, 1, 0, 0, 2]
    assert "North region: summed counts" in page  # the region's stored roll-up
    page = lead_of_alpha.get(f"{north}&year=2025").content.decode()
    assert _rows(page) == ["Beta PDU"]
    page = lead_of_alpha.get(f"{URL}?year=2026").content.decode()  # the default version
    assert _rows(page) == ["Alpha PDU", "Gamma PDU"]


def test_a_distribution_count_lists_its_inspections(lead_of_alpha, country):
    page = lead_of_alpha.get(URL).content.decode()
    link = re.search(r'href="\?([^"]*standard=1.1&amp;rating=good)#inspections"', page).group(1)
    page = lead_of_alpha.get(f"{URL}?{link.replace('&amp;', '&')}").content.decode()
    assert _rows(page) == ["Beta PDU", "Gamma PDU"]
    assert "Showing the 2 inspections rated Good for 1.1 Leadership" in page
    assert _distribution(page, "1.1") == [1, 0, 2, 0, 0, 3]  # counts stay those of the scope


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=north", "Region: Choose the region from the options shown"),
        ("year=1999", "Choose the year fieldwork started from the options shown"),
        ("framework=999999", "Choose the framework version from the options shown"),
        ("standard=9.9&rating=good", "There is no rated standard &#x27;9.9&#x27; to filter by"),
        ("standard=1.1", "A rating filter needs both a standard and a rating"),
        ("standard=1.1&rating=%3Cb%3E", "A rating is written in lower case letters"),
    ],
)
def test_bad_filters_get_a_clear_error_not_a_crash(lead_of_alpha, query, message):
    response = lead_of_alpha.get(f"{URL}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with the filters" in page and message in page
    assert 'id="overview-table"' not in page


def test_past_the_limit_it_asks_for_a_filter_before_reading_results(
    lead_of_alpha, country, monkeypatch
):
    monkeypatch.setattr(overview, "OVERVIEW_LIMIT", 2)
    with CaptureQueriesContext(connection) as queries:
        page = lead_of_alpha.get(URL).content.decode()
    assert "3 inspections match these filters: the overview shows at most 2" in page
    assert not [q for q in queries.captured_queries if "reports_resultssnapshot" in q["sql"]]
    page = lead_of_alpha.get(f"{URL}?region={country[0].pdu.region_id}").content.decode()
    assert _rows(page) == ["Alpha PDU", "Beta PDU"]


def test_the_newest_framework_version_in_use_is_the_default_and_its_own_ratings_are_used(
    client, country
):
    other = framework_load(doc=framework_parse(FRAMEWORK))  # strong / adequate / weak
    newer = InspectionFactory(
        framework=other,
        pdu=PduFactory(name="Delta PDU"),
        fieldwork_start=date(2027, 1, 11),
        fieldwork_end=date(2027, 1, 15),
    )
    _rated(newer, "A1", "strong")
    client.force_login(AdminFactory(username="overview-admin"))
    page = client.get(URL).content.decode()
    assert _rows(page) == ["Delta PDU"]
    heads = re.search(r'id="distribution-table">.*?</thead>', page, re.S).group(0)
    assert re.findall(r"numeric\">([^<]+)</th>", heads) == [
        "Weak",
        "Adequate",
        "Strong",
        "Not yet rated",
        "Total",
    ]
    assert _distribution(page, "A1") == [0, 0, 1, 0, 1]
    assert "rp-dist__seg--other" in page  # a framework's own ratings share one colour
    page = client.get(f"{URL}?framework={country[0].framework_id}").content.decode()
    assert _rows(page) == ["Alpha PDU", "Beta PDU", "Gamma PDU"]


def test_an_inspection_without_results_is_listed_as_not_computed(client, country):
    waiting = InspectionFactory(pdu=PduFactory(region=country[0].pdu.region, name="Waiting PDU"))
    client.force_login(AdminFactory(username="overview-admin"))
    page = client.get(URL).content.decode()
    row = re.search(rf'data-inspection="{waiting.pk}">(.*?)</tr>', page, re.S).group(1)
    # its dashboard is linked (it says no results are computed); there are no figures to follow
    dashboard = reverse("reports:dashboard", args=[waiting.pk])
    assert "No results computed yet" in row and f'href="{dashboard}"' in row
    assert (
        f"{dashboard}#" not in row and row.count('<td class="govuk-table__cell">–</td>') == 10
    )  # overall, 9 standards
    assert _distribution(page, "1.1") == [1, 0, 2, 0, 1, 4]  # counted as not yet rated


# The national overview for a lead (sessions come from the cache):
#  1. the user and their account
#  2. whether they lead any inspection (admins and leads only)
#  3. the framework versions with inspections, newest fieldwork first
#  4. the chosen version's inspections with PDU and region (filters applied in memory)
#  5. its rated standards (column heads)
#  6. the latest stored results of the filtered inspections
#  7. the inspections of the version the user may open (their figures are links)
#  8. the stored roll-up of the scope (the country, or the region filtered to)
OVERVIEW_QUERIES = 8


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [
        q for q in queries.captured_queries if re.search(r"\bcases_(case|answer)\b", q["sql"])
    ]
    return len(queries.captured_queries)


def test_reads_stored_documents_in_the_same_queries_for_few_and_many(lead_of_alpha, country):
    assert _count(lead_of_alpha, URL) == OVERVIEW_QUERIES
    more = [
        pdu_inspection(pdu=f"More {n} PDU", region=f"Region {n % 3}", seed=10 + n, cases=6)
        for n in range(6)
    ]
    rollups_refresh(*more)
    assert len(_rows(lead_of_alpha.get(URL).content.decode())) == 9
    assert _count(lead_of_alpha, URL) == OVERVIEW_QUERIES
    Answer.objects.all().delete()  # stored results are read, never recounted
    assert len(_rows(lead_of_alpha.get(URL).content.decode())) == 9


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2026, 11, 16), date(2026, 11, 20), "16–20 Nov 2026"),
        (date(2022, 11, 28), date(2022, 12, 2), "28 Nov – 2 Dec 2022"),
        (date(2022, 12, 30), date(2023, 1, 3), "30 Dec 2022 – 3 Jan 2023"),
        (date(2024, 5, 7), date(2024, 5, 7), "7 May 2024"),
    ],
)
def test_fieldwork_label(start, end, label):
    assert fieldwork_label(Inspection(fieldwork_start=start, fieldwork_end=end)) == label
