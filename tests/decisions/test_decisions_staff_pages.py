"""Staff pages: the household register, a decision from draft to answer, initiatives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.decisions import services
from danvan.decisions.models import (
    CitizenInitiative,
    CommunityDecision,
    DecisionStatus,
    Household,
    Subject,
)
from danvan.units.services import add_village
from tests.decisions.conftest import (
    AFTER_CLOSE,
    DURING,
    Village,
    make_decision,
    national,
)


def text(response: Any) -> str:
    return str(response.content.decode())


# The register of households.


def test_register_lists_adds_and_reports_errors(
    village: Callable[[int], Village], en_client: Callable[..., Client], make_user: Any
) -> None:
    v = village(2)
    services.set_representative(
        actor=v.officer, household=v.households[0], phone=national(make_user(None))
    )
    client = en_client(v.officer)
    index = client.get(reverse("decisions:villages"))
    assert index.status_code == 200
    assert "Thôn Đông" in text(index)
    url = reverse("decisions:village", args=[v.unit.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Chủ hộ 1" in text(page)
    assert "H002" in text(page)
    response = client.post(url, {"code": "H010", "head_name": "Vũ Thị Mười"})
    assert response.status_code == 302
    assert Household.objects.filter(village=v.unit, code="H010", is_active=True).exists()
    again = client.post(url, {"code": "H010", "head_name": "Người khác"})
    assert again.status_code == 200
    assert "already has a household with this code" in text(again)
    assert Household.objects.filter(village=v.unit).count() == 3


def test_register_is_read_only_for_a_monitor_and_closed_to_others(
    village: Callable[[int], Village],
    en_client: Callable[..., Client],
    monitor: Any,
    outsider: Any,
    make_user: Any,
) -> None:
    v = village(1)
    url = reverse("decisions:village", args=[v.unit.pk])
    reader = en_client(monitor)
    page = reader.get(url)
    assert page.status_code == 200
    assert "Register a household" not in text(page)
    assert reader.post(url, {"code": "M1", "head_name": "A"}).status_code == 403
    assert reader.get(reverse("decisions:village-import", args=[v.unit.pk])).status_code == 403
    stranger = en_client(outsider)
    assert stranger.get(url).status_code == 403
    assert stranger.post(url, {"code": "M1", "head_name": "A"}).status_code == 403
    citizen = en_client(make_user(None))
    assert citizen.get(reverse("decisions:villages")).status_code == 403
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    assert Household.objects.count() == 1


def test_import_page_good_and_bad(
    village: Callable[[int], Village], en_client: Callable[..., Client]
) -> None:
    v = village(1)
    client = en_client(v.officer)
    url = reverse("decisions:village-import", args=[v.unit.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "B1,Một\nB1,Hai\n,Ba\nH001,Bốn\n"})
    assert bad.status_code == 200
    body = text(bad)
    for line in (2, 3, 4):
        assert f"Line {line}:" in body
    assert Household.objects.filter(village=v.unit).count() == 1
    upload = SimpleUploadedFile(
        "ho.csv", "code,head\nC1,Đặng Văn Tám\nC2,Ngô Thị Chín\n".encode(), "text/csv"
    )
    good = client.post(url, {"file": upload})
    assert good.status_code == 302
    assert set(Household.objects.filter(village=v.unit).values_list("code", flat=True)) == {
        "H001",
        "C1",
        "C2",
    }
    empty = client.post(url, {"text": "  "})
    assert empty.status_code == 200
    assert "Paste the rows or choose a CSV file." in text(empty)


def test_household_page_links_a_representative_and_strikes_off(
    village: Callable[[int], Village],
    en_client: Callable[..., Client],
    make_user: Any,
    monitor: Any,
) -> None:
    v = village(2)
    household = v.households[0]
    citizen = make_user(None)
    client = en_client(v.officer)
    url = reverse("decisions:household", args=[household.pk])
    unknown = client.post(url, {"phone": "0987 654 321"})
    assert unknown.status_code == 200
    assert "No account is registered with this phone number." in text(unknown)
    assert client.post(url, {"phone": national(citizen)}).status_code == 302
    assert Household.objects.get(pk=household.pk).representative == citizen
    deactivate = reverse("decisions:household-deactivate", args=[household.pk])
    assert en_client(monitor).post(deactivate).status_code == 403
    assert client.get(deactivate).status_code == 405
    assert client.post(deactivate).status_code == 302
    assert Household.objects.get(pk=household.pk).is_active is False
    # A second strike-off is a message, not an error page.
    again = client.post(deactivate, follow=True)
    assert again.status_code == 200
    assert "already struck off" in text(again)


# A decision from draft to answer.

CREATE = {
    "subject": Subject.VILLAGE_RULES,
    "title": "  Sửa đổi   hương ước  ",
    "form": "meeting",
    "noticed_on": "2026-12-01",
    "opens_at": "2026-12-05T08:00",
    "closes_at": "2026-12-05T11:00",
    "counting_board": "Nguyễn Văn An\nTrần Thị Bình\n\nLê Văn Cường\n",
}


def test_create_a_decision(
    village: Callable[[int], Village], en_client: Callable[..., Client]
) -> None:
    v = village(3)
    client = en_client(v.officer)
    url = reverse("decisions:create")
    assert client.get(url).status_code == 200
    response = client.post(url, {**CREATE, "village": v.unit.pk})
    assert response.status_code == 302
    decision = CommunityDecision.objects.get()
    assert decision.title == "Sửa đổi hương ước"
    assert decision.counting_board == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    assert decision.status == DecisionStatus.DRAFT


def test_create_shows_the_law_errors(
    village: Callable[[int], Village], en_client: Callable[..., Client]
) -> None:
    v = village(3)
    client = en_client(v.officer)
    url = reverse("decisions:create")
    late_notice = client.post(
        url, {**CREATE, "village": v.unit.pk, "noticed_on": "2026-12-04", "form": "online"}
    )
    assert late_notice.status_code == 200
    body = text(late_notice)
    assert "at least 2 days before the vote" in body
    assert "Only other matters may be decided by an online vote." in body
    small_board = client.post(
        url, {**CREATE, "village": v.unit.pk, "counting_board": "Một người\nHai người"}
    )
    assert "The counting board has 3 to 5 members." in text(small_board)
    assert not CommunityDecision.objects.exists()


def test_create_is_closed_to_monitors_citizens_and_anonymous(
    village: Callable[[int], Village],
    en_client: Callable[..., Client],
    monitor: Any,
    outsider: Any,
    make_user: Any,
    tree: Any,
) -> None:
    v = village(1)
    url = reverse("decisions:create")
    assert en_client(monitor).get(url).status_code == 403
    assert en_client(make_user(None)).get(url).status_code == 403
    # The sibling commune's officer may create only in their own villages.
    assert en_client(outsider).get(url).status_code == 403
    add_village(actor=None, commune=tree.ngoc_ha, name="Thôn Bắc")
    response = en_client(outsider).post(url, {**CREATE, "village": v.unit.pk})
    assert response.status_code == 200
    assert not CommunityDecision.objects.exists()
    assert Client().get(url).status_code == 302


def test_monitor_reads_the_decision_without_buttons(
    village: Callable[[int], Village], en_client: Callable[..., Client], monitor: Any
) -> None:
    v = village(3)
    decision = make_decision(v, open_it=False)
    reader = en_client(monitor)
    assert "Household decisions" in text(reader.get(reverse("decisions:list")))
    url = reverse("decisions:detail", args=[decision.pk])
    page = reader.get(url)
    assert page.status_code == 200
    assert "Open the vote" not in text(page)
    assert reader.post(url, {"action": "open"}).status_code == 403
    assert CommunityDecision.objects.get().status == DecisionStatus.DRAFT
    officer_page = text(en_client(v.officer).get(url))
    assert "Open the vote" in officer_page
    assert "Record the answer" not in officer_page


def test_full_flow_on_the_page(
    village: Callable[[int], Village],
    en_client: Callable[..., Client],
    leader: Any,
) -> None:
    v = village(3)
    decision = make_decision(v, subject=Subject.VILLAGE_RULES)
    for household in v.households[:2]:
        services.enter_paper_vote(
            actor=v.officer, decision=decision, household=household, choice="agree", now=DURING
        )
    services.close_decision(actor=v.officer, decision=decision, now=AFTER_CLOSE)
    client = en_client(v.officer)
    url = reverse("decisions:detail", args=[decision.pk])
    page = text(client.get(url))
    assert "2 of 3 households agreed; more than half needs 2." in page
    assert "2 / 3" in page
    # Closed Friday 13 March 2026: due Friday 20 March, long past, nothing sent yet.
    assert "20/03/2026" in page
    assert "badge-overdue" in page
    assert "Send the result to the commune" in page
    before = client.post(url, {"action": "send", "sent_on": "2026-03-12"})
    assert before.status_code == 200
    assert "cannot be sent before the vote closed" in text(before)
    assert client.post(url, {"action": "send", "sent_on": "2026-03-23"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SENT
    assert decision.sent_late is True
    # Recognising is the leader's act: the officer neither sees nor may post it.
    assert "Record the answer" not in text(client.get(url))
    assert client.post(url, {"action": "answer", "answer": "recognise"}).status_code == 403
    chair = en_client(leader)
    no_reason = chair.post(
        url, {"action": "answer", "answer": "refuse", "answered_on": "2026-03-24"}
    )
    assert no_reason.status_code == 200
    assert "Give the reasons for refusing the result." in text(no_reason)
    done = chair.post(
        url,
        {
            "action": "answer",
            "answer": "refuse",
            "answered_on": "2026-03-24",
            "reason": "Thiếu biên bản họp.",
        },
    )
    assert done.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REFUSED
    assert "Thiếu biên bản họp." in text(chair.get(url))


def test_open_and_close_on_the_page(
    village: Callable[[int], Village], en_client: Callable[..., Client], outsider: Any
) -> None:
    v = village(3)
    decision = make_decision(v, open_it=False)
    client = en_client(v.officer)
    url = reverse("decisions:detail", args=[decision.pk])
    assert en_client(outsider).post(url, {"action": "open"}).status_code == 403
    assert client.post(url, {"action": "open"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.OPEN
    assert decision.households_total == 3
    # Opening twice is a message, not an error page.
    twice = client.post(url, {"action": "open"}, follow=True)
    assert twice.status_code == 200
    assert "This cannot be done while the decision is" in text(twice)
    closed = client.post(url, {"action": "close", "minutes": "Biên bản kiểm phiếu."})
    assert closed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CLOSED
    assert decision.minutes == "Biên bản kiểm phiếu."
    assert decision.passed is False


# Citizen initiatives.


def test_initiatives_pages(
    village: Callable[[int], Village],
    en_client: Callable[..., Client],
    monitor: Any,
    outsider: Any,
) -> None:
    v = village(10)
    client = en_client(v.officer)
    assert client.get(reverse("decisions:initiative-create")).status_code == 200
    empty = client.post(
        reverse("decisions:initiative-create"),
        {"village": v.unit.pk, "title": "  ", "proposed_on": "2026-11-20"},
    )
    assert empty.status_code == 200
    assert not CitizenInitiative.objects.exists()
    response = client.post(
        reverse("decisions:initiative-create"),
        {"village": v.unit.pk, "title": "Lắp đèn đường", "proposed_on": "2026-11-20"},
    )
    assert response.status_code == 302
    initiative = CitizenInitiative.objects.get()
    assert initiative.valid_until == date(2027, 2, 20)
    url = reverse("decisions:initiative", args=[initiative.pk])
    assert "0 of 10 households; 10% needs 1." in text(client.get(url))
    assert en_client(monitor).get(url).status_code == 200
    assert (
        en_client(monitor)
        .post(url, {"household": v.households[0].pk, "on": "2026-11-21"})
        .status_code
        == 403
    )
    assert en_client(outsider).get(url).status_code == 403
    late = client.post(url, {"household": v.households[0].pk, "on": "2027-03-01"})
    assert late.status_code == 200
    assert "no longer open for support" in text(late)
    assert (
        client.post(url, {"household": v.households[0].pk, "on": "2026-11-21"}).status_code == 302
    )
    initiative.refresh_from_db()
    assert initiative.supported_on == date(2026, 11, 21)
    listing = text(client.get(reverse("decisions:initiatives")))
    assert "Lắp đèn đường" in listing
    assert "21/11/2026" in listing


@pytest.mark.parametrize("name", ["list", "create", "villages", "initiatives", "initiative-create"])
def test_anonymous_is_sent_to_sign_in(name: str, db: None) -> None:
    response = Client().get(reverse(f"decisions:{name}"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
