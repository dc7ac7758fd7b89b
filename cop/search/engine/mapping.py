"""The engine's index: its settings, the field mappings and how one Document becomes the source stored in it.

Analysis is the shared Python pipeline (cop.search.analysis), exactly as for the embedded backend: lemmas
go into `*_lemmas` text fields analysed by the built-in `whitespace` analyzer, so no Ukrainian plugin is
needed and both backends match the same words.
"""

import hashlib
import json
from dataclasses import asdict

from elasticsearch_dsl import Date, Float, Index, Integer, Keyword, MetaField, SearchAsYouType, Text
from elasticsearch_dsl import Document as DslDocument

from .. import embedded
from ..embedded import Document

TITLE_BOOST, TAGS_BOOST, BODY_BOOST = embedded.TITLE_WEIGHT, embedded.TAGS_WEIGHT, embedded.BODY_WEIGHT
LEMMA_FIELDS = ("title_lemmas", "tags_lemmas", "body_lemmas")
BOOSTED_FIELDS = [f"title_lemmas^{TITLE_BOOST}", f"tags_lemmas^{TAGS_BOOST}", f"body_lemmas^{BODY_BOOST}"]
MAX_RESULT_WINDOW = 10_000  # the engines' default index.max_result_window


def fts_columns(doc):
    """(title, tags, body, suggest) analysed exactly as the embedded backend does it."""
    return embedded.fts_columns(doc)


class IndexedDocument(DslDocument):
    """One search document in the engine. `_id` is the document key ("practice:12")."""

    key = Keyword()
    type = Keyword()
    title = Text(index=False)  # raw text, returned for display and snippets
    url = Keyword(index=False)
    body = Text(index=False)
    title_lemmas = Text(analyzer="whitespace")  # the shared pipeline's lemmas: positions kept for phrases
    tags_lemmas = Text(analyzer="whitespace")
    body_lemmas = Text(analyzer="whitespace")
    suggest = SearchAsYouType(analyzer="whitespace")  # folded words of title and tags, for suggestions
    tags = Keyword()
    theme = Keyword()
    oblast = Keyword()
    audience = Keyword()
    date = Date(format="yyyy-MM-dd")
    year = Integer()
    boost = Float()
    content_hash = Keyword(index=False)  # for `search_index verify`

    class Meta:
        dynamic = MetaField("strict")


def index_body(aliases=()):
    """Settings, mappings (and aliases) of a new concrete index, as elasticsearch-dsl serialises them."""
    index = Index("unused")
    index.settings(number_of_shards=1, auto_expand_replicas="0-1", max_result_window=MAX_RESULT_WINDOW)
    index.document(IndexedDocument)
    for alias in aliases:
        index.aliases(**{alias: {}})
    return index.to_dict()


def content_hash(doc: Document):
    return hashlib.sha256(json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def source_of(doc: Document):
    title_lemmas, tags_lemmas, body_lemmas, suggest = fts_columns(doc)
    return {
        "key": doc.key, "type": doc.type, "title": doc.title, "url": doc.url, "body": doc.body,
        "title_lemmas": title_lemmas, "tags_lemmas": tags_lemmas, "body_lemmas": body_lemmas, "suggest": suggest,
        "tags": list(doc.tags), "theme": doc.theme or None, "oblast": doc.oblast or None, "audience": doc.audience,
        "date": doc.date or None, "year": int(doc.date[:4]) if doc.date else None, "boost": float(doc.boost),
        "content_hash": content_hash(doc),
    }
