"""The English side names places and tags in English: official transliterations of oblasts and hromadas, tag names
moderators translate, in page metadata, dropdowns, search facets and the API; Ukrainian pages keep Ukrainian
names, and a name with no English form is marked lang="uk" on an English page (WCAG 3.1.2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from cop.places.fields import HromadaChoiceField, OblastChoiceField
from cop.places.models import Hromada, Oblast
from curation import tags as tag_services
from knowledge.models import TagDescription

from .conftest import make_user
from .forum_factories import make_category, make_topic
from .html_elements import Elements
from .knowledge_factories import make_practice, make_translation
from .test_curation_tags import csrf_client, edit_url, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def lutsk():
    oblast = Oblast.objects.get(slug="volynska")
    return Hromada.objects.create(name="Луцька міська громада", name_en="Lutsk city hromada", slug="lutsk-test",
                                  oblast=oblast, population=240000)


@pytest.fixture
def nameless():
    """A hromada nobody has given an English name yet."""
    return Hromada.objects.create(name="Зелена сільська громада", slug="zelena-test", oblast=Oblast.objects.get(slug="volynska"),
                                  kind=Hromada.Kind.RURAL, population=4000)


def metadata(html):
    """{term: (text, lang attribute)} of a page's description list."""
    page = Elements(html)
    return {dt["text"].strip(): (dd["text"].strip(), dd["attrs"].get("lang")) for dt, dd in zip(page.all("dt"), page.all("dd"))}


def tag_links(html):
    return [(a["text"].strip(), a["attrs"].get("lang")) for a in Elements(html).all("a") if "?tag=" in a["attrs"].get("href", "")]


def test_an_english_practice_names_its_hromada_and_oblast_in_english(client, lutsk):
    practice = make_practice("Відкриті засідання", slug="vidkryti", hromada=lutsk, oblast=lutsk.oblast)
    english = make_translation(practice, "Open council meetings")
    meta = metadata(client.get(english.url).content.decode())
    assert meta["Hromada"] == ("Lutsk city hromada", None) and meta["Oblast"] == ("Volyn Oblast", None)
    ukrainian = metadata(client.get(practice.url).content.decode())
    assert ukrainian["Громада"] == ("Луцька міська громада", None) and ukrainian["Область"] == ("Волинська область", None)


def test_a_place_without_an_english_name_keeps_its_own_and_is_marked_ukrainian(client, nameless):
    practice = make_practice("Шкільний автобус", slug="avtobus", hromada=nameless, oblast=nameless.oblast)
    english = make_translation(practice, "The school bus")
    meta = metadata(client.get(english.url).content.decode())
    assert meta["Hromada"] == ("Зелена сільська громада", "uk") and meta["Oblast"] == ("Volyn Oblast", None)


def test_place_dropdowns_speak_the_language_of_the_page(lutsk, nameless):
    with translation.override("en"):
        oblasts = [str(label) for value, label in OblastChoiceField().choices if value]
        groups = dict((str(group), [label for _, label in options]) for group, options in HromadaChoiceField().choices if group)
    assert "Volyn Oblast" in oblasts and "Kyiv City" in oblasts and not any("область" in name for name in oblasts)
    assert groups["Volyn Oblast"] == ["Lutsk city hromada", "Зелена сільська громада"]
    with translation.override("uk"):
        groups = dict((str(group), [label for _, label in options]) for group, options in HromadaChoiceField().choices if group)
    assert groups["Волинська область"] == ["Зелена сільська громада", "Луцька міська громада"]  # Ukrainian order


def test_the_english_library_filter_lists_oblasts_in_english(client, lutsk):
    practice = make_practice("Відкриті засідання", slug="vidkryti", hromada=lutsk, oblast=lutsk.oblast)
    english = make_translation(practice, "Open council meetings")
    html = client.get(english.get_parent().url).content.decode()
    options = [option["text"].strip() for option in Elements(html).all("option")]
    assert "Volyn Oblast" in options and "Волинська область" not in options


def test_the_api_gives_both_names(client, lutsk):
    make_practice("Відкриті засідання", slug="vidkryti", hromada=lutsk, oblast=lutsk.oblast)
    items = client.get("/api/v2/pages/", {"type": "knowledge.PracticePage",
                                          "fields": "hromada_name,hromada_name_en,oblast_name,oblast_name_en"}).json()["items"]
    assert [(i["hromada_name"], i["hromada_name_en"], i["oblast_name"], i["oblast_name_en"]) for i in items] == [
        ("Луцька міська громада", "Lutsk city hromada", "Волинська область", "Volyn Oblast")]


def test_a_member_profile_names_the_hromada_in_the_page_language(client, lutsk):
    person = make_user("lutsk", groups=["Member"], hromada=lutsk, oblast=lutsk.oblast)
    client.force_login(make_user("reader", groups=["Member"]))
    with translation.override("en"):
        url = person.get_absolute_url()
    html = client.get(url).content.decode()
    assert url.startswith("/en/") and "Lutsk city hromada" in html and "Луцька міська громада" not in html


# --- tags ------------------------------------------------------------------------------------------------------------


@pytest.fixture
def budget_practice(lutsk):
    practice = make_practice("Бюджет участі в Луцьку", slug="biudzhet-uchasti", tags=["бюджет участі"], hromada=lutsk)
    english = make_translation(practice, "Participatory budget in Lutsk")
    return practice, english, Tag.objects.get(name="бюджет участі")


def test_a_moderator_names_a_tag_in_english_and_english_pages_show_it(client, budget_practice, moderator):
    practice, english, tag = budget_practice
    response = post(csrf_client(moderator), edit_url(tag), {
        "name": "бюджет участі", "description": "Частина бюджету, про яку вирішують мешканці.",
        "name_en": "Participatory Budget", "description_en": "The part of the budget residents decide on."})
    assert response.status_code == 302
    about = TagDescription.objects.get(tag=tag)
    assert (about.name_en, about.text_en) == ("participatory budget", "The part of the budget residents decide on.")
    assert tag_links(client.get(english.url).content.decode()) == [("participatory budget", None)]
    assert tag_links(client.get(practice.url).content.decode()) == [("бюджет участі", None)]
    library = client.get(english.get_parent().url, {"tag": tag.slug}).content.decode()
    assert "#participatory budget" in library and "The part of the budget residents decide on." in library
    # The tag's own name (what search filters and links use) is untouched.
    assert Tag.objects.get(pk=tag.pk).name == "бюджет участі"


def test_an_untranslated_tag_on_an_english_page_is_marked_ukrainian(client, budget_practice):
    _, english, _ = budget_practice
    assert tag_links(client.get(english.url).content.decode()) == [("бюджет участі", "uk")]


def test_an_english_tag_name_with_a_comma_is_refused_and_nothing_is_lost(budget_practice, moderator):
    _, _, tag = budget_practice
    response = post(csrf_client(moderator), edit_url(tag), {"name": "бюджет участі", "description": "Опис лишається",
                                                            "name_en": "budget, participatory"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and "budget, participatory" in html and "Опис лишається" in html
    assert not TagDescription.objects.filter(tag=tag).exists()


def test_describing_a_tag_without_english_keeps_the_english_name(budget_practice, moderator):
    _, _, tag = budget_practice
    tag_services.tag_describe(tag=tag, text="Опис", moderator=moderator, name_en="participatory budget")
    assert tag_services.tag_describe(tag=tag, text="Новий опис", moderator=moderator) is True
    assert TagDescription.objects.get(tag=tag).name_en == "participatory budget"
    assert tag_services.tag_describe(tag=tag, text="Новий опис", moderator=moderator, name_en="participatory budget") is False


def test_the_search_tag_facet_is_labelled_in_english(client, budget_practice, moderator, django_capture_on_commit_callbacks):
    _, _, tag = budget_practice
    TagDescription.objects.create(tag=tag, name_en="participatory budget")
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Бюджет участі для молоді", slug="molod-biudzhet", tags=["бюджет участі"])
    with translation.override("en"):
        url = reverse("search")
    html = client.get(url, {"q": "бюджет"}).content.decode()
    facet = [(a["text"], a["attrs"].get("lang")) for a in Elements(html).all("a") if "tag=" in a["attrs"].get("href", "")]
    assert ("participatory budget", None) in facet


def test_the_english_category_page_costs_no_query_per_tag(client):
    category = make_category()
    author = make_user("author", groups=["Member"])
    make_topic(category, author, title="Перша тема", body="Текст", tags=["вибори"])
    with translation.override("en"):
        url = category.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        make_topic(category, author, title=f"Тема {n}", body="Текст", tags=[f"тег {n}", f"мітка {n}"])
    TagDescription.objects.create(tag=Tag.objects.get(name="тег 1"), name_en="tag one")
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert "#tag one" in html
    assert len(five) == len(one)


def test_demo_content_names_its_tags_in_english(django_db_setup):
    from knowledge import demo_content

    names = {entry["name"] for entry in demo_content.TAGS}
    assert len(names) == len(demo_content.TAGS)  # one entry per tag
    assert all(entry["name_en"] and entry["name_en"] == entry["name_en"].strip() for entry in demo_content.TAGS)


def test_the_english_directory_marks_only_the_names_that_are_not_english(client, lutsk, nameless):
    make_user("lutsk", groups=["Member"], hromada=lutsk, oblast=lutsk.oblast)
    make_user("zelena", groups=["Member"], hromada=nameless, oblast=nameless.oblast)
    client.force_login(make_user("reader", groups=["Member"]))
    with translation.override("en"):
        url = reverse("members:directory")
    html = client.get(url).content.decode()
    assert "Lutsk city hromada, Volyn Oblast" in html
    assert '<span lang="uk">Зелена сільська громада</span>, Volyn Oblast' in html
    with translation.override("uk"):
        url = reverse("members:directory")
    ukrainian = client.get(url).content.decode()
    assert "Зелена сільська громада, Волинська область" in ukrainian and "<span lang=" not in ukrainian
