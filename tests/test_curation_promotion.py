"""Promoting a forum discussion into the library: who may, what the draft takes from the topic (question, accepted
answer, ticked replies, credits, tags, theme, place), the review it goes through, the marks once it is published,
and every refusal (twice, no visible question, bad input, non-moderators)."""

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from forum import services
from forum.models import Post
from knowledge.models import PracticePage

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_theme

pytestmark = pytest.mark.django_db


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def url(topic):
    return reverse("curation:topic_promote", kwargs={"pk": topic.pk})


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def post(client, target, data=None):
    """A POST with a valid CSRF token, as the form in the page sends it."""
    client.get(reverse("forum:index"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    return client.post(target, {**(data or {}), "csrfmiddlewaretoken": token})


@pytest.fixture
def discussion(hromada):
    theme = make_theme("Цифрові послуги", slug="tsyfrovi")
    category = make_category(name="Цифрові послуги", slug="tsyfra", theme=theme)
    asker = make_user("asker", groups=["Member"], first_name="Оксана", last_name="Питальна", hromada=hromada,
                      oblast=hromada.oblast)
    answerer = make_user("answerer", groups=["Member"], first_name="Богдан", last_name="Відповідний")
    helper = make_user("helper", groups=["Member"], first_name="Ірина", last_name="Помічна")
    with committed():
        topic = make_topic(category, asker, title="Як запустити е-ЦНАП?", body="Як **швидко** запустити е-ЦНАП?",
                           tags=["цнап", "цифровізація"])
        accepted = make_reply(topic, answerer, body="Почніть з реєстру послуг і навчання адміністраторів.")
        extra = make_reply(topic, helper, body="Нам допомогла програма «Дія.Цифрова громада».")
        ignored = make_reply(topic, helper, body="Дякую!")
        services.answer_accept(topic=topic, post=accepted, user=asker)
    topic.refresh_from_db()
    return type("D", (), dict(topic=topic, theme=theme, asker=asker, accepted=accepted, extra=extra, ignored=ignored,
                              hromada=hromada))


def approve(practice, moderator):
    state = WorkflowState.objects.get(object_id=str(practice.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")


# --- the happy path ---------------------------------------------------------------------------------------------------


def test_the_moderator_sees_the_action_on_the_topic_and_a_preview_of_what_will_be_taken(discussion, moderator):
    client = csrf_client(moderator)
    topic_page = client.get(discussion.topic.get_absolute_url()).content.decode()
    assert url(discussion.topic) in topic_page
    page = client.get(url(discussion.topic))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Як швидко запустити е-ЦНАП?" in html or "Як **швидко** запустити е-ЦНАП?" in html
    assert "Почніть з реєстру послуг" in html  # the accepted answer
    assert f'value="{discussion.extra.pk}"' in html  # other replies can be ticked
    assert f'value="{discussion.accepted.pk}"' not in html  # the accepted answer is always taken


def test_members_do_not_see_the_action_on_the_topic(discussion, member):
    page = csrf_client(member).get(discussion.topic.get_absolute_url()).content.decode()
    assert url(discussion.topic) not in page


def test_promoting_creates_a_credited_draft_in_review_linked_to_the_topic(discussion, moderator):
    with committed():
        response = post(csrf_client(moderator), url(discussion.topic), {"replies": [discussion.extra.pk]})
    assert response.status_code == 302
    practice = PracticePage.objects.get(curated_from=discussion.topic)
    assert not practice.live and practice.owner == moderator
    assert practice.title == "Як запустити е-ЦНАП?"
    assert "швидко" in practice.summary and "<" not in practice.summary
    assert set(practice.tags.names()) == {"цнап", "цифровізація"}
    assert list(practice.themes.all()) == [discussion.theme]
    assert practice.hromada == discussion.hromada and practice.oblast == discussion.hromada.oblast
    assert practice.population_band == "100k_500k"
    body = "".join(str(block.value) for block in practice.body)
    assert "<strong>швидко</strong>" in body
    assert body.index("Почніть з реєстру") < body.index("Дія.Цифрова громада")  # the accepted answer comes first
    assert "Дякую!" not in body  # not ticked
    for person, number in (("Оксана Питальна", 1), ("Богдан Відповідний", 2), ("Ірина Помічна", 3)):
        assert person in body
        assert reverse("forum:post", kwargs={"pk": Post.objects.get(topic=discussion.topic, number=number).pk}) in body
    assert practice.workflow_in_progress
    assert PageLogEntry.objects.filter(page=practice, action="curation.topic.promote", user=moderator).exists()


def test_the_draft_is_not_public_and_the_topic_shows_no_mark_until_it_is_published(discussion, moderator, client):
    with committed():
        post(csrf_client(moderator), url(discussion.topic))
    practice = PracticePage.objects.get(curated_from=discussion.topic)
    assert client.get(discussion.topic.get_absolute_url()).content.decode().count("curated-mark") == 0
    assert client.get("/praktyky/").content.decode().count(practice.title) == 0
    assert client.get(f"/api/v2/pages/{practice.pk}/").status_code == 404


def test_once_published_the_topic_shows_curated_into_the_library_and_the_practice_credits_the_discussion(
    discussion, moderator, client
):
    with committed():
        post(csrf_client(moderator), url(discussion.topic))
        practice = PracticePage.objects.get(curated_from=discussion.topic)
        approve(practice, moderator)
    practice.refresh_from_db()
    assert practice.live
    topic_page = client.get(discussion.topic.get_absolute_url()).content.decode()
    assert "curated-mark" in topic_page and practice.url in topic_page
    practice_page = client.get(practice.url).content.decode()
    assert discussion.topic.get_absolute_url() in practice_page
    assert "Оксана Питальна" in practice_page


def test_a_practice_from_a_members_only_discussion_credits_it_without_revealing_it(moderator, client, hromada):
    category = make_category(name="Внутрішнє", slug="vnutr", members_only=True)
    asker = make_user("asker2", groups=["Member"])
    with committed():
        topic = make_topic(category, asker, title="Таємна тема про закупівлі")
        post(csrf_client(moderator), url(topic))
        practice = PracticePage.objects.get(curated_from=topic)
        approve(practice, moderator)
    practice.refresh_from_db()
    html = client.get(practice.url).content.decode()
    assert topic.get_absolute_url() not in html
    assert "curated-credit" in html


# --- refusals -------------------------------------------------------------------------------------------------------


def test_promoting_twice_says_so_and_links_to_the_existing_draft(discussion, moderator):
    client = csrf_client(moderator)
    with committed():
        post(client, url(discussion.topic))
        again = post(client, url(discussion.topic))
    assert again.status_code == 409
    practice = PracticePage.objects.get(curated_from=discussion.topic)
    html = again.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[practice.pk]) in html
    assert PracticePage.objects.filter(curated_from=discussion.topic).count() == 1
    assert client.get(url(discussion.topic)).status_code == 200


def test_a_topic_without_visible_posts_cannot_be_promoted(moderator):
    author = make_user("lonely", groups=["Member"])
    with committed():
        topic = make_topic(make_category(), author)
        first = topic.posts.get(number=1)
        services.post_hide(post=first, moderator=moderator, reason="спам")
    client = csrf_client(moderator)
    page = client.get(url(topic))
    assert page.status_code == 200 and "В обговоренні немає видимого запитання" in page.content.decode()
    response = post(client, url(topic))
    assert response.status_code == 400 and "В обговоренні немає видимого запитання" in response.content.decode()
    assert not PracticePage.objects.filter(curated_from=topic).exists()


def test_a_reply_that_is_not_in_the_topic_is_a_clear_error(discussion, moderator):
    other = make_topic(make_category(), make_user("elsewhere", groups=["Member"]))
    stranger = other.posts.get(number=1)
    for bad in ([stranger.pk], ["abc"], ["<script>alert(1)</script>"]):
        response = post(csrf_client(moderator), url(discussion.topic), {"replies": bad})
        assert response.status_code == 400
        assert "errorlist" in response.content.decode()
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert not PracticePage.objects.filter(curated_from=discussion.topic).exists()


def test_hidden_replies_are_never_taken(discussion, moderator):
    with committed():
        services.post_hide(post=discussion.extra, moderator=moderator, reason="неточність")
    response = post(csrf_client(moderator), url(discussion.topic), {"replies": [discussion.extra.pk]})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["anonymous", "pending", "member", "editor"])
def test_only_moderators_may_promote(discussion, role, pending_member, member, editor):
    user = {"anonymous": None, "pending": pending_member, "member": member, "editor": editor}[role]
    client = csrf_client(user)
    get = client.get(url(discussion.topic))
    response = post(client, url(discussion.topic))
    if role == "anonymous":
        assert get.status_code == 302 and "/accounts/login/" in get["Location"]
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert get.status_code == 403 and response.status_code == 403
    assert not PracticePage.objects.filter(curated_from=discussion.topic).exists()


def test_an_unknown_topic_is_404(moderator):
    assert csrf_client(moderator).get(reverse("curation:topic_promote", kwargs={"pk": 999999})).status_code == 404


# --- demo content ---------------------------------------------------------------------------------------------------


def test_the_promotion_demo_publishes_a_promoted_discussion_features_practices_and_verifies_an_official(discussion, client):
    from curation.demo_promotion import load_promotion_demo
    from knowledge.models import ThemeFeaturedPractice

    from .knowledge_factories import make_practice

    make_user("moderator", groups=["Member", "Moderator"])
    official = make_user("member", groups=["Member"], hromada=discussion.hromada)
    make_practice("Практика для вітрини", slug="vitryna", themes=[discussion.theme])
    with committed():
        created = load_promotion_demo(write=lambda *a: None)
    assert created == {"promoted": 1, "featured": 2, "verified": 1}  # the promoted practice is on the theme too
    practice = PracticePage.objects.get(curated_from=discussion.topic)
    assert practice.live
    assert "curated-mark" in client.get(discussion.topic.get_absolute_url()).content.decode()
    assert ThemeFeaturedPractice.objects.filter(page=discussion.theme).exists()
    assert "Практика для вітрини" in client.get(discussion.theme.url).content.decode()
    official.refresh_from_db()
    assert official.verified_official_mark == discussion.hromada.name
    with committed():
        assert load_promotion_demo(write=lambda *a: None) == {"promoted": 0, "featured": 0, "verified": 0}


def test_a_topic_that_discusses_another_practice_keeps_it_and_still_shows_the_mark(discussion, moderator, client):
    from .knowledge_factories import make_practice

    other = make_practice("Інша практика", slug="insha")
    discussion.topic.practice = other
    discussion.topic.save(update_fields=["practice"])
    with committed():
        post(csrf_client(moderator), url(discussion.topic))
        practice = PracticePage.objects.get(curated_from=discussion.topic)
        approve(practice, moderator)
    discussion.topic.refresh_from_db()
    assert discussion.topic.practice == other
    html = client.get(discussion.topic.get_absolute_url()).content.decode()
    assert "curated-mark" in html and PracticePage.objects.get(pk=practice.pk).url in html and "Інша практика" in html


def test_the_promoted_practice_becomes_the_discussion_of_a_topic_that_had_none(discussion, moderator, client):
    with committed():
        post(csrf_client(moderator), url(discussion.topic))
        practice = PracticePage.objects.get(curated_from=discussion.topic)
        approve(practice, moderator)
    discussion.topic.refresh_from_db()
    assert discussion.topic.practice_id == practice.pk
    practice_page = client.get(PracticePage.objects.get(pk=practice.pk).url).content.decode()
    assert reverse("forum:topic", kwargs={"pk": discussion.topic.pk}) in practice_page


def test_hostile_text_in_a_promoted_discussion_stays_inert_in_the_practice(moderator, client):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    asker = make_user("hostile", groups=["Member"], first_name='<b onmouseover="x">Ім’я</b>')
    with committed():
        topic = make_topic(make_category(), asker, title=f"Тема {hostile}", body=f"Питання {hostile} [посилання](javascript:alert(3))")
        post(csrf_client(moderator), url(topic))
        practice = PracticePage.objects.get(curated_from=topic)
        approve(practice, moderator)
    from .security_fixtures import Page

    html = client.get(PracticePage.objects.get(pk=practice.pk).url).content.decode()
    parsed = Page(html)
    assert not parsed.inline_scripts
    for tag, attributes in parsed.elements:
        assert tag not in ("img", "script") or dict(attributes).get("src", "").startswith("/static/")
        for name, value in attributes:
            assert not name.startswith("on") and not value.strip().lower().startswith("javascript:"), (tag, name, value)
    assert "alert(1)" in parsed.text  # shown as text, not dropped silently
    preview = csrf_client(moderator).get(url(topic)).content.decode()
    assert "<script>alert(1)" not in preview and "&lt;script&gt;" in preview


def test_a_published_promoted_practice_is_found_by_search(discussion, moderator, client):
    with committed():
        post(csrf_client(moderator), url(discussion.topic))
        practice = PracticePage.objects.get(curated_from=discussion.topic)
        assert client.get("/api/search/", {"q": "реєстру послуг", "type": "practice"}).json()["count"] == 0
        approve(practice, moderator)
    data = client.get("/api/search/", {"q": "реєстр послуг", "type": "practice"}).json()
    assert [r["title"] for r in data["results"]] == ["Як запустити е-ЦНАП?"]
