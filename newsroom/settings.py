"""Newsroom settings: one file, read from the environment, safe local defaults.

Every variable is listed in README.md. Production sets at least DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, DATABASE_URL and, behind TLS, DJANGO_HTTPS=1.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom import logs, media
from newsroom.environment import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG")
HTTPS = env_bool("DJANGO_HTTPS")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Only ever used on a developer's machine with debug on.
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "csp",
    "reversion",
    "desk.apps.LoginLockoutsConfig",  # django-axes
    "django_prose_editor",
    # Django's Tasks API (the django-tasks backport; django.tasks from Django 6) and its
    # database backend, with the worker command `db_worker` (under a heading in the desk's
    # language).
    "django_tasks",
    "desk.apps.BackgroundTasksConfig",  # django_tasks_db
    # Ours, by audience (docs/architecture.md): the content, then who uses it.
    "articles",
    "caching",
    "readers",
    "distribution",
    "transfer",
    "desk",
]
# The public API: DRF, its OpenAPI schema, Swagger UI from our own static files (sidecar).
INSTALLED_APPS += ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "api"]

MIDDLEWARE = [
    # First, so every response and every log line of a request carries its id.
    "newsroom.middleware.RequestIdMiddleware",
    # Which database the request reads (newsroom/replicas.py), known to the page cache.
    "newsroom.replicas.ReplicaMiddleware",
    # CORS for the API (api/middleware.py): before the page cache, so kept answers get it too.
    "api.middleware.ReadOnlyCorsMiddleware",
    # Next: a page from the cache is stored with every header the rest add, and served
    # without running them again.
    "caching.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.QueryLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304 for rendered pages and feeds (the
    # page cache answers for the pages it holds).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.ChosenLanguageMiddleware",
    # Below the page cache, so cached pages are stored compressed once, not on every hit.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "readers.context_processors.site",
            ],
        },
    },
    {
        # The partials every list repeats (`readers/jinja.py`), named `*.jinja`.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"environment": "readers.jinja.environment"},
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas (PostgreSQL streaming replicas), comma-separated URLs: anonymous readers'
# requests read from them; everything else, and a visitor's requests for
# NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS after their own write, use the primary
# (newsroom/replicas.py).
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = dj_database_url.parse(
        _url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        # Tests read the primary through the replica's name unless they start a real one.
        test_options={"MIRROR": "default"},
    )
    # A replica that does not answer is given up quickly (the primary is read instead).
    DATABASES[f"replica{_number}"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS = int(
    os.environ.get("NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS", "10")
)
# A replica further behind the primary than this is not read from.
NEWSROOM_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("NEWSROOM_REPLICA_MAX_LAG_SECONDS", "5"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE avoids "database is locked" when a reader upgrades to a writer mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# The web processes (newsroom/wsgi.py and asgi.py say they are one) cap every PostgreSQL
# statement, so no request, however crafted, holds a database backend for long; management
# commands (migrations, imports) are not capped. 0 turns the cap off.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env_bool("NEWSROOM_WEB_PROCESS")
    and DATABASE_STATEMENT_TIMEOUT_MS > 0
):
    for _alias in DATABASES:
        DATABASES[_alias].setdefault("OPTIONS", {})["options"] = (
            f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
        )

REDIS_URL = os.environ.get("REDIS_URL", "")
# Two caches on one store: "default" for sessions' neighbours (lockouts, who has an article
# open), "readers" for what anonymous readers are shown, each entry kept with the versions of
# the content keys it shows (caching/versions.py). With Redis, each process keeps copies of
# what it read from "readers", a version's dropped when it moves (caching/backends.py).
if REDIS_URL:
    _REDIS = {
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {
            # A Redis outage degrades the site to uncached pages instead of errors.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
    CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", **_REDIS},
        "readers": {"BACKEND": "caching.backends.RedisCacheWithLocalCopies", **_REDIS},
    }
elif DEBUG:
    # One development server process: its own memory is shared by every request.
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}
        for alias in ("default", "readers")
    }
else:
    # gunicorn runs several worker processes: without Redis they share a folder, so a
    # change made through one worker (a takedown) empties the cache of all of them.
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(BASE_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
        for alias in ("default", "readers")
    }

# Logged, so an outage of the shared cache shows in the logs while pages keep coming.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The desk's notifications by email (desk/tasks.py): the console in development, else SMTP
# (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS from the env).
EMAIL_BACKEND = f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS, EMAIL_TIMEOUT = env_bool("EMAIL_USE_TLS"), 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "redaksi@localhost")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Serve MEDIA_ROOT from the app itself; turn off when a web server or object store serves it.
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", True)
# import_articles refuses feeds on private, loopback and link-local addresses unless this is on.
NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = env_bool("NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS")
# Webhooks (distribution/webhooks.py) go only to public addresses unless this is on.
NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS")
# The site's public origin, for the absolute addresses in webhooks (no request to ask).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://localhost:8000").rstrip("/")
# Media (uploads, renditions, imported pictures) in the local folder above by default, or on
# an S3-compatible object store when NEWSROOM_S3_BUCKET is set, through django-storages
# (newsroom/media.py reads the NEWSROOM_S3_* variables). Every file is written, read and
# deleted through the storage API, so the code is the same for both.
_MEDIA_STORAGE = media.s3_storage(os.environ) or {
    "BACKEND": "django.core.files.storage.FileSystemStorage"
}
# Readers' browsers fetch the pictures from there (the CSP's img-src names it).
NEWSROOM_MEDIA_ORIGINS = media.public_origins(_MEDIA_STORAGE)
if NEWSROOM_MEDIA_ORIGINS:
    # The object store (or the CDN in front of it) serves the files, never the app.
    NEWSROOM_SERVE_MEDIA = False
STORAGES = {
    "default": _MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background work (renditions, imports from addresses, purges): Django's Tasks API with the
# database backend, run by `manage.py db_worker` (make run starts one; deploy/ has units).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NEWSROOM_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "purges", "webhooks"],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

# Login throttling: axes checks every attempt before the usual backend does.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Lock a name on one address, so a stranger guessing cannot lock an editor out everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "desk.lockout.lockout_response"
# Behind proxies, every login would come from the proxy's address: set how many proxies of
# ours stand in front (each appending to X-Forwarded-For), so that a lockout is per name and
# the client's own address. 0 (the default) trusts no header: right for a site served
# directly, and the only safe value when clients can reach gunicorn without the proxy.
NEWSROOM_TRUSTED_PROXY_COUNT = int(os.environ.get("NEWSROOM_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "newsroom.middleware.client_address"
# Keeps "AXES: BEGIN ..." out of every management command's output.
AXES_VERBOSE = False

# Security headers for every response; the HTTPS-only ones follow DJANGO_HTTPS so that a
# debug-off site without TLS (benchmarks, tests on 127.0.0.1) still answers plain HTTP.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Our pages need no inline script; styles come from our own stylesheet only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *NEWSROOM_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Each line names its request; messages are cut and control characters escaped (logs.py).
LOGGING = logs.configuration(os.environ.get("DJANGO_LOG_LEVEL", "INFO"))

# The publication and how its pages are kept, the cache in front, embeds, live reports.
from newsroom.publication import *  # noqa: E402, F403
from newsroom.publication import NEWSROOM_SITE_NAME  # noqa: E402

# The public API (api/ sets the rest): NEWSROOM_API_RATE answers per client address, then 429.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "api.schema.PublicSchema"}
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"api": os.environ.get("NEWSROOM_API_RATE", "300/min")}
SPECTACULAR_SETTINGS = dict.fromkeys(["SWAGGER_UI_DIST", "SWAGGER_UI_FAVICON_HREF"], "SIDECAR")
SPECTACULAR_SETTINGS |= {"TITLE": f"{NEWSROOM_SITE_NAME} API", "SERVE_INCLUDE_SCHEMA": False}
# Three choice sets are each called "kind" (an article's, a source's, a correction's).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    f"{name}KindEnum": f"articles.models.{name}Kind" for name in ("Article", "Source", "Correction")
}
