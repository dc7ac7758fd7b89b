"""Search quality beyond matching: stop words, compounds, the relaxed retry, ranking boosts, facet labels,
the exact API contract, and fuzzing of the query parser and the endpoints with hypothesis."""

import datetime
import socket

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop.search import get_backend
from cop.search.analysis import lemmas
from cop.search.embedded import Document, EmbeddedIndex, highlight
from cop.search.query import MAX_TERMS, QueryError, parse, relaxed
from forum import services
from forum.models import Category

from .knowledge_factories import make_practice

# Text a user might type: Ukrainian and Latin letters, digits, the three apostrophes, quotes, operators,
# punctuation, control characters, emoji and anything else Unicode has.
QUERY_ALPHABET = st.one_of(
    st.sampled_from(list("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВЇЄҐ'’ʼ\"-*():^~+{}[]<>&|!?.,;/\\ \t\n\x00\x01\x7f")),
    st.characters(exclude_categories=("Cs",)),  # lone surrogates cannot be sent in a URL at all
)
queries = st.text(QUERY_ALPHABET, max_size=600)


# Parser
@settings(max_examples=400, deadline=None)
@given(queries)
def test_parser_accepts_anything_or_says_why(text):
    try:
        parsed = parse(text)
    except QueryError as exc:
        assert str(exc) in {"empty", "too_long", "no_words"}
        return
    assert len(text) <= 500
    assert parsed.terms or parsed.phrases
    assert len(parsed.terms) <= MAX_TERMS and len(parsed.excluded) <= MAX_TERMS and len(parsed.phrases) <= 8
    for term in [*parsed.terms, *parsed.excluded, *(t for p in parsed.phrases for t in p)]:
        assert term and '"' not in term and not any(ch.isspace() for ch in term)
        assert len(term) <= 60 or not term.isalpha()


@settings(max_examples=300, deadline=None)
@given(queries)
def test_every_parsed_query_runs_on_the_index(text):
    index = fuzz_index()
    try:
        parsed = parse(text)
    except QueryError:
        return
    for query in filter(None, [parsed, relaxed(parsed)]):
        total, results, facets = index.search(query, audiences=["public"], limit=5)
        assert total >= len(results)
        for result in results:
            assert "<script" not in result["snippet"]
        index.suggest(text, audiences=["public"])


_FUZZ_INDEX = []


def fuzz_index():
    if not _FUZZ_INDEX:
        index = EmbeddedIndex()
        index.upsert([
            Document("practice:1", "practice", "Вибори під час пандемії", "/p/1", body="Виборчі дільниці <script>x</script> і маски"),
            Document("topic:2", "topic", "Об’єднання громад", "/t/2", body="Онлайн-консультації з мешканцями", tags=["громади"]),
        ])
        _FUZZ_INDEX.append(index)
    return _FUZZ_INDEX[0]


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=queries, extra=st.dictionaries(
    st.sampled_from(["type", "theme", "tag", "oblast", "year", "sort", "page", "page_size"]),
    st.text(QUERY_ALPHABET, max_size=40), max_size=4,
))
def test_endpoints_never_give_5xx(client, text, extra):
    params = {"q": text, **extra}
    for url, allowed in (("/api/search/", {200, 400}), ("/api/search/suggest/", {200, 400}), ("/search/", {200, 400})):
        response = client.get(url, params)
        if url == "/search/" and response.status_code == 302:  # empty parameters dropped, once
            response = client.get(response["Location"])
        assert response.status_code in allowed, (url, params, response.status_code)
        if url.startswith("/api/") and response.status_code == 400:
            assert response.json()["error"]


# Analysis details
def test_stop_words_are_dropped_from_queries_and_never_highlighted_alone():
    parsed = parse("як провести вибори у громаді")
    assert parsed.terms == ["провести", "вибори", "громада"]
    assert parse("як").terms == ["як"]  # a query of stop words only still searches for them
    marked = highlight("Як громади провели вибори", parsed, whole=True)
    assert marked == "Як <mark>громади</mark> <mark>провели</mark> <mark>вибори</mark>"


def test_hyphenated_compounds_are_found_by_their_parts():
    assert lemmas("онлайн-консультаціями") == ["онлайн", "консультація"]
    index = EmbeddedIndex()
    index.upsert([Document("practice:1", "practice", "Простір для жінок-переселенок", "/p/1", body="Онлайн-консультації")])
    for text in ("переселенки", "консультацій", "жінки-переселенки"):
        assert [r["key"] for r in index.search(parse(text), audiences=["public"])[1]] == ["practice:1"], text
    assert "<mark>жінок-переселенок</mark>" in index.search(parse("переселенкам"), audiences=["public"])[1][0]["title_html"]
    assert index.suggest("перес", audiences=["public"]) == [{"text": "Простір для жінок-переселенок", "url": "/p/1"}]


def test_a_reply_is_matched_by_its_own_text_not_its_topic_title():
    index = EmbeddedIndex()
    index.upsert([
        Document("topic:1", "topic", "Бюджет участі", "/t/1", body="Як почати?", tags=["бюджет"]),
        Document("post:2", "post", "Бюджет участі", "/t/1#2", body="Ми почали з молодіжної квоти", tags=["бюджет"]),
    ])
    assert [r["key"] for r in index.search(parse("бюджет"), audiences=["public"])[1]] == ["topic:1"]
    found = index.search(parse("квота"), audiences=["public"])[1]
    assert [r["key"] for r in found] == ["post:2"] and found[0]["title"] == "Бюджет участі"


def test_recent_and_accepted_documents_get_a_mild_boost():
    today = datetime.date.today()
    index = EmbeddedIndex()
    index.upsert([
        Document("topic:1", "topic", "Молодіжна рада", "/t/1", body="досвід", date=(today - datetime.timedelta(days=2000)).isoformat()),
        Document("topic:2", "topic", "Молодіжна рада", "/t/2", body="досвід", date=today.isoformat()),
    ])
    results = index.search(parse("молодіжна рада"), audiences=["public"])[1]
    assert [r["key"] for r in results] == ["topic:2", "topic:1"]
    assert results[0]["score"] <= results[1]["score"] * 1.2  # mild: at most +15 %
    index.upsert([Document("topic:1", "topic", "Молодіжна рада", "/t/1", body="досвід", date=today.isoformat(), boost=1.3)])
    assert [r["key"] for r in index.search(parse("молодіжна рада"), audiences=["public"])[1]] == ["topic:1", "topic:2"]


# Through the site
@pytest.fixture
def content(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice = make_practice("Вибори під час пандемії", slug="vybory-pandemiya", summary="Як громади провели вибори безпечно",
                                 tags=["вибори"])
        category = Category.objects.create(name="Загальні", slug="zahalni-q")
        topic, _ = services.topic_create(category=category, author=member, title="Голосування переселенців", body="Як змінити адресу?")
    return {"practice": practice, "topic": topic}


@pytest.mark.django_db
def test_api_contract_holds_exactly(client, content):
    data = client.get("/api/search/", {"q": "вибори"}).json()
    assert set(data) == {"count", "page", "results", "facets", "semantic"}
    assert data["semantic"] == "off"
    assert data["page"] == 1 and data["count"] == len(data["results"]) >= 1
    for result in data["results"]:
        # Words only here; hybrid results add "found_by", a search ranked "like mine" adds "like_mine".
        assert set(result) == {"type", "id", "title", "url", "snippet", "score", "date", "theme", "tags", "language",
                               "other_languages"}
        assert isinstance(result["other_languages"], list)
        assert result["type"] in {"practice", "resource", "event", "topic", "post"}
        assert isinstance(result["id"], int) and isinstance(result["score"], (int, float))
        assert isinstance(result["tags"], list) and isinstance(result["title"], str) and result["url"].startswith("/")
    assert set(data["facets"]) == {"type", "theme", "tag", "oblast", "year"}
    for counts in data["facets"].values():
        assert all(isinstance(k, str) and isinstance(v, int) and v > 0 for k, v in counts.items())
    assert data["facets"]["type"] == {"practice": 1}
    suggestions = client.get("/api/search/suggest/", {"q": "Виб"}).json()
    assert set(suggestions) == {"suggestions"}
    assert suggestions["suggestions"] == [{"text": "Вибори під час пандемії", "url": content["practice"].url}]


@pytest.mark.django_db
def test_no_result_with_every_word_falls_back_to_some_words(client, content):
    html = client.get("/search/", {"q": "вибори кенгуру"}).content.decode()
    assert "Вибори</mark> під час пандемії" in html
    assert "Жоден результат не містить усіх слів" in html
    data = client.get("/api/search/", {"q": "вибори кенгуру"}).json()
    assert [r["title"] for r in data["results"]] == ["Вибори під час пандемії"]
    html = client.get("/search/", {"q": "вибори"}).content.decode()
    assert "Жоден результат не містить усіх слів" not in html
    assert client.get("/api/search/", {"q": "кенгуру страус"}).json()["count"] == 0


@pytest.mark.django_db
def test_facets_on_the_page_show_names_not_codes(client, content):
    html = client.get("/search/", {"q": "вибори"}).content.decode()
    assert ">Практики</a> (1)" in html
    html = client.get("/en/search/", {"q": "вибори"}).content.decode()
    assert ">Practices</a> (1)" in html
    html = client.get("/search/", {"q": "переселенців"}).content.decode()
    assert ">Теми форуму</a> (1)" in html


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_engine_down_is_a_clear_503_not_a_500(client):
    with override_settings(SEARCH_URL=f"opensearch://127.0.0.1:{closed_port()}", SEARCH_TIMEOUT=1):
        response = client.get("/search/", {"q": "вибори"})
        assert response.status_code == 503
        assert "Пошук тимчасово недоступний" in response.content.decode()
        response = client.get("/api/search/", {"q": "вибори"})
        assert response.status_code == 503 and response.json()["error"]
        assert client.get("/api/search/suggest/", {"q": "виб"}).status_code == 503
    assert get_backend().name == "embedded"


@pytest.mark.django_db
def test_wagtail_admin_search_keeps_working(client, editor, content):
    """Wagtail's own database index stays on for the admin (see docs/search.md): editors find drafts there too."""
    make_practice("Чернетка про бюджет участі", slug="chernetka-budzhet", publish=False)
    client.force_login(editor)
    response = client.get("/admin/pages/search/", {"q": "бюджет"})
    assert response.status_code == 200
    assert "Чернетка про бюджет участі" in response.content.decode()
    assert "Чернетка про бюджет участі" not in client.get("/search/", {"q": "бюджет"}).content.decode()
