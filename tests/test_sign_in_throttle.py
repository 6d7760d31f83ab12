"""Failed sign-ins are throttled by django-axes: after the limit even the right password is refused."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_repeated_failed_sign_ins_lock_the_account_out(client):
    UserFactory(username="dana")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "dana", "password": "wrong"})
    assert response.status_code in (200, 429)
    locked = client.post(url, {"username": "dana", "password": "correct horse battery staple"})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_below_the_limit_still_allows_sign_in(client):
    UserFactory(username="lee")
    url = reverse("login")
    client.post(url, {"username": "lee", "password": "wrong"})
    ok = client.post(url, {"username": "lee", "password": "correct horse battery staple"})
    assert ok.status_code == 302
    assert client.session["_auth_user_id"]
