"""Putokaz settings: one module, driven by environment variables (see README)."""

import os
import secrets
import time
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PUTOKAZ_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else a key kept in var/ (single-office and demo)."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of several processes starting at once, one writes the key, the rest read it.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            key = key_file.read_text().strip()
            if key:
                return key
            time.sleep(0.01)
        raise RuntimeError(f"{key_file} is empty") from None
    key = secrets.token_urlsafe(64)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


DEBUG = env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "rules",
    "simple_history",
    "axes",
    "django_tasks_db",
    "putokaz.core",
    "putokaz.geo",
    "putokaz.audit",
    "putokaz.accounts",
    "putokaz.directory",
    "putokaz.people",
    "putokaz.cases",
    "putokaz.protection",
    "putokaz.trafficking",
    "putokaz.abuse",
    "putokaz.crisis",
    "putokaz.referrals",
    "putokaz.notifications",
    "putokaz.rights",
    "putokaz.trainings",
    "putokaz.reports",
    "putokaz.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "putokaz.core.middleware.LanguageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "putokaz.core.context_processors.site",
                "putokaz.accounts.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "putokaz.core.templatetags.putokaz"],
        },
    }
]

# Database: DATABASE_URL picks it; the embedded default is SQLite under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'putokaz.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' queries are short. PostgreSQL's JIT compiler starts on plans it estimates
    # as large and then spends 0.2-1.6 s compiling queries that run in 30-100 ms
    # (benchmarks/casework.py, a million people): off for the application's connections.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a password-reset link stays valid for two hours
INVITATION_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link for three days
PASSWORD_RESET_LIMIT = (3, 60 * 60)  # at most 3 reset e-mails per address per hour

# Failed sign-ins: five tries per account and address, then a 15-minute pause.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form posts the e-mail address as "username"
AXES_USERNAME_CALLABLE = "putokaz.core.client.sign_in_name"
AXES_CLIENT_IP_CALLABLE = "putokaz.core.client.client_ip"

SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and env_bool("HTTPS"))
SESSION_COOKIE_SECURE = env_bool("HTTPS")
CSRF_COOKIE_SECURE = env_bool("HTTPS")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Behind reverse proxies: how many, so the client's address and the scheme can be trusted.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Languages: Serbian Latin is the default; Serbian Cyrillic is derived from it
# by transliteration where no Cyrillic text exists. Django has no Romani locale.
LANG_INFO.update(
    {
        "sr-cyrl": {
            "bidi": False,
            "code": "sr-cyrl",
            "name": "Serbian (Cyrillic)",
            "name_local": "српски (ћирилица)",
        },
        "rom": {"bidi": False, "code": "rom", "name": "Romani", "name_local": "romani čhib"},
    }
)
LANGUAGE_CODE = "sr-latn"
LANGUAGES = [
    ("sr-latn", _("Serbian (Latin)")),
    ("sr-cyrl", _("Serbian (Cyrillic)")),
    ("rom", _("Romani")),
    ("sq", _("Albanian")),
    ("de", _("German")),
    ("en", _("English")),
]
LANGUAGE_COOKIE_NAME = "putokaz_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["putokaz.core.formats"]
TIME_ZONE = "Europe/Belgrade"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "sr-latn"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sr-latn",)

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# The guide's map: Leaflet is served from static/vendor; the background tiles come from
# PUTOKAZ_MAP_TILES (an XYZ URL template; OpenStreetMap's by default, empty for none) with
# its attribution. Without tiles the map still shows the places, and the list below it.
PUTOKAZ_MAP_TILES = os.environ.get(
    "PUTOKAZ_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
PUTOKAZ_MAP_ATTRIBUTION = os.environ.get(
    "PUTOKAZ_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

# Production (STATIC_MANIFEST=1, after `collectstatic`): hashed, compressed files served
# by WhiteNoise. Otherwise (demo, tests, development) files come from the finders.
_manifest = env_bool("STATIC_MANIFEST")
# Attachments of case files: outside the web root, never served by URL, only through
# the views that check the reader's rights (see putokaz/core/uploads.py).
ATTACHMENTS_DIR = Path(os.environ.get("PUTOKAZ_ATTACHMENTS_DIR", VAR_DIR / "attachments"))
PUTOKAZ_MAX_UPLOAD_MB = int(os.environ.get("PUTOKAZ_MAX_UPLOAD_MB", "10"))
# How long break-glass access to a sealed case (trafficking, child abuse) lasts, in hours.
PUTOKAZ_BREAK_GLASS_HOURS = int(os.environ.get("PUTOKAZ_BREAK_GLASS_HOURS", "4"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_DIR, "base_url": None, "file_permissions_mode": 0o640},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _manifest

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache"
        if os.environ.get("REDIS_URL")
        else "django.core.cache.backends.locmem.LocMemCache",
        **({"LOCATION": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}),
    }
}

# E-mail goes to the console unless EMAIL_HOST names an SMTP server.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "putokaz@localhost")
# The address people open Putokaz at, for links in e-mails sent outside a request.
PUTOKAZ_SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Reports: a count under this many people is never shown (nor one that could be worked
# out from the totals shown beside it); see putokaz/reports/suppression.py.
PUTOKAZ_REPORT_MIN_CELL = int(os.environ.get("PUTOKAZ_REPORT_MIN_CELL", "5"))

# Background work (notification e-mails): run at once after the transaction commits, or,
# with TASKS_BACKEND=database, queued in the database for `putokaz db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND") == "database"
        else "django.tasks.backends.immediate.ImmediateBackend"
    }
}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS: list[str] = []

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # A personal token (`Authorization: Token …`; first, so that a call without one is
    # answered 401 with a WWW-Authenticate header) or a browser session with its CSRF check.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Least privilege: every endpoint needs a signed-in user unless it says otherwise (HSDS is public).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "putokaz.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Putokaz API",
    "DESCRIPTION": (
        "People, households, cases and referrals of a social-protection network. Every endpoint applies "
        "the same permission rules as the pages; every record read is written to the access log."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "putokaz.cases.models.Status",
        "GoalStatusEnum": "putokaz.cases.models.Goal.Status",
        "PlanActionStatusEnum": "putokaz.cases.models.PlanAction.Status",
        "DocumentStatusEnum": "putokaz.people.models.IdentityDocument.Status",
        "DocumentKindEnum": "putokaz.people.models.IdentityDocument.Kind",
        "MigrationKindEnum": "putokaz.people.models.MigrationProfile.Kind",
        "AssessmentKindEnum": "putokaz.cases.models.Assessment.Kind",
        "EventKindEnum": "putokaz.cases.models.CaseEvent.Kind",
        "RelationshipEnum": "putokaz.people.models.Relationship",
        "LifeDomainEnum": "putokaz.cases.models.LifeDomain",
        "UrgencyEnum": "putokaz.cases.models.Urgency",
        "ReferralStatusEnum": "putokaz.referrals.models.Status",
        "ConsentByEnum": "putokaz.referrals.models.ConsentBy",
        "ConsentMethodEnum": "putokaz.referrals.models.ConsentMethod",
        "SharedSectionEnum": "putokaz.referrals.models.Section",
        "SexEnum": "putokaz.people.models.Sex",
        "ParticipantSexEnum": "putokaz.trainings.models.Sex",
        "TrainingKindEnum": "putokaz.trainings.models.Kind",
        "CrisisChannelEnum": "putokaz.crisis.models.Channel",
        "CrisisKindEnum": "putokaz.crisis.models.CrisisKind",
        "CrisisRiskEnum": "putokaz.crisis.models.Risk",
        "CrisisResponseKindEnum": "putokaz.crisis.models.ResponseKind",
        "CrisisOutcomeEnum": "putokaz.crisis.models.Outcome",
        # The referrals' outcome keeps the name it had before the crisis outcome came.
        "OutcomeEnum": "putokaz.referrals.models.Outcome",
        "PlacementKindEnum": "putokaz.protection.models.PlacementKind",
        "BestInterestsAssessmentKindEnum": "putokaz.protection.models.BestInterestsAssessment.Kind",
        "BestInterestsAssessmentStatusEnum": "putokaz.protection.models.ApprovalStatus",
        "FamilyTracingStatusEnum": "putokaz.protection.models.FamilyTracing.Status",
        "AsylumMilestoneKindEnum": "putokaz.protection.models.MilestoneKind",
        "VictimStatusEnum": "putokaz.trafficking.models.VictimStatus",
        "SafetyPlanStatusEnum": "putokaz.trafficking.models.SafetyPlanItem.Status",
    },
}
