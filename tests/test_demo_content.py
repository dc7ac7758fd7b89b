"""`load_demo`: idempotent demo content, and demo accounts only in development (DEBUG on)."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, Revision

from cop.core import demo_data
from cop.members import roles
from cop.members.models import User
from cop.places.models import Hromada
from knowledge.models import HomePage, ThemePage

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [account[1] for account in demo_data.ACCOUNTS]


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "themes": ThemePage.objects.count(),
        "home pages": HomePage.objects.count(),
        "hromadas": Hromada.objects.count(),
        "users": User.objects.count(),
        "e-mail addresses": EmailAddress.objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "tree paths": sorted(Page.objects.values_list("path", flat=True)),
    }


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Demo documents are written to a temporary MEDIA_ROOT, not into the project's media/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_running_load_demo_twice_without_debug_creates_no_duplicates_and_no_accounts(settings):
    settings.DEBUG = False
    output = load_demo()
    first = snapshot()
    assert first["themes"] == 2 * len(demo_data.THEMES)
    assert first["users"] == 0 and first["e-mail addresses"] == 0
    assert demo_data.DEMO_PASSWORD not in output

    output = load_demo()

    assert snapshot() == first
    assert "0 new hromadas, 0 new pages, 0 new accounts" in output


def test_no_accounts_option_skips_accounts_even_in_development(settings):
    settings.DEBUG = True
    load_demo("--no-accounts")
    assert ThemePage.objects.filter(locale__language_code="uk").count() == len(demo_data.THEMES)
    assert not User.objects.exists()


@pytest.fixture(scope="class")
def development_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` with DEBUG on, once for the class (each test runs in its own savepoint), rolled back after."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        with transaction.atomic():
            cache.clear()
            output = load_demo()
            yield output
            transaction.set_rollback(True)
    cache.clear()


class TestDevelopmentDemo:
    @pytest.fixture
    def demo_accounts(self, development_demo):
        return {email: User.objects.get(email=email) for email in DEMO_EMAILS}

    def test_themes_exist_in_both_languages(self, development_demo):
        english = Locale.objects.get(language_code="en")
        for slug, title, _short, _intro, _body, title_en, _intro_en in demo_data.THEMES:
            theme = ThemePage.objects.get(slug=slug, locale__language_code="uk")
            assert theme.live and theme.title == title
            translation = theme.get_translation(english)
            assert translation.live and translation.title == title_en
        for slug, *_ in demo_data.HROMADAS:
            assert Hromada.objects.filter(slug=slug).exists(), slug

    def test_running_it_again_creates_no_duplicates(self, development_demo, settings):
        assert settings.DEBUG
        first = snapshot()
        from forum.demo_content import EXTRA_MEMBERS

        assert first["users"] == len(demo_data.ACCOUNTS) + len(EXTRA_MEMBERS)

        output = load_demo()

        assert snapshot() == first
        assert "0 new hromadas, 0 new pages, 0 new accounts" in output

    def test_one_verified_account_per_role(self, demo_accounts):
        assert set(demo_accounts) == set(DEMO_EMAILS)
        assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_EMAILS)
        for role in ("Moderator", "Editor", "Member"):
            group = Group.objects.get(name=role)
            assert any(group in user.groups.all() for user in demo_accounts.values()), role
        for email, user in demo_accounts.items():
            address = EmailAddress.objects.get(user=user)
            assert address.email == email
            assert address.verified and address.primary
            assert user.check_password(demo_data.DEMO_PASSWORD)
            assert user.is_active and not user.is_superuser and not user.is_staff

    def test_demo_roles_match_their_permissions(self, demo_accounts):
        moderator = demo_accounts["moderator@example.org"]
        editor = demo_accounts["editor@example.org"]
        members = [demo_accounts["member@example.org"], demo_accounts["member2@example.org"]]
        assert roles.is_moderator(moderator) and roles.is_member(moderator)
        assert roles.is_editor(editor) and roles.is_member(editor)
        assert not roles.is_moderator(editor)
        for member in members:
            assert roles.is_member(member)
            assert not roles.is_moderator(member) and not roles.is_editor(member)
            assert member.hromada is not None and member.oblast == member.hromada.oblast

    def test_demo_applicant_is_pending(self, demo_accounts):
        applicant = demo_accounts["applicant@example.org"]
        assert applicant.membership_status == User.Status.PENDING
        assert applicant.is_pending
        assert not applicant.groups.exists()
        assert not roles.is_member(applicant)
        assert not roles.is_moderator(applicant) and not roles.is_editor(applicant)

    def test_accounts_are_listed_with_their_password(self, development_demo):
        for email in DEMO_EMAILS:
            assert email in development_demo
        assert demo_data.DEMO_PASSWORD in development_demo

    @pytest.mark.parametrize("email", ["member@example.org", "applicant@example.org"])
    def test_demo_accounts_can_log_in_without_confirming_their_email(self, client, demo_accounts, email):
        response = client.post("/accounts/login/", {"login": email, "password": demo_data.DEMO_PASSWORD})
        # An unverified address would be sent to the confirmation page instead (mandatory verification).
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/").context["user"].email == email
