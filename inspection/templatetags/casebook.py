from collections.abc import Mapping

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from inspection import attributes
from inspection.attributes import CaseAttribute
from inspection.declared import attribute_value, declared_attributes
from inspection.labels import NOT_RATED, rating_explained
from inspection.labels import answer_label as _answer_label
from inspection.labels import rating_label as _rating_label

register = template.Library()


@register.filter
def rating_label(rating: str | None) -> str:
    return _rating_label(rating)


# One colour per rating, the same on every page (GOV.UK tag colours).
RATING_COLOURS = {
    "outstanding": "green",
    "good": "turquoise",
    "requires_improvement": "yellow",
    "inadequate": "red",
    # rated "not rated" by the framework's rule (no relevant cases): grey, like no rating yet
    NOT_RATED: "grey",
}


@register.filter
def rating_colour(rating: str | None) -> str:
    """The GOV.UK tag colour of a rating (grey when there is none)."""
    return RATING_COLOURS.get(rating or "", "grey")


@register.filter
def rating_tag(rating: str | None) -> SafeString:
    """A rating as a coloured GOV.UK tag, its words from inspection.labels ('Not rated: no
    relevant cases' for a standard the framework's rule left not rated)."""
    colour = rating_colour(rating)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, rating_explained(rating)
    )


@register.filter
def answer_label(value: str | None) -> str:
    """'requires_improvement' -> 'Requires improvement' (inspection.labels)."""
    return _answer_label(value)


@register.filter
def stratum_label(stratum: str, declared: Mapping[str, CaseAttribute] | None = None) -> str:
    """A stratum in words, with the framework's declarations when given (`|stratum_label:declared`)."""
    return attributes.stratum_label(stratum, declared)


@register.filter
def attribute_label(name: str) -> str:
    return attributes.attribute_label(name)


@register.filter
def attribute_labels(
    names: list[str], declared: Mapping[str, CaseAttribute] | None = None
) -> list[str]:
    """Attribute names in words, from the framework's declarations when given."""
    return [attributes.attribute_label(name, declared) for name in names]


@register.filter
def value_label(name: str, value: object) -> str:
    return attributes.value_label(name, value)


@register.filter
def declared_rows(case: object) -> list[tuple[str, str]]:
    """A case's declared attributes as (label, value in words) rows, in its framework's order
    (framework format 2: the case summary shows what the framework reads, not the PDU six)."""
    framework = case.inspection.framework  # type: ignore[attr-defined]
    return [(a.label, a.label_of(attribute_value(case, a))) for a in declared_attributes(framework)]
