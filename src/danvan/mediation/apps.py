from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "danvan.mediation"
    label = "mediation"
    verbose_name = _("Grassroots mediation")
