"""Hybrid ranking: the lexical ranking (BM25 over lemmas) and the dense one (cosine of passage vectors) fused
by reciprocal rank (RRF, Cormack et al. 2009): score = Σ weight / (RRF_K + rank) over the lists a document is in.

Why RRF and not a blend of scores: BM25 scores have no fixed scale (they grow with the query's length and the
corpus), cosine similarities of e5 sit in a narrow band (0.75–0.9 for anything in the same language), so a
weighted sum would need re-tuning per corpus; ranks need none. The relevance set (tests/semantic_queries.py)
chose the constants: see docs/search.md for the figures.

Which dense candidates count: e5 gives every text some similarity, so a document found by meaning alone must be
close to the best one found (within DENSE_MARGIN of the top cosine) and above DENSE_FLOOR; at most DENSE_LIMIT
of them join the words' results.
"""

RRF_K = 60
LEXICAL_WEIGHT = 1.0
RELAXED_WEIGHT = 0.5  # words' results that contain only some of the words
DENSE_WEIGHT = 1.0
DENSE_FLOOR = 0.80
DENSE_MARGIN = 0.06
DENSE_LIMIT = 30
SIMILAR_FLOOR = 0.82  # "similar to what you are writing": closer than a result by meaning must be


def dense_candidates(hits, *, floor=DENSE_FLOOR, margin=DENSE_MARGIN, limit=DENSE_LIMIT):
    """The hits (key, score, passage) good enough to be results by meaning alone, best first."""
    if not hits:
        return []
    top = hits[0][1]
    return [hit for hit in hits if hit[1] >= floor and hit[1] >= top - margin][:limit]


def fuse(lexical_keys, dense_keys, *, k=RRF_K, lexical_weight=LEXICAL_WEIGHT, dense_weight=DENSE_WEIGHT):
    """Keys of both rankings in fused order (ties: the lexical order first, then the dense one)."""
    scores = {}
    for rank, key in enumerate(lexical_keys, 1):
        scores[key] = scores.get(key, 0.0) + lexical_weight / (k + rank)
    for rank, key in enumerate(dense_keys, 1):
        scores[key] = scores.get(key, 0.0) + dense_weight / (k + rank)
    order = {key: i for i, key in enumerate([*lexical_keys, *dense_keys])}
    return sorted(scores, key=lambda key: (-scores[key], order[key])), scores
