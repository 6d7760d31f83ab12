"""Load the shipped framework (hmip-pdu-2021) on migrate, with this migration's models."""

from pathlib import Path

from django.db import migrations

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "frameworks" / "hmip-pdu-2021.yaml"


def load(apps, schema_editor):
    from inspection.framework_file import framework_read
    from inspection.services.frameworks import framework_load

    framework_load(doc=framework_read(FRAMEWORK_FILE), apps=apps)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
