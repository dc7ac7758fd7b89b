"""Featured content: practices picked for the home page and each theme page (ordered, editable in the Wagtail admin
by editors and moderators), and each theme's most discussed practices; only live, public practices ever show."""

import pytest
from django.test import TestCase
from django.urls import reverse

from forum import services
from knowledge.models import HomePage, HomeFeaturedPractice, ThemeFeaturedPractice

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice, make_theme
from .security_fixtures import restrict_page

pytestmark = pytest.mark.django_db


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def theme():
    return make_theme("Енергетика", slug="enerhetyka")


@pytest.fixture
def practices(theme):
    return {
        "first": make_practice("Сонячні панелі на школах", slug="soniachni", themes=[theme]),
        "second": make_practice("Енергоменеджмент", slug="enerhomenedzhment", themes=[theme]),
        "draft": make_practice("Чернетка енергетики", slug="chernetka-enerh", themes=[theme], publish=False),
        "private": make_practice("Закрита енергетика", slug="zakryta-enerh", themes=[theme]),
    }


def feature(page, model, *items):
    for order, practice in enumerate(items):
        model.objects.create(page=page, practice=practice, sort_order=order)


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_a_theme_shows_its_featured_practices_in_order_and_only_live_public_ones(theme, practices, client, member):
    restrict_page(practices["private"], "Member")
    feature(theme, ThemeFeaturedPractice, practices["second"], practices["draft"], practices["private"], practices["first"])
    for who in (None, member):
        if who:
            client.force_login(who)
        featured = section(client.get(theme.url).content.decode(), "featured-heading")
        assert featured.index("Енергоменеджмент") < featured.index("Сонячні панелі на школах")
        assert "Чернетка енергетики" not in featured and "Закрита енергетика" not in featured


def test_a_theme_without_featured_practices_has_no_empty_section(theme, practices, client):
    assert 'id="featured-heading"' not in client.get(theme.url).content.decode()


def test_the_home_page_shows_its_featured_practices_in_order_and_only_live_public_ones(practices, client):
    home = HomePage.objects.get(locale__language_code="uk")
    restrict_page(practices["private"], "Member")
    feature(home, HomeFeaturedPractice, practices["second"], practices["draft"], practices["private"], practices["first"])
    html = client.get("/").content.decode()
    assert html.index("Енергоменеджмент") < html.index("Сонячні панелі на школах")
    assert "Чернетка енергетики" not in html and "Закрита енергетика" not in html


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_can_pick_featured_practices_in_the_admin(theme, who, editor, moderator, client):
    client.force_login({"editor": editor, "moderator": moderator}[who])
    home = HomePage.objects.get(locale__language_code="uk")
    for page in (theme, home):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200
        assert "featured_practices-TOTAL_FORMS" in response.content.decode()


@pytest.fixture
def discussions(theme, practices):
    author = make_user("energy", groups=["Member"])
    category = make_category()
    closed = make_category(members_only=True)
    with committed():
        busy = make_topic(category, author, title="Про панелі", practice=practices["first"])
        for n in range(3):
            make_reply(busy, author, body=f"Відповідь {n}")
        quiet = make_topic(category, author, title="Про менеджмент", practice=practices["second"])
        hidden = make_reply(quiet, author, body="Прихована")
        services.post_hide(post=hidden, moderator=make_user("mod-e", groups=["Member", "Moderator"]), reason="офтоп")
        members_only = make_topic(closed, author, title="Про закрите", practice=practices["draft"])
        for n in range(5):
            make_reply(members_only, author, body=f"Закрита {n}")
    return busy, quiet


def test_a_theme_shows_its_most_discussed_practices_by_visible_posts(theme, practices, discussions, client):
    html = section(client.get(theme.url).content.decode(), "discussed-heading")
    assert html.index("Сонячні панелі на школах") < html.index("Енергоменеджмент")
    assert "4 " in html and "1 " in html  # the hidden reply is not counted
    assert "Чернетка енергетики" not in html


def test_a_discussion_the_visitor_may_not_read_does_not_count(theme, practices, client, member):
    private = make_practice("Практика закритого обговорення", slug="zakryte-obh", themes=[theme])
    author = make_user("energy2", groups=["Member"])
    with committed():
        topic = make_topic(make_category(members_only=True), author, title="Закрите", practice=private)
        make_reply(topic, author)
    anonymous = client.get(theme.url).content.decode()
    assert 'id="discussed-heading"' not in anonymous
    client.force_login(member)
    assert "Практика закритого обговорення" in section(client.get(theme.url).content.decode(), "discussed-heading")


def test_the_theme_page_runs_a_bounded_number_of_queries(theme, client, django_assert_max_num_queries):
    author = make_user("many", groups=["Member"])
    category = make_category()
    with committed():
        for n in range(8):
            practice = make_practice(f"Практика {n}", slug=f"many-{n}", themes=[theme])
            ThemeFeaturedPractice.objects.create(page=theme, practice=practice, sort_order=n)
            make_reply(make_topic(category, author, title=f"Тема {n}", practice=practice), author)
    client.get(theme.url)
    with django_assert_max_num_queries(30):
        assert client.get(theme.url).status_code == 200
