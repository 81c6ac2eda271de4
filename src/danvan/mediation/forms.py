"""Forms of the staff pages; the services check the law, these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.mediation.models import CaseKind, MediationMember, Outcome
from danvan.units.models import AdministrativeUnit


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, required: bool = True, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class TeamForm(forms.Form):
    village = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), label=_("Village or residential group")
    )
    name = forms.CharField(max_length=200, label=_("Name of the team"))
    formed_on = _date(_("Formed on"))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    full_name = forms.CharField(max_length=200, label=_("Full name"))
    joined_on = _date(_("Joined on"))
    is_leader = forms.BooleanField(required=False, label=_("Team leader (tổ trưởng)"))


class RemoveMemberForm(forms.Form):
    member = forms.ModelChoiceField(queryset=MediationMember.objects.none(), label=_("Mediator"))
    left_on = _date(_("Left on"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason for leaving"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class CaseForm(forms.Form):
    received_on = _date(_("Received on"))
    kind = forms.ChoiceField(choices=CaseKind.choices, label=_("Kind of dispute"))
    summary = _text(_("Summary"))
    parties = _text(
        _("Parties"),
        required=False,
        rows=3,
        help_text=_("One name per line."),
    )
    mediators = forms.ModelMultipleChoiceField(
        queryset=MediationMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Mediators"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = members  # type: ignore[attr-defined]

    def party_names(self) -> list[str]:
        return [line for line in self.cleaned_data["parties"].splitlines() if line.strip()]


class SessionForm(forms.Form):
    held_on = _date(_("Held on"))
    notes = _text(_("Notes"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Outcome"))
    closed_on = _date(_("Closed on"))
    agreement = _text(
        _("Agreement reached"),
        required=False,
        help_text=_("Required when the mediation was successful."),
    )


class PeriodForm(forms.Form):
    start = _date(_("From"))
    end = _date(_("To"))
