"""The plain text of search documents: HTML and StreamField blocks made into sentences.

Tags are stripped, but a heading, a paragraph, a list item or a table cell stays a sentence of its own: without a
separator a snippet would run "Контекст" into "Громада…" as if they were one phrase.
"""

import re
from html import unescape

from django.utils.html import strip_tags

# Elements whose start or end is a boundary between sentences (inline ones, like <a> or <strong>, are not).
BLOCK_TAGS = (
    "address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|"
    "pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
BLOCK_BOUNDARY_RE = re.compile(rf"</?(?:{BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
SENTENCE_END = ".!?…:;"
# Closing quotes and brackets may follow the punctuation: «Так.» (див. додаток).
CLOSERS = "\"'»”’)]"


def ends_sentence(text):
    return text.rstrip(CLOSERS).endswith(tuple(SENTENCE_END))


def join_sentences(parts):
    """The parts as one text, each ending a sentence: "." after a part without its own final punctuation.
    Whitespace is collapsed and empty parts are skipped."""
    sentences = []
    for part in parts:
        text = " ".join(str(part or "").split())
        if not text:
            continue
        if sentences and not ends_sentence(sentences[-1]):
            sentences[-1] += "."
        sentences.append(text)
    return " ".join(sentences)


def html_text(html):
    """The text of HTML, each block element (heading, paragraph, list item, cell...) a sentence of its own."""
    pieces = BLOCK_BOUNDARY_RE.split(str(html or ""))
    return join_sentences(unescape(strip_tags(piece)) for piece in pieces)


def blocks_text(parts):
    """The text of several pieces of HTML or plain text (StreamField blocks, page fields), one after the other."""
    return join_sentences(html_text(part) for part in parts)
