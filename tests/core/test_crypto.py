"""Encryption of personal data at rest: round trip, digests, key rotation, bad keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from danvan.accounts.models import User
from danvan.accounts.services import create_user
from danvan.core import crypto
from danvan.core.crypto import decrypt, encrypt, lookup_digest, lookup_digests, rotate
from danvan.core.env import ConfigurationError

CITIZEN_ID = "001099012345"


@contextmanager
def field_keys(*keys: str) -> Iterator[None]:
    """Run with ``DANVAN_FIELD_KEYS`` set to ``keys``, clearing the cipher cache around it."""
    crypto._fernet.cache_clear()
    try:
        with override_settings(DANVAN_FIELD_KEYS=list(keys)):
            yield
    finally:
        crypto._fernet.cache_clear()


def new_key() -> str:
    return Fernet.generate_key().decode()


def raw_citizen_id(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_id FROM accounts_user WHERE id = %s", [user.pk])
        (value,) = cursor.fetchone()
    return value


def make_citizen(citizen_id: str = CITIZEN_ID, phone: str = "0912000001") -> User:
    return create_user(
        actor=None,
        phone=phone,
        full_name="Trần Thị Dân",
        citizen_id=citizen_id,
        password=None,
    )


@pytest.mark.django_db
class TestEncryptedField:
    def test_round_trip_through_the_database(self) -> None:
        user = make_citizen()

        reloaded = User.objects.get(pk=user.pk)

        assert reloaded.citizen_id == CITIZEN_ID

    def test_database_column_holds_ciphertext_not_clear_text(self) -> None:
        user = make_citizen()

        stored = raw_citizen_id(user)

        assert stored.startswith("enc1:")
        assert CITIZEN_ID not in stored
        assert decrypt(stored) == CITIZEN_ID

    def test_empty_value_is_stored_as_empty(self) -> None:
        user = create_user(actor=None, phone="0912000002", full_name="Không Số")

        assert raw_citizen_id(user) == ""
        assert User.objects.get(pk=user.pk).citizen_id == ""

    def test_update_is_encrypted_too(self) -> None:
        user = create_user(actor=None, phone="0912000003", full_name="Lê Văn Sửa")
        user.citizen_id = "079203012345"
        user.save()

        stored = raw_citizen_id(user)
        assert stored.startswith("enc1:")
        assert "079203012345" not in stored
        assert User.objects.get(pk=user.pk).citizen_id == "079203012345"


class TestEncryptDecrypt:
    def test_same_value_encrypts_differently_each_time(self) -> None:
        first, second = encrypt(CITIZEN_ID), encrypt(CITIZEN_ID)
        assert first != second
        assert decrypt(first) == decrypt(second) == CITIZEN_ID

    def test_unicode_round_trip(self) -> None:
        assert decrypt(encrypt("Nguyễn Thị Hoà")) == "Nguyễn Thị Hoà"

    def test_decrypt_refuses_clear_text(self) -> None:
        with pytest.raises(ValueError, match="not encrypted"):
            decrypt(CITIZEN_ID)

    def test_token_from_an_unknown_key_is_a_configuration_error(self) -> None:
        token = encrypt(CITIZEN_ID)
        with field_keys(new_key()), pytest.raises(ConfigurationError, match="DANVAN_FIELD_KEY"):
            decrypt(token)

    def test_tampered_token_is_refused(self) -> None:
        token = encrypt(CITIZEN_ID)
        tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
        with pytest.raises(ConfigurationError):
            decrypt(tampered)


class TestLookupDigest:
    def test_stable_for_the_same_value(self) -> None:
        assert lookup_digest(CITIZEN_ID) == lookup_digest(CITIZEN_ID)

    def test_different_values_differ(self) -> None:
        assert lookup_digest(CITIZEN_ID) != lookup_digest("001099012346")

    def test_is_hex_sha256_and_does_not_contain_the_value(self) -> None:
        digest = lookup_digest(CITIZEN_ID)
        assert len(digest) == 64
        int(digest, 16)
        assert CITIZEN_ID not in digest

    def test_depends_on_the_key(self) -> None:
        before = lookup_digest(CITIZEN_ID)
        with field_keys(new_key()):
            assert lookup_digest(CITIZEN_ID) != before

    def test_old_digest_still_searchable_while_a_new_key_is_put_first(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        before = lookup_digest(CITIZEN_ID)
        with field_keys(new_key(), old):
            assert lookup_digest(CITIZEN_ID) != before  # new rows use the new key
            assert before in lookup_digests(CITIZEN_ID)  # old rows are still found

    @pytest.mark.django_db
    def test_duplicate_refused_during_a_rotation(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        make_citizen(phone="0912000021")
        with field_keys(new_key(), old), pytest.raises(ValidationError) as excinfo:
            make_citizen(phone="0912000022")
        assert "citizen_id" in excinfo.value.message_dict


class TestRotation:
    def test_old_tokens_still_decrypt_after_a_new_key_is_put_first(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        token = encrypt(CITIZEN_ID)
        with field_keys(new_key(), old):
            assert decrypt(token) == CITIZEN_ID

    def test_rotated_token_decrypts_with_only_the_new_key(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        new = new_key()
        token = encrypt(CITIZEN_ID)
        with field_keys(new, old):
            rotated = rotate(token)
        assert rotated.startswith("enc1:")
        assert rotated != token

        with field_keys(new):
            assert decrypt(rotated) == CITIZEN_ID
            with pytest.raises(ConfigurationError):
                decrypt(token)  # the old token needs the retired key

    def test_new_values_are_encrypted_with_the_first_key(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        new = new_key()
        with field_keys(new, old):
            token = encrypt(CITIZEN_ID)
        with field_keys(new):
            assert decrypt(token) == CITIZEN_ID

    @pytest.mark.django_db
    def test_stored_rows_read_during_rotation(self) -> None:
        old = settings.DANVAN_FIELD_KEYS[0]
        user = make_citizen()
        with field_keys(new_key(), old):
            assert User.objects.get(pk=user.pk).citizen_id == CITIZEN_ID

    @pytest.mark.django_db
    def test_duplicate_citizen_id_still_found_after_old_key_is_retired(self) -> None:
        """After ``rotate-field-key`` the old key can go: values and digests are re-keyed."""
        old = settings.DANVAN_FIELD_KEYS[0]
        new = new_key()
        user = make_citizen(phone="0912000011")
        with field_keys(new, old):
            call_command("rotate_field_key", stdout=StringIO())
        with field_keys(new):
            assert User.objects.get(pk=user.pk).citizen_id == CITIZEN_ID  # rotation done
            with connection.cursor() as cursor:
                cursor.execute("SELECT citizen_id FROM accounts_user WHERE id = %s", [user.pk])
                stored = cursor.fetchone()[0]
            assert decrypt_with_only(new, stored) == CITIZEN_ID
            with pytest.raises(ValidationError) as excinfo:
                make_citizen(phone="0912000012")
        assert "citizen_id" in excinfo.value.message_dict


def decrypt_with_only(key: str, token: str) -> str:
    return Fernet(key.encode()).decrypt(token.removeprefix("enc1:").encode()).decode()


class TestBadKeys:
    @pytest.mark.parametrize("bad", ["notakey", "", "a" * 44, "ZGFudmFu"])
    def test_encrypt_with_a_malformed_key_is_a_clear_configuration_error(self, bad: str) -> None:
        with field_keys(bad), pytest.raises(ConfigurationError) as excinfo:
            encrypt(CITIZEN_ID)
        message = str(excinfo.value)
        assert "DANVAN_FIELD_KEY" in message
        assert "base64" in message

    def test_one_bad_key_among_good_ones_is_refused(self) -> None:
        with field_keys(new_key(), "notakey"), pytest.raises(ConfigurationError):
            encrypt(CITIZEN_ID)

    def test_lookup_digest_with_a_malformed_key_is_a_configuration_error(self) -> None:
        with field_keys("notakey"), pytest.raises(ConfigurationError, match="DANVAN_FIELD_KEY"):
            lookup_digest(CITIZEN_ID)

    @pytest.mark.django_db
    def test_create_user_with_a_malformed_key_is_a_configuration_error(self) -> None:
        with field_keys("notakey"), pytest.raises(ConfigurationError, match="DANVAN_FIELD_KEY"):
            make_citizen()
        assert not User.objects.exists()
