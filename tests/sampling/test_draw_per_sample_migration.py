"""The migration to a draw per sample keeps every draw and gives it its inspection's one sample:
"cases" for a format-1 version, the only sample's code for a format-2 version with one. The
database is taken back to before the migration, a draw made as the old code made it, then
migrated forward again."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inspection.framework_file import framework_parse
from inspection.services.frameworks import framework_load
from sampling.models import SampleDraw
from tests.support.factories import InspectionFactory
from tests.support.samples import SAMPLES_FRAMEWORK
from tests.support.yaml_files import yaml_load

BEFORE = [("sampling", "0002_declared_attributes_json")]


@pytest.mark.django_db(transaction=True)
def test_each_existing_draw_becomes_the_draw_of_its_inspection_one_sample():
    pdu = InspectionFactory()
    doc = yaml_load(SAMPLES_FRAMEWORK.read_text())
    doc["code"] = "one-sample-test"
    doc["samples"] = [{"code": "everyone", "title": "Everyone", "applies_to": {}}]
    for standard in doc["domains"][0]["standards"]:
        standard["sample"] = "everyone"
    youth = InspectionFactory(
        framework=framework_load(doc=framework_parse(doc)),
        fieldwork_start=date(2025, 3, 3),
        fieldwork_end=date(2025, 3, 7),
    )
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("sampling", "SampleDraw")
        for inspection in (pdu, youth):
            old.objects.create(inspection_id=inspection.pk, seed=1, size=3, strata=["rosh"])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    draws = dict(SampleDraw.objects.values_list("inspection_id", "sample"))
    assert draws == {pdu.pk: "cases", youth.pk: "everyone"}
