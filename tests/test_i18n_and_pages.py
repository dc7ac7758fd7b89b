"""Languages and public pages: Ukrainian at /, English at /en/, a language switcher that works without
JavaScript, and the demo home page with its themes in both languages."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale

from cop.core import demo_data
from knowledge.models import HomePage, PracticeLibraryPage, PracticePage, ThemePage

pytestmark = pytest.mark.django_db


class Html(HTMLParser):
    """The parts of a page these tests look at: tags with attributes, link texts, forms and their fields."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.links, self.forms = [], [], []
        self._link = None
        self._h1 = None
        self.h1 = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a":
            self._link = {"attrs": attrs, "text": ""}
            self.links.append(self._link)
        elif tag == "h1":
            self._h1 = ""
        elif tag == "form":
            self.forms.append({"attrs": attrs, "fields": []})
        elif tag in ("input", "button", "select", "textarea") and self.forms:
            self.forms[-1]["fields"].append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        elif tag == "h1" and self._h1 is not None:
            self.h1.append(self._h1.strip())
            self._h1 = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        if self._h1 is not None:
            self._h1 += data

    def hrefs(self):
        return [link["attrs"].get("href") for link in self.links]

    def link_text(self, href):
        return [" ".join(link["text"].split()) for link in self.links if link["attrs"].get("href") == href]

    def html_lang(self):
        return next(attrs.get("lang") for tag, attrs in self.tags if tag == "html")


def parse(response):
    return Html(response.content.decode())


def locale(code):
    return Locale.objects.get(language_code=code)


def themes(code):
    library = PracticeLibraryPage.objects.get(locale=locale(code))
    return list(ThemePage.objects.child_of(library).live().order_by("path"))


def switcher(page):
    forms = [form for form in page.forms if form["attrs"].get("action") == "/i18n/setlang/"]
    assert len(forms) == 1, "one language switcher form"
    return forms[0]


def submit_switcher(client, response, language):
    """Submit the switcher as a browser without JavaScript would: its hidden fields plus the clicked button."""
    form = switcher(parse(response))
    assert form["attrs"].get("method", "").lower() == "post"
    data = {attrs["name"]: attrs.get("value", "") for tag, attrs in form["fields"] if tag == "input" and attrs.get("type") == "hidden"}
    buttons = {attrs.get("value"): attrs for tag, attrs in form["fields"] if tag == "button" and attrs.get("name") == "language"}
    assert set(buttons) == {"uk", "en"}
    assert buttons[language].get("type", "submit") == "submit"
    assert "disabled" not in buttons[language], f"cannot switch to {language}"
    data["language"] = language
    return client.post(form["attrs"]["action"], data)


# Languages (no demo content needed)


def test_ukrainian_is_served_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "uk"
    page = parse(response)
    assert page.html_lang() == "uk"
    home = HomePage.objects.get(locale=locale("uk"))
    assert page.h1 == [home.title]
    assert f"<title>{home.title} · " in response.content.decode()


def test_accounts_pages_use_the_ukrainian_translations_of_the_libraries(client):
    uk = client.get("/accounts/login/")
    en = client.get("/en/accounts/login/")
    assert uk.status_code == en.status_code == 200
    assert parse(uk).html_lang() == "uk" and parse(en).html_lang() == "en"
    assert "Увійти" in parse(uk).h1  # allauth's own Ukrainian for "Sign In"
    assert "Log in" in parse(en).h1  # the header's wording, from the project's catalogue
    # Django's own Ukrainian form errors.
    errors = client.post("/accounts/login/", {"login": "", "password": ""})
    assert errors.status_code == 200
    assert "Це поле обов" in errors.content.decode()


def test_set_language_to_english_with_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert response.cookies["django_language"].value == "en"


def test_set_language_to_ukrainian_with_next(client):
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_set_language_keeps_the_rest_of_a_django_url(client):
    to_ukrainian = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/accounts/login/?next=/members/"})
    assert to_ukrainian["Location"] == "/accounts/login/?next=/members/"
    to_english = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/signup/"})
    assert to_english["Location"] == "/en/accounts/signup/"


def test_set_language_only_accepts_post(client):
    assert client.get("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 405


def test_set_language_does_not_redirect_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example.com/"})
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]


@pytest.mark.usefixtures("demo")
class TestWithDemoContent:
    def test_english_is_served_under_en(self, client):
        response = client.get("/en/")
        assert response.status_code == 200
        assert response["Content-Language"] == "en"
        page = parse(response)
        assert page.html_lang() == "en"
        english_home = HomePage.objects.get(locale=locale("en"))
        assert page.h1 == [english_home.title]
        assert english_home.title != HomePage.objects.get(locale=locale("uk")).title

    def test_the_browser_language_does_not_override_the_url(self, client):
        """Without a prefix the page is Ukrainian, even for an English browser; /en/ is English for anyone."""
        assert parse(client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")).html_lang() == "uk"
        assert parse(client.get("/en/", HTTP_ACCEPT_LANGUAGE="uk")).html_lang() == "en"

    def test_ui_chrome_is_translated(self, client):
        """Strings of our own templates, from locale/uk (compiled by `make test` before the suite runs)."""
        uk, en = parse(client.get("/")), parse(client.get("/en/"))
        assert "Увійти" in uk.link_text("/accounts/login/")
        assert "Log in" not in uk.link_text("/accounts/login/")
        assert "Log in" in en.link_text("/en/accounts/login/")
        assert "Увійти" not in en.link_text("/en/accounts/login/")

    def test_links_stay_in_the_visitors_language(self, client):
        """On the English site, internal links lead to English pages (/en/...); only the links to a page's
        Ukrainian translation (marked with hreflang) lead out of /en/."""
        links = [link["attrs"] for link in parse(client.get("/en/")).links]
        internal = [attrs for attrs in links if (attrs.get("href") or "").startswith("/")]
        assert {"/en/accounts/login/", "/en/accounts/signup/"} <= {attrs["href"] for attrs in internal}
        for attrs in internal:
            if attrs["href"].startswith(("/static/", "/documents/", "/media/")):
                continue
            assert attrs["href"].startswith("/en/") or attrs.get("hreflang") == "uk", attrs

    def test_language_switcher_marks_the_current_language(self, client):
        for url, current, other in (("/", "uk", "en"), ("/en/", "en", "uk")):
            form = switcher(parse(client.get(url)))
            buttons = {attrs["value"]: attrs for tag, attrs in form["fields"] if tag == "button"}
            assert "disabled" in buttons[current] and buttons[current].get("aria-current") == "true"
            assert "disabled" not in buttons[other]
            assert any(attrs.get("name") == "csrfmiddlewaretoken" for tag, attrs in form["fields"])
            hidden_next = [attrs.get("value") for tag, attrs in form["fields"] if attrs.get("name") == "next"]
            assert hidden_next == [url]

    def test_language_switcher_to_english_works_without_javascript(self):
        browser = Client(enforce_csrf_checks=True)
        response = submit_switcher(browser, browser.get("/"), "en")
        assert response.status_code == 302
        assert response["Location"] == "/en/"
        assert parse(browser.get(response["Location"])).html_lang() == "en"

    def test_language_switcher_to_ukrainian_works_without_javascript(self):
        browser = Client(enforce_csrf_checks=True)
        response = submit_switcher(browser, browser.get("/en/"), "uk")
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert parse(browser.get(response["Location"])).html_lang() == "uk"

    def test_switching_to_english_on_a_theme_page_stays_on_that_theme(self):
        browser = Client(enforce_csrf_checks=True)
        theme = themes("uk")[0]
        english = theme.get_translation(locale("en"))
        response = submit_switcher(browser, browser.get(theme.url), "en")
        assert response.status_code == 302
        assert response["Location"] == english.url
        landed = browser.get(response["Location"])
        assert landed.status_code == 200
        assert parse(landed).h1 == [english.title]

    def test_switching_to_ukrainian_on_a_theme_page_stays_on_that_theme(self):
        browser = Client(enforce_csrf_checks=True)
        theme = themes("uk")[0]
        english = theme.get_translation(locale("en"))
        response = submit_switcher(browser, browser.get(english.url), "uk")
        assert response.status_code == 302
        assert response["Location"] == theme.url

    def test_switching_language_on_an_untranslated_page_stays_on_it(self):
        """Not a 404 and not another page: the same page, in Ukrainian, saying so (tests/test_language_switch.py)."""
        english = locale("en")
        untranslated = next(
            page for page in PracticePage.objects.live().public().filter(locale=locale("uk"))
            if page.get_translation_or_none(english) is None
        )
        browser = Client(enforce_csrf_checks=True)
        response = submit_switcher(browser, browser.get(untranslated.url), "en")
        assert (response.status_code, response["Location"]) == (302, untranslated.url)
        landed = browser.get(response["Location"])
        assert landed.status_code == 200, response["Location"]
        assert parse(landed).html_lang() == "uk"
        assert "This page is not available in English yet" in landed.content.decode()

    # Pages

    def test_home_page_shows_the_demo_themes(self, client):
        page = parse(client.get("/"))
        assert page.h1 == [HomePage.objects.get(locale=locale("uk")).title]
        uk_themes = themes("uk")
        assert [theme.title for theme in uk_themes] == [title for _slug, title, *_ in demo_data.THEMES]
        for theme in uk_themes:
            assert theme.title in page.link_text(theme.url), theme.title

    def test_every_theme_page_is_reachable_and_links_back(self, client):
        library = PracticeLibraryPage.objects.get(locale=locale("uk"))
        for theme in themes("uk"):
            response = client.get(theme.url)
            assert response.status_code == 200, theme.url
            page = parse(response)
            assert page.html_lang() == "uk"
            assert page.h1 == [theme.title]
            assert library.url in page.hrefs(), f"{theme.url} does not link back to {library.url}"
            assert "/" in page.hrefs(), f"{theme.url} does not link to the home page"

    def test_english_home_lists_the_english_themes(self, client):
        response = client.get("/en/")
        page = parse(response)
        english_titles = [title_en for *_rest, title_en, _intro_en in demo_data.THEMES]
        en_themes = themes("en")
        assert [theme.title for theme in en_themes] == english_titles
        for theme in en_themes:
            assert theme.url.startswith("/en/")
            assert theme.title in page.link_text(theme.url)
        text = response.content.decode()
        for _slug, title, *_ in demo_data.THEMES:
            assert title not in text

    def test_every_english_theme_page_is_reachable(self, client):
        library = PracticeLibraryPage.objects.get(locale=locale("en"))
        for theme in themes("en"):
            response = client.get(theme.url)
            assert response.status_code == 200, theme.url
            page = parse(response)
            assert page.html_lang() == "en"
            assert page.h1 == [theme.title]
            assert library.url in page.hrefs()
            assert "/en/" in page.hrefs()

    def test_theme_pages_link_to_their_translation(self, client):
        for theme in themes("uk"):
            english = theme.get_translation(locale("en"))
            uk_links = [link["attrs"] for link in parse(client.get(theme.url)).links if link["attrs"].get("href") == english.url]
            assert any(attrs.get("hreflang") == "en" for attrs in uk_links), theme.url
            en_links = [link["attrs"] for link in parse(client.get(english.url)).links if link["attrs"].get("href") == theme.url]
            assert any(attrs.get("hreflang") == "uk" for attrs in en_links), english.url

    def test_unknown_page_in_english_is_an_english_404(self, client):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        assert parse(response).html_lang() == "en"


# compiletranslations: .po to .mo without GNU gettext


PO_TEMPLATE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: uk\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "Community of Practice"
msgstr "Спільнота практик"

msgid "Untranslated yet"
msgstr ""

#, fuzzy
msgid "Draft"
msgstr "Неперевірений переклад"
"""


def compile_translations(settings, *locale_dirs):
    settings.LOCALE_PATHS = [str(path) for path in locale_dirs]
    out = StringIO()
    call_command("compiletranslations", stdout=out, stderr=StringIO())
    return out.getvalue()


def write_po(directory, language="uk", text=PO_TEMPLATE):
    po = directory / language / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(text, encoding="utf-8")
    return po


def test_compiletranslations_writes_mo_files(settings, tmp_path):
    import gettext

    import polib

    po = write_po(tmp_path)
    output = compile_translations(settings, tmp_path)

    mo = po.with_suffix(".mo")
    assert mo.exists()
    assert "1 catalogue(s) compiled" in output
    entry = polib.mofile(str(mo)).find("Community of Practice")
    assert entry is not None and entry.msgstr == "Спільнота практик"
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Community of Practice") == "Спільнота практик"
    assert catalogue.gettext("Untranslated yet") == "Untranslated yet"
    assert catalogue.gettext("Draft") == "Draft", "fuzzy translations must not be used"
    assert catalogue.ngettext("practice", "practices", 5) == "practices"


def test_compiletranslations_is_incremental(settings, tmp_path):
    import os

    import polib

    po = write_po(tmp_path)
    compile_translations(settings, tmp_path)
    assert "0 catalogue(s) compiled" in compile_translations(settings, tmp_path)

    po.write_text(PO_TEMPLATE.replace('msgstr "Спільнота практик"', 'msgstr "Спільнота"'), encoding="utf-8")
    later = po.with_suffix(".mo").stat().st_mtime + 10
    os.utime(po, (later, later))
    assert "1 catalogue(s) compiled" in compile_translations(settings, tmp_path)
    assert polib.mofile(str(po.with_suffix(".mo"))).find("Community of Practice").msgstr == "Спільнота"


def test_compiletranslations_covers_every_language_and_locale_path(settings, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_po(first, "uk")
    write_po(first, "en", PO_TEMPLATE.replace('msgstr "Спільнота практик"', 'msgstr "Community of Practice"'))
    write_po(second, "uk")
    output = compile_translations(settings, first, second)
    assert "3 catalogue(s) compiled" in output
    for mo in (first / "uk", first / "en", second / "uk"):
        assert (mo / "LC_MESSAGES" / "django.mo").exists()


def test_compiletranslations_reports_a_broken_catalogue(settings, tmp_path):
    from django.core.management import CommandError

    write_po(tmp_path, text='msgid "a"\nmsgstr "b"\n\nthis is not a catalogue\n')
    with pytest.raises(CommandError, match="django.po"):
        compile_translations(settings, tmp_path)


def test_the_projects_catalogues_compile(settings, tmp_path):
    """locale/*/LC_MESSAGES/*.po of the project, compiled in a copy so the working tree is left alone."""
    import shutil

    import polib

    source = settings.BASE_DIR / "locale"
    catalogues = sorted(source.glob("*/LC_MESSAGES/*.po"))
    assert {po.parent.parent.name for po in catalogues} >= {"uk"}
    copy = tmp_path / "locale"
    for po in catalogues:
        target = copy / po.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, target)
    output = compile_translations(settings, copy)
    assert f"{len(catalogues)} catalogue(s) compiled" in output
    uk = polib.mofile(str(copy / "uk" / "LC_MESSAGES" / "django.mo"))
    assert uk.find("Log in").msgstr == "Увійти"
    assert uk.find("Community of Practice").msgstr == "Спільнота практик"


@pytest.mark.django_db
def test_unsupported_language_is_ignored_and_the_visitor_stays(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/praktyky/"})
    assert response.status_code == 302
    assert response["Location"] == "/praktyky/"
    assert "de" != client.cookies.get("django_language", None) and response.cookies.get("django_language") is None
