"""The query compiler: our parsed query, filters and audiences → the engine's request, built with elasticsearch-dsl.

Only features both engines have are used: no combined_fields, runtime mappings, point-in-time, scripts or
engine plugins. The scoring mirrors the embedded backend's, so both rank alike. The one exception is the
nearest-neighbour query of the vector index (knn_body), whose shape differs per engine.
"""

from elasticsearch_dsl import A, Q, Search

from .. import embedded
from ..analysis import surface_words
from .mapping import (
    BODY_BOOST, BOOSTED_FIELDS, LEMMA_FIELDS, MAX_RESULT_WINDOW, TAGS_BOOST, TITLE_BOOST, vector_field,
)

RECENCY_BOOST, RECENCY_DAYS = embedded.RECENCY_BOOST, embedded.RECENCY_DAYS
FUZZY_MIN_LENGTH = 5  # typo tolerance only for words of five letters or more
FUZZINESS = "AUTO:5,8"  # 0 edits below 5 letters, 1 edit for 5-7, 2 edits from 8 letters
SUGGEST_TYPES = ("practice", "resource", "event", "topic")
FACET_FIELDS = (("type", "type"), ("theme", "theme"), ("oblast", "oblast"), ("year", "year"), ("tag", "tags"))
FACET_SIZE = 30
RESULT_FIELDS = ["key", "type", "title", "url", "date", "theme", "tags", "body", "language", "group"]
FETCHED_FIELDS = ["key", "type", "title", "url", "date", "theme", "oblast", "year", "tags", "body", "language", "group"]
MAX_KNN = 10_000  # the engines' most nearest neighbours (k, num_candidates) in one query


def typed_words(prefix):
    """The folded words typed into the suggestion box, split like the suggest field."""
    return surface_words(prefix)


def fuzzy_candidates(query):
    """The terms typo tolerance may apply to; which of them the index knows decides it (known_terms_body)."""
    return [t for t in query.terms if len(t) >= FUZZY_MIN_LENGTH]


def known_terms_body(terms):
    """One filter aggregation per lemma: which of them occur in the index at all."""
    search = Search().extra(size=0)
    for position, term in enumerate(terms):
        search.aggs.bucket(f"t{position}", A("filter", Q("multi_match", query=term, fields=list(LEMMA_FIELDS))))
    return search.to_dict()


def text_query(query, known=frozenset()):
    """The full-text part: every term (or any, for a relaxed query) in title, tags or body, phrases
    in order, typo tolerance for unknown long words, minus the excluded words."""
    clauses = []
    for term in query.terms:
        options = {"query": term, "fields": BOOSTED_FIELDS}
        if len(term) >= FUZZY_MIN_LENGTH and term not in known:
            options.update(fuzziness=FUZZINESS, prefix_length=1, max_expansions=20)
        clauses.append(Q("multi_match", **options))
    for phrase in query.phrases:
        text = " ".join(phrase)
        clauses.append(Q("bool", minimum_should_match=1, should=[
            Q("match_phrase", title_lemmas={"query": text, "boost": TITLE_BOOST}),
            Q("match_phrase", tags_lemmas={"query": text, "boost": TAGS_BOOST}),
            Q("match_phrase", body_lemmas={"query": text, "boost": BODY_BOOST}),
        ]))
    if query.match_all:
        compiled = Q("bool", must=clauses)
    else:
        compiled = Q("bool", should=clauses, minimum_should_match=1)
    excluded = [Q("multi_match", query=term, fields=list(LEMMA_FIELDS)) for term in query.excluded]
    if excluded:
        compiled = Q("bool", must=[compiled], must_not=excluded)
    return compiled


def scored_query(text):
    """Relevance × the document's boost × a mild recency factor, like the embedded backend."""
    scored = text
    if RECENCY_BOOST:
        # 1 + RECENCY_BOOST × (1 - age / RECENCY_DAYS), never below 1; documents without a date get 1.
        scored = Q("function_score", query=scored, score_mode="sum", boost_mode="multiply", functions=[
            {"weight": 1.0},
            {"filter": Q("exists", field="date").to_dict(), "weight": RECENCY_BOOST,
             "linear": {"date": {"origin": "now", "scale": f"{RECENCY_DAYS // 2}d", "decay": 0.5}}},
        ])
    return Q("function_score", query=scored, boost_mode="multiply", functions=[
        {"field_value_factor": {"field": "boost", "missing": 1.0}},
    ])


def filtered(search, *, audiences, filters=None):
    """Only what `audiences` may see, matching `filters` (type, theme, oblast, tag, year)."""
    filters = filters or {}
    search = search.filter("terms", audience=list(audiences))
    for name in ("type", "theme", "oblast"):
        if filters.get(name):
            search = search.filter("term", **{name: filters[name]})
    if filters.get("tag"):
        search = search.filter("term", tags=filters["tag"])
    if filters.get("year"):
        search = search.filter("term", year=int(filters["year"]))
    return search


def search_body(query, *, audiences, filters=None, sort="relevance", offset=0, limit=20, known=frozenset()):
    search = filtered(Search().query(scored_query(text_query(query, known))), audiences=audiences, filters=filters)
    by_date = {"date": {"order": "desc", "missing": "_last"}}
    search = search.sort(*([by_date, "_score"] if sort == "date" else ["_score", by_date]), {"key": {"order": "asc"}})
    offset, limit = max(0, int(offset)), max(0, int(limit))
    if offset >= MAX_RESULT_WINDOW:
        offset, limit = 0, 0  # beyond what the engine pages through: the count and facets only
    limit = min(limit, MAX_RESULT_WINDOW - offset)
    search = search.extra(from_=offset, size=limit, track_total_hits=True, track_scores=True)
    search = search.source(RESULT_FIELDS)
    for name, field_name in FACET_FIELDS:
        search.aggs.bucket(name, A("terms", field=field_name, size=FACET_SIZE))
    return search.to_dict()


def suggest_body(typed, *, audiences, limit=8):
    search = Search().query(Q(
        "multi_match", query=" ".join(typed), type="bool_prefix", operator="and",
        fields=["suggest", "suggest._2gram", "suggest._3gram"],
    ))
    search = search.filter("terms", audience=list(audiences)).filter("terms", type=list(SUGGEST_TYPES))
    return search.source(["title", "url"]).extra(size=limit).to_dict()


def fetch_body(keys, *, audiences, filters=None, with_body=True):
    """These keys' documents, if `audiences` may see them and they match `filters` (VectorStore.fetch)."""
    search = filtered(Search().filter("terms", key=list(keys)), audiences=audiences, filters=filters)
    fields = FETCHED_FIELDS if with_body else [name for name in FETCHED_FIELDS if name != "body"]
    return search.source(fields).extra(size=len(keys)).to_dict()


def translations_body(groups, *, language, audiences, size):
    """The documents in `language` of these translation groups that `audiences` may see."""
    search = Search().filter("terms", group=list(groups)).filter("term", language=language)
    search = search.filter("terms", audience=list(audiences)).sort({"key": {"order": "asc"}})
    return search.source(FETCHED_FIELDS).extra(size=size).to_dict()


def knn_body(engine, vector, *, model, k):
    """The `k` passages nearest to `vector` among those of `model`, filtered inside the nearest-neighbour search
    (so k passages of `model` come back, however many of other models there are).

    OpenSearch (k-NN plugin, lucene engine): the `knn` query with a `filter`; Elasticsearch 8: the top-level
    `knn` option with a `filter`. Both score a passage (1 + cosine) / 2."""
    vector = [float(x) for x in vector]
    field_name = vector_field(len(vector))
    k = max(1, min(int(k), MAX_KNN))
    source = ["key", "passage"]
    if engine == "opensearch":
        return {"size": k, "_source": source, "query": {"knn": {field_name: {
            "vector": vector, "k": k, "filter": {"term": {"model": model}}}}}}
    search = Search().knn(field_name, k, min(max(2 * k, 100), MAX_KNN), query_vector=vector,
                          filter=Q("term", model=model))
    return search.source(source).extra(size=k).to_dict()
