from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The app that held casework, sampling, readings and records until they were split out.

    It keeps only its migrations: they created the tables the four apps still use (`cases_*`),
    and its last migration hands the models over to them, so an existing database and a new one
    migrate the same way."""

    name = "cases"
    default_auto_field = "django.db.models.BigAutoField"
