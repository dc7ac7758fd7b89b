"""Bulk import of good practices from JSON Lines: validate each line, create or update, never stop at a bad line."""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field

import nh3
from django.db import transaction
from django.utils.text import slugify
from markdown_it import MarkdownIt
from wagtail.models import Locale, Page

from cop.core.text import clean_multi_line, clean_single_line
from cop.places.models import Hromada, Oblast

from .models import PopulationBand, PracticeLibraryPage, PracticePage, ThemePage

LANGUAGES = {"uk", "en"}
KNOWN_FIELDS = {"external_id", "title", "summary", "body", "theme", "tags", "hromada", "oblast", "region", "language", "date"}
LIMITS = {"external_id": 100, "title": 255, "summary": 500, "body": 200_000, "theme": 255, "hromada": 150, "oblast": 100, "tag": 100}
MAX_TAGS = 30
ALLOWED_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "b", "i", "strong", "em", "a", "blockquote", "br"}
_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False})


class LineError(Exception):
    """A line that cannot be imported; the message says why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    validated: int = 0
    errors: list = field(default_factory=list)  # (line number, reason)
    warnings: list = field(default_factory=list)

    @property
    def failed(self):
        return len(self.errors)


def body_to_html(text):
    """Markdown (or plain paragraphs) to sanitised rich-text HTML in Wagtail's heading levels."""
    html = nh3.clean(
        _markdown.render(text),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    html = re.sub(r"<(/?)h[4-6]>", r"<\1h3>", html)
    html = html.replace("<strong>", "<b>").replace("</strong>", "</b>").replace("<em>", "<i>").replace("</em>", "</i>")
    return html.strip()


# Single-line fields are cleaned as on every save (cop.core.text), before they are checked and looked up: a title
# of invisible characters only is "missing", and a tag differing from a stored one only by a zero-width space is
# that tag, not a second one.
SINGLE_LINE = {"external_id", "title", "theme", "hromada", "oblast", "region", "language", "date"}


def _text(record, name, *, required=False):
    value = record.get(name)
    if isinstance(value, str):
        value = clean_single_line(value) if name in SINGLE_LINE else clean_multi_line(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise LineError(f"missing required field '{name}'")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "external_id":
        value = str(value)
    if not isinstance(value, str):
        raise LineError(f"field '{name}' must be a string")
    value = value.strip()
    limit = LIMITS.get(name)
    if limit and len(value) > limit:
        raise LineError(f"field '{name}' is too long ({len(value)} characters, at most {limit})")
    return value


def parse_line(raw):
    """Validate one decoded line; returns a clean dict or raises LineError."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise LineError("each line must be a JSON object")
    clean = {
        "external_id": _text(record, "external_id", required=True),
        "title": _text(record, "title", required=True),
        "summary": _text(record, "summary"),
        "body": _text(record, "body"),
        "theme": _text(record, "theme"),
        "hromada": _text(record, "hromada"),
    }
    if record.get("oblast") not in (None, "") and record.get("region") not in (None, "") and record["oblast"] != record["region"]:
        raise LineError("fields 'oblast' and 'region' disagree")
    clean["oblast"] = _text(record, "oblast") or _text(record, "region")
    language = record.get("language") or "uk"
    if language not in LANGUAGES:
        raise LineError(f"unknown language '{language}' (use 'uk' or 'en')")
    clean["language"] = language
    tags = record.get("tags") or []
    if isinstance(tags, str):
        tags = [t for t in (part.strip() for part in tags.split(",")) if t]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise LineError("field 'tags' must be a list of strings")
    tags = list(dict.fromkeys(t for t in (clean_single_line(tag) for tag in tags) if t))
    if len(tags) > MAX_TAGS:
        raise LineError(f"too many tags ({len(tags)}, at most {MAX_TAGS})")
    for tag in tags:
        if len(tag) > LIMITS["tag"]:
            raise LineError(f"tag is too long ({len(tag)} characters, at most {LIMITS['tag']})")
    clean["tags"] = tags
    date = record.get("date")
    if date in (None, ""):
        clean["date"] = None
    else:
        if not isinstance(date, str):
            raise LineError("field 'date' must be an ISO date string such as 2020-06-18")
        try:
            clean["date"] = datetime.date.fromisoformat(date[:10]) if len(date) > 10 and date[10] == "T" else datetime.date.fromisoformat(date)
        except ValueError:
            raise LineError(f"bad date '{date[:40]}' (use YYYY-MM-DD)") from None
    clean["unknown"] = sorted(set(record) - KNOWN_FIELDS)
    clean["hash"] = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return clean


def _find_oblast(name):
    if not name:
        return None
    wanted = name.casefold().strip()
    for oblast in Oblast.objects.all():
        names = {oblast.name.casefold(), oblast.name_en.casefold(), oblast.slug, oblast.name.casefold().replace(" область", "")}
        names.add(oblast.name_en.casefold().replace(" oblast", ""))
        if wanted in names:
            return oblast
    raise LineError(f"unknown oblast '{name}'")


def _find_hromada(name, oblast, *, create):
    if not name:
        return None
    candidates = Hromada.objects.filter(name__iexact=name) | Hromada.objects.filter(name_en__iexact=name)
    if oblast:
        candidates = candidates.filter(oblast=oblast)
    found = list(candidates.distinct()[:2])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise LineError(f"hromada '{name}' is ambiguous: give its oblast")
    if not oblast:
        raise LineError(f"unknown hromada '{name}' (give its oblast to create it)")
    if not create:
        return None
    slug = _unique_slug(Hromada, slugify(f"{name}-{oblast.slug}", allow_unicode=False) or "hromada")
    return Hromada.objects.create(name=name, slug=slug, oblast=oblast)


def _unique_slug(model, base):
    slug, n = base[:140], 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:130]}-{n}"
    return slug


class PracticeImporter:
    def __init__(self, *, draft=False, dry_run=False, user=None):
        self.draft = draft
        self.dry_run = dry_run
        self.user = user
        self.report = ImportReport()
        self._libraries = {}

    def library_for(self, language):
        if language in self._libraries:
            return self._libraries[language]
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise LineError(f"language '{language}' is not enabled on this site")
        library = PracticeLibraryPage.objects.filter(locale=locale).first()
        if library is None:
            source = PracticeLibraryPage.objects.filter(locale__language_code="uk").first()
            if source is None:
                raise LineError("the site has no practice library page")
            if self.dry_run:
                return None
            library = source.copy_for_translation(locale, copy_parents=True)
            library.save_revision().publish()
        self._libraries[language] = library
        return library

    def import_lines(self, lines, progress=None):
        """lines: an iterable of bytes or str, read lazily."""
        for number, raw in enumerate(lines, start=1):
            if isinstance(raw, bytes):
                try:
                    raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    self.report.errors.append((number, "not valid UTF-8"))
                    continue
            if not raw.strip():
                continue
            try:
                record = parse_line(raw)
                for name in record["unknown"]:
                    self.report.warnings.append((number, f"unknown field '{name}' ignored"))
                if not self.dry_run:
                    with transaction.atomic():
                        outcome = self.save(record)
                else:
                    self.check_references(record)
                    outcome = "validated"
                setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            except LineError as exc:
                self.report.errors.append((number, str(exc)))
            if progress and number % 100 == 0:
                progress(number, self.report)
        return self.report

    def check_references(self, record):
        oblast = _find_oblast(record["oblast"])
        _find_hromada(record["hromada"], oblast, create=False)

    def theme_for(self, name, library):
        if not name:
            return None
        theme = ThemePage.objects.child_of(library).filter(title__iexact=name).first()
        if theme is None:
            theme = ThemePage(title=name, slug=_unique_child_slug(library, name), locale=library.locale)
            library.add_child(instance=theme)
            theme.save_revision().publish()
        return theme

    def save(self, record):
        library = self.library_for(record["language"])
        existing = PracticePage.objects.filter(external_id=record["external_id"], locale=library.locale).first()
        if existing and existing.import_hash == record["hash"] and (self.draft or existing.live):
            return "unchanged"
        oblast = _find_oblast(record["oblast"])
        hromada = _find_hromada(record["hromada"], oblast, create=True)
        if hromada and not oblast:
            oblast = hromada.oblast
        theme = self.theme_for(record["theme"], library)
        page = existing or PracticePage(locale=library.locale, external_id=record["external_id"])
        page.title = record["title"]
        page.draft_title = record["title"]
        page.summary = record["summary"]
        html = body_to_html(record["body"]) if record["body"] else ""
        page.body = [("paragraph", html)] if html else []
        page.hromada = hromada
        page.oblast = oblast
        page.population_band = PopulationBand.for_population(hromada.population) if hromada else ""
        if record["date"]:
            page.date = record["date"]
        page.import_hash = record["hash"]
        if existing is None:
            page.slug = _unique_child_slug(library, record["title"])
            counterpart = PracticePage.objects.filter(external_id=record["external_id"]).exclude(locale=library.locale).first()
            if counterpart is not None:
                page.translation_key = counterpart.translation_key
            page.live = not self.draft
            library.add_child(instance=page)
        page.tags.clear()
        page.tags.add(*record["tags"])
        page.themes.set([theme] if theme else [])
        revision = page.save_revision(user=self.user, log_action=True)
        if not self.draft:
            revision.publish(user=self.user)
        return "updated" if existing else "created"


def _unique_child_slug(parent, title):
    base = slugify(title, allow_unicode=True)[:200] or "practice"
    siblings = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in siblings:
        n += 1
        slug = f"{base}-{n}"
    return slug
