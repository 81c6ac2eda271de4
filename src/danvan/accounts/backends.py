from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from danvan.accounts.selectors import user_by_login


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number (any common Vietnamese format) or an e-mail address."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or not password:
            return None
        user = user_by_login(username)
        if user is None:
            # Run the hasher anyway so timing does not reveal which accounts exist.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
