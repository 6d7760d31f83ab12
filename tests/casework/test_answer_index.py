"""The answer table's indexes, chosen by measurement (bench/national.py): one unique index on
(case, item) that also carries the value, and no separate (case, value) or case index."""

import pytest
from django.db import IntegrityError, connection, transaction

from casework.models import Answer
from inspection.models import Item
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_one_answer_per_case_and_item(inspection):
    case = CaseFactory(inspection=inspection)
    item = Item.objects.get(framework=inspection.framework, code="2.2.1")
    Answer.objects.create(case=case, item=item, value="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(case=case, item=item, value="no")


def test_the_unique_index_covers_the_value_and_replaces_two_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_answer'"
        )
        indexes = dict(cursor.fetchall())
    assert indexes["answer_unique_case_item"].endswith("(case_id, item_id) INCLUDE (value)")
    # only the primary key, the covering index and the two foreign keys nothing else serves
    leading = sorted(d.split("(")[1].split(")")[0] for d in indexes.values())
    assert leading == ["case_id, item_id", "id", "item_id", "updated_by_id"]
