"""The declared access policy: every URL pattern and every API operation, and who may
read it (GET) and write through it (POST).

This table is the reviewed statement of who may do what; ``docs/security.md`` is
rendered from it (``python -m tests.security.render_doc``) and a test fails when the
two differ. ``test_security_matrix`` requests every entry as every kind of user, on an
object of the user's own commune, of a sibling commune and of the parent province, and
compares each answer with what the entry's access class says.

Access classes (the rule each one stands for is in :func:`allowed`):

``PUBLIC``
    anyone, signed in or not.
``SIGNED_IN``
    any signed-in account; a visitor is sent to sign in.
``CITIZEN_OWN``
    a signed-in person, who sees only what is their own (their cases, the households
    they represent); an object of someone else is refused.
``STAFF``
    any official (a staff role on an agency, second factor passed). The page lists only
    what the official's scope reaches; there is no object to be refused.
``STAFF_IN_SCOPE``
    an official whose scope covers the object's unit: a commune role its own commune,
    a province leader or monitor also the communes below. A sibling commune never.
``WRITE_IN_SCOPE``
    the roles named in the entry (the system administrator always), on a unit their
    scope covers. Monitors only read, so they are refused.
``OWNER``
    only the person who made the object (an export job).
``ADMIN_ONLY``
    the system administrator (the administration site).
``NOT_OFFERED``
    the method is not served (405) for anyone who gets that far.
``NOT_FOUND``
    a catch-all answering 404 to everyone in its own format (JSON, Open311).
``API_OFFICIAL``
    the read-only API: an API key or a verified session of an official; the answer is
    limited to the units the official's scope reaches.
``API_OFFICIAL_IN_SCOPE``
    one object of the API: an official whose scope covers its unit (404 otherwise, so
    the API does not even say it exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from danvan.accounts.roles import Role

PUBLIC = "PUBLIC"
SIGNED_IN = "SIGNED_IN"
CITIZEN_OWN = "CITIZEN_OWN"
STAFF = "STAFF"
STAFF_IN_SCOPE = "STAFF_IN_SCOPE"
WRITE_IN_SCOPE = "WRITE_IN_SCOPE"
OWNER = "OWNER"
ADMIN_ONLY = "ADMIN_ONLY"
NOT_OFFERED = "NOT_OFFERED"
NOT_FOUND = "NOT_FOUND"
API_OFFICIAL = "API_OFFICIAL"
API_OFFICIAL_IN_SCOPE = "API_OFFICIAL_IN_SCOPE"

CLASSES: dict[str, str] = {
    PUBLIC: "anyone, signed in or not",
    SIGNED_IN: "any signed-in account; a visitor is sent to sign in",
    CITIZEN_OWN: "a signed-in person, on what is their own only",
    STAFF: "any official with the second factor; content limited to their scope",
    STAFF_IN_SCOPE: "an official whose scope covers the object's unit",
    WRITE_IN_SCOPE: "the roles named, writing, on a unit their scope covers (never a monitor)",
    OWNER: "only the person who made the object",
    ADMIN_ONLY: "the system administrator",
    NOT_OFFERED: "the method is not served (405)",
    NOT_FOUND: "a catch-all that answers 404 to everyone, in its own format",
    API_OFFICIAL: "an official's API key or verified session; content limited to their scope",
    API_OFFICIAL_IN_SCOPE: "an official's API key or session, on an object in their scope",
}

OFFICER = Role.RECEPTION_OFFICER
HANDLER = Role.CASE_HANDLER
LEADER = Role.LEADER
BOARD = Role.BOARD_MEMBER
MONITOR = Role.MONITOR

# The roles that keep a commune's registers (reception, disclosures, decisions, boards,
# dialogues, mediation, consultations).
MANAGERS = (OFFICER, HANDLER, LEADER)


@dataclass(frozen=True)
class Entry:
    """One URL pattern: the class of a GET and of a POST (None: not requested with that
    method; a page that takes no form is not sent a POST), the roles of a
    WRITE_IN_SCOPE (or of a read limited to some roles), and where its URL parameters
    come from."""

    read: str | None
    write: str | None = None
    roles: tuple[str, ...] = ()
    read_roles: tuple[str, ...] = ()  # a STAFF / STAFF_IN_SCOPE read for these roles only
    obj: str | None = None  # the kind of object its parameters name (see world.py)
    args: dict[str, Any] = field(default_factory=dict)  # fixed parameters
    arg: str = ""  # the name the URL gives the object's "pk", when it is not "pk"
    # A minimal valid POST body, so that an allowed write is really attempted: "{version}"
    # is the object's version, "{pdf}" a small PDF file, "{topic}" a topic.
    body: dict[str, str] = field(default_factory=dict)
    # False where the page is for those who keep a register at an agency: the system
    # administrator manages the platform and has no agency's register to keep.
    admin: bool = True
    places: tuple[str, ...] = ()  # which objects of the kind; default: all there are
    note: str = ""


E = Entry

# The Django administration site: AdminSite.admin_view turns away anyone who is not a
# system administrator before any of its views runs. Every pattern of the "admin"
# namespace is in this class; the test checks each one.
ADMIN_NAMESPACE = E(ADMIN_ONLY, ADMIN_ONLY, note="the administration site")

POLICY: dict[str, Entry] = {
    "admin:login": E(PUBLIC, PUBLIC, note="the administration site's own sign-in"),
    "admin:logout": E(
        None, PUBLIC, note="signs out by POST; a GET only leads back to the site's index"
    ),
    # --- public pages and sign-in ------------------------------------------------------
    "web:home": E(PUBLIC),
    "web:healthz": E(PUBLIC),
    ":set_language": E(PUBLIC, PUBLIC),
    "accounts:login": E(PUBLIC, PUBLIC),
    "accounts:logout": E(NOT_OFFERED, PUBLIC, note="signs out by POST only"),
    "accounts:two-factor": E(SIGNED_IN, SIGNED_IN),
    "portal:start": E(PUBLIC),
    "portal:submit": E(PUBLIC, PUBLIC, obj="unit_code", places=("own",)),
    "portal:sent": E(PUBLIC, obj="tracking_code", note="known tracking code only"),
    "portal:track": E(PUBLIC),
    "portal:case": E(PUBLIC, obj="tracking_code", note="known tracking code only"),
    "portal:rate": E(NOT_OFFERED, PUBLIC, obj="tracking_code"),
    "portal:provinces": E(PUBLIC),
    "portal:province": E(PUBLIC, obj="province_code"),
    "portal:mine": E(SIGNED_IN, note="lists the signed-in person's own cases"),
    "portal:own-data": E(SIGNED_IN, SIGNED_IN, note="a copy of the signed-in person's own data"),
    "portal:signup": E(PUBLIC, PUBLIC),
    "portal:open-data": E(PUBLIC),
    "portal:open-data-file": E(PUBLIC, obj="open_data"),
    "public_disclosures:commune": E(PUBLIC, obj="unit_code", places=("own", "sibling")),
    "public_disclosures:document": E(
        PUBLIC, obj="public_document", note="published public disclosures only"
    ),
    "decision-votes:list": E(SIGNED_IN),
    "decision-votes:vote": E(CITIZEN_OWN, CITIZEN_OWN, obj="online_decision"),
    "public_consultations:list": E(PUBLIC),
    "public_consultations:detail": E(PUBLIC, obj="public_consultation"),
    "public_consultations:report": E(PUBLIC, obj="public_consultation_report"),
    # --- staff shell and units -----------------------------------------------------------
    "web:staff-home": E(SIGNED_IN, note="a citizen is sent on to their own cases"),
    "web:unit-detail": E(STAFF_IN_SCOPE, obj="unit"),
    "web:village-add": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=(LEADER,), obj="unit"),
    "web:village-import": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=(LEADER,), obj="unit"),
    "notifications:inbox": E(SIGNED_IN, note="the signed-in person's own notifications"),
    "notifications:mark-all-read": E(NOT_OFFERED, SIGNED_IN, note="their own notifications"),
    # --- petitions and cases ---------------------------------------------------------------
    "petitions:queue": E(STAFF),
    "petitions:intake": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, admin=False),
    "petitions:statistics": E(STAFF),
    "petitions:figure-list": E(STAFF),
    "petitions:detail": E(STAFF_IN_SCOPE, obj="petition"),
    "petitions:identity": E(
        NOT_OFFERED,
        NOT_FOUND,
        obj="petition",
        note="a complaint has no protected identity; who reads a denouncer's identity is "
        "tested in test_petitions_protection_scan",
    ),
    "petitions:issue-letter": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="petition", args={"kind": "receipt"}
    ),
    "petitions:attachment": E(STAFF_IN_SCOPE, obj="petition_file"),
    "petitions:upload": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="petition", body={"file": "{pdf}"}
    ),
    "petitions:step": E(
        NOT_OFFERED,
        WRITE_IN_SCOPE,
        roles=(LEADER,),
        obj="petition",
        args={"action": "accept"},
        body={"version": "{version}"},
    ),
    "cases:list": E(STAFF),
    "cases:detail": E(STAFF_IN_SCOPE, obj="family"),
    "cases:confirm-link": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="petition"),
    "cases:remove-link": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="link"),
    "topics:set": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="petition", body={"topic": "{topic}"}
    ),
    # --- reception -------------------------------------------------------------------------
    "reception:sessions": E(
        STAFF,
        WRITE_IN_SCOPE,
        roles=MANAGERS,
        read_roles=MANAGERS,
        admin=False,
        note="the register's keepers",
    ),
    "reception:session": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="session"),
    "reception:compliance": E(STAFF),
    # --- disclosures -----------------------------------------------------------------------
    "disclosures:list": E(STAFF),
    "disclosures:record": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, admin=False),
    "disclosures:detail": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="disclosure"),
    "disclosures:quarter": E(
        STAFF_IN_SCOPE, obj="unit", arg="unit_id", args={"year": 2026, "quarter": 4}
    ),
    "disclosures:quarter-csv": E(
        STAFF_IN_SCOPE, obj="unit", arg="unit_id", args={"year": 2026, "quarter": 4}
    ),
    # --- household decisions -----------------------------------------------------------------
    "decisions:list": E(STAFF),
    "decisions:create": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS),
    "decisions:detail": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="decision"),
    "decisions:villages": E(STAFF),
    "decisions:village": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="village"),
    "decisions:village-import": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="village"),
    "decisions:household": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="household"),
    "decisions:household-deactivate": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="household"
    ),
    "decisions:initiatives": E(STAFF),
    "decisions:initiative-create": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS),
    "decisions:initiative": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="initiative"),
    # --- boards --------------------------------------------------------------------------------
    "boards:list": E(STAFF),
    "boards:create": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS),
    "boards:detail": E(
        STAFF_IN_SCOPE,
        WRITE_IN_SCOPE,
        roles=(*MANAGERS, BOARD),
        obj="board",
        body={"action": "visit"},
    ),
    "boards:member-remove": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="board_member"),
    "boards:visit": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=(*MANAGERS, BOARD), obj="visit"),
    "boards:visit-photo": E(STAFF_IN_SCOPE, obj="visit_photo"),
    "boards:recommendation": E(
        STAFF_IN_SCOPE,
        WRITE_IN_SCOPE,
        roles=(HANDLER, LEADER),
        obj="recommendation",
        body={"action": "answer"},
    ),
    # --- dialogues and mediation -----------------------------------------------------------
    "dialogues:list": E(STAFF),
    "dialogues:schedule": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS),
    "dialogues:detail": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="meeting"),
    "dialogues:tracker": E(STAFF_IN_SCOPE, obj="unit", arg="commune_id", places=("own", "sibling")),
    "mediation:teams": E(STAFF, WRITE_IN_SCOPE, roles=MANAGERS),
    "mediation:team": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="team"),
    "mediation:cases": E(STAFF, WRITE_IN_SCOPE, roles=MANAGERS),
    "mediation:case": E(
        STAFF_IN_SCOPE,
        WRITE_IN_SCOPE,
        roles=MANAGERS,
        obj="mediation_case",
        body={"action": "session"},
    ),
    "mediation:statistics": E(STAFF_IN_SCOPE, obj="unit", arg="unit_id"),
    # --- consultations -----------------------------------------------------------------------
    "consultations:list": E(STAFF),
    "consultations:create": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS),
    "consultations:detail": E(STAFF_IN_SCOPE, obj="consultation"),
    "consultations:edit": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="consultation"),
    "consultations:action": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="consultation", args={"action": "open"}
    ),
    "consultations:comments": E(STAFF_IN_SCOPE, obj="consultation"),
    "consultations:hide": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="comment"),
    "consultations:unhide": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="comment"),
    "consultations:bulk": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="consultation"),
    "consultations:aggregation": E(STAFF_IN_SCOPE, obj="consultation"),
    "consultations:decide": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="group"),
    "consultations:statistics": E(STAFF_IN_SCOPE, obj="consultation"),
    "consultations:report": E(STAFF_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, obj="consultation"),
    "consultations:report-file": E(STAFF_IN_SCOPE, obj="consultation_report"),
    # --- monitoring --------------------------------------------------------------------------
    "compliance:index": E(STAFF),
    "compliance:monitor": E(STAFF_IN_SCOPE, obj="unit"),
    "hotspots:index": E(
        STAFF_IN_SCOPE,
        read_roles=(LEADER, MONITOR),
        args={"_unit": "hanoi"},
        note="those who watch a province: its leaders and monitors",
    ),
    "hotspots:province": E(STAFF_IN_SCOPE, read_roles=(LEADER, MONITOR), obj="province"),
    "hotspots:threshold": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=(LEADER,), obj="province"),
    "hotspots:unit": E(STAFF_IN_SCOPE, read_roles=(LEADER, MONITOR), obj="province_unit"),
    # --- reports and exports -----------------------------------------------------------------
    "reports:index": E(STAFF),
    "reports:dashboard": E(STAFF_IN_SCOPE, obj="unit"),
    "reports:channel-list": E(STAFF_IN_SCOPE, obj="unit", args={"?": "channel=post"}),
    "reports:reception": E(STAFF_IN_SCOPE, obj="unit"),
    "reports:periodic-list": E(STAFF),
    "reports:periodic-new": E(WRITE_IN_SCOPE, WRITE_IN_SCOPE, roles=MANAGERS, admin=False),
    "reports:periodic-detail": E(STAFF_IN_SCOPE, obj="report"),
    "reports:periodic-narrative": E(
        NOT_OFFERED,
        WRITE_IN_SCOPE,
        roles=MANAGERS,
        obj="report",
        body={"narrative": "Tình hình tiếp nhận đơn trong kỳ.", "version": "{version}"},
    ),
    "reports:periodic-refresh": E(NOT_OFFERED, WRITE_IN_SCOPE, roles=MANAGERS, obj="report"),
    "reports:periodic-issue": E(
        NOT_OFFERED, WRITE_IN_SCOPE, roles=(LEADER,), obj="report", body={"version": "{version}"}
    ),
    "reports:periodic-download": E(STAFF_IN_SCOPE, obj="issued_report", args={"kind": "xlsx"}),
    "exports:exports": E(SIGNED_IN, SIGNED_IN),
    "exports:job": E(OWNER, obj="export"),
    "exports:download": E(OWNER, obj="export"),
    "exports:retry": E(NOT_OFFERED, OWNER, obj="export"),
    # --- the API -------------------------------------------------------------------------------
    "api:root": E(PUBLIC),
    "api:schema": E(PUBLIC),
    "api:docs": E(PUBLIC),
    "api:api/v1/^[\\s\\S]+/$": E(NOT_FOUND, note="404 in JSON for any unknown path"),
    "api:units": E(PUBLIC, note="public reference data"),
    "api:unit": E(PUBLIC, obj="unit", note="public reference data"),
    "api:agencies": E(PUBLIC, note="public reference data"),
    "api:agency": E(PUBLIC, obj="agency_code", note="public reference data"),
    "api:categories": E(PUBLIC, note="public reference data"),
    "api:petitions": E(API_OFFICIAL),
    "api:petition": E(API_OFFICIAL_IN_SCOPE, obj="petition"),
    "api:reception-sessions": E(API_OFFICIAL),
    "api:reception-session": E(API_OFFICIAL_IN_SCOPE, obj="session"),
    "api:statistics": E(API_OFFICIAL_IN_SCOPE, obj="statistics_unit"),
    "api:deadlines-compute": E(
        PUBLIC, args={"?": "rule=complaint.first&start=2026-03-02"}, note="public law"
    ),
    "api:deadlines-add": E(
        PUBLIC, args={"?": "days=5&unit=working&start=2026-03-02"}, note="public law"
    ),
    "api:deadlines-rules": E(PUBLIC, note="public reference data"),
    # --- Open311 -------------------------------------------------------------------------------
    "open311:discovery": E(PUBLIC, obj="open311_format"),
    "open311:services": E(PUBLIC, obj="open311_format"),
    "open311:service": E(PUBLIC, obj="open311_service"),
    "open311:requests": E(PUBLIC, obj="open311_format"),
    "open311:request": E(
        PUBLIC, obj="open311_request", note="feedback only: never a complaint or denunciation"
    ),
    "open311:token": E(PUBLIC, obj="open311_token"),
    "open311:open311/v2/^(?P<rest>.*)$": E(NOT_FOUND, note="404 in Open311's format"),
}

# API operations from the OpenAPI schema ("METHOD path") and the URL pattern serving them.
API_OPERATIONS: dict[str, str] = {
    "GET /api/v1/agencies/": "api:agencies",
    "GET /api/v1/agencies/{code}/": "api:agency",
    "GET /api/v1/categories/": "api:categories",
    "GET /api/v1/deadlines/add": "api:deadlines-add",
    "GET /api/v1/deadlines/compute": "api:deadlines-compute",
    "GET /api/v1/deadlines/rules": "api:deadlines-rules",
    "GET /api/v1/petitions/": "api:petitions",
    "GET /api/v1/petitions/{id}/": "api:petition",
    "GET /api/v1/reception-sessions/": "api:reception-sessions",
    "GET /api/v1/reception-sessions/{id}/": "api:reception-session",
    "GET /api/v1/statistics/": "api:statistics",
    "GET /api/v1/units/": "api:units",
    "GET /api/v1/units/{id}/": "api:unit",
}


def entry_for(key: str) -> Entry | None:
    if key in POLICY:
        return POLICY[key]
    if key.startswith("admin:"):
        return ADMIN_NAMESPACE
    return None
