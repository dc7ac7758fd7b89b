"""Markdown a member writes for a practice, as the rich text Wagtail stores: only what the library's editor has."""

import re

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})

# The features of the practice pages' rich text (knowledge.blocks.RICH_TEXT_FEATURES), so that an editor opening
# the page in the Wagtail admin finds exactly what the member wrote.
ALLOWED_TAGS = {"p", "br", "h2", "h3", "ul", "ol", "li", "blockquote", "b", "i", "a"}
_RENAMES = [
    (re.compile(r"<(/?)h1>"), r"<\1h2>"),
    (re.compile(r"<(/?)h[4-6]>"), r"<\1h3>"),
    (re.compile(r"<(/?)strong>"), r"<\1b>"),
    (re.compile(r"<(/?)em>"), r"<\1i>"),
]


def to_rich_text(text):
    """Markdown to the database HTML of a RichTextBlock: raw HTML shows as text; scripts and javascript: never pass."""
    if not text.strip():
        return ""
    html = _markdown.render(text)
    for pattern, replacement in _RENAMES:
        html = pattern.sub(replacement, html)
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
        link_rel=None, strip_comments=True,
    ).strip()
