"""The fault test of the search-at-scale issue with a real engine that really stops and restarts.

A node of its own (ops/opensearch/opensearch.sh on a free port, its own work directory) is started, loaded,
**stopped**; 100 changes are made while it is down (pages and posts still save, the outbox keeps them);
then the same node is started again on the same data and the worker drains the backlog: all 100 changes
are searchable, none is duplicated, nothing is left in the outbox.

Runs where the shared test engine runs (SEARCH_TEST_OPENSEARCH_URL is set: CI and developers with a node);
it needs Java and Maven like that node. About 20 seconds and 350 MB while it runs.
"""

import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from cop.search import get_backend
from cop.search.backends import EngineSearchBackend, SearchUnavailable
from cop.search.models import OutboxEntry
from cop.search.outbox import drain_all
from cop.search.query import parse
from cop.search.sources import all_keys, document_for
from forum import services
from forum.models import Category

from .search_contract import engine_url_or_skip

SCRIPT = Path(__file__).resolve().parent.parent / "ops" / "opensearch" / "opensearch.sh"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    def __init__(self, work):
        self.port = free_port()
        self.env = {**os.environ, "OPENSEARCH_WORK": str(work)}

    def run(self, *args):
        result = subprocess.run(["bash", str(SCRIPT), *args, str(self.port)], env=self.env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"opensearch.sh {' '.join(args)} failed:\n{result.stderr[-3000:]}"
        return result.stdout.strip()


@pytest.fixture
def node(tmp_path):
    engine_url_or_skip()
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.fail("Java is needed for the restart test (it runs where the test engine runs)")
    node = Node(tmp_path / "node")
    url = node.run("start", "--fresh")
    assert url == f"opensearch://127.0.0.1:{node.port}"
    yield node, url
    subprocess.run(["bash", str(SCRIPT), "stop", str(node.port)], env=node.env, capture_output=True, timeout=120)


def test_engine_stopped_and_restarted_loses_nothing_and_duplicates_nothing(node, settings, member, moderator, django_capture_on_commit_callbacks):
    node, url = node
    settings.SEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = f"cop-restart-{uuid.uuid4().hex[:8]}"
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        category = Category.objects.create(name="Загальні", slug="zahalni-restart")
        topic, _ = services.topic_create(category=category, author=member, title="Бюджет участі", body="Як почати?")
    drain_all(refresh=True)
    backend = get_backend()
    assert isinstance(backend, EngineSearchBackend)

    node.run("stop")
    assert backend.health()["status"] == "unavailable"
    with capture(execute=True):
        posts = [services.post_reply(topic=topic, author=moderator, body=f"Відповідь {n}: досвід громади") for n in range(60)]
    for post in posts[:20]:
        with capture(execute=True):
            services.post_edit(post=post, editor=moderator, body=f"Виправлена відповідь {post.pk}: кошторис")
    for post in posts[20:40]:
        with capture(execute=True):
            services.post_hide(post=post, moderator=moderator, reason="Дубль")
    assert drain_all().applied == 0  # the engine is down: every job is kept
    assert OutboxEntry.objects.count() > 0
    with pytest.raises(SearchUnavailable):
        backend.search(parse("відповідь"), audiences=["public"])

    node.run("start")  # same work directory: the data survives the restart
    assert backend.health()["status"] == "ok"
    drain_all(ignore_backoff=True, refresh=True)
    assert OutboxEntry.objects.count() == 0
    backend.refresh()
    keys = [key for key, _source in backend.engine.scan(fields=[])]
    assert len(keys) == len(set(keys)), "a document was indexed twice"
    assert set(keys) == {key for key in all_keys() if document_for(key) is not None}
    edited = {r["key"] for r in backend.search(parse("виправлена"), audiences=["public"], limit=50)[1]}
    assert edited == {f"post:{p.pk}" for p in posts[:20]}
    hidden = {f"post:{p.pk}" for p in posts[20:40]}
    assert not hidden & set(keys)
    total, _results, _facets = backend.search(parse("відповідь досвід"), audiences=["public"], limit=50)
    assert total == 20  # the 20 replies neither edited nor hidden
    backend.engine.drop_all()
