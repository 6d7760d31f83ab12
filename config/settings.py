"""Casebook settings: one module, read from environment variables (see .env.example) through the
strict readers in `config.env`.

Safe local defaults: no DATABASE_URL -> SQLite file under var/; no CELERY_BROKER_URL -> tasks run
eagerly in the web process. DEBUG is off unless asked for, and then a real SECRET_KEY is required.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import envbool, envheader, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG")
TESTING = "pytest" in sys.modules

# A local run (make run, the test suite, DEBUG) may use plain HTTP and a made-up SECRET_KEY; anything
# else is a deployment and gets the secure defaults below unless the environment turns them off.
LOCAL = DEBUG or TESTING or envbool("CASEBOOK_LOCAL")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if LOCAL:
        SECRET_KEY = "insecure-local-only-key"  # noqa: S105 (local runs only, never deployed)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.apps.OperatorAdminConfig",  # Django's admin, for superusers (operators) only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "inspection",
    "cases",  # its migrations only: the tables of the four apps below
    "casework",
    "sampling",
    "readings",
    "records",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # before anything reads the body: refuses a request larger than REQUEST_MAX_BYTES with 413
    "portal.limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "accounts.oidc_session.DirectorySessionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accounts.drafts.draft_owner",
                "portal.navigation.service_navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections (60 s), each checked before a request reuses it: after a database
    # restart or fail-over the first request opens a new one instead of failing with a 500
    # (tests/test_database_restart.py).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    # The embedded default for local runs; SQLITE_PATH moves the file (e.g. for a smoke test).
    SQLITE_PATH = Path(os.environ.get("SQLITE_PATH") or BASE_DIR / "var" / "casebook.sqlite3")
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountBackend",  # Django's ModelBackend, loading the account with the user
]
# Django's full set: not like the user's name, at least 8 characters, not a common password, not
# only digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins within an hour lock out (for the rest of that hour), each counter with its limit:
# one username from one address, one username from any address (a distributed guess), and one
# address across usernames (one password tried on many accounts). See accounts/lockout.py.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_USERNAME_FAILURE_LIMIT = envint("AXES_USERNAME_FAILURE_LIMIT", "10")
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", "20")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_COOLOFF_TIME = 1
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# The client's address: REMOTE_ADDR unless Casebook sits behind reverse proxies. Then name the
# header they append to (CLIENT_IP_HEADER=X-Forwarded-For) and how many of them append to it
# (TRUSTED_PROXY_COUNT): the address is read that many entries from the right, so whatever a
# client writes into the header itself is never used. See accounts/client_address.py.
CLIENT_IP_META_KEY = envheader("CLIENT_IP_HEADER")
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "1")
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more")
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"

# Sign-in with the organisation's account: OpenID Connect against Microsoft Entra ID or any
# provider (docs/operations.md). With no OIDC_ISSUER, local passwords work as they always did.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile email offline_access").strip()
# Claims whose values (group object ids, app role values) the role mapping reads.
OIDC_ROLE_CLAIMS = envlist("OIDC_ROLE_CLAIMS", "groups,roles")
OIDC_CLOCK_SKEW_SECONDS = envint("OIDC_CLOCK_SKEW_SECONDS", "120")
OIDC_TIMEOUT_SECONDS = envint("OIDC_TIMEOUT_SECONDS", "5")
# How often a directory session is checked with the provider (a refresh-token exchange): a user
# the directory disabled is signed out at their first request after the next check.
OIDC_RECHECK_SECONDS = envint("OIDC_RECHECK_MINUTES", "5") * 60
LOCAL_PASSWORDS = envbool("LOCAL_PASSWORDS", "true")
BREAK_GLASS_USERNAME = os.environ.get("BREAK_GLASS_USERNAME", "").strip()
if OIDC_ISSUER:
    if not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
        raise ImproperlyConfigured("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET")
    if not OIDC_ISSUER.startswith("https://") and not LOCAL:
        raise ImproperlyConfigured(f"OIDC_ISSUER must be an https:// URL, got {OIDC_ISSUER!r}")
    if "openid" not in OIDC_SCOPES.split():
        raise ImproperlyConfigured(f"OIDC_SCOPES must include openid, got {OIDC_SCOPES!r}")
if not 0 <= OIDC_CLOCK_SKEW_SECONDS <= 300:
    raise ImproperlyConfigured("OIDC_CLOCK_SKEW_SECONDS must be between 0 and 300")
if not 1 <= OIDC_TIMEOUT_SECONDS <= 30:
    raise ImproperlyConfigured("OIDC_TIMEOUT_SECONDS must be between 1 and 30")
if OIDC_RECHECK_SECONDS < 60:
    raise ImproperlyConfigured("OIDC_RECHECK_MINUTES must be at least 1")
if not LOCAL_PASSWORDS and not OIDC_ISSUER:
    raise ImproperlyConfigured("LOCAL_PASSWORDS=false needs OIDC_ISSUER: nobody could sign in")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve straight from static/ when nothing was collected (tests, local runs); production collects.
WHITENOISE_USE_FINDERS = LOCAL
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing STATIC_ROOT otherwise
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")

# Input limits (docs/limits.md). An uploaded file (case list, bundle) may be UPLOAD_MAX_MB; a
# request may be 1 MB more (the form around the file); anything larger is refused with 413 before
# it is read. Form text outside files keeps Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", "20") * 1024 * 1024
REQUEST_MAX_BYTES = UPLOAD_MAX_BYTES + 1024 * 1024
if UPLOAD_MAX_BYTES < 1024 * 1024:
    raise ImproperlyConfigured("UPLOAD_MAX_MB must be at least 1")

# Where the footer's feedback page sends people (an address); without it, to the service team.
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", "").strip()

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# HTTPS: on by default outside local runs. Behind a proxy that ends TLS, name the header it sets
# (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto) so Django knows the request was HTTPS; the proxy
# must overwrite that header, never pass on the client's.
SECURE_DEFAULT = "false" if LOCAL else "true"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", SECURE_DEFAULT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", SECURE_DEFAULT)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container healthcheck calls it over plain HTTP
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if LOCAL else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_DEFAULT)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_DEFAULT)
_proxy_header = envheader("SECURE_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response: scripts, styles, fonts and images from this site only;
# no inline script or style anywhere (data: images are the GOV.UK and Swagger UI CSS icons).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if OIDC_ISSUER:
    # Sign-out posts a form that redirects on to the provider's end-session endpoint.
    SECURE_CSP["form-action"].append(urlsplit(OIDC_ISSUER)._replace(path="").geturl())

# Sessions end after SESSION_IDLE_MINUTES without a request (sliding: any page or autosave renews
# it) and SESSION_MAX_HOURS after sign-in whatever happens; see docs/operations.md "Sessions".
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", "30") * 60
SESSION_MAX_SECONDS = envint("SESSION_MAX_HOURS", "12") * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
if SESSION_IDLE_SECONDS < 120 or SESSION_MAX_SECONDS < SESSION_IDLE_SECONDS:
    raise ImproperlyConfigured(
        "SESSION_IDLE_MINUTES must be at least 2 and SESSION_MAX_HOURS at least as long"
    )


# Sessions are read on every request (every autosave): from a cache, written through to the
# database (cached_db), so a cache restart signs nobody out. The cache is Redis when CACHE_URL is
# set (redis://host:port/db; give it its own db number). Without it the cache is this process's
# memory: right for one process (make run, the tests), but under several server processes a
# session ended in one (sign-out) would live on in another's memory, so a deployment without
# CACHE_URL keeps sessions in the database only.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "casebook",
            # a slow or absent Redis must not hold a request for long
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_URL or LOCAL
    else "django.contrib.sessions.backends.db"
)


# Celery: with no broker configured, tasks run eagerly in-process (the embedded default).
# Limits and why: docs/jobs.md.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = envbool(
    "CELERY_TASK_ALWAYS_EAGER", "false" if CELERY_BROKER_URL else "true"
)
CELERY_TASK_EAGER_PROPAGATES = True
# Job state and progress live in the Job table, so tasks keep no Celery results: sending a task
# then never touches a result backend (whose reconnect retries held a request ~19 s with Redis down).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # eager runs never send; this only keeps Celery from guessing
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", "300")
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", "360")
# A late-acknowledged task that a dead worker held comes back after this many seconds (Redis has
# no other way to know the worker died). Longer than any run, or a slow job would run twice.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", "3600")
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({CELERY_VISIBILITY_TIMEOUT}) must be longer than "
        f"CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT})"
    )
# Acks late: a worker holds only the tasks it is running, not a queue of prefetched ones.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = 1 if TESTING else None
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Queuing from a request tries the broker once and gives up fast (the job is then "not
    # queued" and the page says so): a refused connection fails at once, an unreachable host
    # after the connect timeout, a broker that accepts but never answers after the socket timeout.
    "max_retries": 0,
    "socket_connect_timeout": envint("CELERY_BROKER_CONNECT_TIMEOUT", "1"),
    "socket_timeout": envint("CELERY_BROKER_SOCKET_TIMEOUT", "2"),
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for messages of dead workers every 10 s (sooner with a short visibility timeout).
    "unacked_restore_interval": min(10, max(1, CELERY_VISIBILITY_TIMEOUT // 4)),
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
# Celery beat: fail jobs that no worker finished in time (a worker died, a message was lost).
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {
        "task": "reports.tasks.sweep_stale_jobs",
        "schedule": 60.0,
        "options": {"expires": 55},  # sweeps piled up while no worker ran are dropped
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # every scheme (session, HTTP Basic, any added later) meets the forced password change here:
    # the middleware runs before DRF authenticates (accounts/api.py)
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.api.PasswordChanged",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casebook API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.api.PasswordChanged",
    ],
    # Swagger UI served from the installed sidecar package, never a CDN
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes")},
        # eager runs build an unused in-memory connection, and kombu warns about its hostname
        "kombu.connection": {"level": "ERROR"},
    },
}
