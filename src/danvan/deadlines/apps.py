from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "danvan.deadlines"
    label = "deadlines"
    verbose_name = _("Statutory deadline rules")
