"""Hybrid ranking: the lexical ranking (BM25 over lemmas) and the dense one (cosine of passage vectors) fused
by reciprocal rank (RRF, Cormack et al. 2009): score = Σ weight / (RRF_K + rank) over the lists a document is in.

Why RRF and not a blend of scores: BM25 scores have no fixed scale (they grow with the query's length and the
corpus), cosines sit in a narrow band, so a weighted sum would need re-tuning per corpus; ranks need none. The
relevance sets (tests/semantic_queries.py, tests/test_search_relevance.py) chose the constants below; the figures
are in docs/search.md.

Which dense candidates count: the model gives every text some similarity, so a document found by meaning alone
must be above DENSE_FLOOR and, ranked per language (CENTRE_TOP), within DENSE_MARGIN of the best; at most
DENSE_LIMIT of them join. A practice and its translations are one item of the fusion, and a document the query's
words could not find (another language) is not ranked down for it (UNMATCHED_WEIGHT).
"""

RRF_K = 60
LEXICAL_WEIGHT = 1.0
# Words' results that contain only some of the words are left out when meaning answers: fused at 0.2 they pushed
# the documents found by meaning alone down (cross-lingual MRR 0.59 at 0.2, 0.91 at 0, before the fusion's two
# rules for translations and other-language documents; with them, 0.3 changes nothing).
RELAXED_WEIGHT = 0.0
# Words and meaning count the same: ties go to the words' order, which carries the curated boost. (2.0 was needed
# before translations were fused as one item and other-language documents got UNMATCHED_WEIGHT; with both, 2.0
# ranks a discussion above the practice it is about: words' set 0.976 against 1.000.)
DENSE_WEIGHT = 1.0
DENSE_POOL = 200  # nearest documents read to place each language's mean
DENSE_FLOOR = 0.28  # cosine of the language-corrected vectors: unrelated texts stay below (nonsense tops ~0.27)
DENSE_MARGIN = 0.10  # ... and within this of the best, centred (0.07 loses a cross-lingual answer; 0.12 the same)
DENSE_LIMIT = 20
CENTRE_TOP = 3  # a document's score is its cosine minus the mean of its language's CENTRE_TOP best
# Reviewed library content ranks a little above a discussion as near in meaning (as CURATED_BOOST for the words).
CURATED_BONUS = {"practice": 0.02, "resource": 0.01}
# A document in another language than the query cannot be found by the query's words: half of the words' weight
# at its rank by meaning stands in for them (0 → 0.5: cross-lingual MRR 0.96 → 0.98; flat from 0.3 to 0.7; at 1.0
# English practices found by meaning push Ukrainian ones found by both out of first place: words' set 1.000 → 0.964).
UNMATCHED_WEIGHT = 0.5
SIMILAR_FLOOR = 0.33  # "similar to what you are writing": closer than a search result by meaning must be


def dense_candidates(hits, languages=None, *, types=None, floor=None, margin=None, limit=None):
    """The hits (key, score, passage) good enough to be results by meaning alone, best first.

    `languages` {key: "uk"/"en"}: even with the language correction, texts in the query's language keep an edge
    of a few hundredths; ranking by the cosine minus the mean of the CENTRE_TOP best of the document's own
    language puts the best of each language side by side (MRR on the cross-lingual set 0.87 → 0.96). The margin
    is measured on that centred score, so the best of the other language is not cut by the edge of this one."""
    floor = DENSE_FLOOR if floor is None else floor
    margin = DENSE_MARGIN if margin is None else margin
    limit = DENSE_LIMIT if limit is None else limit
    if not hits:
        return []
    centred = {key: score for key, score, _passage in hits}
    if languages:
        best = {}
        for key, score, _passage in hits:
            best.setdefault(languages.get(key, ""), []).append(score)
        means = {language: sum(sorted(scores, reverse=True)[:CENTRE_TOP]) / min(len(scores), CENTRE_TOP)
                 for language, scores in best.items()}
        bonus = {key: CURATED_BONUS.get(kind, 0.0) for key, kind in (types or {}).items()}
        centred = {key: score - means.get(languages.get(key, ""), 0.0) + bonus.get(key, 0.0)
                   for key, score, _passage in hits}
    ranked = sorted((hit for hit in hits if hit[1] >= floor), key=lambda hit: -centred[hit[0]])
    if not ranked:
        return []
    top = centred[ranked[0][0]]
    return [hit for hit in ranked if centred[hit[0]] >= top - margin][:limit]


def fuse(lexical_keys, dense_keys, *, k=RRF_K, lexical_weight=None, dense_weight=None, groups=None, unmatched=()):
    """Keys of both rankings in fused order (ties: the lexical order first, then the dense one), and their scores.

    `groups` {key: group}: a document and its translations are one item for the fusion (the words may find the
    English version and meaning the Ukrainian one: together they are evidence from both), at the rank of its best
    member in each list; every member gets the item's score. `unmatched`: keys found by meaning that the words could
    not have found (written in another language than the query): their missing words' rank is taken to be their
    rank by meaning (UNMATCHED_WEIGHT of it), so a document is not ranked down for the language it is written in."""
    lexical_weight = LEXICAL_WEIGHT if lexical_weight is None else lexical_weight
    dense_weight = DENSE_WEIGHT if dense_weight is None else dense_weight
    groups = groups or {}

    def item(key):
        return groups.get(key) or key

    def ranks(keys):
        found = {}
        for key in keys:
            found.setdefault(item(key), len(found) + 1)
        return found

    lexical, dense = ranks(lexical_keys), ranks(dense_keys)
    scores = {}
    for name, rank in lexical.items():
        scores[name] = scores.get(name, 0.0) + lexical_weight / (k + rank)
    unmatched = {item(key) for key in unmatched}
    for name, rank in dense.items():
        scores[name] = scores.get(name, 0.0) + dense_weight / (k + rank)
        if name in unmatched and name not in lexical:
            scores[name] += UNMATCHED_WEIGHT * LEXICAL_WEIGHT / (k + rank)
    order = {}
    for key in [*lexical_keys, *dense_keys]:
        order.setdefault(key, len(order))
    by_key = {key: scores[item(key)] for key in order}
    return sorted(by_key, key=lambda key: (-by_key[key], order[key])), by_key
