"""Shared by the management commands that take an inspection id."""

from django.core.management.base import CommandError

from inspection.models import Inspection


def inspection_or_error(pk: int) -> Inspection:
    """The inspection (with its framework, PDU and region), or a one-line CommandError."""
    inspection = Inspection.objects.select_related("framework", "pdu__region").filter(pk=pk).first()
    if inspection is None:
        raise CommandError(f"no inspection with id {pk}")
    return inspection
