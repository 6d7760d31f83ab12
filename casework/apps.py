from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """Casework: cases, their answers and evidence, interviews, quality assurance, autosave."""

    name = "casework"
    default_auto_field = "django.db.models.BigAutoField"
