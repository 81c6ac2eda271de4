from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danvan.reports"
    label = "reports"
    verbose_name = _("Reports and dashboards")

    def ready(self) -> None:
        # rules' autodiscovery imports only reports.rules; the periodic reports keep
        # their permissions apart.
        from danvan.reports import periodic_rules  # noqa: F401
