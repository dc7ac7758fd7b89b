"""How the forum goes into search: a topic is one document (its opening post), each visible reply another.

A reply inherits its topic's title, tags, category theme and audience (the category's visibility), so a
change of any of those re-indexes the replies; a change of the topic's counters or last activity (every new
reply) re-indexes the topic alone, so a reply costs the same in a topic of 10 posts and of 1,000.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.urls import reverse
from taggit.models import Tag

from cop.search.analysis import script_language
from cop.search.embedded import Document
from cop.search.outbox import enqueue
from cop.search.sources import MEMBERS, PUBLIC, tags_by_object
from cop.search.text import html_text

from .models import Category, Post, TaggedTopic, Topic

# The topic fields a save may change that some of its posts carry in their documents.
TOPIC_FIELDS_IN_POSTS = {"title", "category", "accepted_answer"}
CATEGORY_FIELDS_IN_DOCUMENTS = {"visibility", "theme"}


def _audience(category):
    return MEMBERS if category.is_members_only else PUBLIC


def _theme(category):
    return category.theme.slug if category.theme_id else ""


def topic_document(topic, first=..., tags=None):
    """`first`: the topic's visible opening post when the caller has read it (None: it has none); `tags`: the
    names of its tags when the caller has read them."""
    if first is ...:
        first = topic.posts.filter(number=1, status=Post.Status.VISIBLE).first()
    if first is None or topic.post_count == 0:
        return None
    return Document(
        key=f"topic:{topic.pk}", type="topic", title=topic.title, url=topic.get_absolute_url(),
        body=html_text(first.body_html), tags=_tag_names(topic) if tags is None else tags, theme=_theme(topic.category),
        date=topic.last_activity_at.date().isoformat(), audience=_audience(topic.category),
        boost=1.1 if topic.accepted_answer_id else 1.0,
        language=script_language(f"{topic.title} {first.body_html[:500]}"),  # a discussion is in no locale: its letters tell
    )


POST_DOCUMENT_COLUMNS = (
    "number", "status", "body_html", "created_at", "topic__title", "topic__accepted_answer", "topic__category__visibility",
    "topic__category__theme__slug",
)
_PLACEHOLDER = 2_147_483_647


def _address(name):
    """pk -> reverse(name, pk=pk) for many objects: one reverse() instead of one per object (a rebuild reads tens of
    thousands), in the language active now, as reverse() would be."""
    pattern = reverse(name, kwargs={"pk": _PLACEHOLDER})
    head, tail = pattern.split(str(_PLACEHOLDER), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _tag_names(topic):
    return [t.name for t in topic.tags.all()]


def _topic_tags(topic_ids):
    return tags_by_object(TaggedTopic, topic_ids)


def post_document(post, tags=None, url=None):
    """`tags`, `url`: the names of its topic's tags and its address when the caller has them (a batch)."""
    if post.number == 1 or post.status != Post.Status.VISIBLE:
        return None  # the opening post is indexed as its topic
    topic = post.topic
    return Document(
        key=f"post:{post.pk}", type="post", title=topic.title, url=url or post.get_absolute_url(), body=html_text(post.body_html),
        tags=_tag_names(topic) if tags is None else tags, theme=_theme(topic.category),
        date=post.created_at.date().isoformat(), audience=_audience(topic.category),
        boost=1.3 if topic.accepted_answer_id == post.pk else 1.0,
        language=script_language(post.body_html[:500]),
    )


def _post_keys(**filters):
    return [f"post:{pk}" for pk in Post.objects.filter(number__gt=1, **filters).values_list("pk", flat=True)]


def _fields_before(model, instance, fields, update_fields):
    """The stored values of `fields` before this save, when the save may change them (else None)."""
    if instance.pk is None or (update_fields is not None and not fields & set(update_fields)):
        return None
    columns = [model._meta.get_field(name).attname for name in fields]
    return model.objects.filter(pk=instance.pk).values(*columns).first()


def _changed(instance, before, fields):
    attnames = {name: instance._meta.get_field(name).attname for name in fields}
    return {name for name, attname in attnames.items() if before[attname] != getattr(instance, attname)}


class ForumSource:
    kinds = ("topic", "post")

    def document(self, kind, pk):
        if kind == "topic":
            topic = Topic.objects.select_related("category__theme").filter(pk=pk).first()
            return topic_document(topic) if topic else None
        post = Post.objects.select_related("topic__category__theme").filter(pk=pk).first()
        return post_document(post) if post else None

    def documents(self, kind, pks):
        """Many at once (a rebuild): categories, themes and tags in a few queries, whatever the number."""
        if kind == "topic":
            topics = list(Topic.objects.select_related("category__theme").filter(pk__in=pks))
            firsts = {post.topic_id: post for post in Post.objects.filter(topic_id__in=pks, number=1, status=Post.Status.VISIBLE)}
            tags = _topic_tags(pks)
            return {topic.pk: topic_document(topic, first=firsts.get(topic.pk), tags=tags.get(topic.pk, [])) for topic in topics}
        # Only the columns a document needs (not the Markdown source, not the topic's counters).
        posts = list(Post.objects.select_related("topic__category__theme").filter(pk__in=pks).only(*POST_DOCUMENT_COLUMNS))
        tags = _topic_tags({post.topic_id for post in posts})
        url = _address("forum:post")
        return {post.pk: post_document(post, tags=tags.get(post.topic_id, []), url=url(post.pk)) for post in posts}

    def keys(self):
        for pk in Topic.objects.values_list("pk", flat=True).order_by("pk"):
            yield f"topic:{pk}"
        for pk in Post.objects.filter(number__gt=1).values_list("pk", flat=True).order_by("pk"):
            yield f"post:{pk}"

    def connect(self):
        def post_changed(sender, instance, **kwargs):
            enqueue(f"post:{instance.pk}", f"topic:{instance.topic_id}")

        def topic_before(sender, instance, update_fields=None, raw=False, **kwargs):
            instance._search_before = None if raw else _fields_before(Topic, instance, TOPIC_FIELDS_IN_POSTS, update_fields)

        def topic_saved(sender, instance, created, raw=False, **kwargs):
            keys = [f"topic:{instance.pk}"]
            before = getattr(instance, "_search_before", None)
            instance._search_before = None
            if before is not None:
                changed = _changed(instance, before, TOPIC_FIELDS_IN_POSTS)
                if changed & {"title", "category"}:
                    keys += _post_keys(topic_id=instance.pk)
                elif "accepted_answer" in changed:
                    keys += [f"post:{pk}" for pk in (before["accepted_answer_id"], instance.accepted_answer_id) if pk]
            enqueue(*keys)

        def topic_deleted(sender, instance, **kwargs):
            enqueue(f"topic:{instance.pk}")

        def topic_tags_changed(sender, instance, action, **kwargs):
            if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Topic):
                enqueue(f"topic:{instance.pk}", *_post_keys(topic_id=instance.pk))

        def category_before(sender, instance, update_fields=None, raw=False, **kwargs):
            instance._search_before = None if raw else _fields_before(Category, instance, CATEGORY_FIELDS_IN_DOCUMENTS, update_fields)

        def category_saved(sender, instance, created, **kwargs):
            before = getattr(instance, "_search_before", None)
            instance._search_before = None
            if before is not None and _changed(instance, before, CATEGORY_FIELDS_IN_DOCUMENTS):
                topics = [f"topic:{pk}" for pk in Topic.objects.filter(category=instance).values_list("pk", flat=True)]
                enqueue(*topics, *_post_keys(topic__category=instance))

        def tag_renamed(sender, instance, created, **kwargs):
            if created:
                return
            topic_ids = list(TaggedTopic.objects.filter(tag=instance).values_list("content_object_id", flat=True))
            if topic_ids:
                enqueue(*(f"topic:{pk}" for pk in topic_ids), *_post_keys(topic_id__in=topic_ids))

        post_save.connect(post_changed, sender=Post, weak=False, dispatch_uid="forum-search-post-saved")
        post_delete.connect(post_changed, sender=Post, weak=False, dispatch_uid="forum-search-post-deleted")
        pre_save.connect(topic_before, sender=Topic, weak=False, dispatch_uid="forum-search-topic-before")
        post_save.connect(topic_saved, sender=Topic, weak=False, dispatch_uid="forum-search-topic-saved")
        post_delete.connect(topic_deleted, sender=Topic, weak=False, dispatch_uid="forum-search-topic-deleted")
        m2m_changed.connect(topic_tags_changed, sender=TaggedTopic, weak=False, dispatch_uid="forum-search-topic-tags")
        pre_save.connect(category_before, sender=Category, weak=False, dispatch_uid="forum-search-category-before")
        post_save.connect(category_saved, sender=Category, weak=False, dispatch_uid="forum-search-category-saved")
        post_save.connect(tag_renamed, sender=Tag, weak=False, dispatch_uid="forum-search-tag-renamed")
