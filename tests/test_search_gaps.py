"""Search gaps: searches that found nothing are counted per day by their normalised query and filters, with
nothing about who searched; moderators see the most frequent ones, mark them handled, and answered ones drop off."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cop.search import gaps
from cop.search.models import SearchGap, SearchGapDay

from .conftest import make_user
from .knowledge_factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_practice("Вибори під час пандемії", slug="vybory", summary="Як громади провели вибори безпечно")


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_post(client, url, data):
    client.get("/search/?q=вибори")  # the search page's form sets the CSRF cookie
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def test_a_search_that_finds_nothing_is_counted_by_its_lemmas_with_the_first_wording_kept(client, practice):
    for q in ("Бюджетування участі", "бюджетування   участі ", "бюджетуванню участі"):
        assert client.get("/search/", {"q": q}).status_code == 200
    gap = SearchGap.objects.get()
    assert gap.example == "Бюджетування участі"
    assert SearchGapDay.objects.get(gap=gap).count == 3
    [top] = gaps.top_zero_result_queries()
    assert top["query"] == "Бюджетування участі" and top["count"] == 3 and top["filters"] == {}
    assert top["handle_url"] == f"/search/gaps/{gap.pk}/handle/"
    assert set(top) >= {"query", "filters", "count", "last_seen", "handle_url"}


def test_the_api_counts_too_and_filters_make_another_gap(client, practice):
    client.get("/api/search/", {"q": "бюджетування"})
    client.get("/search/", {"q": "бюджетування", "type": "event"})
    assert {tuple(g.filters.items()) for g in SearchGap.objects.all()} == {(), (("type", "event"),)}


def test_what_is_not_counted(client, practice):
    client.get("/search/", {"q": "вибори"})  # found
    client.get("/search/", {"q": "вибори бюджетування"})  # found by the relaxed any-word retry
    client.get("/search/", {"q": ""})  # does not parse
    client.get("/search/", {"q": "!!! ---"})
    client.get("/search/", {"q": "х" * 501})
    client.get("/search/", {"q": "бюджетування", "page": "2"})  # a later page of the same empty search
    client.get("/api/search/suggest/", {"q": "бюджетув"})
    assert not SearchGap.objects.exists()


def test_nothing_personal_is_kept(client, member, practice):
    client.force_login(member)
    client.get("/search/", {"q": "бюджетування"}, REMOTE_ADDR="203.0.113.9")
    gap = SearchGap.objects.get()
    stored = str(list(SearchGap.objects.values())) + str(list(SearchGapDay.objects.values()))
    assert "203.0.113.9" not in stored and member.username not in stored and gap.handled_by is None


def test_one_query_repeated_by_a_bot_is_capped_per_day(client, practice, settings):
    settings.SEARCH_GAPS_DAILY_CAP = 5
    for _ in range(12):
        client.get("/search/", {"q": "бюджетування"})
    assert SearchGapDay.objects.get().count == 5


def test_new_queries_invented_by_a_bot_are_capped_per_day(client, practice, settings):
    settings.SEARCH_GAPS_DAILY_NEW = 3
    for word in ("альфаслово", "бетаслово", "гамаслово", "дельтаслово", "епсилонслово"):
        client.get("/search/", {"q": word})
    assert SearchGap.objects.count() == 3


def test_the_list_counts_the_last_30_days_most_frequent_first(client, practice):
    for _ in range(2):
        client.get("/search/", {"q": "бюджетування"})
    client.get("/search/", {"q": "енергоаудит"})
    old = SearchGap.objects.get(normalised__contains="енергоаудит")
    SearchGapDay.objects.create(gap=old, day=timezone.localdate() - datetime.timedelta(days=45), count=40)
    assert [g["query"] for g in gaps.top_zero_result_queries(limit=10)] == ["бюджетування", "енергоаудит"]
    assert [g["query"] for g in gaps.top_zero_result_queries(limit=1)] == ["бюджетування"]


def test_a_query_answered_since_drops_off_by_itself(client, django_capture_on_commit_callbacks, practice):
    client.get("/search/", {"q": "енергоаудит школи"})
    assert [g["query"] for g in gaps.top_zero_result_queries()] == ["енергоаудит школи"]
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Енергоаудит шкіл громади", slug="enerhoaudyt")
    assert gaps.top_zero_result_queries() == []
    assert SearchGap.objects.get().answered_at is not None


def test_a_query_answered_only_for_members_stays(client, django_capture_on_commit_callbacks, practice):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    client.get("/search/", {"q": "енергоаудит"})
    with django_capture_on_commit_callbacks(execute=True):
        page = make_practice("Енергоаудит для своїх", slug="enerhoaudyt-svoi")
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.groups.add(Group.objects.get(name="Member"))
    assert [g["query"] for g in gaps.top_zero_result_queries()] == ["енергоаудит"]


# --- the moderators' page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, expected", [
    (None, 302), ("pending_member", 403), ("member", 403), ("editor", 403), ("moderator", 200),
])
def test_the_gaps_page_is_for_moderators(client, practice, role, expected, request):
    client.get("/search/", {"q": "бюджетування"})
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get("/search/gaps/")
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    if expected == 200:
        assert "бюджетування" in response.content.decode()


def test_a_moderator_marks_a_gap_handled_with_the_page_that_answers_it(client, moderator, practice):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    moderator_client = csrf_client(moderator)
    response = csrf_post(moderator_client, f"/search/gaps/{gap.pk}/handle/", {"answer": f"http://testserver{practice.url}"})
    assert response.status_code == 302 and response["Location"] == "/search/gaps/"
    gap.refresh_from_db()
    assert gap.handled_by == moderator and gap.answer_id == practice.pk
    assert gaps.top_zero_result_queries() == []
    assert "<table" not in moderator_client.get("/search/gaps/").content.decode()
    entry = ModelLogEntry.objects.get(action="cop.search_gap.handle")
    assert entry.user_id == moderator.pk and entry.data["query"] == "бюджетування"


def test_a_handled_gap_comes_back_when_people_still_find_nothing_on_a_later_day(client, moderator, practice):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    gaps.gap_handle(gap=gap, moderator=moderator)
    client.get("/search/", {"q": "бюджетування"})  # the same day: still handled
    assert gaps.top_zero_result_queries() == []
    gaps.record_zero_result(**_parsed("бюджетування"), at=timezone.now() + datetime.timedelta(days=1))
    [top] = gaps.top_zero_result_queries()
    assert top["count"] == 1  # the searches before it was handled are not counted again


def _parsed(q):
    from cop.search import service

    params, parsed = service.params_from({"q": q})
    return {"params": params, "parsed": parsed}


@pytest.mark.parametrize("answer, by_id", [("", False), ("{pk}", True), ("/vybory/", False)])
def test_the_answer_is_optional_and_may_be_a_page_number_or_an_address(client, moderator, practice, answer, by_id):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    value = answer.format(pk=practice.pk)
    if answer == "/vybory/":
        value = practice.url
    response = csrf_post(csrf_client(moderator), f"/search/gaps/{gap.pk}/handle/", {"answer": value})
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.handled_at is not None and gap.answer_id == (practice.pk if answer else None)


@pytest.mark.parametrize("answer", [
    "https://example.com/vybory/", "javascript:alert(1)", "/nemaye-takoi-storinky/", "999999", "/chernetka/", "x" * 600,
])
def test_a_bad_answer_is_a_clear_error_and_keeps_what_was_typed(client, moderator, practice, answer):
    make_practice("Чернетка", slug="chernetka", publish=False)
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    response = csrf_post(csrf_client(moderator), f"/search/gaps/{gap.pk}/handle/", {"answer": answer})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and 'aria-invalid="true"' in body
    assert answer[:500].replace("&", "&amp;") in body or answer.startswith("x")
    gap.refresh_from_db()
    assert gap.handled_at is None


def test_the_errors_are_in_ukrainian(client, moderator, practice):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    response = csrf_post(csrf_client(moderator), f"/search/gaps/{gap.pk}/handle/", {"answer": "/nemaye/"})
    assert "Немає опублікованої сторінки" in response.content.decode()


@pytest.mark.parametrize("role", [None, "pending_member", "member", "editor"])
def test_only_moderators_may_mark_gaps_handled(client, practice, role, request):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    user = request.getfixturevalue(role) if role else None
    response = csrf_post(csrf_client(user), f"/search/gaps/{gap.pk}/handle/", {"answer": ""})
    assert response.status_code == (302 if role is None else 403)
    gap.refresh_from_db()
    assert gap.handled_at is None


def test_an_unknown_gap_is_404_and_get_is_refused(client, moderator):
    moderator_client = csrf_client(moderator)
    assert csrf_post(moderator_client, "/search/gaps/999/handle/", {}).status_code == 404
    assert moderator_client.get("/search/gaps/1/handle/").status_code == 405


def test_the_desk_may_send_its_own_page_as_next(client, moderator, practice):
    client.get("/search/", {"q": "бюджетування"})
    gap = SearchGap.objects.get()
    response = csrf_post(csrf_client(moderator), f"/search/gaps/{gap.pk}/handle/", {"next": "/moderation/"})
    assert response["Location"] == "/moderation/"
    gap.handled_at = None
    gap.save()
    response = csrf_post(csrf_client(moderator), f"/search/gaps/{gap.pk}/handle/", {"next": "https://evil.example/"})
    assert response["Location"] == "/search/gaps/"


def test_the_list_shows_only_queries_never_who_searched(client, moderator, practice):
    searcher = make_user("shukach", groups=["Member"], first_name="Шукач")
    client.force_login(searcher)
    client.get("/search/", {"q": "бюджетування"})
    page = csrf_client(moderator).get("/search/gaps/").content.decode()
    assert "бюджетування" in page and "shukach" not in page and "Шукач" not in page


def test_old_days_and_gaps_left_with_none_are_forgotten(client, moderator, practice):
    from cop.search.tasks import prune_search_gaps

    for q in ("бюджетування", "енергоаудит", "тепломодернізація"):
        client.get("/search/", {"q": q})
    long_ago = timezone.now() - datetime.timedelta(days=120)
    SearchGapDay.objects.update(day=long_ago.date())
    SearchGap.objects.update(last_seen=long_ago)
    gaps.gap_handle(gap=SearchGap.objects.get(example="енергоаудит"), moderator=moderator)  # kept: a moderator's record
    SearchGapDay.objects.create(gap=SearchGap.objects.get(example="тепломодернізація"), day=timezone.localdate(), count=1)
    prune_search_gaps()
    assert set(SearchGap.objects.values_list("example", flat=True)) == {"енергоаудит", "тепломодернізація"}
    assert SearchGapDay.objects.count() == 1
