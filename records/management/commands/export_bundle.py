import json

from django.core.management.base import BaseCommand

from inspection.management.lookup import inspection_or_error
from records.selectors.bundle import bundle_export


class Command(BaseCommand):
    help = "Print an inspection as an inspection-bundle/1 JSON document."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)

    def handle(self, *args, **options):
        inspection = inspection_or_error(options["inspection_id"])
        self.stdout.write(json.dumps(bundle_export(inspection=inspection), indent=2))
