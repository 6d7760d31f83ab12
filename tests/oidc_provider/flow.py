"""Drive a sign-in through Casebook (Django's test client) and the real provider (HTTP, through
its own login page), as a browser would, without a browser."""

import re
from html import unescape
from urllib.parse import urlsplit

import requests

from tests.oidc_provider.process import PASSWORD

CALLBACK = "http://testserver/account/sign-in/organisation/callback/"


def _follow(session: requests.Session, url: str, method: str = "GET", data=None):
    """Follow the provider's redirects until one leaves it for Casebook; returns the last
    provider response, or the Casebook URL (a str) it sent the browser to."""
    response = session.request(method, url, data=data, allow_redirects=False, timeout=15)
    while response.is_redirect:
        location = response.headers["Location"]
        if location.startswith("http://testserver/"):
            return location
        response = session.get(
            requests.compat.urljoin(response.url, location), allow_redirects=False, timeout=15
        )
    return response


def provider_login(session: requests.Session, authorize_url: str, username: str, password: str):
    """Open the provider's login page from Casebook's redirect and submit the form there."""
    page = _follow(session, authorize_url)
    if isinstance(page, str):
        return page  # already signed in at the provider: straight back
    action = unescape(re.search(r'<form method="post" action="([^"]+)"', page.text).group(1))
    return _follow(
        session,
        requests.compat.urljoin(page.url, action),
        "POST",
        {"username": username, "password": password},
    )


def sign_in(client, username: str, password: str = PASSWORD, session=None):
    """The whole round trip; returns Casebook's answer to the callback (or the provider's page
    when it refused the login)."""
    session = session or requests.Session()
    start = client.get("/account/sign-in/organisation/")
    assert start.status_code == 302, start.content[:500]
    back = provider_login(session, start["Location"], username, password)
    if not isinstance(back, str):
        return back
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")
