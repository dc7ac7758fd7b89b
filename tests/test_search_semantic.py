"""Search by meaning (#13): passage vectors made by the real embedder in the background, cached by content hash,
fused with the words' ranking; cross-lingual queries; the faults that leave words-only search."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings

from cop.search import get_backend, service
from cop.search.embedded import Document
from cop.search.models import EmbeddingCache
from cop.search.semantic import embedders, vectors
from cop.search.semantic.hybrid import dense_candidates, fuse
from cop.search.semantic.passages import MAX_PASSAGES, WINDOW_WORDS, passage_spans, passage_text, passages

from .conftest import make_user
from .knowledge_factories import library, make_practice
from .search_contract import VectorStoreContract
from .semantic_support import REAL, CountingEmbedder

# Real commits: the index and the embedding task follow each commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ELECTIONS_EN = dict(
    title="Accessible polling stations during the pandemic",
    summary="How a city council kept voters safe at the local elections under quarantine.",
    body=[("paragraph", "<p>Election commissions disinfected ballot boxes, voters kept their distance and wore "
                        "masks, and older voters could vote at home.</p>")],
)
YOUTH_UK = dict(
    title="Молодіжна рада при міському голові",
    summary="Школярі та студенти радять міській раді, як витрачати кошти на молодь.",
    body=[("paragraph", "<p>Молодіжна рада збирається щомісяця і пропонує проєкти для бюджету участі.</p>")],
)
ROADS_UK = dict(
    title="Ремонт доріг за кошти громади",
    summary="Громада відремонтувала сільські дороги і мости.",
    body=[("paragraph", "<p>Асфальт поклали на п'яти вулицях, відремонтували два мости.</p>")],
)


def english_library():
    """The library's English tree (the test database has the Ukrainian one only)."""
    from wagtail.models import Locale

    en = Locale.objects.get_or_create(language_code="en")[0]
    existing = library().get_translations().filter(locale=en).first()
    if existing:
        return existing.specific
    page = library().copy_for_translation(en, copy_parents=True)
    page.save_revision().publish()
    return page.specific


@pytest.fixture
def semantic(settings):
    settings.SEARCH_EMBEDDER = REAL
    embedders.reset()
    yield
    embedders.reset()


def search(q, user=None, language="uk", **extra):
    params, parsed = service.params_from({"q": q, **extra})
    return service.run(user or AnonymousUser(), params, parsed, language=language)


def titles(outcome):
    return [r["title"] for r in outcome.results]


@pytest.fixture
def corpus(semantic):
    en = make_practice(slug="polling-en", parent=english_library(), **ELECTIONS_EN)
    youth = make_practice(slug="youth", **YOUTH_UK)
    roads = make_practice(slug="roads", **ROADS_UK)
    return en, youth, roads


def test_a_change_is_embedded_by_the_worker_and_found_across_languages(corpus):
    """The worker task runs at commit (Huey immediate in tests): vectors exist without any sweep."""
    en, youth, _roads = corpus
    backend = get_backend()
    model = embedders.get_embedder().model
    assert {f"practice:{en.pk}", f"practice:{youth.pk}"} <= backend.vector_keys(model=model)
    # Ukrainian query, English-only practice: no word in common.
    outcome = search("як безпечно провести вибори під час карантину")
    assert outcome.semantic == "on"
    assert titles(outcome)[0] == ELECTIONS_EN["title"]
    assert outcome.results[0]["found_by"] == "meaning"
    assert "<mark>" not in outcome.results[0]["snippet"] and outcome.results[0]["snippet"]
    # English query, Ukrainian-only practice.
    assert titles(search("pupils and students propose projects for young people"))[0] == YOUTH_UK["title"]
    # A paraphrase in the answer's own language that shares no word with it.
    assert titles(search("хто порадить мерові, на що витратити гроші для підлітків"))[0] == YOUTH_UK["title"]


def test_words_only_search_does_not_find_across_languages(settings, corpus):
    settings.SEARCH_EMBEDDER = ""
    embedders.reset()
    outcome = search("як безпечно провести вибори під час карантину")
    assert outcome.semantic == "off"
    assert ELECTIONS_EN["title"] not in titles(outcome)


def test_meaning_never_shows_what_the_reader_may_not_see(corpus):
    from wagtail.models import PageViewRestriction

    from cop.members.models import MEMBER_GROUP
    from django.contrib.auth.models import Group

    en = corpus[0]
    restriction = PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=MEMBER_GROUP))
    query = "як безпечно провести вибори під час карантину"
    assert ELECTIONS_EN["title"] not in titles(search(query))
    member = make_user("semantic-member", groups=["Member"])
    assert titles(search(query, member))[0] == ELECTIONS_EN["title"]
    en.unpublish()
    assert ELECTIONS_EN["title"] not in titles(search(query, member))
    assert f"practice:{en.pk}" not in get_backend().vector_keys(model=embedders.get_embedder().model)


def test_filters_apply_to_results_found_by_meaning(corpus):
    query = "як безпечно провести вибори під час карантину"
    assert ELECTIONS_EN["title"] not in titles(search(query, type="topic"))
    assert ELECTIONS_EN["title"] in titles(search(query, type="practice"))
    outcome = search(query)
    assert outcome.facets["type"].get("practice", 0) >= 1


def test_exact_demands_are_words_only(corpus):
    outcome = search('"вибори під час карантину"')
    assert ELECTIONS_EN["title"] not in titles(outcome)
    assert ELECTIONS_EN["title"] not in titles(search("вибори карантин -маски"))


def test_unchanged_text_is_never_embedded_twice(settings, corpus):
    settings.SEARCH_EMBEDDER = "tests.semantic_support.CountingEmbedder"
    embedders.reset()
    CountingEmbedder.embedded.clear()
    page = make_practice(slug="counted", title="Енергоефективні школи громади",
                         summary="Утеплення шкіл зменшило рахунки.", body=[("paragraph", "<p>Нові вікна.</p>")])
    first = list(CountingEmbedder.embedded)
    assert first, "a new practice is embedded"
    page.save_revision().publish()  # a no-op edit
    vectors.embed_keys([f"practice:{page.pk}"])
    assert CountingEmbedder.embedded == first
    # A rebuild of the index from scratch takes the vectors from the cache.
    get_backend().clear()
    from django.core.management import call_command

    call_command("search_index", "rebuild")
    assert CountingEmbedder.embedded == first
    assert f"practice:{page.pk}" in get_backend().vector_keys(model=embedders.get_embedder().model)
    assert EmbeddingCache.objects.filter(model=embedders.get_embedder().model).count() >= 1


def test_a_changed_model_re_embeds_and_never_mixes_vectors(settings, corpus):
    old_model = embedders.get_embedder().model
    settings.SEARCH_EMBEDDER = "tests.semantic_support.OtherModelEmbedder"
    embedders.reset()
    new_model = embedders.get_embedder().model
    assert new_model != old_model
    backend = get_backend()
    assert backend.vector_keys(model=new_model) == set()
    # Until the sweep ran, nothing is found by meaning (the old model's vectors are not used for new queries).
    outcome = search("як безпечно провести вибори під час карантину")
    assert not any(r.get("found_by") == "meaning" for r in outcome.results)
    counts = vectors.embed_missing()
    assert counts["embedded"] >= 3 and counts["left"] == 0
    assert titles(search("як безпечно провести вибори під час карантину"))[0] == ELECTIONS_EN["title"]


@pytest.mark.parametrize("path, expected", [
    ("tests.semantic_support.FailingEmbedder", "degraded"),
    ("tests.semantic_support.SlowEmbedder", "degraded"),
    ("tests.semantic_support.BrokenEmbedder", "degraded"),
    ("no.such.Embedder", "degraded"),
])
def test_a_failing_slow_or_missing_embedder_leaves_words_only_with_a_notice(settings, client, path, expected):
    make_practice(slug="roads", **ROADS_UK)
    settings.SEARCH_EMBEDDER = path
    settings.SEARCH_EMBED_TIMEOUT = 0.5
    embedders.reset()
    try:
        outcome = search("ремонт доріг")
        assert outcome.semantic == expected
        assert titles(outcome)[0] == ROADS_UK["title"]
        page = client.get("/search/", {"q": "ремонт доріг"})
        assert page.status_code == 200
        assert "Пошук за змістом зараз недоступний" in page.content.decode()
        api = client.get("/api/search/", {"q": "ремонт доріг"})
        assert api.status_code == 200 and api.json()["semantic"] == expected
        # A failing embedder in the worker keeps the change searchable by words; nothing raises into the page.
        make_practice(slug="roads-2", title="Ремонт мостів", summary="Міст через річку.")
        assert "Ремонт мостів" in titles(search("ремонт мостів"))
    finally:
        embedders.reset()


def test_healthz_shows_semantic_search(settings, client):
    settings.SEARCH_EMBEDDER = ""
    embedders.reset()
    body = client.get("/healthz").json()
    assert body["search"]["semantic"] == {"status": "off"}
    settings.SEARCH_EMBEDDER = "tests.semantic_support.BrokenEmbedder"
    embedders.reset()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["semantic"]["status"] == "error"
    settings.SEARCH_EMBEDDER = REAL
    embedders.reset()
    assert client.get("/healthz").json()["search"]["semantic"]["status"] == "ok"
    embedders.reset()


def test_a_practice_and_its_translation_are_one_result_in_the_readers_language(semantic):
    uk = make_practice(slug="budget-uk", title="Бюджет участі для молоді",
                       summary="Молодь пропонує і обирає проєкти бюджету участі.")
    en = uk.copy_for_translation(english_library().locale, copy_parents=True, alias=False)
    en.title = "Participatory budget for young people"
    en.summary = "Young people propose and choose participatory budget projects."
    en.save_revision().publish()
    outcome = search("бюджет участі молодь", language="uk")
    shown = [r for r in outcome.results if r["title"] in (uk.title, en.title)]
    assert [r["title"] for r in shown] == [uk.title]
    assert shown[0]["other_languages"] == ["en"]
    outcome = search("participatory budget young people", language="en")
    shown = [r for r in outcome.results if r["title"] in (uk.title, en.title)]
    assert [r["title"] for r in shown] == [en.title]
    assert shown[0]["other_languages"] == ["uk"]
    # An English query on the Ukrainian site finds the English words but shows the Ukrainian page.
    outcome = search("participatory budget young people", language="uk")
    assert [r["title"] for r in outcome.results if r["title"] in (uk.title, en.title)] == [uk.title]


@pytest.fixture
def opensearch(settings, semantic):
    """The OpenSearch node of SEARCH_TEST_OPENSEARCH_URL with the k-NN plugin (a failure on CI without one)."""
    import uuid

    from cop.search.backends import EngineSearchBackend

    from .search_contract import engine_url_or_skip

    settings.SEARCH_URL = engine_url_or_skip()
    settings.SEARCH_INDEX_PREFIX = prefix = f"cop-test-{uuid.uuid4().hex[:12]}"
    backend = get_backend()
    backend.engine.ensure_index()
    yield backend
    EngineSearchBackend(settings.SEARCH_URL, prefix=prefix).engine.drop_all()


def test_cross_lingual_search_and_similar_content_on_the_engine(opensearch):
    from cop.search.outbox import drain_all

    en = make_practice(slug="polling-en", parent=english_library(), **ELECTIONS_EN)
    youth = make_practice(slug="youth", **YOUTH_UK)
    make_practice(slug="roads", **ROADS_UK)
    drain_all(ignore_backoff=True, refresh=True)  # what the worker does; the vectors were written by its task
    opensearch.refresh()
    model = embedders.get_embedder().model
    assert {f"practice:{en.pk}", f"practice:{youth.pk}"} <= opensearch.vector_keys(model=model)
    outcome = search("як безпечно провести вибори під час карантину")
    assert outcome.semantic == "on"
    assert titles(outcome)[0] == ELECTIONS_EN["title"]
    assert outcome.results[0]["found_by"] == "meaning"
    assert titles(search("pupils and students propose projects for young people"))[0] == YOUTH_UK["title"]
    # A paraphrase in the answer's own language that shares no word with it.
    assert titles(search("хто порадить мерові, на що витратити гроші для підлітків"))[0] == YOUTH_UK["title"]
    assert ELECTIONS_EN["title"] not in titles(search("як безпечно провести вибори під час карантину", type="topic"))
    draft = "Як організувати голосування на виборах, коли в місті карантин і люди бояться заразитися?"
    assert service.similar(AnonymousUser(), draft)[0]["title"] == ELECTIONS_EN["title"]
    en.unpublish()
    drain_all(ignore_backoff=True, refresh=True)
    opensearch.refresh()
    assert ELECTIONS_EN["title"] not in titles(search("як безпечно провести вибори під час карантину"))


# Passages and fusion ---------------------------------------------------------------------------------------------


def test_a_huge_document_is_windowed_to_its_end_not_cut_off():
    words = [f"слово{i}" for i in range(WINDOW_WORDS * 10)]
    doc = Document("practice:1", "practice", "Назва", "/p/1", body=" ".join(words))
    spans = passage_spans(doc)
    assert spans[0][0] == 0 and spans[-1][1] == len(words)
    assert all(later[0] < earlier[1] for earlier, later in zip(spans, spans[1:]))  # overlapping windows
    texts = passages(doc)
    assert all(t.startswith("Назва. ") for t in texts[:-1]) and texts[-1] == "Назва"  # the title has its own
    assert words[-1] in texts[-2]
    huge = Document("practice:2", "practice", "Назва", "/p/2", body=" ".join(["слово"] * WINDOW_WORDS * 200))
    spans = passage_spans(huge)
    assert len(spans) == MAX_PASSAGES
    assert spans[-1][0] > WINDOW_WORDS * 190  # spread over the whole text, the end included
    assert passage_text(doc, 3).startswith("… ")


def test_short_and_empty_documents_have_one_passage():
    assert passages(Document("topic:1", "topic", "Питання", "/t/1")) == ["Питання"]
    assert passages(Document("topic:2", "topic", "", "/t/2")) == ["topic:2"]


def test_dense_candidates_must_be_close_to_the_best():
    hits = [("a", 0.50, 0), ("b", 0.45, 0), ("c", 0.41, 0), ("d", 0.39, 0)]
    assert [k for k, _s, _p in dense_candidates(hits, floor=0.3, margin=0.1)] == ["a", "b", "c"]
    assert [k for k, _s, _p in dense_candidates(hits, floor=0.44, margin=0.1)] == ["a", "b"]
    assert dense_candidates([("x", 0.2, 0)], floor=0.28) == []
    assert dense_candidates([]) == []


def test_each_languages_best_are_ranked_side_by_side():
    """Texts in the query's language keep an edge: the best English text, a little below the Ukrainian ones,
    comes first when it stands out among the English ones more than the best Ukrainian one does."""
    hits = [("uk1", 0.50, 0), ("uk2", 0.49, 0), ("uk3", 0.48, 0), ("en1", 0.47, 0), ("en2", 0.40, 0), ("en3", 0.39, 0)]
    languages = {"uk1": "uk", "uk2": "uk", "uk3": "uk", "en1": "en", "en2": "en", "en3": "en"}
    ranked = [k for k, _s, _p in dense_candidates(hits, languages, floor=0.3, margin=0.2)]
    assert ranked[0] == "en1" and ranked[1] == "uk1"
    assert [k for k, _s, _p in dense_candidates(hits, floor=0.3, margin=0.2)][0] == "uk1"  # without: by cosine


def test_fusion_rewards_documents_both_rankings_agree_on():
    order, _scores = fuse(["a", "b", "c"], ["c", "d"], lexical_weight=1.0, dense_weight=1.0)
    assert order[0] == "c"
    assert set(order) == {"a", "b", "c", "d"}
    assert order.index("a") < order.index("d")  # equal weights: ties go to the words' ranking
    order, _scores = fuse(["a", "b"], ["d"], lexical_weight=0.0, dense_weight=1.0)
    assert order == ["d", "a", "b"]  # words matched only in part come after meaning


def test_the_margin_is_measured_after_each_language_is_centred():
    """An English practice well below the Ukrainian texts by cosine, but the best English one by far, is a candidate:
    the margin measured on raw cosines cut it (the language's edge is larger than the margin)."""
    hits = [("uk1", 0.61, 0), ("uk2", 0.55, 0), ("uk3", 0.50, 0), ("en1", 0.48, 0), ("en2", 0.33, 0), ("en3", 0.30, 0)]
    languages = {key: key[:2] for key, _s, _p in hits}
    ranked = [k for k, _s, _p in dense_candidates(hits, languages, floor=0.28, margin=0.1)]
    assert ranked[0] == "en1" and "uk1" in ranked
    assert "en3" not in ranked and "uk3" not in ranked  # still far from the best of their language
    assert "en1" not in [k for k, _s, _p in dense_candidates(hits, floor=0.28, margin=0.1)]  # raw: cut


def test_translations_are_one_item_in_the_fusion():
    """The words found the English version first, meaning the Ukrainian one first: together they beat a discussion
    both put second, which a fusion per document ranked above each of them."""
    lexical, dense = ["practice:en", "topic:1"], ["practice:uk", "topic:1"]
    order, _scores = fuse(lexical, dense, lexical_weight=1.0, dense_weight=1.0)
    assert order[0] == "topic:1"  # without groups
    order, scores = fuse(lexical, dense, lexical_weight=1.0, dense_weight=1.0,
                         groups={"practice:en": "g1", "practice:uk": "g1"})
    assert order[:2] == ["practice:en", "practice:uk"] and scores["practice:en"] == scores["practice:uk"]
    assert scores["practice:en"] == pytest.approx(2 / 61) and scores["topic:1"] == pytest.approx(2 / 62)


def test_documents_the_words_could_not_find_are_not_ranked_down_for_their_language():
    """A Ukrainian query whose words only partly match (weight 0): the English practice found by meaning comes before
    a Ukrainian text meaning put first. With words that all match, a document found by both stays first, and the
    stand-in lifts the English one above documents the words found alone."""
    order, _ = fuse(["uk:2"], ["uk:1", "en:1"], lexical_weight=0.0, dense_weight=1.0)
    assert order[0] == "uk:1"
    order, _ = fuse(["uk:2"], ["uk:1", "en:1"], lexical_weight=0.0, dense_weight=1.0, unmatched={"en:1"})
    assert order[0] == "en:1"
    order, _ = fuse(["uk:1", "uk:2", "uk:3"], ["uk:1", "en:1"], lexical_weight=1.0, dense_weight=1.0)
    assert order[:3] == ["uk:1", "uk:2", "en:1"]
    order, scores = fuse(["uk:1", "uk:2", "uk:3"], ["uk:1", "en:1"], lexical_weight=1.0, dense_weight=1.0,
                         unmatched={"en:1"})
    assert order[:3] == ["uk:1", "en:1", "uk:2"]
    assert scores["en:1"] == pytest.approx(1.5 / 62)
    # A document the words did find is not also given the stand-in.
    _order, with_words = fuse(["en:1"], ["en:1"], lexical_weight=1.0, dense_weight=1.0, unmatched={"en:1"})
    assert with_words["en:1"] == pytest.approx(2 / 61)


# The embedded backend keeps the vector store's contract (the engine runs the same in test_search_engine_vectors.py)


class TestEmbeddedVectorStore(VectorStoreContract):
    @pytest.fixture
    def backend(self):
        from cop.search.backends import EmbeddedSearchBackend

        return EmbeddedSearchBackend(path=":memory:")


# Similar content ---------------------------------------------------------------------------------------------------


def test_similar_to_a_draft_finds_by_meaning_and_respects_permissions(corpus):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    from cop.members.models import MEMBER_GROUP

    en, youth, _roads = corpus
    draft = "Як організувати голосування на виборах, коли в місті карантин і люди бояться заразитися?"
    found = service.similar(AnonymousUser(), draft)
    assert found and found[0]["title"] == ELECTIONS_EN["title"]
    assert set(found[0]) >= {"key", "type", "title", "url", "snippet", "date", "language", "score"}
    assert service.similar(AnonymousUser(), draft, exclude=[f"practice:{en.pk}"])[:1] != found[:1]
    restriction = PageViewRestriction.objects.create(page=en, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=MEMBER_GROUP))
    assert ELECTIONS_EN["title"] not in [r["title"] for r in service.similar(AnonymousUser(), draft)]
    member = make_user("similar-member", groups=["Member"])
    assert service.similar(member, draft)[0]["title"] == ELECTIONS_EN["title"]


@pytest.mark.parametrize("text", ["", "   ", "два слова", "\x00\x00\x00", "а" * 100_000, "<script>x</script> " * 50])
def test_similar_never_raises(corpus, text):
    assert isinstance(service.similar(AnonymousUser(), text), list)


def test_related_practices_by_meaning_leave_out_the_page_and_its_translation(corpus):
    en, youth, roads = corpus
    other_youth = make_practice(slug="youth-2", title="Шкільне самоврядування і молодіжні ініціативи",
                                summary="Учні пропонують міській раді проєкти для молоді.")
    related = service.related(AnonymousUser(), f"practice:{youth.pk}")
    keys = [r["key"] for r in related]
    assert f"practice:{youth.pk}" not in keys
    assert keys[0] == f"practice:{other_youth.pk}"
    assert service.related(AnonymousUser(), "practice:999999") == []


def test_similar_uses_words_when_the_embedder_is_off(settings):
    make_practice(slug="roads", **ROADS_UK)
    settings.SEARCH_EMBEDDER = ""
    embedders.reset()
    found = service.similar(AnonymousUser(), "Хочемо зробити ремонт доріг у селах, з чого почати?")
    assert [r["title"] for r in found][:1] == [ROADS_UK["title"]]


def test_the_stored_language_means_are_those_of_the_reference_sentences(semantic):
    """language_means.json is written by `python -m cop.search.semantic.means`: it must match what the reference
    sentences give with the installed model, or vectors would be corrected by another model's means."""
    import numpy as np

    embedder = embedders.get_embedder()
    fresh = embedders.compute_language_means(embedder)
    stored = embedders.language_means(embedder)
    assert set(stored) == set(fresh) == {("query", "uk"), ("query", "en"), ("passage", "uk"), ("passage", "en")}
    # The same model gives the same means up to the float arithmetic of the CPU (AVX2 and AVX-512 machines differ
    # by up to about 4e-4 per component, cosine 0.999998); another model's means are nowhere near.
    for name, vector in fresh.items():
        stored_vector = np.asarray(stored[name])
        cosine = float(stored_vector @ vector / np.linalg.norm(stored_vector) / np.linalg.norm(vector))
        assert cosine > 0.9999 and np.allclose(stored_vector, vector, atol=2e-3), (name, cosine)


def test_a_forum_reply_is_embedded_without_its_topics_title():
    reply = Document("post:1", "post", "Назва теми", "/t/1#post-2", body="Ми зробили так само і це спрацювало.")
    assert passages(reply) == ["Ми зробили так само і це спрацювало"]
