"""Parsing a search box query into positive words, "exact phrases" and -exclusions, safely.

Anything a user types is accepted: unbalanced quotes close at the end, operator characters and control
characters are dropped by the word pattern, and the result is bounded in size.
"""

from dataclasses import dataclass, field, replace

from .analysis import is_stop_word, word_lemmas, words

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32


class QueryError(ValueError):
    """The query cannot be searched; the message is shown to the user."""


@dataclass
class ParsedQuery:
    terms: list = field(default_factory=list)  # lemmas of plain words
    phrases: list = field(default_factory=list)  # lists of lemmas, in order
    excluded: list = field(default_factory=list)  # lemmas to exclude
    words: list = field(default_factory=list)  # folded surface words, for highlighting of near forms
    match_all: bool = True  # every term must match; False: any term (the relaxed retry when nothing matched all)

    @property
    def positive_lemmas(self):
        return set(self.terms) | {t for phrase in self.phrases for t in phrase}

    @property
    def is_empty(self):
        return not self.terms and not self.phrases


def parse(text):
    if text is None or not text.strip():
        raise QueryError("empty")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    query = ParsedQuery()
    parts = text.split('"')
    for index, part in enumerate(parts):
        if index % 2 == 1:  # inside quotes (an unbalanced last quote simply runs to the end)
            phrase = [term for w in words(part) for term in word_lemmas(w)]
            if len(phrase) == 1:
                query.terms.append(phrase[0])
            elif phrase:
                query.phrases.append(phrase)
            query.words.extend(words(part))
            continue
        for chunk in part.split():
            negative = chunk.startswith("-") and len(chunk) > 1
            chunk_words = words(chunk)
            if negative:
                query.excluded.extend(term for w in chunk_words for term in word_lemmas(w))
            else:
                query.terms.extend(term for w in chunk_words for term in word_lemmas(w))
                query.words.extend(chunk_words)
    query.terms = list(dict.fromkeys(query.terms))
    meaningful = [term for term in query.terms if not is_stop_word(term)]
    if meaningful or query.phrases:  # "як провести вибори" searches for провести + вибори
        query.terms = meaningful
    query.terms = query.terms[:MAX_TERMS]
    query.phrases = query.phrases[:8]
    query.excluded = list(dict.fromkeys(query.excluded))[:MAX_TERMS]
    if query.is_empty:
        raise QueryError("no_words")
    return query


def relaxed(query):
    """The same query matching any of its terms: tried when no document contains them all."""
    if query.match_all and len(query.terms) + len(query.phrases) > 1:
        return replace(query, match_all=False)
    return None
