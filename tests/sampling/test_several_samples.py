"""Several samples per inspection (framework format 2, "Samples"): each sample is drawn on its own
from the cohort records meeting its rule, reproducibly; a record drawn in two samples is one case,
counted in both; redraws and replacements keep to their sample. The cases, sizes and figures
expected here are worked out from the built cohort, never written in."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer, Case, CaseStatus
from inspection.applicability import rule_applies
from inspection.declared import attributes_of
from inspection.models import FrameworkSample, Item
from reports.services.results import results_build
from sampling.models import CohortRecord, MemberRole, SampleDraw, SampleMember
from sampling.services.caselist import caselist_upload_commit, caselist_upload_stage
from sampling.services.sampling import sample_draw, sample_replace
from tests.support.caselist_data import case_rows, to_csv
from tests.support.factories import MembershipFactory
from tests.support.samples import samples_inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    inspection = samples_inspection()
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(240, seed=11)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    return inspection


@pytest.fixture
def lead_of():
    return lambda inspection: MembershipFactory(inspection=inspection, role="lead").user


def rules(inspection) -> dict[str, dict]:
    return dict(
        FrameworkSample.objects.filter(framework=inspection.framework).values_list(
            "code", "applies_to"
        )
    )


def members_of(inspection, sample: str) -> set[str]:
    return set(
        SampleMember.objects.filter(
            draw__inspection=inspection, draw__sample=sample, role=MemberRole.SELECTED
        ).values_list("record__ref", flat=True)
    )


def cohort_refs(inspection, sample: str) -> set[str]:
    rule = rules(inspection)[sample]
    return {
        r.ref
        for r in CohortRecord.objects.filter(inspection=inspection)
        if rule_applies(rule, attributes_of(r))
    }


def test_each_sample_is_drawn_from_the_records_meeting_its_rule_reproducibly(cohort):
    community = sample_draw(inspection=cohort, size=20, seed=5, sample="community")
    women = sample_draw(inspection=cohort, size=12, seed=7, sample="women", strata=["case_type"])
    first = {"community": members_of(cohort, "community"), "women": members_of(cohort, "women")}
    assert len(first["community"]) == 20 and len(first["women"]) == 12
    for code, draw in (("community", community), ("women", women)):
        meeting = cohort_refs(cohort, code)
        assert first[code] <= meeting
        assert draw.parameters["cohort"] == len(meeting) < CohortRecord.objects.count()
        assert sum(a["cohort"] for a in draw.allocation) == len(meeting)
    # the same seeds give the same samples; another seed another one
    sample_draw(inspection=cohort, size=20, seed=5, sample="community")
    sample_draw(inspection=cohort, size=12, seed=7, sample="women", strata=["case_type"])
    assert members_of(cohort, "community") == first["community"]
    assert members_of(cohort, "women") == first["women"]
    sample_draw(inspection=cohort, size=20, seed=6, sample="community")
    assert members_of(cohort, "community") != first["community"]
    assert SampleDraw.objects.filter(inspection=cohort).count() == 2


def test_a_record_drawn_in_two_samples_is_one_case_counted_in_both(cohort):
    everyone = {code: len(cohort_refs(cohort, code)) for code in ("community", "women")}
    sample_draw(inspection=cohort, size=everyone["community"], seed=1, sample="community")
    sample_draw(inspection=cohort, size=everyone["women"], seed=2, sample="women")
    community, women = members_of(cohort, "community"), members_of(cohort, "women")
    both = community & women
    assert both  # women (or people of unknown gender) on community sentences
    refs = list(Case.objects.filter(inspection=cohort).values_list("ref", flat=True))
    assert sorted(refs) == sorted(community | women)  # one case per record, none twice
    case = Case.objects.get(inspection=cohort, ref=sorted(both)[0])
    items = {i.code: i for i in Item.objects.filter(framework=cohort.framework)}
    Answer.objects.create(case=case, item=items["S1.1"], value="yes")
    Answer.objects.create(case=case, item=items["S3.1"], value="no")
    case.status = CaseStatus.SUBMITTED
    case.save(update_fields=["status"])
    doc = results_build(inspection=cohort)
    kqs = {k["code"]: k for s in doc["standards"] for k in s.get("key_questions", [])}
    assert (kqs["S1.1"]["yes"], kqs["S3.1"]["no"]) == (1, 1)


def test_redrawing_one_sample_keeps_the_cases_another_sample_drew(cohort):
    everyone = len(cohort_refs(cohort, "women"))
    sample_draw(inspection=cohort, size=everyone, seed=2, sample="women")
    sample_draw(inspection=cohort, size=30, seed=1, sample="community")
    women = members_of(cohort, "women")
    sample_draw(inspection=cohort, size=5, seed=9, sample="community")
    community = members_of(cohort, "community")
    assert len(community) == 5
    cases = set(Case.objects.filter(inspection=cohort).values_list("ref", flat=True))
    assert cases == women | community


def test_a_replacement_takes_the_next_reserve_of_each_sample_that_drew_the_case(cohort):
    everyone = len(cohort_refs(cohort, "women"))
    sample_draw(inspection=cohort, size=everyone - 20, seed=2, sample="women", strata=["rosh"])
    sample_draw(inspection=cohort, size=40, seed=1, sample="community", strata=["rosh"])
    both = sorted(members_of(cohort, "community") & members_of(cohort, "women"))
    assert both
    case = Case.objects.get(inspection=cohort, ref=both[0])
    expected = {}
    for code in ("community", "women"):
        member = SampleMember.objects.get(
            draw__inspection=cohort, draw__sample=code, record__ref=case.ref
        )
        expected[code] = (
            SampleMember.objects.filter(
                draw=member.draw, stratum=member.stratum, role=MemberRole.RESERVE
            )
            .order_by("rank")
            .values_list("record__ref", flat=True)
            .first()
        )
    sample_replace(case=case, reason="Case file missing", user=None)
    for code in ("community", "women"):
        replaced = SampleMember.objects.get(
            draw__inspection=cohort, draw__sample=code, record__ref=case.ref
        )
        assert replaced.role == MemberRole.REPLACED
        assert replaced.replaced_by.record.ref == expected[code]
        assert expected[code] in members_of(cohort, code)
    refs = set(Case.objects.filter(inspection=cohort).values_list("ref", flat=True))
    assert case.ref not in refs and {expected["community"], expected["women"]} <= refs


def test_with_several_samples_a_draw_names_one_of_them(cohort):
    with pytest.raises(ValidationError, match="Choose the sample"):
        sample_draw(inspection=cohort, size=5, seed=1)
    with pytest.raises(ValidationError, match="not a sample"):
        sample_draw(inspection=cohort, size=5, seed=1, sample="cases")
    assert not SampleDraw.objects.exists()


def test_the_single_sample_draw_is_the_draw_of_the_sample_cases(inspection):
    upload = caselist_upload_stage(
        inspection=inspection, data=to_csv(case_rows(60, seed=2)), filename="x.csv", user=None
    )
    caselist_upload_commit(upload=upload)
    draw = sample_draw(inspection=inspection, size=10, seed=3)
    assert draw.sample == "cases" and draw.parameters["cohort"] == 60


# --- pages -----------------------------------------------------------------------------------


def url(name, pk, sample=None):
    address = reverse(f"setup:{name}", args=[pk])
    return f"{address}?sample={sample}" if sample else address


def test_the_set_up_page_shows_each_sample_with_its_cohort_draw_and_progress(
    client, admin_user, cohort
):
    sample_draw(inspection=cohort, size=15, seed=4, sample="community", reserves=2)
    sample_draw(inspection=cohort, size=6, seed=4, sample="women", strata=["rosh"], reserves=1)
    signed = Case.objects.filter(inspection=cohort, case_type__in=["community", "suspended"])[:3]
    Case.objects.filter(pk__in=[c.pk for c in signed]).update(status=CaseStatus.SIGNED_OFF)
    client.force_login(admin_user)
    page = client.get(url("overview", cohort.pk)).text
    for code, title in (
        ("community", "Community cases"),
        ("licence", "Licence cases"),
        ("women", "Women"),
    ):
        section = page.split(f'data-testid="sample-{code}"')[1].split("</section>")[0]
        assert title in section
        assert f"{len(cohort_refs(cohort, code))} cases of the case list" in section
        draw = SampleDraw.objects.filter(inspection=cohort, sample=code).first()
        rule = rules(cohort)[code]
        cases = [
            c
            for c in Case.objects.filter(inspection=cohort)
            if rule_applies(rule, attributes_of(c))
        ]
        signed_off = sum(1 for c in cases if c.status == CaseStatus.SIGNED_OFF)
        assert f"{len(cases)} case" in section and f"signed off {signed_off}" in section
        if draw is None:
            assert "Not drawn yet" in section and f"?sample={code}" in section
            continue
        reserves = draw.members.filter(role=MemberRole.RESERVE).count()
        assert f"{draw.size} sampled, seed 4" in section
        assert f"{reserves} left" in section
    assert "2 of 3 samples drawn" in page


def test_the_draw_page_draws_the_sample_it_names(client, lead_of, cohort):
    client.force_login(lead_of(cohort))
    page = client.get(url("draw", cohort.pk, "women"))
    assert page.status_code == 200
    assert f"From a cohort of {len(cohort_refs(cohort, 'women'))} cases" in page.text
    response = client.post(
        url("draw", cohort.pk, "women"),
        {"size": 8, "seed": 12, "strata": ["rosh"], "minimums": "", "reserves": 3},
    )
    assert response.url == url("sample", cohort.pk, "women")
    assert SampleDraw.objects.get(inspection=cohort).sample == "women"
    shown = client.get(response.url)
    assert shown.context["draw"].sample == "women" and len(shown.context["cases"]) == 8
    assert client.get(url("sample", cohort.pk, "licence")).context["draw"] is None
    assert client.get(url("draw", cohort.pk, "nobody")).status_code == 404


def test_the_size_page_starts_from_the_sample_cohort(client, lead_of, cohort):
    client.force_login(lead_of(cohort))
    page = client.get(url("sample_size", cohort.pk, "licence"))
    assert page.context["form"]["population"].value() == len(cohort_refs(cohort, "licence"))
    assert 'name="sample" value="licence"' in page.text


def test_the_progress_page_counts_cases_per_sample_by_status(client, lead_of, cohort):
    sample_draw(inspection=cohort, size=10, seed=4, sample="licence")
    sample_draw(inspection=cohort, size=10, seed=4, sample="women")
    Case.objects.filter(pk__in=Case.objects.filter(inspection=cohort).values("pk")[:4]).update(
        status=CaseStatus.SUBMITTED
    )
    client.force_login(lead_of(cohort))
    page = client.get(url("progress", cohort.pk)).text
    table = page.split('data-testid="by-sample"')[1].split("</table>")[0]
    for code, row in zip(("community", "licence", "women"), table.split("<tr")[2:], strict=True):
        rule = rules(cohort)[code]
        cases = [
            c
            for c in Case.objects.filter(inspection=cohort)
            if rule_applies(rule, attributes_of(c))
        ]
        submitted = sum(1 for c in cases if c.status == CaseStatus.SUBMITTED)
        cells = [c.split(">")[1].split("<")[0] for c in row.split("<td")[1:]]
        assert cells == [str(len(cases) - submitted), str(submitted), "0", "0", str(len(cases))]


def test_a_single_sample_inspection_shows_no_sample_sections(client, admin_user, inspection):
    client.force_login(admin_user)
    page = client.get(url("overview", inspection.pk)).text
    assert 'data-testid="sample-' not in page
    assert client.get(url("draw", inspection.pk)).context["samples"] == []
    assert client.get(url("draw", inspection.pk, "cases")).status_code == 200


def test_draw_sample_command_draws_the_sample_it_names(cohort):
    out = StringIO()
    args = [str(cohort.pk), "--size", "6", "--seed", "3", "--strata", "rosh"]
    call_command("draw_sample", *args, "--sample", "licence", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["sample_code"] == "licence"
    assert {s["ref"] for s in doc["sample"]} == members_of(cohort, "licence")
    assert {s["ref"] for s in doc["sample"]} <= cohort_refs(cohort, "licence")
    with pytest.raises(CommandError, match="Choose the sample"):
        call_command("draw_sample", *args, stdout=StringIO())


def test_the_set_up_page_reads_the_samples_in_a_fixed_number_of_queries(client, admin_user, cohort):
    client.force_login(admin_user)
    sample_draw(inspection=cohort, size=5, seed=1, sample="licence")
    client.get(url("overview", cohort.pk))
    with CaptureQueriesContext(connection) as small:
        client.get(url("overview", cohort.pk))
    sample_draw(inspection=cohort, size=40, seed=1, sample="community")
    sample_draw(inspection=cohort, size=20, seed=1, sample="women")
    with CaptureQueriesContext(connection) as large:
        client.get(url("overview", cohort.pk))
    assert len(large.captured_queries) == len(small.captured_queries)
    # the samples, the cohort per sample, the draws with their members by role, the cases by
    # status per sample: one query each
    marks = ('FROM "inspection_frameworksample"', 'AS "s0"', 'AS "n_selected"')
    sample_queries = [q["sql"] for q in large.captured_queries if any(m in q["sql"] for m in marks)]
    assert len(sample_queries) == 4, sample_queries


def test_the_replace_page_goes_back_to_the_sample_it_came_from(client, lead_of, cohort):
    sample_draw(inspection=cohort, size=10, seed=3, sample="licence", strata=["rosh"])
    case = Case.objects.filter(ref__in=members_of(cohort, "licence")).first()
    client.force_login(lead_of(cohort))
    page = client.get(url("sample", cohort.pk, "licence")).text
    address = reverse("setup:replace", args=[cohort.pk, case.pk]) + "?sample=licence"
    assert f'href="{address}"' in page
    response = client.post(address, {"reason": "Transferred out"})
    assert response.url == url("sample", cohort.pk, "licence")
    assert case.ref not in members_of(cohort, "licence")
    assert len(members_of(cohort, "licence")) == 10
