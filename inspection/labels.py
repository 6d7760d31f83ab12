"""Words for codes that frameworks define as data (ratings); one place for every page and report."""

from inspection.choices import Rating

RATING_LABELS = dict(Rating.choices)


def rating_label(rating: str | None) -> str:
    """'requires_improvement' -> 'Requires improvement'; a framework's own rating is humanised."""
    if not rating:
        return "Not yet rated"
    return str(RATING_LABELS.get(rating, rating.replace("_", " ").capitalize()))
