"""Staff pages for meetings with the people: the list, scheduling, one meeting with its
questions and commitments, and the commitments tracker of a commune."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.selectors import has_staff_role
from danvan.core.forms import attach_errors, parse_id
from danvan.dialogues import selectors, services
from danvan.dialogues.forms import (
    AnswerForm,
    CancelForm,
    CommitmentForm,
    CompleteForm,
    DropForm,
    HeldForm,
    QuestionForm,
    ScheduleForm,
)
from danvan.dialogues.models import CommitmentStatus, Meeting, MeetingStatus
from danvan.dialogues.rules import communes_managed_by
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not has_staff_role(request.user):
        raise PermissionDenied
    chosen = None
    if (commune_id := parse_id(request.GET.get("commune"))) is not None:
        chosen = get_object_or_404(selectors.readable_communes(request.user), pk=commune_id)
    meetings = selectors.meetings_for(request.user, commune=chosen)[:200]
    return render(
        request,
        "dialogues/list.html",
        {
            "meetings": meetings,
            "chosen": chosen,
            "communes": selectors.communes_with_meetings(request.user)[:300],
            "can_schedule": communes_managed_by(request.user).exists(),
        },
    )


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    communes = communes_managed_by(request.user)
    if not communes.exists():
        raise PermissionDenied
    villages = AdministrativeUnit.objects.filter(
        parent__in=communes, level=UnitLevel.VILLAGE, is_active=True
    ).order_by("parent__name_collation", "name_collation")
    form = ScheduleForm(
        request.POST or None,
        communes=communes,
        villages=villages,
        initial={"commune": communes.first(), "noticed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.schedule_meeting(
                actor=request.user,
                commune=data["commune"],
                kind=data["kind"],
                title=data["title"],
                scheduled_at=data["scheduled_at"],
                place=data["place"],
                noticed_on=data["noticed_on"],
                agenda=data["agenda"],
                village=data["village"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The meeting was scheduled."))
            return redirect("dialogues:detail", pk=meeting.pk)
    return render(request, "dialogues/schedule.html", {"form": form})


def _detail_forms(meeting: Meeting, data: Any = None, action: str = "") -> dict[str, Form]:
    """The page's forms; only the one posted is bound to the data."""
    villages = AdministrativeUnit.objects.filter(
        parent=meeting.commune, level=UnitLevel.VILLAGE, is_active=True
    ).order_by("name_collation")
    questions = meeting.questions.all()
    open_commitments = meeting.commitments.filter(status=CommitmentStatus.OPEN)
    commune = meeting.commune
    agencies = Agency.objects.filter(is_active=True).filter(
        Q(unit=commune) | Q(unit__parent=commune)
    )
    today = timezone.localdate()

    def bound(name: str) -> Any:
        return data if action == name else None

    return {
        "held": HeldForm(bound("held"), prefix="held", initial={"held_on": today}),
        "cancel": CancelForm(bound("cancel"), prefix="cancel"),
        "question": QuestionForm(bound("question"), prefix="question", villages=villages),
        "answer": AnswerForm(
            bound("answer"),
            prefix="answer",
            questions=questions.filter(answered_on__isnull=True)
            if action != "answer"
            else questions,
            initial={"answered_on": meeting.held_on or today},
        ),
        "commitment": CommitmentForm(
            bound("commitment"), prefix="commitment", agencies=agencies, questions=questions
        ),
        "complete": CompleteForm(
            bound("complete"),
            prefix="complete",
            commitments=open_commitments,
            initial={"done_on": today},
        ),
        "drop": DropForm(bound("drop"), prefix="drop", commitments=open_commitments),
    }


def _apply(request: HttpRequest, meeting: Meeting, action: str, form: Form) -> str:
    """Run the posted form's service; return the success message."""
    data = form.cleaned_data
    actor = request.user
    if action == "held":
        services.record_held(
            actor=actor,
            meeting=meeting,
            held_on=data["held_on"],
            attendance=data["attendance"],
            households_represented=data["households_represented"],
            chaired_by=data["chaired_by"],
            minutes=data["minutes"],
        )
        return _("The meeting was recorded as held.")
    if action == "cancel":
        services.cancel_meeting(actor=actor, meeting=meeting, reason=data["reason"])
        return _("The meeting was cancelled.")
    if action == "question":
        services.add_question(
            actor=actor,
            meeting=meeting,
            content=data["content"],
            asked_by=data["asked_by"],
            village=data["village"],
        )
        return _("The question was added.")
    if action == "answer":
        services.answer_question(
            actor=actor,
            question=data["question"],
            answer=data["answer"],
            answered_by=data["answered_by"],
            answered_on=data["answered_on"],
        )
        return _("The answer was recorded.")
    if action == "commitment":
        services.add_commitment(
            actor=actor,
            meeting=meeting,
            content=data["content"],
            owner=data["owner"],
            agency=data["agency"],
            question=data["question"],
            due_on=data["due_on"],
        )
        return _("The commitment was added.")
    if action == "complete":
        services.complete_commitment(
            actor=actor,
            commitment=data["commitment"],
            done_on=data["done_on"],
            result_note=data["result_note"],
        )
        return _("The commitment was recorded as done.")
    services.drop_commitment(actor=actor, commitment=data["commitment"], reason=data["reason"])
    return _("The commitment was dropped.")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("commune", "village"), pk=pk)
    if not request.user.has_perm("dialogues.view_meetings", meeting):
        raise PermissionDenied
    can_manage = request.user.has_perm("dialogues.manage_meetings", meeting)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = _detail_forms(meeting, request.POST, action)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = forms.get(action)
        if form is None:
            messages.error(request, _("Unknown action."))
            return redirect("dialogues:detail", pk=meeting.pk)
        if form.is_valid():
            try:
                message = _apply(request, meeting, action, form)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("dialogues:detail", pk=meeting.pk)
    today = timezone.localdate()
    commitments = meeting.commitments.select_related("agency", "question")
    return render(
        request,
        "dialogues/detail.html",
        {
            "meeting": meeting,
            "questions": meeting.questions.select_related("village"),
            "commitments": selectors.commitment_rows(commitments, today),
            "can_manage": can_manage,
            "is_planned": meeting.status == MeetingStatus.PLANNED,
            "is_held": meeting.status == MeetingStatus.HELD,
            "forms": forms,
            "action": action,
        },
    )


@login_required
def tracker(request: HttpRequest, commune_id: int) -> HttpResponse:
    commune = get_object_or_404(AdministrativeUnit, pk=commune_id, level=UnitLevel.COMMUNE)
    if not request.user.has_perm("dialogues.view_meetings", commune):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "dialogues/tracker.html",
        {
            "commune": commune,
            "open_rows": selectors.open_commitments(commune=commune, today=today),
            "closed_rows": selectors.closed_commitments(commune=commune, today=today),
            "today": today,
        },
    )
