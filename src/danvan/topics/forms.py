from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.topics.models import Topic


class TopicForm(forms.Form):
    # Every topic is accepted here; the service refuses one that is not in use, with a
    # message, rather than the form failing without saying why.
    topic = forms.ModelChoiceField(queryset=Topic.objects.all(), label=_("Topic"))
