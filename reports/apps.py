from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Load order: these modules import models, which exist only once every app is loaded;
        # `ready` is where Django allows that.
        from casework.signals import counted_cases_changed
        from reports import tasks  # noqa: F401  registers the tasks that `reports.queue` names
        from reports.services.jobs import aggregation_schedule

        def recompute(sender, *, inspection, user=None, **kwargs) -> None:
            # Debounced and queued on commit; a broker outage never breaks the case change.
            aggregation_schedule(inspection=inspection, user=user)

        counted_cases_changed.connect(recompute, weak=False, dispatch_uid="reports.recompute")
