"""/healthz: JSON status of the database and the search backend, for load balancers and compose.

The engine cases talk to real sockets: a closed port, a port that never answers, and a tiny HTTP server
standing in for Elasticsearch/OpenSearch.
"""

import json
import socket
import threading
import time
from base64 import b64encode
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def closed_port():
    """A port on 127.0.0.1 that nothing listens on: bound by us, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fake_engine(status=200, body=None, raw=None):
    """An HTTP server answering every GET with `body` as JSON (or `raw` bytes); records requests."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append({"path": self.path, "authorization": self.headers.get("Authorization")})
            payload = raw if raw is not None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def embedded_search(settings):
    settings.SEARCH_URL = ""
    settings.SEARCH_TIMEOUT = 2


def test_healthy_by_default(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] == connection.vendor
    assert body["search"] == {"status": "ok", "backend": "embedded", "outbox": {"pending": 0, "failing": 0},
                              "semantic": {"status": "off"}}


def test_outbox_backlog_is_reported(client):
    from cop.search.models import OutboxEntry

    OutboxEntry.objects.create(key="practice:1")
    OutboxEntry.objects.create(key="post:2", attempts=3, last_error="ConnectionError")
    body = client.get("/healthz").json()
    assert body["search"]["outbox"] == {"pending": 2, "failing": 1}
    assert "ConnectionError" not in str(body)


def test_health_check_is_never_cached(client):
    response = client.get("/healthz")
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "no-cache" in cache_control and "max-age=0" in cache_control
    assert "Expires" in response


def test_health_check_needs_no_login_and_ignores_the_session(client, member):
    anonymous = client.get("/healthz")
    assert anonymous.status_code == 200 and anonymous.json()["status"] == "ok"
    client.force_login(member)
    assert client.get("/healthz").json() == anonymous.json()


def test_unreachable_search_engine_is_degraded_not_down(client, settings):
    """The site still serves pages and saves changes without the engine: 200, but flagged as degraded."""
    settings.SEARCH_URL = f"opensearch://127.0.0.1:{closed_port()}"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["status"] == "ok"
    assert body["search"]["status"] == "unavailable"
    assert body["search"]["backend"] == "opensearch"


def test_a_search_engine_that_never_answers_does_not_hang_the_check(client, settings):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)  # connections complete in the kernel, but nobody ever accepts or answers
        settings.SEARCH_URL = f"elasticsearch://127.0.0.1:{listener.getsockname()[1]}"
        settings.SEARCH_TIMEOUT = 0.3
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["search"]["status"] == "unavailable"
    assert elapsed < 5


@pytest.mark.parametrize("cluster", ["green", "yellow"])
def test_healthy_engine_gives_200(client, settings, cluster):
    with fake_engine(body={"cluster_name": "cop", "status": cluster}) as (port, requests):
        settings.SEARCH_URL = f"elasticsearch://127.0.0.1:{port}"
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["search"] == {"status": "ok", "backend": "elasticsearch", "cluster": cluster, "outbox": {"pending": 0, "failing": 0},
                              "semantic": {"status": "off"}}
    assert [request["path"] for request in requests] == ["/_cluster/health"]
    assert requests[0]["authorization"] is None


def test_red_cluster_is_degraded(client, settings):
    with fake_engine(body={"cluster_name": "cop", "status": "red"}) as (port, _requests):
        settings.SEARCH_URL = f"opensearch://127.0.0.1:{port}"
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["search"]["status"] != "ok"
    assert body["search"]["cluster"] == "red"


@pytest.mark.parametrize(
    "status, raw",
    [(500, b'{"error": "boom"}'), (401, b'{"error": "unauthorised"}'), (200, b"<html>not json</html>")],
    ids=["server-error", "unauthorised", "not-json"],
)
def test_engine_errors_are_degraded(client, settings, status, raw):
    with fake_engine(status=status, raw=raw) as (port, requests):
        settings.SEARCH_URL = f"elasticsearch://127.0.0.1:{port}"
        response = client.get("/healthz")
    assert requests, "the engine was not asked"
    assert response.status_code == 200 and response.json()["status"] == "degraded"
    assert response.json()["search"]["status"] == "unavailable"


def test_engine_credentials_from_search_url_are_sent(client, settings):
    with fake_engine(body={"status": "green"}) as (port, requests):
        settings.SEARCH_URL = f"elasticsearch://elastic:s3cret@127.0.0.1:{port}"
        response = client.get("/healthz")
    assert response.status_code == 200
    assert requests[0]["authorization"] == "Basic " + b64encode(b"elastic:s3cret").decode()
    assert "s3cret" not in response.content.decode()


def test_health_follows_the_engine_from_one_request_to_the_next(client, settings):
    with fake_engine(body={"status": "green"}) as (port, _requests):
        settings.SEARCH_URL = f"elasticsearch://127.0.0.1:{port}"
        assert client.get("/healthz").status_code == 200
    # Same URL, engine gone: the (cached) backend must not remember the earlier answer.
    assert client.get("/healthz").json()["status"] == "degraded"


def test_percent_encoded_search_credentials_are_decoded():
    from cop.search.backends import EngineSearchBackend

    backend = EngineSearchBackend("opensearch://admin:p%40ss%3Aword@127.0.0.1:9200")
    assert backend.auth == ("admin", "p@ss:word")
