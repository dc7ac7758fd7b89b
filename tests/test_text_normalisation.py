"""Invisible and direction-changing characters never reach titles, names and tags, whatever the way in: our forms,
the Wagtail admin, or a plain model save (importer, shell); bodies keep their line breaks but lose overrides."""

import html

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from taggit.models import Tag
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from cop.core.text import clean_multi_line, clean_single_line
from cop.members.models import User
from cop.places.models import Hromada
from forum.models import Topic
from knowledge.models import PracticePage

from .conftest import PASSWORD, make_user
from .forum_factories import make_category, make_topic
from .knowledge_factories import library, make_practice

pytestmark = pytest.mark.django_db

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"  # right-to-left override / pop, isolate / pop
ZWSP, ZWNJ, ZWJ, WJ, BOM = "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"
INVISIBLE = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)] + [
    ZWSP, ZWNJ, ZWJ, WJ, BOM, "\u00ad", "\u061c", "\u200e", "\u200f", "\x00", "\x07", "\x1b", "\x7f", "\x9b",
]
ONLY_INVISIBLE = RLO + ZWSP + WJ + BOM + PDF + " " + ZWJ
DECOMPOSED_I = "\u0438\u0306"  # и + combining breve; NFC makes it the single letter й
UK_REQUIRED = "Це поле обов’язкове."


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def invisible_in(text):
    return [c for c in INVISIBLE if c in text]


# --- the rules ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", INVISIBLE)
def test_single_line_text_loses_every_invisible_character(char):
    assert clean_single_line(f"Бюджет{char}участі") == "Бюджетучасті"


def test_single_line_text_is_nfc_with_single_spaces():
    assert clean_single_line(f"  Ма{DECOMPOSED_I}дан\t\n\u00a0 громади\u2028 ") == "Майдан громади"
    assert clean_single_line(None) is None and clean_single_line("") == ""


def test_multi_line_text_keeps_lines_and_joiners_but_loses_overrides():
    family = "\U0001f469" + ZWJ + "\U0001f467"
    cleaned = clean_multi_line(f"Перший {RLO}рядок{PDF}\r\nДругий\tрядок {family}\x00\n\n{RLI}Третій{PDI} й{DECOMPOSED_I}")
    assert cleaned == f"Перший рядок\nДругий\tрядок {family}\n\nТретій йй"


# --- the forum ------------------------------------------------------------------------------------------------------


@pytest.fixture
def category(db):
    return make_category(name="Загальні питання", slug="zahalni")


def test_topic_created_with_invisible_characters_is_stored_clean(client, category, member):
    Tag.objects.create(name="освіта", slug="osvita")
    client.force_login(member)
    response = client.post(f"/forum/c/{category.slug}/new/", {
        "title": f"{RLO}Бюджет{ZWSP} участі{PDF} у гро{ZWJ}маді{BOM}",
        "body": f"Перший {RLO}абзац{PDF}.\n\nДругий абзац{ZWJ}.",
        "tags": f"осві{ZWSP}та, {RLO}вибори{PDF}, {ZWSP}",
    })
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert topic.title == "Бюджет участі у громаді"
    assert sorted(topic.tags.names()) == ["вибори", "освіта"]
    assert Tag.objects.filter(name="освіта").count() == 1  # the typed variant found the existing tag
    post = topic.posts.get()
    assert post.body == f"Перший абзац.\n\nДругий абзац{ZWJ}."
    assert RLO not in post.body_html and PDF not in post.body_html


def test_topic_title_of_invisible_characters_only_is_required(client, category, member):
    client.force_login(member)
    response = client.post(f"/forum/c/{category.slug}/new/", {"title": ONLY_INVISIBLE, "body": "Текст питання"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Дайте темі назву."]
    assert "Дайте темі назву." in response.content.decode()
    assert not Topic.objects.exists()


def test_post_body_of_invisible_characters_only_is_required(client, category, member):
    client.force_login(member)
    response = client.post(f"/forum/c/{category.slug}/new/", {"title": "Питання про бюджет", "body": f" {RLO}{PDF}\r\n "})
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == ["Напишіть текст допису."]


def test_title_length_is_counted_after_cleaning(client, category, member):
    client.force_login(member)
    response = client.post(f"/forum/c/{category.slug}/new/", {"title": ZWSP * 300 + "Питання", "body": "Текст"})
    assert response.status_code == 302
    assert Topic.objects.get().title == "Питання"


# --- members --------------------------------------------------------------------------------------------------------


@pytest.fixture
def signup_data(oblast):
    return {
        "email": "olena@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "first_name": f"Оле{ZWSP}на{RLO}", "last_name": f"{RLI}Коваль{PDI}",
        "position": f"Секретар{WJ}  ради", "organisation": f"Сільська{BOM} рада",
        "oblast": str(oblast.pk), "motivation": f"Хочу{RLO} ділитися\nдосвідом",
    }


def test_signup_names_are_stored_clean(client, signup_data):
    response = client.post("/accounts/signup/", signup_data)
    assert response.status_code == 302
    user = User.objects.get(email="olena@example.org")
    assert (user.first_name, user.last_name, user.position, user.organisation) == (
        "Олена", "Коваль", "Секретар ради", "Сільська рада",
    )
    assert user.bio == "Хочу ділитися\nдосвідом"


def test_signup_name_of_invisible_characters_only_is_required(client, signup_data):
    signup_data["first_name"] = ONLY_INVISIBLE
    response = client.post("/accounts/signup/", signup_data)
    assert response.status_code == 200
    assert UK_REQUIRED in response.context["form"].errors["first_name"]
    assert not User.objects.filter(email="olena@example.org").exists()


def test_profile_edit_cleans_names_and_the_directory_finds_them(client, member):
    client.force_login(member)
    response = client.post(reverse("members:profile_edit"), {
        "first_name": f"Мар{ZWSP}ія", "last_name": f"{RLO}Петренко", "position": "Спеціаліст",
        "organisation": "Міська рада", "bio": f"Рядок 1{RLO}\nРядок 2", "language": "uk", "forum_email": "never",
    })
    assert response.status_code == 302
    user = User.objects.get(pk=member.pk)
    assert (user.first_name, user.last_name, user.bio) == ("Марія", "Петренко", "Рядок 1\nРядок 2")
    assert "Марія Петренко" in client.get(reverse("members:directory"), {"q": "марія"}).content.decode()


def test_profile_last_name_of_invisible_characters_only_is_required(client, member):
    client.force_login(member)
    response = client.post(reverse("members:profile_edit"), {
        "first_name": "Марія", "last_name": ONLY_INVISIBLE, "language": "uk", "forum_email": "never",
    })
    assert response.status_code == 200
    assert UK_REQUIRED in response.context["form"].errors["last_name"]


def test_names_saved_from_code_are_clean_too(db):
    user = make_user("shell", first_name=f"{RLO}Іван{ZWSP}", last_name=f"Ша{DECOMPOSED_I}ба")
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Іван", "Шайба")
    assert user.search_text == "іван шайба"


# --- model saves: Wagtail pages, tags, places -----------------------------------------------------------------------


def test_page_title_saved_from_code_is_clean_in_the_page_its_revision_and_live(db):
    practice = make_practice(title=f"{RLO}Онлайн{ZWSP}-сесії{PDF}  ради", seo_title=f"Сесії{BOM}", publish=False)
    practice.refresh_from_db()
    assert (practice.title, practice.draft_title, practice.seo_title) == ("Онлайн-сесії ради", "Онлайн-сесії ради", "Сесії")
    revision = practice.latest_revision
    assert revision.content["title"] == "Онлайн-сесії ради" and revision.object_str == "Онлайн-сесії ради"
    revision.publish()
    assert PracticePage.objects.live().get(pk=practice.pk).title == "Онлайн-сесії ради"


def test_page_title_of_invisible_characters_only_cannot_be_saved(db):
    page = PracticePage(title="Справжня назва", slug="spravzhnia", summary="Опис", locale=library().locale)
    library().add_child(instance=page)
    page.title = ONLY_INVISIBLE
    with pytest.raises(ValidationError) as refused:
        page.save()
    assert "title" in refused.value.message_dict
    assert PracticePage.objects.get(pk=page.pk).title == "Справжня назва"


def test_tag_saved_from_code_is_clean(db):
    tag = Tag.objects.create(name=f"{RLO}освіта{ZWSP} дорослих{PDF}")
    tag.refresh_from_db()
    assert tag.name == "освіта дорослих"
    assert not invisible_in(tag.slug)


def test_topic_title_saved_by_a_service_is_clean(db):
    topic = make_topic(title=f"{RLI}Питання{PDI} {ZWSP}про вибори")
    topic.refresh_from_db()
    assert topic.title == "Питання про вибори"


def test_hromada_saved_from_code_is_clean(oblast):
    hromada = Hromada.objects.create(name=f"Якушинецька{ZWSP} громада{RLO}", slug="yakushyntsi-t", oblast=oblast)
    hromada.refresh_from_db()
    assert hromada.name == "Якушинецька громада"


# --- the Wagtail admin ----------------------------------------------------------------------------------------------


def _practice_form(client, title, tags=""):
    add_url = reverse("wagtailadmin_pages:add", args=["knowledge", "practicepage", library().pk])
    form = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    form.update(nested_form_data({
        "title": title, "slug": "admin-praktyka", "summary": "Опис", "tags": tags,
        "body": streamfield([("paragraph", rich_text("<p>Текст.</p>"))]),
    }))
    return add_url, form


def test_page_created_in_the_wagtail_admin_is_stored_clean(client, moderator):
    Tag.objects.create(name="освіта", slug="osvita")
    client.force_login(moderator)
    add_url, form = _practice_form(client, f"{RLO}Карантинні{ZWSP} сесії{PDF}", tags=f"осві{ZWSP}та, {RLO}вибори")
    response = client.post(add_url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = PracticePage.objects.get(slug="admin-praktyka")
    assert practice.title == practice.draft_title == "Карантинні сесії"
    assert practice.latest_revision.content["title"] == "Карантинні сесії"
    assert sorted(practice.tags.names()) == ["вибори", "освіта"]
    assert Tag.objects.filter(name="освіта").count() == 1


def test_page_title_of_invisible_characters_only_is_a_form_error_in_the_admin(client, moderator):
    client.force_login(moderator)
    add_url, form = _practice_form(client, ONLY_INVISIBLE)
    response = client.post(add_url, form)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not PracticePage.objects.filter(slug="admin-praktyka").exists()


def test_snippet_edited_in_the_wagtail_admin_is_stored_clean(client, hromada):
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)
    url = reverse("wagtailsnippets_places_hromada:edit", args=[hromada.pk])
    form = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    form["name"] = f"{RLO}Вінницька{ZWSP} міська громада"
    response = client.post(url, form)
    assert response.status_code == 302, html.unescape(response.content.decode())[:3000]
    hromada.refresh_from_db()
    assert hromada.name == "Вінницька міська громада"
