"""Request size limits, enforced before anything reads the body, and the page that names them.

`RequestSizeLimitMiddleware` refuses a request whose declared body (Content-Length) is larger
than `REQUEST_MAX_BYTES` (the upload limit plus room for the form around it) with 413, before
Django parses a form or spools an upload to disk. Django's own limits on form data
(`DATA_UPLOAD_MAX_MEMORY_SIZE`, `DATA_UPLOAD_MAX_NUMBER_FIELDS`) raise `RequestDataTooBig` /
`TooManyFieldsSent`; `bad_request` (the project's handler400) turns those into the same GOV.UK
page, naming the limit, instead of a bare "Bad Request (400)". API callers get JSON
`{"problems": [...]}`. The limits are listed in docs/limits.md.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from casework.models import EVIDENCE_MAX_CHARS


def megabytes(n: int) -> str:
    """A size in words: 2621440 -> '2.5 MB', 51200 -> '50 KB'."""
    if n < 1024 * 1024:
        return f"{n // 1024:,} KB"
    return f"{n / 1024 / 1024:,.1f}".removesuffix(".0") + " MB"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _problem(request: HttpRequest, status: int, heading: str, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"problems": [message]}, status=status)
    context = {"heading": heading, "message": message, "back": request.path}
    return render(request, "request_problem.html", context, status=status)


def too_large(request: HttpRequest, limit: int, what: str = "What you sent") -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        # the case form's autosave: a status line the page shows while it keeps the text
        context = {"limit": megabytes(limit)}
        return render(request, "errors/_request_too_large_status.html", context, status=413)
    return _problem(
        request,
        413,
        "What you sent is too large",
        f"{what} is larger than {megabytes(limit)}, the most Casebook accepts in one request "
        f"(an uploaded file can be up to {megabytes(settings.UPLOAD_MAX_BYTES)}; each evidence "
        f"box holds up to {EVIDENCE_MAX_CHARS:,} characters). Nothing was saved.",
    )


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if content_length(request) > settings.REQUEST_MAX_BYTES:
            return too_large(request, settings.REQUEST_MAX_BYTES)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the limits Django enforces while reading a form, named; otherwise a plain
    GOV.UK 'there is a problem' page."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(
            request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "The text of the form you sent"
        )
    if isinstance(exception, TooManyFieldsSent):
        return _problem(
            request,
            413,
            "The form you sent has too many fields",
            f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,} fields, the most "
            "Casebook accepts in one request. Nothing was saved.",
        )
    if isinstance(exception, TooManyFilesSent):
        return _problem(
            request,
            413,
            "Too many files",
            f"You sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files at once. "
            "Nothing was saved.",
        )
    return _problem(
        request,
        400,
        "There is a problem with what you sent",
        "Casebook could not read the request. Go back, reload the page and try again.",
    )
