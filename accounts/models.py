"""Casebook's own facts about a user account: the app admin role and a pending password change.

Kept beside Django's user (one row per user, created when first needed) so the user model stays
Django's own. The sign-in backend loads it with the user in one query.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Account(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="account"
    )
    is_admin = models.BooleanField(
        "Casebook admin",
        default=False,
        help_text="Sets up inspections and manages users. Not a Django staff or superuser role.",
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when an admin chose the password; cleared when the user changes it.",
    )
    history = HistoricalRecords()  # who granted the admin role, and when

    def __str__(self) -> str:
        return f"account of {self.user}"
