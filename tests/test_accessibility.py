"""Accessibility and HTML validity proved by independent tools on the pages as the live server serves them.

axe-core (its default rules, best practices included) runs in Debian's headless Chromium on every page below, in
Ukrainian and English, at 1280×900 and 390×844; the Nu HTML checker (vnu.jar) validates the HTML of the same
pages; the practice and topic pages must weigh under 60 KB on a first visit; a screenshot of each page is kept
in $CI_ARTIFACTS_DIR (default: artifacts/screenshots).

The tools come from package.json (`make tools`, i.e. `npm ci`); Java runs vnu.jar. Without them these tests are
skipped with the reason, except in CI (CI=true), where they fail. The pages are crawled once per module (one
browser per width); the tests then judge what was recorded.
"""

import json
import os
import shutil
import subprocess
import sys
import warnings
from io import StringIO
from pathlib import Path

import pytest

from .test_browser import _browser  # noqa: F401  (skips the module when Chromium is absent)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from .test_browser import click_and_wait  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")
WIDTHS = {"wide": (1280, 900), "phone": (390, 844)}
LANGUAGES = ("uk", "en")
PAGE_WEIGHT_LIMIT = 60 * 1024
WEIGHED_PAGES = ("practice", "topic")
PAGES = 16  # in _content()
CONTROL_HTML = "control-invalid.html"

# Exceptions to "zero violations": (rule id, page name or None for every page) -> the written reason.
AXE_EXCEPTIONS = {}


def _tools_or_skip():
    missing = [os.path.relpath(path, ROOT) for path in (AXE, VNU) if not path.exists()]
    if not JAVA:
        missing.append("java")
    if not missing:
        return
    message = f"accessibility tools missing: {', '.join(missing)} (run `make tools`, i.e. `npm ci`, and install Java)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI must run the accessibility and HTML checks: " + message, pytrace=False)
    warnings.warn("SKIPPED tests/test_accessibility.py: " + message, stacklevel=2)  # in the warnings summary too
    pytest.skip(message)


def _artifacts_dir():
    # One folder per database: CI runs the suite on SQLite and PostgreSQL at once.
    path = Path(os.environ.get("CI_ARTIFACTS_DIR") or ROOT / "artifacts") / "screenshots" / connections["default"].vendor
    path.mkdir(parents=True, exist_ok=True)
    return path


def _migrated_state():
    """What the migrations created, put back when an earlier transactional test emptied the database (as
    `serialized_rollback` does)."""
    from wagtail.models import Locale

    if not Locale.objects.exists():
        connection = connections["default"]
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def _flush():
    """Empty the database as Django's TransactionTestCase does after a test: the next test restores its data."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True)


def _content():
    """The demo site (with its accounts and discussions); returns the addresses of the pages to check."""
    from wagtail.models import Locale

    from forum.models import Category, Topic
    from knowledge.models import EventPage, PracticeLibraryPage, PracticePage, ResourcePage, ThemePage

    with override_settings(DEBUG=True):  # the demo accounts (and their discussions) exist only in development
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    english = Locale.objects.get(language_code="en")

    def urls(model):
        """The first live Ukrainian page of the model with a live English translation."""
        for page in model.objects.live().filter(locale__language_code="uk").order_by("path"):
            translated = page.get_translation_or_none(english)
            if translated and translated.live:
                return {"uk": page.url, "en": translated.url}
        raise AssertionError(f"the demo has no {model.__name__} in both languages")

    def both(path):
        return {"uk": path, "en": "/en" + path}

    library = urls(PracticeLibraryPage)
    theme = ThemePage.objects.live().filter(locale__language_code="uk").first()
    category = Category.objects.order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    pages = {
        "home": both("/"),
        "library": {lang: f"{url}?theme={theme.slug}" for lang, url in library.items()},
        "practice": urls(PracticePage),
        "resource": urls(ResourcePage),
        "event": urls(EventPage),
        "forum": both("/forum/"),
        "category": both(f"/forum/c/{category.slug}/"),
        "topic": both(f"/forum/t/{topic.pk}/"),
        "search": both("/search/?q=вибори"),
        "search-empty": both("/search/?q=жжжщщщ"),
        "signup-errors": both("/accounts/signup/"),
        "login": both("/accounts/login/"),
        # As the moderator, signed in from here on:
        "profile": both("/members/member/"),
        "notifications": both("/forum/notifications/"),
        "share": both("/curation/share/"),
        "desk": both("/moderation/"),
    }
    return pages


SIGNED_IN_FROM = "profile"

FETCH_SOURCE = """
const done = arguments[arguments.length - 1];
const form = arguments[0] ? document.querySelector(arguments[0]) : null;
const request = form
    ? fetch(form.action || location.href, {method: "POST", body: new FormData(form), credentials: "same-origin"})
    : fetch(location.href, {credentials: "same-origin"});
request.then(r => r.text()).then(done, e => done("FETCH FAILED " + e));
"""

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
    r => done({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + "  " + n.html.slice(0, 160))}))}),
    e => done({passes: 0, violations: [{id: "axe-error", impact: "critical", help: String(e), nodes: []}]}));
"""

STATUS = 'return performance.getEntriesByType("navigation")[0].responseStatus;'

WEIGHT = """
const nav = performance.getEntriesByType("navigation")[0];
const entries = [nav].concat(performance.getEntriesByType("resource"));
return entries.map(e => [e.name, e.initiatorType || "navigation", Math.max(e.transferSize, e.encodedBodySize)]);
"""


def _log_in(browser, live_server, username):
    from cop.members.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    browser.get(live_server.url + "/healthz")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})


def _show_signup_errors(browser):
    browser.find_element(By.NAME, "first_name").send_keys("Olena")
    browser.find_element(By.NAME, "email").send_keys("not-an-e-mail")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form.account-form button[type=submit]"))


@pytest.fixture(scope="module")
def crawl(live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page in both languages at both widths: axe's violations, the served HTML, weights, screenshots."""
    _tools_or_skip()
    from django.core.cache import cache

    axe_source = AXE.read_text(encoding="utf-8")
    sources = tmp_path_factory.mktemp("html")
    screenshots = _artifacts_dir()
    result = {"violations": {}, "checked": {}, "files": {}, "weights": {}, "control": {}}
    with django_db_blocker.unblock():
        _migrated_state()
        cache.clear()
        try:
            pages = _content()
            for width_name, (width, height) in WIDTHS.items():
                browser = _browser()
                try:
                    browser.set_window_size(width, height)
                    # The viewport itself at that size (the window's would be smaller), as a phone for the narrow one.
                    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width_name == "phone"})
                    browser.set_script_timeout(60)
                    for lang in LANGUAGES:
                        browser.delete_all_cookies()
                        for name, urls in pages.items():
                            if name == SIGNED_IN_FROM:
                                _log_in(browser, live_server, "moderator")
                            key = f"{name}-{lang}-{width_name}"
                            if name in WEIGHED_PAGES and width_name == "phone":
                                browser.execute_cdp_cmd("Network.clearBrowserCache", {})  # a first visit
                            browser.get(live_server.url + urls[lang])
                            if name in WEIGHED_PAGES and width_name == "phone":
                                result["weights"][f"{name}-{lang}"] = browser.execute_script(WEIGHT)
                            post_form = None
                            if name == "signup-errors":
                                _show_signup_errors(browser)
                                post_form = "main form.account-form"
                            browser.execute_script(axe_source)
                            outcome = browser.execute_async_script(RUN_AXE)
                            result["violations"][key] = outcome["violations"]
                            result["checked"][key] = {"url": urls[lang], "passes": outcome["passes"],
                                                      "status": browser.execute_script(STATUS)}
                            browser.save_screenshot(str(screenshots / f"{key}.png"))
                            if width_name == "wide":  # the same HTML at both widths: validate it once
                                html = browser.execute_async_script(FETCH_SOURCE, post_form)
                                path = sources / f"{name}-{lang}.html"
                                path.write_text(html, encoding="utf-8")
                                result["files"][path.name] = f"{name}-{lang} ({urls[lang]})"
                    # The pipeline itself: axe, as injected here, does report a violation (an image without a text).
                    browser.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', "
                                           "'<img src=\"/static/favicon.svg\">')")
                    control = browser.execute_async_script(RUN_AXE)["violations"]
                    result["control"][width_name] = [v["id"] for v in control]
                finally:
                    browser.quit()
        finally:  # the next test starts from an empty database, as after any transactional test
            _flush()
            cache.clear()
    # The checker itself: a file with a known error must come back with it (and only it is left out below).
    (sources / CONTROL_HTML).write_text("<!DOCTYPE html><html lang=en><title>x</title><p></span>", encoding="utf-8")
    completed = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(str(p) for p in sources.iterdir())],
        capture_output=True, text=True, timeout=300,
    )
    result["vnu"] = json.loads(completed.stderr or completed.stdout or '{"messages": []}')["messages"]
    (screenshots / "accessibility.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result


def _excepted(rule, page):
    return (rule, page) in AXE_EXCEPTIONS or (rule, None) in AXE_EXCEPTIONS


def test_every_page_was_served_and_checked_by_axe(crawl):
    assert len(crawl["checked"]) == PAGES * len(LANGUAGES) * len(WIDTHS)
    for key, checked in crawl["checked"].items():
        assert checked["status"] == 200, (key, checked)
        assert checked["passes"] > 10, (key, checked)  # axe really ran its rules


def test_axe_finds_no_violation_on_any_page_in_either_language_at_either_width(crawl):
    assert all("image-alt" in ids for ids in crawl["control"].values())  # axe reports what it finds
    found = []
    for key, violations in crawl["violations"].items():
        page = key.rsplit("-", 2)[0]
        for v in violations:
            if not _excepted(v["id"], page):
                found.append(f"{key}: [{v['impact']}] {v['id']}: {v['help']}\n      " + "\n      ".join(v["nodes"]))
    assert len(crawl["violations"]) == PAGES * len(LANGUAGES) * len(WIDTHS)
    assert not found, f"{len(found)} axe violations:\n" + "\n".join(found)


def test_the_nu_html_checker_finds_no_error_on_any_page(crawl):
    assert len(crawl["files"]) == PAGES * len(LANGUAGES)
    assert any(m.get("url", "").endswith(CONTROL_HTML) for m in crawl["vnu"])  # the checker did check
    errors = [
        f"{crawl['files'].get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m.get('message')}\n"
        f"      {m.get('extract', '').strip()[:160]}"
        for m in crawl["vnu"]
        if not m.get("url", "").endswith(CONTROL_HTML)
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


@pytest.mark.parametrize("page", WEIGHED_PAGES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_first_visit_weighs_under_60_kb(crawl, page, lang):
    entries = crawl["weights"][f"{page}-{lang}"]
    total = sum(size for _, _, size in entries)
    print(f"\n{page} ({lang}), first visit: {total} bytes")
    for name, kind, size in entries:
        print(f"  {size:>7}  {kind:<10} {name}")
    assert entries[0][2] > 0  # the HTML itself was measured
    assert total < PAGE_WEIGHT_LIMIT


def test_a_screenshot_of_every_page_at_both_widths_is_kept(crawl):
    folder = _artifacts_dir()
    for key in crawl["violations"]:
        assert (folder / f"{key}.png").stat().st_size > 1000


def test_missing_tools_skip_outside_ci_but_fail_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "AXE", tmp_path / "axe.min.js")
    monkeypatch.delenv("CI", raising=False)
    with pytest.warns(UserWarning, match="SKIPPED"), pytest.raises(pytest.skip.Exception, match="make tools"):
        _tools_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run"):
        _tools_or_skip()
