"""Django settings for danvan, read from the environment.

Development (``DEBUG=1``, the default for ``make run``) needs no variable at all.
Production (``DEBUG`` unset or 0) requires ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``DANVAN_FIELD_KEY``; see docs/deployment.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.csp import CSP

from danvan.core.crypto import validate_keys as validate_field_keys
from danvan.core.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("DANVAN_HOME") or Path.cwd())

DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("DANVAN_TESTING", default=False)

# Development keys are public on purpose: they only work while DEBUG is on.
_DEV_SECRET_KEY = "danvan-development-only-key-do-not-use-in-production-8f3c1e"  # noqa: S105
_DEV_FIELD_KEY = "ZGFudmFuLWRldmVsb3BtZW50LWZpZWxkLWtleS0wMDA="

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ConfigurationError(
            "Thiếu SECRET_KEY ở chế độ vận hành (DEBUG=0). Tạo khóa bằng lệnh "
            "`danvan generate-secrets` và đặt vào biến môi trường SECRET_KEY "
            "(SECRET_KEY is required in production)."
        )
    SECRET_KEY = _DEV_SECRET_KEY

# Keys for encrypted fields; the first encrypts, all decrypt (rotation).
DANVAN_FIELD_KEYS = env_list("DANVAN_FIELD_KEY", [])
if not DANVAN_FIELD_KEYS:
    if not (DEBUG or TESTING):
        raise ConfigurationError(
            "Thiếu DANVAN_FIELD_KEY (khóa mã hóa dữ liệu cá nhân) ở chế độ vận hành. "
            "Tạo khóa bằng `danvan generate-secrets` (DANVAN_FIELD_KEY is required in production)."
        )
    DANVAN_FIELD_KEYS = [_DEV_FIELD_KEY]
validate_field_keys(DANVAN_FIELD_KEYS)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
if not ALLOWED_HOSTS:
    raise ConfigurationError(
        "Thiếu ALLOWED_HOSTS ở chế độ vận hành, ví dụ ALLOWED_HOSTS=danvan.example.gov.vn "
        "(ALLOWED_HOSTS is required in production)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust.
DANVAN_TRUSTED_PROXY_COUNT = env_int("DANVAN_TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "danvan.core",
    "danvan.audit",
    "danvan.units",
    "danvan.accounts",
    "danvan.calendar",
    "danvan.deadlines",
    "danvan.documents",
    "danvan.reception",
    "danvan.petitions",
    "danvan.notifications",
    "danvan.satisfaction",
    "danvan.decisions",
    "danvan.disclosures",
    "danvan.boards",
    "danvan.dialogues",
    "danvan.mediation",
    "danvan.compliance",
    "danvan.consultations",
    "danvan.dedup",
    "danvan.topics",
    "danvan.cases",
    "danvan.hotspots",
    "danvan.figures",
    "danvan.reports",
    "danvan.exports",
    "danvan.portal",
    "danvan.api",
    "danvan.open311",
    "danvan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a fresh nonce per response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "danvan.web.headers.PermissionsPolicyMiddleware",
    # The app serves its own vendored assets: no CDN, works on closed networks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.web.middleware.VietnameseFirstLocaleMiddleware",
    # A 503 page (not a 500) while the database is down or restarting.
    "danvan.web.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "danvan.accounts.middleware.StaffTwoFactorMiddleware",
    "danvan.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.notifications.context.unread_notifications",
                "danvan.accounts.context.staff_flag",
                "danvan.hotspots.context.hotspot_flag",
            ],
        },
    },
]

_default_sqlite = BASE_DIR / "var" / "danvan.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    _default_sqlite.parent.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{_default_sqlite}"
DATABASES = {"default": parse_database_url(DATABASE_URL)}
# Connections are kept for CONN_MAX_AGE seconds (60, from parse_database_url) and checked
# before reuse, so a database restart costs a reconnect rather than a failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while a worker writes; IMMEDIATE avoids
        # "database is locked" on write transactions that start by reading.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=10000;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ":memory:"

# Rate limits are counted in the cache. One process: memory. Several processes: the
# database ("danvan createcachetable" once), so every process sees the same counts.
_cache_kind = env_str("DANVAN_CACHE", "memory")
if _cache_kind not in ("memory", "database"):
    raise ConfigurationError(
        f"DANVAN_CACHE={_cache_kind!r} không hợp lệ: dùng memory hoặc database "
        "(invalid DANVAN_CACHE: use memory or database)."
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if _cache_kind == "memory"
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "danvan_cache"}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "danvan.accounts.backends.PhoneOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash many passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:staff-home"
LOGOUT_REDIRECT_URL = "web:home"

# Sessions end after inactivity; staff sessions are short.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("DANVAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "danvan.accounts.throttle.username_key"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("DANVAN_LOGIN_THROTTLE", default=True)
AXES_VERBOSE = False

# A running period counts as "near due" this many working days before its end.
DANVAN_NEAR_DUE_WORKING_DAYS = env_int("DANVAN_NEAR_DUE_WORKING_DAYS", default=5)
# A case family (vụ việc) is prolonged (kéo dài) when open longer than this many days, or
# repeated more than this many times; mass (đông người) from this many signers/visitors.
DANVAN_CASE_PROLONGED_DAYS = env_int("DANVAN_CASE_PROLONGED_DAYS", default=180)
DANVAN_CASE_PROLONGED_REPEATS = env_int("DANVAN_CASE_PROLONGED_REPEATS", default=2)
DANVAN_CASE_MASS_PEOPLE = env_int("DANVAN_CASE_MASS_PEOPLE", default=5)
# Intake searches one in-memory index of every petition per process; tests build a small
# one per search instead, since their rows come and go.
DANVAN_DEDUP_SHARED_INDEX = env_bool("DANVAN_DEDUP_SHARED_INDEX", default=not TESTING)
# Hotspot score above which a province without its own threshold is alerted (0: only
# provinces that set one).
DANVAN_HOTSPOT_DEFAULT_THRESHOLD = env_int("DANVAN_HOTSPOT_DEFAULT_THRESHOLD", default=0)
# Open311 POSTs one API key may make in an hour (a key often relays many citizens).
DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR = env_int("DANVAN_OPEN311_REQUESTS_PER_KEY_HOUR", default=500)
DANVAN_REQUIRE_STAFF_2FA = env_bool("DANVAN_REQUIRE_STAFF_2FA", default=True)
OTP_TOTP_ISSUER = "danvan"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["danvan.formats"]

STATIC_URL = "/static/"
# collectstatic target in production; unset in development so WhiteNoise uses the finders.
STATIC_ROOT = (
    None if DEBUG or TESTING else Path(env_str("DANVAN_STATIC_ROOT") or BASE_DIR / "var" / "static")
)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DANVAN_MEDIA_ROOT") or BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if TESTING:
    _email_backend = "django.core.mail.backends.locmem.EmailBackend"
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", default=25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", default=20),
    }
    if _email_options["use_tls"] and _email_options["use_ssl"]:
        raise ConfigurationError("Chỉ bật một trong hai: EMAIL_USE_TLS hoặc EMAIL_USE_SSL.")
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "danvan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Pages load only the app's own vendored assets; the few inline scripts and styles carry
# the response's nonce. No 'unsafe-inline' or 'unsafe-eval' anywhere (docs/security.md).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    # data: for the QR code of the authenticator setup and the empty favicon.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Browser features pages may use: the portal's location button only (web/headers.py).
DANVAN_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    **{
        feature: []
        for feature in (
            "camera",
            "microphone",
            "payment",
            "usb",
            "serial",
            "bluetooth",
            "midi",
            "display-capture",
            "accelerometer",
            "gyroscope",
            "magnetometer",
        )
    },
}
# htmx reads the CSRF token from the page (hx-headers), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# --- Notifications to citizens (docs/notifications.md) ---------------------------------
# Channels tried for every message, each reaching those it has an address for: built-in
# names (email, sms, zalo) or the dotted path of a danvan.notifications.channels.Channel.
DANVAN_NOTIFICATION_CHANNELS = env_list("DANVAN_NOTIFICATION_CHANNELS", ["email", "sms"])
# The public site as citizens reach it: messages link to /cong-dan/tra-cuu/<code>/ there.
DANVAN_PUBLIC_URL = env_str("DANVAN_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# SMS backend: "http" (a gateway; sends nothing until DANVAN_SMS_GATEWAY_URL is set),
# "console" (the log, for development), "locmem" (memory, for tests) or a dotted path.
DANVAN_SMS_BACKEND = (
    "locmem" if TESTING else env_str("DANVAN_SMS_BACKEND", "console" if DEBUG else "http")
)
DANVAN_SMS_GATEWAY_URL = env_str("DANVAN_SMS_GATEWAY_URL")
DANVAN_SMS_GATEWAY_TOKEN = env_str("DANVAN_SMS_GATEWAY_TOKEN")
# The header that carries the token; "Authorization" sends "Bearer <token>".
DANVAN_SMS_GATEWAY_AUTH_HEADER = env_str("DANVAN_SMS_GATEWAY_AUTH_HEADER", "Authorization")
DANVAN_SMS_GATEWAY_FORMAT = env_str("DANVAN_SMS_GATEWAY_FORMAT", "json")  # json | form
DANVAN_SMS_GATEWAY_TIMEOUT = env_int("DANVAN_SMS_GATEWAY_TIMEOUT", default=10)  # seconds
# How the gateway wants numbers: e164 (+84912…), international (84912…), national (0912…).
DANVAN_SMS_NUMBER_FORMAT = env_str("DANVAN_SMS_NUMBER_FORMAT", "e164")
DANVAN_SMS_SENDER = env_str("DANVAN_SMS_SENDER")  # the brand name registered with the gateway
# Zalo Official Account (ZNS): a stub that never calls Zalo in this version.
DANVAN_ZALO_ENABLED = env_bool("DANVAN_ZALO_ENABLED", default=False)
DANVAN_ZALO_OA_TOKEN = env_str("DANVAN_ZALO_OA_TOKEN")
DANVAN_ZALO_TEMPLATE_ID = env_str("DANVAN_ZALO_TEMPLATE_ID")
for _name, _value, _allowed in (
    ("DANVAN_SMS_GATEWAY_FORMAT", DANVAN_SMS_GATEWAY_FORMAT, ("json", "form")),
    ("DANVAN_SMS_NUMBER_FORMAT", DANVAN_SMS_NUMBER_FORMAT, ("e164", "international", "national")),
):
    if _value not in _allowed:
        raise ConfigurationError(
            f"{_name}={_value!r} không hợp lệ: dùng {' / '.join(_allowed)} (invalid {_name})."
        )
for _name, _value in (
    ("DANVAN_PUBLIC_URL", DANVAN_PUBLIC_URL),
    ("DANVAN_SMS_GATEWAY_URL", DANVAN_SMS_GATEWAY_URL),
):
    if _value and not _value.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"{_name}={_value!r} phải bắt đầu bằng http:// hoặc https:// (must be an http(s) URL)."
        )

# REST API (/api/v1/): keys or sessions, read-only, JSON only; see docs/api.md.
_API_RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def _api_rate(name: str, default: str) -> str:
    value = env_str(name) or default
    count, _slash, period = value.partition("/")
    if not (count.isascii() and count.isdigit() and period in _API_RATE_PERIODS):
        raise ConfigurationError(
            f"{name} không hợp lệ: {value!r}; ví dụ 1000/hour hoặc 60/minute "
            f"(expected requests per second, minute, hour or day)."
        )
    return value


DANVAN_API_RATE_USER = _api_rate("DANVAN_API_RATE_USER", "2000/hour")
DANVAN_API_RATE_ANON = _api_rate("DANVAN_API_RATE_ANON", "200/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "danvan.api.authentication.BearerTokenAuthentication",
        "danvan.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "danvan.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "danvan.api.throttling.AccountRateThrottle",
        "danvan.api.throttling.AddressRateThrottle",
    ],
    # Tests share one process and one cache; the rate-limit test sets its own rates.
    "DEFAULT_THROTTLE_RATES": {
        "user": "1000000/minute" if TESTING else DANVAN_API_RATE_USER,
        "anon": "1000000/minute" if TESTING else DANVAN_API_RATE_ANON,
    },
    "EXCEPTION_HANDLER": "danvan.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "danvan.api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danvan API",
    "DESCRIPTION": (
        "API chỉ đọc của danvan: đơn vị hành chính, cơ quan, lĩnh vực, thời hạn luật định "
        "(công khai); đơn thư, buổi tiếp công dân và số liệu thống kê (cán bộ, trong phạm "
        "vi được giao). Read-only API: units, agencies, categories and statutory deadlines "
        "are public; petitions, reception sessions and statistics need an official's key "
        "(`Authorization: Bearer <key>`) and are limited to the units the official's roles "
        'reach. Every error has the shape {"error": {"code", "message", "fields"}}.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # Swagger UI from the vendored sidecar package: no CDN, works on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "status"; name each choice set after its class.
    "ENUM_NAME_OVERRIDES": {
        "UnitSchemeEnum": "danvan.units.models.UnitScheme",
        "UnitLevelEnum": "danvan.units.models.UnitLevel",
        "UnitKindEnum": "danvan.units.models.UnitKind",
        "AgencyKindEnum": "danvan.units.models.AgencyKind",
        "PetitionKindEnum": "danvan.petitions.models.PetitionKind",
        "PetitionStatusEnum": "danvan.petitions.models.Status",
        "ChannelEnum": "danvan.petitions.models.Channel",
        "OutcomeEnum": "danvan.petitions.models.Outcome",
        "ClockKindEnum": "danvan.petitions.models.ClockKind",
        "ClockStateEnum": "danvan.petitions.models.ClockState",
        "SessionKindEnum": "danvan.reception.models.SessionKind",
    },
}

# Personal data (docs/personal-data.md). Days after a record ended before `danvan
# apply-retention` anonymises the people in it (0: never); the defaults are long on
# purpose until each period is confirmed against the archives schedule.
DANVAN_RETENTION_DAYS = {
    code: env_int(f"DANVAN_RETENTION_{code.upper()}_DAYS", default=days)
    for code, days in {
        "petition": 15 * 365,
        "visit": 15 * 365,
        "household": 5 * 365,
        "board_member": 5 * 365,
        "mediation_case": 10 * 365,
        "mediator": 5 * 365,
        "meeting_question": 5 * 365,
        "consultation_comment": 5 * 365,
        "sender_hash": 90,
        "comment_sender_hash": 90,
    }.items()
}
# Whether the daily worker task runs the retention job after the deadline watch.
DANVAN_RETENTION_DAILY = env_bool("DANVAN_RETENTION_DAILY", default=True)
DANVAN_RETENTION_BATCH = env_int("DANVAN_RETENTION_BATCH", default=1000)
# The same official opening the same person's record again within this many minutes is
# not logged again (0: log every access).
DANVAN_PERSONAL_READ_LOG_MINUTES = env_int("DANVAN_PERSONAL_READ_LOG_MINUTES", default=10)
