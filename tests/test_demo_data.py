"""The demo content as data: the YAML files of demo/, how a mistake in them is reported, and realistic page dates."""

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from wagtail.models import PageLogEntry

from cop.core.demo_files import DemoDataError
from forum import demo_content as forum_content
from knowledge import demo_content
from knowledge.models import EventPage, PracticePage, ResourcePage

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"


def test_every_demo_file_parses_and_every_entry_is_loaded():
    loaded = {
        "knowledge/hromadas.yaml": demo_content.EXTRA_HROMADAS,
        "knowledge/practices.yaml": demo_content.PRACTICES,
        "knowledge/english-practices.yaml": demo_content.ENGLISH_PRACTICES,
        "knowledge/resources.yaml": demo_content.RESOURCES,
        "knowledge/events.yaml": demo_content.EVENTS,
        "knowledge/tags.yaml": demo_content.TAGS,
        "forum/categories.yaml": forum_content.CATEGORIES,
        "forum/members.yaml": forum_content.EXTRA_MEMBERS,
        "forum/topics.yaml": forum_content.TOPICS,
    }
    assert sorted(str(path.relative_to(DEMO)) for path in DEMO.rglob("*.yaml")) == sorted(loaded)
    for name, entries in loaded.items():
        data = yaml.safe_load((DEMO / name).read_text(encoding="utf-8"))
        assert isinstance(data, list) and data, name
        assert len(entries) == len(data), name
    # Blocks are the (kind, value) tuples knowledge.demo turns into StreamField data.
    first = demo_content.PRACTICES[0]
    assert first["body"][0] == ("heading", "Контекст") and first["en"]["body"][0] == ("heading", "Context")
    # Dates stay text, as the loaders expect, even though YAML would read them as dates.
    assert first["date"] == "2020-07-14" and forum_content.TOPICS[0]["start"] == "2020-07-21 10:05"


@pytest.fixture
def demo_copy(tmp_path, settings):
    """A copy of demo/ that the loader reads instead of the real one; returns a function that edits one file."""
    shutil.copytree(DEMO, tmp_path / "demo")
    settings.DEMO_DATA_DIR = tmp_path / "demo"

    def edit(name, change):
        path = tmp_path / "demo" / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return path

    return edit


def _run(module):
    """Run knowledge/demo_content.py or forum/demo_content.py afresh (the imported modules keep the real data)."""
    return runpy.run_path(str(ROOT / module / "demo_content.py"))


FIRST_TITLE = "  title: >-\n    Дистанційні засідання міської ради з онлайн-трансляцією та поіменним голосуванням\n"
FIRST_PRACTICE = "practice 1 (dystantsiini-zasidannia-rady-zhytomyr)"
FIRST_TOPIC = "topic 1 (Дистанційне засідання ради: як юридично оформити поіменне голосування?)"


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        ("knowledge/practices.yaml", FIRST_TITLE, "", f"{FIRST_PRACTICE}: 'title' is missing"),
        ("knowledge/practices.yaml", "  contact_name:", "  contact_nmae:", f"{FIRST_PRACTICE}: unknown field 'contact_nmae'"),
        ("knowledge/practices.yaml", "    - heading: Контекст", "    - header: Контекст",
         f"{FIRST_PRACTICE}: 'body': item 1: unknown block 'header'"),
        ("knowledge/practices.yaml", "  tags: [дистанційні засідання, прозорість, відкриті дані]", "  tags: прозорість",
         f"{FIRST_PRACTICE}: 'tags': expected a list, found text"),
        ("knowledge/practices.yaml", "  themes: [vriaduvannia-pid-chas-karantynu,", "  themes: [vriaduvannia-karantyn,",
         f"{FIRST_PRACTICE}: unknown theme 'vriaduvannia-karantyn'"),
        ("knowledge/practices.yaml", "- slug: dystantsiini", "- slug: [dystantsiini", "not valid YAML"),
        ("forum/topics.yaml", "    - author: liudmyla_kushnir", "    - author: liudmila_kushnir",
         f"{FIRST_TOPIC}: unknown username 'liudmila_kushnir'"),
        ("forum/topics.yaml", "      reply_to: 2", "      reply_to: 9",
         f"{FIRST_TOPIC}: post 3 answers post 9, which does not come before it"),
    ],
    ids=["missing title", "misspelt field", "unknown block", "text for a list", "unknown theme", "broken YAML",
         "unknown author", "reply to a later post"],
)
def test_a_malformed_file_is_an_error_naming_the_file_and_the_entry(demo_copy, name, old, new, message):
    path = demo_copy(name, lambda text: text.replace(old, new, 1))
    with pytest.raises(DemoDataError) as error:
        _run(name.split("/")[0])
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_a_file_must_be_a_list_of_entries(demo_copy):
    path = demo_copy("knowledge/practices.yaml", lambda text: "slug: only-one-practice\n")
    with pytest.raises(DemoDataError, match="expected a list of practices, found a mapping") as error:
        _run("knowledge")
    assert str(error.value).startswith(f"{path}: ")


def test_the_real_files_load_from_a_copy(demo_copy):
    assert _run("knowledge")["PRACTICES"] == demo_content.PRACTICES
    assert _run("forum")["TOPICS"] == forum_content.TOPICS


@pytest.mark.slow
def test_load_demo_reports_a_malformed_file_in_one_line_without_a_traceback(tmp_path):
    shutil.copytree(DEMO, tmp_path / "demo")
    path = tmp_path / "demo" / "knowledge" / "practices.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(FIRST_TITLE, "", 1), encoding="utf-8")
    (tmp_path / "demo_settings.py").write_text(
        f"from cop.settings.test import *  # noqa: F401,F403\nDEMO_DATA_DIR = {str(tmp_path / 'demo')!r}\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "demo_settings", "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo", "--no-accounts"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Django prints a CommandError as "<class name>: <message>" (DemoDataError is one).
    assert result.stderr.strip() == f"DemoDataError: {path}: {FIRST_PRACTICE}: 'title' is missing."


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestDemoPageDates:
    """Demo pages are dated like the content they describe, not "updated today" (the day load_demo ran)."""

    def test_practices_were_published_after_their_date_and_updated_later_but_not_today(self):
        today = timezone.localdate()
        slugs = [data["slug"] for data in demo_content.PRACTICES + demo_content.ENGLISH_PRACTICES]
        practices = PracticePage.objects.filter(slug__in=slugs)
        assert practices.count() == len(slugs) + sum(1 for data in demo_content.PRACTICES if data["en"])
        for page in practices:
            published, updated = timezone.localdate(page.first_published_at), timezone.localdate(page.last_published_at)
            assert page.date < published <= updated < today, page.slug
            assert page.live_revision.created_at == page.last_published_at == page.latest_revision_created_at
            assert not PageLogEntry.objects.filter(page=page, timestamp__date=today).exists(), page.slug

    def test_a_practice_page_says_when_it_was_really_updated(self, client):
        page = PracticePage.objects.get(slug=demo_content.PRACTICES[0]["slug"], locale__language_code="uk")
        html = strip_tags(client.get(page.url).content.decode())  # the date is in a <time> element
        with translation.override("uk"):
            updated = formats.date_format(timezone.localtime(page.last_published_at), "DATE_FORMAT")
            today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        assert f"оновлено {updated}" in html and f"оновлено {today}" not in html

    def test_a_translation_was_published_after_its_original(self):
        translated = [data["slug"] for data in demo_content.PRACTICES if data["en"]]
        assert translated
        for slug in translated:
            original = PracticePage.objects.get(slug=slug, locale__language_code="uk")
            english = original.get_translations().get()
            assert original.first_published_at < english.first_published_at, slug
            assert original.last_published_at < english.last_published_at, slug

    def test_resources_and_events_are_dated_too(self):
        now = timezone.now()
        for data in demo_content.RESOURCES:
            page = ResourcePage.objects.get(slug=data["slug"], locale__language_code="uk")
            assert page.date < timezone.localdate(page.first_published_at) and page.last_published_at < now, data["slug"]
        for data in demo_content.EVENTS:
            page = EventPage.objects.get(slug=data["slug"])
            # Announced before the event, and never after today, even for an event still to come.
            assert page.first_published_at < page.start and page.first_published_at <= page.last_published_at < now
            assert timezone.localdate(page.last_published_at) < timezone.localdate(), data["slug"]
