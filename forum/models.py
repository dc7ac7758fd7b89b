"""Forum: categories, topics and posts, with reactions, flags, edit history, read state, watches,
notifications and the moderators' audit log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

User = settings.AUTH_USER_MODEL


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    theme = models.ForeignKey(
        "knowledge.ThemePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_categories",
        verbose_name=_("theme"),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})

    @property
    def is_members_only(self):
        return self.visibility == self.Visibility.MEMBERS


class TaggedTopic(TaggedItemBase):
    content_object = models.ForeignKey("Topic", on_delete=models.CASCADE, related_name="tagged_items")


class Topic(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category"))
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="forum_topics", verbose_name=_("author"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # Counts of visible posts, kept by the services so lists need no aggregation.
    post_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    last_post = models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    accepted_answer = models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    practice = models.OneToOneField(
        "knowledge.PracticePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="discussion",
        verbose_name=_("practice discussed"),
    )
    tags = TaggableManager(through=TaggedTopic, blank=True, verbose_name=_("tags"))

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["category", "-is_pinned", "-last_activity_at"]),
            # The newest discussions across categories (the home page, feeds): read in order, not sorted.
            models.Index(fields=["-last_activity_at"], name="forum_topic_last_activity"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk})


class Post(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        PENDING = "pending", _("awaiting approval")
        HIDDEN = "hidden", _("hidden by a moderator")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="forum_posts")
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(editable=False)
    reply_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Position in the topic (1 = the opening post); permalinks and pagination use it.
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE, db_index=True)
    moderation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    mentions = models.ManyToManyField(User, blank=True, related_name="forum_mentions")

    class Meta:
        ordering = ["topic", "number"]
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="unique_post_number_in_topic")]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.topic.title} #{self.number}"

    def get_absolute_url(self):
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def is_visible(self):
        return self.status == self.Status.VISIBLE

    @property
    def is_first(self):
        return self.number == 1


class PostRevision(models.Model):
    """The text of a post before an edit, kept for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_reactions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_helpful_per_member")]


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("spam or advertising")
        OFFENSIVE = "offensive", _("offensive or abusive")
        OFF_TOPIC = "off_topic", _("off topic")
        PERSONAL_DATA = "personal_data", _("personal data")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("acted upon")
        DISMISSED = "dismissed", _("dismissed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=models.Q(status="open"), name="one_open_flag_per_reporter"
            )
        ]


class ReadState(models.Model):
    """How far a member has read a topic, for unread markers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_read_states")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="one_read_state_per_topic")]


class Watch(models.Model):
    """A member watches a topic or a whole category."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_watches")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="watches")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], condition=models.Q(topic__isnull=False), name="one_watch_per_topic"),
            models.UniqueConstraint(
                fields=["user", "category"], condition=models.Q(category__isnull=False), name="one_watch_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(topic__isnull=False, category__isnull=True) | models.Q(topic__isnull=True, category__isnull=False),
                name="watch_topic_xor_category",
            ),
        ]


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("new reply")
        MENTION = "mention", _("mention")
        ACCEPTED = "accepted", _("accepted answer")
        MODERATION = "moderation", _("moderation of your post")
        NEW_TOPIC = "new_topic", _("new topic")
        # Not about a forum topic: `title` and `url` say what and where (the view at `url` checks permissions).
        SUBMISSION = "submission", _("your practice")
        REVIEW = "review", _("awaiting review")
        SAVED_SEARCH = "saved_search", _("saved search")

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    @property
    def subject(self):
        """What the notification is about, in a line: its own title, else the topic's."""
        return self.title or (self.topic.title if self.topic_id else "")


class PendingNotification(models.Model):
    """Notifications owed for something that happened to a post, written in the transaction of that change. The
    worker does the fan-out (forum.notifications.fan_out) and deletes this row in the same transaction, so the
    notifications are made once, even when two workers or the minute sweep get to it."""

    class Event(models.TextChoices):  # never shown: the notifications made from it have their own kinds
        PUBLISHED = "published"
        ACCEPTED = "accepted"
        HIDDEN = "hidden"
        RESTORED = "restored"

    event = models.CharField(max_length=20, choices=Event.choices)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # The moderator's reason as given then: the post's own reason may have changed by the time of the fan-out.
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]


class ModerationLog(models.Model):
    """Audit log: every moderation action, who did it, when and why."""

    class Action(models.TextChoices):
        HIDE_POST = "hide_post", _("hid a post")
        RESTORE_POST = "restore_post", _("restored a post")
        APPROVE_POST = "approve_post", _("approved a held post")
        LOCK_TOPIC = "lock_topic", _("locked a topic")
        UNLOCK_TOPIC = "unlock_topic", _("unlocked a topic")
        PIN_TOPIC = "pin_topic", _("pinned a topic")
        UNPIN_TOPIC = "unpin_topic", _("unpinned a topic")
        MOVE_TOPIC = "move_topic", _("moved a topic")
        SUSPEND_MEMBER = "suspend_member", _("suspended a member")
        REINSTATE_MEMBER = "reinstate_member", _("reinstated a member")
        DISMISS_FLAG = "dismiss_flag", _("dismissed a flag")
        ACCEPT_ANSWER = "accept_answer", _("marked an accepted answer")

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    member = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
