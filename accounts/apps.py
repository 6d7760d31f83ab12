from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    default = True
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Load order: accounts.signals imports models, which exist only once every app is
        # loaded; importing it here connects the sign-in stamp.
        from accounts import signals  # noqa: F401


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, open to superusers (operators) only: see accounts.admin_site."""

    default = False  # named explicitly in INSTALLED_APPS

    default_site = "accounts.admin_site.OperatorAdminSite"
