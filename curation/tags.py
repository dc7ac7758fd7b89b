"""Tag curation by moderators: rename, merge and describe the tags the library and the forum share, with old tag
links redirected (knowledge.TagRedirect), search re-indexed through the outbox and every change in the audit log."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from taggit.models import GenericTaggedItemBase, Tag, TaggedItemBase
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from cop.members import roles
from knowledge.models import TagDescription, TagRedirect

NAME_MAX = 40  # as for the tags members type on the forum (forum.forms.TAG_MAX)


class TagError(Exception):
    """The change cannot be made; the message says why, in the moderator's language."""


def tagged_item_models():
    """Every model that tags something with a taggit Tag (library pages, forum topics, anything added later)."""
    models = []
    for relation in Tag._meta.related_objects:
        model = relation.related_model
        if relation.field.name == "tag" and issubclass(model, (TaggedItemBase, GenericTaggedItemBase)):
            models.append(model)
    return models


def _object_key(model):
    return ("content_type_id", "object_id") if issubclass(model, GenericTaggedItemBase) else ("content_object_id",)


def _require(moderator):
    if not roles.is_moderator(moderator):
        raise PermissionDenied


def _forget_former_slug(slug):
    # A slug that is a tag's own again (renamed back) must not redirect elsewhere any more.
    TagRedirect.objects.filter(old_slug=slug).delete()


def _reindex_everything_tagged(tag):
    # Saving the tag is what the search sources listen to (knowledge.search and forum.search re-index every page,
    # topic and reply carrying it on a Tag post_save): after a merge that is everything that carried either tag.
    tag.save()


@transaction.atomic
def tag_rename(*, tag, name, moderator, reason=""):
    """Rename a tag (its slug follows; the old slug redirects). Returns False when the name is unchanged."""
    _require(moderator)
    tag = Tag.objects.select_for_update().get(pk=tag.pk)
    if name == tag.name:
        return False
    if Tag.objects.filter(name__iexact=name).exclude(pk=tag.pk).exists():
        raise TagError(_("A tag with this name already exists: merge this tag into it instead."))
    slug = tag.slugify(name)
    if not slug:
        raise TagError(_("The name must contain letters or digits."))
    if Tag.objects.filter(slug=slug).exclude(pk=tag.pk).exists():
        raise TagError(_("Another tag already has the address this name would give: merge this tag into it instead."))
    old_name, old_slug = tag.name, tag.slug
    tag.name, tag.slug = name, slug
    tag.save()  # the search sources re-index what carries the tag
    if old_slug != slug:
        TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"old_name": old_name, "tag": tag})
        _forget_former_slug(slug)
    log(instance=tag, action="curation.tag.rename", user=moderator,
        data={"old_name": old_name, "old_slug": old_slug, "name": name, "slug": slug, "reason": reason})
    return True


def _rewrite_draft_revisions(source, target):
    """Drafts and scheduled revisions keep their tags by id in the revision's content: point those at the target,
    so publishing such a revision later does not try to tag the page with a tag that no longer exists."""
    latest = Page.objects.filter(has_unpublished_changes=True).exclude(latest_revision=None).values("latest_revision_id")
    scheduled = Revision.page_revisions.exclude(approved_go_live_at=None).values("pk")
    for revision in Revision.objects.filter(Q(pk__in=latest) | Q(pk__in=scheduled)).iterator():
        items = revision.content.get("tagged_items")
        if not items or not any(item.get("tag") == source.pk for item in items):
            continue
        kept, seen = [], set()
        for item in items:
            if item.get("tag") == source.pk:
                item = {**item, "tag": target.pk}
            if item.get("tag") in seen:
                continue
            seen.add(item.get("tag"))
            kept.append(item)
        revision.content["tagged_items"] = kept
        Revision.objects.filter(pk=revision.pk).update(content=revision.content)


@transaction.atomic
def tag_merge(*, source, target, moderator, reason=""):
    """Merge `source` into `target`: everything tagged with source is tagged with target instead (once), the source
    tag is deleted, its links redirect to target, and search re-indexes what carried either."""
    _require(moderator)
    if source.pk == target.pk:
        raise TagError(_("A tag cannot be merged into itself."))
    # Both locked in one statement, in id order, so two opposite merges at once cannot deadlock.
    locked = Tag.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk").in_bulk()
    if source.pk not in locked or target.pk not in locked:
        raise TagError(_("This tag no longer exists."))
    source, target = locked[source.pk], locked[target.pk]
    moved = 0
    for model in tagged_item_models():
        key = _object_key(model)
        already = model.objects.filter(tag=target).values_list(*key)
        rows = model.objects.filter(tag=source)
        for values in already:
            rows.filter(**dict(zip(key, values))).delete()
        moved += model.objects.filter(tag=source).update(tag=target)
    _rewrite_draft_revisions(source, target)
    TagRedirect.objects.filter(tag=source).update(tag=target)
    TagRedirect.objects.update_or_create(old_slug=source.slug, defaults={"old_name": source.name, "tag": target})
    _forget_former_slug(target.slug)
    if not TagDescription.objects.filter(tag=target).exclude(text="").exists():
        TagDescription.objects.filter(tag=source).update(tag=target)
    source_name, source_slug = source.name, source.slug
    source.delete()
    _reindex_everything_tagged(target)
    log(instance=target, action="curation.tag.merge", user=moderator,
        data={"source_name": source_name, "source_slug": source_slug, "name": target.name, "moved": moved,
              "reason": reason})
    return moved


@transaction.atomic
def tag_describe(*, tag, text, moderator, name_en=None, text_en=None):
    """Set what a tag means (empty to remove it) and, when given, its English name and description (None leaves
    them as they are). Returns False when nothing changed."""
    _require(moderator)
    current = TagDescription.objects.filter(tag=tag).first()
    before = {"text": current.text if current else "", "name_en": current.name_en if current else "",
              "text_en": current.text_en if current else ""}
    after = {"text": text, "name_en": before["name_en"] if name_en is None else name_en,
             "text_en": before["text_en"] if text_en is None else text_en}
    if after == before:
        return False
    TagDescription.objects.update_or_create(tag=tag, defaults=after)
    log(instance=tag, action="curation.tag.describe", user=moderator,
        data={"name": tag.name, "description": text, "name_en": after["name_en"], "description_en": after["text_en"]})
    return True
