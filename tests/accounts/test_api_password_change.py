"""A password an admin set must be changed before the API answers, whichever way the caller
authenticates: a session, HTTP Basic, or any scheme added later (issue 15, item 5)."""

import base64
import json
import re
import urllib.error
import urllib.request

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authentication import BaseAuthentication
from rest_framework.views import APIView

from accounts.services import password_set_by_admin
from portal.api import CaseViewSet
from tests.support.factories import AdminFactory

pytestmark = pytest.mark.django_db
TEMPORARY = "temporary-pass-4821"
CHANGE = reverse("accounts:password_change")
ACCEPT = "application/json, text/html;q=0.5"  # JSON, or the HTML of Swagger UI's page


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def newbie(framework):
    """An admin (so every API route would answer) whose password an admin chose."""
    return password_set_by_admin(user=AdminFactory(username="newbie"), password=TEMPORARY)


def assert_refused(response) -> None:
    assert response.status_code == 403, response.content[:300]
    if response["Content-Type"].startswith("text/html"):  # Swagger UI's page
        detail = response.content.decode()
    else:
        detail = response.json()["detail"]
    assert "must change the password an administrator set" in detail
    assert CHANGE in detail


def api_routes() -> list[str]:
    """Every DRF view under /api/, with 1 for each URL argument."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                if cls and issubclass(cls, APIView):
                    route = re.sub(
                        r"\(\?P<\w+>[^)]*\)|<(\w+:)?\w+>", "1", prefix + str(pattern.pattern)
                    )
                    found.append("/" + route.replace("^", "").replace("$", ""))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_the_walk_finds_the_api():
    routes = api_routes()
    assert {"/api/cases/", "/api/inspections/1/", "/api/inspections/import/"} <= set(routes)
    assert "/api/schema/" in routes and "/api/docs/" in routes


@pytest.mark.parametrize("method", ["get", "post"])
def test_basic_auth_is_refused_on_every_api_route(client, newbie, method):
    for route in api_routes():
        response = getattr(client, method)(
            route, HTTP_AUTHORIZATION=basic("newbie", TEMPORARY), HTTP_ACCEPT=ACCEPT
        )
        assert_refused(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_session_is_refused_on_every_api_route_with_json(client, newbie, method):
    client.force_login(newbie)
    for route in api_routes():
        assert_refused(getattr(client, method)(route, HTTP_ACCEPT=ACCEPT))


class TrustedHeaderAuthentication(BaseAuthentication):
    """A stand-in for a scheme added later (an OIDC bearer token, say): it authenticates the
    user a header names, and knows nothing of passwords."""

    def authenticate(self, request):
        from django.contrib.auth import get_user_model

        username = request.headers.get("X-Test-User")
        if not username:
            return None
        return get_user_model().objects.get(username=username), None


def test_a_later_scheme_inherits_the_rule(client, newbie, monkeypatch):
    monkeypatch.setattr(CaseViewSet, "authentication_classes", [TrustedHeaderAuthentication])
    assert_refused(client.get("/api/cases/", HTTP_X_TEST_USER="newbie"))
    newbie.account.must_change_password = False
    newbie.account.save()
    assert client.get("/api/cases/", HTTP_X_TEST_USER="newbie").status_code == 200


def test_once_changed_basic_auth_reads_the_api(client, newbie):
    client.force_login(newbie)
    done = client.post(
        CHANGE,
        {
            "old_password": TEMPORARY,
            "new_password1": "lantern-orchard-velvet",
            "new_password2": "lantern-orchard-velvet",
        },
    )
    assert done.status_code == 302
    client.logout()
    response = client.get(
        "/api/cases/", HTTP_AUTHORIZATION=basic("newbie", "lantern-orchard-velvet")
    )
    assert response.status_code == 200 and response.json()["count"] == 0


def test_pages_still_lead_a_session_to_the_change_page(client, newbie):
    client.force_login(newbie)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(CHANGE)


@pytest.mark.django_db(transaction=True)
def test_curl_u_against_a_running_server_is_refused(live_server, newbie):
    """As the hostile run did it: `curl -u newbie:... /api/cases/` against a real server."""
    request = urllib.request.Request(
        live_server.url + "/api/cases/", headers={"Authorization": basic("newbie", TEMPORARY)}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    detail = json.loads(refused.value.read())["detail"]
    assert "must change the password an administrator set" in detail
