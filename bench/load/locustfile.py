"""Citizens and officers on a danvan stack (``run.py`` and ``faults.py`` start it).

Citizens (4 in 5): the home page, find their commune on the portal, and send a petition
now and then — the form, its check question answered as a person would, the idempotency
key the form carries — then follow it with the tracking code. Each simulated sending
comes from its own address (``X-Forwarded-For`` as a load balancer would set it): the
portal allows ten petitions an hour per address, and hundreds of citizens do not share
one. Officers (1 in 5) sign in with the second factor and work: the queue, a petition,
statistics, the dashboard of their unit.

Environment: LOAD_SCENARIO (the JSON from accounts.py), LOAD_ACK_FILE (acknowledged
tracking codes are appended there), LOAD_EVENTS_FILE (optional: one line per request,
for the fault scenario's timeline).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import os
import random
import re
import struct
import threading
import time
from typing import Any

import urllib3
from locust import HttpUser, between, events, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # our own certificate

SCENARIO: dict[str, Any] = json.loads(open(os.environ["LOAD_SCENARIO"]).read())  # noqa: SIM115
ACK_FILE = os.environ.get("LOAD_ACK_FILE", "acknowledged.txt")
EVENTS_FILE = os.environ.get("LOAD_EVENTS_FILE", "")

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="(key|challenge)" value="([^"]+)"')
QUESTION = re.compile(r'id="id_answer_help">([^<]+)<')
PETITION_LINK = re.compile(r'href="/staff/petitions/(\d+)/"')
SENT = re.compile(r"/cong-dan/da-gui/([^/]+)/$")
FORM_ERROR = re.compile(r'<p class="error">([^<]*)</p>')
NUMBER_WORDS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]

_lock = threading.Lock()
_acknowledged: list[str] = []
_officer_numbers = itertools.count()
_address_numbers = itertools.count(1)


def new_address() -> str:
    n = next(_address_numbers)
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def acknowledge(code: str) -> None:
    with _lock:
        _acknowledged.append(code)
        with open(ACK_FILE, "a") as out:
            out.write(code + "\n")


def answer(question: str) -> str:
    """Read "Bảy cộng ba bằng mấy?" as a person would."""
    words = re.findall(r"\w+", html.unescape(question).lower())
    numbers = [NUMBER_WORDS.index(w) for w in words if w in NUMBER_WORDS]
    return str(sum(numbers[:2]))


def totp(hex_key: str, at: float | None = None) -> str:
    """RFC 6238 with django-otp's defaults: SHA-1, 30 s steps, 6 digits."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


if EVENTS_FILE:
    _events = open(EVENTS_FILE, "a", buffering=1)  # noqa: SIM115 - open for the whole run

    @events.request.add_listener
    def _record(
        request_type: str,
        name: str,
        response_time: float,
        response: Any,
        exception: Any,
        **_: Any,
    ) -> None:
        status = getattr(response, "status_code", 0) or 0
        kind = ""
        if exception is not None and not status:
            kind = type(exception).__name__
        elif status >= 500:
            body = response.text or ""
            kind = "page-vi" if 'lang="vi"' in body and "Traceback" not in body else "other-page"
            if response.headers.get("Retry-After"):
                kind += "+retry-after"
        with _lock:
            _events.write(
                json.dumps(
                    [round(time.time(), 3), request_type, name, status, round(response_time), kind]
                )
                + "\n"
            )


class DanvanUser(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.client.verify = False
        self.address = new_address()
        self.client.headers["X-Forwarded-For"] = self.address
        self.client.headers["User-Agent"] = "danvan-load"

    def problem(self, name: str, what: str) -> None:
        """Count a page that answered but not as a person would expect, as a failure."""
        self.environment.events.request.fire(
            request_type="CHECK",
            name=name,
            response_time=0,
            response_length=0,
            response=None,
            context={},
            exception=RuntimeError(what),
        )

    def post_form(self, path: str, data: dict[str, str], name: str) -> Any:
        return self.client.post(
            path,
            data=data,
            name=name,
            allow_redirects=False,
            # Django checks the Referer of HTTPS form posts.
            headers={"Referer": f"{self.host}{path}"},
        )


class Citizen(DanvanUser):
    weight = 4
    wait_time = between(3, 9)

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="citizen: home")

    @task(3)
    def find_commune(self) -> None:
        commune = random.choice(SCENARIO["communes"])
        query = commune["name"].split(" ", 1)[-1]
        self.client.get("/cong-dan/", params={"q": query}, name="citizen: find commune")

    @task(1)
    def browse_provinces(self) -> None:
        self.client.get("/cong-dan/tinh-thanh/", name="citizen: provinces")

    @task(2)
    def send_petition(self) -> None:
        # A new citizen each time, from their own connection.
        self.client.headers["X-Forwarded-For"] = new_address()
        commune = random.choice(SCENARIO["communes"])
        path = f"/cong-dan/gui/{commune['code']}/"
        page = self.client.get(path, name="citizen: petition form")
        if page.status_code != 200:
            return
        text = page.text
        csrf, hidden, question = CSRF_INPUT.search(text), dict(HIDDEN.findall(text)), None
        match = QUESTION.search(text)
        if match:
            question = match.group(1)
        if not (csrf and question and "key" in hidden and "challenge" in hidden):
            self.problem("citizen: petition form", "the form lacks its fields")
            return
        n = random.randint(1, 10_000)
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "key": hidden["key"],
            "challenge": hidden["challenge"],
            "answer": answer(question),
            "kind": random.choice(["petition", "feedback", "complaint"]),
            "subject": f"Đường thôn số {n} xuống cấp, ổ gà nhiều",
            "content": (
                f"Kính gửi Ủy ban nhân dân {commune['name']}. Đoạn đường liên thôn số {n} "
                "bị sụt lún, ổ gà sâu, trời mưa ngập nước gây nguy hiểm cho học sinh đi học. "
                "Đề nghị Ủy ban kiểm tra và sửa chữa sớm. Xin cảm ơn."
            ),
            "full_name": f"Nguyễn Văn Dân {n}",
            "phone": f"0912{random.randint(100_000, 999_999)}",
            "email": f"dan{n}@example.vn",
            "address": f"Số {n}, thôn Đông",
        }
        sent = self.post_form(path, data, "citizen: send petition")
        location = sent.headers.get("Location", "")
        code = SENT.search(location)
        if sent.status_code in (302, 303) and code:
            acknowledge(code.group(1))
            self.client.get(location, name="citizen: sent page")
            self.client.get(f"/cong-dan/tra-cuu/{code.group(1)}/", name="citizen: track case")
        elif sent.status_code < 500:
            errors = "; ".join(FORM_ERROR.findall(sent.text or ""))[:200]
            self.problem(
                "citizen: send petition", f"not acknowledged ({sent.status_code}) {errors}"
            )

    @task(2)
    def track_case(self) -> None:
        with _lock:
            code = random.choice(_acknowledged) if _acknowledged else None
        if code:
            self.client.get(f"/cong-dan/tra-cuu/{code}/", name="citizen: track case")


class Officer(DanvanUser):
    weight = 1
    wait_time = between(4, 12)

    def on_start(self) -> None:
        super().on_start()
        officers = SCENARIO["officers"]
        self.account = officers[next(_officer_numbers) % len(officers)]
        self.petitions: list[str] = []
        self.signed_in = False
        self.sign_in()

    def sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="officer: sign-in form")
        csrf = CSRF_INPUT.search(page.text or "")
        if not csrf:
            return
        self.post_form(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "username": self.account["login"],
                "password": self.account["password"],
                "next": "/staff/",
            },
            "officer: sign in",
        )
        page = self.client.get("/accounts/2fa/?next=/staff/", name="officer: 2FA form")
        csrf = CSRF_INPUT.search(page.text or "")
        if not csrf:
            return
        done = self.post_form(
            "/accounts/2fa/",
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "token": totp(self.account["totp_key"]),
                "next": "/staff/",
            },
            "officer: 2FA code",
        )
        self.signed_in = done.status_code == 302 and "/accounts/" not in done.headers.get(
            "Location", ""
        )

    def ensure_signed_in(self) -> bool:
        if not self.signed_in:
            self.sign_in()
        return self.signed_in

    @task(3)
    def queue(self) -> None:
        if not self.ensure_signed_in():
            return
        page = self.client.get("/staff/petitions/", name="officer: work queue")
        if page.status_code == 200:
            self.petitions = PETITION_LINK.findall(page.text)[:20] or self.petitions

    @task(3)
    def petition(self) -> None:
        if not self.ensure_signed_in() or not self.petitions:
            return
        pk = random.choice(self.petitions)
        self.client.get(f"/staff/petitions/{pk}/", name="officer: petition page")

    @task(1)
    def statistics(self) -> None:
        if self.ensure_signed_in():
            self.client.get("/staff/petitions/statistics/", name="officer: statistics")

    @task(1)
    def dashboard(self) -> None:
        if self.ensure_signed_in():
            self.client.get(
                f"/staff/reports/unit/{self.account['unit_id']}/", name="officer: dashboard"
            )

    @task(1)
    def home(self) -> None:
        if self.ensure_signed_in():
            self.client.get("/staff/", name="officer: staff home")
