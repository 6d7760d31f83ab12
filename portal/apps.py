from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: pages and the API that span the apps below it (home, the inspection page,
    the national overview, the read API). Nothing imports it."""

    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"
