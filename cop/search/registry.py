"""Where apps tell search what they index: each registers a source for its kinds of document.

Like Wagtail's `search_fields`, the content declares what goes into the index; the search layer knows no
model by name. A source is any object with:

* `kinds`: the key prefixes it owns ("practice", "topic", ...);
* `document(kind, pk)`: the Document to index now, or None when the thing must not be in the index
  (deleted, unpublished, hidden, restricted beyond members);
* `keys()`: every key that might belong in the index (a rebuild reads them all);
* optionally `documents(kind, pks)`: {pk: Document or None} for many at once, with their related rows read in
  a few queries (a rebuild reads the whole database this way; without it, `document` is called per key);
* `connect()`: connects the signals that enqueue the keys a change affects (called once, from the
  app's AppConfig.ready()).

An app may also name the values of a facet it fills (register_facet_labels), e.g. theme titles for slugs, and
offer a personal ranking signal (register_signal): for one user, points for the document keys that should rise
when that user asks for it, with a sentence saying why (e.g. "practices from hromadas like mine").
"""

_sources = {}
_facet_labels = {}  # facet name -> function(values, english) -> {value: label}
_signals = {}  # signal name -> function(user) -> Signal or None


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


def documents_for(keys):
    """{key: Document or None} for `keys`, each source reading its kinds in one batch when it can."""
    found = dict.fromkeys(keys)
    wanted = {}
    for key in found:
        kind, _, pk = key.partition(":")
        if kind in _sources and pk.isdigit():
            wanted.setdefault(kind, []).append(int(pk))
    for kind, pks in wanted.items():
        source = _sources[kind]
        if hasattr(source, "documents"):
            documents = source.documents(kind, pks)
        else:
            documents = {pk: source.document(kind, pk) for pk in pks}
        for pk in pks:
            found[f"{kind}:{pk}"] = documents.get(pk)
    return found


def all_keys():
    for source in dict.fromkeys(_sources.values()):
        yield from source.keys()


def register_facet_labels(facet, labels):
    """`labels(values, english)` returns human names for facet values, e.g. theme titles for theme slugs."""
    _facet_labels[facet] = labels


def facet_labels(facet, values, *, english):
    labels = _facet_labels.get(facet)
    return labels(values, english) if labels and values else {}


class Signal:
    """A personal ranking signal: `points` {key: points > 0} and `description`, the rule in words for the page."""

    def __init__(self, points, description=""):
        self.points = points
        self.description = description


def register_signal(name, signal):
    """`signal(user)` returns a Signal, or None when it means nothing for this user."""
    _signals[name] = signal


def signal(name, user):
    function = _signals.get(name)
    return function(user) if function else None
