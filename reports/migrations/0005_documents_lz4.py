"""Stored results documents are compressed with LZ4 instead of PostgreSQL's default pglz.

Every aggregation rewrites an inspection's documents (about 90 KB of JSON with the breakdowns)
and every roll-up refresh its document; LZ4 compresses them several times faster, which the
benchmark showed as a third off the write (bench/README.md, "Scale"). Only the compression of values
written from now on changes: nothing is rewritten, and reading is the same. PostgreSQL 14 and
later built with LZ4 only; elsewhere (SQLite, an older server, a server without LZ4) this does
nothing and pglz stays.
"""

from django.db import DatabaseError, migrations, transaction

COLUMNS = [
    ("reports_resultssnapshot", "document"),
    ("reports_resultssnapshot", "breakdowns"),
    ("reports_rollup", "document"),
    ("reports_frozenregionrollup", "document"),
]


def _set_compression(method: str):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or connection.pg_version < 140000:
            return
        try:
            # A savepoint: a server built without LZ4 refuses, and the migration goes on.
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                for table, column in COLUMNS:
                    cursor.execute(
                        f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET COMPRESSION {method}'
                    )
        except DatabaseError:
            pass  # pglz stays

    return run


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_regional_reports_and_comparisons")]

    operations = [migrations.RunPython(_set_compression("lz4"), _set_compression("pglz"))]
