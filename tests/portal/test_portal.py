"""The citizen portal: find the commune, send, get a code, follow the case."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.petitions import services as petitions
from danvan.petitions.models import Petition, Status
from danvan.portal.models import OnlineSubmission


def solved_challenge(total: int = 5) -> dict[str, str]:
    from danvan.portal.challenge import token_for

    return {
        "challenge": token_for(total),
        "answer": str(total),
    }


def form_data(**extra):
    return {
        **solved_challenge(),
        "key": str(uuid.uuid4()),
        "kind": "feedback",
        "subject": "Đèn chiếu sáng ngõ 12 bị hỏng",
        "content": "Đèn chiếu sáng ở ngõ 12 đã hỏng hơn một tháng, buổi tối đi lại rất nguy hiểm.",
        "full_name": "Võ Thị Thu",
        "phone": "0987 111 222",
        **extra,
    }


def test_search_finds_the_commune_with_or_without_diacritics(client, tree):
    for q in ("Bắc Lý", "bac ly", "BAC LY"):
        body = client.get("/cong-dan/", {"q": q}).content.decode()
        assert "Xã Bắc Lý" in body, q
        assert f"/cong-dan/gui/{tree.bac_ly.code}/" in body
    partial = client.get("/cong-dan/", {"q": "ngoc ha"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "Phường Ngọc Hà" in partial.content.decode()
    assert "Không tìm thấy" in client.get("/cong-dan/", {"q": "zzzz"}).content.decode()


def test_citizen_sends_a_petition_with_an_attachment_and_follows_it(
    client, tree, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("anh.txt", "Ảnh chụp đèn hỏng".encode(), content_type="text/plain")
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", {**form_data(), "attachments": photo}
    )
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.channel, petition.agency, petition.kind) == (
        "portal",
        tree.agency(tree.bac_ly),
        "feedback",
    )
    assert petition.petitioner_phone == "+84987111222"
    page = client.get(response["Location"]).content.decode()
    assert petition.tracking_code in page

    case = client.get(f"/cong-dan/tra-cuu/{petition.tracking_code}/").content.decode()
    assert "Đã tiếp nhận" in case
    # The tracking page reveals nothing about the person or the content.
    for secret in ("Võ Thị Thu", "0987", "+8498711", "ngõ 12 đã hỏng"):
        assert secret not in case


def test_the_same_form_sent_twice_creates_one_case(client, tree):
    data = form_data()
    first = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", data)
    second = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", data)
    assert first["Location"] == second["Location"]
    assert Petition.objects.count() == 1
    assert OnlineSubmission.objects.count() == 1


def test_bad_input_keeps_what_was_typed(client, tree):
    response = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/",
        form_data(full_name="", phone="12345", kind="denunciation", anonymous="on"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "ngõ 12 đã hỏng hơn một tháng" in body
    assert set(response.context["form"].errors) == {"anonymous"}
    # With the form itself right, the service's checks come back beside the field too.
    response = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(phone="12345"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"phone"}
    assert not Petition.objects.exists()


def test_a_province_or_unknown_code_cannot_receive(client, tree):
    assert client.get(f"/cong-dan/gui/{tree.hanoi.code}/").status_code == 404
    assert client.get("/cong-dan/gui/99999/").status_code == 404


def test_tracking_by_typed_code_and_published_decision(client, tree, make_user):
    from danvan.accounts.roles import Role
    from danvan.petitions.services import PetitionDraft

    leader = make_user(Role.LEADER, tree.agency(tree.bac_ly))
    [p] = petitions.receive_petitions(
        actor=None,
        agency=tree.agency(tree.bac_ly),
        channel="portal",
        received_on=date(2026, 3, 2),
        drafts=[
            PetitionDraft(
                kind="petition", subject="Sửa cống", content="Cống hỏng", petitioner_name="Lê Hà"
            )
        ],
    )
    typed = p.tracking_code.lower().replace("-", " ")
    response = client.get("/cong-dan/tra-cuu/", {"code": typed})
    assert response["Location"] == f"/cong-dan/tra-cuu/{p.tracking_code}/"
    assert client.get("/cong-dan/tra-cuu/", {"code": "AAAAA-AAAAA"}).status_code == 404
    p = petitions.classify(
        actor=leader, petition=p, expected_version=1, effective_on=date(2026, 3, 3)
    )
    p = petitions.accept(
        actor=leader, petition=p, expected_version=p.version, effective_on=date(2026, 3, 3)
    )
    p = petitions.assign(
        actor=leader,
        petition=p,
        handler=leader,
        expected_version=p.version,
        effective_on=date(2026, 3, 3),
    )
    p = petitions.start_verification(
        actor=leader, petition=p, expected_version=p.version, effective_on=date(2026, 3, 4)
    )
    p = petitions.decide(
        actor=leader,
        petition=p,
        expected_version=p.version,
        outcome="answered",
        summary="Đã sửa cống",
        effective_on=date(2026, 3, 10),
    )
    body = client.get(f"/cong-dan/tra-cuu/{p.tracking_code}/").content.decode()
    assert "Đã sửa cống" not in body  # decided but not yet closed or made public
    petitions.close(
        actor=leader, petition=p, expected_version=p.version, effective_on=date(2026, 3, 11)
    )
    body = client.get(f"/cong-dan/tra-cuu/{p.tracking_code}/").content.decode()
    assert "Đã sửa cống" in body
    assert str(Status.CLOSED.label) in body


def test_the_check_question_stops_scripts_not_people(client, tree):
    page = client.get(f"/cong-dan/gui/{tree.bac_ly.code}/").content.decode()
    assert "cộng" in page  # the question is shown in words
    wrong = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(answer="99"))
    assert wrong.status_code == 200
    assert set(wrong.context["form"].errors) == {"answer"}
    assert "ngõ 12 đã hỏng" in wrong.content.decode()  # what was typed stays
    forged = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(challenge="forged:token", answer="5")
    )
    assert "answer" in forged.context["form"].errors
    bot = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(website="http://spam"))
    assert bot.status_code == 200
    assert not Petition.objects.exists()
    in_words = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(answer="năm"))
    assert in_words.status_code == 302


def test_one_address_may_send_ten_an_hour(client, tree):
    for _ in range(10):
        assert client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data()).status_code == 302
    response = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", form_data())
    assert response.status_code == 429
    assert Petition.objects.count() == 10
    other = client.post(
        f"/cong-dan/gui/{tree.bac_ly.code}/", form_data(), REMOTE_ADDR="203.0.113.9"
    )
    assert other.status_code == 302


def test_the_check_questions_token_does_not_carry_its_answer() -> None:
    from django.core import signing

    from danvan.portal.challenge import SALT, WORDS_VI, check_answer, new_challenge, token_for

    question, token = new_challenge()
    payload = signing.loads(token, salt=SALT)
    assert set(payload) == {"nonce", "mac"}
    # The question's numbers are words; the answer is nowhere in the token's payload.
    a, b = (WORDS_VI.index(word.lower()) for word in question.split() if word.lower() in WORDS_VI)
    assert check_answer(token, str(a + b))
    assert check_answer(token_for(7), "bảy")
    assert not check_answer(token_for(7), "tám")
    assert not check_answer(token, str(a + b + 1))
    assert not check_answer(token, "1" * 40)
    # A token re-signed with another answer's hash but someone else's nonce is refused.
    other = signing.loads(token_for(a + b + 1), salt=SALT)
    forged = signing.dumps({"nonce": payload["nonce"], "mac": other["mac"]}, salt=SALT)
    assert not check_answer(forged, str(a + b + 1))
