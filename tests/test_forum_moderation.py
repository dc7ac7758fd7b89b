"""Forum moderation: who may use the moderators' tools, what each action changes, the audit log it leaves, the
queue of flags and held posts, suspensions and the log browser."""

import datetime

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Category, Flag, ModerationLog, Notification, Post, Topic
from forum.permissions import ForumPermissions

from .conftest import make_user

pytestmark = pytest.mark.django_db

Action = ModerationLog.Action
QUEUE = reverse("forum:mod_queue")
LOG = reverse("forum:mod_log")


# --- helpers ----------------------------------------------------------------------------------------------------


def committed():
    """Run the on-commit callbacks (notifications, e-mails) of what happens inside, as a real commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def make_category(slug="hromady", *, members_only=False):
    visibility = Category.Visibility.MEMBERS if members_only else Category.Visibility.PUBLIC
    return Category.objects.create(name=slug.capitalize(), slug=slug, visibility=visibility)


def make_topic(category, author, title="Бюджет участі в громаді", body="Як ви організували голосування?"):
    with committed():
        topic, _ = services.topic_create(category=category, author=author, title=title, body=body)
    return topic


def make_reply(topic, author, body="У нас голосували онлайн і в ЦНАПі."):
    with committed():
        return services.post_reply(topic=topic, author=author, body=body)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def message_levels(response):
    return [m.level for m in get_messages(response.wsgi_request)]


@pytest.fixture
def author(db):
    return make_user("author", groups=["Member"])


@pytest.fixture
def suspended_member(db):
    return make_user("suspended", groups=["Member"], suspended_until=timezone.now() + datetime.timedelta(days=3))


@pytest.fixture
def category(db):
    return make_category()


@pytest.fixture
def topic(category, author):
    return make_topic(category, author)


@pytest.fixture
def reply(topic, member):
    return make_reply(topic, member)


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


# --- who may moderate ---------------------------------------------------------------------------------------------

NON_MODERATORS = [None, "pending_member", "member", "suspended_member"]


def role_user(request, role):
    return request.getfixturevalue(role) if role else None


def actions(topic, reply, author, flag, other_category):
    """(name, method, url, data) for every moderation endpoint, aimed at things everyone may see."""
    return [
        ("queue", "get", QUEUE, None),
        ("log", "get", LOG, None),
        ("hide form", "get", reverse("forum:post_hide", args=[reply.pk]), None),
        ("hide", "post", reverse("forum:post_hide", args=[reply.pk]), {"reason": "Спам"}),
        ("restore", "post", reverse("forum:post_restore", args=[reply.pk]), {}),
        ("lock", "post", reverse("forum:topic_lock", args=[topic.pk]), {}),
        ("pin", "post", reverse("forum:topic_pin", args=[topic.pk]), {}),
        ("move form", "get", reverse("forum:topic_move", args=[topic.pk]), None),
        ("move", "post", reverse("forum:topic_move", args=[topic.pk]), {"category": str(other_category.pk)}),
        ("suspend form", "get", reverse("forum:member_suspend", args=[author.username]), None),
        ("suspend", "post", reverse("forum:member_suspend", args=[author.username]), {"days": "7", "reason": "Образи"}),
        ("reinstate", "post", reverse("forum:member_reinstate", args=[author.username]), {}),
        ("dismiss", "post", reverse("forum:flag_dismiss", args=[flag.pk]), {}),
    ]


def expected_status(role, name, method):
    if role is None:
        return 302  # to the login form, before anything is looked up (POSTs too)
    if name == "dismiss":
        return 404  # flags are moderators' business: not revealed
    if name.startswith("suspend") or name == "reinstate":
        return 404 if role in (None, "pending_member") else 403  # only members may see member profiles
    return 403


@pytest.mark.parametrize("role", NON_MODERATORS, ids=["anonymous", "pending", "member", "suspended"])
def test_non_moderators_can_use_no_moderation_tool_and_change_nothing(client, request, role, topic, reply, author, moderator):
    other_category = make_category("inshe")
    flag, _ = services.post_flag(post=reply, reporter=moderator, reason=Flag.Reason.SPAM)
    user = role_user(request, role)
    as_user(client, user)
    for name, method, url, data in actions(topic, reply, author, flag, other_category):
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        assert response.status_code == expected_status(role, name, method), name
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")
    assert not ModerationLog.objects.exists()
    assert fresh(reply).status == Post.Status.VISIBLE
    topic = fresh(topic)
    assert (topic.is_locked, topic.is_pinned, topic.category_id) == (False, False, reply.topic.category_id)
    assert fresh(author).suspended_until is None
    assert fresh(flag).status == Flag.Status.OPEN


@pytest.mark.parametrize("role", NON_MODERATORS, ids=["anonymous", "pending", "member", "suspended"])
def test_a_hidden_post_is_a_404_to_non_moderators_who_cannot_see_it(client, request, role, topic, moderator):
    reply = make_reply(topic, make_user("spammer", groups=["Member"]))
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    before = ModerationLog.objects.count()
    as_user(client, role_user(request, role))
    expected = 302 if role is None else 404  # anonymous visitors log in first and learn nothing
    assert client.post(reverse("forum:post_restore", args=[reply.pk])).status_code == expected
    assert client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "x"}).status_code == expected
    assert fresh(reply).status == Post.Status.HIDDEN
    assert ModerationLog.objects.count() == before


def test_the_author_of_a_hidden_post_sees_it_but_cannot_restore_it(client, reply, member, moderator):
    services.post_hide(post=reply, moderator=moderator, reason="Спам")
    client.force_login(member)
    assert client.post(reverse("forum:post_restore", args=[reply.pk])).status_code == 403
    assert fresh(reply).status == Post.Status.HIDDEN


@pytest.mark.parametrize("role, status", [(None, 302), ("pending_member", 404), ("member", 403)])  # anonymous: log in first
def test_topics_in_members_only_categories_are_a_404_to_those_who_cannot_read_them(client, request, role, status, author):
    secret = make_topic(make_category("vnutrishnie", members_only=True), author)
    as_user(client, role_user(request, role))
    assert client.post(reverse("forum:topic_lock", args=[secret.pk])).status_code == status
    assert client.post(reverse("forum:topic_pin", args=[secret.pk])).status_code == status
    assert not fresh(secret).is_locked and not fresh(secret).is_pinned


def test_a_pending_applicant_is_a_404_to_members_who_try_to_suspend_them(client, member, pending_member):
    client.force_login(member)
    assert client.get(reverse("forum:member_suspend", args=[pending_member.username])).status_code == 404


def test_the_reporter_of_a_flag_may_not_dismiss_it(client, reply, author):
    flag, _ = services.post_flag(post=reply, reporter=author, reason=Flag.Reason.OFFENSIVE)
    client.force_login(author)
    assert client.post(reverse("forum:flag_dismiss", args=[flag.pk])).status_code == 403
    assert fresh(flag).status == Flag.Status.OPEN


@pytest.mark.parametrize(
    "name", ["post_restore", "topic_lock", "topic_pin", "member_reinstate", "flag_dismiss", "notifications_read_all"]
)
def test_post_only_endpoints_refuse_get(mod_client, name, reply, author, moderator):
    flag, _ = services.post_flag(post=reply, reporter=author, reason=Flag.Reason.SPAM)
    args = {
        "post_restore": [reply.pk], "topic_lock": [reply.topic_id], "topic_pin": [reply.topic_id],
        "member_reinstate": [author.username], "flag_dismiss": [flag.pk], "notifications_read_all": [],
    }[name]
    assert mod_client.get(reverse(f"forum:{name}", args=args)).status_code == 405
    assert not ModerationLog.objects.exists()


def test_moderators_open_every_moderation_page(mod_client, topic, reply, author):
    for url in (
        QUEUE, LOG, reverse("forum:post_hide", args=[reply.pk]), reverse("forum:topic_move", args=[topic.pk]),
        reverse("forum:member_suspend", args=[author.username]),
    ):
        assert mod_client.get(url).status_code == 200, url


def test_unknown_things_are_404_to_moderators(mod_client):
    assert mod_client.post(reverse("forum:post_restore", args=[999999])).status_code == 404
    assert mod_client.post(reverse("forum:topic_lock", args=[999999])).status_code == 404
    assert mod_client.get(reverse("forum:member_suspend", args=["nobody"])).status_code == 404


# --- hiding and restoring posts -----------------------------------------------------------------------------------


def test_hiding_a_post_records_who_why_and_notifies_only_its_author(mod_client, moderator, reply, member, author):
    with committed():
        response = mod_client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "Реклама послуг"})
    assert response.status_code == 302
    assert response["Location"] == reply.get_absolute_url()
    assert message_levels(response) == [messages.SUCCESS]

    reply = fresh(reply)
    assert reply.status == Post.Status.HIDDEN
    assert reply.moderation_reason == "Реклама послуг" and reply.moderated_by == moderator
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reason, entry.post, entry.member) == (
        moderator, Action.HIDE_POST, "Реклама послуг", reply, member
    )
    notification = Notification.objects.get(kind=Notification.Kind.MODERATION)
    assert notification.recipient == member and "Реклама послуг" in notification.message
    assert not Notification.objects.filter(recipient=author, kind=Notification.Kind.MODERATION).exists()


def test_a_hidden_post_is_seen_by_its_author_and_moderators_only(moderator, reply, member, author, pending_member):
    services.post_hide(post=reply, moderator=moderator, reason="Офтоп")
    reply = fresh(reply)
    assert ForumPermissions(member).can_see_post(reply)
    assert ForumPermissions(moderator).can_see_post(reply)
    assert not ForumPermissions(author).can_see_post(reply)
    assert not ForumPermissions(pending_member).can_see_post(reply)
    visible_to_others = Post.objects.filter(topic=reply.topic).filter(ForumPermissions(author).visible_posts_filter())
    assert reply not in visible_to_others


def test_hiding_a_post_updates_the_topic_counters(mod_client, topic, reply):
    assert fresh(topic).post_count == 2 and fresh(topic).last_post == reply
    mod_client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "Дубль"})
    topic = fresh(topic)
    assert topic.post_count == 1
    assert topic.last_post.number == 1


def test_hiding_needs_a_reason(mod_client, reply):
    response = mod_client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert fresh(reply).status == Post.Status.VISIBLE
    assert not ModerationLog.objects.exists()


def test_hiding_twice_is_harmless(mod_client, reply):
    url = reverse("forum:post_hide", args=[reply.pk])
    mod_client.post(url, {"reason": "Спам"})
    response = mod_client.post(url, {"reason": "Ще раз"})
    assert response.status_code == 302
    assert message_levels(response)[-1] == messages.INFO
    assert ModerationLog.objects.count() == 1
    assert fresh(reply).moderation_reason == "Спам"


def test_hiding_from_the_queue_returns_to_the_queue_and_never_off_site(mod_client, reply, topic):
    response = mod_client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "Спам", "next": QUEUE})
    assert response["Location"] == QUEUE
    response = mod_client.post(
        reverse("forum:topic_lock", args=[topic.pk]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == topic.get_absolute_url()


def test_restoring_a_hidden_post_makes_it_visible_and_is_logged(mod_client, moderator, reply):
    services.post_hide(post=reply, moderator=moderator, reason="Помилково")
    with committed():
        response = mod_client.post(reverse("forum:post_restore", args=[reply.pk]), {"reason": "Перевірено"})
    assert response.status_code == 302
    assert fresh(reply).status == Post.Status.VISIBLE
    assert fresh(reply.topic).post_count == 2
    entry = ModerationLog.objects.first()
    assert (entry.actor, entry.action, entry.reason) == (moderator, Action.RESTORE_POST, "Перевірено")
    assert mod_client.post(reverse("forum:post_restore", args=[reply.pk])).status_code == 302
    assert ModerationLog.objects.filter(action=Action.RESTORE_POST).count() == 1


def test_posts_of_new_members_wait_in_the_queue_until_approved(settings, mod_client, moderator, topic, author):
    settings.FORUM_HOLD_FIRST_POSTS = 2
    newcomer = make_user("newcomer", groups=["Member"])
    held = make_reply(topic, newcomer, body="Мій перший допис про бюджет участі")
    assert held.status == Post.Status.PENDING
    assert fresh(topic).post_count == 1
    assert not ForumPermissions(author).can_see_post(held)
    assert not Notification.objects.filter(post=held).exclude(kind=Notification.Kind.MODERATION).exists()

    page = mod_client.get(QUEUE)
    assert held in list(page.context["pending"])
    assert "Мій перший допис про бюджет участі" in page.content.decode()

    with committed():
        mod_client.post(reverse("forum:post_restore", args=[held.pk]), {"next": QUEUE})
    assert fresh(held).status == Post.Status.VISIBLE
    assert fresh(topic).post_count == 2
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.member) == (moderator, Action.APPROVE_POST, newcomer)
    # Published now: the topic's watcher hears about it.
    assert Notification.objects.filter(recipient=author, post=held, kind=Notification.Kind.REPLY).exists()
    assert held not in list(mod_client.get(QUEUE).context["pending"])


def test_a_held_post_can_be_hidden_from_the_queue(settings, mod_client, moderator, topic):
    settings.FORUM_HOLD_FIRST_POSTS = 2
    held = make_reply(topic, make_user("newcomer", groups=["Member"]))
    mod_client.post(reverse("forum:post_hide", args=[held.pk]), {"reason": "Реклама", "next": QUEUE})
    assert fresh(held).status == Post.Status.HIDDEN
    assert ModerationLog.objects.get().action == Action.HIDE_POST


# --- flags --------------------------------------------------------------------------------------------------------


def test_the_queue_shows_flags_grouped_by_post(mod_client, reply, author, moderator):
    second = make_user("second", groups=["Member"], first_name="Оксана", last_name="Флагова")
    services.post_flag(post=reply, reporter=author, reason=Flag.Reason.SPAM, note="Посилання на магазин")
    services.post_flag(post=reply, reporter=second, reason=Flag.Reason.OFF_TOPIC)
    response = mod_client.get(QUEUE)
    assert response.status_code == 200
    [group] = response.context["flagged"]
    assert group["post"] == reply and len(group["flags"]) == 2
    page = response.content.decode()
    assert "Посилання на магазин" in page
    assert "Оксана Флагова" in page
    assert reply.body in page


def test_dismissing_flags_closes_them_and_empties_the_queue(mod_client, moderator, reply, author):
    second = make_user("second", groups=["Member"])
    flag, _ = services.post_flag(post=reply, reporter=author, reason=Flag.Reason.SPAM)
    services.post_flag(post=reply, reporter=second, reason=Flag.Reason.SPAM)
    response = mod_client.post(reverse("forum:flag_dismiss", args=[flag.pk]), {"all": "1", "reason": "Не спам"})
    assert response["Location"] == QUEUE
    assert not Flag.objects.filter(status=Flag.Status.OPEN).exists()
    entries = ModerationLog.objects.filter(action=Action.DISMISS_FLAG)
    assert entries.count() == 2
    assert {(e.actor, e.reason) for e in entries} == {(moderator, "Не спам")}
    assert mod_client.get(QUEUE).context["flagged"] == []
    assert fresh(reply).status == Post.Status.VISIBLE
    # Twice is harmless.
    mod_client.post(reverse("forum:flag_dismiss", args=[flag.pk]))
    assert ModerationLog.objects.filter(action=Action.DISMISS_FLAG).count() == 2


def test_dismissing_one_flag_leaves_the_others_open(mod_client, reply, author):
    second = make_user("second", groups=["Member"])
    flag, _ = services.post_flag(post=reply, reporter=author, reason=Flag.Reason.SPAM)
    other, _ = services.post_flag(post=reply, reporter=second, reason=Flag.Reason.SPAM)
    mod_client.post(reverse("forum:flag_dismiss", args=[flag.pk]))
    assert fresh(flag).status == Flag.Status.DISMISSED
    assert fresh(other).status == Flag.Status.OPEN


def test_hiding_a_flagged_post_resolves_its_flags(mod_client, reply, author):
    flag, _ = services.post_flag(post=reply, reporter=author, reason=Flag.Reason.OFFENSIVE)
    mod_client.post(reverse("forum:post_hide", args=[reply.pk]), {"reason": "Образи", "next": QUEUE})
    assert fresh(flag).status == Flag.Status.RESOLVED
    assert mod_client.get(QUEUE).context["flagged"] == []


# --- topics -------------------------------------------------------------------------------------------------------


def test_locking_stops_members_replying_but_not_moderators(mod_client, moderator, topic, member):
    response = mod_client.post(reverse("forum:topic_lock", args=[topic.pk]), {"reason": "Обговорення завершено"})
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    topic = fresh(topic)
    assert topic.is_locked
    assert not ForumPermissions(member).can_reply(topic)
    assert ForumPermissions(moderator).can_reply(topic)
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reason, entry.topic) == (moderator, Action.LOCK_TOPIC, "Обговорення завершено", topic)


def test_lock_button_toggles_and_an_explicit_state_is_safe_to_repeat(mod_client, topic):
    url = reverse("forum:topic_lock", args=[topic.pk])
    mod_client.post(url, {"locked": "1"})
    mod_client.post(url, {"locked": "1"})
    assert fresh(topic).is_locked
    assert ModerationLog.objects.count() == 1
    mod_client.post(url)  # no state given: toggle
    assert not fresh(topic).is_locked
    assert list(ModerationLog.objects.values_list("action", flat=True)) == [Action.UNLOCK_TOPIC, Action.LOCK_TOPIC]


def test_pinning_and_unpinning_are_logged(mod_client, moderator, topic):
    url = reverse("forum:topic_pin", args=[topic.pk])
    mod_client.post(url, {"pinned": "1"})
    assert fresh(topic).is_pinned
    mod_client.post(url, {"pinned": "0", "reason": "Актуальність минула"})
    assert not fresh(topic).is_pinned
    unpin, pin = ModerationLog.objects.all()
    assert (pin.action, unpin.action, unpin.reason, unpin.actor) == (
        Action.PIN_TOPIC, Action.UNPIN_TOPIC, "Актуальність минула", moderator
    )


def test_moving_a_topic_to_a_members_only_category_hides_it_from_non_members(mod_client, moderator, topic, member, pending_member):
    internal = make_category("vnutrishnie", members_only=True)
    response = mod_client.get(reverse("forum:topic_move", args=[topic.pk]))
    assert internal in response.context["form"].fields["category"].queryset
    response = mod_client.post(reverse("forum:topic_move", args=[topic.pk]), {"category": internal.pk, "reason": "Для учасників"})
    assert response.status_code == 302
    topic = fresh(topic)
    assert topic.category == internal
    assert ForumPermissions(member).can_read_topic(topic)
    assert not ForumPermissions(pending_member).can_read_topic(topic)
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (moderator, Action.MOVE_TOPIC, "Для учасників")
    assert entry.details == {"from_category": "hromady", "to_category": "vnutrishnie"}
    # Non-members cannot reach it any more; even its moderation endpoints are a 404 to them.
    mod_client.force_login(pending_member)
    assert mod_client.post(reverse("forum:topic_lock", args=[topic.pk])).status_code == 404


def test_moving_a_topic_to_a_members_only_category_makes_its_page_a_404_for_non_members(mod_client, topic, member, client):
    internal = make_category("vnutrishnie", members_only=True)
    mod_client.post(reverse("forum:topic_move", args=[topic.pk]), {"category": internal.pk})
    client.logout()
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_moving_to_an_unknown_category_shows_an_error(mod_client, topic):
    response = mod_client.post(reverse("forum:topic_move", args=[topic.pk]), {"category": "999999"})
    assert response.status_code == 200 and response.context["form"].errors["category"]
    assert not ModerationLog.objects.exists()


# --- members ------------------------------------------------------------------------------------------------------


def test_suspending_a_member_stops_them_posting_until_reinstated(mod_client, moderator, author, topic):
    response = mod_client.post(reverse("forum:member_suspend", args=[author.username]), {"days": "7", "reason": "Образи"})
    assert response.status_code == 302 and response["Location"] == author.get_absolute_url()
    author = fresh(author)
    assert author.is_suspended
    assert abs(author.suspended_until - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    assert not ForumPermissions(author).can_post
    assert not ForumPermissions(author).can_reply(topic)
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reason, entry.member) == (moderator, Action.SUSPEND_MEMBER, "Образи", author)

    mod_client.post(reverse("forum:member_reinstate", args=[author.username]), {"reason": "Вибачився"})
    author = fresh(author)
    assert not author.is_suspended
    assert ForumPermissions(author).can_post
    assert ModerationLog.objects.first().action == Action.REINSTATE_MEMBER
    # Reinstating again changes nothing.
    mod_client.post(reverse("forum:member_reinstate", args=[author.username]))
    assert ModerationLog.objects.filter(action=Action.REINSTATE_MEMBER).count() == 1


def test_a_suspension_can_end_on_a_chosen_day(mod_client, author):
    last_day = timezone.localdate() + datetime.timedelta(days=10)
    mod_client.post(reverse("forum:member_suspend", args=[author.username]), {"until": last_day.isoformat(), "reason": "Спам"})
    until = timezone.localtime(fresh(author).suspended_until)
    assert until.date() == last_day + datetime.timedelta(days=1) and until.hour == 0


@pytest.mark.parametrize(
    "data",
    [
        {"days": "0", "reason": "x"},
        {"days": "366", "reason": "x"},
        {"days": "abc", "reason": "x"},
        {"reason": "x"},
        {"days": "3", "until": "2999-01-01", "reason": "x"},
        {"until": "2001-01-01", "reason": "x"},
        {"days": "3", "until": "3", "reason": "x"},
        {"days": "3", "reason": ""},
    ],
    ids=["zero-days", "too-long", "not-a-number", "no-duration", "both", "past-date", "bad-date", "no-reason"],
)
def test_bad_suspension_requests_show_errors_and_change_nothing(mod_client, author, data):
    response = mod_client.post(reverse("forum:member_suspend", args=[author.username]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert fresh(author).suspended_until is None
    assert not ModerationLog.objects.exists()


def test_a_moderator_cannot_suspend_themselves(mod_client, moderator):
    url = reverse("forum:member_suspend", args=[moderator.username])
    assert mod_client.get(url).status_code == 403
    response = mod_client.post(url, {"days": "3", "reason": "Тест"})
    assert response.status_code == 403
    assert response.context["refusal"]
    assert fresh(moderator).suspended_until is None
    assert not ModerationLog.objects.exists()


def test_a_moderator_cannot_suspend_another_moderator(mod_client):
    colleague = make_user("colleague", groups=["Member", "Moderator"])
    response = mod_client.post(reverse("forum:member_suspend", args=[colleague.username]), {"days": "3", "reason": "x"})
    assert response.status_code == 403
    assert response.context["refusal"]
    assert fresh(colleague).suspended_until is None


def test_the_suspend_page_of_a_suspended_member_offers_reinstatement(mod_client, suspended_member):
    response = mod_client.get(reverse("forum:member_suspend", args=[suspended_member.username]))
    assert reverse("forum:member_reinstate", args=[suspended_member.username]) in response.content.decode()


# --- the audit log ------------------------------------------------------------------------------------------------


@pytest.fixture
def log_entries(moderator, topic, reply, author, member):
    colleague = make_user("colleague", groups=["Member", "Moderator"])
    services.topic_lock(topic=topic, moderator=moderator, reason="Завершено")
    services.post_hide(post=reply, moderator=colleague, reason="Спам")
    services.member_suspend(member=author, moderator=moderator, until=timezone.now() + datetime.timedelta(days=1), reason="Образи")
    return colleague


def test_the_log_shows_who_did_what_when_and_why_with_links(mod_client, log_entries, topic, reply, author):
    response = mod_client.get(LOG)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    page = response.content.decode()
    for text in ("Завершено", "Спам", "Образи", log_entries.display_name, topic.get_absolute_url(),
                 reply.get_absolute_url(), author.get_absolute_url()):
        assert text in page


def test_the_log_filters_by_action_moderator_and_member(mod_client, log_entries, moderator, author, member):
    def actions(**params):
        return {e.action for e in mod_client.get(LOG, params).context["page"]}

    assert actions(action=Action.LOCK_TOPIC) == {Action.LOCK_TOPIC}
    assert actions(moderator=log_entries.username) == {Action.HIDE_POST}
    assert actions(moderator=moderator.username) == {Action.LOCK_TOPIC, Action.SUSPEND_MEMBER}
    assert actions(member=author.username) == {Action.SUSPEND_MEMBER}
    assert actions(member=member.username) == {Action.HIDE_POST}
    assert actions(moderator=moderator.username, action=Action.SUSPEND_MEMBER) == {Action.SUSPEND_MEMBER}


@pytest.mark.parametrize(
    "params",
    [{"action": "drop_table"}, {"moderator": "999"}, {"member": "\x00"}, {"page": "abc"}, {"page": "9999"},
     {"action": ["lock_topic", "x"], "moderator": ""}],
    ids=["unknown-action", "unknown-moderator", "nul", "page-not-a-number", "page-too-far", "repeated"],
)
def test_bad_log_filters_are_ignored_not_errors(mod_client, log_entries, params):
    response = mod_client.get(LOG, params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def test_the_log_is_paginated(mod_client, moderator, topic):
    for _ in range(30):
        services.topic_lock(topic=topic, moderator=moderator)
        services.topic_unlock(topic=topic, moderator=moderator)
    response = mod_client.get(LOG)
    assert len(response.context["page"]) == 50
    assert len(mod_client.get(LOG, {"page": 2}).context["page"]) == 10


# --- the header ---------------------------------------------------------------------------------------------------


def test_moderators_see_how_much_waits_in_the_queue(settings, mod_client, reply, author, topic):
    settings.FORUM_HOLD_FIRST_POSTS = 1
    services.post_flag(post=reply, reporter=author, reason=Flag.Reason.SPAM)
    make_reply(topic, make_user("newcomer", groups=["Member"]))
    response = mod_client.get(LOG)
    assert response.context["moderation_count"] == 2
    assert f'href="{QUEUE}"' in response.content.decode()


def test_members_see_no_moderation_link(client, member):
    client.force_login(member)
    response = client.get(reverse("forum:notifications"))
    assert "moderation_count" not in response.context
    assert f'href="{QUEUE}"' not in response.content.decode()


def test_the_log_outlives_a_deleted_topic(mod_client, moderator, topic):
    services.topic_lock(topic=topic, moderator=moderator, reason="Причина")
    Topic.objects.filter(pk=topic.pk).delete()
    response = mod_client.get(LOG)
    assert response.status_code == 200 and "Причина" in response.content.decode()
