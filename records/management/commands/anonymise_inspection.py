"""anonymise_inspection ID --dry-run | --user NAME: one JSON line with the counts.

With --dry-run nothing is written: the counts say what would change. Without it the published
inspection's personal data is anonymised and the action recorded (see records.services.retention).
"""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from inspection.permissions import is_admin
from inspection.writes import InspectionReadOnly
from records.selectors.retention import anonymisation_counts, anonymisation_refusal
from records.services.retention import inspection_anonymise


class Command(BaseCommand):
    help = "Anonymise a published inspection's personal data (case refs, evidence, notes, history)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--dry-run", action="store_true", help="count only; write nothing")
        parser.add_argument(
            "--user", help="the admin recorded as having done it (required unless --dry-run)"
        )

    def handle(self, *args, inspection_id: int, dry_run: bool, user: str | None, **options):
        inspection = inspection_or_error(inspection_id)
        if not dry_run and not user:
            raise CommandError("give --user NAME: the anonymisation is recorded with who did it")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"--user: no user named {user!r}")
            if not is_admin(actor):
                raise CommandError(f"--user: {user!r} is not an admin; only admins anonymise")
        if dry_run:
            refusal = anonymisation_refusal(inspection)
            if refusal:
                raise CommandError(refusal)
            counts = anonymisation_counts(inspection)
        else:
            try:
                counts = inspection_anonymise(inspection=inspection, user=actor).counts
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            except InspectionReadOnly as exc:  # anonymised already
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps({"inspection": inspection.pk, "dry_run": dry_run, "counts": counts})
        )
