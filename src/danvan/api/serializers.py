"""What the API answers. Every serializer is read-only; the API changes nothing.
Serializer docstrings are shown in the OpenAPI schema, so they speak to API users.

Petitions never carry a citizen ID number. Who sent a petition (name, address, phone,
e-mail) is left out of lists, and null in the detail unless ``api.view_petitioner``
allows it (never for a denunciation); the view records every such read in the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from danvan.api.rules import PETITIONER_FIELDS
from danvan.api.selectors import unit_for_code
from danvan.deadlines.compute import DIRECTIONS, UNITS, VARIANTS
from danvan.petitions.models import (
    Category,
    Channel,
    ClockKind,
    ClockState,
    Outcome,
    Petition,
    PetitionKind,
    Status,
)
from danvan.reception.models import ReceptionSession, SessionKind
from danvan.units.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    UnitKind,
    UnitLevel,
    UnitScheme,
)

# One year, leap day included: the longest period of the statutory reports.
MAX_STATISTICS_DAYS = 366


class OptionalChoiceField(serializers.ChoiceField):
    """A choice stored as "" when unset; answered as null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)


class UnitSerializer(serializers.ModelSerializer[AdministrativeUnit]):
    scheme = serializers.ChoiceField(choices=UnitScheme.choices)
    level = serializers.ChoiceField(choices=UnitLevel.choices)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    # A declared field may shadow Field.parent: the serializer's metaclass takes it out.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code", allow_null=True, help_text=_("Code of the parent unit.")
    )
    parent_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "scheme",
            "code",
            "name",
            "codename",
            "level",
            "kind",
            "parent",
            "parent_id",
            "path",
            "is_active",
            "is_remote_area",
        ]
        read_only_fields = fields


class AgencySerializer(serializers.ModelSerializer[Agency]):
    kind = serializers.ChoiceField(choices=AgencyKind.choices)
    unit = serializers.CharField(source="unit.code", help_text=_("Code of the unit."))
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "unit", "unit_name", "is_active"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer[Category]):
    class Meta:
        model = Category
        fields = ["code", "name", "description", "group"]
        read_only_fields = fields


class PetitionSerializer(serializers.ModelSerializer[Petition]):
    """A petition in a list: no content and no personal data."""

    kind = serializers.ChoiceField(choices=PetitionKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    outcome = OptionalChoiceField(choices=Outcome.choices)
    agency = serializers.CharField(source="agency.code", help_text=_("Code of the agency."))
    agency_name = serializers.CharField(source="agency.name")
    unit = serializers.CharField(source="unit.code", help_text=_("Code of the unit."))
    unit_name = serializers.CharField(source="unit.name")
    category = serializers.CharField(source="category.code", allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    next_due_on = serializers.DateField(
        allow_null=True, help_text=_("Earliest due date of the statutory periods now running.")
    )
    is_overdue = serializers.BooleanField()
    is_near_due = serializers.BooleanField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "tracking_code",
            "kind",
            "channel",
            "status",
            "subject",
            "category",
            "agency",
            "agency_name",
            "unit",
            "unit_name",
            "received_on",
            "next_due_on",
            "is_overdue",
            "is_near_due",
            "is_anonymous",
            "signer_count",
            "instance",
            "is_repeat",
            "is_complex",
            "is_remote_area",
            "several_locations",
            "latitude",
            "longitude",
            "location_address",
            "outcome",
            "decided_on",
            "disclosed_on",
            "closed_on",
        ]
        read_only_fields = fields


class ClockSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ClockKind.choices)
    rule = serializers.CharField(source="rule_id")
    rule_version = serializers.DateField()
    citation = serializers.CharField()
    unit = serializers.ChoiceField(choices=[(unit, unit) for unit in UNITS])
    started_on = serializers.DateField()
    due_on = serializers.DateField()
    extensions = serializers.IntegerField()
    state = serializers.ChoiceField(choices=ClockState.choices)
    stopped_on = serializers.DateField(allow_null=True)


class PetitionDetailSerializer(PetitionSerializer):
    """One petition: its content, decision and statutory periods, and who sent it
    when you may see that (otherwise those fields are null)."""

    # The view decides through api.view_petitioner and passes context["show_petitioner"].

    petitioner_name = serializers.SerializerMethodField()
    petitioner_address = serializers.SerializerMethodField()
    petitioner_phone = serializers.SerializerMethodField()
    petitioner_email = serializers.SerializerMethodField()
    petitioner_shown = serializers.SerializerMethodField(
        help_text=_("False when the petitioner's details are withheld from you.")
    )
    clocks = ClockSerializer(many=True, read_only=True)

    class Meta(PetitionSerializer.Meta):
        fields = [
            *PetitionSerializer.Meta.fields,
            "content",
            "decision_summary",
            "petitioner_shown",
            *PETITIONER_FIELDS,
            "clocks",
        ]
        read_only_fields = fields

    def _personal(self, petition: Petition, name: str) -> str | None:
        if not self.context.get("show_petitioner"):
            return None
        return getattr(petition, name) or None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_petitioner_shown(self, petition: Petition) -> bool:
        return bool(self.context.get("show_petitioner"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_petitioner_name(self, petition: Petition) -> str | None:
        return self._personal(petition, "petitioner_name")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_petitioner_address(self, petition: Petition) -> str | None:
        return self._personal(petition, "petitioner_address")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_petitioner_phone(self, petition: Petition) -> str | None:
        return self._personal(petition, "petitioner_phone")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_petitioner_email(self, petition: Petition) -> str | None:
        return self._personal(petition, "petitioner_email")


class ReceptionSessionSerializer(serializers.ModelSerializer[ReceptionSession]):
    """A reception session with its totals; the register's entries (who came) are
    personal data and stay out of the API."""

    kind = serializers.ChoiceField(choices=SessionKind.choices)
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    unit = serializers.CharField(source="agency.unit.code")
    chaired_by = serializers.CharField(
        source="chaired_by.full_name", allow_null=True, help_text=_("The official who chaired.")
    )
    visit_count = serializers.IntegerField(help_text=_("Visits recorded in the register."))
    people_count = serializers.SerializerMethodField(help_text=_("People received."))

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "agency",
            "agency_name",
            "unit",
            "kind",
            "held_on",
            "location",
            "chaired_by",
            "delegated",
            "visit_count",
            "people_count",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_people_count(self, session: Any) -> int:
        return int(session.people_count or 0)


class PetitionFiguresSerializer(serializers.Serializer[Any]):
    received = serializers.IntegerField()
    cases = serializers.IntegerField(
        help_text=_("Cases (vụ việc): petitions not forwarded away, counted where handled.")
    )
    repeated = serializers.IntegerField()
    complaint = serializers.IntegerField()
    denunciation = serializers.IntegerField()
    petition = serializers.IntegerField()
    feedback = serializers.IntegerField()
    within_competence = serializers.IntegerField()
    forwarded = serializers.IntegerField()
    accepted = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolved_on_time = serializers.IntegerField()
    overdue_now = serializers.IntegerField()
    by_channel = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Petitions received per channel.")
    )


class ReceptionFiguresSerializer(serializers.Serializer[Any]):
    sessions = serializers.IntegerField()
    leader_sessions = serializers.IntegerField()
    visits = serializers.IntegerField()
    people = serializers.IntegerField()
    group_visits = serializers.IntegerField()
    repeat_visits = serializers.IntegerField()
    refused = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer[Any]):
    """Ratings given by citizens in the period after their case ended."""

    ratings = serializers.IntegerField()
    average = serializers.FloatField(allow_null=True, help_text=_("Mean score, 1–5."))
    index = serializers.FloatField(allow_null=True, help_text=_("The mean on 0–100."))
    aspects = serializers.DictField(
        child=serializers.FloatField(allow_null=True),
        help_text=_("Mean score per aspect: timeliness, attitude, clarity, outcome."),
    )


class StatisticsSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField()
    unit_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    petitions = PetitionFiguresSerializer()
    reception = ReceptionFiguresSerializer()
    satisfaction = SatisfactionSerializer()


class SkippedDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    reason = serializers.CharField()


class DeadlineSerializer(serializers.Serializer[Any]):
    """A computed deadline, in the shape ``danvan deadline`` prints."""

    rule = serializers.CharField(allow_null=True)
    version = serializers.DateField(allow_null=True)
    citation = serializers.CharField(allow_null=True)
    start = serializers.DateField()
    due = serializers.DateField()
    days = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=[(unit, unit) for unit in UNITS])
    direction = serializers.ChoiceField(choices=[(d, d) for d in DIRECTIONS])
    variant = serializers.ChoiceField(choices=[(v, v) for v in VARIANTS], allow_null=True)
    extensions = serializers.IntegerField()
    skipped = SkippedDaySerializer(many=True, help_text=_("Days off passed over, with why."))


class DeadlineRuleSerializer(serializers.Serializer[Any]):
    """One version of a statutory deadline rule."""

    rule = serializers.CharField()
    version = serializers.DateField(help_text=_("The day this version came into force."))
    effective_until = serializers.DateField(allow_null=True)
    title = serializers.CharField()
    days = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=[(unit, unit) for unit in UNITS])
    direction = serializers.ChoiceField(choices=[(d, d) for d in DIRECTIONS])
    starts_on = serializers.CharField()
    variants = serializers.DictField(child=serializers.IntegerField())
    max_extensions = serializers.IntegerField()
    extension_days = serializers.IntegerField()
    roll_forward = serializers.BooleanField()
    citation = serializers.CharField()
    source_note = serializers.CharField()


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text=_("Stable code for programs, e.g. not_found."))
    message = serializers.CharField(help_text=_("Explanation in the user's language."))
    # Declared fields leave the class body (serializer metaclass), so this one does not
    # hide Serializer.fields; the same holds for DeadlineErrorSerializer.errors.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Messages per query parameter; empty when none is at fault."),
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


class DeadlineInputErrorItemSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    description = serializers.CharField()


class DeadlineErrorSerializer(ErrorSerializer):
    errors = DeadlineInputErrorItemSerializer(many=True)  # type: ignore[assignment]


class StatisticsQuerySerializer(serializers.Serializer[Any]):
    """The query of ``GET /statistics/``; ``validate`` resolves the unit and the period."""

    unit = serializers.CharField(help_text=_("Code of the unit; units below it are included."))
    start = serializers.DateField(
        required=False, help_text=_("First day (YYYY-MM-DD); by default 1 January of this year.")
    )
    end = serializers.DateField(
        required=False, help_text=_("Last day (YYYY-MM-DD); by default today.")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        start = attrs.get("start") or date(today.year, 1, 1)
        end = attrs.get("end") or today
        if start > end:
            raise serializers.ValidationError(
                {"end": [gettext("The end must not be before the start.")]}
            )
        if (end - start).days >= MAX_STATISTICS_DAYS:
            too_long = gettext("The period may be at most %(days)d days.")
            raise serializers.ValidationError({"end": [too_long % {"days": MAX_STATISTICS_DAYS}]})
        unit = unit_for_code(attrs["unit"])
        if unit is None:
            raise serializers.ValidationError({"unit": [gettext("No unit has this code.")]})
        return {"unit": unit, "start": start, "end": end}
