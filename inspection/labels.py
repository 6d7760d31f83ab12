"""Words for codes that frameworks define as data — ratings and answers. The one place every
page, export and report takes them from."""

from collections.abc import Sequence

from inspection.choices import Rating

# A standard the framework rates "not rated" when it has no relevant case (`when_no_cases:
# not_rated`, INTERCHANGE.md "Framework format 2"): a rating of its own, not a missing one.
NOT_RATED = "not_rated"
NOT_RATED_REASON = "no relevant cases"

RATING_LABELS = dict(Rating.choices) | {NOT_RATED: "Not rated"}
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


def rating_explained(rating: str | None) -> str:
    """The rating's words, with the reason when the framework's rule left the standard not rated:
    'Not rated: no relevant cases'."""
    if rating == NOT_RATED:
        return f"{rating_label(rating)}: {NOT_RATED_REASON}"
    return rating_label(rating)


def answer_label(value: str | None) -> str:
    """'na' -> 'Not applicable'; a framework's own answer is humanised; blank -> 'Not answered'."""
    if not value:
        return "Not answered"
    return ANSWER_LABELS.get(value, _humanise(value))


def positive_label(positive: Sequence[str]) -> str:
    """What a key question's percentage counts, in words: 'Yes' on a yes/no scale (as format 1
    always said), otherwise the scale's positive answers, e.g. 'outstanding or good'."""
    if list(positive) in ([], ["yes"]):
        return "Yes"
    words = [answer_label(v).lower() for v in positive]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
