"""Meetings between the commune and its people (Luật Thực hiện dân chủ ở cơ sở
10/2022/QH15): the chair's yearly dialogue with the people and the year-end meeting of
each village or residential group, with the questions raised and the commitments made."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    CHAIR_DIALOGUE = (
        "chair_dialogue",
        _(
            "Dialogue of the commune chair with the people "
            "(Đối thoại giữa Chủ tịch UBND cấp xã với Nhân dân)"
        ),
    )
    YEAR_END_VILLAGE = (
        "year_end_village",
        _("Year-end village meeting (Hội nghị thôn, tổ dân phố cuối năm)"),
    )


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    # Always the commune, also for a village meeting: monitors group by commune.
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="dialogue_meetings",
    )
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="village_meetings",
    )
    title = models.CharField(_("title"), max_length=300)
    scheduled_at = models.DateTimeField(_("scheduled at"))
    place = models.CharField(_("place"), max_length=300)
    noticed_on = models.DateField(_("notice given on"))
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("people present"), null=True, blank=True)
    households_represented = models.PositiveIntegerField(
        _("households represented"), null=True, blank=True
    )
    chaired_by = models.CharField(_("chaired by"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting with the people")
        verbose_name_plural = _("meetings with the people")
        ordering = ["-scheduled_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="chair_dialogue") | models.Q(village__isnull=False),
                name="dialogues_year_end_has_village",
            )
        ]
        indexes = [
            models.Index(fields=["commune", "status", "held_on"], name="dialogues_commune_held"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """An opinion, question or proposal raised by the people, and the answer given."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.CharField(_("asked by"), max_length=200, blank=True)
    village = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.TextField(_("question or proposal"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question from the people")
        verbose_name_plural = _("questions from the people")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.content[:80]


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Commitment(models.Model):
    """Something the commune promised at a meeting, with who answers for it and by when."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="commitments"
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    content = models.TextField(_("commitment"))
    owner = models.CharField(_("responsible official or agency"), max_length=200)
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogue_commitments",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result_note = models.TextField(_("result"), blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="dialogues_commit_due")]

    def __str__(self) -> str:
        return self.content[:80]

    def is_overdue(self, today: date) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < today

    @property
    def done_late(self) -> bool:
        return (
            self.status == CommitmentStatus.DONE
            and self.done_on is not None
            and self.done_on > self.due_on
        )
