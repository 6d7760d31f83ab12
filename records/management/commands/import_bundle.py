import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from records.services.bundle import bundle_import, user_by_username
from records.services.bundle_format import BundleError, bundle_parse


class Command(BaseCommand):
    help = "Create one inspection with its cases, answers and interviews from a bundle, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="username recorded as importer and lead inspector")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            user = user_by_username(options["user"]) if options["user"] else None
            inspection = bundle_import(data=bundle_parse(raw), user=user)
        except BundleError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{path.name}: {len(exc.problems)} problem(s), nothing imported"
            ) from exc
        self.stdout.write(
            json.dumps({"inspection": inspection.pk, "cases": inspection.cases.count()})
        )
