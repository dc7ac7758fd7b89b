"""Every change that affects search writes an outbox job in the same transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .outbox import enqueue
from .sources import PAGE_TYPES


def _page_keys(page):
    """The keys of a page and its indexable descendants (privacy and moves affect the whole subtree)."""
    keys = []
    for descendant in Page.objects.descendant_of(page, inclusive=True).select_related("content_type"):
        kind = PAGE_TYPES.get(descendant.content_type.model)
        if kind:
            keys.append(f"{kind}:{descendant.pk}")
    return keys


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    enqueue(*_page_keys(instance))


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    enqueue(*_page_keys(instance))


@receiver(pre_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    enqueue(*_page_keys(instance))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue(*_page_keys(page))


def connect_forum():
    from forum.models import Post, Topic

    @receiver(post_save, sender=Post, weak=False)
    @receiver(post_delete, sender=Post, weak=False)
    def post_changed(sender, instance, **kwargs):
        enqueue(f"post:{instance.pk}", f"topic:{instance.topic_id}")

    @receiver(post_save, sender=Topic, weak=False)
    def topic_changed(sender, instance, **kwargs):
        # A topic moved to a members-only category changes the audience of all its posts.
        enqueue(f"topic:{instance.pk}", *(f"post:{pk}" for pk in instance.posts.values_list("pk", flat=True)))

    @receiver(post_delete, sender=Topic, weak=False)
    def topic_deleted(sender, instance, **kwargs):
        enqueue(f"topic:{instance.pk}")
