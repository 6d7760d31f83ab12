"""The draft report's "compared with the region" line: a lead ticks standards; the report prints
one sentence per ticked standard from the region's stored roll-up — as stored now for the latest
results, as kept at freezing for frozen results — and says so when there is none."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from reports.models import FrozenRegionRollup, RegionComparison, Rollup
from reports.rendering import render_output
from reports.rendering.context import report_content
from reports.services.entries import region_comparisons_choose
from reports.services.results import snapshot_refresh
from reports.services.rollups import rollup_refresh, rollup_row
from reports.services.snapshots import snapshot_freeze
from tests.reports.test_rollups import answered
from tests.support.factories import InspectionFactory, MembershipFactory, PduFactory, RegionFactory

pytestmark = pytest.mark.django_db

# Small answers 2.2.1 Yes in 2 of 2 cases, Large in 2 of 8: the region holds 4 of 10 (40%).
LINE = (
    "Across the Sums region, 40 per cent of relevant cases (4 of 10, 2 inspections) were judged "
    "‘Yes’ on this key question, against 100 per cent here."
)


@pytest.fixture
def small(framework):
    region = RegionFactory(name="Sums")
    small = InspectionFactory(pdu=PduFactory(region=region, name="Small"))
    large = InspectionFactory(pdu=PduFactory(region=region, name="Large"))
    answered(small, 2, yes=2)
    answered(large, 8, yes=2)
    for inspection in (small, large):
        snapshot_refresh(inspection=inspection)
    rollup_refresh(rollup=rollup_row(framework=framework, region=region))
    small.large = large
    return small


def _section(content, code: str):
    return next(s for d in content["domains"] for s in d["sections"] if s.code == code)


def test_a_lead_ticks_standards_and_an_inspector_may_not(client, small):
    url = reverse("reports:comparisons", args=[small.pk])
    client.force_login(MembershipFactory(inspection=small, role="inspector").user)
    assert client.post(url, {"standards": ["2.2"]}).status_code == 403
    assert not RegionComparison.objects.exists()
    client.force_login(MembershipFactory(inspection=small, role="lead").user)
    response = client.post(url, {"standards": ["2.2", "2.3"]})
    assert response.status_code == 302 and response["Location"].endswith(
        "/outputs/#comparisons-form"
    )
    assert sorted(RegionComparison.objects.values_list("standard__code", flat=True)) == [
        "2.2",
        "2.3",
    ]
    page = client.get(reverse("reports:outputs", args=[small.pk])).content.decode()
    form = re.search(r'id="comparisons-form">(.*?)</form>', page, re.S).group(1)
    ticked = re.findall(r'<input[^>]*value="([^"]+)"[^>]*checked', form)
    assert ticked == ["2.2", "2.3"]
    client.post(url, {"standards": ["2.3"]})  # the choice replaces the previous one
    assert list(RegionComparison.objects.values_list("standard__code", flat=True)) == ["2.3"]
    # a standard that is not rated from cases is refused, nothing changes
    response = client.post(url, {"standards": ["1.1"]}, follow=True)
    assert "from the options shown" in response.content.decode()  # the GOV.UK wording
    assert list(RegionComparison.objects.values_list("standard__code", flat=True)) == ["2.3"]


def test_the_service_names_codes_it_refuses(small):
    refused = re.escape("Not a standard rated from cases in this framework: 1.1, 9.9.")
    with pytest.raises(ValidationError, match=refused):
        region_comparisons_choose(inspection=small, codes=["2.2", "9.9", "1.1"], user=None)
    assert not RegionComparison.objects.exists()


def test_the_report_prints_one_line_per_ticked_standard(small):
    region_comparisons_choose(inspection=small, codes=["2.2"], user=None)
    snapshot = small.snapshots.get(kind="latest")
    content = report_content(inspection=small, snapshot=snapshot)
    assert _section(content, "2.2").comparison == LINE
    assert _section(content, "2.3").comparison == ""  # not ticked
    note = content["methodology"][-1]
    assert note.startswith("Comparisons with the region use the Sums region's roll-up computed on")
    assert "its 2 inspections" in note and note.endswith("this PDU's own cases included.")
    md = render_output(inspection=small, snapshot=snapshot, fmt="md").decode()
    assert LINE in md
    html = render_output(inspection=small, snapshot=snapshot, fmt="html").decode()
    assert LINE in html
    docx = Document(io.BytesIO(render_output(inspection=small, snapshot=snapshot, fmt="docx")))
    assert LINE in [p.text for p in docx.paragraphs]


def test_without_a_stored_roll_up_the_line_says_so(small):
    region_comparisons_choose(inspection=small, codes=["2.2"], user=None)
    Rollup.objects.all().delete()
    content = report_content(inspection=small, snapshot=small.snapshots.get(kind="latest"))
    assert _section(content, "2.2").comparison == (
        "A comparison with the Sums region is not available: the region's roll-up has not been "
        "computed yet."
    )
    assert not any(n.startswith("Comparisons with the region") for n in content["methodology"])


def test_frozen_results_keep_the_roll_up_as_it_was_when_frozen(small, framework):
    region_comparisons_choose(inspection=small, codes=["2.2"], user=None)
    frozen = snapshot_freeze(inspection=small, user=None, label="Published")
    kept = FrozenRegionRollup.objects.get(snapshot=frozen)
    assert (kept.region_name, kept.inspections_count, kept.cases_counted) == ("Sums", 2, 10)
    # the region moves on: Large gets four more cases (none Yes) and the roll-up is refreshed
    answered(small.large, 4, yes=0)
    rollup_refresh(rollup=rollup_row(framework=framework, region=small.pdu.region))
    assert _section(report_content(inspection=small, snapshot=frozen), "2.2").comparison == LINE
    latest = report_content(inspection=small, snapshot=small.snapshots.get(kind="latest"))
    assert "(4 of 14, 2 inspections)" in _section(latest, "2.2").comparison


def test_results_frozen_without_a_roll_up_say_there_was_none(small):
    Rollup.objects.all().delete()
    frozen = snapshot_freeze(inspection=small, user=None, label="Early")
    assert not FrozenRegionRollup.objects.exists()
    region_comparisons_choose(inspection=small, codes=["2.2"], user=None)
    assert _section(report_content(inspection=small, snapshot=frozen), "2.2").comparison == (
        "A comparison with the Sums region is not available: no regional roll-up was stored when "
        "these results were frozen."
    )
