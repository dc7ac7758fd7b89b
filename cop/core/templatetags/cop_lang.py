"""`lang` attributes for text in another language than the page around it (WCAG 3.1.2, language of parts)."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from cop.search.analysis import script_language

register = template.Library()


def _page_language(page):
    # A page's language is its locale's; a listing that did not load the locales (one query per card) falls back
    # to the script of the title, which says the same for our two languages.
    if type(page).locale.is_cached(page):
        return page.locale.language_code
    return script_language(page.title or "")


def _attr(language, link=False):
    language = (language or "")[:2]
    if not language or language == (translation.get_language() or "")[:2]:
        return ""
    if link:
        return format_html(' lang="{0}" hreflang="{0}"', language)
    return format_html(' lang="{}"', language)


@register.filter
def lang_attr(value, link=""):
    """` lang="uk"` when `value` (a text, or a Wagtail page) is not in the page's language; nothing otherwise or when
    the language is unknown: `<p{{ post.body|lang_attr }}>`. `lang_attr:"link"` adds hreflang, for a link to a page."""
    if hasattr(value, "locale_id") and hasattr(value, "title"):
        return _attr(_page_language(value), link == "link")
    return _attr(script_language(str(value or "")), link == "link")


@register.filter
def lang_code_attr(code):
    """The same for a known language code, e.g. a search result's "language": `<a{{ result.language|lang_code_attr }}>`."""
    return _attr(code)


@register.filter
def in_current_language(page):
    """The live translation of `page` in the language being shown, else `page` itself: links from an English page
    lead to the English version of a practice when there is one."""
    from wagtail.models import Locale

    if page is None or not hasattr(page, "get_translation_or_none"):
        return page
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    if locale is None or page.locale_id == locale.pk:
        return page
    shown = page.get_translation_or_none(locale)
    return shown.specific if shown is not None and shown.live else page
