"""Store every prompt's applicability rule merged with its key question's.

Before this, a prompt without its own `applies_to` copied its key question's when loaded, but a
prompt with its own rule kept only that, and the case form had to check both. Now the stored rule
is the whole rule (`inspection.applicability.rule_merge`); this brings rows loaded earlier in line.
Frozen: the merge is written out here, not imported.
"""

from django.db import migrations


def merge(apps, schema_editor):
    Item = apps.get_model("inspection", "Item")
    for prompt in Item.objects.filter(parent__isnull=False).select_related("parent"):
        merged = {attr: list(values) for attr, values in prompt.parent.applies_to.items()}
        for attr, values in prompt.applies_to.items():
            if attr in merged:
                merged[attr] = [v for v in merged[attr] if v in values]
            else:
                merged[attr] = list(values)
        if merged != prompt.applies_to:
            prompt.applies_to = merged
            prompt.save(update_fields=["applies_to"])


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_load_shipped_framework")]
    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
