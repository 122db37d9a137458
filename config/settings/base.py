"""Settings shared by every environment, read from the environment with django-environ.

With no environment variables at all the portal runs on an embedded SQLite file and runs
Celery tasks eagerly in-process. DATABASE_URL switches to PostgreSQL (or another SQLite
file); CELERY_BROKER_URL switches on a real broker (Redis).
"""
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    # The portal's apps, from the ground up: each imports only those listed before it
    # (accounts stands above organizations: a user belongs to a supervising unit).
    "common",
    "organizations",
    "accounts",
    "members",
    "targets",
    "register",
    "reports",
    "audit",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.queueing.QueueFailureMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into its page.
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "targets:home"
LOGOUT_REDIRECT_URL = "login"
# AxesStandaloneBackend first: it refuses (and counts) attempts before ModelBackend checks them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.UsernameInPasswordValidator"},  # the username anywhere in it, any case
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Simplified Chinese by default, English as the second language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# MEDIA_URL stays unset: no uploaded file has a public address (see config/urls.py).
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "common/table.html"  # bootstrap5-responsive, cards on a phone

# Celery: a real broker when CELERY_BROKER_URL is set, otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# With the broker (or the result store) down, queueing a task from a request fails within about
# a second instead of hanging: the page then says the task could not be queued.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# The longest a task may run (the register import's hard time limit). A task a worker took and
# did not acknowledge (acks_late) is handed out again after the visibility timeout: it must be
# longer than any task runs, or a long import would be delivered twice while it runs. One task
# prefetched at a time, so that none waits unseen behind a long import.
CELERY_LONGEST_TASK_SECONDS = 60 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5,
                                   "visibility_timeout": 2 * CELERY_LONGEST_TASK_SECONDS}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": CELERY_TASK_PUBLISH_RETRY_POLICY}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# /health/ calls the snapshot stale (status "degraded") when it is older than this.
HEALTH_SNAPSHOT_MAX_AGE_HOURS = env.float("HEALTH_SNAPSHOT_MAX_AGE_HOURS", default=26)

# The cache carries what processes tell each other: an import's progress (its heartbeat) and the
# de-duplication of recompute requests. Redis (CACHE_URL) wherever a real broker runs; without
# it, files under CACHE_DIR, which every process of one machine shares (a memory cache would be
# per process, and a database cache would not see a running import's progress).
CACHE_DIR = env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache"))
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{CACHE_DIR}")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # fail fast when Redis is down (callers catch it)
    CACHES["default"].setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=2)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# The CSRF token reaches every form (and htmx, which only polls with GET) through
# {% csrf_token %}, never through JavaScript reading the cookie, so the cookie can be HttpOnly.
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Login attempts (django-axes): 5 failures for one username from one address lock that pair
# out for 15 minutes; a success resets the count. Other users and addresses are unaffected.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# django-ipware is not installed, so axes' AXES_IPWARE_* settings would be ignored: the client
# address comes from accounts.security.client_ip_address, which trusts X-Forwarded-For only
# for TRUSTED_PROXY_COUNT reverse proxies. 0 here (REMOTE_ADDR, the header is ignored); only
# production, behind nginx, trusts it (TRUSTED_PROXY_COUNT from the environment, default 1).
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip_address"
TRUSTED_PROXY_COUNT = 0

# Content-Security-Policy (django-csp), the same in every environment: no inline scripts, styles
# or event handlers anywhere; behaviour lives in static/js, htmx is configured by a <meta> tag.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

PAGINATE_BY = 25

# Development pipeline: minimum calendar months as an activist before becoming a development
# candidate, and of probation before becoming a full member (one year each: 12). The earliest
# date is the same day that many months later, or the month's last day when it has no such day
# (one year after 2024-02-29 is 2025-02-28). The former PIPELINE_MIN_*_DAYS settings are
# refused by a system check (members.E001).
PIPELINE_MIN_ACTIVIST_MONTHS = env.int("PIPELINE_MIN_ACTIVIST_MONTHS", default=12)
PIPELINE_MIN_PROBATION_MONTHS = env.int("PIPELINE_MIN_PROBATION_MONTHS", default=12)

# Half-yearly reports are due this many days after the period ends (H1 06-30, H2 12-31).
# TODO(issue 5): make it editable by admins (a setting record); for now it comes from the environment.
REPORT_DUE_DAYS = env.int("REPORT_DUE_DAYS", default=15)
REPORT_ATTACHMENT_MAX_MB = env.int("REPORT_ATTACHMENT_MAX_MB", default=10)  # per attached file
# A register uploaded in the web UI (.xlsx or .zip of CSV files) is refused above this size.
REGISTER_IMPORT_MAX_MB = env.int("REGISTER_IMPORT_MAX_MB", default=50)
# The most rows one file of a register may hold (a province has some 200,000 organizations and
# a few hundred thousand members), and the most errors an import lists (the rest are counted).
REGISTER_MAX_ROWS = env.int("REGISTER_MAX_ROWS", default=2_000_000)
REGISTER_MAX_ERRORS = env.int("REGISTER_MAX_ERRORS", default=1000)
# A check or import with no heartbeat for this long (and no live transaction) is taken as lost.
TASK_STALL_MINUTES = env.int("TASK_STALL_MINUTES", default=15)
# Request limits: uploads above 5 MB stream to a temporary file; a form body (without files)
# over 10 MB or with more than 2000 fields is refused with the friendly 400 page.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=2000)

# Change history of the registers (django-simple-history) is kept this many days, then
# `manage.py prune_history` (or the task audit.tasks.prune_history) deletes it. At least 183
# days (six months): a shorter retention fails the system checks (audit.E001).
HISTORY_RETENTION_DAYS = env.int("HISTORY_RETENTION_DAYS", default=400)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

