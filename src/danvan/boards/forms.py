"""Forms of the staff pages; the services validate the law, these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.boards.models import BoardKind, BoardMember, Position, SupervisionVisit
from danvan.core.forms import DATABASE_INT_MAX
from danvan.units.models import AdministrativeUnit, Agency


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BoardForm(forms.Form):
    kind = forms.ChoiceField(choices=BoardKind.choices, label=_("Kind of board"))
    commune = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label=_("Commune"))
    village = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        label=_("Village (for a village's project)"),
    )
    name = forms.CharField(max_length=200, label=_("Name of the board"))
    project_name = forms.CharField(
        max_length=300,
        required=False,
        label=_("Project supervised (công trình, dự án)"),
        help_text=_("Required for a Community Investment Supervision Board."),
    )
    term_starts_on = _date_field(_("Term starts on"))
    term_ends_on = _date_field(_("Term ends on"), required=False)

    def __init__(self, *args: Any, communes: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]
        self.fields["village"].queryset = villages  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    full_name = forms.CharField(max_length=150, label=_("Full name"))
    position = forms.ChoiceField(choices=Position.choices, label=_("Position"))
    citizen_id = forms.CharField(
        max_length=20, required=False, label=_("Citizen ID number (số định danh cá nhân)")
    )
    phone = forms.CharField(max_length=20, required=False, label=_("Phone number"))
    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Account"),
        help_text=_("The member's account with the board member role, if any."),
    )
    joined_on = _date_field(_("Joined on"))
    holds_commune_office = forms.BooleanField(
        required=False, label=_("Holds an office at the commune (cán bộ, công chức xã)")
    )
    involved_in_project = forms.BooleanField(
        required=False,
        label=_("Belongs to the investor, contractor or consultant of the project"),
    )

    def __init__(self, *args: Any, accounts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts  # type: ignore[attr-defined]


class RemoveMemberForm(forms.Form):
    left_on = _date_field(_("Left on"))


class PlanForm(forms.Form):
    # The service checks the ranges and says why; the bound only keeps absurd numbers
    # away from the database.
    year = forms.IntegerField(label=_("Year"), max_value=DATABASE_INT_MAX)
    quarter = forms.IntegerField(label=_("Quarter"), max_value=DATABASE_INT_MAX)
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Content"))
    approved_on = _date_field(_("Approved on"), required=False)


class VisitForm(forms.Form):
    visited_on = _date_field(_("Visited on"))
    subject = forms.CharField(max_length=300, label=_("Place or subject"))
    participants = forms.ModelMultipleChoiceField(
        queryset=BoardMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Members taking part"),
    )
    findings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Findings")
    )
    photo = forms.FileField(required=False, label=_("Photo (JPEG, PNG, WebP) or PDF"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members  # type: ignore[attr-defined]


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG, PNG, WebP) or PDF"))


class RecommendationForm(forms.Form):
    addressed_to = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Addressed to"))
    visit = forms.ModelChoiceField(
        queryset=SupervisionVisit.objects.none(), required=False, label=_("After the visit")
    )
    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label=_("Recommendation (kiến nghị)")
    )
    sent_on = _date_field(_("Sent on"))

    def __init__(self, *args: Any, agencies: Any, visits: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["visit"].queryset = visits  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answered_on = _date_field(_("Answered on"))
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Answer"))


class FollowUpForm(forms.Form):
    on = _date_field(_("Date"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Follow-up (e.g. checked again, put right)"),
    )


class CloseForm(forms.Form):
    closed_on = _date_field(_("Closed on"))


class DissolveForm(forms.Form):
    dissolved_on = _date_field(_("Dissolved on"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))
