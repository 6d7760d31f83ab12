"""Words for codes that frameworks define as data — ratings and answers. The one place every
page, export and report takes them from."""

from inspection.choices import Rating

RATING_LABELS = dict(Rating.choices)
ANSWER_LABELS = {
    "yes": "Yes",
    "no": "No",
    "na": "Not applicable",
    "sufficient": "Sufficient",
    "insufficient": "Insufficient",
    "ineffective": "Ineffective",
    "absent": "Absent",
}


def _humanise(code: str) -> str:
    return code.replace("_", " ").capitalize()


def rating_label(rating: str | None) -> str:
    """'requires_improvement' -> 'Requires improvement'; a framework's own rating is humanised."""
    if not rating:
        return "Not yet rated"
    return str(RATING_LABELS.get(rating, _humanise(rating)))


def answer_label(value: str | None) -> str:
    """'na' -> 'Not applicable'; a framework's own answer is humanised; blank -> 'Not answered'."""
    if not value:
        return "Not answered"
    return ANSWER_LABELS.get(value, _humanise(value))
