"""Session limits, the forced password change, and sign-in answers that htmx can understand.

Sits after AuthenticationMiddleware and MessageMiddleware.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from rest_framework.views import APIView

from accounts.roles import must_change_password
from accounts.signals import SEEN_AT, SIGNED_IN_AT

# Renewing the session's expiry costs a write, so it is renewed at most once a minute: the idle
# limit is then exact to within a minute.
TOUCH_EVERY_SECONDS = 60


def _signed_out_answer(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    """For an htmx request (autosave): a status the page acts on, with a short message, instead
    of a redirect that htmx would follow and swap in as a whole sign-in page."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = current.path + (f"?{current.query}" if current.query else "")
    if not back.startswith("/"):
        back = ""
    target = resolve_url("accounts:password_change" if reason == "password" else settings.LOGIN_URL)
    link = f"{target}?{urlencode({'next': back})}" if back else target
    body = render_to_string(
        "registration/_signed_out_status.html", {"reason": reason, "link": link}
    )
    response = HttpResponse(body, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Session realm="Casebook"'
    return response


class SessionLimitsMiddleware:
    """Idle limit (sliding, SESSION_IDLE_MINUTES via SESSION_COOKIE_AGE) and absolute limit
    (SESSION_MAX_HOURS from sign-in); a signed-out htmx request gets 401, not a redirect."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None or now - signed_in_at > settings.SESSION_MAX_SECONDS:
                logout(request)
            elif now - request.session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
                request.session[SEEN_AT] = now  # saving renews the expiry: the idle limit slides
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            return _signed_out_answer(request, "signed_out", 401)
        return response


def _is_api_view(path: str) -> bool:
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    view_class = getattr(view, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


class PasswordChangeRequiredMiddleware:
    """Until a user has replaced a password an admin chose, every page leads to the change page.

    API views (Django REST framework) are left to `accounts.api.PasswordChanged`, which refuses
    with 403 JSON whichever scheme authenticated the caller: DRF authenticates after this
    middleware, so HTTP Basic callers are only known there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            must_change_password(request.user)
            and not self._allowed(request.path)
            and not _is_api_view(request.path_info)
        ):
            if request.headers.get("HX-Request") == "true":
                return _signed_out_answer(request, "password", 403)
            messages.info(request, "Choose a new password before you continue.")
            change = resolve_url("accounts:password_change")
            return redirect(f"{change}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        allowed = (
            resolve_url("accounts:password_change"),
            resolve_url("logout"),
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else f"/{settings.STATIC_URL}",
        )
        return path.startswith(allowed)
