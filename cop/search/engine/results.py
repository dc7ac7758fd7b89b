"""The engine's answers → ours: hits as result dicts with snippets, facets from aggregations, suggestions.

The result dicts are those of the embedded backend (same keys, same highlighting), so a template or a
test never knows which backend answered.
"""

from ..embedded import highlight
from .compiler import FACET_FIELDS


def empty_facets():
    return {name: {} for name, _field in FACET_FIELDS}


def known_terms(response, terms):
    """Which of `terms` the filter aggregations of compiler.known_terms_body found in some document."""
    aggregations = response.get("aggregations", {})
    return {term for position, term in enumerate(terms) if aggregations.get(f"t{position}", {}).get("doc_count")}


def search_results(response, query):
    """(total, results, facets) from the response to compiler.search_body."""
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    total = total.get("value", 0) if isinstance(total, dict) else total
    results = []
    for hit in hits.get("hits", []):
        source = hit.get("_source", {})
        title, body = source.get("title", ""), source.get("body", "")
        results.append({
            "key": source.get("key", hit.get("_id")), "type": source.get("type"), "title": title,
            "url": source.get("url", ""), "date": source.get("date") or "", "theme": source.get("theme") or "",
            "tags": source.get("tags") or [], "score": round(hit.get("_score") or 0.0, 4),
            "language": source.get("language") or "", "group": source.get("group") or "",
            "snippet": highlight(body or title, query), "title_html": highlight(title, query, whole=True),
        })
    aggregations = response.get("aggregations", {})
    facets = {
        name: {str(bucket["key"]): bucket["doc_count"] for bucket in aggregations.get(name, {}).get("buckets", [])}
        for name, _field in FACET_FIELDS
    }
    return total, results, facets


def suggestions(response):
    """[{"text", "url"}] from the response to compiler.suggest_body."""
    return [
        {"text": hit["_source"].get("title", ""), "url": hit["_source"].get("url", "")}
        for hit in response.get("hits", {}).get("hits", [])
    ]


def fetched(source):
    """One document of compiler.fetch_body / translations_body as VectorStore.fetch returns it (the embedded
    backend's dict: "" for what is not set, year an int or None)."""
    year = source.get("year")
    return {
        "key": source.get("key"), "type": source.get("type"), "title": source.get("title") or "",
        "url": source.get("url") or "", "date": source.get("date") or "", "theme": source.get("theme") or "",
        "oblast": source.get("oblast") or "", "year": int(year) if year is not None else None,
        "tags": source.get("tags") or [], "body": source.get("body") or "", "language": source.get("language") or "",
        "group": source.get("group") or "",
    }


def cosine(score):
    """The engines' nearest-neighbour score for cosine similarity, (1 + cos) / 2, back to the cosine."""
    return max(-1.0, min(1.0, 2.0 * float(score) - 1.0))


def nearest_keys(response, limit):
    """[(key, cosine, passage)] from the response to compiler.knn_body: each key once, at its best passage."""
    best = {}
    hits = sorted(response.get("hits", {}).get("hits", []), key=lambda hit: -(hit.get("_score") or 0.0))
    for hit in hits:
        source = hit.get("_source", {})
        key = source.get("key")
        if key is None or key in best:
            continue
        best[key] = (key, cosine(hit.get("_score") or 0.0), int(source.get("passage", 0)))
        if len(best) >= limit:
            break
    return list(best.values())
