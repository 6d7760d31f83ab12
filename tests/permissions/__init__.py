"""The URL permission walk.

`test_url_walk.py` GETs every named URL of the project as six roles and compares the status
with what the `expect_*.py` modules of this package declare. Each module holds:

    EXPECTATIONS: dict[str, dict[str, int]]
        "namespace:name" -> {role: expected GET status} for every role in ROLES below.
    def kwargs(world) -> dict[str, dict]      (optional)
        "namespace:name" -> URL kwargs, built from the `world` (see test_url_walk.World).

Roles: "anonymous" (not signed in: login-required pages redirect, 302), "outsider" (an inspector
on another inspection: rows outside scope are 404), "inspector" (on the inspection, assigned the
case), "second_reader" (an inspector on the inspection who is the blind second reader of the
case: the case's first reading is outside their scope), "lead" (lead inspector of the
inspection), "admin" (site-wide Casebook admin).
"""

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "outsider", "inspector", "second_reader", "lead", "admin")


# --- the POST walk (test_post_walk.py) ------------------------------------------------------
#
# Each expect module also holds
#
#     POST_EXPECTATIONS: dict[str, dict[str, int | Writes] | str]
#         "namespace:name" -> READ (a POST is not a write there: whatever it answers, nothing
#         changes), or {role: outcome} for every role, where an int is a refusal (or a harmless
#         answer) that must change nothing in the database and Writes(status) is a permitted
#         write that must change something.
#     def posts(world) -> dict[str, Callable[[], Post]]      (for the names that write)
#         "namespace:name" -> a function that prepares the state the write needs and returns a
#         valid request; it runs inside a savepoint that is rolled back after the POST.
#
# Every role posts the same valid request, so a refusal is a refusal of a request that works.

READ = "read"


@dataclass(frozen=True)
class Writes:
    """A permitted POST: answers `status` and changes the database."""

    status: int


@dataclass(frozen=True)
class ReadOnly:
    """A write refused because the inspection is published or anonymised (`inspection.writes`):
    403, the answer saying which, and nothing changed."""

    status: int = 403


READ_ONLY = ReadOnly()
# The POST walk is also run on a published and on an anonymised inspection. There every write of
# POST_EXPECTATIONS is refused (READ_ONLY), except where an expect module's
#
#     FROZEN_POST_EXPECTATIONS: dict[str, dict[str, dict | str]]
#         state ("published" or "anonymised") -> {"namespace:name": KEEP (the write is not to an
#         inspection's data, or is allowed there: as POST_EXPECTATIONS says) or {role: outcome}}
#
# says otherwise.
FROZEN_STATES = ("published", "anonymised")
KEEP = "keep"


def outcomes(anonymous, outsider, inspector, second_reader, lead, admin) -> dict[str, Any]:
    """{role: outcome} for a POST_EXPECTATIONS entry, the roles in ROLES order."""
    return dict(
        zip(ROLES, (anonymous, outsider, inspector, second_reader, lead, admin), strict=True)
    )


@dataclass
class Post:
    data: Any = field(default_factory=dict)
    kwargs: dict[str, Any] = field(default_factory=dict)  # overrides the GET walk's kwargs
    content_type: str | None = None  # e.g. "application/json"; multipart form data otherwise
