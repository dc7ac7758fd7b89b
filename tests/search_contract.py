"""The contract every search backend keeps, as one mixin (in the style of Wagtail's BackendTests).

A test class mixes in SearchBackendContract and provides a `backend` fixture: an empty backend with the
interface of cop.search.backends (index_documents, delete_documents, search, suggest, health, and refresh()
to make writes visible). The tests call that interface directly with Documents and parsed queries, so both
backends are held to the same behaviour. A feature one backend lacks is declared on its class by
overriding the test with `pytest.mark.xfail(strict=True, reason=...)`, never skipped.
"""

import os

import pytest

from cop.search.analysis import lemma
from cop.search.embedded import Document
from cop.search.query import parse

ENGINE_URL_VARIABLE = "SEARCH_TEST_OPENSEARCH_URL"


def engine_url_or_skip():
    """The URL of the real engine for tests: skipped when not given, but a failure on CI, which must give it."""
    url = os.environ.get(ENGINE_URL_VARIABLE, "").strip()
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the search engine tests: set {ENGINE_URL_VARIABLE} (e.g. opensearch://127.0.0.1:9250).")
    pytest.skip(f"no search engine to test against: set {ENGINE_URL_VARIABLE}, e.g. opensearch://127.0.0.1:9250 "
                "(start one with `bash ops/opensearch/opensearch.sh start 9250`)")


CORPUS = [
    Document("practice:1", "practice", "Вибори під час пандемії COVID-19", "/p/1",
             body="Як громади організували виборчі дільниці під час карантину. Виборцям видавали маски.",
             tags=["вибори", "covid-19"], theme="vybory", oblast="donetska", date="2020-10-25"),
    Document("post:2", "post", "Голосування ВПО", "/t/2#post-3",
             body="Внутрішньо переміщені особи можуть голосувати на місцевих виборах після зміни виборчої адреси.",
             tags=["впо"], theme="prava", date="2021-03-01", audience="members"),
    Document("practice:3", "practice", "Об'єднання громад і молодь", "/p/3",
             body="Молодіжна рада Краматорська <script>alert(1)</script>", tags=["молодь"], theme="molod",
             oblast="donetska", date="2022-01-01"),
    Document("resource:4", "resource", "Remote council sessions", "/r/4",
             body="How city councils held their elections and meetings online.", tags=["online"], theme="vryaduvannia",
             oblast="lvivska", date="2023-05-05"),
    Document("event:5", "event", "Форум молодіжних рад", "/e/5", body="Зустріч молодіжних рад області у Львові.",
             tags=["молодь"], theme="molod", oblast="lvivska", date="2024-02-02"),
    Document("topic:6", "topic", "Закрите обговорення бюджету", "/t/6", body="Лише для учасників: бюджет участі громади.",
             tags=["бюджет"], theme="finansy", date="2021-06-01", audience="members"),
]
EVERYONE = ["public", "members"]


class SearchBackendContract:
    """Mix into a test class that defines a `backend` fixture returning an empty backend."""

    @pytest.fixture
    def backend(self):
        raise NotImplementedError("a contract class provides an empty backend")

    @pytest.fixture
    def corpus(self, backend):
        self.index(backend, CORPUS)
        return backend

    # Helpers

    @staticmethod
    def index(backend, documents):
        backend.index_documents(documents)
        backend.refresh()

    @staticmethod
    def delete(backend, keys):
        backend.delete_documents(keys)
        backend.refresh()

    @staticmethod
    def keys(backend, text, audiences=EVERYONE, **kwargs):
        return [r["key"] for r in backend.search(parse(text), audiences=list(audiences), **kwargs)[1]]

    # Empty index, indexing, re-indexing, deleting

    def test_empty_index_finds_nothing(self, backend):
        total, results, facets = backend.search(parse("вибори"), audiences=EVERYONE)
        assert (total, results) == (0, [])
        assert set(facets) == {"type", "theme", "tag", "oblast", "year"}
        assert all(counts == {} for counts in facets.values())
        assert backend.suggest("вибо", audiences=EVERYONE) == []

    def test_indexed_documents_are_found_with_the_result_shape(self, corpus):
        total, results, _facets = corpus.search(parse("карантин"), audiences=EVERYONE)
        assert total == 1
        result = results[0]
        assert {"key", "type", "title", "url", "date", "theme", "tags", "score", "snippet", "title_html"} <= set(result)
        assert (result["key"], result["type"], result["title"], result["url"]) == (
            "practice:1", "practice", "Вибори під час пандемії COVID-19", "/p/1")
        assert (result["date"], result["theme"], result["tags"]) == ("2020-10-25", "vybory", ["вибори", "covid-19"])
        assert isinstance(result["score"], float) and result["score"] > 0

    def test_reindexing_replaces_the_document(self, corpus):
        self.index(corpus, [Document("practice:1", "practice", "Нова назва практики", "/p/1-new", body="Інший текст",
                                     date="2020-01-01")])
        assert self.keys(corpus, "вибори") == ["post:2"]
        total, results, _ = corpus.search(parse("назва"), audiences=EVERYONE)
        assert total == 1 and results[0]["url"] == "/p/1-new"
        self.index(corpus, [Document("practice:1", "practice", "Нова назва практики", "/p/1-new", body="Інший текст",
                                     date="2020-01-01")])
        assert corpus.search(parse("назва"), audiences=EVERYONE)[0] == 1  # indexing twice never duplicates

    def test_delete_removes_and_deleting_a_missing_key_is_harmless(self, corpus):
        self.delete(corpus, ["post:2", "practice:404"])
        assert self.keys(corpus, "вибори") == ["practice:1"]
        self.delete(corpus, ["practice:1"])
        assert self.keys(corpus, "вибори") == []
        assert self.keys(corpus, "молодь") != []

    # Language

    def test_inflected_ukrainian_queries_find_the_lemma(self, corpus):
        assert set(self.keys(corpus, "виборів")) == {"practice:1", "post:2"}
        assert set(self.keys(corpus, "виборах")) == {"practice:1", "post:2"}
        assert self.keys(corpus, "карантинами") == ["practice:1"]

    @pytest.mark.parametrize("spelling", ["об'єднання", "об’єднання", "обʼєднання"])
    def test_apostrophe_forms_are_one(self, corpus, spelling):
        assert self.keys(corpus, spelling) == ["practice:3"]

    def test_english_words_are_stemmed(self, corpus):
        assert self.keys(corpus, "election") == ["resource:4"]
        assert self.keys(corpus, "remote session") == ["resource:4"]

    # Ranking

    def test_title_outranks_body(self, backend):
        self.index(backend, [
            Document("practice:10", "practice", "Бюджет участі", "/p/10", body="Як ми це зробили.", date="2021-01-01"),
            Document("practice:11", "practice", "Інша практика", "/p/11", body="Згадка про бюджет участі.", date="2021-01-01"),
        ])
        assert self.keys(backend, "бюджет") == ["practice:10", "practice:11"]

    def test_document_boost_is_applied(self, backend):
        plain = dict(type="practice", title="Молодіжна рада", url="/p", body="Про молодь.", date="2021-01-01")
        self.index(backend, [Document("practice:20", **plain, boost=1.0), Document("practice:21", **plain, boost=2.0)])
        results = backend.search(parse("молодіжна рада"), audiences=EVERYONE)[1]
        assert [r["key"] for r in results] == ["practice:21", "practice:20"]
        assert results[0]["score"] == pytest.approx(2 * results[1]["score"], rel=0.01)

    # Query syntax

    def test_exact_phrase_keeps_word_order(self, corpus):
        assert self.keys(corpus, '"виборчі дільниці"') == ["practice:1"]
        assert self.keys(corpus, '"дільниці виборчі"') == []

    def test_exclusion(self, corpus):
        assert self.keys(corpus, "вибори -маски") == ["post:2"]
        assert self.keys(corpus, "вибори -маски -переміщені") == []

    def test_every_word_must_match_unless_relaxed(self, corpus):
        from cop.search.query import relaxed

        query = parse("вибори бюджет")
        assert corpus.search(query, audiences=EVERYONE)[0] == 0
        total, results, _ = corpus.search(relaxed(query), audiences=EVERYONE)
        assert total == 3 and {r["key"] for r in results} == {"practice:1", "post:2", "topic:6"}

    def test_typo_in_a_long_word_is_tolerated(self, corpus):
        assert len(lemma("переміщеніх")) >= 5
        assert self.keys(corpus, "переміщеніх") == ["post:2"]
        assert self.keys(corpus, "карантину") == ["practice:1"]

    def test_no_typo_tolerance_for_short_words(self, corpus):
        assert len(lemma("рада")) < 5 and set(self.keys(corpus, "рада")) == {"practice:3", "event:5"}
        assert len(lemma("рвда")) < 5 and self.keys(corpus, "рвда") == []  # one letter from "рада": too short to guess

    @pytest.mark.parametrize("text", ['вибори "під час', "вибори AND", "title:вибори", "вибори*", "{title}: x",
                                      "a" * 400 + " вибори", "вибори 🗳️ \x01", "AND OR NOT", "NEAR(вибори", "вибори ~2 ^3 /x/"])
    def test_odd_queries_never_raise(self, corpus, text):
        corpus.search(parse(text), audiences=EVERYONE)

    # Audiences

    def test_members_documents_never_reach_the_public(self, corpus):
        assert self.keys(corpus, "голосувати", audiences=["public"]) == []
        total, results, facets = corpus.search(parse("виборах"), audiences=["public"])
        assert total == 1 and [r["key"] for r in results] == ["practice:1"]
        assert facets["type"] == {"practice": 1}
        assert "впо" not in facets["tag"] and "prava" not in facets["theme"] and "2021" not in facets["year"]
        assert corpus.suggest("закри", audiences=["public"]) == []
        assert corpus.suggest("закри", audiences=EVERYONE) == [{"text": "Закрите обговорення бюджету", "url": "/t/6"}]
        assert corpus.search(parse("бюджет"), audiences=["public"])[0] == 0

    # Filters and facets

    def test_each_filter(self, corpus):
        assert set(self.keys(corpus, "вибори")) == {"practice:1", "post:2"}
        assert self.keys(corpus, "вибори", filters={"type": "post"}) == ["post:2"]
        assert self.keys(corpus, "вибори", filters={"theme": "vybory"}) == ["practice:1"]
        assert self.keys(corpus, "вибори", filters={"tag": "covid-19"}) == ["practice:1"]
        assert self.keys(corpus, "вибори", filters={"year": 2021}) == ["post:2"]
        assert self.keys(corpus, "вибори", filters={"year": "2020"}) == ["practice:1"]
        assert set(self.keys(corpus, "молодь", filters={"oblast": "donetska"})) == {"practice:3"}
        assert self.keys(corpus, "молодь", filters={"oblast": "lvivska"}) == ["event:5"]
        assert self.keys(corpus, "молодь", filters={"oblast": "kyivska"}) == []
        assert self.keys(corpus, "вибори", filters={"type": "practice", "year": 2021}) == []

    def test_each_facet_counts_the_matches(self, corpus):
        total, _, facets = corpus.search(parse("вибори"), audiences=EVERYONE)
        assert total == 2
        assert facets["type"] == {"practice": 1, "post": 1}
        assert facets["theme"] == {"vybory": 1, "prava": 1}
        assert facets["tag"] == {"вибори": 1, "covid-19": 1, "впо": 1}
        assert facets["oblast"] == {"donetska": 1}
        assert facets["year"] == {"2020": 1, "2021": 1}
        _, _, facets = corpus.search(parse("молодь"), audiences=EVERYONE)
        assert facets["tag"] == {"молодь": 2} and facets["oblast"] == {"donetska": 1, "lvivska": 1}
        _, _, filtered = corpus.search(parse("вибори"), audiences=EVERYONE, filters={"type": "post"})
        assert filtered["type"] == {"post": 1} and filtered["year"] == {"2021": 1}

    # Sorting and pagination

    def test_sort_by_relevance_or_date(self, corpus):
        assert self.keys(corpus, "вибори") == ["practice:1", "post:2"]
        assert self.keys(corpus, "вибори", sort="date") == ["post:2", "practice:1"]

    def test_pagination(self, backend):
        self.index(backend, [
            Document(f"resource:{n}", "resource", f"Звіт громади {n}", f"/r/{n}", body="Звіт про бюджет.",
                     date=f"2020-01-{n:02d}") for n in range(1, 26)
        ])
        seen = []
        for offset in (0, 10, 20):
            total, results, facets = backend.search(parse("звіт"), audiences=EVERYONE, sort="date", offset=offset, limit=10)
            assert total == 25 and facets["type"] == {"resource": 25}
            seen += [r["key"] for r in results]
        assert seen == [f"resource:{n}" for n in range(25, 0, -1)]
        total, results, _ = backend.search(parse("звіт"), audiences=EVERYONE, offset=30, limit=10)
        assert (total, results) == (25, [])

    # Snippets and suggestions

    def test_snippet_marks_matches_and_escapes_html(self, corpus):
        result = corpus.search(parse("alert"), audiences=EVERYONE)[1][0]
        assert "<mark>alert</mark>" in result["snippet"]
        assert "<script>" not in result["snippet"] and "&lt;script&gt;" in result["snippet"]
        result = corpus.search(parse("виборах"), audiences=EVERYONE)[1][0]
        assert result["title_html"] == "<mark>Вибори</mark> під час пандемії COVID-19"

    def test_suggestions_complete_titles_and_tags_by_prefix(self, corpus):
        assert corpus.suggest("вибо", audiences=["public"]) == [{"text": "Вибори під час пандемії COVID-19", "url": "/p/1"}]
        assert corpus.suggest("вибори пан", audiences=["public"]) == [{"text": "Вибори під час пандемії COVID-19", "url": "/p/1"}]
        assert {s["url"] for s in corpus.suggest("молод", audiences=["public"])} == {"/p/3", "/e/5"}
        assert corpus.suggest("голосув", audiences=EVERYONE) == []  # forum replies are never suggested
        assert corpus.suggest("ґґґ", audiences=EVERYONE) == []

    def test_health(self, backend):
        assert backend.health()["status"] == "ok"
