"""A format-2 inspection's results document lists each sample's counted cases (`samples`: code,
title, cases_counted; an optional key, as INTERCHANGE.md allows); a format-1 document has no such
key, unchanged."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from casework.models import CaseStatus
from inspection.applicability import rule_applies
from inspection.declared import attributes_of
from inspection.models import FrameworkSample
from tests.support.declared_data import YOUTH, declared_case, format2_inspection
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db


def aggregate(inspection) -> dict:
    out = StringIO()
    call_command("aggregate", str(inspection.pk), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_youth_results_document_counts_each_samples_cases():
    youth = format2_inspection(YOUTH)
    kinds = [
        {"disposal": "court", "custody": True},
        {"disposal": "oocd"},
        {"custody": True},  # disposal unknown: it qualifies for both disposal samples
        {"disposal": "court", "custody": False},
    ]
    statuses = [CaseStatus.SUBMITTED, CaseStatus.SIGNED_OFF, CaseStatus.DRAFT]
    for i in range(14):
        declared_case(youth, kinds[i % 4], ref=f"Y{i}", status=statuses[i % 3])
    counted = list(youth.cases.counted().select_related("inspection__framework"))
    expected = [
        {
            "code": s.code,
            "title": s.title,
            "cases_counted": sum(rule_applies(s.applies_to, attributes_of(c)) for c in counted),
        }
        for s in FrameworkSample.objects.filter(framework=youth.framework).order_by("order")
    ]
    document = aggregate(youth)
    assert document["cases_counted"] == len(counted) < youth.cases.count()
    assert document["samples"] == expected
    assert len({s["cases_counted"] for s in expected}) > 1


def test_a_pdu_results_document_has_no_samples_key(inspection):
    CaseFactory(inspection=inspection, status=CaseStatus.SUBMITTED)
    document = aggregate(inspection)
    assert document["cases_counted"] == 1 and "samples" not in document
