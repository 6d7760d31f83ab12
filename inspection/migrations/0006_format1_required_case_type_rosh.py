"""A format-1 framework declares case type and RoSH level `required`: a case list row or a
bundle case without them has always been refused (by the case list's required columns and the
bundle's checks), and the case table no longer refuses a blank (a framework that does not
declare them leaves them blank), so the declaration now says it. No count or rating changes."""

from django.db import migrations


def forwards(apps, schema_editor):
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkAttribute.objects.filter(
        framework__file_format=1, name__in=["case_type", "rosh"]
    ).update(required=True)


def backwards(apps, schema_editor):
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkAttribute.objects.filter(
        framework__file_format=1, name__in=["case_type", "rosh"]
    ).update(required=False)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0005_format2")]

    operations = [migrations.RunPython(forwards, backwards)]
