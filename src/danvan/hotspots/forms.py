from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import DATABASE_INT_MAX
from danvan.hotspots import selectors


class WindowForm(forms.Form):
    """The ?days= selector; the province's own window is offered even when unusual."""

    days = forms.TypedChoiceField(label=_("Window"), coerce=int, required=False)

    def __init__(self, *args: Any, default: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default = default
        days = sorted({*selectors.WINDOW_CHOICES, default})
        self.fields["days"].choices = [  # type: ignore[attr-defined]
            (d, _("Last %(n)d days") % {"n": d}) for d in days
        ]
        self.fields["days"].initial = default

    def chosen(self) -> int:
        return int(self.cleaned_data.get("days") or self.default)


class ThresholdForm(forms.Form):
    """Ranges are checked by ``services.set_threshold``, whose errors land on the fields."""

    threshold = forms.FloatField(
        label=_("Alert threshold (score)"),
        help_text=_("A unit whose score reaches it raises an alert to the province."),
    )
    window_days = forms.IntegerField(
        label=_("Window (days)"),
        # The service checks the range and says why; this keeps absurd numbers away.
        max_value=DATABASE_INT_MAX,
        help_text=_("The days the score counts, up to today."),
    )
