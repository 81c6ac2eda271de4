"""The words of the messages citizens receive about their case.

Short and plain, written once when the step happens, in Vietnamese (the platform is
Vietnamese-first and sending happens later, outside any request). No message repeats
the subject or content of a petition or names a person: a phone screen or a shared
mailbox may be read by others, and a denouncer's identity is protected by law (Luật
Tố cáo 2018, Art. 47). A denunciation is not even called one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.notifications.models import CitizenEvent
from danvan.petitions.models import ClockKind, ClockState, Petition, PetitionKind

PAPER: dict[str, Promise] = {
    PetitionKind.COMPLAINT: gettext_lazy("your complaint"),
    PetitionKind.PETITION: gettext_lazy("your petition"),
    PetitionKind.FEEDBACK: gettext_lazy("your feedback"),
    PetitionKind.DENUNCIATION: gettext_lazy("your letter"),
}


@dataclass(frozen=True)
class NoticeText:
    subject: str
    text: str


def tracking_url(code: str) -> str:
    """The public tracking page of a code, as an absolute address."""
    path = reverse("portal:case", kwargs={"tracking_code": code})
    return settings.DANVAN_PUBLIC_URL.rstrip("/") + path


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _step_date(petition: Petition, event: str) -> date | None:
    if event == CitizenEvent.RECEIVED:
        return petition.received_on
    if event == CitizenEvent.DECIDED and petition.decided_on:
        return petition.decided_on
    latest: date | None = (
        petition.events.order_by("-pk").values_list("effective_on", flat=True).first()
    )
    return latest


def _resolution_due(petition: Petition) -> date | None:
    due: date | None = (
        petition.clocks.filter(
            kind=ClockKind.RESOLUTION, state__in=[ClockState.RUNNING, ClockState.PAUSED]
        )
        .order_by("-pk")
        .values_list("due_on", flat=True)
        .first()
    )
    return due


def _values(petition: Petition, event: str, extra: dict[str, Any]) -> dict[str, str]:
    values = {
        "agency": petition.agency.name,
        "paper": str(PAPER.get(petition.kind, PAPER[PetitionKind.PETITION])),
        "code": petition.tracking_code,
        "url": tracking_url(petition.tracking_code),
        "date": _day(extra.get("date") or _step_date(petition, event)),
        "due": "",
    }
    if event in (CitizenEvent.ACCEPTED, CitizenEvent.EXTENDED):
        values["due"] = _day(extra.get("due_on") or _resolution_due(petition))
    if event == CitizenEvent.FORWARDED:
        copy = petition.transfers.select_related("agency").order_by("-pk").first()
        to_agency = copy.agency if copy else petition.forwarded_to
        values["to_agency"] = extra.get("to_agency") or (to_agency.name if to_agency else "")
        values["new_code"] = extra.get("new_code") or (copy.tracking_code if copy else "")
        if values["new_code"]:
            # From now on the case is followed under the receiving agency's code.
            values["url"] = tracking_url(values["new_code"])
    return values


def _text(event: str, v: dict[str, str]) -> str:
    if event == CitizenEvent.RECEIVED:
        return (
            _(
                "%(agency)s received %(paper)s on %(date)s. Tracking code: %(code)s. "
                "Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.ACCEPTED:
        if v["due"]:
            return (
                _(
                    "%(agency)s accepted %(paper)s (code %(code)s) for resolution on %(date)s. "
                    "The legal time limit ends on %(due)s. Follow it at %(url)s"
                )
                % v
            )
        return (
            _(
                "%(agency)s accepted %(paper)s (code %(code)s) for handling on %(date)s. "
                "Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.REFUSED:
        return (
            _(
                "%(agency)s did not accept %(paper)s (code %(code)s) for resolution. "
                "The written notice gives the legal grounds. Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.FORWARDED:
        if v["new_code"]:
            return (
                _(
                    "%(agency)s forwarded %(paper)s (code %(code)s) to %(to_agency)s, which is "
                    "competent to handle it. New tracking code: %(new_code)s. "
                    "Follow it at %(url)s"
                )
                % v
            )
        return (
            _(
                "%(agency)s forwarded %(paper)s (code %(code)s) to %(to_agency)s, which is "
                "competent to handle it. Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.GUIDED:
        return (
            _(
                "%(agency)s is not competent to handle %(paper)s (code %(code)s). The written "
                "guidance says where to send it. Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.DECIDED:
        return (
            _(
                "%(agency)s reached a decision on %(paper)s (code %(code)s) on %(date)s. "
                "Follow it at %(url)s"
            )
            % v
        )
    if event == CitizenEvent.EXTENDED:
        return (
            _(
                "The time limit for resolving %(paper)s (code %(code)s) at %(agency)s was "
                "extended to %(due)s. Follow it at %(url)s"
            )
            % v
        )
    raise ValueError(f"unknown citizen event {event!r}")


def render(petition: Petition, event: str, extra: dict[str, Any] | None = None) -> NoticeText:
    """The subject and text of the message for ``event`` on ``petition``, in Vietnamese."""
    with translation.override("vi"):
        values = _values(petition, event, extra or {})
        subject = _("Tracking code %(code)s: %(event)s") % {
            "code": petition.tracking_code,
            "event": CitizenEvent(event).label,
        }
        return NoticeText(subject=subject, text=_text(event, values))
