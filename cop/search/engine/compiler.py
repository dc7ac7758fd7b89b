"""The query compiler: our parsed query, filters and audiences → the engine's request, built with elasticsearch-dsl.

Only features both engines have are used: no combined_fields, runtime mappings, point-in-time, vectors,
scripts or engine plugins. The scoring mirrors the embedded backend's, so both rank alike.
"""

from elasticsearch_dsl import A, Q, Search

from .. import embedded
from ..analysis import surface_words
from .mapping import BODY_BOOST, BOOSTED_FIELDS, LEMMA_FIELDS, MAX_RESULT_WINDOW, TAGS_BOOST, TITLE_BOOST

RECENCY_BOOST, RECENCY_DAYS = embedded.RECENCY_BOOST, embedded.RECENCY_DAYS
FUZZY_MIN_LENGTH = 5  # typo tolerance only for words of five letters or more
FUZZINESS = "AUTO:5,8"  # 0 edits below 5 letters, 1 edit for 5-7, 2 edits from 8 letters
SUGGEST_TYPES = ("practice", "resource", "event", "topic")
FACET_FIELDS = (("type", "type"), ("theme", "theme"), ("oblast", "oblast"), ("year", "year"), ("tag", "tags"))
FACET_SIZE = 30


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


def search_body(query, *, audiences, filters=None, sort="relevance", offset=0, limit=20, known=frozenset()):
    filters = filters or {}
    search = Search().query(scored_query(text_query(query, known)))
    search = search.filter("terms", audience=list(audiences))
    for name in ("type", "theme", "oblast"):
        if filters.get(name):
            search = search.filter("term", **{name: filters[name]})
    if filters.get("tag"):
        search = search.filter("term", tags=filters["tag"])
    if filters.get("year"):
        search = search.filter("term", year=int(filters["year"]))
    by_date = {"date": {"order": "desc", "missing": "_last"}}
    search = search.sort(*([by_date, "_score"] if sort == "date" else ["_score", by_date]), {"key": {"order": "asc"}})
    offset, limit = max(0, int(offset)), max(0, int(limit))
    if offset >= MAX_RESULT_WINDOW:
        offset, limit = 0, 0  # beyond what the engine pages through: the count and facets only
    limit = min(limit, MAX_RESULT_WINDOW - offset)
    search = search.extra(from_=offset, size=limit, track_total_hits=True, track_scores=True)
    search = search.source(["key", "type", "title", "url", "date", "theme", "tags", "body"])
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
