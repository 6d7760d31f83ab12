"""A draw per sample (framework format 2, "Samples"): the one draw an inspection had becomes the
draw of its framework version's sample when the version has exactly one (format 1: "cases").
A draw made before samples were drawn apart, on a version with several, drew every case of the
cohort and keeps the code "cases" (no sample of the version has it, so the set-up shows it as
not drawn per sample; the redraw of each sample is the lead's choice)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def draws_to_their_sample(apps, schema_editor):
    SampleDraw = apps.get_model("sampling", "SampleDraw")
    FrameworkSample = apps.get_model("inspection", "FrameworkSample")
    for draw in SampleDraw.objects.select_related("inspection"):
        codes = list(
            FrameworkSample.objects.filter(framework_id=draw.inspection.framework_id)
            .order_by("order")
            .values_list("code", flat=True)
        )
        if len(codes) == 1 and codes[0] != draw.sample:
            draw.sample = codes[0]
            draw.save(update_fields=["sample"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0005_format2"),
        ("sampling", "0002_declared_attributes_json"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sampledraw",
            options={"ordering": ["inspection", "pk"]},
        ),
        migrations.AddField(
            model_name="sampledraw",
            name="sample",
            field=models.CharField(default="cases", help_text="The sample's code", max_length=40),
        ),
        migrations.RunPython(draws_to_their_sample, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sampledraw",
            name="inspection",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="sample_draws",
                to="inspection.inspection",
            ),
        ),
        migrations.AddConstraint(
            model_name="sampledraw",
            constraint=models.UniqueConstraint(
                fields=("inspection", "sample"), name="sample_draw_unique"
            ),
        ),
    ]
