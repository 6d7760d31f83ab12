from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.answers_export import FORMATS, Scope, answers_export_write
from reports.management.scope import add_scope_arguments, scope_or_error


class Command(BaseCommand):
    help = (
        "Write every counted answer of a framework version (national, or of one region) to CSV "
        "or XLSX: one row per answer with the case's attributes, inspection, PDU, region and "
        "item code; no evidence text."
    )

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--output", required=True, help="PATH.csv or PATH.xlsx")

    def handle(self, *args, **options):
        path = Path(options["output"])
        if path.suffix.lower().lstrip(".") not in FORMATS:
            raise CommandError("--output must end in .csv or .xlsx")
        if not path.parent.is_dir():
            raise CommandError(f"no such directory: {path.parent}")
        framework, region = scope_or_error(options)
        try:
            answers_export_write(scope=Scope(framework=framework, region=region), path=path)
        except ValueError as exc:  # too many answers for one Excel sheet
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
