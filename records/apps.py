from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Records: bundle import and export, retention and anonymisation."""

    name = "records"
    default_auto_field = "django.db.models.BigAutoField"
