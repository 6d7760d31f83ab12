import json

from django.core.management.base import BaseCommand, CommandError

from cases.selectors.bundle import bundle_export
from inspection.models import Inspection


class Command(BaseCommand):
    help = "Print an inspection as an inspection-bundle/1 JSON document."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)

    def handle(self, *args, **options):
        inspection = (
            Inspection.objects.select_related("framework", "pdu__region")
            .filter(pk=options["inspection_id"])
            .first()
        )
        if inspection is None:
            raise CommandError(f"no inspection with id {options['inspection_id']}")
        self.stdout.write(json.dumps(bundle_export(inspection=inspection), indent=2))
