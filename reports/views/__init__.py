"""Pages of the reports app: dashboard, figures, jobs, entries, outputs, regional roll-up."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from inspection.models import Inspection
from inspection.permissions import is_lead


def require_lead(request: HttpRequest, inspection: Inspection) -> None:
    """Team members who are not leads may look, not change: 403 (they know the inspection)."""
    if not is_lead(request.user, inspection):
        raise PermissionDenied("Only a lead inspector can do this")
