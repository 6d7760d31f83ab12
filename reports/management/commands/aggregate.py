import json

from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from reports.services.results import snapshot_refresh


class Command(BaseCommand):
    help = "Recompute an inspection's results synchronously (what the recompute job runs)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--json", action="store_true", help="print the results document")

    def handle(self, *args, **options):
        inspection = inspection_or_error(options["inspection_id"])
        pk = inspection.pk
        try:
            snapshot = snapshot_refresh(inspection=inspection)
        except ValueError as exc:  # scoring refuses inconsistent rules or ratings
            raise CommandError(f"inspection {pk}: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(snapshot.document, indent=2))
        else:
            self.stdout.write(
                f"inspection {pk}: {snapshot.cases_counted} cases counted, snapshot {snapshot.pk}"
            )
