"""Expected statuses for the navigation's section pages (any signed-in user: each lists only
what the user may see) and the footer's pages (public: read signed out too)."""

from tests.permissions import READ
from tests.permissions.expect_casework import statuses

SIGNED_IN = statuses(302, 200, 200, 200, 200, 200)
PUBLIC = statuses(200, 200, 200, 200, 200, 200)

EXPECTATIONS = {
    "inspections": SIGNED_IN,
    "my_cases": SIGNED_IN,
    "my_readings": SIGNED_IN,
    "qa_queue": SIGNED_IN,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "cookies": PUBLIC,
    "feedback": PUBLIC,
}

# Pages only: a POST changes nothing.
POST_EXPECTATIONS = dict.fromkeys(EXPECTATIONS, READ)
