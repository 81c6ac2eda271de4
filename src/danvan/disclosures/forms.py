"""Forms of the staff pages; the services validate the law, these only parse input."""

from __future__ import annotations

from typing import Any

from django import forms as dj
from django.utils.translation import gettext_lazy as _

from danvan.disclosures.models import Form, Subject
from danvan.units.models import Agency


class RecordForm(dj.Form):
    agency = dj.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    subject = dj.ChoiceField(choices=Subject.choices, label=_("Subject"))
    title = dj.CharField(max_length=300, label=_("Title"))
    decided_on = dj.DateField(
        label=_("Date of the decision or document"),
        widget=dj.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_public = dj.BooleanField(required=False, initial=True, label=_("Show on the citizen portal"))
    document = dj.FileField(required=False, label=_("Document"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class PublishForm(dj.Form):
    published_on = dj.DateField(
        label=_("Disclosed on"), widget=dj.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    forms = dj.MultipleChoiceField(
        choices=Form.choices, widget=dj.CheckboxSelectMultiple, label=_("Forms of disclosure")
    )
    posting_until = dj.DateField(
        required=False,
        label=_("Posted until"),
        widget=dj.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    loudspeaker_days = dj.IntegerField(
        required=False, min_value=0, max_value=366, label=_("Days on the loudspeaker")
    )
    evidence = dj.FileField(required=False, label=_("Evidence (photo or PDF)"))


class EvidenceForm(dj.Form):
    evidence = dj.FileField(label=_("Evidence (photo or PDF)"))
