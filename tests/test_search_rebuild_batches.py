"""A rebuild reads documents a batch at a time (issue #15): each source's `documents(kind, pks)` gives exactly what
`document(kind, pk)` gives one by one — hidden, unpublished and restricted content included — in a number of
queries that does not grow with the batch."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cop.search import get_backend
from cop.search.sources import all_keys, document_for, documents_for
from forum.models import Category, Post

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    theme = make_theme()
    author = make_user("author", groups=["Member"])
    public, members_only = make_category(), make_category(name="Для учасників", slug="private")
    Category.objects.filter(pk=members_only.pk).update(visibility=Category.Visibility.MEMBERS)
    for n in range(4):
        make_practice(f"Практика {n}", slug=f"p-{n}", themes=[theme], tags=["вибори", f"тег {n}"])
    make_practice("Чернетка", slug="draft", publish=False)
    restricted = make_practice("Для учасників", slug="members-only")
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    closed = make_practice("Лише редакторам", slug="editors")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    for category in (public, members_only):
        for n in range(3):
            topic = make_topic(category, author, title=f"Тема {category.pk} {n}", body="Питання", tags=[f"мітка {n}"])
            for m in range(3):
                make_reply(topic, author, f"Відповідь {m}")
    hidden = Post.objects.filter(number=2).first()
    Post.objects.filter(pk=hidden.pk).update(status=Post.Status.HIDDEN)
    return {"hidden": hidden}


def keys_with_extras():
    keys = list(all_keys())
    return keys + ["practice:999999", "post:999999", "topic:999999", "nothing:1", "post:x"]


def test_a_batch_gives_what_one_key_at_a_time_gives(content):
    keys = keys_with_extras()
    batched = documents_for(keys)
    assert list(batched) == keys
    assert batched == {key: document_for(key) for key in keys}
    assert batched[f"post:{content['hidden'].pk}"] is None
    kinds = {key.split(":")[0] for key, doc in batched.items() if doc is not None}
    assert kinds == {"practice", "topic", "post"}
    audiences = {doc.title: doc.audience for doc in batched.values() if doc is not None and doc.type == "practice"}
    assert audiences["Для учасників"] == "members" and "Лише редакторам" not in audiences and "Чернетка" not in audiences


def test_the_queries_of_a_batch_do_not_grow_with_it(content):
    keys = list(all_keys())
    documents_for(keys[:3])  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as small:
        documents_for([k for k in keys if k.startswith("post:")][:2] + [k for k in keys if k.startswith("practice:")][:1]
                      + [k for k in keys if k.startswith("topic:")][:1])
    with CaptureQueriesContext(connection) as large:
        documents_for(keys)
    assert len(large) <= len(small) + 2, [q["sql"] for q in large]


def test_a_rebuild_indexes_every_visible_document(content):
    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    expected = {key for key, doc in documents_for(list(all_keys())).items() if doc is not None}
    assert set(get_backend().index.documents()) == expected
    assert f"post:{content['hidden'].pk}" not in expected


def test_a_rebuild_gives_the_index_that_writing_each_document_gives(content, tmp_path):
    """The rebuild writes a batch at a time: the result is what upsert() of each document makes, term counts
    (typo tolerance, suggestions) included."""
    from cop.search.embedded import EmbeddedIndex

    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    one_by_one = EmbeddedIndex(str(tmp_path / "one-by-one.sqlite3"))
    for doc in documents_for(list(all_keys())).values():
        if doc is not None:
            one_by_one.upsert([doc])
    rebuilt = get_backend().index
    assert rebuilt.documents() == one_by_one.documents()
    terms = "SELECT term, surface, docs FROM terms ORDER BY term, surface"
    assert rebuilt._conn.execute(terms).fetchall() == one_by_one._conn.execute(terms).fetchall()



def test_a_rebuild_commits_once_per_write_batch_and_misses_nothing(content, monkeypatch):
    """Documents are read READ_BATCH at a time and written WRITE_BATCH at a time (one commit of SQLite and of
    tantivy each): small batches here, so that reads straddle writes and the last batch is a partial one."""
    from cop.search.management.commands import search_index
    from cop.search.topk import TopKIndex

    monkeypatch.setattr(search_index, "READ_BATCH", 2)
    monkeypatch.setattr(search_index, "WRITE_BATCH", 6)
    commits = []
    original = TopKIndex.commit
    monkeypatch.setattr(TopKIndex, "commit", lambda self: (commits.append(self._writer is not None), original(self))[1])
    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    keys = list(all_keys())
    expected = {key for key, doc in documents_for(keys).items() if doc is not None}
    index = get_backend().index
    assert set(index.documents()) == expected
    assert index.topk_keys() == expected
    write_batches = -(-len(keys) // 6)
    # The clear() that starts the rebuild, then one commit per write batch, each with documents to write
    assert len(commits) == write_batches + 1 and all(commits[1:])


def test_a_rebuild_gives_back_the_memory_freed_after_each_write_transaction(content, monkeypatch):
    """tantivy's merges free what they built in glibc arenas that keep it: the rebuild trims them after each write
    transaction, so its peak follows a transaction's merges, not every merge of the corpus (docs/performance.md)."""
    import platform

    from cop.search.management.commands import search_index
    from cop.search.topk import release_freed_memory

    monkeypatch.setattr(search_index, "READ_BATCH", 2)
    monkeypatch.setattr(search_index, "WRITE_BATCH", 6)
    released = []
    monkeypatch.setattr(search_index, "release_freed_memory", lambda: released.append(True))
    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    assert len(released) == -(-len(list(all_keys())) // 6)
    # On glibc (Linux, the machines we deploy on) the trim happens; elsewhere it is a no-op that says so.
    assert release_freed_memory() is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
