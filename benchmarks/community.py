"""A generated community for every benchmark: practices, topics with posts, members and notifications, in
Ukrainian, at a chosen scale, added to a database that already holds the demo content (`manage.py load_demo`).

    .venv/bin/python benchmarks/community.py --scale 10k [--database sqlite:///path.sqlite3] [--seed 2020]

or from a benchmark (after django.setup(), on a migrated database with the demo content):

    from benchmarks.community import SCALES, fill
    counts = fill(SCALES["10k"])

The text comes from benchmarks/corpus.py (real vocabulary of the project, inflected forms, a long tail of rare
words). The shape follows what a national community would have (issue #15): about 9 % of the documents are
practices (Wagtail pages in the Ukrainian library, with themes, tags, hromadas and oblasts, dates over seven
years), 3.5 % topics and the rest forum posts, with a long-tailed thread length (most topics have a few replies,
some dozens) and a few topics of 500 posts; one member per 50 documents, each with notifications, most of them
read. Rows are written in bulk (Wagtail's tree paths computed as treebeard does), so the search index is not
fed: run `manage.py search_index rebuild` afterwards (the rebuild is itself a measured budget). Deterministic
for a seed.
"""

import argparse
import datetime
import json
import math
import os
import random
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Scale:
    name: str
    documents: int

    @property
    def practices(self):
        return round(self.documents * 0.09)

    @property
    def topics(self):
        return max(5, round(self.documents * 0.035))

    @property
    def posts(self):
        """All posts, the first post of each topic included."""
        return self.documents - self.practices - self.topics

    @property
    def members(self):
        return max(30, self.documents // 50)

    @property
    def long_topics(self):
        """Topics of 500 posts (at 1k: one topic of half the posts)."""
        return max(1, self.documents // 33_000)


SCALES = {name: Scale(name, n) for name, n in (("1k", 1_000), ("10k", 10_000), ("100k", 100_000))}
LONG_TOPIC = 500
BATCH = 500
START = datetime.datetime(2019, 3, 1, 9, 0, tzinfo=datetime.timezone.utc)
END = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=datetime.timezone.utc)


def thread_lengths(scale, rng):
    """Posts per topic: `long_topics` of 500 (fewer at 1k), the rest long-tailed (log-normal) to fill `posts`."""
    long_length = min(LONG_TOPIC, scale.posts // 2)
    lengths = [long_length] * scale.long_topics
    rest_topics = scale.topics - len(lengths)
    remaining = scale.posts - sum(lengths)
    weights = [rng.lognormvariate(0, 1.1) for _ in range(rest_topics)]
    total = sum(weights)
    others = [max(1, math.floor(w / total * remaining)) for w in weights]
    # Hand out what rounding left over (or take back what the minimum of one post added), longest first.
    difference = remaining - sum(others)
    order = sorted(range(rest_topics), key=lambda i: -others[i])
    i = 0
    while difference != 0 and order:
        index = order[i % len(order)]
        if difference > 0:
            others[index] += 1
            difference -= 1
        elif others[index] > 1:
            others[index] -= 1
            difference += 1
        i += 1
    lengths += others
    rng.shuffle(lengths)
    return lengths


def _moment(rng, start=START, end=END):
    return start + datetime.timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def fill(scale, *, seed=2020, write=print):
    """Add a community of `scale` to the current database. Returns {what: count}."""
    from django.db import transaction

    from benchmarks.corpus import documents

    rng = random.Random(f"cop-community:{seed}")
    texts = documents(scale.documents, seed=seed)
    counts = {}
    started = time.perf_counter()
    with transaction.atomic():
        members = _members(scale, rng)
        counts["members"] = len(members)
        counts["practices"] = _practices(scale, rng, texts, members)
        counts["topics"], counts["posts"] = _forum(scale, rng, texts, members)
        counts["notifications"] = _notifications(rng, members)
    write(f"community {scale.name}: " + ", ".join(f"{n:,} {what}" for what, n in counts.items())
          + f" in {time.perf_counter() - started:.0f} s")
    return counts


def _members(scale, rng):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from cop.places.models import Hromada

    User = get_user_model()
    hromadas = list(Hromada.objects.select_related("oblast"))
    first = ["Олена", "Іван", "Марія", "Петро", "Оксана", "Андрій", "Наталія", "Олег", "Ірина", "Василь", "Тетяна", "Юрій"]
    last = ["Коваль", "Бондар", "Шевчук", "Мельник", "Ткаченко", "Кравчук", "Олійник", "Лисенко", "Гончар", "Савчук"]
    positions = ["Секретар ради", "Староста", "Спеціаліст з питань ЦНАП", "Депутатка ради", "Заступник голови громади"]
    password = make_password("generated-member-password")
    now = datetime.datetime.now(datetime.timezone.utc)
    users = []
    for n in range(scale.members):
        hromada = rng.choice(hromadas) if hromadas and rng.random() < 0.8 else None
        given, family = rng.choice(first), rng.choice(last)
        users.append(User(
            username=f"gen-{n:06d}", email=f"gen-{n:06d}@example.org", password=password, first_name=given,
            last_name=family, position=rng.choice(positions), organisation=f"{hromada.name if hromada else 'Обласна'} рада",
            hromada=hromada, oblast=hromada.oblast if hromada else None, membership_status=User.Status.APPROVED,
            date_joined=_moment(rng, START, now), search_text=f"{given} {family}".lower(),
        ))
    User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(username__startswith="gen-").order_by("username"))
    group = Group.objects.get(name="Member")
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users], batch_size=BATCH)
    return users


def _tags(names):
    from taggit.models import Tag
    from django.utils.text import slugify

    wanted = sorted(set(names))
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    Tag.objects.bulk_create([Tag(name=name, slug=slugify(name, allow_unicode=True)[:100] or f"tag-{i}")
                             for i, name in enumerate(wanted) if name not in existing], ignore_conflicts=True)
    return {tag.name: tag.pk for tag in Tag.objects.filter(name__in=wanted)}


def _practices(scale, rng, texts, members):
    """Practice pages under the Ukrainian library, written in bulk: Page rows with treebeard paths, then the
    PracticePage rows, themes and tags."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from cop.places.models import Hromada, Oblast
    from knowledge.choices import PopulationBand
    from knowledge.models import PracticeLibraryPage, PracticePage, PracticePageTag, ThemePage

    uk = Locale.objects.get(language_code="uk")
    library = PracticeLibraryPage.objects.get(locale=uk)
    themes = {theme.slug: theme.pk for theme in ThemePage.objects.filter(locale=uk)}
    oblasts = {oblast.slug: oblast for oblast in Oblast.objects.all()}
    hromadas_by_oblast = {}
    for hromada in Hromada.objects.all():
        hromadas_by_oblast.setdefault(hromada.oblast_id, []).append(hromada)
    content_type = ContentType.objects.get_for_model(PracticePage)
    last = library.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    bands = [choice for choice, _ in PopulationBand.choices]

    made = 0
    pending = []  # (page, fields, theme slug, tags)
    for number in range(scale.practices):
        doc = next(texts)
        position += 1
        when = _moment(rng)
        slug = f"gen-{number:06d}"
        page = Page(
            title=doc.title[:255], draft_title=doc.title[:255], slug=slug, content_type=content_type, locale=uk,
            path=Page._get_path(library.path, library.depth + 1, position), depth=library.depth + 1, numchild=0,
            url_path=f"{library.url_path}{slug}/", live=True, has_unpublished_changes=False,
            first_published_at=when, last_published_at=when, latest_revision_created_at=when,
            translation_key=uuid.UUID(int=rng.getrandbits(128)),
        )
        oblast = oblasts.get(doc.oblast) or rng.choice(list(oblasts.values()))
        hromada = rng.choice(hromadas_by_oblast[oblast.pk]) if hromadas_by_oblast.get(oblast.pk) and rng.random() < 0.7 else None
        paragraphs = [p for p in doc.body.split(". ") if p][:6]
        body = [{"type": "heading", "value": "Контекст", "id": str(uuid.UUID(int=rng.getrandbits(128)))}] + [
            {"type": "paragraph", "value": f"<p>{p.rstrip('.')}.</p>", "id": str(uuid.UUID(int=rng.getrandbits(128)))}
            for p in paragraphs]
        fields = dict(
            summary=(paragraphs[0] if paragraphs else doc.title)[:500], body=json.dumps(body, ensure_ascii=False),
            hromada=hromada, oblast=oblast, population_band=rng.choice(bands), context=rng.choice(["regular", "regular", "covid_quarantine", "martial_law", "elections"]),
            period_start=when.date() - datetime.timedelta(days=rng.randint(30, 700)), date=when.date(),
            outcomes=f"<p>{doc.title}.</p>", contact_name=rng.choice(members).get_full_name() if members else "",
            keeper=rng.choice(members) if members and rng.random() < 0.3 else None,
        )
        pending.append((page, fields, doc.theme, doc.tags))
        if len(pending) >= BATCH or number == scale.practices - 1:
            made += _write_practices(pending, themes, PracticePage, PracticePageTag, Page)
            pending = []
    Page.objects.filter(pk=library.pk).update(numchild=library.get_children().count())
    return made


def _write_practices(pending, themes, PracticePage, PracticePageTag, Page):
    pages = Page.objects.bulk_create([page for page, *_ in pending])
    if any(page.pk is None for page in pages):  # a database that does not return ids from a bulk insert
        by_path = dict(Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
        for page in pages:
            page.pk = page.id = by_path[page.path]
    practices = []
    for page, (_, fields, _, _) in zip(pages, pending):
        practice = PracticePage(page_ptr_id=page.pk, **fields)
        practice.id = page.pk
        practices.append(practice)
    PracticePage.objects._insert(practices, fields=PracticePage._meta.local_concrete_fields)
    through = PracticePage.themes.through
    through.objects.bulk_create([through(practicepage_id=page.pk, themepage_id=themes[theme])
                                 for page, (_, _, theme, _) in zip(pages, pending) if theme in themes])
    tag_ids = _tags([tag for *_, tags in pending for tag in tags])
    PracticePageTag.objects.bulk_create([
        PracticePageTag(content_object_id=page.pk, tag_id=tag_ids[tag])
        for page, (*_, tags) in zip(pages, pending) for tag in dict.fromkeys(tags) if tag in tag_ids
    ])
    return len(pages)


def _forum(scale, rng, texts, members):
    from forum.markup import render
    from forum.models import Category, Post, TaggedTopic, Topic

    categories = list(Category.objects.filter(visibility=Category.Visibility.PUBLIC)) or list(Category.objects.all())
    lengths = thread_lengths(scale, rng)
    topics, posts_made = 0, 0
    for chunk_start in range(0, len(lengths), 200):
        chunk = lengths[chunk_start:chunk_start + 200]
        new_topics, bodies = [], []
        for length in chunk:
            doc = next(texts)
            created = _moment(rng)
            author = rng.choice(members)
            new_topics.append(Topic(category=rng.choice(categories), title=doc.title[:200], author=author,
                                    created_at=created, last_activity_at=created, post_count=length))
            bodies.append((doc, length, created, author))
        Topic.objects.bulk_create(new_topics)
        if any(topic.pk is None for topic in new_topics):
            raise RuntimeError("the database did not return the ids of the new topics")
        tag_ids = _tags([tag for doc, *_ in bodies for tag in doc.tags])
        TaggedTopic.objects.bulk_create([TaggedTopic(content_object_id=topic.pk, tag_id=tag_ids[tag])
                                         for topic, (doc, *_) in zip(new_topics, bodies)
                                         for tag in dict.fromkeys(doc.tags) if tag in tag_ids])
        new_posts = []
        for topic, (doc, length, created, author) in zip(new_topics, bodies):
            moment = created
            for number in range(1, length + 1):
                text = doc.body if number == 1 else next(texts).body
                if number > 1:
                    moment = min(END, moment + datetime.timedelta(minutes=rng.expovariate(1 / 600)))
                new_posts.append(Post(topic=topic, author=author if number == 1 else rng.choice(members), body=text,
                                      body_html=render(text), number=number, created_at=moment))
            topic.last_activity_at = moment
        Post.objects.bulk_create(new_posts, batch_size=BATCH)
        last_posts = {}
        for post in new_posts:
            last_posts[post.topic_id] = post
        for topic in new_topics:
            topic.last_post_id = last_posts[topic.pk].pk
        Topic.objects.bulk_update(new_topics, ["last_post", "last_activity_at"], batch_size=BATCH)
        topics += len(new_topics)
        posts_made += len(new_posts)
    return topics, posts_made


def _notifications(rng, members):
    from forum.models import Notification, Post

    posts = list(Post.objects.order_by("-pk").values_list("pk", "topic_id", "number")[:5000])
    if not posts:
        return 0
    made = []
    for member in members:
        for _ in range(5):
            pk, topic_id, number = rng.choice(posts)
            created = _moment(rng)
            made.append(Notification(
                recipient=member, kind=rng.choice(["reply", "reply", "mention", "new_topic"]), actor=rng.choice(members),
                topic_id=topic_id, post_id=pk, url=f"/forum/p/{pk}/", created_at=created,
                read_at=created + datetime.timedelta(hours=2) if rng.random() < 0.8 else None,
            ))
    Notification.objects.bulk_create(made, batch_size=BATCH)
    return len(made)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="10k")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--database", help="DATABASE_URL of the database to fill (default: the project's)")
    parser.add_argument("--no-demo", action="store_true", help="the database already has the demo content")
    args = parser.parse_args()
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.no_demo:
        call_command("load_demo", "--no-accounts", stdout=open(os.devnull, "w"))
    fill(SCALES[args.scale], seed=args.seed)


if __name__ == "__main__":
    main()
