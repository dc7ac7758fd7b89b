"""The embedded search index: SQLite FTS5 in a file of its own, no server.

Why FTS5: it ships inside Python's sqlite3 on every platform we run on, ranks with BM25 and per-column
weights, does phrase queries and exclusions, and works whatever the main database is (SQLite or
PostgreSQL). Ukrainian morphology, which no engine has built in, is done before indexing by the shared
analysis pipeline (cop.search.analysis): the index stores lemmas, queries are lemmatised the same way.
"""

import html
import json
import logging
import sqlite3
import threading
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .analysis import WORD_CACHE_SIZE, WORD_RE, analyse, analyse_surface, fold, is_stop_word, surface_words, word_lemmas
from .query import ParsedQuery
from .topk import FACET_SIZE, RECENCY_BOOST, RECENCY_DAYS, top_values  # the shared ranking (tantivy is imported on first use)

logger = logging.getLogger(__name__)

# The full-text table; a clear drops and creates it again (deleting every row of it one by one took 20 s at
# 100,000 documents).
FTS_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, tags, body, suggest,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '’-'"
);
"""

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
    boost REAL NOT NULL DEFAULT 1.0,
    language TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS docs_type ON docs(type);
-- Passage vectors of hybrid search (cop.search.semantic), by document key: they survive a re-index of the
-- document's words and are replaced only when its passages' text changes (digest).
-- (A rowid table: WITHOUT ROWID stores the 1.5 KB vectors in the primary key's B-tree, at about twice the size.)
CREATE TABLE IF NOT EXISTS vectors (
    key TEXT NOT NULL,
    passage INTEGER NOT NULL,
    model TEXT NOT NULL,
    digest TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS vectors_key ON vectors(key, passage);
CREATE INDEX IF NOT EXISTS vectors_model ON vectors(model);
-- Counters other processes read to know their cached vector matrix is stale.
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
-- fts: FTS_TABLE, created first
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, row);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab_col USING fts5vocab(fts, col);
-- The vocabulary of typo tolerance, kept with every write: fts5vocab would read every posting list of a
-- range of terms on each query. surface = 1: a title or tag word as written (suggestions), else a lemma.
CREATE TABLE IF NOT EXISTS terms (
    term TEXT NOT NULL,
    surface INTEGER NOT NULL,
    docs INTEGER NOT NULL,
    PRIMARY KEY (term, surface)
) WITHOUT ROWID;
"""

BUSY_TIMEOUT_SECONDS = 20
TITLE_WEIGHT, TAGS_WEIGHT, BODY_WEIGHT, SUGGEST_WEIGHT = 8.0, 5.0, 1.0, 0.0
SEARCHED_COLUMNS = "('title', 'tags', 'body')"  # the suggest column serves suggestions only
# Typo tolerance, as the engine backend's fuzziness "AUTO:5,8": none below 5 letters, 1 edit for 5-7, 2 from 8.
TYPO_MIN_LENGTH, TYPO_CANDIDATES = 5, 3
FACETS = ("type", "theme", "tag", "oblast", "year")
RECENCY = (
    f"(1.0 + {RECENCY_BOOST} * max(0.0, 1.0 - coalesce(julianday('now') - julianday(nullif(docs.date, '')), "
    f"{RECENCY_DAYS}) / {RECENCY_DAYS}.0))"
)


def typo_edits(term):
    return 1 if len(term) < 8 else 2


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
    language: str = ""  # "uk", "en": the language of the text (a result is shown in the reader's language)
    group: str = ""  # translations of one thing share a group (a Wagtail translation_key); "" = on its own


def fts_columns(doc):
    """The analysed title, tags, body and suggestion words of a document.

    A forum reply shows its topic's title and carries its tags for filters, but is matched by its own text
    only: otherwise every reply of a topic would rank like the topic itself.
    """
    own_title = doc.type != "post"
    return (
        analyse(doc.title) if own_title else "",
        analyse(" ".join(doc.tags)) if own_title else "",
        analyse(doc.body),
        analyse_surface(doc.title + " " + " ".join(doc.tags)) if own_title else "",
    )


def _quote(term):
    return '"' + term.replace('"', "") + '"'


def _filter_clauses(filters, *, prefix):
    """SQL conditions and parameters of a search's filters, shared by `search` and `fetch`. `prefix` "+docs." keeps
    SQLite from preferring the columns' indexes over the full-text match (see `search`)."""
    clauses, values = [], []
    for name in ("type", "theme", "oblast"):
        if filters.get(name):
            clauses.append(f"{prefix}{name} = ?")
            values.append(filters[name])
    if filters.get("year"):
        clauses.append(f"{prefix}year = ?")
        values.append(int(filters["year"]))
    if filters.get("tag"):
        clauses.append("EXISTS (SELECT 1 FROM json_each(docs.tags) WHERE json_each.value = ?)")
        values.append(filters["tag"])
    return clauses, values


def _facet_counts(matches, size=FACET_SIZE):
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
    return {name: top_values(counters[name], size) for name in FACETS}


class EmbeddedIndex:
    _writes = 0  # writes through this object, for the vocabulary cache of typo tolerance
    _vocabulary_cache = None
    _vocabulary_generation = None
    _terms_checked = False
    _writing = False
    _topk = None  # the tantivy index beside this file (cop.search.topk), opened on first use
    _topk_checked = False
    _topk_failed = False
    _topk_generation = None

    def __init__(self, path=":memory:"):
        self.path = path
        self._lock = threading.RLock()
        # Every web process opens the index file: WAL lets them search while one writes, the timeout makes a
        # writer wait for another's lock instead of failing, and writes begin IMMEDIATE (a deferred transaction
        # that read first cannot take the write lock while another process writes). synchronous=NORMAL: the index
        # is derived data that `search_index verify` and `rebuild` restore after a power cut.
        self._conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(FTS_TABLE + SCHEMA)
        self._upgrade()

    def _upgrade(self):
        """An index file of an older version gets the columns added since (they are filled by the next rebuild)."""
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(docs)")}
        for name in ("language", "grp"):
            if name not in columns:
                try:
                    self._conn.execute(f"ALTER TABLE docs ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")
                except sqlite3.OperationalError:  # another process added it meanwhile
                    pass
        # translations() looks documents up by group: without this index it read every row (186 ms at 100,000
        # documents, most of the search page's time). After the columns: a file of an older version gets them first.
        self._conn.execute("CREATE INDEX IF NOT EXISTS docs_grp ON docs(grp)")

    # Writing
    def data_version(self):
        """A number that changes when another connection (process) commits a change to the index file."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def writing(self):
        """One write transaction on the index file (BEGIN IMMEDIATE: its write lock, across processes), around
        whatever the caller does inside, reads of the content included; nested uses join it.

        The outbox reads each document inside it, so two processes applying the same key take turns and the
        later one reads a state at least as new: an older read can never overwrite a newer one."""
        with self._lock:
            if self._writing:
                yield
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._writing = True
            topk = None
            try:
                self._ensure_topk()
                topk = self._topk_if_ready()
                yield
                if topk is not None:
                    topk.commit()  # before SQLite's: a failure here rolls the whole write back
                self._conn.execute("COMMIT")
            except BaseException:  # a transaction left open would make every later write fail
                if topk is not None:
                    topk.rollback()
                    self._topk_checked = False  # tantivy may be ahead of SQLite now: compare again on next use
                self._conn.execute("ROLLBACK")
                raise
            finally:
                self._writing = False
                self._writes += 1

    def upsert(self, documents, analysed=None):
        """Write the documents (replacing earlier versions of their keys). `analysed`: {key: fts_columns(doc)}
        computed elsewhere (a rebuild's reader processes, cop.search.readers); the others are analysed here."""
        analysed = analysed or {}
        with self.writing():
            counts = (Counter(), Counter())
            latest = {doc.key: doc for doc in documents}  # a key given twice is written once, as its last version
            held = self._row_ids(list(latest))
            for doc in latest.values():
                if doc.key in held:
                    self._delete_row(held[doc.key], doc.key, counts)
                cursor = self._conn.execute(
                    "INSERT INTO docs (key, type, title, url, date, year, theme, oblast, tags, audience, body, boost,"
                    " language, grp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.key, doc.type, doc.title, doc.url, doc.date, int(doc.date[:4]) if doc.date else None,
                     doc.theme, doc.oblast, json.dumps(doc.tags, ensure_ascii=False), doc.audience, doc.body, doc.boost,
                     doc.language or "", doc.group or ""),
                )
                columns = analysed.get(doc.key) or fts_columns(doc)
                self._conn.execute(
                    "INSERT INTO fts (rowid, title, tags, body, suggest) VALUES (?,?,?,?,?)", (cursor.lastrowid, *columns)
                )
                self._count_terms(counts, columns, +1)
                if topk := self._topk_if_ready():  # _delete_row deleted the key's old version
                    topk.add(doc.key, type=doc.type, audience=doc.audience, theme=doc.theme, oblast=doc.oblast,
                             tags=doc.tags, date=doc.date, boost=doc.boost, title=columns[0], tag_words=columns[1],
                             body=columns[2], suggest=columns[3], sequence=cursor.lastrowid, replace=False)
            self._save_term_counts(counts)

    def delete(self, keys):
        with self.writing():
            counts = (Counter(), Counter())
            keys = list(dict.fromkeys(keys))
            held = self._row_ids(keys)
            for key in keys:
                if key in held:
                    self._delete_row(held[key], key, counts)
            self._save_term_counts(counts)
            self._delete_vectors(keys)

    def _row_ids(self, keys, chunk=500):
        """{key: docs.id} of the keys the index holds: one query per `chunk` keys, not one per key (a rebuild
        writes every document after a clear: one lookup per document cost about 3% of its writing)."""
        held = {}
        for start in range(0, len(keys), chunk):
            part = keys[start:start + chunk]
            held.update(self._conn.execute(
                f"SELECT key, id FROM docs WHERE key IN ({','.join('?' * len(part))})", part
            ).fetchall())
        return held

    def _delete_row(self, row_id, key, counts):
        # Only a key SQLite holds is deleted from the top-k index: a delete costs a lookup in every segment at
        # commit, and a rebuild's adds follow a clear. (Where the two disagree, _ensure_topk refills.)
        if topk := self._topk_if_ready():
            topk.delete(key)
        old = self._conn.execute("SELECT title, tags, body, suggest FROM fts WHERE rowid = ?", (row_id,)).fetchone()
        if old:
            self._count_terms(counts, old, -1)
        self._conn.execute("DELETE FROM fts WHERE rowid = ?", (row_id,))
        self._conn.execute("DELETE FROM docs WHERE id = ?", (row_id,))

    def clear(self):
        with self.writing():
            if topk := self._topk_if_ready():
                topk.clear()
            self._conn.execute("DROP TABLE fts")
            self._conn.execute(FTS_TABLE)
            self._conn.execute("DELETE FROM docs")
            self._conn.execute("DELETE FROM terms")
            self._conn.execute("DELETE FROM vectors")
            self._bump_vectors()

    @staticmethod
    def _count_terms(counts, columns, delta):
        """Count one document's distinct lemmas and surface words in `counts`, a (lemmas, surface words) pair of
        Counters: +1 each when the document is added, -1 when it is removed."""
        title, tags, body, suggest = columns
        lemma_counts, surface_counts = counts
        if delta > 0:
            lemma_counts.update(set(f"{title} {tags} {body}".split()))
            surface_counts.update(set(suggest.split()))
        else:
            lemma_counts.subtract(set(f"{title} {tags} {body}".split()))
            surface_counts.subtract(set(suggest.split()))

    def _save_term_counts(self, counts):
        """Apply a batch's counts to `terms` in one pass (per distinct term, not per document)."""
        changed = [
            (term, surface, delta) for surface, counter in enumerate(counts) for term, delta in counter.items() if delta
        ]
        self._conn.executemany(
            "INSERT INTO terms (term, surface, docs) VALUES (?, ?, ?) "
            "ON CONFLICT (term, surface) DO UPDATE SET docs = docs + excluded.docs", changed,
        )
        removed = [(term, surface) for term, surface, delta in changed if delta < 0]
        if removed:
            self._conn.executemany("DELETE FROM terms WHERE term = ? AND surface = ? AND docs <= 0", removed)

    def _ensure_terms(self):
        """An index file written before the `terms` table existed gets it filled once from the FTS vocabulary."""
        if self._terms_checked:
            return
        def needs_filling():
            return self._conn.execute(
                "SELECT NOT EXISTS (SELECT 1 FROM terms) AND EXISTS (SELECT 1 FROM docs)"
            ).fetchone()[0]

        if needs_filling():
            with self.writing():
                if needs_filling():  # another process may have filled it meanwhile
                    self._conn.execute(
                        "INSERT INTO terms (term, surface, docs) "
                        "SELECT term, col = 'suggest', sum(doc) FROM vocab_col GROUP BY term, col = 'suggest'"
                    )
        self._terms_checked = True

    # The top-k index (tantivy, cop.search.topk): searches go there, SQLite stays the record
    def _topk_if_ready(self):
        """The tantivy index, or None where it cannot be used (then searches use FTS5, which holds everything too)."""
        if self._topk is None and not self._topk_failed:
            try:
                from .topk import TopKIndex

                self._topk = TopKIndex(None if self.path == ":memory:" else self.path + ".tantivy")
            except Exception:  # not installed, or its folder cannot be opened: FTS5 answers alone
                logger.exception("The top-k search index beside %s cannot be opened; searching with FTS5", self.path)
                self._topk_failed = True
        return self._topk

    def _ensure_topk(self):
        """Once per process (and after a failed write): a top-k index that does not hold as many documents as SQLite
        (new, of an older version, behind or ahead after a crash) is filled again from SQLite's analysed columns."""
        if self._topk_checked:
            return
        self._topk_checked = True
        topk = self._topk_if_ready()
        if topk is None:
            return
        topk.reload()
        if topk.num_docs == self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]:
            return
        with self.writing():
            self._refill_topk(topk)

    def _refill_topk(self, topk):
        topk.clear()
        for rows in self._analysed_rows():
            self._add_to_topk(topk, rows, replace=False)

    def _analysed_rows(self, where="", params=(), batch=2000, after=0):
        """The rows the top-k index is built from (SQLite's record and FTS5's analysed columns), `batch` at a time,
        of ids above `after`."""
        last = after
        while True:
            rows = self._conn.execute(
                "SELECT docs.id, docs.key, docs.type, docs.audience, docs.theme, docs.oblast, docs.tags, docs.date, "
                "docs.boost, fts.title, fts.tags, fts.body, fts.suggest FROM docs JOIN fts ON fts.rowid = docs.id "
                f"WHERE docs.id > ? {where} ORDER BY docs.id LIMIT ?", (last, *params, batch),
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    @staticmethod
    def _add_to_topk(topk, rows, replace=True):
        for id_, key, type_, audience, theme, oblast, tags, date, boost, title, tag_words, body, suggest in rows:
            topk.add(key, type=type_, audience=audience, theme=theme or "", oblast=oblast or "", tags=json.loads(tags),
                     date=date or "", boost=boost, title=title, tag_words=tag_words, body=body, suggest=suggest,
                     sequence=id_, replace=replace)

    def refresh_recency(self):
        """Re-weigh the documents of the last RECENCY_DAYS (and a day): the top-k index keeps the recency boost of
        the day a document was indexed (tantivy multiplies scores by a stored weight), FTS5 computed it per query.
        Run nightly by the worker (cop.search.tasks); a write transaction per 2,000 documents, so the web's writes
        wait at most a moment. Returns the number of documents re-weighed."""
        from datetime import date as date_type, timedelta

        with self._lock:
            if self._topk_if_ready() is None:
                return 0
            since = (date_type.today() - timedelta(days=RECENCY_DAYS + 1)).isoformat()
            done, last = 0, 0
            while True:
                with self.writing():
                    topk = self._topk_if_ready()
                    rows = next(self._analysed_rows("AND docs.date >= ?", (since,), batch=2000, after=last), [])
                    if not rows:
                        return done
                    self._add_to_topk(topk, rows)
                done, last = done + len(rows), rows[-1][0]

    def _fresh_topk(self):
        """The top-k index as of the latest commit of any process, or None (FTS5 answers)."""
        self._ensure_topk()
        topk = self._topk_if_ready()
        if topk is not None:
            # data_version changes when another connection (another process) commits; _writes counts ours
            generation = (self._writes, self._conn.execute("PRAGMA data_version").fetchone()[0])
            if generation != self._topk_generation:
                topk.reload()
                self._topk_generation = generation
        return topk

    def topk_keys(self):
        """The keys in the top-k index (`search_index verify`), or None without one."""
        with self._lock:
            topk = self._fresh_topk()
            return None if topk is None else topk.keys()

    def keys(self):
        with self._lock:
            return {row[0] for row in self._conn.execute("SELECT key FROM docs")}

    def count(self):
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    def documents(self):
        """Every stored document as it was indexed, by key (`search_index verify` compares them with the content)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT key, type, title, url, body, tags, theme, oblast, date, audience, boost, language, grp FROM docs"
            ).fetchall()
        return {
            row[0]: Document(key=row[0], type=row[1], title=row[2], url=row[3], body=row[4], tags=json.loads(row[5]),
                             theme=row[6] or "", oblast=row[7] or "", date=row[8] or "", audience=row[9], boost=row[10],
                             language=row[11] or "", group=row[12] or "")
            for row in rows
        }

    # Vectors (the dense half of hybrid search; see cop.search.base.VectorStore)
    _matrices = None  # model -> (generation, keys, passages, matrix)

    def _bump_vectors(self):
        self._conn.execute(
            "INSERT INTO meta (name, value) VALUES ('vectors', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1"
        )

    def _delete_vectors(self, keys):
        cursor = self._conn.executemany("DELETE FROM vectors WHERE key = ?", [(key,) for key in keys])
        if cursor.rowcount:
            self._bump_vectors()

    def index_vectors(self, key, *, model, digest, vectors):
        import numpy as np

        vectors = np.asarray(vectors, dtype=np.float32)
        with self.writing():
            self._conn.execute("DELETE FROM vectors WHERE key = ?", (key,))
            self._conn.executemany(
                "INSERT INTO vectors (key, passage, model, digest, vector) VALUES (?,?,?,?,?)",
                [(key, n, model, digest, row.tobytes()) for n, row in enumerate(vectors)],
            )
            self._bump_vectors()

    def delete_vectors(self, keys):
        with self.writing():
            self._delete_vectors(list(keys))

    def vector_digests(self, keys, *, model):
        keys = list(keys)
        found = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                found.update(self._conn.execute(
                    "SELECT key, digest FROM vectors WHERE passage = 0 AND model = ? AND key IN (%s)"
                    % ",".join("?" * len(chunk)), [model, *chunk],
                ).fetchall())
        return found

    def vector_keys(self, *, model):
        with self._lock:
            return {row[0] for row in self._conn.execute(
                "SELECT key FROM vectors WHERE passage = 0 AND model = ?", (model,))}

    def vectors_of(self, key, *, model):
        import numpy as np

        with self._lock:
            rows = self._conn.execute(
                "SELECT vector FROM vectors WHERE key = ? AND model = ? ORDER BY passage", (key, model)).fetchall()
        if not rows:
            return None
        return np.vstack([np.frombuffer(row[0], dtype=np.float32) for row in rows])

    def _matrix(self, model):
        """(keys, passages, matrix) of every vector of `model`, kept in memory until a process writes vectors.

        A scan of this matrix with numpy is one matrix-vector product: about a millisecond per 10,000 passages
        (benchmarks/semantic.py), so no approximate index is needed at the size of this community."""
        import numpy as np

        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE name = 'vectors'").fetchone()
            generation = row[0] if row else 0
            cached = (self._matrices or {}).get(model)
            if cached and cached[0] == generation:
                return cached[1:]
            rows = self._conn.execute(
                "SELECT key, passage, vector FROM vectors WHERE model = ? ORDER BY key, passage", (model,)).fetchall()
        keys = [r[0] for r in rows]
        passages = np.array([r[1] for r in rows], dtype=np.int32)
        matrix = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), -1)
                  if rows else np.zeros((0, 1), dtype=np.float32))
        self._matrices = {**(self._matrices or {}), model: (generation, keys, passages, matrix)}
        return keys, passages, matrix

    def search_vectors(self, vector, *, model, limit=100):
        import numpy as np

        keys, passages, matrix = self._matrix(model)
        if not keys or matrix.shape[1] != len(vector):
            return []
        scores = matrix @ np.asarray(vector, dtype=np.float32)
        wanted = min(len(scores), limit * 4)
        top = np.argpartition(-scores, wanted - 1)[:wanted] if wanted < len(scores) else np.arange(len(scores))
        best = {}
        for i in top[np.argsort(-scores[top])]:
            key = keys[i]
            if key not in best:
                best[key] = (key, float(scores[i]), int(passages[i]))
                if len(best) >= limit:
                    break
        return list(best.values())

    _FETCHED = "key, type, title, url, date, theme, oblast, year, tags, body, language, grp"

    def _fetched(self, row):
        key, type_, title, url, date, theme, oblast, year, tags, body, language, grp = row
        return {"key": key, "type": type_, "title": title, "url": url, "date": date or "", "theme": theme or "",
                "oblast": oblast or "", "year": year, "tags": json.loads(tags), "body": body, "language": language,
                "group": grp}

    def fetch(self, keys, *, audiences, filters=None, with_body=True):
        keys, filters = list(dict.fromkeys(keys)), filters or {}
        if not keys or not audiences:
            return {}
        clauses, values = _filter_clauses(filters, prefix="")
        where = ["key IN (%s)" % ",".join("?" * len(keys)), "audience IN (%s)" % ",".join("?" * len(audiences)), *clauses]
        params = [*keys, *audiences, *values]
        columns = self._FETCHED if with_body else self._FETCHED.replace(" body,", " '',")
        with self._lock:
            rows = self._conn.execute(f"SELECT {columns} FROM docs WHERE {' AND '.join(where)}", params).fetchall()
        return {row[0]: self._fetched(row) for row in rows}

    def translations(self, groups, *, language, audiences):
        groups = [g for g in dict.fromkeys(groups) if g]
        if not groups or not audiences:
            return {}
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {self._FETCHED} FROM docs WHERE grp IN (%s) AND language = ? AND audience IN (%s)"
                % (",".join("?" * len(groups)), ",".join("?" * len(audiences))), [*groups, language, *audiences],
            ).fetchall()
        return {row[-1]: self._fetched(row) for row in rows}

    # Reading
    def _expand(self, term, surfaces=()):
        """The term itself, plus up to TYPO_CANDIDATES close terms of the searched columns for an unknown
        longer word (typo tolerance).

        Candidates share the first letter and are at most typo_edits() edits away (a transposition counts as
        one), closest first, then those in more documents. They come from two places: lemmas near the term,
        and title and tag words near the word as typed (`surfaces`), replaced by their lemmas, since a typo in
        an inflected form ("засыдань") is one edit from the form ("засідань") but three from its lemma
        ("засідання"). Only lemmas of the searched columns are ever proposed: the suggestion column's
        surface words are never searched."""
        if len(term) < TYPO_MIN_LENGTH or self._is_searched_term(term):
            return [term]
        scored = {}  # candidate lemma -> (edits, -documents)
        for typed in dict.fromkeys([term, *surfaces]):
            if len(typed) < TYPO_MIN_LENGTH:
                continue
            edits = typo_edits(typed)
            searched, surface = self._vocabulary(typed[0], len(typed) - edits, len(typed) + edits)
            for candidate, distance, _index in process.extract(typed, list(searched), scorer=OSA.distance,
                                                               score_cutoff=edits, limit=None):
                scored[candidate] = min(scored.get(candidate, (99, 0)), (distance, -searched[candidate]))
            for word, distance, _index in process.extract(typed, list(surface), scorer=OSA.distance,
                                                          score_cutoff=edits, limit=None):
                for candidate in word_lemmas(word):
                    if candidate != term and self._is_searched_term(candidate):
                        scored[candidate] = min(scored.get(candidate, (99, 0)), (distance, -surface[word]))
        ranked = sorted(scored, key=lambda candidate: (*scored[candidate], candidate))
        return [term] + ranked[:TYPO_CANDIDATES]

    def _is_searched_term(self, term):
        self._ensure_terms()
        return self._conn.execute("SELECT 1 FROM terms WHERE term = ? AND surface = 0", (term,)).fetchone() is not None

    def _vocabulary(self, first, shortest, longest):
        """({lemma: documents} of the searched columns, {word: documents} of the title and tag words) for terms
        starting with `first` within a length range; cached until the index changes."""
        cache_key = (first, shortest, longest)
        # data_version changes when another connection (another web process) commits; _writes counts ours.
        generation = (self._writes, self._conn.execute("PRAGMA data_version").fetchone()[0])
        if self._vocabulary_cache is None or self._vocabulary_generation != generation:
            self._vocabulary_cache, self._vocabulary_generation = {}, generation
        if cache_key not in self._vocabulary_cache:
            self._ensure_terms()
            searched, surface = {}, {}
            for term, is_surface, documents in self._conn.execute(
                "SELECT term, surface, docs FROM terms WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
                (first, first + "\U0010ffff", shortest, longest),
            ):
                (surface if is_surface else searched)[term] = documents
            if len(self._vocabulary_cache) > 256:
                self._vocabulary_cache.clear()
            self._vocabulary_cache[cache_key] = (searched, surface)
        return self._vocabulary_cache[cache_key]

    def match_expression(self, query: ParsedQuery):
        parts = []
        for term in query.terms:
            options = self._expand(term, [word for word in query.words if term in word_lemmas(word)])
            parts.append("(" + " OR ".join(_quote(o) for o in options) + ")" if len(options) > 1 else _quote(term))
        for phrase in query.phrases:
            parts.append(_quote(" ".join(phrase)))
        expression = (" AND " if query.match_all else " OR ").join(parts)
        # Only title, tags and body are searched; the suggest column serves suggestions.
        expression = "{title tags body} : (" + expression + ")"
        for term in query.excluded:
            expression = f"({expression}) NOT {{title tags body}} : {_quote(term)}"
        return expression

    def search(self, query: ParsedQuery, *, audiences, filters=None, sort="relevance", offset=0, limit=20, snippets=True):
        """The page of results, the exact total and the facets: from the top-k index (one top-k search and one
        aggregation), the page's rows from SQLite; from FTS5 alone where the top-k index cannot be opened."""
        filters = filters or {}
        if not audiences:
            return 0, [], {name: {} for name in FACETS}
        with self._lock:
            topk = self._fresh_topk()
            if topk is None:
                return self.search_fts(query, audiences=audiences, filters=filters, sort=sort, offset=offset,
                                       limit=limit, snippets=snippets)

            def expand(term):
                return self._expand(term, [word for word in query.words if term in word_lemmas(word)])

            total, page, facets = topk.search(query, expand, audiences=audiences, filters=filters, sort=sort,
                                              offset=offset, limit=limit)
            rows = {}
            if page:
                keys = [key for key, _score in page]
                rows = {
                    row[0]: row for row in self._conn.execute(
                        "SELECT key, type, title, url, date, theme, tags, body, language, grp, audience FROM docs "
                        "WHERE key IN (%s)" % ",".join("?" * len(keys)), keys,
                    )
                }
        results = []
        for key, score in page:
            row = rows.get(key)
            if row is None or row[10] not in audiences:  # SQLite is the authority on what exists and who may see it
                continue
            results.append(self._result(row[:10], score, query, snippets))
        return total, results, facets

    def _result(self, row, score, query, snippets):
        key, type_, title, url, date, theme, tags, body, language, grp = row
        return {
            "key": key, "type": type_, "title": title, "url": url, "date": date, "theme": theme,
            "language": language, "group": grp,
            "tags": json.loads(tags), "score": round(score, 4),
            # Without `snippets` (a hybrid search's pool, most of which is never shown) the caller highlights
            # the page it shows with `highlight_results`.
            **({"snippet": highlight(body or title, query), "title_html": highlight(title, query, whole=True)}
               if snippets else {"snippet": None, "body": body, "query": query}),
        }

    def search_fts(self, query: ParsedQuery, *, audiences, filters=None, sort="relevance", offset=0, limit=20,
                   snippets=True):
        """The same search with FTS5 alone: one pass over the matches, total, facets and the page are computed from
        the same rows (every match is read: about a second for a common word at 100,000 documents).

        The full-text match drives the query (CROSS JOIN, and `+` on the filter columns so SQLite never
        prefers their indexes and probes the FTS index row by row); only the page's rows are read in full.
        """
        filters = filters or {}
        if not audiences:
            return 0, [], {name: {} for name in FACETS}
        clauses, values = _filter_clauses(filters, prefix="+docs.")
        where = ["fts MATCH ?", "+docs.audience IN (%s)" % ",".join("?" * len(audiences)), *clauses]
        with self._lock:
            params = [self.match_expression(query), *audiences, *values]
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
                        "SELECT id, key, type, title, url, date, theme, tags, body, language, grp FROM docs WHERE id IN (%s)"
                        % ",".join("?" * len(page)), [row[0] for row in page],
                    )
                }
        results = [self._result(rows[row[0]], scores[row[0]], query, snippets) for row in page]
        return len(matches), results, facets

    SUGGESTED_TYPES = ("practice", "resource", "event", "topic")  # forum replies are never suggested

    def suggest(self, prefix, *, audiences, limit=8):
        typed = surface_words(prefix)
        if not typed or not audiences:
            return []
        with self._lock:
            topk = self._fresh_topk()
            if topk is not None:
                keys = topk.suggest(typed, audiences=audiences, types=self.SUGGESTED_TYPES, limit=limit)
                rows = {}
                if keys:
                    rows = {key: (title, url, audience, type_) for key, title, url, audience, type_ in self._conn.execute(
                        "SELECT key, title, url, audience, type FROM docs WHERE key IN (%s)" % ",".join("?" * len(keys)),
                        keys)}
                # SQLite is the authority on what exists and who may see it, as for searches
                return [{"text": rows[key][0], "url": rows[key][1]} for key in keys
                        if key in rows and rows[key][2] in audiences and rows[key][3] in self.SUGGESTED_TYPES]
        return self.suggest_fts(typed, audiences=audiences, limit=limit)

    def suggest_fts(self, typed, *, audiences, limit=8):
        """Suggestions from FTS5 alone (prefix queries on its suggest column): where the top-k index cannot be used."""
        if not typed or not audiences:
            return []
        expression = "suggest : (" + " AND ".join(_quote(w) for w in typed[:-1]) + (" AND " if len(typed) > 1 else "") + _quote(typed[-1]) + "*)"
        with self._lock:
            rows = self._conn.execute(
                "SELECT docs.title, docs.url FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? "
                "AND docs.audience IN (%s) AND docs.type IN (%s) "
                "ORDER BY bm25(fts) LIMIT ?" % (",".join("?" * len(audiences)), ",".join("?" * len(self.SUGGESTED_TYPES))),
                [expression, *audiences, *self.SUGGESTED_TYPES, limit],
            ).fetchall()
        return [{"text": title, "url": url} for title, url in rows]


def highlight_results(results):
    """Snippets and marked titles for results that were searched without them (`search(..., snippets=False)`)."""
    for result in results:
        if result.get("snippet") is None and "query" in result:
            query, body = result.pop("query"), result.pop("body", "")
            result["snippet"] = highlight(body or result["title"], query)
            result["title_html"] = highlight(result["title"], query, whole=True)
    return results


@lru_cache(maxsize=WORD_CACHE_SIZE)
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
