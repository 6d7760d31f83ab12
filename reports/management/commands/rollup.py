import json

from django.core.management.base import BaseCommand, CommandError

from inspection.models import Inspection
from reports.management.scope import add_scope_arguments, scope_or_error
from reports.models import Rollup
from reports.services.rollups import rollup_row, rollup_run


class Command(BaseCommand):
    help = (
        "Recompute and store the roll-up of every inspection on a framework version, of one "
        "region or national (the Celery roll-up job's own code), and print it with --json."
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--json", action="store_true", help="print the roll-up document")

    def handle(self, *args, **options):
        framework, region = scope_or_error(options)
        where = f"region {region.name!r}" if region else "any region"
        inspections = Inspection.objects.filter(framework=framework)
        if region is not None:
            inspections = inspections.filter(pdu__region=region)
        if not inspections.exists():
            raise CommandError(f"{where} has no inspections on {framework}")
        rollup = rollup_row(framework=framework, region=region)
        rollup = rollup_run(rollup_id=rollup.pk)
        if rollup.state != Rollup.State.DONE:
            raise CommandError(rollup.message or f"the roll-up ended {rollup.state}")
        if options["json"]:
            self.stdout.write(json.dumps(rollup.document, indent=2))
        else:
            self.stdout.write(
                f"{rollup}: {rollup.cases_counted} cases counted from "
                f"{rollup.inspections_count} inspections"
            )
