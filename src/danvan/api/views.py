"""The REST API, read-only: thin views over the selectors, scoped by the same rules as
the staff pages. Units, agencies, categories and deadlines are public; petitions,
reception sessions and statistics need an official's key or session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from danvan.api import filters, selectors, serializers
from danvan.api.errors import DeadlineInputError
from danvan.api.permissions import IsOfficial
from danvan.api.services import reveal_petitioner
from danvan.deadlines.compute import UNITS, DeadlineError
from danvan.deadlines.params import (
    Inputs,
    parse_count,
    parse_date,
    parse_flag,
    parse_rule_id,
    parse_unit,
)
from danvan.deadlines.selectors import explain_add, explain_deadline, rule_versions


class ReadOnly:
    # The API answers GET only; any other method is a 405 with "Allow: GET". (No
    # docstring here: drf-spectacular would show it on every operation.)
    http_method_names: Sequence[str] = ["get"]


class PublicListView(ReadOnly, generics.ListAPIView[Any]):
    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]


class PublicDetailView(ReadOnly, generics.RetrieveAPIView[Any]):
    permission_classes = [AllowAny]


@extend_schema(exclude=True)
class ApiRootView(ReadOnly, APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        names = [
            "units",
            "agencies",
            "categories",
            "petitions",
            "reception-sessions",
            "statistics",
            "deadlines-rules",
            "schema",
            "docs",
        ]
        return Response({name: reverse(f"api:{name}", request=request) for name in names})


# Units, agencies, categories: public.


@extend_schema(summary=gettext_lazy("Administrative units"))
class UnitListView(PublicListView):
    """The administrative units, by level then in Vietnamese alphabetical order."""

    queryset = selectors.units()
    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter


@extend_schema(summary=gettext_lazy("One administrative unit"))
class UnitDetailView(PublicDetailView):
    queryset = selectors.units()
    serializer_class = serializers.UnitSerializer


@extend_schema(summary=gettext_lazy("Agencies"))
class AgencyListView(PublicListView):
    queryset = selectors.agencies()
    serializer_class = serializers.AgencySerializer
    filterset_class = filters.AgencyFilter


@extend_schema(summary=gettext_lazy("One agency"))
class AgencyDetailView(PublicDetailView):
    queryset = selectors.agencies()
    serializer_class = serializers.AgencySerializer
    lookup_field = "code"


@extend_schema(summary=gettext_lazy("Categories (lĩnh vực) of petitions"))
class CategoryListView(PublicListView):
    queryset = selectors.categories()
    serializer_class = serializers.CategorySerializer


# Petitions, reception sessions, statistics: officials, within their scope.


@extend_schema(summary=gettext_lazy("Petitions in your scope"))
class PetitionListView(ReadOnly, generics.ListAPIView[Any]):
    """Petitions of the units your roles reach, newest first. Lists carry no content
    and no personal data; read one petition for those."""

    permission_classes = [IsOfficial]
    serializer_class = serializers.PetitionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.PetitionFilter

    def get_queryset(self) -> Any:
        return selectors.petitions_readable_by(self.request.user)


@extend_schema(summary=gettext_lazy("One petition"), responses=serializers.PetitionDetailSerializer)
class PetitionDetailView(ReadOnly, APIView):
    """A petition with its content, decision and statutory periods. Who sent it is shown
    only to officials who work on the petition's unit (not to monitors), never for a
    denunciation, and each such read is recorded in the audit log. A citizen ID number
    is never shown."""

    permission_classes = [IsOfficial]

    def get(self, request: Request, pk: int) -> Response:
        petition = selectors.petition_by_id(pk)
        if petition is None:
            raise exceptions.NotFound()
        if not request.user.has_perm("petitions.view_petition", petition):
            raise exceptions.PermissionDenied(_("You may not read this petition."))
        shown = reveal_petitioner(actor=request.user, petition=petition)
        context = {"request": request, "show_petitioner": shown}
        return Response(serializers.PetitionDetailSerializer(petition, context=context).data)


@extend_schema(summary=gettext_lazy("Reception sessions in your scope"))
class ReceptionSessionListView(ReadOnly, generics.ListAPIView[Any]):
    """Reception sessions of the agencies of the units your roles reach, with the number
    of visits and people. The register itself (who came) is not in the API."""

    permission_classes = [IsOfficial]
    serializer_class = serializers.ReceptionSessionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ReceptionSessionFilter

    def get_queryset(self) -> Any:
        return selectors.sessions_readable_by(self.request.user)


@extend_schema(
    summary=gettext_lazy("One reception session"),
    responses=serializers.ReceptionSessionSerializer,
)
class ReceptionSessionDetailView(ReadOnly, APIView):
    permission_classes = [IsOfficial]

    def get(self, request: Request, pk: int) -> Response:
        session = selectors.session_by_id(pk)
        if session is None:
            raise exceptions.NotFound()
        if not request.user.has_perm("reception.view_reception", session.agency):
            raise exceptions.PermissionDenied(_("You may not read this agency's reception."))
        return Response(serializers.ReceptionSessionSerializer(session).data)


@extend_schema(
    summary=gettext_lazy("Figures of a unit and the units below it"),
    parameters=[serializers.StatisticsQuerySerializer],
    responses=serializers.StatisticsSerializer,
)
class StatisticsView(ReadOnly, APIView):
    """The figures of the statistics page for a unit and every unit below it: petitions
    received in the period, and citizen reception. The period is at most 366 days."""

    permission_classes = [IsOfficial]

    def get(self, request: Request) -> Response:
        query = serializers.StatisticsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = query.validated_data["unit"]
        if not request.user.has_perm("units.view_unit", unit):
            raise exceptions.PermissionDenied(_("You may not read the figures of this unit."))
        figures = selectors.unit_statistics(
            unit, start=query.validated_data["start"], end=query.validated_data["end"]
        )
        return Response(serializers.StatisticsSerializer(figures).data)


# Deadlines: public law, so no sign-in. Same parameters and answers as the first version
# of these endpoints and as ``danvan deadline``.

_FLAGS = ("complex", "very_complex", "remote", "several_locations")
_FLAG_HELP = {
    "complex": gettext_lazy("The case is complex."),
    "very_complex": gettext_lazy("The case is particularly complex."),
    "remote": gettext_lazy("The place is remote or hard to reach."),
    "several_locations": gettext_lazy("The matter must be checked at several locations."),
}
_DEADLINE_ERRORS = {400: serializers.DeadlineErrorSerializer}


def _rule_id(value: str | None) -> str:
    rule_id = parse_rule_id(value, name="rule")
    # PostgreSQL refuses NUL in text; without this check the lookup would be a 500.
    if "\x00" in rule_id:
        raise DeadlineError(_("A rule id cannot contain a NUL character."), code="invalid_rule")
    return rule_id


def _date_parameter(name: str, description: Any) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, required=True, description=description)


class DeadlineView(ReadOnly, APIView):
    """Statutory deadlines on the working calendar (public holidays and the calendar's
    overrides included). Bad input is a 400 that also lists every problem in
    ``errors``."""

    permission_classes = [AllowAny]


class DeadlineComputeView(DeadlineView):
    @extend_schema(
        summary=gettext_lazy("The deadline of a statutory rule"),
        operation_id="deadlines_compute",
        parameters=[
            OpenApiParameter(
                "rule",
                {"type": "string", "minLength": 1},
                required=True,
                description=gettext_lazy("Rule id, e.g. complaint.first."),
            ),
            _date_parameter("start", gettext_lazy("The day the period starts from (YYYY-MM-DD).")),
            *[OpenApiParameter(flag, bool, description=_FLAG_HELP[flag]) for flag in _FLAGS],
            OpenApiParameter(
                "extensions", int, description=gettext_lazy("Extensions granted (default 0).")
            ),
        ],
        responses={200: serializers.DeadlineSerializer, **_DEADLINE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        inputs = Inputs()
        rule_id = inputs.take(lambda: _rule_id(query.get("rule")), "")
        start = inputs.take(lambda: parse_date(query.get("start"), name="start"), date.min)
        flags = {
            name: inputs.take(partial(parse_flag, query.get(name), name=name), False)
            for name in _FLAGS
        }
        extensions = inputs.take(
            lambda: parse_count(query.get("extensions"), name="extensions", default=0), 0
        )
        try:
            inputs.check()
            explained = explain_deadline(rule_id, start, extensions=extensions, **flags)
        except DeadlineError as exc:
            raise DeadlineInputError(exc) from exc
        return Response(explained.as_json())


class DeadlineAddView(DeadlineView):
    @extend_schema(
        summary=gettext_lazy("Add working or calendar days to a date"),
        operation_id="deadlines_add",
        parameters=[
            OpenApiParameter(
                "days", int, required=True, description=gettext_lazy("Number of days (0 or more).")
            ),
            OpenApiParameter(
                "unit",
                str,
                required=True,
                enum=list(UNITS),
                description=gettext_lazy("Kind of days."),
            ),
            _date_parameter("start", gettext_lazy("The day to count from (YYYY-MM-DD).")),
        ],
        responses={200: serializers.DeadlineSerializer, **_DEADLINE_ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        inputs = Inputs()
        days = inputs.take(lambda: parse_count(query.get("days"), name="days"), 0)
        unit = inputs.take(lambda: parse_unit(query.get("unit"), name="unit"), "")
        start = inputs.take(lambda: parse_date(query.get("start"), name="start"), date.min)
        try:
            inputs.check()
            explained = explain_add(start, days, unit)
        except DeadlineError as exc:
            raise DeadlineInputError(exc) from exc
        return Response(explained.as_json())


class DeadlineRulesView(DeadlineView):
    @extend_schema(
        summary=gettext_lazy("Every version of every statutory deadline rule"),
        operation_id="deadlines_rules",
        responses=serializers.DeadlineRuleSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response([rule.as_json() for rule in rule_versions()])


# The schema and its documentation page.


class SchemaView(ReadOnly, SpectacularAPIView):
    """JSON unless YAML is asked for (``?format=yaml`` or ``Accept: application/yaml``)."""

    renderer_classes = [
        *[r for r in SpectacularAPIView.renderer_classes if "json" in r.media_type],
        *[r for r in SpectacularAPIView.renderer_classes if "json" not in r.media_type],
    ]


class DocsView(ReadOnly, SpectacularSwaggerView):
    pass
