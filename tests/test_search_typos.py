"""Typo correction proposes only words a search can match: terms of the searched (lemma) columns, closest
first, the more frequent first among equally close ones (issue #10, finding 10)."""

import pytest

from cop.search.analysis import lemmas
from cop.search.embedded import Document, EmbeddedIndex
from cop.search.query import parse


def keys(index, text):
    return [r["key"] for r in index.search(parse(text), audiences=["public"])[1]]


@pytest.fixture
def index():
    ix = EmbeddedIndex()
    ix.upsert([
        Document("practice:1", "practice", "Протоколи засідань виконкому", "/p/1",
                 body="Протокол кожного засідання оприлюднюють на сайті громади.", tags=["прозорість"]),
        Document("practice:2", "practice", "Мобільний офіс адміністративних послуг", "/p/2",
                 body="ЦНАП виїжджає до старостатів і сіл за графіком."),
        Document("practice:3", "practice", "Шкільні автобуси", "/p/3", body="Маршрути підвезення учнів узгоджено з батьками."),
    ])
    return ix


def test_a_word_known_only_as_a_surface_form_of_a_title_is_still_corrected(index):
    """"протоколи" is in the titles' surface-word column (for suggestions), never searched: a typo close to it
    must be corrected to the lemma that IS searched, not to the surface form."""
    assert "протоколи" not in lemmas("Протоколи засідань")  # the premise: surface and lemma differ
    assert keys(index, "протоколы") == ["practice:1"]
    assert keys(index, "протакол") == ["practice:1"]


def test_a_surface_form_typed_exactly_is_not_mistaken_for_a_known_term(index):
    # "засідань" is a surface word of practice 1's title; typed with one wrong letter it must still match.
    assert keys(index, "засыдань") == ["practice:1"]


def test_a_multi_word_query_with_one_typo_matches_all_words_without_the_relaxed_retry(index):
    query = parse("мобільний офіс послух")
    total, results, _facets = index.search(query, audiences=["public"])
    assert [r["key"] for r in results] == ["practice:2"] and query.match_all


def test_candidates_are_found_among_many_words_with_the_same_beginning():
    """A large vocabulary: thousands of terms share the first letters of the misspelt word."""
    ix = EmbeddedIndex()
    filler = " ".join(f"пр{chr(0x430 + i % 32)}{chr(0x430 + (i // 32) % 32)}{chr(0x430 + (i // 1024) % 32)}ня" for i in range(6000))
    ix.upsert([
        Document("practice:1", "practice", "Словник", "/p/1", body=filler),
        Document("practice:2", "practice", "Санітарний протокол для дільниць", "/p/2", body="Протокол санітарних заходів."),
    ])
    assert keys(ix, "протакол") == ["practice:2"]


def test_the_closer_and_more_frequent_candidate_wins():
    ix = EmbeddedIndex()
    ix.upsert([Document(f"practice:{n}", "practice", "Бюджет участі", f"/p/{n}", body="Бюджет громади.") for n in range(1, 4)]
              + [Document("practice:9", "practice", "Бюджетник", "/p/9", body="Рідкісне слово бюджетник.")])
    assert set(keys(ix, "бюджэт")) == {"practice:1", "practice:2", "practice:3"}


def test_short_words_are_not_corrected(index):
    assert keys(index, "учны") == []


def test_words_of_removed_documents_are_no_longer_proposed():
    ix = EmbeddedIndex()
    ix.upsert([Document("practice:1", "practice", "Протоколи засідань", "/p/1", body="Протокол засідання."),
               Document("practice:2", "practice", "Шкільні автобуси", "/p/2", body="Протокол поїздок.")])
    ix.delete(["practice:1"])
    assert keys(ix, "засыдань") == []
    assert keys(ix, "протакол") == ["practice:2"]
    ix.upsert([Document("practice:2", "practice", "Шкільні автобуси", "/p/2", body="Маршрути поїздок.")])
    assert keys(ix, "протакол") == []


def test_an_index_file_from_before_the_vocabulary_table_is_filled_once(tmp_path):
    path = str(tmp_path / "index.sqlite3")
    EmbeddedIndex(path).upsert([Document("practice:1", "practice", "Протоколи засідань", "/p/1", body="Протокол засідання.")])
    EmbeddedIndex(path)._conn.execute("DELETE FROM terms")  # as written by the previous version
    assert keys(EmbeddedIndex(path), "протакол") == ["practice:1"]
