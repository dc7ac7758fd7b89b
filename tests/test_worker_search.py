"""The search outbox drained by the real worker (`run_huey`) into the real engine (SEARCH_TEST_OPENSEARCH_URL),
with the site's code in other processes, on a database of its own (SQLite file, or PostgreSQL).

* A reply posted through the site is searchable within seconds, by the worker alone (no `search_worker`); the
  request itself never waits for the engine.
* The worker killed (SIGKILL) in the middle of a batch loses no outbox row: every row gone was acknowledged by the
  engine, and after a restart every key is indexed.
* The engine unreachable: the rows stay with a backoff and an error, and are applied soon after it is back.
* Several workers at once index everything exactly (`search_index verify`).

The site talks to the engine through a small TCP relay of the test's, which the tests cut to make the engine
unreachable; each module run uses an index prefix of its own, dropped at the end.
"""

import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cop.search.backends import EngineSearchBackend
from cop.search.query import parse

from .live import ROOT, migrated_site, stop, wait_for
from .search_contract import engine_url_or_skip
from .worker_support import consumer, in_site, paused, query

pytestmark = pytest.mark.slow

EVERYONE = ["public", "members"]


class Relay:
    """Forwards TCP connections from a port of its own to the engine; `cut()` refuses them, `restore()` serves
    again on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = None
        self.listener = None
        self.connections = []
        self.restore()

    def restore(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept(): close() alone does not
        except OSError:
            pass
        self.listener.close()
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()
        self.connections = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (source, sink):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@dataclass
class Site:
    env: dict
    folder: Path
    backend: EngineSearchBackend
    relay: Relay
    topic: int


SETUP = """
from django.contrib.auth.models import Group
from cop.members.models import User
from forum import services
from forum.models import Category

category = Category.objects.create(slug="worker-search", name="Пошук і фонова робота")
member = User.objects.create_user(username="author", email="author@example.org", password="pw-worker-search-1",
                                  first_name="Олена", last_name="Авторка", membership_status=User.Status.APPROVED)
member.groups.add(Group.objects.get(name="Member"))
topic, _post = services.topic_create(category=category, author=member, title="Бюджет участі", body="Як почати?")
print(json.dumps({"topic": topic.pk}))
"""

REPLIES = """
from cop.members.models import User
from forum import services
from forum.models import Topic

topic, author = Topic.objects.get(pk=int(sys.argv[1])), User.objects.get(username="author")
keys = [f"post:{services.post_reply(topic=topic, author=author, body=f'{sys.argv[2]} {n}').pk}"
        for n in range(int(sys.argv[3]))]
print(json.dumps(keys))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    engine = engine_url_or_skip()
    parts = urlsplit(engine)
    relay = Relay((parts.hostname, parts.port))
    folder = tmp_path_factory.mktemp("worker-search")
    prefix = f"cop-worker-{uuid.uuid4().hex[:10]}"
    env_url = f"{parts.scheme}://127.0.0.1:{relay.port}"
    try:
        with migrated_site(folder, SEARCH_URL=env_url, SEARCH_INDEX_PREFIX=prefix, SEARCH_DRAIN_ON_COMMIT="true",
                           FORUM_POST_RATE="100000/m", FORUM_HOLD_FIRST_POSTS="0") as env:
            manage(env, "search_index", "rebuild")
            setup = in_site(SETUP, env)
            yield Site(env, folder, EngineSearchBackend(engine, prefix=prefix), relay, setup["topic"])
    finally:
        EngineSearchBackend(engine, prefix=prefix).engine.drop_all()
        relay.cut()


def manage(env, *args, check=True):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert not check or result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def found(site, text):
    return {r["key"] for r in site.backend.search(parse(text), audiences=EVERYONE, limit=500)[1]}


def indexed(site):
    site.backend.refresh()
    return [key for key, _source in site.backend.engine.scan(fields=[])]


def outbox(site):
    return [key for (key,) in query(site.env, "SELECT key FROM cop_search_outboxentry")]


def replies(site, word, count):
    return in_site(REPLIES, site.env, site.topic, word, count, timeout=300)


def test_a_reply_posted_through_the_site_is_searchable_within_seconds_by_the_worker(site):
    post = textwrap.dedent(
        """
        from django.test import Client
        from cop.members.models import User
        from forum.models import Post

        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username="author"))
        response = client.post(f"/forum/t/{sys.argv[1]}/reply/", {"body": "Громадський бюджет: кворум рад"})
        assert response.status_code == 302, response.status_code
        print(json.dumps(f"post:{Post.objects.latest('pk').pk}"))
        """
    )
    with consumer(site.env, site.folder / "fresh.log") as worker:
        with paused(worker, site.env):  # the request answered without the engine: the change waits in the outbox
            key = in_site(post, site.env, site.topic)
            assert key in outbox(site) and key not in found(site, "кворум")
        posted = time.monotonic()
        wait_for(lambda: key in found(site, "кворум"), 10, "the reply did not become searchable")
        assert time.monotonic() - posted < 10
        wait_for(lambda: not outbox(site), 5, "the outbox was not emptied")


def test_the_worker_killed_in_the_middle_of_a_batch_loses_no_outbox_row(site):
    keys = replies(site, "перерваний", 240)  # no worker running: every row waits
    assert set(keys) <= set(outbox(site))
    log = site.folder / "killed.log"
    with consumer(site.env, log, settings={"SEARCH_WORKER_BATCH": 20}, slow_engine=0.25) as worker:
        wait_for(lambda: 0 < len(set(keys) & set(outbox(site))) < len(keys) - 20, 30,
                 "the worker did not get through a few batches", interval=0.05)
        stop(worker, sig=9)  # SIGKILL: mid-batch, most likely between the engine's answer and the rows' deletion
    left = set(outbox(site))
    assert left & set(keys), "the worker finished before it was killed: nothing proven"
    assert set(keys) - left <= set(indexed(site)), "a row was deleted before the engine acknowledged its key"

    with consumer(site.env, site.folder / "restarted.log"):
        wait_for(lambda: not outbox(site), 30, "the restarted worker did not drain what was left")
    assert set(keys) <= set(indexed(site))
    assert found(site, "перерваний") >= set(keys)
    verified = manage(site.env, "search_index", "verify", check=False)
    assert verified.returncode == 0, verified.stdout[-2000:] + verified.stderr[-2000:]


def test_with_the_engine_unreachable_the_rows_wait_with_a_backoff_and_arrive_when_it_is_back(site):
    with consumer(site.env, site.folder / "unreachable.log"):
        site.relay.cut()
        try:
            [key] = replies(site, "недосяжний", 1)

            def failed_once():
                rows = query(site.env, "SELECT attempts, last_error FROM cop_search_outboxentry WHERE key = %s", (key,))
                return rows and rows[0][0] >= 1 and rows[0][1]

            wait_for(failed_once, 15, "the worker did not try the unreachable engine")
            [(attempts, error, waits)] = query(
                site.env, "SELECT attempts, last_error, available_at > created_at FROM cop_search_outboxentry WHERE key = %s",
                (key,))
            assert attempts >= 1 and error and waits  # kept, with the error, and not due again at once
        finally:
            site.relay.restore()
        back = time.monotonic()
        wait_for(lambda: key in found(site, "недосяжний"), 20, "the change did not arrive once the engine was back")
        assert time.monotonic() - back < 20
        wait_for(lambda: not outbox(site), 5, "the outbox was not emptied")


def test_several_workers_at_once_index_everything_exactly(site):
    edits = textwrap.dedent(
        """
        from cop.members.models import User
        from forum import services
        from forum.models import Post

        editor = User.objects.get(username="author")
        posts = list(Post.objects.filter(topic_id=int(sys.argv[1])).order_by("pk")[:10])
        for round in range(int(sys.argv[2])):
            for post in posts:  # the same keys again and again, while the workers drain them
                post.refresh_from_db()
                services.post_edit(post=post, editor=editor, body=f"{post.body.split(' — ')[0]} — правка {sys.argv[3]}{round}")
        print(json.dumps(len(posts)))
        """
    )
    logs = [site.folder / f"several-{n}.log" for n in range(3)]
    with consumer(site.env, logs[0]), consumer(site.env, logs[1]), consumer(site.env, logs[2]):
        writers = [
            subprocess.Popen([sys.executable, "-c", "import json, sys\nimport django\ndjango.setup()\n" + code,
                              *map(str, args)], cwd=ROOT, env=site.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for code, args in ((REPLIES, (site.topic, "одночасно", 60)), (edits, (site.topic, 6, "a")))
        ]
        for writer in writers:
            _out, err = writer.communicate(timeout=300)
            assert writer.returncode == 0, err.decode()[-3000:]
        wait_for(lambda: not outbox(site), 30, "the workers did not drain everything")
    keys = indexed(site)
    assert len(keys) == len(set(keys))
    verified = manage(site.env, "search_index", "verify", check=False)
    assert verified.returncode == 0, verified.stdout[-2000:] + verified.stderr[-2000:]
