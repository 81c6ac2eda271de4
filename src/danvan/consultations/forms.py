from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.consultations.models import Channel, Decision, DraftSection, Position, Subject
from danvan.portal.forms import CheckedForm
from danvan.units.models import AdministrativeUnit, Agency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_ROWS = 40
MAX_ROWS = 200


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DraftSection) -> str:
        title = obj.heading or obj.text
        return f"{obj.label}. {title[:60]}" if title else obj.label


class ConsultationForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Consulting authority"), queryset=Agency.objects.none())
    subject = forms.ChoiceField(label=_("Subject (Art. 25)"), choices=Subject.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    draft_title = forms.CharField(label=_("Title of the draft"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_on = forms.DateField(label=_("Comments open on"), widget=DATE)
    closes_on = forms.DateField(
        label=_("Comments close on"),
        widget=DATE,
        help_text=_(
            "At least the legal minimum period after opening (Luật 10/2022/QH15, Art. 28)."
        ),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    villages = forms.ModelMultipleChoiceField(
        label=_("Villages consulted (none: the whole unit)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_groups = forms.CharField(
        label=_("Groups consulted (optional)"),
        max_length=500,
        required=False,
        help_text=_("e.g. the households affected by the project."),
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        villages: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["agency"]).queryset = agencies
        cast(forms.ModelChoiceField, self.fields["villages"]).queryset = villages


class ImportForm(forms.Form):
    upload = forms.FileField(
        label=_("Draft file (.docx, .pdf or .txt)"),
        required=False,
    )
    text = forms.CharField(
        label=_("Or paste the text of the draft"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("upload") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the text of the draft."))
        return data


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=500)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    explanation = forms.CharField(
        label=_("Explanation (giải trình)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the comments are partly or not accepted."),
    )


class PublishForm(forms.Form):
    number = forms.CharField(
        label=_("Report number (e.g. 12/BC-UBND)"), max_length=60, required=False
    )
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=100, initial="CHỦ TỊCH", required=False
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=200)


class BatchForm(forms.Form):
    """The header of a meeting's (or ballots', box's, hotline's) comments."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, label) for c, label in Channel.choices if c != Channel.PORTAL],
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    village = forms.ModelChoiceField(
        label=_("Village (optional)"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    attendees = forms.IntegerField(
        label=_("Attendees"), min_value=0, max_value=1_000_000, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, villages: QuerySet[AdministrativeUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages


class RowForm(forms.Form):
    """One comment of the batch; a row left blank is ignored."""

    section = SectionChoiceField(
        label=_("Article"),
        queryset=DraftSection.objects.none(),
        required=False,
        empty_label=_("Whole draft"),
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=[("", "—"), *Position.choices], required=False
    )
    text = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    people = forms.IntegerField(
        label=_("People"), min_value=1, max_value=100000, required=False, initial=1
    )

    def __init__(self, *args: Any, sections: QuerySet[DraftSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["section"]).queryset = sections

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("text") or "").strip() and not data.get("position")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("position"):
            return data  # blank row
        if not data.get("position"):
            self.add_error("position", _("Choose the position."))
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Write the comment."))
        if data.get("people") is None and not self.has_error("people"):
            data["people"] = 1
        return data


class BaseRowFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, sections: QuerySet[DraftSection], **kwargs: Any) -> None:
        self.sections = sections
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "sections": self.sections}


def row_formset(rows: int) -> type[BaseRowFormSet]:
    return forms.formset_factory(  # type: ignore[return-value]
        RowForm,
        formset=BaseRowFormSet,
        extra=rows,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


class CommentForm(CheckedForm):
    """A citizen's comment on one article or on the whole draft, on the portal."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    # A section id; bounded so that a forged value cannot overflow the database.
    section = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**63 - 1
    )
    # Left empty by people; filled in by scripts that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
    position = forms.ChoiceField(
        label=_("Your position"), choices=Position.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    author_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    village = forms.ModelChoiceField(
        label=_("Your village (optional)"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, villages: QuerySet[AdministrativeUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            cast(forms.ModelChoiceField, self.fields["village"]).queryset = villages

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        return data


class PublicFilterForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province or city"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    commune = forms.ModelChoiceField(
        label=_("Commune or ward"), queryset=AdministrativeUnit.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        provinces: QuerySet[AdministrativeUnit],
        communes: QuerySet[AdministrativeUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = provinces
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
