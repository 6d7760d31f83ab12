from django.core.management.base import BaseCommand, CommandError

from inspection.framework_file import FrameworkFileError, framework_item_count, framework_read
from inspection.services.frameworks import framework_load


class Command(BaseCommand):
    help = "Load or update a framework version from its data file (YAML or JSON). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            doc = framework_read(options["file"])
            framework_load(doc=doc)
        except FrameworkFileError as exc:
            raise CommandError(
                f"{options['file']}: {len(exc.problems)} problem(s): " + "; ".join(exc.problems)
            ) from exc
        self.stdout.write(f"framework {doc['code']} {framework_item_count(doc)} items")
