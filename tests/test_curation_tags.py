"""Tag curation by moderators: rename, merge and describe tags through the real pages; practices, topics and search
follow (through the outbox), old tag links redirect, drafts keep working, every change is in the audit log, and
every bad input or role is refused clearly."""

import uuid

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.models import ModelLogEntry

from cop.search.models import OutboxEntry
from forum.models import TaggedTopic
from knowledge.models import PracticePage, PracticePageTag, TagDescription, TagRedirect

from .conftest import make_user
from .forum_factories import make_category, make_topic
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def post(client, target, data=None):
    client.get(reverse("forum:index"))
    return client.post(target, {**(data or {}), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def edit_url(tag):
    return reverse("curation:tag_edit", kwargs={"pk": tag.pk})


def merge_url(tag):
    return reverse("curation:tag_merge", kwargs={"pk": tag.pk})


@pytest.fixture
def tagged():
    """A practice tagged "енергоефективність", a topic tagged "енергозбереження", a practice with both."""
    author = make_user("tagger", groups=["Member"])
    with committed():
        practice = make_practice("Утеплення шкіл громади", slug="uteplennia", tags=["енергоефективність"],
                                 summary="Як громада утеплила школи за рік.")
        both = make_practice("Енергоаудит лікарні", slug="enerhoaudyt", tags=["енергоефективність", "енергозбереження"],
                             summary="Енергоаудит і модернізація лікарні.")
        topic = make_topic(make_category(), author, title="Утеплення садочків", body="Хто утеплював садочки?",
                           tags=["енергозбереження"])
    return type("T", (), dict(
        practice=practice, both=both, topic=topic,
        keep=Tag.objects.get(name="енергоефективність"), gone=Tag.objects.get(name="енергозбереження"),
    ))


def search(client, q, tag):
    return client.get("/api/search/", {"q": q, "tag": tag}).json()


# --- merge ------------------------------------------------------------------------------------------------------------


def test_merging_moves_every_tagged_page_and_topic_once_and_deletes_the_old_tag(tagged, moderator):
    with committed():
        response = post(csrf_client(moderator), merge_url(tagged.gone), {"into": "енергоефективність", "reason": "дублікат"})
    assert response.status_code == 302 and response["Location"] == edit_url(tagged.keep)
    assert not Tag.objects.filter(pk=tagged.gone.pk).exists()
    assert list(tagged.topic.tags.names()) == ["енергоефективність"]
    assert PracticePageTag.objects.filter(content_object=tagged.both).count() == 1
    assert set(PracticePage.objects.get(pk=tagged.both.pk).tags.names()) == {"енергоефективність"}
    entry = ModelLogEntry.objects.get(action="curation.tag.merge")
    assert entry.user == moderator and entry.data["source_name"] == "енергозбереження" and entry.data["reason"] == "дублікат"


def test_a_tag_merge_updates_search_through_the_outbox(tagged, moderator, client):
    assert search(client, "утеплення", "енергозбереження")["count"] >= 1
    OutboxEntry.objects.all().delete()
    with committed():
        post(csrf_client(moderator), merge_url(tagged.gone), {"into": "енергоефективність"})
    merged = search(client, "утеплення", "енергоефективність")
    titles = {r["title"] for r in merged["results"]}
    assert {"Утеплення шкіл громади", "Утеплення садочків"} <= titles  # a page and a topic that carried either tag
    assert search(client, "утеплення", "енергозбереження")["count"] == 0
    assert not OutboxEntry.objects.exists()  # applied after the commit


@pytest.fixture(params=["embedded", "opensearch"])
def search_backend(request, settings):
    """The embedded index, and the OpenSearch node of SEARCH_TEST_OPENSEARCH_URL (skipped without one)."""
    from cop.search import get_backend
    from cop.search.backends import EngineSearchBackend

    from .search_contract import engine_url_or_skip

    if request.param == "embedded":
        yield None
        return
    settings.SEARCH_URL = engine_url_or_skip()
    settings.SEARCH_INDEX_PREFIX = prefix = f"cop-test-{uuid.uuid4().hex[:12]}"
    get_backend().engine.ensure_index()
    yield "engine"
    EngineSearchBackend(settings.SEARCH_URL, prefix=prefix).engine.drop_all()


def settle():
    """What the worker does for the engine backend (the embedded backend applies the outbox on commit)."""
    from cop.search import get_backend
    from cop.search.backends import EngineSearchBackend
    from cop.search.outbox import drain_all

    if isinstance(get_backend(), EngineSearchBackend):
        drain_all(ignore_backoff=True, refresh=True)


def test_a_tag_merge_is_searchable_on_every_backend(search_backend, moderator, client):
    author = make_user("tagger2", groups=["Member"])
    with committed():
        make_practice("Утеплення шкіл громади", slug="uteplennia2", tags=["енергоефективність"])
        make_topic(make_category(), author, title="Утеплення садочків", body="Хто утеплював садочки?",
                   tags=["енергозбереження"])
    settle()
    assert search(client, "утеплення", "енергозбереження")["count"] >= 1
    with committed():
        post(csrf_client(moderator), merge_url(Tag.objects.get(name="енергозбереження")), {"into": "енергоефективність"})
    settle()
    titles = {r["title"] for r in search(client, "утеплення", "енергоефективність")["results"]}
    assert {"Утеплення шкіл громади", "Утеплення садочків"} <= titles
    assert search(client, "утеплення", "енергозбереження")["count"] == 0


def test_old_tag_links_redirect_to_the_tag_that_stays(tagged, moderator, client):
    with committed():
        post(csrf_client(moderator), merge_url(tagged.gone), {"into": "енергоефективність"})
    response = client.get("/praktyky/", {"tag": tagged.gone.slug, "sort": "title", "page": "2"})
    assert response.status_code == 302
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(response["Location"]).query)["tag"] == [tagged.keep.slug]
    followed = client.get(response["Location"])
    assert followed.status_code == 200 and "Утеплення шкіл громади" in followed.content.decode()
    assert "page=" not in response["Location"] and "sort=title" in response["Location"]


@pytest.mark.parametrize("value", ["a\x00b", "<script>", "a b", "x" * 101])
def test_a_tag_value_that_cannot_be_a_slug_is_not_looked_up_and_never_a_500(tagged, client, value):
    response = client.get("/praktyky/", {"tag": value})
    assert response.status_code == 200


def test_a_draft_revision_that_carried_the_merged_tag_can_still_be_published(tagged, moderator):
    draft = PracticePage.objects.get(pk=tagged.practice.pk)
    draft.tags.add("енергозбереження")
    draft.save_revision(user=moderator)
    with committed():
        post(csrf_client(moderator), merge_url(tagged.gone), {"into": "енергоефективність"})
    with committed():
        PracticePage.objects.get(pk=draft.pk).get_latest_revision().publish()
    assert set(PracticePage.objects.get(pk=draft.pk).tags.names()) == {"енергоефективність"}


@pytest.mark.parametrize("into, message", [
    ("енергозбереження", "A tag cannot be merged into itself."),
    ("немає-такого-тегу", "There is no tag with this name."),
    ("", "This field is required."),
    ("x" * 101, "at most 100 characters"),
])
def test_bad_merges_are_clear_errors_and_change_nothing(tagged, moderator, into, message):
    with translation.override("uk"):
        expected = translation.gettext(message) if "%" not in message else message
    response = post(csrf_client(moderator), merge_url(tagged.gone), {"into": into})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and (expected in html or "100" in html)
    assert Tag.objects.filter(pk=tagged.gone.pk).exists()
    assert list(tagged.topic.tags.names()) == ["енергозбереження"]


# --- rename and describe --------------------------------------------------------------------------------------------


def test_renaming_changes_the_slug_redirects_the_old_one_and_is_logged(tagged, moderator, client):
    old_slug = tagged.keep.slug
    with committed():
        response = post(csrf_client(moderator), edit_url(tagged.keep),
                        {"name": "Енергоефективність будівель", "description": "Утеплення, аудит, модернізація.", "reason": "точніше"})
    assert response.status_code == 302
    tag = Tag.objects.get(pk=tagged.keep.pk)
    assert tag.name == "енергоефективність будівель" and tag.slug != old_slug
    assert TagRedirect.objects.get(old_slug=old_slug).tag == tag
    redirected = client.get("/praktyky/", {"tag": old_slug})
    assert redirected.status_code == 302 and tag.slug in __import__("urllib.parse").parse.unquote(redirected["Location"])
    listing = client.get(redirected["Location"]).content.decode()
    assert "Утеплення, аудит, модернізація." in listing  # the description shows where the tag is listed
    assert ModelLogEntry.objects.filter(action="curation.tag.rename", user=moderator).exists()
    assert ModelLogEntry.objects.filter(action="curation.tag.describe", user=moderator).exists()
    assert search(client, "утеплення", "енергоефективність будівель")["count"] >= 1


def test_renaming_back_drops_the_redirect(tagged, moderator, client):
    client_m = csrf_client(moderator)
    post(client_m, edit_url(tagged.keep), {"name": "енергія"})
    post(client_m, edit_url(tagged.keep), {"name": "енергоефективність"})
    assert Tag.objects.get(pk=tagged.keep.pk).slug == tagged.keep.slug
    assert not TagRedirect.objects.filter(old_slug=tagged.keep.slug).exists()
    assert client.get("/praktyky/", {"tag": tagged.keep.slug}).status_code == 200


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "один, два", "\u200b\u202e"])
def test_bad_names_are_clear_errors_and_keep_what_was_typed(tagged, moderator, name):
    response = post(csrf_client(moderator), edit_url(tagged.keep), {"name": name, "description": "Опис, який не губиться"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and "Опис, який не губиться" in html
    assert Tag.objects.get(pk=tagged.keep.pk).name == "енергоефективність"


def test_renaming_into_an_existing_name_asks_for_a_merge(tagged, moderator):
    response = post(csrf_client(moderator), edit_url(tagged.keep), {"name": "енергозбереження"})
    assert response.status_code == 400
    assert Tag.objects.get(pk=tagged.keep.pk).name == "енергоефективність"


def test_hostile_text_is_inert_in_tag_pages(tagged, moderator, client):
    hostile = "<script>alert(1)</script>"
    post(csrf_client(moderator), edit_url(tagged.keep), {"name": "безпечний тег", "description": hostile})
    assert TagDescription.objects.get(tag=tagged.keep).text == hostile
    tag = Tag.objects.get(pk=tagged.keep.pk)
    for page in (csrf_client(moderator).get(reverse("curation:tag_list")), client.get("/praktyky/", {"tag": tag.slug})):
        html = page.content.decode()
        assert hostile not in html and "&lt;script&gt;" in html


def test_the_list_shows_usage_and_finds_tags(tagged, moderator):
    html = csrf_client(moderator).get(reverse("curation:tag_list"), {"q": "енергозб"}).content.decode()
    assert "#енергозбереження" in html and "#енергоефективність" not in html


# --- roles ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "pending", "member", "editor"])
def test_only_moderators_curate_tags(tagged, role, pending_member, member, editor):
    user = {"anonymous": None, "pending": pending_member, "member": member, "editor": editor}[role]
    client = csrf_client(user)
    responses = [
        client.get(reverse("curation:tag_list")), client.get(edit_url(tagged.keep)),
        post(client, edit_url(tagged.keep), {"name": "зламано"}),
        post(client, merge_url(tagged.gone), {"into": "енергоефективність"}),
    ]
    for response in responses:
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert Tag.objects.filter(pk=tagged.gone.pk).exists()
    assert Tag.objects.get(pk=tagged.keep.pk).name == "енергоефективність"
    assert TaggedTopic.objects.filter(tag=tagged.gone).exists()
