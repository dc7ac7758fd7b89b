"""Test settings: fast hashing, in-memory e-mail and cache, no rate limits in the way."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test runner puts locmem in EMAIL_BACKEND whatever is set here; tests of the e-mail queue put
# post_office.EmailBackend back, and the queue then delivers to the same mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
POST_OFFICE = {**POST_OFFICE, "BACKENDS": {"default": EMAIL_BACKEND}}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
# Off: most tests change rows with queryset updates (no signals) and read the page again. tests/test_page_cache.py
# turns it on.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = "http://testserver"
ACCOUNT_RATE_LIMITS = False
# Uploaded documents and images of tests go to a throwaway folder, not the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cop-test-media-"))
SEARCH_INDEX_PATH = ":memory:"
# Background tasks run at once, in the test's own process and transaction (tests of the real worker start
# `run_huey` against a database of their own: tests/live.py).
HUEY = {**HUEY, "immediate": True}  # noqa: F405
TASKS = {"default": {"BACKEND": "cop.tasks.django_tasks.HueyBackend", "ENQUEUE_ON_COMMIT": False}}
# Engine tests drain the outbox themselves (as the worker would); tests of the worker turn this on.
SEARCH_DRAIN_ON_COMMIT = False
# Words only unless a test is about meaning (it sets SEARCH_EMBEDDER and calls cop.search.semantic.embedders.reset()):
# embedding every document of every test would take minutes.
SEARCH_EMBEDDER = ""
