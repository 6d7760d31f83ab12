"""How results documents are stored: compressed with LZ4 on PostgreSQL (migration 0005)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

DOCUMENT_COLUMNS = {
    ("reports_resultssnapshot", "document"),
    ("reports_resultssnapshot", "breakdowns"),
    ("reports_rollup", "document"),
    ("reports_frozenregionrollup", "document"),
}


def test_results_documents_are_compressed_with_lz4():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
            "WHERE attrelid::regclass::text = ANY(%s) AND attname = ANY(%s)",
            [sorted({t for t, _ in DOCUMENT_COLUMNS}), sorted({c for _, c in DOCUMENT_COLUMNS})],
        )
        found = {(table, column): method for table, column, method in cursor.fetchall()}
    assert {key: found.get(key) for key in DOCUMENT_COLUMNS} == dict.fromkeys(DOCUMENT_COLUMNS, "l")
