"""Settings shared by every environment; values come from the process environment."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

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
    "knowledge",
    "forum",
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

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: console in development; SMTP settings for production come from the environment.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Спільнота практик <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Search: empty SEARCH_URL means the embedded backend (no server).
SEARCH_URL = env_str("SEARCH_URL", "")
SEARCH_TIMEOUT = float(env_str("SEARCH_TIMEOUT", "2"))
# Engine backend: the alias searched and written (concrete indices are <prefix>-<timestamp>).
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "cop")
# The embedded index is a SQLite file of its own beside the database (rebuild it with `search_index rebuild`).
SEARCH_INDEX_PATH = env_str("SEARCH_INDEX_PATH", str(BASE_DIR / "search_index.sqlite3"))

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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
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
# A counter that cannot be read or saved must not look like a limit that was reached.
RATELIMIT_FAIL_OPEN = True
