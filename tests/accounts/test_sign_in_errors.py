"""Sign-in errors in the GOV.UK Design System's words, in the error summary, linked to the field
they are about."""

import pytest

from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, **data):
    response = client.post("/sign-in/", {"username": "", "password": "", **data})
    assert response.status_code == 200
    return response.content.decode()


def test_empty_fields_are_named_and_linked(client):
    page = sign_in(client)
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert "This field is required" not in page
    # each field shows its own message too, as the design system's error message
    assert 'id="id_username-error"' in page and 'aria-describedby="id_username-error"' in page
    assert 'id="id_password-error"' in page
    assert "<title>Error: Sign in" in page


def test_a_wrong_password_says_so_in_the_design_systems_words(client):
    UserFactory(username="dana")
    page = sign_in(client, username="dana", password="not the password")
    assert '<a href="#id_username">Enter a correct username and password</a>' in page
    assert "Please enter a correct" not in page


def test_only_the_missing_password_is_named(client):
    page = sign_in(client, username="dana")
    assert "Enter your password" in page and "Enter your username" not in page
