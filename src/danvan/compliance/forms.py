from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.compliance.selectors import MonitorPeriod

FIRST_YEAR = 2023  # Luật 10/2022/QH15 took effect on 1 July 2023


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=pgettext_lazy("monitor", "Period"),
        coerce=int,
        required=False,
        choices=[
            (0, _("Whole year")),
            (1, _("Quarter 1")),
            (2, _("Quarter 2")),
            (3, _("Quarter 3")),
            (4, _("Quarter 4")),
        ],
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        years = range(today.year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]

    def period(self) -> MonitorPeriod:
        year = self.cleaned_data.get("year") or self.today.year
        return MonitorPeriod(year, self.cleaned_data.get("quarter") or None)
