from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.permissions import lead_inspection_filter
from cases.selectors.home import my_cases, qa_queue
from inspection.choices import TeamRole
from inspection.permissions import inspections_for, is_admin


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The inspector's 'my cases' across inspections; leads also see cases awaiting QA, and
    everyone the inspections they can see. Lives in `cases` because it reads casework."""
    user = request.user
    admin = is_admin(user)
    return render(
        request,
        "inspection/home.html",
        {
            "my_cases": my_cases(user),
            "qa_cases": qa_queue(user, lead_inspection_filter(user)),
            "inspections": inspections_for(user).order_by("-fieldwork_start"),
            "is_admin": admin,
            "can_set_up": admin or user.memberships.filter(role=TeamRole.LEAD).exists(),
        },
    )
