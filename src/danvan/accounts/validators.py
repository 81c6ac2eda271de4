"""Validation and normalisation of Vietnamese phone numbers and citizen ID numbers."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@cache
def _province_prefixes() -> frozenset[int]:
    """First three digits of a citizen ID: the province where the birth was registered,
    using the 63 pre-2025 province codes (the 34 current codes are among them)."""
    from vietnam_provinces.legacy.codes import ProvinceCode as LegacyProvinceCode

    return frozenset(code.value for code in LegacyProvinceCode)


_DIGITS_12 = re.compile(r"^[0-9]{12}$")


def normalize_phone(raw: str) -> str:
    """Return the number in E.164 (+84…) or raise a ValidationError in Vietnamese."""
    text = re.sub(r"[\s.\-()]", "", raw or "")
    if not text:
        raise ValidationError(_("Enter a phone number."), code="phone_empty")
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("'%(value)s' is not a phone number. Example: 0912 345 678."),
            code="phone_invalid",
            params={"value": raw},
        ) from None
    if number.country_code != 84:
        raise ValidationError(
            _("Only Vietnamese phone numbers (+84) can be used; otherwise use an e-mail address."),
            code="phone_foreign",
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("'%(value)s' is not a valid phone number in use. Example: 0912 345 678."),
            code="phone_invalid",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """+84912345678 → 0912 345 678 (national format, as people write it)."""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_citizen_id(raw: str, *, today: date | None = None) -> str:
    """Check a 12-digit citizen ID (số định danh cá nhân / CCCD); return its digits.

    Digits 1–3: province of birth registration; digit 4: century and sex (0/1: 1900s,
    2/3: 2000s, 4/5: 2100s…); digits 5–6: last two digits of the year of birth.
    """
    text = re.sub(r"[\s.\-]", "", raw or "")
    if not _DIGITS_12.match(text):
        raise ValidationError(
            _("A citizen ID number has exactly 12 digits (you entered '%(value)s')."),
            code="citizen_id_format",
            params={"value": raw},
        )
    if int(text[:3]) not in _province_prefixes():
        raise ValidationError(
            _("The first three digits %(prefix)s are not a province code."),
            code="citizen_id_province",
            params={"prefix": text[:3]},
        )
    year = 1900 + 100 * (int(text[3]) // 2) + int(text[4:6])
    current_year = (today or date.today()).year
    if year > current_year or year < current_year - 130:
        raise ValidationError(
            _("The year of birth in this number (%(year)d) is not possible."),
            code="citizen_id_year",
            params={"year": year},
        )
    return text
