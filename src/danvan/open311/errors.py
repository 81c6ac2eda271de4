"""The one error that Open311 views answer with, in the standard's own format."""

from __future__ import annotations


class Open311Error(Exception):
    """Answered as a list of ``{code, description}``. The HTTP status is the code the
    errors share, or 400 when they differ (a missing field and an unknown service)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def of(cls, status: int, *descriptions: str) -> Open311Error:
        return cls([(status, d) for d in descriptions])

    @property
    def status(self) -> int:
        codes = {code for code, _description in self.errors}
        return codes.pop() if len(codes) == 1 else 400
