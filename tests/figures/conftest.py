"""Generated petitions over several provinces, driven through the real services, and
the reference count of every figure straight from the petition table."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.figures.selectors import FIGURE_NAMES, Figures
from danvan.petitions import services as petitions
from danvan.petitions.models import Channel, Petition, PetitionKind
from danvan.petitions.selectors import FIGURES, petitions_in
from danvan.petitions.services import PetitionDraft
from danvan.petitions.workflow import TRANSITIONS
from danvan.units.models import AdministrativeUnit, Agency, AgencyKind, UnitKind, UnitLevel
from danvan.units.services import OfficialUnit, ensure_standard_agencies, sync_official_units
from tests.conftest import SMALL_LIST
from tests.petitions.conftest import staff  # noqa: F401  (the petitions' staff fixture)

# Two more provinces and a few more communes beside the shared small tree.
EXTRA_UNITS = [
    OfficialUnit(
        "79", "Thành phố Hồ Chí Minh", UnitKind.CENTRAL_CITY, UnitLevel.PROVINCE, "hcm", None
    ),
    OfficialUnit("48", "Thành phố Đà Nẵng", UnitKind.CENTRAL_CITY, UnitLevel.PROVINCE, "dn", None),
    OfficialUnit("00070", "Phường Hoàn Kiếm", UnitKind.WARD, UnitLevel.COMMUNE, "hoan_kiem", "01"),
    OfficialUnit("13435", "Xã Nhân Hà", UnitKind.COMMUNE, UnitLevel.COMMUNE, "nhan_ha", "37"),
    OfficialUnit("26734", "Phường Sài Gòn", UnitKind.WARD, UnitLevel.COMMUNE, "sai_gon", "79"),
    OfficialUnit("26740", "Phường Bến Thành", UnitKind.WARD, UnitLevel.COMMUNE, "ben_thanh", "79"),
    OfficialUnit("27004", "Xã Bình Chánh", UnitKind.COMMUNE, UnitLevel.COMMUNE, "binh_chanh", "79"),
    OfficialUnit("20194", "Phường Hải Châu", UnitKind.WARD, UnitLevel.COMMUNE, "hai_chau", "48"),
]

PROVINCIAL_KINDS = (
    AgencyKind.PEOPLES_COMMITTEE,
    AgencyKind.INSPECTORATE,
    AgencyKind.RECEPTION_OFFICE,
)


@dataclass
class Country:
    nation: AdministrativeUnit
    provinces: list[AdministrativeUnit]
    communes: list[AdministrativeUnit]
    commune_agencies: list[Agency]
    provincial_agencies: list[Agency]
    national_agency: Agency
    handlers: dict[int, User] = field(default_factory=dict)  # unit id → case handler

    @property
    def units(self) -> list[AdministrativeUnit]:
        return [self.nation, *self.provinces, *self.communes]

    def province_of(self, agency: Agency) -> AdministrativeUnit | None:
        return next((p for p in self.provinces if agency.unit.path.startswith(p.path)), None)


@pytest.fixture
def country(tree, make_user) -> Country:
    sync_official_units(actor=None, rows=[*SMALL_LIST, *EXTRA_UNITS])
    ensure_standard_agencies(actor=None)
    nation = AdministrativeUnit.objects.get(code="VN")
    provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).order_by("code"))
    communes = list(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).order_by("code"))
    country = Country(
        nation=nation,
        provinces=provinces,
        communes=communes,
        commune_agencies=[
            Agency.objects.get(unit=c, kind=AgencyKind.PEOPLES_COMMITTEE) for c in communes
        ],
        provincial_agencies=list(
            Agency.objects.filter(unit__in=provinces, kind__in=PROVINCIAL_KINDS).order_by("code")
        ),
        national_agency=Agency.objects.get(unit=nation, kind=AgencyKind.INSPECTORATE),
    )
    for agency in [
        *country.commune_agencies,
        *country.provincial_agencies,
        country.national_agency,
    ]:
        if agency.unit_id not in country.handlers:
            country.handlers[agency.unit_id] = make_user(Role.CASE_HANDLER, agency)
    return country


# ---------------------------------------------------------------------------------------
# Driving petitions through the services with random steps


REASON = "Lý do theo quy định"
# How often each allowed step is picked: mostly forward progress, so that many cases
# reach a decision, with every other step still taken now and then.
WEIGHTS = {
    "classify": 6,
    "accept": 6,
    "assign": 4,
    "start_verification": 5,
    "record_dialogue": 5,
    "decide": 5,
    "disclose": 4,
    "close": 2,
    "forward": 2,
    "resume": 4,
    "extend": 1,
    # Rare at intake: a denunciation found to be sent in another person's name.
    "mark_impersonated": 0.2,
}


ENDED = ["forwarded", "guided", "filed", "refused", "closed", "withdrawn"]


@dataclass
class Simulator:
    """Random but reproducible petition histories: receipt at communes and provincial
    agencies, then steps chosen among those the state machine allows, on dates moving
    forward by random gaps (so some decisions are on time and some late, and cases left
    alone run past their deadlines)."""

    country: Country
    rng: random.Random
    first_day: date = date(2025, 12, 1)
    steps_taken: list[str] = field(default_factory=list)

    @property
    def today(self) -> date:
        return timezone.localdate()

    def _day_after(self, petition: Petition) -> date:
        last = petition.events.order_by("-effective_on").values_list("effective_on", flat=True)[0]
        gap = self.rng.choice([0, 1, 2, 5, 12, 40, 90])
        return min(last + timedelta(days=gap), self.today)

    def receive(self) -> list[Petition]:
        at_province = self.rng.random() < 0.25
        pool = self.country.provincial_agencies if at_province else self.country.commune_agencies
        agency = self.rng.choice(pool)
        span = (self.today - self.first_day).days
        received_on = self.first_day + timedelta(days=self.rng.randrange(span))
        kinds = [self.rng.choice(PetitionKind.values)]
        if self.rng.random() < 0.1:  # mixed content: split into two kinds
            kinds.append(self.rng.choice([k for k in PetitionKind.values if k != kinds[0]]))
        channel = self.rng.choice([c for c in Channel.values if c != Channel.TRANSFER])
        self.steps_taken.append(f"receive {kinds} at {agency.code} on {received_on}")
        return petitions.receive_petitions(
            actor=None,
            agency=agency,
            drafts=[
                PetitionDraft(
                    kind=kind,
                    subject="Đơn thử nghiệm",
                    content="Nội dung đơn thử nghiệm số liệu",
                    petitioner_name="Nguyễn Văn A",
                    is_repeat=self.rng.random() < 0.15,
                )
                for kind in kinds
            ],
            channel=channel,
            received_on=received_on,
        )

    def _forward_target(self, petition: Petition) -> Agency:
        province = self.country.province_of(petition.agency)
        same_province = [
            a
            for a in [*self.country.commune_agencies, *self.country.provincial_agencies]
            if province is not None and a.unit.path.startswith(province.path)
        ]
        pool = (
            same_province
            if same_province and self.rng.random() < 0.7
            else self.country.commune_agencies
        )
        choices = [a for a in [*pool, self.country.national_agency] if a.pk != petition.agency_id]
        return self.rng.choice(choices)

    def step(self, petition: Petition) -> bool:
        """Take one random step the state machine allows; False when there is none."""
        petition.refresh_from_db()
        actions = [
            name
            for name, t in TRANSITIONS.items()
            if petition.status in t.sources and petition.kind in t.kinds
        ]
        if not actions:
            return False
        action = self.rng.choices(actions, [WEIGHTS.get(a, 0.7) for a in actions])[0]
        on = self._day_after(petition)
        common: dict[str, Any] = {
            "actor": None,
            "petition": petition,
            "expected_version": petition.version,
            "effective_on": on,
        }
        extra: dict[str, Any] = {
            "forward": {"reason": REASON},
            "guide": {"reason": REASON},
            "file": {"reason": REASON},
            "accept": {"is_complex": self.rng.random() < 0.3},
            "refuse": {"reason": REASON},
            "assign": {"handler": self.country.handlers[petition.unit_id]},
            "record_dialogue": {"minutes": "Biên bản đối thoại", "participants": ["Ông A"]},
            "decide": {"outcome": "partly_right", "summary": "Quyết định giải quyết"},
            "disclose": {"how": "Niêm yết tại trụ sở"},
            "withdraw": {"reason": REASON},
            "suspend": {"reason": REASON},
            "extend": {"reason": REASON},
            "mark_impersonated": {"reason": REASON},
            "make_lead": {"reason": REASON},
        }.get(action, {})
        if action == "forward":
            extra["to_agency"] = self._forward_target(petition)
        try:
            getattr(petitions, action)(**common, **extra)
        except ValidationError:
            # A step the rules refuse here (e.g. deciding a complaint before the
            # dialogue): nothing changed, which the figures must show too.
            self.steps_taken.append(f"{action} refused on {petition.tracking_code}")
            return True
        self.steps_taken.append(f"{action} {petition.tracking_code} on {on}")
        return True

    def run(self, *, papers: int, steps: int, check: Callable[[], None] | None = None) -> None:
        """Receive ``papers`` papers, then take ``steps`` random steps on random open
        petitions, calling ``check`` every tenth action."""
        actions = 0
        for _ in range(papers):
            self.receive()
            actions += 1
            if check and actions % 10 == 0:
                check()
        current: Petition | None = None
        for _ in range(steps):
            # Mostly keep going with the same case, so that histories get long.
            if current is None or self.rng.random() < 0.3 or not self.step(current):
                candidates = list(
                    Petition.objects.exclude(status__in=ENDED)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                if not candidates:
                    break
                current = Petition.objects.get(pk=self.rng.choice(candidates))
                self.step(current)
            actions += 1
            if check and actions % 10 == 0:
                check()


@pytest.fixture
def simulate(country) -> Callable[..., Simulator]:
    def run(*, seed: int, papers: int, steps: int, check: Any = None) -> Simulator:
        simulator = Simulator(country, random.Random(seed))
        simulator.run(papers=papers, steps=steps, check=check)
        return simulator

    return run


# ---------------------------------------------------------------------------------------
# The reference: the figures counted on the petition table, one COUNT per figure


def reference_figures(unit: AdministrativeUnit, *, start: date, end: date, own: bool = False):
    received = petitions_in(unit).filter(received_on__range=(start, end))
    if own:
        received = received.filter(unit=unit)
    counts = {name: FIGURES[name](received).count() for name in FIGURE_NAMES}
    channels = dict(received.values_list("channel").annotate(n=Count("pk")).order_by())
    return Figures(counts=counts, by_channel=channels)


def total(rows: list[tuple[Any, Figures]]) -> Figures:
    counts = dict.fromkeys(FIGURE_NAMES, 0)
    channels: dict[str, int] = {}
    for _unit, figures in rows:
        for name, n in figures.counts.items():
            counts[name] += n
        for channel, n in figures.by_channel.items():
            channels[channel] = channels.get(channel, 0) + n
    return Figures(counts=counts, by_channel=channels)


PERIODS = [
    (date(2025, 12, 15), date(2026, 12, 14)),  # the statutory year
    (date(2026, 3, 15), date(2026, 6, 14)),  # the second quarter, as reported
    (date(2026, 1, 1), date(2026, 12, 31)),  # the calendar year
    (date(2026, 3, 1), date(2026, 3, 31)),  # a month
    (date(2026, 2, 10), date(2026, 4, 20)),  # arbitrary days at both ends
    (date(2026, 5, 3), date(2026, 5, 9)),  # a week inside a half-month
    (date(2026, 6, 14), date(2026, 6, 15)),  # across a half-month boundary
    (date(2026, 1, 3), date(2026, 3, 28)),  # half-months less a few days at both ends
    (date(2026, 1, 1), timezone.localdate()),  # this year so far
    (date(2025, 1, 1), date(2030, 12, 31)),  # everything
]
