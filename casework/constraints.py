"""Database features used where the database has them.

A unique constraint whose index also carries extra columns where the database can.

Django's `UniqueConstraint(include=...)` is not created at all on a database without covering
indexes (SQLite, the embedded default): uniqueness would be lost there. This one keeps the
constraint everywhere and adds the INCLUDE columns only where they are supported (PostgreSQL).
"""

from django.db import models


class CoveringUniqueConstraint(models.UniqueConstraint):
    def _here(self, schema_editor) -> models.UniqueConstraint:
        if schema_editor.connection.features.supports_covering_indexes:
            return self
        return models.UniqueConstraint(fields=self.fields, name=self.name)

    def constraint_sql(self, model, schema_editor):
        return models.UniqueConstraint.constraint_sql(
            self._here(schema_editor), model, schema_editor
        )

    def create_sql(self, model, schema_editor):
        return models.UniqueConstraint.create_sql(self._here(schema_editor), model, schema_editor)

    def remove_sql(self, model, schema_editor):
        return models.UniqueConstraint.remove_sql(self._here(schema_editor), model, schema_editor)

    def check(self, model, connection):
        # Django warns (models.W039) that the constraint "won't be created" without covering
        # indexes; this one is, without the extra columns.
        return [e for e in super().check(model, connection) if e.id != "models.W039"]


class PostgresGinIndex(models.Index):
    """A GIN index on PostgreSQL (for `jsonb` containment); a plain index elsewhere (SQLite, the
    embedded default, has no GIN), so the same migrations run on both."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            using = " USING gin"
        return super().create_sql(model, schema_editor, using=using, **kwargs)
