from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from reports.rendering import render_output
from reports.services.results import snapshot_refresh


class Command(BaseCommand):
    help = (
        "Write the data workbook (XLSX) of an inspection (from freshly computed results), with "
        "its Agreement sheet as a lead downloads it; --team: as the rest of the team does."
    )

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--output", required=True, help="PATH.xlsx")
        parser.add_argument(
            "--team",
            action="store_true",
            help="without the Agreement sheet (second readings stay blind to inspectors)",
        )

    def handle(self, *args, **options):
        inspection = inspection_or_error(options["inspection_id"])
        path = Path(options["output"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError("--output must end in .xlsx")
        if not path.parent.is_dir():
            raise CommandError(f"no such directory: {path.parent}")
        try:
            snapshot = snapshot_refresh(inspection=inspection)
            content = render_output(
                inspection=inspection, snapshot=snapshot, fmt="xlsx", readings=not options["team"]
            )
        except ValueError as exc:
            raise CommandError(f"inspection {inspection.pk}: {exc}") from exc
        path.write_bytes(content)
        self.stdout.write(str(path))
