""""Practices from hromadas like mine": the similarity rule, the library filter per role, the home page section."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cop.places.models import Hromada, Oblast
from knowledge.similar_places import Likeness, neighbouring_bands

from .conftest import make_user
from .knowledge_factories import library, make_practice

pytestmark = pytest.mark.django_db

RURAL = Hromada.Kind.RURAL
URBAN = Hromada.Kind.URBAN


def place(slug, kind, population, oblast="lvivska"):
    return Hromada.objects.create(
        name=f"Громада {slug}", slug=slug, kind=kind, population=population, oblast=Oblast.objects.get(slug=oblast)
    )


def practice_from(title, hromada, *, date, band=None, **fields):
    return make_practice(
        title, slug=fields.pop("slug", None), hromada=hromada, oblast=hromada.oblast, date=date,
        population_band=band or Likeness.of(hromada).band, **fields,
    )


@pytest.fixture
def places():
    return {
        "mine": place("mine", RURAL, 8_000),                                     # rural, under 10,000, Lviv
        "twin": place("twin", RURAL, 6_000),                                     # same band, same oblast
        "far_twin": place("far-twin", RURAL, 7_000, oblast="kharkivska"),       # same band, other oblast
        "bigger": place("bigger", RURAL, 20_000, oblast="odeska"),              # neighbouring band
        "much_bigger": place("much-bigger", RURAL, 60_000),                     # two bands away
        "town": place("town", URBAN, 9_000),                                      # other kind
    }


@pytest.fixture
def practices(places):
    return {
        "twin": practice_from("Сільський бюджет участі", places["twin"], date=datetime.date(2020, 1, 1)),
        "far_twin": practice_from("Старости на зв’язку", places["far_twin"], date=datetime.date(2023, 1, 1)),
        "bigger": practice_from("Спільний транспорт", places["bigger"], date=datetime.date(2022, 1, 1)),
        "much_bigger": practice_from("Великий центр послуг", places["much_bigger"], date=datetime.date(2024, 1, 1)),
        "town": practice_from("Міська ініціатива", places["town"], date=datetime.date(2024, 2, 1)),
        "nowhere": make_practice("Практика без громади", slug="nowhere", date=datetime.date(2024, 3, 1)),
    }


@pytest.fixture
def rural_member(places):
    return make_user("rural", groups=["Member"], hromada=places["mine"], oblast=places["mine"].oblast)


def titles(response):
    return [p.title for p in response.context["practices"]]


# The rule


def test_neighbouring_bands_are_the_band_and_the_ones_beside_it():
    assert neighbouring_bands("lt10k") == ("lt10k", "10k_50k")
    assert neighbouring_bands("50k_100k") == ("10k_50k", "50k_100k", "100k_500k")
    assert neighbouring_bands("gt500k") == ("100k_500k", "gt500k")
    assert neighbouring_bands("") == ()


def test_a_hromada_is_like_mine_when_of_the_same_kind_and_a_neighbouring_band(places):
    mine = Likeness.of(places["mine"])
    assert mine.is_like(kind=RURAL, band="lt10k")
    assert mine.is_like(kind=RURAL, band="10k_50k")
    assert not mine.is_like(kind=RURAL, band="50k_100k")
    assert not mine.is_like(kind=URBAN, band="lt10k")


def test_without_a_known_population_the_kind_alone_decides(places):
    unknown = Likeness.of(place("unknown", RURAL, None))
    assert unknown.is_like(kind=RURAL, band="gt500k")
    assert not unknown.is_like(kind=URBAN, band="lt10k")


def test_the_same_band_counts_more_than_the_same_oblast(places):
    mine = Likeness.of(places["mine"])
    lviv = places["mine"].oblast_id
    other = Oblast.objects.get(slug="odeska").pk
    assert mine.closeness(band="lt10k", oblast_id=lviv) > mine.closeness(band="lt10k", oblast_id=other)
    assert mine.closeness(band="lt10k", oblast_id=other) > mine.closeness(band="10k_50k", oblast_id=lviv)


def test_the_reason_names_the_kind_the_size_and_a_shared_oblast(places, practices):
    mine = Likeness.of(places["mine"])
    assert mine.reason_for(practices["twin"]) == "сільська громада, до 10 тис. мешканців, у вашій області"
    assert mine.reason_for(practices["far_twin"]) == "сільська громада, до 10 тис. мешканців"


# The library filter


def test_member_with_a_hromada_filters_by_hromadas_like_theirs_closest_first(client, practices, rural_member):
    client.force_login(rural_member)
    response = client.get(library().url, {"like_mine": "1"})
    # Same band and oblast, then same band, then the neighbouring band; newest first within each.
    assert titles(response) == ["Сільський бюджет участі", "Старости на зв’язку", "Спільний транспорт"]
    html = response.content.decode()
    assert 'type="checkbox" name="like_mine" value="1"' in html and "checked" in html
    assert 'aria-describedby="id_like_mine_helptext"' in html and 'id="id_like_mine_helptext"' in html
    assert "сільська громада, до 10 тис. мешканців" in html  # the rule is explained beside the checkbox


def test_the_chosen_sort_still_applies_within_each_closeness(client, places, practices, rural_member):
    practice_from("Архів громади", places["twin"], date=datetime.date(2019, 1, 1))
    client.force_login(rural_member)
    response = client.get(library().url, {"like_mine": "1", "sort": "title"})
    assert titles(response) == ["Архів громади", "Сільський бюджет участі", "Старости на зв’язку", "Спільний транспорт"]


def test_without_the_filter_the_library_order_is_unchanged(client, practices, rural_member):
    anonymous_order = titles(client.get(library().url))
    client.force_login(rural_member)
    assert titles(client.get(library().url)) == anonymous_order
    assert titles(client.get(library().url, {"like_mine": "0"})) == anonymous_order


def test_the_filter_keeps_its_place_in_pagination_links(client, places, rural_member):
    lib = library()
    for n in range(lib.page_size + 2):
        practice_from(f"Практика {n:02d}", places["twin"], date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    client.force_login(rural_member)
    response = client.get(lib.url, {"like_mine": "1"})
    assert "like_mine=1&amp;page=2" in response.content.decode()
    assert len(titles(client.get(lib.url, {"like_mine": "1", "page": 2}))) == 2


def test_the_filter_combines_with_the_others(client, practices, rural_member):
    client.force_login(rural_member)
    assert titles(client.get(library().url, {"like_mine": "1", "oblast": "lvivska"})) == ["Сільський бюджет участі"]


@pytest.mark.parametrize("who", ["anonymous", "pending", "member_without_hromada"])
def test_for_anyone_without_a_hromada_of_their_own_the_parameter_is_ignored(client, places, practices, who):
    if who == "pending":
        client.force_login(make_user("pending", status="pending", hromada=places["mine"]))
    elif who == "member_without_hromada":
        client.force_login(make_user("nohromada", groups=["Member"]))
    unfiltered = titles(client.get(library().url))
    response = client.get(library().url, {"like_mine": "1"})
    assert response.status_code == 200
    assert titles(response) == unfiltered
    assert response.context["filter"].ignored == []
    assert 'name="like_mine"' not in response.content.decode()


@pytest.mark.parametrize("value", ["yes please", "2", "<script>alert(1)</script>", "x" * 5000, "\x00"])
def test_a_nonsense_value_is_ignored_with_a_notice_not_a_500(client, practices, rural_member, value):
    client.force_login(rural_member)
    unfiltered = titles(client.get(library().url))
    response = client.get(library().url, {"like_mine": value})
    assert response.status_code == 200
    assert titles(response) == unfiltered
    assert response.context["filter"].ignored == ["like_mine"]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_restricted_and_draft_practices_are_never_listed(client, places, practices, rural_member):
    hidden = practice_from("Лише для учасників", places["twin"], date=datetime.date(2025, 1, 1))
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    practice_from("Чернетка сусідів", places["twin"], date=datetime.date(2025, 2, 1), publish=False)
    client.force_login(rural_member)
    listed = titles(client.get(library().url, {"like_mine": "1"}))
    assert "Лише для учасників" not in listed and "Чернетка сусідів" not in listed


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params or {})
    return len(queries)


def test_a_filtered_page_takes_a_bounded_number_of_queries(client, places, rural_member, django_assert_max_num_queries):
    def add(count, start):
        for n in range(start, start + count):
            practice_from(f"Ще практика {n}", places["twin" if n % 2 else "bigger"], date=datetime.date(2021, 1, 1), tags=[f"t{n}", "b"])

    add(6, 0)
    client.force_login(rural_member)
    url = library().url
    client.get(url, {"like_mine": "1"})  # warm the caches that do not depend on the page
    few = count_queries(client, url, {"like_mine": "1"})
    add(20, 6)
    # A full page costs what a short one does, and no more than the unfiltered library for the same member.
    assert count_queries(client, url, {"like_mine": "1"}) == few <= count_queries(client, url)
    with django_assert_max_num_queries(40):
        response = client.get(url, {"like_mine": "1"})
    assert len(titles(response)) == library().page_size


# The home page


def home_section(response):
    html = response.content.decode()
    if 'id="like-mine-heading"' not in html:
        return None
    start = html.index('id="like-mine-heading"')
    return html[start: html.index("</section>", start)]


def test_home_shows_up_to_four_newest_practices_like_mine_and_why(client, places, practices, rural_member):
    for n in range(3):
        practice_from(f"Нова сусідня практика {n}", places["twin"], date=datetime.date(2025, 1, 1 + n))
    client.force_login(rural_member)
    response = client.get("/")
    shown = [practice.title for practice, _reason in response.context["like_mine"]]
    assert shown == ["Нова сусідня практика 2", "Нова сусідня практика 1", "Нова сусідня практика 0", "Старости на зв’язку"]
    section = home_section(response)
    assert "Громада twin" in section and "у вашій області" in section
    assert f'{library().url}?like_mine=1' in section


def test_home_never_shows_restricted_or_draft_practices(client, places, practices, rural_member):
    hidden = practice_from("Лише для учасників", places["twin"], date=datetime.date(2025, 1, 1))
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
    practice_from("Чернетка сусідів", places["twin"], date=datetime.date(2025, 2, 1), publish=False)
    client.force_login(rural_member)
    section = home_section(client.get("/"))
    assert "Лише для учасників" not in section and "Чернетка сусідів" not in section
    assert "Сільський бюджет участі" in section


def test_home_invites_a_member_without_a_hromada_to_set_it(client, practices):
    client.force_login(make_user("nohromada", groups=["Member"]))
    section = home_section(client.get("/"))
    assert section is not None
    assert "/members/me/edit/" in section
    assert "Сільський бюджет участі" not in section


@pytest.mark.parametrize("who", ["anonymous", "pending"])
def test_home_shows_nothing_of_it_to_visitors_and_applicants(client, places, practices, who):
    if who == "pending":
        client.force_login(make_user("pending", status="pending", hromada=places["mine"]))
    response = client.get("/")
    assert response.status_code == 200
    assert home_section(response) is None


def test_home_section_takes_a_bounded_number_of_queries(client, places, practices, rural_member):
    client.force_login(rural_member)
    client.get("/")
    few = count_queries(client, "/")
    for n in range(10):
        practice_from(f"Ще практика {n}", places["twin"], date=datetime.date(2021, 1, 1))
    assert count_queries(client, "/") == few
    # The section itself: the member's hromada, the view restrictions to leave out and its practices.
    member_without = make_user("nohromada", groups=["Member"])
    client.force_login(member_without)
    client.get("/")
    assert few - count_queries(client, "/") <= 3


@pytest.mark.slow
@pytest.mark.usefixtures("demo")
def test_the_demo_member_s_hromada_has_practices_like_it(client):
    from cop.core.demo_data import ACCOUNTS

    demo_member_hromada = next(account[6] for account in ACCOUNTS if account[0] == "member")
    client.force_login(make_user("demo-like", groups=["Member"], hromada=Hromada.objects.get(slug=demo_member_hromada)))
    response = client.get("/")
    assert len(response.context["like_mine"]) == 4
    assert len(titles(client.get(library().url, {"like_mine": "1"}))) > 4


# Search: a ranking signal the member opts into ----------------------------------------------------------------------


@pytest.fixture
def same_words(places, django_capture_on_commit_callbacks):
    """Two practices with the same words: one from a hromada like the member's, a newer one from a far bigger one."""
    with django_capture_on_commit_callbacks(execute=True):
        like = practice_from("Ремонт шкільних їдалень у селі", places["twin"], date=datetime.date(2020, 1, 1), slug="like",
                             summary="Громада відремонтувала шкільні їдальні.")
        unlike = practice_from("Ремонт шкільних їдалень", places["much_bigger"], date=datetime.date(2024, 1, 1),
                               slug="unlike", summary="Громада відремонтувала шкільні їдальні.")
    return like, unlike


def test_search_ranks_practices_from_hromadas_like_mine_higher_when_asked(client, same_words, rural_member):
    like, unlike = same_words
    client.force_login(rural_member)
    plain = client.get("/api/search/", {"q": "ремонт їдалень"}).json()["results"]
    assert [r["id"] for r in plain][:2] == [unlike.pk, like.pk]
    boosted = client.get("/api/search/", {"q": "ремонт їдалень", "like_mine": "1"}).json()["results"]
    assert [r["id"] for r in boosted][:2] == [like.pk, unlike.pk], boosted
    assert boosted[0]["like_mine"] is True and boosted[1]["like_mine"] is False
    page = client.get("/search/", {"q": "ремонт їдалень", "like_mine": "1"}).content.decode()
    assert 'name="like_mine" value="1" checked' in page
    assert "з громади, схожої на вашу" in page
    assert page.index("/like/") < page.index("/unlike/")


@pytest.mark.parametrize("who", ["anonymous", "applicant", "member_without_hromada"])
def test_the_search_signal_means_nothing_without_a_hromada_of_ones_own(client, same_words, who):
    like, unlike = same_words
    if who != "anonymous":
        client.force_login(make_user(f"signal-{who}", groups=["Member"] if who != "applicant" else []))
    page = client.get("/search/", {"q": "ремонт їдалень", "like_mine": "1"})
    assert page.status_code == 200
    assert 'name="like_mine"' not in page.content.decode()
    results = client.get("/api/search/", {"q": "ремонт їдалень", "like_mine": "1"}).json()["results"]
    assert [r["id"] for r in results][:2] == [unlike.pk, like.pk]
    assert all("like_mine" not in r for r in results)


def test_the_search_signal_raises_a_close_practice_a_few_places_never_over_much_better_matches():
    from cop.search.service import _boosted

    results = [{"key": f"practice:{n}"} for n in range(1, 21)]
    ranked = [r["key"] for r in _boosted(results, {"practice:10": 4, "practice:20": 4})]
    assert ranked.index("practice:10") == 4  # from 10th to 5th
    assert ranked.index("practice:20") == 11  # from 20th to 12th: never over the first ten
    assert ranked[:4] == ["practice:1", "practice:2", "practice:3", "practice:4"]
    assert _boosted(results, {}) is results
