"""The case standard page and the autosave run a fixed number of queries, whatever the items,
answers or cases: pinned exactly, with what each query is (a creep shows up here).

Sessions come from the cache (`cached_db`), so no query reads them. In the test the view's
transaction is a savepoint inside the test's transaction: SAVEPOINT and RELEASE stand where a
server sends BEGIN and COMMIT, so the counts are the server's too (bench/casework.py prints them
from a real transaction).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Answer, QAComment, answer_token
from inspection.models import Item
from tests.support.factories import CaseFactory

pytestmark = pytest.mark.django_db

# The case standard page (GET), once this process has read the framework's items (the first
# page or autosave of a framework version in a process reads them, and its declared attributes:
# a query more each):
#  1. the user and their account (authentication)
#  2. the case in the user's scope with its inspection, PDU, region, framework version (without
#     its source document) and assignee, and whether the user leads the inspection (EXISTS)
#  3. the case's answers
#  4. the case's open QA comments with their authors
PAGE_QUERIES = 4

# One autosave (the framework's items read before, as above):
#  1. the user and their account
#  2. the case in the user's scope, as for the page
#  3. SAVEPOINT (BEGIN on a server)
#  4. UPDATE the case's version ... RETURNING the row: the row lock and the new version at once
#  5. the stored answers of the items sent, with who saved them (for conflicts)
#  6. INSERT the new answers (or one UPDATE of the changed ones), however many items
#  7. INSERT their history rows
#  8. RELEASE SAVEPOINT (COMMIT)
AUTOSAVE_QUERIES = 8


def fill(case, lead) -> None:
    items = Item.objects.filter(framework=case.inspection.framework).exclude(
        standard__rated_from="judgement"
    )
    Answer.objects.bulk_create(
        Answer(case=case, item=item, value=item.answers[0], evidence="Evidence") for item in items
    )
    QAComment.objects.bulk_create(
        QAComment(case=case, item=item, text="Look again", author=lead) for item in items[:5]
    )


def count(client, case, code) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:standard", args=[case.pk, code]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("code", ["2.2", "R", "MO"])
def test_standard_page_query_count_is_fixed(
    client, inspection, inspector, lead, code, django_assert_num_queries
):
    small = CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")
    client.force_login(inspector)
    client.get(reverse("cases:standard", args=[small.pk, code]))  # reads the framework's items
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse("cases:standard", args=[small.pk, code]))

    big = CaseFactory(inspection=inspection, assigned_to=inspector, case_type="licence")
    fill(big, lead)
    for _ in range(25):
        fill(CaseFactory(inspection=inspection, assigned_to=inspector), lead)
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(reverse("cases:standard", args=[big.pk, code]))
    assert count(client, big, code) == count(client, small, code)


def test_lead_view_of_standard_page_is_also_fixed(
    client, inspection, inspector, lead, django_assert_num_queries
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    fill(case, lead)
    client.force_login(lead)
    client.get(reverse("cases:standard", args=[case.pk, "2.2"]))
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(reverse("cases:standard", args=[case.pk, "2.3"])).status_code == 200


def _autosave(client, case, edits: dict[str, tuple[str, str, str]]):
    data = {"partial": "1", "version": "1"}  # a stale version only marks the save as stale
    for slug, (value, evidence, token) in edits.items():
        data |= {f"a_{slug}": value, f"e_{slug}": evidence, f"t_{slug}": token}
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.content
    return response


TEN = [
    "2_2_1",
    "2_2_1_a",
    "2_2_1_b",
    "2_2_1_c",
    "2_2_2",
    "2_2_2_a",
    "2_2_2_b",
    "2_2_2_c",
    "2_2_3",
    "2_2_3_a",
]


@pytest.mark.parametrize("n", [1, 10])
def test_autosave_query_count_is_fixed_for_one_or_ten_new_answers(
    client, inspection, inspector, lead, n, django_assert_num_queries
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    for _ in range(10):
        fill(CaseFactory(inspection=inspection, assigned_to=inspector), lead)  # other cases
    client.force_login(inspector)
    empty = answer_token("", "")
    _autosave(client, case, {"2_2_3_c": ("no", "warm", empty)})  # reads the framework's items
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        _autosave(client, case, {slug: ("no", f"Evidence {slug}", empty) for slug in TEN[:n]})
    assert Answer.objects.filter(case=case).count() == n + 1


@pytest.mark.parametrize("n", [1, 10])
def test_autosave_query_count_is_fixed_for_one_or_ten_changed_answers(
    client, inspection, inspector, lead, n, django_assert_num_queries
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    fill(case, lead)  # every item answered "yes" with "Evidence"
    client.force_login(inspector)
    start = answer_token("yes", "Evidence")
    _autosave(client, case, {"2_2_3_c": ("no", "warm", start)})
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        _autosave(client, case, {slug: ("no", f"Changed {slug}", start) for slug in TEN[:n]})
    assert Answer.objects.filter(case=case, evidence__startswith="Changed").count() == n


def test_autosave_of_new_and_changed_answers_together_adds_one_statement_each(
    client, inspection, inspector, django_assert_num_queries
):
    """New answers are one INSERT (+ history) and changed ones one UPDATE (+ history): ten
    items, five of each, cost the 8 queries above plus that second pair."""
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    client.force_login(inspector)
    empty = answer_token("", "")
    _autosave(client, case, {slug: ("yes", "Before", empty) for slug in TEN[:5]})
    before = answer_token("yes", "Before")
    edits = {slug: ("no", "After", before) for slug in TEN[:5]}
    edits |= {slug: ("no", "After", empty) for slug in TEN[5:]}
    with django_assert_num_queries(AUTOSAVE_QUERIES + 2):
        _autosave(client, case, edits)
    assert Answer.objects.filter(case=case, evidence="After").count() == 10


def test_the_framework_items_are_read_once_per_process(
    client, inspection, inspector, django_assert_num_queries
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    client.force_login(inspector)
    empty = answer_token("", "")
    # + the framework's items, + its declared attributes (what unknown is for the case's rules)
    with django_assert_num_queries(AUTOSAVE_QUERIES + 2):
        _autosave(client, case, {"2_2_1": ("no", "First", empty)})
    with django_assert_num_queries(AUTOSAVE_QUERIES):
        _autosave(client, case, {"2_2_2": ("no", "Second", empty)})
    with django_assert_num_queries(PAGE_QUERIES):  # other standards too: one read per framework
        client.get(reverse("cases:standard", args=[case.pk, "2.4"]))
