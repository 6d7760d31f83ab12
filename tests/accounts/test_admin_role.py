"""Casebook admin is an app role, not Django staff; the Django admin is for operators only and
shows casework read-only, so nothing there bypasses the services."""

import pytest
from django.urls import reverse

from casework.models import Answer, CaseStatus
from inspection.models import Item
from inspection.permissions import is_admin
from tests.support.factories import AdminFactory, CaseFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_app_admin_role_is_not_django_staff_and_opens_set_up_not_the_django_admin(client):
    admin = AdminFactory(username="ada")
    assert is_admin(admin) and not admin.is_staff and not admin.is_superuser
    client.force_login(admin)
    assert client.get(reverse("setup:users")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's own sign-in


def test_django_staff_without_the_app_role_is_not_a_casebook_admin(client):
    staff = UserFactory(username="staffer", is_staff=True)
    operator = OperatorFactory(username="ops")
    assert not is_admin(staff) and not is_admin(operator)
    client.force_login(operator)
    assert client.get(reverse("setup:users")).status_code == 404


def test_the_django_admin_is_for_superusers_only(client):
    client.force_login(UserFactory(username="staffer", is_staff=True))
    assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(OperatorFactory(username="ops"))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_django_admin_cannot_change_casework_even_for_a_superuser(client, inspection):
    case = CaseFactory(inspection=inspection, status=CaseStatus.SIGNED_OFF)
    answer = Answer.objects.create(
        case=case,
        item=Item.objects.get(framework=inspection.framework, code="2.2.1"),
        value="yes",
        evidence="Signed-off evidence",
    )
    client.force_login(OperatorFactory(username="ops"))
    change = reverse("admin:casework_answer_change", args=[answer.pk])
    assert client.get(change).status_code == 200  # viewing is allowed
    posted = client.post(change, {"value": "no", "evidence": "Rewritten behind the services"})
    assert posted.status_code == 403
    assert client.post(reverse("admin:casework_answer_add"), {}).status_code == 403
    delete = reverse("admin:casework_case_delete", args=[case.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    for name in ("case", "answer", "interview", "qacomment"):
        assert client.get(reverse(f"admin:casework_{name}_add")).status_code == 403
    answer.refresh_from_db()
    assert (answer.value, answer.evidence) == ("yes", "Signed-off evidence")
    assert Answer.objects.filter(case=case).count() == 1
