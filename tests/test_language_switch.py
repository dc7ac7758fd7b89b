"""Ukrainian and English side by side: the language switcher on a practice (to its translation when there is one,
else the same page, saying so), links to the translation in the visitor's language, and lang on text in the other
language (WCAG 3.1.2)."""

import pytest
from wagtail.models import Locale

from knowledge.models import PracticeRelation

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import library, make_practice

pytestmark = pytest.mark.django_db

NOT_IN_ENGLISH = "This page is not available in English yet; it is shown in Ukrainian."
NOT_IN_UKRAINIAN = "Ця сторінка ще не перекладена українською; її показано англійською."


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(practice, title):
    translated = practice.copy_for_translation(english(), copy_parents=True)
    translated.title = translated.draft_title = title
    translated.save_revision().publish()
    return translated


def switch(client, url, language):
    response = client.post("/i18n/setlang/", {"language": language, "next": url})
    assert response.status_code == 302
    return response["Location"]


def test_switching_to_english_on_a_translated_practice_opens_its_translation(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    translated = translate(practice, "Remote council sessions")
    assert switch(client, practice.url, "en") == translated.url
    html = client.get(translated.url).content.decode()
    assert "Remote council sessions" in html and NOT_IN_ENGLISH not in html


def test_switching_to_ukrainian_on_a_translated_practice_opens_the_original(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    translated = translate(practice, "Remote council sessions")
    assert switch(client, translated.url, "uk") == practice.url
    assert NOT_IN_UKRAINIAN not in client.get(practice.url).content.decode()


def test_switching_to_english_on_an_untranslated_practice_stays_on_it_and_says_so_in_english(client):
    practice = make_practice("Шкільний автобус громади", slug="avtobus")
    assert switch(client, practice.url, "en") == practice.url
    html = client.get(practice.url).content.decode()
    assert '<html lang="uk">' in html and "Шкільний автобус громади" in html
    assert f'lang="en">{NOT_IN_ENGLISH}</p>' in html
    assert NOT_IN_ENGLISH not in client.get(practice.url).content.decode()  # said once
    assert client.cookies["django_language"].value == "en"


def test_switching_to_ukrainian_on_an_english_only_practice_stays_on_it_and_says_so_in_ukrainian(client):
    translate(library(), "Library")  # the English library, under the English home page
    practice = make_practice("School bus of the hromada", slug="school-bus", parent=library("en"),
                             summary="How a hromada runs its school bus.")
    assert practice.url.startswith("/en/")
    assert switch(client, practice.url, "uk") == practice.url
    html = client.get(practice.url).content.decode()
    assert '<html lang="en">' in html and "School bus of the hromada" in html
    assert f'lang="uk">{NOT_IN_UKRAINIAN}</p>' in html


def test_a_draft_translation_counts_as_none(client):
    practice = make_practice("Практика", slug="praktyka")
    practice.copy_for_translation(english(), copy_parents=True)  # not published
    assert switch(client, practice.url, "en") == practice.url
    assert NOT_IN_ENGLISH in client.get(practice.url).content.decode()


# Links lead to the translation in the visitor's language


def test_related_practices_on_an_english_page_link_to_their_english_translations(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    related = make_practice("Трансляції засідань", slug="transliatsii")
    untranslated = make_practice("Електронне голосування", slug="holosuvannia")
    for other in (related, untranslated):
        PracticeRelation.objects.create(page=practice, practice=other)
    practice.save_revision().publish()
    related_en = translate(related, "Broadcast meetings")
    practice_en = translate(practice, "Remote council sessions")  # its relations point to the Ukrainian pages
    html = client.get(practice_en.url).content.decode()
    assert f'<a href="{related_en.url}">Broadcast meetings</a>' in html
    assert f'<a href="{untranslated.url}" lang="uk" hreflang="uk">Електронне голосування</a>' in html


def test_a_topic_on_the_english_site_links_to_the_english_practice_it_discusses(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    practice_en = translate(practice, "Remote council sessions")
    topic = make_topic(title="Як провести сесію онлайн?", practice=practice)
    assert f'<a href="{practice_en.url}">Remote council sessions</a>' in client.get(f"/en/forum/t/{topic.pk}/").content.decode()
    assert f'<a href="{practice.url}">Дистанційні сесії ради</a>' in client.get(f"/forum/t/{topic.pk}/").content.decode()


# lang on text in the other language


def test_ukrainian_forum_text_on_english_pages_is_marked_uk(client):
    author = make_user("avtor", groups=["Member"], first_name="Олена", last_name="Петренко")
    category = make_category(name="Загальні питання", slug="zahalni")
    topic = make_topic(category, author, title="Як провести сесію онлайн?", body="Питання до колег")
    make_reply(topic, make_user("guest", groups=["Member"], first_name="Anna", last_name="Smith"), "We used Zoom.")
    english = client.get(f"/en/forum/t/{topic.pk}/").content.decode()
    assert '<h1 lang="uk">Як провести сесію онлайн?</h1>' in english
    assert '<div class="post-body" lang="uk">' in english  # the question
    assert 'class="post-author" lang="uk">Олена Петренко</a>' in english
    assert 'class="post-author">Anna Smith</a>' in english  # English in English: nothing to mark
    assert '<div class="post-body">' in english  # the English reply
    ukrainian = client.get(f"/forum/t/{topic.pk}/").content.decode()
    assert '<h1>Як провести сесію онлайн?</h1>' in ukrainian and 'class="post-author" lang="en">Anna Smith</a>' in ukrainian
    index = client.get("/en/forum/").content.decode()
    assert 'lang="uk">Загальні питання</a>' in index and 'lang="uk">Як провести сесію онлайн?</a>' in index
    assert 'lang="uk">Як провести сесію онлайн?</a>' in client.get("/en/forum/c/zahalni/").content.decode()


def test_ukrainian_search_results_on_the_english_page_are_marked_uk(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice("Графік прийому громадян у старостатах", slug="hrafik", summary="Виїзні прийоми громадян")
    html = client.get("/en/search/", {"q": "графік прийому"}).content.decode()
    assert f'<a href="{practice.url}" lang="uk">' in html
    assert '<p lang="uk">' in html  # the snippet
    assert f'<a href="{practice.url}">' in client.get("/search/", {"q": "графік прийому"}).content.decode()
