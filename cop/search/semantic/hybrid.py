"""Hybrid ranking: the lexical ranking (BM25 over lemmas) and the dense one (cosine of passage vectors) fused
by reciprocal rank (RRF, Cormack et al. 2009): score = Σ weight / (RRF_K + rank) over the lists a document is in.

Why RRF and not a blend of scores: BM25 scores have no fixed scale (they grow with the query's length and the
corpus), cosines sit in a narrow band, so a weighted sum would need re-tuning per corpus; ranks need none. The
relevance sets (tests/semantic_queries.py, tests/test_search_relevance.py) chose the constants below; the figures
are in docs/search.md.

Which dense candidates count: the model gives every text some similarity, so a document found by meaning alone
must be above DENSE_FLOOR and within DENSE_MARGIN of the nearest one; at most DENSE_LIMIT of them join.
"""

RRF_K = 60
LEXICAL_WEIGHT = 1.0
# Words' results that contain only some of the words are left out when meaning answers: fused at any weight they
# pushed the documents found by meaning alone down (cross-lingual MRR 0.59 at 0.2, 0.91 at 0).
RELAXED_WEIGHT = 0.0
DENSE_WEIGHT = 2.0  # the meaning's ranking counts double: cross-lingual MRR 0.89 → 0.91
DENSE_POOL = 200  # nearest documents read to place each language's mean
DENSE_FLOOR = 0.28  # cosine of the language-corrected vectors: unrelated texts stay below (nonsense tops ~0.27)
DENSE_MARGIN = 0.10  # ... and within this of the nearest document (0.15: cross-lingual MRR 0.89)
DENSE_LIMIT = 20
CENTRE_TOP = 3  # a document's score is its cosine minus the mean of its language's CENTRE_TOP best
# Reviewed library content ranks a little above a discussion as near in meaning (as CURATED_BOOST for the words).
CURATED_BONUS = {"practice": 0.02, "resource": 0.01}
SIMILAR_FLOOR = 0.33  # "similar to what you are writing": closer than a search result by meaning must be


def dense_candidates(hits, languages=None, *, types=None, floor=None, margin=None, limit=None):
    """The hits (key, score, passage) good enough to be results by meaning alone, best first.

    `languages` {key: "uk"/"en"}: even with the language correction, texts in the query's language keep an edge
    of a few hundredths; ranking by the cosine minus the mean of the CENTRE_TOP best of the document's own
    language puts the best of each language side by side (MRR on the cross-lingual set 0.87 → 0.96)."""
    floor = DENSE_FLOOR if floor is None else floor
    margin = DENSE_MARGIN if margin is None else margin
    limit = DENSE_LIMIT if limit is None else limit
    if not hits:
        return []
    top = hits[0][1]
    good = [hit for hit in hits if hit[1] >= floor and hit[1] >= top - margin]
    if languages:
        best = {}
        for key, score, _passage in hits:
            best.setdefault(languages.get(key, ""), []).append(score)
        means = {language: sum(sorted(scores, reverse=True)[:CENTRE_TOP]) / min(len(scores), CENTRE_TOP)
                 for language, scores in best.items()}
        bonus = {key: CURATED_BONUS.get(kind, 0.0) for key, kind in (types or {}).items()}
        good.sort(key=lambda hit: -(hit[1] - means.get(languages.get(hit[0], ""), 0.0) + bonus.get(hit[0], 0.0)))
    return good[:limit]


def fuse(lexical_keys, dense_keys, *, k=RRF_K, lexical_weight=None, dense_weight=None):
    """Keys of both rankings in fused order (ties: the lexical order first, then the dense one)."""
    lexical_weight = LEXICAL_WEIGHT if lexical_weight is None else lexical_weight
    dense_weight = DENSE_WEIGHT if dense_weight is None else dense_weight
    scores = {}
    for rank, key in enumerate(lexical_keys, 1):
        scores[key] = scores.get(key, 0.0) + lexical_weight / (k + rank)
    for rank, key in enumerate(dense_keys, 1):
        scores[key] = scores.get(key, 0.0) + dense_weight / (k + rank)
    order = {key: i for i, key in enumerate([*lexical_keys, *dense_keys])}
    return sorted(scores, key=lambda key: (-scores[key], order[key])), scores
