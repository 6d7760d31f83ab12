"""CSRF is enforced on sign-in and on casework writes (the test client skips it by default)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Answer
from tests.support.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_sign_in_needs_the_csrf_token():
    UserFactory(username="dana")
    client = Client(enforce_csrf_checks=True)
    credentials = {"username": "dana", "password": "correct horse battery staple"}
    page = client.get(reverse("login"))
    refused = client.post(reverse("login"), credentials)
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session
    token = form_token(page.content.decode())
    accepted = client.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_casework_save_needs_the_csrf_token(inspection, inspector):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspector)
    url = reverse("cases:standard", args=[case.pk, "2.2"])
    page = client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if not name.startswith("r_")}
    data.update({"a_2_2_1": "no", "e_2_2_1": "Forged from another site", "action": "save"})
    forged = client.post(url, data)
    assert forged.status_code == 403
    assert not Answer.objects.filter(case=case).exists()
    data["csrfmiddlewaretoken"] = form_token(page.content.decode())
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert Answer.objects.get(case=case, item__code="2.2.1").value == "no"
