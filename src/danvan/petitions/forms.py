from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.petitions.models import Category, Channel, Outcome, PetitionKind
from danvan.units.models import Agency

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Receiving agency"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PetitionKind.choices)
    channel = forms.ChoiceField(
        label=_("Arrived by"), choices=[c for c in Channel.choices if c[0] != Channel.TRANSFER]
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE_WIDGET)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    category = forms.ModelChoiceField(
        label=_("Field"), queryset=Category.objects.filter(is_active=True), required=False
    )
    location_address = forms.CharField(label=_("Place"), max_length=300, required=False)
    petitioner_name = forms.CharField(label=_("Petitioner's name"), max_length=200, required=False)
    is_anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    petitioner_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    petitioner_phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    petitioner_citizen_id = forms.CharField(
        label=_("Citizen ID number"), max_length=20, required=False
    )
    signer_count = forms.IntegerField(
        label=_("Number of signers"), min_value=1, max_value=1_000_000, initial=1
    )
    several_locations = forms.BooleanField(
        label=_("To be checked at several locations"), required=False
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class StepForm(forms.Form):
    """Every step carries the version the officer saw, and the date it took effect."""

    version = forms.IntegerField(widget=forms.HiddenInput, max_value=2**63 - 1)
    effective_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class ReasonStepForm(StepForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(StepForm):
    is_complex = forms.BooleanField(label=_("Complex case (longer legal period)"), required=False)


class ForwardForm(StepForm):
    to_agency = forms.ModelChoiceField(
        label=_("Forward to"), queryset=Agency.objects.filter(is_active=True)
    )
    reason = forms.CharField(label=_("Reason"), required=False)


class AssignForm(StepForm):
    handler: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Case handler"), queryset=Agency.objects.none()
    )

    def __init__(self, *args: Any, handlers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]


class DialogueForm(StepForm):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))
    participants = forms.CharField(
        label=_("Participants"),
        help_text=_("One name per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    summary = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))


class DiscloseForm(StepForm):
    how = forms.CharField(
        label=_("Made public by"), initial=_("Posted at the office and on the portal")
    )
