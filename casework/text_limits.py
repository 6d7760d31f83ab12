"""The longest text each form field takes, in characters (docs/limits.md lists them all, and
tests/test_form_limits.py submits every text field at its limit and one over it).

Characters, not bytes: what the GOV.UK character count shows. Each limit is several times the
longest text the field is for, and well inside the request's form-text limit.
"""

# A reason for a decision someone else will read: settling a disagreement, reopening a case,
# replacing a sampled case, moderating a rating. A paragraph or two is usual; 5,000 characters
# is about 800 words.
REASON_MAX = 5_000

# A lead's comment on a case or one of its key questions, when returning it.
COMMENT_MAX = 5_000

# Longer notes kept with a record: interview notes, a domain one evidence note, a list of
# strengths or areas for improvement (one per line). About 1,600 words, as evidence
# (cases.models.EVIDENCE_MAX_CHARS).
NOTES_MAX = 10_000

# A short note: a conflict of interest, the note on interviews held.
NOTE_MAX = 2_000

# The background narrative of a report: several paragraphs.
NARRATIVE_MAX = 20_000

# The sample's minimums (one `attribute=value:n` a line) and the User Voice figures (one
# `percent, finding` a line).
LINES_MAX = 5_000

# An email address (RFC 5321's longest path, as Django's user model).
EMAIL_MAX = 254


def too_long(what: str, limit: int) -> dict[str, str]:
    """The error messages of a text field limited to `limit` characters, naming the limit and
    what was sent: `{"max_length": "The reason must be 5,000 characters or fewer (it has
    5001)"}` (Django fills in the length)."""
    return {"max_length": f"{what} must be {limit:,} characters or fewer (it has %(show_value)s)"}
