"""Failed sign-ins are throttled by django-axes: after the limit even the right password is refused.

Three counters: a username at one address, a username from any address, an address across
usernames (each with its own limit, see accounts/lockout.py); the client address is REMOTE_ADDR
unless a proxy header is configured.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.support.factories import UserFactory

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


def _fail(client, username: str, address: str, **headers) -> None:
    client.post(
        reverse("login"),
        {"username": username, "password": "wrong"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def _sign_in(client, username: str, address: str, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": "correct horse battery staple"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_one_username_tried_from_many_addresses_is_locked(client):
    UserFactory(username="dana")
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        _fail(client, "dana", f"198.51.100.{n + 1}")  # under the per-address limit at each
    locked = _sign_in(client, "dana", "203.0.113.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_locked(client):
    UserFactory(username="lee")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        _fail(client, f"guess{n}", "198.51.100.7")  # one password sprayed over many accounts
    assert _sign_in(client, "lee", "198.51.100.7").status_code == 429
    assert _sign_in(client, "lee", "198.51.100.8").status_code == 302  # others unaffected


def test_a_shared_address_takes_more_typos_than_one_account(client):
    UserFactory(username="lee")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        _fail(client, f"colleague{n}", "198.51.100.7")
    assert _sign_in(client, "lee", "198.51.100.7").status_code == 302


def test_signing_in_does_not_clear_the_address_count_of_other_usernames(client):
    UserFactory(username="lee")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        _fail(client, f"guess{n}", "198.51.100.7")
    assert _sign_in(client, "lee", "198.51.100.7").status_code == 302  # the sprayer's own account
    client.logout()
    _fail(client, "guess-last", "198.51.100.7")
    assert _sign_in(client, "lee", "198.51.100.7").status_code == 429


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_configured(client):
    UserFactory(username="dana")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, "dana", "198.51.100.7", x_forwarded_for=f"203.0.113.{n}")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    locked = _sign_in(client, "dana", "198.51.100.7", x_forwarded_for="203.0.113.99")
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("forwarded", "proxies", "address"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),  # the proxy appended the client's address
        ("192.0.2.1, 203.0.113.5", 1, "203.0.113.5"),  # 192.0.2.1 was written by the client
        ("192.0.2.1, 203.0.113.5, 10.0.0.1", 2, "203.0.113.5"),  # two proxies
        ("", 1, "10.0.0.2"),  # not through the proxy: the peer is the client
        ("not-an-address", 1, "10.0.0.2"),
    ],
)
def test_behind_a_proxy_the_address_is_the_one_the_trusted_proxy_appended(
    client, settings, forwarded, proxies, address
):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = proxies
    UserFactory(username="dana")
    _fail(client, "dana", "10.0.0.2", x_forwarded_for=forwarded)
    assert AccessAttempt.objects.get().ip_address == address


def test_clients_behind_one_proxy_are_counted_apart(client, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    UserFactory(username="lee")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        _fail(client, f"guess{n}", "10.0.0.2", x_forwarded_for="198.51.100.7")
    assert _sign_in(client, "lee", "10.0.0.2", x_forwarded_for="198.51.100.8").status_code == 302
    client.logout()
    assert _sign_in(client, "lee", "10.0.0.2", x_forwarded_for="198.51.100.7").status_code == 429
