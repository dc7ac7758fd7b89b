"""Test settings: fast hashing, in-memory e-mail and cache, no rate limits in the way."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://testserver"
ACCOUNT_RATE_LIMITS = False
# Uploaded documents and images of tests go to a throwaway folder, not the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cop-test-media-"))
SEARCH_INDEX_PATH = ":memory:"
