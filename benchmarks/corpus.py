"""A deterministic Ukrainian corpus and query sets for search benchmarks (any backend).

    from benchmarks.corpus import documents, queries, suggest_prefixes, fingerprint

    for doc in documents(100_000, seed=1):   # cop.search.embedded.Document objects, generated lazily
        ...
    for cls, items in queries(seed=1).items():   # "1w", "1w+filter", "2w", ..., "4w+filter"
        for q in items:  q.text, q.filters, q.source

Where the words come from: the project's real Ukrainian text (the knowledge-base and forum demo content,
the themes and the programme background in /work/shared/context when present). A bigram chain over its
sentences gives plausible word order; content words are then put into other inflected forms of the same
lexeme (pymorphy3's Ukrainian dictionary), and a few percent of words come from a long tail of real
dictionary words that share a stem with the source vocabulary (Zipf-distributed). So the corpus has the
shape of real text for the analyser: frequent words recur in many inflections, rare words keep appearing
(well over a hundred thousand distinct forms at 100,000 documents), and the lemma cache sees a realistic
mix of hits and misses.

Deterministic: the same seed (and the same source text and dictionary version, see `fingerprint()`) gives
the same documents and queries. `documents(n, seed)` is a prefix of `documents(m, seed)` for n < m, and the
queries are drawn from the first documents, so they always hit a corpus of any size >= their `corpus_size`.
"""

import bisect
import hashlib
import importlib
import itertools
import os
import pickle
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path

from cop.search.analysis import APOSTROPHES, CANONICAL_APOSTROPHE, WORD_RE, lemma, words
from cop.search.embedded import Document

DEFAULT_SEED = 2020
SOURCE_MODULES = ("knowledge.demo_content", "forum.demo_content", "cop.core.demo_data")
CONTEXT_DIR = Path("/work/shared/context")
NOT_UKRAINIAN = ("ENGLISH_PRACTICES",)  # demo content in English only: not a source of Ukrainian words or tags

# Shape of the documents.
TYPES = (("post", 45), ("topic", 15), ("practice", 18), ("resource", 12), ("event", 10))
THEMES = (
    ("vriaduvannia-pid-chas-karantynu", 20), ("vybory-pid-chas-covid-19", 16), ("vidkryte-uriaduvannia", 18),
    ("genderna-rivnist", 10), ("uchast-molodi", 12), ("prava-liudyny", 12), ("merezha-mistsevoi-demokratii", 12),
)
# The programme's hromadas are in these oblasts: more practices there, very few in the occupied territories.
_PROGRAMME_OBLASTS = {"zhytomyrska", "ternopilska", "vinnytska", "donetska", "luhanska"}
OBLASTS = tuple(
    (slug, 8 if slug in _PROGRAMME_OBLASTS else 0.2 if slug in ("krym", "sevastopol") else 2)
    for slug in (
        "vinnytska", "volynska", "dnipropetrovska", "donetska", "zhytomyrska", "zakarpatska", "zaporizka",
        "ivano-frankivska", "kyivska", "kirovohradska", "luhanska", "lvivska", "mykolaivska", "odeska", "poltavska",
        "rivnenska", "sumska", "ternopilska", "kharkivska", "khersonska", "khmelnytska", "cherkaska", "chernivetska",
        "chernihivska", "krym", "kyiv", "sevastopol",
    )
)
YEARS = ((2020, 22), (2021, 20), (2022, 14), (2023, 16), (2024, 16), (2025, 12))
TITLE_WORDS = (5, 12)
BODY_WORDS = (80, 250)
MAX_TAGS = 4

# Shape of the text.
P_INFLECT = 0.35  # a content word is put into another form of its lexeme
P_TAIL = 0.08  # a word comes from the long tail of dictionary words
P_JUMP = 0.12  # the bigram chain jumps to a random word (more variety than the source text)
P_COMMA = 0.07
TAIL_PER_PREFIX = 450  # dictionary entries read per source stem (a word has an entry per reading)
CONTENT_POS = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "GRND", "COMP"}

_APOSTROPHE_TABLE = str.maketrans({a: CANONICAL_APOSTROPHE for a in APOSTROPHES})

QUERY_CLASSES = ("1w", "1w+filter", "2w", "2w+filter", "4w", "4w+filter")
QUERY_SOURCE_DOCS = 5_000  # queries are drawn from (at most) this many first documents


@dataclass(frozen=True)
class BenchQuery:
    cls: str  # one of QUERY_CLASSES
    text: str  # what the user types
    filters: dict = field(default_factory=dict)  # {"type": ...} or {"theme": ...} or {"year": 2021}
    source: str = ""  # key of the document the words were taken from (it should be found)


# ---------------------------------------------------------------------------------------------- source text
def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _clean(text):
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"[*_#>|`\[\]()]+", " ", text)  # Markdown markup
    return text.translate(_APOSTROPHE_TABLE)


def source_texts():
    """The real Ukrainian texts the vocabulary is built from (deterministic order)."""
    texts = []
    for name in SOURCE_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or attr in ("ACCOUNTS", "EXTRA_MEMBERS", "DEMO_PASSWORD", *NOT_UKRAINIAN):
                continue
            texts.extend(_clean(s) for s in _strings(value) if re.search(r"[\u0400-\u04FF]{3}", s))
    if CONTEXT_DIR.is_dir():
        for path in sorted(CONTEXT_DIR.glob("*-uk.md")):
            texts.append(_clean(path.read_text(encoding="utf-8")))
    return texts


def source_tags():
    tags = set()
    for name in SOURCE_MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr in NOT_UKRAINIAN:
                continue
            stack = [value]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    if isinstance(item.get("tags"), (list, tuple)):
                        tags.update(t for t in item["tags"] if isinstance(t, str))
                    stack.extend(item.values())
                elif isinstance(item, (list, tuple)):
                    stack.extend(item)
    return sorted(tags)


# ---------------------------------------------------------------------------------------------- vocabulary
@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def _parse(word):
    parsed = _morph().parse(word.lower().replace(CANONICAL_APOSTROPHE, "'"))
    return parsed[0] if parsed else None


def _dictionary_form(word):
    return word.replace("'", CANONICAL_APOSTROPHE)


def _cumulative(weights):
    return list(itertools.accumulate(weights))


@dataclass
class Vocabulary:
    forms: list  # surface forms as they appear in the source (original case)
    successors: list  # per form: (next form ids, cumulative counts)
    starts: list  # form ids that begin a sentence
    unigram_cum: list  # cumulative frequency of each form (for jumps)
    variants: list  # per form: other inflected forms of its lexeme (tuple, may be empty)
    tail: list  # long-tail dictionary words
    tail_cum: list  # their cumulative Zipf weights
    tags: list
    core_lemmas: frozenset  # lemmas of the source text: what queries are made of
    fingerprint: str


VOCABULARY_CACHE_ENV = "COP_CORPUS_VOCABULARY"


@lru_cache(maxsize=1)
def vocabulary():
    """The vocabulary, built once per process (several seconds: the long tail walks the dictionary).

    When the environment variable COP_CORPUS_VOCABULARY names a file, the vocabulary is read from it if it
    exists and written to it otherwise, so that several processes of one benchmark build it only once.
    """
    cache = os.environ.get(VOCABULARY_CACHE_ENV)
    if cache and os.path.exists(cache):
        with open(cache, "rb") as file:
            return pickle.load(file)
    vocab = _build_vocabulary()
    if cache:
        with open(cache, "wb") as file:
            pickle.dump(vocab, file, protocol=pickle.HIGHEST_PROTOCOL)
    return vocab


def save_vocabulary(path):
    """Write this process's vocabulary where COP_CORPUS_VOCABULARY=path makes other processes read it."""
    with open(path, "wb") as file:
        pickle.dump(vocabulary(), file, protocol=pickle.HIGHEST_PROTOCOL)


def _build_vocabulary():
    sentences = []
    for text in source_texts():
        for sentence in re.split(r"(?<=[.!?…:;])\s+|\n+", text):
            tokens = WORD_RE.findall(sentence)
            if len(tokens) >= 3:
                sentences.append(tokens)
    ids, forms, counts = {}, [], []
    transitions = {}
    starts = []
    for tokens in sentences:
        previous = None
        for token in tokens:
            token_id = ids.get(token)
            if token_id is None:
                token_id = ids[token] = len(forms)
                forms.append(token)
                counts.append(0)
            counts[token_id] += 1
            if previous is None:
                starts.append(token_id)
            else:
                followers = transitions.setdefault(previous, {})
                followers[token_id] = followers.get(token_id, 0) + 1
            previous = token_id
    successors = []
    for token_id in range(len(forms)):
        followers = sorted(transitions.get(token_id, {}).items())
        successors.append(([f for f, _ in followers], _cumulative([c for _, c in followers])))

    # Other inflections of content words, from the dictionary.
    variants = []
    lexemes = {}
    for form in forms:
        parse = _parse(form) if re.search(r"[\u0400-\u04FF]", form) else None
        if parse is None or not parse.is_known or parse.tag.POS not in CONTENT_POS:
            variants.append(())
            continue
        key = (parse.normal_form, parse.tag.POS)
        if key not in lexemes:
            lexemes[key] = tuple(sorted({_dictionary_form(p.word) for p in parse.lexeme if "." not in p.word}))
        options = tuple(w for w in lexemes[key] if w != form.lower())
        if form[:1].isupper():
            options = tuple(w[:1].upper() + w[1:] for w in options)
        variants.append(options)

    # The long tail: real dictionary words sharing a stem with the source vocabulary.
    known = {f.lower() for f in forms} | {w.lower() for options in variants for w in options}
    stems = sorted({f.lower()[:5] for f in forms if len(f) >= 6 and re.fullmatch(r"[\u0400-\u04FF’]+", f)})
    tail = set()
    dictionary_words = _morph().dictionary.words  # the dictionary's word list (a DAWG), keys in order
    for stem in stems:
        for word in itertools.islice(dictionary_words.iterkeys(stem.replace(CANONICAL_APOSTROPHE, "'")), TAIL_PER_PREFIX):
            if re.fullmatch(r"[\u0400-\u04FF'-]+", word):
                word = _dictionary_form(word)
                if word not in known:
                    tail.add(word)
    tail = sorted(tail)
    random.Random(f"cop-corpus-tail:{len(tail)}").shuffle(tail)
    tail_cum = _cumulative(1.0 / (rank + 10) for rank in range(len(tail)))

    tags = source_tags()
    digest = hashlib.sha256()
    for part in (forms, tail, tags):
        digest.update("\n".join(part).encode())
    return Vocabulary(
        forms=forms, successors=successors, starts=starts, unigram_cum=_cumulative(counts), variants=variants,
        tail=tail, tail_cum=tail_cum, tags=tags, fingerprint=digest.hexdigest()[:16],
        core_lemmas=frozenset(lemma(w) for form in forms for w in words(form)),
    )


def fingerprint():
    """A short hash of the vocabulary: equal fingerprints and seeds mean equal corpora."""
    return vocabulary().fingerprint


# ---------------------------------------------------------------------------------------------- generation
class _Writer:
    def __init__(self, rng, vocab):
        self.rng, self.v = rng, vocab
        self.unigram_total = vocab.unigram_cum[-1]
        self.tail_total = vocab.tail_cum[-1] if vocab.tail_cum else 0

    def _pick(self, cumulative, total):
        return bisect.bisect_right(cumulative, self.rng.random() * total)

    def _word(self, token_id):
        rng, v = self.rng, self.v
        r = rng.random()
        if r < P_TAIL and self.tail_total:
            return v.tail[min(self._pick(v.tail_cum, self.tail_total), len(v.tail) - 1)]
        options = v.variants[token_id]
        if options and r < P_TAIL + P_INFLECT:
            return options[int(rng.random() * len(options))]
        return v.forms[token_id]

    def words(self, count, *, punctuation=True):
        """`count` words of running text: sentences of 6-22 words."""
        rng, v = self.rng, self.v
        out = []
        while len(out) < count:
            length = min(rng.randint(6, 22), count - len(out))
            token_id = v.starts[int(rng.random() * len(v.starts))]
            sentence = []
            for position in range(length):
                word = self._word(token_id)
                if position == 0:
                    word = word[:1].upper() + word[1:]
                if punctuation and position < length - 1 and rng.random() < P_COMMA:
                    word += ","
                sentence.append(word)
                following, cumulative = v.successors[token_id]
                if following and rng.random() >= P_JUMP:
                    token_id = following[self._pick(cumulative, cumulative[-1])]
                else:
                    token_id = min(self._pick(v.unigram_cum, self.unigram_total), len(v.forms) - 1)
            if punctuation:
                sentence[-1] += "?" if rng.random() < 0.05 else "."
            out.extend(sentence)
        return out


def _weighted(rng, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _document(number, rng, writer, tags):
    kind = _weighted(rng, TYPES)
    page = kind in ("practice", "resource", "event")
    title = " ".join(writer.words(rng.randint(*TITLE_WORDS), punctuation=False))
    body = " ".join(writer.words(rng.randint(*BODY_WORDS)))
    theme = "" if (not page and rng.random() < 0.1) else _weighted(rng, THEMES)
    oblast = _weighted(rng, OBLASTS) if page and rng.random() < 0.85 else ""
    year = _weighted(rng, YEARS)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    members = rng.random() < (0.1 if page else 0.3)
    boost = 1.2 if kind == "practice" else 1.0
    if kind == "topic" and rng.random() < 0.3:
        boost = 1.1
    if kind == "post" and rng.random() < 0.05:
        boost = 1.3
    return Document(
        key=f"{kind}:{number}", type=kind, title=title, url=f"/bench/{kind}/{number}/", body=body,
        tags=rng.sample(tags, rng.randint(0, min(MAX_TAGS, len(tags)))), theme=theme, oblast=oblast, date=date,
        audience="members" if members else "public", boost=boost,
    )


def documents(n, seed=DEFAULT_SEED):
    """Yield `n` documents, always the same ones for a seed (keys "<type>:<1..n>")."""
    vocab = vocabulary()
    rng = random.Random(f"cop-corpus-documents:{seed}")
    writer = _Writer(rng, vocab)
    for number in range(1, n + 1):
        yield _document(number, rng, writer, vocab.tags)


def cached_documents(n, seed, folder):
    """documents(n, seed), generated once per folder: the first call writes them as it yields them (pickled a
    thousand at a time, so memory stays bounded), later calls (the next benchmark process) read them back, which
    takes seconds instead of the minute generating 100,000 takes. BENCH_CORPUS_DIR, when set, is the folder (make
    bench shares one corpus between its parts)."""
    path = Path(os.environ.get("BENCH_CORPUS_DIR") or folder) / f"corpus-{seed}-{n}.pickle"
    if path.exists():
        with path.open("rb") as stream:
            while True:
                try:
                    yield from pickle.load(stream)
                except EOFError:
                    return
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as stream:
        chunk = []
        for doc in documents(n, seed):
            chunk.append(doc)
            yield doc
            if len(chunk) == 1000:
                pickle.dump(chunk, stream, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, stream, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # only a complete corpus is read back


# ---------------------------------------------------------------------------------------------- queries
@lru_cache(maxsize=100_000)
def _content_word(word):
    if len(word) < 4 or not re.fullmatch(r"[\u0400-\u04FF’-]+", word):
        return False
    parse = _parse(word)
    return parse is not None and parse.tag.POS in CONTENT_POS


@lru_cache(maxsize=100_000)
def _other_forms(word):
    """Other forms of the word that the analyser reduces to the same lemma (what a user may type)."""
    parse = _parse(word)
    if parse is None or not parse.is_known:
        return ()
    target = lemma(word)
    return tuple(sorted({
        w for w in (_dictionary_form(p.word) for p in parse.lexeme)
        if w != word and "." not in w and lemma(w) == target
    }))


def _query_words(rng, doc, count, core):
    """`count` neighbouring content words of the document from the source vocabulary (people search for
    the topics of the community, not for the rarest dictionary words)."""
    for field_text in ((doc.title, doc.body) if rng.random() < 0.4 else (doc.body, doc.title)):
        content = [w for w in words(field_text) if _content_word(w) and lemma(w) in core]
        if len(content) >= count:
            start = rng.randrange(len(content) - count + 1)
            chosen = content[start:start + count]
            if len(set(chosen)) == count:
                return chosen
    return None


def _reinflect(rng, word):
    options = _other_forms(word)
    return options[int(rng.random() * len(options))] if options else word


def queries(seed=DEFAULT_SEED, per_class=200, corpus_size=100_000):
    """{class: [BenchQuery, ...]} with `per_class` queries for each of QUERY_CLASSES.

    Each query takes 1, 2 or 4 neighbouring content words of one document (title or body) among the first
    min(corpus_size, 5000) documents and puts each word, where the dictionary allows, into another inflected
    form than the one in the document (so a backend without Ukrainian morphology may miss it). The
    "+filter" classes add a filter the source document satisfies, cycling type, theme and year.
    """
    pool = list(documents(min(corpus_size, QUERY_SOURCE_DOCS), seed))
    rng = random.Random(f"cop-corpus-queries:{seed}")
    core = vocabulary().core_lemmas
    result = {}
    for cls in QUERY_CLASSES:
        count = int(cls[0])
        items = []
        while len(items) < per_class:
            doc = pool[rng.randrange(len(pool))]
            chosen = _query_words(rng, doc, count, core)
            if chosen is None:
                continue
            filters = {}
            if cls.endswith("+filter"):
                kind = ("type", "theme", "year")[len(items) % 3]
                if kind == "theme" and not doc.theme:
                    kind = "type"
                filters = {"type": doc.type} if kind == "type" else {"theme": doc.theme} if kind == "theme" else {"year": int(doc.date[:4])}
            items.append(BenchQuery(cls, " ".join(_reinflect(rng, w) for w in chosen), filters, doc.key))
        result[cls] = items
    return result


def suggest_prefixes(seed=DEFAULT_SEED, count=200, corpus_size=100_000):
    """What users type in the search box before suggestions appear: a title word cut to 3-6 letters,
    sometimes after the full previous word."""
    pool = [d for d in documents(min(corpus_size, QUERY_SOURCE_DOCS), seed) if d.type in ("practice", "resource", "event", "topic")]
    rng = random.Random(f"cop-corpus-suggest:{seed}")
    prefixes = []
    while len(prefixes) < count:
        title = words(pool[rng.randrange(len(pool))].title)
        position = rng.randrange(len(title))
        word = title[position]
        if len(word) < 4:
            continue
        prefix = word[: rng.randint(3, min(6, len(word)))]
        if position and rng.random() < 0.3:
            prefix = f"{title[position - 1]} {prefix}"
        prefixes.append(prefix)
    return prefixes
