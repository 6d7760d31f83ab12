"""Sign-in with the organisation's account against a real OpenID Connect provider (a node process
started by the fixtures): accounts from the token's subject, roles from the directory's groups,
refused tokens, a disabled user, key rotation, sign-out at the provider, the provider down."""

import time

import pytest
import requests
from django.contrib.auth import get_user_model

from accounts import oidc
from accounts.models import DirectoryIdentity, RoleMapping
from accounts.oidc_session import RECHECK_AT
from tests.oidc_provider.flow import provider_login, sign_in
from tests.oidc_provider.process import free_port
from tests.support.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def _home_user(client):
    response = client.get("/")
    return response.wsgi_request.user if response.status_code == 200 else None


def test_first_sign_in_creates_the_user_from_the_subject_with_mapped_roles(
    client, directory, oidc_settings
):
    RoleMapping.objects.create(claim_value="g-casebook-admins", role="admin")
    RoleMapping.objects.create(claim_value="Casebook.Lead", role="lead")
    alice = directory.set_user("alice", groups=["g-casebook-admins"], roles=["Casebook.Lead"])

    response = sign_in(client, "alice")

    assert response.status_code == 302 and response["Location"] == "/"
    identity = DirectoryIdentity.objects.select_related("user__account").get()
    assert (identity.issuer, identity.subject) == (directory.issuer, alice["sub"])
    user = identity.user
    assert (user.username, user.email, user.first_name) == ("alice", alice["email"], "Alice")
    assert not user.has_usable_password()
    assert user.account.is_admin and user.account.may_lead
    assert not user.account.must_change_password
    assert _home_user(client) == user


def test_a_local_user_with_the_same_email_is_never_taken_over(client, directory, oidc_settings):
    directory.set_user("bob")
    local = UserFactory(username="bob", email="bob@justice.example")

    sign_in(client, "bob")

    new = DirectoryIdentity.objects.get().user
    assert new != local and new.username == "bob~2"
    assert _home_user(client) == new


def test_name_and_email_follow_the_directory_and_a_removed_group_removes_the_role(
    client, directory, oidc_settings
):
    RoleMapping.objects.create(claim_value="g-casebook-admins", role="admin")
    directory.set_user("carol", groups=["g-casebook-admins", "g-other"])
    sign_in(client, "carol")
    user = DirectoryIdentity.objects.get().user
    assert user.account.is_admin
    client.post("/sign-out/")
    requests_session = requests.Session()  # a fresh browser: the provider asks again

    directory.set_user("carol", groups=["g-other"], name="Carol Jones", email="cj@justice.example")
    sign_in(client, "carol", session=requests_session)

    user.refresh_from_db()
    user.account.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == ("Carol", "Jones", "cj@justice.example")
    assert not user.account.is_admin
    assert User.objects.count() == 1
    assert client.get("/setup/users/").status_code == 404


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("bad_signature", "signature did not verify"),
        ("wrong_audience", "issued for another application"),
        ("wrong_issuer", "issued by another service"),
        ("expired", "has expired"),
        ("alg_none", "not signed with an algorithm Casebook accepts"),
        ("replay", "belongs to another sign-in"),
    ],
)
def test_tampered_tokens_are_refused_with_a_clear_message_and_nothing_created(
    client, directory, oidc_settings, mode, message
):
    directory.set_user("dave")
    if mode == "replay":  # an ID token from an earlier sign-in, sent again
        directory.tamper.issued.clear()
        sign_in(client, "dave")
        client.post("/sign-out/")
        User.objects.all().delete()
    directory.tamper.mode = mode

    response = sign_in(client, "dave", session=requests.Session())

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists() and not DirectoryIdentity.objects.exists()
    assert _home_user(client) is None


def test_a_disabled_directory_user_cannot_sign_in(client, directory, oidc_settings):
    directory.set_user("erin", disabled=True)

    page = sign_in(client, "erin")

    assert "Your account has been disabled." in page.text
    assert not User.objects.exists()


def test_a_session_ends_at_the_first_request_after_the_check_finds_the_user_disabled(
    client, directory, oidc_settings
):
    directory.set_user("frank")
    sign_in(client, "frank")
    user = DirectoryIdentity.objects.get().user

    # The check is due (OIDC_RECHECK_MINUTES passed): the directory still knows frank.
    session = client.session
    session[RECHECK_AT] = int(time.time()) - 1
    session.save()
    assert _home_user(client) == user
    assert client.session[RECHECK_AT] > time.time()

    directory.set_user("frank", disabled=True)
    session = client.session
    session[RECHECK_AT] = int(time.time()) - 1
    session.save()
    response = client.get("/", follow=True)

    assert response.redirect_chain[0][0] == "/sign-in/"
    assert "can no longer sign in to Casebook" in response.content.decode()
    assert _home_user(client) is None


def test_keys_rotated_by_the_directory_are_fetched_again(client, directory, oidc_settings):
    directory.set_user("grace")
    sign_in(client, "grace")
    client.post("/sign-out/")

    kid = directory.rotate_keys()
    response = sign_in(client, "grace", session=requests.Session())

    assert response.status_code == 302 and _home_user(client) is not None
    cached = oidc.client().server_metadata["jwks"]["keys"]
    assert [k["kid"] for k in cached] == [kid]


def test_sign_out_ends_the_provider_session_too(client, directory, oidc_settings):
    directory.set_user("heidi")
    browser = requests.Session()
    sign_in(client, "heidi", session=browser)

    response = client.post("/sign-out/")

    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{directory.issuer}/session/end")
    assert "id_token_hint=" in end_session and "post_logout_redirect_uri=" in end_session
    assert _home_user(client) is None
    confirm = browser.get(end_session, timeout=15)
    form = dict(
        __import__("re").findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', confirm.text)
    )
    done = browser.post(
        f"{directory.issuer}/session/end/confirm",
        data={**form, "logout": "yes"},
        allow_redirects=False,
        timeout=15,
    )
    assert done.headers["Location"].startswith("http://testserver/sign-in/")
    # The provider no longer knows this browser: signing in asks for the password again.
    start = client.get("/account/sign-in/organisation/")
    page = browser.get(start["Location"], timeout=15)
    assert 'name="password"' in page.text


def test_the_provider_down_gives_a_clear_page_not_a_500(client, directory, oidc_settings):
    oidc_settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"

    response = client.get("/account/sign-in/organisation/")

    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()


def test_the_provider_down_at_the_callback_gives_a_clear_page(client, directory, oidc_settings):
    directory.set_user("ivan")
    start = client.get("/account/sign-in/organisation/")
    back = provider_login(requests.Session(), start["Location"], "ivan", "directory password 1")
    directory.stop()
    try:
        parts = back.split("testserver", 1)[1]
        response = client.get(parts)
    finally:
        directory.start()

    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()
    assert not User.objects.exists()


def test_a_user_deactivated_in_casebook_is_refused_at_sign_in(client, directory, oidc_settings):
    directory.set_user("judy")
    sign_in(client, "judy")
    client.post("/sign-out/")
    User.objects.update(is_active=False)

    response = sign_in(client, "judy", session=requests.Session())

    assert response.status_code == 403
    assert "Your Casebook account has been switched off" in response.content.decode()
    assert _home_user(client) is None
