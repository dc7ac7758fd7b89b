"""An embedded rebuild's reader processes (cop/search/readers.py), for real: forked from a `manage.py`-like process
on a database of its own (the test database is in memory or inside a transaction, where the rebuild reads in its
own process; those decisions are tested here too).

* with two readers and small batches, the rebuilt index holds exactly what a serial rebuild gives;
* a change another process writes to the index between two of the rebuild's transactions, to a document the
  readers had already read, is not overwritten by that earlier read: the rebuild reads it again.
"""

import textwrap

import pytest
from django.db import connection, transaction

from cop.search.readers import Readers

from .live import migrated_site, run_python

FILL = textwrap.dedent(
    """
    import json, sys
    import django

    django.setup()
    from cop.members.models import User
    from forum import services
    from forum.models import Category

    author = User.objects.create_user(username="author", email="author@example.org",
                                      membership_status=User.Status.APPROVED)
    category = Category.objects.create(slug="rebuild", name="Перебудова")
    topic, _ = services.topic_create(category=category, author=author, title="Тема перебудови", body="Перший допис")
    for n in range(int(sys.argv[1])):
        services.post_reply(topic=topic, author=author, body=f"Відповідь номер {n} про бюджет участі")
    print(json.dumps({"topic": topic.pk}))
    """
)

# The rebuild with two readers and batches of 20 keys, 40 per write transaction; the index as {key: fts text}.
REBUILD = textwrap.dedent(
    """
    import json, sys, time
    from contextlib import contextmanager
    import django

    django.setup()
    from django.core.management import call_command
    from cop.search import get_backend
    from cop.search.embedded import EmbeddedIndex, fts_columns
    from cop.search.sources import document_for
    from cop.search.management.commands import search_index
    from forum.models import Post

    search_index.READ_BATCH, search_index.WRITE_BATCH = 20, 40
    backend = get_backend()
    readers_seen = []
    original_for_rebuild = search_index.Readers.for_rebuild
    def for_rebuild(total):
        readers = original_for_rebuild(total)
        readers_seen.append(readers.processes)
        return readers
    search_index.Readers.for_rebuild = for_rebuild

    mode, changed = sys.argv[1], None
    if mode == "change-between-transactions":
        # After the rebuild's first transaction (keys 0-39), another process changes a reply of the third batch
        # (keys 40-59) and writes it to the index, as the site does on commit. The readers had read that batch
        # already: they read up to two transactions ahead, and the first transaction waited for them.
        changed = next(key for key in list(search_index.all_keys())[40:60] if key.startswith("post:"))
        original_writing, transactions = backend.writing, []

        @contextmanager
        def writing():
            with original_writing():
                yield
                if not transactions:
                    time.sleep(2)
            transactions.append(1)
            if len(transactions) == 1:
                Post.objects.filter(pk=int(changed.split(":")[1])).update(body_html="<p>Змінений текст про укриття</p>")
                EmbeddedIndex(backend.index.path).upsert([document_for(changed)])  # another process's connection
        backend.writing = writing

    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    conn = backend.index._conn
    rows = conn.execute("SELECT docs.key, fts.body FROM docs JOIN fts ON fts.rowid = docs.id ORDER BY docs.key")
    print(json.dumps({"readers": readers_seen, "index": dict(rows.fetchall()), "changed": changed,
                      "keys": sorted(document_for(k).key for k in search_index.all_keys() if document_for(k))}))
    """
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("rebuild-readers")
    with migrated_site(tmp_path, SEARCH_REBUILD_PARALLEL_MIN="0", FORUM_HOLD_FIRST_POSTS="0",
                       FORUM_POST_RATE="100000/m") as env:
        run_python(FILL, env, 150)
        yield env


def rebuild(env, mode, readers):
    return run_python(REBUILD, {**env, "SEARCH_REBUILD_READERS": str(readers)}, mode, timeout=300)


@pytest.mark.slow
def test_two_reader_processes_rebuild_exactly_what_a_serial_rebuild_gives(site):
    serial = rebuild(site, "plain", 0)
    parallel = rebuild(site, "plain", 2)
    assert serial["readers"] == [0] and parallel["readers"] == [2]
    assert len(parallel["index"]) == len(parallel["keys"]) == 151  # the topic (with its opening post), 150 replies
    assert sorted(parallel["index"]) == parallel["keys"]
    assert parallel["index"] == serial["index"]


@pytest.mark.slow
def test_a_change_written_between_two_transactions_is_not_overwritten_by_what_the_readers_read_before(site):
    result = rebuild(site, "change-between-transactions", 2)
    assert result["readers"] == [2]
    changed = result["index"][result["changed"]]
    assert "укриття" in changed and "бюджет" not in changed  # what the other process wrote, not the early read
    assert sorted(result["index"]) == result["keys"]


# --- when the rebuild reads in its own process ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_in_memory_inside_a_transaction_small_or_turned_off_it_reads_in_its_own_process(settings):
    settings.SEARCH_REBUILD_READERS, settings.SEARCH_REBUILD_PARALLEL_MIN = 2, 5_000
    in_memory = connection.vendor == "sqlite"  # the SQLite test database; PostgreSQL's a fork can read
    assert Readers.for_rebuild(10_000).processes == (0 if in_memory else 2)
    with transaction.atomic():
        assert Readers.for_rebuild(10_000).processes == 0  # uncommitted rows are invisible to other connections
    assert Readers.for_rebuild(4_999).processes == 0
    settings.SEARCH_REBUILD_READERS = 0
    assert Readers.for_rebuild(10_000).processes == 0
