"""Load the knowledge base demo content (practices, resources, events) idempotently.

The content comes from demo/knowledge/*.yaml (knowledge.demo_content). Pages are published as an editor would,
then moved back to when they "were" published (a few days after the practice or report, a few weeks before the
event) and last updated, so the demo does not look written today.
"""

import datetime
import zlib

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, PageLogEntry, PageViewRestriction

from cop.core import demo_data
from cop.places.models import Hromada, Oblast

from . import demo_content
from .models import (
    EventIndexPage, EventMaterial, EventPage, HomeFeaturedPractice, HomePage, PracticeLibraryPage,
    PracticePage, PracticeRelation, ResourceDownload, ResourceIndexPage, ResourcePage, StandardPage, ThemePage,
)

# The English home page and themes: translations of cop.core.demo_data.HOME_INTRO, HOME_BODY and of each theme's
# short title and body (the THEMES tuples hold only the English title and intro).
HOME_INTRO_EN = (
    "A space where officials of hromadas and oblasts, national institutions and experts share proven practices of "
    "local governance, ask colleagues questions and find advice for their work."
)
HOME_BODY_EN = (
    "<h2>About the community</h2>"
    "<p>The community of practice grew out of the programme of the Council of Europe Congress of Local and Regional "
    "Authorities “Strengthening democracy and trust at local level”. It brings together the experience of hromadas "
    "that worked under quarantine, organised elections during the COVID-19 pandemic, opened up their work to residents "
    "and involved young people in decision-making.</p>"
    "<p>Anyone can read the materials. To publish practices and take part in discussions, apply for membership: "
    "a moderator will review your application.</p>"
)
THEMES_EN = {
    "vriaduvannia-pid-chas-karantynu": (
        "Quarantine",
        "<p>The pandemic made local authorities move quickly to remote sessions, electronic services and targeted "
        "help. This theme brings together practices that helped hromadas keep their decisions transparent and keep "
        "residents’ trust in a crisis.</p>",
    ),
    "vybory-pid-chas-covid-19": (
        "Elections",
        "<p>The 2020 local elections took place during the pandemic. Hromadas and electoral commissions looked for ways "
        "to protect the health of voters and commission members without restricting their rights. A separate question "
        "is the electoral rights of internally displaced persons, which the Council of Europe Congress recommended "
        "guaranteeing in local elections.</p>",
    ),
    "vidkryte-uriaduvannia": (
        "Openness",
        "<p>Open government means transparent decisions, accessible data and real participation of residents. "
        "The cities of Zhytomyr, Ternopil and Vinnytsia formed the “Open offices” partnership to share tools of "
        "openness and develop them together.</p>",
    ),
    "genderna-rivnist": (
        "Gender",
        "<p>Equal participation of women and men in local politics makes for better decisions. Here you will find "
        "practices of hromadas, the handbook “Open government: how it works” and the materials of the training course "
        "“Gender initiatives at local level” for officials and civil society organisations.</p>",
    ),
    "uchast-molodi": (
        "Youth",
        "<p>Young people from the east of Ukraine whose lives were changed by the war are becoming active participants "
        "in local democracy: they set up youth councils, prepare projects and influence the decisions of their "
        "hromadas.</p>",
    ),
    "prava-liudyny": (
        "Human rights",
        "<p>Local authorities are closest to people and are the first to answer for access to services, housing and "
        "participation in community life. The practices of this theme show how hromadas integrate internally displaced "
        "persons and take human rights into account in everyday decisions.</p>",
    ),
    "merezha-mistsevoi-demokratii": (
        "Network",
        "<p>The Network of local democracy brings together hromadas that want to improve the quality of governance and "
        "involve residents in decision-making, based on the principles of the European Charter of Local "
        "Self-Government.</p>",
    ),
}


def _blocks(body):
    """Demo block tuples to StreamField data; tables become TableBlock values."""
    blocks = []
    for kind, value in body:
        if kind == "table":
            value = {
                "data": [value["header"]] + value["rows"],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": value.get("caption", ""),
            }
        blocks.append((kind, value))
    return blocks


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _datetime(text):
    return timezone.make_aware(datetime.datetime.fromisoformat(text)) if text else None


def _publication(day, key, *, ahead=False):
    """When a demo page was first published and last updated: a few days after `day` (`ahead`: a few weeks before),
    updated a few weeks later; never in the last days, so nothing in the demo looks published today.

    The spread comes from `key`, so every load gives a page the same dates and pages differ from each other.
    """
    spread = zlib.crc32(key.encode("utf-8"))
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    days = -(21 + spread % 21) if ahead else 2 + spread % 9
    first = moment + datetime.timedelta(days=days, minutes=spread % 420)
    last = first + datetime.timedelta(days=10 + spread % 40, minutes=spread % 300)
    latest = timezone.now() - datetime.timedelta(days=3)
    return min(first, latest - datetime.timedelta(days=30)), min(last, latest)


def _translated(dates, key):
    """A translation's dates: published and updated a few days after the original's."""
    lag = datetime.timedelta(days=2 + zlib.crc32(key.encode("utf-8")) % 7)
    latest = timezone.now() - datetime.timedelta(days=3)
    return tuple(min(moment + lag, latest) for moment in dates)


def _backdate(page, first, last):
    """Wagtail's publish() stamps now; move the page, its revisions and its history to `first` and `last`."""
    Page.objects.filter(pk=page.pk).update(
        first_published_at=first, last_published_at=last, latest_revision_created_at=last,
    )
    page.revisions.update(created_at=first)
    page.revisions.filter(pk=page.latest_revision_id).update(created_at=last)
    history = PageLogEntry.objects.filter(page=page)
    history.update(timestamp=first)
    last_publish = history.filter(action="wagtail.publish").order_by("-pk").first()
    if last_publish is not None:
        history.filter(pk=last_publish.pk).update(timestamp=last)
    page.first_published_at, page.last_published_at, page.latest_revision_created_at = first, last, last


def _practice(data, locale):
    """A new (unsaved) practice page from its demo data."""
    hromada = Hromada.objects.filter(slug=data.get("hromada")).first() if data.get("hromada") else None
    return PracticePage(
        title=data["title"], slug=data["slug"], summary=data["summary"], body=_blocks(data["body"]),
        hromada=hromada, oblast=Oblast.objects.get(slug=data["oblast"]) if data.get("oblast") else (hromada.oblast if hromada else None),
        population_band=data.get("population_band") or "", period_start=_date(data.get("period_start")),
        period_end=_date(data.get("period_end")), context=data.get("context") or "regular",
        outcomes=data.get("outcomes", ""), contact_name=data.get("contact_name", ""),
        contact_role=data.get("contact_role", ""), contact_email=data.get("contact_email", ""),
        date=_date(data["date"]), review_by=_date(data["date"]) + datetime.timedelta(days=730),
        locale=locale,
    )


class KnowledgeDemo:
    def __init__(self, write=print):
        self.write = write
        self.uk = Locale.objects.get(language_code="uk")
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        self.home = HomePage.objects.get(locale=self.uk)
        self.library = PracticeLibraryPage.objects.get(locale=self.uk)
        self.resources = ResourceIndexPage.objects.get(locale=self.uk)
        self.events = EventIndexPage.objects.get(locale=self.uk)
        self.created = 0

    def run(self):
        self.load_places()
        self.translate_structure()
        themes = self.load_themes()
        practices = self.load_practices(themes)
        self.load_english_practices(themes)
        self.load_resources(themes)
        self.load_events(themes)
        self.load_members_only_page()
        self.feature(practices)
        return self.created

    def publish(self, page):
        page.save_revision().publish()
        self.created += 1

    def load_tag_names(self):
        """English names and descriptions of the tags that exist (run after every app's demo content has tagged
        what it tags). A description a moderator has written since is kept."""
        from taggit.models import Tag

        from .models import TagDescription

        tags = Tag.objects.in_bulk([entry["name"] for entry in demo_content.TAGS], field_name="name")
        for entry in demo_content.TAGS:
            tag = tags.get(entry["name"])
            if tag is None:
                continue
            about, _ = TagDescription.objects.get_or_create(tag=tag)
            changed = False
            for field, value in (("name_en", entry["name_en"]), ("text", entry["description"]),
                                 ("text_en", entry["description_en"])):
                if value and not getattr(about, field):
                    setattr(about, field, value)
                    changed = True
            if changed:
                about.save()

    def load_places(self):
        for slug, name, name_en, oblast_slug, kind, population in demo_data.HROMADAS + demo_content.EXTRA_HROMADAS:
            Hromada.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "name_en": name_en, "oblast": Oblast.objects.get(slug=oblast_slug), "kind": kind, "population": population},
            )

    def translate(self, page, **fields):
        """The English translation of a page, created (and its fields set) on first run only."""
        translation = page.get_translation_or_none(self.en)
        if translation is not None:
            return translation
        translation = page.copy_for_translation(self.en, copy_parents=True)
        for name, value in fields.items():
            setattr(translation, name, value)
        if "title" in fields:
            translation.draft_title = fields["title"]
        self.publish(translation)
        return translation

    def translate_structure(self):
        if not self.home.body:
            self.home.intro = demo_data.HOME_INTRO
            self.home.body = demo_data.HOME_BODY
            self.home.save_revision().publish()
        self.translate(self.home, title="Community of practice of local democracy", intro=HOME_INTRO_EN, body=HOME_BODY_EN)
        self.translate(self.library, title="Practice library", intro="Reviewed practices of hromadas and oblasts: what they did, in which context, with what result.")
        self.translate(self.resources, title="Resources", intro="Handbooks, training courses and reports of the programme.")
        self.translate(self.events, title="Events", intro="Seminars, exchanges and meetings of the community.")

    def load_themes(self):
        themes = {}
        for slug, title, short, intro, body, title_en, intro_en in demo_data.THEMES:
            theme = ThemePage.objects.child_of(self.library).filter(slug=slug).first()
            if theme is None:
                theme = ThemePage(title=title, slug=slug, short_title=short, intro=intro, body=body, locale=self.uk)
                self.library.add_child(instance=theme)
                self.publish(theme)
            themes[slug] = theme
            short_en, body_en = THEMES_EN[slug]
            themes[(slug, "en")] = self.translate(theme, title=title_en, short_title=short_en, intro=intro_en, body=body_en)
        return themes

    def load_practices(self, themes):
        practices = {}
        for data in demo_content.PRACTICES:
            practice = PracticePage.objects.child_of(self.library).filter(slug=data["slug"]).first()
            if practice is None:
                practice = _practice(data, self.uk)
                practice.themes = [themes[slug] for slug in data["themes"]]
                self.library.add_child(instance=practice)
                practice.tags.add(*data["tags"])
                self.publish(practice)
                _backdate(practice, *_publication(practice.date, data["slug"]))
            practices[data["slug"]] = practice
        for data in demo_content.PRACTICES:
            practice = practices[data["slug"]]
            if data.get("related") and not practice.related_links.exists():
                for order, slug in enumerate(data["related"]):
                    PracticeRelation.objects.create(page=practice, practice=practices[slug], sort_order=order)
            english = data.get("en")
            if english:
                translated = practice.get_translation_or_none(self.en)
                if translated is None:
                    translated = self.translate(
                        practice, title=english["title"], summary=english["summary"], body=_blocks(english["body"]),
                        outcomes=english.get("outcomes", ""),
                    )
                    translated.themes.set([themes[(slug, "en")] for slug in data["themes"]])
                    translated.save_revision().publish()
                    _backdate(translated, *_translated((practice.first_published_at, practice.last_published_at), data["slug"]))
        return practices

    def load_english_practices(self, themes):
        """Practices that exist only in English: pages of the English library, not translations of a Ukrainian page."""
        library = self.library.get_translation(self.en)
        for data in demo_content.ENGLISH_PRACTICES:
            if PracticePage.objects.child_of(library).filter(slug=data["slug"]).exists():
                continue
            practice = _practice(data, self.en)
            practice.themes = [themes[(slug, "en")] for slug in data["themes"]]
            library.add_child(instance=practice)
            practice.tags.add(*data["tags"])
            self.publish(practice)
            _backdate(practice, *_publication(practice.date, data["slug"]))

    def document(self, spec, collection):
        Document = get_document_model()
        existing = Document.objects.filter(title=spec["title"]).first()
        if existing:
            return existing
        filename = spec["filename"].rsplit(".", 1)[0] + ".txt"
        document = Document(title=spec["title"], collection=collection)
        document.file.save(filename, ContentFile(spec["text"].encode("utf-8")), save=False)
        document.save()
        return document

    def members_collection(self):
        root = Collection.get_first_root_node()
        collection = Collection.objects.filter(name="Матеріали для учасників").first()
        if collection is None:
            collection = root.add_child(name="Матеріали для учасників")
            restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
            restriction.groups.add(Group.objects.get(name="Member"))
        return collection

    def load_resources(self, themes):
        public = Collection.get_first_root_node()
        for data in demo_content.RESOURCES:
            resource = ResourcePage.objects.child_of(self.resources).filter(slug=data["slug"]).first()
            if resource is None:
                resource = ResourcePage(
                    title=data["title"], slug=data["slug"], kind=data["kind"], summary=data["summary"],
                    body=_blocks(data["body"]), date=_date(data["date"]), locale=self.uk,
                )
                resource.themes = [themes[slug] for slug in data["themes"]]
                self.resources.add_child(instance=resource)
                resource.tags.add(*data.get("tags", []))
                for order, spec in enumerate(data.get("documents", [])):
                    ResourceDownload.objects.create(page=resource, document=self.document(spec, public), sort_order=order)
                self.publish(resource)
                _backdate(resource, *_publication(resource.date, data["slug"]))
            if data.get("en") and resource.get_translation_or_none(self.en) is None:
                translated = self.translate(
                    resource, title=data["en"]["title"], summary=data["en"]["summary"], body=_blocks(data["en"].get("body", [])),
                )
                _backdate(translated, *_translated((resource.first_published_at, resource.last_published_at), data["slug"]))

    def load_events(self, themes):
        public = Collection.get_first_root_node()
        for data in demo_content.EVENTS:
            event = EventPage.objects.child_of(self.events).filter(slug=data["slug"]).first()
            if event is None:
                event = self.load_event(data, themes, public)
            if data["en"] and event.get_translation_or_none(self.en) is None:
                english = data["en"]
                translated = self.translate(
                    event, slug=english["slug"], title=english["title"], summary=english["summary"], place=english["place"],
                    body=_blocks(english["body"]), themes=[themes[(slug, "en")] for slug in data["themes"]],
                )
                _backdate(translated, *_translated((event.first_published_at, event.last_published_at), data["slug"]))

    def load_event(self, data, themes, public):
        event = EventPage(
            title=data["title"], slug=data["slug"], summary=data["summary"], start=_datetime(data["start"]),
            end=_datetime(data.get("end")), place=data.get("place", ""), online=data.get("online", False),
            oblast=Oblast.objects.filter(slug=data.get("oblast")).first() if data.get("oblast") else None,
            body=_blocks(data["body"]), locale=self.uk,
        )
        event.themes = [themes[slug] for slug in data["themes"]]
        self.events.add_child(instance=event)
        event.tags.add(*data.get("tags", []))
        collection = self.members_collection() if data.get("members_only") else public
        for order, spec in enumerate(data.get("materials", [])):
            EventMaterial.objects.create(page=event, document=self.document(spec, collection), sort_order=order)
        self.publish(event)
        _backdate(event, *_publication(timezone.localdate(event.start), data["slug"], ahead=True))
        return event

    def load_members_only_page(self):
        if StandardPage.objects.child_of(self.home).filter(slug="dlia-uchasnykiv").exists():
            return
        page = StandardPage(
            title="Для учасників: як готувати практику до публікації",
            slug="dlia-uchasnykiv",
            intro="Внутрішні настанови для учасників спільноти: як описати практику, щоб колеги могли її повторити.",
            body=[
                ("heading", "Що має бути в описі"),
                ("paragraph", "<p>Опишіть контекст громади, проблему, кроки, ресурси, результати та контактну особу. "
                              "Додайте документи: рішення ради, звіти, фото (з дозволу людей на них).</p>"),
                ("heading", "Перевірка модератором"),
                ("paragraph", "<p>Модератор перевіряє точність, повноту й відсутність персональних даних і публікує практику "
                              "або повертає її з коментарями.</p>"),
            ],
            locale=self.uk,
        )
        self.home.add_child(instance=page)
        self.publish(page)
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="Member"))

    def feature(self, practices):
        """The first three practices on the Ukrainian home page, the first three translated ones on the English."""
        english = [page for page in (practice.get_translation_or_none(self.en) for practice in practices.values()) if page]
        for home, chosen in ((self.home, list(practices.values())[:3]), (self.home.get_translation(self.en), english[:3])):
            if not home.featured_practices.exists():
                for order, practice in enumerate(chosen):
                    HomeFeaturedPractice.objects.create(page=home, practice=practice, sort_order=order)
