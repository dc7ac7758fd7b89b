"""Settings for benchmarks/search.py only: the test settings, plus the benchmark-only model indexed by Wagtail's
database search backend, with every file in a throwaway folder (COP_BENCH_DIR, or a new temporary one).

Never used by the site or the test suite.
"""

import os
import tempfile
from pathlib import Path

from cop.settings.test import *  # noqa: F401,F403
from cop.settings.test import INSTALLED_APPS, MEDIA_ROOT as _TEST_MEDIA_ROOT

BENCH_DIR = Path(os.environ.get("COP_BENCH_DIR") or tempfile.mkdtemp(prefix="cop-bench-search-"))

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.wagtail_reference"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BENCH_DIR / "wagtail-reference.sqlite3")}}
# Wagtail's own database backend: on SQLite it is the FTS5 backend (modelsearch.backends.database.sqlite).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}}
SEARCH_INDEX_PATH = str(BENCH_DIR / "embedded-index.sqlite3")
MEDIA_ROOT = BENCH_DIR / "media"
try:
    _TEST_MEDIA_ROOT.rmdir()  # the test settings made an empty folder we do not need
except OSError:
    pass
