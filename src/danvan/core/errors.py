"""Errors raised by service functions; views turn them into messages for the user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["ConflictError", "PermissionDenied", "ServiceError", "ValidationError"]


class ServiceError(Exception):
    """A request that the domain refuses, with a message fit to show the user."""


class ConflictError(ServiceError):
    """Someone else changed the record first (optimistic locking)."""
