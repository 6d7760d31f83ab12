"""Local passwords beside the organisation's account: on by default (and with no issuer, exactly as
before); switched off for everyone but the named break-glass admin, whose every use is logged;
lockout and the forced password change still hold for local accounts."""

import logging

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import RoleMapping
from accounts.services import password_must_change
from tests.support.factories import AdminFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def passwords_off(oidc_settings):
    oidc_settings.LOCAL_PASSWORDS = False
    oidc_settings.BREAK_GLASS_USERNAME = "emergency"
    return oidc_settings


def test_with_no_issuer_the_sign_in_page_is_as_before(client):
    UserFactory(username="dana")
    page = client.get(reverse("login")).content.decode()
    assert "organisation's account" not in page and 'name="password"' in page
    assert client.get("/account/sign-in/organisation/").status_code == 404
    assert (
        client.post(reverse("login"), {"username": "dana", "password": PASSWORD}).status_code == 302
    )


def test_with_an_issuer_both_ways_are_offered(client, oidc_settings):
    page = client.get(reverse("login")).content.decode()
    assert 'data-testid="organisation-sign-in"' in page
    assert 'name="password"' in page


def test_passwords_off_refuses_everyone_but_the_break_glass_admin(client, passwords_off, caplog):
    UserFactory(username="dana")
    AdminFactory(username="emergency")

    refused = client.post(reverse("login"), {"username": "dana", "password": PASSWORD})
    assert refused.status_code == 200
    assert "Casebook passwords are switched off" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    with caplog.at_level(logging.WARNING, logger="casebook.sign_in"):
        ok = client.post(reverse("login"), {"username": "emergency", "password": PASSWORD})
    assert ok.status_code == 302 and client.session["_auth_user_id"]
    assert any(
        "break-glass sign-in" in r.getMessage() and "emergency" in r.getMessage()
        for r in caplog.records
    )


def test_passwords_off_still_counts_failures_and_locks_the_break_glass_admin_out(
    client, passwords_off
):
    AdminFactory(username="emergency")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "emergency", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "emergency", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_refused_local_passwords_are_counted_too(client, passwords_off):
    UserFactory(username="dana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "dana", "password": PASSWORD})
    assert (
        client.post(reverse("login"), {"username": "dana", "password": PASSWORD}).status_code == 429
    )


def test_lockout_and_the_forced_change_hold_for_local_accounts_beside_the_directory(
    client, oidc_settings
):
    newbie = UserFactory(username="newbie")
    password_must_change(user=newbie)
    assert (
        client.post(reverse("login"), {"username": "newbie", "password": PASSWORD}).status_code
        == 302
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change"))

    client.logout()
    UserFactory(username="dana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "dana", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "dana", "password": PASSWORD}).status_code == 429
    )


def test_admins_edit_the_role_mapping_in_the_product(client):
    client.force_login(AdminFactory())
    page = client.get(reverse("accounts:role_mappings"))
    assert page.status_code == 200 and "No mappings yet" in page.content.decode()

    added = client.post(
        reverse("accounts:role_mappings"),
        {"claim_value": " 5f3c-admins ", "role": "admin", "note": "Casebook admins"},
    )
    assert added.status_code == 302
    mapping = RoleMapping.objects.get()
    assert (mapping.claim_value, mapping.role) == ("5f3c-admins", "admin")
    assert "5f3c-admins" in client.get(reverse("accounts:role_mappings")).content.decode()

    duplicate = client.post(
        reverse("accounts:role_mappings"), {"claim_value": "5f3c-admins", "role": "admin"}
    )
    assert duplicate.status_code == 400 and "There is a problem" in duplicate.content.decode()
    blank = client.post(reverse("accounts:role_mappings"), {"claim_value": "  ", "role": "lead"})
    assert blank.status_code == 400

    removed = client.post(reverse("accounts:role_mapping_remove", args=[mapping.pk]))
    assert removed.status_code == 302 and not RoleMapping.objects.exists()


def test_the_role_mapping_is_not_found_for_non_admins(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:role_mappings")).status_code == 404
    mapping = RoleMapping.objects.create(claim_value="x", role="admin")
    assert (
        client.post(reverse("accounts:role_mapping_remove", args=[mapping.pk])).status_code == 404
    )
    assert RoleMapping.objects.exists()
