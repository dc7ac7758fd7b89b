"""The forum demo content: categories for every theme, lived-in discussions, loaded idempotently by load_demo.

load_demo takes several seconds, so one test checks the data (pages are tested with the forum views).
"""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from cop.core import demo_data
from cop.members.models import User
from forum import demo_content
from forum.demo import demo_usernames
from forum.models import Category, Notification, Post, Reaction, Topic, Watch
from knowledge.models import ThemePage


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts():
    return {
        "categories": Category.objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "watches": Watch.objects.count(),
        "users": User.objects.count(),
        "accepted": Topic.objects.filter(accepted_answer__isnull=False).count(),
        "practice links": Topic.objects.filter(practice__isnull=False).count(),
    }


def test_the_data_is_consistent():
    """Every spec is loadable: known categories, authors and practices, helpful marks by others, replies that exist."""
    slugs = {slug for slug, *_ in demo_content.CATEGORIES}
    practices = [spec["practice"] for spec in demo_content.TOPICS if spec["practice"]]
    assert len(practices) == len(set(practices)) >= 4
    titles = [(spec["category"], spec["title"]) for spec in demo_content.TOPICS]
    assert len(titles) == len(set(titles))
    for spec in demo_content.TOPICS:
        assert spec["category"] in slugs
        assert 2 <= len(spec["posts"]) <= 6 and 1 <= len(spec["tags"]) <= 3, spec["title"]
        assert all(tag == tag.lower() for tag in spec["tags"])
        topic_author = spec["posts"][0]["author"]
        for number, post in enumerate(spec["posts"], start=1):
            assert post["author"] in demo_usernames()
            assert post["author"] not in post["helpful"]
            assert set(post["helpful"]) <= set(demo_usernames())
            assert not post["accepted"] or (number > 1 and post["author"] != topic_author)
            assert post["reply_to"] is None or post["reply_to"] < number


@pytest.mark.slow
@pytest.mark.django_db
def test_load_demo_creates_the_forum_once(settings):
    # Without the demo accounts: the categories, linked to their themes, but no discussions.
    settings.DEBUG = False
    load_demo()
    assert Category.objects.count() == len(demo_content.CATEGORIES)
    assert not Topic.objects.exists()
    for slug, *_ in demo_data.THEMES:
        theme = ThemePage.objects.get(slug=slug, locale__language_code="uk")
        assert Category.objects.filter(theme=theme).count() == 1, slug

    # With them (development): the discussions and the extra members; a second run changes nothing.
    settings.DEBUG = True
    assert f"{len(demo_content.TOPICS)} new topics" in load_demo()
    first = counts()
    assert "0 new categories, 0 new members, 0 new topics, 0 new posts" in load_demo()
    assert counts() == first
    assert mail.outbox == []

    assert first["topics"] == len(demo_content.TOPICS) >= 18
    assert first["practice links"] >= 4
    assert first["accepted"] >= 5 and first["reactions"] >= 20
    assert first["users"] == len(demo_data.ACCOUNTS) + len(demo_content.EXTRA_MEMBERS)
    for username, *_ in demo_content.EXTRA_MEMBERS:
        member = User.objects.get(username=username)
        assert member.is_approved_member and member.groups.filter(name="Member").exists()
        assert member.emailaddress_set.get().verified

    for theme in ThemePage.objects.filter(locale__language_code="uk"):
        category = Category.objects.get(theme=theme)
        assert category.visibility == Category.Visibility.PUBLIC
        assert category.topics.count() >= 2, theme.slug

    members_only = Category.objects.get(visibility=Category.Visibility.MEMBERS)
    assert members_only.topics.exists()
    assert Category.objects.filter(visibility=Category.Visibility.PUBLIC, theme__isnull=True).count() == 2

    for topic in Topic.objects.all():
        posts = list(topic.posts.order_by("number"))
        assert 2 <= len(posts) == topic.post_count <= 6
        assert len({post.author_id for post in posts}) >= 2, topic.title
        assert topic.last_post == posts[-1]
        assert topic.created_at == posts[0].created_at
        assert topic.last_activity_at == posts[-1].created_at
        assert all(a.created_at < b.created_at for a, b in zip(posts, posts[1:])), topic.title
        assert datetime.date(2020, 1, 1) <= topic.created_at.date() and topic.last_activity_at.year <= 2025
        assert topic.helpful_count == sum(post.helpful_count for post in posts)
        assert 1 <= topic.tags.count() <= 3
        if topic.accepted_answer:
            assert topic.accepted_answer.topic == topic and topic.accepted_answer.number > 1
    years = {topic.created_at.year for topic in Topic.objects.all()}
    assert {2020, 2021, 2022, 2023, 2024, 2025} <= years

    assert Post.objects.filter(body_html__contains="<strong>").exists()
    assert Post.objects.filter(body_html__contains='href="https://example.org').exists()
    assert Post.objects.filter(mentions__isnull=False).distinct().count() >= 2
    # Demo authors hear about the demo forum in the app only.
    assert not User.objects.filter(username__in=demo_usernames()).exclude(forum_email="never").exists()
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
