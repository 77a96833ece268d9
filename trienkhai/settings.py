"""Settings for Triển Khai, read from the environment.

Every variable is listed in `.env.example`. With nothing set, the app runs in
development mode on SQLite under `var/`. Production sets `TK_DEBUG=0`,
`TK_SECRET_KEY`, `TK_ALLOWED_HOSTS` and `DATABASE_URL`.
"""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def envbool(name, default):
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.getenv(name, default))


def envdate(name):
    value = os.getenv(name, "").strip()
    return datetime.date.fromisoformat(value) if value else None


def envlist(name, default=""):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("TK_DEBUG", "1")
VAR_DIR = Path(os.getenv("TK_VAR_DIR", BASE_DIR / "var"))

# Development falls back to a fixed key; production must set its own.
SECRET_KEY = os.getenv("TK_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("TK_SECRET_KEY must be set when TK_DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = envlist("TK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("TK_CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.getenv("TK_SITE_NAME", "Triển Khai")
# The address users open the system at, for links in e-mails (no trailing slash).
TK_SITE_URL = os.getenv("TK_SITE_URL", "http://127.0.0.1:8000")

# The day the system takes as today (core/clock.py), YYYY-MM-DD; empty in production.
# `make demo` sets a day of December 2021, the time of the Thanh Hóa scenario.
TK_TODAY = envdate("TK_TODAY")

# Weights of the signals of the risk list, "where to inspect next" (oversight/risk.py): a
# unit's score is the sum of each signal's count times its weight; 0 switches one off.
# TK_RISK_WEIGHTS in the environment (JSON, e.g. {"copied": 3}) changes some of them.
TK_RISK_WEIGHTS = {
    "plan_missing": 3,
    "plan_late": 1,
    "report_missing": 2,
    "report_late": 1,
    "report_returned": 1,
    "copied": 2,
    "stalled": 1,
    "study_low": 2,
    "study_implausible": 2,
    "rec_open": 1,
    "rec_overdue": 2,
} | json.loads(os.getenv("TK_RISK_WEIGHTS") or "{}")

# Thresholds of the scorecards (dashboards/scorecard.py), stated on the page: a measure
# is green at or beyond "green", amber at or beyond "amber", red below (for measures
# where less is better, "lower": true turns the comparison round). Percentages.
# TK_SCORECARD_THRESHOLDS in the environment (JSON, e.g. {"reports_on_time": {"green": 95}})
# changes some of them.
TK_SCORECARD_THRESHOLDS = json.loads(os.getenv("TK_SCORECARD_THRESHOLDS") or "{}")

# Reports in the Party's format (exports/): the page margins of Word and PDF output, in
# millimetres (Hướng dẫn 36-HD/VPTW: top and bottom 20-25, left 30-35, right 15-20).
TK_REPORT_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15} | json.loads(
    os.getenv("TK_REPORT_MARGINS_MM") or "{}"
)

# The serif face of PDF reports: a folder with Regular/Bold/Italic/BoldItalic .ttf files
# (named like LiberationSerif-Regular.ttf or just Regular.ttf); empty: Debian's Liberation
# Serif 2, else Noto Serif from the fontpkg-noto-serif wheel (exports/fonts.py).
TK_REPORT_FONT_DIR = os.getenv("TK_REPORT_FONT_DIR", "")

# Background work through Django's tasks API (the django-tasks backport on 5.2). The
# database backend keeps the queue in the project's own database (SQLite embedded,
# PostgreSQL in production): `manage.py db_worker` runs it; `make demo` starts one.
# TK_TASKS_IMMEDIATE=1 runs each job inside the request instead (tests, one-off scripts).
# The hour (Hà Nội time) at which the worker sends the daily reminders.
TK_REMINDER_HOUR = int(os.getenv("TK_REMINDER_HOUR") or 7)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.getenv("TK_TASKS_IMMEDIATE") == "1"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "treebeard",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "trienkhai.core",
    "trienkhai.orgs",
    "trienkhai.accounts",
    "trienkhai.documents",
    "trienkhai.programmes",
    "trienkhai.conferences",
    "trienkhai.study",
    "trienkhai.reporting",
    "trienkhai.oversight",
    "trienkhai.dashboards",
    "trienkhai.exports",
    "trienkhai.notifications",
    "trienkhai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "trienkhai.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trienkhai.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "trienkhai.core.middleware.NullByteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
    # Innermost, so it sees a view's exception first and logs it under an id.
    "trienkhai.core.middleware.ErrorIdMiddleware",
]
# The pages load nothing from outside and run no inline script (core/static/trienkhai/
# app.js holds the few behaviours): everything from this site ('self'). Two allowances:
# style attributes, for the widths and positions of bars drawn from figures (roadmap,
# poll results), never style elements; and data: images, which the API docs' own
# stylesheet uses for its icons.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CSRF_FAILURE_VIEW = "trienkhai.core.views.csrf_failure"

ROOT_URLCONF = "trienkhai.urls"
WSGI_APPLICATION = "trienkhai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trienkhai.core.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ when DATABASE_URL is not set; PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'trienkhai.sqlite3'}",
        conn_max_age=envint("TK_DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; the timeout waits for the lock.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = envint("TK_SESSION_AGE", str(8 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = envint("TK_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("TK_LOGIN_COOLOFF_MINUTES", "15") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("TK_LOGIN_THROTTLE", "1")
# ...and an address after this many failures across usernames (accounts/lockout.py).
LOGIN_ADDRESS_RATE = os.getenv("TK_LOGIN_ADDRESS_RATE", "50/hour")
# One client address for axes, the API's throttles and the open pages (core/ratelimit.py).
TK_PROXY_COUNT = envint("TK_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "trienkhai.core.ratelimit.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["trienkhai.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("TK_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic (development, tests), WhiteNoise serves from the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# The largest attached file (documents, evidence, delegate lists, imports): core/attachments.
UPLOAD_MAX_BYTES = envint("TK_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES

EMAIL_BACKEND = os.getenv("TK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("TK_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("TK_EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = os.getenv("TK_DEFAULT_FROM_EMAIL", "trienkhai@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "trienkhai.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "trienkhai.api.errors.exception_handler",
    # JSON objects only (api/parsers.py); OPTIONS says what a route allows, not its
    # fields (DRF's own would build the object and fail on routes without one).
    "DEFAULT_PARSER_CLASSES": ["trienkhai.api.parsers.ObjectJSONParser"],
    "DEFAULT_METADATA_CLASS": "trienkhai.api.parsers.RouteMetadata",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Backed by core.ratelimit.allow(), atomic under concurrency (DRF's own is not).
    "DEFAULT_THROTTLE_CLASSES": ["trienkhai.core.ratelimit.UserThrottle"],
}
TK_API_RATE = os.getenv("TK_API_RATE", "600/minute")
# The cache holds rate-limit counters and, for a moment, the bridge points of a check-in
# burst. Per process by default, sized for a conference (an entry per address and point:
# Django's default of 300 entries would evict counters mid-burst and let floods through);
# with TK_REDIS_URL, one Redis server shared by every app process, so a rate limit holds
# across processes and machines.
if os.getenv("TK_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TK_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": envint("TK_CACHE_ENTRIES", "100000")},
        }
    }
# Open check-in: per network address and bridge point (see conferences/api.py).
CHECKIN_RATE = os.getenv("TK_CHECKIN_RATE", "600/minute")

# Files of more rows than this are imported by the background worker, with progress.
IMPORT_INLINE_ROWS = envint("TK_IMPORT_INLINE_ROWS", "2000")
# The API's OpenAPI document and interactive docs are for signed-in users unless opened.
API_DOCS_PUBLIC = envbool("TK_API_DOCS_PUBLIC", "0")
# Where Django's admin answers (default admin/); empty turns it off.
ADMIN_URL = os.getenv("TK_ADMIN_URL", "admin").strip().strip("/")

SPECTACULAR_SETTINGS = {
    "TITLE": "Triển Khai API",
    "DESCRIPTION": "REST API v1, under the same unit-scoped permissions as the UI.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Units and bridge points both have a `level`, with different choices.
    "ENUM_NAME_OVERRIDES": {"PointLevelEnum": "trienkhai.conferences.models.PointLevel"},
    # Every operation documents the errors it can answer, in the API's one error shape.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "trienkhai.api.schema.add_error_responses",
    ],
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("TK_SSL_REDIRECT", "1")
    # Off only for the demo on http://127.0.0.1 (make demo); production serves HTTPS.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("TK_SECURE_COOKIES", "1")
    SECURE_HSTS_SECONDS = envint("TK_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("TK_HSTS_PRELOAD", "1")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.getenv("TK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Successful logins are not news; lock-outs and failures are logged as warnings.
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
