"""The embedded FTS5 index: Ukrainian-aware matching, phrases, exclusions, typos, audiences, facets, highlights."""

import pytest

from cop.search.embedded import Document, EmbeddedIndex
from cop.search.query import QueryError, parse


@pytest.fixture
def index():
    ix = EmbeddedIndex()
    ix.upsert([
        Document("practice:1", "practice", "Вибори під час пандемії COVID-19", "/p/1",
                 body="Як громади організували виборчі дільниці під час карантину. Виборцям видавали маски.",
                 tags=["вибори", "covid-19"], theme="vybory", oblast="donetska", date="2020-10-25"),
        Document("post:2", "post", "Голосування ВПО", "/t/2#post-3",
                 body="Внутрішньо переміщені особи можуть голосувати на місцевих виборах після зміни виборчої адреси.",
                 tags=["впо"], theme="prava", date="2021-03-01", audience="members"),
        Document("practice:3", "practice", "Об'єднання громад і молодь", "/p/3",
                 body="Молодіжна рада Краматорська <script>alert(1)</script>", tags=["молодь"], theme="molod",
                 oblast="donetska", date="2022-01-01"),
    ])
    return ix


def keys(index, text, audiences=("public", "members"), **kwargs):
    return [r["key"] for r in index.search(parse(text), audiences=list(audiences), **kwargs)[1]]


def test_inflected_forms_find_each_other(index):
    assert set(keys(index, "виборах")) == {"practice:1", "post:2"}
    assert keys(index, "карантин") == ["practice:1"]


def test_apostrophe_forms_are_one(index):
    for spelling in ("об'єднання", "об’єднання", "обʼєднання"):
        assert keys(index, spelling) == ["practice:3"]


def test_exact_phrase_and_exclusion(index):
    assert keys(index, '"виборчі дільниці"') == ["practice:1"]
    assert keys(index, '"дільниці виборчі"') == []
    assert keys(index, "вибори -маски") == ["post:2"]


def test_typo_in_a_long_word_is_tolerated(index):
    assert keys(index, "переміщеніх") == ["post:2"]


def test_title_weighs_more_than_body(index):
    index.upsert([Document("practice:4", "practice", "Молодь і спорт", "/p/4", body="Про вибори коротко.", date="2023-01-01")])
    assert keys(index, "вибори")[0] == "practice:1"


def test_members_only_documents_are_invisible_to_the_public(index):
    assert keys(index, "голосувати", audiences=["public"]) == []
    total, results, facets = index.search(parse("виборах"), audiences=["public"])
    assert total == 1 and facets["type"] == {"practice": 1} and "впо" not in facets["tag"]
    assert index.suggest("голос", audiences=["public"]) == []


def test_filters_and_facets(index):
    assert set(keys(index, "громада", filters={"oblast": "donetska"})) == {"practice:1", "practice:3"}
    assert keys(index, "громада", filters={"oblast": "lvivska"}) == []
    total, _, facets = index.search(parse("вибори"), audiences=["public", "members"])
    assert facets["type"] == {"practice": 1, "post": 1}
    assert facets["year"] == {"2020": 1, "2021": 1}
    assert keys(index, "вибори", filters={"type": "post"}) == ["post:2"]
    assert keys(index, "вибори", filters={"year": 2020}) == ["practice:1"]
    assert keys(index, "вибори", filters={"tag": "covid-19"}) == ["practice:1"]


def test_sort_by_date(index):
    assert keys(index, "вибори", sort="date") == ["post:2", "practice:1"]


def test_snippets_mark_matches_and_escape_html(index):
    results = index.search(parse("alert"), audiences=["public"])[1]
    snippet = results[0]["snippet"]
    assert "<mark>alert</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_suggestions_complete_titles_and_tags(index):
    assert index.suggest("вибо", audiences=["public"]) == [{"text": "Вибори під час пандемії COVID-19", "url": "/p/1"}]


def test_reindexing_replaces_and_delete_removes(index):
    index.upsert([Document("practice:1", "practice", "Нова назва", "/p/1", body="Інший текст", date="2020-01-01")])
    assert keys(index, "вибори") == ["post:2"]
    index.delete(["post:2"])
    assert keys(index, "вибори") == []
    assert index.count() == 2


@pytest.mark.parametrize("text", ['"', '""', "-", "-вибори", "*", "()", "\x00", "🗳️", "   "])
def test_queries_without_words_are_rejected_clearly(text):
    with pytest.raises(QueryError):
        parse(text)


@pytest.mark.parametrize("text", ['вибори "під час', "вибори AND", 'title:вибори', "вибори*", "{title}: x", "a" * 400 + " вибори", "вибори 🗳️ \x01", "AND OR NOT", "NEAR(вибори"])
def test_odd_queries_never_raise_from_the_engine(index, text):
    index.search(parse(text), audiences=["public"])


def test_over_long_query_is_rejected():
    with pytest.raises(QueryError):
        parse("в" * 501)


def test_translations_are_looked_up_by_an_index_of_groups_also_in_a_file_of_an_older_version(tmp_path):
    """translations() runs on every search page: without an index on `grp` it read every row (186 ms of a
    220 ms search page at 100,000 documents). A file made before the column existed gets it and the index."""
    import sqlite3

    from cop.search.embedded import EmbeddedIndex

    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, type TEXT NOT NULL, "
                 "title TEXT NOT NULL, url TEXT NOT NULL, date TEXT, year INTEGER, theme TEXT, oblast TEXT, "
                 "tags TEXT NOT NULL DEFAULT '[]', audience TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', "
                 "boost REAL NOT NULL DEFAULT 1.0)")
    conn.commit()
    conn.close()
    for path in (str(old), str(tmp_path / "new.sqlite3")):
        index = EmbeddedIndex(path)
        plan = " ".join(row[-1] for row in index._conn.execute(
            "EXPLAIN QUERY PLAN SELECT key FROM docs WHERE grp IN (?, ?) AND language = ? AND audience IN (?)",
            ["a", "b", "uk", "public"]))
        assert "docs_grp" in plan, plan
