"""Unsaved casework kept in the browser (localStorage) belongs to one user: the pages name that
user by a key the browser cannot turn back into an id or a name, and signing out clears it all."""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.crypto import salted_hmac

from accounts import oidc
from accounts.oidc_session import ID_TOKEN

KEY_SALT = "casebook.accounts.drafts.owner"


def draft_owner_key(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """A stable, non-reversible key for the user's drafts (an HMAC of the id under SECRET_KEY)."""
    if user is None or not user.is_authenticated:
        return ""
    return salted_hmac(KEY_SALT, str(user.pk), algorithm="sha256").hexdigest()[:32]


def draft_owner(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `draft_owner`, computed only where a template uses it."""
    return {"draft_owner": lambda: draft_owner_key(getattr(request, "user", None))}


class SignOutView(LogoutView):
    """Django's sign-out, also telling the browser to drop this site's storage (the drafts):
    the sign-out button's script does the same where Clear-Site-Data is not honoured.

    A directory session also ends at the provider (RP-initiated logout): the answer redirects to
    its end-session endpoint, which comes back to the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(ID_TOKEN, "")
        response = super().post(request, *args, **kwargs)
        if id_token and oidc.enabled():
            back = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
            url = oidc.logout_url(id_token=id_token, post_logout_redirect_uri=back)
            if url:
                response = HttpResponseRedirect(url)
        response["Clear-Site-Data"] = '"storage"'
        return response
