"""Expected GET statuses for the casework URLs (cases:*) and the project's own pages."""

ANY_SIGNED_IN = {"anonymous": 302, "outsider": 200, "inspector": 200, "lead": 200, "admin": 200}
CASE_PAGE = {"anonymous": 302, "outsider": 404, "inspector": 200, "lead": 200, "admin": 200}
LEAD_PAGE = {"anonymous": 302, "outsider": 404, "inspector": 403, "lead": 200, "admin": 200}
POST_ONLY = {"anonymous": 302, "outsider": 405, "inspector": 405, "lead": 405, "admin": 405}

EXPECTATIONS: dict[str, dict[str, int]] = {
    # project pages (config/urls.py, inspection/urls.py)
    "home": ANY_SIGNED_IN,
    "login": {"anonymous": 200, "outsider": 302, "inspector": 302, "lead": 302, "admin": 302},
    "logout": {"anonymous": 405, "outsider": 405, "inspector": 405, "lead": 405, "admin": 405},
    "health": {"anonymous": 200, "outsider": 200, "inspector": 200, "lead": 200, "admin": 200},
    "accounts:password_change": ANY_SIGNED_IN,
    "inspection": CASE_PAGE,
    # casework
    "cases:detail": CASE_PAGE,
    "cases:standard": CASE_PAGE,
    "cases:submit": POST_ONLY,
    "cases:interview_add": CASE_PAGE,
    "cases:interview_change": CASE_PAGE,
    "cases:qa": LEAD_PAGE,
    "cases:sign_off": POST_ONLY,
    "cases:reopen": LEAD_PAGE,
    "cases:history": CASE_PAGE,
}


def kwargs(world) -> dict[str, dict]:
    from cases.models import Interview

    case = {"pk": world.case.pk}
    interview = Interview.objects.create(case=world.case, grade="trainee")
    return {
        "inspection": {"pk": world.inspection.pk},
        "cases:detail": case,
        "cases:standard": {**case, "code": "2.2"},
        "cases:submit": case,
        "cases:interview_add": case,
        "cases:interview_change": {**case, "interview_pk": interview.pk},
        "cases:qa": case,
        "cases:sign_off": case,
        "cases:reopen": case,
        "cases:history": case,
    }
