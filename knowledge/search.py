"""How the knowledge base goes into search: practices, resources and events, and the changes that re-index them."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cop.search.embedded import Document
from cop.search.outbox import enqueue
from cop.search.sources import page_audience, page_audiences, page_subtree, stream_text, tags_by_object
from cop.search.text import blocks_text

# Reviewed library content ranks a little above a discussion with the same words.
CURATED_BOOST = {"practice": 1.4, "resource": 1.2}


class KnowledgeSource:
    kinds = ("practice", "resource", "event")

    @staticmethod
    def models():
        from .models import EventPage, PracticePage, ResourcePage

        return {"practice": PracticePage, "resource": ResourcePage, "event": EventPage}

    def kind_of(self, content_type_model):
        return {model._meta.model_name: kind for kind, model in self.models().items()}.get(content_type_model)

    def document(self, kind, pk):
        page = self.models()[kind].objects.select_related("locale").filter(pk=pk).first()
        return self.page_document(kind, page) if page is not None else None

    def documents(self, kind, pks):
        """Many pages at once (a rebuild): locales, oblasts, themes, tags and view restrictions in a few queries."""
        model = self.models()[kind]
        related = [name for name in ("oblast",) if hasattr(model, name)]
        prefetched = [name for name in ("themes",) if hasattr(model, name)]
        pages = list(model.objects.filter(pk__in=pks).select_related("locale", *related).prefetch_related(*prefetched))
        audiences = page_audiences(pages)
        tags = tags_by_object(model.tags.through, pks) if hasattr(model, "tags") else {}
        root_paths = Site.get_site_root_paths()
        for page in pages:  # what page.url would look up once per page (Wagtail keeps it on the page it is given)
            page._wagtail_cached_site_root_paths = root_paths
        return {page.pk: self.page_document(kind, page, audience=audiences[page.pk], tags=tags.get(page.pk, []))
                for page in pages}

    def page_document(self, kind, page, audience=..., tags=None):
        if not page.live:
            return None
        if audience is ...:
            audience = page_audience(page)
        if audience is None:
            return None
        themes = list(page.themes.all()) if hasattr(page, "themes") else []
        date = getattr(page, "date", None) or (page.start.date() if getattr(page, "start", None) else None)
        body = blocks_text([
            getattr(page, "summary", ""), stream_text(getattr(page, "body", None)),
            getattr(page, "outcomes", "") or "", getattr(page, "place", ""),
        ])
        oblast = getattr(page, "oblast", None)
        return Document(
            key=f"{kind}:{page.pk}", type=kind, title=page.title, url=page.url or "", body=body,
            tags=tags if tags is not None else [t.name for t in page.tags.all()] if hasattr(page, "tags") else [],
            theme=themes[0].slug if themes else "", oblast=oblast.slug if oblast else "",
            date=date.isoformat() if date else "", audience=audience, boost=CURATED_BOOST.get(kind, 1.0),
            # A page and its translations share Wagtail's translation_key: search shows them as one result.
            language=(page.locale.language_code or "")[:2], group=str(page.translation_key),
        )

    def keys(self):
        for kind, model in self.models().items():
            for pk in model.objects.live().values_list("pk", flat=True).order_by("pk"):
                yield f"{kind}:{pk}"

    def subtree_keys(self, page):
        keys = []
        for descendant in page_subtree(page):
            kind = self.kind_of(descendant.content_type.model)
            if kind:
                keys.append(f"{kind}:{descendant.pk}")
        return keys

    def tagged_keys(self, tag_ids):
        from .models import EventPageTag, PracticePageTag, ResourcePageTag

        keys = []
        for kind, through in (("practice", PracticePageTag), ("resource", ResourcePageTag), ("event", EventPageTag)):
            keys += [f"{kind}:{pk}" for pk in through.objects.filter(tag_id__in=tag_ids).values_list("content_object_id", flat=True)]
        return keys

    def connect(self):
        def page_changed(sender, instance, **kwargs):
            enqueue(*self.subtree_keys(instance))

        def privacy_changed(sender, instance, **kwargs):
            page = Page.objects.filter(pk=instance.page_id).first()
            if page is not None:
                enqueue(*self.subtree_keys(page))

        def privacy_groups_changed(sender, instance, action, pk_set=None, **kwargs):
            # The groups of a restriction are saved after the restriction itself (the Wagtail admin's
            # form.save_m2m()): outside a transaction, the job enqueued on post_save has already run with
            # the old groups, so the change of groups must enqueue again.
            if action not in ("post_add", "post_remove", "post_clear"):
                return
            if isinstance(instance, PageViewRestriction):
                privacy_changed(sender, instance)
            elif pk_set:  # changed from the group's side
                for restriction in PageViewRestriction.objects.filter(pk__in=pk_set):
                    privacy_changed(sender, restriction)

        def tag_renamed(sender, instance, created, **kwargs):
            if not created:
                enqueue(*self.tagged_keys([instance.pk]))

        page_published.connect(page_changed, weak=False, dispatch_uid="knowledge-search-published")
        page_unpublished.connect(page_changed, weak=False, dispatch_uid="knowledge-search-unpublished")
        post_page_move.connect(page_changed, weak=False, dispatch_uid="knowledge-search-moved")
        pre_delete.connect(page_changed, sender=Page, weak=False, dispatch_uid="knowledge-search-deleted")
        post_save.connect(privacy_changed, sender=PageViewRestriction, weak=False, dispatch_uid="knowledge-search-privacy")
        post_delete.connect(privacy_changed, sender=PageViewRestriction, weak=False, dispatch_uid="knowledge-search-privacy-del")
        m2m_changed.connect(privacy_groups_changed, sender=PageViewRestriction.groups.through, weak=False,
                            dispatch_uid="knowledge-search-privacy-groups")
        post_save.connect(tag_renamed, sender=Tag, weak=False, dispatch_uid="knowledge-search-tag-renamed")


def theme_titles(slugs, english):
    """Theme titles for theme slugs, in English when asked and translated, else in Ukrainian."""
    from .models import ThemePage

    titles = {}
    for slug, title, language in ThemePage.objects.filter(slug__in=slugs).values_list("slug", "title", "locale__language_code"):
        if slug not in titles or (language == "en") == english:
            titles[slug] = title
    return titles


def tag_names(names, english):
    """English names for tag names (the values of the search's tag facet), where moderators have given them."""
    if not english:
        return {}
    from .models import TagDescription

    return dict(TagDescription.objects.filter(tag__name__in=names).exclude(name_en="").values_list("tag__name", "name_en"))


def like_mine_signal(user):
    """"Practices from hromadas like mine" as a ranking signal of search (knowledge/similar_places.py): every live
    practice from a hromada like the member's, with its closeness + 1 as points."""
    from cop.search.registry import Signal

    from .models import PracticePage
    from .similar_places import likeness_for

    likeness = likeness_for(user)
    if likeness is None:
        return None
    practices = likeness.with_closeness(PracticePage.objects.live().filter(likeness.practice_condition()))
    points = {f"practice:{pk}": closeness + 1 for pk, closeness in practices.values_list("pk", "closeness")}
    return Signal(points, likeness.describe() or likeness.hromada_name)
