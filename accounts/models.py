"""Casebook's own facts about a user account: the app admin role and a pending password change;
the directory identity of users who sign in with the organisation's account, and the mapping from
the directory's groups and app roles to Casebook roles.

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
    may_lead = models.BooleanField(
        "May lead inspections",
        default=False,
        help_text="Given by the directory's groups or app roles (the role mapping) at sign-in.",
    )
    history = HistoricalRecords()  # who granted the admin role, and when

    def __str__(self) -> str:
        return f"account of {self.user}"


class DirectoryIdentity(models.Model):
    """The directory's stable name for a user: the token's issuer and subject. A directory user is
    found by this pair only, never by e-mail (which the directory may reassign)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_identity",
    )
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="directory_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"


class RoleMapping(models.Model):
    """A directory group or app role (a value of a role claim) and the Casebook role it gives.
    Edited by Casebook admins; applied at each directory sign-in."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Casebook admin"
        LEAD = "lead", "May lead inspections"

    claim_value = models.CharField(
        "Group or app role",
        max_length=255,
        help_text="A group's object id or an app role's value, exactly as the token carries it.",
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    note = models.CharField(max_length=200, blank=True, help_text="For example the group's name.")
    history = HistoricalRecords()  # who changed the mapping, and when

    class Meta:
        ordering = ["role", "claim_value"]
        constraints = [
            models.UniqueConstraint(fields=["claim_value", "role"], name="role_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.claim_value} gives {self.get_role_display()}"
