"""Feeds, the read-only API and the sitemap show only live, public content, whoever asks."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from .knowledge_factories import make_practice, make_theme

pytestmark = pytest.mark.django_db


def restrict(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))


@pytest.fixture
def content():
    elections = make_theme("Вибори", slug="vybory")
    youth = make_theme("Молодь", slug="molod")
    public = make_practice("Публічна практика", slug="publichna", themes=[elections], tags=["вибори"])
    youth_practice = make_practice("Молодіжна практика", slug="molodizhna", themes=[youth])
    draft = make_practice("Чернетка", slug="chernetka", themes=[elections], publish=False)
    private = make_practice("Лише для учасників", slug="pryvatna", themes=[elections])
    restrict(private)
    return {"public": public, "youth": youth_practice, "draft": draft, "private": private}


@pytest.mark.parametrize("url", ["/feeds/practices/rss/", "/feeds/practices/atom/"])
@pytest.mark.parametrize("as_member", [False, True])
def test_feeds_show_only_live_public_practices(client, content, member, url, as_member):
    if as_member:
        client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Публічна практика" in body and "Молодіжна практика" in body
    assert "Чернетка" not in body
    assert "Лише для учасників" not in body
    assert "http://testserver/praktyky/publichna/" in body


def test_theme_feed_has_only_that_theme(client, content):
    body = client.get("/feeds/themes/vybory/rss/").content.decode()
    assert "Публічна практика" in body
    assert "Молодіжна практика" not in body
    assert "Лише для учасників" not in body


def test_unknown_theme_feed_is_404(client, content):
    assert client.get("/feeds/themes/nemaie/rss/").status_code == 404


@pytest.mark.parametrize("as_member", [False, True])
def test_pages_api_lists_only_live_public_pages(client, content, member, as_member):
    if as_member:
        client.force_login(member)
    data = client.get("/api/v2/pages/", {"type": "knowledge.PracticePage", "fields": "summary,tags"}).json()
    titles = {item["title"] for item in data["items"]}
    assert titles == {"Публічна практика", "Молодіжна практика"}
    assert client.get(f"/api/v2/pages/{content['private'].pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{content['draft'].pk}/").status_code == 404


def test_pages_api_detail_has_practice_fields(client, content):
    data = client.get(f"/api/v2/pages/{content['public'].pk}/").json()
    assert data["summary"] == "Короткий опис практики."
    assert data["tags"] == ["вибори"]
    assert data["theme_slugs"] == ["vybory"]


def test_pages_api_rejects_bad_parameters_without_500(client, content):
    for params in ({"type": "no.Such"}, {"limit": "abc"}, {"offset": "-1"}, {"order": "nonsense"}, {"fields": "secret_field"}):
        assert client.get("/api/v2/pages/", params).status_code == 400


def test_documents_api_hides_members_only_collections(client, member):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    private = root.add_child(name="Для учасників")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.GROUPS).groups.add(
        Group.objects.get(name="Member")
    )
    for title, collection in (("Публічний посібник", root), ("Внутрішні матеріали", private)):
        document = Document(title=title, collection=collection)
        document.file.save("doc.txt", ContentFile(b"text"), save=False)
        document.save()
    for as_member in (False, True):
        if as_member:
            client.force_login(member)
        titles = {item["title"] for item in client.get("/api/v2/documents/").json()["items"]}
        assert titles == {"Публічний посібник"}


def test_sitemap_lists_only_live_public_pages(client, content):
    body = client.get("/sitemap.xml").content.decode()
    assert "/praktyky/publichna/" in body
    assert "/praktyky/pryvatna/" not in body
    assert "/praktyky/chernetka/" not in body
