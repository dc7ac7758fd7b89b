"""Operations files: docker-compose.yml, Dockerfile and the CI script stay consistent with what the team relies on."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
CI_SCRIPT = ROOT / ".ci" / "run"
DOCKERFILE = ROOT / "Dockerfile"

OPENSEARCH_OVERRIDE = ROOT / "docker-compose.opensearch.yml"
LONG_RUNNING = ("web", "worker", "postgres", "search")
APP_SERVICES = ("web", "worker")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def ci_script():
    return CI_SCRIPT.read_text(encoding="utf-8")


def _environment(service):
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


# docker-compose.yml


def test_compose_defines_the_four_services(services):
    assert set(LONG_RUNNING) <= set(services)


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(services, name):
    healthcheck = services[name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable", False)
    test = healthcheck["test"]
    assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name}: healthcheck test must be CMD or CMD-SHELL"


@pytest.mark.parametrize("name", APP_SERVICES)
@pytest.mark.parametrize("dependency", ["postgres", "search"])
def test_app_services_wait_for_healthy_backends(services, name, dependency):
    depends_on = services[name].get("depends_on")
    assert isinstance(depends_on, dict), f"{name}: depends_on must use the long form with conditions"
    assert depends_on.get(dependency, {}).get("condition") == "service_healthy"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_migrations(services, name):
    assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "manage.py migrate" in " ".join(services["migrate"]["command"])
    assert "createcachetable" in " ".join(services["migrate"]["command"])


@pytest.mark.parametrize("name", ("migrate", *APP_SERVICES))
def test_app_services_are_configured_for_production(services, name):
    env = _environment(services[name])
    assert env["DJANGO_SETTINGS_MODULE"] == "cop.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["SEARCH_URL"] == "elasticsearch://search:9200"
    assert "DJANGO_ALLOWED_HOSTS" in env


@pytest.mark.parametrize("name", ("migrate", *APP_SERVICES))
def test_no_secret_key_default_is_baked_in(services, name):
    value = str(_environment(services[name])["DJANGO_SECRET_KEY"])
    # Only the "required" form ${DJANGO_SECRET_KEY:?message} (or ?message) is allowed: no fallback value.
    assert re.fullmatch(r"\$\{DJANGO_SECRET_KEY:?\?[^}]*\}", value), value


def test_database_password_is_required_too(services):
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:?\?[^}]*\}", str(_environment(services["postgres"])["POSTGRES_PASSWORD"]))


def test_no_secret_key_in_dockerfile():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(ENV|ARG)\s+DJANGO_SECRET_KEY", text, re.MULTILINE)
    assert "USER " in text, "the image must not run as root"


def test_the_worker_runs_every_background_job(services):
    assert services["worker"]["command"] == ["python", "manage.py", "run_huey"]


def test_opensearch_override_swaps_the_engine_and_the_url():
    override = yaml.safe_load(OPENSEARCH_OVERRIDE.read_text(encoding="utf-8"))
    search = override["services"]["search"]
    assert re.search(r"opensearch:2\.\d+", search["image"])
    env = search["environment"]
    # Both images skip empty settings: the Elasticsearch-only ones are blanked, not left to fail OpenSearch.
    assert env["xpack.security.enabled"] == "" and env["xpack.ml.enabled"] == ""
    assert env["DISABLE_SECURITY_PLUGIN"] == "true"
    for name in ("migrate", *APP_SERVICES):
        assert override["services"][name]["environment"]["SEARCH_URL"] == "opensearch://search:9200"


def test_web_runs_gunicorn_on_the_wsgi_module(services):
    command = services["web"]["command"]
    command = command if isinstance(command, str) else " ".join(command)
    assert command.startswith("gunicorn cop.wsgi")


def test_backends(services):
    assert services["postgres"]["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    search = services["search"]
    assert re.search(r"elasticsearch:8\.\d+", search["image"])
    env = _environment(search)
    assert env["discovery.type"] == "single-node"
    assert str(env["xpack.security.enabled"]).lower() == "false"
    assert "ES_JAVA_OPTS" in env
    assert "_cluster/health" in " ".join(search["healthcheck"]["test"])
    assert "ports" not in search and "ports" not in services["postgres"], "backends stay on the internal network"


def test_data_lives_in_named_volumes(compose, services):
    volumes = set(compose.get("volumes") or {})
    for name, target in (("postgres", "/var/lib/postgresql/data"), ("search", "/usr/share/elasticsearch/data")):
        mounts = [m.split(":") for m in services[name]["volumes"]]
        assert any(source in volumes and path == target for source, path, *_ in mounts), name


def _compose_command():
    """The compose CLI available here, or None: the `docker compose` plugin first, then docker-compose."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=60)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


@pytest.fixture(scope="module")
def compose_cli():
    command = _compose_command()
    if command is None:
        pytest.skip("no compose binary here (neither `docker compose` nor docker-compose): docker-compose.yml not validated")
    return command


def _run_config(compose_cli, env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD")}
    return subprocess.run(
        [*compose_cli, "-f", str(COMPOSE_FILE), "config", "-q"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_compose_config_is_valid(compose_cli):
    result = _run_config(compose_cli, {"DJANGO_SECRET_KEY": "x" * 60, "POSTGRES_PASSWORD": "secret"})
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_compose_config_with_the_opensearch_override_is_valid(compose_cli):
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD")}
    result = subprocess.run(
        [*compose_cli, "-f", str(COMPOSE_FILE), "-f", str(OPENSEARCH_OVERRIDE), "config"],
        cwd=ROOT, env={**clean, "DJANGO_SECRET_KEY": "x" * 60, "POSTGRES_PASSWORD": "secret"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    merged = yaml.safe_load(result.stdout)["services"]
    assert merged["search"]["image"].startswith("opensearchproject/opensearch:2.")
    assert merged["web"]["environment"]["SEARCH_URL"] == "opensearch://search:9200"
    assert merged["worker"]["command"] == ["python", "manage.py", "run_huey"]


@pytest.mark.slow
def test_compose_config_refuses_to_run_without_a_secret_key(compose_cli):
    result = _run_config(compose_cli, {"POSTGRES_PASSWORD": "secret"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# The database the suite runs on: CI runs it once on SQLite and once on PostgreSQL.


def test_suite_runs_on_the_database_named_by_database_url(db):
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_healthz_reports_the_database(client, db):
    from django.db import connection

    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}


# .ci/run


def test_ci_script_is_strict_bash(ci_script):
    assert ci_script.startswith("#!/usr/bin/env bash") or ci_script.startswith("#!/bin/bash")
    assert "set -euo pipefail" in ci_script
    assert os.access(CI_SCRIPT, os.X_OK), ".ci/run must be executable"


def test_ci_script_runs_the_suite_on_sqlite_and_postgres(ci_script):
    assert re.search(r"^\s*make test\b", ci_script, re.MULTILINE)
    assert re.search(r"PG_URL=\"?postgres://", ci_script)
    assert 'DATABASE_URL="$PG_URL"' in ci_script
    assert ci_script.count('run_suite "') >= 2  # CI_SERIAL=1: one after the other
    for function in ("start_postgres", "stop_postgres", "run_suite", "run_suites_at_once"):
        assert re.search(rf"^{function}\(\)", ci_script, re.MULTILINE), function


def test_ci_script_fails_when_either_parallel_suite_fails(ci_script):
    """Both runs in the background: each one's exit code is waited for and kept, and either failing fails CI."""
    body = ci_script[ci_script.index("run_suites_at_once() {"):]
    body = body[:body.index("\n}\n")]
    assert body.count("make test") == 2 and body.count(") >") == 2
    assert re.search(r'wait "\$sqlite_pid" \|\| sqlite_rc=\$\?', body)
    assert re.search(r'wait "\$pg_pid" \|\| pg_rc=\$\?', body)
    assert re.search(r'if \[ "\$sqlite_rc" -ne 0 \] \|\| \[ "\$pg_rc" -ne 0 \]; then', body)
    assert "return 1" in body


def test_ci_script_stops_services_on_exit(ci_script):
    assert re.search(r"trap\s+\S+\s+EXIT", ci_script)


def test_ci_script_does_not_swallow_test_failures(ci_script):
    for line in ci_script.splitlines():
        if "make test" in line and not line.lstrip().startswith("#"):
            assert "||" not in line and "|" not in line, f"test exit code may be lost: {line.strip()}"
