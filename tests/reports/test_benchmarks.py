"""Benchmarks on the dashboard: beside each key question and prompt, the region's and the
country's figure from the stored roll-ups, the number of inspections behind them, and a marker
when this PDU's share lies outside the roll-up figure's interval. Read from stored documents only,
in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer
from reports.benchmarks import ABOVE, BELOW, WITHIN, compare, items_by_code, position
from reports.models import Rollup
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from tests.reports.test_rollups import answered, kq
from tests.support.factories import InspectionFactory, MembershipFactory, PduFactory, RegionFactory

# --- the comparison itself (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("own", "interval", "expected"),
    [
        (31.37, [35.9, 40.1], BELOW),
        (45.0, [35.9, 40.1], ABOVE),
        (38.0, [35.9, 40.1], WITHIN),
        (35.9, [35.9, 40.1], WITHIN),  # on an end is inside
        (40.1, [35.9, 40.1], WITHIN),
        (None, [35.9, 40.1], None),  # no relevant cases here: nothing to compare
        (38.0, None, None),  # no interval stored for the comparison
    ],
)
def test_position_against_the_comparisons_interval(own, interval, expected):
    assert position(own, interval) == expected


def test_compare_reads_the_other_figure_as_stored():
    other = {
        "code": "2.2.3",
        "yes": 412,
        "no": 673,
        "na": 3,
        "relevant": 1085,
        "percent": 37.97,
        "interval": [36.0, 40.0],
    }
    comparison = compare({"percent": 31.37}, other)
    assert (comparison.yes, comparison.relevant, comparison.percent) == (412, 1085, 37.97)
    assert comparison.interval == (36.0, 40.0) and comparison.position == BELOW
    assert compare({"percent": 31.37}, None) is None
    # the roll-up has no relevant case for the item: no share, so no marker
    empty = other | {"yes": 0, "no": 0, "relevant": 0, "percent": None, "interval": None}
    assert compare({"percent": 31.37}, empty).position is None


def test_items_by_code_holds_key_questions_and_prompts():
    doc = {
        "standards": [
            {"code": "2.2", "key_questions": [{"code": "2.2.3"}], "prompts": [{"code": "2.2.3.a"}]},
            {"code": "1.1"},
        ]
    }
    assert set(items_by_code(doc)) == {"2.2.3", "2.2.3.a"}
    assert items_by_code(None) == {}


# --- on the dashboard -------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(framework):
    """Two PDUs in the region "Sums" and one elsewhere, answering 2.2.1 only (hand-worked):

    small  2 of 2 Yes (100%)   large  2 of 8 (25%)   elsewhere  0 of 10 (0%)
    region  4 of 10 = 40%, Wilson 80%: centre (0.4 + z²/20)/(1 + z²/10) = 0.4141 with
            z = 1.2816, half-width z·sqrt(0.4·0.6/10 + z²/400)/(1 + z²/10) = 0.1846 -> [23.0, 59.9]
    national 4 of 20 = 20%: centre 0.2227, half-width 0.1125 -> [11.0, 33.5]
    """
    region = RegionFactory(name="Sums")
    small = InspectionFactory(pdu=PduFactory(region=region, name="Small"))
    large = InspectionFactory(pdu=PduFactory(region=region, name="Large"))
    elsewhere = InspectionFactory(pdu=PduFactory(region=RegionFactory(name="Elsewhere")))
    answered(small, 2, yes=2)
    answered(large, 8, yes=2)
    answered(elsewhere, 10, yes=0)
    for inspection in (small, large, elsewhere):
        snapshot_refresh(inspection=inspection)
    for where in (region, elsewhere.pdu.region, None):
        rollup_refresh(rollup=rollup_row(framework=framework, region=where))
    return small, large, elsewhere


def _row(page: str, code: str) -> str:
    """The key-question table row of one item (the dashboard marks rows with data-item)."""
    return re.search(
        rf'<tr class="govuk-table__row" data-item="{re.escape(code)}">(.*?)</tr>', page, re.S
    ).group(1)


def test_stored_roll_ups_hold_the_hand_worked_figures(three):
    region = Rollup.objects.get(kind="region", region__name="Sums").document
    national = Rollup.objects.get(kind="national").document
    assert (kq(region, "2.2.1")["yes"], kq(region, "2.2.1")["relevant"]) == (4, 10)
    assert kq(region, "2.2.1")["interval"] == [23.0, 59.9]
    assert (kq(national, "2.2.1")["yes"], kq(national, "2.2.1")["relevant"]) == (4, 20)
    assert kq(national, "2.2.1")["interval"] == [11.0, 33.5]


def test_each_key_question_shows_region_and_country_with_their_markers(client, three):
    small, large, elsewhere = three
    client.force_login(MembershipFactory(inspection=small, role="inspector").user)
    page = client.get(reverse("reports:key_questions", args=[small.pk])).content.decode()
    assert "Sums region" in page and "2 inspections" in page and "3 inspections" in page
    row = _row(page, "2.2.1")
    # 100% here: above the region's [23.0, 59.9] and the country's [11.0, 33.5]
    assert "40%" in row and "4 of 10" in row and "20%" in row and "4 of 20" in row
    assert row.count("above") == 2 and "below" not in row

    client.force_login(MembershipFactory(inspection=large, role="inspector").user)
    row = _row(
        client.get(reverse("reports:key_questions", args=[large.pk])).content.decode(), "2.2.1"
    )
    assert "above" not in row and "below" not in row  # 25%: inside both intervals

    client.force_login(MembershipFactory(inspection=elsewhere, role="inspector").user)
    page = client.get(reverse("reports:key_questions", args=[elsewhere.pk])).content.decode()
    row = _row(page, "2.2.1")
    # its region is itself alone (0 of 10, an interval from 0): within; the country's: below
    assert row.count("0 of 10") == 2 and "4 of 20" in row and row.count("below") == 1
    # an item nobody answered: no share anywhere, no marker
    assert "above" not in _row(page, "2.2.2") and "below" not in _row(page, "2.2.2")


def test_the_page_says_how_to_read_it_and_when_a_roll_up_is_missing(client, three, framework):
    small = three[0]
    client.force_login(MembershipFactory(inspection=small, role="lead").user)
    url = reverse("reports:benchmarks", args=[small.pk])
    page = client.get(url).content.decode()
    assert "this PDU's own cases included" in page and "80% Wilson interval" in page
    Rollup.objects.filter(kind="region").delete()
    page = client.get(url).content.decode()
    note = re.search(r'id="benchmarks-note">(.*?)</div>', page, re.S).group(1)
    assert "Sums region: <strong>not computed yet</strong>" in note
    assert reverse("reports:region", args=[small.pdu.region_id, framework.pk]) in note
    assert "National: 3 inspections, 20 counted cases" in note
    assert "–" in _row(page, "2.2.1")  # the region's cell


def test_a_roll_up_computed_before_this_pdu_had_results_says_so(client, three, framework):
    small = three[0]
    newcomer = InspectionFactory(pdu=PduFactory(region=small.pdu.region, name="Newcomer"))
    answered(newcomer, 3, yes=1)
    snapshot_refresh(inspection=newcomer)  # its roll-up refresh waits in the queue
    client.force_login(MembershipFactory(inspection=newcomer, role="inspector").user)
    page = client.get(reverse("reports:benchmarks", args=[newcomer.pk])).content.decode()
    assert page.count("this PDU's cases are not in it yet") == 2  # region and national


# The benchmarks page, once the framework's items were read (as any page reads them):
#  1. the user and their account (sessions come from the cache)
#  2. the inspection in the user's scope, with its PDU, region and framework version
#  3. the latest results snapshot
#  4. the framework's standards
#  5. the framework's items (texts for the tables)
#  6. the lead's standard ratings
#  7. the stored region and national roll-ups of the framework version (one query for both)
#  8. whether the user leads the inspection
DASHBOARD_QUERIES = 8


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "cases_answer" in q["sql"]]
    return len(queries.captured_queries)


def test_benchmarks_read_two_stored_rows_in_one_query_for_few_and_many_inspections(
    client, three, framework
):
    small = three[0]
    client.force_login(MembershipFactory(inspection=small, role="lead").user)
    url = reverse("reports:benchmarks", args=[small.pk])
    assert _count(client, url) == DASHBOARD_QUERIES
    for n in range(6):  # six more inspections in the region and the country
        more = InspectionFactory(pdu=PduFactory(region=small.pdu.region))
        answered(more, 4, yes=n % 4)
        snapshot_refresh(inspection=more)
    rollup_refresh(rollup=rollup_row(framework=framework, region=small.pdu.region))
    rollup_refresh(rollup=rollup_row(framework=framework))
    page = client.get(url).content.decode()
    assert "8 inspections" in page  # the region's roll-up now sums eight
    assert _count(client, url) == DASHBOARD_QUERIES
    Answer.objects.filter(case__inspection__pdu__region=small.pdu.region).delete()
    assert "8 inspections" in client.get(url).content.decode()  # stored, not recounted
