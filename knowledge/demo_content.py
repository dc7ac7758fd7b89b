"""Demo content for the knowledge base: practices, resources and events, read from demo/knowledge/*.yaml.

The practices are illustrative: the hromadas and the programme themes are real, the contact persons are
fictional (…@example.org) and the figures are demo figures, not official statistics. README.md ("Demo content")
says how to add a practice or a translation; this module only declares the files' shape.
"""

from cop.core import demo_data
from cop.core.demo_files import REQUIRED, check, list_of, read, record, texts, unknown

_BLOCKS = ("heading", "paragraph", "quote", "table")


def _block(value):
    """`- heading: Text` in the file → ("heading", "Text"), the StreamField block tuple knowledge.demo expects."""
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"a block is one 'kind: value' pair ({', '.join(_BLOCKS)})")
    (kind, content), = value.items()
    if kind not in _BLOCKS:
        raise ValueError(f"unknown block {kind!r} (the blocks are: {', '.join(_BLOCKS)})")
    if kind == "quote":
        content = record({"text": REQUIRED, "attribution": ""})(content)
    elif kind == "table":
        content = record({"caption": "", "header": REQUIRED, "rows": REQUIRED})(content)
    elif not isinstance(content, str):
        raise ValueError(f"a {kind} is text")
    return (kind, content)


_body = list_of(_block)
_file = record({"title": REQUIRED, "filename": REQUIRED, "text": REQUIRED})

# (slug, name, English name, oblast slug, kind, population) — hromadas needed by the practices
# that are not among the 13 hromadas of cop.core.demo_data.HROMADAS.
EXTRA_HROMADAS = [
    tuple(entry.values())
    for entry in read(
        "knowledge/hromadas.yaml",
        record({"slug": REQUIRED, "name": REQUIRED, "name_en": REQUIRED, "oblast": REQUIRED, "kind": REQUIRED,
                "population": REQUIRED}),
        label="hromada",
    )
]

_PRACTICE_FIELDS = {
    "slug": REQUIRED, "title": REQUIRED, "summary": REQUIRED, "body": REQUIRED, "themes": REQUIRED, "tags": [],
    "hromada": None, "oblast": REQUIRED, "population_band": None, "period_start": REQUIRED, "period_end": None,
    "context": REQUIRED, "outcomes": "", "contact_name": "", "contact_role": "", "contact_email": "",
    "date": REQUIRED,
}
_PRACTICE_CONVERT = {"body": _body, "themes": texts, "tags": texts}

# Ukrainian practices, in the library's order (the first three are featured on the home page); `en` is the
# English translation of the page, `related` the slugs of related practices.
PRACTICES = read(
    "knowledge/practices.yaml",
    record(
        {**_PRACTICE_FIELDS, "related": [], "en": None},
        convert={**_PRACTICE_CONVERT, "related": texts, "en": record(
            {"title": REQUIRED, "summary": REQUIRED, "body": REQUIRED, "outcomes": ""}, convert={"body": _body},
        )},
    ),
    label="practice",
)

# Practices that exist only in English (pages of the English library, not translations).
ENGLISH_PRACTICES = read(
    "knowledge/english-practices.yaml", record(_PRACTICE_FIELDS, convert=_PRACTICE_CONVERT), label="practice",
)

RESOURCES = read(
    "knowledge/resources.yaml",
    record(
        {"slug": REQUIRED, "title": REQUIRED, "kind": REQUIRED, "summary": REQUIRED, "body": REQUIRED,
         "themes": REQUIRED, "tags": [], "date": REQUIRED, "documents": [], "en": None},
        convert={"body": _body, "themes": texts, "tags": texts, "documents": list_of(_file), "en": record(
            {"title": REQUIRED, "summary": REQUIRED, "body": []}, convert={"body": _body},
        )},
    ),
    label="resource",
)

# Events; `members_only` puts their materials in the collection only members may open, `en` is the English
# translation of the page (with a slug of its own, unlike a practice's, which the search relevance set relies on).
EVENTS = read(
    "knowledge/events.yaml",
    record(
        {"slug": REQUIRED, "title": REQUIRED, "summary": REQUIRED, "start": REQUIRED, "end": None, "place": "",
         "online": False, "oblast": None, "body": REQUIRED, "themes": REQUIRED, "tags": [], "materials": [],
         "members_only": False, "en": None},
        convert={"body": _body, "themes": texts, "tags": texts, "materials": list_of(_file), "en": record(
            {"slug": REQUIRED, "title": REQUIRED, "summary": REQUIRED, "place": "", "body": REQUIRED},
            convert={"body": _body},
        )},
    ),
    label="event",
)

# English names and descriptions of tags (knowledge.TagDescription), by the tag's Ukrainian name.
TAGS = read(
    "knowledge/tags.yaml",
    record({"name": REQUIRED, "name_en": REQUIRED, "description": "", "description_en": ""}),
    label="tag",
)


def _check_references():
    """What the entries refer to exists (themes, hromadas, related practices), and a slug names one page only."""
    themes = {slug for slug, *_ in demo_data.THEMES}
    hromadas = {slug for slug, *_ in demo_data.HROMADAS + EXTRA_HROMADAS}
    for name, entries, label in (
        ("knowledge/practices.yaml", PRACTICES, "practice"),
        ("knowledge/english-practices.yaml", ENGLISH_PRACTICES, "practice"),
        ("knowledge/resources.yaml", RESOURCES, "resource"),
        ("knowledge/events.yaml", EVENTS, "event"),
    ):
        slugs = [data["slug"] for data in entries]

        def problem(data):
            if slugs.count(data["slug"]) > 1:
                return f"another entry has the slug {data['slug']!r}"
            return (
                unknown("theme", data["themes"], themes)
                or unknown("hromada", [data["hromada"]] if data.get("hromada") else [], hromadas)
                or unknown("related practice", data.get("related", []), slugs)
            )

        check(name, entries, problem, label=label)


_check_references()
