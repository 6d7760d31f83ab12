"""Sessions: a 30-minute idle limit that slides with activity, a 12-hour limit from sign-in, and a
status (not a sign-in page) for an htmx request whose session has gone."""

import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.signals import SEEN_AT, SIGNED_IN_AT
from tests.support.factories import CaseFactory, UserFactory
from tests.support.sessions import session_expire

pytestmark = pytest.mark.django_db


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_expires_after_thirty_idle_minutes_not_fourteen_days(client):
    client.post(
        reverse("login"),
        {"username": UserFactory().username, "password": "correct horse battery staple"},
    )
    left = session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_activity_renews_the_idle_limit(client):
    client.force_login(UserFactory())
    session = client.session
    session[SEEN_AT] = int(time.time()) - 120  # last renewed two minutes ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=3)
    )
    assert client.get(reverse("home")).status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert left > timedelta(minutes=29)


def test_an_idle_session_signs_the_user_out(client):
    client.force_login(UserFactory())
    session_expire(client.session.session_key)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client):
    client.force_login(UserFactory())
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_autosave_after_the_session_ended_gets_401_and_a_sign_in_link_back(
    client, inspection, inspector
):
    case = CaseFactory(inspection=inspection, assigned_to=inspector)
    page = reverse("cases:standard", args=[case.pk, "2.2"])
    response = client.post(
        page,
        {"e_2_2_1": "Typed while signed out"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}?x=1"},
    )
    assert response.status_code == 401
    body = response.content.decode()
    assert "you have been signed out" in body
    assert f'href="{reverse("login")}?{urlencode({"next": page + "?x=1"})}"' in body
    assert not case.answers.exists()


def test_a_plain_request_after_the_session_ended_still_redirects_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302


def test_signing_out_tells_the_browser_to_clear_its_storage(client):
    """Drafts kept in the browser go with the session on a shared machine, with or without
    script (and if a failed save stores one after the click)."""
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
