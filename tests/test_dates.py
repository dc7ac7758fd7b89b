"""One date style per language (cop/core/templatetags/cop_dates.py): "21 липня 2020" / "21 July 2020", relative
times where Discourse shows them, always in <time datetime>."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, timezone, translation

from cop.core.templatetags.cop_dates import absolute, ago, date_tag, relative
from forum.models import Post, Topic

from .conftest import make_user
from .forum_factories import make_category, make_reply, make_topic
from .knowledge_factories import make_practice

KYIV = ZoneInfo("Europe/Kyiv")
NOW = dt.datetime(2020, 7, 21, 10, 5, tzinfo=KYIV)


def in_language(language, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


# The tags


@pytest.mark.parametrize("language, expected", [("uk", "21 липня 2020"), ("en", "21 July 2020")])
def test_a_date_is_day_month_year_without_suffix_or_comma(language, expected):
    assert in_language(language, date_tag, dt.date(2020, 7, 21)) == f'<time datetime="2020-07-21">{expected}</time>'


@pytest.mark.parametrize("language, expected", [("uk", "21 липня 2020, 10:05"), ("en", "21 July 2020, 10:05")])
def test_a_datetime_with_its_time_is_24_hour_with_the_offset_in_the_attribute(language, expected):
    assert in_language(language, date_tag, NOW, time=True) == (
        f'<time datetime="2020-07-21T10:05:00+03:00">{expected}</time>')
    afternoon = in_language(language, date_tag, NOW.replace(hour=18), time=True)
    assert "18:05" in afternoon and "p.m." not in afternoon and "PM" not in afternoon


def test_a_datetime_is_shown_in_kyiv_time():
    late_in_utc = dt.datetime(2020, 7, 21, 21, 30, tzinfo=dt.timezone.utc)  # 00:30 on the 22nd in Kyiv (UTC+3)
    assert in_language("uk", absolute, late_in_utc, time=True) == "22 липня 2020, 00:30"
    assert 'datetime="2020-07-22T00:30:00+03:00"' in in_language("uk", date_tag, late_in_utc)
    winter = dt.datetime(2020, 1, 10, 12, 0, tzinfo=dt.timezone.utc)  # UTC+2 in winter
    assert in_language("en", absolute, winter, time=True) == "10 January 2020, 14:00"


def test_search_results_iso_dates_are_read_too():
    assert in_language("uk", date_tag, "2020-03-01") == '<time datetime="2020-03-01">1 березня 2020</time>'
    assert in_language("uk", date_tag, "") == "" and in_language("uk", date_tag, None) == ""
    assert in_language("uk", date_tag, "not a date") == ""


def test_plain_date_filter_follows_the_same_style():
    """Django's formats are overridden (cop/formats), so {{ value|date }} and SHORT_* formats agree."""
    for language, expected in (("uk", "21 липня 2020"), ("en", "21 July 2020")):
        with translation.override(language):
            assert Template("{{ value|date }}").render(Context({"value": NOW})) == expected
            assert formats.date_format(NOW, "SHORT_DATE_FORMAT") == expected
            assert formats.date_format(NOW, "SHORT_DATETIME_FORMAT") == f"{expected}, 10:05"


@pytest.mark.parametrize("age, uk, en", [
    (dt.timedelta(seconds=20), "щойно", "just now"),
    (dt.timedelta(minutes=5), "5 хв тому", "5 min ago"),
    (dt.timedelta(hours=1), "1 год тому", "1 hour ago"),
    (dt.timedelta(hours=3, minutes=59), "3 год тому", "3 hours ago"),
    (dt.timedelta(hours=30), "вчора", "yesterday"),
    (dt.timedelta(days=3), "3 дні тому", "3 days ago"),
    (dt.timedelta(days=29), "29 днів тому", "29 days ago"),
    (dt.timedelta(days=30), "21 червня 2020", "21 June 2020"),
    (dt.timedelta(days=400), "17 червня 2019", "17 June 2019"),
])
def test_relative_times(age, uk, en):
    assert in_language("uk", relative, NOW - age, now=NOW) == uk
    assert in_language("en", relative, NOW - age, now=NOW) == en


@pytest.mark.parametrize("days, expected", [
    (2, "2 дні тому"), (4, "4 дні тому"), (5, "5 днів тому"), (11, "11 днів тому"), (12, "12 днів тому"),
    (21, "21 день тому"), (22, "22 дні тому"), (25, "25 днів тому"),
])
def test_ukrainian_plural_forms_of_days(days, expected):
    assert in_language("uk", relative, NOW - dt.timedelta(days=days), now=NOW) == expected


def test_yesterday_is_the_calendar_day_in_kyiv():
    just_after_midnight = NOW.replace(hour=0, minute=10)
    assert in_language("uk", relative, just_after_midnight - dt.timedelta(hours=1), now=just_after_midnight) == "1 год тому"
    assert in_language("uk", relative, NOW - dt.timedelta(days=1, hours=9), now=NOW) == "вчора"
    two_days_back = NOW.replace(hour=0, minute=1) - dt.timedelta(days=1, minutes=2)  # 23:59 on the 19th
    assert in_language("uk", relative, two_days_back, now=NOW) == "2 дні тому"


def test_a_future_time_is_shown_as_a_date():
    assert in_language("uk", relative, NOW + dt.timedelta(hours=2), now=NOW) == "21 липня 2020, 12:05"


def test_ago_is_a_time_element_titled_with_the_absolute_date():
    html = in_language("en", ago, NOW - dt.timedelta(minutes=5), now=NOW)
    assert html == '<time datetime="2020-07-21T10:00:00+03:00" title="21 July 2020, 10:00">5 min ago</time>'


def test_the_tags_in_a_template():
    template = Template("{% load cop_dates %}{% date value %}|{% ago value now=now %}")
    with translation.override("uk"):
        html = template.render(Context({"value": NOW - dt.timedelta(days=2), "now": NOW}))
    assert html == ('<time datetime="2020-07-19T10:05:00+03:00">19 липня 2020</time>|'
                    '<time datetime="2020-07-19T10:05:00+03:00" title="19 липня 2020, 10:05">2 дні тому</time>')


# The pages

OLD = dt.datetime(2020, 7, 21, 18, 5, tzinfo=KYIV)
US_STYLE = re.compile(r"a\.m\.|p\.m\.|\b[AP]M\b|[A-Z][a-z]+ \d{1,2}, \d{4}")
UK_OLD_STYLE = re.compile(r"\d{4} р\.|\b\d{2}\.\d{2}\.\d{4}\b")


def visible_text(html):
    """The text of the page without tags (attributes, such as datetime, are not shown)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def old_topic(db):
    author = make_user("avtor", groups=["Member"], first_name="Олена", last_name="Петренко")
    topic = make_topic(make_category(name="Загальні питання", slug="zahalni"), author, title="Як провести сесію онлайн?")
    make_reply(topic, make_user("druha", groups=["Member"]), "Через Zoom і трансляцію.")
    Post.objects.filter(topic=topic).update(created_at=OLD)
    Topic.objects.filter(pk=topic.pk).update(created_at=OLD, last_activity_at=OLD)
    return topic


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, date, when", [("", "21 липня 2020", "21 липня 2020, 18:05"),
                                                 ("/en", "21 July 2020", "21 July 2020, 18:05")])
def test_forum_pages_show_dates_in_one_style(client, old_topic, prefix, date, when):
    for url in (f"{prefix}/forum/", f"{prefix}/forum/c/zahalni/", f"{prefix}/forum/t/{old_topic.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'title="{when}">{date}</time>' in html, url  # older than 30 days: the date, the time in the title
        text = visible_text(html)
        assert not US_STYLE.search(text) and not UK_OLD_STYLE.search(text), (url, US_STYLE.search(text))


@pytest.mark.django_db
def test_a_recent_post_says_how_long_ago(client, old_topic):
    make_reply(old_topic, make_user("tretia", groups=["Member"]), "Дякую!")
    html = client.get(f"/forum/t/{old_topic.pk}/").content.decode()
    assert ">щойно</time>" in html
    assert ">just now</time>" in client.get(f"/en/forum/t/{old_topic.pk}/").content.decode()


@pytest.mark.django_db
def test_practice_page_dates_have_no_suffix(client):
    practice = make_practice("Бюджет участі", slug="biudzhet", date=dt.date(2020, 7, 21),
                             period_start=dt.date(2019, 3, 1))
    html = client.get(practice.url).content.decode()
    assert '<time datetime="2020-07-21">21 липня 2020</time>' in html
    assert '<time datetime="2019-03-01">1 березня 2019</time>' in html
    assert not UK_OLD_STYLE.search(visible_text(html))


@pytest.mark.django_db
def test_search_results_show_dates_not_iso(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_practice("Графік прийому громадян у старостатах", slug="hrafik", summary="Виїзні прийоми",
                      date=dt.date(2020, 7, 21))
    html = client.get("/search/", {"q": "графік прийому"}).content.decode()
    assert '<time datetime="2020-07-21">21 липня 2020</time>' in html
    assert "2020-07-21" not in visible_text(html)
