from django import template

from inspection.labels import rating_label as _rating_label

register = template.Library()


@register.filter
def rating_label(rating: str | None) -> str:
    return _rating_label(rating)
