"""The search-engine backend: Elasticsearch 8 or OpenSearch 2, one code path, two thin transports.

Split the way django-modelsearch splits its backends: `mapping` (index settings and field mappings, a
Document as the engine stores it), `compiler` (our parsed query, filters and audiences → an
elasticsearch-dsl request), `results` (the engine's answer → our results, snippets and facets),
`transport` (the elasticsearch 8 and opensearch-py clients behind one interface) and `backend` (indexing,
bulk writes and rebuilds with an alias swap). See docs/search-engine.md for the whole design.

The names below are those other modules and tests have always imported from cop.search.engine.
"""

from ..base import Outcome
from ..embedded import Document, highlight
from .backend import INITIAL_INDEX_SUFFIX, AliasState, EngineIndex, EngineSearchBackend
from .compiler import FACET_FIELDS, FACET_SIZE, FUZZINESS, FUZZY_MIN_LENGTH, SUGGEST_TYPES, typed_words
from .mapping import (
    BOOSTED_FIELDS, LEMMA_FIELDS, MAX_RESULT_WINDOW, IndexedDocument, content_hash, fts_columns, index_body, source_of,
)
from .transport import (
    BULK_TIMEOUT, RETRYABLE_STATUSES, TRANSPORTS, ElasticsearchTransport, EngineError, IndexMissing,
    OpenSearchTransport, Transport,
)

__all__ = [
    "AliasState", "BOOSTED_FIELDS", "BULK_TIMEOUT", "Document", "ElasticsearchTransport", "EngineError", "EngineIndex",
    "EngineSearchBackend", "FACET_FIELDS", "FACET_SIZE", "FUZZINESS", "FUZZY_MIN_LENGTH", "INITIAL_INDEX_SUFFIX",
    "IndexMissing", "IndexedDocument", "LEMMA_FIELDS", "MAX_RESULT_WINDOW", "OpenSearchTransport", "Outcome",
    "RETRYABLE_STATUSES", "SUGGEST_TYPES", "TRANSPORTS", "Transport", "content_hash", "fts_columns", "highlight",
    "index_body", "source_of", "typed_words",
]
