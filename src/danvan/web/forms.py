from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.units.models import UnitKind

MAX_CSV_BYTES = 1_000_000


class VillageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (UnitKind.VILLAGE.value, UnitKind.VILLAGE.label),
            (UnitKind.RESIDENTIAL_GROUP.value, UnitKind.RESIDENTIAL_GROUP.label),
        ],
    )


class VillageImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One row per village, with a column 'name' (or 'tên') and optionally 'kind'."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        data: bytes = upload.read()
        if b"\x00" in data:
            raise forms.ValidationError(_("This is not a CSV text file."))
        return data
