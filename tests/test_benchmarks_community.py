"""The generated community of benchmarks/community.py (issue #15) at its smallest scale: the shape it promises,
rows the site reads as it reads its own (counters, last posts, tree paths), pages that render and a rebuild that
indexes it. No timing assertions: the figures are the benchmark's business."""

import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from benchmarks.community import LONG_TOPIC, SCALES, fill, thread_lengths
from cop.search import get_backend
from cop.places.models import Hromada, Oblast
from forum.models import Notification, Post, Topic
from knowledge.models import PracticePage

from .forum_factories import make_category
from .knowledge_factories import library, make_theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(SCALES))
def test_thread_lengths_fill_the_posts_with_a_few_long_topics(name):
    scale = SCALES[name]
    lengths = thread_lengths(scale, random.Random(1))
    assert len(lengths) == scale.topics and sum(lengths) == scale.posts and min(lengths) >= 1
    assert lengths.count(min(LONG_TOPIC, scale.posts // 2)) >= scale.long_topics
    assert lengths == thread_lengths(scale, random.Random(1))
    if name == "100k":
        assert scale.long_topics >= 3 and sorted(lengths)[len(lengths) // 2] < 20  # most threads are short


@pytest.fixture
def community():
    make_theme("Вибори під час COVID-19", slug="vybory-pid-chas-covid-19")
    make_category()
    Hromada.objects.create(name="Краматорська міська громада", slug="kramatorska-gen", oblast=Oblast.objects.get(slug="donetska"),
                           population=150000)
    existing = PracticePage.objects.count()
    counts = fill(SCALES["1k"], seed=3, write=lambda *_: None)
    return counts, existing


def test_the_community_has_the_promised_shape_and_consistent_rows(community):
    counts, existing = community
    scale = SCALES["1k"]
    assert counts == {"members": scale.members, "practices": scale.practices, "topics": scale.topics,
                      "posts": scale.posts, "notifications": 5 * scale.members}
    assert PracticePage.objects.live().count() == existing + scale.practices
    # Tree paths as treebeard writes them: the library counts its children and finds each one.
    shelf = library()
    shelf.refresh_from_db()
    assert shelf.numchild == shelf.get_children().count() >= scale.practices
    assert shelf.get_children().filter(slug="gen-000000").exists()
    for topic in Topic.objects.annotate(n=Count("posts"), last=Max("posts__number")):
        assert topic.post_count == topic.n == topic.last
        assert topic.last_post.number == topic.n and topic.last_activity_at == topic.last_post.created_at
    assert Post.objects.filter(number=1).count() == scale.topics
    assert Notification.objects.filter(read_at=None).exists() and Notification.objects.exclude(read_at=None).exists()


def test_the_generated_pages_render_and_are_found(community, client):
    practice = PracticePage.objects.get(slug="gen-000001")
    longest = Topic.objects.order_by("-post_count").first()
    for url in (library().url, practice.url, longest.get_absolute_url(), f"{longest.get_absolute_url()}?page=3"):
        assert client.get(url).status_code == 200, url
    call_command("search_index", "rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    scale = SCALES["1k"]
    assert get_backend().index.count() >= scale.practices + scale.posts  # practices, topics (first posts), replies
    word = practice.title.split()[0]
    assert client.get("/search/", {"q": word}).status_code == 200
