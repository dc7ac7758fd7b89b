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
    """The texts to embed for a Document (without the model's "passage: " prefix, which the embedder adds)."""
    title = " ".join(WORD_RE.findall(doc.title or "")[:MAX_TITLE_WORDS])
    words = WORD_RE.findall(doc.body or "")
    texts = []
    for start, end in passage_spans(doc):
        chunk = " ".join(words[start:end])
        texts.append(f"{title}. {chunk}".strip(". ") if chunk else title)
    return [t for t in texts if t] or [title or doc.key]


def passage_text(doc, index, *, words=40):
    """A readable excerpt of passage `index` of the document (a result found by meaning shows it as its snippet)."""
    body_words = WORD_RE.findall(doc.body or "")
    spans = passage_spans(doc)
    if not body_words or not spans:
        return ""
    start, end = spans[min(max(index, 0), len(spans) - 1)]
    excerpt = " ".join(body_words[start:min(end, start + words)])
    return ("… " if start > 0 else "") + excerpt + (" …" if start + words < len(body_words) else "")


def digest(texts, model):
    """The content hash of a document's passages for one model: the same text is never embedded twice."""
    h = hashlib.sha256(model.encode())
    for text in texts:
        h.update(b"\x00" + text.encode())
    return h.hexdigest()[:32]


def text_digest(text, model):
    return hashlib.sha256(model.encode() + b"\x00" + text.encode()).hexdigest()
