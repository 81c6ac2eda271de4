"""Recording a citizen's rating of a closed case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.audit.services import record_write
from danvan.core.text import normalize_text
from danvan.petitions.models import Petition, Status
from danvan.satisfaction.models import Aspect, SatisfactionRating

# The states in which handling has ended and the citizen can judge it.
RATABLE_STATUSES = frozenset({Status.CLOSED, Status.REFUSED, Status.GUIDED, Status.FILED})
# Ratings long after the end say little about the service; the window is generous.
RATING_WINDOW = timedelta(days=180)


def ended_on(petition: Petition) -> Any:
    """The day handling ended, from the last event (closing, refusal, guidance, filing)."""
    event = petition.events.filter(to_status=petition.status).order_by("-pk").first()
    return event.effective_on if event is not None else petition.closed_on


def can_be_rated(petition: Petition) -> bool:
    if petition.status not in RATABLE_STATUSES:
        return False
    if SatisfactionRating.objects.filter(petition=petition).exists():
        return False
    end = ended_on(petition)
    return end is None or timezone.localdate() - end <= RATING_WINDOW


def _score(value: Any, field: str, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Choose a score from 1 to 5.")})
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 5:
        raise ValidationError({field: _("Choose a score from 1 to 5.")})
    return number


@transaction.atomic
def rate_case(
    *,
    petition: Petition,
    score: Any,
    aspects: dict[str, Any] | None = None,
    comment: str = "",
    user: Any = None,
) -> SatisfactionRating:
    """Record the rating of a case whose handling has ended. Holding the tracking code is
    what entitles a person to rate, as it is for following the case; a case is rated once.
    """
    if petition.status not in RATABLE_STATUSES:
        raise ValidationError(_("A case can be rated once its handling has ended."))
    if not can_be_rated(petition):
        if SatisfactionRating.objects.filter(petition=petition).exists():
            raise ValidationError(_("This case has already been rated. Thank you."))
        raise ValidationError(_("The time to rate this case has passed."))
    aspects = aspects or {}
    unknown = set(aspects) - set(Aspect.values)
    if unknown:
        raise ValidationError(_("Unknown aspect: %(names)s.") % {"names": ", ".join(unknown)})
    values = {a: _score(aspects.get(a), a, required=False) for a in Aspect.values}
    overall = _score(score, "score", required=True) or 0
    text = normalize_text(comment or "")
    if len(text) > 500:
        raise ValidationError({"comment": _("The comment is too long (at most 500 characters).")})
    try:
        with transaction.atomic():
            rating = SatisfactionRating.objects.create(
                petition=petition,
                unit_id=petition.unit_id,
                unit_path=petition.unit_path,
                score=overall,
                comment=text,
                rated_on=timezone.localdate(),
                **values,
            )
    except IntegrityError as exc:
        # Two submissions at once: the second finds the first.
        raise ValidationError(_("This case has already been rated. Thank you.")) from exc
    record_write(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action="satisfaction.rate",
        target=rating,
        after={"petition": petition.tracking_code, "score": overall, **values},
        unit_id=petition.unit_id,
    )
    return rating
