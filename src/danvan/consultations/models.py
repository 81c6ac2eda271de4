"""Consulting the people on drafts (Nhân dân tham gia ý kiến, Luật Thực hiện dân chủ ở
cơ sở 10/2022/QH15, Art. 25–28): the draft article by article, the comments from the
portal and from meetings, their grouping and the authority's explanation (giải trình)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    """What the commune consults the people on (Art. 25), with Party documents."""

    SOCIO_ECONOMIC = (
        "socio_economic",
        _("Socio-economic development plans (kế hoạch phát triển kinh tế – xã hội)"),
    )
    LAND_USE = "land_use", _("Land use plans and projects (quy hoạch, kế hoạch sử dụng đất)")
    COMPENSATION = (
        "compensation",
        _("Compensation, support and resettlement policies (bồi thường, hỗ trợ, tái định cư)"),
    )
    VILLAGE_RULES = "village_rules", _("Village rules and conventions (hương ước, quy ước)")
    DEMOCRACY_RULES = (
        "democracy_rules",
        _("Commune rules on grassroots democracy (quy chế thực hiện dân chủ ở cơ sở)"),
    )
    BUDGET = "budget", _("Local budget estimates (dự toán ngân sách địa phương)")
    PEOPLE_FUNDED = (
        "people_funded",
        _("Investment projects funded by the people (dự án do Nhân dân đóng góp)"),
    )
    UNITS = (
        "units",
        _("Dissolving, merging, dividing or renaming units (giải thể, nhập, chia, đổi tên đơn vị)"),
    )
    PARTY_DOCUMENTS = "party_documents", _("Party documents (văn kiện Đảng)")
    OTHER = "other", _("Other matters (nội dung khác)")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal (cổng thông tin)")
    MEETING = "meeting", _("Meeting (hội nghị, họp thôn)")
    BALLOT = "ballot", _("Ballot (phiếu lấy ý kiến)")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box (hòm thư góp ý)")
    HOTLINE = "hotline", _("Hotline (đường dây nóng)")


class Position(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    PROPOSE = "propose", _("Proposal")
    OTHER = "other", _("Other")


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    OPEN = "open", _("Open for comments")
    AGGREGATION = "aggregation", _("Aggregating comments")
    EXPLAINED = "explained", _("Explanation published")
    CLOSED = "closed", _("Closed")


# The only moves a consultation makes; services refuse anything else.
TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.PREPARATION: frozenset({Phase.OPEN}),
    Phase.OPEN: frozenset({Phase.AGGREGATION}),
    Phase.AGGREGATION: frozenset({Phase.EXPLAINED}),
    Phase.EXPLAINED: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
}


class Consultation(models.Model):
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("consulting authority"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=300)
    draft_title = models.CharField(_("title of the draft (dự thảo)"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    villages = models.ManyToManyField(
        "units.AdministrativeUnit",
        verbose_name=_("villages consulted"),
        blank=True,
        related_name="+",
    )
    audience_groups = models.CharField(
        _("groups consulted (đối tượng lấy ý kiến)"), max_length=500, blank=True
    )
    channels = models.JSONField(_("channels"), default=list)
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.PREPARATION
    )
    opens_on = models.DateField(_("comments open on"))
    closes_on = models.DateField(_("comments close on"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    comments_closed_at = models.DateTimeField(_("comments closed at"), null=True, blank=True)
    # Set when a comment is hidden, shown again or added after the last grouping: the
    # explanation may not be published on groups that no longer match the comments.
    groups_stale = models.BooleanField(_("grouping out of date"), default=False)
    aggregated_at = models.DateTimeField(_("grouped at"), null=True, blank=True)
    report_number = models.CharField(_("report number"), max_length=60, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    explanation_pdf = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("explanation report (PDF)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    explanation_docx = models.ForeignKey(
        "documents.Attachment",
        verbose_name=_("explanation report (DOCX)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_on = models.DateField(_("explanation published on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation (lấy ý kiến Nhân dân)")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(code, code)) for code in self.channels]


class SectionKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter (chương)")
    PART = "part", _("Section (mục)")
    ARTICLE = "article", _("Article (điều)")
    CLAUSE = "clause", _("Clause (khoản)")
    POINT = "point", _("Point (điểm)")
    PARAGRAPH = "paragraph", _("Paragraph (đoạn)")


class DraftSection(models.Model):
    """One part of the draft; ``order`` runs through the whole draft (reading order)."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="children",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices)
    label = models.CharField(_("label"), max_length=40)
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("draft section")
        verbose_name_plural = _("draft sections")
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="consultations_order")
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.heading}" if self.heading else self.label


class OfflineBatch(models.Model):
    """Comments gathered away from the portal: a meeting, ballots, a box, a hotline."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="batches",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    held_on = models.DateField(_("held on"))
    village = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("village"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    place = models.CharField(_("place"), max_length=300, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offline batch of comments")
        verbose_name_plural = _("offline batches of comments")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.held_on:%d/%m/%Y}"


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # None: a comment on the draft as a whole.
    section = models.ForeignKey(
        DraftSection, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="comments",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    # What the person wrote, never edited; moderation hides, it does not rewrite.
    text = models.TextField(_("comment"))
    text_folded = models.TextField(editable=False, blank=True)
    people = models.PositiveIntegerField(_("number of people"), default=1)
    author_name = models.CharField(_("name"), max_length=200, blank=True)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    village = models.ForeignKey(
        "units.AdministrativeUnit", verbose_name=_("village"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    batch = models.ForeignKey(
        OfflineBatch, verbose_name=_("batch"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="comments",
    )  # fmt: skip
    # The portal form's idempotency key: a double click never makes two comments.
    key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    group = models.ForeignKey(
        "CommentGroup", verbose_name=_("group"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="members",
    )  # fmt: skip
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment (ý kiến)")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(people__gte=1), name="consultations_people")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted (tiếp thu)")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted (tiếp thu một phần)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (không tiếp thu)")


class CommentGroup(models.Model):
    """Similar comments on one article, answered together in the explanation."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    section = models.ForeignKey(
        DraftSection, verbose_name=_("article"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="groups",
    )  # fmt: skip
    representative = models.ForeignKey(
        Comment, verbose_name=_("representative comment"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )  # fmt: skip
    comments = models.PositiveIntegerField(_("comments"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    positions = models.JSONField(_("people per position"), default=dict)
    keywords = models.JSONField(_("keywords"), default=list)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    explanation = models.TextField(_("explanation (giải trình)"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group of comments")
        verbose_name_plural = _("groups of comments")
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk}"
