from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "danvan.petitions"
    label = "petitions"
    verbose_name = _("Petitions and cases")

    def ready(self) -> None:
        from danvan.calendar.signals import working_calendar_changed
        from danvan.petitions.receivers import recompute_after_calendar_change

        working_calendar_changed.connect(
            recompute_after_calendar_change, dispatch_uid="petitions.recompute_clocks"
        )
