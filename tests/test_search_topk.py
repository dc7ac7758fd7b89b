"""The embedded index's top-k search (tantivy beside SQLite, cop.search.topk; issue #15).

Searches go to tantivy, SQLite stays the record. These tests hold it to the FTS5 search it replaces (the same
matches, exact totals, the same facets), to freshness across processes, to SQLite's authority on what exists
and who may see it, and to what happens when the two disagree or tantivy cannot be used.
"""

import os
import shutil

import pytest
from django.core.management import CommandError, call_command

from benchmarks import corpus
from cop.search.embedded import Document, EmbeddedIndex
from cop.search.query import parse, relaxed
from cop.search.topk import SCHEMA_VERSION

AUDIENCES = ["public", "members"]


def keys(index, text, audiences=AUDIENCES, **kwargs):
    return [r["key"] for r in index.search(parse(text), audiences=list(audiences), **kwargs)[1]]


@pytest.fixture(scope="module")
def generated():
    """300 generated documents of the benchmark corpus (Ukrainian, with tags, themes, oblasts, audiences) and its
    queries of every class (1, 2 and 4 words, with and without filters)."""
    index = EmbeddedIndex()
    index.upsert(list(corpus.documents(300, seed=11)))
    return index, corpus.queries(11, per_class=8, corpus_size=300)


def test_the_same_matches_totals_and_facets_as_fts5(generated):
    index, query_sets = generated
    compared = 0
    for items in query_sets.values():
        for item in items:
            for query in filter(None, [parse(item.text), relaxed(parse(item.text))]):
                for audiences in (["public"], AUDIENCES):
                    fts_total, fts_all, fts_facets = index.search_fts(query, audiences=audiences, filters=item.filters,
                                                                      limit=1000)
                    total, results, facets = index.search(query, audiences=audiences, filters=item.filters, limit=1000)
                    assert total == fts_total, item.text
                    assert {r["key"] for r in results} == {r["key"] for r in fts_all}, item.text
                    assert facets == fts_facets, item.text
                    compared += bool(total)
    assert compared > 40  # the comparison is of queries that match, not of empty results


def test_the_source_document_ranks_in_the_top_ten_as_often_as_with_fts5(generated):
    index, query_sets = generated
    items = [item for items in query_sets.values() for item in items]

    def found(search):
        return sum(item.source in [r["key"] for r in search(parse(item.text), audiences=AUDIENCES,
                                                              filters=item.filters, limit=10)[1]] for item in items)

    assert found(index.search) >= found(index.search_fts) - 2
    assert found(index.search) >= 0.6 * len(items)


def test_pages_partition_the_results_and_the_total_is_exact(generated):
    index, _ = generated
    total, first, _ = index.search(parse("громада"), audiences=AUDIENCES, limit=20)
    assert total > 40
    pages = [r["key"] for offset in range(0, total, 20)
             for r in index.search(parse("громада"), audiences=AUDIENCES, offset=offset, limit=20)[1]]
    assert len(pages) == total == len(set(pages))
    assert [r["key"] for r in first] == pages[:20]
    scores = [r["score"] for r in first]
    assert scores == sorted(scores, reverse=True)


def test_sort_by_date_is_newest_first(generated):
    index, _ = generated
    _, results, _ = index.search(parse("громада"), audiences=AUDIENCES, sort="date", limit=50)
    dates = [r["date"] for r in results]
    assert len(dates) == 50 and dates == sorted(dates, reverse=True)


def test_filters_and_audiences_hold_in_the_top_k_index():
    index = EmbeddedIndex()
    index.upsert([
        Document("practice:1", "practice", "Вибори під час карантину", "/p/1", body="Дільниці", tags=["вибори"],
                 theme="vybory", oblast="kyivska", date="2020-10-25"),
        Document("practice:2", "practice", "Вибори і молодь", "/p/2", body="Молодіжна рада", tags=["молодь"],
                 theme="molod", oblast="lvivska", date="2021-05-01"),
        Document("post:3", "post", "Тема", "/t/3", body="Вибори для учасників", date="2022-01-01", audience="members"),
    ])
    assert set(keys(index, "вибори")) == {"practice:1", "practice:2", "post:3"}
    assert keys(index, "вибори", audiences=["public"], filters={"type": "post"}) == []
    assert keys(index, "вибори", filters={"theme": "molod"}) == ["practice:2"]
    assert keys(index, "вибори", filters={"oblast": "kyivska"}) == ["practice:1"]
    assert keys(index, "вибори", filters={"tag": "молодь"}) == ["practice:2"]
    assert keys(index, "вибори", filters={"year": "2022"}) == ["post:3"]
    assert keys(index, "вибори", audiences=[]) == []
    total, _, facets = index.search(parse("вибори"), audiences=["public"])
    assert total == 2 and facets["type"] == {"practice": 2} and facets["year"] == {"2020": 1, "2021": 1}


def test_writes_of_another_process_are_searched_at_once(tmp_path):
    path = str(tmp_path / "index.sqlite3")
    writer, reader = EmbeddedIndex(path), EmbeddedIndex(path)
    assert keys(reader, "бюджет") == []
    writer.upsert([Document("practice:1", "practice", "Бюджет участі", "/p/1", body="Громада обирає проєкти")])
    assert keys(reader, "бюджет") == ["practice:1"]
    # A privacy change: the same key now for members only, hidden from the public at once.
    writer.upsert([Document("practice:1", "practice", "Бюджет участі", "/p/1", body="Громада", audience="members")])
    assert keys(reader, "бюджет", audiences=["public"]) == []
    assert reader.search(parse("бюджет"), audiences=["public"])[0] == 0
    writer.delete(["practice:1"])
    assert keys(reader, "бюджет") == []


def test_a_missing_or_older_top_k_index_is_filled_again_from_sqlite(tmp_path):
    path = str(tmp_path / "index.sqlite3")
    EmbeddedIndex(path).upsert([Document(f"practice:{n}", "practice", f"Відкриті дані {n}", f"/p/{n}") for n in range(5)])
    shutil.rmtree(path + ".tantivy")
    assert sorted(keys(EmbeddedIndex(path), "дані")) == [f"practice:{n}" for n in range(5)]
    assert EmbeddedIndex(path).topk_keys() == {f"practice:{n}" for n in range(5)}
    with open(os.path.join(path + ".tantivy", "cop-schema-version"), "w") as f:
        f.write(SCHEMA_VERSION + "-old")
    assert len(keys(EmbeddedIndex(path), "дані")) == 5


def test_sqlite_is_the_authority_on_what_exists(tmp_path):
    """A document tantivy holds but SQLite does not (a crash between the two commits) is never shown."""
    index = EmbeddedIndex()
    index.upsert([Document("practice:1", "practice", "Укриття", "/p/1", body="Мапа укриттів")])
    topk = index._topk_if_ready()
    topk.add("practice:9", type="practice", audience="public", theme="", oblast="", tags=[], date="", boost=1.0,
             title="укриття", tag_words="", body="")
    topk.commit()
    assert keys(index, "укриття") == ["practice:1"]


def test_a_failed_top_k_commit_rolls_the_write_back(monkeypatch):
    index = EmbeddedIndex()
    index.upsert([Document("practice:1", "practice", "Гендерна рівність", "/p/1")])
    topk = index._topk_if_ready()

    def fail():
        topk.rollback()
        raise OSError("No space left on device")

    monkeypatch.setattr(topk, "commit", fail)
    with pytest.raises(OSError):
        index.upsert([Document("practice:2", "practice", "Гендерний бюджет", "/p/2")])
    monkeypatch.undo()
    assert index.keys() == {"practice:1"} and index.topk_keys() == {"practice:1"}
    index.upsert([Document("practice:2", "practice", "Гендерний бюджет", "/p/2")])  # the writer was released
    assert set(keys(index, "гендерний")) == {"practice:1", "practice:2"}


def test_fts5_answers_when_the_top_k_index_cannot_be_opened(tmp_path):
    path = str(tmp_path / "index.sqlite3")
    (tmp_path / "index.sqlite3.tantivy").write_text("not a folder")
    index = EmbeddedIndex(path)
    index.upsert([Document("practice:1", "practice", "Молодіжна рада", "/p/1", body="Молодь громади")])
    assert keys(index, "молодь") == ["practice:1"]
    assert index.topk_keys() is None


@pytest.mark.django_db
def test_verify_reports_a_document_missing_from_the_top_k_index(settings, tmp_path):
    from cop.search import _backend_for, get_backend
    from tests.knowledge_factories import make_practice

    settings.SEARCH_INDEX_PATH = str(tmp_path / "index.sqlite3")
    _backend_for.cache_clear()
    try:
        make_practice("Відкрите врядування", slug="open")
        call_command("search_index", "rebuild")
        call_command("search_index", "verify")
        index = get_backend().index
        [key] = index.keys()
        topk = index._topk_if_ready()
        topk.delete(key)
        topk.commit()
        with pytest.raises(CommandError, match="out of date"):
            call_command("search_index", "verify")
        call_command("search_index", "rebuild")
        call_command("search_index", "verify")
    finally:
        _backend_for.cache_clear()


def test_the_nightly_refresh_re_weighs_recent_documents():
    from datetime import date, timedelta

    from cop.search.topk import ranking_weight

    today = date.today()
    recent, old = (today - timedelta(days=30)).isoformat(), "2015-01-01"
    index = EmbeddedIndex()
    index.upsert([Document("practice:1", "practice", "Прозорість", "/p/1", date=recent, boost=1.2),
                  Document("practice:2", "practice", "Прозорість", "/p/2", date=old)])
    topk = index._topk_if_ready()
    assert topk.weights()["practice:1"] == pytest.approx(ranking_weight(1.2, recent))
    assert ranking_weight(1.2, recent) > ranking_weight(1.2, recent, today + timedelta(days=400)) > ranking_weight(1.2, old)
    # Indexed a year ago and never since: the weight of that day.
    topk.add("practice:1", type="practice", audience="public", theme="", oblast="", tags=[], date=recent, boost=1.2,
             title="прозорість", tag_words="", body="", today=today - timedelta(days=365))
    topk.commit()
    assert topk.weights()["practice:1"] != pytest.approx(ranking_weight(1.2, recent))
    assert index.refresh_recency() == 1  # the old document is past the recency window: nothing to change
    assert topk.weights()["practice:1"] == pytest.approx(ranking_weight(1.2, recent))
    assert keys(index, "прозорість") == ["practice:1", "practice:2"]


def test_of_one_date_the_document_indexed_last_comes_first_by_date():
    index = EmbeddedIndex()
    for n in (1, 2, 3):
        index.upsert([Document(f"practice:{n}", "practice", "Енергоаудит", f"/p/{n}", date="2026-03-01")])
    index.upsert([Document("practice:1", "practice", "Енергоаудит шкіл", "/p/1", date="2026-03-01")])  # edited
    index.upsert([Document("practice:4", "practice", "Енергоаудит", "/p/4", date="2025-01-01")])
    assert keys(index, "енергоаудит", sort="date") == ["practice:1", "practice:3", "practice:2", "practice:4"]


def test_suggestions_match_those_of_fts5(generated):
    from cop.search.analysis import surface_words

    index, _ = generated
    titles = [title for (title,) in index._conn.execute("SELECT title FROM docs WHERE type != 'post'")]
    prefixes = {"г", "гр", "вибо", "молод", "зzz", "ґґґ"}
    for title in titles[:60]:
        words = surface_words(title)
        if len(words) >= 2:
            prefixes |= {words[0][:3], words[0] + " " + words[1][:2], words[1][:4]}
    compared = 0
    for prefix in sorted(prefixes):
        for audiences in (["public"], AUDIENCES):
            fts = index.suggest_fts(surface_words(prefix), audiences=audiences, limit=1000)
            ours = index.suggest(prefix, audiences=audiences, limit=1000)
            assert sorted(s["url"] for s in ours) == sorted(s["url"] for s in fts), prefix
            compared += bool(ours)
    assert compared > 30
    assert len(index.suggest("г", audiences=AUDIENCES)) == 8


def test_suggestions_follow_apostrophes_and_never_offer_replies_or_hidden_documents():
    index = EmbeddedIndex()
    index.upsert([
        Document("practice:1", "practice", "Об’єднання громад", "/p/1"),
        Document("post:2", "post", "Об’єднання громад", "/t/2#post-2", body="Об’єднання громад"),
        Document("topic:3", "topic", "Об’єднані зусилля", "/t/3", audience="members"),
    ])
    assert index.suggest("об'єд", audiences=["public"]) == [{"text": "Об’єднання громад", "url": "/p/1"}]
    assert {s["url"] for s in index.suggest("обʼєдн", audiences=AUDIENCES)} == {"/p/1", "/t/3"}
    assert index.suggest("об’єднання гром", audiences=["public"]) == [{"text": "Об’єднання громад", "url": "/p/1"}]
    assert index.suggest("гром об’єднання", audiences=["public"]) == []  # every word but the last is whole
    assert index.suggest("об", audiences=[]) == []
