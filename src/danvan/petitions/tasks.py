"""The daily deadline watch: mark near-due and overdue petitions and tell the people
responsible. Set-based updates, so it scales to millions of petitions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import Role
from danvan.calendar.selectors import get_calendar
from danvan.figures import services as figures
from danvan.notifications.services import notify
from danvan.petitions.models import OPEN_STATUSES, Petition

NOTIFY_BATCH = 5000


@dataclass(frozen=True)
class WatchResult:
    newly_overdue: int
    no_longer_overdue: int
    near_due: int
    notified_users: int


def _recipients(petitions: list[tuple[int, int, str]]) -> dict[int, list[int]]:
    """User id → petition ids: the handler, the agency's leaders, and the monitors and
    leaders whose scope covers the petition's unit from above (the supervising body)."""
    by_user: dict[int, list[int]] = defaultdict(list)
    agency_ids = {agency_id for _pk, agency_id, _path in petitions}
    leaders: defaultdict[int, set[int]] = defaultdict(set)
    for user_id, agency_id in RoleAssignment.objects.filter(
        agency_id__in=agency_ids, role=Role.LEADER, revoked_at__isnull=True
    ).values_list("user_id", "agency_id"):
        leaders[agency_id].add(user_id)
    # Supervisors by the path of the unit they watch; each petition looks up only the
    # paths of the units above its own, so the cost does not grow with their number.
    supervisors: defaultdict[str, list[int]] = defaultdict(list)
    for user_id, scope_path in RoleAssignment.objects.filter(
        role__in=[Role.MONITOR, Role.LEADER], covers_subtree=True, revoked_at__isnull=True
    ).values_list("user_id", "agency__unit__path"):
        supervisors[scope_path].append(user_id)
    for pk, agency_id, path in petitions:
        for user_id in leaders.get(agency_id, ()):
            by_user[user_id].append(pk)
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts)):
            for user_id in supervisors.get("/".join(parts[:depth]) + "/", ()):
                by_user[user_id].append(pk)
    return by_user


def watch_deadlines(*, today: date | None = None) -> WatchResult:
    today = today or timezone.localdate()
    near_end = get_calendar().add_working_days(today, settings.DANVAN_NEAR_DUE_WORKING_DAYS).due
    open_ = Petition.objects.filter(status__in=OPEN_STATUSES)
    with transaction.atomic():
        newly = list(
            open_.filter(next_due_on__lt=today, is_overdue=False).values_list(
                "pk", "agency_id", "unit_path", "assigned_to_id"
            )
        )
        if newly:
            ids = [row[0] for row in newly]
            for start in range(0, len(ids), NOTIFY_BATCH):
                Petition.objects.filter(pk__in=ids[start : start + NOTIFY_BATCH]).update(
                    is_overdue=True, is_near_due=False
                )
        cleared = (
            Petition.objects.filter(is_overdue=True)
            .filter(
                Q(next_due_on__isnull=True)
                | Q(next_due_on__gte=today)
                | ~Q(status__in=OPEN_STATUSES)
            )
            .update(is_overdue=False)
        )
        near = (
            open_.filter(next_due_on__gte=today, next_due_on__lte=near_end)
            .exclude(is_near_due=True)
            .update(is_near_due=True)
        )
        Petition.objects.filter(is_near_due=True).filter(
            Q(next_due_on__isnull=True)
            | Q(next_due_on__lt=today)
            | Q(next_due_on__gt=near_end)
            | ~Q(status__in=OPEN_STATUSES)
        ).update(is_near_due=False)
        by_user = _recipients([(pk, agency, path) for pk, agency, path, _h in newly])
        for pk, _agency, _path, handler in newly:
            if handler:
                by_user[handler].append(pk)
        from danvan.accounts.models import User

        users = User.objects.in_bulk(list(by_user))
        for user_id, petition_ids in by_user.items():
            count = len(set(petition_ids))
            notify(
                recipients=[users[user_id]],
                topic="petitions.overdue",
                title=_("%(n)d petition(s) became overdue") % {"n": count},
                body=_("Petitions past their legal deadline today: %(n)d. Open your work queue.")
                % {"n": count},
                url="/staff/petitions/?overdue=1",
            )
    # The overdue flags changed in bulk: bring the dashboards' counts in step.
    figures.sync_overdue()
    # Case families age into "prolonged"; then the hotspot check reads fresh flags.
    from danvan.cases.services import refresh_all
    from danvan.hotspots.services import check_alerts

    refresh_all(today)
    check_alerts(today=today)
    return WatchResult(len(newly), cleared, near, len(by_user))


@task()
def watch_deadlines_task() -> dict[str, int]:
    from danvan.notifications.tasks import resend_pending, retry_due_deliveries

    result = watch_deadlines()
    resend_pending()
    retry_due_deliveries()
    from danvan.exports.services import delete_expired_exports

    delete_expired_exports()
    if settings.DANVAN_RETENTION_DAILY:
        from danvan.core.retention import apply_retention

        apply_retention()
    return {
        "newly_overdue": result.newly_overdue,
        "no_longer_overdue": result.no_longer_overdue,
        "near_due": result.near_due,
        "notified_users": result.notified_users,
    }
