"""The engine's indices: settings, field mappings and how one Document becomes the source stored in it; and the
index of passage vectors (hybrid search's dense half, cop.search.semantic).

Analysis is the shared Python pipeline (cop.search.analysis), exactly as for the embedded backend: lemmas
go into `*_lemmas` text fields analysed by the built-in `whitespace` analyzer, so no Ukrainian plugin is
needed and both backends match the same words.
"""

import hashlib
import json
from dataclasses import asdict

from elasticsearch_dsl import Date, DenseVector, Float, Index, Integer, Keyword, MetaField, SearchAsYouType, Text
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
    language = Keyword()  # "uk", "en" (Document.language)
    group = Keyword()  # translation group (Document.group): translations of one thing share it
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


def mapping_body():
    """The mappings alone (`dynamic` and the fields): put on an existing index, it adds the fields added since
    the index was created (an engine accepts new fields in place; changing an existing one needs a rebuild)."""
    return index_body()["mappings"]


def content_hash(doc: Document):
    return hashlib.sha256(json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


def source_of(doc: Document):
    title_lemmas, tags_lemmas, body_lemmas, suggest = fts_columns(doc)
    return {
        "key": doc.key, "type": doc.type, "title": doc.title, "url": doc.url, "body": doc.body,
        "title_lemmas": title_lemmas, "tags_lemmas": tags_lemmas, "body_lemmas": body_lemmas, "suggest": suggest,
        "tags": list(doc.tags), "theme": doc.theme or None, "oblast": doc.oblast or None, "audience": doc.audience,
        "date": doc.date or None, "year": int(doc.date[:4]) if doc.date else None, "boost": float(doc.boost),
        "language": doc.language or None, "group": doc.group or None, "content_hash": content_hash(doc),
    }


# Passage vectors: a separate index (alias <prefix>-vectors), one engine document per passage, `_id`
# "<key>#<n>". Being apart, vectors survive a rebuild of the words' index and its alias swap. The vector field
# is named after its dimension (vector_384), so a model of another size gets a field of its own.

def vector_field(dims):
    return f"vector_{int(dims)}"


def vector_field_mapping(engine, dims):
    """A cosine-similarity HNSW field. OpenSearch: knn_vector, engine lucene (the faiss and nmslib engines need
    native libraries); Elasticsearch 8: dense_vector, indexed, with plain float HNSW (its default since 8.14 is
    int8-quantised, which would make scores approximate)."""
    if engine == "opensearch":
        return {"type": "knn_vector", "dimension": int(dims),
                "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}
    return DenseVector(dims=int(dims), index=True, similarity="cosine", index_options={"type": "hnsw"}).to_dict()


def vector_properties(engine, dims=()):
    properties = {
        "key": Keyword().to_dict(),
        "passage": Integer().to_dict(),
        "passages": Integer(index=False).to_dict(),  # how many passages the key has (read from passage 0)
        "model": Keyword().to_dict(),
        "digest": Keyword(index=False).to_dict(),
    }
    for size in dims:
        properties[vector_field(size)] = vector_field_mapping(engine, size)
    return properties


def vector_index_body(engine, *, dims=(), aliases=()):
    settings = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}
    if engine == "opensearch":
        settings["knn"] = True  # index.knn: the k-NN plugin's codec for knn_vector fields
    return {"settings": {"index": settings},
            "mappings": {"dynamic": "strict", "properties": vector_properties(engine, dims)},
            "aliases": {alias: {} for alias in aliases}}


def vector_sources(key, *, model, digest, vectors):
    """The engine documents of one key's passage vectors: [(_id, source)]."""
    field_name = vector_field(vectors.shape[1])
    return [(f"{key}#{n}", {"key": key, "passage": n, "passages": len(vectors), "model": model, "digest": digest,
                            field_name: [float(x) for x in row]}) for n, row in enumerate(vectors)]
