"""Text analysis shared by every search backend: the same pipeline for documents and queries.

Ukrainian words are reduced to their dictionary form (lemma) with pymorphy3 and its Ukrainian
dictionaries, so "вибори", "виборів" and "виборах" all become "вибори". English words are stemmed with
Snowball. Before that, text is case- and accent-folded and the three apostrophe forms (' ’ ʼ) are made one,
so "об'єднання", "об’єднання" and "обʼєднання" match.
"""

import re
import unicodedata
from functools import lru_cache

import pymorphy3
import snowballstemmer

APOSTROPHES = "'’ʼ`´‘"
CANONICAL_APOSTROPHE = "’"
_APOSTROPHE_TABLE = str.maketrans({a: CANONICAL_APOSTROPHE for a in APOSTROPHES})
# A word: letters and digits, with apostrophes or hyphens inside (об’єднання, Івано-Франківськ).
WORD_RE = re.compile(r"[^\W_]+(?:[’-][^\W_]+)*", re.UNICODE)
CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
# Accents are dropped except the marks that make Ukrainian letters (й, ї) distinct.
_KEEP_MARKS = {"\u0306", "\u0308"}  # breve (й), diaeresis (ї)
MAX_WORD_LENGTH = 60


@lru_cache(maxsize=1)
def _morph():
    return pymorphy3.MorphAnalyzer(lang="uk")


@lru_cache(maxsize=1)
def _english_stemmer():
    return snowballstemmer.stemmer("english")


def _dropped_by_fold(ch):
    category = unicodedata.category(ch)
    return category[0] == "C" or (category == "Mn" and ch not in _KEEP_MARKS)


# Fast path of fold() (indexing folds every text, highlighting every word): NFC text made only of these
# characters has nothing to drop, so it comes out as it is. Derived from the same rule as the slow path.
_KEPT_AS_IS_RE = re.compile("[%s]*" % "".join(
    re.escape(chr(cp))
    for cp in (*range(0x20, 0x530), *range(0x2000, 0x2070), *range(0x20A0, 0x20D0), *range(0x2100, 0x2150))
    if not any(_dropped_by_fold(ch) for ch in unicodedata.normalize("NFD", chr(cp)))
))
# Replaced one by one: str.replace is far faster than str.translate on Cyrillic text. Line breaks and tabs
# are control characters that fold() drops anyway.
_FOLD_REPLACEMENTS = [(a, CANONICAL_APOSTROPHE) for a in APOSTROPHES if a != CANONICAL_APOSTROPHE] + [
    ("\n", ""), ("\r", ""), ("\t", ""),
]


def fold(text):
    """Lower-case, unify apostrophes, strip accents (keeping й and ї), drop control characters."""
    for old, new in _FOLD_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    text = text.casefold()
    if _KEPT_AS_IS_RE.fullmatch(text) and unicodedata.is_normalized("NFC", text):
        return text
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if not _dropped_by_fold(ch))
    return unicodedata.normalize("NFC", text)


# Entries of each per-word cache below. The generated 100k community has 160,000 distinct words (a long tail of
# rare ones); 200,000 entries kept them all and cost every process 110 MB, 50,000 cost 54 MB and analyse its
# 87,500 posts as fast (97.2 % of the words found in the cache instead of 98.9 %; issue #15).
WORD_CACHE_SIZE = 50_000


def words(text):
    """Folded words of a text, in order; very long 'words' are cut to a bounded length."""
    return [w[:MAX_WORD_LENGTH] for w in WORD_RE.findall(fold(text))]


@lru_cache(maxsize=WORD_CACHE_SIZE)
def lemma(word):
    """The dictionary form of one folded word: pymorphy3 for Cyrillic, Snowball for Latin, as-is otherwise.

    Cached: this is the hot path of both indexing and querying.
    """
    if CYRILLIC_RE.search(word):
        try:
            parsed = _morph().parse(word.replace(CANONICAL_APOSTROPHE, "'"))
        except ValueError:  # pymorphy3 fails on letters Unicode has no name for (found by fuzzing: "𗀀а")
            return word
        normal = parsed[0].normal_form if parsed else word
        return normal.replace("'", CANONICAL_APOSTROPHE).replace("ʼ", CANONICAL_APOSTROPHE)
    if word.isascii() and word.isalpha():
        return _english_stemmer().stemWord(word)
    return word


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_lemmas(word):
    """The analysed terms of one folded word: hyphenated compounds are split into their parts
    ("онлайн-трансляцією" → "онлайн", "трансляція"), so a query for one part finds the compound."""
    if "-" not in word:
        return (lemma(word),)
    return tuple(lemma(part) for part in word.split("-") if part)


def lemmas(text):
    """The analysed terms of a text (what goes into the index and what a query is matched with)."""
    return [term for w in words(text) for term in word_lemmas(w)]


def surface_words(text):
    """Folded words with hyphenated compounds split, as typed (for prefix suggestions)."""
    return [part for w in words(text) for part in w.split("-") if part]


# Indexing analyses every word of every document: one cached string per distinct word, joined by C-level map and
# join (no Python frame per word), is 2-3 times faster than the list comprehensions above and gives the same text.
@lru_cache(maxsize=WORD_CACHE_SIZE)
def _analysed_word(word):
    return " ".join(word_lemmas(word[:MAX_WORD_LENGTH]))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _surface_word(word):
    return " ".join(part for part in word[:MAX_WORD_LENGTH].split("-") if part)


def analyse(text):
    """Analysed text as one space-separated string, ready for a full-text index: " ".join(lemmas(text))."""
    return " ".join(filter(None, map(_analysed_word, WORD_RE.findall(fold(text)))))


def analyse_surface(text):
    """" ".join(surface_words(text)), faster."""
    return " ".join(filter(None, map(_surface_word, WORD_RE.findall(fold(text)))))


def clear_caches():
    """Forget every analysed word (benchmarks that time analysis from cold caches, as a fresh process has them)."""
    for cached in (lemma, word_lemmas, _analysed_word, _surface_word):
        cached.cache_clear()


# Words that carry no meaning on their own (lemmas). They stay in the index, so "exact phrases" with them
# still match, but a query drops them when it has other words, and they are never highlighted alone.
STOP_WORDS = frozenset("""
    а або аби адже але б би бо в від вже він вона вони воно все всі втім де для до його ж же з за зі
    і із й її їх к коли котрий ли лише ми мій мов на навіть над наш не ні нібито о об от ось по під
    при про проте саме свій себе та так також там те теж то тобто той тощо ту у хоча це цей ч чи
    через що щоб як який якщо я ти ви ваш собі бути мати це цей отже тут там
    a an and are as at be by for from how in is it of on or that the this to was what when where who why with
""".split())


def is_stop_word(term):
    return term in STOP_WORDS


_CYRILLIC_LETTERS_RE = re.compile("[\u0400-\u04ff]+")  # runs of letters: far fewer matches than letters
_LATIN_LETTERS_RE = re.compile("[a-zA-Z]+")


def script_language(text):
    """"uk" for a text mostly in Cyrillic letters, "en" for one mostly in Latin ones, "" for neither (numbers,
    nothing): the language search by meaning needs for its language correction (cop/search/semantic)."""
    sample = text[:2000]
    cyrillic = sum(map(len, _CYRILLIC_LETTERS_RE.findall(sample)))
    latin = sum(map(len, _LATIN_LETTERS_RE.findall(sample)))
    if not cyrillic and not latin:
        return ""
    return "uk" if cyrillic >= latin else "en"
