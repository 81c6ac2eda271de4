from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.petitions.models import Category, PetitionKind
from danvan.satisfaction.models import Aspect


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your commune, ward or special zone"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": _("e.g. Bắc Lý, bac ly")}
        ),
    )


MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the content of each is checked when it is stored."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}
            )
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class CheckedForm(forms.Form):
    """A form that carries the check question (portal/challenge.py); its ``answer`` field
    is placed by the subclass's field order, the question shown as its help text."""

    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Check question"), max_length=10)

    def __init__(self, *args: Any, question: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].help_text = question
        # The question comes last, after what the person writes.
        self.order_fields([*(f for f in self.fields if f != "answer"), "answer"])

    def clean(self) -> dict[str, Any]:
        from danvan.portal.challenge import check_answer

        data = super().clean() or {}
        if "answer" in data and not check_answer(data.get("challenge", ""), data["answer"]):
            self.add_error(
                "answer",
                _("The answer is not right, or the page is too old. Try the new question."),
            )
        return data


class SubmitForm(CheckedForm):
    key = forms.UUIDField(widget=forms.HiddenInput)
    # Left empty by people; filled in by scripts that fill every field.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("What are you sending?"), choices=PetitionKind.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("In a few words"), max_length=300)
    content = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 7}))
    category = forms.ModelChoiceField(
        label=_("Field (optional)"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("— Not sure —"),
    )
    location_address = forms.CharField(
        label=_("Where is it? (optional)"),
        max_length=300,
        required=False,
        help_text=_("An address or a landmark, e.g. the road in front of house 12, hamlet 3."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Optional. Use the button to take the point from your phone's location."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    anonymous = forms.BooleanField(label=_("Send without my name"), required=False)
    attachments = MultipleFileField(
        label=_("Attach files (optional)"),
        required=False,
        help_text=_("Up to 5 files: PDF, photo, Word or Excel, each at most 20 MB."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        if not data.get("anonymous") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Enter your name, or choose to send without it."))
        if data.get("anonymous") and data.get("kind") in ("complaint", "denunciation"):
            # Luật Tố cáo Art. 25: anonymous denunciations are not handled as such.
            self.add_error(
                "anonymous",
                _(
                    "A complaint or denunciation must carry your name; "
                    "only petitions and feedback can be anonymous."
                ),
            )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


SCORE_CHOICES = [(str(n), str(n)) for n in range(5, 0, -1)]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you? (5 = very satisfied, 1 = very dissatisfied)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for aspect in Aspect:
            self.fields[aspect.value] = forms.TypedChoiceField(
                label=aspect.label,
                choices=[("", _("No opinion")), *SCORE_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
            )
        # The overall score first, the comment last.
        self.order_fields(["score", *Aspect.values, "comment"])


class SignupForm(CheckedForm):
    """A citizen account: optional, only to see all one's cases in one place."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone number"), max_length=20)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits."),
    )
