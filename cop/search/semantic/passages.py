"""The passages of a document that are embedded: its title with the first words, then windows of the rest.

e5-small reads at most 512 tokens (about 250 Ukrainian words); a passage of WINDOW_WORDS words with the title in
front stays well inside it. Windows overlap by OVERLAP_WORDS so a sentence cut at a border is whole in one of
them. A long text is windowed to its end up to MAX_PASSAGES windows; beyond that the windows are spread evenly
over the text (every part of a huge document still has a passage near it), and the count left out is logged.
"""

import hashlib
import logging

from ..analysis import WORD_RE

logger = logging.getLogger(__name__)

WINDOW_WORDS = 120
OVERLAP_WORDS = 20
MAX_PASSAGES = 48
MAX_TITLE_WORDS = 30


def _windows(words):
    step = WINDOW_WORDS - OVERLAP_WORDS
    starts = list(range(0, max(len(words) - OVERLAP_WORDS, 1), step)) or [0]
    return starts


def passage_spans(doc):
    """[(start, end)] word offsets of the body for each passage (the title goes in front of each)."""
    words = WORD_RE.findall(doc.body or "")
    starts = _windows(words)
    if len(starts) > MAX_PASSAGES:
        logger.info("search passages: %s has %d windows; %d spread evenly over it are embedded",
                    doc.key, len(starts), MAX_PASSAGES)
        stride = len(starts) / MAX_PASSAGES
        starts = [starts[int(i * stride)] for i in range(MAX_PASSAGES)]
    return [(start, min(start + WINDOW_WORDS, len(words))) for start in starts]


def passages(doc):
    """The texts to embed for a Document (without the model's "passage: " prefix, which the embedder adds): each
    window of the body with the title in front, then the title alone (a short query is closest to a short text:
    the title's own vector lifted the cross-lingual set's MRR from 0.82 to 0.87)."""
    # A forum reply shows its topic's title but is its own text: with the title in front, every reply of a topic
    # would be as near a query as the topic itself (the same rule as the words' index, embedded.fts_columns).
    title = "" if doc.type == "post" else " ".join(WORD_RE.findall(doc.title or "")[:MAX_TITLE_WORDS])
    words = WORD_RE.findall(doc.body or "")
    texts = []
    for start, end in passage_spans(doc):
        chunk = " ".join(words[start:end])
        if chunk:
            texts.append(f"{title}. {chunk}" if title else chunk)
    if title:
        texts.append(title)
    return texts or [doc.key]


def passage_text(doc, index, *, words=40):
    """A readable excerpt of passage `index` of the document (a result found by meaning shows it as its snippet):
    the text as written, from the window's first word; the title's own passage shows the start of the body."""
    body = doc.body or ""
    matches = list(WORD_RE.finditer(body))
    spans = passage_spans(doc)
    if not matches or not spans:
        return ""
    start, _end = spans[index] if 0 <= index < len(spans) else spans[0]
    last = min(start + words, len(matches)) - 1
    excerpt = body[matches[start].start():matches[last].end()]
    return ("… " if start > 0 else "") + excerpt + (" …" if last < len(matches) - 1 else "")


def digest(texts, model):
    """The content hash of a document's passages for one model: the same text is never embedded twice."""
    h = hashlib.sha256(model.encode())
    for text in texts:
        h.update(b"\x00" + text.encode())
    return h.hexdigest()[:32]


def text_digest(text, model):
    return hashlib.sha256(model.encode() + b"\x00" + text.encode()).hexdigest()
