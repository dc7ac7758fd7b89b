"""Builders for forum test data: categories, topics and replies, made through forum.services like real ones."""

import itertools

from forum import services
from forum.models import Category

from .conftest import make_user

_sequence = itertools.count(1)


def make_category(**kw):
    """A public category unless visibility=Category.Visibility.MEMBERS (or members_only=True) is given."""
    n = next(_sequence)
    if kw.pop("members_only", False):
        kw["visibility"] = Category.Visibility.MEMBERS
    kw.setdefault("name", f"Категорія {n}")
    kw.setdefault("slug", f"katehoriia-{n}")
    return Category.objects.create(**kw)


def make_topic(category=None, author=None, title="Бюджет участі в громаді", body="Як ви організували голосування?", **kw):
    """A topic with its opening post; returns the topic (its first post is topic.posts.get(number=1))."""
    category = category or make_category()
    author = author or make_user(f"avtor-{next(_sequence)}", groups=["Member"])
    topic, _post = services.topic_create(category=category, author=author, title=title, body=body, **kw)
    return topic


def make_reply(topic, author, body="У нас голосували онлайн і в ЦНАПі.", **kw):
    return services.post_reply(topic=topic, author=author, body=body, **kw)
