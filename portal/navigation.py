"""The site navigation (GOV.UK service navigation): the sections each role uses, and which one
the page belongs to.

- Everyone signed in: Home, and Inspections when they can see any.
- On any inspection's team: My cases and Second readings (practice cases sit there too).
- Leads and admins: Quality assurance and National overview (regional reports sit there).
- Admins: Set-up (create and import inspections, practice cases) and Users.

A context processor: computed only when a page's template asks (signed-out pages show none).
The team roles it needs are read once at sign-in and again on each visit to Home, and kept in
the session, so other pages (the case form, autosave's neighbours) read nothing more for it; a
change of team shows in the navigation from the next visit to Home. Permissions never come from
here: every page checks its own.
"""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.urls import reverse

from inspection.choices import TeamRole
from inspection.models import TeamMembership
from inspection.permissions import is_admin

# (section, url names in it); a url name is "namespace:name" or a project-level name.
SECTIONS = {
    "home": {"home"},
    "my_cases": {
        "my_cases",
        "cases:detail",
        "cases:standard",
        "cases:submit",
        "cases:interview_add",
        "cases:interview_change",
        "cases:history",
    },
    "readings": {
        "my_readings",
        "cases:reading",
        "cases:reading_standard",
        "cases:reading_submit",
        "cases:reading_compare",
        "cases:reading_feedback",
        "cases:practice_list",
        "cases:practice_start",
    },
    "qa": {"qa_queue", "cases:qa", "cases:sign_off", "cases:reopen"},
    "national": {
        "national",
        "reports:region",
        "reports:region_refresh",
        "reports:region_answers",
        "reports:region_build",
        "reports:region_job",
        "reports:region_job_retry",
        "reports:region_download",
    },
    "users": {"setup:users", "setup:user_new", "setup:user_active", "setup:user_admin"},
    "setup": {
        "setup:index",
        "setup:inspection_new",
        "setup:bundle_import",
        "setup:caselist_docs",
        "setup:practice_list",
        "setup:practice_new",
        "setup:practice",
        "setup:practice_change",
        "setup:practice_status",
    },
}
LABELS = {
    "home": ("Home", "home"),
    "my_cases": ("My cases", "my_cases"),
    "readings": ("Second readings", "my_readings"),
    "qa": ("Quality assurance", "qa_queue"),
    "inspections": ("Inspections", "inspections"),
    "national": ("National overview", "national"),
    "setup": ("Set-up", "setup:index"),
    "users": ("Users", "setup:users"),
}


@dataclass(frozen=True)
class NavItem:
    key: str
    text: str
    href: str
    current: bool  # this very page: aria-current="page"
    active: bool  # a page inside this section: aria-current="true"


ROLES_KEY = "cb_team_roles"


def team_roles(user: User) -> list[str]:
    """The roles the user holds on inspection teams (one query)."""
    return sorted(set(TeamMembership.objects.filter(user=user).values_list("role", flat=True)))


def remember_roles(request: HttpRequest, user: User | None = None) -> list[str]:
    """Read the user's team roles and keep them in the session (written only when changed)."""
    roles = team_roles(user or cast(User, request.user))
    if request.session.get(ROLES_KEY) != roles:
        request.session[ROLES_KEY] = roles
    return roles


def remember_roles_at_sign_in(
    sender: object, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """`user_logged_in` receiver (connected in `PortalConfig.ready`)."""
    if request is not None and hasattr(request, "session"):
        remember_roles(request, user)


def visible_sections(user: User | AnonymousUser, roles: list[str]) -> list[str]:
    """The sections this user's role uses, in the order the navigation shows them."""
    if not user.is_authenticated:
        return []
    admin = is_admin(user)
    manages = admin or TeamRole.LEAD in roles  # as `manages_any`: admins and leads
    out = ["home"]
    if roles:
        out += ["my_cases", "readings"]
    if manages:
        out.append("qa")
    if admin or roles:
        out.append("inspections")
    if manages:
        out.append("national")
    if admin:
        out += ["setup", "users"]
    return out


def section_of(url_name: str, shown: list[str]) -> str:
    """The section a page belongs to; other inspection pages (dashboard, set-up of one
    inspection; the set-up area for a lead) belong to Inspections."""
    for key in shown:
        if url_name in SECTIONS.get(key, ()):
            return key
    if url_name in SECTIONS["my_cases"] and "qa" in shown:
        return "qa"  # a lead reading a case they do not hold
    if url_name == "inspection" or url_name.startswith(("reports:", "setup:")):
        return "inspections"
    return ""


def navigation_items(request: HttpRequest) -> list[NavItem]:
    # A request refused before authentication (too large, a bad host) has no user: no sections.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = request.session.get(ROLES_KEY)
    if roles is None:  # a session from before this was kept
        roles = remember_roles(request)
    shown = visible_sections(request.user, roles)
    match = getattr(request, "resolver_match", None)
    url_name = match.view_name if match else ""
    section = section_of(url_name, shown)
    items = []
    for key in shown:
        text, name = LABELS[key]
        href = reverse(name)
        current = request.path == href
        items.append(NavItem(key, text, href, current, key == section and not current))
    return items


def service_navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `service_navigation`, computed only where a template uses it."""
    cache: dict[str, list[NavItem]] = {}

    def items() -> list[NavItem]:
        if "items" not in cache:
            cache["items"] = navigation_items(request)
        return cache["items"]

    return {"service_navigation": items}
