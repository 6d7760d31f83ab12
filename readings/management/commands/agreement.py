import json

from django.core.management.base import BaseCommand

from inspection.management.lookup import inspection_or_error
from readings.agreement import agreement_document
from readings.selectors.readings import inspection_agreement


class Command(BaseCommand):
    help = (
        "Agreement between the first and second readings of an inspection's double-read cases "
        "(inspection-agreement/1 with --json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--json", action="store_true", help="print the agreement document")

    def handle(self, *args, **options):
        inspection = inspection_or_error(options["inspection_id"])
        result = inspection_agreement(inspection)
        if options["json"]:
            document = agreement_document(inspection.pk, result)
            self.stdout.write(json.dumps(document, indent=2))
            return
        overall = result.overall
        kappa = "not defined" if overall.kappa is None else f"{overall.kappa:.2f}"
        percent = "-" if overall.percent_agreement is None else f"{overall.percent_agreement:.2f}%"
        self.stdout.write(
            f"inspection {inspection.pk}: {result.cases} cases, {overall.pairs} pairs, "
            f"{overall.agree} agree ({percent}), kappa {kappa}"
        )
