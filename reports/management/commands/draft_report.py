from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inspection.models import Inspection
from reports.rendering import render_output
from reports.services import snapshot_refresh


class Command(BaseCommand):
    help = "Render the draft report of an inspection (from freshly computed results)."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("--format", required=True, choices=["docx", "html", "pdf", "md"])
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args, **options):
        inspection = (
            Inspection.objects.select_related("framework", "pdu__region")
            .filter(pk=options["inspection_id"])
            .first()
        )
        if inspection is None:
            raise CommandError(f"no inspection with id {options['inspection_id']}")
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"no such directory: {path.parent}")
        try:
            snapshot = snapshot_refresh(inspection=inspection)
            content = render_output(inspection=inspection, snapshot=snapshot, fmt=options["format"])
        except ValueError as exc:
            raise CommandError(f"inspection {inspection.pk}: {exc}") from exc
        path.write_bytes(content)
        self.stdout.write(str(path))
