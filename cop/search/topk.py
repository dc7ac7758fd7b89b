"""Top-k retrieval for the embedded index: tantivy beside the SQLite file.

Why: FTS5 reads every match of a query to rank it, count it and compute its facets, so a one-word query of a
common word costs about a second at 100,000 documents. tantivy (the official Python bindings of the Rust
search library) ranks with block-max WAND and keeps filter and facet values in column-oriented fast fields:
the same queries take 8-16 ms at p95 on the same corpus (docs/performance.md, benchmarks/search.py).

Division of labour. SQLite (cop.search.embedded) stays the record: its `docs` rows are what a result shows and
what `fetch`, `translations` and `search_index verify` read; the typo vocabulary, suggestions and vectors stay
there too. This index holds, per document, the analysed title, tags and body (the same lemmas FTS5 holds), the
audience, filter and facet values as fast fields and the ranking weight. A search returns keys, the exact
count and the facets; the page's rows are then read from SQLite by key.

Writes happen inside EmbeddedIndex.writing(): its SQLite write lock (BEGIN IMMEDIATE) is taken by one
process at a time, so only that process ever opens tantivy's writer (tantivy allows one), and tantivy
commits just before SQLite does. A failed tantivy commit rolls the SQLite transaction back (the outbox
keeps its rows); a SQLite commit that fails after tantivy's leaves tantivy ahead, which the next open
detects (document counts differ) and repairs from SQLite, as does `search_index verify` report.
"""

import os
import shutil
from datetime import date as date_type

FIELDS = (("title", 8.0), ("tags", 5.0), ("body", 1.0))  # the FTS5 column weights (cop.search.embedded)
# The "ranked" field repeats each column by its weight: with it tantivy's ranking reproduces FTS5's on the relevance
# sets (tests/test_search_relevance.py 0.984, hybrid 0.962, as with FTS5); one BM25 per field (title x 8 + tags x 5
# + body) gave 0.960 and 0.932.
RANKED_REPEATS = (8, 5, 1)
# A mild boost for recent documents, shared by both halves of the embedded index: up to +RECENCY_BOOST for today,
# fading to none after RECENCY_DAYS.
RECENCY_BOOST, RECENCY_DAYS = 0.15, 730
FACET_FIELDS = ("type", "theme", "tag", "oblast", "year")
FACET_SIZE = 30
# Buckets each segment reports before they are merged: far above the number of distinct values of any facet
# (themes, oblasts, types, years: a few dozen; tags: a few hundred), so the merged counts are exact.
FACET_SEGMENT_SIZE = 5000
WRITER_HEAP = 15_000_000  # tantivy's minimum per indexing thread
SCHEMA_VERSION = "4"  # bump when the schema changes: an index of another version is rebuilt from SQLite


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", tokenizer_name="raw", stored=True, index_option="basic")
    for name, _weight in FIELDS:  # lemmas, separated by spaces (cop.search.embedded.fts_columns): for phrases
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    # The words' ranking: title, tags and body in one field, each repeated by its weight, so a term's frequency is
    # FTS5's weighted sum over the columns and saturates once (bm25 of fts5), not once per field.
    builder.add_text_field("ranked", tokenizer_name="whitespace", index_option="freq")
    # Suggestions: the title and tag words as written (folded), for "every word typed, the last one a prefix"
    builder.add_text_field("suggest", tokenizer_name="whitespace", index_option="freq")
    for name in ("type", "theme", "oblast", "audience", "tag"):  # one term each; fast: filters and facets
        builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    # The order of sort=date: "<ISO date>|<SQLite row id>", so that of one day the document indexed last comes first
    builder.add_text_field("newest", tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_unsigned_field("year", indexed=True, fast=True)
    builder.add_float_field("weight", fast=True)
    return builder.build()


def ranking_weight(boost, date, today=None):
    """The embedded ranking's boost x recency as a value of tantivy's `weight_by_field`, which multiplies a score
    by log2(2 + weight): weight = 2**factor - 2 gives the factor. Recency is that of the day of indexing."""
    age = RECENCY_DAYS
    if date:
        try:
            age = ((today or date_type.today()) - date_type.fromisoformat(date[:10])).days
        except ValueError:
            pass
    factor = boost * (1.0 + RECENCY_BOOST * min(1.0, max(0.0, 1.0 - age / RECENCY_DAYS)))
    return max(0.0, 2.0 ** factor - 2.0)


def top_values(counts, size=FACET_SIZE):
    """The `size` values of most documents, ties by value: the same cut whichever index counted."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:size])


def release_freed_memory():
    """Give the memory tantivy's merges freed back to the system (glibc's malloc_trim); True when it could.

    A merge builds the new segment in memory in threads of its own; glibc keeps what they free in their arenas,
    so a process that indexes a whole corpus holds the high-water mark of every merge it waited for. A rebuild
    of the 100k community peaked at 329 MB with tantivy, 186 MB without it, and 267 MB trimming after each of its
    write transactions (issue #15). Not called per request: a web process's merges are small.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


class TopKIndex:
    """The tantivy index of one embedded index file (in memory for an in-memory one)."""

    def __init__(self, path=None):
        import tantivy

        self.path = path
        self.schema = _schema()
        self._writer = None
        if path is None:
            self.index = tantivy.Index(self.schema)
        else:
            self.index = self._open(path)
        self.index.config_reader(reload_policy="Manual", num_warmers=0)
        self.searcher = self.index.searcher()

    def _open(self, path):
        import tantivy

        marker = os.path.join(path, "cop-schema-version")
        try:
            with open(marker, encoding="utf-8") as f:
                current = f.read().strip() == SCHEMA_VERSION
        except OSError:
            current = False
        if not current and os.path.isdir(path):
            shutil.rmtree(path)  # derived data of another version: refilled from SQLite (EmbeddedIndex._ensure_topk)
        os.makedirs(path, exist_ok=True)
        index = tantivy.Index(self.schema, path=path, reuse=True)
        if not current:
            with open(marker, "w", encoding="utf-8") as f:
                f.write(SCHEMA_VERSION)
        return index

    # Writing (only inside EmbeddedIndex.writing())
    def _writing(self):
        if self._writer is None:
            self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=1)
        return self._writer

    def add(self, key, *, type, audience, theme, oblast, tags, date, boost, title, tag_words, body, suggest="",
            sequence=0, today=None, replace=True):
        """Add the document `key` (analysed title, tag words and body: lemmas separated by spaces), replacing any
        document of that key unless `replace` is False (the caller deleted it already, or it cannot exist)."""
        import tantivy

        writer = self._writing()
        if replace:
            writer.delete_documents_by_term("key", key)
        document = tantivy.Document()
        document.add_text("key", key)
        ranked = " ".join([title] * RANKED_REPEATS[0] + [tag_words] * RANKED_REPEATS[1] + [body] * RANKED_REPEATS[2])
        for name, value in (("title", title), ("tags", tag_words), ("body", body), ("ranked", ranked.strip()),
                            ("suggest", suggest), ("type", type),
                            ("audience", audience), ("theme", theme), ("oblast", oblast),
                            ("newest", f"{date}|{sequence:012d}" if date else ""),
                            *(("tag", tag) for tag in tags)):
            if value:
                document.add_text(name, value)
        if date and date[:4].isdigit():
            document.add_unsigned("year", int(date[:4]))
        document.add_float("weight", ranking_weight(boost, date, today))
        writer.add_document(document)

    def delete(self, key):
        self._writing().delete_documents_by_term("key", key)

    def clear(self):
        if self.searcher.num_docs or self._writer is not None:
            self._writing().delete_all_documents()

    def commit(self):
        """Make the changes durable and visible; the writer (and tantivy's lock) is released."""
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        writer.commit()
        writer.wait_merging_threads()  # the merges this commit started: segments stay few
        self.reload()

    def rollback(self):
        if self._writer is None:
            return
        writer, self._writer = self._writer, None
        try:
            writer.rollback()
        finally:
            writer.wait_merging_threads()

    def reload(self):
        """See the latest commit (of this process or another)."""
        self.index.reload()
        self.searcher = self.index.searcher()

    # Reading
    @property
    def num_docs(self):
        return self.searcher.num_docs

    def weights(self):
        """{key: stored ranking weight} of every document (tests and diagnostics)."""
        from tantivy import Query

        searcher = self.searcher
        if not searcher.num_docs:
            return {}
        addresses = [address for _score, address in
                     searcher.search(Query.all_query(), limit=searcher.num_docs, count=False).hits]
        values = searcher.fast_field_values("weight", addresses)
        return {searcher.doc(address)["key"][0]: value for address, value in zip(addresses, values)}

    def keys(self):
        from tantivy import Query

        searcher = self.searcher
        if not searcher.num_docs:
            return set()
        hits = searcher.search(Query.all_query(), limit=searcher.num_docs, count=False).hits
        return {searcher.doc(address)["key"][0] for _score, address in hits}

    def query(self, query, expand, *, audiences, filters):
        """The embedded index's query: every term (or any, for the relaxed retry) in the title, tags or body
        with the FTS5 weights, each term with its typo candidates (`expand(term)` -> [term, *candidates]);
        phrases in any of those fields; exclusions; the reader's audiences and the filters as clauses that
        do not score."""
        from tantivy import Occur, Query

        schema = self.schema

        def in_fields(make):
            return Query.boolean_query([(Occur.Should, Query.boost_query(make(name), weight)) for name, weight in FIELDS])

        def term(options):
            queries = [Query.term_query(schema, "ranked", t) for t in options]
            return queries[0] if len(queries) == 1 else Query.boolean_query([(Occur.Should, q) for q in queries])

        positive = [term(expand(t)) for t in query.terms]
        positive += [in_fields(lambda name, p=phrase: Query.phrase_query(schema, name, p)) for phrase in query.phrases]
        occur = Occur.Must if query.match_all else Occur.Should
        clauses = [(Occur.Must, Query.boolean_query([(occur, q) for q in positive]))]
        for excluded in query.excluded:
            clauses.append((Occur.MustNot, Query.term_query(schema, "ranked", excluded)))
        not_scored = [Query.boolean_query([(Occur.Should, Query.term_query(schema, "audience", a)) for a in audiences])]
        for name in ("type", "theme", "oblast", "tag"):
            if filters.get(name):
                not_scored.append(Query.term_query(schema, name, str(filters[name])))
        if filters.get("year"):
            not_scored.append(Query.term_query(schema, "year", int(filters["year"])))
        clauses += [(Occur.Must, Query.const_score_query(q, 0.0)) for q in not_scored]
        return Query.boolean_query(clauses)

    def suggest(self, typed, *, audiences, types, limit=8):
        """Keys of the documents of `types` that `audiences` may see whose title or tags hold every word of
        `typed` (folded surface words), the last one as a prefix; by the ranking weight (a prefix match does not
        score), then by the full words' BM25."""
        from tantivy import Occur, Query

        schema = self.schema

        def any_of(name, values):
            return Query.const_score_query(
                Query.boolean_query([(Occur.Should, Query.term_query(schema, name, v)) for v in values]), 0.0)

        # A surface word is letters, digits and apostrophes; anything but a letter or digit is written as \x{..}
        prefix = "".join(ch if ch.isalnum() else "\\x{%x}" % ord(ch) for ch in typed[-1])
        clauses = [(Occur.Must, Query.term_query(schema, "suggest", word)) for word in typed[:-1]]
        clauses += [(Occur.Must, Query.regex_query(schema, "suggest", prefix + ".*")),
                    (Occur.Must, any_of("audience", audiences)), (Occur.Must, any_of("type", types))]
        searcher = self.searcher
        result = searcher.search(Query.boolean_query(clauses), limit=limit, count=False, weight_by_field="weight")
        return [searcher.doc(address)["key"][0] for _score, address in result.hits]

    def search(self, query, expand, *, audiences, filters, sort="relevance", offset=0, limit=20):
        """(exact count, [(key, score)] of the page, {facet: {value: count}}): one top-k search and one aggregation."""
        q = self.query(query, expand, audiences=audiences, filters=filters)
        searcher = self.searcher
        if sort == "date":
            result = searcher.search(q, limit=limit, count=True, offset=offset, order_by_field="newest")
            page = [(searcher.doc(address)["key"][0], 0.0) for _newest, address in result.hits]
        else:
            result = searcher.search(q, limit=limit, count=True, offset=offset, weight_by_field="weight")
            page = [(searcher.doc(address)["key"][0], score) for score, address in result.hits]
        facets = {name: {} for name in FACET_FIELDS}
        if result.count:
            aggregations = searcher.aggregate(q, {
                # twice the values shown, so that the values tied at the cut are all there to be ordered by value
                name: {"terms": {"field": name, "size": 2 * FACET_SIZE, "segment_size": FACET_SEGMENT_SIZE}}
                for name in FACET_FIELDS
            })
            for name in FACET_FIELDS:
                counts = {str(bucket["key"]): bucket["doc_count"] for bucket in aggregations.get(name, {}).get("buckets", [])}
                facets[name] = top_values(counts, FACET_SIZE)
        return result.count, page, facets

