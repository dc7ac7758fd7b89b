"""Injection corpus: hostile strings typed into every field a person can write (forum titles, posts and tags,
profile fields, the sign-up form, the search box) come out inert wherever they appear: no injected element, no
event handler, no javascript: URL, no template evaluated, no direction override, and the text itself shown
(escaped) so the test cannot pass by showing nothing.

Pages are read with html.parser, as a browser would build them. The site has no inline scripts, inline styles
or event handlers of its own (tests/test_security.py), so any of them in a page is injected.
"""

import json
import re
import unicodedata

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from cop.members.models import User
from forum import services
from forum.models import Category, Post, Topic, Watch

from .conftest import PASSWORD, make_user
from .security_fixtures import Page

pytestmark = pytest.mark.django_db

# (name, payload): each payload carries its own marker (inj01, inj02...) so what is found can be told apart.
CORPUS = [
    ("script tag", '<script>alert("inj01")</script>'),
    ("attribute breakout", '"><img src=x onerror=alert(\'inj02\')>'),
    ("single-quote breakout", "'><svg onload=alert('inj03')>inj03"),
    ("javascript: link", "[inj04 click](javascript:alert('inj04'))"),
    ("javascript: image", "![inj05](javascript:alert('inj05')) ![inj05b](https://evil.example/x.png)"),
    ("HTML entities", "&lt;b&gt;inj06&lt;/b&gt; &#x3C;script&#x3E;alert(6)&#x3C;/script&#x3E; &#106;avascript:inj06"),
    ("SVG", "<svg><script>alert('inj07')</script><a xlink:href='javascript:alert(7)'>inj07</a></svg>"),
    ("CSS expression", '<div style="width:expression(alert(\'inj08\'));background:url(javascript:alert(8))">inj08</div>'),
    ("template syntax", "inj09 {{ request.user.password }} {% debug %} {{7*7}} ${7*7} {{ csrf_token }}"),
    ("RTL override", "inj10 \u202etxt.exe\u202c and zero\u200bwidth\u200d joiners\u2066isolate\u2069"),
    ("very long word", "inj11" + "Щ" * 180),
    ("raw HTML link", "<a href=\"javascript:alert('inj12')\">inj12</a> <a href='JaVaScRiPt:alert(12)'>x</a>"),
    ("Markdown edge cases",
     "[inj13](  javascript:alert(13) ) [inj13b](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert('inj13c')> "
     "[inj13d][r]\n\n[r]: javascript:alert(13)\n\n[inj13e](&#106;avascript:alert(13)) `<script>inj13f</script>`"),
    ("iframe and object", "<iframe src=\"javascript:alert('inj14')\"></iframe><object data=x>inj14</object>"),
    ("mention breakout", "@inj15\"><script>alert(15)</script> @member\"onmouseover=\"alert(15)"),
    ("encoded", "%3Cscript%3Einj16%3C/script%3E \\u003cscript\\u003einj16"),
    ("base and meta", '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(17)">inj17'),
]
MARKERS = {name: re.search(r"inj\d+", payload).group(0) for name, payload in CORPUS}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "content"}
# Where a value someone typed may legitimately sit inside an attribute: a form field's value, and links that
# carry it in their query string (search, facets, pagination).
REFLECTED = {("input", "value"), ("a", "href"), ("option", "value")}
# Direction overrides reorder what follows them (spoofing): never shown. Zero-width characters make two names
# look alike: never kept in single-line fields (titles, names, tags); running text may keep joiners (emoji).
DIRECTION_OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def visible(text):
    """Text as a person sees it: without invisible characters, whitespace runs as one space."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", text) if unicodedata.category(ch) not in ("Cf", "Cc") or ch.isspace())
    return " ".join(text.split())


def own_script(attrs):
    """A <script> of the site's templates: an external file under STATIC_URL, with nothing else a payload could set."""
    from django.conf import settings

    values = dict(attrs)
    return (set(values) <= {"src", "defer"} and values.get("src", "").startswith(settings.STATIC_URL)
            and not any(marker in values["src"] for marker in MARKERS.values()))


def problems_in(html, where, payloads, *, overrides=True):
    """Everything executable a hostile payload could have put into the page; [] when it is inert. With
    `overrides`, a direction override shown counts too (not for a visitor's own query echoed back)."""
    page = Page(html)
    found = []
    for script in page.inline_scripts:
        if script.strip():
            found.append(f"{where}: an inline <script>: {script[:80]!r}")
    for tag, attrs in page.elements:
        for name, value in attrs:
            lowered = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and lowered.startswith(DANGEROUS_SCHEMES):
                found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
            if name == "style" and ("expression(" in lowered or "javascript:" in lowered or "url(" in lowered):
                found.append(f"{where}: <{tag} style={value[:60]!r}>")
            marker = next((m for m in payloads if m in name or m in value), None)
            if marker and (tag, name) not in REFLECTED:
                found.append(f"{where}: the text of {marker} ended up in <{tag} {name}={value[:60]!r}>")
        if tag == "script" and own_script(attrs):
            continue  # the site's own file (static/js), loaded by its templates: CSP allows only these
        if tag in ("script", "iframe", "object", "embed", "svg", "math", "base", "frame", "applet") or (
            tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh"
        ):
            found.append(f"{where}: an injected <{tag}> element")
    if overrides and DIRECTION_OVERRIDES.search(html):
        found.append(f"{where}: a direction override is shown")
    return found


def shown_as_text(html, expected):
    """Whether the page's text (what a reader sees) contains `expected`, escaped rather than interpreted."""
    return visible(expected) in visible(Page(html).text)


def assert_inert(pages, expectations):
    """pages: {where: html}; expectations: {where: [texts each must show]}."""
    payload_markers = list(MARKERS.values())
    problems = []
    for where, html in pages.items():
        problems += problems_in(html, where, payload_markers)
    for where, texts in expectations.items():
        problems += [f"{where}: does not show {text[:60]!r} as text" for text in texts if not shown_as_text(pages[where], text)]
    assert not problems, "\n".join(problems)


def assert_single_line(*values):
    """Finding 11: what single-line fields store is NFC, without invisible characters."""
    bad = [value for value in values if INVISIBLE.search(value) or not unicodedata.is_normalized("NFC", value)]
    assert not bad, f"invisible characters stored in single-line fields: {bad!r}"


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response.content.decode()


def within(text, limit):
    return text[:limit]


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Hundreds of submissions from a few people: the rate limits (counted in the process-wide cache) stay out."""
    cache.clear()
    for name in ("FORUM_POST_RATE", "FORUM_FLAG_RATE", "FORUM_EDIT_RATE", "FORUM_REACTION_RATE"):
        setattr(settings, name, "10000/m")
    settings.ACCOUNT_RATE_LIMITS = False
    yield
    cache.clear()


@pytest.fixture
def writers():
    return {
        "author": make_user("inj-author", groups=["Member"]),
        "replier": make_user("inj-replier", groups=["Member"]),
        "reader": make_user("inj-reader", groups=["Member"]),
        "moderator": make_user("inj-moderator", groups=["Member", "Moderator"]),
    }


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# Forum: titles, tags, posts --------------------------------------------------------------------------------------


def test_forum_titles_tags_and_posts_are_inert_everywhere(writers, django_capture_on_commit_callbacks):
    category = Category.objects.create(name="Перевірка", slug="perevirka-inj")
    Watch.objects.create(user=writers["reader"], category=category)
    author, replier = logged_in(writers["author"]), logged_in(writers["replier"])
    topics = {}
    mail.outbox = []
    for name, payload in CORPUS:
        marker = MARKERS[name]
        with django_capture_on_commit_callbacks(execute=True):
            response = author.post(f"/forum/c/{category.slug}/new/", {
                "title": within(payload, 200), "body": payload, "tags": within(f"{marker} {payload}".replace(",", " "), 40),
            })
        assert response.status_code == 302, f"{name}: {response.status_code} {response.content.decode()[:300]}"
        topic = Topic.objects.get(pk=int(response["Location"].strip("/").split("/")[-1]))
        with django_capture_on_commit_callbacks(execute=True):
            assert replier.post(f"/forum/t/{topic.pk}/reply/", {"body": payload}).status_code == 302
        topics[name] = topic

    reader = logged_in(writers["reader"])
    pages = {"forum index": get(reader, "/forum/"), "category": get(reader, category.get_absolute_url()), "home": get(reader, "/"),
             "notifications": get(reader, "/forum/notifications/")}
    expectations = {"category": [], "notifications": []}
    for name, topic in topics.items():
        marker, title = MARKERS[name], topic.title
        pages[f"topic {name}"] = get(reader, topic.get_absolute_url())
        opening = topic.posts.get(number=1)
        pages[f"edit form {name}"] = get(author, f"/forum/p/{opening.pk}/edit/")
        pages[f"quoting reply form {name}"] = get(replier, f"/forum/t/{topic.pk}/reply/", quote=opening.pk)
        pages[f"search {name}"] = get(reader, "/search/", q=marker)
        expectations[f"topic {name}"] = [title, marker]
        expectations[f"search {name}"] = [marker]
        expectations["category"].append(title)
        expectations["notifications"].append(title)
        expectations[f"edit form {name}"] = [marker]
    assert_inert(pages, expectations)
    assert_single_line(*(topic.title for topic in topics.values()),
                       *(tag.name for topic in topics.values() for tag in topic.tags.all()))
    assert_search_json_is_inert(reader, [MARKERS[name] for name, _ in CORPUS])
    assert_emails_are_plain_text(writers["reader"])


def assert_search_json_is_inert(client, markers):
    """The API's snippets are HTML with <mark> only; titles and suggestion texts are data, sent as JSON."""
    problems = []
    for marker in markers:
        response = client.get("/api/search/", {"q": marker})
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        results = response.json()["results"]
        if not results:
            problems.append(f"search API finds nothing for {marker}")
        for result in results:
            snippet = Page(result["snippet"])
            tags = {tag for tag, _attrs in snippet.elements}
            if tags - {"mark"} or any(attrs for _tag, attrs in snippet.elements):
                problems.append(f"search API snippet for {marker} has markup besides <mark>: {result['snippet'][:120]!r}")
        suggest = client.get("/api/search/suggest/", {"q": marker})
        assert suggest["Content-Type"].startswith("application/json")
    assert not problems, "\n".join(problems)


def assert_emails_are_plain_text(user):
    messages = [m for m in mail.outbox if user.email in m.to]
    assert messages, f"{user.email} got no e-mail"
    for message in messages:
        assert "\n" not in message.subject and "\r" not in message.subject, message.subject
        assert not getattr(message, "alternatives", None), "an HTML part would render what the text part shows as text"
        assert message.content_subtype == "plain"
        headers = message.message()
        assert headers.get_all("Bcc") is None and headers.get_all("Cc") is None
        assert not DIRECTION_OVERRIDES.search(message.subject + message.body), "a direction override in an e-mail"


# Profiles ----------------------------------------------------------------------------------------------------------

PROFILE_LIMITS = {"first_name": 150, "last_name": 150, "position": 150, "organisation": 200, "bio": 2000}


def test_profile_fields_are_inert_on_profiles_the_directory_and_the_forum(writers, django_capture_on_commit_callbacks):
    category = Category.objects.create(name="Профілі", slug="profili-inj")
    reader, viewer = writers["reader"], logged_in(writers["reader"])
    people = {}
    for index, (name, payload) in enumerate(CORPUS):
        person = make_user(f"inj-person{index:02d}", groups=["Member"])
        data = {field: within(payload, limit) for field, limit in PROFILE_LIMITS.items()}
        data.update(forum_email=User.EmailFrequency.IMMEDIATE, language="uk")
        response = logged_in(person).post("/members/me/edit/", data)
        assert response.status_code == 302, f"{name}: {response.status_code} {response.content.decode()[:300]}"
        person.refresh_from_db()
        people[name] = person
        with django_capture_on_commit_callbacks(execute=True):
            topic, _ = services.topic_create(
                category=category, author=person, title=f"Тема {MARKERS[name]}", body=f"@{reader.username} привіт")

    pages = {"directory": get(viewer, "/members/"), "notifications": get(viewer, "/forum/notifications/"),
             "category": get(viewer, category.get_absolute_url())}
    expectations = {"directory": [], "notifications": []}
    for name, person in people.items():
        pages[f"profile {name}"] = get(viewer, person.get_absolute_url())
        pages[f"own profile form {name}"] = get(logged_in(person), "/members/me/edit/")
        pages[f"topic {name}"] = get(viewer, Topic.objects.get(author=person).get_absolute_url())
        pages[f"directory search {name}"] = get(viewer, "/members/", q=MARKERS[name])
        expectations[f"profile {name}"] = [person.first_name, person.position, person.organisation, MARKERS[name]]
        expectations[f"topic {name}"] = [person.display_name]
        expectations["directory"].append(person.last_name)
        expectations["notifications"].append(person.display_name)
    assert_inert(pages, expectations)
    assert_single_line(*(getattr(p, f) for p in people.values() for f in ("first_name", "last_name", "position", "organisation")))
    assert_emails_are_plain_text(reader)


# Sign-up ----------------------------------------------------------------------------------------------------------


def test_sign_up_fields_are_inert_in_the_moderators_queue_and_e_mails(writers, oblast):
    moderator = logged_in(writers["moderator"])
    mail.outbox = []
    applicants = {}
    for index, (name, payload) in enumerate(CORPUS):
        email = f"applicant{index:02d}@example.org"
        client = Client()
        response = client.post("/accounts/signup/", {
            "email": email, "password1": PASSWORD, "password2": PASSWORD,
            "first_name": within(payload, 150), "last_name": within(payload, 150), "position": within(payload, 150),
            "organisation": within(payload, 200), "oblast": str(oblast.pk), "motivation": within(payload, 1000),
        })
        assert response.status_code == 302, f"{name}: {response.content.decode()[:500]}"
        link = re.search(r"https?://testserver(/\S*confirm-email/\S+?/)(?=\s|$)", mail.outbox[-1].body).group(1)
        assert client.post(link).status_code == 302
        applicants[name] = User.objects.get(email=email)

    pages = {"requests": get(moderator, "/members/requests/")}
    expectations = {"requests": [within(visible(CORPUS[0][1]), 150)]}
    for name, applicant in applicants.items():
        pages[f"decline form {name}"] = get(moderator, f"/members/requests/{applicant.pk}/decline/")
        pages[f"profile {name}"] = get(moderator, applicant.get_absolute_url())
        expectations[f"decline form {name}"] = [MARKERS[name]]
        expectations["requests"].append(applicant.organisation)
    assert_inert(pages, expectations)
    assert_single_line(*(getattr(a, f) for a in applicants.values() for f in ("first_name", "last_name", "position", "organisation")))
    assert_emails_are_plain_text(writers["moderator"])


# What members and moderators write about posts and people: flag notes, hide and suspension reasons ----------------


def test_flag_notes_and_moderation_reasons_are_inert(writers, django_capture_on_commit_callbacks):
    """Flag notes reach the moderators' queue; a hide reason reaches the author (notification, topic page); a
    suspension reason shows on the member's profile."""
    category = Category.objects.create(name="Скарги", slug="skarhy-inj")
    author, moderator = writers["author"], logged_in(writers["moderator"])
    flagger = logged_in(writers["reader"])
    pages, expectations = {}, {}
    for index, (name, payload) in enumerate(CORPUS):
        with django_capture_on_commit_callbacks(execute=True):
            topic, post = services.topic_create(category=category, author=author, title=f"Скарга {MARKERS[name]}", body="Текст")
            reply = services.post_reply(topic=topic, author=author, body="Відповідь")  # no reply notifications
        assert flagger.post(f"/forum/p/{reply.pk}/flag/", {"reason": "other", "note": within(payload, 500)}).status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            assert moderator.post(f"/forum/p/{post.pk}/hide/", {"reason": within(payload, 500)}).status_code == 302
        pages[f"topic seen by its author {name}"] = get(logged_in(author), topic.get_absolute_url())
        expectations[f"topic seen by its author {name}"] = [MARKERS[name]]
    person = make_user("inj-suspended", groups=["Member"])
    assert moderator.post(f"/forum/members/{person.username}/suspend/", {"days": 3, "reason": CORPUS[0][1]}).status_code == 302
    pages["queue"] = get(moderator, "/forum/moderation/")
    pages["log"] = get(moderator, "/forum/moderation/log/")
    pages["author's notifications"] = get(logged_in(author), "/forum/notifications/")
    pages["suspended profile"] = get(logged_in(person), person.get_absolute_url())
    expectations["queue"] = [MARKERS[name] for name, _ in CORPUS]
    expectations["author's notifications"] = [MARKERS[name] for name, _ in CORPUS]
    expectations["suspended profile"] = [CORPUS[0][1]]
    assert_inert(pages, expectations)


# The search box ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, payload", CORPUS, ids=[name for name, _ in CORPUS])
def test_the_search_box_reflects_queries_inertly(client, name, payload):
    """What is typed comes back in the search field and the facet links, escaped; the API answers in JSON."""
    query = within(payload, 500)
    params = {"q": query, "type": payload, "theme": payload, "tag": payload, "oblast": payload, "sort": payload, "page": payload}
    response = client.get("/search/", params)
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    assert not problems_in(html, "search page", list(MARKERS.values()), overrides=False)
    field = [attrs for tag, attrs in Page(html).elements if tag == "input" and dict(attrs).get("name") == "q"]
    assert field and visible(dict(field[0]).get("value", "")) == visible(query), "the query is kept in the search field"
    for url in ("/api/search/", "/api/search/suggest/"):
        api = client.get(url, params)
        assert api.status_code in (200, 400) and api["Content-Type"].startswith("application/json"), (url, api.status_code)
        json.loads(api.content)


def test_posts_render_markdown_safely(writers, django_capture_on_commit_callbacks):
    """The stored HTML of every hostile post: only the allowed tags, safe links, nothing to run."""
    category = Category.objects.create(name="Розмітка", slug="rozmitka-inj")
    problems = []
    for name, payload in CORPUS:
        with django_capture_on_commit_callbacks(execute=True):
            topic, post = services.topic_create(
                category=category, author=writers["author"], title=f"Розмітка {MARKERS[name]}", body=payload)
        problems += problems_in(post.body_html, name, list(MARKERS.values()), overrides=False)
        for tag, attrs in Page(post.body_html).elements:
            if tag == "a":
                href = dict(attrs).get("href", "")
                assert href.startswith(("http://", "https://", "mailto:", "/members/")), (name, href)
                assert "nofollow" in dict(attrs).get("rel", "") or "mention" in dict(attrs).get("class", ""), (name, attrs)
        assert MARKERS[name] in visible(Page(post.body_html).text), f"{name}: the text is lost"
    assert not problems, "\n".join(problems)
    assert Post.objects.filter(topic__category=category).count() == len(CORPUS)


@pytest.mark.parametrize("html", [
    '<p>x</p><script>alert("inj01")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href=" JaVa\tScript:alert(1)">x</a>',
    '<div style="width:expression(alert(1))">x</div>',
    '<input value="" autofocus x="inj02">',
    '<svg><a>inj03</a></svg>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<p>\u202etxt.exe</p>',
], ids=["script", "handler", "javascript URL", "CSS expression", "attribute breakout", "svg", "meta refresh", "override"])
def test_the_inspector_flags_what_a_browser_would_run(html):
    """The checks above can fail: each of these is caught."""
    assert problems_in(html, "sample", list(MARKERS.values()))
    assert not problems_in('<p>&lt;script&gt;inj01</p><input name="q" value="&quot;&gt;inj02">', "escaped", list(MARKERS.values()))


# Search gaps and saved searches (issue #12) -----------------------------------------------------------------------


def test_queries_are_inert_on_the_gaps_page_and_the_saved_searches_page(writers):
    from cop.search import saved
    from cop.search.models import SavedSearch, SearchGap

    member, moderator = writers["reader"], writers["moderator"]
    client = Client()
    for name, payload in CORPUS:
        client.get("/search/", {"q": within(payload, 500), "tag": payload})  # nothing matches: each one is a gap
        try:
            saved.saved_search_create(user=member, data={"q": within(payload, 500), "tag": payload})
        except (saved.SavedSearchError, ValueError):
            pass  # the same search twice, or the limit: refused as it should be
    assert SearchGap.objects.count() > 10 and SavedSearch.objects.filter(user=member).count() > 10
    assert_single_line(*SearchGap.objects.values_list("example", flat=True), *SavedSearch.objects.values_list("query", flat=True))
    pages = {"gaps page": get(logged_in(moderator), "/search/gaps/"), "saved searches": get(logged_in(member), "/search/saved/")}
    assert_inert(pages, {})
