"""Ukrainian alphabetical order, which neither SQLite nor a C-collated PostgreSQL gives."""

UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_RANK = {letter: index for index, letter in enumerate(UKRAINIAN_ALPHABET)}


def uk_sort_key(text):
    """Sort key placing Ukrainian letters in alphabet order, then Latin letters, then the rest."""
    key = []
    for char in text.casefold():
        if char in _RANK:
            key.append((0, _RANK[char]))
        else:
            key.append((1, ord(char)))
    return key
