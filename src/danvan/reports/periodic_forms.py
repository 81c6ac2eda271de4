"""Forms of the periodic report pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.reports.forms_catalog import FORMS, FormDefinition, form_by_key
from danvan.reports.periodic_periods import (
    FIRST_YEAR,
    LAST_YEAR,
    PeriodKind,
    latest_ended_period,
)
from danvan.units.models import Agency


class NewReportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Issuing agency"), queryset=Agency.objects.none())
    form = forms.ChoiceField(label=_("Form"), choices=[])
    period_kind = forms.ChoiceField(label=_("Reporting period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    number = forms.IntegerField(
        label=_("Period number"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("The month (1-12) or the quarter (1-4); 1 for the other periods."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        latest = latest_ended_period(kind=PeriodKind.QUARTERLY, today=timezone.localdate())
        kwargs.setdefault(
            "initial",
            {
                "agency": agencies.first(),
                "period_kind": PeriodKind.QUARTERLY,
                "year": latest.year,
                "number": latest.number,
                "form": FORMS[0].key,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["form"].choices = [  # type: ignore[attr-defined]
            (form.key, form.name) for form in FORMS
        ]

    def clean_form(self) -> FormDefinition:
        form = form_by_key(self.cleaned_data["form"])
        if form is None:  # pragma: no cover - the choices allow only catalogue keys
            raise forms.ValidationError(_("Choose a form from the list."))
        return form


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "lang": "vi"}),
        help_text=_(
            "One paragraph per line. Replace every prompt in square brackets before issuing."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
