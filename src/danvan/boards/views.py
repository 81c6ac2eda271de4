"""Staff pages of people's boards: the list, setting up a board, the board with its
members, plans, visits and recommendations, one visit with its photos, and one
recommendation with its answer and follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.selectors import communes_where, units_readable_by
from danvan.audit.personal import record_personal_data_read
from danvan.boards import selectors, services
from danvan.boards.forms import (
    AnswerForm,
    BoardForm,
    CloseForm,
    DissolveForm,
    FollowUpForm,
    MemberForm,
    PhotoForm,
    PlanForm,
    RecommendationForm,
    RemoveMemberForm,
    VisitForm,
)
from danvan.boards.models import (
    Board,
    BoardMember,
    Recommendation,
    RecommendationStatus,
    SupervisionVisit,
)
from danvan.boards.rules import MANAGER_ROLES
from danvan.core.forms import attach_errors, parse_id
from danvan.units.models import AdministrativeUnit, Agency, UnitLevel


def _managed_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    """Communes in force where the user may set up boards."""
    return communes_where(user, MANAGER_ROLES)


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    units = units_readable_by(request.user)
    if not units.exists():
        raise PermissionDenied
    communes = units.filter(level=UnitLevel.COMMUNE).order_by("name_collation")
    chosen = None
    shown = communes
    if (commune_id := parse_id(request.GET.get("commune"))) is not None:
        chosen = get_object_or_404(communes, pk=commune_id)
        shown = communes.filter(pk=chosen.pk)
    boards = selectors.boards_in(shown)[:200]
    return render(
        request,
        "boards/list.html",
        {
            "boards": boards,
            "min_members": services.MIN_MEMBERS,
            "communes": Board.objects.filter(commune__in=communes)
            .values("commune_id", "commune__name")
            .annotate(n=Count("id"))
            .order_by("commune__name_collation"),
            "chosen": chosen,
            "can_create": _managed_communes(request.user).exists(),
        },
    )


@login_required
def board_create(request: HttpRequest) -> HttpResponse:
    communes = _managed_communes(request.user)
    if not communes.exists():
        raise PermissionDenied
    villages = AdministrativeUnit.objects.filter(
        parent__in=communes, level=UnitLevel.VILLAGE, is_active=True
    ).order_by("parent__name_collation", "name_collation")
    form = BoardForm(
        request.POST or None,
        communes=communes,
        villages=villages,
        initial={"commune": communes.first(), "term_starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            board = services.create_board(
                actor=request.user,
                commune=data["commune"],
                kind=data["kind"],
                name=data["name"],
                term_starts_on=data["term_starts_on"],
                term_ends_on=data["term_ends_on"],
                project_name=data["project_name"],
                village=data["village"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The board was recorded."))
            return redirect("boards:detail", pk=board.pk)
    return render(request, "boards/create.html", {"form": form})


def _board_for(request: HttpRequest, pk: int) -> Board:
    board = get_object_or_404(Board.objects.select_related("commune", "village"), pk=pk)
    if not request.user.has_perm("boards.view_boards", board):
        raise PermissionDenied
    return board


def _accounts_for(board: Board) -> QuerySet[User]:
    """Accounts holding the board member role at the board's commune."""
    return (
        User.objects.filter(
            role_assignments__role=Role.BOARD_MEMBER,
            role_assignments__agency__unit=board.commune,
            role_assignments__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("full_name")
    )


def _agencies_for(board: Board) -> QuerySet[Agency]:
    """The bodies a recommendation may go to: at the commune or above it."""
    return (
        Agency.objects.filter(unit__in=board.commune.ancestors(), is_active=True)
        .select_related("unit")
        .order_by("-unit__level", "kind", "name")
    )


def _run(form: Any, call: Any, **kwargs: Any) -> bool:
    """Call a service, showing its errors on ``form``; True when it succeeded."""
    try:
        call(**kwargs)
    except ValidationError as exc:
        attach_errors(form, exc)
        return False
    return True


@login_required
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = _board_for(request, pk)
    user = request.user
    today = timezone.localdate()
    can_manage = user.has_perm("boards.manage_boards", board)
    can_record = user.has_perm("boards.record_activity", board)
    serving = selectors.serving_members(board, on=today)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post is not None else ""
    member_form = MemberForm(
        post if action == "member" else None,
        accounts=_accounts_for(board),
        initial={"joined_on": today},
    )
    plan_form = PlanForm(
        post if action == "plan" else None,
        initial={"year": today.year, "quarter": (today.month - 1) // 3 + 1},
    )
    visit_form = VisitForm(
        post if action == "visit" else None,
        request.FILES if action == "visit" else None,
        members=serving,
        initial={"visited_on": today},
    )
    recommendation_form = RecommendationForm(
        post if action == "recommendation" else None,
        agencies=_agencies_for(board),
        visits=board.visits.all(),
        initial={"sent_on": today, "addressed_to": services.default_addressee(board)},
    )
    dissolve_form = DissolveForm(
        post if action == "dissolve" else None, initial={"dissolved_on": today}
    )
    if post is not None:
        allowed = can_manage if action in ("member", "dissolve") else can_record
        if not allowed or action not in ("member", "plan", "visit", "recommendation", "dissolve"):
            raise PermissionDenied
        done = False
        if action == "member" and member_form.is_valid():
            data = member_form.cleaned_data
            done = _run(member_form, services.add_member, actor=user, board=board, **data)
        elif action == "plan" and plan_form.is_valid():
            data = plan_form.cleaned_data
            done = _run(plan_form, services.record_plan, actor=user, board=board, **data)
        elif action == "visit" and visit_form.is_valid():
            data = visit_form.cleaned_data
            photo = data.pop("photo")
            done = _run(
                visit_form,
                services.record_visit,
                actor=user,
                board=board,
                photos=[photo] if photo else [],
                **data,
            )
        elif action == "recommendation" and recommendation_form.is_valid():
            data = recommendation_form.cleaned_data
            done = _run(
                recommendation_form,
                services.send_recommendation,
                actor=user,
                board=board,
                **data,
            )
        elif action == "dissolve" and dissolve_form.is_valid():
            data = dissolve_form.cleaned_data
            done = _run(dissolve_form, services.dissolve_board, actor=user, board=board, **data)
        if done:
            messages.success(request, _("Saved."))
            return redirect("boards:detail", pk=board.pk)
    recommendations = []
    for r in board.recommendations.select_related("addressed_to", "visit"):
        state = selectors.recommendation_state(r, today)
        recommendations.append((r, state, selectors.state_label(state)))
    record_personal_data_read(
        actor=request.user,
        action="boards.view_members",
        target=board,
        fields=["full_name", "phone"] if board.members.exists() else [],
        unit_id=board.commune_id,
    )
    return render(
        request,
        "boards/detail.html",
        {
            "board": board,
            "constituted": selectors.is_constituted(board, on=today),
            "min_members": services.MIN_MEMBERS,
            "serving": serving,
            "former": board.members.filter(left_on__isnull=False, left_on__lte=today),
            "plans": board.plans.all(),
            "visits": board.visits.annotate(
                n_participants=Count("participants", distinct=True)
            ).order_by("-visited_on", "-pk"),
            "recommendations": recommendations,
            "can_manage": can_manage and board.is_active,
            "can_record": can_record and board.is_active,
            "member_form": member_form,
            "remove_form": RemoveMemberForm(initial={"left_on": today}),
            "plan_form": plan_form,
            "visit_form": visit_form,
            "recommendation_form": recommendation_form,
            "dissolve_form": dissolve_form,
        },
    )


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    board = _board_for(request, pk)
    member = get_object_or_404(BoardMember, pk=member_id, board=board)
    if not request.user.has_perm("boards.manage_boards", board):
        raise PermissionDenied
    form = RemoveMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the member left."))
    else:
        try:
            services.remove_member(
                actor=request.user, member=member, left_on=form.cleaned_data["left_on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The member's departure was recorded."))
            if not selectors.is_constituted(board):
                messages.warning(
                    request,
                    _("The board now has fewer than %(n)d members and is incomplete.")
                    % {"n": services.MIN_MEMBERS},
                )
    return redirect("boards:detail", pk=board.pk)


def _visit_for(request: HttpRequest, pk: int) -> SupervisionVisit:
    visit = get_object_or_404(
        SupervisionVisit.objects.select_related("board", "board__commune"), pk=pk
    )
    if not request.user.has_perm("boards.view_boards", visit):
        raise PermissionDenied
    return visit


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    can_record = request.user.has_perm("boards.record_activity", visit)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid() and _run(
            form,
            services.add_visit_photo,
            actor=request.user,
            visit=visit,
            upload=form.cleaned_data["photo"],
        ):
            messages.success(request, _("The file was attached."))
            return redirect("boards:visit", pk=visit.pk)
    return render(
        request,
        "boards/visit.html",
        {
            "visit": visit,
            "board": visit.board,
            "participants": visit.participants.all(),
            "photos": selectors.photos_of(visit),
            "recommendations": visit.recommendations.all(),
            "can_record": can_record,
            "form": form,
        },
    )


@login_required
def visit_photo(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    visit = _visit_for(request, pk)
    # Only a file attached to this visit, which the user may read.
    item = get_object_or_404(selectors.photos_of(visit), pk=attachment_id)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related(
            "board", "board__commune", "addressed_to", "addressed_to__unit", "visit"
        ),
        pk=pk,
    )
    user = request.user
    if not user.has_perm("boards.view_boards", recommendation):
        raise PermissionDenied
    today = timezone.localdate()
    is_open = recommendation.status == RecommendationStatus.OPEN
    is_closed = recommendation.status == RecommendationStatus.CLOSED
    can_answer = is_open and user.has_perm("boards.answer_recommendation", recommendation)
    can_record = not is_closed and user.has_perm("boards.record_activity", recommendation)
    can_close = recommendation.status == RecommendationStatus.ANSWERED and user.has_perm(
        "boards.record_activity", recommendation
    )
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post is not None else ""
    answer_form = AnswerForm(post if action == "answer" else None, initial={"answered_on": today})
    follow_up_form = FollowUpForm(post if action == "follow_up" else None, initial={"on": today})
    close_form = CloseForm(post if action == "close" else None, initial={"closed_on": today})
    state = selectors.recommendation_state(recommendation, today)
    if post is not None:
        permitted = {"answer": can_answer, "follow_up": can_record, "close": can_close}
        if not permitted.get(action, False):
            raise PermissionDenied
        done = False
        if action == "answer" and answer_form.is_valid():
            done = _run(
                answer_form,
                services.answer_recommendation,
                actor=user,
                recommendation=recommendation,
                **answer_form.cleaned_data,
            )
        elif action == "follow_up" and follow_up_form.is_valid():
            done = _run(
                follow_up_form,
                services.record_follow_up,
                actor=user,
                recommendation=recommendation,
                **follow_up_form.cleaned_data,
            )
        elif action == "close" and close_form.is_valid():
            done = _run(
                close_form,
                services.close_recommendation,
                actor=user,
                recommendation=recommendation,
                **close_form.cleaned_data,
            )
        if done:
            messages.success(request, _("Saved."))
            return redirect("boards:recommendation", pk=recommendation.pk)
    return render(
        request,
        "boards/recommendation.html",
        {
            "recommendation": recommendation,
            "board": recommendation.board,
            "state": state,
            "state_label": selectors.state_label(state),
            "follow_ups": [line for line in recommendation.follow_up.splitlines() if line],
            "can_answer": can_answer,
            "can_record": can_record,
            "can_close": can_close,
            "answer_form": answer_form,
            "follow_up_form": follow_up_form,
            "close_form": close_form,
        },
    )
