"""Passwords: Django's full validators, a change page for everyone, and an admin-set password that
must be changed at first sign-in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.services import password_set_by_admin
from sampling.services.users import user_create
from tests.support.factories import AdminFactory, OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGE = reverse("accounts:password_change")


def test_every_signed_in_user_can_change_their_own_password(client):
    user = UserFactory(username="dana")
    client.force_login(user)
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "Change your password" in page.content.decode()
    response = client.post(
        CHANGE,
        {
            "old_password": "correct horse battery staple",
            "new_password1": "lantern-orchard-velvet",
            "new_password2": "lantern-orchard-velvet",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("lantern-orchard-velvet")
    assert client.get(reverse("home")).status_code == 200  # still signed in here


def test_a_numeric_or_wrong_password_change_is_refused_with_an_error_summary(client):
    user = UserFactory(username="dana")
    client.force_login(user)
    response = client.post(
        CHANGE,
        {
            "old_password": "correct horse battery staple",
            "new_password1": "58204719365821",
            "new_password2": "58204719365821",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "entirely numeric" in page
    wrong = client.post(
        CHANGE,
        {
            "old_password": "not my password",
            "new_password1": "lantern-orchard-velvet",
            "new_password2": "lantern-orchard-velvet",
        },
    )
    assert "Your old password was entered incorrectly" in wrong.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct horse battery staple")


def test_a_password_set_by_an_admin_must_be_changed_at_first_sign_in(client):
    user_create(username="newbie", first_name="N", last_name="B", password="temporary-pass-4821")
    signed_in = client.post(
        reverse("login"), {"username": "newbie", "password": "temporary-pass-4821"}
    )
    assert signed_in.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"].startswith(CHANGE)
    case_page = client.get("/cases/1/")
    assert case_page.status_code == 302 and case_page["Location"].startswith(CHANGE)
    forced = client.get(home["Location"])
    assert "Your password was set by an administrator" in forced.content.decode()
    done = client.post(
        CHANGE,
        {
            "old_password": "temporary-pass-4821",
            "new_password1": "lantern-orchard-velvet",
            "new_password2": "lantern-orchard-velvet",
            "next": "/",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    newbie = get_user_model().objects.get(username="newbie")
    assert not newbie.account.must_change_password


def test_an_htmx_request_before_the_change_gets_a_status_not_the_change_page(client):
    user = UserFactory(username="dana")
    password_set_by_admin(user=user, password="temporary-pass-4821")
    client.force_login(user)
    response = client.post("/cases/1/standard/2.2/", {}, headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "change your password first" in response.content.decode()


def test_a_reset_in_the_django_admin_must_be_changed_at_next_sign_in(client):
    operator = OperatorFactory(username="ops")
    person = UserFactory(username="dana")
    client.force_login(operator)
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = client.post(
        url,
        {
            "password1": "operator-chosen-9173",
            "password2": "operator-chosen-9173",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("operator-chosen-9173")
    assert person.account.must_change_password


def test_the_header_links_to_the_change_page(client):
    client.force_login(AdminFactory())
    assert f'href="{CHANGE}"' in client.get(reverse("home")).content.decode()
