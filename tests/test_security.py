"""Security of the public site: headers (CSP, framing, sniffing), no third-party assets, CSRF on every
POST form, and unknown or hostile URLs answered by our own 404 page."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/en/", "/accounts/login/", "/accounts/signup/", "/en/accounts/login/", "/en/accounts/signup/",
                "/accounts/password/reset/"]
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //cdn..., ftp://...


class Html(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.forms, self.inline_scripts, self.style_elements = [], [], [], 0
        self._script = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": []})
        elif tag in ("input", "button", "select", "textarea") and self.forms:
            self.forms[-1]["fields"].append((tag, attrs))
        elif tag == "script":
            self._script = "" if "src" not in attrs else None
        elif tag == "style":
            self.style_elements += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def post_forms(self):
        return [form for form in self.forms if form["attrs"].get("method", "get").lower() == "post"]


def parse(response):
    return Html(response.content.decode())


def csp(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


@pytest.fixture
def page_urls(demo):
    """Every live, public Wagtail page of the demo (home, library, themes, practices, resources, events) in both languages."""
    from wagtail.models import Page

    urls = sorted({page.url for page in Page.objects.live().public().filter(depth__gt=1)})
    assert any(url.startswith("/en/") for url in urls) and any(not url.startswith("/en/") for url in urls)
    assert len(urls) > 2 * 7, urls
    return urls


def public_responses(client, urls):
    responses = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        responses[url] = response
    return responses


# Headers


def assert_strict_csp(url, response):
    directives = csp(response)
    for name, sources in directives.items():
        for source in sources:
            allowed = source in ("'self'", "'none'") or source.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-"))
            allowed = allowed or (source == "data:" and name == "img-src")
            assert allowed, f"{url}: {name} allows {source}"
    scripts = directives.get("script-src") or directives.get("default-src")
    assert scripts, f"{url}: no script-src nor default-src"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert directives.get("default-src") == ["'self'"]
    assert directives.get("object-src") == ["'none'"]
    assert directives.get("frame-ancestors") == ["'none'"]
    assert "base-uri" in directives and "form-action" in directives


def test_member_pages_send_a_strict_content_security_policy(client, member):
    client.force_login(member)
    for url in ("/", "/members/", f"/members/{member.username}/", "/members/me/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(url, response)


def test_error_pages_send_the_security_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict_csp("/no-such-page/", response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.usefixtures("demo")
class TestPublicPagesWithDemoContent:
    def test_public_pages_send_a_strict_content_security_policy(self, client):
        for url, response in public_responses(client, PUBLIC_PAGES).items():
            assert_strict_csp(url, response)

    def test_all_pages_send_a_strict_content_security_policy(self, client, page_urls):
        for url, response in public_responses(client, page_urls).items():
            assert_strict_csp(url, response)

    def test_framing_and_sniffing_are_forbidden(self, client):
        for url, response in public_responses(client, [*PUBLIC_PAGES, "/healthz"]).items():
            assert response["X-Frame-Options"] == "DENY", url
            assert response["X-Content-Type-Options"] == "nosniff", url
            assert response["Referrer-Policy"] == "same-origin", url

    def test_pages_need_nothing_the_policy_blocks(self, client, page_urls):
        """script-src/style-src 'self' block inline code in browsers: pages must not rely on it."""
        for url, response in public_responses(client, [*PUBLIC_PAGES, *page_urls]).items():
            page = parse(response)
            assert not [script for script in page.inline_scripts if script.strip()], f"{url}: inline <script>"
            assert page.style_elements == 0, f"{url}: inline <style>"
            for tag, attrs in page.tags:
                handlers = [name for name in attrs if name.startswith("on")]
                assert not handlers, f"{url}: <{tag}> has inline event handlers {handlers}"
                assert "style" not in attrs, f"{url}: <{tag}> has an inline style attribute"
                for name in ("href", "src", "action", "formaction"):
                    assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), f"{url}: <{tag} {name}>"

    def test_no_third_party_assets(self, client, page_urls):
        for url, response in public_responses(client, [*PUBLIC_PAGES, *page_urls]).items():
            page = parse(response)
            stylesheets = 0
            for tag, attrs in page.tags:
                for name in ("src", "srcset", "data-src", "poster"):
                    value = attrs.get(name)
                    assert not (value and EXTERNAL.match(value)), f"{url}: <{tag} {name}={value!r}>"
                if tag == "link":
                    href = attrs.get("href") or ""
                    assert not EXTERNAL.match(href), f"{url}: <link href={href!r}>"
                    stylesheets += "stylesheet" in (attrs.get("rel") or "")
            assert stylesheets >= 1, f"{url}: the site stylesheet is missing"
            assert not re.search(r"""\b(?:src|srcset)\s*=\s*["']?\s*(?:https?:)?//""", response.content.decode(), re.I), url


# CSRF


def assert_post_forms_have_csrf_tokens(url, response):
    forms = parse(response).post_forms()
    for form in forms:
        tokens = [attrs for tag, attrs in form["fields"] if attrs.get("name") == "csrfmiddlewaretoken"]
        assert len(tokens) == 1 and tokens[0].get("type") == "hidden" and tokens[0].get("value"), (
            f"{url}: POST form {form['attrs']} has no CSRF token"
        )
    return forms


def test_every_post_form_has_a_csrf_token(client):
    for url in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/en/accounts/signup/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert assert_post_forms_have_csrf_tokens(url, response), f"{url}: no POST form found"


def test_every_post_form_has_a_csrf_token_for_members(client, member):
    client.force_login(member)
    for url in ("/", "/members/me/edit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        actions = {form["attrs"].get("action") for form in assert_post_forms_have_csrf_tokens(url, response)}
        if url == "/":
            assert "/accounts/logout/" in actions and "/i18n/setlang/" in actions


def token_from(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_logout_without_csrf_token_is_rejected(member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    home = browser.get("/")

    forged = browser.post("/accounts/logout/")
    assert forged.status_code == 403
    assert browser.get("/").context["user"].is_authenticated, "a forged POST logged the member out"

    genuine = browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token_from(home)})
    assert genuine.status_code == 302
    assert not browser.get("/").context["user"].is_authenticated


def test_set_language_without_csrf_token_is_rejected():
    browser = Client(enforce_csrf_checks=True)
    home = browser.get("/")

    forged = browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert forged.status_code == 403
    assert "django_language" not in forged.cookies

    genuine = browser.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token_from(home)})
    assert genuine.status_code == 302 and genuine["Location"] == "/en/"


def test_login_without_csrf_token_is_rejected(member):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/accounts/login/")
    response = browser.post("/accounts/login/", {"login": member.email, "password": "correct-horse-battery-staple"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


# Unknown and hostile URLs


HOSTILE_PATHS = [
    "/no-such-page/",
    "/no-such-page",
    "/en/no-such-page/",
    "/accounts/no-such-page/",
    "/praktyky/no-such-theme/",
    "/сторінка-якої-немає/",
    "/%00",
    "/%00/",
    "/en/%00/",
    "/a%00b/",
    "/%E0%A4%A",
    "/%E0%A4%A/",
    "/en/%E0%A4%A/",
    "/%FF%FE/",
    "/" + "a" * 5000,
    "/" + "a" * 5000 + "/",
    "/en/" + "я" * 3000 + "/",
    "/" + "x/" * 2500,
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc%2fpasswd/",
    "/%25%25%25/",
    "/~!@$&'()*+,;=/",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda path: path[:40] + ("..." if len(path) > 40 else ""))
def test_unknown_urls_get_our_404_page(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 404, response.redirect_chain
    assert "404.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert 'class="site-header"' in page, "not rendered with the site layout"
    assert re.search(r'<html lang="(uk|en)">', page)


def test_404_page_does_not_reflect_markup_from_the_url(client):
    response = client.get("/%22%3E%3Cscript%3Ealert(1)%3C/script%3E/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert '"><script' not in page


@pytest.mark.parametrize("path", ["/%00", "/%E0%A4%A", "/" + "a" * 5000 + "/"], ids=["nul", "broken-utf8", "long"])
def test_unknown_urls_are_404_for_members_too(client, member, path):
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
