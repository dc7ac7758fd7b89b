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


# The dense half of hybrid search (cop.search.base.VectorStore)

DIMS = 384


def unit(*weights, dims=DIMS):
    """A deterministic L2-normalised float32 vector: the first components are `weights`, the rest 0."""
    import numpy as np

    vector = np.zeros(dims, dtype=np.float32)
    vector[:len(weights)] = weights
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def rows(*vectors):
    import numpy as np

    return np.vstack(vectors).astype(np.float32)


TRANSLATED = [
    Document("practice:31", "practice", "Бюджет участі", "/p/31", body="Як громада розподілила бюджет.",
             tags=["бюджет"], theme="finansy", oblast="lvivska", date="2022-03-04", language="uk", group="g1"),
    Document("practice:32", "practice", "Participatory budget", "/en/p/32", body="How a community shared its budget.",
             tags=["budget"], theme="finansy", oblast="lvivska", date="2022-03-04", language="en", group="g1"),
    Document("topic:33", "topic", "Закрите обговорення", "/t/33", body="Лише для учасників.", theme="finansy",
             date="2023-01-01", audience="members", language="uk", group="g2"),
    Document("topic:34", "topic", "Closed discussion", "/en/t/34", body="Members only.", theme="finansy",
             date="2023-01-01", audience="members", language="en", group="g2"),
    Document("resource:35", "resource", "Посібник", "/r/35", body="Без перекладу.", tags=["посібник"], theme="osvita",
             oblast="kyivska", date="2021-05-06", language="uk"),
]


class VectorStoreContract:
    """Mix into a test class that defines a `backend` fixture returning an empty backend (words and vectors).

    Vectors are one-hot-like 384-d unit vectors, so every cosine similarity below is exact."""

    @pytest.fixture
    def backend(self):
        raise NotImplementedError("a contract class provides an empty backend")

    @pytest.fixture
    def vectors(self, backend):
        """Four keys of model "a" whose best passages score 1.0, 0.8, 0.0 and -1.0 against unit(1)."""
        backend.index_vectors("practice:1", model="a", digest="d1", vectors=rows(unit(0.6, 0.8), unit(1)))
        backend.index_vectors("practice:2", model="a", digest="d2", vectors=rows(unit(0.8, 0, 0.6)))
        backend.index_vectors("practice:3", model="a", digest="d3", vectors=rows(unit(0, 0, 0, 1)))
        backend.index_vectors("practice:4", model="a", digest="d4", vectors=rows(unit(-1)))
        backend.refresh()
        return backend

    @pytest.fixture
    def documents(self, backend):
        backend.index_documents(TRANSLATED)
        backend.refresh()
        return backend

    @staticmethod
    def scored(hits):
        return [(key, round(score, 4), passage) for key, score, passage in hits]

    def test_an_empty_store_has_nothing(self, backend):
        assert backend.search_vectors(unit(1), model="a", limit=10) == []
        assert backend.vector_digests(["practice:1"], model="a") == {}
        assert backend.vector_keys(model="a") == set()
        assert backend.vectors_of("practice:1", model="a") is None
        assert backend.fetch(["practice:31"], audiences=EVERYONE) == {}
        assert backend.translations(["g1"], language="en", audiences=EVERYONE) == {}

    def test_search_vectors_orders_keys_by_their_best_passage_cosine(self, vectors):
        hits = vectors.search_vectors(unit(1), model="a", limit=10)
        assert self.scored(hits) == [("practice:1", 1.0, 1), ("practice:2", 0.8, 0), ("practice:3", 0.0, 0),
                                     ("practice:4", -1.0, 0)]
        assert all(isinstance(score, float) for _key, score, _p in hits)
        assert self.scored(vectors.search_vectors(unit(0, 1), model="a", limit=10))[0] == ("practice:1", 0.8, 0)
        assert [key for key, _s, _p in vectors.search_vectors(unit(1), model="a", limit=2)] == ["practice:1", "practice:2"]

    def test_a_query_of_another_size_finds_nothing(self, vectors):
        assert vectors.search_vectors(unit(1, dims=8), model="a", limit=10) == []

    def test_models_never_mix(self, vectors):
        vectors.index_vectors("practice:9", model="b", digest="d9", vectors=rows(unit(1)))
        vectors.refresh()
        assert self.scored(vectors.search_vectors(unit(1), model="b", limit=10)) == [("practice:9", 1.0, 0)]
        assert "practice:9" not in {key for key, _s, _p in vectors.search_vectors(unit(1), model="a", limit=10)}
        assert vectors.search_vectors(unit(1), model="c", limit=10) == []
        assert vectors.vector_keys(model="a") == {"practice:1", "practice:2", "practice:3", "practice:4"}
        assert vectors.vector_keys(model="b") == {"practice:9"}
        assert vectors.vector_digests(["practice:1", "practice:9", "practice:404"], model="a") == {"practice:1": "d1"}
        assert vectors.vector_digests(["practice:1", "practice:9"], model="b") == {"practice:9": "d9"}
        assert vectors.vectors_of("practice:9", model="a") is None

    def test_vectors_of_returns_the_passages_as_stored(self, vectors):
        import numpy as np

        stored = vectors.vectors_of("practice:1", model="a")
        assert stored.dtype == np.float32 and stored.shape == (2, DIMS)
        np.testing.assert_array_equal(stored, rows(unit(0.6, 0.8), unit(1)))
        assert vectors.vectors_of("practice:404", model="a") is None

    def test_index_vectors_replaces_all_of_a_keys_passages(self, vectors):
        vectors.index_vectors("practice:1", model="a", digest="d1-new", vectors=rows(unit(0, 0, 0, 0, 1)))
        vectors.refresh()
        assert vectors.vectors_of("practice:1", model="a").shape == (1, DIMS)
        assert vectors.vector_digests(["practice:1"], model="a") == {"practice:1": "d1-new"}
        assert self.scored(vectors.search_vectors(unit(1), model="a", limit=10))[0] == ("practice:2", 0.8, 0)
        assert self.scored(vectors.search_vectors(unit(0, 0, 0, 0, 1), model="a", limit=1)) == [("practice:1", 1.0, 0)]
        # now by another model: the key's vectors of "a" are gone
        vectors.index_vectors("practice:1", model="b", digest="d1-b", vectors=rows(unit(1), unit(0, 1), unit(0, 0, 1)))
        vectors.refresh()
        assert "practice:1" not in vectors.vector_keys(model="a")
        assert vectors.vector_digests(["practice:1"], model="b") == {"practice:1": "d1-b"}
        assert vectors.vectors_of("practice:1", model="b").shape == (3, DIMS)
        assert self.scored(vectors.search_vectors(unit(0, 0, 1), model="b", limit=10)) == [("practice:1", 1.0, 2)]

    def test_delete_vectors(self, vectors):
        vectors.delete_vectors(["practice:1", "practice:404"])
        vectors.refresh()
        assert vectors.vector_digests(["practice:1", "practice:2"], model="a") == {"practice:2": "d2"}
        assert vectors.vectors_of("practice:1", model="a") is None
        assert vectors.vector_keys(model="a") == {"practice:2", "practice:3", "practice:4"}
        assert [key for key, _s, _p in vectors.search_vectors(unit(1), model="a", limit=10)] == [
            "practice:2", "practice:3", "practice:4"]
        vectors.delete_vectors([])

    def test_vectors_outlive_a_reindex_of_the_words_but_not_a_removal(self, documents):
        documents.index_vectors("practice:31", model="a", digest="d31", vectors=rows(unit(1)))
        documents.index_vectors("practice:32", model="a", digest="d32", vectors=rows(unit(0, 1)))
        documents.index_documents(TRANSLATED[:1])
        documents.refresh()
        assert documents.vector_digests(["practice:31", "practice:32"], model="a") == {"practice:31": "d31",
                                                                                        "practice:32": "d32"}
        documents.delete_documents(["practice:31"])
        documents.refresh()
        assert documents.vector_digests(["practice:31", "practice:32"], model="a") == {"practice:32": "d32"}
        assert [key for key, _s, _p in documents.search_vectors(unit(1), model="a", limit=10)] == ["practice:32"]

    def test_clear_removes_vectors_too(self, vectors):
        vectors.clear()
        vectors.refresh()
        assert vectors.vector_keys(model="a") == set()
        assert vectors.search_vectors(unit(1), model="a", limit=10) == []

    def test_fetch_returns_visible_documents_only(self, documents):
        keys = ["practice:31", "topic:33", "resource:35", "practice:404"]
        assert set(documents.fetch(keys, audiences=["public"])) == {"practice:31", "resource:35"}
        assert set(documents.fetch(keys, audiences=EVERYONE)) == {"practice:31", "topic:33", "resource:35"}
        assert documents.fetch(keys, audiences=[]) == {}
        assert documents.fetch([], audiences=EVERYONE) == {}
        assert documents.fetch(keys, audiences=["public"])["practice:31"] == {
            "key": "practice:31", "type": "practice", "title": "Бюджет участі", "url": "/p/31", "date": "2022-03-04",
            "theme": "finansy", "oblast": "lvivska", "year": 2022, "tags": ["бюджет"],
            "body": "Як громада розподілила бюджет.", "language": "uk", "group": "g1",
        }
        assert documents.fetch(["resource:35"], audiences=["public"])["resource:35"]["group"] == ""

    def test_fetch_applies_the_filters_of_search(self, documents):
        keys = [doc.key for doc in TRANSLATED]

        def fetched(**filters):
            return set(documents.fetch(keys, audiences=EVERYONE, filters=filters))

        assert fetched(type="topic") == {"topic:33", "topic:34"}
        assert fetched(theme="osvita") == {"resource:35"}
        assert fetched(oblast="lvivska") == {"practice:31", "practice:32"}
        assert fetched(tag="budget") == {"practice:32"}
        assert fetched(year=2023) == {"topic:33", "topic:34"}
        assert fetched(year="2021") == {"resource:35"}
        assert fetched(type="practice", year=2023) == set()
        assert fetched() == set(keys)

    def test_translations_in_the_readers_language_that_the_reader_may_see(self, documents):
        found = documents.translations(["g1", "g2", "g404", ""], language="en", audiences=["public"])
        assert {group: item["key"] for group, item in found.items()} == {"g1": "practice:32"}
        assert found["g1"]["url"] == "/en/p/32" and found["g1"]["language"] == "en"
        found = documents.translations(["g1", "g2"], language="en", audiences=EVERYONE)
        assert {group: item["key"] for group, item in found.items()} == {"g1": "practice:32", "g2": "topic:34"}
        found = documents.translations(["g1", "g2"], language="uk", audiences=EVERYONE)
        assert {group: item["key"] for group, item in found.items()} == {"g1": "practice:31", "g2": "topic:33"}
        assert documents.translations(["g1"], language="de", audiences=EVERYONE) == {}
        assert documents.translations([], language="en", audiences=EVERYONE) == {}
