"""The topic panel on the petition page and the form that sets the topic."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from danvan.audit.models import AuditEntry
from danvan.topics.models import Topic
from tests.topics.conftest import Staff, receive

pytestmark = pytest.mark.usefixtures("topics")

NAME = "Nguyễn Văn Ất"


def panel_of(html: str) -> str:
    """The topic section of the petition page."""
    match = re.search(r'<section aria-labelledby="topic-heading".*?</section>', html, re.S)
    assert match, "the page has no topic panel"
    return match.group(0)


def page(client: Client, petition: Any) -> str:
    response = client.get(f"/staff/petitions/{petition.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.usefixtures("mounted_urls")
def test_handler_sees_suggestion_agency_and_form(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh), petitioner_name=NAME)
    panel = panel_of(page(client_for(staff.handler), petition))
    assert "No topic set yet." in panel
    assert "Suggested topic" in panel
    assert f"<strong>{topics['land'].name}</strong>" in panel
    assert "probability" in panel
    assert "Suggested competent agency" in panel
    assert tree.agency(tree.ba_dinh).name in panel
    assert "Luật Đất đai 2024" in panel
    assert f'action="/staff/topics/petitions/{petition.pk}/topic/"' in panel
    assert "csrfmiddlewaretoken" in panel
    assert f'<option value="{topics["land"].pk}" selected>' in panel
    # Nothing about the petitioner.
    assert NAME not in panel


@pytest.mark.usefixtures("mounted_urls")
def test_topic_set_by_an_officer_is_kept_in_the_form(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    petition.topic = topics["infrastructure"]
    petition.save(update_fields=["topic"])
    panel = panel_of(page(client_for(staff.officer), petition))
    assert f'<span class="badge">{topics["infrastructure"].name}</span>' in panel
    assert f'<option value="{topics["infrastructure"].pk}" selected>' in panel


@pytest.mark.usefixtures("mounted_urls")
def test_monitor_sees_the_topic_only(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    petition.topic = topics["land"]
    petition.save(update_fields=["topic"])
    panel = panel_of(page(client_for(staff.monitor), petition))
    assert topics["land"].name in panel
    assert "<form" not in panel
    assert "Suggested" not in panel


@pytest.mark.usefixtures("mounted_urls")
def test_denunciation_panel_shows_no_identity(tree: Any, staff: Staff, client_for: Any) -> None:
    petition = receive(
        tree.agency(tree.ba_dinh),
        kind="denunciation",
        subject="Tố cáo Chủ tịch UBND phường",
        content="Tôi tố cáo ông Chủ tịch UBND phường Ba Đình nhận tiền của dân để cấp phép.",
        petitioner_name="Hoàng Thị Người Tố Cáo",
    )
    panel = panel_of(page(client_for(staff.leader), petition))
    assert tree.agency(tree.hanoi).name in panel
    assert "Hoàng Thị Người Tố Cáo" not in panel


def test_without_the_topics_urls_the_page_still_works(
    tree: Any, staff: Staff, client_for: Any
) -> None:
    # Until the lead mounts danvan.topics.urls, the panel gives advice without the form.
    petition = receive(tree.agency(tree.ba_dinh))
    panel = panel_of(page(client_for(staff.handler), petition))
    assert "Suggested topic" in panel


@pytest.mark.usefixtures("mounted_urls")
def test_post_sets_the_topic_and_goes_back(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    client = client_for(staff.handler)
    response = client.post(
        f"/staff/topics/petitions/{petition.pk}/topic/",
        {"topic": topics["environment"].pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/staff/petitions/{petition.pk}/"
    petition.refresh_from_db()
    assert petition.topic == topics["environment"]
    assert f"Topic set: {topics['environment'].name}" in response.content.decode()
    assert AuditEntry.objects.filter(action="topics.set_topic").count() == 1


@pytest.mark.usefixtures("mounted_urls")
@pytest.mark.parametrize("who", ["monitor", "neighbour"])
def test_post_is_refused_to_monitor_and_other_commune(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic], who: str
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    response = client_for(getattr(staff, who)).post(
        f"/staff/topics/petitions/{petition.pk}/topic/", {"topic": topics["land"].pk}
    )
    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.topic is None


@pytest.mark.usefixtures("mounted_urls")
def test_post_inactive_or_unknown_topic_shows_an_error(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    retired = topics["other"]
    retired.is_active = False
    retired.save()
    client = client_for(staff.handler)
    url = f"/staff/topics/petitions/{petition.pk}/topic/"
    inactive = client.post(url, {"topic": retired.pk}, follow=True)
    assert "This topic is not in use." in inactive.content.decode()
    unknown = client.post(url, {"topic": "999999"}, follow=True)
    assert "Choose a topic from the list." in unknown.content.decode()
    petition.refresh_from_db()
    assert petition.topic is None


@pytest.mark.usefixtures("mounted_urls")
def test_get_and_anonymous_are_refused(
    tree: Any, staff: Staff, client_for: Any, topics: dict[str, Topic]
) -> None:
    petition = receive(tree.agency(tree.ba_dinh))
    url = f"/staff/topics/petitions/{petition.pk}/topic/"
    assert client_for(staff.handler).get(url).status_code == 405
    anonymous = Client().post(url, {"topic": topics["land"].pk})
    assert anonymous.status_code == 302
    assert "/accounts/" in anonymous["Location"]
    assert client_for(staff.handler).post("/staff/topics/petitions/999999/topic/").status_code == (
        404
    )
