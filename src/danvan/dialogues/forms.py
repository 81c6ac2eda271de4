"""Forms of the staff pages; the services check the law, these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.dialogues.models import Commitment, MeetingKind, Question
from danvan.units.models import AdministrativeUnit, Agency


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class ScheduleForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Commune"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_("Kind of meeting"))
    village = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        label=_("Village or residential group"),
        help_text=_("Required for a year-end village meeting."),
    )
    title = forms.CharField(max_length=300, label=_("Title"))
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(max_length=300, label=_("Place"))
    noticed_on = _date(_("Notice given on"))
    agenda = _text(_("Agenda"), required=False, rows=5)

    def __init__(self, *args: Any, communes: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class HeldForm(forms.Form):
    held_on = _date(_("Held on"))
    attendance = forms.IntegerField(label=_("People present"), max_value=1_000_000)
    households_represented = forms.IntegerField(
        required=False, max_value=1_000_000, label=_("Households represented")
    )
    chaired_by = forms.CharField(max_length=200, required=False, label=_("Chaired by"))
    minutes = _text(_("Minutes"), required=False, rows=5)


class CancelForm(forms.Form):
    reason = _text(_("Reason for cancelling"), rows=2)


class QuestionForm(forms.Form):
    asked_by = forms.CharField(max_length=200, required=False, label=_("Asked by"))
    village = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), required=False, label=_("Village")
    )
    content = _text(_("Question or proposal"))

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    question = forms.ModelChoiceField(queryset=Question.objects.none(), label=_("Question"))
    answer = _text(_("Answer"))
    answered_by = forms.CharField(max_length=200, label=_("Answered by"))
    answered_on = _date(_("Answered on"))

    def __init__(self, *args: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions  # type: ignore[attr-defined]


class CommitmentForm(forms.Form):
    content = _text(_("Commitment"))
    owner = forms.CharField(
        max_length=200,
        required=False,
        label=_("Responsible official or agency"),
        help_text=_("Leave empty to use the agency's name."),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), required=False, label=_("Responsible agency")
    )
    question = forms.ModelChoiceField(
        queryset=Question.objects.none(), required=False, label=_("In answer to")
    )
    due_on = _date(_("Due on"))

    def __init__(self, *args: Any, agencies: Any, questions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["question"].queryset = questions  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    commitment = forms.ModelChoiceField(queryset=Commitment.objects.none(), label=_("Commitment"))
    done_on = _date(_("Done on"))
    result_note = _text(_("Result"), required=False, rows=2)

    def __init__(self, *args: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]


class DropForm(forms.Form):
    commitment = forms.ModelChoiceField(queryset=Commitment.objects.none(), label=_("Commitment"))
    reason = _text(_("Reason for dropping"), required=False, rows=2)

    def __init__(self, *args: Any, commitments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments  # type: ignore[attr-defined]
