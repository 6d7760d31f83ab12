"""The footer's pages: accessibility statement, privacy notice, cookies and feedback. Open to
everyone, signed in or not (the sign-in page links to them too)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# When the statement was last reviewed: change it with the statement.
STATEMENT_PREPARED = "8 December 2026"


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "info/accessibility.html", {"prepared": STATEMENT_PREPARED})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "info/privacy.html",
        {
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
            "max_hours": settings.SESSION_MAX_SECONDS // 3600,
        },
    )


def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "info/cookies.html",
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
        },
    )


def feedback(request: HttpRequest) -> HttpResponse:
    return render(request, "info/feedback.html", {"feedback_email": settings.FEEDBACK_EMAIL})
