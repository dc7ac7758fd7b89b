"""Builders for knowledge base pages in tests."""

import datetime

from wagtail.models import Locale

from knowledge.models import PracticeLibraryPage, PracticePage, ThemePage


def library(language="uk"):
    return PracticeLibraryPage.objects.get(locale__language_code=language)


def make_theme(title="Вибори під час COVID-19", slug="vybory", parent=None):
    parent = parent or library()
    theme = ThemePage(title=title, slug=slug, intro="Вступ", locale=parent.locale)
    parent.add_child(instance=theme)
    theme.save_revision().publish()
    return theme


def make_practice(title="Практика", *, slug=None, parent=None, publish=True, themes=(), tags=(), date=None, **fields):
    parent = parent or library()
    practice = PracticePage(
        title=title,
        slug=slug or f"p-{PracticePage.objects.count() + 1}",
        summary=fields.pop("summary", "Короткий опис практики."),
        body=fields.pop("body", [("paragraph", "<p>Текст практики.</p>")]),
        date=date or datetime.date(2020, 6, 1),
        locale=parent.locale,
        live=publish,
        **fields,
    )
    practice.themes = list(themes)
    parent.add_child(instance=practice)
    if tags:
        practice.tags.add(*tags)
    revision = practice.save_revision()
    if publish:
        revision.publish()
    return practice


def make_translation(page, title, language="en"):
    """A live translation of `page` into `language` (its locale created if needed), titled `title`."""
    locale = Locale.objects.get_or_create(language_code=language)[0]
    translated = page.copy_for_translation(locale, copy_parents=True)
    translated.title = translated.draft_title = title
    translated.save_revision().publish()
    return translated
