"""Concurrency and crash, against a live server: gunicorn with two worker processes of four threads, real HTTP
with session cookies and CSRF tokens, on a database made for these tests and the embedded index in a file.

* 200 replies from 8 concurrent members: no error, and every acknowledged reply (a 302 to its permalink) is in
  the database once and found by /api/search/.
* The server killed (SIGKILL, master and workers) in the middle of a stream of replies: every acknowledged
  reply survives, nothing is half-written (post numbers, topic counters and last post agree with the posts),
  every post is indexed or waits in the search outbox, and is indexed once the server is back.

SQLite: a file database in a temporary folder. PostgreSQL (DATABASE_URL points at one): a database of its own,
created next to the configured one and dropped at the end; skipped if the role may not create databases.
"""

import json
import os
import re
import signal
import sys
import textwrap
import threading
import time
from contextlib import contextmanager

import pytest
import requests

from .live import free_port, migrated_site, process, run_python

pytestmark = pytest.mark.slow

CLIENTS, REPLIES = 8, 200
KILL_CLIENTS, ACKNOWLEDGED_BEFORE_KILL = 4, 40

SETUP = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.test import Client
    from cop.members.models import User
    from forum import services
    from forum.models import Category

    category = Category.objects.create(slug="live", name="Живі тести")
    group = Group.objects.get(name="Member")
    topics = {}
    for label, members in json.loads(sys.argv[1]).items():  # a topic and its logged-in members per test
        sessions = []
        for n in range(members):
            user = User.objects.create_user(
                username=f"{label}{n}", email=f"{label}{n}@example.org", first_name="Учасник", last_name=str(n),
                membership_status=User.Status.APPROVED,
            )
            user.groups.add(group)
            client = Client()
            client.force_login(user)
            sessions.append(client.cookies["sessionid"].value)
        topic, _post = services.topic_create(category=category, author=user, title=f"Тема {label}", body="Перший допис")
        topics[label] = {"topic": topic.pk, "sessions": sessions}
    print(json.dumps(topics))
    """
)

CHECK = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from cop.search import get_backend
    from cop.search.models import OutboxEntry
    from forum.models import Post, Topic

    topic = Topic.objects.get(pk=int(sys.argv[1]))
    posts = list(Post.objects.filter(topic=topic).order_by("number").values_list("pk", "number", "body", "status"))
    print(json.dumps({
        "posts": posts, "post_count": topic.post_count, "last_post": topic.last_post_id,
        "outbox": sorted(set(OutboxEntry.objects.values_list("key", flat=True))),
        "indexed": sorted(key for key in get_backend().index.keys() if key.startswith(("post:", "topic:"))),
    }))
    """
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The environment of a migrated site: its own database and search index file."""
    tmp_path = tmp_path_factory.mktemp("live")
    with migrated_site(tmp_path, FORUM_POST_RATE="100000/m", FORUM_HOLD_FIRST_POSTS="0") as env:
        topics = run_python(SETUP, env, json.dumps({"concurrent": CLIENTS, "kill": KILL_CLIENTS}))
        yield env, tmp_path, topics


@contextmanager
def live_server(env, log_path):
    """gunicorn in a process group of its own; yields (base URL, process)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def healthy():
        try:
            return requests.get(f"{base}/healthz", timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):  # still booting
            return False

    command = [
        sys.executable, "-m", "gunicorn", "cop.wsgi:application", "--preload", "--bind", f"127.0.0.1:{port}",
        "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "60", "--graceful-timeout", "2",
        "--no-control-socket",  # gunicorn's control socket is one path per user: not for parallel test servers
    ]
    with process(command, env, log_path, ready=healthy) as server:
        yield base, server


def body_of(marker):
    """A reply's text; the marker is one word, so searching for it finds this reply only."""
    return f"Відповідь {marker} з досвіду громади"


class Member:
    """One member's browser: session cookie, CSRF token from the reply form, replies it was told are saved."""

    def __init__(self, base, session_key, topic, tag):
        self.base, self.topic, self.tag = base, topic, tag
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)
        form = self.http.get(f"{base}/forum/t/{topic}/reply/", timeout=30)
        form.raise_for_status()
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        self.acknowledged, self.errors = {}, []  # marker → post id

    def reply(self, n):
        marker = f"{self.tag}mark{n:04d}"
        response = self.http.post(
            f"{self.base}/forum/t/{self.topic}/reply/", data={"body": body_of(marker), "csrfmiddlewaretoken": self.token},
            allow_redirects=False, timeout=60,
        )
        permalink = re.fullmatch(r"/forum/p/(\d+)/", response.headers.get("Location", ""))
        if response.status_code == 302 and permalink:
            self.acknowledged[marker] = int(permalink.group(1))
        else:
            self.errors.append(f"{response.status_code}: {response.text[:200]}")


def in_threads(members, work):
    threads = [threading.Thread(target=work, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def found_by_search(base, marker, post_id):
    response = requests.get(f"{base}/api/search/", params={"q": marker}, timeout=30)
    return response.status_code == 200 and any(r["url"] == f"/forum/p/{post_id}/" for r in response.json()["results"])


def index_keys(state, topic):
    """What the index must hold for the topic: the topic (its opening post) and each visible reply."""
    replies = [pk for pk, number, _body, status in state["posts"] if number > 1 and status == "visible"]
    return {f"topic:{topic}"} | {f"post:{pk}" for pk in replies}


def assert_consistent(state, acknowledged):
    """Nothing half-written: each acknowledged reply once, numbers without gaps, counters from the posts."""
    bodies = [body for _pk, _number, body, _status in state["posts"]]
    for marker in acknowledged:
        assert bodies.count(body_of(marker)) == 1, f"acknowledged reply {marker} is missing or doubled"
    assert {pk for pk, *_ in state["posts"]} >= set(acknowledged.values())
    assert [number for _pk, number, *_ in state["posts"]] == list(range(1, len(state["posts"]) + 1))
    visible = [post for post in state["posts"] if post[3] == "visible"]
    assert state["post_count"] == len(visible)
    assert state["last_post"] == visible[-1][0]


def test_concurrent_replies_are_all_saved_and_searchable(site):
    env, tmp_path, topics = site
    setup = topics["concurrent"]
    with live_server(env, tmp_path / "server-concurrent.log") as (base, _process):
        members = [Member(base, key, setup["topic"], f"c{n}") for n, key in enumerate(setup["sessions"])]
        per_member = REPLIES // CLIENTS
        started = time.monotonic()
        in_threads(members, lambda member: [member.reply(n) for n in range(per_member)])
        elapsed = time.monotonic() - started
        errors = [error for member in members for error in member.errors]
        assert errors == [], f"{len(errors)} of {REPLIES} replies failed in {elapsed:.1f} s, e.g. {errors[:3]}"
        acknowledged = {marker: pk for member in members for marker, pk in member.acknowledged.items()}
        assert len(acknowledged) == REPLIES
        state = run_python(CHECK, env, setup["topic"])
        assert_consistent(state, acknowledged)
        assert state["post_count"] == REPLIES + 1
        missing = [marker for marker, pk in acknowledged.items() if not found_by_search(base, marker, pk)]
        assert missing == [], f"{len(missing)} acknowledged replies are not searchable, e.g. {missing[:5]}"


def test_a_server_killed_mid_stream_loses_no_acknowledged_reply(site):
    env, tmp_path, topics = site
    setup = topics["kill"]
    log = tmp_path / "server-kill.log"
    stop, cut = threading.Event(), []
    with live_server(env, log) as (base, server):
        members = [Member(base, key, setup["topic"], f"k{n}") for n, key in enumerate(setup["sessions"])]

        def stream(member):
            for n in range(10_000):
                if stop.is_set():
                    return
                try:
                    member.reply(n)
                except requests.RequestException as exc:  # the server is gone: this reply was not acknowledged
                    if "refused" not in str(exc):  # not a later attempt: the kill cut this request short
                        cut.append(member.tag)
                    return

        threads = [threading.Thread(target=stream, args=(member,)) for member in members]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while sum(len(m.acknowledged) for m in members) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(server.pid, signal.SIGKILL)  # master and workers, in the middle of the writes
        server.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    acknowledged = {marker: pk for member in members for marker, pk in member.acknowledged.items()}
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL, [member.errors[:2] for member in members]
    assert cut, "the server was not killed in the middle of a write"
    assert [error for member in members for error in member.errors] == []

    state = run_python(CHECK, env, setup["topic"])
    assert_consistent(state, acknowledged)
    assert index_keys(state, setup["topic"]) - set(state["indexed"]) - set(state["outbox"]) == set(), (
        "a post is neither indexed nor waiting in the outbox"
    )

    with live_server(env, log) as (base, _process):
        # The next write applies what the outbox kept; then every acknowledged reply is searchable.
        after = Member(base, setup["sessions"][0], setup["topic"], "after")
        after.reply(0)
        assert after.errors == []
        state = run_python(CHECK, env, setup["topic"])
        assert index_keys(state, setup["topic"]) <= set(state["indexed"])
        missing = [marker for marker, pk in acknowledged.items() if not found_by_search(base, marker, pk)]
        assert missing == [], f"{len(missing)} acknowledged replies are not searchable after the restart"
