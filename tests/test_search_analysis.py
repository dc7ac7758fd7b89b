"""The shared text analysis: Ukrainian lemmas, English stems, apostrophes, case and accents."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cop.search.analysis import analyse, analyse_surface, fold, lemma, lemmas, script_language, surface_words, words


@pytest.mark.parametrize("form", ["вибори", "виборів", "виборах", "Виборами", "ВИБОРИ"])
def test_inflected_ukrainian_forms_share_one_lemma(form):
    assert lemmas(form) == ["вибори"]


def test_nouns_of_a_hromada_reduce_to_the_dictionary_form():
    assert lemmas("громадою громади громадам") == ["громада", "громада", "громада"]


@pytest.mark.parametrize("spelling", ["об'єднання", "об’єднання", "обʼєднання", "ОБ'ЄДНАННЯ"])
def test_the_three_apostrophes_are_one(spelling):
    assert lemmas(spelling) == lemmas("об’єднання")


def test_english_words_are_stemmed():
    assert lemmas("elections election elected") == ["elect", "elect", "elect"]


def test_accents_are_folded_but_ukrainian_letters_kept():
    assert fold("Café Ї й Ґ") == "cafe ї й ґ"
    assert fold("вибо́ри") == "вибори"


def test_hyphenated_names_stay_one_word():
    assert words("Івано-Франківськ і Кам'янець-Подільський") == ["івано-франківськ", "і", "кам’янець-подільський"]


def test_control_characters_emoji_and_operators_do_not_break_analysis():
    assert words("вибори\x00\x1f 🗳️ \"AND\" -(OR)* ") == ["вибори", "and", "or"]


def test_very_long_words_are_bounded():
    assert len(words("а" * 10_000)[0]) <= 60


def test_lemma_is_cached():
    lemma.cache_clear()
    lemma("виборах")
    lemma("виборах")
    assert lemma.cache_info().hits >= 1


def test_analyse_joins_terms():
    assert analyse("Вибори під час карантину") == "вибори під час карантин"


def test_letters_without_a_unicode_name_do_not_break_lemmatisation():
    # Found by fuzzing: pymorphy3 looks up unicodedata.name() of every letter and fails on unnamed ones.
    from cop.search.analysis import lemmas

    assert lemmas("𗀀а вибори") == ["𗀀а", "вибори"]


# The indexing fast path (analyse, analyse_surface, script_language) gives what the plain definitions give.

_TEXTS = st.text(alphabet=st.sampled_from(list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя АБВЇЄ’'ʼ-–.,;:!?\n\t"
                                               "abcdefgXYZ0123456789_éàñ🙂\u0301\u0000")), max_size=300)


@hypothesis_settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_the_indexing_fast_path_analyses_like_the_plain_definitions(text):
    assert analyse(text) == " ".join(lemmas(text))
    assert analyse_surface(text) == " ".join(surface_words(text))


@pytest.mark.parametrize("text", [
    "Вибори під час карантину " * 200,  # longer than the 2,000-word sample
    "a" * 61 + "-" + "б" * 70,  # longer than a word may be, on both sides of a hyphen
    "Івано-Франківськ --- об’єднання -- e-voting",
])
def test_long_and_hyphenated_words_are_analysed_alike(text):
    assert analyse(text) == " ".join(lemmas(text))
    assert analyse_surface(text) == " ".join(surface_words(text))


@hypothesis_settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_script_language_counts_cyrillic_against_latin_letters(text):
    sample = text[:2000]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in sample)
    latin = sum(ch.isascii() and ch.isalpha() for ch in sample)
    assert script_language(text) == ("" if not cyrillic and not latin else "uk" if cyrillic >= latin else "en")
