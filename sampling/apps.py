from django.apps import AppConfig


class SamplingConfig(AppConfig):
    """Set-up and sampling: the case list, the cohort, the sample draw, assignment, the team."""

    name = "sampling"
    default_auto_field = "django.db.models.BigAutoField"
