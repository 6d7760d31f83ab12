"""The Django admin is an operator's tool (superusers), not part of Casebook's own roles.

Casebook admins work through the set-up pages, which go through the services; the admin shows
casework read-only (casework/admin.py) so nothing there bypasses them.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse


class OperatorAdminSite(admin.AdminSite):
    site_header = "Casebook operations"
    site_title = "Casebook operations"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_superuser)

    def logout(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        response = super().logout(request, extra_context)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"storage"'  # as the site's own sign-out (drafts)
        return response
