"""Framework format 2: declared attributes, samples, answer scales, not-rated rules, sources.

Every framework version loaded so far came from a format-1 file: it gets the format-1 defaults,
as `framework_read` gives them to a format-1 file today — the six PDU case attributes (frozen
below, as `inspection.attributes` declared them when this migration was written), one sample
"cases" that every standard with key questions reads, its answer sets as scales (the first
answer positive), `when_no_cases: error` and `when_not_rated: exclude`. No count, rating or
score changes: the positive answer of every item is the one counting already used.
"""

import django.db.models.deletion
from django.db import migrations, models

FORMAT1_ATTRIBUTES = [
    {
        "name": "case_type",
        "label": "Case type",
        "values": [
            {"value": "community", "label": "Community sentence"},
            {"value": "suspended", "label": "Suspended sentence"},
            {"value": "licence", "label": "Licence"},
            {"value": "pss", "label": "Post-sentence supervision"},
        ],
        "unknown": [],
        "breakdown": True,
        "required": False,
        "question": "",
        "hint": "",
        "max_length": 0,
    },
    {
        "name": "rosh",
        "label": "RoSH level",
        "values": [
            {"value": "low", "label": "Low"},
            {"value": "medium", "label": "Medium"},
            {"value": "high", "label": "High"},
            {"value": "very_high", "label": "Very high"},
        ],
        "unknown": [],
        "breakdown": True,
        "required": False,
        "question": "",
        "hint": "",
        "max_length": 0,
    },
    {
        "name": "gender",
        "label": "Gender",
        "values": [
            {"value": "male", "label": "Male"},
            {"value": "female", "label": "Female"},
            {"value": "other", "label": "Other"},
            {"value": "unknown", "label": "Unknown"},
        ],
        "unknown": ["unknown"],
        "breakdown": True,
        "required": False,
        "question": "",
        "hint": "",
        "max_length": 0,
    },
    {
        "name": "pre_sentence_info",
        "label": "Pre-sentence information given",
        "values": [{"value": True, "label": "Yes"}, {"value": False, "label": "No"}],
        "unknown": [],
        "breakdown": False,
        "required": False,
        "question": "Was pre-sentence information given to court?",
        "hint": "Court work (2.1) is asked only where it was. Leave as not known if the records do not "
        "say.",
        "max_length": 0,
    },
    {
        "name": "age_band",
        "label": "Age band",
        "values": [
            {"value": "18-25", "label": "18 to 25"},
            {"value": "26-49", "label": "26 to 49"},
            {"value": "50+", "label": "50 and over"},
        ],
        "unknown": [],
        "breakdown": True,
        "required": False,
        "question": "",
        "hint": "",
        "max_length": 0,
    },
    {
        "name": "ethnicity",
        "label": "Ethnicity",
        "values": [],
        "unknown": [],
        "breakdown": True,
        "required": False,
        "question": "",
        "hint": "",
        "max_length": 60,
    },
]

YES_NO = ["yes", "no", "na"]


def _scale_name(values):
    return "yes_no" if list(values) == YES_NO else "/".join(values)


def fill_format1_defaults(apps, schema_editor):
    FrameworkVersion = apps.get_model("inspection", "FrameworkVersion")
    FrameworkAttribute = apps.get_model("inspection", "FrameworkAttribute")
    FrameworkSample = apps.get_model("inspection", "FrameworkSample")
    Standard = apps.get_model("inspection", "Standard")
    Item = apps.get_model("inspection", "Item")
    for version in FrameworkVersion.objects.all():
        FrameworkAttribute.objects.bulk_create(
            FrameworkAttribute(framework=version, order=n, **declaration)
            for n, declaration in enumerate(FORMAT1_ATTRIBUTES)
        )
        sample = FrameworkSample.objects.create(
            framework=version, code="cases", title="Cases", applies_to={}, order=0
        )
        scales = {
            _scale_name(version.answers): {
                "values": list(version.answers),
                "positive": [version.answers[0]],
            }
        }
        items = list(Item.objects.filter(framework=version).order_by("order"))
        for item in items:
            item.scale = _scale_name(item.answers)
            item.positive = [item.answers[0]]
            scales.setdefault(item.scale, {"values": list(item.answers), "positive": item.positive})
        Item.objects.bulk_update(items, ["scale", "positive"])
        with_items = {item.standard_id for item in items}
        Standard.objects.filter(framework=version, pk__in=with_items).update(sample=sample)
        version.file_format = 1
        version.answer_scales = scales
        version.default_scale = _scale_name(version.answers)
        version.when_not_rated = "exclude"
        version.sources = []
        version.notes = ""
        version.save(
            update_fields=[
                "file_format",
                "answer_scales",
                "default_scale",
                "when_not_rated",
                "sources",
                "notes",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0004_reopen"),
    ]

    operations = [
        migrations.CreateModel(
            name="FrameworkAttribute",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=40)),
                ("label", models.CharField(max_length=200)),
                ("values", models.JSONField(blank=True, default=list)),
                ("unknown", models.JSONField(blank=True, default=list)),
                ("breakdown", models.BooleanField(default=False)),
                ("required", models.BooleanField(default=False)),
                ("question", models.TextField(blank=True)),
                ("hint", models.TextField(blank=True)),
                (
                    "max_length",
                    models.PositiveIntegerField(
                        default=0, help_text="free text only; 0 for values"
                    ),
                ),
                ("order", models.PositiveIntegerField()),
            ],
            options={
                "ordering": ["framework", "order"],
            },
        ),
        migrations.CreateModel(
            name="FrameworkSample",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=40)),
                ("title", models.CharField(max_length=200)),
                (
                    "applies_to",
                    models.JSONField(
                        blank=True, default=dict, help_text="case attribute -> values"
                    ),
                ),
                ("order", models.PositiveIntegerField()),
            ],
            options={
                "ordering": ["framework", "order"],
            },
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="answer_scales",
            field=models.JSONField(
                blank=True, default=dict, help_text="scale name -> {values, positive}"
            ),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="default_scale",
            field=models.CharField(default="yes_no", max_length=200),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="file_format",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="1 or 2: the file's format"
            ),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="notes",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="sources",
            field=models.JSONField(blank=True, default=list, help_text="[{title, url, used_for}]"),
        ),
        migrations.AddField(
            model_name="frameworkversion",
            name="when_not_rated",
            field=models.CharField(default="exclude", max_length=10),
        ),
        migrations.AddField(
            model_name="item",
            name="positive",
            field=models.JSONField(default=list, help_text="The answers counted as positive"),
        ),
        migrations.AddField(
            model_name="item",
            name="scale",
            field=models.CharField(default="yes_no", max_length=200),
        ),
        migrations.AddField(
            model_name="standard",
            name="when_no_cases",
            field=models.CharField(default="error", max_length=10),
        ),
        migrations.AlterField(
            model_name="item",
            name="answers",
            field=models.JSONField(help_text="The values of its scale"),
        ),
        migrations.AddConstraint(
            model_name="frameworkversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("when_not_rated__in", ("exclude", "scale"))),
                name="framework_when_not_rated",
            ),
        ),
        migrations.AddField(
            model_name="frameworkattribute",
            name="framework",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attributes",
                to="inspection.frameworkversion",
            ),
        ),
        migrations.AddField(
            model_name="frameworksample",
            name="framework",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="samples",
                to="inspection.frameworkversion",
            ),
        ),
        migrations.AddField(
            model_name="standard",
            name="sample",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="standards",
                to="inspection.frameworksample",
            ),
        ),
        migrations.AddConstraint(
            model_name="standard",
            constraint=models.CheckConstraint(
                condition=models.Q(("when_no_cases__in", ("not_rated", "error"))),
                name="standard_when_no_cases",
            ),
        ),
        migrations.AddConstraint(
            model_name="frameworkattribute",
            constraint=models.UniqueConstraint(
                fields=("framework", "name"), name="attribute_unique_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="frameworksample",
            constraint=models.UniqueConstraint(
                fields=("framework", "code"), name="sample_unique_code"
            ),
        ),
        migrations.RunPython(fill_format1_defaults, migrations.RunPython.noop),
    ]
