"""Shared ground of the security suite (tests/test_security_*.py): one small community holding every kind of
thing a role may or may not reach, built once per module, clients for the five roles, and an HTML inspector."""

import datetime
import io
import uuid
from contextlib import contextmanager
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone
from django.utils.crypto import get_random_string
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
    Site,
    Task,
    Workflow,
)

from cop.members.models import User
from cop.places.models import Hromada, Oblast
from forum import services
from forum.models import Category, Flag, Notification

from .conftest import make_user
from .knowledge_factories import library, make_practice, make_theme

ROLES = ("anonymous", "pending", "member", "moderator", "editor")


def png_bytes():
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def restrict_page(page, *group_names):
    """Wagtail page privacy "Private, accessible to users in specific groups"."""
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.filter(name__in=group_names))
    return restriction


def restricted_collection(name, *group_names):
    collection = Collection.get_first_root_node().add_child(name=name)
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.filter(name__in=group_names))
    return collection


def make_document(title, collection=None):
    document = get_document_model()(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(f"{uuid.uuid4().hex[:8]}.txt", ContentFile(title.encode()), save=False)
    document.save()
    return document


def make_image(title, collection=None):
    image = get_image_model()(title=title, collection=collection or Collection.get_first_root_node(),
                              file=ImageFile(io.BytesIO(png_bytes()), name=f"{uuid.uuid4().hex[:8]}.png"))
    image.save()
    return image


def build_world():
    """Everything the permission matrix fills URL arguments from: real objects, so every view really runs."""
    from knowledge.models import EventIndexPage, EventMaterial, EventPage, ResourceDownload, ResourceIndexPage, ResourcePage

    w = SimpleNamespace()
    oblast = Oblast.objects.get(slug="vinnytska")
    w.hromada = Hromada.objects.create(name="Безпечна громада", slug="bezpechna-sec", oblast=oblast, population=12000)
    w.oblast = oblast

    # People: the five roles, a plain member whose things others act on, a second moderator.
    w.pending = make_user("sec-pending", status=User.Status.PENDING, position="Секретар ради")
    w.member = make_user("sec-member", groups=["Member"], position="Спеціаліст")
    w.moderator = make_user("sec-moderator", groups=["Member", "Moderator"])
    w.editor = make_user("sec-editor", groups=["Member", "Editor"])
    w.author = make_user("sec-author", groups=["Member"])
    w.other_moderator = make_user("sec-moderator2", groups=["Member", "Moderator"])
    w.users = {"pending": w.pending, "member": w.member, "moderator": w.moderator, "editor": w.editor}

    # Knowledge base.
    w.library = library()
    w.theme = make_theme("Безпека громад", slug="bezpeka-sec")
    # Its English translation (the English home and library are copied as drafts on the way), for /en/ feeds.
    english_theme = w.theme.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english_theme.title = english_theme.draft_title = "Community safety"
    english_theme.save_revision().publish()
    w.practice = make_practice("Відкрита практика безпеки", slug="vidkryta-sec", themes=[w.theme], tags=["безпека"])
    w.members_page = make_practice("Практика для учасників", slug="dlia-uchasnykiv-sec", themes=[w.theme])
    restrict_page(w.members_page, "Member")
    w.moderators_page = make_practice("Практика для модераторів", slug="dlia-moderatoriv-sec", themes=[w.theme])
    restrict_page(w.moderators_page, "Moderator")
    w.draft = make_practice("Чернетка практики", slug="chernetka-sec", publish=False)
    w.undiscussed = make_practice("Практика без обговорення", slug="bez-obhovorennia-sec")
    w.revision = w.practice.latest_revision

    w.private_collection = restricted_collection("Для учасників (безпека)", "Member")
    w.collection_restriction = CollectionViewRestriction.objects.get(collection=w.private_collection)
    w.document = make_document("Відкритий посібник")
    w.private_document = make_document("Внутрішній посібник", w.private_collection)
    w.image = make_image("Відкрите фото")
    w.private_image = make_image("Внутрішнє фото", w.private_collection)

    resources = ResourceIndexPage.objects.get(locale__language_code="uk")
    w.resource = ResourcePage(title="Посібник з безпеки", slug="posibnyk-sec", summary="Посібник.", locale=resources.locale)
    resources.add_child(instance=w.resource)
    ResourceDownload.objects.create(page=w.resource, document=w.document, sort_order=0)
    ResourceDownload.objects.create(page=w.resource, document=w.private_document, sort_order=1)
    w.resource.save_revision().publish()
    events = EventIndexPage.objects.get(locale__language_code="uk")
    w.event = EventPage(title="Семінар з безпеки", slug="seminar-sec", summary="Семінар.", locale=events.locale,
                        start=timezone.now() + datetime.timedelta(days=10))
    events.add_child(instance=w.event)
    EventMaterial.objects.create(page=w.event, document=w.private_document, sort_order=0)
    w.event.save_revision().publish()

    # A practice waiting in the "Moderator approval" workflow, for the workflow action views.
    w.in_review = make_practice("Практика на розгляді", slug="na-rozghliadi-sec")
    w.in_review.save_revision(user=w.editor)
    w.workflow = Workflow.objects.get(name="Moderator approval")
    w.workflow_state = w.workflow.start(w.in_review, w.editor)
    w.task_state = w.workflow_state.current_task_state
    w.task = Task.objects.get(name="Moderator approval")
    # Practices shared by a member (curation): a draft and one in review.
    from .curation_support import add_submissions

    add_submissions(w)

    # Forum.
    w.category = Category.objects.create(name="Загальне (безпека)", slug="zahalne-sec", position=1)
    w.closed_category = Category.objects.create(name="Внутрішнє (безпека)", slug="vnutrishnie-sec", position=2,
                                                visibility=Category.Visibility.MEMBERS)
    w.topic, _ = services.topic_create(category=w.category, author=w.author, title="Відкрита тема безпеки",
                                                  body="Питання про безпеку.", tags=["безпека"])
    services.watch_topic(user=w.member, topic=w.topic)
    w.post = services.post_reply(topic=w.topic, author=w.author, body="Відповідь про безпеку.")
    w.closed_topic, _ = services.topic_create(category=w.closed_category, author=w.author, title="Закрита тема безпеки",
                                              body="Лише для учасників.")
    w.closed_post = services.post_reply(topic=w.closed_topic, author=w.author, body="Відповідь лише для учасників.")
    w.flag, _ = services.post_flag(post=w.post, reporter=w.member, reason=Flag.Reason.SPAM)
    services.topic_create(category=w.category, author=w.author, title=w.practice.title, body="Обговорення практики.",
                          practice=w.practice)  # the practice's discussion

    w.site = Site.objects.get(is_default_site=True)
    w.locale = Locale.objects.get(language_code="uk")
    w.group = Group.objects.get(name="Member")
    w.redirect = Redirect.objects.create(old_path="/stara-sec", redirect_link="/praktyky/")
    w.restriction = PageViewRestriction.objects.get(page=w.members_page)
    w.tag = Tag.objects.get(name="безпека")
    w.user_type = ContentType.objects.get_for_model(User)
    return w


def attach_notifications(w):
    """Notifications are created after commit (captured): look up the member's reply notification."""
    w.notification = Notification.objects.filter(recipient=w.member).order_by("pk").first()
    assert w.notification is not None, "the member watches the topic and must have been notified of the reply"


class RoleClients:
    """One CSRF-enforcing client per role, each request reset to the role's session and a valid CSRF token, so a
    request that logs out or rotates the session cannot change who the next request is."""

    def __init__(self, users):
        self.sessions = {"anonymous": None}
        self.csrf = get_random_string(32)  # a CSRF secret as the cookie holds it; the same value is a valid token
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        for role, user in users.items():
            self.client.force_login(user)
            self.sessions[role] = self.client.cookies[settings.SESSION_COOKIE_NAME].value
            self.client.cookies = SimpleCookie()

    def request(self, role, method, url, data=None, *, csrf=True):
        """The response, with every database change of the request rolled back."""
        cookies = SimpleCookie()
        if self.sessions[role]:
            cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        cookies[settings.CSRF_COOKIE_NAME] = self.csrf
        self.client.cookies = cookies
        headers = {"HTTP_X_CSRFTOKEN": self.csrf} if csrf and method == "post" else {}
        with transaction.atomic():
            response = getattr(self.client, method)(url, data or {}, **headers)
            transaction.set_rollback(True)
        cache.clear()  # rate-limit counters are not rolled back with the database
        return response


@contextmanager
def shared_data(django_db_blocker, build):
    """Data built once for many tests (each test still runs in its own savepoint), rolled back afterwards.
    What the build leaves for after commit (notifications, e-mails, search index jobs) runs at its end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            cache.clear()
            mail.outbox = []
            with TestCase.captureOnCommitCallbacks(execute=True):
                data = build()
            yield data
            transaction.set_rollback(True)
    cache.clear()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """build_world() once for a module, with a client for each role (see RoleClients)."""
    with shared_data(django_db_blocker, build_world) as w:
        attach_notifications(w)
        w.clients = RoleClients(w.users)
        yield w


# Reading HTML


class Page(HTMLParser):
    """Elements (tag, attributes) and text of an HTML document, as a browser's parser would see them."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements, self.text_parts, self.inline_scripts = [], [], []
        self._script = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))
        if tag == "script":
            self._script = "" if not dict(attrs).get("src") else None

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append(self._script)
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script += data
        else:
            self.text_parts.append(data)

    @property
    def text(self):
        return "".join(self.text_parts)
