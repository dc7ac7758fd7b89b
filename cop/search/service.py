"""One search for the HTML page and the JSON API: parameters in, permission-aware results out."""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cop.core.text import clean_single_line
from cop.members import roles

from . import get_backend
from .query import QueryError, parse
from .query import relaxed as relaxed_query

TYPES = ("practice", "resource", "event", "topic", "post")
MAX_PAGE_SIZE = 50


class SearchError(ValueError):
    """Bad input: the message is translated and shown to the user (HTTP 400 in the API)."""


@dataclass
class SearchParams:
    q: str
    type: str = ""
    theme: str = ""
    tag: str = ""
    oblast: str = ""
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


def params_from(data):
    q = data.get("q", "")
    try:
        parsed = parse(q)
    except QueryError as exc:
        reason = str(exc)
        if reason == "too_long":
            raise SearchError(_("The query is too long: use at most 500 characters.")) from None
        if reason == "no_words":
            raise SearchError(_("The query has no words to search for.")) from None
        raise SearchError(_("Type what you are looking for.")) from None

    def number(name, default, low, high):
        try:
            return min(max(int(data.get(name, default)), low), high)
        except (TypeError, ValueError):
            return default

    year = data.get("year")
    params = SearchParams(
        q=q,
        type=data.get("type", "") if data.get("type", "") in TYPES else "",
        theme=str(data.get("theme", ""))[:100],
        tag=str(data.get("tag", ""))[:100],
        oblast=str(data.get("oblast", ""))[:100],
        year=int(year) if str(year or "").isdigit() and 1990 <= int(year) <= 2100 else None,
        sort="date" if data.get("sort") == "date" else "relevance",
        page=number("page", 1, 1, 1000),
        page_size=number("page_size", 20, 1, MAX_PAGE_SIZE),
    )
    return params, parsed


FILTERS = ("type", "theme", "tag", "oblast", "year")


def filters_of(params):
    """The filters a search narrows to (not its order or page)."""
    return {name: getattr(params, name) for name in FILTERS if getattr(params, name)}


def stored_filters(params):
    """The filters as kept in the database and shown to people again: single-line text, cleaned like every title
    (no invisible or direction-changing characters; a filter value with them matches nothing anyway)."""
    return {name: clean_single_line(value) if isinstance(value, str) else value for name, value in filters_of(params).items()}


def normalised(parsed, filters):
    """One text for every way of typing the same search: lemmas sorted (so "Вибори", "вибори " and "виборів" are
    one), phrases, exclusions and filters; and its key (a hash, so it fits an index)."""
    parts = sorted(parsed.terms) + sorted('"%s"' % " ".join(phrase) for phrase in parsed.phrases)
    parts += sorted(f"-{term}" for term in parsed.excluded)
    parts += [f"{name}={filters[name]}" for name in sorted(filters)]
    text = " ".join(parts)[:1000]
    return text, hashlib.sha256(" ".join(parts).encode()).hexdigest()


def params_for(query, filters, **extra):
    """SearchParams and the parsed query for a stored search (raises SearchError when it no longer parses)."""
    return params_from({"q": query, **{name: value for name, value in (filters or {}).items() if name in FILTERS}, **extra})


def audiences_for(user):
    return ["public", "members"] if roles.is_member(user) else ["public"]


def run(user, params, parsed):
    """Results for this user; when no document contains every word, those containing some of them.

    Returns (total, results, facets, relaxed): `relaxed` is True when the results match only some words.
    """
    filters = filters_of(params)
    backend = get_backend()

    def search(query):
        return backend.search(
            query, audiences=audiences_for(user), filters=filters, sort=params.sort,
            offset=(params.page - 1) * params.page_size, limit=params.page_size,
        )

    total, results, facets = search(parsed)
    relaxed = False
    if total == 0 and (wider := relaxed_query(parsed)) is not None:
        total, results, facets = search(wider)
        relaxed = total > 0
    for result in results:
        kind, _, pk = result.pop("key").partition(":")
        result["id"] = int(pk)
    return total, results, facets, relaxed


def suggest(user, prefix):
    if not prefix or not prefix.strip():
        raise SearchError(_("Type what you are looking for."))
    if len(prefix) > 500:
        raise SearchError(_("The query is too long: use at most 500 characters."))
    return get_backend().suggest(prefix, audiences=audiences_for(user))
