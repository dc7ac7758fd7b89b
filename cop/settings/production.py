"""Production: secure cookies, HSTS, compressed static files; refuses to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import INSECURE_SECRET_KEY, POST_OFFICE, SECRET_KEY, STORAGES
from .env import env_bool, env_int, env_str

if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

DEBUG = False
# The worker delivers the e-mail queue over SMTP (DJANGO_EMAIL_HOST, ...) unless another transport is named.
POST_OFFICE = {
    **POST_OFFICE,
    "BACKENDS": {"default": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")},
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Rate limits (allauth, forum) must be shared by every web process: a database cache needs no extra server.
# `python manage.py createcachetable` creates its table (the compose migrate service runs it). Ours raises when
# the database refuses a write, where Django's would pass silently and make every attempt look over the limit.
CACHES = {"default": {"BACKEND": "cop.core.cache.DatabaseCache", "LOCATION": "cop_cache"}}
# Anonymous readers' pages (cop/core/page_cache.py) in the same table, unless PAGE_CACHE_URL names a Redis server
# (redis://host:6379/1, the `redis` client is installed), which then serves them to every web process.
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("PAGE_CACHE_URL", "")}
    if env_str("PAGE_CACHE_URL", "").startswith(("redis://", "rediss://"))
    else {"BACKEND": "cop.core.cache.DatabaseCache", "LOCATION": "cop_cache"}
)
