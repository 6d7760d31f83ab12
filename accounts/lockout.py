"""django-axes with one limit per lockout counter.

AXES_LOCKOUT_PARAMETERS lists three counters: (username, address), username, address. Axes compares
the largest of them with one AXES_FAILURE_LIMIT; here each counter is scaled to its own limit
first, so a shared office address can take more typos (AXES_ADDRESS_FAILURE_LIMIT) than one
account (AXES_USERNAME_FAILURE_LIMIT) or one account from one address (AXES_FAILURE_LIMIT).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def counter_limits() -> list[int]:
    """The limit of each entry of AXES_LOCKOUT_PARAMETERS, in the same order."""
    by_parameter = {
        "username": settings.AXES_USERNAME_FAILURE_LIMIT,
        "ip_address": settings.AXES_ADDRESS_FAILURE_LIMIT,
    }
    return [
        by_parameter[p] if isinstance(p, str) else settings.AXES_FAILURE_LIMIT
        for p in settings.AXES_LOCKOUT_PARAMETERS
    ]


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures on the AXES_FAILURE_LIMIT scale: a counter at its own limit reads as
        AXES_FAILURE_LIMIT (floor division keeps one below the limit below it)."""
        scale = settings.AXES_FAILURE_LIMIT
        worst = 0
        counters = self.get_user_attempts(request, credentials)
        for attempts, limit in zip(counters, counter_limits(), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * scale // limit)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that username's failures only: it must not clear the
        address's count of failures on other usernames (someone spraying one password)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
