"""Saved searches' news through the real worker: a `run_huey` consumer on a database of its own (SQLite file, or a
PostgreSQL database of its own when DATABASE_URL is PostgreSQL) runs the job; the site's code runs in other
processes. A new practice published → the member who saved a matching search is notified, once; a members-only
practice only reaches members.
"""

import pytest

from .live import migrated_site, wait_for
from .worker_support import consumer, in_site, query

pytestmark = pytest.mark.slow

PEOPLE = """
from cop.members.models import User
from cop.search import saved
from django.contrib.auth.models import Group

ids = {}
for name, status, groups in (("chlen", User.Status.APPROVED, ["Member"]), ("zaiavnyk", User.Status.PENDING, [])):
    user = User.objects.create_user(username=name, email=f"{name}@example.org", password="x" * 20,
                                    first_name=name, last_name="Тестенко", membership_status=status)
    user.groups.set(Group.objects.filter(name__in=groups))
    saved.saved_search_create(user=user, data={"q": "енергоаудит"})
    ids[name] = user.pk
print(json.dumps(ids))
"""

PUBLISH = """
import datetime
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from knowledge.models import PracticeLibraryPage, PracticePage

title, slug, members_only = sys.argv[1], sys.argv[2], sys.argv[3] == "members"
library = PracticeLibraryPage.objects.get(locale__language_code="uk")
page = PracticePage(title=title, slug=slug, summary="Як громада провела енергоаудит", date=datetime.date(2026, 1, 1))
library.add_child(instance=page)
if members_only:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name="Member"))
page.save_revision().publish()
print(json.dumps({"pk": page.pk}))
"""

CHECK_NOW = """
from cop.search.tasks import notify_saved_searches

notify_saved_searches()  # queued for the worker (the site is not in Huey's immediate mode)
print(json.dumps({"queued": True}))
"""


def notifications(env, user_id):
    return [row[0] for row in query(
        env, "SELECT message FROM forum_notification WHERE recipient_id = %s AND kind = 'saved_search' ORDER BY id", (user_id,)
    )]


def checked(env):
    return query(env, "SELECT COUNT(*) FROM cop_search_savedsearch WHERE checked_at IS NOT NULL")[0][0]


def test_the_worker_announces_new_matching_practices_once_and_members_only_ones_only_to_members(tmp_path):
    with migrated_site(tmp_path) as env, consumer(env, tmp_path / "worker.log"):
        people = in_site(PEOPLE, env)
        member, applicant = people["chlen"], people["zaiavnyk"]

        in_site(PUBLISH, env, "Енергоаудит для своїх", "enerhoaudyt-svoi", "members")
        in_site(CHECK_NOW, env)
        [news] = wait_for(lambda: notifications(env, member), 60, "the member was not told about the new practice")
        assert "Енергоаудит для своїх" in news
        assert notifications(env, applicant) == []  # not a member: the members-only practice is not for them

        in_site(PUBLISH, env, "Енергоаудит лікарні", "enerhoaudyt-likarni", "public")
        in_site(CHECK_NOW, env)
        [news] = wait_for(lambda: notifications(env, applicant), 60, "the applicant was not told about the public practice")
        assert "Енергоаудит лікарні" in news and "для своїх" not in news
        wait_for(lambda: len(notifications(env, member)) == 2, 30, "the member was not told about the public practice")

        # Once: another run finds nothing new for anyone.
        before = query(env, "SELECT MAX(checked_at) FROM cop_search_savedsearch")[0][0]
        in_site(CHECK_NOW, env)
        wait_for(lambda: query(env, "SELECT MIN(checked_at) FROM cop_search_savedsearch")[0][0] != before, 60,
                 "the worker did not run the check again")
        assert len(notifications(env, member)) == 2 and len(notifications(env, applicant)) == 1
        assert query(env, "SELECT COUNT(*) FROM post_office_email WHERE \"to\" LIKE %s", ("%chlen@example.org%",))[0][0] == 2
