"""Stamp the sign-in time on the session: the absolute session limit counts from it."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "casebook_signed_in_at"
SEEN_AT = "casebook_seen_at"


@receiver(user_logged_in, dispatch_uid="casebook_session_stamp")
def stamp_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now
