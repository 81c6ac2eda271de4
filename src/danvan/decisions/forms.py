from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.decisions.models import Household, VoteChoice


class PaperVoteForm(forms.Form):
    household = forms.ModelChoiceField(queryset=Household.objects.none(), label=_("Household"))
    choice = forms.ChoiceField(choices=VoteChoice.choices, label=_("Choice"))

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]
