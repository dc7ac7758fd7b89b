"""Load the forum demo content idempotently: categories always, discussions only when the demo accounts exist.

Content is created through forum.services, as members would create it; afterwards only the dates are moved
back to when the discussion "happened" (2020–2025), so lists and notifications look like a lived-in forum.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Locale

from cop.core import demo_data
from cop.places.models import Hromada
from knowledge.models import PracticeLibraryPage, PracticePage, ThemePage

from . import demo_content, services
from .models import Category, Notification, Post, Reaction, ReadState, Topic, Watch

# Notifications about posts older than this are shown as already read, so a demo inbox is not flooded.
UNREAD_SINCE = datetime.date(2025, 1, 1)


def _aware(text):
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def demo_usernames():
    """Everyone who writes in the demo forum: the demo accounts (except the pending applicant) and the extra members."""
    base = [username for username, *_rest, role, status in demo_data.ACCOUNTS if role and status == "approved"]
    return base + [username for username, *_ in demo_content.EXTRA_MEMBERS]


class ForumDemo:
    def __init__(self, write=print):
        self.write = write
        self.User = get_user_model()
        self.created = {"categories": 0, "members": 0, "topics": 0, "posts": 0}

    def run(self, *, create_members=False):
        categories = self.load_categories()
        if create_members:
            self.load_members()
        self.load_topics(categories)
        self.write(
            "Forum demo: {categories} new categories, {members} new members, {topics} new topics, {posts} new posts.".format(
                **self.created
            )
        )
        return self.created

    # Categories ------------------------------------------------------------------------------------------------

    def load_categories(self):
        uk = Locale.objects.filter(language_code="uk").first()
        library = PracticeLibraryPage.objects.filter(locale=uk).first() if uk else None
        categories = {}
        for slug, name, description, position, theme_slug, visibility in demo_content.CATEGORIES:
            theme = None
            if theme_slug and library is not None:
                theme = ThemePage.objects.child_of(library).filter(slug=theme_slug).first()
            category, created = Category.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "description": description, "position": position, "theme": theme,
                          "visibility": visibility},
            )
            if not created and category.theme_id is None and theme is not None:
                category.theme = theme
                category.save(update_fields=["theme"])
            self.created["categories"] += created
            categories[slug] = category
        return categories

    # Members ---------------------------------------------------------------------------------------------------

    def load_members(self):
        """The extra demo members: approved, in the Member group, with a verified address (as load_demo's accounts)."""
        member_group = Group.objects.get(name="Member")
        for username, email, first, last, position, organisation, hromada_slug in demo_content.EXTRA_MEMBERS:
            if self.User.objects.filter(username=username).exists():
                continue
            hromada = Hromada.objects.filter(slug=hromada_slug).first()
            user = self.User.objects.create_user(
                username=username, email=email, password=demo_data.DEMO_PASSWORD, first_name=first, last_name=last,
                position=position, organisation=organisation, hromada=hromada,
                oblast=hromada.oblast if hromada else None, membership_status=self.User.Status.APPROVED,
                forum_email=self.User.EmailFrequency.NEVER,
            )
            user.groups.add(member_group)
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            self.created["members"] += 1
        if self.created["members"]:
            names = ", ".join(username for username, *_ in demo_content.EXTRA_MEMBERS)
            self.write(f"Forum demo members (same password as the demo accounts): {names}")

    # Discussions -----------------------------------------------------------------------------------------------

    def load_topics(self, categories):
        users = {u.username: u for u in self.User.objects.filter(username__in=demo_usernames(), is_active=True)}
        pending = []
        for spec in demo_content.TOPICS:
            category = categories[spec["category"]]
            if Topic.objects.filter(category=category, title=spec["title"]).exists():
                continue
            if not self._participants(spec) <= set(users):
                continue
            pending.append((category, spec))
        if not pending:
            if not Topic.objects.filter(category__in=categories.values()).exists():
                self.write("Forum demo: no discussions, the demo accounts do not exist (they are created with DEBUG on).")
            return
        self.silence(users.values())
        topic_ids = [self.load_topic(category, spec, users).pk for category, spec in pending]
        transaction.on_commit(lambda: self.date_notifications(topic_ids))

    @staticmethod
    def _participants(spec):
        names = set(spec.get("watchers", []))
        for post in spec["posts"]:
            names.add(post["author"])
            names.update(post["helpful"])
        return names

    def silence(self, users):
        """No e-mail about demo posts: the demo authors hear about the forum in the app only."""
        self.User.objects.filter(pk__in=[u.pk for u in users]).exclude(
            forum_email=self.User.EmailFrequency.NEVER
        ).update(forum_email=self.User.EmailFrequency.NEVER)
        for user in users:
            user.forum_email = self.User.EmailFrequency.NEVER

    def practice(self, slug):
        """The practice to link, unless another topic already discusses it (one discussion per practice)."""
        if not slug:
            return None
        practice = PracticePage.objects.filter(slug=slug, locale__language_code="uk").first()
        if practice is None or Topic.objects.filter(practice=practice).exists():
            return None
        return practice

    def load_topic(self, category, spec, users):
        first, *replies = spec["posts"]
        author = users[first["author"]]
        topic, post = services.topic_create(
            category=category, author=author, title=spec["title"], body=first["body"], tags=spec.get("tags", ()),
            practice=self.practice(spec.get("practice")),
        )
        posts = [post]
        for data in replies:
            reply_to = posts[data["reply_to"] - 1] if data.get("reply_to") else None
            posts.append(services.post_reply(topic=topic, author=users[data["author"]], body=data["body"], reply_to=reply_to))
        for data, post in zip(spec["posts"], posts):
            for name in data["helpful"]:
                services.post_mark_helpful(post=post, user=users[name])
            if data["accepted"]:
                services.answer_accept(topic=topic, post=post, user=author)
        for name in spec.get("watchers", []):
            services.watch_topic(user=users[name], topic=topic)
        self.backdate(topic, spec, posts)
        self.created["topics"] += 1
        self.created["posts"] += len(posts)
        return topic

    def backdate(self, topic, spec, posts):
        """Move the discussion to its time: posts, reactions, watches and read state; last activity = last post."""
        moment = _aware(spec["start"])
        times = {}
        for data, post in zip(spec["posts"], posts):
            moment += datetime.timedelta(hours=data["hours"])
            times[post.pk] = moment
            Post.objects.filter(pk=post.pk).update(created_at=moment)
            for offset, reaction in enumerate(Reaction.objects.filter(post=post).order_by("pk"), start=1):
                Reaction.objects.filter(pk=reaction.pk).update(created_at=moment + datetime.timedelta(minutes=40 * offset))
        started, last = times[posts[0].pk], times[posts[-1].pk]
        Topic.objects.filter(pk=topic.pk).update(created_at=started, last_activity_at=last)
        # A participant started watching and last read when they last wrote; extra watchers when the topic started.
        for post in reversed(posts):
            Watch.objects.filter(topic=topic, user_id=post.author_id).update(created_at=times[post.pk])
        for post in posts:
            ReadState.objects.filter(topic=topic, user_id=post.author_id).update(read_at=times[post.pk])
        authors = {post.author_id for post in posts}
        Watch.objects.filter(topic=topic).exclude(user_id__in=authors).update(created_at=started + datetime.timedelta(hours=1))

    @staticmethod
    def date_notifications(topic_ids):
        """After commit (notifications are made then): date them like their posts; older ones count as read."""
        from . import notifications as forum_notifications

        forum_notifications.fan_out_owed(older_than=None)  # with a real worker they would come a moment later
        notifications = Notification.objects.filter(topic_id__in=topic_ids, post__isnull=False)
        notifications.update(created_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1]))
        old = notifications.filter(created_at__date__lt=UNREAD_SINCE, read_at__isnull=True)
        old.update(read_at=Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1]))
