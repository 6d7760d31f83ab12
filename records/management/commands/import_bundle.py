import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.services.bundle import bundle_import, user_by_username
from records.services.bundle_format import BundleError, bundle_read


class Command(BaseCommand):
    help = (
        "Create one inspection with its cases, answers and interviews from a bundle, all or "
        "nothing. The bundle is read as the import page and the API read it (UPLOAD_MAX_MB)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username recorded as importer and lead inspector")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            file = path.open("rb")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            with file:
                data = bundle_read(file, size=os.fstat(file.fileno()).st_size)
            user = user_by_username(options["user"]) if options["user"] else None
            inspection = bundle_import(data=data, user=user)
        except BundleError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{path.name}: {len(exc.problems)} problem(s), nothing imported"
            ) from exc
        self.stdout.write(
            json.dumps({"inspection": inspection.pk, "cases": inspection.cases.count()})
        )
