"""Where apps tell search what they index: each registers a source for its kinds of document.

Like Wagtail's `search_fields`, the content declares what goes into the index; the search layer knows no
model by name. A source is any object with:

* `kinds`: the key prefixes it owns ("practice", "topic", ...);
* `document(kind, pk)`: the Document to index now, or None when the thing must not be in the index
  (deleted, unpublished, hidden, restricted beyond members);
* `keys()`: every key that might belong in the index (a rebuild reads them all);
* `connect()`: connects the signals that enqueue the keys a change affects (called once, from the
  app's AppConfig.ready()).

An app may also name the values of a facet it fills (register_facet_labels), e.g. theme titles for slugs.
"""

_sources = {}
_facet_labels = {}  # facet name -> function(values, english) -> {value: label}


def register(source):
    for kind in source.kinds:
        if kind in _sources and _sources[kind] is not source:
            raise ValueError(f"Two search sources claim the document kind {kind!r}.")
        _sources[kind] = source
    source.connect()
    return source


def kinds():
    return tuple(_sources)


def document_for(key):
    kind, _, pk = key.partition(":")
    source = _sources.get(kind)
    if source is None or not pk.isdigit():
        return None
    return source.document(kind, int(pk))


def all_keys():
    for source in dict.fromkeys(_sources.values()):
        yield from source.keys()


def register_facet_labels(facet, labels):
    """`labels(values, english)` returns human names for facet values, e.g. theme titles for theme slugs."""
    _facet_labels[facet] = labels


def facet_labels(facet, values, *, english):
    labels = _facet_labels.get(facet)
    return labels(values, english) if labels and values else {}
