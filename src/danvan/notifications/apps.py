from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "danvan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from danvan.notifications import checks  # noqa: F401  (registers the check)
