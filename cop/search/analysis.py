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


def fold(text):
    """Lower-case, unify apostrophes, strip accents (keeping й and ї), drop control characters."""
    text = unicodedata.normalize("NFD", text.translate(_APOSTROPHE_TABLE).casefold())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" and (unicodedata.category(ch) != "Mn" or ch in _KEEP_MARKS))
    return unicodedata.normalize("NFC", text)


def words(text):
    """Folded words of a text, in order; very long 'words' are cut to a bounded length."""
    return [w[:MAX_WORD_LENGTH] for w in WORD_RE.findall(fold(text))]


@lru_cache(maxsize=200_000)
def lemma(word):
    """The dictionary form of one folded word: pymorphy3 for Cyrillic, Snowball for Latin, as-is otherwise.

    Cached: this is the hot path of both indexing and querying.
    """
    if CYRILLIC_RE.search(word):
        parsed = _morph().parse(word.replace(CANONICAL_APOSTROPHE, "'"))
        normal = parsed[0].normal_form if parsed else word
        return normal.replace("'", CANONICAL_APOSTROPHE).replace("ʼ", CANONICAL_APOSTROPHE)
    if word.isascii() and word.isalpha():
        return _english_stemmer().stemWord(word)
    return word


def lemmas(text):
    """The analysed terms of a text (what goes into the index and what a query is matched with)."""
    return [lemma(w) for w in words(text)]


def analyse(text):
    """Analysed text as one space-separated string, ready for a full-text index."""
    return " ".join(lemmas(text))
