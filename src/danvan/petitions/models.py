"""Petitions (đơn) and their statutory clocks.

One row is one paper (đơn) at one agency. A petition forwarded to another agency ends
at the sender (status FORWARDED) and starts again as a new row at the receiver with
``transferred_from`` set, so each agency's figures count what it received and handled,
and a case is counted once, where it is handled. Mixed content is split into several
rows sharing ``intake_group``. A second-instance complaint links to the first.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.crypto import EncryptedTextField


class PetitionKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")
    DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")
    PETITION = "petition", _("Petition (kiến nghị)")
    FEEDBACK = "feedback", _("Feedback (phản ánh)")


class Channel(models.TextChoices):
    RECEPTION = "reception", _("At a citizen reception")
    POST = "post", _("By post")
    PORTAL = "portal", _("Online portal")
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("By e-mail")
    TRANSFER = "transfer", _("Forwarded by another agency")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified, within competence")
    FORWARDED = "forwarded", _("Forwarded to the competent agency")
    GUIDED = "guided", _("Citizen guided to the competent agency")
    FILED = "filed", _("Filed without handling")
    ACCEPTED = "accepted", _("Accepted for resolution (thụ lý)")
    REFUSED = "refused", _("Not accepted")
    ASSIGNED = "assigned", _("Assigned for verification")
    VERIFYING = "verifying", _("Being verified")
    DIALOGUE_HELD = "dialogue_held", _("Dialogue held")
    DECIDED = "decided", _("Decided")
    DISCLOSED = "disclosed", _("Decision made public")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the petitioner")
    SUSPENDED = "suspended", _("Suspended")
    # Anonymous or impersonated denunciations are not handled as denunciations (Luật Tố
    # cáo 2018, Art. 25); their content may still be used by an inspection.
    LEAD = "lead", _("Turned into an inspection lead")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.CLASSIFIED,
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.VERIFYING,
        Status.DIALOGUE_HELD,
        Status.DECIDED,
        Status.SUSPENDED,
    }
)


class Outcome(models.TextChoices):
    RIGHT = "right", _("Right (đúng)")
    PARTLY_RIGHT = "partly_right", _("Partly right (có đúng, có sai)")
    WRONG = "wrong", _("Wrong (sai)")
    ANSWERED = "answered", _("Answered")


class Category(models.Model):
    """A field that feedback and petitions are about (lĩnh vực), e.g. roads, land or the
    environment; Open311 offers these as its services."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category (lĩnh vực)")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Petition(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("handling agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Denormalised from agency.unit for scope queries (subtree prefix on unit.path).
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_path = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=PetitionKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    suspended_from = models.CharField(max_length=16, choices=Status.choices, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    content = models.TextField(_("content"))
    content_folded = models.TextField(editable=False, default="")
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where the matter is (a map point and/or an address), not where the petitioner lives.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_address = models.CharField(_("place"), max_length=300, blank=True)

    petitioner_name = models.CharField(_("petitioner's name"), max_length=200, blank=True)
    petitioner_address = models.CharField(_("address"), max_length=300, blank=True)
    petitioner_phone = models.CharField(_("phone number"), max_length=16, blank=True)
    petitioner_email = models.EmailField(_("e-mail"), blank=True)
    petitioner_citizen_id = EncryptedTextField(
        _("citizen ID number"), blank=True, default="", digest_field="petitioner_citizen_id_digest"
    )
    petitioner_citizen_id_digest = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    # Folded name and address ("nguyen van a|thon 3 bac ly"): finds the same person at
    # intake. Empty for a denunciation, whose identity is kept in ProtectedIdentity.
    petitioner_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    petitioner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    # A denunciation sent in another person's name (mạo danh), found out at intake.
    is_impersonated = models.BooleanField(_("sent in another person's name"), default=False)
    signer_count = models.PositiveIntegerField(_("number of signers"), default=1)

    received_on = models.DateField(_("received on"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visit = models.ForeignKey(
        "reception.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    intake_group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers"
    )
    forwarded_to = models.ForeignKey(
        "units.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instance = models.PositiveSmallIntegerField(_("instance"), default=1)
    first_instance = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="second_instances"
    )
    is_repeat = models.BooleanField(_("repeated petition"), default=False)
    # The case family (vụ việc) this paper belongs to: copies of one đơn sent to several
    # bodies, repeats and related papers share one. Every petition has one (see cases).
    family = models.ForeignKey(
        "cases.CaseFamily",
        verbose_name=_("case (vụ việc)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    topic = models.ForeignKey(
        "topics.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_complex = models.BooleanField(_("complex case"), default=False)
    is_remote_area = models.BooleanField(_("remote area"), default=False)
    several_locations = models.BooleanField(_("to be checked at several locations"), default=False)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_petitions",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_summary = models.TextField(_("decision"), blank=True)
    disclosed_on = models.DateField(_("made public on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # Earliest due date among running clocks: the work queue sorts on it.
    next_due_on = models.DateField(null=True, blank=True, editable=False)
    is_overdue = models.BooleanField(default=False, editable=False)
    is_near_due = models.BooleanField(default=False, editable=False)
    # Optimistic locking: every change bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("petition (đơn)")
        verbose_name_plural = _("petitions")
        indexes = [
            models.Index(fields=["agency", "status", "next_due_on"], name="petition_queue_agency"),
            models.Index(
                fields=["assigned_to", "status", "next_due_on"], name="petition_queue_handler"
            ),
            models.Index(fields=["unit_path", "received_on"], name="petition_unit_period"),
            models.Index(
                fields=["unit_path"], name="petition_unit_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["is_overdue", "next_due_on"], name="petition_overdue"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.subject}"


class ProtectedIdentity(models.Model):
    """Who sent a denunciation, kept apart from the case (Luật Tố cáo 2018, Art. 47–48).

    Every value is encrypted at rest with DANVAN_FIELD_KEY. Only the assigned handler
    and the head of the handling agency may read it, each read is audited (see
    :mod:`danvan.petitions.protection`). The digests let intake recognise the same person
    without decrypting anything.
    """

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="protected_identity"
    )
    name = EncryptedTextField(_("denouncer's name"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    phone = EncryptedTextField(
        _("phone number"), blank=True, default="", digest_field="phone_digest"
    )
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    citizen_id = EncryptedTextField(
        _("citizen ID number"), blank=True, default="", digest_field="citizen_id_digest"
    )
    # Folded name and address joined by "|", encrypted; its digest finds the same person.
    person_key = EncryptedTextField(blank=True, default="", digest_field="person_digest")
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    citizen_id_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    person_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("protected identity of a denouncer")
        verbose_name_plural = _("protected identities of denouncers")

    def __str__(self) -> str:
        # Never the name: this may end up in a log line or an admin list.
        return f"identity #{self.pk}"


class PetitionEvent(models.Model):
    """One step in a petition's history: who did what, when, why, with which documents."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("time"), auto_now_add=True)
    effective_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.action}"


class ClockKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Decide on acceptance")
    FORWARD = "forward", _("Forward to the competent agency")
    RESOLUTION = "resolution", _("Resolve")
    REPLY = "reply", _("Tell the citizen the outcome")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    LATE = "late", _("Met late")
    STOPPED = "stopped", _("Stopped")


class Clock(models.Model):
    """A statutory period running on a petition, with the rule version it started under."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(_("kind"), max_length=16, choices=ClockKind.choices)
    rule_id = models.CharField(_("rule"), max_length=40)
    rule_version = models.DateField(_("rule version"))
    citation = models.CharField(_("legal basis"), max_length=300)
    unit = models.CharField(max_length=10)  # working | calendar
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due on"))
    variant = models.CharField(max_length=20, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    paused_since = models.DateField(null=True, blank=True)
    # Closed pauses as [[from, to], …] in ISO dates; the due date moves by their length.
    pauses = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    stopped_on = models.DateField(null=True, blank=True)
    # Every recomputation of the due date, for explaining it: [{"on", "from", "to", "why"}].
    history = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("statutory clock (thời hạn)")
        verbose_name_plural = _("statutory clocks")
        indexes = [models.Index(fields=["state", "due_on"], name="clock_state_due")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.kind} → {self.due_on}"
