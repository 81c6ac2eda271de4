"""The world the permission matrix runs in (imported explicitly, not a conftest).

Three places hold one object of every kind a URL takes: the user's own commune (Ba
Đình), a sibling commune of the same province (Ngọc Hà) and, where the kind exists at
province level, the parent province (Hà Nội). The objects are made by each module's own
demo data, written through the services, so they are the ones a real commune has.

The users: one per staff role on Ba Đình's People's Committee, a leader and a monitor
of Hà Nội, the system administrator, a citizen with a case, an export and a notice of
their own, and a citizen with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import create_system_admin, create_user, grant_role
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitKind, UnitLevel
from danvan.units.services import add_village, ensure_standard_agencies, sync_official_units
from tests.conftest import PASSWORD, SMALL_LIST

# Where an object lies, seen from a Ba Đình user.
OWN = "own"  # Ba Đình
SIBLING = "sibling"  # Ngọc Hà, beside it in Hà Nội
PARENT = "parent"  # Hà Nội itself
PLACES = (OWN, SIBLING, PARENT)

# The users of the matrix, by label, with the role each holds and where.
STAFF_USERS: dict[str, tuple[str, str]] = {
    "officer": (Role.RECEPTION_OFFICER, "ba_dinh"),
    "handler": (Role.CASE_HANDLER, "ba_dinh"),
    "leader": (Role.LEADER, "ba_dinh"),
    "board_member": (Role.BOARD_MEMBER, "ba_dinh"),
    "monitor": (Role.MONITOR, "ba_dinh"),
    "province_leader": (Role.LEADER, "hanoi"),
    "province_monitor": (Role.MONITOR, "hanoi_inspectorate"),
}
LABELS = (
    "anonymous",
    "citizen",  # has a case, a notice and an export of their own
    "citizen_none",  # signed in, owns nothing
    *STAFF_USERS,
    "admin",
)

_phones = iter(range(100, 999))


def _phone() -> str:
    return f"0944500{next(_phones):03d}"


@dataclass
class World:
    units: dict[str, AdministrativeUnit]  # ba_dinh, ngoc_ha, hanoi, bac_ly
    agencies: dict[str, Agency]
    users: dict[str, User]
    # objects[kind][place] = primary key (or a dict of URL keyword arguments)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def run(fn: Any, **kwargs: Any) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(**kwargs)


def _user(label: str, role: str | None, agency: Agency | None, **grant: Any) -> User:
    user = create_user(
        actor=None,
        phone=_phone(),
        full_name=f"Người thử {label}",
        password=PASSWORD,
        check_password_strength=False,
    )
    if role is not None:
        grant_role(actor=None, user=user, role=role, agency=agency, **grant)
    return User.objects.get(pk=user.pk)


def build_world() -> World:
    sync_official_units(actor=None, rows=SMALL_LIST)
    ensure_standard_agencies(actor=None)

    def unit(code: str) -> AdministrativeUnit:
        return AdministrativeUnit.objects.get(scheme="vn2025", code=code)

    units = {
        "hanoi": unit("01"),
        "ba_dinh": unit("00004"),
        "ngoc_ha": unit("00008"),
        "bac_ly": unit("13432"),
        "ninh_binh": unit("37"),
    }
    for commune in (units["ba_dinh"], units["ngoc_ha"]):
        for name in ("Tổ dân phố 1", "Tổ dân phố 2"):
            add_village(actor=None, commune=commune, name=name, kind=UnitKind.RESIDENTIAL_GROUP)

    def ubnd(key: str) -> Agency:
        return Agency.objects.get(unit=units[key], kind=AgencyKind.PEOPLES_COMMITTEE)

    agencies = {
        "ba_dinh": ubnd("ba_dinh"),
        "ngoc_ha": ubnd("ngoc_ha"),
        "hanoi": ubnd("hanoi"),
        "hanoi_inspectorate": Agency.objects.get(unit=units["hanoi"], kind=AgencyKind.INSPECTORATE),
    }
    users: dict[str, User] = {
        label: _user(label, role, agencies[where]) for label, (role, where) in STAFF_USERS.items()
    }
    users["admin"] = create_system_admin(
        actor=None, phone=_phone(), full_name="Quản trị hệ thống", password=PASSWORD
    )
    users["citizen"] = _user("citizen", Role.CITIZEN, None)
    users["citizen_none"] = _user("citizen_none", Role.CITIZEN, None)
    # The sibling commune's own staff make its objects (they are not in the matrix).
    sibling = {
        label: _user(f"ngoc_ha_{label}", role, agencies["ngoc_ha"])
        for label, role in (
            ("officer", Role.RECEPTION_OFFICER),
            ("handler", Role.CASE_HANDLER),
            ("leader", Role.LEADER),
            ("board_member", Role.BOARD_MEMBER),
        )
    }
    province = {
        "officer": _user("hanoi_officer", Role.RECEPTION_OFFICER, agencies["hanoi"]),
        "handler": _user("hanoi_handler", Role.CASE_HANDLER, agencies["hanoi"]),
        "leader": users["province_leader"],
    }
    world = World(units=units, agencies=agencies, users=users)
    today = timezone.localdate()
    own = {k: users[k] for k in ("officer", "handler", "leader", "board_member", "citizen")}
    _casework(world, own, sibling, province)
    _democracy(world, own, sibling, today)
    _reports(world)
    _citizen_things(world)
    _files(world)
    _exports(world, sibling["leader"])
    _collect(world)
    return world


def _casework(
    world: World, own: dict[str, User], sibling: dict[str, User], province: dict[str, User]
) -> None:
    from danvan.web.demo_cases import seed_cases

    inspectorate = world.agencies["hanoi_inspectorate"]
    from danvan.cases.services import confirm_link
    from danvan.petitions.models import Petition

    for key, staff in (("ba_dinh", own), ("ngoc_ha", sibling), ("hanoi", province)):
        run(
            seed_cases,
            commune_agency=world.agencies[key],
            inspectorate=inspectorate,
            staff=staff,
        )
        # Two papers of the place linked as related: a link to remove.
        first, second = Petition.objects.filter(agency=world.agencies[key]).order_by("pk")[:2]
        run(confirm_link, actor=None, petition=second, other=first, kind="related")


def _democracy(world: World, own: dict[str, User], sibling: dict[str, User], today: date) -> None:
    from danvan.boards import demo as boards_demo
    from danvan.consultations import demo as consultations_demo
    from danvan.decisions import demo as decisions_demo
    from danvan.dialogues import demo as dialogues_demo
    from danvan.mediation import demo as mediation_demo
    from danvan.web.demo_democracy import _disclosures

    for key, staff in (("ba_dinh", own), ("ngoc_ha", sibling)):
        commune = world.units[key]
        run(
            _disclosures,
            agency=world.agencies[key],
            officer=staff["officer"],
            today=today,
            light=True,
        )
        for module in (
            decisions_demo,
            boards_demo,
            dialogues_demo,
            mediation_demo,
            consultations_demo,
        ):
            run(module.seed_demo, commune=commune, staff=staff, today=today)


def _reports(world: World) -> None:
    from danvan.reports import services as reports
    from danvan.reports.forms_catalog import get_form
    from danvan.reports.periodic_periods import reporting_period

    form = get_form("TH-KQXL", "1")
    assert form is not None
    for key in ("ba_dinh", "ngoc_ha", "hanoi"):
        # A draft (to write) of the third quarter and an issued report (to download) of
        # the second.
        for number, name in ((3, "report"), (2, "issued")):
            report = run(
                reports.draft_report,
                actor=None,
                agency=world.agencies[key],
                form=form,
                period=reporting_period(kind="quarterly", year=2026, number=number),
            )
            if name == "issued":
                report = run(
                    reports.issue_report,
                    actor=None,
                    report=report,
                    expected_version=report.version,
                )
            world.extra[f"{name}_{key}"] = report.pk


def _citizen_things(world: World) -> None:
    """The citizen's own case (sent through the portal while signed in)."""
    import uuid

    from danvan.petitions.services import PetitionDraft
    from danvan.portal.services import submit_online

    citizen = world.users["citizen"]
    petition = run(
        submit_online,
        unit=world.units["ba_dinh"],
        draft=PetitionDraft(
            kind="feedback",
            subject="Rác thải ùn ứ ở cổng chợ",
            content="Rác ở cổng chợ không được thu gom ba ngày nay.",
            petitioner_name=citizen.full_name,
        ),
        key=uuid.uuid4(),
        user=citizen,
    )
    world.extra["citizen_petition"] = petition.pk


def _pdf() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 30)).save(out, "PDF")
    return out.getvalue()


def _files(world: World) -> None:
    """A file on one complaint of each place, and disclosures with a document: one
    public and published, one kept off the portal, one not yet published."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.disclosures.models import Form, Subject
    from danvan.disclosures.services import publish_disclosure, record_disclosure
    from danvan.documents.services import store_attachment
    from danvan.petitions.models import Petition

    for key in ("ba_dinh", "ngoc_ha", "hanoi"):
        petition = (
            Petition.objects.filter(agency__unit=world.units[key], kind="complaint")
            .order_by("pk")
            .first()
        )
        assert petition is not None, key
        run(store_attachment, actor=None, owner=petition, upload=_pdf(), name="don.pdf")
    today = timezone.localdate()
    documents = {}
    for place, public, published in (
        ("public", True, True),
        ("private", False, True),
        ("unpublished", True, False),
    ):
        disclosure = run(
            record_disclosure,
            actor=None,
            agency=world.agencies["ba_dinh"],
            subject=Subject.FEES,
            title=f"Mức thu phí chợ ({place})",
            decided_on=today - timedelta(days=3),
            is_public=public,
            document=SimpleUploadedFile(f"{place}.pdf", _pdf()),
            today=today,
        )
        if published:
            run(
                publish_disclosure,
                actor=None,
                disclosure=disclosure,
                published_on=today,
                forms=[Form.NOTICE_BOARD, Form.PORTAL],
                today=today,
            )
        documents[place] = disclosure.pk
    world.extra["documents"] = documents


def _exports(world: World, sibling_leader: User) -> None:
    """Export jobs: the Ba Đình leader's, the Ngọc Hà leader's and the citizen's."""
    from danvan.exports.services import request_export

    jobs = {}
    for place, user, owner, code in (
        (OWN, world.users["leader"], "leader", "petitions.queue"),
        (SIBLING, sibling_leader, "", "petitions.queue"),
        ("citizen", world.users["citizen"], "citizen", "portal.my_cases"),
    ):
        job = run(request_export, actor=user, list_code=code, params={}, fmt="csv")
        jobs[place] = (job.pk, owner)
    world.extra["exports"] = jobs


def _collect(world: World) -> None:
    """objects[kind][place]: the URL parameters of one object of each kind in each
    place, with ``_unit`` (the key of the unit whose scope decides), ``_owner`` (the
    label of the user it belongs to) and ``_public`` where those apply."""
    from danvan.boards.models import Board, BoardMember, Recommendation, SupervisionVisit
    from danvan.cases.models import CaseFamily, PetitionLink
    from danvan.consultations import selectors as consultation_selectors
    from danvan.consultations.models import Comment, CommentGroup, Consultation
    from danvan.decisions.models import (
        CitizenInitiative,
        CommunityDecision,
        DecisionForm,
        Household,
    )
    from danvan.dialogues.models import Meeting
    from danvan.disclosures.models import Disclosure
    from danvan.documents.selectors import attachments_of
    from danvan.mediation.models import MediationCase, MediationTeam
    from danvan.petitions.models import Category, Petition
    from danvan.reception.models import ReceptionSession

    places = {OWN: "ba_dinh", SIBLING: "ngoc_ha", PARENT: "hanoi"}
    objects: dict[str, dict[str, Any]] = {}
    today = timezone.localdate()

    def put(kind: str, place: str, unit: str, **kwargs: Any) -> None:
        objects.setdefault(kind, {})[place] = {"_unit": unit, **kwargs}

    def first(kind: str, queryset: Any, place: str, unit: str, arg: str = "pk") -> Any:
        obj = queryset.order_by("pk").first()
        if obj is not None:
            put(kind, place, unit, **{arg: obj.pk, "_model": obj._meta.label, "_pk": obj.pk})
        return obj

    for place, key in places.items():
        unit = world.units[key]
        first("unit", AdministrativeUnit.objects.filter(pk=unit.pk), place, key)
        put("unit_code", place, key, code=unit.code)
        put("agency_code", place, key, code=world.agencies[key].code)
        petition = first(
            "petition", Petition.objects.filter(agency__unit=unit, kind="complaint"), place, key
        )
        where = f"jurisdiction_id={unit.code}"
        if petition is not None:
            put("tracking_code", place, key, tracking_code=petition.tracking_code)
            # Open311 shows feedback only: a complaint is not found there.
            put(
                "open311_request",
                f"{place}_complaint",
                key,
                request_id=petition.tracking_code,
                fmt="json",
                _public=False,
                **{"?": where},
            )
        feedback = (
            Petition.objects.filter(agency__unit=unit, kind="feedback").order_by("pk").first()
        )
        if feedback is not None:
            put(
                "open311_request",
                place,
                key,
                request_id=feedback.tracking_code,
                fmt="json",
                **{"?": where},
            )
        put("statistics_unit", place, key, **{"?": f"unit={unit.code}"})
        if petition is not None:
            attachment = attachments_of(petition).order_by("pk").first()
            if attachment is not None:
                put("petition_file", place, key, pk=petition.pk, attachment_id=attachment.pk)
        first("session", ReceptionSession.objects.filter(agency__unit=unit), place, key)
        # A family whose papers are all of this place (a family spanning two places is
        # rightly seen from both).
        first(
            "family",
            CaseFamily.objects.filter(unit=unit).exclude(
                pk__in=Petition.objects.exclude(unit=unit).values("family_id")
            ),
            place,
            key,
        )
        link = PetitionLink.objects.filter(petition__unit=unit).order_by("pk").first()
        if link is not None:
            put("link", place, key, pk=link.pk, _model=link._meta.label, _pk=link.pk)
        first("disclosure", Disclosure.objects.filter(unit=unit), place, key)
        first("decision", CommunityDecision.objects.filter(village__parent=unit), place, key)
        first(
            "village",
            AdministrativeUnit.objects.filter(parent=unit, level=UnitLevel.VILLAGE),
            place,
            key,
        )
        first("household", Household.objects.filter(village__parent=unit), place, key)
        first("initiative", CitizenInitiative.objects.filter(village__parent=unit), place, key)
        first("board", Board.objects.filter(commune=unit), place, key)
        member = BoardMember.objects.filter(board__commune=unit).order_by("pk").first()
        if member is not None:
            put("board_member", place, key, pk=member.board_id, member_id=member.pk)
        first("visit", SupervisionVisit.objects.filter(board__commune=unit), place, key)
        photos = [
            (v.pk, a.pk)
            for v in SupervisionVisit.objects.filter(board__commune=unit).order_by("pk")
            for a in attachments_of(v)
        ]
        if photos:
            put("visit_photo", place, key, pk=photos[0][0], attachment_id=photos[0][1])
        # Open ones, which may still be written to.
        first(
            "recommendation",
            Recommendation.objects.filter(board__commune=unit, status="open"),
            place,
            key,
        )
        first("meeting", Meeting.objects.filter(commune=unit), place, key)
        first("team", MediationTeam.objects.filter(commune=unit), place, key)
        first(
            "mediation_case",
            MediationCase.objects.filter(commune=unit, status="open"),
            place,
            key,
        )
        first("consultation", Consultation.objects.filter(unit=unit), place, key)
        comment = Comment.objects.filter(consultation__unit=unit).order_by("pk").first()
        if comment is not None:
            put("comment", place, key, pk=comment.consultation_id, comment_pk=comment.pk)
        group = CommentGroup.objects.filter(consultation__unit=unit).order_by("pk").first()
        if group is not None:
            put("group", place, key, pk=group.consultation_id, group_pk=group.pk)
        published = (
            Consultation.objects.filter(unit=unit, explanation_pdf__isnull=False)
            .order_by("pk")
            .first()
        )
        if published is not None:
            put("consultation_report", place, key, pk=published.pk, fmt="pdf")
            put(
                "public_consultation_report",
                place,
                key,
                pk=published.pk,
                fmt="pdf",
                _public=published.published_on is not None,
            )
        for consultation in Consultation.objects.filter(unit=unit).order_by("pk"):
            public = consultation_selectors.is_public(consultation, today)
            kind = "public_consultation"
            slot = place if public else f"{place}_not_public"
            if slot not in objects.get(kind, {}):
                put(kind, slot, key, pk=consultation.pk, _public=public)
        online = CommunityDecision.objects.filter(
            village__parent=unit, form=DecisionForm.ONLINE
        ).first()
        if online is not None:
            # The citizen represents a household of a Ba Đình village.
            owner = "citizen" if key == "ba_dinh" else ""
            put("online_decision", place, key, pk=online.pk, _owner=owner)
        report = world.extra.get(f"report_{key}")
        if report:
            put("report", place, key, pk=report, _model="reports.IssuedReport", _pk=report)
        issued = world.extra.get(f"issued_{key}")
        if issued:
            put("issued_report", place, key, pk=issued)
    for place, pk in world.extra["documents"].items():
        put("public_document", place, "ba_dinh", pk=pk, _public=place == "public")
    for place, (pk, owner) in world.extra["exports"].items():
        put("export", place, "", pk=pk, _owner=owner)
    hanoi, ninh_binh = world.units["hanoi"], world.units["ninh_binh"]
    put("province", PARENT, "hanoi", pk=hanoi.pk)
    put("province", "other_province", "ninh_binh", pk=ninh_binh.pk)
    put("province_code", PARENT, "hanoi", code=hanoi.code)
    for place, key in ((OWN, "ba_dinh"), (SIBLING, "ngoc_ha")):
        put("province_unit", place, "hanoi", pk=hanoi.pk, unit_id=world.units[key].pk)
    put("open_data", PARENT, "hanoi", code=hanoi.code, year=str(today.year), fmt="csv")
    put("open311_format", "-", "", fmt="json")
    category = Category.objects.filter(is_active=True).order_by("pk").first()
    assert category is not None
    put("open311_service", "-", "", code=category.code, fmt="json")
    put("open311_token", "-", "", token_id="khong-co", fmt="json", _public=False)
    world.objects = objects
