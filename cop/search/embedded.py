"""The embedded search index: SQLite FTS5 in a file of its own, no server.

Why FTS5: it ships inside Python's sqlite3 on every platform we run on, ranks with BM25 and per-column
weights, does phrase queries and exclusions, and works whatever the main database is (SQLite or
PostgreSQL). Ukrainian morphology, which no engine has built in, is done before indexing by the shared
analysis pipeline (cop.search.analysis): the index stores lemmas, queries are lemmatised the same way.
"""

import difflib
import html
import json
import sqlite3
import threading
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from .analysis import WORD_RE, fold, is_stop_word, lemmas, surface_words, word_lemmas
from .query import ParsedQuery

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL,
    date TEXT,
    year INTEGER,
    theme TEXT,
    oblast TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    audience TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    boost REAL NOT NULL DEFAULT 1.0
);
CREATE INDEX IF NOT EXISTS docs_type ON docs(type);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, tags, body, suggest,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '’-'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, row);
"""

TITLE_WEIGHT, TAGS_WEIGHT, BODY_WEIGHT, SUGGEST_WEIGHT = 8.0, 5.0, 1.0, 0.0
FACETS = ("type", "theme", "tag", "oblast", "year")
# A mild boost for recent documents: up to +RECENCY_BOOST for today, fading to none after RECENCY_DAYS.
RECENCY_BOOST, RECENCY_DAYS = 0.15, 730
RECENCY = (
    f"(1.0 + {RECENCY_BOOST} * max(0.0, 1.0 - coalesce(julianday('now') - julianday(nullif(docs.date, '')), "
    f"{RECENCY_DAYS}) / {RECENCY_DAYS}.0))"
)


@dataclass
class Document:
    key: str  # "practice:12", "post:345"
    type: str
    title: str
    url: str
    body: str = ""
    tags: list = field(default_factory=list)
    theme: str = ""
    oblast: str = ""
    date: str = ""  # ISO date
    audience: str = "public"  # "public" or "members"
    boost: float = 1.0


def fts_columns(doc):
    """The analysed title, tags, body and suggestion words of a document.

    A forum reply shows its topic's title and carries its tags for filters, but is matched by its own text
    only: otherwise every reply of a topic would rank like the topic itself.
    """
    own_title = doc.type != "post"
    return (
        " ".join(lemmas(doc.title)) if own_title else "",
        " ".join(lemmas(" ".join(doc.tags))) if own_title else "",
        " ".join(lemmas(doc.body)),
        " ".join(surface_words(doc.title + " " + " ".join(doc.tags))) if own_title else "",
    )


def _quote(term):
    return '"' + term.replace('"', "") + '"'


def _facet_counts(matches, size=30):
    """Facet counts of the matching rows (id, score, date, type, theme, oblast, year, tags-as-JSON)."""
    counters = {name: Counter() for name in FACETS}
    for _id, _score, _date, type_, theme, oblast, year, tags in matches:
        counters["type"][type_] += 1
        if theme:
            counters["theme"][theme] += 1
        if oblast:
            counters["oblast"][oblast] += 1
        if year is not None:
            counters["year"][str(year)] += 1
        if tags != "[]":
            counters["tag"].update(json.loads(tags))
    return {name: dict(counters[name].most_common(size)) for name in FACETS}


class EmbeddedIndex:
    def __init__(self, path=":memory:"):
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.executescript(SCHEMA)

    # Writing
    def upsert(self, documents):
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                for doc in documents:
                    self._delete_key(doc.key)
                    cursor = self._conn.execute(
                        "INSERT INTO docs (key, type, title, url, date, year, theme, oblast, tags, audience, body, boost)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (doc.key, doc.type, doc.title, doc.url, doc.date, int(doc.date[:4]) if doc.date else None,
                         doc.theme, doc.oblast, json.dumps(doc.tags, ensure_ascii=False), doc.audience, doc.body, doc.boost),
                    )
                    self._conn.execute(
                        "INSERT INTO fts (rowid, title, tags, body, suggest) VALUES (?,?,?,?,?)",
                        (cursor.lastrowid, *fts_columns(doc)),
                    )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def delete(self, keys):
        with self._lock:
            self._conn.execute("BEGIN")
            for key in keys:
                self._delete_key(key)
            self._conn.execute("COMMIT")

    def _delete_key(self, key):
        row = self._conn.execute("SELECT id FROM docs WHERE key = ?", (key,)).fetchone()
        if row:
            self._conn.execute("DELETE FROM fts WHERE rowid = ?", row)
            self._conn.execute("DELETE FROM docs WHERE id = ?", row)

    def clear(self):
        with self._lock:
            self._conn.executescript("DELETE FROM fts; DELETE FROM docs;")

    def keys(self):
        with self._lock:
            return {row[0] for row in self._conn.execute("SELECT key FROM docs")}

    def count(self):
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    # Reading
    def _expand(self, term):
        """The term itself, plus close index terms for longer words (typo tolerance)."""
        if len(term) < 5:
            return [term]
        known = self._conn.execute("SELECT 1 FROM vocab WHERE term = ?", (term,)).fetchone()
        if known:
            return [term]
        candidates = [
            row[0] for row in self._conn.execute(
                "SELECT term FROM vocab WHERE term >= ? AND term < ? LIMIT 2000", (term[:2], term[:2] + "\uffff")
            )
        ]
        cutoff = 0.8 if len(term) < 8 else 0.75
        return [term] + difflib.get_close_matches(term, candidates, n=3, cutoff=cutoff)

    def match_expression(self, query: ParsedQuery):
        parts = []
        for term in query.terms:
            options = self._expand(term)
            parts.append("(" + " OR ".join(_quote(o) for o in options) + ")" if len(options) > 1 else _quote(term))
        for phrase in query.phrases:
            parts.append(_quote(" ".join(phrase)))
        expression = (" AND " if query.match_all else " OR ").join(parts)
        # Only title, tags and body are searched; the suggest column serves suggestions.
        expression = "{title tags body} : (" + expression + ")"
        for term in query.excluded:
            expression = f"({expression}) NOT {{title tags body}} : {_quote(term)}"
        return expression

    def search(self, query: ParsedQuery, *, audiences, filters=None, sort="relevance", offset=0, limit=20):
        """One pass over the matches: total, facets and the page are computed from the same rows.

        The full-text match drives the query (CROSS JOIN, and `+` on the filter columns so SQLite never
        prefers their indexes and probes the FTS index row by row); only the page's rows are read in full.
        """
        filters = filters or {}
        if not audiences:
            return 0, [], {name: {} for name in FACETS}
        where = ["fts MATCH ?", "+docs.audience IN (%s)" % ",".join("?" * len(audiences))]
        with self._lock:
            params = [self.match_expression(query), *audiences]
            for name in ("type", "theme", "oblast"):
                if filters.get(name):
                    where.append(f"+docs.{name} = ?")
                    params.append(filters[name])
            if filters.get("year"):
                where.append("+docs.year = ?")
                params.append(int(filters["year"]))
            if filters.get("tag"):
                where.append("EXISTS (SELECT 1 FROM json_each(docs.tags) WHERE json_each.value = ?)")
                params.append(filters["tag"])
            score = f"(-bm25(fts, {TITLE_WEIGHT}, {TAGS_WEIGHT}, {BODY_WEIGHT}, {SUGGEST_WEIGHT}) * docs.boost * {RECENCY})"
            matches = self._conn.execute(
                f"SELECT docs.id, {score}, coalesce(docs.date, ''), docs.type, docs.theme, docs.oblast, docs.year, docs.tags "
                f"FROM fts CROSS JOIN docs ON docs.id = fts.rowid WHERE {' AND '.join(where)}",
                params,
            ).fetchall()
            facets = _facet_counts(matches)
            if sort == "date":
                matches.sort(key=lambda row: row[1], reverse=True)
                matches.sort(key=lambda row: row[2], reverse=True)
            else:
                matches.sort(key=lambda row: row[2], reverse=True)
                matches.sort(key=lambda row: row[1], reverse=True)
            page = matches[offset:offset + limit]
            scores = {row[0]: row[1] for row in page}
            rows = {}
            if page:
                rows = {
                    row[0]: row[1:] for row in self._conn.execute(
                        "SELECT id, key, type, title, url, date, theme, tags, body FROM docs WHERE id IN (%s)"
                        % ",".join("?" * len(page)), [row[0] for row in page],
                    )
                }
        results = []
        for row in page:
            key, type_, title, url, date, theme, tags, body = rows[row[0]]
            results.append({
                "key": key, "type": type_, "title": title, "url": url, "date": date, "theme": theme,
                "tags": json.loads(tags), "score": round(scores[row[0]], 4),
                "snippet": highlight(body or title, query), "title_html": highlight(title, query, whole=True),
            })
        return len(matches), results, facets

    def suggest(self, prefix, *, audiences, limit=8):
        typed = surface_words(prefix)
        if not typed:
            return []
        expression = "suggest : (" + " AND ".join(_quote(w) for w in typed[:-1]) + (" AND " if len(typed) > 1 else "") + _quote(typed[-1]) + "*)"
        with self._lock:
            rows = self._conn.execute(
                "SELECT docs.title, docs.url FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? "
                "AND docs.audience IN (%s) AND docs.type IN ('practice', 'resource', 'event', 'topic') "
                "ORDER BY bm25(fts) LIMIT ?" % ",".join("?" * len(audiences)),
                [expression, *audiences, limit],
            ).fetchall()
        return [{"text": title, "url": url} for title, url in rows]


@lru_cache(maxsize=200_000)
def _token_terms(token):
    """A word as written → (its folded form, its analysed terms); cached, as highlighting meets the same
    words in every snippet."""
    folded = fold(token)
    return folded, word_lemmas(folded[:60])


MAX_SNIPPET_SCAN = 5000  # words read to find the first match of a long text


def highlight(text, query: ParsedQuery, *, whole=False, width=32):
    """Escaped text with the words whose lemma matches the query in <mark>; a window around the first match.

    The words are first listed with one regex pass (C speed) to find the first match; only the window's words
    are then located and marked, so snippets of long bodies stay cheap."""
    wanted = frozenset(t for t in query.positive_lemmas if not is_stop_word(t))
    surface = frozenset(w for w in query.words if not is_stop_word(w))

    def matches(token):
        folded, terms = _token_terms(token)
        return folded in surface or not wanted.isdisjoint(terms)

    words_in_text = WORD_RE.findall(text)
    if whole:
        lo, hi = 0, len(words_in_text)
    else:
        first = next((i for i, w in enumerate(words_in_text[:MAX_SNIPPET_SCAN]) if matches(w)), 0)
        lo = max(0, first - width // 4)
        hi = min(len(words_in_text), lo + width)
    tokens = []  # (start, end, is_match) of the words lo..hi-1
    for index, match in enumerate(WORD_RE.finditer(text)):
        if index >= hi:
            break
        if index >= lo:
            tokens.append((match.start(), match.end(), matches(match.group(0))))
    start_char, end_char = 0, len(text)
    if not whole and tokens:
        start_char, end_char = tokens[0][0], tokens[-1][1]
    out, position = [], start_char
    for begin, end, is_match in tokens:
        if begin < start_char or end > end_char:
            continue
        gap = text[position:begin]
        out.append(gap if gap == " " else html.escape(gap))
        word = text[begin:end]  # letters, digits, apostrophes and hyphens only: nothing to escape
        out.append(f"<mark>{word}</mark>" if is_match else word)
        position = end
    out.append(html.escape(text[position:end_char]))
    snippet = "".join(out).strip()
    if not whole:
        snippet = ("… " if start_char > 0 else "") + snippet + (" …" if end_char < len(text) else "")
    return snippet
