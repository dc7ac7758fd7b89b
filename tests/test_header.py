"""The site header: one main navigation (the sections and the forum), the search, the member's menu in a
<details> disclosure, the compact language switch, and the favicon. How it looks and works in a browser:
tests/test_browser_header.py."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic

pytestmark = pytest.mark.django_db


class Header(HTMLParser):
    """The header's landmarks (nav, role=search) with their labels, and the links and buttons inside each."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.landmarks, self.summaries, self.icons = [], [], []
        self._open = []  # the landmarks the parser is inside, innermost last
        self._item = self._summary = None
        self.feed(text.split("<main", 1)[0])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "icon":
            self.icons.append(attrs)
        if tag == "nav" or (tag == "form" and attrs.get("role") == "search"):
            landmark = {"tag": tag, "label": attrs.get("aria-label"), "items": []}
            self.landmarks.append(landmark)
            self._open.append(landmark)
        elif tag in ("a", "button") and self._open:
            self._item = {"tag": tag, "href": attrs.get("href"), "text": ""}
            self._open[-1]["items"].append(self._item)
        elif tag == "summary":
            self._summary = ""

    def handle_endtag(self, tag):
        if tag == "nav" or (tag == "form" and self._open and self._open[-1]["tag"] == "form"):
            self._open.pop()
        elif tag in ("a", "button"):
            self._item = None
        elif tag == "summary":
            self.summaries.append(" ".join(self._summary.split()))
            self._summary = None

    def handle_data(self, data):
        if self._item is not None:
            self._item["text"] += data
        if self._summary is not None:
            self._summary += data

    def navs(self):
        return [landmark for landmark in self.landmarks if landmark["tag"] == "nav"]

    def texts(self, label):
        (nav,) = [nav for nav in self.navs() if nav["label"] == label]
        return [" ".join(item["text"].split()) for item in nav["items"]]


def header(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return Header(response.content.decode())


MODERATORS_ITEMS = ["Модерація", "Панель модераторів"]


def test_one_main_navigation_holds_the_sections_and_the_forum(client):
    page = header(client)
    assert page.texts("Головна навігація") == ["Бібліотека практик", "Ресурси", "Події", "Форум"]
    assert {nav["label"] for nav in page.navs()} == {"Головна навігація"}  # no second bar of sections


def test_the_current_section_is_marked(client):
    forum = reverse("forum:index")
    assert f'<a href="{forum}" aria-current="page">Форум</a>' in client.get(forum).content.decode()
    category = make_category()
    assert f'<a href="{forum}" aria-current="true">Форум</a>' in client.get(category.get_absolute_url()).content.decode()
    assert 'aria-current="page">Форум' not in client.get("/").content.decode()


def test_anonymous_visitors_see_log_in_and_join_and_no_members_menu(client):
    page = header(client)
    assert "Мій кабінет" not in page.summaries
    text = client.get("/").content.decode().split("<main", 1)[0]
    assert 'href="/accounts/login/"' in text and 'href="/accounts/signup/"' in text
    assert "Вийти" not in text


def test_a_members_menu_has_their_items_and_not_the_moderators(client, member):
    client.force_login(member)
    page = header(client)
    assert "Мій кабінет" in page.summaries
    items = page.texts("Мій кабінет")
    assert items == ["Сповіщення", "Учасники", "Мій профіль", "Вийти"]
    assert not set(MODERATORS_ITEMS) & set(items)


def test_a_moderators_menu_adds_moderation_and_the_desk(client, moderator):
    """Moderators may also edit in Wagtail (their group has admin access)."""
    client.force_login(moderator)
    items = header(client).texts("Мій кабінет")
    assert items == ["Сповіщення", "Учасники", "Мій профіль", *MODERATORS_ITEMS, "Редагування", "Вийти"]


def test_an_editors_menu_adds_editing(client, editor):
    client.force_login(editor)
    items = header(client).texts("Мій кабінет")
    assert "Редагування" in items and not set(MODERATORS_ITEMS) & set(items)


def test_a_pending_applicant_has_a_profile_and_log_out_only(client, pending_member):
    client.force_login(pending_member)
    assert header(client).texts("Мій кабінет") == ["Мій профіль", "Вийти"]


def test_the_unread_count_shows_on_the_menus_summary(client, member, django_capture_on_commit_callbacks):
    from forum import services

    category = make_category()
    topic = make_topic(category, member)
    services.watch_topic(user=member, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):  # notifications are made once the reply is committed
        make_reply(topic, make_user("other", groups=["Member"]))
    client.force_login(member)
    text = client.get("/").content.decode()
    summary = text.split('<details class="menu member-menu">', 1)[1].split("</summary>", 1)[0]
    assert '<span class="badge" aria-hidden="true">1</span>' in summary
    assert '<span class="visually-hidden">(1 ' in summary


def test_log_out_is_a_post_form(client, member):
    client.force_login(member)
    text = client.get("/").content.decode()
    form = text.split(f'action="{reverse("account_logout")}"', 1)
    assert len(form) == 2 and 'method="post"' in form[0].rsplit("<form", 1)[1]


def test_landmarks_have_distinct_names_and_the_search_is_named(client, moderator):
    client.force_login(moderator)
    page = header(client)
    labels = [landmark["label"] for landmark in page.landmarks]
    assert sorted(labels) == ["Головна навігація", "Мій кабінет", "Пошук на сайті"]
    assert "Search the site" in [landmark["label"] for landmark in header(client, "/en/").landmarks]


def test_the_language_switch_is_compact_and_names_the_languages(client):
    text = client.get("/").content.decode()
    assert ('<button type="submit" name="language" value="en" lang="en">EN'
            '<span class="visually-hidden"> English</span></button>') in text
    assert 'lang="uk" aria-current="true" disabled>УК<span class="visually-hidden"> Українська</span>' in text


def test_the_page_links_the_favicons(client):
    icons = {icon["href"]: icon for icon in header(client).icons}
    assert "/favicon.ico" in icons
    (svg,) = [icon for href, icon in icons.items() if href.endswith("/favicon.svg")]
    assert svg["type"] == "image/svg+xml"
    assert finders.find("favicon.svg")


def test_favicon_ico_is_served_with_debug_off(client, settings):
    assert settings.DEBUG is False
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's signature
    assert "max-age=86400" in response["Cache-Control"]
