"""Layout of the search page, the library, the forum index and a practice on a phone (issue #14): what is a list
and what is not, landmarks with names, clean URLs, labelled table cells, folded filters, one link to a translation."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from wagtail.models import Page

from cop.search.text import blocks_text, html_text, join_sentences
from forum.search import topic_document

from .forum_factories import make_category, make_topic
from .html_elements import Elements
from .knowledge_factories import library, make_practice, make_theme, make_translation

pytestmark = pytest.mark.django_db


# --- the plain text of search documents -------------------------------------------------------------------------


def test_blocks_become_sentences():
    assert html_text("<h2>Контекст</h2><p>Громада <strong>вирішила</strong> діяти</p>") == "Контекст. Громада вирішила діяти"


def test_own_punctuation_is_kept_and_not_doubled():
    assert html_text("<h2>Що зробили?</h2><p>Кроки:</p><ul><li>Один;</li><li>два.</li></ul><p>«Так.»</p>") == (
        "Що зробили? Кроки: Один; два. «Так.»"
    )


def test_list_items_and_cells_are_separate_sentences():
    assert html_text("<ul><li>Опитування</li><li>Слухання</li></ul>") == "Опитування. Слухання"
    assert html_text("<table><tr><td>2020</td><td>Вибори</td></tr></table>") == "2020. Вибори"


def test_inline_markup_does_not_split_a_sentence_and_entities_are_text():
    assert html_text('<p>Центр <a href="/x">«Дія»</a> &amp; ЦНАП</p>') == "Центр «Дія» & ЦНАП"


def test_page_fields_are_joined_as_sentences():
    assert blocks_text(["Короткий опис", "<p>Текст</p>", "", "Вінниця"]) == "Короткий опис. Текст. Вінниця"
    assert join_sentences(["  Один \n рядок ", None, "Другий"]) == "Один рядок. Другий"


def test_a_practice_document_separates_heading_and_paragraph(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Прозорий бюджет", slug="prozoryi", summary="Опис",
                      body=[("heading", "Контекст"), ("paragraph", "<p>Громада відкрила бюджетні дані</p>")])
    snippet = client.get("/api/search/", {"q": "бюджетні"}).json()["results"][0]["snippet"]
    assert "Контекст. Громада" in snippet


def test_a_forum_document_separates_paragraphs():
    topic = make_topic(title="Бюджет участі", body="Перший абзац\n\nДругий абзац")
    body = topic_document(topic).body
    assert "Перший абзац. Другий абзац" in body, body


# --- the search page --------------------------------------------------------------------------------------------


@pytest.fixture
def searchable(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            make_practice(f"Вибори в громаді {n}", slug=f"vybory-{n}", summary="Як громади провели вибори")


def test_nothing_found_is_a_notice_not_a_list_item(client, searchable):
    page = Elements(client.get("/search/", {"q": "космодром"}).content.decode())
    notices = [e for e in page.all("p") if "Нічого не знайдено" in e["text"]]
    assert len(notices) == 1 and "ol" not in notices[0]["inside"]
    assert not page.all("ol", **{"class": "search-results"})
    assert not page.all("aside")  # no empty "Refine" box


def test_found_results_offer_their_facets(client, searchable):
    page = Elements(client.get("/search/", {"q": "вибори"}).content.decode())
    assert page.one("aside")["attrs"]["aria-labelledby"] == "facets-heading"


def test_found_results_are_an_ordered_list(client, searchable):
    page = Elements(client.get("/search/", {"q": "вибори"}).content.decode())
    assert [e for e in page.all("li") if "ol" in e["inside"] and "Вибори в громаді" in e["text"]]
    assert "Нічого не знайдено" not in client.get("/search/", {"q": "вибори"}).content.decode()


def test_the_search_form_of_the_page_has_its_own_name(client):
    page = Elements(client.get("/search/").content.decode())
    forms = [e for e in page.all("form") if e["attrs"].get("role") == "search" and "search-form" in e["attrs"].get("class", "")]
    assert len(forms) == 1
    assert forms[0]["attrs"].get("aria-label") == "Пошук і фільтри"


def test_empty_parameters_are_dropped_by_a_redirect(client):
    response = client.get("/search/?q=%D0%B2%D0%B8%D0%B1%D0%BE%D1%80%D0%B8&type=&tag=a&theme=&tag=b&oblast=&year=")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/search/"
    assert parse_qsl(url.query, keep_blank_values=True) == [("q", "вибори"), ("tag", "a"), ("tag", "b")]


def test_an_empty_query_alone_is_not_redirected(client):
    assert client.get("/search/", {"q": ""}).status_code == 200
    assert client.get("/search/", {"q": "вибори"}).status_code == 200


def test_links_of_the_page_carry_no_empty_parameter(client, searchable):
    html = client.get("/search/", {"q": "вибори", "page_size": "1"}).content.decode()
    links = [e["attrs"]["href"] for e in Elements(html).all("a") if e["attrs"].get("href", "").startswith("?")]
    assert any("type=practice" in link for link in links)  # facets
    assert any("page=2" in link for link in links)  # pagination
    for link in links:
        pairs = parse_qsl(link[1:].replace("&amp;", "&"), keep_blank_values=True)
        assert all(value for _name, value in pairs), link


# --- the forum index on a phone ---------------------------------------------------------------------------------


def test_forum_index_cells_are_labelled(client):
    title = "Як організувати громадські слухання щодо бюджету громади у воєнний час і не порушити закон"
    make_topic(category=make_category(name="Бюджет"), title=title)
    page = Elements(client.get("/forum/").content.decode())
    cells = [e for e in page.all("td") if "tbody" in e["inside"]]
    assert [c["attrs"].get("data-label") for c in cells] == ["Теми", "Дописи", "Останній допис"]
    assert [a for a in page.all("a") if a["text"] == title], "the latest topic's link keeps its whole title"


# --- the practice library ---------------------------------------------------------------------------------------


def test_library_filters_are_folded_until_one_is_active(client):
    theme = make_theme("Вибори", slug="vybory")
    make_practice("Вибори під час пандемії", slug="pandemiia", themes=[theme])
    folded = Elements(client.get(library().url).content.decode())
    details = folded.all("details", **{"class": "filters-details"})
    assert len(details) == 1 and "open" not in details[0]["attrs"]
    assert [e for e in folded.all("select") if "details" in e["inside"] and e["attrs"].get("name") == "theme"]

    filtered = Elements(client.get(library().url, {"theme": "vybory", "year": ""}).content.decode())
    details = filtered.all("details", **{"class": "filters-details"})
    assert "open" in details[0]["attrs"]
    assert [e for e in filtered.all("summary") if "1" in e["text"]], "the summary tells how many filters are on"


# --- a practice page --------------------------------------------------------------------------------------------


def test_a_practice_links_once_to_its_translation_near_the_title(client):
    practice = make_practice("Дистанційні сесії ради", slug="sesii")
    translated = make_translation(practice, "Remote council sessions")

    page = Elements(client.get(practice.url).content.decode())
    links = [a for a in page.all("a") if a["attrs"].get("href") == translated.url]
    assert len(links) == 1
    assert links[0]["attrs"].get("lang") == "en" and links[0]["attrs"].get("hreflang") == "en"
    assert links[0]["text"] == "Read in English"
    # Near the title: in the article, before the body text.
    names = [e["tag"] for e in page.found]
    link_index = page.found.index(links[0])
    assert names.index("h1") < link_index < next(i for i, e in enumerate(page.found) if "stream" in e["attrs"].get("class", ""))


def test_the_home_page_leaves_the_other_language_to_the_header_switch(client):
    home = make_translation(Page.objects.get(depth=2, locale__language_code="uk").specific, "Community of practice")
    for url in ("/", home.url):
        page = Elements(client.get(url).content.decode())
        assert not page.all("p", **{"class": "translations"}), url
