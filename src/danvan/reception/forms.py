from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.petitions.forms import DATE_WIDGET
from danvan.petitions.models import PetitionKind
from danvan.reception.models import Handling, RefusalGround, SessionKind
from danvan.units.models import Agency


class SessionForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of reception"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    chaired_by: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Leader receiving citizens"), queryset=User.objects.none(), required=False
    )
    delegated = forms.BooleanField(label=_("Delegated by the head"), required=False)

    def __init__(self, *args: Any, agencies: Any, leaders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["chaired_by"].queryset = leaders  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    identity_document = forms.CharField(
        label=_("Identity paper number"), max_length=30, required=False
    )
    people_count = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=1_000_000, initial=1
    )
    representatives = forms.CharField(
        label=_("Representatives"),
        required=False,
        help_text=_("For a group of five or more: one name per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    content = forms.CharField(
        label=_("What the citizen raised"), widget=forms.Textarea(attrs={"rows": 4})
    )
    documents_provided = forms.CharField(label=_("Documents handed in"), required=False)
    is_repeat = forms.BooleanField(label=_("Repeat visit on the same matter"), required=False)
    handling = forms.ChoiceField(label=_("Handling"), choices=Handling.choices)
    refusal_ground = forms.ChoiceField(
        label=_("Ground for refusal"), choices=[("", "—"), *RefusalGround.choices], required=False
    )
    result_notes = forms.CharField(label=_("Result"), required=False)
    petition_kind = forms.ChoiceField(
        label=_("Kind of petition received"),
        choices=[("", "—"), *PetitionKind.choices],
        required=False,
    )
    petition_subject = forms.CharField(
        label=_("Subject of the petition"), max_length=300, required=False
    )
