"""Declared attributes as data (framework format 2): values of declared attributes that are
not typed columns go in a JSON `attributes` (GIN-indexed on PostgreSQL, docs/adr/0007); the PDU
columns may be blank for a framework that does not declare them."""

from django.conf import settings
from django.db import migrations, models

import casework.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_initial"),
        ("inspection", "0006_format1_required_case_type_rosh"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="case",
            name="case_type_valid",
        ),
        migrations.RemoveConstraint(
            model_name="case",
            name="case_rosh_valid",
        ),
        migrations.AddField(
            model_name="case",
            name="attributes",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="attributes",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="case",
            name="case_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("community", "Community sentence"),
                    ("suspended", "Suspended sentence"),
                    ("licence", "Licence"),
                    ("pss", "Post-sentence supervision"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="rosh",
            field=models.CharField(
                blank=True,
                choices=[
                    ("low", "Low"),
                    ("medium", "Medium"),
                    ("high", "High"),
                    ("very_high", "Very high"),
                ],
                max_length=12,
                verbose_name="RoSH level",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="case_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("community", "Community sentence"),
                    ("suspended", "Suspended sentence"),
                    ("licence", "Licence"),
                    ("pss", "Post-sentence supervision"),
                ],
                max_length=12,
            ),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="rosh",
            field=models.CharField(
                blank=True,
                choices=[
                    ("low", "Low"),
                    ("medium", "Medium"),
                    ("high", "High"),
                    ("very_high", "Very high"),
                ],
                max_length=12,
                verbose_name="RoSH level",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=casework.constraints.PostgresGinIndex(
                fields=["attributes"], name="case_attributes_gin"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("case_type", ""),
                    ("case_type__in", ["community", "suspended", "licence", "pss"]),
                    _connector="OR",
                ),
                name="case_type_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("rosh", ""),
                    ("rosh__in", ["low", "medium", "high", "very_high"]),
                    _connector="OR",
                ),
                name="case_rosh_valid",
            ),
        ),
    ]
