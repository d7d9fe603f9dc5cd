"""Waypoint settings: one file, driven by environment variables.

Development (the default) runs on a SQLite file with email to the console.
Production (WAYPOINT_ENV=production) refuses to start unless DEBUG is off, a real
SECRET_KEY is set and ALLOWED_HOSTS names at least one host.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEVELOPMENT_SECRET_KEY = "waypoint-development-only-not-secret"  # noqa: S105

WAYPOINT_ENV = env("WAYPOINT_ENV", "development")
PRODUCTION = WAYPOINT_ENV == "production"
DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("DEBUG is on")
    # Django's own bar (check --deploy): 50 characters or more, 5 different at least.
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append(
            "SECRET_KEY is the development default, shorter than 50 characters "
            "or has fewer than 5 different characters"
        )
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS is empty")
    if problems:
        raise ImproperlyConfigured(
            "Waypoint will not start in production: " + "; ".join(problems) + "."
        )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "waypoint.accounts",
    "waypoint.audit",
    "waypoint.participants",
    "waypoint.households",
    "waypoint.enrollments",
    "waypoint.assessments",
    "waypoint.plans",
    "waypoint.notes",
    "waypoint.directory",
    "waypoint.consent",
    "waypoint.referrals",
    "waypoint.conferences",
    "waypoint.closure",
    "waypoint.quality",
    "waypoint.portal",
    "waypoint.approvals",
    "waypoint.supervision",
    "waypoint.reports",
    "waypoint.imports",
    "waypoint.hmis",
    "django_tasks",
    "django_tasks_db",
    "waypoint.caseload",
    "waypoint.api",
    "waypoint.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waypoint.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "waypoint.portal.middleware.PortalLanguageMiddleware",
    "waypoint.accounts.second_factor.EnrolFirstMiddleware",
    "waypoint.permissions.PermissionMatrixMiddleware",
    "waypoint.assessments.handover.HandoverMiddleware",
    "waypoint.middleware.NoStoreMiddleware",
    "waypoint.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "waypoint" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waypoint.accounts.context_processors.waypoint",
            ],
            "builtins": ["waypoint.accounts.templatetags.terms"],
        },
    }
]

# Database: SQLite by default, PostgreSQL when DATABASE_URL says so.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
    ),
}
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASE_IS_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if DATABASE_IS_SQLITE:
    DATABASES["default"]["ENGINE"] = "waypoint.db.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    # Tests use a file (not :memory:) so that threads share one database.
    # (one file per process, so parallel runs never share one).
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"waypoint-test-{os.getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
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
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session ends after this many minutes without a request.
IDLE_TIMEOUT_MINUTES = envint("WAYPOINT_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# Lock-out after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = envint("WAYPOINT_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = envint("WAYPOINT_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy every connection comes from the proxy: TRUSTED_PROXY_COUNT says
# how many proxies append to X-Forwarded-For, so lock-outs and the reset limits count
# the visitor's own address (waypoint.http.client_address), not the proxy's.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "waypoint.http.client_address"
# Password reset emails: at most this many per account, and reset requests per client
# address, in any hour (counted in the default cache); over the limit nothing is sent.
PASSWORD_RESET_PER_ACCOUNT_HOUR = envint("WAYPOINT_RESET_PER_ACCOUNT_HOUR", 3)
PASSWORD_RESET_PER_ADDRESS_HOUR = envint("WAYPOINT_RESET_PER_ADDRESS_HOUR", 10)
# Codes typed at sign-in are never written to the lock-out log.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "current_code"]

# The second factor (django-otp): the name authenticator apps show for Waypoint codes.
OTP_TOTP_ISSUER = env("WAYPOINT_OTP_ISSUER", "Waypoint")

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production is HTTPS only: plain HTTP is redirected and browsers are told (HSTS) to
# use HTTPS for a year, subdomains included. Behind a reverse proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER to the header it sets to "https" (X-Forwarded-Proto), and
# make sure the proxy always sets it: Django then trusts it to know the request was
# secure. Development serves plain HTTP on 127.0.0.1.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + env("SECURE_PROXY_SSL_HEADER").strip().upper().replace("-", "_"),
        "https",
    )
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-us"
# The languages a participant's printed plan comes in (each named in itself). The
# catalogs live in waypoint/locale, compiled (.mo) in the repository.
LANGUAGES = [("en", "English"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "waypoint" / "locale"]
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "waypoint" / "static"]
# Outside production, whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Background work (directory imports). Without a worker, tasks run in the request that
# starts them; set TASKS_BACKEND=django_tasks_db.DatabaseBackend and run
# `manage.py db_worker` to run them in the background with live progress.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# Progress of background work, readable by the web processes while the worker's
# transaction is still open: a folder shared by web and worker on one machine, or
# PROGRESS_CACHE_URL (redis://…) across machines.
PROGRESS_CACHE = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("PROGRESS_CACHE_URL"),
    }
    if env("PROGRESS_CACHE_URL")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("PROGRESS_DIR", str(BASE_DIR / "var" / "progress")),
    }
)
# The default cache keeps counts that must hold across every process and host (the
# password reset limits): in production a table in the database (``migrate`` makes
# it), elsewhere the process's memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "waypoint_cache"}
        if PRODUCTION
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "progress": PROGRESS_CACHE,
}
# Signed consent forms: outside the web root, served only through the consent funnel.
PRIVATE_FILES_DIR = Path(env("PRIVATE_FILES_DIR", str(BASE_DIR / "var" / "private")))
# Uploaded HSDS files wait here until they are imported, then are deleted.
IMPORT_DIR = Path(env("IMPORT_DIR", str(BASE_DIR / "var" / "imports")))
IMPORT_MAX_BYTES = envint("IMPORT_MAX_MB", 50) * 1024 * 1024
# An HMIS CSV zip is refused when its files would unpack to more than this (zip bombs).
HMIS_IMPORT_MAX_UNPACKED_BYTES = envint("HMIS_IMPORT_MAX_UNPACKED_MB", 1024) * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Waypoint <waypoint@localhost>")

# Logs carry request ids and opaque ids, never participant data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
