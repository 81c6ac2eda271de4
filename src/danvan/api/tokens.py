"""API keys: issue, revoke and look up. A key is 32 random bytes; only its SHA-256 digest
is stored (a fast hash is enough for a random key of that length)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api.models import ApiToken
from danvan.audit.services import record_write
from danvan.core.permissions import require_perm
from danvan.core.text import normalize_text

KEY_PREFIX = "dv_"
# last_used_at is written at most this often, so busy clients do not write on every call.
TOUCH_INTERVAL = timedelta(minutes=5)


def digest_of(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def issue_token(
    *, actor: Any, user: Any, name: str, valid_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new key for ``user``; returns the row and the key, which is never shown again."""
    require_perm(actor, "api.issue_token", user, message=_("You may not issue keys for this user."))
    name = normalize_text(name)
    if not name:
        raise ValidationError({"name": _("Give the key a name, e.g. the program that uses it.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name is too long (at most 100 characters).")})
    if valid_days is not None and not 1 <= valid_days <= 3650:
        raise ValidationError({"valid_days": _("A key is valid for 1 to 3650 days.")})
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        digest=digest_of(raw),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    record_write(
        actor=actor,
        action="api.issue_token",
        target=token,
        after={"user": user.pk, "name": name, "prefix": token.prefix, "valid_days": valid_days},
    )
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    require_perm(
        actor, "api.issue_token", token.user, message=_("You may not revoke this user's keys.")
    )
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_write(
            actor=actor, action="api.revoke_token", target=token, after={"prefix": token.prefix}
        )
    return token


def token_for_key(raw_key: str | None) -> ApiToken | None:
    """The usable token for a presented key, or None (unknown, revoked, expired, or its
    user is inactive). Marks it used."""
    if not raw_key or not raw_key.startswith(KEY_PREFIX) or len(raw_key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(raw_key), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
