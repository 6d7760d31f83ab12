from django import template

from inspection.permissions import managed_inspections

register = template.Library()


@register.filter
def managed_by(inspection, user) -> bool:
    """True when `user` may open the set-up pages of `inspection` (admin or its lead)."""
    return managed_inspections(user).filter(pk=inspection.pk).exists()
