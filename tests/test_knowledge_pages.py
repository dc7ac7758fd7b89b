"""Page tree rules, rendering, members-only pages and translations of the knowledge base."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, PageViewRestriction

from knowledge.models import (
    EventIndexPage, EventPage, HomePage, PracticeLibraryPage, PracticePage, ResourceIndexPage, ResourcePage,
    StandardPage, ThemePage,
)

from .knowledge_factories import library, make_practice, make_theme, make_translation

pytestmark = pytest.mark.django_db


def test_the_site_structure_is_created_by_migrations():
    home = HomePage.objects.get(locale__language_code="uk")
    children = {type(p.specific) for p in home.get_children()}
    assert {PracticeLibraryPage, ResourceIndexPage, EventIndexPage} <= children
    assert library().get_workflow().name == "Moderator approval"


@pytest.mark.parametrize(
    "child, allowed_parents, forbidden_parents",
    [
        (PracticePage, [PracticeLibraryPage], [HomePage, ThemePage, ResourceIndexPage, EventIndexPage, StandardPage]),
        (ThemePage, [PracticeLibraryPage], [HomePage, ResourceIndexPage]),
        (ResourcePage, [ResourceIndexPage], [HomePage, PracticeLibraryPage]),
        (EventPage, [EventIndexPage], [HomePage, PracticeLibraryPage]),
        (StandardPage, [HomePage, StandardPage], [PracticeLibraryPage, PracticePage]),
    ],
)
def test_page_types_only_go_under_their_parents(child, allowed_parents, forbidden_parents):
    for parent in allowed_parents:
        assert child in parent.allowed_subpage_models()
    for parent in forbidden_parents:
        assert child not in parent.allowed_subpage_models()


def test_only_one_library_per_home_page():
    home = HomePage.objects.get(locale__language_code="uk")
    assert not PracticeLibraryPage.can_create_at(home)


def test_practice_page_shows_metadata_and_body(client, hromada):
    theme = make_theme()
    practice = make_practice(
        "Виборчі дільниці з безпечною дистанцією", themes=[theme], tags=["вибори", "COVID-19"],
        hromada=hromada, oblast=hromada.oblast, summary="Як облаштували дільниці.",
        body=[("heading", "Кроки"), ("paragraph", "<p>Розмітка підлоги.</p>"), ("quote", {"text": "Безпечно", "attribution": "Голова ДВК"})],
        contact_name="Олена", contact_email="olena@example.org",
    )
    html = client.get(practice.url).content.decode()
    for text in ["Виборчі дільниці з безпечною дистанцією", hromada.name, "Кроки", "Розмітка підлоги.", "Безпечно", theme.title, "вибори"]:
        assert text in html
    # The contact e-mail is for members only.
    assert "olena@example.org" not in html


def test_contact_email_is_shown_to_members(client, member):
    practice = make_practice(contact_name="Олена", contact_email="olena@example.org")
    client.force_login(member)
    assert "olena@example.org" in client.get(practice.url).content.decode()


def test_draft_practice_is_not_served(client):
    practice = make_practice("Чернетка", publish=False)
    assert client.get(practice.url).status_code == 404


def test_practice_validates_period_and_place(hromada):
    from django.core.exceptions import ValidationError
    import datetime
    from cop.places.models import Oblast

    practice = PracticePage(title="x", summary="x", period_start=datetime.date(2021, 1, 1), period_end=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        practice.clean()
    assert "period_end" in excinfo.value.message_dict

    other_oblast = Oblast.objects.exclude(pk=hromada.oblast_id).first()
    practice = PracticePage(title="x", summary="x", hromada=hromada, oblast=other_oblast)
    with pytest.raises(ValidationError) as excinfo:
        practice.clean()
    assert "hromada" in excinfo.value.message_dict

    practice = PracticePage(title="x", summary="x", hromada=hromada)
    practice.clean()
    assert practice.oblast_id == hromada.oblast_id
    assert practice.population_band == "100k_500k"


@pytest.fixture
def members_only_page():
    home = HomePage.objects.get(locale__language_code="uk")
    page = StandardPage(title="Внутрішні настанови", slug="nastanovy", intro="Лише для учасників")
    home.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    return page


def test_members_only_page_requires_login(client, members_only_page):
    response = client.get(members_only_page.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/_util/login/" in response["Location"]


def test_members_only_page_is_closed_to_pending_applicants(client, members_only_page, pending_member):
    client.force_login(pending_member)
    response = client.get(members_only_page.url)
    assert response.status_code in (302, 403)
    assert "Лише для учасників" not in response.content.decode()


@pytest.mark.parametrize("role", ["member", "moderator", "editor"])
def test_members_only_page_is_open_to_members(client, members_only_page, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(members_only_page.url)
    assert response.status_code == 200
    assert "Лише для учасників" in response.content.decode()


def test_translated_practice_links_both_ways(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    translated = make_translation(practice, "Remote council sessions")

    uk_html = client.get(practice.url).content.decode()
    assert translated.url in uk_html and 'hreflang="en"' in uk_html
    en_response = client.get(translated.url)
    en_html = en_response.content.decode()
    assert '<html lang="en">' in en_html
    assert "Remote council sessions" in en_html
    assert practice.url in en_html and 'hreflang="uk"' in en_html


def test_unpublished_translation_is_not_linked(client):
    practice = make_practice("Практика", slug="praktyka")
    en = Locale.objects.get_or_create(language_code="en")[0]
    translated = practice.copy_for_translation(en, copy_parents=True)  # a draft
    assert not translated.live
    assert 'hreflang="en"' not in client.get(practice.url).content.decode()


def test_home_page_lists_themes_featured_and_latest(client):
    from knowledge.models import HomeFeaturedPractice

    theme = make_theme("Участь молоді", slug="molod")
    practice = make_practice("Молодіжна рада Краматорська", themes=[theme])
    hidden = make_practice("Прихована чернетка", publish=False)
    home = HomePage.objects.get(locale__language_code="uk")
    HomeFeaturedPractice.objects.create(page=home, practice=practice)
    HomeFeaturedPractice.objects.create(page=home, practice=hidden)
    html = client.get("/").content.decode()
    assert "Участь молоді" in html
    assert "Молодіжна рада Краматорська" in html
    assert "Прихована чернетка" not in html


def test_members_only_event_materials_are_hidden_from_the_public(client, member, pending_member):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    from knowledge.models import EventMaterial

    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Матеріали для учасників")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.GROUPS).groups.add(
        Group.objects.get(name="Member")
    )
    docs = {}
    for title, collection in (("Програма семінару", root), ("Внутрішня презентація", private)):
        docs[title] = Document(title=title, collection=collection)
        docs[title].file.save("m.txt", ContentFile(b"x"), save=False)
        docs[title].save()
    index = EventIndexPage.objects.get(locale__language_code="uk")
    event = EventPage(title="Семінар у Києві", slug="seminar", summary="Обмін досвідом",
                      start=timezone.make_aware(datetime.datetime(2020, 6, 18, 10)))
    index.add_child(instance=event)
    for order, document in enumerate(docs.values()):
        EventMaterial.objects.create(page=event, document=document, sort_order=order)
    event.save_revision().publish()

    html = client.get(event.url).content.decode()
    assert "Програма семінару" in html and "Внутрішня презентація" not in html
    client.force_login(pending_member)
    assert "Внутрішня презентація" not in client.get(event.url).content.decode()
    client.force_login(member)
    assert "Внутрішня презентація" in client.get(event.url).content.decode()
    # The document itself is closed to the public too.
    client.logout()
    assert client.get(docs["Внутрішня презентація"].url).status_code in (302, 403)


def test_practice_page_offers_discussion_to_members_only(client, member, pending_member):
    practice = make_practice("Практика для обговорення", slug="obhovorennia")
    discuss_url = f"/forum/practice/{practice.pk}/discuss/"
    assert discuss_url not in client.get(practice.url).content.decode()
    client.force_login(pending_member)
    assert discuss_url not in client.get(practice.url).content.decode()
    client.force_login(member)
    assert discuss_url in client.get(practice.url).content.decode()


def test_practice_page_links_to_its_readable_discussion(client, member):
    from forum import services
    from forum.models import Category

    practice = make_practice("Практика з обговоренням", slug="z-obhovorenniam")
    public = Category.objects.create(name="Загальні", slug="zahalni")
    private = Category.objects.create(name="Внутрішні", slug="vnutrishni", visibility=Category.Visibility.MEMBERS)
    topic, _ = services.topic_create(category=public, author=member, title="Як це повторити?", body="Питання", practice=practice)
    assert f"/forum/t/{topic.pk}/" in client.get(practice.url).content.decode()
    # Moved to a members-only category: the link disappears for the public.
    topic.category = private
    topic.save()
    assert f"/forum/t/{topic.pk}/" not in client.get(practice.url).content.decode()
    client.force_login(member)
    assert f"/forum/t/{topic.pk}/" in client.get(practice.url).content.decode()


def test_home_page_lists_latest_discussions_the_visitor_may_read(client, member):
    from forum import services
    from forum.models import Category

    public = Category.objects.create(name="Загальні", slug="zahalni-home")
    private = Category.objects.create(name="Внутрішні", slug="vnutrishni-home", visibility=Category.Visibility.MEMBERS)
    services.topic_create(category=public, author=member, title="Відкрите питання про бюджет", body="Текст")
    services.topic_create(category=private, author=member, title="Внутрішнє питання модераторам", body="Текст")
    html = client.get("/").content.decode()
    assert "Відкрите питання про бюджет" in html
    assert "Внутрішнє питання модераторам" not in html
    client.force_login(member)
    assert "Внутрішнє питання модераторам" in client.get("/").content.decode()
