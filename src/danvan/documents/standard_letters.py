"""The five letters every petition passes through, built from plain values.

Each function returns a ``Letter`` (see ``letters.py``) ready to render as PDF or DOCX:
an acknowledgement that a petition was received, a transfer to the competent body, a
notice of acceptance, a notice of refusal with its legal ground, and the decision
resolving a complaint. The petitions module supplies the values (its dates, deadlines
and legal grounds come from the deadline rules); nothing here reads the database.

The wording is Vietnamese administrative language written for this project. Legal
citations are parameters with defaults, so a change of law is a change of arguments.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from danvan.core.text import normalize_text
from danvan.documents.letters import Letter

COMPLAINT_LAW = "Luật Khiếu nại năm 2011"
# Luật Khiếu nại 2011, Art. 27: the competent person accepts a complaint that meets the
# conditions and informs the complainant.
DEFAULT_ACCEPTANCE_GROUND = f"Điều 27 {COMPLAINT_LAW}"


@dataclass(frozen=True, kw_only=True)
class Signer:
    """Who signs: ``authority`` is the line above the title ("TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH"), empty when the title holder signs in their own name."""

    title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str
    authority: str = ""


def long_date(date: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2026", with the same leading zeros as the date line."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person(honorific: str, name: str) -> str:
    return normalize_text(f"{honorific} {name}")


def _with_address(person: str, address: str) -> str:
    return f"{person} (địa chỉ: {normalize_text(address)})" if address.strip() else person


def _letter(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    signer: Signer,
    kind_title: str,
    summary: str,
    body: Sequence[str],
    recipients: Sequence[str],
    recipient: str = "",
    authority_line: str = "",
    legal_bases: Sequence[str] = (),
    considerations: Sequence[str] = (),
    operative_word: str = "",
) -> Letter:
    return Letter(
        issuing_body_parent=parent_name,
        issuing_body=agency_name,
        number_text=number_text,
        place=place,
        date=date,
        kind_title=kind_title,
        summary=summary,
        recipient=recipient,
        authority_line=authority_line,
        legal_bases=legal_bases,
        considerations=considerations,
        operative_word=operative_word,
        body_paragraphs=body,
        signer_authority=signer.authority,
        signer_title=signer.title,
        signer_name=signer.name,
        recipients_list=recipients,
    )


def acknowledgement_of_receipt(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    petitioner_name: str,
    petition_summary: str,
    tracking_code: str,
    received_on: datetime.date,
    signer: Signer,
    petitioner_honorific: str = "ông/bà",
    petitioner_address: str = "",
    reply_within: str = "",
    archive_note: str = "Lưu: VT",
) -> Letter:
    """Thông báo đã nhận đơn: tells the petitioner the đơn arrived and how to follow it.

    ``reply_within`` is an optional sentence fragment such as "10 ngày làm việc".
    """
    person = _person(petitioner_honorific, petitioner_name)
    body = [
        f"{normalize_text(agency_name)} đã nhận được đơn của "
        f"{_with_address(person, petitioner_address)} vào {long_date(received_on)}, "
        f"với nội dung: {normalize_text(petition_summary)}",
        f"Đơn đã được vào sổ tiếp nhận với mã số {normalize_text(tracking_code)}. "
        f"{_capitalise(petitioner_honorific)} có thể dùng mã số này để tra cứu tình trạng "
        "xử lý đơn trên Cổng thông tin hoặc khi liên hệ trực tiếp với bộ phận tiếp công dân.",
        "Đơn đang được xem xét, phân loại và xử lý theo quy định của pháp luật; "
        + (
            f"kết quả xử lý đơn sẽ được thông báo trong thời hạn {normalize_text(reply_within)}."
            if reply_within.strip()
            else "kết quả xử lý đơn sẽ được thông báo bằng văn bản."
        ),
        f"{normalize_text(agency_name)} thông báo để {person} được biết.",
    ]
    return _letter(
        agency_name=agency_name,
        parent_name=parent_name,
        place=place,
        date=date,
        number_text=number_text,
        signer=signer,
        kind_title="THÔNG BÁO",
        summary="Về việc đã nhận đơn",
        recipient=_capitalise(person),
        body=body,
        recipients=[_capitalise(person), archive_note],
    )


def transfer_letter(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    petitioner_name: str,
    petition_summary: str,
    tracking_code: str,
    received_on: datetime.date,
    receiving_agency: str,
    legal_ground: str,
    signer: Signer,
    petitioner_honorific: str = "ông/bà",
    petitioner_address: str = "",
    archive_note: str = "Lưu: VT",
) -> Letter:
    """Phiếu chuyển đơn: sends a đơn the agency may not resolve to the body that may.

    ``legal_ground`` names the provision on competence, e.g. "Điều 18 Luật Khiếu nại
    năm 2011".
    """
    person = _person(petitioner_honorific, petitioner_name)
    body = [
        f"Ngày {received_on:%d/%m/%Y}, {normalize_text(agency_name)} nhận được đơn của "
        f"{_with_address(person, petitioner_address)} (mã số theo dõi "
        f"{normalize_text(tracking_code)}), nội dung: {normalize_text(petition_summary)}",
        f"Căn cứ {normalize_text(legal_ground)}, nội dung đơn thuộc thẩm quyền giải quyết "
        f"của {normalize_text(receiving_agency)}.",
        f"{normalize_text(agency_name)} chuyển đơn (kèm theo các tài liệu có liên quan) "
        f"đến {normalize_text(receiving_agency)} để xem xét, giải quyết theo thẩm quyền và "
        f"thông báo kết quả cho {person} theo quy định của pháp luật.",
    ]
    return _letter(
        agency_name=agency_name,
        parent_name=parent_name,
        place=place,
        date=date,
        number_text=number_text,
        signer=signer,
        kind_title="PHIẾU CHUYỂN ĐƠN",
        summary="",
        recipient=normalize_text(receiving_agency),
        body=body,
        recipients=[
            "Như trên",
            f"{_capitalise(person)} (để biết)",
            archive_note,
        ],
    )


def acceptance_notice(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    petitioner_name: str,
    petition_summary: str,
    tracking_code: str,
    received_on: datetime.date,
    resolution_deadline: datetime.date,
    signer: Signer,
    legal_ground: str = DEFAULT_ACCEPTANCE_GROUND,
    petitioner_honorific: str = "ông/bà",
    petitioner_address: str = "",
    copy_to: Sequence[str] = (),
    archive_note: str = "Lưu: VT",
) -> Letter:
    """Thông báo thụ lý giải quyết khiếu nại, with the date by which it will be resolved."""
    person = _person(petitioner_honorific, petitioner_name)
    body = [
        f"Ngày {received_on:%d/%m/%Y}, {normalize_text(agency_name)} nhận được đơn khiếu nại của "
        f"{_with_address(person, petitioner_address)}, nội dung khiếu nại: "
        f"{normalize_text(petition_summary)}",
        f"Sau khi xem xét, đơn khiếu nại đủ điều kiện thụ lý theo quy định tại "
        f"{normalize_text(legal_ground)}. {normalize_text(agency_name)} thông báo thụ lý "
        f"giải quyết khiếu nại kể từ {long_date(date)}.",
        f"Vụ việc được giải quyết chậm nhất đến {long_date(resolution_deadline)}. Trong quá "
        f"trình giải quyết, {person} có quyền trình bày ý kiến, cung cấp thông tin, tài liệu, "
        "chứng cứ liên quan và được thông báo kết quả giải quyết theo quy định.",
        f"Mã số theo dõi hồ sơ: {normalize_text(tracking_code)}.",
    ]
    return _letter(
        agency_name=agency_name,
        parent_name=parent_name,
        place=place,
        date=date,
        number_text=number_text,
        signer=signer,
        kind_title="THÔNG BÁO",
        summary="Về việc thụ lý giải quyết khiếu nại",
        recipient=_capitalise(person),
        body=body,
        recipients=[_capitalise(person), *copy_to, archive_note],
    )


def refusal_notice(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    petitioner_name: str,
    petition_summary: str,
    tracking_code: str,
    received_on: datetime.date,
    legal_ground: str,
    reason: str,
    signer: Signer,
    guidance: str = "",
    petitioner_honorific: str = "ông/bà",
    petitioner_address: str = "",
    copy_to: Sequence[str] = (),
    archive_note: str = "Lưu: VT",
) -> Letter:
    """Thông báo không thụ lý giải quyết khiếu nại: the reason and its legal ground (for a
    complaint, one of the cases of Luật Khiếu nại 2011, Art. 11), and where to turn."""
    person = _person(petitioner_honorific, petitioner_name)
    body = [
        f"Ngày {received_on:%d/%m/%Y}, {normalize_text(agency_name)} nhận được đơn khiếu nại của "
        f"{_with_address(person, petitioner_address)} (mã số theo dõi "
        f"{normalize_text(tracking_code)}), nội dung khiếu nại: "
        f"{normalize_text(petition_summary)}",
        f"Sau khi xem xét, {normalize_text(agency_name)} không thụ lý giải quyết đơn khiếu nại nêu "
        f"trên, vì lý do: {normalize_text(reason).rstrip('.')}. Căn cứ pháp lý: "
        f"{normalize_text(legal_ground).rstrip('.')}.",
    ]
    if guidance.strip():
        body.append(normalize_text(guidance))
    body.append(f"{normalize_text(agency_name)} thông báo để {person} được biết.")
    return _letter(
        agency_name=agency_name,
        parent_name=parent_name,
        place=place,
        date=date,
        number_text=number_text,
        signer=signer,
        kind_title="THÔNG BÁO",
        summary="Về việc không thụ lý giải quyết khiếu nại",
        recipient=_capitalise(person),
        body=body,
        recipients=[_capitalise(person), *copy_to, archive_note],
    )


def resolution_decision(
    *,
    agency_name: str,
    parent_name: str,
    place: str,
    date: datetime.date,
    number_text: str,
    petitioner_name: str,
    petition_summary: str,
    tracking_code: str,
    decider_title: str,
    legal_bases: Sequence[str],
    findings: Sequence[str],
    decision_text: str,
    appeal_body: str,
    executors: Sequence[str],
    signer: Signer,
    appeal_days: int = 30,
    round_label: str = "lần đầu",
    petitioner_honorific: str = "ông/bà",
    petitioner_address: str = "",
    copy_to: Sequence[str] = (),
    archive_note: str = "Lưu: VT, hồ sơ",
) -> Letter:
    """Quyết định giải quyết khiếu nại.

    ``decider_title`` is the authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẮC LÝ");
    ``legal_bases`` the "Căn cứ …" lines; ``findings`` the paragraphs stating what was
    verified and concluded; ``decision_text`` the operative ruling of Article 1.
    ``appeal_days`` is the period for a second complaint or a lawsuit (Luật Khiếu nại
    2011, Art. 33: 30 days, 45 in remote areas) and ``appeal_body`` who hears it.
    """
    person = _person(petitioner_honorific, petitioner_name)
    considerations = [
        f"Xét đơn khiếu nại của {_with_address(person, petitioner_address)} (mã số theo dõi "
        f"{normalize_text(tracking_code)}), nội dung: {normalize_text(petition_summary)}",
        *findings,
    ]
    body = [
        f"Điều 1. {normalize_text(decision_text)}",
        f"Điều 2. Trong thời hạn {appeal_days} ngày kể từ ngày nhận được Quyết định này, nếu "
        f"không đồng ý với kết quả giải quyết, {person} có quyền khiếu nại đến "
        f"{normalize_text(appeal_body)} hoặc khởi kiện vụ án hành chính tại Tòa án theo quy "
        "định của Luật Tố tụng hành chính.",
        f"Điều 3. {', '.join(normalize_text(e) for e in executors)} chịu trách nhiệm thi hành "
        "Quyết định này./.",
    ]
    return _letter(
        agency_name=agency_name,
        parent_name=parent_name,
        place=place,
        date=date,
        number_text=number_text,
        signer=signer,
        kind_title="QUYẾT ĐỊNH",
        summary=f"Về việc giải quyết khiếu nại của {person} ({round_label})",
        authority_line=decider_title,
        legal_bases=legal_bases,
        considerations=considerations,
        operative_word="QUYẾT ĐỊNH:",
        body=body,
        recipients=["Như Điều 3", *copy_to, archive_note],
    )
