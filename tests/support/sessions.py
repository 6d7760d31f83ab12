"""Ending sessions in tests the way the real thing does, whatever the session engine.

Sessions are cached (`cached_db`): the idle limit ends the database row and its cached copy
together (the copy's timeout is the session's age), and signing out deletes both. A test that
only changed the database row would leave the cached copy signed in, which never happens for
real.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache


def _store(key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def session_expire(key: str) -> None:
    """The idle limit passed: the row is out of date, and the cached copy has expired with it."""
    from datetime import timedelta

    from django.utils import timezone

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    cache_key = getattr(_store(key), "cache_key", None)
    if cache_key:
        cache.delete(cache_key)


def sessions_end() -> None:
    """Every session ends (signed out elsewhere, or expired): rows and cached copies."""
    for key in Session.objects.values_list("session_key", flat=True):
        _store(key).delete()
