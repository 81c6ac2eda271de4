"""The one staff action of the topics app: set a petition's topic from its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.petitions.models import Petition
from danvan.topics import services
from danvan.topics.forms import TopicForm


@login_required
@require_POST
def set_topic(request: HttpRequest, pk: int) -> HttpResponse:
    petition = get_object_or_404(Petition.objects.select_related("unit", "topic"), pk=pk)
    if not request.user.has_perm("petitions.view_petition", petition):
        raise PermissionDenied
    form = TopicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a topic from the list."))
    else:
        topic = form.cleaned_data["topic"]
        try:
            services.set_topic(actor=request.user, petition=petition, topic=topic)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Topic set: %(name)s") % {"name": topic.name})
    return redirect("petitions:detail", pk=petition.pk)
