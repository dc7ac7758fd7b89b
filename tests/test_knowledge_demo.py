"""The knowledge base demo content: every theme covered, Ukrainian first, some English, resources and seminars.

Loading the demo takes several seconds, so one test checks all of it.
"""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from knowledge.models import EventPage, PracticePage, ResourcePage, StandardPage, ThemePage


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_content_is_complete_and_renders(client):
    call_command("load_demo", "--no-accounts", stdout=open("/dev/null", "w"))

    practices = PracticePage.objects.live().filter(locale__language_code="uk")
    assert practices.count() >= 20
    for theme in ThemePage.objects.filter(locale__language_code="uk"):
        assert practices.filter(themes=theme).exists(), theme.title
    assert PracticePage.objects.live().filter(locale__language_code="en").count() >= 3

    resources = ResourcePage.objects.live().filter(locale__language_code="uk")
    assert resources.filter(kind="handbook", title__icontains="Відкритий уряд").exists()
    assert resources.filter(kind="course", title__icontains="Гендерні ініціативи").exists()
    assert resources.filter(downloads__isnull=False).exists()
    assert EventPage.objects.live().filter(locale__language_code="uk", start__year=2020).count() == 2

    members_only = StandardPage.objects.get(slug="dlia-uchasnykiv")
    assert members_only.get_view_restrictions().exists()
    assert client.get(members_only.url).status_code == 302

    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        assert client.get(page.url).status_code == 200, page.url
