"""Settings: production refuses an unsafe secret key and passes Django's deployment checks;
DATABASE_URL and SEARCH_URL are parsed as documented."""

import importlib.util
import json
import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cop.search.backends import EmbeddedSearchBackend, EngineSearchBackend, backend_from_url

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "cop" / "settings"
INSECURE_DEFAULT = "insecure-dev-key-change-me"


def good_key():
    return secrets.token_urlsafe(48)  # 64 random URL-safe characters


def clean_env(**extra):
    """Only what a fresh shell needs: nothing from this process leaks in (no DATABASE_URL, no SEARCH_URL...)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
    env["DJANGO_SETTINGS_MODULE"] = "cop.settings.production"
    env.update(extra)
    return env


def manage(*args, env, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def python(code, env, timeout=120):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


# Production refuses to start with a weak secret key.


def test_the_insecure_default_is_the_one_production_refuses():
    base = load_settings_module("base")
    assert base.INSECURE_SECRET_KEY == INSECURE_DEFAULT


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    [None, "", INSECURE_DEFAULT, secrets.token_urlsafe(48)[:49]],
    ids=["missing", "empty", "insecure-default", "49-characters"],
)
def test_production_refuses_to_start_without_a_proper_secret_key(key):
    extra = {"DJANGO_ALLOWED_HOSTS": "spilnota.example.org"}
    if key is not None:
        extra["DJANGO_SECRET_KEY"] = key
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=clean_env(**extra))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_passes_the_deployment_checks_with_a_proper_key():
    env = clean_env(DJANGO_SECRET_KEY=good_key(), DJANGO_ALLOWED_HOSTS="spilnota.example.org")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "security.W" not in output


@pytest.mark.slow
def test_production_secures_cookies_and_transport_even_if_debug_is_requested():
    env = clean_env(
        DJANGO_SECRET_KEY=good_key(), DJANGO_ALLOWED_HOSTS="spilnota.example.org", DJANGO_DEBUG="1",
        DATABASE_URL="sqlite:///:memory:",
    )
    result = python(
        """
        import json, django
        django.setup()
        from django.conf import settings
        print(json.dumps({name: getattr(settings, name) for name in (
            "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
            "ALLOWED_HOSTS", "EMAIL_BACKEND")} | {"MAIL_TRANSPORT": settings.POST_OFFICE["BACKENDS"]["default"]}))
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLOWED_HOSTS"] == ["spilnota.example.org"]
    # Every e-mail is queued in the database with the change; the worker sends it over SMTP.
    assert values["EMAIL_BACKEND"] == "post_office.EmailBackend"
    assert values["MAIL_TRANSPORT"] == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.slow
def test_production_redirects_to_https_but_not_the_health_check():
    """Load balancers probe /healthz over plain HTTP: it must answer, while pages redirect to HTTPS."""
    env = clean_env(
        DJANGO_SECRET_KEY=good_key(), DJANGO_ALLOWED_HOSTS="spilnota.example.org", DATABASE_URL="sqlite:///:memory:"
    )
    result = python(
        """
        import json, django
        django.setup()
        from django.db import connection
        from django.test import Client
        from cop.search.models import OutboxEntry
        with connection.schema_editor() as editor:  # the table /healthz writes to prove the database takes writes
            editor.create_model(OutboxEntry)
        client = Client(HTTP_HOST="spilnota.example.org")
        health = client.get("/healthz")
        page = client.get("/en/")
        print(json.dumps({"health": [health.status_code, health.json()["status"]],
                          "page": [page.status_code, page.get("Location")]}))
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    # Answered over plain HTTP; "degraded", as no background worker runs in this test.
    assert values["health"] == [200, "degraded"]
    assert values["page"] == [301, "https://spilnota.example.org/en/"]


# DATABASE_URL and the other environment variables, read by cop/settings/base.py.


def load_settings_module(name):
    """A fresh copy of cop/settings/<name>.py, evaluated against the current os.environ."""
    spec = importlib.util.spec_from_file_location(f"cop.settings._fresh_{name}", SETTINGS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bare_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "DATABASE_", "SEARCH_")):
            monkeypatch.delenv(name)
    return monkeypatch


def test_database_defaults_to_sqlite_beside_the_project(bare_env):
    base = load_settings_module("base")
    database = base.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == ROOT / "db.sqlite3"
    assert database["CONN_MAX_AGE"] == 0


def test_database_url_selects_postgres(bare_env):
    bare_env.setenv("DATABASE_URL", "postgres://cop:s%40cret@db.internal:5433/spilnota")
    bare_env.setenv("DATABASE_CONN_MAX_AGE", "60")
    database = load_settings_module("base").DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("spilnota", "cop", "s@cret")
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["CONN_MAX_AGE"] == 60


def test_sqlite_is_set_up_for_concurrent_writes(bare_env):
    """WAL, a busy timeout and IMMEDIATE transactions: see tests/test_sqlite_concurrency.py for why."""
    options = load_settings_module("base").DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    pragmas = [part.strip().lower() for part in options["init_command"].split(";")]
    assert "pragma journal_mode=wal" in pragmas and "pragma synchronous=full" in pragmas


def test_sqlite_options_are_not_given_to_postgres(bare_env):
    bare_env.setenv("DATABASE_URL", "postgres://cop:secret@db.internal:5432/spilnota")
    options = load_settings_module("base").DATABASES["default"].get("OPTIONS", {})
    assert not {"transaction_mode", "init_command", "timeout"} & set(options)


def test_production_counts_rate_limits_in_the_cache_that_reports_refused_writes(bare_env):
    """Django's database cache hides a refused write, and allauth then answers 429 (tests/test_write_failures.py)."""
    bare_env.setenv("DJANGO_SECRET_KEY", good_key())
    bare_env.setitem(sys.modules, "cop.settings.base", load_settings_module("base"))  # read with that key
    production = load_settings_module("production")
    assert production.CACHES["default"]["BACKEND"] == "cop.core.cache.DatabaseCache"
    assert production.RATELIMIT_FAIL_OPEN is True


def test_environment_defaults_are_safe(bare_env):
    base = load_settings_module("base")
    assert base.DEBUG is False
    assert base.SECRET_KEY == base.INSECURE_SECRET_KEY
    assert base.ALLOWED_HOSTS == ["127.0.0.1", "localhost"]
    assert base.SEARCH_URL == ""


def test_environment_lists_and_flags(bare_env):
    bare_env.setenv("DJANGO_ALLOWED_HOSTS", " spilnota.example.org, www.spilnota.example.org ,")
    bare_env.setenv("DJANGO_DEBUG", "yes")
    bare_env.setenv("SEARCH_URL", "opensearch://search:9200")
    base = load_settings_module("base")
    assert base.ALLOWED_HOSTS == ["spilnota.example.org", "www.spilnota.example.org"]
    assert base.DEBUG is True
    assert base.SEARCH_URL == "opensearch://search:9200"


@pytest.mark.parametrize("value", ["0", "false", "no", "off", "banana"])
def test_debug_is_off_unless_clearly_asked_for(bare_env, value):
    bare_env.setenv("DJANGO_DEBUG", value)
    assert load_settings_module("base").DEBUG is False


# SEARCH_URL


def test_empty_search_url_is_the_embedded_backend():
    backend = backend_from_url("")
    assert isinstance(backend, EmbeddedSearchBackend)
    assert backend.health() == {"status": "ok", "backend": "embedded"}


@pytest.mark.parametrize("url", ["solr://search:8983", "http://search:9200", "postgres://db/search", "elastic://x:9200"])
def test_unknown_search_url_scheme_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL"):
        backend_from_url(url)


def test_search_url_without_host_is_refused():
    with pytest.raises(ImproperlyConfigured):
        backend_from_url("elasticsearch://")


def test_elasticsearch_over_tls_with_credentials():
    backend = backend_from_url("elasticsearch+https://user:pw@host:9243")
    assert isinstance(backend, EngineSearchBackend)
    assert backend.name == "elasticsearch"
    assert backend.base_url == "https://host:9243"
    assert backend.auth == ("user", "pw")


@pytest.mark.parametrize(
    "url, base_url, name",
    [
        ("elasticsearch://elasticsearch:9200", "http://elasticsearch:9200", "elasticsearch"),
        ("opensearch://search.internal", "http://search.internal:9200", "opensearch"),
        ("opensearch+https://search.internal", "https://search.internal:9200", "opensearch"),
    ],
)
def test_engine_urls(url, base_url, name):
    backend = backend_from_url(url)
    assert (backend.base_url, backend.name, backend.auth) == (base_url, name, None)


def test_the_backend_follows_settings(settings):
    from cop.search import get_backend

    settings.SEARCH_URL = ""
    assert isinstance(get_backend(), EmbeddedSearchBackend)
    settings.SEARCH_URL = "opensearch://search.internal:9201"
    backend = get_backend()
    assert isinstance(backend, EngineSearchBackend) and backend.base_url == "http://search.internal:9201"
