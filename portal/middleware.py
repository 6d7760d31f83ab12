"""A request too large to read gets an answer that says so, never Django's bare "Bad Request".

Django refuses a form post whose fields add up to more than DATA_UPLOAD_MAX_MEMORY_SIZE (or with
more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields) with RequestDataTooBig when the post is first
read — in the CSRF check, before any view runs. This middleware reads the post first and answers
413 with the limit in words: for an htmx request (the case form's autosave) a status line the
page shows while it keeps the text, otherwise a GOV.UK error page.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.models import EVIDENCE_MAX_CHARS


def size_words(size: int) -> str:
    """2621440 -> '2.5 MB', 51200 -> '50 KB'."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{size // 1024} KB"


class RequestTooLargeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018  (reading it is the check)
            except (RequestDataTooBig, TooManyFieldsSent):
                return self._too_large(request)
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest) -> HttpResponse:
        context = {
            "limit": size_words(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "evidence_limit": f"{EVIDENCE_MAX_CHARS:,}",
        }
        template = (
            "errors/_request_too_large_status.html"
            if request.headers.get("HX-Request") == "true"
            else "errors/request_too_large.html"
        )
        return render(request, template, context, status=413)
