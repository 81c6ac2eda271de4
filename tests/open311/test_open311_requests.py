"""GET requests and requests/{id}: only feedback, only what may be public, the
standard's filters and limits, and statuses mapped to open/closed with notes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from danvan.accounts.roles import Role
from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, Status
from danvan.petitions.services import PetitionDraft
from tests.open311.conftest import (
    BASE,
    FORMATS,
    errors_of,
    json_of,
    post,
    records,
    request_data,
    xml_of,
)

FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def send(client, api_key, **changes) -> Petition:
    [item] = records(post(client, "json", request_data(api_key, **changes)), "json")
    return Petition.objects.get(tracking_code=item["service_request_id"])


def on_paper(tree, unit=None, *, kind="feedback", **extra) -> Petition:
    """A petition received on paper: its content was never offered for publication."""
    [petition] = petitions.receive_petitions(
        actor=None,
        agency=tree.agency(unit or tree.bac_ly),
        channel="post",
        drafts=[
            PetitionDraft(
                kind=kind,
                subject="Cống thoát nước bị tắc",
                content="Cống trước nhà ông Lê Văn Bảy ở số 5 bị tắc, nước tràn vào nhà.",
                petitioner_name="Lê Văn Bảy",
                petitioner_phone="0912 000 111",
                petitioner_address="Số 5, thôn Tây",
                latitude="20.3",
                longitude="105.9",
                location_address="Số 5, thôn Tây",
                **extra,
            )
        ],
    )
    return petition


def get_requests(client, fmt, **query):
    response = client.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code == 200, response.content
    return records(response, fmt)


def codes(items) -> set[str]:
    return {item["service_request_id"] for item in items}


def test_list_in_json(client, tree, api_key):
    petition = send(client, api_key, media_url="https://anh.example.vn/o-ga.jpg")
    [item] = get_requests(client, "json")
    assert list(item) == FIELDS
    with translation.override("vi"):
        received_label = str(Status.RECEIVED.label)
    local = timezone.localtime(petition.received_at).replace(microsecond=0)
    assert item == {
        "service_request_id": petition.tracking_code,
        "status": "open",
        "status_notes": received_label,
        "service_name": "Giao thông, đường sá",
        "service_code": "giao-thong",
        "description": petition.content,
        "agency_responsible": tree.agency(tree.bac_ly).name,
        "service_notice": None,
        "requested_datetime": local.isoformat(),
        "updated_datetime": item["updated_datetime"],
        "expected_datetime": None,
        "address": "Đường liên thôn, cạnh nhà văn hóa thôn Đông",
        "address_id": None,
        "zipcode": None,
        "lat": 20.250612,
        "long": 105.974501,
        "media_url": "https://anh.example.vn/o-ga.jpg",
    }
    assert item["requested_datetime"].endswith("+07:00")
    assert item["updated_datetime"].endswith("+07:00")


def test_list_in_xml(client, tree, api_key):
    petition = send(client, api_key)
    root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    [request] = list(root)
    assert request.tag == "request"
    assert [child.tag for child in request] == FIELDS
    assert request.findtext("service_request_id") == petition.tracking_code
    assert request.findtext("status") == "open"
    assert request.findtext("service_code") == "giao-thong"
    assert request.findtext("lat") == "20.250612"
    assert request.findtext("long") == "105.974501"
    assert request.findtext("description", "").startswith("Ổ gà lớn")
    assert request.findtext("requested_datetime", "").endswith("+07:00")
    # Missing values are empty elements.
    assert request.find("address_id") is not None
    assert request.findtext("address_id") == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_personal_data_never_appears(client, tree, api_key, fmt):
    send(client, api_key)
    paper = on_paper(tree)
    complaint = on_paper(tree, kind="complaint")
    body = client.get(f"{BASE}/requests.{fmt}").content.decode()
    for personal in ("Võ", "Thị Thu", "0987", "+84987", "vo.thu@example", "tk-42", "thiet-bi"):
        assert personal not in body
    for personal in ("Lê Văn Bảy", "0912", "+84912", "Số 5, thôn Tây"):
        assert personal not in body
    # Feedback received on paper is listed without its content or place ...
    [listed] = [
        i
        for i in records(client.get(f"{BASE}/requests.{fmt}"), fmt)
        if i["service_request_id"] == paper.tracking_code
    ]
    assert (listed["description"], listed["address"], listed["lat"]) == (None, None, None)
    assert "Cống trước nhà" not in body
    # ... and complaints (or any other kind) are not listed at all.
    assert complaint.tracking_code not in body
    detail = client.get(f"{BASE}/requests/{complaint.tracking_code}.{fmt}")
    assert detail.status_code == 404


def test_a_long_description_is_cut_at_500_characters(client, tree, api_key):
    send(client, api_key, description="Đường hỏng nặng. " * 100)
    [item] = get_requests(client, "json")
    assert 490 < len(item["description"]) <= 500
    assert item["description"].endswith("…")


@pytest.mark.parametrize("fmt", FORMATS)
def test_filter_by_a_list_of_ids(client, tree, api_key, fmt):
    a, b, c = (send(client, api_key) for _ in range(3))
    complaint = on_paper(tree, kind="complaint")
    wanted = ",".join(
        [
            a.tracking_code,
            c.tracking_code.lower().replace("-", ""),
            "KHONG-CO",
            complaint.tracking_code,
        ]
    )
    assert codes(get_requests(client, fmt, service_request_id=wanted)) == {
        a.tracking_code,
        c.tracking_code,
    }
    # The list overrides the other filters.
    found = get_requests(client, fmt, service_request_id=a.tracking_code, status="closed")
    assert codes(found) == {a.tracking_code}
    assert b.tracking_code not in codes(found)


@pytest.mark.parametrize("fmt", FORMATS)
def test_filter_by_service(client, tree, api_key, fmt):
    roads = send(client, api_key)
    waste = send(client, api_key, service_code="moi-truong")
    assert codes(get_requests(client, fmt, service_code="moi-truong")) == {waste.tracking_code}
    assert codes(get_requests(client, fmt)) == {roads.tracking_code, waste.tracking_code}
    response = client.get(f"{BASE}/requests.{fmt}", {"service_code": "khong-co"})
    assert response.status_code == 404
    assert errors_of(response, fmt)[0]["description"].startswith("service_code: ")


@pytest.mark.parametrize("fmt", FORMATS)
def test_filter_by_jurisdiction(client, tree, api_key, fmt):
    bac_ly = send(client, api_key)
    ba_dinh = send(client, api_key, jurisdiction_id="00004", lat="21.0345", long="105.8412")
    assert codes(get_requests(client, fmt, jurisdiction_id="37")) == {bac_ly.tracking_code}
    assert codes(get_requests(client, fmt, jurisdiction_id="01")) == {ba_dinh.tracking_code}
    assert codes(get_requests(client, fmt, jurisdiction_id="00004")) == {ba_dinh.tracking_code}
    assert codes(get_requests(client, fmt, jurisdiction_id="00008")) == set()
    response = client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": "99"})
    assert response.status_code == 404
    detail = client.get(f"{BASE}/requests/{bac_ly.tracking_code}.{fmt}", {"jurisdiction_id": "01"})
    assert detail.status_code == 404


def close_with_decision(petition: Petition, leader, summary: str) -> Petition:
    today = timezone.localdate()
    p = petitions.classify(actor=leader, petition=petition, expected_version=petition.version)
    p = petitions.accept(actor=leader, petition=p, expected_version=p.version)
    p = petitions.assign(actor=leader, petition=p, handler=leader, expected_version=p.version)
    p = petitions.start_verification(actor=leader, petition=p, expected_version=p.version)
    p = petitions.decide(
        actor=leader,
        petition=p,
        expected_version=p.version,
        outcome="answered",
        summary=summary,
        effective_on=today,
    )
    return p


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_open_or_closed_with_notes(client, tree, api_key, make_user, fmt):
    leader = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    still_open = send(client, api_key)
    decided = close_with_decision(send(client, api_key), leader, "Đã vá ổ gà ngày 20/11.")
    closed = close_with_decision(send(client, api_key), leader, "Đã vá xong đoạn đường.")
    petitions.close(actor=leader, petition=closed, expected_version=closed.version)

    by_code = {i["service_request_id"]: i for i in get_requests(client, fmt)}
    # Decided but not yet closed: still open, and the decision is not public yet.
    assert by_code[decided.tracking_code]["status"] == "open"
    assert "Đã vá" not in by_code[decided.tracking_code]["status_notes"]
    assert by_code[closed.tracking_code]["status"] == "closed"
    with translation.override("vi"):
        closed_label = str(Status.CLOSED.label)
    assert (
        by_code[closed.tracking_code]["status_notes"] == f"{closed_label}: Đã vá xong đoạn đường."
    )
    assert codes(get_requests(client, fmt, status="open")) == {
        still_open.tracking_code,
        decided.tracking_code,
    }
    assert codes(get_requests(client, fmt, status="closed")) == {closed.tracking_code}
    assert len(get_requests(client, fmt, status="open,closed")) == 3
    response = client.get(f"{BASE}/requests.{fmt}", {"status": "pending"})
    assert response.status_code == 400
    assert errors_of(response, fmt)[0]["description"].startswith("status: ")


def test_a_forwarded_request_is_closed_here_and_followed_there(client, tree, api_key, make_user):
    leader = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    sent = send(client, api_key)
    petitions.forward(
        actor=leader,
        petition=sent,
        to_agency=tree.agency(tree.ngoc_ha),
        expected_version=sent.version,
        reason="Thuộc thẩm quyền phường Ngọc Hà",
    )
    moved = Petition.objects.get(transferred_from=sent)
    by_code = {i["service_request_id"]: i for i in get_requests(client, "json")}
    here, there = by_code[sent.tracking_code], by_code[moved.tracking_code]
    assert here["status"] == "closed"
    assert moved.tracking_code in here["status_notes"]
    assert tree.agency(tree.ngoc_ha).name in here["status_notes"]
    assert there["status"] == "open"
    assert there["agency_responsible"] == tree.agency(tree.ngoc_ha).name
    # Still the request sent through Open311: its description and place stay public.
    assert there["description"] == here["description"]
    assert there["lat"] == 20.250612


def test_expected_datetime_is_the_end_of_the_earliest_due_day(client, tree, api_key):
    petition = send(client, api_key)
    Petition.objects.filter(pk=petition.pk).update(next_due_on=date(2026, 12, 4))
    [item] = get_requests(client, "json")
    assert item["expected_datetime"] == "2026-12-04T23:59:59+07:00"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_last_90_days_unless_asked_otherwise(client, tree, api_key, fmt):
    recent = send(client, api_key)
    old = send(client, api_key)
    then = timezone.now() - timedelta(days=100)
    Petition.objects.filter(pk=old.pk).update(received_at=then)
    assert codes(get_requests(client, fmt)) == {recent.tracking_code}
    day = timezone.localtime(then).date()
    assert codes(get_requests(client, fmt, start_date=day.isoformat())) == {old.tracking_code}
    assert codes(get_requests(client, fmt, end_date=day.isoformat())) == {old.tracking_code}
    exact = timezone.localtime(then - timedelta(minutes=1)).isoformat(timespec="seconds")
    found = get_requests(
        client,
        fmt,
        start_date=exact,
        end_date=(timezone.localtime(then) + timedelta(days=1)).isoformat(),
    )
    assert codes(found) == {old.tracking_code}
    # A "+" sent unencoded arrives as a space; it is still read as the offset.
    unencoded = exact.replace("+", " ")
    assert codes(get_requests(client, fmt, start_date=unencoded)) == {old.tracking_code}
    utc = (then - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert codes(get_requests(client, fmt, start_date=utc)) == {old.tracking_code}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"start_date": "hôm qua"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2026-03-01", "end_date": "2026-02-01"}, "start_date"),
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "end_date"),
    ],
)
def test_bad_dates_are_refused(client, tree, fmt, query, parameter):
    response = client.get(f"{BASE}/requests.{fmt}", query)
    assert response.status_code == 400
    [error] = errors_of(response, fmt)
    assert error["code"] == 400
    assert error["description"].startswith(f"{parameter}: ")


def test_at_most_max_results_the_most_recent_first(client, tree, api_key, monkeypatch):
    sent = [send(client, api_key) for _ in range(3)]
    for days, petition in enumerate(reversed(sent)):
        Petition.objects.filter(pk=petition.pk).update(
            received_at=timezone.now() - timedelta(days=days)
        )
    monkeypatch.setattr("danvan.open311.selectors.MAX_RESULTS", 2)
    items = get_requests(client, "json")
    assert [i["service_request_id"] for i in items] == [
        sent[2].tracking_code,
        sent[1].tracking_code,
    ]
    many = ",".join(p.tracking_code for p in sent)
    response = client.get(f"{BASE}/requests.json", {"service_request_id": many})
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request(client, tree, api_key, fmt):
    petition = send(client, api_key)
    typed = petition.tracking_code.lower()
    response = client.get(f"{BASE}/requests/{typed}.{fmt}")
    assert response.status_code == 200
    [item] = records(response, fmt)
    assert item["service_request_id"] == petition.tracking_code
    assert list(item) == FIELDS
    if fmt == "xml":
        root = xml_of(response)
        assert root.tag == "service_requests"
        assert [child.tag for child in root] == ["request"]
    else:
        assert isinstance(json_of(response), list)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_request_is_a_404(client, tree, fmt):
    for code in ("ABCDE-FGHJK", "khong-phai-ma"):
        response = client.get(f"{BASE}/requests/{code}.{fmt}")
        assert response.status_code == 404
        [error] = errors_of(response, fmt)
        assert error["code"] == 404
        assert error["description"].startswith("service_request_id: ")


def test_feedback_of_other_channels_is_listed_without_content(client, tree):
    paper = on_paper(tree, tree.ba_dinh)
    [item] = get_requests(client, "json")
    assert item["service_request_id"] == paper.tracking_code
    assert item["service_code"] is None  # received without a category
    assert (item["description"], item["address"], item["lat"], item["media_url"]) == (
        None,
        None,
        None,
        None,
    )


def test_the_list_costs_the_same_few_queries_however_long(
    client, tree, api_key, make_user, django_assert_max_num_queries
):
    leader = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    for _ in range(2):
        sent = send(client, api_key)
        petitions.forward(
            actor=leader,
            petition=sent,
            to_agency=tree.agency(tree.ngoc_ha),
            expected_version=sent.version,
            reason="Thuộc thẩm quyền phường Ngọc Hà",
        )
        on_paper(tree)
    with django_assert_max_num_queries(8):
        assert len(get_requests(client, "json")) == 6
