import json

from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from reports.models import ResultsSnapshot
from reports.tasks import aggregate_inspection


class Command(BaseCommand):
    help = "Recompute an inspection's results synchronously (the Celery task's own code)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--json", action="store_true", help="print the results document")

    def handle(self, *args, **options):
        pk = inspection_or_error(options["inspection_id"]).pk
        try:
            outcome = aggregate_inspection.run(pk)
        except ValueError as exc:  # scoring refuses inconsistent rules or ratings
            raise CommandError(f"inspection {pk}: {exc}") from exc
        if options["json"]:
            snapshot = ResultsSnapshot.objects.get(pk=outcome["snapshot"])
            self.stdout.write(json.dumps(snapshot.document, indent=2))
        else:
            self.stdout.write(
                f"inspection {pk}: {outcome['cases_counted']} cases counted, snapshot {outcome['snapshot']}"
            )
