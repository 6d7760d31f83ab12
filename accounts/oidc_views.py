"""Sign-in with the organisation's account: start (redirect to the provider) and the callback.
Any refusal is a page naming the problem (400, or 503 when the provider cannot be reached);
nothing is created for a refused token."""

import logging

import requests
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from accounts import oidc
from accounts.directory import DirectoryRefusal, user_from_claims
from accounts.oidc_session import remember

logger = logging.getLogger("casebook.sign_in")
NEXT = "casebook_oidc_next"


def _problem(request: HttpRequest, problem: oidc.SignInProblem) -> HttpResponse:
    context = {"message": problem.message, "local_passwords": settings.LOCAL_PASSWORDS}
    return render(request, "registration/sign_in_problem.html", context, status=problem.status)


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else ""


@never_cache
def sign_in_start(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("Sign-in with the organisation's account is not set up")
    request.session[NEXT] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    try:
        oidc.metadata()
        redirect: HttpResponse = oidc.client().authorize_redirect(request, callback)
        return redirect
    except requests.RequestException:
        logger.warning("sign-in service unreachable at the start", exc_info=True)
        return _problem(request, oidc.UNREACHABLE)
    except oidc.SignInProblem as problem:
        return _problem(request, problem)


@never_cache
def sign_in_callback(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("Sign-in with the organisation's account is not set up")
    try:
        token = oidc.token_from_callback(request)
        user = user_from_claims(issuer=settings.OIDC_ISSUER, claims=dict(token["userinfo"]))
    except oidc.SignInProblem as problem:
        return _problem(request, problem)
    except DirectoryRefusal as refusal:
        return _problem(request, oidc.SignInProblem(str(refusal), 403))
    target = request.session.pop(NEXT, "")
    login(request, user, backend="accounts.backends.AccountBackend")
    remember(request, token)
    logger.info("directory sign-in: %s", user.get_username())
    return redirect(target or settings.LOGIN_REDIRECT_URL)
