"""Declared attributes as data (framework format 2): values of declared attributes that are
not typed columns go in a JSON `attributes` (GIN-indexed on PostgreSQL, docs/adr/0007); the PDU
columns may be blank for a framework that does not declare them."""

from django.db import migrations, models

import casework.constraints


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0005_format2"),
        ("sampling", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="cohortrecord",
            name="attributes",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AlterField(
            model_name="cohortrecord",
            name="case_type",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AlterField(
            model_name="cohortrecord",
            name="gender",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name="cohortrecord",
            name="rosh",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddIndex(
            model_name="cohortrecord",
            index=casework.constraints.PostgresGinIndex(
                fields=["attributes"], name="cohort_attributes_gin"
            ),
        ),
    ]
