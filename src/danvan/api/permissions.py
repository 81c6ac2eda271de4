"""DRF permission classes over the project's rules: the API grants nothing the staff
pages would not."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from danvan.accounts.selectors import has_staff_role


class IsOfficial(BasePermission):
    """Signed in and holding a staff role on some agency; what the user then sees is
    limited to the units their roles reach (see ``danvan.api.selectors``)."""

    message = _("Only officials with a role on an agency may read this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and has_staff_role(request.user))
