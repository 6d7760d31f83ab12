"""A directory session is checked with the provider every OIDC_RECHECK_MINUTES (a refresh-token
exchange, as Microsoft Entra ID supports): when the directory has disabled the user or ended
their sign-in, the exchange is refused and the Casebook session ends at that request."""

import logging
import time
from collections.abc import Callable
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts import oidc

logger = logging.getLogger("casebook.sign_in")

ID_TOKEN = "casebook_oidc_id_token"  # noqa: S105  a session key, not a secret
REFRESH_TOKEN = "casebook_oidc_refresh_token"  # noqa: S105  a session key
RECHECK_AT = "casebook_oidc_recheck_at"
RETRY_SECONDS = 60  # the provider did not answer: keep the session, ask again this much later


def remember(request: HttpRequest, token: dict[str, Any]) -> None:
    """Keep what a later check and the sign-out need (after login(): the session is new)."""
    request.session[ID_TOKEN] = token.get("id_token", "")
    request.session[REFRESH_TOKEN] = token.get("refresh_token", "")
    request.session[RECHECK_AT] = _next_check(token)


def _next_check(token: dict[str, Any]) -> int:
    now = int(time.time())
    expires = int(token.get("expires_at") or now + settings.OIDC_RECHECK_SECONDS)
    return min(expires, now + settings.OIDC_RECHECK_SECONDS)


class DirectorySessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        due = request.user.is_authenticated and int(time.time()) >= request.session.get(
            RECHECK_AT, float("inf")
        )
        if due and not self._still_allowed(request):
            username = request.user.get_username()
            logout(request)
            logger.warning("directory session of %s ended: the provider refused", username)
            messages.warning(
                request,
                "Your organisation account can no longer sign in to Casebook, so you have "
                "been signed out.",
            )
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _still_allowed(request: HttpRequest) -> bool:
        refresh_token = request.session.get(REFRESH_TOKEN)
        if not refresh_token or not oidc.enabled():
            return False  # nothing to check with: the session lasts as long as its token
        try:
            token = oidc.refresh(refresh_token)
        except OAuthError as e:
            logger.info("refresh refused: %s %s", e.error, e.description)
            return False
        except (requests.RequestException, oidc.SignInProblem):
            logger.warning("sign-in service unreachable for a session check", exc_info=True)
            request.session[RECHECK_AT] = int(time.time()) + RETRY_SECONDS
            return True
        request.session[REFRESH_TOKEN] = token.get("refresh_token") or refresh_token
        if token.get("id_token"):
            request.session[ID_TOKEN] = token["id_token"]
        request.session[RECHECK_AT] = _next_check(token)
        return True
