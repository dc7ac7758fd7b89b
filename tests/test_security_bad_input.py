"""Bad input never ends in a 5xx: every query parameter of every GET endpoint gets a table of hostile values and
generated ones (hypothesis); where a value is rejected, the 400 says why."""

import json
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .forum_factories import make_reply, make_topic

pytestmark = pytest.mark.django_db

# Python strings; quoted with surrogatepass, so lone surrogates arrive as the invalid UTF-8 they would be on the wire.
HOSTILE = [
    "99999999999999999999", "-99999999999999999999", "9223372036854775808", "-1", "0", "1.5", "1e309", "NaN", " 7 ",
    "\x00", "a\x00b", "\ud800", "x" * 10_000, "й" * 600,
    '"', '"a', "*", "a*", "NEAR(", "NEAR(a b, 2)", "OR", "a OR", "AND NOT", "-", "-a", "^a", "a:b", "{a b}:c", "(",
    "'", "\\", "%", "_", "' OR 1=1 --", "'; DROP TABLE wagtailcore_page; --",
    '{"a": 1}', "[1, 2]", "<script>alert(1)</script>", "../../etc/passwd",
    "\u202eabc", "a\u200bb\u200d", "\ufeff", "🙂🇺🇦", "e\u0301", "ґ’ї",
]
# One of each kind above, for the many parameters that are not free text (the whole table would take minutes).
HOSTILE_KINDS = [
    "99999999999999999999", "-1", "1e309", "a\x00b", "\ud800", "x" * 10_000, '"', "NEAR(a OR -b*", "'; --", "\\%_",
    '{"a": [1, 2]}', "\u202e\u200b🙂",
]
# Already percent-encoded: broken escapes and byte sequences that are not UTF-8.
HOSTILE_ENCODED = ["%", "%zz", "%FF%FE", "%ED%A0%80", "%C0%AF", "a%00b", "%E2%80%AE"]


def encoded(value):
    return quote(value, safe="", errors="surrogatepass")


@pytest.fixture
def endpoints(demo):
    """(role, path, fixed query, parameters) of every GET endpoint that reads its query string, on the demo content."""
    from forum.models import Category
    from knowledge.models import EventPage, PracticePage, ThemePage

    practice = PracticePage.objects.live().public().filter(locale__language_code="uk").first()
    theme = ThemePage.objects.live().public().filter(locale__language_code="uk").first()
    event = EventPage.objects.live().public().first()
    category = Category.objects.filter(visibility=Category.Visibility.PUBLIC).first()
    # Without DEBUG the demo has no accounts, hence no discussions: one topic with a reply gives the views something.
    topic = make_topic(category=category)
    make_reply(topic, topic.posts.get(number=1).author)
    api_common = ["offset", "limit", "search", "search_operator", "order", "fields", "id", "title", "format", "_"]
    return [
        # The API: `limit=1` keeps each answer small; a hostile limit comes last and wins.
        ("anonymous", "/api/v2/pages/", "limit=1", api_common + [
            "type", "child_of", "descendant_of", "ancestor_of", "translation_of", "locale", "site", "rich_text_format",
            "slug", "show_in_menus", "first_published_at", "html_url", "unknown"]),
        ("anonymous", "/api/v2/pages/", "limit=1&type=knowledge.PracticePage", [
            "date", "context", "population_band", "tags", "summary", "body", "outcomes", "period_start", "search", "order"]),
        ("anonymous", "/api/v2/pages/", "limit=1&type=knowledge.EventPage", ["start", "end", "online", "place", "fields"]),
        ("anonymous", "/api/v2/pages/", "limit=1&search=вибори", ["search_operator", "order", "offset", "type", "fields"]),
        ("anonymous", f"/api/v2/pages/{event.pk}/", "", ["fields", "rich_text_format"]),
        ("anonymous", f"/api/v2/pages/{practice.pk}/", "", ["fields", "rich_text_format"]),
        ("anonymous", "/api/v2/pages/find/", "", ["id", "html_path"]),
        ("anonymous", "/api/v2/documents/", "limit=1", api_common + ["tags"]),
        ("anonymous", "/api/v2/documents/find/", "", ["id"]),
        ("anonymous", "/api/v2/images/", "limit=1", api_common + ["tags", "width", "height"]),
        ("anonymous", "/api/search/", "q=вибори", ["q", "type", "theme", "tag", "oblast", "year", "sort", "page", "page_size",
                                                  "like_mine"]),
        ("member", "/api/search/", "q=вибори", ["like_mine", "page"]),
        ("anonymous", "/search/similar/", "", ["title", "body", "exclude", "format"]),
        ("member", "/search/similar/", "format=json", ["title", "body", "exclude"]),
        ("anonymous", "/api/search/suggest/", "", ["q"]),
        # HTML pages and feeds.
        ("anonymous", "/search/", "q=вибори", ["q", "type", "theme", "tag", "oblast", "year", "sort", "page", "like_mine"]),
        ("member", "/search/", "q=вибори", ["like_mine", "page"]),
        ("anonymous", "/praktyky/", "", ["theme", "tag", "oblast", "hromada", "population", "year", "sort", "page"]),
        ("anonymous", theme.url, "", ["page"]),
        ("anonymous", "/resursy/", "", ["kind", "page"]),
        ("anonymous", "/podii/", "", ["page"]),
        ("anonymous", "/feeds/practices/rss/", "", ["page"]),
        ("anonymous", "/feeds/practices/atom/", "", ["page"]),
        ("anonymous", f"/feeds/themes/{theme.slug}/rss/", "", ["page"]),
        ("anonymous", "/sitemap.xml", "", ["p"]),
        ("anonymous", "/forum/", "", ["sort", "page"]),
        ("anonymous", f"/forum/c/{category.slug}/", "", ["sort", "page"]),
        ("anonymous", f"/forum/t/{topic.pk}/", "", ["page"]),
        ("anonymous", "/accounts/login/", "", ["next"]),
        ("anonymous", "/accounts/signup/", "", ["next"]),
        ("member", f"/forum/t/{topic.pk}/reply/", "", ["quote"]),
        ("member", "/forum/notifications/", "", ["page"]),
        ("member", "/members/", "", ["q", "oblast", "page"]),
        ("moderator", "/members/requests/", "", ["status", "page"]),
        ("moderator", "/forum/moderation/log/", "", ["action", "moderator", "member", "page"]),
    ]


# Parameters whose free text reaches a query (full-text or LIKE): these get the whole table.
FREE_TEXT = {("/api/v2/pages/", "search"), ("/api/v2/documents/", "search"), ("/api/v2/images/", "search"),
             ("/api/search/", "q"), ("/api/search/suggest/", "q"), ("/search/", "q"), ("/members/", "q"),
             ("/forum/moderation/log/", "member"), ("/search/similar/", "title"), ("/search/similar/", "body")}


@pytest.fixture(autouse=True)
def no_similar_rate_limit(settings):
    """The tables below ask /search/similar/ hundreds of times a minute: its rate limit would answer most of them
    with a 429 (tested in test_similar_content.py) instead of letting them reach the code."""
    settings.SEARCH_SIMILAR_RATE = "100000/m"


def has_a_message(response):
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        return bool(str(data.get("message") or data.get("error") or "").strip())
    text = response.content.decode(errors="replace")
    return 'role="alert"' in text or ("<h1>" in text and "<p>" in text)


def problem(response, url):
    """What is wrong with this answer to bad input, or None."""
    if response.status_code >= 500:
        return f"{response.status_code} {url}: {response.exc_info[1]!r}" if response.exc_info else f"{response.status_code} {url}"
    if response.status_code == 400 and not has_a_message(response):
        return f"400 without a message: {url}"
    return None


@pytest.fixture
def clients(member, moderator):
    anonymous, as_member, as_moderator = (Client(raise_request_exception=False) for _ in range(3))
    as_member.force_login(member)
    as_moderator.force_login(moderator)
    return {"anonymous": anonymous, "member": as_member, "moderator": as_moderator}


@pytest.fixture
def search_index(endpoints):
    """The demo in the embedded search index (emptied before every test), so search filters and facets have data."""
    call_command("search_index", "rebuild", stdout=StringIO(), stderr=StringIO())


def get(client, path, fixed, query):
    url = f"{path}?{'&'.join(part for part in (fixed, query) if part)}"
    return url, client.get(url)


def problems_of(requests):
    found = [problem(response, url[:300]) for url, response in requests]
    return "\n".join(p for p in found if p)


query_values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(['"', "*", "(", ")", "-", "'", "\\", "%", "_", ":", "NEAR", "OR", "AND", "NOT", "a", "й", " "]),
             max_size=8).map("".join),
)


@pytest.mark.usefixtures("demo", "search_index")
class TestBadInput:
    def test_api_parameters_take_each_kind_of_hostile_value_without_a_server_error(self, clients, endpoints):
        values = [encoded(value) for value in HOSTILE_KINDS] + HOSTILE_ENCODED[:3]
        problems = problems_of(
            get(clients[role], path, fixed, f"{name}={value}")
            for role, path, fixed, names in endpoints if path.startswith("/api/v2/")
            for name in names for value in values
        )
        assert not problems, problems

    def test_free_text_parameters_take_the_whole_hostile_table(self, clients, endpoints):
        values = [encoded(value) for value in HOSTILE] + HOSTILE_ENCODED
        problems = problems_of(
            get(clients[role], path, fixed, f"{name}={value}")
            for role, path, fixed, names in endpoints
            for name in names if (path, name) in FREE_TEXT for value in values
        )
        assert not problems, problems

    def test_pages_and_feeds_take_hostile_values_in_all_their_parameters_at_once(self, clients, endpoints):
        # Each view reads its parameters independently (forms, paginator), so one request covers them all.
        values = [encoded(value) for value in HOSTILE_KINDS] + HOSTILE_ENCODED[:3]
        problems = problems_of(
            get(clients[role], path, fixed, "&".join(f"{name}={value}" for name in names))
            for role, path, fixed, names in endpoints if not path.startswith("/api/v2/")
            for value in values
        )
        assert not problems, problems

    def test_repeated_empty_bare_and_array_parameters_are_handled(self, clients, endpoints):
        queries = [lambda names: "&".join(f"{name}=1&{name}=2" for name in names),
                   lambda names: "&".join(f"{name}[]=1&{name}[0]=2" for name in names),
                   lambda names: "&".join(f"{name}=" for name in names),
                   lambda names: "&".join(names)]
        problems = problems_of(
            get(clients[role], path, fixed, query(names)) for role, path, fixed, names in endpoints for query in queries
        )
        assert not problems, problems

    def test_the_api_rejects_what_it_cannot_use_with_a_400_and_a_message(self, clients):
        client = clients["anonymous"]
        for endpoint in ("pages", "documents", "images"):
            for query in ("offset=99999999999999999999", "offset=-1", "limit=99999999999999999999", "search=%22",
                          "search=a%00", "search_operator=xor", "order=nonsense", "fields=title(((", "id=abc"):
                response = client.get(f"/api/v2/{endpoint}/?{query}")
                assert response.status_code == 400, (endpoint, query, response.content)
                assert json.loads(response.content)["message"], (endpoint, query)

    def test_hostile_search_text_is_searched_as_plain_words(self, clients):
        client = clients["anonymous"]
        for search in ('"вибори', "вибори NEAR(", "вибори OR", "-вибори", "вибори*", "вибори'"):
            for endpoint in ("pages", "documents", "images"):
                response = client.get(f"/api/v2/{endpoint}/", {"search": search})
                assert response.status_code == 200, (endpoint, search, response.content)
        # Not vacuous: the demo has practices about elections, in Wagtail's index and in ours.
        assert client.get("/api/v2/pages/", {"search": '"вибори'}).json()["items"]
        assert client.get("/api/search/", {"q": '"вибори'}).json()["count"]

    # Hypothesis draws a few query strings per endpoint; the examples share this test's transaction.
    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def test_generated_query_strings_never_cause_a_server_error(self, clients, endpoints, data):
        for role, path, fixed, names in endpoints:
            params = data.draw(st.dictionaries(st.sampled_from(names), query_values, min_size=1, max_size=3), label=path)
            url, response = get(clients[role], path, fixed, "&".join(f"{name}={encoded(value)}" for name, value in params.items()))
            assert problem(response, url[:300]) is None, problem(response, url[:300])
