"""“Similar discussions and practices”: /search/similar/ while writing (the script's HTML fragment and JSON), the
"Check for similar" button of the new-topic and share-a-practice forms without JavaScript, and the sections on
topic and practice pages. Words-only similarity (the embedder is off in tests); the meaning is tested with the
search core."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from cop.search import service, similar_content
from curation.models import Submission
from forum import services
from forum.models import Category, Topic
from knowledge.models import PracticeRelation

from .conftest import make_user
from .curation_support import csrf_client, share
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db

SIMILAR = "/search/similar/"
WRITING = {"title": "Як громаді провести бюджет участі для молоді", "body": "Молодь голосує за проєкти бюджету участі"}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached related documents live in the process-wide cache."""
    cache.clear()
    yield
    cache.clear()


def rebuild_index():
    call_command("search_index", "rebuild", stdout=StringIO())


@pytest.fixture
def content(member, moderator):
    public = Category.objects.create(name="Загальні", slug="zahalni")
    closed = Category.objects.create(name="Внутрішні", slug="vnutrishni", visibility=Category.Visibility.MEMBERS)
    practice = make_practice("Бюджет участі для молоді", slug="biudzhet-molodi",
                             summary="Молодь громади обирала проєкти бюджету участі.")
    private = make_practice("Настанови про бюджет участі для молоді", slug="nastanovy-biudzhet",
                            summary="Для учасників: бюджет участі молоді.")
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    draft = make_practice("Чернетка про бюджет участі молоді", slug="chernetka-biudzhet", publish=False)
    topic, _ = services.topic_create(category=public, author=member, title="Бюджет участі для молоді: з чого почати?",
                                     body="Хочемо провести бюджет участі для молоді громади.")
    hidden = services.post_reply(topic=topic, author=member, body="Прихована відповідь про бюджет участі молоді")
    services.post_hide(post=hidden, moderator=moderator, reason="Дубль")
    secret, _ = services.topic_create(category=closed, author=member, title="Закрите обговорення бюджету участі молоді",
                                      body="Лише для своїх: бюджет участі молоді.")
    other, _ = services.topic_create(category=public, author=member, title="Прибирання снігу взимку",
                                     body="Хто відповідає за прибирання вулиць від снігу?")
    rebuild_index()
    return {"public": public, "practice": practice, "private": private, "draft": draft, "topic": topic,
            "secret": secret, "other": other}


def similar_json(client, **params):
    response = client.get(SIMILAR, {"format": "json", **params})
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


# The endpoint: who sees what ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, sees_members_content", [(None, False), ("pending_member", False), ("member", True),
                                                        ("moderator", True)])
def test_the_endpoint_lists_only_what_the_user_may_read(client, content, role, sees_members_content, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    results = similar_json(client, **WRITING)
    titles = {item["title"] for item in results}
    assert "Бюджет участі для молоді" in titles
    assert "Бюджет участі для молоді: з чого почати?" in titles
    assert ("Закрите обговорення бюджету участі молоді" in titles) == sees_members_content
    text = str(results)
    assert "Прихована відповідь" not in text  # hidden: not even for moderators
    assert "Чернетка" not in text
    if not sees_members_content:
        assert "Настанови" not in text and "Закрите" not in text
    for item in results:
        assert set(item) >= {"key", "type", "title", "url", "snippet", "type_label"}
        assert item["url"].startswith("/")


def test_the_fragment_has_the_heading_links_and_type_labels_in_ukrainian(client, content):
    response = client.get(SIMILAR, WRITING)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Схожі обговорення та практики" in html
    assert f'href="{content["topic"].get_absolute_url()}"' in html
    assert "Тема форуму" in html and "Практика" in html
    assert "Прибирання снігу" not in html  # nothing in common with the text


def test_the_fragment_is_in_english_under_en(client, content):
    html = client.get("/en" + SIMILAR, WRITING).content.decode()
    assert "Similar discussions and practices" in html


def test_nothing_similar_is_an_empty_fragment(client, content):
    response = client.get(SIMILAR, {"title": "Квантова хромодинаміка кварків", "body": ""})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert similar_json(client, title="Квантова хромодинаміка кварків") == []


def test_the_document_being_edited_is_left_out(client, content, member):
    client.force_login(member)
    key = f"topic:{content['topic'].pk}"
    assert key in {item["key"] for item in similar_json(client, **WRITING)}
    assert key not in {item["key"] for item in similar_json(client, **WRITING, exclude=key)}


@pytest.mark.parametrize("params", [
    {},
    {"title": "", "body": ""},
    {"title": "   ", "body": "\n\n"},
    {"title": "бюджет " * 2000, "body": "участі " * 50000},
    {"title": "бюджет\x00участі молоді", "body": "\x00\x00\x00"},
    {"title": "\u202eбюджет\u200b участі\u2066 молоді 🏳️‍🌈 𝔟𝔲𝔡𝔤𝔢𝔱", "body": "Z̴̡̛a̷l̸g̶o̵ ﷽ \ufeff\ufffe"},
    {"title": "<script>alert(1)</script> бюджет участі", "body": "\" onmouseover=\"x"},
    {"title": 'бюджет AND OR NOT ( "" * ~ ^ -молоді', "body": "NEAR/3 {!} [1 TO 5]"},
    {"title": "бюджет участі", "exclude": "topic:abc"},
    {"title": "бюджет участі", "exclude": "'; DROP TABLE x;--"},
    {"title": "бюджет участі", "format": "xml"},
])
def test_any_input_answers_200(client, content, params):
    for data in (params, {**params, "format": "json"} if "format" not in params else params):
        response = client.get(SIMILAR, data)
        assert response.status_code == 200
        assert b"<script>" not in response.content


def test_a_huge_text_is_cut_to_the_limits_not_refused(client, content, monkeypatch):
    seen = []
    real = service.similar

    def spy(user, text, **kwargs):
        seen.append(text)
        return real(user, text, **kwargs)

    monkeypatch.setattr(service, "similar", spy)
    response = client.get(SIMILAR, {"title": "т" * 10000, "body": "б" * 100000})
    assert response.status_code == 200
    assert len(seen) == 1
    assert seen[0].count("т") == similar_content.TITLE_MAX
    assert seen[0].count("б") == similar_content.BODY_MAX


def test_post_is_not_a_method_of_the_endpoint(client):
    assert client.post(SIMILAR, WRITING).status_code == 405


def test_asking_too_often_is_a_429(client, content, member, settings):
    settings.SEARCH_SIMILAR_RATE = "3/m"
    client.force_login(member)
    assert [client.get(SIMILAR, WRITING).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(SIMILAR, WRITING)
    assert response.status_code == 429
    assert "Зачекайте" in response.content.decode()
    json_response = client.get(SIMILAR, {**WRITING, "format": "json"})
    assert json_response.status_code == 429 and "Зачекайте" in json_response.json()["error"]
    # Another member has a counter of their own.
    other = make_user("other-writer", groups=["Member"])
    client.force_login(other)
    assert client.get(SIMILAR, WRITING).status_code == 200


def test_visitors_are_counted_by_address(client, content, settings):
    settings.SEARCH_SIMILAR_RATE = "2/m"
    assert [client.get(SIMILAR, WRITING).status_code for _ in range(3)] == [200, 200, 429]


# The new-topic form -------------------------------------------------------------------------------------------------


def test_check_for_similar_without_javascript_keeps_the_text_and_shows_the_list(content, member):
    client = csrf_client(member)
    url = f"/forum/c/{content['public'].slug}/new/"
    form = client.get(url).content.decode()
    assert "Перевірити схожі" in form and 'aria-live="polite"' in form and "js/similar.js" in form
    typed = {**WRITING, "tags": "молодь, бюджет", "check_similar": "1", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    before = Topic.objects.count()
    response = client.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert Topic.objects.count() == before  # nothing published
    assert WRITING["title"] in html and WRITING["body"] in html and "молодь, бюджет" in html
    assert "Перш ніж опублікувати" in html
    assert "Бюджет участі для молоді: з чого почати?" in html
    assert "Закрите обговорення бюджету участі молоді" in html  # a member reads the members' category
    assert 'class="errorlist"' not in html  # a check is not a failed save
    # The list comes before the buttons, so it is read before publishing.
    assert html.index("Перш ніж опублікувати") < html.index("Опублікувати</button>")


def test_check_for_similar_says_so_when_nothing_is_similar(content, member):
    client = csrf_client(member)
    url = f"/forum/c/{content['public'].slug}/new/"
    client.get(url)
    response = client.post(url, {"title": "Квантова хромодинаміка", "body": "", "check_similar": "1",
                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    assert "Схожого не знайдено" in response.content.decode()


def test_publishing_still_works(content, member):
    client = csrf_client(member)
    url = f"/forum/c/{content['public'].slug}/new/"
    client.get(url)
    response = client.post(url, {**WRITING, "tags": "", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302
    topic = Topic.objects.get(title=WRITING["title"])
    assert response["Location"] == topic.get_absolute_url()


def test_checking_too_often_keeps_the_form_and_says_so(content, member, settings):
    settings.SEARCH_SIMILAR_RATE = "1/m"
    client = csrf_client(member)
    url = f"/forum/c/{content['public'].slug}/new/"
    client.get(url)
    data = {**WRITING, "check_similar": "1", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    assert client.post(url, data).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert WRITING["title"] in html and "Зачекайте" in html


def test_the_discussion_form_of_a_practice_does_not_offer_the_check(content, member):
    html = csrf_client(member).get(f"/forum/practice/{content['practice'].pk}/discuss/").content.decode()
    assert "Перевірити схожі" not in html


# The share-a-practice form ------------------------------------------------------------------------------------------


def test_share_form_check_keeps_everything_typed_and_saves_nothing(content, member):
    client = csrf_client(member)
    assert "Перевірити схожі" in client.get("/curation/share/").content.decode()
    response = share(client, action="check", title=WRITING["title"], summary="", body=WRITING["body"])
    assert response.status_code == 200
    html = response.content.decode()
    assert not Submission.objects.filter(author=member).exists()
    assert WRITING["title"] in html and WRITING["body"] in html and "Олена Петренко" in html
    assert "Перш ніж опублікувати" in html and "Бюджет участі для молоді: з чого почати?" in html
    assert "Please correct" not in html and "Виправте" not in html
    # Then saving works as before.
    assert share(client, action="save", title=WRITING["title"]).status_code == 302
    assert Submission.objects.filter(author=member).count() == 1


def test_share_form_check_without_a_title_is_no_error(content, member):
    response = share(csrf_client(member), action="check", title="", summary="", body=WRITING["body"])
    assert response.status_code == 200
    assert "Give the practice a title" not in response.content.decode()
    assert not Submission.objects.filter(author=member).exists()


# Topic and practice pages -------------------------------------------------------------------------------------------


def test_topic_page_shows_similar_discussions_and_practices(client, content):
    html = client.get(content["topic"].get_absolute_url()).content.decode()
    section = html[html.index('id="similar-topic-heading"'):]
    assert "Схожі обговорення та практики" in html
    assert "Бюджет участі для молоді" in section
    assert "Закрите обговорення" not in html  # a visitor does not read the members' category
    assert f'href="{content["topic"].get_absolute_url()}"' not in section  # not itself


def test_topic_page_for_a_member_lists_the_members_category(client, content, member):
    client.force_login(member)
    html = client.get(content["topic"].get_absolute_url()).content.decode()
    assert "Закрите обговорення бюджету участі молоді" in html[html.index('id="similar-topic-heading"'):]


def test_related_documents_are_cached_per_audience(client, content, member, monkeypatch):
    calls = []
    real = service.related

    def spy(user, key, **kwargs):
        calls.append((user.is_authenticated, key))
        return real(user, key, **kwargs)

    monkeypatch.setattr(service, "related", spy)
    url = content["topic"].get_absolute_url()
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert len(calls) == 1
    client.force_login(member)
    for _ in range(2):
        assert "Закрите обговорення" in client.get(url).content.decode()
    assert len(calls) == 2  # members are another audience, asked once


def test_a_topic_with_nothing_similar_has_no_section(client, content):
    html = client.get(content["other"].get_absolute_url()).content.decode()
    assert "similar-topic-heading" not in html


def test_practice_page_lists_related_practices_by_meaning_but_not_the_chosen_ones(client, content):
    chosen = make_practice("Бюджет участі для молоді в селах", slug="biudzhet-sela",
                           summary="Молодь сіл обирала проєкти бюджету участі.")
    third = make_practice("Молодіжний бюджет участі громади", slug="molodizhnyi-biudzhet",
                          summary="Молодь громади і бюджет участі: проєкти.")
    practice = content["practice"]
    PracticeRelation.objects.create(page=practice, practice=chosen, sort_order=0)
    practice.save_revision().publish()
    rebuild_index()
    html = client.get(practice.url).content.decode()
    assert chosen.title in html[html.index('id="related-heading"'):]  # the editors' choice is still there
    meaning = html[html.index('id="related-meaning-heading"'):]
    meaning = meaning[:meaning.index("</section>")]
    assert "Схожі за змістом" in meaning
    assert third.title in meaning
    assert chosen.title not in meaning  # already chosen by the editors
    assert f'href="{practice.url}"' not in meaning  # not itself
    assert "Тема форуму" not in meaning  # practices only
    assert "Настанови" not in meaning  # members-only, and a visitor is reading


def test_a_cached_list_drops_what_became_restricted_since(client, content):
    url = content["topic"].get_absolute_url()
    other_topic = "Бюджет участі молоді: досвід сіл"
    topic, _ = services.topic_create(category=content["public"], author=content["topic"].author, title=other_topic,
                                     body="Бюджет участі для молоді в селах громади.")
    rebuild_index()
    cache.clear()
    assert other_topic in client.get(url).content.decode()  # now in the cache
    closed = Category.objects.get(slug="vnutrishni")
    Topic.objects.filter(pk=topic.pk).update(category=closed)
    rebuild_index()  # the index knows at once; the cached list is ten minutes old at most
    assert other_topic not in client.get(url).content.decode()
