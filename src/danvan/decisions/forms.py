"""Forms of the decision pages; the services check the law, these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.decisions.models import DecisionForm, Household, Subject, VoteChoice
from danvan.units.models import AdministrativeUnit

MAX_CSV_BYTES = 1_000_000


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class PaperVoteForm(forms.Form):
    household = forms.ModelChoiceField(queryset=Household.objects.none(), label=_("Household"))
    choice = forms.ChoiceField(choices=VoteChoice.choices, label=_("Choice"))

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    code = forms.CharField(max_length=40, label=_("Household code"))
    head_name = forms.CharField(max_length=200, label=_("Head of the household"))


class HouseholdImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        label=_("Paste the rows"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One household a line: code, name of the head, representative's phone."),
    )
    file = forms.FileField(required=False, label=_("Or choose a CSV file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_CSV_BYTES:
            self.add_error("file", _("The file is too large (at most 1 MB)."))
        elif upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the rows or choose a CSV file."))
        return data

    def content(self) -> bytes | str:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return bytes(upload.read())
        return str(self.cleaned_data["text"])


class RepresentativeForm(forms.Form):
    phone = forms.CharField(
        max_length=30,
        required=False,
        label=_("Phone number of the representative's account"),
        help_text=_("Leave empty to remove the link."),
    )


class DecisionCreateForm(forms.Form):
    village = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Village"))
    subject = forms.ChoiceField(choices=Subject.choices, label=_("Subject"))
    title = forms.CharField(max_length=300, label=_("Title"))
    form = forms.ChoiceField(
        choices=DecisionForm.choices,
        label=_("Form"),
        help_text=_("Only other matters may be decided by an online vote."),
    )
    noticed_on = _date_field(_("Notice given on"))
    opens_at = _datetime_field(_("Voting opens at"))
    closes_at = _datetime_field(_("Voting closes at"))
    counting_board = forms.CharField(
        label=_("Counting board"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("3 to 5 names, one a line."),
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]

    def board(self) -> list[str]:
        return str(self.cleaned_data["counting_board"]).splitlines()


class CloseForm(forms.Form):
    minutes = forms.CharField(
        required=False,
        label=_("Minutes of the count"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SendForm(forms.Form):
    sent_on = _date_field(_("Result sent to the commune on"))


class AnswerForm(forms.Form):
    RECOGNISE, REFUSE = "recognise", "refuse"
    answer = forms.ChoiceField(
        choices=[(RECOGNISE, _("Recognise the result")), (REFUSE, _("Refuse the result"))],
        widget=forms.RadioSelect,
        label=_("Answer"),
    )
    answered_on = _date_field(_("Answered on"))
    reason = forms.CharField(
        required=False,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing."),
    )


class InitiativeForm(forms.Form):
    village = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Village"))
    title = forms.CharField(max_length=300, label=_("Title"))
    proposed_on = _date_field(_("Proposed on"))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class SupportForm(forms.Form):
    household = forms.ModelChoiceField(queryset=Household.objects.none(), label=_("Household"))
    on = _date_field(_("Signed on"))

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class OnlineVoteForm(forms.Form):
    """The representative's ballot; the household is chosen among their own only."""

    household = forms.ModelChoiceField(
        queryset=Household.objects.none(),
        label=_("Household"),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("You may vote online only for your own household.")},
    )
    choice = forms.ChoiceField(
        choices=VoteChoice.choices, widget=forms.RadioSelect, label=_("Your household's vote")
    )

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]
