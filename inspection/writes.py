"""Whether an inspection's data may still change — the one home of the rule.

Publication makes the inspection read-only: its casework (answers and evidence, case attributes,
interviews, submitting, quality assurance, sign-off, reopening a case, second readings and their
settlement), its moderation and report entries (ratings, moderation, recommendations,
background, compared standards, freezing and recomputing results) and its set-up (team, case
list, sample, assignment, conflicts of interest, second-reading choices). A lead may reopen
publication with a reason (`inspection.services.publication`, audited), and anonymising is
open to admins. Anonymisation is final: every write is refused, reopening too.

What stays open: reading every page, and building reports and workbooks (a new output is a job
and a file made from the stored results, never a change to the inspection's data), so the
published record can still be downloaded in another format.

Every service that writes an inspection's data calls `inspection_writable` before writing. The
refusal is a `PermissionDenied`: pages answer 403 with a page saying why (portal's handler403),
the case form's autosave answers its status line with the same words, the API `{"detail": ...}`.
The check reads the inspection row the request loaded; publishing and anonymising lock that row.
"""

from django.core.exceptions import PermissionDenied

from inspection.choices import InspectionStatus
from inspection.models import Inspection

PUBLISHED_MESSAGE = "This inspection is published; a lead can reopen it."
ANONYMISED_MESSAGE = "This inspection has been anonymised; it can no longer be changed."


class InspectionReadOnly(PermissionDenied):
    """A write refused because the inspection is published or anonymised; the message says which."""


def read_only_reason(inspection: Inspection) -> str:
    """Why the inspection's data cannot change ('' when it can)."""
    if inspection.anonymised_at is not None:
        return ANONYMISED_MESSAGE
    if inspection.status == InspectionStatus.PUBLISHED:
        return PUBLISHED_MESSAGE
    return ""


def inspection_writable(inspection: Inspection) -> None:
    """Refuse (InspectionReadOnly) a write to a published or anonymised inspection's data."""
    reason = read_only_reason(inspection)
    if reason:
        raise InspectionReadOnly(reason)
