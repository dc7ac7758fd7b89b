"""Feeds, the read-only API and the sitemap show only live, public content, whoever asks."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from knowledge.models import EventIndexPage, EventMaterial, EventPage, ResourceDownload, ResourceIndexPage, ResourcePage

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


# Members-only documents and images: the API is public-only, so their existence must not show in any representation.


def members_only_collection():
    collection = Collection.get_first_root_node().add_child(name="Лише для учасників")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.GROUPS).groups.add(
        Group.objects.get(name="Member")
    )
    return collection


def make_document(title, collection):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(f"{title[:8]}.txt", ContentFile(b"text"), save=False)
    document.save()
    return document


def make_image(title, collection):
    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, collection=collection, file=ImageFile(buffer, name="photo.png"))


@pytest.fixture
def attachments():
    """An event, a resource and a practice, each with one public and one members-only document or image."""
    private = members_only_collection()
    root = Collection.get_first_root_node()
    docs = {
        "public": make_document("Публічна програма", root),
        "private": make_document("Внутрішній протокол", private),
    }
    images = {"public": make_image("Публічне фото", root), "private": make_image("Внутрішнє фото", private)}
    event = EventPage(title="Семінар", slug="seminar", summary="Про вибори.", start=timezone.now() + datetime.timedelta(days=3))
    EventIndexPage.objects.get(locale__language_code="uk").add_child(instance=event)
    resource = ResourcePage(title="Посібник", slug="posibnyk", summary="Посібник для громад.")
    ResourceIndexPage.objects.get(locale__language_code="uk").add_child(instance=resource)
    for order, document in enumerate(docs.values()):
        EventMaterial.objects.create(page=event, document=document, sort_order=order, description=f"Матеріал {order}")
        ResourceDownload.objects.create(page=resource, document=document, sort_order=order, description=f"Файл {order}")
    link = f'<p>Див. <a linktype="document" id="{docs["private"].pk}">протокол</a>.</p>'
    practice = make_practice(
        "Практика з додатками", slug="z-dodatkamy", publish=False,
        body=[
            ("document", {"document": docs["public"], "description": "Відкритий файл"}),
            ("document", {"document": docs["private"], "description": "Закритий файл"}),
            ("image", {"image": images["public"], "caption": "Відкрите", "alt_text": ""}),
            ("image", {"image": images["private"], "caption": "Закрите", "alt_text": ""}),
            ("paragraph", link),
        ],
    )
    for page in (event, resource, practice):
        page.save_revision().publish()
    return {"docs": docs, "images": images, "event": event, "resource": resource, "practice": practice}


def attachment_urls(attachments):
    event, resource = attachments["event"].pk, attachments["resource"].pk
    return [
        f"/api/v2/pages/{event}/",
        f"/api/v2/pages/{event}/?fields=materials",
        f"/api/v2/pages/{event}/?fields=*",
        f"/api/v2/pages/{event}/?fields=materials(document(title,download_url))",
        f"/api/v2/pages/{resource}/?fields=downloads",
        f"/api/v2/pages/{resource}/?fields=downloads(*)",
        "/api/v2/pages/?type=knowledge.EventPage&fields=materials",
        "/api/v2/pages/?type=knowledge.EventPage&fields=*",
        "/api/v2/pages/?type=knowledge.ResourcePage&fields=downloads",
        "/api/v2/pages/?type=knowledge.ResourcePage&fields=*",
        "/api/v2/pages/?type=knowledge.EventPage,knowledge.ResourcePage&fields=*",
    ]


@pytest.mark.parametrize("as_member", [False, True])
def test_pages_api_leaves_members_only_documents_out_of_materials_and_downloads(client, attachments, member, as_member):
    if as_member:
        client.force_login(member)
    public, private = attachments["docs"]["public"], attachments["docs"]["private"]
    for url in attachment_urls(attachments):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert private.title not in body and private.file.name not in body, url
        assert f"/api/v2/documents/{private.pk}/" not in body, url
        if "fields=materials" in url or "fields=downloads" in url:
            assert public.title in body, url  # only the restricted attachment is left out


def test_pages_api_keeps_the_shape_of_a_public_attachment(client, attachments):
    data = client.get(f"/api/v2/pages/{attachments['event'].pk}/", {"fields": "materials"}).json()
    [material] = data["materials"]
    assert material["description"] == "Матеріал 0"
    assert material["document"]["title"] == "Публічна програма"
    assert f"/documents/{attachments['docs']['public'].pk}/" in material["document"]["meta"]["download_url"]


@pytest.mark.parametrize("rich_text_format", [None, "html", "markdown", "db_markdown"])
def test_pages_api_body_does_not_reference_members_only_documents_or_images(client, attachments, rich_text_format):
    params = {"fields": "body"} | ({"rich_text_format": rich_text_format} if rich_text_format else {})
    response = client.get(f"/api/v2/pages/{attachments['practice'].pk}/", params)
    assert response.status_code == 200
    blocks = response.json()["body"]
    documents = [block["value"]["document"] for block in blocks if block["type"] == "document"]
    images = [block["value"]["image"] for block in blocks if block["type"] == "image"]
    assert documents == [attachments["docs"]["public"].pk]
    assert images == [attachments["images"]["public"].pk]
    private = attachments["docs"]["private"]
    body = response.content.decode()
    assert "Закритий файл" not in body and "Закрите" not in body
    assert private.url not in body and private.file.name.split("/")[-1] not in body
    [paragraph] = [block["value"] for block in blocks if block["type"] == "paragraph"]
    assert "протокол" in paragraph  # the text stays, only the link to the restricted document goes
    assert f'id="{private.pk}"' not in paragraph


def test_images_api_hides_members_only_collections(client, attachments, member):
    for as_member in (False, True):
        if as_member:
            client.force_login(member)
        titles = {item["title"] for item in client.get("/api/v2/images/").json()["items"]}
        assert titles == {"Публічне фото"}
        assert client.get(f"/api/v2/images/{attachments['images']['private'].pk}/").status_code == 404
        assert client.get(f"/api/v2/documents/{attachments['docs']['private'].pk}/").status_code == 404


# Out-of-range and malformed API parameters: a 400 with Wagtail's {"message": ...}, never a 500.

API_BAD_PARAMETERS = [
    ("offset", "99999999999999999999"),
    ("limit", "99999999999999999999"),
    ("offset", "1e3"),
    ("search", '"'),
    ("search", "*"),
    ("search", "a\x00b"),
    ("search", "x" * 501),
    ("search_operator", "xor"),
    ("order", "-"),
    ("fields", "title((("),
    ("id", "abc"),
    ("id", "99999999999999999999"),
    ("title", "a\x00b"),
]


@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
@pytest.mark.parametrize("name,value", API_BAD_PARAMETERS)
def test_api_rejects_out_of_range_and_malformed_parameters_with_a_message(client, endpoint, name, value):
    response = client.get(f"/api/v2/{endpoint}/", {name: value, **({"search_operator": "and"} if name == "search" else {})})
    assert response.status_code == 400, response.content
    assert response.json()["message"]


def test_api_errors_are_in_ukrainian(client):
    # The API is not under a language prefix, so it speaks the site's first language.
    assert "offset має бути цілим числом" in client.get("/api/v2/pages/", {"offset": "99999999999999999999"}).json()["message"]


@pytest.mark.parametrize("params", [
    {"type": "knowledge.PracticePage", "date": "not-a-date"},
    {"type": "knowledge.PracticePage", "period_start": "2020-13-45"},
    {"type": "knowledge.EventPage", "start": "tomorrow"},
    {"type": "knowledge.EventPage", "online": "maybe"},
    {"first_published_at": "yesterday"},
    {"child_of": "99999999999999999999"},
    {"descendant_of": "-5"},
    {"translation_of": "abc"},
    {"locale": "a\x00b"},
    {"type": "knowledge.PracticePage", "hromada": "abc"},
])
def test_pages_api_rejects_bad_filters_with_a_message(client, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code in (400, 404), response.content
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages", "documents"])
def test_api_search_accepts_query_syntax_as_plain_words(client, content, endpoint):
    for search in ("Публічна практика", '"a', "NEAR(Публічна", "Публічна OR -x", "a*", "a'b\\c%_", "AND", "x:y {z} ^"):
        response = client.get(f"/api/v2/{endpoint}/", {"search": search})
        assert response.status_code == 200, (search, response.content)
    titles = {item["title"] for item in client.get("/api/v2/pages/", {"search": '"Публічна" (практика*'}).json()["items"]}
    assert "Публічна практика" in titles


@pytest.mark.parametrize("url", ["/api/v2/pages/find/?id=abc", "/api/v2/pages/find/?id=99999999999999999999",
                                 "/api/v2/documents/find/?id=a%00", "/api/v2/pages/find/?html_path=%00"])
def test_api_find_rejects_bad_ids_without_500(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404), response.content
    assert response.json()["message"]


# The pages themselves: a StreamField block or a rich-text link showing a members-only document or image
# renders nothing (the block) or plain text (the link) to visitors who may not see it.


@pytest.mark.parametrize("role", [None, "pending_member"])
def test_page_html_hides_members_only_documents_and_images_from_non_members(client, attachments, role, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    private_doc, private_image = attachments["docs"]["private"], attachments["images"]["private"]
    for page in (attachments["practice"], attachments["event"], attachments["resource"]):
        html = client.get(page.url).content.decode()
        assert private_doc.title not in html and private_doc.url not in html, page.url
        assert "Закритий файл" not in html and "Закрите" not in html and "Внутрішнє фото" not in html, page.url
    practice = client.get(attachments["practice"].url).content.decode()
    assert attachments["docs"]["public"].title in practice and "Відкрите" in practice  # positive control
    assert "протокол" in practice  # the rich-text link's words stay, as plain text


def test_page_html_shows_members_only_documents_and_images_to_members(client, attachments, member):
    client.force_login(member)
    html = client.get(attachments["practice"].url).content.decode()
    private_doc = attachments["docs"]["private"]
    assert private_doc.title in html and "Закрите" in html
    assert f'href="{private_doc.url}"' in html
