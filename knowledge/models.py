"""Wagtail pages of the knowledge base: home, practice library, themes, practices, resources, events."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cop.core.pagination import KeysFirstPaginator, first_rows

from .blocks import PracticeStreamBlock
from .choices import PopulationBand
from .filters import PracticeFilter
from .privacy import visible_attachments

SIMPLE_RICH_TEXT = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class PracticeContext(models.TextChoices):
    COVID_QUARANTINE = "covid_quarantine", _("COVID-19 quarantine")
    ELECTIONS = "elections", _("elections")
    MARTIAL_LAW = "martial_law", _("martial law")
    REGULAR = "regular", _("regular conditions")


class HomePage(Page):
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = RichTextField(_("body"), blank=True, features=SIMPLE_RICH_TEXT)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("featured_practices", label=_("Featured practices"), max_num=6),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["knowledge.PracticeLibraryPage", "knowledge.ResourceIndexPage", "knowledge.EventIndexPage", "knowledge.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        library = PracticeLibraryPage.objects.child_of(self).live().first()
        featured = featured_practices(self.featured_practices.all())
        practices = PracticePage.objects.live().public().descendant_of(self)
        from forum.models import Topic
        from forum.permissions import forum_permissions

        readable = forum_permissions(request).readable_categories()
        context["latest_topics"] = (
            Topic.objects.filter(category__in=readable, post_count__gt=0)
            .select_related("category", "last_post__author")
            .order_by("-last_activity_at")[:5]
        )
        context.update(
            library=library,
            themes=ThemePage.objects.child_of(library).live().public().defer("body").order_by("path") if library else ThemePage.objects.none(),
            featured=featured,
            latest=first_rows(practices.order_by("-date", "-first_published_at").defer("body", "outcomes"), 6),
            upcoming_events=EventPage.objects.live().public().descendant_of(self).filter(start__gte=timezone.now()).order_by("start")[:3],
        )
        context.update(self.like_mine_context(request, library))
        return context

    like_mine_count = 4

    def like_mine_context(self, request, library):
        """"Practices from hromadas like yours" for an approved member with a hromada, an invitation to set one for
        a member without; nothing for anyone else. The library's own listing (live and public practices) is reused,
        so a restricted or draft practice never shows here either."""
        from cop.members.roles import is_member

        from .similar_places import likeness_for

        if library is None or not is_member(request.user):
            return {}
        likeness = likeness_for(request.user)
        if likeness is None:
            return {"like_mine_invite": True}
        practices = (
            library.practices().filter(likeness.practice_condition())
            .order_by("-date", "-first_published_at", "title")[: self.like_mine_count]
        )
        return {
            "like_mine": [(practice, likeness.reason_for(practice)) for practice in practices],
            "like_mine_place": likeness.describe(),
        }


class HomeFeaturedPractice(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_practices")
    practice = models.ForeignKey("knowledge.PracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("practice"))

    panels = [PageChooserPanel("practice", "knowledge.PracticePage")]


class StandardPage(Page):
    """Free-form page, e.g. "About" or members-only guidance (restrict it with Wagtail's page privacy)."""

    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = StreamField(PracticeStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["knowledge.HomePage", "knowledge.StandardPage"]
    subpage_types = ["knowledge.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class PracticeLibraryPage(Page):
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.ThemePage", "knowledge.PracticePage"]
    max_count_per_parent = 1
    page_size = 12

    class Meta:
        verbose_name = _("practice library")

    def practices(self):
        """The library's live public practices with what a card shows (its hromada or oblast). No themes or tags:
        the cards do not show them, and prefetching them cost 5 of the 7 ms of reading a page of 12 (issue #15)."""
        return PracticePage.objects.child_of(self).live().public().select_related("hromada", "oblast")

    def serve(self, request, *args, **kwargs):
        return self.former_tag_redirect(request) or super().serve(request, *args, **kwargs)

    def former_tag_redirect(self, request):
        """`?tag=<a slug renamed or merged away>` → the same filter with the tag's slug now. A 302, not a 301:
        a moderator may rename a tag back, and browsers would keep a permanent redirect."""
        from taggit.models import Tag

        from django.core.validators import slug_unicode_re

        slug = request.GET.get("tag", "")
        # Only something that can be a slug is looked up (a NUL byte is a DataError on PostgreSQL): the rest is
        # left to the filter form, which ignores it with a notice.
        if not slug or len(slug) > 100 or not slug_unicode_re.match(slug) or Tag.objects.filter(slug=slug).exists():
            return None
        former = TagRedirect.objects.filter(old_slug=slug).select_related("tag").first()
        if former is None:
            return None
        query = request.GET.copy()
        query["tag"] = former.tag.slug
        query.pop("page", None)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")

    def get_context(self, request, *args, **kwargs):
        from taggit.models import Tag

        context = super().get_context(request, *args, **kwargs)
        practice_filter = PracticeFilter(
            request.GET, practices=PracticePage.objects.child_of(self), themes=ThemePage.objects.child_of(self),
            user=request.user, cache_name=f"library-{self.pk}",
        )
        results = practice_filter.apply(self.practices())
        # The cards need no body: the sort and the slice run over keys, the page's twelve rows are read after.
        page = KeysFirstPaginator(results.defer("body", "outcomes"), self.page_size).get_page(request.GET.get("page"))
        context.update(filter=practice_filter, practices=page, page_obj=page, query=practice_filter.querystring())
        tag_slug = practice_filter.values.get("tag")
        context["tag"] = Tag.objects.filter(slug=tag_slug).select_related("description").first() if tag_slug else None
        return context


class ThemePage(Page):
    short_title = models.CharField(_("short title"), max_length=80, blank=True)
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = RichTextField(_("body"), blank=True, features=SIMPLE_RICH_TEXT)

    content_panels = Page.content_panels + [
        FieldPanel("short_title"), FieldPanel("intro"), FieldPanel("body"),
        InlinePanel("featured_practices", label=_("Featured practices"), max_num=6),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("short_title"), APIField("intro")]
    most_discussed_count = 5

    parent_page_types = ["knowledge.PracticeLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = (
            PracticePage.objects.live().public().filter(themes=self)
            .select_related("hromada", "oblast").order_by("-date", "title")
        )
        context["practices"] = KeysFirstPaginator(practices.defer("body", "outcomes"), 12).get_page(request.GET.get("page"))
        context["page_obj"] = context["practices"]
        context["resources"] = ResourcePage.objects.live().public().filter(themes=self).order_by("-date")[:6]
        context["events"] = EventPage.objects.live().public().filter(themes=self).order_by("-start")[:6]
        context["featured"] = featured_practices(self.featured_practices.all())
        context["most_discussed"] = self.most_discussed(request)
        return context

    def most_discussed(self, request):
        """The theme's practices with the most visible posts in their discussion, counting only discussions the
        visitor may read (Topic.post_count counts visible posts): one query."""
        from forum.permissions import forum_permissions

        readable = forum_permissions(request).readable_categories()
        return list(
            PracticePage.objects.live().public().filter(themes=self)
            .filter(discussion__post_count__gt=0, discussion__category__in=readable)
            .annotate(discussion_posts=models.F("discussion__post_count"))
            .order_by("-discussion_posts", "title")[: self.most_discussed_count]
        )


def featured_practices(items):
    """The chosen practices of a featured list, in its order, leaving out any that is not live and public: two
    queries whatever the length."""
    ids = [item.practice_id for item in items]
    visible = PracticePage.objects.live().public().filter(pk__in=ids).select_related("hromada", "oblast").defer("body", "outcomes").in_bulk()
    return [visible[pk] for pk in ids if pk in visible]


class ThemeFeaturedPractice(Orderable):
    page = ParentalKey(ThemePage, on_delete=models.CASCADE, related_name="featured_practices")
    practice = models.ForeignKey("knowledge.PracticePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("practice"))

    panels = [PageChooserPanel("practice", "knowledge.PracticePage")]


class PracticePageTag(TaggedItemBase):
    content_object = ParentalKey("knowledge.PracticePage", on_delete=models.CASCADE, related_name="tagged_items")


class PracticePage(Page):
    summary = models.TextField(_("summary"), max_length=500, help_text=_("One or two sentences shown in lists and search results."))
    body = StreamField(PracticeStreamBlock(), verbose_name=_("body"))
    themes = ParentalManyToManyField("knowledge.ThemePage", blank=True, related_name="practices", verbose_name=_("themes"))
    tags = ClusterTaggableManager(through=PracticePageTag, blank=True, verbose_name=_("tags"))
    hromada = models.ForeignKey(
        "places.Hromada", on_delete=models.SET_NULL, null=True, blank=True, related_name="practices", verbose_name=_("hromada")
    )
    oblast = models.ForeignKey(
        "places.Oblast", on_delete=models.SET_NULL, null=True, blank=True, related_name="practices", verbose_name=_("oblast")
    )
    population_band = models.CharField(
        _("population of the hromada"), max_length=20, choices=PopulationBand.choices, blank=True,
        help_text=_("Filled in from the hromada's population when left empty."),
    )
    period_start = models.DateField(_("started"), null=True, blank=True)
    period_end = models.DateField(_("ended"), null=True, blank=True, help_text=_("Leave empty if the practice is ongoing."))
    context = models.CharField(_("context"), max_length=30, choices=PracticeContext.choices, default=PracticeContext.REGULAR)
    outcomes = RichTextField(_("outcomes and evidence"), blank=True, features=SIMPLE_RICH_TEXT)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_role = models.CharField(_("contact person's position"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    date = models.DateField(_("date"), default=datetime.date.today, help_text=_("When the practice was described; used for the year filter."))
    review_by = models.DateField(_("review by"), null=True, blank=True, help_text=_("When the owner should check that the practice is still current."))
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="kept_practices",
        verbose_name=_("owner"), help_text=_("Who keeps this practice current."),
    )
    # The forum discussion this practice was curated from (curation.promotion), credited on the page. Separate from
    # Topic.practice ("the discussion of this practice"): a practice may grow out of one topic and be discussed in
    # another, and a topic already discussing a practice may still give rise to a new one.
    curated_from = models.ForeignKey(
        "forum.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="curated_practices",
        editable=False, verbose_name=_("curated from the discussion"),
    )
    external_id = models.CharField(_("external ID"), max_length=100, blank=True, db_index=True, editable=False)
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("themes", widget=forms.CheckboxSelectMultiple), FieldPanel("tags"), FieldPanel("context")],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("oblast"), FieldPanel("hromada")]), FieldPanel("population_band"),
             FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]), FieldPanel("date")],
            heading=_("Place and time"),
        ),
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")], heading=_("Contact")
        ),
        InlinePanel("related_links", label=_("Related practices")),
        MultiFieldPanel([FieldPanel("keeper"), FieldPanel("review_by")], heading=_("Upkeep")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("outcomes"),
        index.FilterField("date"),
        index.FilterField("oblast_id"),
        index.FilterField("hromada_id"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"), APIField("body"), APIField("date"), APIField("context"), APIField("population_band"),
        APIField("period_start"), APIField("period_end"), APIField("outcomes"), APIField("tags"),
        APIField("theme_slugs"), APIField("hromada_name"), APIField("oblast_name"),
        APIField("hromada_name_en"), APIField("oblast_name_en"),
    ]

    parent_page_types = ["knowledge.PracticeLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            # Newest first, and what the library's passes over every live practice read (its count, the years
            # and hromadas it offers). A practice row holds its StreamField body, several KB, so reading the date
            # or the hromada from the table touches a page of it or more per practice; this index holds them
            # alone. With the date first, the home page's newest practices are read from its end (SQLite 9.3 ->
            # 0.06 ms, PostgreSQL 7 -> 0.05 ms on 9,000 practices; issue #15). The key is in it for PostgreSQL's
            # index-only scans (SQLite has it in every index).
            models.Index(fields=["date", "page_ptr", "hromada", "oblast", "population_band"], name="practice_newest"),
        ]

    @property
    def theme_slugs(self):
        return [theme.slug for theme in self.themes.all()]

    @property
    def hromada_name(self):
        return self.hromada.name if self.hromada else None

    @property
    def oblast_name(self):
        return self.oblast.name if self.oblast else None

    @property
    def hromada_name_en(self):
        """The official English name (empty when none was entered), for API clients writing in English."""
        return (self.hromada.name_en or None) if self.hromada else None

    @property
    def oblast_name_en(self):
        return (self.oblast.name_en or None) if self.oblast else None

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The end date cannot be before the start date.")
        if self.hromada_id:
            if self.oblast_id and self.hromada.oblast_id != self.oblast_id:
                errors["hromada"] = _("This hromada is not in the selected oblast.")
            elif not self.oblast_id:
                self.oblast_id = self.hromada.oblast_id
            if not self.population_band:
                self.population_band = PopulationBand.for_population(self.hromada.population)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from forum.models import Topic
        from forum.permissions import forum_permissions

        context = super().get_context(request, *args, **kwargs)
        topic = Topic.objects.filter(practice=self).select_related("category").first()
        permissions = forum_permissions(request)
        context["discussion"] = topic if topic is not None and permissions.can_read_topic(topic) else None
        context["can_start_discussion"] = topic is None and permissions.can_post
        source = None
        if self.curated_from_id:
            source = Topic.objects.filter(pk=self.curated_from_id).select_related("category", "author").first()
        # A discussion the visitor may not read is credited without its title or link.
        context["curated_from"] = source
        context["curated_from_readable"] = source is not None and permissions.can_read_topic(source)
        return context

    @cached_property
    def related_practices(self):
        ids = [link.practice_id for link in self.related_links.all()]
        return list(PracticePage.objects.live().public().filter(pk__in=ids))

    @property
    def is_overdue_for_review(self):
        return bool(self.review_by and self.review_by < timezone.localdate())


class PracticeRelation(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="related_links")
    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("practice"))

    panels = [PageChooserPanel("practice", "knowledge.PracticePage")]


class ResourceIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.ResourcePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = ResourcePage.objects.child_of(self).live().public().order_by("-date", "title")
        kind = request.GET.get("kind")
        if kind in ResourcePage.Kind.values:
            resources = resources.filter(kind=kind)
        else:
            kind = ""
        context.update(resources=Paginator(resources, 20).get_page(request.GET.get("page")), kinds=ResourcePage.Kind.choices, kind=kind)
        context["page_obj"] = context["resources"]
        return context


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey("knowledge.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items")


class ResourcePage(Page):
    class Kind(models.TextChoices):
        HANDBOOK = "handbook", _("handbook")
        COURSE = "course", _("training course")
        REPORT = "report", _("report")
        GUIDE = "guide", _("guidance")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HANDBOOK)
    summary = models.TextField(_("summary"), max_length=500)
    body = StreamField(PracticeStreamBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField("knowledge.ThemePage", blank=True, related_name="resources", verbose_name=_("themes"))
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("tags"))
    date = models.DateField(_("date"), default=datetime.date.today)

    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("summary"), FieldPanel("body"),
        InlinePanel("downloads", label=_("Documents to download")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple), FieldPanel("tags"), FieldPanel("date"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"), index.FilterField("date"), index.FilterField("kind"),
    ]
    api_fields = [APIField("kind"), APIField("summary"), APIField("body"), APIField("date"), APIField("tags"), APIField("downloads")]
    parent_page_types = ["knowledge.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = visible_attachments(self.downloads.all(), request)
        return context


class ResourceDownload(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]
    api_fields = [APIField("document"), APIField("description")]


class EventIndexPage(Page):
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["knowledge.HomePage"]
    subpage_types = ["knowledge.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(self).live().public()
        now = timezone.now()
        context["upcoming"] = events.filter(start__gte=now).order_by("start")
        context["past"] = Paginator(events.filter(start__lt=now).order_by("-start"), 20).get_page(request.GET.get("page"))
        context["page_obj"] = context["past"]
        return context


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("knowledge.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class EventPage(Page):
    summary = models.TextField(_("summary"), max_length=500)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online = models.BooleanField(_("online"), default=False)
    oblast = models.ForeignKey("places.Oblast", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("oblast"))
    hromada = models.ForeignKey("places.Hromada", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hromada"))
    body = StreamField(PracticeStreamBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField("knowledge.ThemePage", blank=True, related_name="events", verbose_name=_("themes"))
    tags = ClusterTaggableManager(through=EventPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("online"), FieldRowPanel([FieldPanel("oblast"), FieldPanel("hromada")])], heading=_("Place")),
        FieldPanel("body"),
        InlinePanel("materials", label=_("Materials")),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple), FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"), index.SearchField("place"), index.FilterField("start")]
    api_fields = [APIField("summary"), APIField("start"), APIField("end"), APIField("place"), APIField("online"), APIField("body"), APIField("tags"), APIField("materials")]
    parent_page_types = ["knowledge.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = visible_attachments(self.materials.all(), request)
        return context

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.now()


class EventMaterial(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]
    api_fields = [APIField("document"), APIField("description")]


class TagDescription(models.Model):
    """What a tag means, written by moderators (curation.tags) and shown where the tag is listed. Tags themselves are
    taggit's, shared by the library and the forum."""

    tag = models.OneToOneField("taggit.Tag", on_delete=models.CASCADE, related_name="description", verbose_name=_("tag"))
    text = models.TextField(_("description"), max_length=500, blank=True)
    # Tags are named in Ukrainian; English pages show these when moderators have written them.
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    text_en = models.TextField(_("description in English"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tag description")

    def __str__(self):
        return self.text


class TagRedirect(models.Model):
    """A tag's former slug (before a rename or a merge), so old links to it still find what carried it."""

    old_slug = models.SlugField(_("former slug"), max_length=100, unique=True, allow_unicode=True)
    old_name = models.CharField(_("former name"), max_length=100)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="redirects", verbose_name=_("tag"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("former tag slug")

    def __str__(self):
        return f"{self.old_slug} → {self.tag_id}"
