"""`lang` attributes for text in another language than the page around it (WCAG 3.1.2, language of parts)."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

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
def in_lang(value):
    """`value` as text, inside `<span lang="uk">` only when it is not in the page's language: for a name in running
    text (a hromada on an English page, say) where there is no element of its own to carry the attribute."""
    attr = lang_attr(value)
    return format_html("<span{}>{}</span>", attr, value) if attr else conditional_escape(value)


@register.filter
def lang_code_attr(code):
    """The same for a known language code, e.g. a search result's "language": `<a{{ result.language|lang_code_attr }}>`."""
    return _attr(code)


@register.filter
def in_current_language(page):
    """The live translation of `page` in the language being shown, else `page` itself: links from an English page
    lead to the English version of a practice when there is one (Wagtail's `Page.localized`)."""
    if page is None or not hasattr(page, "localized"):
        return page
    return page.localized


def _tag_translation(tag, field):
    # Tags are taggit's, shared by the library and the forum; what they mean and their English names are kept
    # beside them by the library (`tag.description`, a one-to-one). Only English pages look it up, so Ukrainian
    # pages (the default) cost no query for it; listings prefetch it.
    if not (translation.get_language() or "").startswith("en"):
        return ""
    about = getattr(tag, "description", None)
    return getattr(about, field, "") or ""


@register.filter
def tag_name(tag):
    """A tag's name in the language being shown: its English name on English pages when moderators gave one."""
    if tag is None:
        return ""
    return _tag_translation(tag, "name_en") or tag.name


@register.filter
def tag_about(tag):
    """What a tag means, in the language being shown when there is a text in it, else the Ukrainian one."""
    if tag is None:
        return ""
    english = _tag_translation(tag, "text_en")
    if english:
        return english
    about = getattr(tag, "description", None)
    return getattr(about, "text", "") or ""
