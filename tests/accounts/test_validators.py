"""Vietnamese phone numbers and citizen ID numbers, alone and through create_user."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from danvan.accounts.models import User
from danvan.accounts.services import create_user
from danvan.accounts.validators import display_phone, normalize_phone, validate_citizen_id
from danvan.audit.models import AuditEntry

TODAY = date(2026, 6, 1)


class TestNormalizePhone:
    @pytest.mark.parametrize(
        "raw",
        [
            "0912 345 678",
            "+84912345678",
            "84912345678",
            "0912.345.678",
            "0912-345-678",
            " 0912345678 ",
            "+84 912 345 678",
        ],
    )
    def test_common_formats_become_e164(self, raw: str) -> None:
        assert normalize_phone(raw) == "+84912345678"

    def test_landline_is_accepted(self) -> None:
        assert normalize_phone("024 3825 3536") == "+842438253536"

    def test_empty_is_refused_with_its_own_message(self) -> None:
        with pytest.raises(ValidationError) as excinfo:
            normalize_phone("")
        assert excinfo.value.code == "phone_empty"
        assert excinfo.value.messages == [gettext("Enter a phone number.")]

    @pytest.mark.parametrize("raw", ["12345", "0912345", "091234567890", "abc", "0000000000"])
    def test_invalid_numbers_are_refused_naming_the_value(self, raw: str) -> None:
        with pytest.raises(ValidationError) as excinfo:
            normalize_phone(raw)
        assert excinfo.value.code == "phone_invalid"
        message = excinfo.value.messages[0]
        assert raw in message  # the user sees what they typed
        assert "0912 345 678" in message  # and an example of a good number

    def test_foreign_number_is_refused(self) -> None:
        """The module validates Vietnamese numbers and promises E.164 '+84…'."""
        with pytest.raises(ValidationError):
            normalize_phone("+1 650 253 0000")

    def test_display_phone_round_trip(self) -> None:
        assert display_phone(normalize_phone("0912.345.678")) == "0912 345 678"


class TestValidateCitizenId:
    @pytest.mark.parametrize(
        ("raw", "digits"),
        [
            ("001099012345", "001099012345"),  # Hà Nội, male, born 1999
            ("079203012345", "079203012345"),  # Hồ Chí Minh City, female, born 2003
            ("001 099 012 345", "001099012345"),
            (" 079203012345 ", "079203012345"),
            ("001.099.012.345", "001099012345"),
        ],
    )
    def test_well_formed_numbers(self, raw: str, digits: str) -> None:
        assert validate_citizen_id(raw, today=TODAY) == digits

    @pytest.mark.parametrize(
        "raw",
        ["001099012", "00109901234", "0010990123456", "", "00109901234a", "001099O12345"],
    )
    def test_wrong_length_or_letters(self, raw: str) -> None:
        with pytest.raises(ValidationError) as excinfo:
            validate_citizen_id(raw, today=TODAY)
        assert excinfo.value.code == "citizen_id_format"
        message = excinfo.value.messages[0]
        assert "12" in message  # says how many digits
        assert f"'{raw}'" in message  # and shows what was typed

    @pytest.mark.parametrize("prefix", ["003", "000", "099", "100"])
    def test_unknown_province_prefix(self, prefix: str) -> None:
        with pytest.raises(ValidationError) as excinfo:
            validate_citizen_id(f"{prefix}099012345", today=TODAY)
        assert excinfo.value.code == "citizen_id_province"
        assert prefix in excinfo.value.messages[0]

    def test_birth_year_in_the_future(self) -> None:
        with pytest.raises(ValidationError) as excinfo:
            validate_citizen_id("001299012345", today=TODAY)  # century digit 2, year 99: 2099
        assert excinfo.value.code == "citizen_id_year"
        assert "2099" in excinfo.value.messages[0]

    def test_birth_this_year_is_possible_next_year_is_not(self) -> None:
        assert validate_citizen_id("001226012345", today=TODAY) == "001226012345"
        with pytest.raises(ValidationError):
            validate_citizen_id("001227012345", today=TODAY)

    def test_birth_year_too_far_in_the_past(self) -> None:
        with pytest.raises(ValidationError) as excinfo:
            validate_citizen_id("001099012345", today=date(2200, 1, 1))  # 1999, and 201 years old
        assert excinfo.value.code == "citizen_id_year"

    @pytest.mark.parametrize(
        "raw",
        [
            "\uff10\uff10\uff11099012345",  # full-width digits, as some phone keyboards type
            "\u0660\u0660\u0661\u0660\u0669\u0669\u0660\u0661\u0662\u0663\u0664\u0665",
        ],
    )
    def test_non_ascii_digits_are_refused_or_normalised(self, raw: str) -> None:
        """Only 0-9 may be stored: other Unicode digits would give the same person a
        second digest and slip past the duplicate check."""
        try:
            result = validate_citizen_id(raw, today=TODAY)
        except ValidationError:
            return
        assert result == "001099012345"


@pytest.mark.django_db
class TestCreateUserValidation:
    def create(self, **overrides: str) -> User:
        values = {"phone": "0912345678", "full_name": "Phạm Văn Kiểm", "citizen_id": ""}
        values.update(overrides)
        return create_user(actor=None, **values)

    def test_stores_normalised_values(self) -> None:
        user = self.create(phone="0912.345.678", citizen_id="001 099 012 345")
        user.refresh_from_db()
        assert user.phone == "+84912345678"
        assert user.citizen_id == "001099012345"

    @pytest.mark.parametrize(
        ("field", "overrides"),
        [
            ("phone", {"phone": "12345"}),
            ("citizen_id", {"citizen_id": "003099012345"}),
            ("citizen_id", {"citizen_id": "12345"}),
            ("email", {"email": "not-an-email"}),
            ("full_name", {"full_name": "   "}),
            ("phone", {"phone": ""}),  # neither phone nor e-mail
        ],
    )
    def test_bad_input_is_keyed_by_field_and_creates_nothing(
        self, field: str, overrides: dict[str, str]
    ) -> None:
        with pytest.raises(ValidationError) as excinfo:
            self.create(**overrides)
        assert field in excinfo.value.message_dict
        assert excinfo.value.message_dict[field]
        assert not User.objects.exists()
        assert not AuditEntry.objects.filter(action="accounts.user.create").exists()

    def test_several_errors_are_reported_together(self) -> None:
        with pytest.raises(ValidationError) as excinfo:
            self.create(phone="12345", citizen_id="003099012345")
        assert set(excinfo.value.message_dict) >= {"phone", "citizen_id"}

    def test_duplicate_phone_in_another_format(self) -> None:
        self.create(phone="0912345678")
        with pytest.raises(ValidationError) as excinfo:
            self.create(phone="+84 912 345 678", full_name="Người Khác")
        assert "phone" in excinfo.value.message_dict
        assert User.objects.count() == 1

    def test_duplicate_email_in_another_case(self) -> None:
        self.create(phone="0912345678", email="can.bo@example.gov.vn")
        with pytest.raises(ValidationError) as excinfo:
            self.create(phone="0912345679", email="Can.Bo@Example.gov.vn")
        assert "email" in excinfo.value.message_dict
        assert User.objects.count() == 1

    def test_duplicate_citizen_id_in_another_format(self) -> None:
        self.create(phone="0912345678", citizen_id="001099012345")
        with pytest.raises(ValidationError) as excinfo:
            self.create(phone="0912345679", citizen_id="001 099 012 345")
        assert "citizen_id" in excinfo.value.message_dict
        assert "phone" not in excinfo.value.message_dict
        assert User.objects.count() == 1

    def test_duplicate_citizen_id_typed_with_full_width_digits(self) -> None:
        self.create(phone="0912345678", citizen_id="001099012345")
        with pytest.raises(ValidationError) as excinfo:
            self.create(phone="0912345679", citizen_id="\uff10\uff10\uff11099012345")
        assert "citizen_id" in excinfo.value.message_dict
        assert User.objects.count() == 1
