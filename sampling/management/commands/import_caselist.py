"""import_caselist INSPECTION_ID FILE [--commit]: the validation report as one JSON document.

Exits 1 when the file has problems (nothing written). With --commit and no problems the cohort
is written through the same services as the upload page.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspection.management.lookup import inspection_or_error
from inspection.writes import read_only_reason
from sampling.services.caselist import (
    caselist_upload_commit,
    caselist_upload_stage,
    caselist_validate,
)


class Command(BaseCommand):
    help = "Check a case list (CSV or XLSX) for an inspection; with --commit, write the cohort."

    def add_arguments(self, parser):
        parser.add_argument("inspection_id", type=int)
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="write the cohort if valid")

    def handle(self, *args, inspection_id: int, file: Path, commit: bool, **options):
        inspection = inspection_or_error(inspection_id)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        if not commit:
            report = caselist_validate(
                inspection=inspection, data=data, filename=file.name
            ).report()
            self.stdout.write(json.dumps(report, indent=2))
            if report["errors"]:
                raise CommandError(
                    f"{len(report['errors'])} problem(s); nothing written", returncode=1
                )
            return
        if refusal := read_only_reason(inspection):  # published or anonymised
            raise CommandError(refusal)
        upload = caselist_upload_stage(
            inspection=inspection, data=data, filename=file.name, user=None
        )
        report = {"rows": upload.row_count, "valid": upload.valid_count, "errors": upload.errors}
        if upload.errors:
            self.stdout.write(json.dumps(report, indent=2))
            raise CommandError(f"{len(upload.errors)} problem(s); nothing written", returncode=1)
        try:
            report["committed"] = caselist_upload_commit(upload=upload)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(json.dumps(report, indent=2))
