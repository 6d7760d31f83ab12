from django.apps import AppConfig


class ReadingsConfig(AppConfig):
    """Second readings, their settlement, calibration (practice) cases and agreement."""

    name = "readings"
    default_auto_field = "django.db.models.BigAutoField"
