"""The practice library listing: filters, sort, pagination, and bad parameters that must never give a 500."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cop.places.models import Hromada, Oblast

from .knowledge_factories import library, make_practice, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    elections = make_theme("Вибори", slug="vybory")
    youth = make_theme("Участь молоді", slug="molod")
    donetska = Oblast.objects.get(slug="donetska")
    vinnytska = Oblast.objects.get(slug="vinnytska")
    kramatorsk = Hromada.objects.create(name="Краматорська міська громада", slug="kramatorska", oblast=donetska, population=150000)
    vinnytsia = Hromada.objects.create(name="Вінницька міська громада", slug="vinnytska", oblast=vinnytska, population=370000)
    return {
        "a": make_practice("Андріївські вибори", slug="a", themes=[elections], tags=["вибори", "ВПО"], hromada=kramatorsk,
                           oblast=donetska, population_band="100k_500k", date=datetime.date(2020, 10, 1)),
        "b": make_practice("Бюджет участі молоді", slug="b", themes=[youth], tags=["молодь"], hromada=vinnytsia,
                           oblast=vinnytska, population_band="100k_500k", date=datetime.date(2021, 3, 1)),
        "c": make_practice("Вуличні консультації", slug="c", themes=[elections, youth], tags=["молодь", "вибори"],
                           oblast=donetska, population_band="lt10k", date=datetime.date(2022, 5, 1)),
        "draft": make_practice("Чернетка про вибори", slug="draft", themes=[elections], tags=["вибори"], publish=False),
    }


def titles(response):
    return [p.title for p in response.context["practices"]]


def test_lists_live_practices_newest_first(client, catalogue):
    response = client.get(library().url)
    assert titles(response) == ["Вуличні консультації", "Бюджет участі молоді", "Андріївські вибори"]


def test_sort_by_title(client, catalogue):
    assert titles(client.get(library().url, {"sort": "title"})) == ["Андріївські вибори", "Бюджет участі молоді", "Вуличні консультації"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"theme": "vybory"}, {"Андріївські вибори", "Вуличні консультації"}),
        ({"tag": "молодь"}, {"Бюджет участі молоді", "Вуличні консультації"}),
        ({"oblast": "donetska"}, {"Андріївські вибори", "Вуличні консультації"}),
        ({"hromada": "vinnytska"}, {"Бюджет участі молоді"}),
        ({"population": "lt10k"}, {"Вуличні консультації"}),
        ({"year": "2021"}, {"Бюджет участі молоді"}),
        ({"theme": "molod", "oblast": "donetska"}, {"Вуличні консультації"}),
    ],
)
def test_filters(client, catalogue, params, expected):
    assert set(titles(client.get(library().url, params))) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "no-such-theme"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"oblast": "<script>alert(1)</script>"},
        {"population": "huge"},
        {"sort": "-id; DROP TABLE"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"tag": "x" * 500},
        {"q": "\x00\x01"},
        {"hromada": "'\""},
    ],
)
def test_broken_parameters_are_ignored_not_500(client, catalogue, params):
    response = client.get(library().url, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert len(titles(response)) >= 1


def test_a_bad_parameter_does_not_drop_the_good_ones(client, catalogue):
    response = client.get(library().url, {"theme": "vybory", "year": "not-a-year"})
    assert set(titles(response)) == {"Андріївські вибори", "Вуличні консультації"}
    assert "year" in response.context["filter"].ignored


def test_pagination_keeps_filters(client, catalogue):
    lib = library()
    for n in range(lib.page_size + 3):
        make_practice(f"Практика {n:02d}", slug=f"extra-{n}", tags=["масово"])
    first = client.get(lib.url, {"tag": "масово"})
    assert len(titles(first)) == lib.page_size
    html = first.content.decode()
    assert "tag=%D0%BC%D0%B0%D1%81%D0%BE%D0%B2%D0%BE&amp;page=2" in html
    second = client.get(lib.url, {"tag": "масово", "page": 2})
    assert len(titles(second)) == 3


def test_members_only_practice_is_not_listed(client, catalogue, member):
    restriction = PageViewRestriction.objects.create(page=catalogue["a"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    assert "Андріївські вибори" not in titles(client.get(library().url))


def test_library_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    for n in range(10):
        make_practice(f"Ще практика {n}", slug=f"more-{n}", tags=["a", "b"])
    with django_assert_max_num_queries(30):
        client.get(library().url)


def test_theme_page_lists_its_practices(client, catalogue):
    from knowledge.models import ThemePage

    theme = ThemePage.objects.get(slug="molod")
    html = client.get(theme.url).content.decode()
    assert "Бюджет участі молоді" in html and "Вуличні консультації" in html
    assert "Андріївські вибори" not in html


def test_filters_list_each_practice_once_without_a_distinct_over_whole_pages(client):
    theme = make_theme()
    for n in range(3):
        make_practice(f"Практика {n}", slug=f"praktyka-{n}", themes=[theme], tags=["вибори", "прозорість"])
    practice = make_practice("Друга тема", slug="druha", tags=["вибори"])
    # A tag attached twice (taggit prevents it, the database does not) still lists the practice once.
    practice.tagged_items.create(tag=practice.tags.get(name="вибори"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taggit.models import Tag

    elections, openness = Tag.objects.get(name="вибори").slug, Tag.objects.get(name="прозорість").slug
    for params, expected in (({"tag": elections}, 4), ({"theme": theme.slug}, 3),
                             ({"theme": theme.slug, "tag": openness}, 3), ({}, 4)):
        with CaptureQueriesContext(connection) as queries:
            found = titles(client.get(library().url, params))
        assert len(found) == len(set(found)) == expected, (params, found)
        assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper() and "body" in q["sql"]], params


def test_a_far_page_of_the_library_sorts_keys_not_whole_pages(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        make_practice(f"Практика {n:02d}", slug=f"far-{n}", date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as queries:
        found = titles(client.get(library().url, {"page": "3"}))
    assert found == [f"Практика {n:02d}" for n in range(5, -1, -1)]  # newest first: the oldest six on page 3
    sorted_rows = [q["sql"] for q in queries if 'ORDER BY "knowledge_practicepage"."date" DESC' in q["sql"]]
    assert sorted_rows and all('"knowledge_practicepage"."body"' not in sql for sql in sorted_rows)
    # The keys in order are the count too: no COUNT(*) reads the same rows again.
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "knowledge_practicepage" in q["sql"]]
