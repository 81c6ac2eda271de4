"""The staff pages drive the same services: intake, steps, conflicts, permissions."""

from __future__ import annotations

from datetime import date

from danvan.petitions.models import Petition, Status
from danvan.reception.models import Visit

D = date.fromisoformat


def post_intake(client, agency, **extra):
    data = {
        "agency": agency.pk,
        "kind": "complaint",
        "channel": "post",
        "received_on": "2026-03-02",
        "subject": "Khiếu nại về cấp giấy chứng nhận",
        "content": "Đề nghị xem xét lại việc từ chối cấp giấy chứng nhận quyền sử dụng đất.",
        "petitioner_name": "Phan Văn Tâm",
        "signer_count": 1,
        **extra,
    }
    return client.post("/staff/petitions/new/", data)


def test_officer_records_a_petition_and_walks_it_through_steps(tree, staff, client_for):
    officer = client_for(staff.officer)
    response = post_intake(officer, tree.agency(tree.ba_dinh))
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert response["Location"] == f"/staff/petitions/{petition.pk}/"
    page = officer.get(response["Location"])
    assert page.status_code == 200
    assert petition.tracking_code in page.content.decode()
    assert b"classify" in page.content  # the officer may classify…
    assert b"/accept/" not in page.content  # …but not accept

    response = officer.post(
        f"/staff/petitions/{petition.pk}/classify/",
        {"classify-version": 1, "classify-effective_on": "2026-03-03"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.CLASSIFIED

    leader = client_for(staff.leader)
    response = leader.post(
        f"/staff/petitions/{petition.pk}/accept/",
        {"accept-version": 2, "accept-effective_on": "2026-03-05", "accept-is_complex": "on"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert (petition.status, petition.is_complex) == (Status.ACCEPTED, True)
    assert petition.clocks.get(kind="resolution").due_on == D(
        "2026-04-20"
    )  # 45 days, Sunday → Monday


def test_a_stale_form_is_refused_with_a_message(tree, staff, client_for):
    officer = client_for(staff.officer)
    post_intake(officer, tree.agency(tree.ba_dinh))
    petition = Petition.objects.get()
    officer.post(
        f"/staff/petitions/{petition.pk}/classify/",
        {"classify-version": 1, "classify-effective_on": "2026-03-03"},
    )
    response = officer.post(
        f"/staff/petitions/{petition.pk}/guide/",
        {
            "guide-version": 1,
            "guide-effective_on": "2026-03-04",
            "guide-reason": "Không thuộc thẩm quyền",
        },
        follow=True,
    )
    petition.refresh_from_db()
    assert petition.status == Status.CLASSIFIED
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    assert petition.version == 2


def test_invalid_step_form_keeps_input_and_shows_errors(tree, staff, client_for):
    officer = client_for(staff.officer)
    post_intake(officer, tree.agency(tree.ba_dinh))
    petition = Petition.objects.get()
    response = officer.post(
        f"/staff/petitions/{petition.pk}/guide/",
        {"guide-version": 1, "guide-effective_on": "2026-03-01", "guide-reason": "Lý do hướng dẫn"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Lý do hướng dẫn" in body  # what was typed is kept
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED


def test_intake_with_bad_input_keeps_what_was_typed(tree, staff, client_for):
    officer = client_for(staff.officer)
    response = post_intake(
        officer, tree.agency(tree.ba_dinh), petitioner_phone="12345", petitioner_name=""
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đề nghị xem xét lại việc từ chối" in body
    assert not Petition.objects.exists()


def test_other_communes_and_monitors_cannot_act(tree, staff, client_for, make_user):
    from danvan.accounts.roles import Role

    post_intake(client_for(staff.officer), tree.agency(tree.ba_dinh))
    petition = Petition.objects.get()
    stranger = client_for(make_user(Role.RECEPTION_OFFICER, tree.agency(tree.ngoc_ha)))
    assert stranger.get(f"/staff/petitions/{petition.pk}/").status_code == 403
    assert (
        stranger.post(
            f"/staff/petitions/{petition.pk}/classify/",
            {"classify-version": 1, "classify-effective_on": "2026-03-03"},
        ).status_code
        == 403
    )
    # Intake for an agency the officer does not belong to is not offered and refused.
    response = post_intake(stranger, tree.agency(tree.ba_dinh))
    assert response.status_code == 200
    assert Petition.objects.count() == 1
    monitor = client_for(staff.monitor)
    assert monitor.get(f"/staff/petitions/{petition.pk}/").status_code == 200
    response = monitor.post(
        f"/staff/petitions/{petition.pk}/classify/",
        {"classify-version": 1, "classify-effective_on": "2026-03-03"},
    )
    assert response.status_code == 403
    petition.refresh_from_db()
    assert petition.status == Status.RECEIVED


def test_queue_lists_the_agencys_open_petitions_most_urgent_first(tree, staff, client_for):
    officer = client_for(staff.officer)
    post_intake(officer, tree.agency(tree.ba_dinh), received_on="2026-03-10", subject="Đơn sau")
    post_intake(officer, tree.agency(tree.ba_dinh), received_on="2026-03-02", subject="Đơn trước")
    body = officer.get("/staff/petitions/").content.decode()
    assert body.index("Đơn trước") < body.index("Đơn sau")


def test_reception_session_and_visit_through_the_pages(tree, staff, client_for):
    officer = client_for(staff.officer)
    response = officer.post(
        "/staff/reception/",
        {
            "agency": tree.agency(tree.ba_dinh).pk,
            "kind": "regular",
            "held_on": "2026-03-02",
            "location": "Trụ sở UBND",
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    response = officer.post(
        url,
        {
            "full_name": "Hoàng Thị Nga",
            "people_count": 6,
            "representatives": "Hoàng Thị Nga\nĐinh Văn Sơn",
            "content": "Phản ánh ô nhiễm từ cơ sở chăn nuôi gần khu dân cư.",
            "handling": "petition_received",
            "petition_kind": "feedback",
            "petition_subject": "Ô nhiễm chăn nuôi",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.people_count, visit.representatives) == (6, ["Hoàng Thị Nga", "Đinh Văn Sơn"])
    assert visit.petitions.get().subject == "Ô nhiễm chăn nuôi"
    # A group without representatives is refused, and nothing is written.
    response = officer.post(
        url,
        {
            "full_name": "Nhóm dân",
            "people_count": 7,
            "content": "Kiến nghị",
            "handling": "explained",
        },
    )
    assert response.status_code == 200
    assert Visit.objects.count() == 1
    assert officer.get("/staff/reception/compliance/?month=3&year=2026").status_code == 200
    assert officer.get("/staff/reception/compliance/?month=13&year=abc").status_code == 200


def test_statistics_add_up_and_each_figure_drills_down_to_its_petitions(tree, staff, client_for):
    from danvan.petitions import services as petitions
    from danvan.petitions.selectors import FIGURES, figure_petitions, statistics

    officer = client_for(staff.officer)
    for subject in ("Một", "Hai", "Ba"):
        post_intake(officer, tree.agency(tree.ba_dinh), subject=f"Khiếu nại {subject}")
    first = Petition.objects.order_by("pk").first()
    petitions.classify(
        actor=staff.officer, petition=first, expected_version=1, effective_on=D("2026-03-03")
    )
    first.refresh_from_db()
    petitions.accept(
        actor=staff.leader,
        petition=first,
        expected_version=first.version,
        effective_on=D("2026-03-04"),
    )

    figures = statistics(tree.hanoi, start=D("2026-01-01"), end=D("2026-12-31"))
    assert (figures["received"], figures["complaint"], figures["accepted"]) == (3, 3, 1)
    for name in FIGURES:
        assert (
            figures[name]
            == figure_petitions(
                tree.hanoi, start=D("2026-01-01"), end=D("2026-12-31"), figure=name
            ).count()
        )
    # The sibling commune sees none of them; the province sums its communes.
    assert statistics(tree.ngoc_ha, start=D("2026-01-01"), end=D("2026-12-31"))["received"] == 0

    monitor = client_for(staff.monitor)
    page = monitor.get(
        f"/staff/petitions/statistics/?unit={tree.hanoi.pk}&from=2026-01-01&to=2026-12-31"
    )
    assert page.status_code == 200
    listing = monitor.get(
        f"/staff/petitions/statistics/list/?unit={tree.hanoi.pk}&from=2026-01-01&to=2026-12-31&figure=accepted"
    )
    assert first.tracking_code in listing.content.decode()
    assert monitor.get(f"/staff/petitions/statistics/?unit={tree.ninhbinh.pk}").status_code == 403
    assert monitor.get("/staff/petitions/statistics/list/?figure=nonsense").status_code == 404


def test_case_page_explains_which_days_were_not_counted(tree, staff, client_for):
    officer = client_for(staff.officer)
    post_intake(officer, tree.agency(tree.ba_dinh), kind="denunciation", received_on="2026-02-11")
    petition = Petition.objects.get()
    # 7 working days from 11 February 2026 run over the Tết break (14–22 February).
    assert petition.clocks.get(kind="acceptance").due_on == D("2026-02-27")
    body = officer.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert "17/02/2026: Tết Nguyên Đán" in body
    assert "14/02/2026: Thứ Bảy" in body
