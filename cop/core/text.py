"""Unicode hygiene for text people type: one normal form (NFC) and no invisible or direction-changing characters.

Right-to-left overrides and zero-width characters let a title or a name look like another one ("spoofing"), so
single-line text (titles, names, tags) keeps only visible characters and single spaces. The zero-width joiner
(U+200D) goes too, although it glues emoji sequences together: in a title or a name a broken family emoji is a
small price for a reliable comparison. Multi-line text (posts, bios) keeps its line breaks, tabs and joiners
(emoji and some scripts need them in running text) and loses only the direction overrides and control characters.
"""

import unicodedata

from django import forms

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder the text that follows them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format (Cf) and control (Cc) characters are invisible; lone surrogates (Cs) cannot even be stored as UTF-8.
_INVISIBLE = {"Cf", "Cc", "Cs"}
_KEPT_IN_TEXT = frozenset("\n\t")


def clean_single_line(value):
    """NFC, without format and control characters, whitespace runs as one space, stripped. None stays None."""
    if not value:
        return value
    kept = "".join(
        " " if char.isspace() else char for char in value if char.isspace() or unicodedata.category(char) not in _INVISIBLE
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def clean_multi_line(value):
    """NFC, line breaks as \\n, without direction overrides and control characters other than tab and line feed."""
    if not value:
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(
        char
        for char in value
        if char in _KEPT_IN_TEXT
        or not (char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"))
    )
    return unicodedata.normalize("NFC", kept)


def _cleaned_input(value, clean):
    # A NUL only comes from a broken or hostile client: leave it for Django's "Null characters are not allowed."
    if isinstance(value, str) and "\x00" not in value:
        return clean(value)
    return value


class SingleLineField(forms.CharField):
    """A CharField cleaned by clean_single_line before validation, so invisible-only input is "required"."""

    def to_python(self, value):
        return super().to_python(_cleaned_input(value, clean_single_line))


class MultiLineField(forms.CharField):
    """A CharField (usually a Textarea) cleaned by clean_multi_line before validation."""

    def to_python(self, value):
        return super().to_python(_cleaned_input(value, clean_multi_line))
