"""The frozen framework migration (inspection/migrations/0002_load_shipped_framework) reads its
data from the JSON file beside it and writes exactly the rows it always wrote.

The golden rows (tests/data/golden/framework-migration-0002-rows.json) were written once by the
migration as it was before its data moved out of Python (a 1,090-line module of dicts). The test
runs the migration's own function over the historical models, in this test's transaction, and
compares every row of every table it writes, field by field; database ids are replaced by the
codes they point at.
"""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from inspection.models import FrameworkVersion, Item, Standard
from tests.support.golden import assert_golden

pytestmark = pytest.mark.django_db

NAME = "0002_load_shipped_framework"
MIGRATION = importlib.import_module(f"inspection.migrations.{NAME}")
CODE, VERSION = "hmip-pdu-2021", 1


def fields(row, *, drop=()) -> dict:
    """Every stored field of the row but its id, timestamps and the foreign keys named in `drop`
    (the fields of the row's model: the 0002 state's, so later columns are not compared)."""
    return {
        field.attname: getattr(row, field.attname)
        for field in type(row)._meta.concrete_fields
        if field.name != "id"
        and field.name not in drop
        and field.get_internal_type() != "DateTimeField"
    }


def rows_written(state_apps) -> dict:
    """The rows as the 0002 models read them."""
    model = lambda name: state_apps.get_model("inspection", name)  # noqa: E731
    version = model("FrameworkVersion").objects.get(code=CODE, version=VERSION)
    domains = model("Domain").objects.filter(framework=version).order_by("order")
    standards = model("Standard").objects.filter(framework=version).select_related("domain")
    items = model("Item").objects.filter(framework=version).select_related("standard", "parent")
    return {
        "framework": fields(version),
        "domains": [fields(d, drop={"framework"}) for d in domains],
        "standards": [
            fields(s, drop={"framework", "domain"}) | {"domain": s.domain.code}
            for s in standards.order_by("order")
        ],
        "items": [
            fields(i, drop={"framework", "standard", "parent"})
            | {"standard": i.standard.code, "parent": i.parent.code if i.parent else None}
            for i in items.order_by("order")
        ],
    }


def _defaults_for_later_columns(state_apps) -> None:
    """Columns added by later migrations (framework format 2) are NOT NULL and filled by those
    migrations, as `migrate` would after 0002. For this test's inserts through the 0002 models,
    they get their model defaults in the database, inside this test's transaction only."""
    with connection.cursor() as cursor:
        for model in (FrameworkVersion, Standard, Item):
            old = {
                f.column for f in state_apps.get_model("inspection", model.__name__)._meta.fields
            }
            for field in model._meta.concrete_fields:
                if field.column in old or field.null:
                    continue
                value = field.get_db_prep_save(field.get_default(), connection)
                table, column = model._meta.db_table, field.column
                cursor.execute(
                    f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET DEFAULT %s', [value]
                )


def test_the_migration_writes_the_rows_it_always_wrote():
    state = MigrationLoader(connection).project_state(("inspection", NAME))
    _defaults_for_later_columns(state.apps)  # first: DDL waits for no deferred constraint
    FrameworkVersion.objects.filter(code=CODE, version=VERSION).delete()
    MIGRATION.load(state.apps, None)
    rows = rows_written(state.apps)
    assert len(rows["standards"]) == 12 and len(rows["items"]) > 50
    assert_golden("framework-migration-0002-rows", rows)


def test_the_migration_skips_a_framework_already_loaded():
    state = MigrationLoader(connection).project_state(("inspection", NAME))
    before = Item.objects.count()
    MIGRATION.load(state.apps, None)
    assert Item.objects.count() == before
    assert FrameworkVersion.objects.filter(code=CODE, version=VERSION).count() == 1
