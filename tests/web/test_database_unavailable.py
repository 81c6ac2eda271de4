"""While the database cannot be reached, pages answer 503 with the error page in the
user's language and a Retry-After header, and nothing half-saved is left behind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import psycopg
import psycopg.errors
import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import Client

from danvan.petitions.models import Petition
from danvan.portal.models import OnlineSubmission
from danvan.web.middleware import RETRY_AFTER_SECONDS, database_unavailable

pytestmark = pytest.mark.django_db


def refused() -> OperationalError:
    """What Django raises when PostgreSQL refuses the connection (server stopped)."""
    try:
        raise OperationalError("connection refused") from psycopg.OperationalError(
            "connection failed: Connection refused"
        )
    except OperationalError as exc:
        return exc


def shutting_down() -> OperationalError:
    """What a kept connection gets when the server restarts under it."""
    try:
        raise OperationalError("terminating connection") from psycopg.errors.AdminShutdown(
            "terminating connection due to administrator command"
        )
    except OperationalError as exc:
        return exc


def deadlock() -> OperationalError:
    try:
        raise OperationalError("deadlock detected") from psycopg.errors.DeadlockDetected(
            "deadlock detected"
        )
    except OperationalError as exc:
        return exc


def raising(error: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


def assert_unavailable_page(response: Any, language: str = "vi") -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert "Traceback" not in html
    assert "psycopg" not in html
    assert "connection refused" not in html


class TestClassification:
    @pytest.mark.parametrize(
        "error",
        [
            refused(),
            shutting_down(),
            InterfaceError("connection already closed"),
            OperationalError("database is locked"),
        ],
        ids=["refused", "admin-shutdown", "closed", "sqlite-locked"],
    )
    def test_outages(self, error: Exception) -> None:
        assert database_unavailable(error)

    @pytest.mark.parametrize(
        "error",
        [
            deadlock(),
            OperationalError("no such column: x"),
            ProgrammingError("relation does not exist"),
            ValueError("unrelated"),
            None,
        ],
        ids=["deadlock", "sqlite-bad-query", "programming", "other", "none"],
    )
    def test_bugs_and_conflicts_are_not_outages(self, error: Exception | None) -> None:
        assert not database_unavailable(error)


class TestPages:
    def test_view_that_loses_the_database(self, client: Client, tree) -> None:
        with mock.patch("danvan.portal.views.search_units", side_effect=raising(refused())):
            response = client.get("/cong-dan/", {"q": "Bắc Lý"})
        assert_unavailable_page(response)

    def test_english_when_chosen(self, client: Client, tree) -> None:
        client.cookies["django_language"] = "en"
        with mock.patch("danvan.portal.views.search_units", side_effect=raising(refused())):
            response = client.get("/cong-dan/", {"q": "Bắc Lý"})
        assert_unavailable_page(response, language="en")
        assert "briefly unavailable" in response.content.decode()

    def test_session_lost_in_middleware(self, client: Client, make_user, client_for) -> None:
        """The session is read by the middleware before any view runs."""
        signed_in = client_for(make_user())
        # As under a real server: the error is answered, not re-raised into the test.
        signed_in.raise_request_exception = False
        with mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load",
            side_effect=raising(shutting_down()),
        ):
            response = signed_in.get("/staff/")
        assert_unavailable_page(response)

    def test_connection_closed(self, client: Client, tree) -> None:
        error = InterfaceError("connection already closed")
        with mock.patch("danvan.portal.views.search_units", side_effect=raising(error)):
            response = client.get("/cong-dan/", {"q": "Bắc Lý"})
        assert_unavailable_page(response)

    def test_a_bug_stays_a_500(self, tree) -> None:
        client = Client(raise_request_exception=False)
        with mock.patch("danvan.portal.views.search_units", side_effect=raising(deadlock())):
            response = client.get("/cong-dan/", {"q": "Bắc Lý"})
        assert response.status_code == 500
        assert "Retry-After" not in response

    def test_healthz_still_answers_json(self, client: Client) -> None:
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=raising(refused()),
        ):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "database unavailable"}


class TestNoHalfSavedPetition:
    def test_submission_cut_mid_write_leaves_nothing(self, client: Client, tree) -> None:
        """The petition row is written, then the connection dies before the rest: the
        citizen gets the 503 page and no tracking code, and no row stays behind."""
        from danvan.petitions import services as petition_services

        real = petition_services.receive_petitions

        def write_then_lose(**kwargs: Any) -> Any:
            real(**kwargs)
            assert Petition.objects.exists()
            raise refused()

        page = client.get(f"/cong-dan/gui/{tree.bac_ly.code}/")
        form = page.context["form"]
        question = form.fields["answer"].help_text
        numbers = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7}
        numbers |= {"tám": 8, "chín": 9}
        words = question.lower().replace("?", " ").split()
        total = sum(numbers[w] for w in words if w in numbers)
        data = {
            "key": str(form.initial["key"]),
            "challenge": form.initial["challenge"],
            "answer": str(total),
            "kind": "petition",
            "subject": "Đèn đường hỏng",
            "content": "Đèn đường trước nhà số 12 thôn Đông hỏng đã hai tuần.",
            "full_name": "Nguyễn Thị Mai",
            "phone": "0987654321",
        }
        with mock.patch("danvan.portal.services.receive_petitions", side_effect=write_then_lose):
            response = client.post(f"/cong-dan/gui/{tree.bac_ly.code}/", data)
        assert_unavailable_page(response)
        assert not Petition.objects.exists()
        assert not OnlineSubmission.objects.exists()
