from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class PortalConfig(AppConfig):
    """The top layer: pages and the API that span the apps below it (home, the inspection page,
    the national overview, the read API). Nothing imports it."""

    name = "portal"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Load order: portal.navigation imports models, which exist only once every app is
        # loaded; `ready` is where Django allows that.
        from portal.navigation import remember_roles_at_sign_in

        user_logged_in.connect(remember_roles_at_sign_in, dispatch_uid="portal-team-roles")
