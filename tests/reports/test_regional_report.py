"""The draft regional report: built from the region page as a job (DOCX, HTML, PDF), in the PDU
report's structure — a ratings table per PDU from its latest stored results, then the region's
key-question tables, lowest key question and prompt-level findings from the stored roll-up's
summed counts. Leads of an inspection in the region (and admins) only."""

import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from reports.models import Job, Rollup
from reports.rendering import FORMATS, REGIONAL_FORMATS, render_regional_output
from reports.rendering.regional import RollupMissing, regional_content
from reports.services.jobs import jobs_sweep, stale_after_seconds
from reports.services.rollups import rollup_refresh, rollup_row
from tests.reports.test_rollups import kq
from tests.support.celery_broker import celery_broker
from tests.support.factories import MembershipFactory
from tests.support.overview_data import pdu_inspection, rollups_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def north(framework):
    """Two PDUs of the North region, its roll-up stored; a lead of the first one."""
    a = pdu_inspection(pdu="Alpha PDU", region="North", seed=1)
    b = pdu_inspection(pdu="Beta PDU", region="North", year=2025, seed=2)
    rollups_refresh(a, b)
    a.lead = MembershipFactory(inspection=a, role="lead").user
    a.other = b
    return a


def _content(north):
    return regional_content(region=north.pdu.region, framework=north.framework)


def _section(content, code: str):
    return next(s for d in content["domains"] for s in d["sections"] if s.code == code)


def test_a_ratings_table_per_pdu_from_its_latest_stored_results(north):
    content = _content(north)
    assert [p["pdu"] for p in content["pdus"]] == ["Alpha PDU", "Beta PDU"]
    for table, inspection in zip(content["pdus"], (north, north.other), strict=True):
        doc = inspection.snapshots.get(kind="latest").document
        assert table["score"] == f"{doc['overall']['score']}/27"
        ratings = {s["code"]: s for d in table["domains"] for s in d["sections"]}
        assert set(ratings) == {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"}
        stored = {s["code"]: s["rating"] for s in doc["standards"]}
        assert ratings["2.2"]["rating_label"].lower().replace(" ", "_") == stored["2.2"]
    # judgement-rated standards are each PDU's own, listed per PDU
    leadership = _section(content, "1.1")
    assert leadership.rating_label == "Rated for each PDU"
    assert [pdu for pdu, _ in leadership.pdu_ratings] == ["Alpha PDU", "Beta PDU"]


def test_key_question_tables_and_findings_come_from_the_summed_counts(north):
    content = _content(north)
    rollup = Rollup.objects.get(kind="region", region=north.pdu.region).document
    assessment = _section(content, "2.2")
    for row in assessment.key_questions:
        stored = kq(rollup, row.code)
        assert (row.yes, row.relevant, row.percent) == (
            stored["yes"],
            stored["relevant"],
            stored["percent"],
        )
        # never an average: the sum of the two PDUs' counts
        both = [kq(i.snapshots.get(kind="latest").document, row.code) for i in (north, north.other)]
        assert row.yes == sum(k["yes"] for k in both)
    assert assessment.sentence.startswith("The North region is rated as")
    prompt = assessment.prompts[0]
    assert f"in {prompt.yes} out of {prompt.relevant} relevant cases" in " ".join(
        assessment.prompt_findings
    )
    assert content["methodology"][0].startswith("Regional figures are sums of counts")


def test_the_report_is_the_stored_roll_up_not_a_recount(north, django_assert_num_queries):
    """Five queries whatever the number of PDUs: the roll-up, its inspections, their latest
    results, the standards and the items. An inspection added since the roll-up is not in it."""
    late = pdu_inspection(pdu="Late PDU", region="North", seed=3)
    with django_assert_num_queries(5):
        content = _content(north)
    assert [p["pdu"] for p in content["pdus"]] == ["Alpha PDU", "Beta PDU"]
    rollup_refresh(rollup=rollup_row(framework=north.framework, region=north.pdu.region))
    with django_assert_num_queries(5):
        content = _content(north)
    assert [p["pdu"] for p in content["pdus"]] == ["Alpha PDU", "Beta PDU", "Late PDU"]
    assert (
        late.pk
        in Rollup.objects.get(kind="region", region=north.pdu.region).document["scope"][
            "inspections"
        ]
    )


def test_without_a_computed_roll_up_there_is_no_report(north):
    Rollup.objects.all().delete()
    with pytest.raises(RollupMissing, match="has not been computed yet"):
        _content(north)


def test_each_format_holds_the_ratings_tables_and_the_region_figures(north):
    region, framework = north.pdu.region, north.framework
    out = {
        f: render_regional_output(region=region, framework=framework, fmt=f)
        for f in REGIONAL_FORMATS
    }
    docx = Document(io.BytesIO(out["docx"]))
    text = "\n".join(
        [p.text for p in docx.paragraphs]
        + [c.text for t in docx.tables for row in t.rows for c in row.cells]
    )
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=out["pdf"], capture_output=True, check=True
    ).stdout.decode()
    html = out["html"].decode()
    for shown in (text, " ".join(pdf.split()), html):
        assert "North region" in shown and "A regional inspection of probation services" in shown
        assert "Alpha PDU" in shown and "Beta PDU" in shown and "Percentage 'Yes'" in shown
        assert "never an average of the PDUs" in shown
    assert set(REGIONAL_FORMATS) <= set(FORMATS)  # the same renderer modules and libraries
    with pytest.raises(ValueError, match="unknown format 'md'"):
        render_regional_output(region=region, framework=framework, fmt="md")


def test_a_lead_builds_downloads_and_sees_it_on_the_region_page(
    client, north, django_capture_on_commit_callbacks
):
    region, framework = north.pdu.region, north.framework
    client.force_login(north.lead)
    build = reverse("reports:region_build", args=[region.pk, framework.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(build, {"format": "pdf"})
    assert response.status_code == 302 and response["Location"].endswith("#regional-report")
    job = Job.objects.get(kind="regional")
    assert (job.state, job.region, job.framework, job.inspection) == (
        "done",
        region,
        framework,
        None,
    )
    assert re.search(
        r"region-north-hmip-pdu-2021-v1-draft-report-\d{8}-\d{4}(_\w+)?\.pdf$", job.result_file.name
    )
    page = client.get(reverse("reports:region", args=[region.pk, framework.pk])).content.decode()
    download = reverse("reports:region_download", args=[region.pk, framework.pk, job.pk])
    assert "Regional draft report – PDF" in page and download in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    poll = reverse("reports:region_job", args=[region.pk, framework.pk, job.pk])
    assert "Download PDF" in client.get(poll, HTTP_HX_REQUEST="true").content.decode()


def test_only_leads_in_the_region_build_or_download(client, north):
    region, framework = north.pdu.region, north.framework
    job = Job.objects.create(
        kind="regional", region=region, framework=framework, format="html", state="done"
    )
    build = reverse("reports:region_build", args=[region.pk, framework.pk])
    download = reverse("reports:region_download", args=[region.pk, framework.pk, job.pk])
    client.force_login(MembershipFactory(inspection=north, role="inspector").user)
    assert client.post(build, {"format": "docx"}).status_code == 403
    assert client.get(download).status_code == 403
    page = client.get(reverse("reports:region", args=[region.pk, framework.pk])).content.decode()
    assert "Draft regional report" not in page
    client.force_login(MembershipFactory(role="lead").user)  # leads elsewhere only
    assert client.post(build, {"format": "docx"}).status_code == 404
    assert Job.objects.count() == 1


def test_a_build_without_a_roll_up_or_format_is_refused_with_a_reason(client, north):
    region, framework = north.pdu.region, north.framework
    build = reverse("reports:region_build", args=[region.pk, framework.pk])
    client.force_login(north.lead)
    page = client.post(build, {"format": "xlsx"}, follow=True).content.decode()
    assert "Choose a format for the regional report: DOCX, HTML or PDF." in page
    Rollup.objects.all().delete()
    page = client.post(build, {"format": "docx"}, follow=True).content.decode()
    assert "The region&#x27;s roll-up has not been computed yet" in page
    assert not Job.objects.exists()


def test_a_regional_job_fails_sweeps_and_tries_again_like_the_others(
    client, north, django_capture_on_commit_callbacks
):
    region, framework = north.pdu.region, north.framework
    stuck = Job.objects.create(kind="regional", region=region, framework=framework, format="docx")
    old = timezone.now() - timedelta(seconds=stale_after_seconds() + 5)
    Job.objects.filter(pk=stuck.pk).update(updated_at=old)
    assert jobs_sweep() == 1
    stuck.refresh_from_db()
    assert stuck.state == "failed"
    client.force_login(north.lead)
    page = client.get(reverse("reports:region", args=[region.pk, framework.pk])).content.decode()
    assert "Try again" in page and "No worker finished this job" in page
    retry = reverse("reports:region_job_retry", args=[region.pk, framework.pk, stuck.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302
    again = Job.objects.exclude(pk=stuck.pk).get()
    assert (again.kind, again.format, again.state, again.region) == (
        "regional",
        "docx",
        "done",
        region,
    )


def test_broker_down_the_build_is_not_queued_and_says_so(
    client, north, django_capture_on_commit_callbacks
):
    region, framework = north.pdu.region, north.framework
    client.force_login(north.lead)
    with (
        celery_broker("redis://127.0.0.1:6390/0"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:region_build", args=[region.pk, framework.pk]), {"format": "html"}
        )
    assert Job.objects.get().state == "not_queued"
    page = client.get(response["Location"]).content.decode()
    assert "could not be queued" in page and "Try again" in page


def test_a_job_belongs_to_an_inspection_or_to_a_region_never_both(north):
    region, framework = north.pdu.region, north.framework
    for wrong in (
        Job(kind="regional", inspection=north, region=region, framework=framework, format="pdf"),
        Job(kind="regional", region=region, format="pdf"),
        Job(kind="report", region=region, framework=framework, format="pdf"),
    ):
        with pytest.raises(ValidationError):
            wrong.full_clean(exclude=["result_file", "snapshot"])


def test_region_page_queries_do_not_grow_with_regional_jobs(client, north):
    region, framework = north.pdu.region, north.framework
    client.force_login(north.lead)
    url = reverse("reports:region", args=[region.pk, framework.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    Job.objects.create(
        kind="regional", region=region, framework=framework, format="pdf", state="done"
    )
    few = count()
    for fmt in ("docx", "html", "pdf", "docx"):
        Job.objects.create(
            kind="regional", region=region, framework=framework, format=fmt, state="done"
        )
    assert count() == few
