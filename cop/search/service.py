"""One search for the HTML page and the JSON API: parameters in, permission-aware results out."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cop.core.text import clean_single_line
from cop.members import roles

from . import get_backend, registry
from .base import SearchUnavailable
from .query import QueryError, parse
from .query import relaxed as relaxed_query

TYPES = ("practice", "resource", "event", "topic", "post")
MAX_PAGE_SIZE = 50
logger = logging.getLogger(__name__)


class SearchError(ValueError):
    """Bad input: the message is translated and shown to the user (HTTP 400 in the API)."""


@dataclass
class SearchParams:
    q: str
    type: str = ""
    theme: str = ""
    tag: str = ""
    oblast: str = ""
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    like_mine: bool = False  # rank practices from hromadas like the member's higher (knowledge/similar_places.py)


def params_from(data):
    q = data.get("q", "")
    try:
        parsed = parse(q)
    except QueryError as exc:
        reason = str(exc)
        if reason == "too_long":
            raise SearchError(_("The query is too long: use at most 500 characters.")) from None
        if reason == "no_words":
            raise SearchError(_("The query has no words to search for.")) from None
        raise SearchError(_("Type what you are looking for.")) from None

    def number(name, default, low, high):
        try:
            return min(max(int(data.get(name, default)), low), high)
        except (TypeError, ValueError):
            return default

    year = data.get("year")
    params = SearchParams(
        q=q,
        type=data.get("type", "") if data.get("type", "") in TYPES else "",
        theme=str(data.get("theme", ""))[:100],
        tag=str(data.get("tag", ""))[:100],
        oblast=str(data.get("oblast", ""))[:100],
        year=int(year) if str(year or "").isdigit() and 1990 <= int(year) <= 2100 else None,
        sort="date" if data.get("sort") == "date" else "relevance",
        page=number("page", 1, 1, 1000),
        page_size=number("page_size", 20, 1, MAX_PAGE_SIZE),
        like_mine=data.get("like_mine") == "1",
    )
    return params, parsed


FILTERS = ("type", "theme", "tag", "oblast", "year")


def filters_of(params):
    """The filters a search narrows to (not its order or page)."""
    return {name: getattr(params, name) for name in FILTERS if getattr(params, name)}


def stored_filters(params):
    """The filters as kept in the database and shown to people again: single-line text, cleaned like every title
    (no invisible or direction-changing characters; a filter value with them matches nothing anyway)."""
    return {name: clean_single_line(value) if isinstance(value, str) else value for name, value in filters_of(params).items()}


def normalised(parsed, filters):
    """One text for every way of typing the same search: lemmas sorted (so "Вибори", "вибори " and "виборів" are
    one), phrases, exclusions and filters; and its key (a hash, so it fits an index)."""
    parts = sorted(parsed.terms) + sorted('"%s"' % " ".join(phrase) for phrase in parsed.phrases)
    parts += sorted(f"-{term}" for term in parsed.excluded)
    parts += [f"{name}={filters[name]}" for name in sorted(filters)]
    text = " ".join(parts)[:1000]
    return text, hashlib.sha256(" ".join(parts).encode()).hexdigest()


def params_for(query, filters, **extra):
    """SearchParams and the parsed query for a stored search (raises SearchError when it no longer parses)."""
    return params_from({"q": query, **{name: value for name, value in (filters or {}).items() if name in FILTERS}, **extra})


def audiences_for(user):
    return ["public", "members"] if roles.is_member(user) else ["public"]


@dataclass
class Outcome:
    """What one search found: `relaxed` when the words matched only in part; `semantic` is "on" (words and
    meaning), "off" (words only, by settings) or "degraded" (words only, as the embedder failed or was slow)."""

    total: int
    results: list
    facets: dict
    relaxed: bool = False
    semantic: str = "off"
    like_mine: object = None  # the Signal applied (its description says whose hromadas), or None

    def __iter__(self):  # (total, results, facets, relaxed), as callers unpack it
        return iter((self.total, self.results, self.facets, self.relaxed))


HYBRID_POOL = 100  # lexical candidates fused with the dense ones; deeper pages are words only


def run(user, params, parsed, *, language=None):
    """Results for this user: words and meaning fused (cop.search.semantic.hybrid) when an embedder is configured,
    one result per translation (in the reader's language when it exists); when no document contains every word,
    those containing some of them. Unpacks as (total, results, facets, relaxed); see Outcome."""
    from .semantic import embedders

    filters = filters_of(params)
    backend = get_backend()
    audiences = audiences_for(user)
    language = language or (get_language() or "uk")[:2]
    offset = (params.page - 1) * params.page_size

    def search(query, offset, limit):
        # A pool (most of it never shown) is searched without snippets; the page shown gets them in _finish.
        return backend.search(query, audiences=audiences, filters=filters, sort=params.sort, offset=offset, limit=limit,
                              snippets=not pooled)

    embedder = embedders.get_embedder()
    # "degraded": configured, but not loadable now (or, below, failing or too slow for this query).
    semantic = "off" if not settings.SEARCH_EMBEDDER else ("on" if embedder is not None else "degraded")
    # Exact demands (a "phrase" or -word) are words only, and so are pages beyond the fused pool.
    within_pool = offset + params.page_size <= HYBRID_POOL
    hybrid = semantic == "on" and not parsed.phrases and not parsed.excluded and within_pool
    like_mine = registry.signal("like_mine", user) if params.like_mine and params.sort == "relevance" else None
    pooled = hybrid or (like_mine is not None and within_pool)
    start, pool = (0, HYBRID_POOL) if pooled else (offset, params.page_size)
    total, results, facets = search(parsed, start, pool)
    relaxed = False
    if total == 0 and (wider := relaxed_query(parsed)) is not None:
        total, results, facets = search(wider, start, pool)
        relaxed = total > 0
    if hybrid:
        vector = embedders.embed_query(params.q)
        if vector is None:
            semantic = "degraded"
        else:
            total, results, facets = _fuse(backend, vector, total, results, facets, audiences=audiences,
                                           filters=filters, sort=params.sort, relaxed=relaxed or total == 0,
                                           query_text=params.q)
    results, collapsed = _one_per_translation(backend, results, language=language, audiences=audiences)
    total -= collapsed
    if like_mine is not None and pooled:
        results = _boosted(results, like_mine.points)
    if pooled:
        results = results[offset:offset + params.page_size]
    _finish(backend, results, audiences=audiences)
    _mark_translations(backend, results, audiences=audiences)
    for result in results:
        kind, _, pk = result.pop("key").partition(":")
        result["id"] = int(pk)
        result.pop("group", None)
    return Outcome(total, results, facets, relaxed, semantic, like_mine)


LIKE_MINE_BOOST = 0.1  # per point of closeness (1–4)
LIKE_MINE_K = 10


def _boosted(results, points):
    """The ranking signal "from hromadas like mine", on ranks (scores have no common scale across backends and
    fusion): each result weighs (1 + LIKE_MINE_BOOST × points) / (LIKE_MINE_K + rank), so the closest practice
    rises about four places and never jumps over a much better match. The results it raised say so (`like_mine`)."""
    if not points:
        return results
    weights = {}
    for rank, result in enumerate(results, 1):
        result["like_mine"] = result["key"] in points
        weights[id(result)] = (1 + LIKE_MINE_BOOST * points.get(result["key"], 0)) / (LIKE_MINE_K + rank)
    return sorted(results, key=lambda r: -weights[id(r)])


def _fetched_result(item, snippet):
    return {
        "key": item["key"], "type": item["type"], "title": item["title"], "url": item["url"], "date": item["date"],
        "theme": item["theme"], "tags": item["tags"], "language": item.get("language", ""), "group": item.get("group", ""),
        "score": 0.0, "snippet": snippet, "title_html": escape(item["title"]),
    }


def _finish(backend, results, *, audiences):
    """Snippets for the page shown, where the pool was searched without them: the words' results are highlighted,
    those found by meaning alone show their best passage (their bodies read in one look-up)."""
    from .embedded import highlight_results

    highlight_results(results)
    wanted = [r["key"] for r in results if r.get("snippet") is None and "_passage" in r]
    bodies = backend.fetch(wanted, audiences=audiences) if wanted else {}
    for result in results:
        passage = result.pop("_passage", None)
        if result.get("snippet") is None:
            item = bodies.get(result["key"])
            result["snippet"] = _passage_snippet(item, passage) if item and passage is not None else escape(result["title"])
    return results


def _passage_snippet(item, passage):
    from .embedded import Document
    from .semantic.passages import passage_text

    doc = Document(item["key"], item["type"], item["title"], item["url"], body=item.get("body") or "")
    return escape(passage_text(doc, passage) or item["title"])


def _fuse(backend, vector, total, results, facets, *, audiences, filters, sort, relaxed=False, query_text=""):
    """The words' results and those found by meaning, in fused order; each says how it was found ("words",
    "meaning" or "both"). A result found by meaning alone shows its best-matching passage as its snippet."""
    from .analysis import script_language
    from .semantic import embedders, hybrid

    try:
        hits = backend.search_vectors(vector, model=embedders.get_embedder().model, limit=hybrid.DENSE_POOL)
        # Only what this reader may see and what the filters keep (the vector store knows neither).
        fetched = backend.fetch([key for key, _s, _p in hits], audiences=audiences, filters=filters,
                                with_body=False) if hits else {}
    except Exception:  # the vector half failing leaves the words' results
        logger.warning("hybrid search: the vector search failed; words only", exc_info=True)
        return total, results, facets
    visible = [hit for hit in hits if hit[0] in fetched]
    languages = _languages(fetched)
    candidates = hybrid.dense_candidates(visible, languages, types={k: v["type"] for k, v in fetched.items()})
    dense = [(key, passage) for key, _score, passage in candidates]
    by_key = {result["key"]: result for result in results}
    lexical, meaning = set(by_key), {key for key, _p in dense}
    for key, passage in dense:
        if key not in by_key:
            by_key[key] = {**_fetched_result(fetched[key], None), "_passage": passage}  # snippet: _finish
            _count_facets(facets, fetched[key])
    # Results that contain only some of the words are weaker evidence than meaning (RELAXED_WEIGHT); translations
    # are one item; documents in another language than the query are not penalised for lacking its words.
    asked_in = script_language(query_text)
    groups = {key: item.get("group") for key, item in fetched.items() if item.get("group")}
    groups.update({r["key"]: r["group"] for r in results if r.get("group")})
    order, scores = hybrid.fuse([r["key"] for r in results], [key for key, _p in dense],
                                lexical_weight=hybrid.RELAXED_WEIGHT if relaxed else hybrid.LEXICAL_WEIGHT,
                                groups=groups, unmatched={key for key in meaning if languages.get(key) not in ("", asked_in)})
    fused = []
    for key in order:
        result = by_key[key]
        result["score"] = round(scores[key], 6)
        result["found_by"] = "both" if key in lexical and key in meaning else ("words" if key in lexical else "meaning")
        fused.append(result)
    if sort == "date":
        fused.sort(key=lambda r: r.get("date") or "", reverse=True)
    return total + len(meaning - lexical), fused, facets


def _languages(fetched):
    """{key: language} of fetched documents: as indexed, else told by their letters (forum posts)."""
    from .analysis import script_language

    return {key: item.get("language") or script_language(item.get("title", "") + " " + (item.get("body") or "")[:300])
            for key, item in fetched.items()}


def _count_facets(facets, item):
    for name, value in (("type", item["type"]), ("theme", item["theme"]), ("oblast", item["oblast"]),
                        ("year", str(item["year"]) if item.get("year") else "")):
        if value:
            facets.setdefault(name, {})[value] = facets.get(name, {}).get(value, 0) + 1
    for tag in item.get("tags") or []:
        facets.setdefault("tag", {})[tag] = facets.get("tag", {}).get(tag, 0) + 1


def _one_per_translation(backend, results, *, language, audiences):
    """A document and its translations are one result, at the best rank any of them reached, shown in the reader's
    language when that translation exists (and may be seen), with `other_languages` saying what else there is.
    Returns (results, how many were folded into another)."""
    missing = [r["key"] for r in results if "group" not in r]
    if missing:  # a backend whose results do not carry the translation group
        try:
            known = backend.fetch(missing, audiences=audiences)
        except Exception:
            known = {}
        for result in results:
            if "group" not in result:
                result["group"] = known.get(result["key"], {}).get("group", "")
                result["language"] = known.get(result["key"], {}).get("language", "")
    groups = {}
    for result in results:
        if result.get("group"):
            groups.setdefault(result["group"], []).append(result)
    wanted = [g for g, members in groups.items() if not any(m.get("language") == language for m in members)]
    swaps = {}
    if wanted:
        try:
            swaps = backend.translations(wanted, language=language, audiences=audiences)
        except Exception:
            swaps = {}
    out, seen, collapsed = [], set(), 0
    for result in results:
        group = result.get("group")
        if not group:
            out.append(result)
            continue
        if group in seen:
            collapsed += 1
            continue
        seen.add(group)
        members = groups[group]
        chosen = next((m for m in members if m.get("language") == language), None)
        if chosen is None and group in swaps:
            item = swaps[group]
            chosen = _fetched_result(item, escape((item.get("body") or item["title"])[:200]))
            chosen["found_by"] = result.get("found_by", "words")
        chosen = dict(chosen or result)
        chosen["score"] = result.get("score", chosen.get("score"))
        out.append(chosen)
    return out, collapsed


OTHER_LANGUAGE = {"uk": "en", "en": "uk"}


def _mark_translations(backend, results, *, audiences):
    """`other_languages` of each result: the languages its translations exist in (and may be read)."""
    wanted = {}
    for result in results:
        result["other_languages"] = []
        other = OTHER_LANGUAGE.get(result.get("language"))
        if other and result.get("group"):
            wanted.setdefault(other, []).append(result["group"])
    for other, groups in wanted.items():
        try:
            found = backend.translations(groups, language=other, audiences=audiences)
        except Exception:
            found = {}
        for result in results:
            if result.get("group") in found and OTHER_LANGUAGE.get(result.get("language")) == other:
                result["other_languages"] = [other]
    return results


SIMILAR_TYPES = ("practice", "resource", "topic")
MIN_SIMILAR_WORDS = 3


SIMILAR_EMBED_WORDS = 64  # the title and first lines: about a quarter of a second to embed


def similar(user, text, *, exclude=(), limit=5, types=SIMILAR_TYPES, language=None, meaning=True):
    """Documents like a text being written (a new topic, a practice being shared), that this user may read:
    "your topic is similar to…". Meaning when the embedder answers, else the words (any of them) of its first
    lines. Never raises for any text: too little of it gives []."""
    from .analysis import WORD_RE
    from .semantic import embedders, hybrid

    words = WORD_RE.findall(clean_single_line(str(text or ""))[:5000])
    if len(words) < MIN_SIMILAR_WORDS:
        return []
    text = " ".join(words[:SIMILAR_EMBED_WORDS])
    backend = get_backend()
    audiences = audiences_for(user)
    exclude = set(exclude)
    lexical = []
    try:
        parsed = parse(" ".join(words[:40])[:480])
        wider = relaxed_query(parsed) or parsed
        _total, lexical, _facets = backend.search(wider, audiences=audiences, filters={}, offset=0, limit=20)
    except (QueryError, SearchUnavailable):
        lexical = []
    lexical = [r for r in lexical if r["type"] in types and r["key"] not in exclude]
    dense, fetched = [], {}
    vector = embedders.embed_query(text) if meaning else None
    if vector is not None:
        try:
            hits = backend.search_vectors(vector, model=embedders.get_embedder().model, limit=hybrid.DENSE_POOL)
            hits = [hit for hit in hits if hit[0] not in exclude]
            fetched = backend.fetch([key for key, _s, _p in hits], audiences=audiences) if hits else {}
        except Exception:
            logger.warning("similar content: the vector search failed; words only", exc_info=True)
            hits, fetched = [], {}
        visible = [hit for hit in hits if hit[0] in fetched and fetched[hit[0]]["type"] in types]
        candidates = hybrid.dense_candidates(visible, _languages(fetched), types={k: v["type"] for k, v in fetched.items()},
                                             floor=hybrid.SIMILAR_FLOOR)
        dense = [(key, passage) for key, _s, passage in candidates]
        # With meaning available, words alone are a weak sign of likeness: only those meaning agrees with stay.
        lexical = [r for r in lexical if r["key"] in fetched] if dense else lexical[:limit]
    return _ranked(backend, lexical, dense, fetched, audiences=audiences, language=language, limit=limit)


def related(user, key, *, limit=5, types=SIMILAR_TYPES, exclude=(), language=None):
    """Documents like an indexed one ("topic:12"), by its stored vectors; without them, by its title's words."""
    from .semantic import embedders

    backend = get_backend()
    audiences = audiences_for(user)
    try:
        own = backend.fetch([key], audiences=audiences).get(key)
    except Exception:
        own = None
    if own is None:
        return []
    exclude = {key, *exclude}
    group = own.get("group")
    embedder = embedders.get_embedder()
    stored = None
    if embedder is not None:
        try:
            stored = backend.vectors_of(key, model=embedder.model)
        except Exception:
            stored = None
    if stored is None or not len(stored):
        # Not embedded yet: its words, so that a page view never waits for the model.
        results = similar(user, f"{own['title']} {(own.get('body') or '')[:600]}", exclude=exclude, limit=limit + 2,
                          types=types, language=language, meaning=False)
        return [r for r in results if not group or r.get("group") != group][:limit]
    import numpy as np

    vector = stored.mean(axis=0)
    vector = vector / (np.linalg.norm(vector) or 1.0)
    try:
        hits = backend.search_vectors(vector, model=embedder.model, limit=limit * 4 + 4)
        hits = [hit for hit in hits if hit[0] not in exclude]
        fetched = backend.fetch([k for k, _s, _p in hits], audiences=audiences) if hits else {}
    except Exception:
        logger.warning("related content: the vector search failed", exc_info=True)
        return []
    dense = [(k, passage) for k, _s, passage in hits
             if k in fetched and fetched[k]["type"] in types and (not group or fetched[k]["group"] != group)]
    return _ranked(backend, [], dense, fetched, audiences=audiences, language=language, limit=limit)


def _ranked(backend, lexical, dense, fetched, *, audiences, language, limit):
    from .semantic import hybrid

    by_key = {r["key"]: r for r in lexical}
    for key, passage in dense:
        by_key.setdefault(key, _fetched_result(fetched[key], _passage_snippet(fetched[key], passage)))
    order, scores = hybrid.fuse([r["key"] for r in lexical], [key for key, _p in dense])
    results = []
    for key in order:
        result = dict(by_key[key])
        result["score"] = round(scores[key], 6)
        results.append(result)
    results, _collapsed = _one_per_translation(backend, results, language=language or (get_language() or "uk")[:2],
                                               audiences=audiences)
    out = []
    for result in results[:limit]:
        out.append({name: result.get(name, "") for name in
                    ("key", "type", "title", "url", "snippet", "date", "language", "score", "group")})
    return out


def suggest(user, prefix):
    if not prefix or not prefix.strip():
        raise SearchError(_("Type what you are looking for."))
    if len(prefix) > 500:
        raise SearchError(_("The query is too long: use at most 500 characters."))
    return get_backend().suggest(prefix, audiences=audiences_for(user))
