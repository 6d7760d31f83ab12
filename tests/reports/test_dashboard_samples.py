"""The lead's results summary shows fieldwork progress per sample when the framework has several
(cases of each sample by status, a case counting in every sample it fits); a single-sample
inspection's summary has no such table."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from casework.models import CaseStatus
from inspection.applicability import rule_applies
from inspection.declared import attributes_of
from inspection.models import FrameworkSample
from sampling.selectors.progress import STATUS_ORDER
from tests.support.declared_data import YOUTH, declared_case, format2_inspection
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TABLE = 'id="fieldwork-samples-table"'


def cells(row: str) -> list[str]:
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
    return [re.sub(r"\s+", " ", c).strip() for c in found]


def test_summary_counts_each_samples_cases_by_status(client):
    youth = format2_inspection(YOUTH)
    statuses = [CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.SIGNED_OFF, CaseStatus.RETURNED]
    kinds = [
        {"disposal": "court", "custody": True},
        {"disposal": "court"},
        {"disposal": "oocd", "oocd_type": "youth_caution"},
        {"custody": True},  # disposal unknown: it qualifies for both disposal samples
    ]
    for i in range(11):
        declared_case(youth, kinds[i % 4], ref=f"Y{i}", status=statuses[i % 3 + (i == 10)])
    expected = {}
    cases = list(youth.cases.select_related("inspection__framework"))
    for sample in FrameworkSample.objects.filter(framework=youth.framework).order_by("order"):
        fits = Counter(c.status for c in cases if rule_applies(sample.applies_to, attributes_of(c)))
        counts = [str(fits[s]) for s in STATUS_ORDER]
        expected[sample.title] = [*counts, str(sum(fits.values()))]
    client.force_login(MembershipFactory(inspection=youth, role="lead").user)
    page = client.get(reverse("reports:dashboard", args=[youth.pk])).content.decode()
    table = page.split(TABLE)[1].split("</table>")[0]
    rows = [cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
    assert rows[0] == ["Sample", *(s.label for s in STATUS_ORDER), "Total"]
    assert {r[0]: r[1:] for r in rows[1:]} == expected
    assert sum(int(v[-1]) for v in expected.values()) > len(cases)  # some cases in two samples


def test_summary_of_a_single_sample_inspection_has_no_sample_table(client, lead, inspection):
    client.force_login(lead)
    page = client.get(reverse("reports:dashboard", args=[inspection.pk])).content.decode()
    assert 'id="fieldwork-table"' in page and TABLE not in page
